//! The pipeline shared by `build` and `check`: config -> ingest -> analyze -> charts ->
//! site (render, search index) -> output.

use crate::analyze::{self, Report};
use crate::charts;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::output::{self, OutputFile};
use crate::site::{self, SiteInput};
use crate::timings::{SearchFigures, Timings};

/// What a run produced, for the CLI to report.
pub struct Outcome {
    pub diagnostics: Diagnostics,
    pub report: Report,
    /// Files rendered (written only when `write` was true).
    pub files: usize,
    pub timings: Timings,
}

/// Frees `value` on another thread. At scale L the dataset and the rendered site are
/// millions of small allocations whose freeing took seconds at the end of a build; a CLI
/// process exits without waiting for this thread, and a long-lived caller (serve, tests)
/// still gets the memory back.
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
    let mut files = 0;
    if write {
        let charts = t.time("charts", || charts::build_charts(&report, &dataset, config));
        let input = SiteInput {
            config,
            dataset: &dataset,
            report: &report,
            charts: &charts,
            diagnostics: &diagnostics,
        };
        // Both read the same input and are partly sequential inside, so together they keep
        // both cores busier than one after the other.
        let (pages, index) = t.time_both(
            ("render", "search index"),
            || site::render_pages(&input),
            || {
                let wanted = config.settings.search;
                wanted.then(|| crate::search::build(&input)).transpose()
            },
        );
        let mut pages: Vec<OutputFile> = pages?;
        if let Some(mut index) = index? {
            if search_figures {
                t.search = t.time("search figures", || SearchFigures::measure(&index));
            }
            pages.append(&mut index.sharded.files);
            drop_in_background(index);
        }
        let pages = site::sort_and_check(pages)?;
        files = pages.len();
        t.time("write", || output::write_site(&config.output_dir, &pages))?;
        drop_in_background((pages, charts));
    }
    drop_in_background(dataset);
    Ok(Outcome {
        diagnostics,
        report,
        files,
        timings: t,
    })
}
