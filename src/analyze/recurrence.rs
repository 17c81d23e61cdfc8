//! Recurrence: key = (service, fingerprint). An incident is a repeat when another with the
//! same key started within `window_days` before it. The window is inclusive: a gap of
//! exactly `window_days` counts. Incidents with equal starts are ordered by id, so the
//! second one is a repeat of the first.

use super::context::Ctx;
use super::durations::service_keys;
use super::report::{RecurredAfterFix, RecurrenceKey, RecurrencePeriod, RecurrenceReport};
use super::stats::share;
use crate::model::{ActionStatus, ActionType, Dataset};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Top keys listed in the report.
const TOP_KEYS: usize = 20;

/// (service, fingerprint) -> incident positions in `ctx.incidents`, ordered by start, id.
pub type KeyIndex = BTreeMap<(String, String), Vec<usize>>;

/// Marks `repeat` on the context's incidents and returns the key index.
pub fn mark_repeats(ctx: &mut Ctx) -> KeyIndex {
    let mut index: KeyIndex = BTreeMap::new();
    for (pos, inc) in ctx.incidents.iter().enumerate() {
        for s in service_keys(inc) {
            index
                .entry((s, inc.rec.fingerprint.clone()))
                .or_default()
                .push(pos);
        }
    }
    for list in index.values_mut() {
        list.sort_by(|&a, &b| {
            let (x, y) = (&ctx.incidents[a], &ctx.incidents[b]);
            x.start.cmp(&y.start).then_with(|| x.rec.id.cmp(&y.rec.id))
        });
    }
    let marks: Vec<usize> = index
        .values()
        .flat_map(|list| key_repeats(ctx, list))
        .filter(|r| r.1)
        .map(|r| r.0)
        .collect();
    for i in marks {
        ctx.incidents[i].repeat = true;
    }
    index
}

/// Repeat flags within one key's list (ordered by start, id): a repeat *on this key*, which
/// an incident with several services need not be on every one of them.
pub fn key_repeats<'a>(
    ctx: &'a Ctx,
    list: &'a [usize],
) -> impl Iterator<Item = (usize, bool)> + 'a {
    let window = chrono::Duration::days(ctx.settings.recurrence.window_days as i64);
    list.iter().enumerate().map(move |(k, &i)| {
        let near = k > 0 && ctx.incidents[i].start - ctx.incidents[list[k - 1]].start <= window;
        (i, near)
    })
}

/// Service -> ids of the incidents that repeat on that service's keys.
pub fn repeats_by_service<'a>(
    ctx: &'a Ctx,
    index: &KeyIndex,
) -> BTreeMap<String, BTreeSet<&'a str>> {
    let mut out: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for ((service, _), list) in index {
        let set = out.entry(service.clone()).or_default();
        for (i, _) in key_repeats(ctx, list).filter(|r| r.1) {
            set.insert(ctx.incidents[i].rec.id.as_str());
        }
    }
    out
}

pub fn compute(ctx: &Ctx, index: &KeyIndex, data: &Dataset) -> RecurrenceReport {
    let mut per: Vec<RecurrencePeriod> = ctx
        .period_indices()
        .into_iter()
        .map(|p| RecurrencePeriod {
            period: ctx.label(p),
            ..RecurrencePeriod::default()
        })
        .collect();
    let mut total = 0;
    let mut repeats = 0;
    for inc in &ctx.incidents {
        total += 1;
        let Some(slot) = ctx.slot(inc.period) else {
            continue;
        };
        per[slot].incidents += 1;
        if inc.repeat {
            repeats += 1;
            per[slot].repeats += 1;
            per[slot].repeat_ids.push(inc.rec.id.clone());
        }
    }
    for p in &mut per {
        p.rate = share(p.repeats, p.incidents);
        p.repeat_ids.sort();
    }
    let mut keys: Vec<RecurrenceKey> = index
        .iter()
        .map(|((service, fp), list)| {
            let mut ids: Vec<String> = list
                .iter()
                .map(|&i| ctx.incidents[i].rec.id.clone())
                .collect();
            ids.sort();
            RecurrenceKey {
                service: service.clone(),
                fingerprint: fp.clone(),
                incidents: list.len() as u64,
                repeats: key_repeats(ctx, list).filter(|r| r.1).count() as u64,
                ids,
            }
        })
        .filter(|k| k.repeats > 0)
        .collect();
    keys.sort_by(|a, b| {
        b.repeats
            .cmp(&a.repeats)
            .then(b.incidents.cmp(&a.incidents))
            .then_with(|| (&a.service, &a.fingerprint).cmp(&(&b.service, &b.fingerprint)))
    });
    keys.truncate(TOP_KEYS);
    RecurrenceReport {
        window_days: ctx.settings.recurrence.window_days,
        inclusive: true,
        incidents: total,
        repeats,
        rate: share(repeats, total),
        per_period: per,
        top_keys: keys,
        recurred_after_fix: after_fix(ctx, index, data),
    }
}

