//! tests/fixtures/ingest/bad: every file yields its exact diagnostic (file, line,
//! column, message with the raw value and what was expected) and nothing panics.

use opsloop::config::{Config, Overrides};
use opsloop::diagnostics::{Diagnostic, Diagnostics, Severity};
use std::path::Path;

fn ingest_bad() -> Diagnostics {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("content/data");
    std::fs::create_dir_all(&data).unwrap();
    for e in std::fs::read_dir("tests/fixtures/ingest/bad").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    opsloop::ingest::ingest(&config).unwrap().1
}

fn of<'a>(d: &'a Diagnostics, file: &str) -> Vec<&'a Diagnostic> {
    let path = format!("content/data/{file}");
    d.diagnostics.iter().filter(|x| x.file == path).collect()
}

/// Exactly one diagnostic for `file`, with this position, severity and message.
fn assert_one(d: &Diagnostics, file: &str, sev: Severity, line: usize, col: usize, msg: &str) {
    let found = of(d, file);
    assert_eq!(found.len(), 1, "{file}: {found:#?}");
    let x = found[0];
    assert_eq!(
        (x.severity, x.line, x.column),
        (sev, line, col),
        "{file}: {x}"
    );
    assert_eq!(x.message, msg, "{file}");
}

#[test]
fn each_bad_file_has_its_exact_diagnostic() {
    let d = ingest_bad();
    use Severity::*;
    assert_one(
        &d,
        "missing_created.csv",
        Error,
        3,
        6,
        "missing required field `created_at` (column `created_at` is empty or a missing-value marker); row skipped",
    );
    assert_one(
        &d,
        "bad_date.csv",
        Error,
        2,
        6,
        "created_at: `yesterday` is not a date; expected a date such as 2025-03-04T15:20:00Z, 2025-03-04 15:20, \
         04-03-2025 15:20, 04/Mar/25 3:20 PM, Tue, 4 Mar 2025 15:20:00 +0000, or Unix seconds/milliseconds; row skipped",
    );
    assert_one(
        &d,
        "resolved_before_start.csv",
        Warning,
        2,
        7,
        "resolved_at `2025-03-04T09:00:00Z` (2025-03-04T09:00:00Z) is before the start (2025-03-04T10:00:00Z), \
         a negative duration; resolved_at dropped, record kept",
    );
    assert_one(
        &d,
        "duplicate_id.csv",
        Warning,
        3,
        0,
        "duplicate incident id `B-5` (first at content/data/duplicate_id.csv:2); this later row is dropped",
    );
    assert_one(
        &d,
        "ambiguous_date.csv",
        Error,
        2,
        6,
        "created_at: `03-04-2025 10:00` is ambiguous: day and month could be either; set `date_order: dmy` \
         or `date_order: mdy` on the source or in site.yaml; row skipped",
    );
    assert_one(
        &d,
        "unknown_severity.csv",
        Warning,
        2,
        4,
        "severity `P9` is not recognised (expected P1-P5, SEV-1..SEV-5, 1-5 or critical/high/medium/low/info); kept as unknown",
    );
    assert_one(
        &d,
        "bad_value.csv",
        Error,
        2,
        3,
        "value `fast` is not a number (expected e.g. 0.25 or 12); point skipped",
    );
    assert_one(
        &d,
        "export.xlsx",
        Error,
        0,
        0,
        "unsupported file type `.xlsx`; expected .csv, .tsv, .txt, .json, .jsonl, .ndjson, .yaml or .yml",
    );
    assert_one(
        &d,
        "empty.csv",
        Error,
        0,
        0,
        "the file is empty; expected a CSV file with a header row",
    );
    let trunc = of(&d, "truncated.json");
    assert_eq!(trunc.len(), 1);
    assert!(
        trunc[0]
            .message
            .starts_with("not valid JSON (expected an object or an array): EOF while parsing"),
        "{}",
        trunc[0]
    );
    let unknown = of(&d, "unknown_layout.csv");
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].message.starts_with("no preset recognises this file (header `foo`, `bar`); tried: pagerduty (incidents, CSV columns incident_number, created_on or created_at, service_name or service); "), "{}", unknown[0]);
    assert!(
        unknown[0]
            .message
            .contains("grafana (metrics, CSV columns time or timestamp or date or datetime)")
    );
}

#[test]
fn summaries_account_for_bad_rows() {
    let d = ingest_bad();
    let s = |f: &str| {
        d.sources
            .iter()
            .find(|s| s.path == format!("content/data/{f}"))
            .unwrap()
    };
    for src in &d.sources {
        assert!(src.accounts_for_every_row(), "{src:?}");
    }
    assert_eq!(
        s("missing_created.csv").skipped.get("missing created_at"),
        Some(&1)
    );
    assert_eq!(s("missing_created.csv").records, 1);
    assert_eq!(s("bad_date.csv").skipped.get("bad created_at"), Some(&1));
    assert_eq!(s("duplicate_id.csv").skipped.get("duplicate id"), Some(&1));
    assert_eq!(s("resolved_before_start.csv").records, 1);
    assert_eq!(s("bad_value.csv").skipped.get("bad value"), Some(&1));
    assert_eq!(s("unknown_layout.csv").kind, "unknown");
}

#[test]
fn ambiguous_dates_follow_the_site_setting() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("content/data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        Path::new("tests/fixtures/ingest/bad/ambiguous_date.csv"),
        data.join("a.csv"),
    )
    .unwrap();
    std::fs::write(dir.path().join("content/site.yaml"), "date_order: dmy\n").unwrap();
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    let (ds, diags) = opsloop::ingest::ingest(&config).unwrap();
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(
        ds.incidents[0].created_at.to_rfc3339(),
        "2025-04-03T10:00:00+00:00"
    );
}
