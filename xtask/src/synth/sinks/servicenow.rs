//! ServiceNow: an audit-trail export with one row per update of an incident; naive
//! times in the instance's timezone (Europe/Berlin).

use super::{Out, create};
use crate::synth::incidents::{Inc, Ts, end_of_day, mins};
use chrono::NaiveDate;
use chrono_tz::Europe::Berlin;
use std::path::Path;

const HEADER: &[&str] = &[
    "number",
    "short_description",
    "priority",
    "state",
    "category",
    "cmdb_ci",
    "assignment_group",
    "opened_at",
    "resolved_at",
    "closed_at",
    "sys_updated_on",
    "sys_mod_count",
];

const PRIORITY: [&str; 5] = [
    "1 - Critical",
    "2 - High",
    "3 - Moderate",
    "4 - Low",
    "5 - Planning",
];

/// One audit row: state, priority, updated at, resolved at, closed at.
type Row<'a> = (&'a str, &'a str, Ts, Option<Ts>, Option<Ts>);

pub struct Sink {
    w: csv::Writer<Out>,
    as_of_end: Ts,
}

fn naive(t: Ts) -> String {
    t.with_timezone(&Berlin)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

impl Sink {
    pub fn create(path: &Path, as_of: NaiveDate) -> anyhow::Result<Self> {
        let mut w = csv::Writer::from_writer(create(path)?);
        w.write_record(HEADER)?;
        Ok(Self {
            w,
            as_of_end: end_of_day(as_of),
        })
    }

    pub fn write(&mut self, inc: &Inc) -> anyhow::Result<()> {
        let number = format!("INC{:07}", inc.number);
        // The desk raises the priority once the hub manager calls: first rows show one
        // level lower than the final priority, as audit trails do.
        let first_prio = PRIORITY[(inc.sev as usize).min(4)];
        let final_prio = PRIORITY[inc.sev as usize - 1];
        let closed = inc
            .resolved
            .map(|r| r + mins(3.0 * 24.0 * 60.0))
            .filter(|c| *c <= self.as_of_end);
        let mut rows: Vec<Row> = vec![("New", first_prio, inc.created, None, None)];
        if let Some((t, _)) = inc.acked {
            rows.push(("In Progress", first_prio, t, None, None));
        }
        if let Some(r) = inc.resolved {
            rows.push(("Resolved", final_prio, r, Some(r), None));
        }
        if let Some(c) = closed {
            rows.push(("Closed", final_prio, c, inc.resolved, Some(c)));
        }
        let group = "Hub IT Support";
        for (i, (state, prio, at, resolved, closed)) in rows.into_iter().enumerate() {
            self.w.write_record([
                number.as_str(),
                &inc.title,
                prio,
                state,
                "Hardware",
                inc.service,
                group,
                &naive(inc.created),
                &resolved.map(naive).unwrap_or_default(),
                &closed.map(naive).unwrap_or_default(),
                &naive(at),
                &i.to_string(),
            ])?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}
