//! One drawing function per chart kind, generic over the plotters backend, so the SVG and
//! the PNG come from the same code at different sizes.

use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::FAMILY;
use super::spec::{
    Band, ChartKind, ChartSpec, HorizontalBars, Lines, LogHistogram, Rgb, StackedBars, StepCurve,
};

type Area<'a, DB> = DrawingArea<DB, Shift>;
type Res = Result<(), String>;

/// Font sizes and strokes for a canvas width; 1600 px wide is the slide size.
#[derive(Debug, Clone, Copy)]
struct Scale(f64);

impl Scale {
    fn px(self, v: f64) -> u32 {
        (v * self.0).round().max(1.0) as u32
    }
    fn font(self, v: f64) -> f64 {
        v * self.0
    }
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn colour(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn text_style(size: f64) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&BLACK)
}

const GRID: RGBColor = RGBColor(225, 225, 225);
const AXIS: RGBColor = RGBColor(60, 60, 60);
/// Legend entries are drawn in a strip this wide (share of the width) right of the plot.
const LEGEND_SHARE: f64 = 0.2;

/// Draws the whole chart (title, legend, plot) onto `root`.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, spec: &ChartSpec) -> Res {
    let (w, _h) = root.dim_in_pixel();
    let s = Scale(f64::from(w) / 1600.0);
    root.fill(&WHITE).map_err(err)?;
    let title_size = title_font(s, &spec.title, w);
    let title_h = s.px(40.0) + title_size as u32;
    let (top, body) = root.split_vertically(title_h);
    top.draw(&Text::new(
        spec.title.clone(),
        (s.px(40.0) as i32, s.px(28.0) as i32),
        (FAMILY, title_size)
            .into_font()
            .style(FontStyle::Bold)
            .color(&BLACK),
    ))
    .map_err(err)?;
    let legend = legend_entries(&spec.kind);
    let plot = if legend.is_empty() {
        body
    } else {
        let (plot, side) = body.split_horizontally((f64::from(w) * (1.0 - LEGEND_SHARE)) as u32);
        draw_legend(&side, &legend, s)?;
        plot
    };
    let plot = plot.margin(s.px(10.0), s.px(30.0), s.px(20.0), s.px(40.0));
    match &spec.kind {
        ChartKind::StackedBars(b) => stacked_bars(&plot, spec, b, s),
        ChartKind::Lines(l) => lines(&plot, spec, l, s),
        ChartKind::Band(b) => band(&plot, spec, b, s),
        ChartKind::LogHistogram(h) => log_histogram(&plot, spec, h, s),
        ChartKind::Step(c) => step(&plot, spec, c, s),
        ChartKind::HorizontalBars(h) => horizontal_bars(&plot, spec, h, s),
        ChartKind::Message(m) => message(&plot, m, s),
    }?;
    root.present().map_err(err)
}

/// 48 px at slide size, smaller for long titles so they stay on one line.
fn title_font(s: Scale, title: &str, w: u32) -> f64 {
    let chars = title.chars().count().max(1) as f64;
    let fits = f64::from(w) * 0.92 / (chars * 0.6);
    s.font(48.0).min(fits).max(s.font(24.0))
}

#[derive(Debug, Clone)]
enum Swatch {
    Block(Rgb),
    Line(Rgb),
}

fn legend_entries(kind: &ChartKind) -> Vec<(String, Swatch)> {
    match kind {
        ChartKind::StackedBars(b) if b.series.len() > 1 => b
            .series
            .iter()
            .map(|x| (x.name.clone(), Swatch::Block(x.colour)))
            .collect(),
        ChartKind::Lines(l) => {
            let mut v: Vec<_> = l
                .series
                .iter()
                .map(|x| (x.name.clone(), Swatch::Line(x.colour)))
                .collect();
            if let Some(t) = &l.target {
                v.push((t.label.clone(), Swatch::Line(super::palette::BLACK)));
            }
            if v.len() > 1 { v } else { Vec::new() }
        }
        ChartKind::Band(_) => vec![
            ("median".to_string(), Swatch::Line(super::palette::BLUE)),
            ("p75 to p90".to_string(), Swatch::Block(BAND_FILL)),
        ],
        _ => Vec::new(),
    }
}

