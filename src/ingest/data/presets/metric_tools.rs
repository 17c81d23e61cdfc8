//! Metric exports: Prometheus query_range, Datadog query, Grafana wide CSV.

use super::{Format, Preset, Reader};
use crate::config::SourceKind;
use crate::ingest::data::values::ListSep;

pub static PROMETHEUS: Preset = Preset {
    name: "prometheus",
    kind: SourceKind::Metrics,
    format: Format::Document,
    reader: Reader::Prometheus,
    layout: &[],
    signature: &["values"],
    containers: &["data.result", "result"],
    lists: ListSep::None,
};

pub static DATADOG: Preset = Preset {
    name: "datadog",
    kind: SourceKind::Metrics,
    format: Format::Document,
    reader: Reader::Datadog,
    layout: &[],
    signature: &["pointlist"],
    containers: &["series"],
    lists: ListSep::None,
};

/// Grafana panel "Download CSV": a time column, then one column per series.
pub static GRAFANA_WIDE: Preset = Preset {
    name: "grafana",
    kind: SourceKind::Metrics,
    format: Format::Table,
    reader: Reader::Wide,
    layout: &[("timestamp", &["time", "timestamp", "date", "datetime"])],
    signature: &["time|timestamp|date|datetime"],
    containers: &[],
    lists: ListSep::None,
};