/// Repeats that started after the day a linked prevent action was done. An action links
/// to the incidents of its postmortem (listed in the postmortem, or naming it).
fn after_fix(ctx: &Ctx, index: &KeyIndex, data: &Dataset) -> Vec<RecurredAfterFix> {
    let incidents_of = postmortem_incidents(ctx, data);
    let mut keys_of_incident: BTreeMap<&str, Vec<&(String, String)>> = BTreeMap::new();
    for (key, list) in index {
        for &i in list {
            keys_of_incident
                .entry(&ctx.incidents[i].rec.id)
                .or_default()
                .push(key);
        }
    }
    // A key's repeats by local start date, computed once however many done prevent
    // actions link to the key.
    let mut repeats_of_key: BTreeMap<&(String, String), Vec<(NaiveDate, &str)>> = BTreeMap::new();
    let mut out = Vec::new();
    for a in data.all_actions() {
        let (Some(pm), Some(done)) = (&a.postmortem, a.completed_at) else {
            continue;
        };
        if a.kind != Some(ActionType::Prevent) || a.status != ActionStatus::Done {
            continue;
        }
        let mut keys: BTreeSet<&(String, String)> = BTreeSet::new();
        for id in incidents_of.get(pm.as_str()).into_iter().flatten() {
            keys.extend(keys_of_incident.get(id.as_str()).into_iter().flatten());
        }
        for key in keys {
            let reps = repeats_of_key.entry(key).or_insert_with(|| {
                // In date order already: the key's list is ordered by start.
                key_repeats(ctx, &index[key])
                    .filter(|r| r.1)
                    .map(|(i, _)| (ctx.incidents[i].date, ctx.incidents[i].rec.id.as_str()))
                    .collect::<Vec<(NaiveDate, &str)>>()
            });
            let after = reps.partition_point(|r| r.0 <= done);
            let mut repeat_ids: Vec<String> =
                reps[after..].iter().map(|r| r.1.to_string()).collect();
            if repeat_ids.is_empty() {
                continue;
            }
            repeat_ids.sort();
            out.push(RecurredAfterFix {
                service: key.0.clone(),
                fingerprint: key.1.clone(),
                postmortem: Some(pm.clone()),
                action_id: a.id.clone(),
                action_completed: done.to_string(),
                repeat_ids,
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.service, &a.fingerprint, &a.action_id).cmp(&(&b.service, &b.fingerprint, &b.action_id))
    });
    out
}

/// Postmortem slug -> incident ids, from both sides of the link.
pub fn postmortem_incidents(ctx: &Ctx, data: &Dataset) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &data.postmortems {
        map.entry(p.slug.clone())
            .or_default()
            .extend(p.incidents.iter().cloned());
    }
    for inc in &ctx.incidents {
        if let Some(pm) = &inc.rec.postmortem {
            map.entry(pm.clone())
                .or_default()
                .insert(inc.rec.id.clone());
        }
    }
    map
}
