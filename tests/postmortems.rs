//! Postmortems in the styles teams really write, each read end to end through
//! `read_postmortems` from a site folder holding just that file.

use chrono::NaiveDate;
use opsloop::config::{Config, Overrides, parse_settings};
use opsloop::diagnostics::{Diagnostic, Diagnostics, Severity};
use opsloop::ingest::markdown::read_postmortems;
use opsloop::model::{ActionStatus, ActionType, Dataset, Postmortem, PostmortemStatus};
use std::path::Path;

fn site_with(
    files: &[&str],
    yaml: &str,
    drafts: bool,
) -> (tempfile::TempDir, Dataset, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("content/postmortems");
    std::fs::create_dir_all(&pm).unwrap();
    for f in files {
        let src = Path::new("tests/fixtures/postmortems").join(f);
        std::fs::copy(&src, pm.join(f)).unwrap();
    }
    let settings = parse_settings(yaml, "site.yaml").unwrap();
    let overrides = Overrides {
        drafts,
        ..Overrides::default()
    };
    let config = Config::from_settings(dir.path(), settings, &overrides).unwrap();
    let mut ds = Dataset::default();
    let mut diags = Diagnostics::default();
    read_postmortems(&config, &mut ds, &mut diags).unwrap();
    (dir, ds, diags)
}

fn one(file: &str) -> (Postmortem, Vec<Diagnostic>) {
    let (_d, mut ds, diags) = site_with(&[file], "", false);
    assert_eq!(ds.postmortems.len(), 1, "{:?}", diags.diagnostics);
    (ds.postmortems.remove(0), diags.diagnostics)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn diag(sev: Severity, file: &str, (line, column): (usize, usize), message: &str) -> Diagnostic {
    Diagnostic {
        severity: sev,
        file: format!("content/postmortems/{file}"),
        line,
        column,
        message: message.to_string(),
    }
}

#[test]
fn yaml_front_matter_with_action_table() {
    let (pm, diags) = one("2025-03-04-checkout-outage.md");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(pm.slug, "checkout-outage");
    assert_eq!(pm.title, "Checkout outage: payment gateway timeouts");
    assert_eq!(pm.date, date(2025, 3, 4));
    assert_eq!(pm.services, ["checkout", "payments"]);
    assert_eq!(pm.incidents, ["PD-Q1W2E3"]);
    assert_eq!(pm.themes, ["third-party-dependencies"]);
    assert_eq!(pm.authors, ["Ana Lima", "Bo Chen"]);
    assert_eq!(pm.status, PostmortemStatus::Published);
    let sev = pm.severity.as_ref().unwrap();
    assert_eq!((sev.level, sev.raw.as_str()), (Some(2), "SEV2"));
    assert_eq!(
        pm.summary.as_deref(),
        Some(
            "For 47 minutes checkout requests timed out because the payment gateway client had no circuit breaker."
        )
    );
    assert!(pm.body.starts_with("\n# Checkout outage"));
    assert_eq!(
        &*pm.origin.file,
        "content/postmortems/2025-03-04-checkout-outage.md"
    );

    let a = &pm.actions;
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].id, "PAY-101");
    assert_eq!(a[0].title, "Add a circuit breaker to the gateway client");
    assert_eq!(a[0].kind, Some(ActionType::Prevent));
    assert_eq!(a[0].owner.as_deref(), Some("ana"));
    assert_eq!(a[0].due, Some(date(2025, 4, 1)));
    assert_eq!(a[0].status, ActionStatus::Done);
    assert_eq!(
        a[0].tracker_url.as_deref(),
        Some("https://jira.example.com/browse/PAY-101")
    );
    assert_eq!(a[0].postmortem.as_deref(), Some("checkout-outage"));
    assert_eq!(a[0].created_at, Some(date(2025, 3, 4)));
    assert_eq!(a[0].origin.line, 29);
    assert_eq!(a[1].id, "PAY-102");
    assert_eq!(a[1].kind, Some(ActionType::Detect));
    assert_eq!(a[1].owner.as_deref(), Some("Bo Chen"));
    assert_eq!(a[1].due, Some(date(2025, 4, 15)));
    assert_eq!(a[1].status, ActionStatus::InProgress);
    assert_eq!(a[1].tracker_url, None);
    assert_eq!(a[2].id, "checkout-outage-3");
    assert_eq!(a[2].kind, Some(ActionType::Mitigate));
    assert_eq!(a[2].owner, None);
    assert_eq!(a[2].due, Some(date(2025, 4, 30)));
    assert_eq!(a[2].status, ActionStatus::WontDo);
}

