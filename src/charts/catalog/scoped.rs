//! Per-theme and per-service charts, made only where there is enough data.

use super::*;

pub(super) fn theme_charts(cx: &Ctx, t: &ThemeReport) -> Vec<ChartSpec> {
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
            (Some(cur), Some(prev)) if at(Some(cur)) + at(Some(prev)) == 0 => format!(
                "{name} had no incidents in {prev} or {cur} ({} in all periods).",
                t.incidents
            ),
            (Some(cur), Some(prev)) => words::sentence(
                &format!(
                    "{name} had {} incidents in {cur} against {} in {prev}",
                    at(Some(cur)),
                    at(Some(prev))
                ),
                change_words(cx, t.change.as_ref(), "count"),
            ),
            _ => format!("{name} had {} incidents in all.", t.incidents),
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
                "In {name}, {} of incidents repeated an earlier one within {} days ({} of {}, all periods); \
                 periods with fewer than {} incidents are left blank.",
                words::share(rate),
                cx.report.recurrence.window_days,
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
            fit_y: false,
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
                "In {name}, {} of {} tickets ({}) were linked to, or raised within {} days of, an incident of the \
                 theme: a sign that ops pain reaches users.",
                c.either,
                c.tickets,
                words::share(s),
                cx.report.settings.cooccurrence_days
            ),
            None => format!(
                "{name} had {} tickets and {} incidents in all.",
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
            fit_y: false,
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

pub(super) fn service_charts(
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
