//! Untrusted input never reaches a page as markup, personal data is redacted everywhere,
//! and drafts stay out.

mod site_support;
use opsloop::config::{Overrides, Privacy, TicketPublishing};
use opsloop::model::*;
use regex::Regex;
use site_support::*;

const XSS: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";

fn hostile_dataset() -> Dataset {
    let mut ds = dataset();
    let inc = &mut ds.incidents[0];
    inc.title = format!("title {XSS}");
    inc.services = vec![format!("svc{XSS}")];
    inc.team = Some(format!("team{XSS}"));
    inc.url = Some("javascript:alert(3)".into());
    inc.id = "PD-1\"><svg onload=alert(4)>".to_string();
    ds.incidents[2].source = format!("src{XSS}");
    let pm = &mut ds.postmortems[0];
    pm.title = format!("pm title {XSS}");
    pm.summary = Some(format!("summary {XSS}"));
    pm.authors = vec![format!("author{XSS}")];
    pm.body = format!(
        "## Impact\n\n{XSS}\n\n[click](javascript:alert(5))\n\n<a href=\"JaVaScRiPt:alert(6)\" onclick=\"x()\">a</a>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<div onmouseover=\"alert(7)\">hover</div>\n"
    );
    pm.actions[1].owner = Some(format!("owner{XSS}"));
    pm.actions[1].title = format!("action {XSS}");
    pm.actions[1].tracker_url = Some("javascript:alert(8)".into());
    ds.wins[0].title = format!("win {XSS}");
    ds.wins[0].body = format!("win body {XSS} [x](javascript:alert(9))");
    ds.wins[0].evidence = Some(format!("evidence {XSS}"));
    ds.tickets.push(Ticket {
        id: "T-1".into(),
        source: "jira".into(),
        url: Some("javascript:alert(10)".into()),
        title: format!("ticket {XSS}").into(),
        kind: None,
        status: "Open".into(),
        category: TicketCategory::Open,
        priority: None,
        labels: Box::default(),
        components: Box::default(),
        group: None,
        created_at: ts(2025, 3, 3, 10, 0),
        resolved_at: None,
        reopen_count: 0,
        linked_incidents: Box::default(),
        themes: Box::default(),
        origin: Origin::default(),
    });
    ds
}

fn hostile_diagnostics() -> opsloop::diagnostics::Diagnostics {
    let mut d = diagnostics();
    d.diagnostics[0].message = format!("bad value `{XSS}`");
    d.sources[0].skip(&format!("reason{XSS}"));
    d.sources[0].rows += 1;
    d
}

