//! Rows -> tickets. id, title and created_at are required (error, row skipped). The
//! category is the export's status category when it has one (Jira, in any of the
//! supported languages), else a known status word, else done iff a resolved time is set.

use super::ctx::Ctx;
use super::row::Row;
use super::values::{incident_status, ticket_done};
use crate::model::{Ticket, TicketCategory};

pub fn build(ctx: &mut Ctx, row: &dyn Row) -> Option<Ticket> {
    let line = row.line();
    let id = ctx.required(row, "id")?.raw.trim().to_string();
    let title = ctx.required(row, "title")?.raw.trim().to_string();
    let created = ctx.required_time(row, "created_at")?;
    let resolved = ctx.time(row, "resolved_at");
    let resolved = ctx.not_before(line, resolved, "resolved_at", created, "created_at");
    let status = ctx.shared_text(row, "status").unwrap_or_default();
    let done = row
        .get("status_category")
        .and_then(|c| ticket_done(c.raw))
        .or_else(|| ticket_done(&status))
        .or_else(|| incident_status(&status).map(|s| s.is_finished()))
        .unwrap_or(resolved.is_some());
    let reopen_count = match row.get("reopen_count") {
        None => 0,
        Some(c) => c.raw.trim().parse().unwrap_or_else(|_| {
            let msg = format!("reopen_count `{}` is not a whole number; 0 used", c.raw);
            ctx.warn(line, c.column, msg);
            0
        }),
    };
    Some(Ticket {
        url: Ctx::text(row, "url").map(String::into_boxed_str),
        source: ctx.shared(ctx.preset.name),
        title: title.into_boxed_str(),
        kind: ctx.shared_text(row, "kind"),
        status,
        category: if done {
            TicketCategory::Done
        } else {
            TicketCategory::Open
        },
        priority: ctx.shared_text(row, "priority"),
        labels: ctx.shared_list(row, "labels"),
        components: ctx.shared_list(row, "components"),
        group: ctx.shared_text(row, "group"),
        created_at: created,
        resolved_at: resolved,
        reopen_count,
        linked_incidents: ctx.list(row, "linked_incidents").into_boxed_slice(),
        themes: Box::default(),
        origin: ctx.origin(line),
        id: id.into_boxed_str(),
    })
}

/// ServiceNow audit exports as tickets: same rule as for incidents (latest row in file
/// order gives the state, earliest opened time, first row's line; extra rows "merged").
pub fn merge_audit_rows(ctx: &mut Ctx, tickets: Vec<Ticket>) -> Vec<Ticket> {
    let mut index: std::collections::HashMap<Box<str>, usize> = std::collections::HashMap::new();
    let mut out: Vec<Ticket> = Vec::with_capacity(tickets.len());
    for t in tickets {
        match index.get(&t.id) {
            None => {
                index.insert(t.id.clone(), out.len());
                out.push(t);
            }
            Some(&i) => {
                ctx.skip("merged");
                let created = out[i].created_at.min(t.created_at);
                let origin = std::mem::take(&mut out[i].origin);
                out[i] = t;
                out[i].origin = origin;
                out[i].created_at = created;
            }
        }
    }
    out
}
