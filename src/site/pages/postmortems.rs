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

/// Whether the postmortem's incidents came back after its prevent actions closed.
#[derive(Serialize)]
struct Recurrence {
    /// Latest completion of a done prevent action; None when none is done.
    fixed_on: Option<String>,
    /// Incidents with the same (service, fingerprint) key that started after `fixed_on`.
    repeats: Vec<IncidentRow>,
    /// Fingerprints were not computed (no analysis): we cannot tell.
    unknown: bool,
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
    let lookup = Lookup::new(ctx.input.dataset.incidents.as_slice());
    let mut out = vec![index(ctx, &list)];
    out.par_extend(list.par_iter().map(|p| detail(ctx, &lookup, p)));
    out
}

/// Incidents by id, by the postmortem they name and by (service, fingerprint), built once
/// so each postmortem page looks up its incidents instead of scanning all of them (2k
/// postmortems x 100k incidents was most of a large build). Each incident comes with its
/// position in the dataset, which keeps ties in the original order.
struct Lookup<'a> {
    by_id: BTreeMap<&'a str, Vec<(usize, &'a Incident)>>,
    by_postmortem: BTreeMap<&'a str, Vec<(usize, &'a Incident)>>,
    by_key: BTreeMap<(&'a str, &'a str), Vec<(usize, &'a Incident)>>,
}

impl<'a> Lookup<'a> {
    fn new(incidents: &'a [Incident]) -> Self {
        let mut l = Lookup {
            by_id: BTreeMap::new(),
            by_postmortem: BTreeMap::new(),
            by_key: BTreeMap::new(),
        };
        for (n, i) in incidents.iter().enumerate() {
            l.by_id.entry(i.id.as_str()).or_default().push((n, i));
            if let Some(pm) = i.postmortem.as_deref() {
                l.by_postmortem.entry(pm).or_default().push((n, i));
            }
            if !i.fingerprint.is_empty() {
                for s in &i.services {
                    let key = (s.as_str(), i.fingerprint.as_str());
                    l.by_key.entry(key).or_default().push((n, i));
                }
            }
        }
        l
    }
}

/// Sorted by start, then id, then dataset position; each incident once.
fn by_start(mut found: Vec<(usize, &Incident)>) -> Vec<&Incident> {
    found.sort_by(|a, b| (a.1.start().0, &a.1.id, a.0).cmp(&(b.1.start().0, &b.1.id, b.0)));
    found.dedup_by_key(|x| x.0);
    found.into_iter().map(|x| x.1).collect()
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

fn detail(ctx: &Ctx, lookup: &Lookup, p: &Postmortem) -> Page {
    let rendered = markdown::render(&ctx.redact(&p.body));
    let incidents = incidents_of(lookup, p);
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
        .insert("recurrence", &recurrence(ctx, lookup, p, &incidents));
    page
}

/// The postmortem's incidents: those it lists, and those that name it.
fn incidents_of<'a>(lookup: &Lookup<'a>, p: &Postmortem) -> Vec<&'a Incident> {
    let ids: BTreeSet<&str> = p.incidents.iter().map(String::as_str).collect();
    let listed = ids.iter().filter_map(|id| lookup.by_id.get(id));
    let naming = lookup.by_postmortem.get(p.slug.as_str());
    by_start(listed.chain(naming).flatten().copied().collect())
}

/// DESIGN.md "recurred after fix": a repeat of the same (service, fingerprint) key that
/// started after a linked prevent action was done.
fn recurrence(ctx: &Ctx, lookup: &Lookup, p: &Postmortem, own: &[&Incident]) -> Recurrence {
    let fixed: Option<NaiveDate> = p
        .actions
        .iter()
        .filter(|a| a.kind == Some(ActionType::Prevent) && a.status == ActionStatus::Done)
        .filter_map(|a| a.completed_at)
        .max();
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
    let tz = &ctx.input.config.tz;
    let repeats: Vec<&Incident> = match fixed {
        None => Vec::new(),
        Some(day) => by_start(
            keys.iter()
                .filter_map(|k| lookup.by_key.get(k))
                .flatten()
                .filter(|(_, i)| !own_ids.contains(i.id.as_str()))
                .filter(|(_, i)| i.start().0.with_timezone(tz).date_naive() > day)
                .copied()
                .collect(),
        ),
    };
    Recurrence {
        fixed_on: fixed.map(|d| d.to_string()),
        repeats: repeats.iter().map(|i| rows::incident(ctx, i)).collect(),
        unknown: unknown && keys.is_empty(),
    }
}