#[test]
fn toml_front_matter_with_actions_in_front_matter() {
    let (_d, ds, diags) = site_with(&["cache-stampede.md"], "", false);
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let pm = &ds.postmortems[0];
    assert_eq!(pm.slug, "cache-stampede");
    assert_eq!(pm.date, date(2025, 5, 10));
    assert_eq!(pm.status, PostmortemStatus::Review);
    assert_eq!(pm.severity.as_ref().unwrap().level, Some(1));
    assert_eq!(
        pm.summary.as_deref(),
        Some("A cold cache after deploy sent all reads to the database.")
    );
    assert!(pm.body.starts_with("\n# Cache stampede after deploy"));
    let a = &pm.actions;
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].id, "SRCH-7");
    assert_eq!(a[0].due, Some(date(2025, 6, 1)));
    assert_eq!(a[0].kind, Some(ActionType::Prevent));
    assert_eq!(
        a[0].tracker_url.as_deref(),
        Some("https://jira.example.com/browse/SRCH-7")
    );
    assert_eq!(a[0].origin.line, 10);
    assert_eq!(a[1].id, "cache-stampede-2");
    assert_eq!(a[1].title, "Add a request coalescing layer");
    assert_eq!(a[1].status, ActionStatus::Open);
    assert_eq!(a[1].priority.as_deref(), Some("high"));
    assert_eq!(a[1].team.as_deref(), Some("search"));
    assert_eq!(a[1].origin.line, 19);
    let s = &diags.sources[0];
    assert_eq!(
        (s.path.as_str(), s.kind.as_str(), s.preset.as_str()),
        ("content/postmortems/", "postmortems", "markdown")
    );
    assert_eq!((s.rows, s.records), (1, 1));
}

#[test]
fn setext_title_and_checkbox_follow_ups_without_front_matter() {
    let (pm, diags) = one("2025-06-02-queue-backlog.md");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(pm.title, "Queue backlog on order events");
    assert_eq!(pm.slug, "queue-backlog");
    assert_eq!(pm.date, date(2025, 6, 2));
    assert_eq!(
        pm.summary.as_deref(),
        Some("A consumer deploy halved throughput while traffic peaked.")
    );
    let a = &pm.actions;
    assert_eq!(a.len(), 3, "nested notes are not actions: {a:?}");
    assert_eq!(a[0].title, "Roll back the consumer deploy");
    assert_eq!(a[0].status, ActionStatus::Done);
    assert_eq!(a[0].owner.as_deref(), Some("dave"));
    assert_eq!(a[0].due, Some(date(2025, 6, 3)));
    assert_eq!(a[0].id, "queue-backlog-1");
    assert_eq!(a[0].origin.line, 14);
    assert_eq!(a[1].id, "ORD-55");
    assert_eq!(a[1].title, "Add alert on queue depth");
    assert_eq!(
        a[1].tracker_url.as_deref(),
        Some("https://jira.example.com/browse/ORD-55")
    );
    assert_eq!(a[1].status, ActionStatus::Open);
    assert_eq!(a[1].owner.as_deref(), Some("ana"));
    assert_eq!(a[1].due, Some(date(2025, 6, 20)));
    assert_eq!(a[2].title, "Load-test consumers before deploys");
    assert_eq!(a[2].due, Some(date(2025, 7, 1)));
    assert_eq!(a[2].kind, Some(ActionType::Process));
    assert_eq!(a[2].owner.as_deref(), Some("erin"));
}

