//! themes/, themes/<slug>/ and services/<slug>/: the incidents, tickets, postmortems and
//! actions of one theme or one service, with their charts.

use super::charts as chart_pages;
use super::report::{StatsView, stats_view};
use super::rows::{self, ActionRow, IncidentRow};
use crate::model::{Incident, Ticket, TicketCategory};
use crate::site::format::Link;
use crate::site::{Ctx, Page, PageMeta, urls};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Rows listed on a theme or service page; the rest are counted and reached through the
/// incident table, so a service with 10k incidents still has a page that opens.
const MAX_ROWS: usize = 100;

#[derive(Serialize)]
struct Count {
    label: String,
    n: usize,
}

#[derive(Serialize)]
struct GroupSummary {
    incidents: usize,
    by_severity: Vec<Count>,
    open: usize,
    tickets: usize,
    tickets_open: usize,
    shown: usize,
}

fn summary(incidents: &[&Incident], tickets: &[&Ticket]) -> GroupSummary {
    let mut sev: BTreeMap<String, usize> = BTreeMap::new();
    for i in incidents {
        *sev.entry(i.severity.label()).or_default() += 1;
    }
    GroupSummary {
        incidents: incidents.len(),
        by_severity: sev
            .into_iter()
            .map(|(label, n)| Count { label, n })
            .collect(),
        open: incidents
            .iter()
            .filter(|i| {
                !i.status.is_finished() && i.status != crate::model::IncidentStatus::Canceled
            })
            .count(),
        tickets: tickets.len(),
        tickets_open: tickets
            .iter()
            .filter(|t| t.category == TicketCategory::Open)
            .count(),
        shown: incidents.len().min(MAX_ROWS),
    }
}

/// Record indexes (in record order) by the URL slug of the themes or services they name,
/// found in one pass with each distinct name slugified once, so that a page does not
/// scan and slugify every record (1M tickets for each theme at scale L).
fn by_page_slug<'r, S: AsRef<str> + 'r>(
    names: impl Iterator<Item = &'r [S]>,
) -> BTreeMap<String, Vec<usize>> {
    let mut slug_of: HashMap<&'r str, String> = HashMap::new();
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (k, names) in names.enumerate() {
        for name in names.iter().map(AsRef::as_ref) {
            let slug = slug_of.entry(name).or_insert_with(|| urls::slugify(name));
            match out.get_mut(slug.as_str()) {
                // Two names of one record with the same slug list it once.
                Some(list) if list.last() == Some(&k) => {}
                Some(list) => list.push(k),
                None => {
                    out.insert(slug.clone(), vec![k]);
                }
            }
        }
    }
    out
}

/// The records on the page of `slug` in [`by_page_slug`]'s index.
fn members<'r, T>(
    records: &'r [T],
    by_slug: &BTreeMap<String, Vec<usize>>,
    slug: &str,
) -> Vec<&'r T> {
    by_slug
        .get(slug)
        .into_iter()
        .flatten()
        .map(|&k| &records[k])
        .collect()
}

/// The records of a theme page: those with a theme of the same URL slug; for
/// "unthemed", those with no theme (or the theme "unthemed" itself).
fn theme_members<'r, T, S: AsRef<str>>(
    records: &'r [T],
    themes: impl Fn(&T) -> &[S],
    by_slug: &BTreeMap<String, Vec<usize>>,
    slug: &str,
) -> Vec<&'r T> {
    if slug == "unthemed" {
        records
            .iter()
            .filter(|r| {
                let t = themes(r);
                t.is_empty() || t.iter().any(|t| t.as_ref() == "unthemed")
            })
            .collect()
    } else {
        members(records, by_slug, &urls::slugify(slug))
    }
}

fn newest_first(mut list: Vec<&Incident>) -> Vec<&Incident> {
    list.sort_by(|a, b| b.start().0.cmp(&a.start().0).then_with(|| a.id.cmp(&b.id)));
    list
}

#[derive(Serialize)]
struct ThemeRow {
    title: String,
    href: String,
    description: String,
    incidents: usize,
    tickets: usize,
    postmortems: usize,
}

/// Theme slugs: those declared in site.yaml (in their order), then any found on records,
/// then "unthemed" when some record has no theme.
fn theme_slugs(ctx: &Ctx) -> Vec<String> {
    let mut out: Vec<String> = ctx
        .input
        .config
        .settings
        .themes
        .iter()
        .map(|t| t.slug.clone())
        .collect();
    // Keyed by URL slug: `a/b` and `a-b` would otherwise both write themes/a-b/.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    out.retain(|t| seen.insert(urls::slugify(t)));
    let ds = ctx.input.dataset;
    let found: BTreeSet<&str> = ds
        .incidents
        .iter()
        .flat_map(|i| i.themes.iter().map(String::as_str))
        .chain(
            ds.tickets
                .iter()
                .flat_map(|t| t.themes.iter().map(|s| &**s)),
        )
        .chain(
            super::postmortems::published(ctx)
                .into_iter()
                .flat_map(|p| p.themes.iter().map(String::as_str)),
        )
        .chain(
            ds.wins
                .iter()
                .flat_map(|w| w.themes.iter().map(String::as_str)),
        )
        .collect();
    for t in found {
        if seen.insert(urls::slugify(t)) {
            out.push(t.to_string());
        }
    }
    let unthemed = ds.incidents.iter().any(|i| i.themes.is_empty());
    if unthemed && seen.insert("unthemed".into()) {
        out.push("unthemed".into());
    }
    out
}

