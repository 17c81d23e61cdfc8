//! Records + settings -> [`Report`]: pure functions, no I/O. Implements DESIGN.md's
//! metric definitions.

mod report;

pub use report::*;

use crate::config::Config;
use crate::model::Dataset;

/// Derives themes and fingerprints on the records (hence `&mut`) and computes every figure.
pub fn analyze(dataset: &mut Dataset, config: &Config) -> Report {
    let _ = (dataset, config);
    Report::default()
}
