//! postmortems/ and postmortems/<slug>/: the rendered Markdown with a table of contents,
//! the postmortem's incidents, its actions, and whether its incidents recurred after its
//! prevent actions were done.

use super::rows::{self, ActionRow, IncidentRow};
use crate::model::{ActionStatus, ActionType, Incident, Postmortem};
use crate::site::format::Link;
use crate::site::markdown::{self, TocEntry};
use crate::site::{Ctx, Page, PageMeta, urls};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Serialize)]
struct ListRow {
    title: String,
    href: String,
    date: String,
    severity: String,
    status: String,
    services: Vec<Link>,
    actions_total: usize,
    actions_open: usize,
    actions_overdue: usize,
}

/// Repeats listed with full rows on a postmortem page, earliest first.
const MAX_REPEAT_ROWS: usize = 50;

/// Whether the postmortem's incidents came back after its prevent actions closed.
#[derive(Serialize)]
struct Recurrence {
    /// Latest completion of a done prevent action; None when none is done.
    fixed_on: Option<String>,
    /// Incidents with the same (service, fingerprint) key that started after `fixed_on`:
    /// the [`MAX_REPEAT_ROWS`] earliest (a large export repeats some keys thousands of
    /// times, which made pages of megabytes and most of the render stage).
    repeats: Vec<IncidentRow>,
    /// How many repeats there are in all.
    repeats_total: usize,
    /// Fingerprints were not computed (no analysis): we cannot tell.
    unknown: bool,
    /// Prevent actions are done but none has a completion date to test against.
    undated: bool,
}

pub fn published<'a>(ctx: &Ctx<'a>) -> Vec<&'a Postmortem> {
    let mut list: Vec<&Postmortem> = ctx
        .input
        .dataset
        .postmortems
        .iter()
        .filter(|p| ctx.published_postmortem(&p.slug))
        .collect();
    list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    list
}

pub fn pages(ctx: &Ctx) -> Vec<Page> {
    let list = published(ctx);
    let mut out = vec![index(ctx, &list)];
    let shared = Shared {
        found: found_repeats(ctx),
        start_dates: ctx
            .input
            .dataset
            .incidents
            .par_iter()
            .map(|i| i.start().0.with_timezone(&ctx.input.config.tz).date_naive())
            .collect(),
    };
    // Markdown rendering and incident rows per postmortem: independent, so in parallel.
    out.par_extend(list.par_iter().map(|p| detail(ctx, p, &shared)));
    out
}

/// Worked out once for all postmortem pages.
struct Shared<'a> {
    found: FoundRepeats<'a>,
    /// Local start date of every incident, by index: the repeat check compares thousands
    /// of them per postmortem.
    start_dates: Vec<NaiveDate>,
}

/// Repeat ids of the analysis' "recurred after fix" findings, per postmortem slug (looked
/// up once here rather than scanned for each of thousands of postmortems).
type FoundRepeats<'a> = BTreeMap<&'a str, BTreeSet<&'a str>>;

fn found_repeats<'a>(ctx: &Ctx<'a>) -> FoundRepeats<'a> {
    let mut found: FoundRepeats = BTreeMap::new();
    for r in &ctx.input.report.recurrence.recurred_after_fix {
        if let Some(slug) = r.postmortem.as_deref() {
            let ids = found.entry(slug).or_default();
            ids.extend(r.repeat_ids.iter().map(String::as_str));
        }
    }
    found
}

fn index(ctx: &Ctx, list: &[&Postmortem]) -> Page {
    let rows: Vec<ListRow> = list
        .iter()
        .map(|p| ListRow {
            title: ctx.redact(&p.title),
            href: ctx.href(&urls::postmortem(&p.slug)),
            date: p.date.to_string(),
            severity: p.severity.as_ref().map(|s| s.label()).unwrap_or_default(),
            status: rows::status_word(&format!("{:?}", p.status)),
            services: p
                .services
                .iter()
                .map(|s| rows::service_link(ctx, s))
                .collect(),
            actions_total: p.actions.len(),
            actions_open: p.actions.iter().filter(|a| !a.status.is_closed()).count(),
            actions_overdue: p
                .actions
                .iter()
                .filter(|a| rows::is_overdue(ctx, a))
                .count(),
        })
        .collect();
    let meta = PageMeta {
        title: "Postmortems".into(),
        description: format!("{} postmortems, newest first", rows.len()),
        section: "postmortems".into(),
        og_image: None,
    };
    let mut page = ctx.page("postmortems/index.html".into(), "postmortems.html", meta);
    page.ctx.insert("postmortems", &rows);
    page
}

