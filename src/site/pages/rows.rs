//! Record rows as templates receive them: every field redacted and pre-formatted, links
//! ready. Templates escape them; nothing here is trusted markup.

use crate::model::{ActionItem, Incident, Postmortem};
use crate::site::Ctx;
use crate::site::format::{self, Link};
use crate::site::urls;
use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Clone, Serialize)]
pub struct IncidentRow {
    pub id: String,
    pub anchor: String,
    /// Its row in the incident table.
    pub href: String,
    pub start: String,
    pub start_iso: String,
    pub title: String,
    pub services: Vec<Link>,
    pub team: String,
    pub severity: String,
    pub status: String,
    /// Time to restore, or "open" / "—".
    pub restore: String,
    /// True when restore fell back to resolve (no mitigated time).
    pub restore_is_resolve: bool,
    pub source: String,
    pub source_url: Option<String>,
    pub postmortem: Option<Link>,
    pub themes: Vec<Link>,
}

pub fn incident(ctx: &Ctx, inc: &Incident) -> IncidentRow {
    let tz = &ctx.input.config.tz;
    let (start, _) = inc.start();
    let (restore, restore_is_resolve) = match (inc.mitigated_at, inc.resolved_at) {
        (Some(m), _) => (format::duration((m - start).num_seconds()), false),
        (None, Some(r)) => (format::duration((r - start).num_seconds()), true),
        (None, None) => ("open".to_string(), false),
    };
    IncidentRow {
        id: ctx.redact(&inc.id),
        anchor: urls::anchor("incident", &inc.id),
        href: ctx.incident_href(&inc.id),
        start: format::datetime(&start, tz),
        start_iso: format::rfc3339(&start),
        title: ctx.redact(&inc.title),
        services: inc.services.iter().map(|s| service_link(ctx, s)).collect(),
        team: inc
            .team
            .as_deref()
            .map(|t| ctx.redact(t))
            .unwrap_or_default(),
        severity: inc.severity.label(),
        status: status_word(&format!("{:?}", inc.status)),
        restore,
        restore_is_resolve,
        source: ctx.redact(&inc.source),
        source_url: format::source_url(
            inc.url.as_deref(),
            &inc.source,
            "incident",
            &inc.id,
            &ctx.input.config.settings.links,
        )
        .map(Cow::into_owned),
        postmortem: inc
            .postmortem
            .as_deref()
            .filter(|slug| ctx.published_postmortem(slug))
            .map(|slug| Link {
                text: ctx.redact(slug),
                href: ctx.href(&urls::postmortem(slug)),
            }),
        themes: inc.themes.iter().map(|t| theme_link(ctx, t)).collect(),
    }
}

pub fn service_link(ctx: &Ctx, name: &str) -> Link {
    Link {
        text: ctx.redact(name),
        href: ctx.href(&urls::service(name)),
    }
}

pub fn postmortem_link(ctx: &Ctx, p: &Postmortem) -> Link {
    Link {
        text: ctx.redact(&p.title),
        href: ctx.href(&urls::postmortem(&p.slug)),
    }
}

pub fn theme_link(ctx: &Ctx, slug: &str) -> Link {
    Link {
        text: ctx.theme_title(slug),
        href: ctx.href(&urls::theme(slug)),
    }
}

/// "InProgress" -> "in progress".
pub fn status_word(debug: &str) -> String {
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub id: String,
    pub anchor: String,
    pub href: String,
    pub title: String,
    pub kind: String,
    pub priority: String,
    pub owner: String,
    pub team: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
    /// Days past due when overdue.
    pub days_overdue: i64,
    pub completed: String,
    pub tracker: Option<Link>,
    pub postmortem: Option<Link>,
}

pub fn action(ctx: &Ctx, a: &ActionItem) -> ActionRow {
    let overdue = is_overdue(ctx, a);
    let days_overdue = match (ctx.as_of, a.due) {
        (Some(now), Some(due)) if overdue => (now - due).num_days(),
        _ => 0,
    };
    let tracker_text = a.tracker_ref.as_deref().unwrap_or("tracker");
    ActionRow {
        id: ctx.redact(&a.id),
        anchor: urls::anchor("action", &a.id),
        href: ctx.href(&urls::action(&a.id)),
        title: ctx.redact(&a.title),
        kind: a
            .kind
            .map(|k| status_word(&format!("{k:?}")))
            .unwrap_or_default(),
        priority: a
            .priority
            .as_deref()
            .map(|p| ctx.redact(p))
            .unwrap_or_default(),
        owner: a
            .owner
            .as_deref()
            .map(|o| ctx.redact(o))
            .unwrap_or_else(|| "unassigned".to_string()),
        team: a.team.as_deref().map(|t| ctx.redact(t)).unwrap_or_default(),
        due: a.due.map(|d| d.to_string()).unwrap_or_default(),
        status: status_word(&format!("{:?}", a.status)),
        overdue,
        days_overdue,
        completed: a.completed_at.map(|d| d.to_string()).unwrap_or_default(),
        tracker: a
            .tracker_url
            .as_deref()
            .and_then(format::safe_url)
            .map(|href| Link {
                text: ctx.redact(tracker_text),
                href,
            }),
        postmortem: a
            .postmortem
            .as_deref()
            .filter(|slug| ctx.published_postmortem(slug))
            .map(|slug| Link {
                text: ctx.postmortem_title(slug),
                href: ctx.href(&urls::postmortem(slug)),
            }),
    }
}

/// DESIGN.md: overdue = due < as-of and not done (wont_do counts as closed).
pub fn is_overdue(ctx: &Ctx, a: &ActionItem) -> bool {
    match (ctx.as_of, a.due) {
        (Some(now), Some(due)) => due < now && !a.status.is_closed(),
        _ => false,
    }
}
