//! The pages built from the analysis [`crate::analyze::Report`]: the overview's headline
//! figures, detected wins, growing themes, reports/<period>/ digests and data/report.json.

use super::rows::{self, IncidentRow};
use super::wins::WinRow;
use crate::analyze::{Change, DurationStats, Headline, Report};
use crate::output::Sink;
use crate::site::format::{self, Link};
use crate::site::{Ctx, Page, PageMeta, SiteInput, redacted_json, urls};
use serde::Serialize;
use std::collections::BTreeMap;

/// Record links listed under one figure before "and N more".
const MAX_IDS: usize = 200;
/// Incident rows on a period digest; the rest are reached through the incident table.
const MAX_ROWS: usize = 300;

/// Whether reports/ has digests to show.
pub fn has_reports(input: &SiteInput) -> bool {
    !input.report.periods.is_empty()
}

/// A figure as the overview and the digests show it.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub id: String,
    pub label: String,
    pub value: String,
    pub n: u64,
    pub too_few: bool,
    /// Where the records behind the figure are listed.
    pub href: String,
    pub change: String,
    pub interval: String,
    pub verdict: String,
    pub verdict_class: String,
    /// Record links behind the figure (at most MAX_IDS) and how many were left out.
    pub records: Vec<Link>,
    pub more: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadlineView {
    pub period: String,
    pub previous: String,
    pub href: String,
    pub figures: Vec<Figure>,
}

pub fn value_text(unit: &str, v: f64) -> String {
    match unit {
        "minutes" => format::duration((v * 60.0).round() as i64),
        "share" => format!("{:.0}%", v * 100.0),
        _ if v.fract() == 0.0 => format!("{v:.0}"),
        _ => format!("{v:.2}"),
    }
}

fn signed(unit: &str, d: f64) -> String {
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        "±"
    };
    let a = d.abs();
    let body = match unit {
        "minutes" => format::duration((a * 60.0).round() as i64),
        "share" => format!("{:.0} pts", a * 100.0),
        _ if a.fract() == 0.0 => format!("{a:.0}"),
        _ => format!("{a:.2}"),
    };
    format!("{sign}{body}")
}

/// (change text, interval text, verdict text, css class)
pub fn change_text(
    unit: &str,
    previous: Option<f64>,
    c: Option<&Change>,
) -> (String, String, String, String) {
    let Some(c) = c else {
        return Default::default();
    };
    let mut change = if c.delta == 0.0 {
        "no change".to_string()
    } else {
        signed(unit, c.delta)
    };
    if let Some(p) = previous {
        change.push_str(&format!(" (was {})", value_text(unit, p)));
    }
    let interval = match (c.low, c.high) {
        (Some(lo), Some(hi)) if c.interval_of == "ratio" => {
            format!("95% interval of the ratio: ×{lo:.2} to ×{hi:.2}")
        }
        (Some(lo), Some(hi)) => {
            format!("95% interval: {} to {}", signed(unit, lo), signed(unit, hi))
        }
        _ => String::new(),
    };
    let (verdict, class) = match (c.verdict.as_str(), c.direction.as_str()) {
        ("beyond_noise", "better") => ("beyond noise: better", "beyond-noise-good"),
        ("beyond_noise", "worse") => ("beyond noise: worse", "beyond-noise-bad"),
        ("beyond_noise", _) => ("beyond noise", ""),
        ("within_noise", _) => ("within noise: could be chance", "within-noise"),
        ("too_few", _) => ("too few to tell", "within-noise"),
        _ => ("not tested", "within-noise"),
    };
    (change, interval, verdict.to_string(), class.to_string())
}

/// Links to the records behind a figure: incidents to their table row, actions to theirs.
fn record_links(ctx: &Ctx, ids: &[String], kind: &str) -> (Vec<Link>, usize) {
    let links = ids
        .iter()
        .take(MAX_IDS)
        .map(|id| Link {
            text: ctx.redact(id),
            href: match kind {
                "action" => ctx.href(&urls::action(id)),
                _ => ctx.incident_href(id),
            },
        })
        .collect();
    (links, ids.len().saturating_sub(MAX_IDS))
}

