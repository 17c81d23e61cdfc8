//! tickets/: the ticket table, paginated like incidents, when `privacy.tickets` is `full`;
//! counts by theme and component only (no titles, no rows) when it is `aggregate`.

use super::rows;
use crate::model::{Ticket, TicketCategory};
use crate::site::format::{self, Link};
use crate::site::{Ctx, Page, PageMeta, urls};
use serde::Serialize;
use std::collections::BTreeMap;

/// Ticket rows published at most (newest first). At scale L (1M tickets) a full table
/// would be 10k pages and hundreds of MB held in memory before the atomic write; the
/// counts above the table still cover every ticket.
const MAX_ROWS: usize = 10_000;

#[derive(Serialize)]
struct TicketRow {
    id: String,
    anchor: String,
    created: String,
    created_iso: String,
    title: String,
    kind: String,
    status: String,
    priority: String,
    components: String,
    themes: Vec<Link>,
    incidents: Vec<Link>,
    resolve: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct CountRow {
    label: String,
    href: Option<String>,
    total: usize,
    open: usize,
}

fn row(ctx: &Ctx, t: &Ticket) -> TicketRow {
    let links = &ctx.input.config.settings.links;
    let url = format::source_url(t.url.as_deref(), &t.source, "ticket", &t.id, links);
    TicketRow {
        id: ctx.redact(&t.id),
        anchor: urls::anchor("ticket", &t.id),
        created: format::datetime(&t.created_at, &ctx.input.config.tz),
        created_iso: format::rfc3339(&t.created_at),
        title: ctx.redact(&t.title),
        kind: t.kind.as_deref().map(|k| ctx.redact(k)).unwrap_or_default(),
        status: ctx.redact(&t.status),
        priority: t
            .priority
            .as_deref()
            .map(|p| ctx.redact(p))
            .unwrap_or_default(),
        components: ctx.redact(&t.components.join(", ")),
        themes: t.themes.iter().map(|s| rows::theme_link(ctx, s)).collect(),
        incidents: t
            .linked_incidents
            .iter()
            .map(|id| Link {
                text: ctx.redact(id),
                href: ctx.incident_href(id),
            })
            .collect(),
        resolve: t
            .resolved_at
            .map(|r| format::duration((r - t.created_at).num_seconds()))
            .unwrap_or_else(|| "open".into()),
        url,
    }
}

fn counts<'a>(
    ctx: &Ctx,
    tickets: &[&'a Ticket],
    keys: impl Fn(&'a Ticket) -> Vec<String>,
    href: impl Fn(&str) -> Option<String>,
) -> Vec<CountRow> {
    let mut m: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for t in tickets {
        for k in keys(t) {
            let e = m.entry(k).or_default();
            e.0 += 1;
            e.1 += usize::from(t.category == TicketCategory::Open);
        }
    }
    m.into_iter()
        .map(|(k, (total, open))| CountRow {
            href: href(&k),
            label: ctx.redact(&k),
            total,
            open,
        })
        .collect()
}

pub fn pages(ctx: &Ctx) -> Vec<Page> {
    let ds = ctx.input.dataset;
    if ds.tickets.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<&Ticket> = ds.tickets.iter().collect();
    order.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    let by_theme = counts(
        ctx,
        &order,
        |t| {
            if t.themes.is_empty() {
                vec!["unthemed".to_string()]
            } else {
                t.themes.clone()
            }
        },
        |k| Some(ctx.href(&urls::theme(k))),
    );
    let by_component = counts(
        ctx,
        &order,
        |t| {
            if t.components.is_empty() {
                vec!["(none)".to_string()]
            } else {
                t.components.clone()
            }
        },
        |_| None,
    );
    let full = ctx.redactor.ticket_titles;
    let size = ctx.input.config.settings.page_size.max(1);
    let listed = &order[..order.len().min(MAX_ROWS)];
    let chunks: Vec<&[&Ticket]> = if full && !listed.is_empty() {
        listed.chunks(size).collect()
    } else {
        vec![&[]]
    };
    let total = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            let meta = PageMeta {
                title: if total > 1 {
                    format!("Tickets, page {n} of {total}")
                } else {
                    "Tickets".into()
                },
                description: format!("{} tickets", order.len()),
                section: "tickets".into(),
                og_image: None,
            };
            let mut page = ctx.page(
                format!("{}index.html", urls::tickets_page(n)),
                "tickets.html",
                meta,
            );
            let rows: Vec<TicketRow> = chunk.iter().map(|t| row(ctx, t)).collect();
            page.ctx.insert("full", &full);
            page.ctx.insert("count", &order.len());
            page.ctx.insert("listed", &listed.len());
            page.ctx.insert("first", &(i * size + 1));
            page.ctx.insert("last", &(i * size + rows.len()));
            page.ctx.insert("tickets", &rows);
            page.ctx.insert(
                "prev",
                &(n > 1).then(|| ctx.href(&urls::tickets_page(n - 1))),
            );
            page.ctx.insert(
                "next",
                &(n < total).then(|| ctx.href(&urls::tickets_page(n + 1))),
            );
            if n == 1 {
                page.ctx.insert("by_theme", &by_theme);
                page.ctx.insert("by_component", &by_component);
            }
            page
        })
        .collect()
}
