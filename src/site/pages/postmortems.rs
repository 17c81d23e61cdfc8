//! postmortems/ and postmortems/<slug>/: the rendered Markdown with a table of contents,
//! the postmortem's incidents, its actions, and whether its incidents recurred after its
//! prevent actions were done.

use super::Out;
use super::rows::{self, ActionRow, IncidentRow};
use crate::model::{ActionStatus, ActionType, Incident, Postmortem};
use crate::site::format::Link;
use crate::site::markdown::{self, TocEntry};
use crate::site::{Ctx, Page, PageMeta, urls};
use anyhow::Result;
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

/// Each page goes to `out` as soon as it is built.
pub fn pages(ctx: &Ctx, out: Out) -> Result<()> {
    let list = published(ctx);
    out(index(ctx, &list))?;
    let incidents = &ctx.input.dataset.incidents;
    let shared = Shared {
        found: found_repeats(ctx),
        start_dates: incidents
            .par_iter()
            .map(|i| i.start().0.with_timezone(&ctx.input.config.tz).date_naive())
            .collect(),
        rank: start_rank(incidents),
        same_id: incidents
            .par_iter()
            .map(|i| ctx.incident_index[&i.id] as u32)
            .collect(),
    };
    // Markdown rendering and incident rows per postmortem: independent, so in parallel.
    list.par_iter()
        .try_for_each(|p| out(detail(ctx, p, &shared)))
}

/// Worked out once for all postmortem pages.
struct Shared<'a> {
    found: FoundRepeats<'a>,
    /// Local start date of every incident, by index: the repeat check compares thousands
    /// of them per postmortem.
    start_dates: Vec<NaiveDate>,
    /// Every incident's place in (start, id) order, by index: the order of the incident
    /// and repeat tables, compared as one integer.
    rank: Vec<u32>,
    /// For every incident, by index, the one index [`Ctx::incident_index`] gives its id:
    /// equal exactly when two incidents share an id, so ids compare as integers.
    same_id: Vec<u32>,
}

/// Each incident's position when all are sorted by start, then id, then index.
fn start_rank(incidents: &[Incident]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..incidents.len()).collect();
    order.par_sort_by(|&a, &b| {
        let (x, y) = (&incidents[a], &incidents[b]);
        (x.start().0, &x.id, a).cmp(&(y.start().0, &y.id, b))
    });
    let mut rank = vec![0; incidents.len()];
    for (r, k) in order.into_iter().enumerate() {
        rank[k] = r as u32;
    }
    rank
}

/// The ids of incidents `idx`, as a sorted list for [`has_id`].
fn id_set(idx: &[usize], shared: &Shared) -> Vec<u32> {
    let mut ids: Vec<u32> = idx.iter().map(|&k| shared.same_id[k]).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Whether incident `k`'s id is one of `ids`.
fn has_id(ids: &[u32], k: usize, shared: &Shared) -> bool {
    ids.binary_search(&shared.same_id[k]).is_ok()
}

/// Sorts incident indices into table order and drops repeated ones.
fn in_table_order(idx: &mut Vec<usize>, shared: &Shared) {
    idx.sort_unstable_by_key(|&k| shared.rank[k]);
    idx.dedup();
}

/// The analysis' "recurred after fix" findings per postmortem slug, as the incident index
/// of each distinct repeat id (looked up once here rather than scanned for each of
/// thousands of postmortems).
type FoundRepeats<'a> = BTreeMap<&'a str, Vec<usize>>;

fn found_repeats<'a>(ctx: &Ctx<'a>) -> FoundRepeats<'a> {
    // At scale L the findings name a million repeat ids: looked up in parallel, then
    // deduplicated as integers (distinct ids have distinct indices).
    let findings: Vec<(&str, Vec<usize>)> = ctx
        .input
        .report
        .recurrence
        .recurred_after_fix
        .par_iter()
        .filter_map(|r| {
            let slug = r.postmortem.as_deref()?;
            let idx = r
                .repeat_ids
                .iter()
                .filter_map(|id| ctx.incident_index.get(id).copied())
                .collect();
            Some((slug, idx))
        })
        .collect();
    let mut found: FoundRepeats = BTreeMap::new();
    for (slug, idx) in findings {
        found.entry(slug).or_default().extend(idx);
    }
    for idx in found.values_mut() {
        idx.sort_unstable();
        idx.dedup();
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
    let incidents = incidents_of(ctx, p, shared);
    let all = &ctx.input.dataset.incidents;
    let incident_rows: Vec<IncidentRow> = incidents
        .iter()
        .map(|&k| rows::incident(ctx, &all[k]))
        .collect();
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

/// The postmortem's incidents (by index, in table order): those it lists, and those that
/// name it.
fn incidents_of(ctx: &Ctx, p: &Postmortem, shared: &Shared) -> Vec<usize> {
    let mut idx: Vec<usize> = p
        .incidents
        .iter()
        .filter_map(|id| ctx.incident_index.get(id).copied())
        .chain(
            ctx.by_postmortem
                .get(&p.slug)
                .into_iter()
                .flatten()
                .copied(),
        )
        .collect();
    in_table_order(&mut idx, shared);
    idx
}

/// DESIGN.md "recurred after fix": a repeat of the same (service, fingerprint) key that
/// started after a linked prevent action was done.
fn recurrence(ctx: &Ctx, p: &Postmortem, own_idx: &[usize], shared: &Shared) -> Recurrence {
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
    let all = &ctx.input.dataset.incidents;
    let own: Vec<&Incident> = own_idx.iter().map(|&k| &all[k]).collect();
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
    let own_ids = id_set(own_idx, shared);
    let mut repeats: Vec<usize> = match fixed {
        None => Vec::new(),
        Some(day) => keys
            .iter()
            .filter_map(|(s, f)| ctx.by_key.get(&(s.to_string(), f.to_string())))
            .flatten()
            .copied()
            .filter(|&k| shared.start_dates[k] > day && !has_id(&own_ids, k, shared))
            .collect(),
    };
    in_table_order(&mut repeats, shared);
    // The analysis' own "recurred after fix" findings for this postmortem count too.
    if let Some(found) = shared.found.get(p.slug.as_str()) {
        let known = id_set(&repeats, shared);
        repeats.extend(
            found
                .iter()
                .copied()
                .filter(|&k| !has_id(&known, k, shared)),
        );
        in_table_order(&mut repeats, shared);
    }
    Recurrence {
        fixed_on: fixed.map(|d| d.to_string()),
        repeats: repeats
            .iter()
            .take(MAX_REPEAT_ROWS)
            .map(|&k| rows::incident(ctx, &all[k]))
            .collect(),
        repeats_total: repeats.len(),
        unknown: unknown && keys.is_empty(),
        undated,
    }
}
