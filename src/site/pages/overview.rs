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
    let mut charts = chart_pages::cards_for(ctx, "site");
    charts.truncate(4);
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
    let (themes, growing) = super::report::growing_themes(ctx);
    page.ctx.insert("headline", &super::report::headline(ctx));
    page.ctx.insert("themes", &themes);
    page.ctx.insert("themes_growing", &growing);
    page
}
