//! themes/default/templates/search.html is valid tera and has what search.js needs.

#[test]
fn search_page_renders_with_the_elements_search_js_uses() {
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(vec![
        (
            "base.html",
            "<title>{% block title %}{% endblock title %}</title><main>{% block content %}{% endblock content %}</main>{% block scripts %}{% endblock scripts %}",
        ),
        ("search.html", include_str!("../themes/default/templates/search.html")),
    ])
    .unwrap();
    let mut ctx = tera::Context::new();
    // An absolute base must not leak into the page: it is always at search/, and relative
    // links are what make it work when opened from disk.
    ctx.insert("site", &serde_json::json!({ "base": "/" }));
    // Tera escapes '/' as &#x2F; inside attributes, which browsers decode.
    let html = tera
        .render("search.html", &ctx)
        .unwrap()
        .replace("&#x2F;", "/");
    for needle in [
        "<title>Search</title>",
        r#"id="search-form""#,
        r#"id="search-input" type="search" name="q""#,
        r#"id="search-status""#,
        r#"aria-live="polite""#,
        r#"id="search-results""#,
        r#"id="search-more""#,
        r#"id="search-kind""#,
        r#"id="search-service""#,
        r#"id="search-theme""#,
        r#"id="search-year""#,
        "<noscript>",
        r#"<a href="../postmortems/">"#,
        r#"<script src="../search.js" defer></script>"#,
    ] {
        assert!(html.contains(needle), "{needle} missing from\n{html}");
    }
}
