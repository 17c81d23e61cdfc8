//! Pretty JSON with every string and key redacted as it is written. The report at scale L
//! is 66 MB of JSON; going through a `serde_json::Value` to redact it first held a tree
//! several times that size for the whole render.

use crate::privacy::Redactor;
use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, PrettyFormatter};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// `value` as pretty JSON (two-space indent, keys in field order, a trailing newline),
/// each string redacted by `redactor`. Two map keys that redaction makes equal stay two
/// entries: the later ones get " (2)", " (3)"… rather than one silently replacing another.
pub fn to_writer<T: Serialize + ?Sized, W: Write>(
    mut out: W,
    value: &T,
    redactor: &Redactor,
) -> serde_json::Result<()> {
    let formatter = Redacting {
        inner: PrettyFormatter::new(),
        redactor,
        open: false,
        text: String::new(),
        escaped: Vec::new(),
        in_key: false,
        changed_keys: Vec::new(),
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, formatter,
    ))?;
    out.write_all(b"\n").map_err(serde_json::Error::io)
}

/// Wraps serde_json's pretty printer: string contents are collected between the quotes,
/// then redacted and written escaped. serde has no adapter that rewrites strings in
/// flight, and a `Formatter` is the one hook serde_json gives for it.
struct Redacting<'a> {
    inner: PrettyFormatter<'static>,
    redactor: &'a Redactor,
    /// Whether a string is being written.
    open: bool,
    /// The open string as text (what redaction reads) and as serde_json escaped it (what
    /// is written when redaction changes nothing, as nearly always). Reused, so a
    /// million strings cost no allocation each.
    text: String,
    escaped: Vec<u8>,
    in_key: bool,
    /// Per open object, its keys that redaction changed (to keep them distinct).
    changed_keys: Vec<BTreeSet<String>>,
}

impl Redacting<'_> {
    /// `key` (already redacted) made distinct from the changed keys of this object.
    fn distinct_key(&mut self, key: String) -> String {
        let Some(seen) = self.changed_keys.last_mut() else {
            return key;
        };
        let mut unique = key.clone();
        let mut n = 1;
        while seen.contains(&unique) {
            n += 1;
            unique = format!("{key} ({n})");
        }
        seen.insert(unique.clone());
        unique
    }
}

/// Writes `s` as the inside of a JSON string, escaped as serde_json escapes it (for the
/// few strings redaction changes).
fn write_escaped<W: ?Sized + Write>(w: &mut W, s: &str) -> io::Result<()> {
    let quoted = serde_json::to_string(s).map_err(io::Error::other)?;
    w.write_all(&quoted.as_bytes()[1..quoted.len() - 1])
}

fn unescaped(e: &CharEscape) -> char {
    match e {
        CharEscape::Quote => '"',
        CharEscape::ReverseSolidus => '\\',
        CharEscape::Solidus => '/',
        CharEscape::Backspace => '\u{8}',
        CharEscape::FormFeed => '\u{c}',
        CharEscape::LineFeed => '\n',
        CharEscape::CarriageReturn => '\r',
        CharEscape::Tab => '\t',
        CharEscape::AsciiControl(b) => char::from(*b),
    }
}

impl Formatter for Redacting<'_> {
    // The opening quote goes out at once: numeric map keys are written between
    // `begin_string` and `end_string` by the number methods, straight to the writer.
    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open = true;
        self.text.clear();
        self.escaped.clear();
        w.write_all(b"\"")
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        if !self.open {
            return w.write_all(s.as_bytes());
        }
        self.text.push_str(s);
        self.escaped.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn write_char_escape<W: ?Sized + Write>(&mut self, w: &mut W, e: CharEscape) -> io::Result<()> {
        if !self.open {
            return self.inner.write_char_escape(w, e);
        }
        self.text.push(unescaped(&e));
        self.inner.write_char_escape(&mut self.escaped, e)
    }

    fn end_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open = false;
        match self.redactor.redact_cow(&self.text) {
            std::borrow::Cow::Borrowed(_) => w.write_all(&self.escaped)?,
            std::borrow::Cow::Owned(changed) => {
                let changed = if self.in_key {
                    self.distinct_key(changed)
                } else {
                    changed
                };
                write_escaped(w, &changed)?;
            }
        }
        w.write_all(b"\"")
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.changed_keys.push(BTreeSet::new());
        self.inner.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.changed_keys.pop();
        self.inner.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.in_key = true;
        self.inner.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_key = false;
        self.inner.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Privacy;
    use std::collections::BTreeMap;

    fn redactor() -> Redactor {
        Redactor::new(&Privacy::default()).expect("default privacy compiles")
    }

    fn json<T: Serialize>(v: &T) -> String {
        let mut out = Vec::new();
        to_writer(&mut out, v, &redactor()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[derive(Serialize)]
    struct Row {
        title: &'static str,
        n: u32,
    }

    #[test]
    fn untouched_values_print_as_serde_json_pretty_prints_them() {
        let v = (
            Row {
                title: "tab\there \"quoted\" back\\slash \u{1} / é",
                n: 7,
            },
            BTreeMap::from([(3u32, "three")]),
            Vec::<u8>::new(),
        );
        let expected = serde_json::to_string_pretty(&v).unwrap() + "\n";
        assert_eq!(json(&v), expected);
    }

    #[test]
    fn strings_and_keys_are_redacted_and_keys_stay_distinct() {
        let by_owner = BTreeMap::from([
            ("ann@example.com", "mail \"ann@example.com\"\n"),
            ("bob@example.com", "two"),
            ("carol", "three"),
        ]);
        assert_eq!(
            json(&by_owner),
            "{\n  \"[redacted]\": \"mail \\\"[redacted]\\\"\\n\",\n  \
             \"[redacted] (2)\": \"two\",\n  \"carol\": \"three\"\n}\n"
        );
    }
}
