//! One module per page kind; [`render`] renders every HTML page of the site.

use super::{Ctx, Page, PageMeta};
use crate::output::{OutputFile, Sink};
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::sync::Mutex;

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

/// Where a page kind hands each page as soon as its context is built: rendered, and the
/// file passed on, so no more than a few template contexts exist at a time.
pub type Out<'a> = &'a (dyn Fn(Page) -> Result<()> + Sync);

/// The title of page `n` of a table split into `total` pages: "Incidents, page 2 of 9",
/// or just the name when there is one page.
fn paged_title(name: &str, n: usize, total: usize) -> String {
    if total > 1 {
        format!("{name}, page {n} of {total}")
    } else {
        name.to_string()
    }
}

/// Renders every HTML page of the site into `sink` and returns their paths (in no
/// particular order).
pub fn render(ctx: &Ctx, sink: &Sink) -> Result<Vec<String>> {
    type Kind = fn(&Ctx, Out) -> Result<()>;
    // The kind with the longest passes over a million tickets (counted, the newest
    // selected) first, so that it does not finish last.
    let kinds: [Kind; 13] = [
        tickets::pages,
        |c, out| out(overview::page(c)),
        |c, out| out(actions::page(c)),
        |c, out| out(quality::page(c)),
        |c, out| out(wins::page(c)),
        incidents::pages,
        postmortems::pages,
        |c, out| each(groups::theme_pages(c), out),
        |c, out| each(groups::service_pages(c), out),
        |c, out| each(charts::pages(c), out),
        |c, out| each(report::pages(c), out),
        |c, out| out(not_found(c)),
        |c, out| match c.site.has_search {
            true => out(search(c)),
            false => Ok(()),
        },
    ];
    let paths = Mutex::new(Vec::new());
    let out = |page: Page| -> Result<()> {
        let path = render_page(ctx, page, sink)?;
        paths.lock().expect("no panics while held").push(path);
        Ok(())
    };
    // Kinds are planned in parallel (several walk every incident or ticket).
    kinds.par_iter().try_for_each(|kind| kind(ctx, &out))?;
    Ok(paths.into_inner().expect("no panics while held"))
}

/// Hands the pages of a kind that plans them all at once to `out`.
fn each(pages: Vec<Page>, out: Out) -> Result<()> {
    pages.into_par_iter().try_for_each(out)
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
/// base.html; `search::write` writes the index and search.js comes with the theme).
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
