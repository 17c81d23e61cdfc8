//! A parsed [`Doc`] -> [`DeclaredWin`].

use super::document::{Doc, Skip};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{DeclaredWin, Origin};
use crate::site::urls::slugify;
use serde_json::Value;

/// Front-matter keys a win understands.
pub const KEYS: &[&str] = &[
    "title", "date", "slug", "themes", "services", "evidence", "authors", "summary", "status",
    "draft",
];

/// Singular spellings accepted as well (not offered as suggestions).
const ALIASES: &[&str] = &["theme", "service", "author"];

/// The document as a win, or the reason it was skipped ("draft" when not built with drafts).
pub fn build(doc: &Doc, config: &Config, diags: &mut Vec<Diagnostic>) -> Result<DeclaredWin, Skip> {
    diags.extend(doc.check_keys(KEYS, |k| ALIASES.contains(&k)));
    let date = doc.date(config.settings.date_order).map_err(|d| {
        diags.push(d);
        "no date"
    })?;
    let draft = doc.is_draft_flag()
        || doc
            .get_str(&["status"])
            .is_some_and(|s| s.eq_ignore_ascii_case("draft"));
    if draft && !config.drafts {
        return Err("draft");
    }
    let slug = doc.slug();
    let title = doc.title().unwrap_or_else(|| {
        diags.push(Diagnostic::warning(
            &doc.file,
            1,
            0,
            "no title: expected `title:` in front matter or a heading; using the file name",
        ));
        slug.replace('-', " ")
    });
    let evidence = match doc.get(&["evidence"]) {
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(super::frontmatter::scalar)
                .map(|s| format!("- {s}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Some(v) => super::frontmatter::scalar(v),
        None => doc
            .heading(|h| h.starts_with("evidence"))
            .map(|i| doc.section_text(i))
            .filter(|s| !s.is_empty()),
    };
    Ok(DeclaredWin {
        slug,
        title,
        date,
        themes: doc
            .get_list(&["themes", "theme"])
            .iter()
            .map(|t| slugify(t))
            .collect(),
        services: doc.get_list(&["services", "service"]),
        evidence,
        body: doc.body.clone(),
        origin: Origin {
            file: doc.file.as_str().into(),
            line: 1,
        },
    })
}
