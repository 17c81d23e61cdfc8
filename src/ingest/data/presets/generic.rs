//! Generic files using the canonical field names of src/model.rs (CSV, JSON, JSONL,
//! YAML). Lists in one cell are separated by `;` or `,`.

use super::{Format, Preset, Reader};
use crate::config::SourceKind;
use crate::ingest::data::row::Layout;
use crate::ingest::data::values::ListSep;

const INCIDENT: Layout = &[
    ("id", &["id"]),
    ("title", &["title"]),
    ("services", &["services", "service"]),
    ("team", &["team"]),
    ("severity", &["severity", "sev"]),
    ("status", &["status"]),
    ("impact_start_at", &["impact_start_at", "impact_start"]),
    ("detected_at", &["detected_at"]),
    ("created_at", &["created_at", "created"]),
    ("acknowledged_at", &["acknowledged_at"]),
    ("mitigated_at", &["mitigated_at"]),
    ("resolved_at", &["resolved_at"]),
    ("labels", &["labels", "tags"]),
    ("root_cause", &["root_cause"]),
    ("postmortem", &["postmortem"]),
    ("related", &["related"]),
    ("auto_resolved", &["auto_resolved"]),
    ("url", &["url"]),
];

const TICKET: Layout = &[
    ("id", &["id"]),
    ("title", &["title"]),
    ("kind", &["type", "kind"]),
    ("status", &["status"]),
    ("status_category", &["category", "status_category"]),
    ("priority", &["priority"]),
    ("labels", &["labels", "tags"]),
    ("components", &["components", "component"]),
    ("group", &["group", "team"]),
    ("created_at", &["created_at", "created"]),
    ("resolved_at", &["resolved_at", "resolved"]),
    ("reopen_count", &["reopen_count"]),
    ("linked_incidents", &["linked_incidents", "incidents"]),
    ("url", &["url"]),
];

const METRIC: Layout = &[
    ("timestamp", &["timestamp", "time", "at", "date"]),
    ("series", &["series", "metric", "name"]),
    ("value", &["value"]),
];

const ACTION: Layout = &[
    ("id", &["id"]),
    ("postmortem", &["postmortem"]),
    ("title", &["title", "action"]),
    ("type", &["type", "kind"]),
    ("priority", &["priority"]),
    ("owner", &["owner"]),
    ("team", &["team"]),
    ("due", &["due", "due_date"]),
    ("status", &["status"]),
    ("tracker_ref", &["tracker_ref", "ticket"]),
    ("tracker_url", &["tracker_url"]),
    ("created_at", &["created_at", "created"]),
    ("completed_at", &["completed_at", "completed"]),
];

const INCIDENT_SIG: &[&str] = &[
    "id",
    "title",
    "created_at|created",
    "severity|services|service|impact_start_at|mitigated_at",
];
const TICKET_SIG: &[&str] = &[
    "id",
    "title",
    "created_at|created",
    "status|category|type|components",
];
const METRIC_SIG: &[&str] = &["timestamp|time|at|date", "series|metric|name", "value"];
const ACTION_SIG: &[&str] = &["title|action", "status", "due|postmortem|tracker_ref|owner"];
const DOC_CONTAINERS: &[&str] = &[
    "",
    "incidents",
    "tickets",
    "issues",
    "actions",
    "metrics",
    "items",
    "records",
    "results",
    "data",
];

macro_rules! generic {
    ($name:ident, $kind:ident, $format:ident, $layout:ident, $sig:ident, $containers:expr) => {
        pub static $name: Preset = Preset {
            name: "generic",
            kind: SourceKind::$kind,
            format: Format::$format,
            reader: Reader::Rows,
            layout: $layout,
            signature: $sig,
            containers: $containers,
            lists: ListSep::Punct,
        };
    };
}

generic!(INCIDENTS_CSV, Incidents, Table, INCIDENT, INCIDENT_SIG, &[]);
generic!(
    INCIDENTS_DOC,
    Incidents,
    Document,
    INCIDENT,
    INCIDENT_SIG,
    DOC_CONTAINERS
);
generic!(TICKETS_CSV, Tickets, Table, TICKET, TICKET_SIG, &[]);
generic!(
    TICKETS_DOC,
    Tickets,
    Document,
    TICKET,
    TICKET_SIG,
    DOC_CONTAINERS
);
generic!(METRICS_CSV, Metrics, Table, METRIC, METRIC_SIG, &[]);
generic!(
    METRICS_DOC,
    Metrics,
    Document,
    METRIC,
    METRIC_SIG,
    DOC_CONTAINERS
);
generic!(ACTIONS_CSV, Actions, Table, ACTION, ACTION_SIG, &[]);
generic!(
    ACTIONS_DOC,
    Actions,
    Document,
    ACTION,
    ACTION_SIG,
    DOC_CONTAINERS
);
