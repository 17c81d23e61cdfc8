//! Case and diacritic folding and tokenising, shared by the index and (mirrored line by
//! line) by `themes/default/static/search.js`, so "aanekoski" finds "Äänekoski".
//!
//! Hand-written rather than unicode-segmentation's word bounds because the browser side
//! has to do exactly the same thing with only `String.prototype.normalize` and a regular
//! expression: lower-case, NFKD, drop combining marks, map the few letters that do not
//! decompose (ß, æ, ø, ł …), then split on anything that is not alphabetic or numeric.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Tokens longer than this (hashes, base64, stack-trace noise) are not indexed.
pub const MAX_TOKEN_CHARS: usize = 32;

/// Letters with no canonical decomposition that readers type without the diacritic.
/// search.js holds the same table (`SPECIAL`).
const SPECIAL: &[(char, &str)] = &[
    ('ß', "ss"),
    ('ẞ', "ss"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('ø', "o"),
    ('đ', "d"),
    ('ð', "d"),
    ('þ', "th"),
    ('ł', "l"),
    ('ı', "i"),
    ('ħ', "h"),
    ('ŧ', "t"),
];

/// Lower-cased, compatibility-decomposed text without combining marks.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text);
    out
}

/// [`fold`], appended to `out` (the index folds a million titles into reused buffers).
pub fn fold_into(out: &mut String, text: &str) {
    if text.is_ascii() {
        // Nothing to decompose or strip: the common case, and many times faster.
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    // A capital sigma lower-cases by its neighbours (final ς); the only such letter.
    if text.contains('Σ') {
        return fold_whole(out, text);
    }
    // Character by character: the same as `fold_whole`, because lower-casing is then
    // per character and NFKD only adds reordering among combining marks, which are
    // dropped; but without the lower-cased copy and the reordering buffer.
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            unicode_normalization::char::decompose_compatible(lower, |d| push_folded(out, d));
        }
    }
}

/// [`fold_into`] over the whole string at once: lower-case, NFKD, fold each character.
fn fold_whole(out: &mut String, text: &str) {
    for c in text.to_lowercase().nfkd() {
        push_folded(out, c);
    }
}

/// One decomposed character: dropped if a combining mark, else mapped by [`SPECIAL`].
fn push_folded(out: &mut String, c: char) {
    if is_combining_mark(c) {
        return;
    }
    match SPECIAL.iter().find(|(from, _)| *from == c) {
        Some((_, to)) => out.push_str(to),
        None => out.push(c),
    }
}

/// Whether `c` (already folded) belongs to a word: JS `[\p{Alphabetic}\p{N}]`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

/// Folded words of `text`, in order, repeats kept; over-long words dropped.
pub fn tokens(text: &str) -> Vec<String> {
    words_of(&fold(text)).map(str::to_string).collect()
}

/// The words of already folded text, as slices of it.
pub fn words_of(folded: &str) -> Words<'_> {
    Words {
        text: folded,
        at: 0,
        ascii: folded.is_ascii(),
    }
}

/// [`words_of`]: runs of [`is_word_char`] of at most [`MAX_TOKEN_CHARS`]. Written out
/// rather than `split` and `filter`, so that ASCII text (nearly all of it) is scanned a
/// byte at a time instead of decoded a character at a time: the index splits every word
/// of L's 1.1 million documents.
pub struct Words<'a> {
    text: &'a str,
    at: usize,
    ascii: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let (start, end) = if self.ascii {
                self.next_ascii()?
            } else {
                self.next_any()?
            };
            self.at = end;
            let w = &self.text[start..end];
            if w.len() <= MAX_TOKEN_CHARS || w.chars().count() <= MAX_TOKEN_CHARS {
                return Some(w);
            }
        }
    }
}

impl Words<'_> {
    /// The next run of ASCII letters and digits, which are the ASCII word characters.
    fn next_ascii(&self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let start = self.at
            + bytes[self.at..]
                .iter()
                .position(u8::is_ascii_alphanumeric)?;
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        Some((start, start + len))
    }

    fn next_any(&self) -> Option<(usize, usize)> {
        let rest = &self.text[self.at..];
        let start = self.at + rest.find(is_word_char)?;
        let len = self.text[start..]
            .find(|c| !is_word_char(c))
            .unwrap_or(self.text.len() - start);
        Some((start, start + len))
    }
}