#[test]
fn google_sre_style_action_items_table() {
    let (pm, diags) = one("2015-10-21-sre-style.md");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(pm.title, "Shakespeare Sonnet++ Postmortem (incident #465)");
    assert_eq!(pm.date, date(2015, 10, 21));
    assert_eq!(pm.authors, ["jennifer", "martym", "agoogler"]);
    assert!(
        pm.summary
            .as_deref()
            .unwrap()
            .starts_with("Shakespeare Search down for 66 minutes")
    );
    assert!(pm.fields["root_cause"].starts_with("Cascading failure"));
    let got: Vec<_> = pm
        .actions
        .iter()
        .map(|a| (a.id.as_str(), a.kind, a.owner.as_deref(), a.status))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "sre-style-1",
                Some(ActionType::Mitigate),
                Some("jennifer"),
                ActionStatus::Done
            ),
            (
                "Bug 5554823",
                Some(ActionType::Prevent),
                Some("martym"),
                ActionStatus::Open
            ),
            (
                "sre-style-3",
                Some(ActionType::Process),
                Some("docbrown"),
                ActionStatus::Open
            ),
            (
                "Bug 5554825",
                Some(ActionType::Prevent),
                Some("agoogler"),
                ActionStatus::Done
            ),
        ]
    );
}

#[test]
fn labelled_fields_map_to_canonical_names() {
    let yaml = "label_aliases:\n  customer_impact: [Customers affected]\n";
    let (_d, ds, diags) = site_with(&["labelled-fields.md"], yaml, false);
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let pm = &ds.postmortems[0];
    assert_eq!(pm.date, date(2025, 2, 14), "first date in the text");
    assert_eq!(pm.slug, "labelled-fields");
    assert_eq!(pm.fields["time_to_restore"], "188");
    assert_eq!(pm.fields["time_to_detect"], "12");
    assert_eq!(pm.fields["impact_start"], "2025-02-13 14:02 UTC");
    assert_eq!(pm.fields["customer_impact"], "about 1200");
    assert_eq!(
        pm.fields["root_cause"],
        "An index rebuild ran during business hours."
    );
    let sev = pm.severity.as_ref().unwrap();
    assert_eq!((sev.level, sev.raw.as_str()), (Some(2), "High"));
    assert_eq!(pm.services, ["search-api", "indexer"]);
    assert_eq!(pm.actions.len(), 2);
    assert_eq!(
        pm.actions[0].title,
        "Move index rebuilds to the night window"
    );
    assert_eq!(pm.actions[0].owner.as_deref(), Some("fay"));
    assert_eq!(pm.actions[0].due, Some(date(2025, 3, 1)));
    assert_eq!(pm.actions[1].owner.as_deref(), Some("gus"));
    assert_eq!(pm.actions[1].due, None);
}

#[test]
fn drafts_are_counted_but_left_out_unless_asked_for() {
    let (_d, ds, diags) = site_with(&["2025-07-01-draft-dns.md"], "", false);
    assert!(ds.postmortems.is_empty());
    assert!(diags.diagnostics.is_empty());
    let s = &diags.sources[0];
    assert_eq!(
        (s.rows, s.records, s.skipped.get("draft")),
        (1, 0, Some(&1))
    );
    assert!(s.accounts_for_every_row());

    let (_d, ds, _) = site_with(&["2025-07-01-draft-dns.md"], "", true);
    assert_eq!(ds.postmortems[0].status, PostmortemStatus::Draft);
}

#[test]
fn broken_yaml_is_an_error_at_the_file_line() {
    let (_d, ds, diags) = site_with(&["broken-yaml.md"], "", false);
    assert!(ds.postmortems.is_empty());
    let d = &diags.diagnostics;
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        d[0],
        Diagnostic {
            severity: Severity::Error,
            file: "content/postmortems/broken-yaml.md".into(),
            line: 5,
            column: 9,
            message: "front matter is not valid YAML: illegal placement of ':' indicator; document skipped".into(),
        }
    );
    assert_eq!(
        diags.sources[0].skipped.get("invalid front matter"),
        Some(&1)
    );
}

