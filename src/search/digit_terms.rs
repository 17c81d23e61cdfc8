//! Terms with a digit (ticket and incident numbers, years, versions), filed by sorting
//! rather than in the hash dictionary.
//!
//! Most such terms occur in one document: at scale L, 1,216,871 of the index's 1,218,688
//! terms have a digit (ticket numbers, parcel numbers in titles) and 1,079,529 of those
//! have one posting (counted in the built term shards). In the dictionary each was a new
//! entry (a table slot, a copy of its text, a place in the term sort); here each posting
//! is one 24-byte entry and a copy of the term, and one sort by term then document groups
//! them. Scores do not depend on the route: a term goes wholly one way or the other, by
//! its (folded) text alone.

use super::fold::js_cmp;
use super::index::Raw;
use rayon::prelude::*;

/// Whether `term` (folded) is filed here rather than in the dictionary.
pub(super) fn has_digit(term: &str) -> bool {
    term.bytes().any(|b| b.is_ascii_digit())
}

/// The postings of digit terms, in the order documents were added.
#[derive(Default)]
pub(super) struct DigitTerms {
    /// The term of every entry, back to back (one copy per posting: most terms have one).
    text: String,
    entries: Vec<Entry>,
}

/// One posting: the term at `text[start..end]`, and (doc, tf in title, tf in body).
#[derive(Clone, Copy)]
struct Entry {
    /// The term's first bytes as a number that orders as the terms do ([`sort_key`]):
    /// most comparisons of the sort end here, without reading the text.
    key: u64,
    start: u32,
    end: u32,
    raw: Raw,
}

impl Entry {
    /// Whether the whole term is in `key`.
    fn is_short(&self) -> bool {
        self.end - self.start <= 8
    }
}

/// The distinct digit terms, in JavaScript string order.
pub(super) struct Terms {
    text: String,
    /// Per term, its span in `text`.
    spans: Vec<(u32, u32)>,
}

impl Terms {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn term(&self, i: usize) -> &str {
        let (s, e) = self.spans[i];
        &self.text[s as usize..e as usize]
    }
}

impl DigitTerms {
    /// Adds a posting; documents come in doc-id order.
    pub fn push(&mut self, term: &str, raw: Raw) {
        let offset = |text: &String| u32::try_from(text.len()).expect("digit terms under 4 GiB");
        let start = offset(&self.text);
        self.text.push_str(term);
        self.entries.push(Entry {
            key: sort_key(term),
            start,
            end: offset(&self.text),
            raw,
        });
    }

    /// The postings grouped by term: the terms, every term's postings in doc-id order back
    /// to back, and where each term's postings start there (and the end of the last).
    pub fn grouped(self) -> (Terms, Vec<Raw>, Vec<usize>) {
        let DigitTerms { text, mut entries } = self;
        let term = |e: &Entry| &text[e.start as usize..e.end as usize];
        // By key and document: equal keys of terms of at most eight bytes are equal terms
        // (no term holds a zero byte), so most of the sort compares two integers and never
        // reads the text, which lies in document order, far from where the sort is. Then
        // each run of one key that holds a longer term is put in text order.
        entries.par_sort_unstable_by_key(|e| (e.key, e.raw.0));
        for run in entries.chunk_by_mut(|a, b| a.key == b.key) {
            if run.iter().any(|e| !e.is_short()) {
                run.sort_unstable_by(|a, b| js_cmp(term(a), term(b)).then(a.raw.0.cmp(&b.raw.0)));
            }
        }
        let same_short = |a: &Entry, b: &Entry| a.key == b.key && a.is_short() && b.is_short();
        let mut terms = Terms {
            text: String::new(),
            spans: Vec::new(),
        };
        let mut flat = Vec::with_capacity(entries.len());
        let mut starts = Vec::new();
        for run in entries.chunk_by(|a, b| same_short(a, b) || term(a) == term(b)) {
            let start = terms.text.len() as u32;
            terms.text.push_str(term(&run[0]));
            terms.spans.push((start, terms.text.len() as u32));
            starts.push(flat.len());
            flat.extend(run.iter().map(|e| e.raw));
        }
        starts.push(flat.len());
        (terms, flat, starts)
    }
}

/// The first eight bytes of `term`, zero-padded, as a big-endian number, with the lead
/// bytes of 4-byte characters (0xF0-0xF4) moved below those of U+E000-U+FFFF (0xEE,
/// 0xEF): UTF-16, which JavaScript compares, puts the surrogate pairs there. Where two
/// keys differ they order the terms as [`js_cmp`] does (no term holds a zero byte, and
/// the first differing byte is a lead byte in both or in neither); equal keys say nothing.
fn sort_key(term: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (k, &b) in bytes.iter_mut().zip(term.as_bytes()) {
        *k = match b {
            0xEE..=0xEF => b + 5,
            0xF0..=0xF4 => b - 2,
            _ => b,
        };
    }
    u64::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_term_in_javascript_order_then_by_document() {
        let mut d = DigitTerms::default();
        d.push("2024", (0, 1, 0));
        d.push("ops1", (0, 0, 1));
        d.push("10", (1, 0, 1));
        d.push("2024", (1, 0, 2));
        d.push("\u{FF11}1", (2, 0, 1));
        d.push("😀1", (2, 1, 0));
        let (terms, flat, starts) = d.grouped();
        let terms: Vec<&str> = (0..terms.len()).map(|i| terms.term(i)).collect();
        // A supplementary character sorts below U+FF11 in UTF-16, as in JavaScript.
        assert_eq!(terms, ["10", "2024", "ops1", "😀1", "\u{FF11}1"]);
        assert_eq!(starts, [0, 1, 3, 4, 5, 6]);
        assert_eq!(flat[1..3], [(0, 1, 0), (1, 0, 2)]);
    }

    /// Terms that share their first eight bytes (and so their key) are told apart by their
    /// text; terms within the key by the key alone.
    #[test]
    fn terms_sharing_a_key_group_apart() {
        let mut d = DigitTerms::default();
        for (doc, t) in [
            "123456789",
            "12345678",
            "12345678a",
            "123456789",
            "12345678",
        ]
        .into_iter()
        .enumerate()
        {
            d.push(t, (doc as u32, 1, 0));
        }
        let (terms, flat, starts) = d.grouped();
        let terms: Vec<&str> = (0..terms.len()).map(|i| terms.term(i)).collect();
        assert_eq!(terms, ["12345678", "123456789", "12345678a"]);
        assert_eq!(starts, [0, 2, 4, 5]);
        let docs: Vec<u32> = flat.iter().map(|r| r.0).collect();
        assert_eq!(docs, [1, 4, 0, 3, 2]);
    }

    #[test]
    fn keys_order_as_javascript_does_where_they_differ() {
        let terms = [
            "",
            "1",
            "10",
            "1a",
            "a1",
            "é1",
            "\u{D7FF}1",
            "\u{E000}1",
            "\u{FFFF}1",
            "😀1",
            "𝟘1",
            "12345678",
            "123456789",
            "12345678a",
            "\u{E000}\u{E000}\u{E000}",
        ];
        for a in terms {
            for b in terms {
                let (ka, kb) = (sort_key(a), sort_key(b));
                if ka != kb {
                    assert_eq!(ka.cmp(&kb), js_cmp(a, b), "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn only_ascii_digits_count() {
        assert!(has_digit("ops1234"));
        assert!(has_digit("2024"));
        assert!(!has_digit("dns"));
        // Other numerals stay words (folding has already made "x²" "x2").
        assert!(!has_digit("x٣"));
    }
}
