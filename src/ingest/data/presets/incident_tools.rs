//! Incident tools: PagerDuty, Opsgenie, incident.io, ServiceNow, Statuspage.

use super::{Format, Preset, Reader};
use crate::config::SourceKind;
use crate::ingest::data::values::ListSep;

/// PagerDuty incidents report CSV (Analytics / Incidents "Download CSV").
pub static PAGERDUTY_CSV: Preset = Preset {
    name: "pagerduty",
    kind: SourceKind::Incidents,
    format: Format::Table,
    reader: Reader::Rows,
    layout: &[
        ("id", &["id", "incident id"]),
        ("number", &["incident_number", "#"]),
        ("title", &["description", "title", "summary"]),
        ("services", &["service_name", "service"]),
        ("team", &["team_name", "teams"]),
        ("severity", &["priority", "priority_name"]),
        ("urgency", &["urgency"]),
        ("status", &["status"]),
        ("created_at", &["created_on", "created_at", "created"]),
        ("acknowledged_at", &["acknowledged_on", "acknowledged_at"]),
        ("ack_after_seconds", &["seconds_to_first_ack"]),
        ("resolve_after_seconds", &["seconds_to_resolve"]),
        ("resolved_at", &["resolved_on", "resolved_at"]),
        ("auto_resolved", &["auto_resolved"]),
        ("url", &["html_url", "url", "link"]),
    ],
    signature: &[
        "incident_number",
        "created_on|created_at",
        "service_name|service",
    ],
    containers: &[],
    lists: ListSep::Punct,
};

/// PagerDuty REST API v2 `GET /incidents` response.
pub static PAGERDUTY_JSON: Preset = Preset {
    name: "pagerduty",
    kind: SourceKind::Incidents,
    format: Format::Document,
    reader: Reader::Rows,
    layout: &[
        ("id", &["id"]),
        ("number", &["incident_number"]),
        ("title", &["title", "summary", "description"]),
        ("services", &["service.summary", "service.name"]),
        ("team", &["teams.summary", "teams.name"]),
        ("severity", &["priority.summary", "priority.name"]),
        ("urgency", &["urgency"]),
        ("status", &["status"]),
        ("created_at", &["created_at"]),
        ("acknowledged_at", &["acknowledgements.at"]),
        ("resolved_at", &["resolved_at"]),
        ("last_status_change_at", &["last_status_change_at"]),
        ("url", &["html_url"]),
    ],
    signature: &[
        "incident_number",
        "created_at",
        "service.summary|service.id",
    ],
    containers: &["incidents", ""],
    lists: ListSep::None,
};

/// Opsgenie alert CSV export (times in Unix milliseconds).
pub static OPSGENIE_CSV: Preset = Preset {
    name: "opsgenie",
    kind: SourceKind::Incidents,
    format: Format::Table,
    reader: Reader::Rows,
    layout: OPSGENIE_LAYOUT,
    signature: &["tinyid", "message", "createdat"],
    containers: &[],
    lists: ListSep::Punct,
};

/// Opsgenie Alert API `GET /v2/alerts` response.
pub static OPSGENIE_JSON: Preset = Preset {
    name: "opsgenie",
    kind: SourceKind::Incidents,
    format: Format::Document,
    reader: Reader::Rows,
    layout: OPSGENIE_LAYOUT,
    signature: &["tinyid", "message", "createdat"],
    containers: &["data", ""],
    lists: ListSep::Punct,
};

const OPSGENIE_LAYOUT: crate::ingest::data::row::Layout = &[
    ("id", &["tinyid", "alertid", "id"]),
    ("title", &["message"]),
    ("services", &["service", "services", "entity"]),
    ("team", &["teams", "owner team", "ownerteamid"]),
    ("severity", &["priority"]),
    ("status", &["status"]),
    ("created_at", &["createdat"]),
    ("acknowledged_at", &["acknowledgedat"]),
    ("resolved_at", &["closedat"]),
    ("ack_after_ms", &["report.acktime"]),
    ("resolve_after_ms", &["report.closetime"]),
    ("labels", &["tags"]),
    ("url", &["url", "link"]),
];

