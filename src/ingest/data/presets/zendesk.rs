//! Zendesk tickets: the CSV export and the API's `tickets` JSON.

use super::{Format, Preset, Reader};
use crate::config::SourceKind;
use crate::ingest::data::values::ListSep;

pub static ZENDESK_CSV: Preset = Preset {
    name: "zendesk",
    kind: SourceKind::Tickets,
    format: Format::Table,
    reader: Reader::Rows,
    layout: &[
        ("id", &["id", "ticket id"]),
        ("title", &["subject"]),
        ("kind", &["ticket type", "type"]),
        ("status", &["status"]),
        ("priority", &["priority"]),
        ("labels", &["tags"]),
        ("group", &["group"]),
        ("created_at", &["created at", "created_at"]),
        ("resolved_at", &["solved at", "solved_at"]),
        ("reopen_count", &["reopens"]),
        ("url", &["url"]),
    ],
    signature: &["id|ticket id", "subject", "created at|created_at"],
    containers: &[],
    lists: ListSep::Whitespace,
};

pub static ZENDESK_JSON: Preset = Preset {
    name: "zendesk",
    kind: SourceKind::Tickets,
    format: Format::Document,
    reader: Reader::Rows,
    layout: &[
        ("id", &["id"]),
        ("title", &["subject", "raw_subject"]),
        ("kind", &["type"]),
        ("status", &["status"]),
        ("priority", &["priority"]),
        ("labels", &["tags"]),
        ("group", &["group_id"]),
        ("created_at", &["created_at"]),
        ("resolved_at", &["solved_at"]),
        ("url", &["url"]),
    ],
    signature: &["id", "subject", "created_at"],
    containers: &["tickets", "results"],
    lists: ListSep::None,
};
