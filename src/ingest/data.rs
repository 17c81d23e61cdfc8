//! Exports under content/data: sources from site.yaml or auto-detected.
//!
//! Each file is read on its own (in parallel, results kept in path order): bytes are
//! decoded (`text`), split into rows (`table`, `json`), matched to a preset (`detect`,
//! `presets`) and turned into records (`incidents`, `tickets`, `metrics`, `actions`),
//! with every row accounted for in the file's summary.

mod actions;
mod ctx;
pub mod dates;
mod dedupe;
mod detect;
mod file;
mod incidents;
mod json;
mod metrics;
mod presets;
mod row;
mod sources;
mod table;
mod text;
mod tickets;
pub mod values;

#[cfg(test)]
mod dates_tests;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;
use rayon::prelude::*;

/// Reads every configured (or detected) data source into `dataset`.
pub fn read_sources(
    config: &Config,
    dataset: &mut Dataset,
    diags: &mut Diagnostics,
) -> anyhow::Result<()> {
    let (plan, early) = sources::plan(config);
    diags.diagnostics.extend(early);
    let outputs: Vec<ctx::FileOutput> = plan.par_iter().map(|p| file::read(config, p)).collect();
    for o in outputs {
        diags.sources.push(o.summary);
        ctx::append(&mut diags.diagnostics, o.diags);
        ctx::append(&mut dataset.incidents, o.incidents);
        ctx::append(&mut dataset.tickets, o.tickets);
        ctx::append(&mut dataset.metrics, o.metrics);
        ctx::append(&mut dataset.actions, o.actions);
    }
    dedupe::drop_duplicates(dataset, diags);
    Ok(())
}
