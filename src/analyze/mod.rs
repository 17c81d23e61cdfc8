//! Records + settings -> [`Report`]: pure functions, no I/O. Implements DESIGN.md's
//! metric definitions; docs/report-schema.md explains every figure and method.

pub mod actions;
mod change;
mod context;
mod durations;
mod fingerprint;
mod headline;
mod json;
mod noise;
pub mod periods;
mod recurrence;
mod report;
mod series;
mod services;
pub mod stats;
mod survival;
mod theme_report;
mod themes;
mod tickets;
mod wins;

pub use fingerprint::normalise_title;
pub use json::report_json;
pub use report::*;

use crate::config::{Config, Period};
use crate::model::{Dataset, Timestamp};
use change::{BOOTSTRAP_SEED, CONFIDENCE};
use context::{Ctx, Inc};
use periods::{AsOf, Calendar};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Derives themes and fingerprints on the records (hence `&mut`) and computes every figure.
pub fn analyze(dataset: &mut Dataset, config: &Config) -> Report {
    let settings = &config.settings;
    let mut notes = Vec::new();
    themes::assign(dataset, &settings.themes, &mut notes);
    dataset
        .incidents
        .par_iter_mut()
        .for_each(|inc| inc.fingerprint = fingerprint::fingerprint(inc));
    let data: &Dataset = dataset;
    let cal = Calendar::new(settings.period, config.tz);
    let as_of = match config.as_of {
        Some(d) => AsOf::from_date(config.tz, d),
        None => AsOf::from_latest(config.tz, latest(data).unwrap_or_default()),
    };
    let mut after_as_of = 0u64;
    // Copies of the few incidents whose later timestamps fall after the as-of point, with
    // those timestamps cleared: as of then they were open, unacknowledged, ...
    let as_of_copies: BTreeMap<usize, crate::model::Incident> = data
        .incidents
        .iter()
        .enumerate()
        .filter_map(|(k, rec)| as_seen_at(rec, &as_of).map(|c| (k, c)))
        .collect();
    let mut incidents = Vec::with_capacity(data.incidents.len());
    for (k, rec) in data.incidents.iter().enumerate() {
        let (start, start_source) = rec.start();
        if !as_of.includes(start) {
            after_as_of += 1;
            continue;
        }
        let date = cal.local_date(start);
        incidents.push(Inc {
            rec: as_of_copies.get(&k).unwrap_or(rec),
            start,
            start_source,
            date,
            period: cal.index_of_date(date),
            severity: rec.severity.label(),
            repeat: false,
        });
    }
    let tix = tickets::views(&cal, &as_of, data);
    after_as_of += (data.tickets.len() - tix.len()) as u64
        + data
            .metrics
            .iter()
            .filter(|m| !as_of.includes(m.at))
            .count() as u64
        + data
            .all_actions()
            .filter(|a| !actions::in_scope(a, as_of.date))
            .count() as u64;
    if after_as_of > 0 {
        notes.push(format!(
            "{after_as_of} records start after the as-of date and are left out"
        ));
    }
    let range = period_range(&cal, &as_of, &incidents, data);
    let (current, previous) = current_and_previous(&cal, &as_of, range);
    let mut ctx = Ctx {
        cal,
        as_of,
        settings,
        incidents,
        range,
        current,
        previous,
    };
    let index = recurrence::mark_repeats(&mut ctx);
    let ctx = ctx;

    // Independent figures over the same borrowed records: computed in parallel.
    let ((durations, ticket_report), (action_summary, (series, actions_by_theme))) = rayon::join(
        || rayon::join(|| durations::compute(&ctx), || tickets::compute(&ctx, &tix)),
        || {
            rayon::join(
                || actions::compute(&ctx, data),
                || {
                    rayon::join(
                        || series::compute(&ctx, data),
                        || theme_report::actions_by_theme(&ctx, data),
                    )
                },
            )
        },
    );
    // The figures built on those, and the independent rest, also side by side.
    let ((themes, headline, wins), ((survival, volume, recurrence), (noise, unthemed, services))) =
        rayon::join(
            || {
                let themes = theme_report::compute(&ctx, &tix, &actions_by_theme);
                let headline = headline::compute(&ctx, &durations, &ticket_report, &action_summary);
                let wins = wins::compute(
                    &ctx,
                    data,
                    &wins::Inputs {
                        headline: &headline,
                        tickets: &ticket_report,
                        series: &series,
                        themes: &themes,
                        actions: &action_summary,
                    },
                );
                (themes, headline, wins)
            },
            || {
                rayon::join(
                    || {
                        (
                            survival::compute(&ctx),
                            volume(&ctx),
                            recurrence::compute(&ctx, &index, data),
                        )
                    },
                    || {
                        (
                            noise::compute(&ctx),
                            theme_report::unthemed(&ctx, &tix),
                            services::compute(&ctx, &index),
                        )
                    },
                )
            },
        );
    Report {
        schema_version: SCHEMA_VERSION,
        as_of: ctx
            .as_of
            .shown
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        as_of_date: ctx.as_of.date.to_string(),
        as_of_source: if ctx.as_of.from_config {
            "config"
        } else {
            "data"
        }
        .into(),
        settings: report_settings(config),
        periods: ctx
            .period_indices()
            .into_iter()
            .map(|p| PeriodInfo {
                label: ctx.label(p),
                start: ctx.cal.start_date(p).to_string(),
                end: ctx.cal.start_date(p + 1).to_string(),
                complete: ctx.cal.start_instant(p + 1) <= ctx.as_of.end,
            })
            .collect(),
        current_period: ctx.current.map(|p| ctx.label(p)),
        previous_period: ctx.previous.map(|p| ctx.label(p)),
        counts: Counts {
            incidents: ctx.incidents.len() as u64,
            incidents_open: ctx
                .incidents
                .iter()
                .filter(|i| i.rec.resolved_at.is_none() && !i.canceled())
                .count() as u64,
            incidents_canceled: ctx.incidents.iter().filter(|i| i.canceled()).count() as u64,
            tickets: tix.len() as u64,
            tickets_open: tickets::open_count(&tix, &ctx.as_of),
            metric_points: data
                .metrics
                .iter()
                .filter(|m| ctx.as_of.includes(m.at))
                .count() as u64,
            postmortems: data.postmortems.len() as u64,
            actions: action_summary.total,
            after_as_of,
        },
        headline,
        survival,
        volume,
        recurrence,
        noise,
        unthemed,
        services,
        durations,
        actions: action_summary,
        tickets: ticket_report,
        series,
        wins,
        themes,
        notes,
    }
}

