//! index.html: what a VP reads in 30 seconds. Headline figures of the as-of period with
//! change and noise verdict, the site charts, latest wins, slipping actions, growing themes.

use super::charts as chart_pages;
use super::rows::{self, ActionRow};
use crate::site::{Ctx, Page, PageMeta};

/// How many items each overview list shows; each links to the full page.
const TOP: usize = 5;

pub fn page(ctx: &Ctx) -> Page {
    let mut slipping: Vec<ActionRow> = super::actions::published(ctx)
        .into_iter()
        .filter(|a| rows::is_overdue(ctx, a))
        .map(|a| rows::action(ctx, a))
        .collect();
    let overdue_total = slipping.len();
    slipping.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.id.cmp(&b.id))
    });
    slipping.truncate(TOP);
    let mut wins = super::wins::all(ctx);
    wins.truncate(TOP);
    let charts = key_charts(chart_pages::cards_for(ctx, "site"));
    let meta = PageMeta {
        title: ctx.site.title.clone(),
        description: ctx.site.description.clone(),
        section: "overview".into(),
        og_image: chart_pages::og_image(ctx, "site"),
    };
    let mut page = ctx.page("index.html".into(), "index.html", meta);
    page.ctx.insert("slipping", &slipping);
    page.ctx.insert("overdue_total", &overdue_total);
    page.ctx.insert("wins", &wins);
    page.ctx.insert("charts", &charts);
    page.ctx
        .insert("incident_count", &ctx.input.dataset.incidents.len());
    page.ctx.insert("postmortem_count", &ctx.postmortems.len());
    let u = &ctx.input.report.unthemed;
    let unthemed = u.incident_share.filter(|s| *s > 0.0).map(|s| {
        format!(
            "{} incidents ({}) match no theme",
            u.incidents,
            super::report::value_text("share", s)
        )
    });
    page.ctx.insert("unthemed", &unthemed);
    page.ctx.insert("noise", &super::report::noise(ctx, 3, 0));
    page.ctx.insert(
        "noise_href",
        &ctx.input
            .report
            .current_period
            .as_deref()
            .map(|p| format!("{}#noise", ctx.href(&crate::site::urls::report(p)))),
    );
    page.ctx.insert(
        "unthemed_href",
        &ctx.href(&crate::site::urls::theme("unthemed")),
    );
    let (themes, growing) = super::report::growing_themes(ctx);
    page.ctx.insert("headline", &super::report::headline(ctx));
    page.ctx.insert("themes", &themes);
    page.ctx.insert("themes_growing", &growing);
    page
}

/// The charts that matter for a 30-second read, in this order when they exist; other
/// site-wide charts fill the remaining places.
const KEY_CHARTS: [&str; 4] = [
    "incidents-by-severity",
    "restore-time",
    "repeat-rate",
    "action-burndown",
];

fn key_charts(mut all: Vec<chart_pages::ChartCard>) -> Vec<chart_pages::ChartCard> {
    all.sort_by_key(|c| {
        let rank = KEY_CHARTS
            .iter()
            .position(|k| *k == c.id)
            .unwrap_or(KEY_CHARTS.len());
        (rank, c.id.clone())
    });
    all.truncate(KEY_CHARTS.len());
    all
}
