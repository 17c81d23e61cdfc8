//! The few per-record figures the charts need that the report does not carry: the
//! restore-time distribution, restore time per service and period, and the action
//! burn-down. They follow the analyze stage's definitions exactly (same start rule, same
//! restore fallback, same as-of cut-off, same quantiles) so chart and page agree.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::spec::Bin;
use crate::analyze::actions::{in_scope, is_open, is_overdue};
use crate::analyze::periods::{AsOf, Calendar};
use crate::analyze::stats::duration_stats;
use crate::analyze::{DurationStats, PeriodInfo, Report};
use crate::config::Config;
use crate::model::{ActionItem, ActionStatus, Dataset, Incident, IncidentStatus, Timestamp};

/// The calendar and as-of point the report was computed with.
pub struct Frame {
    pub cal: Calendar,
    pub as_of: AsOf,
}

impl Frame {
    pub fn new(report: &Report, config: &Config) -> Option<Frame> {
        let cal = Calendar::new(config.settings.period, config.tz);
        let as_of = if report.as_of_source == "config" {
            let date = NaiveDate::parse_from_str(&report.as_of_date, "%Y-%m-%d").ok()?;
            AsOf::from_date(config.tz, date)
        } else {
            let latest = DateTime::parse_from_rfc3339(&report.as_of)
                .ok()?
                .with_timezone(&Utc);
            AsOf::from_latest(config.tz, latest)
        };
        Some(Frame { cal, as_of })
    }
}

/// Restore minutes as analyze defines them: mitigated − start, else resolved − start,
/// where a timestamp after the as-of point is not known yet (as in analyze's as-of copies).
fn restore_minutes(inc: &Incident, as_of: &AsOf) -> Option<f64> {
    let known = |t: Option<Timestamp>| t.filter(|t| as_of.includes(*t));
    let end = known(inc.mitigated_at).or(known(inc.resolved_at))?;
    let (start, _) = inc.start();
    Some((end - start).num_milliseconds() as f64 / 60_000.0)
}

/// Incidents in the report (not canceled, started before the as-of point) with their
/// restore minutes; negative durations are data errors and left out, as in analyze.
pub fn restore_samples<'a>(data: &'a Dataset, frame: &Frame) -> Vec<(f64, &'a Incident)> {
    data.incidents
        .iter()
        .filter(|i| i.status != IncidentStatus::Canceled && frame.as_of.includes(i.start().0))
        .filter_map(|i| {
            restore_minutes(i, &frame.as_of)
                .filter(|m| *m >= 0.0)
                .map(|m| (m, i))
        })
        .collect()
}

/// Bin edges in minutes for the log-scale distribution: 1, 5, 15 min, 1, 4, 12 h, 1, 3,
/// 7, 30 days. The first bin starts at 0 (under a minute).
const EDGES: [f64; 11] = [
    0.0, 1.0, 5.0, 15.0, 60.0, 240.0, 720.0, 1440.0, 4320.0, 10080.0, 43200.0,
];

/// Counts per bin; the last bin is open-ended and reaches the largest value.
pub fn histogram(values: &[f64]) -> Vec<Bin> {
    let max = values.iter().copied().fold(0.0, f64::max);
    let mut bins: Vec<Bin> = EDGES
        .windows(2)
        .map(|w| Bin {
            lo: w[0],
            hi: w[1],
            count: 0,
        })
        .collect();
    let last_edge = EDGES[EDGES.len() - 1];
    bins.push(Bin {
        lo: last_edge,
        hi: (max * 1.01).max(last_edge * 3.0),
        count: 0,
    });
    for v in values {
        let i = EDGES.iter().rposition(|e| v >= e).unwrap_or(0);
        bins[i].count += 1;
    }
    // Trailing empty bins only stretch the axis.
    while bins.len() > 1 && bins.last().is_some_and(|b| b.count == 0) {
        bins.pop();
    }
    bins
}

/// Restore statistics per report period for each of `services`, in one pass over the
/// samples (the period of each incident is computed once).
pub fn restore_by_service_period(
    samples: &[(f64, &Incident)],
    services: &BTreeSet<&str>,
    frame: &Frame,
    periods: &[PeriodInfo],
    min_sample: usize,
) -> BTreeMap<String, Vec<DurationStats>> {
    let slots: BTreeMap<&str, usize> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.label.as_str(), i))
        .collect();
    let mut per: BTreeMap<&str, Vec<Vec<(f64, String)>>> = BTreeMap::new();
    for (m, inc) in samples {
        // A service listed twice counts once, as in analyze's `service_keys`.
        let wanted: BTreeSet<&str> = inc
            .services
            .iter()
            .map(String::as_str)
            .filter(|s| services.contains(s))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let label = frame.cal.label(frame.cal.index_of(inc.start().0));
        let Some(&slot) = slots.get(label.as_str()) else {
            continue;
        };
        for service in wanted {
            let cells = per
                .entry(service)
                .or_insert_with(|| vec![Vec::new(); periods.len()]);
            cells[slot].push((*m, inc.id.clone()));
        }
    }
    per.into_iter()
        .map(|(service, cells)| {
            let stats = cells
                .into_iter()
                .map(|items| duration_stats(items, min_sample))
                .collect();
            (service.to_string(), stats)
        })
        .collect()
}

