//! Determinism, atomic output and theme overrides.

mod site_support;
use opsloop::output::{OutputFile, write_site};
use site_support::*;
use std::collections::BTreeMap;
use std::path::Path;

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn two_builds_are_byte_identical() {
    let a = render_basic();
    let b = render_basic();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.path, y.path);
        assert!(x.bytes == y.bytes, "{} differs between builds", x.path);
    }
    let paths: Vec<&String> = a.iter().map(|f| &f.path).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files come out in path order");
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &render_basic()).unwrap();
    let before = tree(&out);
    assert!(before.contains_key("index.html"));

    // A render that fails (a broken theme) produces no files, so nothing is written.
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::create_dir_all(site.path().join("themes/broken/templates")).unwrap();
    std::fs::write(site.path().join("content/site.yaml"), "theme: broken\n").unwrap();
    std::fs::write(
        site.path().join("themes/broken/templates/index.html"),
        "{% extends \"base.html\" %}{% block content %}{{ missing_variable.field }}{% endblock content %}",
    )
    .unwrap();
    let cfg = config(site.path());
    let input_report = opsloop::analyze::Report::default();
    let ds = dataset();
    let diags = diagnostics();
    let input = opsloop::site::SiteInput::new(&cfg, &ds, &input_report, &[], &diags);
    let err = opsloop::site::render(&input).unwrap_err();
    assert!(format!("{err:#}").contains("index.html"), "{err:#}");

    // A write that fails half-way (one file wants to leave the output) keeps the old site.
    let mut files = render_basic();
    files.push(OutputFile::new("../escape.html", "x"));
    assert!(write_site(&out, &files).is_err());
    assert_eq!(tree(&out), before, "previous output untouched");
    assert!(!dir.path().join("escape.html").exists());
}

/// The sample site with its output sent to `out`.
fn sample_config(out: &Path) -> opsloop::config::Config {
    let overrides = opsloop::config::Overrides {
        output: Some(out.to_path_buf()),
        ..Default::default()
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    opsloop::config::Config::load(root, &overrides).unwrap()
}

#[test]
fn a_build_streams_to_disk_exactly_what_render_returns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let cfg = sample_config(&out);
    assert!(cfg.settings.search, "the sample site has search");
    let outcome = opsloop::build::run(&cfg, true).unwrap();
    let written = tree(&out);
    assert_eq!(outcome.files, written.len());

    let (mut ds, diags) = opsloop::ingest::ingest(&cfg).unwrap();
    let report = opsloop::analyze::analyze(&mut ds, &cfg);
    let charts = opsloop::charts::build_charts(&report, &ds, &cfg);
    let input = opsloop::site::SiteInput::new(&cfg, &ds, &report, &charts, &diags);
    let rendered: BTreeMap<String, Vec<u8>> = opsloop::site::render(&input)
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        rendered.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &rendered {
        assert!(written[path] == *bytes, "{path} differs");
    }
    assert!(written.keys().any(|p| p.starts_with("search/d/")));
}

#[test]
fn a_build_that_fails_while_rendering_leaves_the_output_and_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[OutputFile::new("index.html", "old")]).unwrap();
    let mut cfg = sample_config(&out);
    // Broken after ingest and analyze: the theme folder does not exist.
    cfg.settings.theme = Some("missing".into());
    assert!(opsloop::build::run(&cfg, true).is_err());
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "old"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["public"]);
}

#[test]
fn a_site_theme_overrides_the_built_in_one_file_by_file() {
    let root = fixture("override");
    let files = render(&config(&root), &dataset(), &diagnostics(), &[]);
    let not_found = page(&files, "404.html");
    assert!(
        not_found.contains("Custom 404 from the site&#39;s theme")
            || not_found.contains("Custom 404 from the site"),
        "{not_found}"
    );
    assert!(
        not_found.contains("<nav aria-label=\"Main\">"),
        "still extends the built-in base.html"
    );
    assert_eq!(
        page(&files, "style.css"),
        "body { color: rebeccapurple; }\n"
    );
    assert!(
        page(&files, "filter.js").contains("Progressive enhancement"),
        "files not overridden stay built-in"
    );
    assert_eq!(
        page(&files, "logo.txt"),
        "site logo\n",
        "content/static is copied"
    );
    assert_eq!(
        page(&files, "extra.txt"),
        "site wins\n",
        "content/static wins over the theme"
    );
    assert!(page(&files, "incidents/index.html").contains("<caption>"));
}

#[test]
fn a_missing_theme_is_a_clear_error() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::write(site.path().join("content/site.yaml"), "theme: nope\n").unwrap();
    let cfg = config(site.path());
    let report = opsloop::analyze::Report::default();
    let ds = dataset();
    let diags = diagnostics();
    let input = opsloop::site::SiteInput::new(&cfg, &ds, &report, &[], &diags);
    let err = format!("{:#}", opsloop::site::render(&input).unwrap_err());
    assert!(
        err.contains("themes/nope") && err.contains("does not exist"),
        "{err}"
    );
}

/// `search: false` in site.yaml: no index files, no search page, no search box.
#[test]
fn search_can_be_switched_off() {
    for search in [true, false] {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        let yaml = format!("search: {search}\n");
        std::fs::write(site.path().join("content/site.yaml"), yaml).unwrap();
        let cfg = config(site.path());
        opsloop::build::run(&cfg, true).unwrap();
        let files = tree(&cfg.output_dir);
        let index = String::from_utf8(files["index.html"].clone()).unwrap();
        assert_eq!(files.contains_key("search/manifest.js"), search);
        assert_eq!(files.contains_key("search/index.html"), search);
        assert_eq!(index.contains("class=\"search-box\""), search);
    }
}
