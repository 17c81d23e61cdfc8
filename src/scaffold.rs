//! `opsloop init` and `opsloop new postmortem`: files a person starts from.
//!
//! The templates live in src/scaffold/ and are compiled in, so the binary alone can
//! create a site.

use crate::site::urls::slugify;
use anyhow::{Context, bail};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

/// File (relative to the new site's root) -> contents written by `init`.
const INIT_FILES: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("scaffold/site.yaml")),
    (
        "content/data/incidents.csv",
        include_str!("scaffold/incidents.csv"),
    ),
    (
        "content/data/tickets.csv",
        include_str!("scaffold/tickets.csv"),
    ),
    (
        "content/data/metrics.csv",
        include_str!("scaffold/metrics.csv"),
    ),
    (
        "content/postmortems/2025-03-04-checkout-timeouts.md",
        include_str!("scaffold/example-postmortem.md"),
    ),
    (
        "content/wins/2025-04-20-checkout-survives-slow-provider.md",
        include_str!("scaffold/example-win.md"),
    ),
];

const NEW_POSTMORTEM: &str = include_str!("scaffold/new-postmortem.md");

/// Creates a new site in `dir`, which must be missing or empty so nothing is overwritten.
pub fn init(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; `opsloop init` only creates a site in a new or empty directory",
                dir.display()
            );
        }
    }
    for (rel, contents) in INIT_FILES {
        write_new(&dir.join(rel), contents)?;
    }
    Ok(())
}

/// Writes content/postmortems/<date>-<slug>.md and returns its path. `date` is
/// YYYY-MM-DD; without it, today's local date. An existing file is never overwritten.
pub fn new_postmortem(root: &Path, title: &str, date: Option<&str>) -> anyhow::Result<PathBuf> {
    let title = title.trim();
    if title.is_empty() {
        bail!(
            "the postmortem title is empty (expected e.g. `opsloop new postmortem \"Checkout outage\"`)"
        );
    }
    let date = match date {
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .with_context(|| format!("date `{d}` is not a date (expected YYYY-MM-DD)"))?,
        None => chrono::Local::now().date_naive(),
    };
    if !root.join("content").is_dir() {
        bail!(
            "{} has no content/ folder; run this inside a site or pass --root (create a site with `opsloop init`)",
            root.display()
        );
    }
    let slug = slugify(title);
    let path = root
        .join("content/postmortems")
        .join(format!("{date}-{slug}.md"));
    write_new(&path, &render_postmortem(title, date, &slug))?;
    Ok(path)
}

/// The new-postmortem template with its placeholders filled.
fn render_postmortem(title: &str, date: NaiveDate, slug: &str) -> String {
    let heading = title.replace(['\n', '\r'], " ");
    NEW_POSTMORTEM
        .replace("{{title}}", &yaml_string(&heading))
        .replace("{{date}}", &date.to_string())
        .replace("{{slug}}", slug)
        .replace("{{heading}}", &heading)
}

/// A double-quoted YAML scalar; JSON string escaping is valid YAML.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// Creates parent folders and the file, failing if the file already exists.
fn write_new(path: &Path, contents: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create directory {}", parent.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| {
            if path.exists() {
                format!("{} already exists; not overwriting it", path.display())
            } else {
                format!("cannot create {}", path.display())
            }
        })?;
    f.write_all(contents.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
