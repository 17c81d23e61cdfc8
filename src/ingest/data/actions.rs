//! Rows -> standalone action items (`kind: actions`). title is required; the id is
//! the `id` column, else the tracker ref, else `<postmortem or file stem>-<line>`.
//! An unknown status or type is a warning (status falls back to open, type to none).

use super::ctx::Ctx;
use super::row::Row;
use super::values::{action_status, action_type};
use crate::model::{ActionItem, ActionStatus};
use chrono::NaiveDate;

pub fn build(ctx: &mut Ctx, row: &dyn Row, stem: &str) -> Option<ActionItem> {
    let line = row.line();
    let title = ctx.required(row, "title")?.raw.trim().to_string();
    let postmortem = Ctx::text(row, "postmortem");
    let tracker_ref = Ctx::text(row, "tracker_ref");
    let id = Ctx::text(row, "id")
        .or_else(|| tracker_ref.clone())
        .unwrap_or_else(|| format!("{}-{line}", postmortem.as_deref().unwrap_or(stem)));
    let status = match row.get("status") {
        None => ActionStatus::Open,
        Some(c) => action_status(c.raw).unwrap_or_else(|| {
            let msg = format!("status `{}` is not recognised (expected open, in progress, done or won't do); open used", c.raw);
            ctx.warn(line, c.column, msg);
            ActionStatus::Open
        }),
    };
    let kind = row.get("type").and_then(|c| {
        let t = action_type(c.raw);
        if t.is_none() {
            let msg = format!("type `{}` is not recognised (expected prevent, mitigate, detect or process); left empty", c.raw);
            ctx.warn(line, c.column, msg);
        }
        t
    });
    Some(ActionItem {
        id,
        postmortem,
        title,
        kind,
        priority: Ctx::text(row, "priority"),
        owner: Ctx::text(row, "owner"),
        team: Ctx::text(row, "team"),
        due: date(ctx, row, "due"),
        status,
        tracker_ref,
        tracker_url: Ctx::text(row, "tracker_url"),
        created_at: date(ctx, row, "created_at"),
        completed_at: date(ctx, row, "completed_at"),
        origin: ctx.origin(line),
    })
}

fn date(ctx: &mut Ctx, row: &dyn Row, field: &str) -> Option<NaiveDate> {
    let cell = row.get(field)?;
    match ctx.dates.parse_date(cell.raw) {
        Ok(d) => Some(d),
        Err(e) => {
            let msg = format!(
                "{field}: {}; field dropped, record kept",
                e.explain(cell.raw)
            );
            ctx.warn(row.line(), cell.column, msg);
            None
        }
    }
}
