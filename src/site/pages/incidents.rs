//! incidents/: the paginated incident table, newest first, every row anchored and linked
//! to its source tool.

use super::Out;
use super::rows::{self, IncidentRow};
use crate::site::format::Link;
use crate::site::{Ctx, PageMeta, urls};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<Link>,
}

/// Each page goes to `out` as soon as it is built: at scale L the table has a thousand
/// pages of a hundred rows.
pub fn pages(ctx: &Ctx, out: Out) -> Result<()> {
    let incidents = &ctx.input.dataset.incidents;
    let order = &ctx.input.incident_table.order;
    let size = ctx.input.config.settings.page_size.max(1);
    let total = order.len().div_ceil(size).max(1);
    let chunks: Vec<&[usize]> = if order.is_empty() {
        vec![&[]]
    } else {
        order.chunks(size).collect()
    };
    chunks
        .into_par_iter()
        .enumerate()
        .try_for_each(|(i, chunk)| {
            let n = i + 1;
            let rows: Vec<IncidentRow> = chunk
                .iter()
                .map(|&k| rows::incident(ctx, &incidents[k]))
                .collect();
            let meta = PageMeta {
                title: super::paged_title("Incidents", n, total),
                description: format!("{} incidents, newest first", incidents.len()),
                section: "incidents".into(),
                og_image: None,
            };
            let mut page = ctx.page(
                format!("{}index.html", urls::incidents_page(n)),
                "incidents.html",
                meta,
            );
            let pager = Pager {
                current: n,
                total,
                prev: (n > 1).then(|| ctx.href(&urls::incidents_page(n - 1))),
                next: (n < total).then(|| ctx.href(&urls::incidents_page(n + 1))),
                pages: window(n, total)
                    .into_iter()
                    .map(|p| Link {
                        text: p.to_string(),
                        href: ctx.href(&urls::incidents_page(p)),
                    })
                    .collect(),
            };
            page.ctx.insert("incidents", &rows);
            page.ctx.insert("count", &incidents.len());
            page.ctx.insert("first", &(i * size + 1));
            page.ctx.insert("last", &(i * size + rows.len()));
            page.ctx.insert("pager", &pager);
            out(page)
        })
}

/// Page numbers to link from page `n`: the first, the last and three either side, so a
/// table of thousands of pages does not put thousands of links on every page.
fn window(n: usize, total: usize) -> Vec<usize> {
    (1..=total)
        .filter(|&p| p == 1 || p == total || p.abs_diff(n) <= 3)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn pager_window() {
        assert_eq!(super::window(1, 3), [1, 2, 3]);
        assert_eq!(super::window(10, 100), [1, 7, 8, 9, 10, 11, 12, 13, 100]);
    }
}
