//! site.yaml + CLI flags -> a validated [`Config`].

mod settings;

pub use settings::*;

use chrono::NaiveDate;
use chrono_tz::Tz;
use std::path::{Path, PathBuf};

/// Flags from the command line that override settings.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub as_of: Option<String>,
    pub strict: bool,
    pub drafts: bool,
}

/// Settings with defaults filled, flags applied and values parsed.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    pub settings: Settings,
    pub tz: Tz,
    /// From --as-of or site.yaml; `None` means "latest timestamp in the data".
    pub as_of: Option<NaiveDate>,
    /// Always ends with '/'.
    pub base_url: String,
    pub strict: bool,
    pub drafts: bool,
    /// `privacy` compiled once; charts, pages, CSV, report.json and the search index all
    /// publish text through it. Compiled by [`Config::from_settings`]: to change privacy,
    /// build the config from the changed settings rather than assigning `settings.privacy`.
    pub redactor: crate::privacy::Redactor,
}

/// A problem with site.yaml, with its position when known.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Config {
    /// Reads `root/content/site.yaml` (missing file = all defaults) and applies flags.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, ConfigError> {
        let content_dir = root.join("content");
        let path = content_dir.join("site.yaml");
        let shown = "content/site.yaml";
        let settings = match std::fs::read_to_string(&path) {
            Ok(text) => parse_settings(&text, shown)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Settings::default(),
            Err(e) => return Err(err(shown, 0, 0, format!("cannot read: {e}"))),
        };
        check_theme_patterns(&settings, shown)?;
        Self::from_settings(root, settings, overrides)
    }

    /// Parses and checks `settings` (time zone, as_of, privacy patterns) and applies
    /// `overrides`.
    pub fn from_settings(
        root: &Path,
        settings: Settings,
        overrides: &Overrides,
    ) -> Result<Config, ConfigError> {
        let shown = "content/site.yaml";
        let tz: Tz = settings.timezone.parse().map_err(|_| {
            err(
                shown,
                0,
                0,
                format!(
                    "timezone: `{}` is not an IANA time zone name (expected e.g. Europe/Berlin or UTC)",
                    settings.timezone
                ),
            )
        })?;
        let as_of_raw = overrides.as_of.clone().or_else(|| settings.as_of.clone());
        let as_of = match as_of_raw {
            Some(s) => Some(
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .ok()
                    // Same years as ingest accepts: a far as_of made analyze walk
                    // millions of empty periods.
                    .filter(|d| (1970..=2099).contains(&chrono::Datelike::year(d)))
                    .ok_or_else(|| {
                        err(
                            shown,
                            0,
                            0,
                            format!(
                                "as_of: `{s}` is not a date between 1970-01-01 and 2099-12-31 (expected YYYY-MM-DD)"
                            ),
                        )
                    })?,
            ),
            None => None,
        };
        let mut base_url = overrides
            .base_url
            .clone()
            .unwrap_or_else(|| settings.base_url.clone());
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let redactor = crate::privacy::Redactor::new(&settings.privacy)
            .map_err(|e| err(shown, 0, 0, format!("{e:#}")))?;
        let content_dir = root.join("content");
        let output_dir = overrides
            .output
            .clone()
            .unwrap_or_else(|| root.join("public"));
        Ok(Config {
            root: root.to_path_buf(),
            content_dir,
            output_dir,
            settings,
            tz,
            as_of,
            base_url,
            strict: overrides.strict,
            drafts: overrides.drafts,
            redactor,
        })
    }
}

/// A theme title pattern that does not compile would silently match nothing (analyze
/// only notes it in report.json), so site.yaml with one is an error, as for privacy.
fn check_theme_patterns(settings: &Settings, shown: &str) -> Result<(), ConfigError> {
    for (i, theme) in settings.themes.iter().enumerate() {
        for (j, p) in theme.matches.title.iter().enumerate() {
            if let Err(e) = regex::RegexBuilder::new(p).case_insensitive(true).build() {
                let why = e.to_string();
                let why = why.lines().last().unwrap_or("").trim();
                let msg = format!(
                    "themes[{i}].match.title[{j}]: `{p}` is not a valid regular expression ({why})"
                );
                return Err(err(shown, 0, 0, msg));
            }
        }
    }
    Ok(())
}

fn err(file: &str, line: usize, column: usize, message: String) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// Parses site.yaml text. An empty file is valid and means all defaults.
pub fn parse_settings(text: &str, shown: &str) -> Result<Settings, ConfigError> {
    if text.trim().is_empty() {
        return Ok(Settings::default());
    }
    serde_saphyr::from_str::<Settings>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((0, 0));
        err(shown, line, column, explain_yaml_error(&e))
    })
}

/// Names the closest valid key for an unknown one, which is what a person who made a
/// typo needs; other errors keep the parser's first line.
pub fn explain_yaml_error(e: &serde_saphyr::Error) -> String {
    let mut inner = e;
    while let serde_saphyr::Error::WithSnippet { error, .. } = inner {
        inner = error;
    }
    match inner {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => match closest(field, expected) {
            Some(best) => format!("unknown key `{field}`; did you mean `{best}`?"),
            None => format!(
                "unknown key `{field}`; valid keys here: {}",
                expected.join(", ")
            ),
        },
        other => {
            let text = other.to_string();
            text.lines().next().unwrap_or(&text).to_string()
        }
    }
}

/// The candidate with the smallest edit distance, if it is reasonably close.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 2).max(2))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_all_defaults() {
        let s = parse_settings("", "site.yaml").unwrap();
        assert_eq!(s.recurrence.window_days, 30);
        assert_eq!(s.period, Period::Month);
    }

    #[test]
    fn unknown_key_names_the_closest_valid_key() {
        let e = parse_settings("title: x\ntimezon: UTC\n", "content/site.yaml").unwrap_err();
        assert!(
            e.message
                .contains("unknown key `timezon`; did you mean `timezone`?"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 2);
    }

    #[test]
    fn nested_unknown_key_is_reported() {
        let e = parse_settings("recurrence:\n  window_dayz: 3\n", "site.yaml").unwrap_err();
        assert!(
            e.message.contains("did you mean `window_days`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bad_timezone_is_an_error() {
        let s = parse_settings("timezone: Mars/Olympus\n", "site.yaml").unwrap();
        let e = Config::from_settings(Path::new("."), s, &Overrides::default()).unwrap_err();
        assert!(e.message.contains("Mars/Olympus"));
    }

    #[test]
    fn cli_as_of_wins_over_settings() {
        let s = parse_settings("as_of: 2025-01-01\n", "site.yaml").unwrap();
        let o = Overrides {
            as_of: Some("2025-06-30".into()),
            ..Overrides::default()
        };
        let c = Config::from_settings(Path::new("."), s, &o).unwrap();
        assert_eq!(c.as_of, NaiveDate::from_ymd_opt(2025, 6, 30));
    }
}