/// Orders strings by UTF-16 code units, as JavaScript's `<` does, so the browser can
/// binary-search the shard boundaries the index wrote.
///
/// UTF-8 bytes sort in code point order, and UTF-16 units differ from that only where a
/// character from U+E000..=U+FFFF (lead byte 0xEE or 0xEF) meets a supplementary one (a
/// surrogate pair, which sorts below it). So the first differing byte decides, unless it
/// is such a lead byte; a differing continuation byte means both characters share their
/// lead byte, and so their range. Only those rare pairs take the UTF-16 walk.
pub fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    match x.iter().zip(y).position(|(p, q)| p != q) {
        None => x.len().cmp(&y.len()),
        Some(i) if x[i] < 0xEE && y[i] < 0xEE => x[i].cmp(&y[i]),
        Some(_) => a.encode_utf16().cmp(b.encode_utf16()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition [`words_of`] is written out from.
    fn words_by_split(folded: &str) -> Vec<&str> {
        (folded.split(|c: char| !is_word_char(c)))
            .filter(|w| !w.is_empty() && w.chars().count() <= MAX_TOKEN_CHARS)
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn words_are_runs_of_word_characters(s in "([a-c0-9 .,:-]|é|ß|١|\\u{2028}|[x]{30,34}){0,40}") {
            proptest::prop_assert_eq!(words_of(&s).collect::<Vec<_>>(), words_by_split(&s));
        }
    }

    #[test]
    fn words_split_ascii_and_other_text_alike() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        for text in [
            "",
            "  ",
            "dns-timeout, 503!",
            &format!("x {long} y"),
            "café: 3 ä-b",
            "é",
            "١٢٣ abc",
        ] {
            assert_eq!(
                words_of(text).collect::<Vec<_>>(),
                words_by_split(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn folds_finnish_spanish_german() {
        assert_eq!(fold("Äänekoski"), "aanekoski");
        assert_eq!(fold("corazón"), "corazon");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Ærø Łódź"), "aero lodz");
        assert_eq!(fold("ﬁle"), "file");
        assert_eq!(fold("ＤＮＳ"), "dns");
    }

    #[test]
    fn splits_on_punctuation_and_keeps_numbers() {
        assert_eq!(
            tokens("DNS-Ausfall: Zahlungsdienst 502er (api.example.com)!"),
            [
                "dns",
                "ausfall",
                "zahlungsdienst",
                "502er",
                "api",
                "example",
                "com"
            ]
        );
        assert_eq!(tokens("  "), Vec::<String>::new());
        assert_eq!(tokens("año 2024, niño"), ["ano", "2024", "nino"]);
    }

    #[test]
    fn drops_over_long_tokens() {
        let hash = "a".repeat(MAX_TOKEN_CHARS + 1);
        assert_eq!(tokens(&format!("x {hash} y")), ["x", "y"]);
    }

    #[test]
    fn orders_like_javascript() {
        // U+FF21 (BMP, above the surrogates) sorts after U+1F600 in UTF-16 but before in UTF-8.
        assert_eq!(js_cmp("\u{FF21}", "\u{1F600}"), std::cmp::Ordering::Greater);
        assert_eq!(js_cmp("ab", "abc"), std::cmp::Ordering::Less);
        // Pairs differing at an ASCII byte against a non-ASCII one agree with UTF-16 order.
        for (a, b) in [
            ("abc", "ab\u{FF21}"),
            ("ab", "ab\u{1F600}"),
            ("zz", "\u{e9}"),
        ] {
            let utf16 = a.encode_utf16().cmp(b.encode_utf16());
            assert_eq!(js_cmp(a, b), utf16);
            assert_eq!(js_cmp(b, a), utf16.reverse());
        }
    }

    proptest::proptest! {
        /// Any two strings mixing ASCII, accented letters, the U+E000..=U+FFFF block and
        /// supplementary characters order as their UTF-16 units do.
        #[test]
        fn orders_any_strings_like_utf16(
            a in "[a-c\u{e9}\u{ff21}\u{fffd}\u{1f600}\u{10000}]{0,6}",
            b in "[a-c\u{e9}\u{ff21}\u{fffd}\u{1f600}\u{10000}]{0,6}",
        ) {
            proptest::prop_assert_eq!(js_cmp(&a, &b), a.encode_utf16().cmp(b.encode_utf16()));
        }
    }

    /// Folding character by character relies on every reorderable character (non-zero
    /// combining class) being a combining mark, which folding drops.
    #[test]
    fn every_reorderable_character_is_a_combining_mark() {
        use unicode_normalization::char::canonical_combining_class;
        let odd: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| canonical_combining_class(c) != 0 && !is_combining_mark(c))
            .collect();
        assert_eq!(odd, Vec::<char>::new());
    }

    proptest::proptest! {
        /// The per-character path folds exactly as the whole-string path does.
        #[test]
        fn folds_per_character_like_the_whole_string(
            text in "[a-zA-Z \u{c0}-\u{17f}\u{300}-\u{36f}\u{391}-\u{3c9}\u{1e00}-\u{1eff}\u{ac00}-\u{ac40}\u{ff01}-\u{ff5e}\u{fb00}-\u{fb06}\u{130}]{0,12}",
        ) {
            let mut whole = String::new();
            fold_whole(&mut whole, &text);
            proptest::prop_assert_eq!(fold(&text), whole);
        }
    }

    /// The same cases search-unit.test.mjs checks against search.js.
    #[test]
    fn shared_cases_match() {
        let text = include_str!("../../tests/search_fold_cases.json");
        let cases: Vec<(String, Vec<String>)> = serde_json::from_str(text).unwrap();
        assert!(cases.len() >= 8);
        for (input, expected) in cases {
            assert_eq!(tokens(&input), expected, "{input}");
        }
    }
}
