//! Action follow-through as of the as-of date, and postmortem coverage of sev1–2.

use super::context::Ctx;
use super::recurrence::postmortem_incidents;
use super::report::{ActionSummary, CohortCompletion, OwnerActions, PostmortemCoverage};
use super::stats::{quantile_sorted, share};
use crate::model::{ActionItem, ActionStatus, Dataset, PostmortemStatus};
use std::collections::{BTreeMap, BTreeSet};

/// Created on or before the as-of date (or undated): later items are left out like every
/// record after as-of.
pub fn in_scope(a: &ActionItem, as_of: chrono::NaiveDate) -> bool {
    a.created_at.is_none_or(|c| c <= as_of)
}

/// The status on the as-of date: an item completed after it was still open then.
pub fn status_at(a: &ActionItem, as_of: chrono::NaiveDate) -> ActionStatus {
    match a.status {
        ActionStatus::Done if a.completed_at.is_some_and(|c| c > as_of) => ActionStatus::Open,
        s => s,
    }
}

/// Open or in progress on the as-of date.
pub fn is_open(a: &ActionItem, as_of: chrono::NaiveDate) -> bool {
    matches!(
        status_at(a, as_of),
        ActionStatus::Open | ActionStatus::InProgress
    )
}

/// Open (not done, not won't-do) with a due date before the as-of date.
pub fn is_overdue(a: &ActionItem, as_of: chrono::NaiveDate) -> bool {
    is_open(a, as_of) && a.due.is_some_and(|d| d < as_of)
}

/// Whether the action was overdue on `day`: created by then (when known), due before it,
/// and not completed before it. Won't-do items have no reliable closing date and count as
/// closed.
pub fn was_overdue(a: &ActionItem, day: chrono::NaiveDate) -> bool {
    let open_then = match a.status {
        ActionStatus::Open | ActionStatus::InProgress => true,
        ActionStatus::Done => a.completed_at.is_some_and(|c| c >= day),
        ActionStatus::WontDo => false,
    };
    open_then && a.created_at.is_none_or(|c| c <= day) && a.due.is_some_and(|d| d < day)
}

pub fn compute(ctx: &Ctx, data: &Dataset) -> ActionSummary {
    let as_of = ctx.as_of.date;
    let actions: Vec<&ActionItem> = data.all_actions().filter(|a| in_scope(a, as_of)).collect();
    let mut s = ActionSummary {
        total: actions.len() as u64,
        ..ActionSummary::default()
    };
    let mut ages = Vec::new();
    let mut overdue: Vec<(chrono::NaiveDate, &str)> = Vec::new();
    let mut cohorts: BTreeMap<Option<i64>, (u64, u64)> = BTreeMap::new();
    for a in &actions {
        let done = status_at(a, as_of) == ActionStatus::Done;
        if is_open(a, as_of) {
            s.open_ids.push(a.id.clone());
            if let Some(c) = a.created_at {
                ages.push((as_of - c).num_days() as f64);
            }
        }
        if is_overdue(a, as_of) {
            overdue.push((a.due.expect("overdue has due"), &a.id));
        }
        if a.status != ActionStatus::WontDo {
            let e = cohorts
                .entry(a.created_at.map(|d| ctx.cal.index_of_date(d)))
                .or_default();
            e.1 += 1;
            if done {
                e.0 += 1;
            }
        }
        if done && let (Some(due), Some(done)) = (a.due, a.completed_at) {
            s.on_time_eligible += 1;
            if done <= due {
                s.on_time += 1;
            }
        }
        for (key, map) in [(&a.owner, &mut s.by_owner), (&a.team, &mut s.by_team)] {
            let e = map
                .entry(key.clone().unwrap_or_else(|| "(none)".into()))
                .or_insert_with(OwnerActions::default);
            if is_open(a, as_of) {
                e.open += 1;
            }
            if done {
                e.done += 1;
            }
            if is_overdue(a, as_of) {
                e.overdue += 1;
                e.overdue_ids.push(a.id.clone());
            }
        }
    }
    s.open = s.open_ids.len() as u64;
    s.open_ids.sort();
    overdue.sort();
    s.overdue = overdue.len() as u64;
    s.overdue_ids = overdue.into_iter().map(|(_, id)| id.to_string()).collect();
    s.overdue_at_previous_end = ctx.current.map(|p| {
        let day = ctx.cal.start_date(p);
        actions.iter().filter(|a| was_overdue(a, day)).count() as u64
    });
    ages.sort_by(f64::total_cmp);
    s.median_open_age_days = quantile_sorted(&ages, 0.5);
    s.completion_by_cohort = cohorts
        .into_iter()
        .map(|(k, (done, eligible))| CohortCompletion {
            cohort: k.map_or_else(|| "(undated)".to_string(), |i| ctx.label(i)),
            done,
            eligible,
            rate: share(done, eligible),
        })
        .collect();
    s.on_time_rate = share(s.on_time, s.on_time_eligible);
    s.slo_met = s.on_time_eligible as usize >= ctx.min_sample()
        && s.on_time_rate
            .is_some_and(|r| r >= ctx.settings.thresholds.action_slo_on_time);
    s.coverage = coverage(ctx, data);
    for v in s.by_owner.values_mut().chain(s.by_team.values_mut()) {
        v.overdue_ids.sort();
    }
    s
}

/// Share of sev1–2 incidents (not canceled) with a published postmortem.
pub fn coverage(ctx: &Ctx, data: &Dataset) -> PostmortemCoverage {
    let published: BTreeSet<&str> = data
        .postmortems
        .iter()
        .filter(|p| p.status == PostmortemStatus::Published)
        .map(|p| p.slug.as_str())
        .collect();
    let covered: BTreeSet<String> = postmortem_incidents(ctx, data)
        .into_iter()
        .filter(|(slug, _)| published.contains(slug.as_str()))
        .flat_map(|(_, ids)| ids)
        .collect();
    let mut c = PostmortemCoverage::default();
    for inc in ctx.incidents.iter().filter(|i| !i.canceled()) {
        if !matches!(inc.rec.severity.level, Some(1 | 2)) {
            continue;
        }
        c.sev12 += 1;
        if covered.contains(&inc.rec.id) {
            c.with_postmortem += 1;
        } else {
            c.missing_ids.push(inc.rec.id.clone());
        }
    }
    c.missing_ids.sort();
    c.share = share(c.with_postmortem, c.sev12);
    c
}
