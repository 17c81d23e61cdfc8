//! `opsloop init` and `opsloop new postmortem`.

use opsloop::config::{
    Config, Overrides, SeriesSpec, Settings, SourceSpec, ThemeSpec, parse_settings,
};
use opsloop::ingest::ingest;
use opsloop::model::PostmortemStatus;
use opsloop::scaffold::{init, new_postmortem};
use regex::Regex;
use serde_json::Value;

/// An empty site: just a content/ folder.
fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    dir
}

fn keys(v: &Value, out: &mut Vec<String>) {
    if let Value::Object(m) = v {
        for (k, child) in m {
            out.push(k.clone());
            keys(child, out);
        }
    }
}

#[test]
fn init_writes_a_commented_site_yaml_naming_every_setting() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    init(&site).unwrap();
    let text = std::fs::read_to_string(site.join("content/site.yaml")).unwrap();
    let settings = parse_settings(&text, "content/site.yaml").unwrap();
    assert_eq!(settings.title, "Example Co operations report");

    let mut all = Vec::new();
    keys(
        &serde_json::to_value(Settings::default()).unwrap(),
        &mut all,
    );
    keys(
        &serde_json::to_value(SourceSpec::default()).unwrap(),
        &mut all,
    );
    keys(
        &serde_json::to_value(ThemeSpec::default()).unwrap(),
        &mut all,
    );
    keys(
        &serde_json::to_value(SeriesSpec::default()).unwrap(),
        &mut all,
    );
    for k in all {
        assert!(
            text.contains(&format!("{k}:")),
            "site.yaml does not document `{k}`"
        );
    }
}

#[test]
fn every_commented_example_in_site_yaml_is_valid_when_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join("content/site.yaml")).unwrap();
    // A commented setting is `# key: …` or an indented continuation `#   …`; prose
    // comments start with a capital letter or are themselves comments once uncommented.
    let setting = Regex::new(r"^# ((?:[a-z_]+:|\s).*)$").unwrap();
    let uncommented: String = text
        .lines()
        .map(|l| match setting.captures(l) {
            Some(c) => c[1].to_string(),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let s = parse_settings(&uncommented, "site.yaml")
        .unwrap_or_else(|e| panic!("{e}\n---\n{uncommented}"));
    assert_eq!(s.sources.len(), 1);
    assert_eq!(s.themes[0].slug, "database-failover");
    assert_eq!(s.series["api_latency_p95_ms"].target, Some(300.0));
    assert_eq!(s.label_aliases["customer_impact"], ["Customers affected"]);
    assert_eq!(s.privacy.patterns, ["cust-[0-9]+"]);
    assert_eq!(s.page_size, 100);
}

#[test]
fn init_refuses_a_non_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let e = init(dir.path()).unwrap_err();
    assert!(e.to_string().contains("is not empty"), "{e}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!dir.path().join("content").exists());
}

#[test]
fn init_site_is_read_without_diagnostics_for_postmortems_and_wins() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path()).unwrap();
    for f in [
        "content/data/incidents.csv",
        "content/data/tickets.csv",
        "content/data/metrics.csv",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    let (ds, diags) = ingest(&config).unwrap();
    let mine: Vec<_> = diags
        .diagnostics
        .iter()
        .filter(|d| d.file.starts_with("content/postmortems") || d.file.starts_with("content/wins"))
        .collect();
    assert!(mine.is_empty(), "{mine:?}");
    assert_eq!(ds.postmortems.len(), 1);
    let pm = &ds.postmortems[0];
    assert_eq!(pm.slug, "checkout-timeouts");
    assert_eq!(pm.actions.len(), 2);
    assert_eq!(pm.fields["time_to_restore"], "47");
    assert_eq!(pm.fields["time_to_detect"], "4");
    assert_eq!(ds.wins.len(), 1);
    assert!(ds.wins[0].evidence.is_some());
    // The data examples are for the data readers; none of the init files may be an error.
    assert!(!diags.has_errors(), "{:?}", diags.diagnostics);
}

#[test]
fn new_postmortem_writes_a_draft_that_parses_back_cleanly() {
    let dir = empty_site();
    let title = r#"Checkout: "payments" down # again"#;
    let path = new_postmortem(dir.path(), title, Some("2025-03-04")).unwrap();
    assert_eq!(
        path,
        dir.path()
            .join("content/postmortems/2025-03-04-checkout-payments-down-again.md")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("| Action | Type | Owner | Due | Status | Ticket |"));

    let drafts = Overrides {
        drafts: true,
        ..Overrides::default()
    };
    let config = Config::load(dir.path(), &drafts).unwrap();
    let (ds, diags) = ingest(&config).unwrap();
    assert!(diags.diagnostics.is_empty(), "{:?}", diags.diagnostics);
    let pm = &ds.postmortems[0];
    assert_eq!(pm.title, title);
    assert_eq!(pm.slug, "checkout-payments-down-again");
    assert_eq!(pm.date.to_string(), "2025-03-04");
    assert_eq!(pm.status, PostmortemStatus::Draft);
    assert!(pm.actions.is_empty());
    assert!(pm.severity.is_none());
    assert!(pm.services.is_empty() && pm.incidents.is_empty() && pm.authors.is_empty());

    // Without --drafts it is counted, not shown.
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    let (ds, diags) = ingest(&config).unwrap();
    assert!(ds.postmortems.is_empty());
    assert_eq!(diags.sources[0].skipped.get("draft"), Some(&1));
}

#[test]
fn new_postmortem_never_overwrites_and_checks_its_date() {
    let dir = empty_site();
    let path = new_postmortem(dir.path(), "DB failover", Some("2025-05-01")).unwrap();
    std::fs::write(&path, "my edits").unwrap();
    let e = new_postmortem(dir.path(), "DB failover", Some("2025-05-01")).unwrap_err();
    assert!(format!("{e:#}").contains("already exists"), "{e:#}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my edits");

    let e = new_postmortem(dir.path(), "DB failover", Some("05/01/2025")).unwrap_err();
    assert!(format!("{e:#}").contains("expected YYYY-MM-DD"), "{e:#}");
}

#[test]
fn new_postmortem_defaults_to_today() {
    let dir = empty_site();
    let today = chrono::Local::now().date_naive();
    let path = new_postmortem(dir.path(), "Cache stampede", None).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, format!("{today}-cache-stampede.md"));
}

#[test]
fn new_postmortem_outside_a_site_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let e = new_postmortem(dir.path(), "Anything", Some("2025-01-01")).unwrap_err();
    assert!(e.to_string().contains("has no content/ folder"), "{e}");
    assert!(!dir.path().join("content").exists());
}