fn texts(files: &[opsloop::output::OutputFile]) -> Vec<(String, String)> {
    files
        .iter()
        .filter(|f| !f.path.ends_with(".png"))
        .map(|f| {
            (
                f.path.clone(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            )
        })
        .collect()
}

#[test]
fn injected_markup_is_escaped_or_removed_everywhere() {
    let cfg = config(&fixture("basic"));
    let mut c = chart();
    c.title = format!("chart {XSS}");
    c.caption = format!("caption {XSS}");
    c.rows[0][0] = format!("cell{XSS}");
    let files = render(&cfg, &hostile_dataset(), &hostile_diagnostics(), &[c]);
    let handler = Regex::new(
        r#"(?i)<[a-z][a-z0-9]*(?:\s+[^\s"'>=/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s+on[a-z]+\s*="#,
    ).unwrap();
    // The detectors themselves: they catch live markup and ignore escaped text.
    assert!(handler.is_match(r#"<p class="a"><img src=x onerror=alert(2)>"#));
    assert!(!handler.is_match(r#"<tr data-filter="&lt;img src=x onerror=alert(2)&gt;">"#));
    let js_url = Regex::new(r#"(?i)(href|src|action)\s*=\s*["']?\s*javascript:"#).unwrap();
    let raw_script = Regex::new(r"(?i)<script(\s[^>]*)?>[^<]").unwrap();
    let mut checked = 0;
    for (path, text) in texts(&files) {
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        checked += 1;
        assert!(
            !handler.is_match(&text),
            "{path}: event handler attribute survived"
        );
        assert!(!js_url.is_match(&text), "{path}: javascript: URL survived");
        assert!(
            !raw_script.is_match(&text),
            "{path}: inline script survived"
        );
        assert!(!text.contains("<iframe"), "{path}: iframe survived");
        assert!(!text.contains("<svg onload"), "{path}");
        assert!(!text.contains("<img src=x"), "{path}");
    }
    assert!(checked > 15, "checked {checked} pages");
    // Search results link to a record's URL: a tracker link must be http(s) there too.
    let shards: Vec<_> = texts(&files)
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/") && p.ends_with(".js"))
        .collect();
    assert!(
        shards.iter().any(|(_, t)| t.contains("ticket <")),
        "tickets indexed"
    );
    for (path, text) in shards {
        assert!(
            !text.contains("javascript:"),
            "{path}: javascript: URL indexed"
        );
    }
    // The text itself is still there, escaped, for the reader to see.
    let incidents = page(&files, "incidents/page/2/index.html");
    assert!(
        incidents.contains("title &lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || incidents.contains("title &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{incidents}"
    );
    let quality = page(&files, "quality/index.html");
    assert!(
        quality.contains("bad value `&lt;script&gt;"),
        "diagnostic message escaped"
    );
    let pm = page(&files, "postmortems/db-failover/index.html");
    assert!(pm.contains(">hover</div>"), "harmless markup is kept");
    let tickets = page(&files, "tickets/index.html");
    assert!(
        tickets.contains("<td>ticket &lt;script&gt;"),
        "ticket titles published, escaped, when privacy.tickets = full"
    );
}

#[test]
fn personal_data_is_redacted_from_every_file() {
    let root = fixture("basic");
    let mut settings = config(&root).settings;
    settings.privacy = Privacy {
        patterns: vec![r"CUST-\d+".into()],
        tickets: TicketPublishing::Aggregate,
        ..Privacy::default()
    };
    // from_settings compiles the redactor from these settings, as Config::load does.
    let cfg =
        opsloop::config::Config::from_settings(&root, settings, &Overrides::default()).unwrap();
    let mut ds = hostile_dataset();
    ds.incidents[1].title = "Paged jane.doe@example.com about CUST-4711".into();
    ds.postmortems[0].body = "Call +49 30 1234 5678 or mail ops-lead@example.org.\n".into();
    ds.postmortems[0].actions[0].owner = Some("bob@example.com".into());
    ds.wins[0].evidence = Some("thanks to 555-123-4567".into());
    ds.tickets[0].title = "Customer ticket title that must stay private".into();
    let mut c = chart();
    c.rows[0][0] = "anna@example.com".into();
    let files = render(&cfg, &ds, &diagnostics(), &[c]);
    for (path, text) in texts(&files) {
        for secret in [
            "jane.doe@example.com",
            "CUST-4711",
            "1234 5678",
            "ops-lead@example.org",
            "bob@example.com",
            "555-123-4567",
            "anna@example.com",
            "must stay private",
        ] {
            assert!(!text.contains(secret), "{path} publishes `{secret}`");
        }
    }
    assert!(page(&files, "postmortems/db-failover/index.html").contains("[redacted]"));
    let tickets = page(&files, "tickets/index.html");
    assert!(
        tickets.contains("only counts are") && !tickets.contains("T-1"),
        "aggregate: no rows"
    );
    let csv = page(&files, "charts/incidents-per-month/incidents-per-month.csv");
    assert!(csv.starts_with("month,incidents\n[redacted],1"), "{csv}");
}

#[test]
fn drafts_are_published_only_with_the_drafts_flag() {
    let root = fixture("basic");
    let files = render_basic();
    assert!(
        !texts(&files)
            .iter()
            .any(|(_, t)| t.contains("Unfinished draft"))
    );
    let cfg = opsloop::config::Config::load(
        &root,
        &Overrides {
            drafts: true,
            ..Overrides::default()
        },
    )
    .unwrap();
    let files = render(&cfg, &dataset(), &diagnostics(), &[]);
    assert!(page(&files, "postmortems/index.html").contains("Unfinished draft"));
}
