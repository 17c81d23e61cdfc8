//! wins/: declared wins (content/wins/*.md) and wins the analysis detected, each with its
//! evidence.

use super::rows;
use crate::model::DeclaredWin;
use crate::site::format::Link;
use crate::site::markdown;
use crate::site::{Ctx, Page, PageMeta, urls};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct WinRow {
    pub anchor: String,
    pub href: String,
    pub title: String,
    pub date: String,
    /// "declared" or "detected".
    pub kind: String,
    pub themes: Vec<Link>,
    pub services: Vec<Link>,
    pub evidence: String,
    /// Sanitised HTML of a declared win's body.
    pub body_html: String,
}

pub fn declared<'a>(ctx: &Ctx<'a>) -> Vec<(&'a DeclaredWin, WinRow)> {
    let mut list: Vec<&DeclaredWin> = ctx.input.dataset.wins.iter().collect();
    list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    list.into_iter()
        .map(|w| {
            let row = WinRow {
                anchor: urls::anchor("win", &w.slug),
                href: ctx.href(&urls::win(&w.slug)),
                title: ctx.redact(&w.title),
                date: w.date.to_string(),
                kind: "declared".into(),
                themes: w.themes.iter().map(|t| rows::theme_link(ctx, t)).collect(),
                services: w
                    .services
                    .iter()
                    .map(|s| rows::service_link(ctx, s))
                    .collect(),
                evidence: w
                    .evidence
                    .as_deref()
                    .map(|e| ctx.redact(e))
                    .unwrap_or_default(),
                body_html: markdown::render(&ctx.redact(&w.body)).html,
            };
            (w, row)
        })
        .collect()
}

/// Every win, newest first.
pub fn all(ctx: &Ctx) -> Vec<WinRow> {
    let mut list: Vec<WinRow> = declared(ctx).into_iter().map(|(_, r)| r).collect();
    list.extend(super::report::detected_wins(ctx));
    list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.anchor.cmp(&b.anchor)));
    list
}

pub fn page(ctx: &Ctx) -> Page {
    let wins = all(ctx);
    let meta = PageMeta {
        title: "Wins".into(),
        description: format!("{} wins, declared and detected", wins.len()),
        section: "wins".into(),
        og_image: None,
    };
    let mut page = ctx.page("wins/index.html".into(), "wins.html", meta);
    page.ctx.insert("wins", &wins);
    page
}
