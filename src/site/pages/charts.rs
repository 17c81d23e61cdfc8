//! charts/ and charts/<id>/: a permalink page per chart (caption, data table, files) and
//! the chart files themselves (`<id>.svg`, `<id>.png`, `<id>.csv`).

use crate::charts::Chart;
use crate::output::OutputFile;
use crate::site::{Ctx, Page, PageMeta, urls};
use anyhow::{Context as _, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a chart is shown where it is embedded: image, caption and links.
#[derive(Debug, Clone, Serialize)]
pub struct ChartCard {
    pub id: String,
    pub title: String,
    pub caption: String,
    pub href: String,
    pub svg: String,
    pub png: String,
    pub csv: String,
}

pub fn card(ctx: &Ctx, c: &Chart) -> ChartCard {
    let dir = urls::chart(&c.id);
    let id = urls::slugify(&c.id);
    ChartCard {
        id: id.clone(),
        title: ctx.redact(&c.title),
        caption: ctx.redact(&c.caption),
        href: ctx.href(&dir),
        svg: ctx.href(&format!("{dir}{id}.svg")),
        png: ctx.href(&format!("{dir}{id}.png")),
        csv: ctx.href(&format!("{dir}{id}.csv")),
    }
}

/// Charts with the given scope ("site", "theme:<slug>", "service:<slug>"), in id order.
pub fn cards_for(ctx: &Ctx, scope: &str) -> Vec<ChartCard> {
    sorted(ctx)
        .into_iter()
        .filter(|c| c.scope == scope)
        .map(|c| card(ctx, c))
        .collect()
}

/// Absolute og:image URL for a scope's lead chart (incidents per period for the site).
pub fn og_image(ctx: &Ctx, scope: &str) -> Option<String> {
    let list = sorted(ctx);
    let lead = list
        .iter()
        .find(|c| c.scope == scope && c.id == "incidents-by-severity")
        .or_else(|| list.iter().find(|c| c.scope == scope));
    lead.map(|c| {
        let id = urls::slugify(&c.id);
        ctx.absolute(&format!("{}{id}.png", urls::chart(&c.id)))
    })
}

fn sorted<'a>(ctx: &Ctx<'a>) -> Vec<&'a Chart> {
    let mut list: Vec<&Chart> = ctx.input.charts.iter().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    list
}

#[derive(Serialize)]
struct ScopeGroup {
    scope: String,
    charts: Vec<ChartCard>,
}

pub fn pages(ctx: &Ctx) -> Vec<Page> {
    let mut groups: BTreeMap<String, Vec<ChartCard>> = BTreeMap::new();
    for c in sorted(ctx) {
        groups
            .entry(scope_title(ctx, &c.scope))
            .or_default()
            .push(card(ctx, c));
    }
    let mut groups: Vec<ScopeGroup> = groups
        .into_iter()
        .map(|(scope, charts)| ScopeGroup { scope, charts })
        .collect();
    // Site-wide charts first, then per theme and per service.
    groups.sort_by_key(|g| (g.scope != "Whole site", g.scope.clone()));
    let meta = PageMeta {
        title: "Charts".into(),
        description: format!("{} charts with their data", ctx.input.charts.len()),
        section: "charts".into(),
        og_image: og_image(ctx, "site"),
    };
    let mut index = ctx.page("charts/index.html".into(), "charts.html", meta);
    index.ctx.insert("groups", &groups);
    let mut out = vec![index];
    out.extend(sorted(ctx).into_iter().map(|c| detail(ctx, c)));
    out
}

fn scope_title(ctx: &Ctx, scope: &str) -> String {
    match scope.split_once(':') {
        Some(("theme", slug)) => format!("Theme: {}", ctx.theme_title(slug)),
        Some(("service", name)) => format!("Service: {}", ctx.redact(name)),
        _ => "Whole site".to_string(),
    }
}

fn detail(ctx: &Ctx, c: &Chart) -> Page {
    let card = card(ctx, c);
    let meta = PageMeta {
        title: card.title.clone(),
        description: card.caption.clone(),
        section: "charts".into(),
        og_image: Some(ctx.absolute(&format!("{}{}.png", urls::chart(&c.id), card.id))),
    };
    let columns: Vec<String> = c.columns.iter().map(|s| ctx.redact(s)).collect();
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| r.iter().map(|s| ctx.redact(s)).collect())
        .collect();
    let mut page = ctx.page(
        format!("{}index.html", urls::chart(&c.id)),
        "chart.html",
        meta,
    );
    page.ctx.insert("chart", &card);
    page.ctx.insert("scope", &scope_title(ctx, &c.scope));
    page.ctx.insert("columns", &columns);
    page.ctx.insert("rows", &rows);
    page
}

/// `<id>.svg`, `<id>.png` and `<id>.csv` for every chart (CSV text redacted like pages).
pub fn files(ctx: &Ctx) -> Result<Vec<OutputFile>> {
    let mut out = Vec::new();
    for c in sorted(ctx) {
        let dir = urls::chart(&c.id);
        let id = urls::slugify(&c.id);
        out.push(OutputFile::new(
            format!("{dir}{id}.svg"),
            ctx.redact(&c.svg),
        ));
        if !c.png.is_empty() {
            out.push(OutputFile::new(format!("{dir}{id}.png"), c.png.clone()));
        }
        out.push(OutputFile::new(
            format!("{dir}{id}.csv"),
            csv(ctx, c).with_context(|| format!("chart {id}"))?,
        ));
    }
    Ok(out)
}

fn csv(ctx: &Ctx, c: &Chart) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(c.columns.iter().map(|s| no_formula(ctx.redact(s))))?;
    for r in &c.rows {
        w.write_record(r.iter().map(|s| no_formula(ctx.redact(s))))?;
    }
    Ok(w.into_inner()?)
}

/// Presenters open these files in spreadsheets, which run a cell starting with `=`, `+`,
/// `-` or `@` as a formula; such text (a service name from an export) gets a leading `'`
/// (OWASP's advice). Numbers such as -3.5 stay as they are.
fn no_formula(cell: String) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::no_formula;

    #[test]
    fn spreadsheet_formulas_are_defused_but_numbers_kept() {
        let f = |s: &str| no_formula(s.to_string());
        assert_eq!(f("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(f("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(f("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(f("-x"), "'-x");
        assert_eq!(f("-3.5"), "-3.5");
        assert_eq!(f("+2"), "+2");
        assert_eq!(f("db-primary"), "db-primary");
    }
}
