//! Postmortems (content/postmortems/*.md) and declared wins (content/wins/*.md), read
//! as teams already write them: YAML or TOML front matter or none, titles from headings,
//! action items from front matter, tables or checklists, labelled fields in the body.
//!
//! Every file becomes a record or a diagnostic, and each folder gets one
//! [`SourceSummary`] (rows = files).

mod actions;
mod dates;
mod document;
mod fields;
mod frontmatter;
mod outline;
mod postmortem;
mod source;
mod wins;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceSummary};
use crate::model::{Dataset, Origin, Postmortem, PostmortemStatus};
use anyhow::Context;
use document::{Doc, Skip};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Reads content/postmortems/ into `dataset.postmortems`. Drafts are counted under the
/// "draft" skip reason unless `config.drafts`; a repeated slug keeps the first file.
pub fn read_postmortems(
    config: &Config,
    dataset: &mut Dataset,
    diags: &mut Diagnostics,
) -> anyhow::Result<()> {
    let mut seen = BTreeSet::new();
    let mut action_ids = BTreeMap::new();
    read_folder(config, "postmortems", diags, |doc, d| {
        let mut pm = postmortem::build(doc, config, d)?;
        if pm.status == PostmortemStatus::Draft && !config.drafts {
            return Err("draft");
        }
        if !seen.insert(pm.slug.clone()) {
            d.push(duplicate(doc, &pm.slug));
            return Err("duplicate slug");
        }
        unique_action_ids(&mut pm, &mut action_ids, d);
        dataset.postmortems.push(pm);
        Ok(())
    })
}

/// Action ids must be unique across the site (pages link to them). A tracker ref used
/// twice, in one postmortem or two, keeps its first use; later ones fall back to
/// `<slug>-<n>` with a warning.
fn unique_action_ids(
    pm: &mut Postmortem,
    used: &mut BTreeMap<String, Origin>,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, a) in pm.actions.iter_mut().enumerate() {
        if let Some(first) = used.get(&a.id) {
            let fallback = format!("{}-{}", pm.slug, i + 1);
            diags.push(Diagnostic::warning_at(
                &a.origin,
                format!(
                    "action id `{}` is already used at {}:{}; this action gets the id `{fallback}`",
                    a.id, first.file, first.line
                ),
            ));
            a.id = fallback;
        }
        used.insert(a.id.clone(), a.origin.clone());
    }
}

/// Reads content/wins/ into `dataset.wins`; drafts are counted under "draft".
pub fn read_wins(
    config: &Config,
    dataset: &mut Dataset,
    diags: &mut Diagnostics,
) -> anyhow::Result<()> {
    let mut seen = BTreeSet::new();
    read_folder(config, "wins", diags, |doc, d| {
        let win = wins::build(doc, config, d)?;
        if !seen.insert(win.slug.clone()) {
            d.push(duplicate(doc, &win.slug));
            return Err("duplicate slug");
        }
        dataset.wins.push(win);
        Ok(())
    })
}

fn duplicate(doc: &Doc, slug: &str) -> Diagnostic {
    Diagnostic::error(
        &doc.file,
        doc.key_line("slug"),
        0,
        format!(
            "slug `{slug}` is already used by another file in this folder; document skipped (set `slug:` to tell them apart)"
        ),
    )
}

/// Reads every Markdown file of `content/<kind>/` in path order and hands each parsed
/// document to `accept`, which records it or names the reason it was skipped.
fn read_folder(
    config: &Config,
    kind: &str,
    diags: &mut Diagnostics,
    mut accept: impl FnMut(&Doc, &mut Vec<Diagnostic>) -> Result<(), Skip>,
) -> anyhow::Result<()> {
    let dir = config.content_dir.join(kind);
    if !dir.is_dir() {
        return Ok(());
    }
    let mut summary = SourceSummary::new(&format!("content/{kind}/"), kind, "markdown");
    for path in markdown_files(&dir)? {
        summary.rows += 1;
        let shown = super::slash(path.strip_prefix(&config.root).unwrap_or(&path));
        let mut found = Vec::new();
        let outcome = match read_regular(&path) {
            Ok(bytes) => {
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                let text = source::decode(&bytes);
                let outcome = match Doc::parse(&shown, stem, &text) {
                    Ok(doc) => accept(&doc, &mut found),
                    Err(d) => {
                        found.push(d);
                        Err("invalid front matter")
                    }
                };
                for d in &mut found {
                    fill_column(d, &text);
                }
                outcome
            }
            Err(e) => {
                found.push(Diagnostic::error(
                    &shown,
                    0,
                    0,
                    format!("cannot read file: {e} (expected a Markdown file)"),
                ));
                Err("unreadable")
            }
        };
        match outcome {
            Ok(()) => summary.records += 1,
            Err(reason) => summary.skip(reason),
        }
        for d in found {
            diags.push(d);
        }
    }
    diags.sources.push(summary);
    Ok(())
}

/// Messages quote the raw value in backticks; when a diagnostic has no column yet,
/// point at the first quoted value (trying the last quote first, which is the value
/// rather than the action's title) that appears on its line.
fn fill_column(d: &mut Diagnostic, text: &str) {
    if d.column != 0 || d.line == 0 {
        return;
    }
    let Some(line) = text.lines().nth(d.line - 1) else {
        return;
    };
    let quoted: Vec<&str> = d.message.split('`').skip(1).step_by(2).collect();
    for q in quoted.iter().rev().filter(|q| !q.is_empty()) {
        if let Some(at) = line.find(q) {
            d.column = line[..at].chars().count() + 1;
            return;
        }
    }
}

/// `*.md` and `*.markdown` files, sorted. Names starting with `_` or `.` are templates
/// or editor files, not documents, so they are not read.
fn markdown_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && (name.starts_with('_') || name.starts_with('.')) {
            continue;
        }
        let is_md = name.ends_with(".md") || name.ends_with(".markdown");
        if (entry.file_type().is_file() || entry.path_is_symlink()) && is_md {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// The file's bytes, unless it is a symbolic link: a link could point outside content/
/// (or at /dev/zero), so it is reported, never followed.
fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    if path.is_symlink() {
        return Err(std::io::Error::other(
            "symbolic link not followed; opsloop reads only regular files inside content/, copy the file here instead",
        ));
    }
    std::fs::read(path)
}