/// incident.io CSV export.
pub static INCIDENTIO_CSV: Preset = Preset {
    name: "incidentio",
    kind: SourceKind::Incidents,
    format: Format::Table,
    reader: Reader::Rows,
    layout: &[
        ("id", &["reference", "id"]),
        ("title", &["name"]),
        (
            "services",
            &[
                "affected services",
                "services",
                "custom field: affected services",
            ],
        ),
        ("team", &["team", "owning team"]),
        ("severity", &["severity"]),
        ("status", &["status"]),
        ("labels", &["incident type"]),
        ("created_at", &["reported at", "created at"]),
        ("impact_start_at", &["impact started at", "impact started"]),
        ("detected_at", &["identified at", "detected at"]),
        ("acknowledged_at", &["accepted at"]),
        (
            "mitigated_at",
            &["stabilised at", "stabilized at", "fixed at"],
        ),
        ("resolved_at", &["resolved at"]),
        ("closed_at", &["closed at"]),
        ("url", &["permalink", "url"]),
    ],
    signature: &["reference", "name", "reported at|created at", "severity"],
    containers: &[],
    lists: ListSep::Punct,
};

/// incident.io API v2 `GET /v2/incidents` response.
pub static INCIDENTIO_JSON: Preset = Preset {
    name: "incidentio",
    kind: SourceKind::Incidents,
    format: Format::Document,
    reader: Reader::Rows,
    layout: &[
        ("id", &["reference", "id"]),
        ("title", &["name"]),
        ("severity", &["severity.name"]),
        (
            "status",
            &["incident_status.category", "incident_status.name"],
        ),
        ("created_at", &["created_at"]),
        ("url", &["permalink"]),
        ("labels", &["incident_type.name"]),
    ],
    signature: &[
        "reference",
        "incident_status.name|incident_status.category",
        "created_at",
    ],
    containers: &["incidents", ""],
    lists: ListSep::None,
};

const SERVICENOW_LAYOUT: crate::ingest::data::row::Layout = &[
    ("id", &["number"]),
    ("title", &["short_description", "short description"]),
    (
        "services",
        &[
            "cmdb_ci",
            "business_service",
            "configuration item",
            "service",
        ],
    ),
    ("team", &["assignment_group", "assignment group"]),
    ("group", &["assignment_group", "assignment group"]),
    ("severity", &["priority", "severity"]),
    ("priority", &["priority"]),
    ("status", &["state", "incident_state"]),
    ("kind", &["sys_class_name", "type"]),
    ("labels", &["category", "subcategory"]),
    ("components", &["cmdb_ci", "configuration item"]),
    ("created_at", &["opened_at", "opened", "sys_created_on"]),
    (
        "resolved_at",
        &["resolved_at", "resolved", "closed_at", "closed"],
    ),
    ("updated_at", &["sys_updated_on", "updated"]),
    ("reopen_count", &["reopen_count"]),
    ("root_cause", &["close_code", "u_root_cause"]),
    ("url", &["url"]),
];

/// ServiceNow incident list export, including audit-trail exports with one row per
/// update (rows with the same number merge into one incident).
pub static SERVICENOW_CSV: Preset = Preset {
    name: "servicenow",
    kind: SourceKind::Incidents,
    format: Format::Table,
    reader: Reader::Rows,
    layout: SERVICENOW_LAYOUT,
    signature: &[
        "number",
        "short_description|short description",
        "opened_at|opened",
    ],
    containers: &[],
    lists: ListSep::Punct,
};

/// ServiceNow requests/tasks as tickets (same columns; only via `sources`).
pub static SERVICENOW_TICKETS_CSV: Preset = Preset {
    name: "servicenow",
    kind: SourceKind::Tickets,
    ..SERVICENOW_CSV
};

/// Atlassian Statuspage v2 `incidents.json`.
pub static STATUSPAGE_JSON: Preset = Preset {
    name: "statuspage",
    kind: SourceKind::Incidents,
    format: Format::Document,
    reader: Reader::Rows,
    layout: &[
        ("id", &["id"]),
        ("title", &["name"]),
        ("services", &["components.name"]),
        ("severity", &["impact"]),
        ("status", &["status"]),
        ("created_at", &["created_at"]),
        ("impact_start_at", &["started_at"]),
        ("mitigated_at", &["monitoring_at"]),
        ("resolved_at", &["resolved_at"]),
        ("url", &["shortlink"]),
    ],
    signature: &["impact", "created_at", "shortlink|page_id"],
    containers: &["incidents", ""],
    lists: ListSep::None,
};
