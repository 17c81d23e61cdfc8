//! One module per page kind; [`plan`] lists every HTML page of the site.

use super::{Ctx, Page, PageMeta};
use anyhow::Result;
use rayon::prelude::*;

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
    type Kind = fn(&Ctx) -> Vec<Page>;
    let kinds: [Kind; 12] = [
        |c| vec![overview::page(c)],
        |c| vec![actions::page(c)],
        |c| vec![quality::page(c)],
        |c| vec![wins::page(c)],
        incidents::pages,
        postmortems::pages,
        groups::theme_pages,
        groups::service_pages,
        charts::pages,
        report::pages,
        tickets::pages,
        |c| vec![not_found(c)],
    ];
    // Kinds are planned in parallel (several walk every incident or ticket), kept in order.
    let mut pages: Vec<Page> = kinds.par_iter().flat_map_iter(|kind| kind(ctx)).collect();
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