pub fn theme_pages(ctx: &Ctx) -> Vec<Page> {
    let ds = ctx.input.dataset;
    let slugs = theme_slugs(ctx);
    let published = super::postmortems::published(ctx);
    let incidents_by = by_page_slug(ds.incidents.iter().map(|i| i.themes.as_slice()));
    let tickets_by = by_page_slug(ds.tickets.iter().map(|t| &*t.themes));
    let mut rows_out = Vec::new();
    let mut pages = Vec::new();
    for slug in &slugs {
        let incidents = newest_first(theme_members(
            &ds.incidents,
            |i| &i.themes,
            &incidents_by,
            slug,
        ));
        let tickets = theme_members(&ds.tickets, |t| &t.themes, &tickets_by, slug);
        let sum = summary(&incidents, &tickets);
        let spec = ctx
            .input
            .config
            .settings
            .themes
            .iter()
            .find(|t| &t.slug == slug);
        let description = spec
            .and_then(|t| t.description.as_deref())
            .map(|d| ctx.redact(d))
            .unwrap_or_else(|| {
                if slug == "unthemed" {
                    "Records that match no theme in site.yaml. A large share here means the theme rules miss something.".to_string()
                } else {
                    String::new()
                }
            });
        let pms: Vec<Link> = published
            .iter()
            .filter(|p| p.themes.iter().any(|t| t == slug))
            .map(|p| rows::postmortem_link(ctx, p))
            .collect();
        rows_out.push(ThemeRow {
            title: ctx.theme_title(slug),
            href: ctx.href(&urls::theme(slug)),
            description: description.clone(),
            incidents: sum.incidents,
            tickets: sum.tickets,
            postmortems: pms.len(),
        });
        let meta = PageMeta {
            title: format!("Theme: {}", ctx.theme_title(slug)),
            description: description.clone(),
            section: "themes".into(),
            og_image: None,
        };
        let mut page = group_page(
            ctx,
            &urls::theme(slug),
            "theme.html",
            &format!("theme:{slug}"),
            meta,
            &incidents,
            sum,
        );
        page.ctx.insert("description", &description);
        page.ctx.insert("analysis", &theme_analysis(ctx, slug));
        page.ctx.insert("postmortems", &pms);
        page.ctx
            .insert("tickets_aggregate", &!ctx.redactor.ticket_titles);
        pages.push(page);
    }
    let meta = PageMeta {
        title: "Themes".into(),
        description: format!("{} themes", slugs.len()),
        section: "themes".into(),
        og_image: None,
    };
    let mut index = ctx.page("themes/index.html".into(), "themes.html", meta);
    index.ctx.insert("themes", &rows_out);
    pages.insert(0, index);
    pages
}

/// A theme or service page (`dir` is its folder): the summary, the first incident rows
/// and the charts of `scope`, the lead one as og:image.
fn group_page(
    ctx: &Ctx,
    dir: &str,
    template: &'static str,
    scope: &str,
    mut meta: PageMeta,
    incidents: &[&Incident],
    sum: GroupSummary,
) -> Page {
    meta.og_image = chart_pages::og_image(ctx, scope);
    let mut page = ctx.page(format!("{dir}index.html"), template, meta);
    let rows: Vec<IncidentRow> = incidents
        .iter()
        .take(MAX_ROWS)
        .map(|i| rows::incident(ctx, i))
        .collect();
    page.ctx.insert("summary", &sum);
    page.ctx.insert("incidents", &rows);
    page.ctx
        .insert("charts", &chart_pages::cards_for(ctx, scope));
    page.ctx.insert("incidents_href", &ctx.href("incidents/"));
    page
}

/// Every service named by a record, sorted by URL slug, one name per slug.
pub fn service_names(ctx: &Ctx) -> Vec<String> {
    let ds = ctx.input.dataset;
    let mut by_slug: BTreeMap<String, String> = BTreeMap::new();
    // Every service a page links to gets a page: those of incidents, published
    // postmortems and wins.
    let named = ds
        .incidents
        .iter()
        .flat_map(|i| i.services.iter())
        .chain(
            super::postmortems::published(ctx)
                .into_iter()
                .flat_map(|p| p.services.iter()),
        )
        .chain(ds.wins.iter().flat_map(|w| w.services.iter()));
    for s in named {
        by_slug.entry(urls::slugify(s)).or_insert_with(|| s.clone());
    }
    by_slug.into_values().collect()
}

