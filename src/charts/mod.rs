//! Report -> chart specs -> SVG, PNG and CSV bytes (plotters, embedded font).

use crate::analyze::Report;
use crate::config::Config;
use crate::model::Dataset;

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
    let _ = (report, dataset, config);
    Vec::new()
}
