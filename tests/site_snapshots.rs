//! Snapshots of the key pages of the fixture site (the `<main>` element, so a nav or
//! footer change does not churn every snapshot). Review changes with `cargo insta review`.

mod site_support;
use site_support::*;

fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page closes </main>") + "</main>".len();
    html[start..end]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn key_pages() {
    let files = render_basic();
    insta::assert_snapshot!("overview", main_of(page(&files, "index.html")));
    insta::assert_snapshot!(
        "postmortem",
        main_of(page(&files, "postmortems/db-failover/index.html"))
    );
    insta::assert_snapshot!("quality", main_of(page(&files, "quality/index.html")));
    insta::assert_snapshot!("actions", main_of(page(&files, "actions/index.html")));
    insta::assert_snapshot!("feed", page(&files, "feed.xml"));
}
