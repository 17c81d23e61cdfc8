//! Every figure per theme, and the unthemed share.

use super::actions::{in_scope, is_open, is_overdue, status_at};
use super::change::period_count_change;
use super::context::{Ctx, Inc};
use super::durations::{group_stats, value};
use super::noise::is_noisy;
use super::recurrence::postmortem_incidents;
use super::report::{ThemePeriod, ThemeReport, Unthemed};
use super::stats::{quantile_sorted, share};
use super::tickets::TicketView;
use crate::config::Better;
use crate::model::{ActionItem, ActionStatus, ActionType, Dataset};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Theme slug -> action items linked to it: through the postmortem's own themes or the
/// themes of the postmortem's incidents.
pub fn actions_by_theme<'a>(ctx: &Ctx, data: &'a Dataset) -> BTreeMap<String, Vec<&'a ActionItem>> {
    let incidents_of = postmortem_incidents(ctx, data);
    let themes_of_incident: BTreeMap<&str, &[String]> = ctx
        .incidents
        .iter()
        .map(|i| (i.rec.id.as_str(), i.rec.themes.as_slice()))
        .collect();
    let mut pm_themes: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for p in &data.postmortems {
        pm_themes
            .entry(&p.slug)
            .or_default()
            .extend(p.themes.iter().cloned());
    }
    for (slug, ids) in &incidents_of {
        let set = pm_themes.entry(slug.as_str()).or_default();
        for id in ids {
            if let Some(ths) = themes_of_incident.get(id.as_str()) {
                set.extend(ths.iter().cloned());
            }
        }
    }
    let mut out: BTreeMap<String, Vec<&ActionItem>> = BTreeMap::new();
    for a in data.all_actions().filter(|a| in_scope(a, ctx.as_of.date)) {
        let Some(pm) = &a.postmortem else { continue };
        for th in pm_themes.get(pm.as_str()).into_iter().flatten() {
            out.entry(th.clone()).or_default().push(a);
        }
    }
    out
}

/// The day the theme's last prevent action was done, when every prevent action is closed
/// and at least one is done.
pub fn prevent_closed(actions: &[&ActionItem], as_of: NaiveDate) -> Option<NaiveDate> {
    let prevent: Vec<&&ActionItem> = actions
        .iter()
        .filter(|a| a.kind == Some(ActionType::Prevent))
        .collect();
    if prevent.is_empty() || prevent.iter().any(|a| !status_at(a, as_of).is_closed()) {
        return None;
    }
    prevent
        .iter()
        .filter(|a| a.status == ActionStatus::Done)
        .filter_map(|a| a.completed_at)
        .max()
}

pub fn compute(
    ctx: &Ctx,
    tickets: &[TicketView],
    actions: &BTreeMap<String, Vec<&ActionItem>>,
) -> Vec<ThemeReport> {
    let mut incs: BTreeMap<&str, Vec<&Inc>> = BTreeMap::new();
    for i in &ctx.incidents {
        for th in &i.rec.themes {
            incs.entry(th).or_default().push(i);
        }
    }
    let mut ticket_periods: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for t in tickets {
        for th in &t.rec.themes {
            ticket_periods.entry(th).or_default().push(t.period);
        }
    }
    let min = ctx.min_sample();
    ctx.settings
        .themes
        .iter()
        .map(|spec| {
            let slug = spec.slug.as_str();
            let list = incs.get(slug).map(Vec::as_slice).unwrap_or(&[]);
            let tps = ticket_periods.get(slug).map(Vec::as_slice).unwrap_or(&[]);
            let acts = actions.get(slug).map(Vec::as_slice).unwrap_or(&[]);
            let mut trend: Vec<ThemePeriod> = ctx
                .period_indices()
                .into_iter()
                .map(|p| ThemePeriod {
                    period: ctx.label(p),
                    ..ThemePeriod::default()
                })
                .collect();
            let mut restore_by_slot: Vec<Vec<f64>> = vec![Vec::new(); trend.len()];
            for i in list {
                if let Some(s) = ctx.slot(i.period) {
                    trend[s].incidents += 1;
                    trend[s].repeats += i.repeat as u64;
                    if let Some((v, _)) =
                        value("restore", i).filter(|(v, _)| *v >= 0.0 && !i.canceled())
                    {
                        restore_by_slot[s].push(v);
                    }
                }
            }
            for p in tps {
                if let Some(s) = ctx.slot(*p) {
                    trend[s].tickets += 1;
                }
            }
            for (t, mut v) in trend.iter_mut().zip(restore_by_slot) {
                v.sort_by(f64::total_cmp);
                t.restore_median = quantile_sorted(&v, 0.5);
            }
            let count_at = |p: Option<i64>| {
                p.and_then(|p| ctx.slot(p))
                    .map_or(0, |s| trend[s].incidents)
            };
            let change = match (ctx.current, ctx.previous) {
                (Some(cur), Some(prev)) => Some(period_count_change(
                    &ctx.cal,
                    (prev, count_at(ctx.previous)),
                    (cur, count_at(ctx.current)),
                    Better::Lower,
                )),
                _ => None,
            };
            let growing = change
                .as_ref()
                .is_some_and(|c| c.verdict == "beyond_noise" && c.direction == "worse");
            let repeats = list.iter().filter(|i| i.repeat).count() as u64;
            let fast = ctx.settings.thresholds.noise_fast_minutes;
            let noisy = list.iter().filter(|i| is_noisy(i, fast)).count() as u64;
            let mut ids: Vec<String> = list.iter().map(|i| i.rec.id.clone()).collect();
            ids.sort();
            let mut action_ids: Vec<String> = acts.iter().map(|a| a.id.clone()).collect();
            action_ids.sort();
            action_ids.dedup();
            ThemeReport {
                slug: slug.to_string(),
                title: spec.title.clone().unwrap_or_else(|| slug.to_string()),
                description: spec.description.clone(),
                incidents: list.len() as u64,
                incident_ids: ids,
                tickets: tps.len() as u64,
                repeats,
                repeat_rate: share(repeats, list.len() as u64),
                restore: group_stats(list, "restore", min),
                resolve: group_stats(list, "resolve", min),
                noisy,
                noise_share: share(noisy, list.len() as u64),
                actions_open: acts.iter().filter(|a| is_open(a, ctx.as_of.date)).count() as u64,
                actions_overdue: acts
                    .iter()
                    .filter(|a| is_overdue(a, ctx.as_of.date))
                    .count() as u64,
                action_ids,
                prevent_actions_closed: prevent_closed(acts, ctx.as_of.date).map(|d| d.to_string()),
                trend,
                change,
                growing,
            }
        })
        .collect()
}

pub fn unthemed(ctx: &Ctx, tickets: &[TicketView]) -> Unthemed {
    let mut ids: Vec<String> = ctx
        .incidents
        .iter()
        .filter(|i| i.rec.themes.is_empty())
        .map(|i| i.rec.id.clone())
        .collect();
    ids.sort();
    let t = tickets.iter().filter(|t| t.rec.themes.is_empty()).count() as u64;
    Unthemed {
        incidents: ids.len() as u64,
        incident_share: share(ids.len() as u64, ctx.incidents.len() as u64),
        incident_ids: ids,
        tickets: t,
        ticket_share: share(t, tickets.len() as u64),
    }
}