#[test]
fn no_date_anywhere_is_an_error_and_the_document_is_skipped() {
    let (_d, ds, diags) = site_with(&["no-date.md"], "", false);
    assert!(ds.postmortems.is_empty());
    assert_eq!(
        diags.diagnostics,
        vec![diag(
            Severity::Error,
            "no-date.md",
            (1, 0),
            "no date: expected `date:` in front matter, a file name like 2025-03-04-title.md, or a date in the text; document skipped"
        )]
    );
    assert_eq!(diags.sources[0].skipped.get("no date"), Some(&1));
}

#[test]
fn bad_due_date_keeps_the_action_without_a_due() {
    let (pm, diags) = one("2025-04-02-bad-due.md");
    assert_eq!(
        diags,
        vec![diag(
            Severity::Warning,
            "2025-04-02-bad-due.md",
            (9, 35),
            "action `Rotate the credentials`: due `next sprint` is not a date (expected YYYY-MM-DD, 2025/04/01, 1 Apr 2025 or April 1, 2025); kept without a due date"
        )]
    );
    assert_eq!(pm.actions.len(), 2);
    assert_eq!(pm.actions[0].due, None);
    assert_eq!(pm.actions[1].due, Some(date(2025, 5, 1)));
}

#[test]
fn unknown_status_and_misspelt_key_are_warnings() {
    let (pm, diags) = one("2025-04-03-unknown-status.md");
    assert_eq!(
        diags,
        vec![
            diag(
                Severity::Warning,
                "2025-04-03-unknown-status.md",
                (3, 1),
                "unknown front matter key `servics`; did you mean `services`? (ignored)"
            ),
            diag(
                Severity::Warning,
                "2025-04-03-unknown-status.md",
                (8, 28),
                "action `Add retries`: unknown status `blocked on vendor` (expected open, in progress, done or won't do); kept as open"
            ),
        ]
    );
    assert_eq!(pm.actions[0].status, ActionStatus::Open);
    assert_eq!(pm.actions[1].status, ActionStatus::Done);
}

#[test]
fn every_file_of_a_folder_is_a_record_or_a_skip() {
    let files = [
        "2015-10-21-sre-style.md",
        "2025-03-04-checkout-outage.md",
        "2025-04-02-bad-due.md",
        "2025-04-03-unknown-status.md",
        "2025-06-02-queue-backlog.md",
        "2025-07-01-draft-dns.md",
        "broken-yaml.md",
        "cache-stampede.md",
        "labelled-fields.md",
        "no-date.md",
    ];
    let (_d, ds, diags) = site_with(&files, "", false);
    let s = &diags.sources[0];
    assert_eq!(s.rows, 10);
    assert_eq!(s.records, 7);
    assert_eq!(ds.postmortems.len(), 7);
    assert!(s.accounts_for_every_row(), "{s:?}");
    // Sorted by file name, as walkdir lists them.
    assert_eq!(ds.postmortems[0].slug, "sre-style");
}

#[test]
fn duplicate_slugs_keep_the_first_file() {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("content/postmortems");
    std::fs::create_dir_all(&pm).unwrap();
    std::fs::write(pm.join("2025-01-01-db.md"), "# DB one\n").unwrap();
    std::fs::write(pm.join("2025-02-01-db.md"), "# DB two\n").unwrap();
    let config =
        Config::from_settings(dir.path(), Default::default(), &Overrides::default()).unwrap();
    let mut ds = Dataset::default();
    let mut diags = Diagnostics::default();
    read_postmortems(&config, &mut ds, &mut diags).unwrap();
    assert_eq!(ds.postmortems.len(), 1);
    assert_eq!(ds.postmortems[0].title, "DB one");
    assert_eq!(
        diags.diagnostics[0].file,
        "content/postmortems/2025-02-01-db.md"
    );
    assert!(
        diags.diagnostics[0]
            .message
            .starts_with("slug `db` is already used")
    );
}

