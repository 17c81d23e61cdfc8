//! `sources` in site.yaml (globs, presets, kinds, columns, timezone, encoding) and
//! auto-detection of generic JSON Lines / YAML and messy CSV.

use opsloop::config::{Config, Overrides};
use opsloop::diagnostics::Diagnostics;
use opsloop::model::Dataset;

/// A temp site: `files` are (path under content/, bytes).
fn site(files: &[(&str, &[u8])], site_yaml: &str) -> (Dataset, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    for (path, body) in files {
        let p = dir.path().join("content").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    std::fs::write(dir.path().join("content/site.yaml"), site_yaml).unwrap();
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    opsloop::ingest::ingest(&config).unwrap()
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/ingest/{path}")).unwrap()
}

#[test]
fn globs_select_files_relative_to_content() {
    let pd = fixture("pagerduty/incidents.csv");
    let zd = fixture("zendesk/tickets.csv");
    let yaml = "sources:\n  - path: exports/pd-*.csv\n    kind: incidents\n    preset: pagerduty\n  - path: exports/none-*.csv\n";
    let (d, diags) = site(
        &[("exports/pd-2025.csv", &pd), ("exports/zendesk.csv", &zd)],
        yaml,
    );
    assert_eq!(diags.sources.len(), 1);
    assert_eq!(diags.sources[0].path, "content/exports/pd-2025.csv");
    assert_eq!(d.incidents.len(), 3);
    assert!(d.tickets.is_empty());
    let w = &diags.diagnostics[0];
    assert_eq!(w.file, "content/site.yaml");
    assert_eq!(
        w.message,
        "sources[1].path: `exports/none-*.csv` matches no file under content/"
    );
}

#[test]
fn columns_override_and_source_timezone() {
    let csv = b"Key,Headline,Service Name,Opened\nX-1,Broken,api,2025-07-01 12:00\n";
    let yaml = "sources:\n  - path: data/x.csv\n    kind: incidents\n    preset: generic\n    timezone: America/New_York\n    columns: { id: Key, title: Headline, service: Service Name, created_at: Opened }\n";
    let (d, diags) = site(&[("data/x.csv", csv)], yaml);
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let i = &d.incidents[0];
    assert_eq!((i.id.as_str(), i.title.as_str()), ("X-1", "Broken"));
    assert_eq!(i.services, ["api"]);
    assert_eq!(i.created_at.to_rfc3339(), "2025-07-01T16:00:00+00:00");
}

#[test]
fn override_naming_a_missing_column_is_an_error() {
    let csv = b"id,title,created_at,severity\nX-1,Broken,2025-07-01T12:00:00Z,P1\n";
    let yaml =
        "sources:\n  - path: data/x.csv\n    kind: incidents\n    columns: { services: Svc }\n";
    let (_, diags) = site(&[("data/x.csv", csv)], yaml);
    let e = &diags.diagnostics[0];
    assert_eq!((e.line, e.column), (1, 0));
    assert_eq!(
        e.message,
        "columns: `services` points at `Svc`, which is not a column of this file (columns: id, title, created_at, severity)"
    );
}

#[test]
fn preset_that_cannot_read_the_format() {
    let yaml = "sources:\n  - path: data/x.json\n    preset: jira\n";
    let (_, diags) = site(&[("data/x.json", b"[]")], yaml);
    assert_eq!(
        diags.diagnostics[0].message,
        "preset `jira` cannot read JSON/YAML files"
    );
}

#[test]
fn required_column_absent_skips_every_row_once() {
    let csv = b"id,title,severity\nA,x,P1\nB,y,P2\n";
    let yaml = "sources:\n  - path: data/x.csv\n    kind: incidents\n    preset: generic\n";
    let (d, diags) = site(&[("data/x.csv", csv)], yaml);
    assert!(d.incidents.is_empty());
    assert_eq!(diags.diagnostics.len(), 1);
    assert_eq!(
        diags.diagnostics[0].message,
        "no column for required field `created_at` (expected `created_at` or `created`); every row skipped"
    );
    let s = &diags.sources[0];
    assert_eq!(s.skipped.get("missing column created_at"), Some(&2));
    assert!(s.accounts_for_every_row());
}

#[test]
fn generic_jsonl_and_yaml_are_detected() {
    let jsonl = b"{\"id\": \"J-1\", \"title\": \"a\", \"created_at\": \"2025-03-01T00:00:00Z\", \"severity\": \"P2\"}\n\n{\"id\": \"J-2\", \"title\": \"b\", \"created_at\": 1741046400, \"severity\": \"low\", \"services\": [\"api\", \"db\"]}\n";
    let yaml = b"tickets:\n  - id: T-1\n    title: Slow page\n    created_at: 2025-03-01 10:00\n    status: open\n    labels: [ui, perf]\n  - id: T-2\n    title: Broken link\n    created_at: 2025-03-02 10:00\n    status: done\n";
    let (d, diags) = site(&[("data/a.jsonl", jsonl), ("data/b.yaml", yaml)], "");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(d.incidents[1].origin.line, 3);
    assert_eq!(d.incidents[1].services, ["api", "db"]);
    assert_eq!(
        d.incidents[1].created_at.to_rfc3339(),
        "2025-03-04T00:00:00+00:00"
    );
    assert_eq!(d.tickets.len(), 2);
    assert_eq!(*d.tickets[0].labels, ["ui", "perf"]);
    assert_eq!(d.tickets[1].origin.line, 7);
    assert_eq!(d.tickets[1].category, opsloop::model::TicketCategory::Done);
}

#[test]
fn bom_crlf_stray_cr_and_tabs() {
    let tsv = b"\xEF\xBB\xBFid\ttitle\tcreated_at\tseverity\r\nA\t\"two\r\nlines\"\t2025-03-01T00:00:00Z\tP1\rB\tx\t2025-03-01T00:00:00Z\t?\r\n";
    let (d, diags) = site(&[("data/x.csv", tsv)], "");
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(d.incidents[0].title, "two\nlines");
    assert_eq!(d.incidents[1].origin.line, 4);
    assert_eq!(d.incidents[1].severity.raw, "");
}

#[test]
fn latin1_declared_encoding() {
    let csv = b"id,title,created_at,severity\nA,Caf\xE9 down,2025-03-01T00:00:00Z,P1\n";
    let yaml = "sources:\n  - path: data/x.csv\n    encoding: iso-8859-1\n";
    let (d, _) = site(&[("data/x.csv", csv)], yaml);
    assert_eq!(d.incidents[0].title, "Café down");
}

#[test]
fn duplicate_ids_across_files_keep_the_first_in_path_order() {
    let a = b"id,title,created_at,severity\nA,first,2025-03-01T00:00:00Z,P1\n";
    let b = b"id,title,created_at,severity\nA,second,2025-03-02T00:00:00Z,P1\nB,other,2025-03-02T00:00:00Z,P1\n";
    let (d, diags) = site(&[("data/2.csv", b), ("data/1.csv", a)], "");
    assert_eq!(
        d.incidents
            .iter()
            .map(|i| i.title.as_str())
            .collect::<Vec<_>>(),
        ["first", "other"]
    );
    let s2 = &diags.sources[1];
    assert_eq!(
        (s2.rows, s2.records, s2.skipped.get("duplicate id")),
        (2, 1, Some(&1))
    );
}

#[test]
fn a_date_column_with_text_is_not_a_wide_metric_table() {
    let csv = b"Date,Who,Note\n2025-03-01,dana,rotated keys\n";
    let (_, diags) = site(&[("data/log.csv", csv)], "");
    let e = &diags.diagnostics[0];
    assert_eq!((e.file.as_str(), e.line), ("content/data/log.csv", 0));
    assert!(
        e.message.starts_with(
            "no preset recognises this file (header `date`, `who`, `note`); tried: pagerduty"
        ),
        "{}",
        e.message
    );
}

#[test]
fn servicenow_as_tickets_via_sources() {
    let csv = fixture("servicenow/incident_audit.csv");
    let yaml = "sources:\n  - path: data/sn.csv\n    kind: tickets\n    preset: servicenow\n";
    let (d, diags) = site(&[("data/sn.csv", &csv)], yaml);
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(diags.sources[0].kind, "tickets");
    assert_eq!(d.tickets.len(), 2);
    assert_eq!(diags.sources[0].skipped.get("merged"), Some(&2));
    assert_eq!(d.tickets[0].status, "Resolved");
    assert_eq!(d.tickets[0].category, opsloop::model::TicketCategory::Done);
    assert_eq!(d.tickets[0].group.as_deref(), Some("Messaging Ops"));
}
