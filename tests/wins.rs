//! Declared wins (content/wins/*.md) read end to end.

use chrono::NaiveDate;
use opsloop::config::{Config, Overrides};
use opsloop::diagnostics::{Diagnostic, Diagnostics, Severity};
use opsloop::ingest::markdown::read_wins;
use opsloop::model::Dataset;
use std::path::Path;

fn site_with(files: &[&str], drafts: bool) -> (Dataset, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let wins = dir.path().join("content/wins");
    std::fs::create_dir_all(&wins).unwrap();
    for f in files {
        std::fs::copy(Path::new("tests/fixtures/wins").join(f), wins.join(f)).unwrap();
    }
    let overrides = Overrides {
        drafts,
        ..Overrides::default()
    };
    let config = Config::from_settings(dir.path(), Default::default(), &overrides).unwrap();
    let mut ds = Dataset::default();
    let mut diags = Diagnostics::default();
    read_wins(&config, &mut ds, &mut diags).unwrap();
    (ds, diags)
}

#[test]
fn yaml_win_with_evidence_section() {
    let (ds, diags) = site_with(&["2025-08-01-faster-failover.md"], false);
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let w = &ds.wins[0];
    assert_eq!(w.slug, "faster-failover");
    assert_eq!(w.title, "Database failover now takes under a minute");
    assert_eq!(w.date, NaiveDate::from_ymd_opt(2025, 8, 1).unwrap());
    assert_eq!(w.themes, ["database-failover"]);
    assert_eq!(w.services, ["orders-db"]);
    assert_eq!(
        w.evidence.as_deref(),
        Some(
            "- Median time to restore for orders-db incidents: 42 min before, 6 min after.\n- [Failover drill results](https://wiki.example.com/drills/2025-07)"
        )
    );
    assert!(w.body.contains("## Thanks"));
    assert_eq!(
        &*w.origin.file,
        "content/wins/2025-08-01-faster-failover.md"
    );
}

#[test]
fn toml_win_with_evidence_list_in_front_matter() {
    let (ds, diags) = site_with(&["no-more-pager-noise.md"], false);
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let w = &ds.wins[0];
    assert_eq!(w.slug, "no-more-pager-noise");
    assert_eq!(w.title, "Pager noise halved");
    assert_eq!(w.themes, ["alert-noise"]);
    assert_eq!(
        w.evidence.as_deref(),
        Some("- Auto-resolved pages per week: 120 -> 55\n- Survey: on-call sleep improved")
    );
}

#[test]
fn drafts_bad_keys_and_missing_dates_are_accounted_for() {
    let files = [
        "2025-08-01-faster-failover.md",
        "bad-win.md",
        "draft-win.md",
        "no-more-pager-noise.md",
    ];
    let (ds, diags) = site_with(&files, false);
    assert_eq!(ds.wins.len(), 2);
    let s = &diags.sources[0];
    assert_eq!(
        (s.path.as_str(), s.kind.as_str()),
        ("content/wins/", "wins")
    );
    assert_eq!((s.rows, s.records), (4, 2));
    assert_eq!(s.skipped.get("draft"), Some(&1));
    assert_eq!(s.skipped.get("no date"), Some(&1));
    let file = "content/wins/bad-win.md".to_string();
    assert_eq!(
        diags.diagnostics,
        vec![
            Diagnostic {
                severity: Severity::Warning,
                file: file.clone(),
                line: 3,
                column: 1,
                message: "unknown front matter key `evidance`; did you mean `evidence`? (ignored)".into(),
            },
            Diagnostic {
                severity: Severity::Error,
                file,
                line: 1,
                column: 0,
                message: "no date: expected `date:` in front matter, a file name like 2025-03-04-title.md, or a date in the text; document skipped".into(),
            },
        ]
    );
    let (ds, _) = site_with(&files, true);
    assert_eq!(ds.wins.len(), 3);
}
