//! Charts over durations, on a logarithmic time axis: distribution and still-unresolved.

use super::*;

/// Round durations (minutes) for log-axis ticks: 1 min .. 30 d.
const DURATION_TICKS: [f64; 12] = [
    1.0, 5.0, 15.0, 60.0, 240.0, 720.0, 1440.0, 4320.0, 10080.0, 20160.0, 43200.0, 129600.0,
];

pub(super) fn log_histogram<DB: DrawingBackend>(
    area: &Area<DB>,
    spec: &ChartSpec,
    h: &LogHistogram,
    s: Scale,
) -> Res {
    // A bin starting at 0 ("under a minute") cannot sit on a log axis: draw it from hi/2.
    let valid: Vec<Bin> = h
        .bins
        .iter()
        .filter(|b| b.hi > 0.0 && b.hi > b.lo)
        .map(|b| Bin {
            lo: if b.lo > 0.0 { b.lo } else { b.hi / 2.0 },
            ..b.clone()
        })
        .collect();
    let lo = valid.iter().map(|b| b.lo).fold(f64::INFINITY, f64::min);
    let hi = valid.iter().map(|b| b.hi).fold(0.0, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (1.0, 10.0)
    };
    let ymax = upper(valid.iter().map(|b| b.count as f64).fold(0.0, f64::max));
    let ticks: Vec<f64> = DURATION_TICKS
        .iter()
        .copied()
        .filter(|t| *t >= lo && *t <= hi)
        .collect();
    let mut chart = cartesian(
        area,
        s.px(Y_LABEL_AREA),
        (lo..hi).log_scale().with_key_points(ticks),
        0.0..ymax,
        s,
    )?;
    mesh(&mut chart, s, &spec.x_label, &spec.y_label)
        .disable_x_mesh()
        .x_label_formatter(&|v| duration_label(*v))
        .y_label_formatter(&|v| value_label(*v, ymax, false, true))
        .draw()
        .map_err(err)?;
    let c = colour(crate::charts::palette::BLUE);
    chart
        .draw_series(valid.iter().filter(|b| b.count > 0).map(|b| {
            let mut r = Rectangle::new([(b.lo, 0.0), (b.hi, b.count as f64)], c.filled());
            r.set_margin(0, 0, 1, 1);
            r
        }))
        .map_err(err)?;
    Ok(())
}

/// Log time axis, as for the distribution: the tail of a few long incidents would
/// otherwise squash the part of the curve that matters into the first pixels.
pub(super) fn step<DB: DrawingBackend>(
    area: &Area<DB>,
    spec: &ChartSpec,
    c: &StepCurve,
    s: Scale,
) -> Res {
    let finite = || c.points.iter().map(|p| p.at).filter(|v| v.is_finite());
    let first = finite().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
    let lo = if first.is_finite() {
        first.min(1.0)
    } else {
        1.0
    };
    let hi = (finite().fold(0.0, f64::max) * 1.1).max(lo * 10.0);
    let ticks: Vec<f64> = DURATION_TICKS
        .iter()
        .copied()
        .filter(|t| *t >= lo && *t <= hi)
        .collect();
    let x_desc = if spec.x_label.is_empty() {
        "log scale".to_string()
    } else {
        format!("{} (log scale)", spec.x_label)
    };
    let mut chart = cartesian(
        area,
        s.px(Y_LABEL_AREA),
        (lo..hi).log_scale().with_key_points(ticks),
        0.0..1.0,
        s,
    )?;
    mesh(&mut chart, s, &x_desc, &spec.y_label)
        .x_label_formatter(&|v| duration_label(*v))
        .y_label_formatter(&|v| value_label(*v, 1.0, true, false))
        .draw()
        .map_err(err)?;
    let mut path: Vec<(f64, f64)> = Vec::with_capacity(c.points.len() * 2);
    for p in c.points.iter().filter(|p| p.at.is_finite()) {
        let at = p.at.max(lo);
        if let Some(&(_, prev)) = path.last() {
            path.push((at, prev));
        }
        path.push((at, p.share));
    }
    chart
        .draw_series(LineSeries::new(
            path,
            colour(crate::charts::palette::BLUE).stroke_width(s.px(5.0)),
        ))
        .map_err(err)?;
    Ok(())
}
