//! What the search index holds for a site: every record kind, its URL, redaction, drafts
//! and ticket privacy.

use chrono::{NaiveDate, TimeZone, Utc};
use opsloop::analyze::Report;
use opsloop::charts::Chart;
use opsloop::config::{Config, Overrides, Settings, ThemeSpec, TicketPublishing};
use opsloop::diagnostics::Diagnostics;
use opsloop::model::*;
use opsloop::search::corpus::Corpus;
use opsloop::search::documents::{Doc, DocLink, Facets, Kind};
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
        themes: Box::default(),
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

fn collect(settings: Settings, drafts: bool) -> Vec<Doc<'static>> {
    with_corpus(settings, drafts, dataset(), |corpus| {
        corpus
            .to_vec()
            .into_iter()
            .map(|d| d.into_owned())
            .collect()
    })
}

/// `f` of the site's search corpus.
fn with_corpus<T>(
    settings: Settings,
    drafts: bool,
    data: Dataset,
    f: impl FnOnce(&Corpus) -> T,
) -> T {
    let overrides = Overrides {
        drafts,
        ..Overrides::default()
    };
    let config = Config::from_settings(Path::new("."), settings, &overrides).unwrap();
    let report = Report::default();
    let charts = vec![Chart {
        id: "ttr".into(),
        title: "Time to restore".into(),
        caption: "Fell beyond noise".into(),
        scope: "theme:dns".into(),
        ..Chart::default()
    }];
    let diagnostics = Diagnostics::default();
    let input = SiteInput::new(&config, &data, &report, &charts, &diagnostics);
    f(&opsloop::search::documents::collect(&input).0)
}

