//! Each preset's fixture, read end to end through `opsloop::ingest::ingest`: ids,
//! UTC timestamps, severity, status, services, and the per-source summary.

use opsloop::config::{Config, Overrides};
use opsloop::diagnostics::{Diagnostics, SourceSummary};
use opsloop::model::{Dataset, Incident, IncidentStatus, TicketCategory};
use std::path::Path;

/// A temp site whose content/data holds the given fixtures (renamed `tool-file`).
fn ingest(files: &[&str], site_yaml: &str) -> (Dataset, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("content/data");
    std::fs::create_dir_all(&data).unwrap();
    for f in files {
        let src = Path::new("tests/fixtures/ingest").join(f);
        std::fs::copy(&src, data.join(f.replace('/', "-"))).unwrap();
    }
    std::fs::write(dir.path().join("content/site.yaml"), site_yaml).unwrap();
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    opsloop::ingest::ingest(&config).unwrap()
}

fn one(file: &str) -> (Dataset, Diagnostics) {
    ingest(&[file], "timezone: Europe/Berlin\n")
}

fn ts(t: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.to_rfc3339()).unwrap_or_default()
}

fn summary(d: &Diagnostics) -> &SourceSummary {
    assert_eq!(d.sources.len(), 1);
    assert!(d.sources[0].accounts_for_every_row(), "{:?}", d.sources[0]);
    &d.sources[0]
}

fn find<'a>(d: &'a Dataset, id: &str) -> &'a Incident {
    d.incidents.iter().find(|i| i.id == id).unwrap()
}

