//! Which files to read: the `sources` globs (relative to content/), or every file
//! under content/data/ when there are none. Always in sorted path order.

use crate::config::{Config, SourceSpec};
use crate::diagnostics::Diagnostic;
use crate::ingest::slash;
use globset::GlobBuilder;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One file to read and the `sources` entry that named it (None = auto-detect).
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    /// Relative to the site root with `/` separators, as diagnostics show it.
    pub shown: String,
    pub spec: Option<SourceSpec>,
}

pub fn plan(config: &Config) -> (Vec<Planned>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let settings = &config.settings;
    if settings.sources.is_empty() {
        let files = walk(config, &config.content_dir.join("data"), &mut diags);
        let plan = files
            .into_iter()
            .map(|(path, shown, _)| Planned {
                path,
                shown,
                spec: None,
            })
            .collect();
        return (plan, diags);
    }
    let files = walk(config, &config.content_dir, &mut diags);
    let mut taken = vec![false; files.len()];
    let mut plan = Vec::new();
    for (i, spec) in settings.sources.iter().enumerate() {
        if leaves_content(&spec.path) {
            let msg = format!(
                "sources[{i}].path: `{}` points outside content/; sources are read only from \
                 files inside content/ (copy the export into content/data/)",
                spec.path
            );
            diags.push(Diagnostic::error("content/site.yaml", 0, 0, msg));
            continue;
        }
        let glob = match GlobBuilder::new(spec.path.trim_start_matches("./"))
            .literal_separator(true)
            .build()
        {
            Ok(g) => g.compile_matcher(),
            Err(e) => {
                let msg = format!(
                    "sources[{i}].path: `{}` is not a valid glob ({e})",
                    spec.path
                );
                diags.push(Diagnostic::error("content/site.yaml", 0, 0, msg));
                continue;
            }
        };
        let mut matched = 0;
        for (j, (path, shown, rel)) in files.iter().enumerate() {
            if !glob.is_match(rel) {
                continue;
            }
            matched += 1;
            if taken[j] {
                continue; // the first matching entry wins
            }
            taken[j] = true;
            plan.push(Planned {
                path: path.clone(),
                shown: shown.clone(),
                spec: Some(spec.clone()),
            });
        }
        if matched == 0 {
            let msg = format!(
                "sources[{i}].path: `{}` matches no file under content/",
                spec.path
            );
            diags.push(Diagnostic::warning("content/site.yaml", 0, 0, msg));
        }
    }
    plan.sort_by(|a, b| a.shown.cmp(&b.shown));
    (plan, diags)
}

/// Files under `dir`, sorted, hidden ones skipped: (path, shown from root, relative to content).
fn walk(
    config: &Config,
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String, String)> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let path = e.path().to_path_buf();
                let shown = slash(path.strip_prefix(&config.root).unwrap_or(&path));
                let rel = slash(path.strip_prefix(&config.content_dir).unwrap_or(&path));
                out.push((path, shown, rel));
            }
            Ok(e) if e.path_is_symlink() => {
                // Not followed: a link could point outside content/.
                let shown = slash(e.path().strip_prefix(&config.root).unwrap_or(e.path()));
                let msg = "symbolic link not read; opsloop reads only regular files inside content/ \
                           (copy the file here instead)";
                diags.push(Diagnostic::warning(&shown, 0, 0, msg));
            }
            Ok(_) => {}
            Err(e) => {
                let shown = e.path().map_or_else(|| slash(dir), slash);
                diags.push(Diagnostic::error(&shown, 0, 0, format!("cannot read: {e}")));
            }
        }
    }
    out
}

/// An absolute path or a `..` step: the glob could only match outside content/.
fn leaves_content(glob: &str) -> bool {
    glob.starts_with(['/', '\\'])
        || glob.get(1..2) == Some(":")
        || glob.split(['/', '\\']).any(|part| part == "..")
}
