//! Rows -> incidents. Rules (DESIGN.md §Nothing lost):
//! - id, title and created_at are required: without one the row is an error and skipped;
//! - a bad optional timestamp is a warning and that field is dropped;
//! - a time before the start (acknowledged before created, mitigated/resolved before the
//!   start, detected before impact start) is a warning and that time is dropped;
//! - an unknown status is a warning and the status is derived from the timestamps;
//! - ServiceNow rows with the same number are one incident's audit trail and merge.

use super::ctx::Ctx;
use super::row::Row;
use super::values::{incident_status, parse_bool, severity};
use crate::model::{Incident, IncidentStatus, Severity, Timestamp};
use chrono::Duration;
use std::collections::HashMap;

/// A built incident and its last-update time (orders ServiceNow audit rows).
pub struct Built {
    pub incident: Incident,
    pub updated: Option<Timestamp>,
}

pub fn build(ctx: &mut Ctx, row: &dyn Row) -> Option<Built> {
    let line = row.line();
    let id = ctx.required(row, "id")?.raw.trim().to_string();
    let title = ctx.required(row, "title")?.raw.trim().to_string();
    let created = ctx.required_time(row, "created_at")?;

    let impact = ctx.time(row, "impact_start_at");
    let start = impact.map_or(created, |t| t.0);
    let detected = ctx.time(row, "detected_at");
    let detected = match impact {
        Some((s, _)) => ctx.not_before(line, detected, "detected_at", s, "impact_start_at"),
        None => detected.map(|t| t.0),
    };
    let mut ack = ctx.time(row, "acknowledged_at");
    if ack.is_none() {
        ack = after(row, "ack_after_seconds", 1000.0, created)
            .or_else(|| after(row, "ack_after_ms", 1.0, created));
    }
    let ack = ctx.not_before(line, ack, "acknowledged_at", created, "created_at");
    let mitigated = ctx.time(row, "mitigated_at");
    let mitigated = ctx.not_before(line, mitigated, "mitigated_at", start, "the start");
    let mut resolved = ctx.time(row, "resolved_at");
    if resolved.is_none() {
        resolved = ctx.time(row, "closed_at");
    }
    let status = status(ctx, row, resolved.is_some(), mitigated.is_some());
    if resolved.is_none() && status.is_finished() {
        // PagerDuty's API gives the resolve time only as the last status change;
        // Opsgenie's report and PagerDuty's CSV give it as a duration from creation.
        resolved = ctx
            .time(row, "last_status_change_at")
            .or_else(|| after(row, "resolve_after_seconds", 1000.0, created))
            .or_else(|| after(row, "resolve_after_ms", 1.0, created));
    }
    let resolved = ctx.not_before(line, resolved, "resolved_at", start, "the start");

    let severity = match row.get("severity") {
        None => Severity {
            level: None,
            raw: String::new(),
        },
        Some(c) => {
            let s = severity(c.raw);
            if s.level.is_none() {
                ctx.warn(
                    line,
                    c.column,
                    format!(
                        "severity `{}` is not recognised (expected P1-P5, SEV-1..SEV-5, 1-5 or \
                     critical/high/medium/low/info); kept as unknown",
                        c.raw
                    ),
                );
            }
            s
        }
    };
    let mut labels = ctx.list(row, "labels");
    if let Some(u) = Ctx::text(row, "urgency") {
        labels.push(format!("urgency:{u}"));
    }
    let incident = Incident {
        source: ctx.preset.name.to_string(),
        url: Ctx::text(row, "url"),
        title,
        services: ctx.list(row, "services"),
        team: ctx.list(row, "team").into_iter().next(),
        severity,
        status,
        impact_start_at: impact.map(|t| t.0),
        detected_at: detected,
        created_at: created,
        acknowledged_at: ack,
        mitigated_at: mitigated,
        resolved_at: resolved,
        labels,
        root_cause: Ctx::text(row, "root_cause"),
        themes: Vec::new(),
        fingerprint: String::new(),
        postmortem: Ctx::text(row, "postmortem"),
        related: ctx.list(row, "related"),
        auto_resolved: row
            .get("auto_resolved")
            .and_then(|c| parse_bool(c.raw))
            .unwrap_or(false),
        origin: ctx.origin(line),
        id,
    };
    let updated = ctx.time(row, "updated_at").map(|t| t.0);
    Some(Built { incident, updated })
}

/// `base` plus a duration column whose unit the tool fixes (PagerDuty's
/// `seconds_to_first_ack`, Opsgenie's `report.ackTime` in ms). A non-number is ignored
/// here and the field stays empty.
fn after<'r>(
    row: &'r dyn Row,
    field: &str,
    ms_per_unit: f64,
    base: Timestamp,
) -> Option<(Timestamp, super::row::Cell<'r>)> {
    let cell = row.get(field)?;
    let n: f64 = cell
        .raw
        .trim()
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite())?;
    Some((
        base + Duration::milliseconds((n * ms_per_unit) as i64),
        cell,
    ))
}

fn status(ctx: &mut Ctx, row: &dyn Row, resolved: bool, mitigated: bool) -> IncidentStatus {
    let derived = if resolved {
        IncidentStatus::Resolved
    } else if mitigated {
        IncidentStatus::Mitigated
    } else {
        IncidentStatus::Open
    };
    let Some(cell) = row.get("status") else {
        return derived;
    };
    match incident_status(cell.raw) {
        Some(s) => s,
        None => {
            let msg = format!(
                "status `{}` is not recognised (expected open, mitigated, resolved, closed, \
                 canceled or the tool's own status words); `{}` derived from the timestamps",
                cell.raw,
                format!("{derived:?}").to_lowercase()
            );
            ctx.warn(row.line(), cell.column, msg);
            derived
        }
    }
}

/// ServiceNow audit trail: rows with the same number are one incident. The merged
/// incident takes the state of its latest update (by `sys_updated_on`, else file
/// order), the earliest opened and impact-start times, and the first row's line.
/// Every extra row is counted under the "merged" skip reason.
pub fn merge_audit_rows(ctx: &mut Ctx, built: Vec<Built>) -> Vec<Incident> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Built> = Vec::with_capacity(built.len());
    for b in built {
        let Some(&i) = index.get(&b.incident.id) else {
            index.insert(b.incident.id.clone(), out.len());
            out.push(b);
            continue;
        };
        ctx.skip("merged");
        let cur = &mut out[i];
        let created = cur.incident.created_at.min(b.incident.created_at);
        let impact = earliest(cur.incident.impact_start_at, b.incident.impact_start_at);
        let is_later = match (b.updated, cur.updated) {
            (Some(new), Some(old)) => new >= old,
            _ => true,
        };
        if is_later {
            let origin = std::mem::take(&mut cur.incident.origin);
            cur.incident = b.incident;
            cur.incident.origin = origin;
            cur.updated = b.updated;
        }
        cur.incident.created_at = created;
        cur.incident.impact_start_at = impact;
    }
    out.into_iter().map(|b| b.incident).collect()
}

fn earliest(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}
