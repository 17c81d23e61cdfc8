//! Metric series: per-period aggregate as configured, change against the previous
//! period (seeded bootstrap of the aggregate over the period's points), distance to target.

use super::change::{better_str, sample_change};
use super::context::Ctx;
use super::report::{SeriesPeriod, SeriesReport};
use super::stats::quantile_select;
use crate::config::{Aggregation, SeriesSpec};
use crate::model::{Dataset, Timestamp};
use std::collections::BTreeMap;

/// An aggregate over a sample.
type StatFn = fn(&mut [f64]) -> Option<f64>;
/// Period index -> (time, value) points.
type ByPeriod = BTreeMap<i64, Vec<(Timestamp, f64)>>;

fn agg_name(a: Aggregation) -> &'static str {
    match a {
        Aggregation::Sum => "sum",
        Aggregation::Mean => "mean",
        Aggregation::Last => "last",
        Aggregation::Max => "max",
        Aggregation::P95 => "p95",
    }
}

fn sum(v: &mut [f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum())
}
fn mean(v: &mut [f64]) -> Option<f64> {
    super::stats::mean(v)
}
fn max(v: &mut [f64]) -> Option<f64> {
    v.iter().copied().reduce(f64::max)
}
/// The 95th percentile (type 7, as in `stats::quantile_sorted`) without sorting: the
/// bootstrap takes it of a thousand resamples per series.
fn p95(v: &mut [f64]) -> Option<f64> {
    quantile_select(v, 0.95)
}

/// The aggregate as a plain function, for the bootstrap; `None` for "last", which has no
/// meaningful resampling.
fn stat_fn(a: Aggregation) -> Option<StatFn> {
    match a {
        Aggregation::Sum => Some(sum),
        Aggregation::Mean => Some(mean),
        Aggregation::Max => Some(max),
        Aggregation::P95 => Some(p95),
        Aggregation::Last => None,
    }
}

pub fn compute(ctx: &Ctx, data: &Dataset) -> Vec<SeriesReport> {
    let mut points: BTreeMap<&str, ByPeriod> = BTreeMap::new();
    for m in data.metrics.iter().filter(|m| ctx.as_of.includes(m.at)) {
        points
            .entry(&m.series)
            .or_default()
            .entry(ctx.cal.index_of(m.at))
            .or_default()
            .push((m.at, m.value));
    }
    for name in ctx.settings.series.keys() {
        points.entry(name).or_default();
    }
    points
        .into_iter()
        .map(|(name, by_period)| {
            let spec = ctx.settings.series.get(name).cloned().unwrap_or_default();
            one(ctx, name, &spec, by_period)
        })
        .collect()
}

fn aggregate(a: Aggregation, pts: &mut [(Timestamp, f64)]) -> Option<f64> {
    if let Aggregation::Last = a {
        return pts
            .iter()
            .max_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)))
            .map(|p| p.1);
    }
    let mut v: Vec<f64> = pts.iter().map(|p| p.1).collect();
    stat_fn(a).and_then(|f| f(&mut v))
}

fn one(ctx: &Ctx, name: &str, spec: &SeriesSpec, mut by_period: ByPeriod) -> SeriesReport {
    let per_period: Vec<SeriesPeriod> = ctx
        .period_indices()
        .into_iter()
        .map(|p| {
            let pts = by_period
                .get_mut(&p)
                .map(Vec::as_mut_slice)
                .unwrap_or(&mut []);
            SeriesPeriod {
                period: ctx.label(p),
                value: aggregate(spec.aggregation, pts),
                n: pts.len() as u64,
            }
        })
        .collect();
    let value_at = |p: Option<i64>| {
        p.and_then(|p| ctx.slot(p))
            .and_then(|s| per_period[s].value)
    };
    let value = value_at(ctx.current);
    let previous = value_at(ctx.previous);
    let vals = |p: Option<i64>| -> Vec<f64> {
        p.and_then(|p| by_period.get(&p))
            .map(|v| v.iter().map(|x| x.1).collect())
            .unwrap_or_default()
    };
    let change = match (value, previous, stat_fn(spec.aggregation)) {
        (Some(a), Some(b), Some(f)) => {
            // A sum grows with the period's length: the previous period's points are scaled
            // to the current period's days so that February is not a fall against January;
            // `delta` stays the plain difference of the sums.
            let scale = match (spec.aggregation, ctx.current, ctx.previous) {
                (Aggregation::Sum, Some(c), Some(p)) => ctx.cal.days(c) / ctx.cal.days(p),
                _ => 1.0,
            };
            let before: Vec<f64> = vals(ctx.previous).iter().map(|v| v * scale).collect();
            sample_change(
                &before,
                &vals(ctx.current),
                spec.better,
                ctx.min_sample(),
                ctx.settings.thresholds.bootstrap_resamples,
                f,
            )
            .map(|mut c| {
                c.delta = a - b;
                c
            })
        }
        (Some(a), Some(b), None) => Some(super::headline::untested(a, b, spec.better)),
        _ => None,
    };
    let distance = match (value, spec.target) {
        (Some(v), Some(t)) => Some(v - t),
        _ => None,
    };
    SeriesReport {
        name: name.to_string(),
        title: spec.title.clone().unwrap_or_else(|| name.to_string()),
        unit: spec.unit.clone().unwrap_or_default(),
        better: better_str(spec.better).to_string(),
        aggregation: agg_name(spec.aggregation).to_string(),
        target: spec.target,
        per_period,
        value,
        previous,
        change,
        distance_to_target: distance,
        meets_target: distance.map(|d| match spec.better {
            crate::config::Better::Lower => d <= 0.0,
            crate::config::Better::Higher => d >= 0.0,
        }),
    }
}
