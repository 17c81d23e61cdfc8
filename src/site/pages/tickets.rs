//! tickets/: the ticket table, paginated like incidents, when `privacy.tickets` is `full`;
//! counts by theme and component only (no titles, no rows) when it is `aggregate`.

use super::{Out, rows};
use crate::model::{Shared, Ticket, TicketCategory};
use crate::site::format::{self, Link};
use crate::site::{Ctx, PageMeta, urls};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::cmp::Reverse;
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
    let url = format::source_url(t.url.as_deref(), &t.source, "ticket", &t.id, links)
        .map(Cow::into_owned);
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

/// Tickets and open tickets per key (a ticket's themes or components; `none` when it has
/// none), with the keys borrowed: a million tickets are counted here.
fn counts<'a>(
    ctx: &Ctx,
    tickets: &'a [Ticket],
    keys: impl Fn(&'a Ticket) -> &'a [Shared],
    none: &'a str,
    href: impl Fn(&str) -> Option<String>,
) -> Vec<CountRow> {
    let mut m: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for t in tickets {
        let open = usize::from(t.category == TicketCategory::Open);
        let ks = keys(t);
        let named = ks.iter().map(|k| &**k);
        for k in named.chain(ks.is_empty().then_some(none)) {
            let e = m.entry(k).or_default();
            e.0 += 1;
            e.1 += open;
        }
    }
    m.into_iter()
        .map(|(k, (total, open))| CountRow {
            href: href(k),
            label: ctx.redact(k),
            total,
            open,
        })
        .collect()
}

/// The `n` items with the smallest keys, in key order (ties in input order), without
/// sorting all of them: the ticket table lists 10,000 of a million.
fn smallest<'a, T, K: Ord>(items: &'a [T], n: usize, key: impl Fn(&'a T) -> K) -> Vec<&'a T> {
    let mut order: Vec<(K, usize)> = items.iter().map(key).zip(0..).collect();
    if n < order.len() {
        order.select_nth_unstable(n);
        order.truncate(n);
    }
    order.sort_unstable();
    order.into_iter().map(|(_, i)| &items[i]).collect()
}

/// Each page goes to `out` as soon as it is built, so the rows of a hundred pages are
/// not all held at once.
pub fn pages(ctx: &Ctx, out: Out) -> Result<()> {
    let ds = ctx.input.dataset;
    if ds.tickets.is_empty() {
        return Ok(());
    }
    let theme_href = |k: &str| Some(ctx.href(&urls::theme(k)));
    let full = ctx.redactor.ticket_titles;
    let size = ctx.input.config.settings.page_size.max(1);
    let count = ds.tickets.len();
    // Three passes over a million tickets, side by side.
    let ((by_theme, by_component), listed) = rayon::join(
        || {
            rayon::join(
                || counts(ctx, &ds.tickets, |t| &t.themes, "unthemed", theme_href),
                || counts(ctx, &ds.tickets, |t| &t.components, "(none)", |_| None),
            )
        },
        || match full {
            // Newest first, ties by id.
            true => smallest(&ds.tickets, MAX_ROWS, |t| (Reverse(t.created_at), &*t.id)),
            false => Vec::new(),
        },
    );
    let chunks: Vec<&[&Ticket]> = if !listed.is_empty() {
        listed.chunks(size).collect()
    } else {
        vec![&[]]
    };
    let total = chunks.len();
    (chunks.into_par_iter().enumerate()).try_for_each(|(i, chunk)| {
        let n = i + 1;
        let meta = PageMeta {
            title: super::paged_title("Tickets", n, total),
            description: format!("{count} tickets"),
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
        page.ctx.insert("count", &count);
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
        out(page)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same items as sorting everything by key with a stable sort.
    #[test]
    fn smallest_matches_a_full_stable_sort() {
        // (day, id, input position): many ties on day and id.
        let items: Vec<(u32, String, u32)> = (0..200u32)
            .map(|i| ((i * 7) % 28, format!("T-{}", i % 13), i))
            .collect();
        let key = |x: &(u32, String, u32)| (Reverse(x.0), x.1.clone());
        let mut all: Vec<&(u32, String, u32)> = items.iter().collect();
        all.sort_by_key(|x| key(x));
        for n in [0, 1, 17, 199, 200, 500] {
            let want = &all[..n.min(all.len())];
            assert_eq!(smallest(&items, n, key), want, "n = {n}");
        }
    }
}