#[test]
fn crlf_bom_and_windows_1252_files_read_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("content/postmortems");
    std::fs::create_dir_all(&pm).unwrap();
    let mut bytes = b"\xEF\xBB\xBF---\r\ntitle: Caf\xC3\xA9 outage\r\ndate: 2025-01-02\r\n---\r\n\r\n## Action items\r\n\r\n- [ ] Fix it (due 2025/01/31)\r\n".to_vec();
    std::fs::write(pm.join("a.md"), &bytes).unwrap();
    bytes = b"# Na\xefve retry storm\n\nOn 2025-01-05 things broke.\n".to_vec();
    std::fs::write(pm.join("b.md"), &bytes).unwrap();
    let config =
        Config::from_settings(dir.path(), Default::default(), &Overrides::default()).unwrap();
    let mut ds = Dataset::default();
    let mut diags = Diagnostics::default();
    read_postmortems(&config, &mut ds, &mut diags).unwrap();
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    assert_eq!(ds.postmortems[0].title, "Café outage");
    assert_eq!(ds.postmortems[0].actions[0].due, Some(date(2025, 1, 31)));
    assert_eq!(ds.postmortems[0].actions[0].origin.line, 8);
    assert_eq!(ds.postmortems[1].title, "Naïve retry storm");
    assert_eq!(ds.postmortems[1].date, date(2025, 1, 5));
}

#[test]
fn broken_toml_is_an_error_at_the_file_line() {
    let (_d, ds, diags) = site_with(&["broken-toml.md"], "", false);
    assert!(ds.postmortems.is_empty());
    let d = &diags.diagnostics;
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].severity, Severity::Error);
    assert_eq!(d[0].line, 4, "{:?}", d[0]);
    assert!(
        d[0].message.starts_with("front matter is not valid TOML: "),
        "{}",
        d[0].message
    );
}

fn read_dir_site(files: &[(&str, &str)]) -> (Dataset, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("content/postmortems");
    std::fs::create_dir_all(&pm).unwrap();
    for (name, text) in files {
        std::fs::write(pm.join(name), text).unwrap();
    }
    let config =
        Config::from_settings(dir.path(), Default::default(), &Overrides::default()).unwrap();
    let mut ds = Dataset::default();
    let mut diags = Diagnostics::default();
    read_postmortems(&config, &mut ds, &mut diags).unwrap();
    (ds, diags)
}

#[test]
fn unparseable_front_matter_date_is_an_error_at_its_line() {
    let (ds, diags) = read_dir_site(&[("x.md", "---\ntitle: X\ndate: last Tuesday\n---\n")]);
    assert!(ds.postmortems.is_empty());
    assert_eq!(
        diags.diagnostics,
        vec![Diagnostic::error(
            "content/postmortems/x.md",
            3,
            7,
            "date `last Tuesday` is not a date (expected YYYY-MM-DD, 2025/04/01, 1 Apr 2025 or April 1, 2025); document skipped"
        )]
    );
}

#[test]
fn a_tracker_ref_used_twice_keeps_its_first_use() {
    let table =
        "# Same fix\n\n## Action items\n\n| Action | Ticket |\n|---|---|\n| Fix it | OPS-1 |\n";
    let (ds, diags) = read_dir_site(&[("2025-01-01-a.md", table), ("2025-01-02-b.md", table)]);
    assert_eq!(ds.postmortems[0].actions[0].id, "OPS-1");
    assert_eq!(ds.postmortems[1].actions[0].id, "b-1");
    assert_eq!(
        ds.postmortems[1].actions[0].tracker_ref.as_deref(),
        Some("OPS-1")
    );
    assert_eq!(
        diags.diagnostics,
        vec![Diagnostic::warning(
            "content/postmortems/2025-01-02-b.md",
            7,
            12,
            "action id `OPS-1` is already used at content/postmortems/2025-01-01-a.md:7; this action gets the id `b-1`"
        )]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Any mix of front matter, headings, tables and lists reads without a panic, and
    /// the file is a record or a counted skip.
    #[test]
    fn arbitrary_documents_never_panic(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "---\n", "+++\n", "title: x\n", "date = 2025-01-01\n", "date: 2025-13-45\n",
            "# Title\n", "Title\n===\n", "## Action items\n", "## Follow-ups\n", "| Action | Due |\n",
            "|---|---|\n", "| a | 2025/02/30 |\n", "| | |\n", "- [ ] x (owner: @a, due 1 Apr 2025)\n",
            "- [x] [AB-1](http://x/AB-1)\n", "  - nested\n", "**TTR**: 3h\n", "Severity: ??\n",
            "é\u{feff}\r\n", "```\n", "<div>\n", "[x]: y\n", "actions:\n", "  - title: t\n",
            "    due: nope\n", "status: wat\n", "\n", "2025-03-04\n",
        ]),
        0..24,
    )) {
        let text: String = parts.concat();
        let (ds, diags) = read_dir_site(&[("doc.md", &text)]);
        let s = &diags.sources[0];
        proptest::prop_assert_eq!(s.rows, 1);
        proptest::prop_assert!(s.accounts_for_every_row());
        proptest::prop_assert_eq!(s.records, ds.postmortems.len());
    }
}

