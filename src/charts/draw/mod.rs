//! One drawing function per chart kind, generic over the plotters backend, so the SVG and
//! the PNG come from the same code at different sizes.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{
    AsRangedCoord, Ranged, SegmentValue, SegmentedCoord, ValueFormatter,
};
use plotters::coord::types::{RangedCoordf64, RangedCoordu32};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod bars;
mod durations;
mod periods;

use crate::charts::font::FAMILY;
use crate::charts::spec::{
    Band, Bin, ChartKind, ChartSpec, HorizontalBars, Lines, LogHistogram, Rgb, StackedBars,
    StepCurve,
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
        ChartKind::StackedBars(b) => periods::stacked_bars(&plot, spec, b, s),
        ChartKind::Lines(l) => periods::lines(&plot, spec, l, s),
        ChartKind::Band(b) => periods::band(&plot, spec, b, s),
        ChartKind::LogHistogram(h) => durations::log_histogram(&plot, spec, h, s),
        ChartKind::Step(c) => durations::step(&plot, spec, c, s),
        ChartKind::HorizontalBars(h) => bars::horizontal_bars(&plot, spec, h, s),
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
                v.push((t.label.clone(), Swatch::Line(crate::charts::palette::BLACK)));
            }
            if v.len() > 1 { v } else { Vec::new() }
        }
        ChartKind::Band(_) => vec![
            (
                "median".to_string(),
                Swatch::Line(crate::charts::palette::BLUE),
            ),
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

/// The data range (and target) with a margin, never below zero for non-negative data.
fn fitted_range(l: &Lines) -> (f64, f64) {
    let values: Vec<f64> = l
        .series
        .iter()
        .flat_map(|x| x.values.iter().flatten())
        .copied()
        .chain(l.target.as_ref().map(|t| t.value))
        .filter(|v| v.is_finite())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let pad = if hi > lo {
        (hi - lo) * 0.15
    } else {
        hi.abs().max(1.0) * 0.05
    };
    let bottom = if lo >= 0.0 {
        (lo - pad).max(0.0)
    } else {
        lo - pad
    };
    (bottom, hi + pad)
}

/// A tick label with enough decimals to tell ticks apart on an axis `span` wide.
fn span_label(v: f64, span: f64) -> String {
    let d = if span > 0.0 {
        (-(span / 5.0).log10()).ceil().clamp(0.0, 6.0) as usize
    } else {
        0
    };
    format!("{v:.d$}")
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

/// A chart over the Cartesian coordinates that `X` and `Y` ranges describe.
type Cartesian<'a, DB, X, Y> = ChartContext<
    'a,
    DB,
    Cartesian2d<<X as AsRangedCoord>::CoordDescType, <Y as AsRangedCoord>::CoordDescType>,
>;

/// The plot area with its axes' label areas: 70 px below, `y_label_area` on the left.
fn cartesian<'a, DB: DrawingBackend, X: AsRangedCoord, Y: AsRangedCoord>(
    area: &'a Area<DB>,
    y_label_area: u32,
    x: X,
    y: Y,
    s: Scale,
) -> Result<Cartesian<'a, DB, X, Y>, String> {
    ChartBuilder::on(area)
        .x_label_area_size(s.px(70.0))
        .y_label_area_size(y_label_area)
        .build_cartesian_2d(x, y)
        .map_err(err)
}

/// The mesh style every chart shares: light grid, left tick marks only, 28 px labels and
/// the axis descriptions. The caller adds its labels and formatters, then draws.
fn mesh<'a, 'b, DB, X, Y>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    s: Scale,
    x_desc: &str,
    y_desc: &str,
) -> MeshStyle<'a, 'b, X, Y, DB>
where
    DB: DrawingBackend,
    X: Ranged + ValueFormatter<X::ValueType>,
    Y: Ranged + ValueFormatter<Y::ValueType>,
{
    let mut mesh = chart.configure_mesh();
    mesh.light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .set_tick_mark_size(LabelAreaPosition::Bottom, 0i32)
        .set_tick_mark_size(LabelAreaPosition::Left, s.px(10.0) as i32)
        .label_style(text_style(s.font(28.0)))
        .axis_desc_style(text_style(s.font(28.0)))
        .x_desc(x_desc)
        .y_desc(y_desc);
    mesh
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

fn message<DB: DrawingBackend>(area: &Area<DB>, text: &str, s: Scale) -> Res {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        text.to_string(),
        ((w / 2) as i32, (h / 2) as i32),
        text_style(s.font(36.0)).pos(Pos::new(HPos::Center, VPos::Center)),
    ))
    .map_err(err)
}
