//! A sharded static search index: small JavaScript files that register themselves, so
//! search works from any static host and from file://.

use crate::output::OutputFile;
use crate::site::SiteInput;

/// Index shards, manifest and anything else search/ needs, as files under the output.
pub fn render(input: &SiteInput) -> anyhow::Result<Vec<OutputFile>> {
    let _ = input;
    Ok(Vec::new())
}
