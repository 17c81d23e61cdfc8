//! YAML (`---`) or TOML (`+++`) front matter, read into a loose JSON map so that typos
//! become warnings (with the closest valid key) instead of losing the whole document.

use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// Parsed front matter and where it sits in the file.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub format: Format,
    pub map: Map<String, Value>,
    text: String,
    /// File line of the first line inside the delimiters.
    first_line: usize,
}

/// A file cut into front matter text and body.
pub struct Split<'a> {
    /// (format, text between the delimiters, file line of its first line)
    pub front: Option<(Format, &'a str, usize)>,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: usize,
}

/// A problem with the front matter, at a file line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FmError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Finds the front matter block. The opening delimiter must be the first line.
pub fn split(text: &str) -> Result<Split<'_>, FmError> {
    let first = text.lines().next().unwrap_or("").trim_end();
    let (format, closers): (Format, &[&str]) = match first {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ => {
            return Ok(Split {
                front: None,
                body: text,
                body_line: 1,
            });
        }
    };
    let start = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let mut pos = start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if closers.contains(&text[pos..end].trim_end()) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front: Some((format, &text[start..pos], 2)),
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        pos = end + 1;
        line += 1;
    }
    Err(FmError {
        line: 1,
        column: 1,
        message: format!(
            "front matter is not closed (expected a line `{}` after it)",
            closers[0]
        ),
    })
}

impl FrontMatter {
    pub fn parse(format: Format, text: &str, first_line: usize) -> Result<Self, FmError> {
        let value = match format {
            Format::Yaml => parse_yaml(text, first_line)?,
            Format::Toml => parse_toml(text, first_line)?,
        };
        let map = match value {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => {
                return Err(FmError {
                    line: first_line,
                    column: 1,
                    message: format!(
                        "front matter must be a map of `key: value` lines, found {}",
                        kind_name(&other)
                    ),
                });
            }
        };
        Ok(Self {
            format,
            map,
            text: text.to_string(),
            first_line,
        })
    }

    /// File line of a top-level key, or of the first front-matter line when not found.
    pub fn line_of_key(&self, key: &str) -> usize {
        let sep = match self.format {
            Format::Yaml => ':',
            Format::Toml => '=',
        };
        self.find_line(|l| {
            let l = l.trim_end();
            let rest = l
                .strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| l.strip_prefix(&format!("'{key}'")));
            rest.is_some_and(|r| r.trim_start().starts_with(sep))
        })
        .unwrap_or(self.first_line)
    }

    /// File line of the first front-matter line at or after `from` containing `needle`.
    pub fn line_of_text(&self, needle: &str, from: usize) -> Option<usize> {
        self.text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + self.first_line, l))
            .find(|(n, l)| *n >= from && l.contains(needle))
            .map(|(n, _)| n)
    }

    fn find_line(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.text
            .lines()
            .position(pred)
            .map(|i| i + self.first_line)
    }
}

fn parse_yaml(text: &str, first_line: usize) -> Result<Value, FmError> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_saphyr::from_str::<Value>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((1, 0));
        FmError {
            line: first_line + line.max(1) - 1,
            column,
            message: format!(
                "front matter is not valid YAML: {}",
                strip_position(&crate::config::explain_yaml_error(&e))
            ),
        }
    })
}

/// The parser's own "at line 4, column 9" counts from the front matter, not the file;
/// the diagnostic carries the file position instead.
fn strip_position(msg: &str) -> String {
    static AT: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r",? at line \d+,? column \d+").unwrap());
    AT.replace_all(msg, "").into_owned()
}

fn parse_toml(text: &str, first_line: usize) -> Result<Value, FmError> {
    let table = toml::from_str::<toml::Table>(text).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        let line = super::source::line_of(text, offset);
        let line_start = text
            .get(..offset)
            .unwrap_or("")
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        FmError {
            line: first_line + line - 1,
            column: offset.saturating_sub(line_start) + 1,
            message: format!(
                "front matter is not valid TOML: {}",
                e.message().lines().next().unwrap_or("")
            ),
        }
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

/// TOML dates become strings so both formats look the same to the readers.
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

pub fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// A scalar as text; `None` for null, empty and the usual "no value" words.
pub fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!is_blank(&s)).then_some(s)
}

/// A list of strings from a list, or from one comma-separated string.
pub fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other)
            .map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !is_blank(p))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Empty, "-", "n/a", "none", "null", "tbd": written where there is no value.
pub fn is_blank(s: &str) -> bool {
    let t = s.trim().trim_matches('*').trim().to_ascii_lowercase();
    matches!(
        t.as_str(),
        "" | "-" | "—" | "–" | "?" | "n/a" | "na" | "none" | "null" | "~" | "tbd" | "tba"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_is_split_from_the_body() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        let (f, text, line) = s.front.unwrap();
        assert_eq!((f, text, line), (Format::Yaml, "title: A\n", 2));
        assert_eq!((s.body, s.body_line), ("# Body\n", 4));
    }

    #[test]
    fn toml_dates_become_strings() {
        let fm = FrontMatter::parse(Format::Toml, "title = \"A\"\ndate = 2025-03-04\n", 2).unwrap();
        assert_eq!(fm.map["date"], Value::String("2025-03-04".into()));
        assert_eq!(fm.line_of_key("date"), 3);
    }

    #[test]
    fn yaml_error_line_is_a_file_line() {
        let e = FrontMatter::parse(Format::Yaml, "title: A\nservices: [api\n", 2).unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        assert!(
            e.message.starts_with("front matter is not valid YAML"),
            "{e:?}"
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\ntitle: A\n").is_err());
    }

    #[test]
    fn lists_accept_commas_and_blanks() {
        assert_eq!(list(&Value::String("api, db".into())), vec!["api", "db"]);
        assert!(list(&Value::String("n/a".into())).is_empty());
    }
}
