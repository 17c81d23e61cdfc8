//! Acknowledge, detect, restore and resolve times with their start rules and fallbacks,
//! broken down by period, severity, service and theme.

use super::change::sample_change;
use super::context::{Ctx, Inc, minutes};
use super::report::{DurationMetric, DurationStats};
use super::stats::{duration_stats, median, value_stats};
use crate::config::Better;
use crate::model::StartSource;
use std::collections::BTreeMap;

pub const METRICS: [&str; 4] = ["acknowledge", "detect", "restore", "resolve"];

/// The duration of one metric for one incident: `(minutes, used end fallback)`, or `None`
/// when the end timestamp is missing.
pub fn value(metric: &str, inc: &Inc) -> Option<(f64, bool)> {
    let r = inc.rec;
    match metric {
        "acknowledge" => r.acknowledged_at.map(|t| (minutes(r.created_at, t), false)),
        "detect" => r.detected_at.map(|t| (minutes(inc.start, t), false)),
        "restore" => match (r.mitigated_at, r.resolved_at) {
            (Some(t), _) => Some((minutes(inc.start, t), false)),
            (None, Some(t)) => Some((minutes(inc.start, t), true)),
            _ => None,
        },
        "resolve" => r.resolved_at.map(|t| (minutes(inc.start, t), false)),
        _ => None,
    }
}

fn definition(metric: &str) -> &'static str {
    match metric {
        "acknowledge" => "acknowledged_at − created_at",
        "detect" => "detected_at − start",
        "restore" => "mitigated_at − start (resolved_at − start where mitigated_at is missing)",
        _ => "resolved_at − start",
    }
}

pub fn compute(ctx: &Ctx) -> BTreeMap<String, DurationMetric> {
    METRICS
        .iter()
        .map(|m| (m.to_string(), metric(ctx, m)))
        .collect()
}

fn metric(ctx: &Ctx, name: &str) -> DurationMetric {
    let min = ctx.min_sample();
    let mut out = DurationMetric {
        definition: definition(name).to_string(),
        ..DurationMetric::default()
    };
    // Ids live in the per-period cells only (see `DurationStats::ids`).
    let mut all = Vec::new();
    let mut by_period: BTreeMap<i64, Vec<(f64, String)>> = BTreeMap::new();
    let mut by_sev: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut by_service: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut by_theme: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for inc in ctx.incidents.iter().filter(|i| !i.canceled()) {
        let id = &inc.rec.id;
        let Some((v, fell_back)) = value(name, inc) else {
            out.missing += 1;
            continue;
        };
        if v < 0.0 {
            out.negative += 1;
            out.negative_ids.push(id.clone());
            continue;
        }
        if name != "acknowledge" && inc.start_source == StartSource::Created {
            out.start_from_created += 1;
        }
        if fell_back {
            out.end_fallback += 1;
            out.end_fallback_ids.push(id.clone());
        }
        by_period
            .entry(inc.period)
            .or_default()
            .push((v, id.clone()));
        all.push(v);
        by_sev.entry(inc.severity.clone()).or_default().push(v);
        for s in service_keys(inc) {
            by_service.entry(s).or_default().push(v);
        }
        for t in &inc.rec.themes {
            by_theme.entry(t.clone()).or_default().push(v);
        }
    }
    out.negative_ids.sort();
    out.end_fallback_ids.sort();
    if let (Some(cur), Some(prev)) = (ctx.current, ctx.previous) {
        let pick = |p| -> Vec<f64> {
            by_period
                .get(&p)
                .map(|v| v.iter().map(|x| x.0).collect())
                .unwrap_or_default()
        };
        out.change = sample_change(
            &pick(prev),
            &pick(cur),
            Better::Lower,
            min,
            ctx.settings.thresholds.bootstrap_resamples,
            median,
        );
    }
    out.all = value_stats(all, min);
    out.by_period = ctx
        .period_indices()
        .into_iter()
        .map(|p| {
            let items = by_period.remove(&p).unwrap_or_default();
            (ctx.label(p), duration_stats(items, min))
        })
        .collect();
    out.by_severity = finish(by_sev, min);
    out.by_service = finish(by_service, min);
    out.by_theme = finish(by_theme, min);
    out
}

fn finish(map: BTreeMap<String, Vec<f64>>, min: usize) -> BTreeMap<String, DurationStats> {
    map.into_iter()
        .map(|(k, v)| (k, value_stats(v, min)))
        .collect()
}

/// The incident's services, or "(none)" so every incident sits in some service row.
pub fn service_keys(inc: &Inc) -> Vec<String> {
    if inc.rec.services.is_empty() {
        vec!["(none)".to_string()]
    } else {
        let mut s = inc.rec.services.clone();
        s.sort();
        s.dedup();
        s
    }
}

/// Statistics of one metric over a group of incidents (a service's, a theme's): canceled
/// incidents, missing ends and negative durations left out.
pub fn group_stats(list: &[&Inc], metric: &str, min_sample: usize) -> DurationStats {
    let items = list
        .iter()
        .filter(|i| !i.canceled())
        .filter_map(|i| value(metric, i).map(|(v, _)| (v, i.rec.id.clone())))
        .filter(|(v, _)| *v >= 0.0)
        .collect();
    duration_stats(items, min_sample)
}
