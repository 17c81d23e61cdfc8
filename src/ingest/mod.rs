//! Files -> canonical records + diagnostics. Never computes a trend.
//!
//! `data` reads exports under content/data (CSV, JSON, JSONL, YAML) through presets;
//! `markdown` reads postmortems and wins. Every row read ends up as a record or a
//! diagnostic, and each source gets a [`SourceSummary`](crate::diagnostics::SourceSummary).

pub mod data;
pub mod markdown;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;
use std::path::Path;

/// Reads everything under `content/`. Problems with individual rows or files become
/// diagnostics; only failures to walk the content directory itself are errors.
pub fn ingest(config: &Config) -> anyhow::Result<(Dataset, Diagnostics)> {
    let mut dataset = Dataset::default();
    let mut diags = Diagnostics::default();
    data::read_sources(config, &mut dataset, &mut diags)?;
    markdown::read_postmortems(config, &mut dataset, &mut diags)?;
    markdown::read_wins(config, &mut dataset, &mut diags)?;
    diags.sort();
    Ok((dataset, diags))
}

/// A path with `/` separators, as diagnostics and origins show it on every OS.
fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
