//! Report + theme -> pages (tera), feed, sitemap.

use crate::analyze::Report;
use crate::charts::Chart;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;
use crate::output::OutputFile;

pub mod urls;

/// Everything the site is rendered from, borrowed.
pub struct SiteInput<'a> {
    pub config: &'a Config,
    pub dataset: &'a Dataset,
    pub report: &'a Report,
    pub charts: &'a [Chart],
    pub diagnostics: &'a Diagnostics,
}

/// Renders every page and asset of the site. Writes nothing.
pub fn render(input: &SiteInput) -> anyhow::Result<Vec<OutputFile>> {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><title>opsloop</title><h1>Sources read</h1><ul>",
    );
    for s in &input.diagnostics.sources {
        html.push_str(&format!(
            "<li>{} ({}, {}): {} rows, {} records</li>",
            escape(&s.path),
            escape(&s.kind),
            escape(&s.preset),
            s.rows,
            s.records
        ));
    }
    html.push_str("</ul></html>\n");
    Ok(vec![OutputFile::new("index.html", html)])
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