#[test]
fn front_matter_actions_win_over_an_action_section_with_a_warning() {
    let text = "---\ntitle: T\ndate: 2025-01-01\nactions:\n  - title: From front matter\n---\n\n## Action items\n\n- [ ] From the body\n";
    let (ds, diags) = read_dir_site(&[("a.md", text)]);
    let titles: Vec<_> = ds.postmortems[0]
        .actions
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(titles, ["From front matter"]);
    assert_eq!(ds.postmortems[0].actions[0].origin.line, 5);
    assert_eq!(
        diags.diagnostics,
        vec![Diagnostic::warning(
            "content/postmortems/a.md",
            8,
            0,
            "actions are listed in the front matter, so this action section is not read"
        )]
    );

    let empty = "---\ntitle: T\ndate: 2025-01-01\nactions: []\n---\n\n## Follow-ups\n\n- [ ] From the body\n";
    let (ds, diags) = read_dir_site(&[("a.md", empty)]);
    assert!(diags.diagnostics.is_empty());
    assert_eq!(ds.postmortems[0].actions[0].title, "From the body");
}

#[test]
fn title_prefers_a_level_one_heading_and_never_a_section_name() {
    let (ds, _) = read_dir_site(&[
        ("2025-01-01-a.md", "## Context\n\n# Real title\n"),
        ("2025-01-02-b.md", "## Incident: cache flush\n\ntext\n"),
    ]);
    assert_eq!(ds.postmortems[0].title, "Real title");
    assert_eq!(ds.postmortems[1].title, "Incident: cache flush");

    let (ds, diags) = read_dir_site(&[("2025-01-03-disk-full.md", "## Summary\n\nDisk full.\n")]);
    assert_eq!(ds.postmortems[0].title, "disk full");
    assert_eq!(
        diags.diagnostics,
        vec![Diagnostic::warning(
            "content/postmortems/2025-01-03-disk-full.md",
            1,
            0,
            "no title: expected `title:` in front matter or a heading; using the file name"
        )]
    );
}

#[test]
fn sub_headings_give_the_type_and_date_order_decides_ambiguous_dues() {
    let file = "2025-09-09-grouped-actions.md";
    let (_d, ds, diags) = site_with(&[file], "date_order: dmy\n", false);
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let a = &ds.postmortems[0].actions;
    assert_eq!(a[0].kind, Some(ActionType::Prevent));
    assert_eq!(a[0].due, Some(date(2025, 4, 3)));
    assert_eq!(a[1].kind, Some(ActionType::Detect));
    assert_eq!(a[1].owner, None, "TBD is no owner");
    assert_eq!(a[1].due, Some(date(2025, 10, 1)));
    assert_eq!(a[1].completed_at, Some(date(2025, 9, 20)));
    assert_eq!(
        a[1].status,
        ActionStatus::Done,
        "a completion date means done"
    );
    assert_eq!(a[1].priority.as_deref(), Some("P2"));

    // Without date_order the ambiguous due is reported, not guessed.
    let (_d, ds, diags) = site_with(&[file], "", false);
    assert_eq!(ds.postmortems[0].actions[0].due, None);
    assert_eq!(
        diags.diagnostics,
        vec![diag(
            Severity::Warning,
            file,
            (7, 51),
            "action `Pin the base image digest`: due `03/04/2025` is ambiguous (day or month first?); set `date_order: dmy` or `date_order: mdy` in site.yaml; kept without a due date"
        )]
    );
}
