//! The link checker on built mini-sites (tests/fixtures/broken/): each broken fixture must
//! be reported with the page and line a person has to fix, and a correct site hosted under
//! a sub-path must check clean.

use opsloop::linkcheck::{BrokenLink, check_links, scan_site};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/broken")
        .join(name)
}

fn lines(broken: &[BrokenLink]) -> Vec<String> {
    broken.iter().map(|b| b.to_string()).collect()
}

#[test]
fn a_link_to_a_missing_page_names_the_page_and_line() {
    let broken = check_links(&fixture("broken-link"), "https://ops.example.com/");
    assert_eq!(
        lines(&broken),
        vec![
            "index.html:7: `postmortems/dns-outage/`: no file postmortems/dns-outage/index.html",
            "sitemap.xml:6: `https://ops.example.com/wins/`: no file wins/index.html",
        ]
    );
}

#[test]
fn a_missing_anchor_is_reported_with_the_target_page() {
    let broken = check_links(&fixture("missing-anchor"), "/");
    assert_eq!(
        lines(&broken),
        vec![
            "index.html:7: `actions/#action-a-2`: actions/index.html has no element with id=\"action-a-2\""
        ]
    );
}

#[test]
fn missing_images_downloads_and_fonts_are_reported() {
    let broken = check_links(&fixture("missing-asset"), "/");
    assert_eq!(
        lines(&broken),
        vec![
            "charts/mttr/index.html:7: `mttr.svg`: no file charts/mttr/mttr.svg",
            "charts/mttr/index.html:8: `mttr.png`: no file charts/mttr/mttr.png",
            "style.css:2: `fonts/inter.woff2`: no file fonts/inter.woff2",
        ]
    );
}

#[test]
fn a_correct_site_under_a_sub_path_checks_clean() {
    let report = scan_site(&fixture("good-subpath"), "https://pages.example.com/ops/");
    assert_eq!(lines(&report.broken), Vec::<String>::new());
    assert_eq!(report.pages, 3);
    assert_eq!(
        report.external.iter().collect::<Vec<_>>(),
        vec!["https://pd.example.com/incidents/Q1W2E3"]
    );
    // Every reference was looked at, including feed, sitemap and CSS.
    assert!(report.checked >= 20, "checked only {}", report.checked);
}

#[test]
fn the_same_site_checked_with_the_wrong_base_path_fails() {
    let broken = check_links(&fixture("good-subpath"), "/");
    assert!(
        broken
            .iter()
            .any(|b| b.page == "index.html" && b.link == "/ops/static/style.css"),
        "{broken:#?}"
    );
}
