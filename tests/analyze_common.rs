//! Builders shared by the analyze tests (included with `#[path]`, not a test target).
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use opsloop::config::{Config, Overrides, Settings};
use opsloop::model::*;
use std::path::Path;

pub fn t(s: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .with_timezone(&Utc)
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A point of metric `series` at `at` (RFC 3339).
pub fn metric(series: &str, at: &str, value: f64) -> MetricPoint {
    MetricPoint {
        series: series.into(),
        labels: Default::default(),
        at: t(at),
        value,
        origin: Origin::default(),
    }
}

/// A resolved sev3 incident on service "api", created at `created`.
pub fn inc(id: &str, created: &str) -> Incident {
    Incident {
        id: id.into(),
        source: "generic".into(),
        url: None,
        title: format!("Incident {id}"),
        services: vec!["api".into()],
        team: None,
        severity: Severity {
            level: Some(3),
            raw: "sev3".into(),
        },
        status: IncidentStatus::Resolved,
        impact_start_at: None,
        detected_at: None,
        created_at: t(created),
        acknowledged_at: None,
        mitigated_at: None,
        resolved_at: None,
        labels: vec![],
        root_cause: None,
        themes: vec![],
        fingerprint: String::new(),
        postmortem: None,
        related: vec![],
        auto_resolved: false,
        origin: Origin::default(),
    }
}

/// A dataset of these incidents and nothing else.
pub fn dataset(incidents: Vec<Incident>) -> Dataset {
    Dataset {
        incidents,
        ..Dataset::default()
    }
}

pub fn ticket(id: &str, created: &str) -> Ticket {
    Ticket {
        id: id.into(),
        source: "jira".into(),
        url: None,
        title: format!("Ticket {id}").into(),
        kind: None,
        status: "Open".into(),
        category: TicketCategory::Open,
        priority: None,
        labels: Box::default(),
        components: Box::default(),
        group: None,
        created_at: t(created),
        resolved_at: None,
        reopen_count: 0,
        linked_incidents: Box::default(),
        themes: Box::default(),
        origin: Origin::default(),
    }
}

pub fn action(id: &str, pm: &str, kind: ActionType, status: ActionStatus) -> ActionItem {
    ActionItem {
        id: id.into(),
        postmortem: Some(pm.into()),
        title: format!("Action {id}"),
        kind: Some(kind),
        priority: None,
        owner: None,
        team: None,
        due: None,
        status,
        tracker_ref: None,
        tracker_url: None,
        created_at: None,
        completed_at: None,
        origin: Origin::default(),
    }
}

pub fn postmortem(slug: &str, date: &str, incidents: &[&str]) -> Postmortem {
    Postmortem {
        slug: slug.into(),
        title: format!("Postmortem {slug}"),
        date: d(date),
        incidents: incidents.iter().map(|s| s.to_string()).collect(),
        services: vec![],
        severity: None,
        themes: vec![],
        authors: vec![],
        status: PostmortemStatus::Published,
        summary: None,
        fields: Default::default(),
        actions: vec![],
        body: String::new(),
        origin: Origin::default(),
    }
}

pub fn config(settings: Settings, as_of: Option<&str>) -> Config {
    let o = Overrides {
        as_of: as_of.map(String::from),
        ..Overrides::default()
    };
    Config::from_settings(Path::new("."), settings, &o).unwrap()
}

pub fn settings(yaml: &str) -> Settings {
    opsloop::config::parse_settings(yaml, "site.yaml").unwrap()
}
