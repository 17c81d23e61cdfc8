//! Charts over periods: stacked bars, lines with an optional target, median with band.

use super::*;

/// A chart over `periods` (one segment each) with values `y`, its mesh drawn: the setup
/// the stacked bars, lines and band share.
fn period_chart<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    spec: &ChartSpec,
    periods: &[String],
    y: std::ops::Range<f64>,
    y_label: &dyn Fn(&f64) -> String,
    s: Scale,
) -> Result<ChartContext<'a, DB, Cartesian2d<SegmentedCoord<RangedCoordu32>, RangedCoordf64>>, String>
{
    let n = periods.len() as u32;
    let mut chart = cartesian(
        area,
        s.px(Y_LABEL_AREA),
        (0..last_index(n)).into_segmented(),
        y,
        s,
    )?;
    mesh(&mut chart, s, &spec.x_label, &spec.y_label)
        .disable_x_mesh()
        .x_labels(x_label_count(periods, area, s))
        .x_label_formatter(&|v| period_label(periods, v))
        .y_label_formatter(y_label)
        .draw()
        .map_err(err)?;
    Ok(chart)
}

pub(super) fn stacked_bars<DB: DrawingBackend>(
    area: &Area<DB>,
    spec: &ChartSpec,
    b: &StackedBars,
    s: Scale,
) -> Res {
    let totals: Vec<f64> = (0..b.periods.len())
        .map(|i| {
            b.series
                .iter()
                .map(|x| x.values.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let ymax = upper(totals.iter().copied().fold(0.0, f64::max));
    let counts = b.series.iter().all(|x| integral(&x.values));
    let mut chart = period_chart(
        area,
        spec,
        &b.periods,
        0.0..ymax,
        &|v| value_label(*v, ymax, false, counts),
        s,
    )?;
    let gap = bar_gap(b.periods.len(), area, s);
    for i in 0..b.periods.len() {
        let mut base = 0.0;
        for series in &b.series {
            let v = series.values.get(i).copied().unwrap_or(0.0);
            if v <= 0.0 {
                continue;
            }
            let i = i as u32;
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), base),
                    (SegmentValue::Exact(i + 1), base + v),
                ],
                colour(series.colour).filled(),
            );
            bar.set_margin(0, 0, gap, gap);
            chart.draw_series(std::iter::once(bar)).map_err(err)?;
            base += v;
        }
    }
    Ok(())
}

/// Splits optional values into runs of consecutive present points, for gapped lines.
pub(super) fn runs(values: &[Option<f64>]) -> Vec<Vec<(u32, f64)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) if v.is_finite() => cur.push((i as u32, *v)),
            _ => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub(super) fn lines<DB: DrawingBackend>(
    area: &Area<DB>,
    spec: &ChartSpec,
    l: &Lines,
    s: Scale,
) -> Res {
    let data_max = l
        .series
        .iter()
        .flat_map(|x| x.values.iter().flatten())
        .copied()
        .chain(l.target.as_ref().map(|t| t.value))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let counts = l.series.iter().all(|x| integral(x.values.iter().flatten()));
    let ymax = if l.percent {
        upper(data_max).min(1.0).max(data_max)
    } else {
        upper(data_max)
    };
    let (ymin, ymax) = if l.fit_y {
        fitted_range(l)
    } else {
        (0.0, ymax)
    };
    let span = ymax - ymin;
    let y_label = |v: &f64| {
        if l.fit_y && !l.percent {
            span_label(*v, span)
        } else {
            value_label(*v, ymax, l.percent, counts)
        }
    };
    let mut chart = period_chart(area, spec, &l.periods, ymin..ymax, &y_label, s)?;
    if let Some(t) = &l.target {
        let pts = [
            (SegmentValue::Exact(0), t.value),
            (SegmentValue::Last, t.value),
        ];
        chart
            .draw_series(DashedLineSeries::new(
                pts,
                s.px(16.0),
                s.px(10.0),
                BLACK.stroke_width(s.px(3.0)),
            ))
            .map_err(err)?;
    }
    let markers = l.periods.len() <= MARKER_LIMIT;
    for series in &l.series {
        let c = colour(series.colour);
        for run in runs(&series.values) {
            let pts: Vec<_> = run
                .iter()
                .map(|(i, v)| (SegmentValue::CenterOf(*i), *v))
                .collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), c.stroke_width(s.px(5.0))))
                .map_err(err)?;
            if markers {
                chart
                    .draw_series(
                        pts.into_iter()
                            .map(|p| Circle::new(p, s.px(7.0), c.filled())),
                    )
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

pub(super) fn band<DB: DrawingBackend>(
    area: &Area<DB>,
    spec: &ChartSpec,
    b: &Band,
    s: Scale,
) -> Res {
    let data_max = b
        .p90
        .iter()
        .chain(&b.median)
        .chain(&b.p75)
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let ymax = upper(data_max);
    let mut chart = period_chart(
        area,
        spec,
        &b.periods,
        0.0..ymax,
        &|v| value_label(*v, ymax, false, false),
        s,
    )?;
    let both: Vec<Option<(f64, f64)>> = b
        .p75
        .iter()
        .zip(&b.p90)
        .map(|(lo, hi)| lo.zip(*hi))
        .collect();
    let lo: Vec<Option<f64>> = both.iter().map(|x| x.map(|p| p.0)).collect();
    for run in runs(&lo) {
        let upper_edge = run.iter().map(|(i, _)| {
            (
                SegmentValue::CenterOf(*i),
                both[*i as usize].map_or(0.0, |p| p.1),
            )
        });
        let lower_edge = run
            .iter()
            .rev()
            .map(|(i, v)| (SegmentValue::CenterOf(*i), *v));
        let poly: Vec<_> = upper_edge.chain(lower_edge).collect();
        if run.len() == 1 {
            // A lone period: draw the band as a short vertical bar so it stays visible.
            let (i, v) = run[0];
            let hi = both[i as usize].map_or(v, |p| p.1);
            let mut r = Rectangle::new(
                [
                    (SegmentValue::Exact(i), v),
                    (SegmentValue::Exact(i + 1), hi),
                ],
                colour(BAND_FILL).filled(),
            );
            let m = s.px(30.0);
            r.set_margin(0, 0, m, m);
            chart.draw_series(std::iter::once(r)).map_err(err)?;
        } else {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    colour(BAND_FILL).filled(),
                )))
                .map_err(err)?;
        }
    }
    let c = colour(crate::charts::palette::BLUE);
    let markers = b.periods.len() <= MARKER_LIMIT;
    for run in runs(&b.median) {
        let pts: Vec<_> = run
            .iter()
            .map(|(i, v)| (SegmentValue::CenterOf(*i), *v))
            .collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), c.stroke_width(s.px(5.0))))
            .map_err(err)?;
        if markers {
            chart
                .draw_series(
                    pts.into_iter()
                        .map(|p| Circle::new(p, s.px(7.0), c.filled())),
                )
                .map_err(err)?;
        }
    }
    Ok(())
}
