//! The fixture site end to end: every page exists, links are built from base_url, numbers
//! link to their records, and drafts stay out.

mod site_support;
use site_support::*;

#[test]
fn every_page_is_rendered() {
    let files = render_basic();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    println!("{paths:#?}");
    for p in [
        "index.html",
        "404.html",
        "actions/index.html",
        "quality/index.html",
        "wins/index.html",
        "incidents/index.html",
        "incidents/page/2/index.html",
        "postmortems/index.html",
        "postmortems/db-failover/index.html",
        "themes/index.html",
        "themes/database/index.html",
        "themes/unthemed/index.html",
        "services/index.html",
        "services/db/index.html",
        "charts/index.html",
        "charts/incidents-per-month/index.html",
        "charts/incidents-per-month/incidents-per-month.svg",
        "charts/incidents-per-month/incidents-per-month.png",
        "charts/incidents-per-month/incidents-per-month.csv",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "filter.js",
        "data/report.json",
        "search/index.html",
        "search.js",
        "reports/index.html",
        "reports/2025-02/index.html",
        "reports/2025-03/index.html",
    ] {
        assert!(paths.contains(&p), "missing {p}");
    }
    assert!(
        !paths.iter().any(|p| p.contains("secret-draft")),
        "drafts stay out"
    );
}

/// `OPSLOOP_DUMP=dir cargo test --test site_pages dump -- --ignored` writes the fixture
/// site to `dir` for a look in a browser or the HTML checker.
#[test]
#[ignore]
fn dump() {
    let dir = std::env::var("OPSLOOP_DUMP").expect("OPSLOOP_DUMP=dir");
    opsloop::output::write_site(std::path::Path::new(&dir), &render_basic()).unwrap();
}

#[test]
fn records_are_anchored_and_linked_to_their_source() {
    let files = render_basic();
    // page_size 2, newest first: PD-4, PD-2 on page 1; PD-3, PD-1 on page 2.
    let p1 = page(&files, "incidents/index.html");
    let p2 = page(&files, "incidents/page/2/index.html");
    assert!(p1.contains(r#"<tr id="incident-pd-4">"#) && p1.contains(r#"<tr id="incident-pd-2">"#));
    assert!(p2.contains(r#"<tr id="incident-pd-1">"#));
    // Own url first, else the `links` template from site.yaml.
    assert!(p2.contains(
        r#"<a href="https://example.pagerduty.com/incidents/PD-3" rel="external noopener">PD-3</a>"#
    ));
    assert!(p2.contains(
        r#"<a href="https://example.pagerduty.com/incidents/PD-1" rel="external noopener">PD-1</a>"#
    ));
    assert!(
        p1.contains(r#"<a href="../incidents/page/2/" rel="next">"#),
        "links relative to the page"
    );
    // Elsewhere incidents link to their row in the table.
    let pm = page(&files, "postmortems/db-failover/index.html");
    assert!(pm.contains(r#"href="../../incidents/page/2/#incident-pd-1""#));
    assert!(
        pm.contains("Recurred after the fix"),
        "PD-2 came back after DB-1 was done"
    );
    assert!(pm.contains(r#"href="../../incidents/#incident-pd-2""#));
}

#[test]
fn overview_figures_link_to_records_and_say_too_few() {
    let files = render_basic();
    let index = page(&files, "index.html");
    assert!(
        index.contains(r#"<a class="figure" href="./reports/2025-03/#fig-incidents">2</a>"#),
        "{index}"
    );
    assert!(index.contains(r#"href="./reports/2025-03/#fig-restore-median">too few (n = 1)</a>"#));
    let digest = page(&files, "reports/2025-03/index.html");
    assert!(digest.contains(r#"<h3 id="fig-incidents">"#));
    assert!(
        digest.contains(r#"href="../../incidents/#incident-pd-4""#),
        "records behind the figure"
    );
    let actions = page(&files, "actions/index.html");
    let overdue = actions.find(r#"id="overdue""#).unwrap();
    let open = actions.find(r#"id="open""#).unwrap();
    assert!(overdue < open, "overdue first");
    assert!(actions[overdue..open].contains("Rehearse failover"));
    assert!(
        !actions[overdue..open].contains("Write queue runbook"),
        "not due yet"
    );
}

#[test]
fn chart_pages_carry_data_files_and_previews() {
    let cfg = config(&fixture("basic"));
    let mut theme_chart = chart();
    theme_chart.id = "theme-database-incidents".into();
    theme_chart.scope = "theme:database".into();
    let files = render(&cfg, &dataset(), &diagnostics(), &[chart(), theme_chart]);
    let p = page(&files, "charts/incidents-per-month/index.html");
    assert!(p.contains(r#"<meta property="og:image" content="/ops/charts/incidents-per-month/incidents-per-month.png">"#));
    assert!(p.contains(r#"<th scope="col">month</th><th scope="col">incidents</th>"#));
    assert!(p.contains(r#"<tr><th scope="row">2025-01</th><td>1</td></tr>"#));
    for ext in ["svg", "png", "csv"] {
        assert!(p.contains(&format!(
            r#"href="../../charts/incidents-per-month/incidents-per-month.{ext}""#
        )));
    }
    assert_eq!(
        page(&files, "charts/incidents-per-month/incidents-per-month.csv"),
        "month,incidents\n2025-01,1\n2025-02,1\n"
    );
    let theme = page(&files, "themes/database/index.html");
    assert!(
        theme.contains(
            r#"src="../../charts/theme-database-incidents/theme-database-incidents.svg""#
        )
    );
    assert!(
        !theme.contains("charts/incidents-per-month/incidents-per-month.svg"),
        "site charts stay on site pages"
    );
    assert!(page(&files, "index.html").contains("incidents-per-month.svg"));
}
