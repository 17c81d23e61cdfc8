//! Report -> the list of chart specs: which charts exist, their stable ids, data and
//! captions. Ids are built from names (never from positions), so a chart keeps its URL.

use std::collections::BTreeMap;

mod scoped;
mod site;

use crate::analyze::{Change, DurationMetric, DurationStats, Report, ThemeReport};
use crate::charts::derived::{self, Frame};
use crate::charts::palette;
use crate::charts::spec::*;
use crate::charts::words;
use crate::config::Config;
use crate::model::{ActionItem, Dataset};
use crate::site::urls::slugify;

/// Per-theme and per-service charts need at least this many times `min_sample` incidents.
const MEANINGFUL_FACTOR: u64 = 2;
/// Noise chart: the top fingerprints shown.
const NOISE_TOP: usize = 10;
/// Kaplan–Meier curves are thinned to steps of at least this share (keeps files small at
/// 100k incidents without changing the picture).
const KM_MIN_STEP: f64 = 0.002;

struct Ctx<'a> {
    report: &'a Report,
    periods: Vec<String>,
    min_sample: usize,
    confidence: f64,
    current: Option<&'a str>,
    previous: Option<&'a str>,
}

/// Every chart spec for the report, in a fixed order: site charts, then themes, then
/// services (each sorted by slug).
pub fn specs(report: &Report, dataset: &Dataset, config: &Config) -> Vec<ChartSpec> {
    let cx = Ctx {
        report,
        periods: report.periods.iter().map(|p| p.label.clone()).collect(),
        min_sample: report.settings.min_sample.max(1),
        confidence: if report.settings.confidence > 0.0 {
            report.settings.confidence
        } else {
            0.95
        },
        current: report.current_period.as_deref(),
        previous: report.previous_period.as_deref(),
    };
    let frame = Frame::new(report, config);
    let samples = frame
        .as_ref()
        .map(|f| derived::restore_samples(dataset, f))
        .unwrap_or_default();
    let mut out = vec![
        site::incidents_by_severity(&cx),
        site::duration_band(&cx, "restore"),
        site::duration_band(&cx, "resolve"),
        site::duration_distribution(&cx, &samples),
        site::still_unresolved(&cx),
        site::repeat_rate(&cx),
        site::noise_by_fingerprint(&cx),
        site::action_burndown(&cx, dataset),
    ];
    out.extend(report.series.iter().map(|s| site::series_chart(&cx, s)));
    let mut themes: Vec<&ThemeReport> = report.themes.iter().collect();
    themes.sort_by(|a, b| a.slug.cmp(&b.slug));
    for t in themes {
        out.extend(scoped::theme_charts(&cx, t));
    }
    if let Some(frame) = &frame {
        out.extend(scoped::service_charts(&cx, &samples, frame));
    }
    unique_ids(&mut out);
    out
}

/// Two names can slugify alike ("p95 latency" and "p95-latency"); the later chart gets
/// "-2", "-3"... Names are processed in sorted order, so the result is stable.
fn unique_ids(specs: &mut [ChartSpec]) {
    let mut seen = std::collections::BTreeSet::new();
    for s in specs.iter_mut() {
        let base = s.id.clone();
        let mut n = 1;
        while !seen.insert(s.id.clone()) {
            n += 1;
            s.id = format!("{base}-{n}");
        }
    }
}

fn spec(id: String, title: String, caption: String, scope: &str, kind: ChartKind) -> ChartSpec {
    ChartSpec {
        id,
        title,
        caption,
        scope: scope.to_string(),
        x_label: String::new(),
        y_label: String::new(),
        kind,
    }
}

fn with_axes(mut s: ChartSpec, x: &str, y: &str) -> ChartSpec {
    s.x_label = x.to_string();
    s.y_label = y.to_string();
    s
}

fn change_words(cx: &Ctx, change: Option<&Change>, unit: &str) -> Option<String> {
    change.and_then(|c| words::verdict(c, unit, cx.confidence))
}

fn too_few(cx: &Ctx, what: &str, n: u64) -> String {
    format!(
        "Too few {what} to chart (n = {n}; at least {} needed).",
        cx.min_sample
    )
}

fn band_from(cx: &Ctx, by_period: &BTreeMap<String, DurationStats>) -> Band {
    let get = |p: &String| by_period.get(p).filter(|s| !s.too_few);
    Band {
        periods: cx.periods.clone(),
        n: cx
            .periods
            .iter()
            .map(|p| by_period.get(p).map_or(0, |s| s.n))
            .collect(),
        median: cx
            .periods
            .iter()
            .map(|p| get(p).and_then(|s| s.median))
            .collect(),
        p75: cx
            .periods
            .iter()
            .map(|p| get(p).and_then(|s| s.p75))
            .collect(),
        p90: cx
            .periods
            .iter()
            .map(|p| get(p).and_then(|s| s.p90))
            .collect(),
    }
}

/// "Median time to restore fell from 94 min in 2026-05 to 61 min in 2026-06 (n = 23); ..."
fn median_caption(
    cx: &Ctx,
    what: &str,
    by_period: &BTreeMap<String, DurationStats>,
    change: Option<&Change>,
) -> String {
    fn stat<'a>(
        m: &'a BTreeMap<String, DurationStats>,
        p: Option<&'a str>,
    ) -> Option<(&'a str, &'a DurationStats)> {
        p.and_then(|p| m.get(p).map(|s| (p, s)))
    }
    match (stat(by_period, cx.current), stat(by_period, cx.previous)) {
        (Some((cur, c)), _) if c.too_few => format!(
            "Too few incidents in {cur} for a median {what} (n = {}; at least {} needed).",
            c.n, cx.min_sample
        ),
        (Some((cur, c)), Some((prev, p))) if !p.too_few => match (p.median, c.median) {
            (Some(b), Some(a)) => {
                let finding = format!(
                    "median {what} {} (n = {})",
                    words::movement(b, a, "minutes", prev, cur),
                    c.n
                );
                let verdict = change_words(cx, change, "minutes")
                    .or_else(|| Some("this change was not tested against noise".to_string()));
                words::sentence(&finding, verdict)
            }
            _ => format!("No median {what} for {cur}."),
        },
        (Some((cur, c)), _) => match c.median {
            Some(m) => format!(
                "Median {what} in {cur} was {} (n = {}); the period before has too few incidents to compare.",
                words::minutes(m),
                c.n
            ),
            None => format!("No median {what} for {cur}."),
        },
        (None, _) => match cx.current {
            Some(cur) => format!("No incidents with a {what} in {cur}."),
            None => "No incidents in the data yet.".to_string(),
        },
    }
}
