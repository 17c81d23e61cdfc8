//! Redaction of personal data from everything published (pages, CSV, search index,
//! report.json), driven by `privacy` in site.yaml.

use crate::config::{Privacy, TicketPublishing};
use anyhow::{Context, Result};
use memchr::memmem;
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::borrow::Cow;

pub const REDACTED: &str = "[redacted]";

/// Replaces e-mail addresses, phone numbers and the site's own patterns with "[redacted]".
#[derive(Debug, Clone)]
pub struct Redactor {
    patterns: Vec<Pattern>,
    /// Ticket titles may be published (privacy.tickets = full).
    pub ticket_titles: bool,
}

const EMAIL: &str = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}";
/// Phone numbers: an international `+` number, or three digit groups split by spaces or
/// dashes (`030 1234 5678`, `555-123-4567`). Dots are not separators, so IP addresses,
/// versions and dates (2025-03-04 has a 2-digit group) are left alone.
const PHONE: &str = r"(?:\+\d{1,3}[ -]?(?:\(\d{1,4}\)[ -]?)?\d{2,4}(?:[ -]?\d{2,4}){1,4}|\(\d{2,4}\)[ -]?\d{3,4}[ -]\d{3,4}|\b\d{3,4}[ -]\d{3,4}[ -]\d{3,4})\b";

/// A pattern with a cheap test that holds for every text it can match, so the regex runs
/// only on the few texts that might hold an address or a number (a build redacts millions
/// of ticket and incident titles).
#[derive(Debug, Clone)]
struct Pattern {
    re: Regex,
    may_match: Quick,
    /// Characters no match holds and at which the pattern's word boundaries read as they
    /// read at the end of a text: text that passes `may_match` is redacted a piece at a
    /// time, split after each of them, and the regex runs only on the pieces that pass
    /// `may_match` too. One non-ASCII letter keeps the phone pattern's Unicode `\b` off
    /// the fast DFA for a whole postmortem body; a piece at a time, only for that piece.
    ends_piece: Option<fn(char) -> bool>,
}

/// What a text must hold for a pattern to match in it, checked before the regex runs: a
/// regex search costs more to start than these do to finish on a ticket title.
#[derive(Debug, Clone)]
enum Quick {
    /// A hand-written test ([`may_be_phone`], [`has_at_sign`]).
    Test(fn(&str) -> bool),
    /// One of the literals that every match starts with (a site's own pattern, where
    /// regex-syntax finds a few: `NW-\d{7}` starts with `NW-`).
    Starts(Vec<memmem::Finder<'static>>),
}

impl Quick {
    fn passes(&self, text: &str) -> bool {
        match self {
            Quick::Test(test) => test(text),
            Quick::Starts(literals) => literals.iter().any(|l| l.find(text.as_bytes()).is_some()),
        }
    }

