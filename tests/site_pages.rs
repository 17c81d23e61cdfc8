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