const BAND_FILL: Rgb = (180, 210, 235);

fn draw_legend<DB: DrawingBackend>(area: &Area<DB>, entries: &[(String, Swatch)], s: Scale) -> Res {
    let size = s.font(28.0);
    let line_h = s.px(44.0) as i32;
    let x0 = s.px(8.0) as i32;
    let box_w = s.px(36.0) as i32;
    for (i, (name, swatch)) in entries.iter().enumerate() {
        let y = s.px(40.0) as i32 + i as i32 * line_h;
        match swatch {
            Swatch::Block(c) => area
                .draw(&Rectangle::new(
                    [(x0, y - line_h / 4), (x0 + box_w, y + line_h / 4)],
                    colour(*c).filled(),
                ))
                .map_err(err)?,
            Swatch::Line(c) => area
                .draw(&PathElement::new(
                    vec![(x0, y), (x0 + box_w, y)],
                    colour(*c).stroke_width(s.px(5.0)),
                ))
                .map_err(err)?,
        }
        let label = truncate(name, 18);
        area.draw(&Text::new(
            label,
            (x0 + box_w + s.px(12.0) as i32, y),
            text_style(size).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// Shortens a label for the drawing (the data table keeps it whole).
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A nice upper bound for a value axis starting at zero.
fn upper(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    max * 1.1
}

/// True when every value is a whole number (counts): the axis then shows whole ticks only.
fn integral<'a>(values: impl IntoIterator<Item = &'a f64>) -> bool {
    values.into_iter().all(|v| v.fract() == 0.0)
}

fn value_label(v: f64, max: f64, percent: bool, integer: bool) -> String {
    if integer && !percent {
        return if (v - v.round()).abs() < 1e-9 {
            format!("{v:.0}")
        } else {
            String::new()
        };
    }
    if percent && max < 0.1 {
        format!("{:.1}%", v * 100.0)
    } else if percent {
        format!("{:.0}%", v * 100.0)
    } else if max < 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

/// Minutes as a short duration: "45 min", "3 h", "2 d".
pub fn duration_label(minutes: f64) -> String {
    if minutes < 1.0 {
        format!("{:.0} s", minutes * 60.0)
    } else if minutes < 120.0 {
        format!("{minutes:.0} min")
    } else if minutes < 48.0 * 60.0 {
        format!("{:.0} h", minutes / 60.0)
    } else {
        format!("{:.0} d", minutes / 1440.0)
    }
}

fn period_label(periods: &[String], v: &SegmentValue<u32>) -> String {
    match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            periods.get(*i as usize).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    }
}

/// plotters' segmented axis over `0..k` has k+1 segments; this gives exactly `n` (two,
/// one left empty, for a single period: a one-value axis collapses to a point).
fn last_index(n: u32) -> u32 {
    n.saturating_sub(1).max(1)
}

/// Width of the y label area on period charts.
const Y_LABEL_AREA: f64 = 110.0;
/// Point markers are drawn only up to this many periods (beyond, they merge into a blob).
const MARKER_LIMIT: usize = 60;

/// How many period labels fit side by side along the x axis of `area`.
fn x_label_count<DB: DrawingBackend>(periods: &[String], area: &Area<DB>, s: Scale) -> usize {
    let chars = periods.iter().map(|p| p.chars().count()).max().unwrap_or(1) as f64;
    let label_w = chars * s.font(28.0) * 0.62 + s.font(28.0);
    let avail = f64::from(area.dim_in_pixel().0) - s.font(Y_LABEL_AREA);
    ((avail / label_w).floor() as usize).clamp(1, periods.len().max(1))
}

/// Space between neighbouring bars: 8 px at slide size, less when bars are thin.
fn bar_gap<DB: DrawingBackend>(n: usize, area: &Area<DB>, s: Scale) -> u32 {
    let seg = (f64::from(area.dim_in_pixel().0) - s.font(Y_LABEL_AREA)) / n.max(1) as f64;
    s.font(8.0).min(seg * 0.15).floor() as u32
}

fn stacked_bars<DB: DrawingBackend>(
    area: &Area<DB>,
    spec: &ChartSpec,
    b: &StackedBars,
    s: Scale,
) -> Res {
    let n = b.periods.len() as u32;
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
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(s.px(70.0))
        .y_label_area_size(s.px(Y_LABEL_AREA))
        .build_cartesian_2d((0..last_index(n)).into_segmented(), 0.0..ymax)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .set_all_tick_mark_size(0i32)
        .x_labels(x_label_count(&b.periods, area, s))
        .x_label_formatter(&|v| period_label(&b.periods, v))
        .y_label_formatter(&|v| value_label(*v, ymax, false, counts))
        .label_style(text_style(s.font(28.0)))
        .axis_desc_style(text_style(s.font(28.0)))
        .x_desc(spec.x_label.clone())
        .y_desc(spec.y_label.clone())
        .draw()
        .map_err(err)?;
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
fn runs(values: &[Option<f64>]) -> Vec<Vec<(u32, f64)>> {
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

fn lines<DB: DrawingBackend>(area: &Area<DB>, spec: &ChartSpec, l: &Lines, s: Scale) -> Res {
    let n = l.periods.len() as u32;
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
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(s.px(70.0))
        .y_label_area_size(s.px(Y_LABEL_AREA))
        .build_cartesian_2d((0..last_index(n)).into_segmented(), 0.0..ymax)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .set_all_tick_mark_size(0i32)
        .x_labels(x_label_count(&l.periods, area, s))
        .x_label_formatter(&|v| period_label(&l.periods, v))
        .y_label_formatter(&|v| value_label(*v, ymax, l.percent, counts))
        .label_style(text_style(s.font(28.0)))
        .axis_desc_style(text_style(s.font(28.0)))
        .x_desc(spec.x_label.clone())
        .y_desc(spec.y_label.clone())
        .draw()
        .map_err(err)?;
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

fn band<DB: DrawingBackend>(area: &Area<DB>, spec: &ChartSpec, b: &Band, s: Scale) -> Res {
    let n = b.periods.len() as u32;
    let data_max = b
        .p90
        .iter()
        .chain(&b.median)
        .chain(&b.p75)
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let ymax = upper(data_max);
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(s.px(70.0))
        .y_label_area_size(s.px(Y_LABEL_AREA))
        .build_cartesian_2d((0..last_index(n)).into_segmented(), 0.0..ymax)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .set_all_tick_mark_size(0i32)
        .x_labels(x_label_count(&b.periods, area, s))
        .x_label_formatter(&|v| period_label(&b.periods, v))
        .y_label_formatter(&|v| value_label(*v, ymax, false, false))
        .label_style(text_style(s.font(28.0)))
        .axis_desc_style(text_style(s.font(28.0)))
        .x_desc(spec.x_label.clone())
        .y_desc(spec.y_label.clone())
        .draw()
        .map_err(err)?;
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
    let c = colour(super::palette::BLUE);
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

/// Round durations (minutes) for log-axis ticks: 1 min .. 30 d.
const DURATION_TICKS: [f64; 12] = [
    1.0, 5.0, 15.0, 60.0, 240.0, 720.0, 1440.0, 4320.0, 10080.0, 20160.0, 43200.0, 129600.0,
];

fn log_histogram<DB: DrawingBackend>(
    area: &Area<DB>,
    spec: &ChartSpec,
    h: &LogHistogram,
    s: Scale,
) -> Res {
    let valid: Vec<_> = h
        .bins
        .iter()
        .filter(|b| b.lo > 0.0 && b.hi > b.lo)
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
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(s.px(70.0))
        .y_label_area_size(s.px(Y_LABEL_AREA))
        .build_cartesian_2d((lo..hi).log_scale().with_key_points(ticks), 0.0..ymax)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .set_all_tick_mark_size(0i32)
        .x_label_formatter(&|v| duration_label(*v))
        .y_label_formatter(&|v| value_label(*v, ymax, false, true))
        .label_style(text_style(s.font(28.0)))
        .axis_desc_style(text_style(s.font(28.0)))
        .x_desc(spec.x_label.clone())
        .y_desc(spec.y_label.clone())
        .draw()
        .map_err(err)?;
    let c = colour(super::palette::BLUE);
    chart
        .draw_series(valid.iter().filter(|b| b.count > 0).map(|b| {
            let mut r = Rectangle::new([(b.lo, 0.0), (b.hi, b.count as f64)], c.filled());
            r.set_margin(0, 0, 1, 1);
            r
        }))
        .map_err(err)?;
    Ok(())
}

/// The unit a time axis reads best in, for its largest value in minutes.
fn time_unit(max_minutes: f64) -> (f64, &'static str) {
    if max_minutes > 4.0 * 1440.0 {
        (1440.0, "days")
    } else if max_minutes > 180.0 {
        (60.0, "hours")
    } else {
        (1.0, "minutes")
    }
}

fn step<DB: DrawingBackend>(area: &Area<DB>, spec: &ChartSpec, c: &StepCurve, s: Scale) -> Res {
    let max = c
        .points
        .iter()
        .map(|p| p.at)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let (div, unit) = time_unit(max);
    let xmax = if max > 0.0 { max / div * 1.02 } else { 1.0 };
    let x_desc = if spec.x_label.is_empty() {
        unit.to_string()
    } else {
        format!("{} ({unit})", spec.x_label)
    };
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(s.px(70.0))
        .y_label_area_size(s.px(Y_LABEL_AREA))
        .build_cartesian_2d(0.0..xmax, 0.0..1.0)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .set_all_tick_mark_size(0i32)
        .x_labels(8)
        .x_label_formatter(&|v| value_label(*v, xmax, false, false))
        .y_label_formatter(&|v| value_label(*v, 1.0, true, false))
        .label_style(text_style(s.font(28.0)))
        .axis_desc_style(text_style(s.font(28.0)))
        .x_desc(x_desc)
        .y_desc(spec.y_label.clone())
        .draw()
        .map_err(err)?;
    let mut path: Vec<(f64, f64)> = Vec::with_capacity(c.points.len() * 2);
    for p in &c.points {
        if let Some(&(_, prev)) = path.last() {
            path.push((p.at / div, prev));
        }
        path.push((p.at / div, p.share));
    }
    chart
        .draw_series(LineSeries::new(
            path,
            colour(super::palette::BLUE).stroke_width(s.px(5.0)),
        ))
        .map_err(err)?;
    Ok(())
}

fn horizontal_bars<DB: DrawingBackend>(
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
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(s.px(70.0))
        .y_label_area_size(label_w)
        .build_cartesian_2d(0.0..xmax, (0..last_index(n)).into_segmented())
        .map_err(err)?;
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
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .set_all_tick_mark_size(0i32)
        .y_labels(h.labels.len().max(1))
        .y_label_formatter(&label_of)
        .x_label_formatter(&|v| value_label(*v, xmax, false, integral(&h.values)))
        .label_style(text_style(s.font(28.0)))
        .axis_desc_style(text_style(s.font(28.0)))
        .x_desc(spec.x_label.clone())
        .y_desc(spec.y_label.clone())
        .draw()
        .map_err(err)?;
    let c = colour(super::palette::BLUE);
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

fn message<DB: DrawingBackend>(area: &Area<DB>, text: &str, s: Scale) -> Res {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        text.to_string(),
        ((w / 2) as i32, (h / 2) as i32),
        text_style(s.font(36.0)).pos(Pos::new(HPos::Center, VPos::Center)),
    ))
    .map_err(err)
}
