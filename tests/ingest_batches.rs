//! Large CSV exports are turned into records in parallel batches: the records, their
//! order, the diagnostics and the per-file accounting must be exactly what a row-by-row
//! read gives, across batch and chunk boundaries.

use opsloop::config::{Config, Overrides};
use opsloop::model::Dataset;

/// 70k generic ticket rows (more than two read batches of 32k, many 2k chunks), with
/// a bad created_at on rows whose number is a multiple of 9_999.
fn build() -> (Dataset, opsloop::diagnostics::Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("content/data");
    std::fs::create_dir_all(&data).unwrap();
    let mut csv = String::from("id,title,created_at,status\n");
    for n in 1..=70_000 {
        let created = if n % 9_999 == 0 {
            "not a date".to_string()
        } else {
            format!("2025-0{}-1{}T10:00:00Z", 1 + n % 9, n % 10)
        };
        csv.push_str(&format!("T-{n},Ticket {n},{created},open\n"));
    }
    std::fs::write(data.join("tickets.csv"), csv).unwrap();
    std::fs::write(dir.path().join("content/site.yaml"), "timezone: UTC\n").unwrap();
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    opsloop::ingest::ingest(&config).unwrap()
}

#[test]
fn batched_rows_keep_order_diagnostics_and_accounting() {
    let (data, diags) = build();
    let bad: Vec<usize> = (1..=70_000).filter(|n| n % 9_999 == 0).collect();
    assert_eq!(bad.len(), 7);
    assert_eq!(data.tickets.len(), 70_000 - bad.len());
    let expected: Vec<String> = (1..=70_000)
        .filter(|n| n % 9_999 != 0)
        .map(|n| format!("T-{n}"))
        .collect();
    let ids: Vec<&str> = data.tickets.iter().map(|t| &*t.id).collect();
    assert_eq!(ids, expected);
    // The file's line of row n is n + 1 (header on line 1).
    assert_eq!(data.tickets[0].origin.line, 2);
    assert_eq!(data.tickets.last().unwrap().origin.line, 70_001);
    let lines: Vec<usize> = diags
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with("tickets.csv"))
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, bad.iter().map(|n| n + 1).collect::<Vec<_>>());
    let s = &diags.sources[0];
    assert_eq!(s.rows, 70_000);
    assert_eq!(s.records, 70_000 - bad.len());
    assert!(s.accounts_for_every_row(), "{s:?}");
}