fn detail(ctx: &Ctx, p: &Postmortem, shared: &Shared) -> Page {
    let rendered = markdown::render_without_title(&ctx.redact(&p.body));
    let incidents = incidents_of(ctx, p);
    let incident_rows: Vec<IncidentRow> =
        incidents.iter().map(|i| rows::incident(ctx, i)).collect();
    let mut actions: Vec<ActionRow> = p.actions.iter().map(|a| rows::action(ctx, a)).collect();
    actions.sort_by(|a, b| b.overdue.cmp(&a.overdue).then_with(|| a.due.cmp(&b.due)));
    let missing: Vec<String> = p
        .incidents
        .iter()
        .filter(|id| !ctx.incident_hrefs.contains_key(*id))
        .map(|id| ctx.redact(id))
        .collect();
    let summary = p
        .summary
        .as_deref()
        .map(|s| ctx.redact(s))
        .unwrap_or_default();
    let meta = PageMeta {
        title: ctx.redact(&p.title),
        description: summary.clone(),
        section: "postmortems".into(),
        og_image: None,
    };
    let toc: Vec<TocEntry> = rendered.toc;
    let mut page = ctx.page(
        format!("{}index.html", urls::postmortem(&p.slug)),
        "postmortem.html",
        meta,
    );
    page.ctx.insert("date", &p.date.to_string());
    page.ctx.insert(
        "severity",
        &p.severity.as_ref().map(|s| s.label()).unwrap_or_default(),
    );
    page.ctx
        .insert("status", &rows::status_word(&format!("{:?}", p.status)));
    page.ctx.insert("summary", &summary);
    let services: Vec<Link> = p
        .services
        .iter()
        .map(|s| rows::service_link(ctx, s))
        .collect();
    let themes: Vec<Link> = p.themes.iter().map(|t| rows::theme_link(ctx, t)).collect();
    let authors: Vec<String> = p.authors.iter().map(|a| ctx.redact(a)).collect();
    page.ctx.insert("services", &services);
    page.ctx.insert("themes", &themes);
    page.ctx.insert("authors", &authors);
    page.ctx.insert("toc", &toc);
    page.ctx.insert("body_html", &rendered.html);
    page.ctx.insert("incidents", &incident_rows);
    page.ctx.insert("missing_incidents", &missing);
    page.ctx.insert("actions", &actions);
    page.ctx
        .insert("recurrence", &recurrence(ctx, p, &incidents, shared));
    page
}

/// The postmortem's incidents: those it lists, and those that name it.
fn incidents_of<'a>(ctx: &Ctx<'a>, p: &Postmortem) -> Vec<&'a Incident> {
    let mut idx: BTreeSet<usize> = p
        .incidents
        .iter()
        .filter_map(|id| ctx.incident_index.get(id).copied())
        .collect();
    idx.extend(
        ctx.by_postmortem
            .get(&p.slug)
            .into_iter()
            .flatten()
            .copied(),
    );
    let all = &ctx.input.dataset.incidents;
    let mut list: Vec<&Incident> = idx.into_iter().map(|k| &all[k]).collect();
    list.sort_by(|a, b| a.start().0.cmp(&b.start().0).then_with(|| a.id.cmp(&b.id)));
    list
}

/// DESIGN.md "recurred after fix": a repeat of the same (service, fingerprint) key that
/// started after a linked prevent action was done.
fn recurrence(ctx: &Ctx, p: &Postmortem, own: &[&Incident], shared: &Shared) -> Recurrence {
    let fixed: Option<NaiveDate> = p
        .actions
        .iter()
        .filter(|a| a.kind == Some(ActionType::Prevent) && a.status == ActionStatus::Done)
        .filter_map(|a| a.completed_at)
        .max();
    let undated = fixed.is_none()
        && p.actions.iter().any(|a| {
            a.kind == Some(ActionType::Prevent)
                && a.status == ActionStatus::Done
                && a.completed_at.is_none()
        });
    let unknown = own.iter().any(|i| i.fingerprint.is_empty());
    let keys: BTreeSet<(&str, &str)> = own
        .iter()
        .filter(|i| !i.fingerprint.is_empty())
        .flat_map(|i| {
            i.services
                .iter()
                .map(|s| (s.as_str(), i.fingerprint.as_str()))
        })
        .collect();
    let own_ids: BTreeSet<&str> = own.iter().map(|i| i.id.as_str()).collect();
    let mut repeats: Vec<&Incident> = match fixed {
        None => Vec::new(),
        Some(day) => {
            let all = &ctx.input.dataset.incidents;
            let idx: BTreeSet<usize> = keys
                .iter()
                .filter_map(|(s, f)| ctx.by_key.get(&(s.to_string(), f.to_string())))
                .flatten()
                .copied()
                .collect();
            idx.into_iter()
                .filter(|&k| shared.start_dates[k] > day)
                .map(|k| &all[k])
                .filter(|i| !own_ids.contains(i.id.as_str()))
                .collect()
        }
    };
    // The analysis' own "recurred after fix" findings for this postmortem count too.
    let known: BTreeSet<&str> = repeats.iter().map(|i| i.id.as_str()).collect();
    let extra: BTreeSet<&str> = shared
        .found
        .get(p.slug.as_str())
        .into_iter()
        .flatten()
        .copied()
        .filter(|id| !known.contains(id))
        .collect();
    repeats.extend(
        extra
            .into_iter()
            .filter_map(|id| ctx.incident_index.get(id))
            .map(|&k| &ctx.input.dataset.incidents[k]),
    );
    repeats.sort_by(|a, b| a.start().0.cmp(&b.start().0).then_with(|| a.id.cmp(&b.id)));
    Recurrence {
        fixed_on: fixed.map(|d| d.to_string()),
        repeats: repeats
            .iter()
            .take(MAX_REPEAT_ROWS)
            .map(|i| rows::incident(ctx, i))
            .collect(),
        repeats_total: repeats.len(),
        unknown: unknown && keys.is_empty(),
        undated,
    }
}
