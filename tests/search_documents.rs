//! What the search index holds for a site: every record kind, its URL, redaction, drafts
//! and ticket privacy.

use chrono::{NaiveDate, TimeZone, Utc};
use opsloop::analyze::Report;
use opsloop::charts::Chart;
use opsloop::config::{Config, Overrides, Settings, ThemeSpec, TicketPublishing};
use opsloop::diagnostics::Diagnostics;
use opsloop::model::*;
use opsloop::search::documents::Kind;
use opsloop::site::SiteInput;
use std::path::Path;

fn incident(id: &str, title: &str, day: u32) -> Incident {
    Incident {
        id: id.into(),
        source: "pagerduty".into(),
        url: None,
        title: title.into(),
        services: vec!["API Gateway".into()],
        team: None,
        severity: Severity {
            level: Some(2),
            raw: "P2".into(),
        },
        status: IncidentStatus::Resolved,
        impact_start_at: None,
        detected_at: None,
        created_at: Utc.with_ymd_and_hms(2025, 3, day, 10, 0, 0).unwrap(),
        acknowledged_at: None,
        mitigated_at: None,
        resolved_at: None,
        labels: vec![],
        root_cause: None,
        themes: vec!["dns".into()],
        fingerprint: String::new(),
        postmortem: None,
        related: vec![],
        auto_resolved: false,
        origin: Origin::default(),
    }
}

fn action(id: &str, pm: &str, title: &str) -> ActionItem {
    ActionItem {
        id: id.into(),
        postmortem: Some(pm.into()),
        title: title.into(),
        kind: Some(ActionType::Prevent),
        priority: None,
        owner: Some("Maija Virtanen".into()),
        team: None,
        due: NaiveDate::from_ymd_opt(2025, 5, 1),
        status: ActionStatus::Open,
        tracker_ref: None,
        tracker_url: None,
        created_at: None,
        completed_at: None,
        origin: Origin::default(),
    }
}

fn postmortem(slug: &str, title: &str, status: PostmortemStatus) -> Postmortem {
    Postmortem {
        slug: slug.into(),
        title: title.into(),
        date: NaiveDate::from_ymd_opt(2025, 4, 10).unwrap(),
        incidents: vec![],
        services: vec!["DNS".into()],
        severity: None,
        themes: vec!["dns".into()],
        authors: vec![],
        status,
        summary: None,
        fields: Default::default(),
        actions: vec![action(
            &format!("{slug}-1"),
            slug,
            &format!("Fix for {title}"),
        )],
        body: "## Impact\n\nResolvers in **Äänekoski** failed; call +49 30 1234 5678.".into(),
        origin: Origin::default(),
    }
}

fn ticket(title: &str) -> Ticket {
    Ticket {
        id: "JIRA-7".into(),
        source: "jira".into(),
        url: Some("https://jira.example.com/browse/JIRA-7".into()),
        title: title.into(),
        kind: None,
        status: "Open".into(),
        category: TicketCategory::Open,
        priority: None,
        labels: Box::default(),
        components: vec!["billing".into(), "owner ops@example.com".into(), " ".into()].into(),
        group: None,
        created_at: Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap(),
        resolved_at: None,
        reopen_count: 0,
        linked_incidents: Box::default(),
        themes: vec![],
        origin: Origin::default(),
    }
}

fn dataset() -> Dataset {
    Dataset {
        incidents: (1..=3)
            .map(|d| {
                incident(
                    &format!("PD-{d}"),
                    &format!("DNS timeouts mail ops@example.com #{d}"),
                    d,
                )
            })
            .collect(),
        tickets: vec![ticket("Refund for jane@example.com")],
        postmortems: vec![
            postmortem("dns-outage", "DNS outage", PostmortemStatus::Published),
            postmortem("secret-draft", "Secret draft", PostmortemStatus::Draft),
        ],
        wins: vec![DeclaredWin {
            slug: "fast-rollbacks".into(),
            title: "Fast rollbacks".into(),
            date: NaiveDate::from_ymd_opt(2025, 2, 1).unwrap(),
            themes: vec![],
            services: vec![],
            evidence: Some("25 -> 2 minutes".into()),
            body: String::new(),
            origin: Origin::default(),
        }],
        ..Dataset::default()
    }
}

