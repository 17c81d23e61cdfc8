//! actions/: overdue first, then open actions grouped by team and owner, then closed ones.
//! Filterable without JavaScript through the group anchors; filter.js adds a text filter.

use super::rows::{self, ActionRow};
use crate::model::ActionItem;
use crate::site::{Ctx, Page, PageMeta, urls};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Group {
    id: String,
    team: String,
    owner: String,
    overdue: usize,
    actions: Vec<ActionRow>,
}

/// Actions that are published: standalone ones and those of published postmortems.
pub fn published<'a>(ctx: &Ctx<'a>) -> Vec<&'a ActionItem> {
    let ds = ctx.input.dataset;
    let mut list: Vec<&ActionItem> = ds
        .postmortems
        .iter()
        .filter(|p| ctx.published_postmortem(&p.slug))
        .flat_map(|p| p.actions.iter())
        .chain(ds.actions.iter())
        .collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    list
}

/// Overdue first (most days late first), then by due date, then id.
fn by_urgency(list: &mut [ActionRow]) {
    list.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| (a.due.is_empty(), &a.due).cmp(&(b.due.is_empty(), &b.due)))
            .then_with(|| a.id.cmp(&b.id))
    });
}

pub fn page(ctx: &Ctx) -> Page {
    let all: Vec<ActionRow> = published(ctx)
        .into_iter()
        .map(|a| rows::action(ctx, a))
        .collect();
    let (closed, open): (Vec<ActionRow>, Vec<ActionRow>) = all
        .into_iter()
        .partition(|a| a.status == "done" || a.status == "wont do");
    let mut overdue: Vec<ActionRow> = open.iter().filter(|a| a.overdue).cloned().collect();
    by_urgency(&mut overdue);
    let mut groups: BTreeMap<(String, String), Vec<ActionRow>> = BTreeMap::new();
    for a in open.iter().cloned() {
        groups
            .entry((a.team.clone(), a.owner.clone()))
            .or_default()
            .push(a);
    }
    let mut groups: Vec<Group> = groups
        .into_iter()
        .map(|((team, owner), mut actions)| {
            by_urgency(&mut actions);
            Group {
                id: format!("group-{}-{}", urls::slugify(&team), urls::slugify(&owner)),
                overdue: actions.iter().filter(|a| a.overdue).count(),
                team,
                owner,
                actions,
            }
        })
        .collect();
    unique_ids(&mut groups);
    groups.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| (&a.team, &a.owner).cmp(&(&b.team, &b.owner)))
    });
    let mut closed = closed;
    closed.sort_by(|a, b| b.completed.cmp(&a.completed).then_with(|| a.id.cmp(&b.id)));
    let meta = PageMeta {
        title: "Actions".into(),
        description: format!(
            "{} open postmortem actions, {} overdue",
            open.len(),
            overdue.len()
        ),
        section: "actions".into(),
        og_image: None,
    };
    let mut page = ctx.page("actions/index.html".into(), "actions.html", meta);
    page.ctx.insert("open_count", &open.len());
    page.ctx.insert("overdue", &overdue);
    page.ctx.insert("groups", &groups);
    page.ctx.insert("closed", &closed);
    page
}

/// "Priya Raman" and "priya.raman" slug alike; the second group gets "-2" so every
/// anchor on the page stays unique.
fn unique_ids(groups: &mut [Group]) {
    let mut used = std::collections::BTreeSet::new();
    for g in groups.iter_mut() {
        let base = g.id.clone();
        let mut n = 2;
        while !used.insert(g.id.clone()) {
            g.id = format!("{base}-{n}");
            n += 1;
        }
    }
}
