//! `opsloop init` and `opsloop new postmortem`: files a person starts from.

use std::path::{Path, PathBuf};

/// Creates a new site in `dir`.
pub fn init(dir: &Path) -> anyhow::Result<()> {
    anyhow::bail!("init is not implemented yet ({})", dir.display())
}

/// Writes content/postmortems/<date>-<slug>.md and returns its path.
pub fn new_postmortem(root: &Path, title: &str, date: Option<&str>) -> anyhow::Result<PathBuf> {
    anyhow::bail!(
        "new postmortem is not implemented yet ({}, {title}, {date:?})",
        root.display()
    )
}
