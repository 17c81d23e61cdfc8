//! Jira: the "Export Excel CSV (all fields)" layout with repeated `Component/s` and
//! `Labels` columns and `dd/MMM/yy h:mm a` dates in the user's (Berlin) time.

use super::{Out, create};
use crate::synth::incidents::Ts;
use crate::synth::tickets::Ticket;
use chrono_tz::Europe::Berlin;
use std::path::Path;

const HEADER: &[&str] = &[
    "Summary",
    "Issue key",
    "Issue id",
    "Issue Type",
    "Status",
    "Status Category",
    "Project key",
    "Priority",
    "Resolution",
    "Assignee",
    "Reporter",
    "Created",
    "Updated",
    "Resolved",
    "Component/s",
    "Component/s",
    "Labels",
    "Labels",
    "Labels",
    "Custom field (Linked incident)",
];

fn jira_date(t: Ts) -> String {
    t.with_timezone(&Berlin)
        .format("%d/%b/%y %-I:%M %p")
        .to_string()
}

pub struct Sink {
    w: csv::Writer<Out>,
    pub written: u64,
}

impl Sink {
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let mut w = csv::Writer::from_writer(create(path)?);
        w.write_record(HEADER)?;
        Ok(Self { w, written: 0 })
    }

    pub fn write(&mut self, t: &Ticket) -> anyhow::Result<()> {
        let label = |i: usize| t.labels.get(i).copied().unwrap_or("");
        let comp = |i: usize| t.components.get(i).copied().unwrap_or("");
        self.w.write_record([
            t.summary.as_str(),
            &format!("{}-{}", t.project, t.number),
            &t.issue_id.to_string(),
            t.issue_type,
            t.status,
            t.status_category,
            t.project,
            t.priority,
            t.resolution,
            t.assignee,
            t.reporter,
            &jira_date(t.created),
            &jira_date(t.updated),
            &t.resolved.map(jira_date).unwrap_or_default(),
            comp(0),
            comp(1),
            label(0),
            label(1),
            label(2),
            t.linked.as_deref().unwrap_or(""),
        ])?;
        self.written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}
