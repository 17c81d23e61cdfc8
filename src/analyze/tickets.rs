//! Tickets: volume and time to resolve by theme and component, and tickets that reach
//! users near incidents of the same theme or service.
//!
//! Co-occurrence is a binary search in each group's sorted incident start times, so it
//! stays O(n log n) at a million tickets; never a pairwise join.

use super::change::period_count_change;
use super::context::{Ctx, minutes};
use super::periods::{AsOf, Calendar};
use super::report::{Cooccurrence, DurationStats, PeriodCount, TicketGroup, TicketReport};
use super::stats::{share, value_stats};
use crate::config::Better;
use crate::model::{Dataset, Ticket, TicketCategory};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub struct TicketView<'a> {
    pub rec: &'a Ticket,
    pub period: i64,
    /// Minutes to resolve; `None` while open (as of the as-of point) or when resolved
    /// before created.
    pub resolve: Option<f64>,
}

/// Tickets created before the as-of end, with their period (in parallel, in dataset
/// order: a period is a time zone lookup, and there are a million tickets).
pub fn views<'a>(cal: &Calendar, as_of: &AsOf, data: &'a Dataset) -> Vec<TicketView<'a>> {
    data.tickets
        .par_iter()
        .filter(|t| as_of.includes(t.created_at))
        .map(|t| TicketView {
            rec: t,
            period: cal.index_of(t.created_at),
            resolve: t
                .resolved_at
                .filter(|r| as_of.includes(*r))
                .map(|r| minutes(t.created_at, r))
                .filter(|m| *m >= 0.0),
        })
        .collect()
}

pub fn compute(ctx: &Ctx, tickets: &[TicketView]) -> TicketReport {
    let min = ctx.min_sample();
    // Four passes over a million tickets, side by side: run one after another they left
    // the second core idle at the end of analysis (scale L).
    let ((by_theme, by_component), ((per_period, resolve), (cooccurrence, by_service))) =
        rayon::join(
            || groups(ctx, tickets),
            || {
                rayon::join(
                    || {
                        let all: Vec<&TicketView> = tickets.iter().collect();
                        (per_period(ctx, &all), resolve_stats(&all, min))
                    },
                    || {
                        rayon::join(
                            || cooccurrence_by_theme(ctx, tickets),
                            || cooccurrence_by_service(ctx, tickets),
                        )
                    },
                )
            },
        );
    TicketReport {
        total: tickets.len() as u64,
        per_period,
        resolve,
        by_theme,
        by_component,
        cooccurrence,
        cooccurrence_by_service: by_service,
    }
}

type Groups = BTreeMap<String, TicketGroup>;

/// The figures of each theme's and each component's tickets.
fn groups(ctx: &Ctx, tickets: &[TicketView]) -> (Groups, Groups) {
    // Keys borrowed from the tickets: a million tickets pass through here.
    let mut by_theme: BTreeMap<&str, Vec<&TicketView>> = BTreeMap::new();
    let mut by_component: BTreeMap<&str, Vec<&TicketView>> = BTreeMap::new();
    for t in tickets {
        for th in &t.rec.themes {
            by_theme.entry(th).or_default().push(t);
        }
        let comps = &t.rec.components;
        if comps.is_empty() {
            by_component.entry("(none)").or_default().push(t);
        }
        // Each distinct component once (a ticket may list one twice).
        for (i, c) in comps.iter().enumerate() {
            if !comps[..i].contains(c) {
                by_component.entry(c).or_default().push(t);
            }
        }
    }
    let figures = |m: BTreeMap<&str, Vec<&TicketView>>| -> Groups {
        m.par_iter()
            .map(|(k, v)| (k.to_string(), group(ctx, v)))
            .collect()
    };
    rayon::join(|| figures(by_theme), || figures(by_component))
}

pub fn per_period(ctx: &Ctx, tickets: &[&TicketView]) -> Vec<PeriodCount> {
    let mut counts = vec![0u64; ctx.period_count()];
    for t in tickets {
        if let Some(s) = ctx.slot(t.period) {
            counts[s] += 1;
        }
    }
    ctx.period_indices()
        .into_iter()
        .zip(counts)
        .map(|(p, count)| PeriodCount {
            period: ctx.label(p),
            count,
        })
        .collect()
}

/// Ticket statistics carry no ids: at a million tickets the lists would dwarf every other
/// figure in report.json. The records behind a theme or component are the tickets whose
/// `themes` / `components` hold it (the site has them in the dataset).
fn resolve_stats(tickets: &[&TicketView], min: usize) -> DurationStats {
    let values = tickets.iter().filter_map(|t| t.resolve).collect();
    value_stats(values, min)
}