pub fn service_pages(ctx: &Ctx) -> Vec<Page> {
    let ds = ctx.input.dataset;
    let names = service_names(ctx);
    let published = super::postmortems::published(ctx);
    let incidents_by = by_page_slug(ds.incidents.iter().map(|i| i.services.as_slice()));
    let postmortems_by = by_page_slug(published.iter().map(|p| p.services.as_slice()));
    let mut pages = Vec::new();
    let mut index_rows = Vec::new();
    for name in &names {
        let slug = urls::slugify(name);
        let incidents = newest_first(members(&ds.incidents, &incidents_by, &slug));
        let sum = summary(&incidents, &[]);
        index_rows.push(ThemeRow {
            title: ctx.redact(name),
            href: ctx.href(&urls::service(name)),
            description: String::new(),
            incidents: sum.incidents,
            tickets: 0,
            postmortems: 0,
        });
        let own_pms = members(&published, &postmortems_by, &slug);
        let pms: Vec<Link> = own_pms
            .iter()
            .map(|p| rows::postmortem_link(ctx, p))
            .collect();
        let actions: Vec<ActionRow> = own_pms
            .iter()
            .flat_map(|p| p.actions.iter())
            .filter(|a| !a.status.is_closed())
            .map(|a| rows::action(ctx, a))
            .collect();
        let meta = PageMeta {
            title: format!("Service: {}", ctx.redact(name)),
            description: format!("{} incidents", sum.incidents),
            section: "services".into(),
            og_image: None,
        };
        let mut page = group_page(
            ctx,
            &urls::service(name),
            "service.html",
            &format!("service:{slug}"),
            meta,
            &incidents,
            sum,
        );
        page.ctx.insert("postmortems", &pms);
        page.ctx.insert("actions", &actions);
        let restore = ctx
            .input
            .report
            .durations
            .get("restore")
            .and_then(|d| d.by_service.get(name.as_str()))
            .map(super::report::stats_view);
        page.ctx.insert("restore", &restore);
        pages.push(page);
    }
    let meta = PageMeta {
        title: "Services".into(),
        description: format!("{} services", names.len()),
        section: "services".into(),
        og_image: None,
    };
    let mut index = ctx.page("services/index.html".into(), "services.html", meta);
    index.ctx.insert("services", &index_rows);
    pages.insert(0, index);
    pages
}

#[derive(Serialize)]
struct ThemeAnalysis {
    restore: StatsView,
    resolve: StatsView,
    repeats: u64,
    repeat_rate: String,
    actions_open: u64,
    actions_overdue: u64,
    prevent_actions_closed: Option<String>,
    change: String,
    verdict: String,
    verdict_class: String,
    trend: Vec<TrendRow>,
}

#[derive(Serialize)]
struct TrendRow {
    period: String,
    href: String,
    incidents: u64,
    repeats: u64,
    tickets: u64,
    restore_median: String,
    /// The theme's prevent actions were all done in this period.
    fixed: bool,
}

/// The theme's figures from the report, when the analysis has them.
fn theme_analysis(ctx: &Ctx, slug: &str) -> Option<ThemeAnalysis> {
    let t = ctx.input.report.themes.iter().find(|t| t.slug == slug)?;
    let (change, _, verdict, verdict_class) =
        super::report::change_text("count", None, t.change.as_ref());
    // The period holding the day the last prevent action was done, to mark the fix.
    let fix_period = t.prevent_actions_closed.as_deref().and_then(|day| {
        ctx.input
            .report
            .periods
            .iter()
            .find(|p| p.start.as_str() <= day && day < p.end.as_str())
            .map(|p| p.label.clone())
    });
    Some(ThemeAnalysis {
        restore: stats_view(&t.restore),
        resolve: stats_view(&t.resolve),
        repeats: t.repeats,
        repeat_rate: t
            .repeat_rate
            .map(|r| super::report::value_text("share", r))
            .unwrap_or_else(|| "—".into()),
        actions_open: t.actions_open,
        actions_overdue: t.actions_overdue,
        prevent_actions_closed: t.prevent_actions_closed.clone(),
        change,
        verdict,
        verdict_class,
        trend: t
            .trend
            .iter()
            .rev()
            .map(|p| TrendRow {
                fixed: fix_period.as_deref() == Some(p.period.as_str()),
                href: ctx.href(&urls::report(&p.period)),
                period: p.period.clone(),
                incidents: p.incidents,
                repeats: p.repeats,
                tickets: p.tickets,
                restore_median: p
                    .restore_median
                    .map(|m| super::report::value_text("minutes", m))
                    .unwrap_or_else(|| "—".into()),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn records_are_listed_once_under_each_url_slug_they_name() {
        let names = [
            vec!["DB".to_string(), "db".to_string(), "net/dns".to_string()],
            vec![],
            vec!["net-dns".to_string()],
        ];
        let by = super::by_page_slug(names.iter().map(Vec::as_slice));
        let got: Vec<(&str, &[usize])> = by.iter().map(|(k, v)| (k.as_str(), &v[..])).collect();
        assert_eq!(got, [("db", &[0][..]), ("net-dns", &[0, 2][..])]);
    }
}