#[test]
fn pagerduty_csv() {
    let (d, diags) = one("pagerduty/incidents.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let s = summary(&diags);
    assert_eq!(
        (s.preset.as_str(), s.kind.as_str(), s.rows, s.records),
        ("pagerduty", "incidents", 3, 3)
    );
    let a = find(&d, "Q1K2ZQ8M3RBX7A");
    assert_eq!(a.created_at.to_rfc3339(), "2025-03-04T15:15:00+00:00");
    assert_eq!(ts(&a.acknowledged_at), "2025-03-04T15:18:30+00:00");
    assert_eq!(ts(&a.resolved_at), "2025-03-04T16:02:00+00:00");
    assert_eq!(
        (a.severity.label(), a.severity.raw.as_str()),
        ("sev1".into(), "P1")
    );
    assert_eq!(a.status, IncidentStatus::Resolved);
    assert_eq!(a.services, ["checkout-api"]);
    assert_eq!(a.team.as_deref(), Some("Payments"));
    assert_eq!(a.origin.line, 2);
    let b = find(&d, "Q2M9XYP0ABCD1E");
    assert!(b.auto_resolved);
    assert_eq!(b.severity.level, Some(4));
    let c = find(&d, "Q3ZZ1YY2XX3WW4");
    assert_eq!(
        c.title,
        "Login latency p99 > 2s\n(multi-line note from responder)"
    );
    assert_eq!(c.status, IncidentStatus::Open);
    assert_eq!(c.created_at.to_rfc3339(), "2025-03-06T22:45:10+00:00");
    assert_eq!(c.severity.level, None);
    assert!(c.url.is_none());
    assert!(c.themes.is_empty() && c.fingerprint.is_empty());
}

#[test]
fn pagerduty_rest_json() {
    let (d, diags) = one("pagerduty/incidents.json");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(summary(&diags).records, 2);
    let a = find(&d, "Q1K2ZQ8M3RBX7A");
    assert_eq!(a.origin.line, 3);
    assert_eq!(ts(&a.acknowledged_at), "2025-03-04T15:18:30+00:00");
    assert_eq!(ts(&a.resolved_at), "2025-03-04T16:02:00+00:00");
    assert_eq!(a.severity.label(), "sev1");
    assert_eq!(a.services, ["checkout-api"]);
    assert_eq!(
        a.url.as_deref(),
        Some("https://acme.pagerduty.com/incidents/Q1K2ZQ8M3RBX7A")
    );
    let b = find(&d, "Q3ZZ1YY2XX3WW4");
    assert_eq!(b.status, IncidentStatus::Open);
    assert!(b.resolved_at.is_none());
}

#[test]
fn opsgenie_csv_in_milliseconds() {
    let (d, diags) = one("opsgenie/alerts.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(summary(&diags).preset, "opsgenie");
    let a = find(&d, "3122");
    assert_eq!(a.created_at.to_rfc3339(), "2025-03-05T13:06:40+00:00");
    assert_eq!(ts(&a.acknowledged_at), "2025-03-05T13:10:40+00:00");
    assert_eq!(ts(&a.resolved_at), "2025-03-05T14:06:40+00:00");
    assert_eq!(a.severity.label(), "sev1");
    assert_eq!(a.status, IncidentStatus::Closed);
    assert_eq!(a.labels, ["checkout", "slo"]);
    assert_eq!(find(&d, "3123").status, IncidentStatus::Open);
}

#[test]
fn servicenow_audit_rows_merge() {
    let (d, diags) = one("servicenow/incident_audit.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let s = summary(&diags);
    assert_eq!((s.rows, s.records), (4, 2));
    assert_eq!(s.skipped.get("merged"), Some(&2));
    let a = find(&d, "INC0010231");
    // Final state from the last update, first opened time, first row's line.
    assert_eq!(a.status, IncidentStatus::Resolved);
    assert_eq!(a.severity.raw, "1 - Critical");
    assert_eq!(a.created_at.to_rfc3339(), "2025-03-03T07:12:00+00:00"); // 08:12 Berlin
    assert_eq!(ts(&a.resolved_at), "2025-03-03T09:05:00+00:00");
    assert_eq!(a.origin.line, 2);
    assert_eq!(a.services, ["mail-relay"]);
    assert_eq!(a.team.as_deref(), Some("Messaging Ops"));
    assert_eq!(find(&d, "INC0010232").severity.level, Some(3));
}

#[test]
fn statuspage_v2() {
    let (d, diags) = one("statuspage/incidents.json");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let a = find(&d, "cp306tmzcl0y");
    assert_eq!(a.title, "Elevated API error rates");
    assert_eq!(ts(&a.impact_start_at), "2025-03-04T15:14:00+00:00");
    assert_eq!(ts(&a.mitigated_at), "2025-03-04T15:55:00+00:00");
    assert_eq!(ts(&a.resolved_at), "2025-03-04T16:10:44.297+00:00");
    assert_eq!(
        (a.severity.label(), a.severity.raw.as_str()),
        ("sev2".into(), "major")
    );
    assert_eq!(a.url.as_deref(), Some("https://stspg.io/abc123"));
    let b = find(&d, "9zt1h4kx2m7q");
    assert_eq!(b.services, ["Webhooks", "API"]);
    assert_eq!(b.status, IncidentStatus::Open);
}

#[test]
fn incidentio_csv_naive_times_in_site_zone() {
    let (d, diags) = one("incidentio/incidents.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let a = find(&d, "INC-87");
    assert_eq!(a.created_at.to_rfc3339(), "2025-03-04T14:16:00+00:00");
    assert_eq!(ts(&a.impact_start_at), "2025-03-04T14:05:00+00:00");
    assert_eq!(ts(&a.mitigated_at), "2025-03-04T14:50:00+00:00");
    assert_eq!(a.services, ["Checkout", "Payments"]);
    assert_eq!(a.status, IncidentStatus::Closed);
    assert_eq!(a.severity.label(), "sev1");
}

#[test]
fn generic_incidents() {
    let (d, diags) = one("generic/incidents.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let a = find(&d, "INC-1");
    assert_eq!(a.services, ["checkout-api", "payments"]);
    assert_eq!(
        (a.severity.label(), a.severity.raw.as_str()),
        ("sev1".into(), "SEV-1")
    );
    assert_eq!(a.postmortem.as_deref(), Some("2025-03-04-checkout-errors"));
    assert_eq!(a.root_cause.as_deref(), Some("bad deploy"));
    assert_eq!(a.related, ["Q1K2ZQ8M3RBX7A"]);
    assert_eq!(find(&d, "INC-2").status, IncidentStatus::Mitigated);
}

#[test]
fn jira_english_with_repeated_columns() {
    let (d, diags) = one("jira/tickets.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let t = &d.tickets;
    assert_eq!(t.len(), 3);
    assert_eq!(&*t[0].id, "SUP-101");
    assert_eq!(*t[0].labels, ["customer-reported", "checkout", "sev1"]);
    assert_eq!(*t[0].components, ["checkout", "payments"]);
    assert_eq!(t[0].created_at.to_rfc3339(), "2025-03-04T14:42:00+00:00");
    assert_eq!(t[0].category, TicketCategory::Done);
    assert_eq!(*t[0].linked_incidents, ["Q1K2ZQ8M3RBX7A"]);
    assert_eq!(t[0].priority.as_deref(), Some("Highest"));
    assert_eq!(t[1].origin.line, 3);
    assert_eq!(t[1].category, TicketCategory::Open);
    assert_eq!(t[2].origin.line, 5);
    assert_eq!(t[2].created_at.to_rfc3339(), "2024-11-30T23:00:00+00:00");
    // Repeated values are one shared string (a million rows at scale L hold a few
    // hundred), whichever field they come from.
    use opsloop::model::Shared;
    assert!(
        Shared::ptr_eq(&t[0].labels[1], &t[0].components[0]),
        "checkout"
    );
    assert!(Shared::ptr_eq(&t[0].source, &t[2].source));
    assert!(Shared::ptr_eq(&t[0].origin.file, &t[1].origin.file));
}

#[test]
fn jira_german_windows_1252_semicolons() {
    let (d, diags) = one("jira/tickets_de.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(summary(&diags).preset, "jira");
    let t = &d.tickets;
    assert_eq!(&*t[0].title, "Bestellung schlägt fehl (502)");
    assert_eq!(t[0].created_at.to_rfc3339(), "2025-03-04T14:42:00+00:00");
    assert_eq!(*t[0].labels, ["kunde", "kasse"]);
    assert_eq!(t[0].priority.as_deref(), Some("Höchste"));
    assert_eq!(t[0].category, TicketCategory::Done);
    assert_eq!(t[1].created_at.to_rfc3339(), "2025-05-14T09:05:00+00:00");
    assert_eq!(t[1].category, TicketCategory::Open);
}

#[test]
fn zendesk_csv() {
    let (d, diags) = one("zendesk/tickets.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let t = &d.tickets[0];
    assert_eq!((t.id.as_ref(), &*t.source), ("48211", "zendesk"));
    assert_eq!(*t.labels, ["checkout", "outage_q1"]);
    assert_eq!(t.kind.as_deref(), Some("incident"));
    assert_eq!(ts(&t.resolved_at), "2025-03-05T07:58:00+00:00");
    assert_eq!(t.category, TicketCategory::Done);
    assert_eq!(d.tickets[1].category, TicketCategory::Open);
}

#[test]
fn prometheus_query_range() {
    let (d, diags) = one("prometheus/query_range.json");
    let s = summary(&diags);
    assert_eq!((s.rows, s.records), (5, 4));
    assert_eq!(s.skipped.get("not a finite number"), Some(&1));
    assert_eq!(diags.diagnostics.len(), 1);
    assert!(diags.diagnostics[0].message.contains("`NaN`"));
    let m = &d.metrics[0];
    assert_eq!(m.series, "http_request_error_ratio");
    assert_eq!(
        m.labels.get("job").map(String::as_str),
        Some("checkout-api")
    );
    assert!(!m.labels.contains_key("__name__"));
    assert_eq!(m.at.to_rfc3339(), "2025-03-04T00:00:00+00:00");
    assert_eq!(m.value, 0.012);
    // No __name__: the file stem names the series.
    assert_eq!(d.metrics[3].series, "prometheus-query_range");
}

#[test]
fn prometheus_without_wrapper_and_configured_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/data")).unwrap();
    let body = r#"{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1741046400.5,"2"]]}]}"#;
    std::fs::write(dir.path().join("content/data/q.json"), body).unwrap();
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "sources:\n  - path: data/q.json\n    preset: prometheus\n    columns: { series: error_ratio }\n",
    )
    .unwrap();
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    let (d, diags) = opsloop::ingest::ingest(&config).unwrap();
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(d.metrics[0].series, "error_ratio");
    assert_eq!(d.metrics[0].at.timestamp_millis(), 1_741_046_400_500);
}

#[test]
fn datadog_query() {
    let (d, diags) = one("datadog/query.json");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let s = summary(&diags);
    assert_eq!((s.rows, s.records), (3, 2));
    assert_eq!(s.skipped.get("no value"), Some(&1));
    let m = &d.metrics[1];
    assert_eq!(m.series, "trace.http.request.errors");
    assert_eq!(
        m.labels.get("service").map(String::as_str),
        Some("checkout-api")
    );
    assert_eq!(m.at.to_rfc3339(), "2025-03-04T01:00:00+00:00");
    assert_eq!(m.value, 12.5);
}

#[test]
fn generic_long_metrics_with_label_columns() {
    let (d, diags) = one("generic/metrics_long.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let m = &d.metrics[2];
    assert_eq!((&*m.series, m.value), ("availability", 99.95));
    assert_eq!(
        m.labels.get("region").map(String::as_str),
        Some("eu-west-1")
    );
    assert_eq!(m.labels.len(), 2);
}

#[test]
fn grafana_wide_csv() {
    let (d, diags) = one("grafana/wide.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let s = summary(&diags);
    assert_eq!((s.preset.as_str(), s.rows, s.records), ("grafana", 6, 5));
    assert_eq!(d.metrics[0].series, "p99 latency checkout-api");
    assert_eq!(d.metrics[0].at.to_rfc3339(), "2025-03-04T09:00:00+00:00");
    assert_eq!(
        d.metrics
            .iter()
            .filter(|m| m.series == "p99 latency auth-service")
            .count(),
        2
    );
}

#[test]
fn generic_actions() {
    let (d, diags) = one("generic/actions.csv");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(summary(&diags).kind, "actions");
    let a = &d.actions;
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].status, opsloop::model::ActionStatus::Done);
    assert_eq!(a[0].kind, Some(opsloop::model::ActionType::Prevent));
    assert_eq!(a[0].due.unwrap().to_string(), "2025-04-01");
    assert_eq!(a[0].completed_at.unwrap().to_string(), "2025-03-28");
    assert_eq!(a[1].status, opsloop::model::ActionStatus::InProgress);
    assert_eq!(a[2].postmortem, None);
    assert_eq!(a[2].owner, None);
}

#[test]
fn every_fixture_together_accounts_for_every_row() {
    let all = [
        "pagerduty/incidents.csv",
        "opsgenie/alerts.csv",
        "servicenow/incident_audit.csv",
        "statuspage/incidents.json",
        "jira/tickets.csv",
        "jira/tickets_de.csv",
        "prometheus/query_range.json",
        "generic/metrics_long.csv",
        "grafana/wide.csv",
        "datadog/query.json",
        "generic/actions.csv",
        "generic/incidents.csv",
        "incidentio/incidents.csv",
        "zendesk/tickets.csv",
        "pagerduty/incidents.json",
    ];
    let (d, diags) = ingest(&all, "timezone: Europe/Berlin\n");
    assert_eq!(diags.sources.len(), all.len());
    for s in &diags.sources {
        assert!(s.accounts_for_every_row(), "{s:?}");
    }
    // The REST JSON repeats two incidents of the CSV: later duplicates are dropped.
    let pd_json = diags
        .sources
        .iter()
        .find(|s| s.path.ends_with("pagerduty-incidents.json"))
        .unwrap();
    assert_eq!(pd_json.skipped.get("duplicate id"), Some(&2));
    let dup = diags
        .diagnostics
        .iter()
        .find(|x| x.file.ends_with("pagerduty-incidents.json"))
        .unwrap();
    assert_eq!(dup.line, 3);
    assert!(dup.message.contains(
        "duplicate incident id `Q1K2ZQ8M3RBX7A` (first at content/data/pagerduty-incidents.csv:2)"
    ));
    assert_eq!(d.incidents.len(), 3 + 3 + 2 + 2 + 2 + 2);
}

/// Records keep only the export's own link; the `links:` template fills the others where
/// a link is shown (`source_url`, used by the pages and the search index).
#[test]
fn link_templates_fill_missing_urls() {
    let (d, _) = ingest(
        &["pagerduty/incidents.csv", "zendesk/tickets.csv"],
        "links:\n  pagerduty: https://pd.example/incidents/{id}\n  ticket: https://help.example/t/{id}\n",
    );
    let links: std::collections::BTreeMap<String, String> = [
        ("pagerduty", "https://pd.example/incidents/{id}"),
        ("ticket", "https://help.example/t/{id}"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .into();
    let shown = |own: Option<&str>, source: &str, kind: &str, id: &str| {
        opsloop::site::format::source_url(own, source, kind, id, &links).map(|u| u.into_owned())
    };
    let filled = find(&d, "Q3ZZ1YY2XX3WW4");
    assert_eq!(filled.url, None);
    assert_eq!(
        shown(None, &filled.source, "incident", &filled.id).as_deref(),
        Some("https://pd.example/incidents/Q3ZZ1YY2XX3WW4")
    );
    let own = find(&d, "Q1K2ZQ8M3RBX7A");
    let own_url = own.url.as_deref();
    assert_eq!(
        own_url,
        Some("https://acme.pagerduty.com/incidents/Q1K2ZQ8M3RBX7A")
    );
    assert_eq!(
        shown(own_url, &own.source, "incident", &own.id).as_deref(),
        own_url
    );
    let t = &d.tickets[0];
    assert_eq!(t.url, None);
    assert_eq!(
        shown(None, &t.source, "ticket", &t.id).as_deref(),
        Some("https://help.example/t/48211")
    );
}

#[test]
fn opsgenie_api_json_with_report_durations() {
    let (d, diags) = one("opsgenie/alerts.json");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let a = find(&d, "1791");
    assert_eq!(a.origin.line, 3);
    assert_eq!(a.created_at.to_rfc3339(), "2025-03-03T09:00:00+00:00");
    assert_eq!(ts(&a.acknowledged_at), "2025-03-03T09:00:15.702+00:00");
    assert_eq!(ts(&a.resolved_at), "2025-03-03T10:00:00+00:00");
    assert_eq!(a.severity.label(), "sev2");
    assert_eq!(a.labels, ["OverwriteQuietHours", "Critical"]);
}

#[test]
fn zendesk_api_json() {
    let (d, diags) = one("zendesk/tickets.json");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let t = &d.tickets[0];
    assert_eq!(
        (t.id.as_ref(), t.kind.as_deref(), &*t.status),
        ("48213", Some("problem"), "pending")
    );
    assert_eq!(t.category, TicketCategory::Open);
    assert_eq!(*t.labels, ["checkout", "safari"]);
    assert_eq!(t.group.as_deref(), Some("98738"));
}

#[test]
fn incidentio_api_json() {
    let (d, diags) = one("incidentio/incidents.json");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let a = find(&d, "INC-123");
    assert_eq!(a.status, IncidentStatus::Closed);
    assert_eq!(
        (a.severity.label(), a.severity.raw.as_str()),
        ("sev3".into(), "Minor")
    );
    assert_eq!(
        a.created_at.to_rfc3339(),
        "2025-03-05T13:28:57.801578+00:00"
    );
    assert_eq!(a.labels, ["Database"]);
}

#[test]
fn jira_headers_in_french_spanish_finnish() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("content/data");
    std::fs::create_dir_all(&data).unwrap();
    let files = [
        (
            "fr.csv",
            "Résumé,Clé de ticket,État,Priorité,Création,Résolu,Étiquettes,Étiquettes\nPanne,FR-1,Terminé,Haute,04/mars/25 3:42 PM,05/mars/25 9:00 AM,a,b\n",
        ),
        (
            "es.csv",
            "Resumen,Clave de incidencia,Estado,Prioridad,Creada,Resuelta,Etiquetas\nCaída,ES-1,Listo,Alta,04/ene/25 3:42 PM,,x\n",
        ),
        (
            "fi.csv",
            "Yhteenveto,Avain,Tila,Prioriteetti,Luotu,Ratkaistu,Tunnisteet\nKatko,FI-1,Valmis,Korkea,04/joulu/24 15:42,,y\n",
        ),
    ];
    for (name, body) in files {
        std::fs::write(data.join(name), body).unwrap();
    }
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    let (d, diags) = opsloop::ingest::ingest(&config).unwrap();
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let t: Vec<_> = d
        .tickets
        .iter()
        .map(|t| (t.id.as_ref(), t.created_at.to_rfc3339(), t.category))
        .collect();
    assert_eq!(
        t,
        [
            (
                "ES-1",
                "2025-01-04T15:42:00+00:00".to_string(),
                TicketCategory::Done
            ),
            (
                "FI-1",
                "2024-12-04T15:42:00+00:00".to_string(),
                TicketCategory::Done
            ),
            (
                "FR-1",
                "2025-03-04T15:42:00+00:00".to_string(),
                TicketCategory::Done
            ),
        ]
    );
    assert_eq!(*d.tickets[2].labels, ["a", "b"]);
}
