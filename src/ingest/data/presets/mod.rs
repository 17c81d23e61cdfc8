//! Presets: what each tool's export looks like (column names, JSON paths, how lists
//! are written) and how to recognise it. Adding a tool is adding a `Preset` value.

mod generic;
mod incident_tools;
mod jira;
mod metric_tools;
mod zendesk;

use super::row::Layout;
use super::values::ListSep;
use crate::config::SourceKind;

/// Table = CSV/TSV; Document = JSON, JSON Lines or YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Document,
}

/// How records come out of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// One row or object is one record of the preset's kind.
    Rows,
    /// A time column plus one column per series (Grafana CSV).
    Wide,
    Prometheus,
    Datadog,
}

#[derive(Debug)]
pub struct Preset {
    /// The `preset:` name and each record's `source`.
    pub name: &'static str,
    pub kind: SourceKind,
    pub format: Format,
    pub reader: Reader,
    pub layout: Layout,
    /// Normalised header names (JSON: dotted keys of the first item) that must all be
    /// present to recognise the file; `a|b` means either.
    pub signature: &'static [&'static str],
    /// For documents: array paths the items may sit under ("" = top-level array).
    pub containers: &'static [&'static str],
    pub lists: ListSep,
}

impl Preset {
    /// "pagerduty (incidents, CSV columns incident_number, created_on)" for the
    /// "matches nothing" diagnostic.
    pub fn describe(&self) -> String {
        let what = match self.format {
            Format::Table => "CSV columns",
            Format::Document => "JSON keys",
        };
        let mut s = format!("{} ({}, {what} ", self.name, self.kind.as_str());
        s.push_str(
            &self
                .signature
                .iter()
                .map(|f| f.replace('|', " or "))
                .collect::<Vec<_>>()
                .join(", "),
        );
        if !self.containers.is_empty() {
            let c: Vec<String> = self
                .containers
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        "a top-level array".into()
                    } else {
                        format!("`{c}`")
                    }
                })
                .collect();
            s.push_str(&format!(" in {}", c.join(" or ")));
        }
        s.push(')');
        s
    }

    pub fn matches(&self, names: &[String]) -> bool {
        self.signature
            .iter()
            .all(|alts| alts.split('|').any(|a| names.iter().any(|n| n == a)))
    }
}

/// Every preset, most specific first: detection takes the first that matches.
pub fn all() -> &'static [&'static Preset] {
    ALL
}

static ALL: &[&Preset] = &[
    &incident_tools::PAGERDUTY_CSV,
    &incident_tools::PAGERDUTY_JSON,
    &incident_tools::OPSGENIE_CSV,
    &incident_tools::OPSGENIE_JSON,
    &incident_tools::INCIDENTIO_CSV,
    &incident_tools::INCIDENTIO_JSON,
    &incident_tools::SERVICENOW_CSV,
    &incident_tools::STATUSPAGE_JSON,
    &jira::JIRA_CSV,
    &zendesk::ZENDESK_CSV,
    &zendesk::ZENDESK_JSON,
    &metric_tools::PROMETHEUS,
    &metric_tools::DATADOG,
    &generic::INCIDENTS_CSV,
    &generic::INCIDENTS_DOC,
    &generic::ACTIONS_CSV,
    &generic::ACTIONS_DOC,
    &generic::TICKETS_CSV,
    &generic::TICKETS_DOC,
    &generic::METRICS_CSV,
    &generic::METRICS_DOC,
    &metric_tools::GRAFANA_WIDE,
];

/// Presets that only apply when named in `sources` (never auto-detected, because
/// their files look like another preset's).
pub fn explicit_only() -> &'static [&'static Preset] {
    EXPLICIT
}

static EXPLICIT: &[&Preset] = &[&incident_tools::SERVICENOW_TICKETS_CSV];

/// The preset named `name` for this format (and kind, when given).
pub fn by_name(name: &str, format: Format, kind: Option<SourceKind>) -> Option<&'static Preset> {
    let name = if name == "incident.io" {
        "incidentio"
    } else {
        name
    };
    all()
        .iter()
        .chain(explicit_only())
        .copied()
        .filter(|p| p.name == name && p.format == format)
        .find(|p| kind.is_none_or(|k| p.kind == k))
}

/// Names accepted in `preset:`.
pub const NAMES: &[&str] = &[
    "pagerduty",
    "opsgenie",
    "incidentio",
    "servicenow",
    "statuspage",
    "jira",
    "zendesk",
    "prometheus",
    "datadog",
    "grafana",
    "generic",
];
