//! The pipeline shared by `build` and `check`: config -> ingest -> analyze -> charts ->
//! site (render, search index) -> output.

use crate::analyze::{self, Report};
use crate::charts;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::output::{self, Sink};
use crate::search::SearchIndex;
use crate::site::{self, SiteInput};
use crate::timings::{SearchFigures, Timings};

/// What a run produced, for the CLI to report.
pub struct Outcome {
    pub diagnostics: Diagnostics,
    pub report: Report,
    /// Files written (none when `write` was false).
    pub files: usize,
    pub timings: Timings,
}

/// Frees `value` on another thread. At scale L the dataset is millions of small
/// allocations whose freeing took seconds at the end of a build; a CLI process exits
/// without waiting for this thread, and a long-lived caller (serve, tests) still gets the
/// memory back.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// Runs every stage; renders and writes `config.output_dir` only when `write` is true
/// (`check` passes false, `check --links` true with a temporary directory).
pub fn run(config: &Config, write: bool) -> anyhow::Result<Outcome> {
    run_with(config, write, false)
}

/// Like [`run`]; with `search_figures` it also measures the search index's download
/// sizes for `--timings` (it gzips every shard, seconds at scale L, so only on request).
pub fn run_with(config: &Config, write: bool, search_figures: bool) -> anyhow::Result<Outcome> {
    let mut t = Timings::default();
    // A refused --output is reported before seconds of ingest, not after.
    if write {
        output::check_target(&config.output_dir, &config.root, &config.content_dir)?;
    }
    let (mut dataset, diagnostics) = t.time("ingest", || crate::ingest::ingest(config))?;
    let report = t.time("analyze", || analyze::analyze(&mut dataset, config));
    // Metric points feed only analysis (a million of them at scale L, ~70 MB); the pages
    // and the search index read the report's series instead.
    drop_in_background(std::mem::take(&mut dataset.metrics));
    let mut files = 0;
    if write {
        let charts = t.time("charts", || charts::build_charts(&report, &dataset, config));
        let input = SiteInput::new(config, &dataset, &report, &charts, &diagnostics);
        let staging = output::Staging::new(&config.output_dir)?;
        let sink = Sink::Disk(&staging);
        // Both read the same input and are partly sequential inside, so together they keep
        // both cores busier than one after the other. Both write their files as they go.
        let (pages, index) = t.time_both(
            ("render", "search index"),
            || site::render_pages(&input, &sink),
            || -> anyhow::Result<Option<SearchIndex>> {
                if !config.settings.search {
                    return Ok(None);
                }
                if search_figures {
                    // Measuring gzips every file, so they are kept until then.
                    return crate::search::build(&input).map(Some);
                }
                crate::search::write(&input, &sink).map(|()| None)
            },
        );
        pages?;
        let index = index?;
        if let Some(index) = &index {
            t.search = t.time("search figures", || SearchFigures::measure(index));
        }
        // Only under --timings are files left to write here (the measured shards).
        files = t.time("write", move || {
            index.map_or(Ok(()), |i| i.put_files(&Sink::Disk(&staging)))?;
            staging.commit()
        })?;
        drop_in_background(charts);
    }
    drop_in_background(dataset);
    Ok(Outcome {
        diagnostics,
        report,
        files,
        timings: t,
    })
}
