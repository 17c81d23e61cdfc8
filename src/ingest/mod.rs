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
    // The exports and the Markdown folders do not depend on each other: read side by side.
    let (exports, markdown) = rayon::join(
        || {
            let mut out = (Dataset::default(), Diagnostics::default());
            data::read_sources(config, &mut out.0, &mut out.1).map(|()| out)
        },
        || {
            let mut out = (Dataset::default(), Diagnostics::default());
            markdown::read_postmortems(config, &mut out.0, &mut out.1)?;
            markdown::read_wins(config, &mut out.0, &mut out.1).map(|()| out)
        },
    );
    let (mut dataset, mut diags) = exports?;
    let (md, md_diags) = markdown?;
    dataset.postmortems = md.postmortems;
    dataset.wins = md.wins;
    // Summaries in the order they were always listed: exports, postmortems, wins.
    diags.sources.extend(md_diags.sources);
    diags.diagnostics.extend(md_diags.diagnostics);
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
