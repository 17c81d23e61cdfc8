//! Detected wins (an improvement beyond noise in the better direction, a theme quiet after
//! its fix, an action SLO met), each with its evidence, plus the declared wins.

use super::change::{CONFIDENCE, period_count_change_at, rate_change, share_change};
use super::context::{Ctx, Inc};
use super::headline::is_win;
use super::report::{ActionSummary, Headline, SeriesReport, ThemeReport, TicketReport, WinReport};
use crate::config::Better;
use crate::model::Dataset;
use chrono::NaiveDate;

pub struct Inputs<'a> {
    pub headline: &'a [Headline],
    pub tickets: &'a TicketReport,
    pub series: &'a [SeriesReport],
    pub themes: &'a [ThemeReport],
    pub actions: &'a ActionSummary,
}

fn from_headline(ctx: &Ctx, h: &Headline, rule: &str, title: &str) -> Option<WinReport> {
    if !is_win(&h.change) {
        return None;
    }
    let period = ctx.current.map(|p| ctx.label(p));
    Some(WinReport {
        id: format!(
            "{}-{}",
            h.id.replace('_', "-"),
            period.clone().unwrap_or_default()
        ),
        kind: "detected".into(),
        rule: rule.into(),
        title: title.into(),
        period,
        figure: Some(h.id.clone()),
        unit: Some(h.unit.clone()),
        before: h.previous,
        after: h.value,
        change: h.change.clone(),
        evidence_ids: h.ids.clone(),
        ..WinReport::default()
    })
}

