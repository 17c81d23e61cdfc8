//! Labelled horizontal bars (top fingerprints).

use super::*;

pub(super) fn horizontal_bars<DB: DrawingBackend>(
    area: &Area<DB>,
    spec: &ChartSpec,
    h: &HorizontalBars,
    s: Scale,
) -> Res {
    let n = h.labels.len() as u32;
    let xmax = upper(h.values.iter().copied().fold(0.0, f64::max));
    let longest = h
        .labels
        .iter()
        .map(|l| l.chars().count().min(32))
        .max()
        .unwrap_or(4) as f64;
    let label_w = (longest * s.font(28.0) * 0.6 + s.font(30.0)) as u32;
    let label_w = label_w.min(area.dim_in_pixel().0 / 2);
    let mut chart = cartesian(
        area,
        label_w,
        0.0..xmax,
        (0..last_index(n)).into_segmented(),
        s,
    )?;
    // Row 0 is drawn at the top: index i sits at segment top-i.
    let top = last_index(n);
    let label_of = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) if *i <= top => h
            .labels
            .get((top - *i) as usize)
            .map(|l| truncate(l, 32))
            .unwrap_or_default(),
        _ => String::new(),
    };
    mesh(&mut chart, s, &spec.x_label, &spec.y_label)
        .disable_y_mesh()
        .y_labels(h.labels.len().max(1))
        .y_label_formatter(&label_of)
        .x_label_formatter(&|v| value_label(*v, xmax, false, integral(&h.values)))
        .draw()
        .map_err(err)?;
    let c = colour(crate::charts::palette::BLUE);
    let gap = s.px(8.0);
    chart
        .draw_series(h.values.iter().enumerate().map(|(i, v)| {
            let row = top - i as u32;
            let mut r = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(row)),
                    (*v, SegmentValue::Exact(row + 1)),
                ],
                c.filled(),
            );
            r.set_margin(gap, gap, 0, 0);
            r
        }))
        .map_err(err)?;
    Ok(())
}