/// Open, overdue and done-in-period action counts per period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Burndown {
    pub open: Vec<f64>,
    pub overdue: Vec<f64>,
    pub done: Vec<f64>,
    /// Done or won't-do items without a completion date: their closing day is unknown,
    /// so they count as closed before every period.
    pub undated_closed: u64,
}

/// Burn-down evaluated on the last day of each period (the as-of date for the last one),
/// with the report's own rules (`analyze::actions`: won't-do items count as closed), so on the as-of date `open` and
/// `overdue` equal the report's action summary.
pub fn burndown(actions: &[&ActionItem], periods: &[PeriodInfo], as_of: NaiveDate) -> Burndown {
    let mut out = Burndown {
        undated_closed: actions
            .iter()
            .filter(|a| a.status.is_closed() && a.completed_at.is_none())
            .count() as u64,
        ..Burndown::default()
    };
    for p in periods {
        let (Some(start), Some(end)) = (date(&p.start), date(&p.end)) else {
            continue;
        };
        let day = end.pred_opt().unwrap_or(end).min(as_of);
        let existed = actions.iter().filter(|a| in_scope(a, day));
        out.open
            .push(existed.clone().filter(|a| is_open(a, day)).count() as f64);
        out.overdue
            .push(existed.filter(|a| is_overdue(a, day)).count() as f64);
        let done = actions
            .iter()
            .filter(|a| a.status == ActionStatus::Done)
            .filter(|a| a.completed_at.is_some_and(|c| c >= start && c <= day))
            .count();
        out.done.push(done as f64);
    }
    out
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_bins_by_hand() {
        let bins = histogram(&[0.5, 1.0, 4.9, 5.0, 59.0, 61.0, 50_000.0]);
        let counts: Vec<u64> = bins.iter().map(|b| b.count).collect();
        // [0,1) [1,5) [5,15) [15,60) [60,240) ... [43200, ...)
        assert_eq!(counts, [1, 2, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(bins.last().unwrap().lo, 43200.0);
        assert!(bins.last().unwrap().hi > 50_000.0);
        let short = histogram(&[2.0, 3.0]);
        assert_eq!(short.len(), 2, "trailing empty bins dropped");
        assert!(histogram(&[]).len() == 1);
    }

    fn act(
        status: ActionStatus,
        created: &str,
        due: Option<&str>,
        done: Option<&str>,
    ) -> ActionItem {
        ActionItem {
            id: "a".into(),
            postmortem: None,
            title: "t".into(),
            kind: None,
            priority: None,
            owner: None,
            team: None,
            due: due.and_then(date),
            status,
            tracker_ref: None,
            tracker_url: None,
            created_at: date(created),
            completed_at: done.and_then(date),
            origin: Default::default(),
        }
    }

    fn period(label: &str, start: &str, end: &str) -> PeriodInfo {
        PeriodInfo {
            label: label.into(),
            start: start.into(),
            end: end.into(),
            complete: true,
        }
    }

    #[test]
    fn burndown_by_hand() {
        let periods = [
            period("2026-05", "2026-05-01", "2026-06-01"),
            period("2026-06", "2026-06-01", "2026-07-01"),
        ];
        let actions = [
            // Open since May, due mid-June: open both months, overdue on the as-of day.
            act(ActionStatus::Open, "2026-05-03", Some("2026-06-10"), None),
            // Created in May, done in June: open at the end of May, done in June.
            act(
                ActionStatus::Done,
                "2026-05-10",
                Some("2026-05-20"),
                Some("2026-06-05"),
            ),
            // Created in June: not yet there at the end of May.
            act(ActionStatus::InProgress, "2026-06-02", None, None),
            // Won't do, closed in May.
            act(ActionStatus::WontDo, "2026-05-01", None, Some("2026-05-02")),
            // Won't do, closed after the as-of day: closed throughout, as in the report.
            act(
                ActionStatus::WontDo,
                "2026-05-01",
                Some("2026-05-10"),
                Some("2026-06-25"),
            ),
        ];
        let refs: Vec<&ActionItem> = actions.iter().collect();
        let b = burndown(&refs, &periods, date("2026-06-20").unwrap());
        assert_eq!(b.open, [2.0, 2.0]);
        assert_eq!(
            b.overdue,
            [1.0, 1.0],
            "May: the done-later one was due 05-20"
        );
        assert_eq!(b.done, [0.0, 1.0]);
        assert_eq!(b.undated_closed, 0);
    }
}