fn figure(ctx: &Ctx, h: &Headline, digest: &str) -> Figure {
    let (change, interval, verdict, verdict_class) =
        change_text(&h.unit, h.previous, h.change.as_ref());
    let kind = if h.id == "actions_overdue" {
        "action"
    } else {
        "incident"
    };
    let (records, more) = record_links(ctx, &h.ids, kind);
    let href = match h.id.as_str() {
        "actions_overdue" => ctx.href("actions/#overdue"),
        _ => format!("{digest}#fig-{}", urls::slugify(&h.id)),
    };
    Figure {
        id: format!("fig-{}", urls::slugify(&h.id)),
        label: h.label.clone(),
        value: h
            .value
            .map(|v| value_text(&h.unit, v))
            .unwrap_or_else(|| "—".into()),
        n: h.n,
        too_few: h.too_few,
        href,
        change,
        interval,
        verdict,
        verdict_class,
        records,
        more,
    }
}

/// The current period's headline figures, each linking to its digest section.
pub fn headline(ctx: &Ctx) -> Option<HeadlineView> {
    let r: &Report = ctx.input.report;
    let period = r.current_period.clone()?;
    let digest = ctx.href(&urls::report(&period));
    Some(HeadlineView {
        previous: r.previous_period.clone().unwrap_or_default(),
        href: digest.clone(),
        figures: r.headline.iter().map(|h| figure(ctx, h, &digest)).collect(),
        period,
    })
}

/// Wins the analysis detected, with their evidence in words.
pub fn detected_wins(ctx: &Ctx) -> Vec<WinRow> {
    ctx.input
        .report
        .wins
        .iter()
        .filter(|w| w.kind == "detected")
        .map(|w| {
            let unit = w.unit.as_deref().unwrap_or("count");
            let mut evidence = match (w.before, w.after) {
                (Some(b), Some(a)) => format!(
                    "{}: {} → {}",
                    figure_label(ctx, w.figure.as_deref().unwrap_or("figure")),
                    value_text(unit, b),
                    value_text(unit, a)
                ),
                _ => String::new(),
            };
            let (_, interval, verdict, _) = change_text(unit, None, w.change.as_ref());
            for part in [verdict, interval] {
                if !part.is_empty() {
                    evidence.push_str(if evidence.is_empty() { "" } else { "; " });
                    evidence.push_str(&part);
                }
            }
            let anchor = urls::anchor("win", &w.id);
            WinRow {
                href: ctx.href(&urls::win(&w.id)),
                anchor,
                title: ctx.redact(&w.title),
                date: w
                    .date
                    .clone()
                    .or_else(|| w.period.clone())
                    .unwrap_or_default(),
                kind: "detected".into(),
                themes: w.themes.iter().map(|t| rows::theme_link(ctx, t)).collect(),
                services: Vec::new(),
                evidence: ctx.redact(&evidence),
                body_html: String::new(),
            }
        })
        .collect()
}

