//! A small dataset built in Rust (independent of ingest) for the site tests.
#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use opsloop::analyze::Report;
use opsloop::charts::Chart;
use opsloop::config::{Config, Overrides};
use opsloop::diagnostics::{Diagnostic, Diagnostics, SourceSummary};
use opsloop::model::*;
use opsloop::output::OutputFile;
use opsloop::site::{self, SiteInput};
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

pub fn config(root: &Path) -> Config {
    Config::load(root, &Overrides::default()).expect("fixture site.yaml loads")
}

pub fn ts(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn incident(id: &str, title: &str, service: &str, start: Timestamp) -> Incident {
    Incident {
        id: id.into(),
        source: "pagerduty".into(),
        url: None,
        title: title.into(),
        services: vec![service.into()],
        team: Some("platform".into()),
        severity: Severity {
            level: Some(2),
            raw: "P2".into(),
        },
        status: IncidentStatus::Resolved,
        impact_start_at: Some(start),
        detected_at: None,
        created_at: start,
        acknowledged_at: None,
        mitigated_at: Some(start + chrono::Duration::minutes(47)),
        resolved_at: Some(start + chrono::Duration::minutes(95)),
        labels: vec![],
        root_cause: None,
        themes: vec![],
        fingerprint: String::new(),
        postmortem: None,
        related: vec![],
        auto_resolved: false,
        origin: Origin {
            file: "data/pagerduty.csv".into(),
            line: 2,
        },
    }
}

pub fn action(
    id: &str,
    title: &str,
    owner: &str,
    due: NaiveDate,
    status: ActionStatus,
) -> ActionItem {
    ActionItem {
        id: id.into(),
        postmortem: None,
        title: title.into(),
        kind: Some(ActionType::Prevent),
        priority: None,
        owner: Some(owner.into()),
        team: Some("platform".into()),
        due: Some(due),
        status,
        tracker_ref: None,
        tracker_url: None,
        created_at: None,
        completed_at: None,
        origin: Origin::default(),
    }
}

pub const BODY: &str = "## Summary\n\nThe primary failed over.\n\n## Timeline\n\n| time | event |\n|---|---|\n| 09:00 | page |\n\n## Follow-up\n\n- [x] add alert\n- [ ] rehearse failover[^1]\n\n[^1]: quarterly.\n";

pub fn dataset() -> Dataset {
    let mut db1 = incident("PD-1", "Primary DB failover", "db", ts(2025, 1, 10, 9, 0));
    db1.themes = vec!["database".into()];
    db1.fingerprint = "failover".into();
    db1.postmortem = Some("db-failover".into());
    let mut db2 = incident(
        "PD-2",
        "Primary DB failover again",
        "db",
        ts(2025, 3, 2, 22, 15),
    );
    db2.themes = vec!["database".into()];
    db2.fingerprint = "failover".into();
    let mut web = incident("PD-3", "Checkout 500s", "web", ts(2025, 2, 14, 12, 30));
    web.fingerprint = "checkout 500s".into();
    web.mitigated_at = None;
    web.url = Some("https://example.pagerduty.com/incidents/PD-3".into());
    let mut open = incident("PD-4", "Queue backlog", "queue", ts(2025, 3, 30, 8, 0));
    open.status = IncidentStatus::Open;
    open.mitigated_at = None;
    open.resolved_at = None;
    let mut done = action(
        "DB-1",
        "Alert on replication lag",
        "alice",
        date(2025, 1, 31),
        ActionStatus::Done,
    );
    done.postmortem = Some("db-failover".into());
    done.completed_at = Some(date(2025, 1, 25));
    let mut late = action(
        "DB-2",
        "Rehearse failover",
        "bob",
        date(2025, 2, 28),
        ActionStatus::Open,
    );
    late.postmortem = Some("db-failover".into());
    late.kind = Some(ActionType::Process);
    let pm = Postmortem {
        slug: "db-failover".into(),
        title: "Primary database failover".into(),
        date: date(2025, 1, 12),
        incidents: vec!["PD-1".into()],
        services: vec!["db".into()],
        severity: Some(Severity {
            level: Some(2),
            raw: "sev2".into(),
        }),
        themes: vec!["database".into()],
        authors: vec!["Alice".into()],
        status: PostmortemStatus::Published,
        summary: Some("The primary failed over during a deploy.".into()),
        fields: Default::default(),
        actions: vec![done, late],
        body: BODY.into(),
        origin: Origin {
            file: "postmortems/db-failover.md".into(),
            line: 1,
        },
    };
    let mut draft = pm.clone();
    draft.slug = "secret-draft".into();
    draft.title = "Unfinished draft".into();
    draft.status = PostmortemStatus::Draft;
    draft.actions = vec![];
    let standalone = action(
        "OPS-7",
        "Write queue runbook",
        "carol",
        date(2025, 4, 30),
        ActionStatus::InProgress,
    );
    let win = DeclaredWin {
        slug: "faster-failover".into(),
        title: "Failover now takes minutes".into(),
        date: date(2025, 3, 15),
        themes: vec!["database".into()],
        services: vec!["db".into()],
        evidence: Some("Restore median 47m -> 6m".into()),
        body: "We automated the failover.".into(),
        origin: Origin::default(),
    };
    Dataset {
        incidents: vec![db1, db2, web, open],
        tickets: vec![],
        metrics: vec![],
        postmortems: vec![pm, draft],
        actions: vec![standalone],
        wins: vec![win],
    }
}

pub fn diagnostics() -> Diagnostics {
    let mut s = SourceSummary::new("data/pagerduty.csv", "incidents", "pagerduty");
    s.rows = 6;
    s.records = 4;
    s.skip("unparseable date");
    s.skip("duplicate id");
    Diagnostics {
        sources: vec![s],
        diagnostics: vec![
            Diagnostic::warning(
                "data/pagerduty.csv",
                5,
                3,
                "created_at: `31/02/25` is not a date (expected e.g. 2025-02-28T09:00:00Z)",
            ),
            Diagnostic::warning(
                "data/pagerduty.csv",
                6,
                1,
                "duplicate incident id `PD-2`; the first row is kept",
            ),
        ],
    }
}

pub fn chart() -> Chart {
    Chart {
        id: "incidents-per-month".into(),
        title: "Incidents per month".into(),
        caption: "Steady at 1-2 a month; too few to call a trend.".into(),
        scope: "site".into(),
        columns: vec!["month".into(), "incidents".into()],
        rows: vec![
            vec!["2025-01".into(), "1".into()],
            vec!["2025-02".into(), "1".into()],
        ],
        svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Incidents per month</title></svg>"
            .into(),
        png: vec![0x89, b'P', b'N', b'G'],
    }
}

/// Analyses `dataset` and renders it with `config`, as the build does.
pub fn render(
    config: &Config,
    dataset: &Dataset,
    diagnostics: &Diagnostics,
    charts: &[Chart],
) -> Vec<OutputFile> {
    let mut dataset = dataset.clone();
    let report: Report = opsloop::analyze::analyze(&mut dataset, config);
    let dataset = &dataset;
    let input = SiteInput::new(config, dataset, &report, charts, diagnostics);
    site::render(&input).expect("site renders")
}

pub fn render_basic() -> Vec<OutputFile> {
    let cfg = config(&fixture("basic"));
    render(&cfg, &dataset(), &diagnostics(), &[chart()])
}

pub fn page<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    let f = files.iter().find(|f| f.path == path).unwrap_or_else(|| {
        panic!(
            "no {path}; have: {:?}",
            files.iter().map(|f| &f.path).collect::<Vec<_>>()
        )
    });
    std::str::from_utf8(&f.bytes).unwrap()
}
