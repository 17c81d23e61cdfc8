//! Per-service figures for the services/<slug>/ pages.

use super::context::{Ctx, Inc};
use super::durations::{group_stats, service_keys, value};
use super::recurrence::{KeyIndex, repeats_by_service};
use super::report::{ServicePeriod, ServiceReport};
use super::stats::{quantile_sorted, share};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Per service; an incident counts as a repeat of a service only when it repeats on that
/// service's key (see `recurrence::key_repeats`).
pub fn compute(ctx: &Ctx, index: &KeyIndex) -> Vec<ServiceReport> {
    let (mut repeated, by_service) = rayon::join(
        || repeats_by_service(ctx, index),
        || {
            let mut by_service: BTreeMap<String, Vec<&Inc>> = BTreeMap::new();
            for inc in &ctx.incidents {
                for s in service_keys(inc) {
                    by_service.entry(s).or_default().push(inc);
                }
            }
            by_service
        },
    );
    let services: Vec<_> = (by_service.into_iter())
        .map(|(name, list)| {
            let reps = repeated.remove(&name).unwrap_or_default();
            (name, list, reps)
        })
        .collect();
    // Each service on its own, in parallel, kept in name order.
    (services.into_par_iter())
        .map(|(name, list, reps)| one(ctx, name, &list, &reps))
        .collect()
}

fn one(ctx: &Ctx, name: String, list: &[&Inc], repeated: &BTreeSet<&str>) -> ServiceReport {
    let is_repeat = |i: &Inc| repeated.contains(i.rec.id.as_str());
    let mut trend: Vec<ServicePeriod> = ctx
        .period_indices()
        .into_iter()
        .map(|p| ServicePeriod {
            period: ctx.label(p),
            ..ServicePeriod::default()
        })
        .collect();
    let mut restore: Vec<Vec<f64>> = vec![Vec::new(); trend.len()];
    for i in list {
        let Some(s) = ctx.slot(i.period) else {
            continue;
        };
        trend[s].incidents += 1;
        trend[s].repeats += is_repeat(i) as u64;
        if let Some((v, _)) = value("restore", i).filter(|(v, _)| *v >= 0.0 && !i.canceled()) {
            restore[s].push(v);
        }
    }
    for (t, mut v) in trend.iter_mut().zip(restore) {
        v.sort_by(f64::total_cmp);
        t.restore_median = quantile_sorted(&v, 0.5);
    }
    let repeats = list.iter().filter(|i| is_repeat(i)).count() as u64;
    let mut ids: Vec<String> = list.iter().map(|i| i.rec.id.clone()).collect();
    ids.sort();
    let themes: BTreeSet<String> = list
        .iter()
        .flat_map(|i| i.rec.themes.iter().cloned())
        .collect();
    ServiceReport {
        name,
        incidents: list.len() as u64,
        incident_ids: ids,
        repeats,
        repeat_rate: share(repeats, list.len() as u64),
        restore: group_stats(list, "restore", ctx.min_sample()),
        resolve: group_stats(list, "resolve", ctx.min_sample()),
        themes: themes.into_iter().collect(),
        trend,
    }
}
