//! Headline figures: the current period against the previous one, each with its change.

use super::change::{period_count_change, share_change};
use super::context::Ctx;
use super::noise::is_noisy;
use super::report::{ActionSummary, Change, DurationMetric, Headline, TicketReport};
use crate::config::Better;
use std::collections::BTreeMap;

fn base(id: &str, label: &str, unit: &str, better: Better, ctx: &Ctx) -> Headline {
    Headline {
        id: id.into(),
        label: label.into(),
        unit: unit.into(),
        better: super::change::better_str(better).into(),
        period: ctx.current.map(|p| ctx.label(p)),
        ..Headline::default()
    }
}

/// Incidents of a period (by start), as ids, and how many pass a filter.
fn period_ids(
    ctx: &Ctx,
    p: Option<i64>,
    keep: impl Fn(&super::context::Inc) -> bool,
) -> (u64, Vec<String>) {
    let Some(p) = p else { return (0, Vec::new()) };
    let mut ids: Vec<String> = Vec::new();
    let mut n = 0;
    for i in ctx.incidents.iter().filter(|i| i.period == p) {
        n += 1;
        if keep(i) {
            ids.push(i.rec.id.clone());
        }
    }
    ids.sort();
    (n, ids)
}

pub fn compute(
    ctx: &Ctx,
    durations: &BTreeMap<String, DurationMetric>,
    tickets: &TicketReport,
    actions: &ActionSummary,
) -> Vec<Headline> {
    let mut out = Vec::new();
    let min = ctx.min_sample();
    let both = ctx.current.is_some() && ctx.previous.is_some();

    let (n_now, ids) = period_ids(ctx, ctx.current, |_| true);
    let (n_prev, _) = period_ids(ctx, ctx.previous, |_| true);
    let mut h = base("incidents", "Incidents", "count", Better::Lower, ctx);
    h.value = ctx.current.map(|_| n_now as f64);
    h.previous = ctx.previous.map(|_| n_prev as f64);
    h.change = counts_change(ctx, n_prev, n_now);
    h.n = n_now;
    h.ids = ids;
    out.push(h);

    for (metric, label) in [
        ("restore", "Median time to restore"),
        ("resolve", "Median time to resolve"),
        ("acknowledge", "Median time to acknowledge"),
    ] {
        let m = &durations[metric];
        let at = |p: Option<i64>| p.and_then(|p| m.by_period.get(&ctx.label(p)));
        let mut h = base(
            &format!("{metric}_median"),
            label,
            "minutes",
            Better::Lower,
            ctx,
        );
        if let Some(s) = at(ctx.current) {
            h.value = s.median;
            h.n = s.n;
            h.too_few = s.too_few;
            h.ids = s.ids.clone();
        }
        h.previous = at(ctx.previous).and_then(|s| s.median);
        h.change = m.change.clone();
        out.push(h);
    }

    let fast = ctx.settings.thresholds.noise_fast_minutes;
    for (id, label, keep) in [
        (
            "repeat_rate",
            "Repeat rate",
            (|i: &super::context::Inc, _| i.repeat) as fn(&super::context::Inc, u32) -> bool,
        ),
        ("noise_share", "Share of noisy incidents", |i, f| {
            is_noisy(i, f)
        }),
    ] {
        let (n1, ids1) = period_ids(ctx, ctx.previous, |i| keep(i, fast));
        let (n2, ids2) = period_ids(ctx, ctx.current, |i| keep(i, fast));
        let mut h = base(id, label, "share", Better::Lower, ctx);
        h.value = (n2 > 0).then(|| ids2.len() as f64 / n2 as f64);
        h.previous = (n1 > 0).then(|| ids1.len() as f64 / n1 as f64);
        h.change = if both {
            share_change(
                (ids1.len() as u64, n1),
                (ids2.len() as u64, n2),
                Better::Lower,
                min,
            )
        } else {
            None
        };
        h.n = n2;
        h.too_few = (n2 as usize) < min;
        h.ids = ids2;
        out.push(h);
    }

    let count_at = |p: Option<i64>| {
        p.and_then(|p| tickets.per_period.iter().find(|c| c.period == ctx.label(p)))
            .map_or(0, |c| c.count)
    };
    let mut h = base("tickets", "Tickets", "count", Better::Lower, ctx);
    h.value = ctx.current.map(|_| count_at(ctx.current) as f64);
    h.previous = ctx.previous.map(|_| count_at(ctx.previous) as f64);
    h.change = counts_change(ctx, count_at(ctx.previous), count_at(ctx.current));
    h.n = count_at(ctx.current);
    out.push(h);

    let mut h = base(
        "actions_overdue",
        "Overdue actions",
        "count",
        Better::Lower,
        ctx,
    );
    h.period = None;
    h.value = Some(actions.overdue as f64);
    h.previous = actions.overdue_at_previous_end.map(|v| v as f64);
    // Overdue items are a stock, not Poisson events: the change has no interval.
    h.change = h
        .previous
        .map(|prev| untested(actions.overdue as f64, prev, Better::Lower));
    h.n = actions.overdue;
    h.ids = actions.overdue_ids.clone();
    out.push(h);

    let c = &actions.coverage;
    let mut h = base(
        "postmortem_coverage",
        "Sev1–2 incidents with a published postmortem",
        "share",
        Better::Higher,
        ctx,
    );
    h.period = None;
    h.value = c.share;
    h.n = c.sev12;
    h.too_few = (c.sev12 as usize) < min;
    h.ids = c.missing_ids.clone();
    out.push(h);
    out
}

/// Previous against current period count, each period's days as exposure.
fn counts_change(ctx: &Ctx, before: u64, after: u64) -> Option<Change> {
    let (cur, prev) = (ctx.current?, ctx.previous?);
    Some(period_count_change(
        &ctx.cal,
        (prev, before),
        (cur, after),
        Better::Lower,
    ))
}

/// A change without an interval (`verdict: "untested"`).
pub fn untested(value: f64, previous: f64, better: Better) -> Change {
    let delta = value - previous;
    Change {
        delta,
        ratio: (previous != 0.0).then(|| value / previous),
        interval_of: "delta".into(),
        verdict: "untested".into(),
        method: "none".into(),
        direction: super::change::direction(delta, better),
        ..Change::default()
    }
}

/// True when a change is beyond noise in the better direction.
pub fn is_win(c: &Option<Change>) -> bool {
    c.as_ref()
        .is_some_and(|c| c.verdict == "beyond_noise" && c.direction == "better")
}