/// A report figure id ("restore_median") in words, from the headline labels.
fn figure_label(ctx: &Ctx, id: &str) -> String {
    ctx.input
        .report
        .headline
        .iter()
        .find(|h| h.id == id)
        .map(|h| h.label.clone())
        .unwrap_or_else(|| id.replace('_', " "))
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeLine {
    pub title: String,
    pub href: String,
    pub text: String,
}

/// Themes whose incidents grew beyond noise; else the three largest, said as such.
pub fn growing_themes(ctx: &Ctx) -> (Vec<ThemeLine>, bool) {
    let themes = &ctx.input.report.themes;
    let line = |t: &crate::analyze::ThemeReport| {
        let (change, _, verdict, _) = change_text("count", None, t.change.as_ref());
        ThemeLine {
            title: ctx.theme_title(&t.slug),
            href: ctx.href(&urls::theme(&t.slug)),
            text: if change.is_empty() {
                format!("{} incidents", t.incidents)
            } else {
                format!("{} incidents; this period {change}, {verdict}", t.incidents)
            },
        }
    };
    let growing: Vec<ThemeLine> = themes.iter().filter(|t| t.growing).map(line).collect();
    if !growing.is_empty() {
        return (growing, true);
    }
    let mut top: Vec<&crate::analyze::ThemeReport> = themes.iter().collect();
    top.sort_by(|a, b| {
        b.incidents
            .cmp(&a.incidents)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    (top.into_iter().take(3).map(line).collect(), false)
}

/// Duration statistics as a digest or theme page shows them.
#[derive(Debug, Clone, Serialize, Default)]
pub struct StatsView {
    pub n: u64,
    pub too_few: bool,
    pub median: String,
    pub p75: String,
    pub p90: String,
    pub mean: String,
}

pub fn stats_view(s: &DurationStats) -> StatsView {
    let m = |v: Option<f64>| {
        v.map(|v| value_text("minutes", v))
            .unwrap_or_else(|| "—".into())
    };
    StatsView {
        n: s.n,
        too_few: s.too_few,
        median: m(s.median),
        p75: m(s.p75),
        p90: m(s.p90),
        mean: m(s.mean),
    }
}

#[derive(Serialize)]
struct PeriodLink {
    label: String,
    href: String,
    incidents: u64,
    complete: bool,
}

#[derive(Serialize)]
struct ThemeInPeriod {
    title: String,
    href: String,
    incidents: u64,
    repeats: u64,
    tickets: u64,
}

/// reports/ and one digest per period, newest first.
pub fn pages(ctx: &Ctx) -> Vec<Page> {
    let r = ctx.input.report;
    if r.periods.is_empty() {
        return Vec::new();
    }
    let volume: BTreeMap<&str, &crate::analyze::VolumePeriod> =
        r.volume.iter().map(|v| (v.period.as_str(), v)).collect();
    let mut out = Vec::new();
    let mut links = Vec::new();
    let labels: Vec<&str> = r.periods.iter().map(|p| p.label.as_str()).collect();
    for (i, p) in r.periods.iter().enumerate().rev() {
        let href = ctx.href(&urls::report(&p.label));
        let v = volume.get(p.label.as_str());
        links.push(PeriodLink {
            label: p.label.clone(),
            href: href.clone(),
            incidents: v.map_or(0, |v| v.incidents),
            complete: p.complete,
        });
        let meta = PageMeta {
            title: format!("Report for {}", p.label),
            description: format!(
                "{} incidents from {} to {}",
                v.map_or(0, |v| v.incidents),
                p.start,
                p.end
            ),
            section: "reports".into(),
            og_image: super::charts::og_image(ctx, "site"),
        };
        let mut page = ctx.page(
            format!("{}index.html", urls::report(&p.label)),
            "report.html",
            meta,
        );
        page.ctx.insert("period", &p);
        page.ctx.insert(
            "prev",
            &i.checked_sub(1).map(|j| Link {
                text: labels[j].into(),
                href: ctx.href(&urls::report(labels[j])),
            }),
        );
        page.ctx.insert(
            "next",
            &labels.get(i + 1).map(|l| Link {
                text: (*l).into(),
                href: ctx.href(&urls::report(l)),
            }),
        );
        let is_current = r.current_period.as_deref() == Some(p.label.as_str());
        if is_current {
            page.ctx.insert("headline", &headline(ctx));
            page.ctx.insert("noise", &noise(ctx, 100, 50));
        }
        let ids: &[String] = v.map_or(&[], |v| v.ids.as_slice());
        let mut incidents: Vec<IncidentRow> = ids
            .iter()
            .filter_map(|id| ctx.incident_index.get(id))
            .take(MAX_ROWS)
            .map(|&k| rows::incident(ctx, &ctx.input.dataset.incidents[k]))
            .collect();
        incidents.sort_by(|a, b| a.start_iso.cmp(&b.start_iso).then_with(|| a.id.cmp(&b.id)));
        page.ctx.insert("incident_count", &ids.len());
        page.ctx.insert("incidents", &incidents);
        let sev: Vec<(String, u64)> = v
            .map(|v| v.by_severity.iter().map(|(k, n)| (k.clone(), *n)).collect())
            .unwrap_or_default();
        page.ctx.insert("by_severity", &sev);
        let durations: Vec<(String, StatsView)> = ["restore", "resolve", "acknowledge"]
            .iter()
            .filter_map(|m| {
                let d = r.durations.get(*m)?;
                Some((m.to_string(), stats_view(d.by_period.get(&p.label)?)))
            })
            .collect();
        page.ctx.insert("durations", &durations);
        let rec = r.recurrence.per_period.iter().find(|x| x.period == p.label);
        page.ctx.insert("repeats", &rec.map_or(0, |x| x.repeats));
        page.ctx.insert(
            "repeat_rate",
            &rec.and_then(|x| x.rate)
                .map(|v| value_text("share", v))
                .unwrap_or_else(|| "—".into()),
        );
        let (repeat_links, repeat_more) = record_links(
            ctx,
            rec.map_or(&[][..], |x| x.repeat_ids.as_slice()),
            "incident",
        );
        page.ctx.insert("repeat_links", &repeat_links);
        page.ctx.insert("repeat_more", &repeat_more);
        let tickets = r
            .tickets
            .per_period
            .iter()
            .find(|x| x.period == p.label)
            .map_or(0, |x| x.count);
        page.ctx.insert("tickets", &tickets);
        let themes: Vec<ThemeInPeriod> = r
            .themes
            .iter()
            .filter_map(|t| {
                let tp = t.trend.iter().find(|x| x.period == p.label)?;
                (tp.incidents + tp.tickets > 0).then(|| ThemeInPeriod {
                    title: ctx.theme_title(&t.slug),
                    href: ctx.href(&urls::theme(&t.slug)),
                    incidents: tp.incidents,
                    repeats: tp.repeats,
                    tickets: tp.tickets,
                })
            })
            .collect();
        page.ctx.insert("themes", &themes);
        let wins: Vec<WinRow> = super::wins::all(ctx)
            .into_iter()
            .filter(|w| {
                w.date.as_str() >= p.start.as_str() && w.date.as_str() < p.end.as_str()
                    || w.date == p.label
            })
            .collect();
        page.ctx.insert("wins", &wins);
        page.ctx.insert("max_rows", &MAX_ROWS);
        out.push(page);
    }
    let meta = PageMeta {
        title: "Reports".into(),
        description: format!("One digest per {}", r.settings.period),
        section: "reports".into(),
        og_image: None,
    };
    let mut index = ctx.page("reports/index.html".into(), "reports.html", meta);
    index.ctx.insert("periods", &links);
    index.ctx.insert("period_kind", &r.settings.period);
    out.insert(0, index);
    out
}

/// data/report.json with every string redacted like the pages (keys in field order, as
/// `analyze::report_json` writes them).
pub fn write_report_json(ctx: &Ctx, sink: &Sink) -> anyhow::Result<()> {
    sink.put_with("data/report.json", |w| {
        Ok(redacted_json::to_writer(
            w,
            ctx.input.report,
            &ctx.redactor,
        )?)
    })
}

/// A row of the noise table: one alert fingerprint and how often it paged for nothing.
#[derive(Debug, Clone, Serialize)]
pub struct NoiseView {
    pub fingerprint: String,
    pub services: Vec<Link>,
    pub volume: u64,
    pub auto_resolved: String,
    pub fast_unacked: String,
    pub never_acked: String,
    pub records: Vec<Link>,
    pub more: usize,
}

/// The noisiest fingerprints (the report keeps at most 100), noisiest first.
pub fn noise(ctx: &Ctx, top: usize, ids_per_row: usize) -> Vec<NoiseView> {
    ctx.input
        .report
        .noise
        .rows
        .iter()
        .filter(|r| r.noisy > 0)
        .take(top)
        .map(|r| {
            let ids: Vec<String> = r.ids.iter().take(ids_per_row).cloned().collect();
            let (records, _) = record_links(ctx, &ids, "incident");
            NoiseView {
                fingerprint: ctx.redact(&r.fingerprint),
                services: r
                    .services
                    .iter()
                    .map(|s| rows::service_link(ctx, s))
                    .collect(),
                volume: r.volume,
                auto_resolved: value_text("share", r.auto_resolved_share),
                fast_unacked: value_text("share", r.fast_unacked_share),
                never_acked: value_text("share", r.never_acked_share),
                records,
                more: r.ids.len().saturating_sub(ids_per_row),
            }
        })
        .collect()
}
