//! Report -> the list of chart specs: which charts exist, their stable ids, data and
//! captions. Ids are built from names (never from positions), so a chart keeps its URL.

use std::collections::BTreeMap;

use super::derived::{self, Frame};
use super::palette;
use super::spec::*;
use super::words;
use crate::analyze::{Change, DurationMetric, DurationStats, Report, ThemeReport};
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
        incidents_by_severity(&cx),
        duration_band(&cx, "restore"),
        duration_band(&cx, "resolve"),
        duration_distribution(&cx, &samples),
        still_unresolved(&cx),
        repeat_rate(&cx),
        noise_by_fingerprint(&cx),
        action_burndown(&cx, dataset),
    ];
    out.extend(report.series.iter().map(|s| series_chart(&cx, s)));
    let mut themes: Vec<&ThemeReport> = report.themes.iter().collect();
    themes.sort_by(|a, b| a.slug.cmp(&b.slug));
    for t in themes {
        out.extend(theme_charts(&cx, t));
    }
    if let Some(frame) = &frame {
        out.extend(service_charts(&cx, &samples, frame));
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

fn severity_rank(key: &str) -> usize {
    key.strip_prefix("sev")
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(5, |n| n.saturating_sub(1).min(4))
}

fn incidents_by_severity(cx: &Ctx) -> ChartSpec {
    let r = cx.report;
    let mut keys: Vec<&String> = r.volume.iter().flat_map(|v| v.by_severity.keys()).collect();
    keys.sort_by_key(|k| (severity_rank(k), k.to_string()));
    keys.dedup();
    let by_period: BTreeMap<&str, &crate::analyze::VolumePeriod> =
        r.volume.iter().map(|v| (v.period.as_str(), v)).collect();
    let series = keys
        .iter()
        .map(|k| BarSeries {
            name: k.to_string(),
            colour: palette::severity(severity_rank(k)),
            values: cx
                .periods
                .iter()
                .map(|p| {
                    by_period
                        .get(p.as_str())
                        .and_then(|v| v.by_severity.get(*k))
                        .copied()
                        .unwrap_or(0) as f64
                })
                .collect(),
        })
        .collect();
    let count = |p: Option<&str>| p.and_then(|p| by_period.get(p)).map_or(0, |v| v.incidents);
    let headline = r.headline.iter().find(|h| h.id == "incidents");
    let caption = match (cx.current, cx.previous) {
        (Some(cur), Some(prev)) => {
            let finding = format!(
                "{} incidents in {cur} against {} in {prev}",
                count(Some(cur)),
                count(Some(prev))
            );
            words::sentence(
                &finding,
                change_words(cx, headline.and_then(|h| h.change.as_ref()), "count"),
            )
        }
        (Some(cur), None) => format!(
            "{} incidents in {cur}; there is no earlier period to compare with.",
            count(Some(cur))
        ),
        _ => "No incidents in the data yet.".to_string(),
    };
    let kind = if r.counts.incidents == 0 {
        ChartKind::Message("No incidents in the data yet.".into())
    } else {
        ChartKind::StackedBars(StackedBars {
            periods: cx.periods.clone(),
            series,
        })
    };
    with_axes(
        spec(
            "incidents-by-severity".into(),
            "Incidents per period by severity".into(),
            caption,
            "site",
            kind,
        ),
        "",
        "incidents",
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

fn duration_band(cx: &Ctx, metric: &str) -> ChartSpec {
    let empty = DurationMetric::default();
    let m = cx.report.durations.get(metric).unwrap_or(&empty);
    let what = if metric == "restore" {
        "time to restore"
    } else {
        "time to resolve"
    };
    let mut caption = median_caption(cx, what, &m.by_period, m.change.as_ref());
    if metric == "restore" && m.end_fallback > 0 {
        caption.push_str(&format!(
            " {} incidents without a mitigation time use their resolve time.",
            m.end_fallback
        ));
    }
    let kind = if m.all.n == 0 {
        ChartKind::Message(format!("No incidents with a {what} yet."))
    } else {
        ChartKind::Band(band_from(cx, &m.by_period))
    };
    let title = format!("Median {what}, with the p75 to p90 band");
    with_axes(
        spec(format!("{metric}-time"), title, caption, "site", kind),
        "",
        "minutes",
    )
}

fn duration_distribution(cx: &Ctx, samples: &[(f64, &crate::model::Incident)]) -> ChartSpec {
    let values: Vec<f64> = samples.iter().map(|(m, _)| *m).collect();
    let empty = DurationStats::default();
    let all = cx
        .report
        .durations
        .get("restore")
        .map_or(&empty, |m| &m.all);
    let caption = match (all.median, all.p90) {
        (Some(med), Some(p90)) if !all.too_few => format!(
            "Half of incidents were restored within {} and one in ten took longer than {} (n = {}, all periods); \
             durations are skewed, so the scale is logarithmic.",
            words::minutes(med),
            words::minutes(p90),
            all.n
        ),
        _ => too_few(cx, "incidents with a restore time", all.n),
    };
    let kind = if (values.len() as u64) < cx.min_sample as u64 {
        ChartKind::Message(too_few(
            cx,
            "incidents with a restore time",
            values.len() as u64,
        ))
    } else {
        ChartKind::LogHistogram(LogHistogram {
            bins: derived::histogram(&values),
        })
    };
    with_axes(
        spec(
            "duration-distribution".into(),
            "How long incidents take to restore".into(),
            caption,
            "site",
            kind,
        ),
        "time to restore (log scale)",
        "incidents",
    )
}

fn still_unresolved(cx: &Ctx) -> ChartSpec {
    let km = &cx.report.survival.all;
    let caption = if (km.n as usize) < cx.min_sample {
        too_few(cx, "incidents", km.n)
    } else {
        let open = if km.censored > 0 {
            format!(
                "; the {} still open count as unresolved up to now (Kaplan–Meier)",
                km.censored
            )
        } else {
            String::new()
        };
        match km.median_minutes {
            Some(m) => format!(
                "Half of incidents were resolved within {} (n = {}{open}).",
                words::minutes(m),
                km.n
            ),
            None => format!(
                "More than half of incidents are still unresolved (n = {}{open}).",
                km.n
            ),
        }
    };
    let mut points: Vec<StepPoint> = Vec::new();
    for (i, p) in km.points.iter().enumerate() {
        let last = i + 1 == km.points.len();
        let keep = points
            .last()
            .is_none_or(|q| q.share - p.share_unresolved >= KM_MIN_STEP)
            || last;
        if keep {
            points.push(StepPoint {
                at: p.t_minutes,
                share: p.share_unresolved,
                at_risk: p.at_risk,
            });
        }
    }
    let kind = if (km.n as usize) < cx.min_sample {
        ChartKind::Message(too_few(cx, "incidents", km.n))
    } else {
        ChartKind::Step(StepCurve { points })
    };
    with_axes(
        spec(
            "still-unresolved".into(),
            "Share of incidents still unresolved after a given time".into(),
            caption,
            "site",
            kind,
        ),
        "time since start",
        "still unresolved",
    )
}

fn repeat_rate(cx: &Ctx) -> ChartSpec {
    let rec = &cx.report.recurrence;
    let by: BTreeMap<&str, &crate::analyze::RecurrencePeriod> = rec
        .per_period
        .iter()
        .map(|p| (p.period.as_str(), p))
        .collect();
    let values = cx
        .periods
        .iter()
        .map(|p| {
            by.get(p.as_str())
                .filter(|x| x.incidents as usize >= cx.min_sample)
                .and_then(|x| x.rate)
        })
        .collect();
    let headline = cx.report.headline.iter().find(|h| h.id == "repeat_rate");
    let cur = cx.current.and_then(|c| by.get(c).map(|x| (c, x)));
    let caption = match cur {
        Some((c, x)) if (x.incidents as usize) < cx.min_sample => format!(
            "Too few incidents in {c} for a repeat rate (n = {}; at least {} needed).",
            x.incidents, cx.min_sample
        ),
        Some((c, x)) => {
            let finding = format!(
                "{} of incidents in {c} repeated one with the same service and fingerprint in the {} days before \
                 ({} of {})",
                words::share(x.rate.unwrap_or(0.0)),
                rec.window_days,
                x.repeats,
                x.incidents
            );
            words::sentence(
                &finding,
                change_words(cx, headline.and_then(|h| h.change.as_ref()), "share"),
            )
        }
        None => "No incidents in the current period.".to_string(),
    };
    let kind = if rec.incidents == 0 {
        ChartKind::Message("No incidents in the data yet.".into())
    } else {
        ChartKind::Lines(Lines {
            periods: cx.periods.clone(),
            series: vec![LineSeries {
                name: "repeat rate".into(),
                colour: palette::VERMILLION,
                values,
            }],
            target: None,
            percent: true,
        })
    };
    with_axes(
        spec(
            "repeat-rate".into(),
            "Repeat rate per period".into(),
            caption,
            "site",
            kind,
        ),
        "",
        "repeats",
    )
}

fn noise_by_fingerprint(cx: &Ctx) -> ChartSpec {
    let noise = &cx.report.noise;
    let mut rows: Vec<&crate::analyze::NoiseRow> =
        noise.rows.iter().filter(|r| r.noisy > 0).collect();
    rows.sort_by(|a, b| {
        b.noisy
            .cmp(&a.noisy)
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
    rows.truncate(NOISE_TOP);
    let caption = match rows.first() {
        Some(top) => format!(
            "The noisiest fingerprint, \u{201c}{}\u{201d}, had {} noisy incidents of {} ({} auto-resolved, {} never \
             acknowledged); counts cover all periods.",
            top.fingerprint,
            top.noisy,
            top.volume,
            words::share(top.auto_resolved_share),
            words::share(top.never_acked_share)
        ),
        None => "No noisy incidents: none auto-resolved, resolved unacknowledged within minutes, or never acknowledged."
            .to_string(),
    };
    let kind = if rows.is_empty() {
        ChartKind::Message("No noisy incidents.".into())
    } else {
        ChartKind::HorizontalBars(HorizontalBars {
            labels: rows.iter().map(|r| r.fingerprint.clone()).collect(),
            values: rows.iter().map(|r| r.noisy as f64).collect(),
            value_name: "noisy incidents".into(),
            extra_columns: [
                "volume",
                "auto_resolved_share",
                "fast_unacked_share",
                "never_acked_share",
            ]
            .map(String::from)
            .to_vec(),
            extra: rows
                .iter()
                .map(|r| {
                    vec![
                        r.volume.to_string(),
                        super::fmt_num(r.auto_resolved_share),
                        super::fmt_num(r.fast_unacked_share),
                        super::fmt_num(r.never_acked_share),
                    ]
                })
                .collect(),
        })
    };
    with_axes(
        spec(
            "noise-by-fingerprint".into(),
            "Noisiest alerts by fingerprint (top 10)".into(),
            caption,
            "site",
            kind,
        ),
        "noisy incidents",
        "",
    )
}

fn action_burndown(cx: &Ctx, dataset: &Dataset) -> ChartSpec {
    let actions: Vec<&ActionItem> = dataset.all_actions().collect();
    let as_of = chrono::NaiveDate::parse_from_str(&cx.report.as_of_date, "%Y-%m-%d").ok();
    let a = &cx.report.actions;
    let mut caption = format!(
        "{} actions open and {} overdue as of {}",
        a.open, a.overdue, cx.report.as_of_date
    );
    let kind = match as_of {
        Some(as_of) if a.total > 0 => {
            let b = derived::burndown(&actions, &cx.report.periods, as_of);
            if let (Some(cur), Some(done)) = (
                cx.current,
                b.done.get(
                    cx.periods
                        .iter()
                        .position(|p| Some(p.as_str()) == cx.current)
                        .unwrap_or(usize::MAX),
                ),
            ) {
                caption.push_str(&format!("; {done} done in {cur}"));
            }
            if b.undated_closed > 0 {
                caption.push_str(&format!(
                    " ({} closed items have no completion date and are left out of earlier periods)",
                    b.undated_closed
                ));
            }
            let line = |name: &str, colour, v: Vec<f64>| LineSeries {
                name: name.into(),
                colour,
                values: v.into_iter().map(Some).collect(),
            };
            ChartKind::Lines(Lines {
                periods: cx.periods.clone(),
                series: vec![
                    line("open", palette::BLUE, b.open),
                    line("overdue", palette::VERMILLION, b.overdue),
                    line("done in period", palette::GREEN, b.done),
                ],
                target: None,
                percent: false,
            })
        }
        _ => ChartKind::Message("No action items yet.".into()),
    };
    caption.push('.');
    with_axes(
        spec(
            "action-burndown".into(),
            "Action items: open, overdue and done".into(),
            caption,
            "site",
            kind,
        ),
        "",
        "actions",
    )
}

fn series_chart(cx: &Ctx, s: &crate::analyze::SeriesReport) -> ChartSpec {
    let by: BTreeMap<&str, Option<f64>> = s
        .per_period
        .iter()
        .map(|p| (p.period.as_str(), p.value))
        .collect();
    let values: Vec<Option<f64>> = cx
        .periods
        .iter()
        .map(|p| by.get(p.as_str()).copied().flatten())
        .collect();
    let unit = s.unit.as_str();
    let title = if s.title.is_empty() {
        s.name.clone()
    } else {
        s.title.clone()
    };
    let finding = match (s.value, s.previous, cx.current, cx.previous) {
        (Some(v), Some(b), Some(cur), Some(prev)) => {
            format!("{title} {}", words::movement(b, v, unit, prev, cur))
        }
        (Some(v), _, Some(cur), _) => format!("{title} was {} in {cur}", words::value(v, unit)),
        _ => format!("{title} has no value for the current period"),
    };
    let mut caption = words::sentence(&finding, change_words(cx, s.change.as_ref(), unit));
    if let (Some(t), Some(meets)) = (s.target, s.meets_target) {
        let verb = if meets { "meets" } else { "misses" };
        caption.push_str(&format!(
            " It {verb} the target of {}.",
            words::value(t, unit)
        ));
    }
    let kind = if values.iter().all(Option::is_none) {
        ChartKind::Message("No data points for this series yet.".into())
    } else {
        ChartKind::Lines(Lines {
            periods: cx.periods.clone(),
            series: vec![LineSeries {
                name: title.clone(),
                colour: palette::BLUE,
                values,
            }],
            target: s.target.map(|v| Target {
                label: "target".into(),
                value: v,
            }),
            percent: false,
        })
    };
    let y = format!("{unit} ({})", s.aggregation);
    with_axes(
        spec(
            format!("series-{}", slugify(&s.name)),
            title,
            caption,
            "site",
            kind,
        ),
        "",
        y.trim(),
    )
}

fn theme_charts(cx: &Ctx, t: &ThemeReport) -> Vec<ChartSpec> {
    let slug = slugify(&t.slug);
    let scope = format!("theme:{slug}");
    let name = if t.title.is_empty() {
        t.slug.clone()
    } else {
        t.title.clone()
    };
    let by: BTreeMap<&str, &crate::analyze::ThemePeriod> =
        t.trend.iter().map(|p| (p.period.as_str(), p)).collect();
    let col = |f: fn(&crate::analyze::ThemePeriod) -> u64| -> Vec<u64> {
        cx.periods
            .iter()
            .map(|p| by.get(p.as_str()).map_or(0, |x| f(x)))
            .collect()
    };
    let incidents = col(|x| x.incidents);
    let repeats = col(|x| x.repeats);
    let tickets = col(|x| x.tickets);
    let mut out = Vec::new();
    let enough = t.incidents >= MEANINGFUL_FACTOR * cx.min_sample as u64;
    if enough {
        let at = |p: Option<&str>| p.and_then(|p| by.get(p)).map_or(0, |x| x.incidents);
        let caption = match (cx.current, cx.previous) {
            (Some(cur), Some(prev)) => words::sentence(
                &format!(
                    "{} incidents of {name} in {cur} against {} in {prev}",
                    at(Some(cur)),
                    at(Some(prev))
                ),
                change_words(cx, t.change.as_ref(), "count"),
            ),
            _ => format!("{} incidents of {name} in all.", t.incidents),
        };
        let first: Vec<f64> = incidents
            .iter()
            .zip(&repeats)
            .map(|(i, r)| i.saturating_sub(*r) as f64)
            .collect();
        let kind = ChartKind::StackedBars(StackedBars {
            periods: cx.periods.clone(),
            series: vec![
                BarSeries {
                    name: "first occurrence".into(),
                    colour: palette::BLUE,
                    values: first,
                },
                BarSeries {
                    name: "repeat".into(),
                    colour: palette::VERMILLION,
                    values: repeats.iter().map(|r| *r as f64).collect(),
                },
            ],
        });
        out.push(with_axes(
            spec(
                format!("theme-{slug}-incidents"),
                format!("{name}: incidents per period"),
                caption,
                &scope,
                kind,
            ),
            "",
            "incidents",
        ));
        let rates: Vec<Option<f64>> = incidents
            .iter()
            .zip(&repeats)
            .map(|(i, r)| (*i as usize >= cx.min_sample).then(|| *r as f64 / *i as f64))
            .collect();
        let caption = match t.repeat_rate {
            Some(rate) => format!(
                "{} of {name} incidents repeated an earlier one within the window ({} of {}, all periods); periods \
                 with fewer than {} incidents are left blank.",
                words::share(rate),
                t.repeats,
                t.incidents,
                cx.min_sample
            ),
            None => too_few(cx, "incidents", t.incidents),
        };
        let kind = ChartKind::Lines(Lines {
            periods: cx.periods.clone(),
            series: vec![LineSeries {
                name: "repeat rate".into(),
                colour: palette::VERMILLION,
                values: rates,
            }],
            target: None,
            percent: true,
        });
        out.push(with_axes(
            spec(
                format!("theme-{slug}-repeat-rate"),
                format!("{name}: repeat rate"),
                caption,
                &scope,
                kind,
            ),
            "",
            "repeats",
        ));
    }
    if t.tickets > 0 && t.incidents > 0 {
        let co = cx.report.tickets.cooccurrence.get(&t.slug);
        let caption = match co.and_then(|c| c.share.map(|s| (c, s))) {
            Some((c, s)) => format!(
                "{} of {} {name} tickets ({}) were linked to, or raised within {} days of, an incident of the theme: \
                 a sign that ops pain reaches users.",
                c.either,
                c.tickets,
                words::share(s),
                cx.report.settings.cooccurrence_days
            ),
            None => format!(
                "{} tickets and {} incidents of {name} in all.",
                t.tickets, t.incidents
            ),
        };
        let kind = ChartKind::Lines(Lines {
            periods: cx.periods.clone(),
            series: vec![
                LineSeries {
                    name: "tickets".into(),
                    colour: palette::ORANGE,
                    values: tickets.iter().map(|v| Some(*v as f64)).collect(),
                },
                LineSeries {
                    name: "incidents".into(),
                    colour: palette::BLUE,
                    values: incidents.iter().map(|v| Some(*v as f64)).collect(),
                },
            ],
            target: None,
            percent: false,
        });
        out.push(with_axes(
            spec(
                format!("tickets-vs-incidents-{slug}"),
                format!("{name}: tickets against incidents"),
                caption,
                &scope,
                kind,
            ),
            "",
            "per period",
        ));
    }
    out
}

fn service_charts(
    cx: &Ctx,
    samples: &[(f64, &crate::model::Incident)],
    frame: &Frame,
) -> Vec<ChartSpec> {
    let Some(restore) = cx.report.durations.get("restore") else {
        return Vec::new();
    };
    let need = MEANINGFUL_FACTOR * cx.min_sample as u64;
    // BTreeMap order: services sorted by name; slugs deduplicated (first name wins).
    let mut seen = std::collections::BTreeSet::new();
    let wanted: std::collections::BTreeSet<&str> = restore
        .by_service
        .iter()
        .filter(|(service, all)| all.n >= need && service.as_str() != "(none)")
        .filter(|(service, _)| seen.insert(slugify(service)))
        .map(|(service, _)| service.as_str())
        .collect();
    let by_service = derived::restore_by_service_period(
        samples,
        &wanted,
        frame,
        &cx.report.periods,
        cx.min_sample,
    );
    let mut out = Vec::new();
    for (service, stats) in by_service {
        if stats.iter().filter(|s| !s.too_few).count() < 2 {
            continue;
        }
        let by: BTreeMap<String, DurationStats> = cx.periods.iter().cloned().zip(stats).collect();
        let caption = median_caption(cx, &format!("time to restore for {service}"), &by, None);
        let slug = slugify(&service);
        out.push(with_axes(
            spec(
                format!("service-{slug}-restore-time"),
                format!("{service}: median time to restore"),
                caption,
                &format!("service:{slug}"),
                ChartKind::Band(band_from(cx, &by)),
            ),
            "",
            "minutes",
        ));
    }
    out
}
