//! What every computation shares: the calendar, the as-of point, the period range and
//! the incidents in scope with their derived start, period and severity.

use super::periods::{AsOf, Calendar};
use crate::config::Settings;
use crate::model::{Incident, IncidentStatus, StartSource, Timestamp};
use chrono::NaiveDate;

pub struct Inc<'a> {
    pub rec: &'a Incident,
    pub start: Timestamp,
    pub start_source: StartSource,
    /// The local calendar date of `start` in the site's timezone.
    pub date: NaiveDate,
    pub period: i64,
    /// "sev1".."sev5" or "unknown".
    pub severity: String,
    /// Set by recurrence: an incident with the same key started within the window before.
    pub repeat: bool,
}

impl Inc<'_> {
    pub fn canceled(&self) -> bool {
        self.rec.status == IncidentStatus::Canceled
    }
}

pub struct Ctx<'a> {
    pub cal: Calendar,
    pub as_of: AsOf,
    pub settings: &'a Settings,
    pub incidents: Vec<Inc<'a>>,
    /// First and last period index (inclusive); `None` when there is no data.
    pub range: Option<(i64, i64)>,
    pub current: Option<i64>,
    pub previous: Option<i64>,
}

impl Ctx<'_> {
    pub fn min_sample(&self) -> usize {
        self.settings.thresholds.min_sample
    }

    /// Every period index in range, empty ones included.
    pub fn period_indices(&self) -> Vec<i64> {
        match self.range {
            Some((a, b)) => (a..=b).collect(),
            None => Vec::new(),
        }
    }

    pub fn label(&self, idx: i64) -> String {
        self.cal.label(idx)
    }

    /// Position of a period in `period_indices`, for dense per-period arrays.
    pub fn slot(&self, idx: i64) -> Option<usize> {
        match self.range {
            Some((a, b)) if idx >= a && idx <= b => Some((idx - a) as usize),
            _ => None,
        }
    }

    pub fn period_count(&self) -> usize {
        self.range.map_or(0, |(a, b)| (b - a + 1) as usize)
    }
}

/// Minutes between two instants (may be negative).
pub fn minutes(from: Timestamp, to: Timestamp) -> f64 {
    (to - from).num_milliseconds() as f64 / 60_000.0
}
