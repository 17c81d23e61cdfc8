//! One module per page kind; [`plan`] lists every HTML page of the site.

use super::{Ctx, Page, PageMeta};
use anyhow::Result;

pub mod actions;
pub mod charts;
pub mod groups;
pub mod incidents;
pub mod overview;
pub mod postmortems;
pub mod quality;
pub mod report;
pub mod rows;
pub mod tickets;
pub mod wins;

pub fn plan(ctx: &Ctx) -> Result<Vec<Page>> {
    let mut pages = vec![
        overview::page(ctx),
        actions::page(ctx),
        quality::page(ctx),
        wins::page(ctx),
    ];
    pages.extend(incidents::pages(ctx));
    pages.extend(postmortems::pages(ctx));
    pages.extend(groups::theme_pages(ctx));
    pages.extend(groups::service_pages(ctx));
    pages.extend(charts::pages(ctx));
    pages.extend(report::pages(ctx));
    pages.extend(tickets::pages(ctx));
    pages.push(not_found(ctx));
    if ctx.site.has_search {
        pages.push(search(ctx));
    }
    Ok(pages)
}

fn not_found(ctx: &Ctx) -> Page {
    let meta = PageMeta {
        title: "Page not found".into(),
        section: String::new(),
        ..PageMeta::default()
    };
    ctx.page("404.html".into(), "404.html", meta)
}

/// search/index.html from the search helper's `search.html` template (it extends
/// base.html; search::render writes the index and search.js comes with the theme).
fn search(ctx: &Ctx) -> Page {
    let meta = PageMeta {
        title: "Search".into(),
        section: "search".into(),
        ..PageMeta::default()
    };
    let mut page = ctx.page("search/index.html".into(), "search.html", meta);
    page.ctx.insert("base_url", &ctx.site.base);
    page
}