    /// [`Quick::Starts`] of `pattern`, or a test that passes everything when it has no
    /// few literals to start with. Prefix extraction reads look-around as matching
    /// anywhere, so every match starts with one of the literals it gives.
    fn of_pattern(pattern: &str) -> Quick {
        let hir = regex_syntax::ParserBuilder::new().build().parse(pattern);
        let seq = hir.map(|hir| Extractor::new().kind(ExtractKind::Prefix).extract(&hir));
        match seq.as_ref().ok().and_then(|s| s.literals()) {
            Some(lits)
                if !lits.is_empty() && lits.len() <= 8 && lits.iter().all(|l| !l.is_empty()) =>
            {
                Quick::Starts(
                    lits.iter()
                        .map(|l| memmem::Finder::new(l.as_bytes()).into_owned())
                        .collect(),
                )
            }
            _ => Quick::Test(anything),
        }
    }
}

impl Pattern {
    /// `text` with every match replaced, or `None` when nothing matches.
    fn redact(&self, text: &str) -> Option<String> {
        if !self.may_match.passes(text) {
            return None;
        }
        let replaced =
            |t: &str| (self.re.is_match(t)).then(|| self.re.replace_all(t, REDACTED).into_owned());
        let Some(ends_piece) = self.ends_piece else {
            return replaced(text);
        };
        let mut out: Option<String> = None;
        // Bytes of `text` before `copied` are in `out` (or unchanged, while it is None).
        let (mut copied, mut at) = (0, 0);
        for piece in text.split_inclusive(ends_piece) {
            let hit = if self.may_match.passes(piece) {
                replaced(piece)
            } else {
                None
            };
            if let Some(redacted) = hit {
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(&text[copied..at]);
                o.push_str(&redacted);
                copied = at + piece.len();
            }
            at += piece.len();
        }
        out.map(|mut o| {
            o.push_str(&text[copied..]);
            o
        })
    }
}

/// Where [`PHONE`] can be cut ([`Pattern::ends_piece`]): line breaks, tabs and ASCII
/// punctuation other than its own `+ ( ) -`. None is `\d` or a word character, so `\b`
/// reads each as it reads a text's end; `_` is a word character.
fn ends_phone_piece(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t')
        || (c.is_ascii_punctuation() && !matches!(c, '+' | '(' | ')' | '-' | '_'))
}

fn has_at_sign(text: &str) -> bool {
    text.contains('@')
}

/// Every branch of [`PHONE`] needs at least five digits (`+1 23 45`), and either a `+`
/// or `(`, or two groups of three digits with one space or dash between them; `\d` is
/// Unicode `Nd`, which `char::is_numeric` includes. Ticket ids like OPS-123456 and dates
/// like 2025-03-04 fail it; the regex itself is slow on them (its Unicode `\b` keeps it
/// off the fast DFA).
fn may_be_phone(text: &str) -> bool {
    if text.is_ascii() {
        return may_be_phone_ascii(text.as_bytes());
    }
    if text.chars().filter(|c| c.is_numeric()).nth(4).is_none() {
        return false;
    }
    text.contains(['+', '(']) || has_groups(text.chars().map(|c| (c.is_numeric(), c)))
}

/// [`may_be_phone`] of ASCII text (nearly all: at scale L a million ticket ids and 371k
/// distinct titles pass through here). Each test is a pass without an
/// early exit, counting in bytes over blocks of at most 255, which the compiler turns
/// into vector instructions (the test had been about half of the search index's
/// redaction instructions at scale M).
fn may_be_phone_ascii(text: &[u8]) -> bool {
    if count_bytes(text, |b| b.is_ascii_digit()) < 5 {
        return false;
    }
    if count_bytes(text, |b| b == b'+' || b == b'(') > 0 {
        return true;
    }
    // A digit, a space or dash, a digit: needed for `\d{3}[ -]\d{3}`, and rare in titles.
    let (digit, sep) = (
        |b: &u8| b.is_ascii_digit(),
        |b: &u8| *b == b' ' || *b == b'-',
    );
    let next = |k: usize| text.get(k..).unwrap_or_default();
    let triples = text.iter().zip(next(1)).zip(next(2));
    let spaced = triples.fold(false, |any, ((a, b), c)| {
        any | (digit(a) & sep(b) & digit(c))
    });
    spaced && has_groups(text.iter().map(|&b| (b.is_ascii_digit(), char::from(b))))
}

/// The bytes of `text` that are `is`, counted in `u8`s over blocks of 255.
fn count_bytes(text: &[u8], is: impl Fn(u8) -> bool) -> usize {
    let block = |c: &[u8]| c.iter().fold(0u8, |n, &b| n + u8::from(is(b)));
    text.chunks(255).map(|c| usize::from(block(c))).sum()
}

/// Whether the (is digit, character) sequence holds `\d{3}[ -]\d{3}`.
fn has_groups(chars: impl Iterator<Item = (bool, char)>) -> bool {
    // `digits` is the current run, `before` the run that ended at the separator just passed.
    let (mut digits, mut before) = (0, 0);
    for (is_digit, c) in chars {
        if is_digit {
            digits += 1;
            if before >= 3 && digits >= 3 {
                return true;
            }
        } else if matches!(c, ' ' | '-') && digits > 0 {
            (before, digits) = (digits, 0);
        } else {
            (before, digits) = (0, 0);
        }
    }
    false
}

fn anything(_: &str) -> bool {
    true
}

impl Redactor {
    pub fn new(privacy: &Privacy) -> Result<Redactor> {
        let mut patterns = Vec::new();
        if privacy.redact_emails {
            patterns.push(Pattern {
                re: Regex::new(EMAIL).expect("e-mail pattern"),
                may_match: Quick::Test(has_at_sign),
                ends_piece: None,
            });
        }
        if privacy.redact_phones {
            patterns.push(Pattern {
                re: Regex::new(PHONE).expect("phone pattern"),
                may_match: Quick::Test(may_be_phone),
                ends_piece: Some(ends_phone_piece),
            });
        }
        for p in &privacy.patterns {
            let re = Regex::new(p)
                .with_context(|| format!("privacy.patterns: `{p}` is not a regular expression"))?;
            // A site's own pattern may span lines (`\s`, `(?s)`).
            patterns.push(Pattern {
                re,
                may_match: Quick::of_pattern(p),
                ends_piece: None,
            });
        }
        Ok(Redactor {
            patterns,
            ticket_titles: privacy.tickets == TicketPublishing::Full,
        })
    }

