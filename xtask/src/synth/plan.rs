//! How much to generate, over which dates: the sample site or benchmark scale S, M or L.

use anyhow::bail;
use chrono::{Duration, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Sample,
    S,
    M,
    L,
}

impl Scale {
    pub fn parse(s: &str) -> anyhow::Result<Scale> {
        Ok(match s {
            "sample" => Scale::Sample,
            "S" | "s" => Scale::S,
            "M" | "m" => Scale::M,
            "L" | "l" => Scale::L,
            other => bail!("--scale `{other}`: expected sample, S, M or L"),
        })
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub scale: Scale,
    pub start: NaiveDate,
    /// Last day with data; also the site's as_of.
    pub end: NaiveDate,
    pub incidents: u64,
    pub tickets: u64,
    pub metric_points: u64,
    /// Generated postmortems (the sample's are hand-written).
    pub postmortems: u64,
    pub wins: u64,
    /// First PagerDuty incident number, Opsgenie tinyId and ServiceNow INC number.
    pub first_numbers: [u32; 3],
    /// From this day on, PagerDuty incidents come from the REST API pull (JSON) instead
    /// of the CSV export: the team switched tooling, as teams do.
    pub pagerduty_json_from: NaiveDate,
    /// Multipliers on the background incident and ticket rates. The sample's rates were
    /// fixed when its postmortems were written (changing them renumbers incidents); the
    /// benchmark scales are tuned so totals land within a few percent of DESIGN.md's.
    pub calibration: [f64; 2],
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid literal date")
}

impl Plan {
    pub fn new(scale: Scale) -> Plan {
        let end = date(2026, 6, 30);
        let (start, incidents, tickets, points, pms, wins) = match scale {
            Scale::Sample => (date(2025, 1, 1), 400, 5_000, 0, 0, 0),
            Scale::S => (date(2021, 7, 1), 1_000, 10_000, 10_000, 20, 5),
            Scale::M => (date(2021, 7, 1), 10_000, 100_000, 100_000, 200, 10),
            Scale::L => (date(2021, 7, 1), 100_000, 1_000_000, 1_000_000, 2_000, 20),
        };
        Plan {
            scale,
            start,
            end,
            incidents,
            tickets,
            metric_points: points,
            postmortems: pms,
            wins,
            first_numbers: [4101, 812, 41207],
            calibration: if scale == Scale::Sample {
                [1.0, 1.0]
            } else {
                [1.12, 1.035]
            },
            pagerduty_json_from: if scale == Scale::Sample {
                date(2026, 1, 1)
            } else {
                start + Duration::days(days(start, end) as i64 * 7 / 10)
            },
        }
    }

    pub fn days(&self) -> u64 {
        days(self.start, self.end)
    }

    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> {
        let start = self.start;
        (0..self.days()).map(move |i| start + Duration::days(i as i64))
    }

    /// 0.0 at the start, 1.0 at the end.
    pub fn progress(&self, d: NaiveDate) -> f64 {
        (d - self.start).num_days() as f64 / self.days().max(1) as f64
    }

    fn at(&self, fraction: f64) -> NaiveDate {
        self.start + Duration::days((self.days() as f64 * fraction) as i64)
    }

    /// The day the DNS prevent actions are all done (sample: 2025-10-12).
    pub fn dns_fixed(&self) -> NaiveDate {
        self.at(0.52)
    }

    /// Weeks in which the payment provider misbehaves (sample: March, August and late
    /// November 2025, early December 2025, April 2026).
    pub fn in_psp_trouble(&self, d: NaiveDate) -> bool {
        [0.13, 0.42, 0.60, 0.64, 0.84].iter().any(|f| {
            let from = self.at(*f);
            d >= from && d < from + Duration::days(10)
        })
    }
}

fn days(start: NaiveDate, end: NaiveDate) -> u64 {
    (end - start).num_days() as u64 + 1
}
