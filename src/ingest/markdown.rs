//! Postmortems (content/postmortems/*.md) and declared wins (content/wins/*.md).

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;

pub fn read_postmortems(
    _config: &Config,
    _dataset: &mut Dataset,
    _diags: &mut Diagnostics,
) -> anyhow::Result<()> {
    Ok(())
}

pub fn read_wins(
    _config: &Config,
    _dataset: &mut Dataset,
    _diags: &mut Diagnostics,
) -> anyhow::Result<()> {
    Ok(())
}