fn settings() -> Settings {
    Settings {
        page_size: 2,
        themes: vec![ThemeSpec {
            slug: "dns".into(),
            title: Some("DNS".into()),
            description: Some("Name resolution".into()),
            ..ThemeSpec::default()
        }],
        ..Settings::default()
    }
}

fn collect(settings: Settings, drafts: bool) -> Vec<opsloop::search::documents::Doc<'static>> {
    let overrides = Overrides {
        drafts,
        ..Overrides::default()
    };
    let config = Config::from_settings(Path::new("."), settings, &overrides).unwrap();
    let data = dataset();
    let report = Report::default();
    let charts = vec![Chart {
        id: "ttr".into(),
        title: "Time to restore".into(),
        caption: "Fell beyond noise".into(),
        scope: "theme:dns".into(),
        ..Chart::default()
    }];
    let diagnostics = Diagnostics::default();
    let input = SiteInput {
        config: &config,
        dataset: &data,
        report: &report,
        charts: &charts,
        diagnostics: &diagnostics,
    };
    let docs = opsloop::search::documents::collect(&input).0;
    docs.into_iter().map(|d| d.into_owned()).collect()
}

#[test]
fn every_kind_is_indexed_with_its_url() {
    let docs = collect(settings(), false);
    let got: Vec<(Kind, &str, &str)> = docs.iter().map(|d| (d.kind, &*d.title, &*d.url)).collect();
    assert_eq!(
        got,
        [
            (Kind::Postmortem, "DNS outage", "postmortems/dns-outage/"),
            // Newest first; page size 2 puts the oldest on page 2.
            (
                Kind::Incident,
                "DNS timeouts mail [redacted] #3",
                "incidents/#incident-pd-3"
            ),
            (
                Kind::Incident,
                "DNS timeouts mail [redacted] #2",
                "incidents/#incident-pd-2"
            ),
            (
                Kind::Incident,
                "DNS timeouts mail [redacted] #1",
                "incidents/page/2/#incident-pd-1"
            ),
            (
                Kind::Action,
                "Fix for DNS outage",
                "actions/#action-dns-outage-1"
            ),
            (Kind::Theme, "DNS", "themes/dns/"),
            (Kind::Service, "API Gateway", "services/api-gateway/"),
            (Kind::Service, "DNS", "services/dns/"),
            (Kind::Win, "Fast rollbacks", "wins/#win-fast-rollbacks"),
            (Kind::Chart, "Time to restore", "charts/ttr/"),
            (
                Kind::Ticket,
                "Refund for [redacted]",
                "https://jira.example.com/browse/JIRA-7"
            ),
        ]
    );
    let pm = &docs[0];
    assert_eq!(
        pm.snippet,
        "Impact Resolvers in Äänekoski failed; call [redacted]."
    );
    let body = pm.body_text();
    assert!(body.contains("Äänekoski") && !body.contains("1234"));
    assert_eq!(pm.services, ["dns"]);
    assert_eq!(docs[1].services, ["api-gateway"]);
    assert_eq!(
        docs[4].themes,
        ["dns"],
        "actions inherit their postmortem's themes"
    );
    let body = docs[4].body_text();
    assert!(body.contains("Maija Virtanen") && body.contains("due 2025-05-01"));
    assert_eq!(
        docs[10].body.iter().collect::<Vec<_>>(),
        ["JIRA-7", "billing", "owner [redacted]"],
        "a ticket's id and components are indexed, each redacted, blank ones left out"
    );
    assert_eq!(
        docs[9].themes,
        ["dns"],
        "a chart scoped to a theme filters by it"
    );
}

#[test]
fn drafts_only_with_the_drafts_flag() {
    let hidden = collect(settings(), false);
    assert!(!hidden.iter().any(|d| d.title.contains("Secret draft")));
    let shown = collect(settings(), true);
    assert_eq!(
        shown
            .iter()
            .filter(|d| d.title.contains("Secret draft"))
            .count(),
        2
    );
}

#[test]
fn aggregate_tickets_keep_titles_out_of_the_index() {
    let mut s = settings();
    s.privacy.tickets = TicketPublishing::Aggregate;
    let docs = collect(s, false);
    assert!(docs.iter().all(|d| d.kind != Kind::Ticket));
    assert!(!docs.iter().any(|d| d.title.contains("Refund")));
}
