//! quality/: every source with rows read, records made and rows skipped by reason, and
//! every diagnostic, so a reader can judge how far to trust the numbers.

use crate::site::{Ctx, Page, PageMeta};
use serde::Serialize;
use std::collections::BTreeMap;

/// More diagnostics than this per file are counted, not listed (a broken 1M-row export
/// would otherwise make a page nobody can open).
const MAX_PER_FILE: usize = 200;

#[derive(Serialize)]
struct SourceRow {
    path: String,
    kind: String,
    preset: String,
    rows: usize,
    records: usize,
    skipped_total: usize,
    skipped: Vec<(String, usize)>,
    accounted: bool,
    anchor: String,
    /// The source has diagnostics listed below (the skipped count links to them).
    has_diagnostics: bool,
}

#[derive(Serialize)]
struct DiagRow {
    severity: String,
    location: String,
    message: String,
}

#[derive(Serialize)]
struct FileDiags {
    file: String,
    anchor: String,
    errors: usize,
    warnings: usize,
    shown: Vec<DiagRow>,
    hidden: usize,
}

pub fn page(ctx: &Ctx) -> Page {
    let d = ctx.input.diagnostics;
    let anchors = file_anchors(d);
    let mut sources: Vec<SourceRow> = d
        .sources
        .iter()
        .map(|s| SourceRow {
            path: ctx.redact(&s.path),
            kind: s.kind.clone(),
            preset: ctx.redact(&s.preset),
            rows: s.rows,
            records: s.records,
            skipped_total: s.skipped.values().sum(),
            skipped: s.skipped.iter().map(|(k, v)| (ctx.redact(k), *v)).collect(),
            accounted: s.accounts_for_every_row(),
            anchor: anchors[s.path.as_str()].clone(),
            has_diagnostics: d.diagnostics.iter().any(|x| x.file == s.path),
        })
        .collect();
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    let mut by_file: BTreeMap<&str, Vec<&crate::diagnostics::Diagnostic>> = BTreeMap::new();
    for diag in &d.diagnostics {
        by_file.entry(diag.file.as_str()).or_default().push(diag);
    }
    let files: Vec<FileDiags> = by_file
        .into_iter()
        .map(|(file, mut list)| {
            list.sort();
            let errors = list
                .iter()
                .filter(|x| x.severity == crate::diagnostics::Severity::Error)
                .count();
            let shown = list
                .iter()
                .take(MAX_PER_FILE)
                .map(|x| DiagRow {
                    severity: format!("{:?}", x.severity).to_lowercase(),
                    location: location(x.line, x.column),
                    message: ctx.redact(&x.message),
                })
                .collect();
            FileDiags {
                file: ctx.redact(file),
                anchor: format!("diagnostics-{}", anchors[file]),
                errors,
                warnings: list.len() - errors,
                shown,
                hidden: list.len().saturating_sub(MAX_PER_FILE),
            }
        })
        .collect();
    let meta = PageMeta {
        title: "Data quality".into(),
        description: format!(
            "{} sources read, {} diagnostics",
            sources.len(),
            d.diagnostics.len()
        ),
        section: "quality".into(),
        og_image: None,
    };
    let mut page = ctx.page("quality/index.html".into(), "quality.html", meta);
    page.ctx.insert("sources", &sources);
    page.ctx.insert("files", &files);
    page.ctx.insert("diagnostic_count", &d.diagnostics.len());
    page
}

fn location(line: usize, column: usize) -> String {
    match (line, column) {
        (0, _) => String::new(),
        (l, 0) => format!("line {l}"),
        (l, c) => format!("line {l}, column {c}"),
    }
}

/// One anchor per file, unique on the page: `data/a b.csv` and `data/a-b.csv` slugify
/// alike, so a later one gets `-2`, `-3`, ... (in path order, so builds are stable).
fn file_anchors(d: &crate::diagnostics::Diagnostics) -> BTreeMap<&str, String> {
    let paths: std::collections::BTreeSet<&str> = d
        .sources
        .iter()
        .map(|s| s.path.as_str())
        .chain(d.diagnostics.iter().map(|x| x.file.as_str()))
        .collect();
    let mut used = std::collections::BTreeSet::new();
    let mut out = BTreeMap::new();
    for path in paths {
        let base = format!("source-{}", crate::site::urls::slugify(path));
        let mut anchor = base.clone();
        let mut n = 1;
        while !used.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        out.insert(path, anchor);
    }
    out
}
