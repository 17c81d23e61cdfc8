//! Report -> chart specs -> SVG, PNG and CSV bytes (plotters, embedded font).
//!
//! [`spec`] holds plain data for a small set of chart kinds; [`draw`] renders them with one
//! backend-generic function, so the SVG (web) and PNG (slides) always agree.

mod catalog;
mod derived;
mod draw;
mod font;
pub mod palette;
mod privacy;
mod render;
pub mod spec;
mod svg;
mod table;
mod words;

use rayon::prelude::*;

use crate::analyze::Report;
use crate::config::Config;
use crate::model::Dataset;

pub use draw::duration_label;
pub use render::{PNG_SIZE, SVG_SIZE};
pub use spec::*;
pub use svg::xml_escape;
pub use table::{fmt_num, table};

/// One chart with everything `charts/<id>/` publishes. `id` is stable across builds.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    /// Stable slug: the same chart keeps the same id (and URL) across builds.
    pub id: String,
    pub title: String,
    /// States the finding and how sure we are.
    pub caption: String,
    /// Scope for grouping on pages: "site", "theme:<slug>" or "service:<slug>".
    pub scope: String,
    /// The data behind the chart, as shown in the HTML table and the CSV.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub svg: String,
    pub png: Vec<u8>,
}

/// Builds every chart for the report. Pure: returns bytes, writes nothing.
pub fn build_charts(report: &Report, dataset: &Dataset, config: &Config) -> Vec<Chart> {
    render_all(&chart_specs(report, dataset, config))
}

/// The chart specs (data, captions, ids) without drawing them.
/// Record-derived text is redacted per `privacy` before anything is drawn.
pub fn chart_specs(report: &Report, dataset: &Dataset, config: &Config) -> Vec<ChartSpec> {
    let mut specs = catalog::specs(report, dataset, config);
    specs
        .iter_mut()
        .for_each(|s| privacy::redact_spec(s, &config.redactor));
    specs
}

/// Renders specs in parallel; the output order is the input order.
pub fn render_all(specs: &[ChartSpec]) -> Vec<Chart> {
    specs.par_iter().map(render_chart).collect()
}

/// Renders one spec to SVG, PNG and table. A drawing failure still yields the chart (same
/// id, so links keep working) with the failure stated in place of the plot.
pub fn render_chart(spec: &ChartSpec) -> Chart {
    let (columns, rows) = table::table(&spec.kind);
    let drawn = render::svg(spec).and_then(|svg| Ok((svg, render::png(spec)?)));
    let (svg, png, caption) = match drawn {
        Ok((svg, png)) => (svg, png, spec.caption.clone()),
        Err(e) => {
            let caption = format!("{} (The chart could not be drawn: {e}.)", spec.caption);
            let fallback = ChartSpec {
                kind: ChartKind::Message(
                    "The chart could not be drawn; see the data table.".into(),
                ),
                caption: caption.clone(),
                ..spec.clone()
            };
            let svg = render::svg(&fallback).unwrap_or_default();
            let png = render::png(&fallback).unwrap_or_default();
            (svg, png, caption)
        }
    };
    Chart {
        id: spec.id.clone(),
        title: spec.title.clone(),
        caption,
        scope: spec.scope.clone(),
        columns,
        rows,
        svg,
        png,
    }
}
