//! Dates as people type them in postmortems: ISO, slashes, and spelled-out months.

use crate::config::DateOrder;
use crate::ingest::data::dates::{DateError, day_month};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

pub const EXPECTED: &str = "expected YYYY-MM-DD, 2025/04/01, 1 Apr 2025 or April 1, 2025";

static ISO_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\D|$)").unwrap());
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$").unwrap());
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2})(st|nd|rd|th)\b").unwrap());
/// The first date-like text in a document, for documents that give no other date.
pub static FIRST_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}\b").unwrap()
});

/// Parses a date, with or without a time after it. Ambiguous day/month orders are
/// decided by `order`; without it they are an error rather than a guess.
pub fn parse_date(raw: &str, order: Option<DateOrder>) -> Result<NaiveDate, String> {
    let s = raw.trim();
    if let Some(c) = ISO_PREFIX.captures(s) {
        return ymd(&c[1], &c[2], &c[3]).ok_or_else(|| format!("`{raw}` is not a valid date"));
    }
    if let Some(c) = NUMERIC.captures(s) {
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        let (d, m) = day_month(a, b, order).map_err(|e| match e {
            DateError::Ambiguous => format!(
                "`{raw}` is ambiguous (day or month first?); set `date_order: dmy` or `date_order: mdy` in site.yaml"
            ),
            _ => format!("`{raw}` is not a valid date"),
        })?;
        return NaiveDate::from_ymd_opt(c[3].parse().unwrap_or(0), m, d)
            .ok_or_else(|| format!("`{raw}` is not a valid date"));
    }
    let cleaned = ORDINAL.replace_all(s, "$1").replace("Sept", "Sep");
    let cleaned = cleaned.trim_end_matches('.').trim();
    const FORMATS: &[&str] = &[
        "%d %b %Y",
        "%d %B %Y",
        "%d %b, %Y",
        "%d %B, %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%b %d %Y",
        "%B %d %Y",
        "%d-%b-%Y",
        "%d-%b-%y",
        "%a %d %b %Y",
        "%A, %B %d, %Y",
        "%a, %d %b %Y",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(cleaned, f).ok())
        .ok_or_else(|| format!("`{raw}` is not a date ({EXPECTED})"))
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `2025-03-04-db-failover.md` -> (2025-03-04, "db-failover").
pub fn from_file_stem(stem: &str) -> Option<(NaiveDate, &str)> {
    let date = stem.get(..10)?;
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let rest = stem[10..].trim_start_matches(['-', '_', ' ']);
    Some((d, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn usual_formats() {
        for raw in [
            "2025-04-01",
            "2025/04/01",
            "2025-04-01T10:00:00Z",
            "2025-04-01 14:02 UTC",
            "1 Apr 2025",
            "1st April 2025",
            "April 1, 2025",
            "Apr 1 2025",
            "01-Apr-2025",
        ] {
            assert_eq!(parse_date(raw, None), Ok(d(2025, 4, 1)), "{raw}");
        }
    }

    #[test]
    fn ambiguous_numeric_dates_need_a_setting() {
        assert!(
            parse_date("03/04/2025", None)
                .unwrap_err()
                .contains("ambiguous")
        );
        assert_eq!(
            parse_date("03/04/2025", Some(DateOrder::Dmy)),
            Ok(d(2025, 4, 3))
        );
        assert_eq!(
            parse_date("03/04/2025", Some(DateOrder::Mdy)),
            Ok(d(2025, 3, 4))
        );
        assert_eq!(parse_date("25/04/2025", None), Ok(d(2025, 4, 25)));
        assert_eq!(parse_date("04/25/2025", None), Ok(d(2025, 4, 25)));
        assert_eq!(parse_date("04/04/2025", None), Ok(d(2025, 4, 4)));
        assert!(
            parse_date("25/25/2025", None)
                .unwrap_err()
                .contains("not a valid")
        );
    }

    #[test]
    fn garbage_and_impossible_dates_are_errors() {
        assert!(parse_date("next sprint", None).is_err());
        assert!(parse_date("2025-02-30", None).is_err());
    }

    #[test]
    fn file_names_give_date_and_slug() {
        assert_eq!(
            from_file_stem("2025-03-04-db-failover"),
            Some((d(2025, 3, 4), "db-failover"))
        );
        assert_eq!(from_file_stem("db-failover"), None);
    }
}