fn group(ctx: &Ctx, tickets: &[&TicketView]) -> TicketGroup {
    let min = ctx.min_sample();
    let mut by_period: BTreeMap<i64, Vec<&TicketView>> = BTreeMap::new();
    for t in tickets {
        by_period.entry(t.period).or_default().push(t);
    }
    let count = |p: Option<i64>| {
        p.and_then(|p| by_period.get(&p))
            .map_or(0, |v| v.len() as u64)
    };
    let change = match (ctx.current, ctx.previous) {
        (Some(c), Some(p)) => Some(period_count_change(
            &ctx.cal,
            (p, count(Some(p))),
            (c, count(Some(c))),
            Better::Lower,
        )),
        _ => None,
    };
    TicketGroup {
        tickets: tickets.len() as u64,
        per_period: per_period(ctx, tickets),
        resolve: resolve_stats(tickets, min),
        resolve_by_period: ctx
            .period_indices()
            .into_iter()
            .map(|p| {
                let v = by_period.get(&p).map(Vec::as_slice).unwrap_or(&[]);
                (ctx.label(p), resolve_stats(v, min))
            })
            .collect(),
        change,
    }
}

/// Sorted start times (seconds) per key.
type Times = BTreeMap<String, Vec<i64>>;

fn near(times: Option<&Vec<i64>>, t: i64, window: i64) -> bool {
    let Some(times) = times else { return false };
    let i = times.partition_point(|&x| x < t - window);
    i < times.len() && times[i] <= t + window
}

fn window_secs(ctx: &Ctx) -> i64 {
    ctx.settings.thresholds.cooccurrence_days as i64 * 86_400
}

fn cooccurrence_by_theme(ctx: &Ctx, tickets: &[TicketView]) -> BTreeMap<String, Cooccurrence> {
    let mut times: Times = BTreeMap::new();
    let mut theme_of: BTreeMap<&str, &[String]> = BTreeMap::new();
    for inc in &ctx.incidents {
        theme_of.insert(&inc.rec.id, &inc.rec.themes);
        for th in &inc.rec.themes {
            times
                .entry(th.clone())
                .or_default()
                .push(inc.start.timestamp());
        }
    }
    times.values_mut().for_each(|v| v.sort_unstable());
    let w = window_secs(ctx);
    // Keyed by the tickets' shared theme names: no string copy per ticket. Tallies are
    // counts, so the parts add up to the same figures in any order.
    let out = (tickets.par_iter())
        .fold(BTreeMap::new, |mut out: BTreeMap<&str, Cooccurrence>, t| {
            for th in t.rec.themes.iter().map(|th| &**th) {
                let linked = t.rec.linked_incidents.iter().any(|id| {
                    theme_of
                        .get(id.as_str())
                        .is_some_and(|ths| ths.iter().any(|x| x == th))
                });
                let is_near = near(times.get(th), t.rec.created_at.timestamp(), w);
                tally(out.entry(th).or_default(), linked, is_near);
            }
            out
        })
        .reduce(BTreeMap::new, |mut a, b| {
            for (th, c) in b {
                add(a.entry(th).or_default(), &c);
            }
            a
        });
    out.into_iter()
        .map(|(th, mut c)| {
            finish(&mut c);
            (th.to_string(), c)
        })
        .collect()
}

fn cooccurrence_by_service(ctx: &Ctx, tickets: &[TicketView]) -> Cooccurrence {
    let mut times: Times = BTreeMap::new();
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for inc in &ctx.incidents {
        ids.insert(&inc.rec.id);
        for s in &inc.rec.services {
            times
                .entry(s.to_lowercase())
                .or_default()
                .push(inc.start.timestamp());
        }
    }
    times.values_mut().for_each(|v| v.sort_unstable());
    let w = window_secs(ctx);
    let mut out = (tickets.par_iter())
        .fold(Cooccurrence::default, |mut out, t| {
            let linked = t
                .rec
                .linked_incidents
                .iter()
                .any(|id| ids.contains(id.as_str()));
            let ts = t.rec.created_at.timestamp();
            let is_near = t
                .rec
                .components
                .iter()
                .any(|c| near(times.get(&c.to_lowercase()), ts, w));
            tally(&mut out, linked, is_near);
            out
        })
        .reduce(Cooccurrence::default, |mut a, b| {
            add(&mut a, &b);
            a
        });
    finish(&mut out);
    out
}

fn tally(c: &mut Cooccurrence, linked: bool, is_near: bool) {
    c.tickets += 1;
    c.linked += linked as u64;
    c.near += is_near as u64;
    c.either += (linked || is_near) as u64;
}

fn add(c: &mut Cooccurrence, other: &Cooccurrence) {
    c.tickets += other.tickets;
    c.linked += other.linked;
    c.near += other.near;
    c.either += other.either;
}

fn finish(c: &mut Cooccurrence) {
    c.share = share(c.either, c.tickets);
}

/// Open as of the as-of point: still open, or resolved after it.
pub fn open_count(tickets: &[TicketView], as_of: &AsOf) -> u64 {
    tickets
        .iter()
        .filter(|t| {
            t.rec.category == TicketCategory::Open
                || t.rec.resolved_at.is_some_and(|r| !as_of.includes(r))
        })
        .count() as u64
}
