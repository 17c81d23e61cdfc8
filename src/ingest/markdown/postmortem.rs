//! A parsed [`Doc`] -> [`Postmortem`].

use super::actions::{self, Ctx};
use super::document::{Doc, Skip};
use super::fields::{self, alias_table, duration_minutes, format_minutes, is_duration_field};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Origin, Postmortem, PostmortemStatus};
use crate::site::urls::slugify;
use std::collections::BTreeMap;

/// Front-matter keys a postmortem understands.
pub const KEYS: &[&str] = &[
    "title",
    "date",
    "slug",
    "status",
    "draft",
    "severity",
    "incidents",
    "services",
    "themes",
    "authors",
    "summary",
    "actions",
];

/// Singular and short spellings accepted as well (not offered as suggestions).
const ALIASES: &[&str] = &["sev", "incident", "service", "theme", "author"];

/// The document as a postmortem, or the reason it was skipped. Diagnostics go to `diags`.
pub fn build(doc: &Doc, config: &Config, diags: &mut Vec<Diagnostic>) -> Result<Postmortem, Skip> {
    let aliases = alias_table(&config.settings.label_aliases);
    diags.extend(doc.check_keys(KEYS, |k| {
        ALIASES.contains(&k) || aliases.contains_key(&fields::normalise_label(k))
    }));
    let order = config.settings.date_order;
    let date = doc.date(order).map_err(|d| {
        diags.push(d);
        "no date"
    })?;
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
    let status = status(doc, diags);

    let mut fields = BTreeMap::new();
    // Front-matter keys that are label aliases ("time_to_repair: 3h") count as fields.
    if let Some(fm) = &doc.fm {
        for (k, v) in &fm.map {
            if !KEYS.contains(&k.as_str())
                && let Some(field) = aliases.get(&fields::normalise_label(k))
                && let Some(value) = super::frontmatter::scalar(v)
            {
                insert_field(
                    &mut fields,
                    field,
                    &value,
                    &doc.file,
                    fm.line_of_key(k),
                    diags,
                );
            }
        }
    }
    for l in fields::labelled_fields(&doc.body, doc.body_line, &aliases) {
        if !fields.contains_key(&l.field) {
            insert_field(&mut fields, &l.field, &l.value, &doc.file, l.line, diags);
        }
    }

    let severity = doc
        .get_str(&["severity", "sev"])
        .or_else(|| fields.get("severity").cloned())
        .map(|raw| fields::severity(&raw));
    if let Some(s) = &severity
        && s.level.is_none()
    {
        diags.push(Diagnostic::warning(
            &doc.file,
            doc.key_line("severity"),
            0,
            format!(
                "severity `{}` is not recognised (expected SEV1..SEV5, P1..P5, critical, high, medium, low); kept as unknown",
                s.raw
            ),
        ));
    }
    let mut services = doc.get_list(&["services", "service"]);
    if services.is_empty()
        && let Some(s) = fields.get("services")
    {
        services = split_list(s);
    }
    let mut incidents = doc.get_list(&["incidents", "incident"]);
    if incidents.is_empty()
        && let Some(s) = fields.get("incidents")
    {
        incidents = split_list(s);
    }
    let summary = doc.get_str(&["summary"]).or_else(|| {
        doc.heading(|h| {
            matches!(
                h,
                "summary" | "executive summary" | "tl dr" | "tldr" | "overview"
            )
        })
        .and_then(|i| doc.first_paragraph(i))
        .or_else(|| fields.get("summary").cloned())
    });
    let mut authors = doc.get_list(&["authors", "author"]);
    if authors.is_empty()
        && let Some(s) = fields.get("authors")
    {
        authors = split_list(s);
    }
    let mut ctx = Ctx {
        slug: &slug,
        date,
        file: &doc.file,
        order,
        diags,
    };
    let actions = actions::read(doc.fm.as_ref(), &doc.blocks, &mut ctx);
    Ok(Postmortem {
        slug,
        title,
        date,
        incidents,
        services,
        severity,
        themes: doc
            .get_list(&["themes", "theme"])
            .iter()
            .map(|t| slugify(t))
            .collect(),
        authors,
        status,
        summary,
        fields,
        actions,
        body: doc.body.clone(),
        origin: Origin {
            file: doc.file.as_str().into(),
            line: 1,
        },
    })
}

fn status(doc: &Doc, diags: &mut Vec<Diagnostic>) -> PostmortemStatus {
    if doc.is_draft_flag() {
        return PostmortemStatus::Draft;
    }
    let Some(raw) = doc.get_str(&["status"]) else {
        return PostmortemStatus::Published;
    };
    match super::outline::normalise_heading(&raw).as_str() {
        "draft" | "wip" | "in progress" | "work in progress" => PostmortemStatus::Draft,
        "review" | "in review" | "reviewing" | "under review" => PostmortemStatus::Review,
        "published" | "final" | "done" | "complete" | "completed" | "approved" | "closed" => {
            PostmortemStatus::Published
        }
        _ => {
            diags.push(Diagnostic::warning(
                &doc.file,
                doc.key_line("status"),
                0,
                format!("status `{raw}` is not draft, review or published; treated as published"),
            ));
            PostmortemStatus::Published
        }
    }
}

fn insert_field(
    fields: &mut BTreeMap<String, String>,
    field: &str,
    value: &str,
    file: &str,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let value = if is_duration_field(field) {
        match duration_minutes(value) {
            Some(m) => format_minutes(m),
            None => {
                diags.push(Diagnostic::warning(
                    file,
                    line,
                    0,
                    format!(
                        "{field}: `{value}` is not a duration (expected e.g. 3h 8m, 1435 minutes or 1:30); kept as written"
                    ),
                ));
                value.to_string()
            }
        }
    } else {
        value.to_string()
    };
    fields.insert(field.to_string(), value);
}

/// "[INC-1](https://…), `INC-2`; INC-3" -> ["INC-1", "INC-2", "INC-3"].
fn split_list(s: &str) -> Vec<String> {
    static LINK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());
    LINK.replace_all(s, "$1")
        .split([',', ';'])
        .map(|p| p.trim().trim_matches(['`', '*', '_']).trim().to_string())
        .filter(|p| !super::frontmatter::is_blank(p))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn labelled_lists_drop_markdown_links_and_code() {
        assert_eq!(
            super::split_list("[INC-1](https://pd/INC-1), `INC-2`; **INC-3**, n/a"),
            ["INC-1", "INC-2", "INC-3"]
        );
    }
}
