//! Exports under content/data: sources from site.yaml or auto-detected.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;

/// Reads every configured (or detected) data source into `dataset`.
pub fn read_sources(
    _config: &Config,
    _dataset: &mut Dataset,
    _diags: &mut Diagnostics,
) -> anyhow::Result<()> {
    Ok(())
}
