//! Whole-site charts: volume, restore and resolve times, distribution, still
//! unresolved, repeats, noise, action burn-down and metric series.

use super::*;

pub(super) fn severity_rank(key: &str) -> usize {
    key.strip_prefix("sev")
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(5, |n| n.saturating_sub(1).min(4))
}

pub(super) fn incidents_by_severity(cx: &Ctx) -> ChartSpec {
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

pub(super) fn duration_band(cx: &Ctx, metric: &str) -> ChartSpec {
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

pub(super) fn duration_distribution(
    cx: &Ctx,
    samples: &[(f64, &crate::model::Incident)],
) -> ChartSpec {
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

pub(super) fn still_unresolved(cx: &Ctx) -> ChartSpec {
    let km = &cx.report.survival.all;
    let caption = if (km.n as usize) < cx.min_sample {
        too_few(cx, "incidents", km.n)
    } else {
        let open = if km.censored > 0 {
            format!(
                ", of which {} still open count as unresolved so far",
                km.censored
            )
        } else {
            String::new()
        };
        match km.median_minutes {
            Some(m) => format!(
                "Half of incidents were resolved within {} (Kaplan\u{2013}Meier estimate, n = {}{open}).",
                words::minutes(m),
                km.n
            ),
            None => format!(
                "More than half of incidents are still unresolved (Kaplan\u{2013}Meier estimate, n = {}{open}).",
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

pub(super) fn repeat_rate(cx: &Ctx) -> ChartSpec {
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
            fit_y: false,
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

pub(super) fn noise_by_fingerprint(cx: &Ctx) -> ChartSpec {
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
                        crate::charts::fmt_num(r.auto_resolved_share),
                        crate::charts::fmt_num(r.fast_unacked_share),
                        crate::charts::fmt_num(r.never_acked_share),
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

pub(super) fn action_burndown(cx: &Ctx, dataset: &Dataset) -> ChartSpec {
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
                    " ({} closed items have no completion date and are not counted as open in any period)",
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
                fit_y: false,
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

pub(super) fn series_chart(cx: &Ctx, s: &crate::analyze::SeriesReport) -> ChartSpec {
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
            fit_y: true,
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
