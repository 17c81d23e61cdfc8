//! One module per page kind; [`plan`] lists every HTML page of the site.

use super::{Ctx, Page, PageMeta};
use crate::output::{OutputFile, Sink};
use anyhow::{Context as _, Result};
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

/// Renders every HTML page of the site into `sink` and returns their paths, in plan order.
pub fn render(ctx: &Ctx, sink: &Sink) -> Result<Vec<String>> {
    type Kind = fn(&Ctx) -> Vec<Page>;
    let kinds: [Kind; 13] = [
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
        |c| c.site.has_search.then(|| search(c)).into_iter().collect(),
    ];
    // Kinds are planned in parallel (several walk every incident or ticket), and each
    // kind's pages are rendered and handed on as soon as it is planned, so the site's
    // template contexts and HTML never sit in memory all at once.
    let paths: Vec<Vec<String>> = kinds
        .par_iter()
        .map(|kind| {
            kind(ctx)
                .into_par_iter()
                .map(|page| render_page(ctx, page, sink))
                .collect::<Result<Vec<String>>>()
        })
        .collect::<Result<_>>()?;
    Ok(paths.into_iter().flatten().collect())
}

fn render_page(ctx: &Ctx, page: Page, sink: &Sink) -> Result<String> {
    let html = ctx
        .theme
        .render(page.template, &page.ctx)
        .with_context(|| format!("building {}", page.path))?;
    let bytes = ctx.finish_links(&html, &page.path);
    drop(html);
    sink.put(OutputFile::new(page.path.clone(), bytes))?;
    Ok(page.path)
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