    /// True when there is anything to redact.
    pub fn is_active(&self) -> bool {
        !self.patterns.is_empty()
    }

    /// `text` with every match replaced by "[redacted]".
    pub fn redact(&self, text: &str) -> String {
        self.redact_cow(text).into_owned()
    }

    /// [`Redactor::redact`] of a string already owned: returned as it is when nothing
    /// matches, which is nearly always (the search index redacts a million of them).
    pub fn redact_owned(&self, text: String) -> String {
        match self.redact_cow(&text) {
            Cow::Owned(redacted) => redacted,
            Cow::Borrowed(_) => text,
        }
    }

    /// [`Redactor::redact`] that borrows `text` when nothing matches.
    pub fn redact_cow<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for p in &self.patterns {
            if let Some(redacted) = p.redact(&out) {
                out = Cow::Owned(redacted);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> Redactor {
        Redactor::new(&Privacy::default()).unwrap()
    }

    #[test]
    fn redacts_emails_and_phones() {
        let r = default();
        assert_eq!(
            r.redact("ping jane.doe+ops@example.co.uk or +49 30 1234 5678"),
            "ping [redacted] or [redacted]"
        );
        assert_eq!(r.redact("call 555-123-4567 now"), "call [redacted] now");
        assert_eq!(r.redact("call (030) 1234 5678"), "call [redacted]");
        assert_eq!(
            r.redact_owned("a@b.io, +49 30 1234 5678".into()),
            "[redacted], [redacted]"
        );
        assert_eq!(r.redact_owned("nothing here".into()), "nothing here");
    }

    #[test]
    fn leaves_dates_ips_and_ids_alone() {
        let r = default();
        for s in [
            "2025-03-04 13:22",
            "host 192.168.100.200 down",
            "INC-2024-0012",
            "v1.2.3 at 14:05",
            "p95 1200 ms",
        ] {
            assert_eq!(r.redact(s), s);
        }
    }

    #[test]
    fn shortest_phone_numbers_pass_the_quick_test() {
        let r = default();
        assert_eq!(r.redact("+1 23 45"), REDACTED);
        assert_eq!(r.redact("+1 23 4"), "+1 23 4");
        assert_eq!(r.redact("(030) 123 456"), REDACTED);
        assert_eq!(r.redact("tel 555 123-4567"), "tel [redacted]");
        assert_eq!(r.redact("tel 555-123 4567."), "tel [redacted].");
        assert!(!may_be_phone(
            "due 2025-03-04, 10:30-11:45 on 12 34 5678 or 123 -456"
        ));
        assert!(may_be_phone("x 12 345-678"));
        assert_eq!(
            r.redact("OPS-123456 and OPS-7890123"),
            "OPS-123456 and OPS-7890123"
        );
        // Non-ASCII digits are `\d` too.
        assert_eq!(r.redact("+١ ٢٣ ٤٥"), REDACTED);
        assert_eq!(r.redact("x@y.io"), REDACTED);
    }

    proptest::proptest! {
        /// The quick test never skips text the phone pattern would match.
        #[test]
        fn the_quick_test_holds_for_every_phone_match(
            text in "[a+( ]?([0-9٣]{2,5}[ )a.-]{1,2}){0,4}[0-9]{2,5}|a?([0-9]{2,4}[ -]){2}[0-9]{2,5}",
        ) {
            let re = Regex::new(PHONE).unwrap();
            proptest::prop_assert!(!re.is_match(&text) || may_be_phone(&text), "{}", text);
        }
    }

    proptest::proptest! {
        /// A piece at a time, the phone pattern redacts what it redacts in the whole text,
        /// also where a number sits at a piece's end or start.
        #[test]
        fn redacting_by_pieces_is_redacting_the_whole_text(
            text in "(\\+49 30|555|123-4567|\\(030\\)|[0-9]{1,4}|é|x|_|[ .,:/\n-]){0,24}|x[_.]555 123 4567",
        ) {
            let p = Redactor::new(&Privacy {
                redact_emails: false,
                ..Privacy::default()
            })
            .unwrap()
            .patterns
            .remove(0);
            proptest::prop_assert!(p.ends_piece.is_some());
            let whole = p.re.replace_all(&text, REDACTED);
            let by_pieces = p.redact(&text).map_or(Cow::Borrowed(text.as_str()), Cow::Owned);
            proptest::prop_assert_eq!(by_pieces, whole);
        }
    }

    #[test]
    fn redacts_by_pieces_around_unchanged_ones() {
        let r = default();
        let text = "call 555-123-4567.\nnothing · 12345, 678\r\nné +49 30 1234 5678: end";
        assert_eq!(
            r.redact(text),
            "call [redacted].\nnothing · 12345, 678\r\nné [redacted]: end"
        );
        assert!(matches!(r.redact_cow("1234 567, 890 12"), Cow::Borrowed(_)));
        // `_` is a word character: no `\b` between it and a digit, so no phone number.
        assert_eq!(r.redact("id_555 123 4567."), "id_555 123 4567.");
    }

    proptest::proptest! {
        /// A site pattern's quick test passes every text the pattern matches in.
        #[test]
        fn the_literal_test_holds_for_every_match(
            text in "(nw-|NW-|Cust|cust|[0-9]{1,8}|x|é| ){0,12}",
        ) {
            for p in [r"NW-\d{7}", r"\bNW-\d+|cust\d", r"(?i:nw)-\d", r"(?i)cust-?\d+"] {
                let re = Regex::new(p).unwrap();
                let quick = Quick::of_pattern(p);
                proptest::prop_assert!(!re.is_match(&text) || quick.passes(&text), "{} {}", p, text);
            }
        }
    }

    #[test]
    fn site_patterns_without_a_few_literals_to_start_with_test_nothing() {
        for p in [r"\d+", r".*x", r"x|", r"[a-z]{3}-\d", r"(?i)cust-?\d+"] {
            assert!(Quick::of_pattern(p).passes(""), "{p}");
        }
        for p in [r"NW-\d{7}", r"\bNW-\d+|cust\d", r"(?i:nw)-\d", r"a?b"] {
            assert!(matches!(Quick::of_pattern(p), Quick::Starts(_)), "{p}");
        }
        let quick = Quick::of_pattern(r"NW-\d{7}");
        assert!(quick.passes("order NW-1234567 late"));
        assert!(!quick.passes("order nw-1234567 late"));
    }

    #[test]
    fn custom_patterns_and_switches() {
        let p = Privacy {
            redact_emails: false,
            redact_phones: false,
            patterns: vec![r"cust-\d+".into()],
            ..Privacy::default()
        };
        let r = Redactor::new(&p).unwrap();
        assert_eq!(r.redact("a@b.com cust-42"), "a@b.com [redacted]");
        let bad = Privacy {
            patterns: vec!["(".into()],
            ..Privacy::default()
        };
        let e = Redactor::new(&bad).unwrap_err().to_string();
        assert!(e.contains("privacy.patterns: `(`"), "{e}");
    }
}