pub fn compute(ctx: &Ctx, data: &Dataset, x: &Inputs) -> Vec<WinReport> {
    let mut wins = Vec::new();
    let rules = [
        ("restore_median", "restore_time", "Time to restore fell"),
        ("repeat_rate", "repeat_rate", "Fewer repeat incidents"),
        ("noise_share", "noise", "Less alert noise"),
        ("tickets", "ticket_volume", "Fewer tickets"),
    ];
    for (id, rule, title) in rules {
        if let Some(h) = x.headline.iter().find(|h| h.id == id) {
            wins.extend(from_headline(ctx, h, rule, title));
        }
    }
    let period = ctx.current.map(|p| ctx.label(p));
    // Every theme is a test: with twenty themes one falls "beyond noise" by chance each
    // period, so a theme's fall is a win only at the Bonferroni level 1 − 0.05 / themes.
    let tested = x
        .tickets
        .by_theme
        .values()
        .filter(|g| g.change.is_some())
        .count()
        .max(1);
    for (theme, g) in &x.tickets.by_theme {
        if is_win(&g.change) {
            let c = theme_ticket_change(ctx, g, tested);
            if !is_win(&c) {
                continue;
            }
            let c = c.expect("win has change");
            wins.push(WinReport {
                id: format!(
                    "ticket-volume-{theme}-{}",
                    period.clone().unwrap_or_default()
                ),
                kind: "detected".into(),
                rule: "ticket_volume".into(),
                title: format!("Fewer tickets in theme {theme}"),
                themes: vec![theme.clone()],
                period: period.clone(),
                figure: Some("tickets".into()),
                unit: Some("count".into()),
                before: Some(after_count(ctx, g) - c.delta),
                after: Some(after_count(ctx, g)),
                change: Some(c),
                ..WinReport::default()
            });
        }
    }
    // Only a series declared in site.yaml has a stated `better`; an undeclared one gets the
    // default (lower), and a fall in, say, availability must not read as a win.
    for s in x.series {
        if is_win(&s.change) && ctx.settings.series.contains_key(&s.name) {
            wins.push(WinReport {
                id: format!("series-{}-{}", s.name, period.clone().unwrap_or_default()),
                kind: "detected".into(),
                rule: "series".into(),
                title: format!("{} improved", s.title),
                period: period.clone(),
                figure: Some(s.name.clone()),
                unit: Some(s.unit.clone()),
                before: s.previous,
                after: s.value,
                change: s.change.clone(),
                ..WinReport::default()
            });
        }
    }
    for t in x.themes {
        wins.extend(theme_wins(ctx, t));
    }
    let a = x.actions;
    if a.slo_met {
        wins.push(WinReport {
            id: "action-slo".into(),
            kind: "detected".into(),
            rule: "action_slo".into(),
            title: "Action items done on time".into(),
            figure: Some("on_time_rate".into()),
            unit: Some("share".into()),
            after: a.on_time_rate,
            ..WinReport::default()
        });
    }
    for w in &data.wins {
        wins.push(WinReport {
            id: format!("declared-{}", w.slug),
            kind: "declared".into(),
            rule: "declared".into(),
            title: w.title.clone(),
            themes: w.themes.clone(),
            period: Some(ctx.label(ctx.cal.index_of_date(w.date))),
            date: Some(w.date.to_string()),
            evidence_text: w.evidence.clone(),
            slug: Some(w.slug.clone()),
            ..WinReport::default()
        });
    }
    wins.sort_by(|a, b| {
        b.period
            .cmp(&a.period)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    wins.dedup_by(|a, b| a.id == b.id);
    wins
}

/// The theme's ticket count change at the family-wise level for `tested` themes.
fn theme_ticket_change(
    ctx: &Ctx,
    g: &super::report::TicketGroup,
    tested: usize,
) -> Option<super::report::Change> {
    let (cur, prev) = (ctx.current?, ctx.previous?);
    let count = |p| ctx.slot(p).map_or(0, |s| g.per_period[s].count);
    let mut c = period_count_change_at(
        &ctx.cal,
        (prev, count(prev)),
        (cur, count(cur)),
        Better::Lower,
        1.0 - (1.0 - CONFIDENCE) / tested as f64,
    );
    c.method = "poisson_exact_conditional_bonferroni".into();
    Some(c)
}

fn after_count(ctx: &Ctx, g: &super::report::TicketGroup) -> f64 {
    ctx.current
        .and_then(|p| ctx.slot(p))
        .map_or(0.0, |s| g.per_period[s].count as f64)
}

/// A theme whose prevent actions all closed: its repeat rate after against before (a win
/// when the fall is beyond noise), and "quiet" when no repeat started since and at least
/// `quiet_periods` complete periods have passed.
fn theme_wins(ctx: &Ctx, t: &ThemeReport) -> Vec<WinReport> {
    let mut out = Vec::new();
    let Some(closed) = t
        .prevent_actions_closed
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    else {
        return out;
    };
    let in_theme: Vec<_> = ctx
        .incidents
        .iter()
        .filter(|i| i.rec.themes.iter().any(|s| s == &t.slug))
        .collect();
    let (before, after): (Vec<&&Inc>, Vec<&&Inc>) = in_theme.iter().partition(|i| i.date <= closed);
    let reps = |v: &[&&Inc]| v.iter().filter(|i| i.repeat).count() as u64;
    let mut after_ids: Vec<String> = after.iter().map(|i| i.rec.id.clone()).collect();
    after_ids.sort();
    let mut evidence: Vec<String> = in_theme.iter().map(|i| i.rec.id.clone()).collect();
    evidence.sort();
    let base = WinReport {
        kind: "detected".into(),
        themes: vec![t.slug.clone()],
        period: ctx.current.map(|p| ctx.label(p)),
        date: Some(closed.to_string()),
        ..WinReport::default()
    };
    let win = |figure: &str, unit: &str, before: f64, after: f64, c| WinReport {
        id: format!("repeat-rate-after-fix-{}", t.slug),
        rule: "repeat_rate".into(),
        title: format!(
            "Repeats of {} fell after its prevent actions closed",
            t.title
        ),
        figure: Some(figure.into()),
        unit: Some(unit.into()),
        before: Some(before),
        after: Some(after),
        change: Some(c),
        evidence_ids: evidence.clone(),
        ..base.clone()
    };
    let (rb, ra) = (reps(&before), reps(&after));
    let share = share_change(
        (rb, before.len() as u64),
        (ra, after.len() as u64),
        Better::Lower,
        ctx.min_sample(),
    );
    // Days of exposure on each side of the completion date, for the rate of repeats: the
    // share test is "too few" when the fix made the incidents themselves rare.
    let first_day = ctx.range.map(|(a, _)| ctx.cal.start_date(a));
    let days_before = first_day.map_or(0, |f| (closed - f).num_days() + 1) as f64;
    let days_after = (ctx.as_of.date - closed).num_days() as f64;
    if let Some(c) = share.filter(|c| c.verdict == "beyond_noise" && c.direction == "better") {
        let (b, a) = (
            rb as f64 / before.len() as f64,
            ra as f64 / after.len() as f64,
        );
        out.push(win("repeat_rate", "share", b, a, c));
    } else if days_before > 0.0 && days_after > 0.0 {
        let c = rate_change((rb, days_before), (ra, days_after), Better::Lower);
        if c.verdict == "beyond_noise" && c.direction == "better" {
            // per 30 days, so the figure reads as "repeats a month"
            let (b, a) = (
                rb as f64 / days_before * 30.0,
                ra as f64 / days_after * 30.0,
            );
            out.push(win("repeats_per_30_days", "count", b, a, c));
        }
    }
    let closed_period = ctx.cal.index_of_date(closed);
    let quiet_periods = match ctx.current {
        Some(cur) if cur > closed_period => (cur - closed_period) as u32,
        _ => 0,
    };
    let threshold = ctx.settings.thresholds.quiet_periods;
    if ra == 0 && threshold > 0 && quiet_periods >= threshold {
        out.push(WinReport {
            id: format!("theme-quiet-{}", t.slug),
            rule: "theme_quiet".into(),
            title: format!(
                "No repeat in {} for {quiet_periods} periods after its fix",
                t.title
            ),
            figure: Some("repeats".into()),
            unit: Some("count".into()),
            before: Some(rb as f64),
            after: Some(0.0),
            evidence_ids: after_ids,
            ..base
        });
    }
    out
}