#[test]
fn every_kind_is_indexed_with_its_url() {
    let docs = collect(settings(), false);
    let got: Vec<(Kind, &str, &str)> = (docs.iter())
        .map(|d| (d.kind, &*d.title, d.url.as_url().unwrap()))
        .collect();
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

/// Tickets for the ordering tests: (day of February 2025, title, id, own link).
fn tickets(rows: &[(u32, &str, &str, Option<&str>)]) -> Dataset {
    let tickets = rows
        .iter()
        .map(|&(day, title, id, url)| Ticket {
            id: id.into(),
            url: url.map(Box::from),
            created_at: Utc.with_ymd_and_hms(2025, 2, day, 9, 0, 0).unwrap(),
            themes: Box::new(["DNS".into()]),
            components: vec!["billing".into()].into(),
            ..ticket(title)
        })
        .collect();
    Dataset {
        tickets,
        ..dataset()
    }
}

fn linked_settings() -> Settings {
    let mut s = settings();
    s.links
        .insert("jira".into(), "https://t.example/{id}".into());
    s
}

/// Titles that start alike (the first eight bytes) go in order of first use, not
/// alphabetically: the index sorts numbers, not text, and what it needs is that a day's
/// tickets of one title sit together in a doc shard.
#[test]
fn tickets_are_found_newest_first_then_by_title_then_as_ingested() {
    let data = tickets(&[
        (1, "Disk full on db", "OPS-1", None),
        (1, "Disk full", "OPS-2", None),
        (1, "Disk full", "OPS-10", None),
        (3, "Zeta", "OPS-3", None),
        (1, "Disk full", "OPS-4", Some("https://a.example/x")),
        (1, "Alpha", "OPS-5", None),
        (1, "Disk full", "OPS-6", Some("javascript:alert(1)")),
    ]);
    let got: Vec<(String, String)> = with_corpus(linked_settings(), false, data, |c| {
        let docs = c.to_vec();
        let tickets = docs.iter().filter(|d| d.kind == Kind::Ticket);
        // Template links are filled in by the browser, each from the manifest's list.
        assert_eq!(c.templates(), ["https://t.example/{id}"]);
        let templated = tickets
            .clone()
            .filter(|d| matches!(d.url, DocLink::Template(0, _)));
        assert_eq!(templated.count(), 6);
        tickets
            .map(|d| {
                (
                    d.title.to_string(),
                    d.url.resolve(c.templates()).into_owned(),
                )
            })
            .collect()
    });
    let want = [
        ("Zeta", "https://t.example/OPS-3"),
        ("Alpha", "https://t.example/OPS-5"),
        ("Disk full on db", "https://t.example/OPS-1"),
        // As ingested, whatever the id or the link: OPS-4 has its own link.
        ("Disk full", "https://t.example/OPS-2"),
        ("Disk full", "https://t.example/OPS-10"),
        ("Disk full", "https://a.example/x"),
        // A link that is not http(s) or mailto falls back to the template.
        ("Disk full", "https://t.example/OPS-6"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(t, u)| (t.to_string(), u.to_string()))
        .collect();
    assert_eq!(got, want);
}

/// The manifest lists only the templates some ticket links through: not the incidents'
/// templates, not a source whose tickets all carry their own link.
#[test]
fn only_templates_tickets_use_reach_the_index() {
    let data = tickets(&[(1, "Disk full", "OPS-2", None)]);
    let mut s = linked_settings();
    s.links
        .insert("pagerduty".into(), "https://pd.example/{id}?token=x".into());
    s.links
        .insert("ticket".into(), "https://fallback.example/{id}".into());
    let templates = with_corpus(s, false, data, |c| c.templates().to_vec());
    assert_eq!(templates, ["https://t.example/{id}"]);
    let own = tickets(&[(1, "Disk full", "OPS-2", Some("https://a.example/x"))]);
    let templates = with_corpus(linked_settings(), false, own, |c| c.templates().to_vec());
    assert!(templates.is_empty());
}

/// A template the browser could not fill safely for every id is filled (and trimmed, or
/// dropped) at build time, as the pages do.
#[test]
fn unsafe_templates_are_filled_at_build_time() {
    let data = tickets(&[(1, "Disk full", "OPS-2", None), (2, "Zeta", "OPS-3", None)]);
    let mut s = settings();
    s.links
        .insert("jira".into(), " https://t.example/{id} ".into());
    let got: Vec<DocLink> = with_corpus(s, false, data, |c| {
        assert!(c.templates().is_empty());
        let docs = c.to_vec();
        let tickets = docs.into_iter().filter(|d| d.kind == Kind::Ticket);
        tickets.map(|d| d.url.into_owned()).collect()
    });
    assert_eq!(
        got,
        [
            DocLink::Url("https://t.example/OPS-3".into()),
            DocLink::Url("https://t.example/OPS-2".into())
        ]
    );
}

/// Ticket documents are made by each pass over the corpus rather than held; the index
/// and its files must be those of the same documents all held.
#[test]
fn made_ticket_documents_index_as_held_ones_would() {
    let data = tickets(&[
        (1, "Refund for jane@example.com", "OPS-1", None),
        (2, "Disk full on db-1", "OPS-2", None),
        (2, "Disk full on db-1", "mail ops@example.com", None),
        (3, "Zeta", "OPS-3", Some("https://a.example/x")),
    ]);
    let files = |c: &Corpus| {
        opsloop::search::build_index(c, &Facets::default())
            .sharded
            .files
    };
    let (made, held) = with_corpus(linked_settings(), false, data, |c| {
        let held = Corpus::new(c.to_vec()).with_templates(c.templates().to_vec());
        assert_eq!(held.len(), c.len());
        (files(c), files(&held))
    });
    assert!(made.len() > 2);
    for f in &made {
        let text = String::from_utf8_lossy(&f.bytes);
        // The tracker link keeps the real id (percent-encoded): it must reach the ticket.
        assert!(!text.contains("ops@example"), "{}: {text}", f.path);
        assert!(!text.contains("jane"), "{}: {text}", f.path);
    }
    for (a, b) in made.iter().zip(&held) {
        assert_eq!(a.path, b.path);
        assert_eq!(
            String::from_utf8_lossy(&a.bytes),
            String::from_utf8_lossy(&b.bytes)
        );
    }
    assert_eq!(made.len(), held.len());
}

/// A ticket whose id alone a site pattern redacts is indexed with the id redacted, its
/// components as they are; one whose fields redaction leaves alone keeps them all.
#[test]
fn a_ticket_id_is_redacted_even_when_its_components_are_not() {
    let mut s = settings();
    s.privacy.patterns = vec![r"JIRA-\d+".into()];
    let mut data = dataset();
    let clean = ticket("Refund");
    data.tickets = vec![
        Ticket {
            components: vec!["billing".into()].into(),
            ..clean.clone()
        },
        Ticket {
            id: "OPS-1".into(),
            components: vec!["billing".into()].into(),
            ..clean
        },
    ];
    let bodies: Vec<Vec<String>> = with_corpus(s, false, data, |corpus| {
        (corpus.to_vec().iter())
            .filter(|d| d.kind == Kind::Ticket)
            .map(|d| d.body.iter().map(str::to_string).collect())
            .collect()
    });
    assert_eq!(bodies.len(), 2);
    assert!(bodies.contains(&vec!["[redacted]".to_string(), "billing".to_string()]));
    assert!(bodies.contains(&vec!["OPS-1".to_string(), "billing".to_string()]));
}
