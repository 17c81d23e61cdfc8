//! Reporting periods (ISO week, month, quarter) in the site's timezone, and the as-of
//! instant. A period is an integer index so ranges, "previous" and empty periods are
//! plain arithmetic.

use crate::config::Period;
use crate::model::Timestamp;
use chrono::{Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Maps instants and dates to period indices and back.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    pub kind: Period,
    pub tz: Tz,
}

/// A Monday, so week indices count whole ISO weeks.
fn epoch_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 5).expect("valid date")
}

impl Calendar {
    pub fn new(kind: Period, tz: Tz) -> Self {
        Self { kind, tz }
    }

    /// The local calendar date of an instant in the site's timezone.
    pub fn local_date(&self, t: Timestamp) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    pub fn index_of_date(&self, d: NaiveDate) -> i64 {
        match self.kind {
            Period::Month => d.year() as i64 * 12 + d.month0() as i64,
            Period::Quarter => d.year() as i64 * 4 + (d.month0() / 3) as i64,
            Period::Week => {
                let monday = d - Days::new(d.weekday().num_days_from_monday() as u64);
                (monday - epoch_monday()).num_days().div_euclid(7)
            }
        }
    }

    pub fn index_of(&self, t: Timestamp) -> i64 {
        self.index_of_date(self.local_date(t))
    }

    /// First local day of the period.
    pub fn start_date(&self, idx: i64) -> NaiveDate {
        match self.kind {
            Period::Month => ymd(idx.div_euclid(12) as i32, idx.rem_euclid(12) as u32 + 1),
            Period::Quarter => ymd(idx.div_euclid(4) as i32, idx.rem_euclid(4) as u32 * 3 + 1),
            Period::Week => epoch_monday() + chrono::Duration::days(idx * 7),
        }
    }

    /// "2026-06", "2026-Q2" or "2026-W27" (ISO week-numbering year).
    pub fn label(&self, idx: i64) -> String {
        let d = self.start_date(idx);
        match self.kind {
            Period::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Period::Quarter => format!("{:04}-Q{}", d.year(), d.month0() / 3 + 1),
            Period::Week => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
        }
    }

    /// Length of the period in local calendar days (28..=92): the exposure when counts of
    /// periods of different lengths are compared.
    pub fn days(&self, idx: i64) -> f64 {
        (self.start_date(idx + 1) - self.start_date(idx)).num_days() as f64
    }

    /// The instant the period starts: local midnight of its first day.
    pub fn start_instant(&self, idx: i64) -> Timestamp {
        local_midnight(self.tz, self.start_date(idx))
    }
}

fn ymd(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).expect("month index gives a valid date")
}

/// Local midnight as UTC; where midnight does not exist (a DST jump at 00:00) the
/// first instant after the gap.
pub fn local_midnight(tz: Tz, d: NaiveDate) -> Timestamp {
    let mut ndt = d.and_time(NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(t) = tz.from_local_datetime(&ndt).earliest() {
            return t.with_timezone(&Utc);
        }
        ndt += chrono::Duration::minutes(30);
    }
    Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
}

/// The report's as-of point.
#[derive(Debug, Clone, Copy)]
pub struct AsOf {
    /// Records at or after `end` are outside the report.
    pub end: Timestamp,
    /// The instant shown as "as of" (the latest data timestamp, or `end` for a date).
    pub shown: Timestamp,
    pub date: NaiveDate,
    pub from_config: bool,
}

impl AsOf {
    /// From a configured date: the whole day counts, in the site's timezone.
    pub fn from_date(tz: Tz, date: NaiveDate) -> Self {
        let end = local_midnight(tz, date + Days::new(1));
        Self {
            end,
            shown: end,
            date,
            from_config: true,
        }
    }

    /// From the latest timestamp in the data (never the wall clock).
    pub fn from_latest(tz: Tz, latest: Timestamp) -> Self {
        Self {
            end: latest + chrono::Duration::nanoseconds(1),
            shown: latest,
            date: latest.with_timezone(&tz).date_naive(),
            from_config: false,
        }
    }

    pub fn includes(&self, t: Timestamp) -> bool {
        t < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn labels_and_starts_for_each_period_kind() {
        let q = Calendar::new(Period::Quarter, chrono_tz::UTC);
        let i = q.index_of_date(date("2026-05-17"));
        assert_eq!(q.label(i), "2026-Q2");
        assert_eq!(q.start_date(i), date("2026-04-01"));
        assert_eq!(q.label(i + 3), "2027-Q1");
        let m = Calendar::new(Period::Month, chrono_tz::UTC);
        let i = m.index_of_date(date("2026-12-31"));
        assert_eq!(
            (m.label(i), m.label(i + 1)),
            ("2026-12".into(), "2027-01".into())
        );
        let w = Calendar::new(Period::Week, chrono_tz::UTC);
        // 2021-01-03 is a Sunday in ISO week 2020-W53
        assert_eq!(w.label(w.index_of_date(date("2021-01-03"))), "2020-W53");
        assert_eq!(w.label(w.index_of_date(date("2021-01-04"))), "2021-W01");
        assert_eq!(w.label(w.index_of_date(date("1969-12-31"))), "1970-W01");
    }

    #[test]
    fn as_of_date_ends_at_local_midnight() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let a = AsOf::from_date(tz, date("2026-03-28"));
        // the next day (29 March) starts at 00:00 CET = 23:00 UTC
        assert_eq!(a.end.to_rfc3339(), "2026-03-28T23:00:00+00:00");
        let a = AsOf::from_date(tz, date("2026-03-29"));
        // 30 March starts at 00:00 CEST = 22:00 UTC
        assert_eq!(a.end.to_rfc3339(), "2026-03-29T22:00:00+00:00");
    }
}