/// The incident as known at the as-of point, when any of its detected, acknowledged,
/// mitigated or resolved timestamps lies after it; `None` when nothing needs clearing.
fn as_seen_at(rec: &crate::model::Incident, as_of: &AsOf) -> Option<crate::model::Incident> {
    let later = |t: Option<Timestamp>| t.is_some_and(|t| !as_of.includes(t));
    let fields = [
        rec.detected_at,
        rec.acknowledged_at,
        rec.mitigated_at,
        rec.resolved_at,
    ];
    if !fields.into_iter().any(later) || !as_of.includes(rec.start().0) {
        return None;
    }
    let mut c = rec.clone();
    for t in [
        &mut c.detected_at,
        &mut c.acknowledged_at,
        &mut c.mitigated_at,
        &mut c.resolved_at,
    ] {
        if later(*t) {
            *t = None;
        }
    }
    Some(c)
}

/// The latest timestamp anywhere in the data: the as-of point when none is configured.
fn latest(data: &Dataset) -> Option<Timestamp> {
    let inc = data.incidents.iter().flat_map(|i| {
        [
            i.impact_start_at,
            i.detected_at,
            Some(i.created_at),
            i.acknowledged_at,
            i.mitigated_at,
            i.resolved_at,
        ]
        .into_iter()
        .flatten()
    });
    let tix = data
        .tickets
        .iter()
        .flat_map(|t| [Some(t.created_at), t.resolved_at].into_iter().flatten());
    let met = data.metrics.iter().map(|m| m.at);
    inc.chain(tix).chain(met).max()
}

/// From the earliest record's period to the as-of period.
fn period_range(
    cal: &Calendar,
    as_of: &AsOf,
    incidents: &[Inc],
    data: &Dataset,
) -> Option<(i64, i64)> {
    let first = incidents
        .iter()
        .map(|i| i.start)
        .chain(data.tickets.iter().map(|t| t.created_at))
        .chain(data.metrics.iter().map(|m| m.at))
        .filter(|t| as_of.includes(*t))
        .min()?;
    Some((cal.index_of(first), cal.index_of_date(as_of.date)))
}

/// The latest complete period is "current" (a partial period would look like a drop);
/// when none is complete yet, the as-of period itself.
fn current_and_previous(
    cal: &Calendar,
    as_of: &AsOf,
    range: Option<(i64, i64)>,
) -> (Option<i64>, Option<i64>) {
    let Some((first, last)) = range else {
        return (None, None);
    };
    let cur = if cal.start_instant(last + 1) <= as_of.end || last == first {
        last
    } else {
        last - 1
    };
    (Some(cur), (cur > first).then_some(cur - 1))
}

fn volume(ctx: &Ctx) -> Vec<VolumePeriod> {
    let mut out: Vec<VolumePeriod> = ctx
        .period_indices()
        .into_iter()
        .map(|p| VolumePeriod {
            period: ctx.label(p),
            ..VolumePeriod::default()
        })
        .collect();
    for i in &ctx.incidents {
        if let Some(s) = ctx.slot(i.period) {
            let v = &mut out[s];
            v.incidents += 1;
            *v.by_severity.entry(i.severity.clone()).or_default() += 1;
            v.ids.push(i.rec.id.clone());
        }
    }
    out.iter_mut().for_each(|v| v.ids.sort());
    out
}

fn report_settings(config: &Config) -> ReportSettings {
    let s = &config.settings;
    let t = &s.thresholds;
    ReportSettings {
        timezone: config.tz.name().to_string(),
        period: match s.period {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
        .into(),
        recurrence_window_days: s.recurrence.window_days,
        recurrence_window_inclusive: true,
        min_sample: t.min_sample,
        noise_fast_minutes: t.noise_fast_minutes,
        cooccurrence_days: t.cooccurrence_days,
        quiet_periods: t.quiet_periods,
        action_slo_on_time: t.action_slo_on_time,
        bootstrap_resamples: t.bootstrap_resamples,
        bootstrap_seed: BOOTSTRAP_SEED,
        confidence: CONFIDENCE,
        hour_bands: BTreeMap::from([
            ("business".to_string(), s.hours.business),
            ("sleep".to_string(), s.hours.sleep),
        ]),
    }
}
