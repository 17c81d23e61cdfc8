//! Hostile and messy inputs (tests/fixtures/hostile): every file gets its exact
//! diagnostic, every row is accounted for, nothing is read from outside content/, and
//! the site built from hostile records publishes no script, no unsafe link and no
//! duplicate anchor.

use opsloop::config::{Config, Overrides};
use opsloop::diagnostics::{Diagnostic, Diagnostics, Severity};
use std::collections::BTreeSet;
use std::path::Path;

/// A site whose content/data holds the files of tests/fixtures/hostile/data.
fn data_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("content/data");
    std::fs::create_dir_all(&data).unwrap();
    for e in std::fs::read_dir("tests/fixtures/hostile/data").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    dir
}

fn ingest(root: &Path) -> Diagnostics {
    let config = Config::load(root, &Overrides::default()).unwrap();
    opsloop::ingest::ingest(&config).unwrap().1
}

fn of<'a>(d: &'a Diagnostics, file: &str) -> Vec<&'a Diagnostic> {
    d.diagnostics.iter().filter(|x| x.file == file).collect()
}

/// (severity, line, column, message) of every diagnostic for `file`, in order.
fn found(d: &Diagnostics, file: &str) -> Vec<(Severity, usize, usize, String)> {
    of(d, file)
        .into_iter()
        .map(|x| (x.severity, x.line, x.column, x.message.clone()))
        .collect()
}

fn e(line: usize, col: usize, msg: &str) -> (Severity, usize, usize, String) {
    (Severity::Error, line, col, msg.to_string())
}

fn w(line: usize, col: usize, msg: &str) -> (Severity, usize, usize, String) {
    (Severity::Warning, line, col, msg.to_string())
}

const NOT_TEXT: &str = "this is not a text file; expected UTF-8, UTF-16 or Windows-1252 text \
                        (set `encoding` on the source if it is another one)";

#[test]
fn dates_outside_1970_to_2099_are_rejected_with_the_raw_value() {
    let site = data_site();
    let d = ingest(site.path());
    let range = |raw: &str, year: i32| {
        format!(
            "created_at: `{raw}` is not a valid date (year {year} is outside 1970-2099, \
             the years opsloop accepts); row skipped"
        )
    };
    assert_eq!(
        found(&d, "content/data/dates_out_of_range.csv"),
        vec![
            e(2, 6, &range("0000-01-01T00:00:00Z", 0)),
            e(3, 6, &range("9999-12-31T23:59:59Z", 9999)),
            e(4, 6, &range("100000000000000000000", 5138)),
            e(
                5,
                6,
                "created_at: `-86400` is not a date; expected a date such as 2025-03-04T15:20:00Z, \
                 2025-03-04 15:20, 04-03-2025 15:20, 04/Mar/25 3:20 PM, Tue, 4 Mar 2025 15:20:00 +0000, \
                 or Unix seconds/milliseconds; row skipped"
            ),
            w(
                6,
                7,
                "resolved_at: `9999-01-01T00:00:00Z` is not a valid date (year 9999 is outside \
                 1970-2099, the years opsloop accepts); field dropped, record kept"
            ),
        ]
    );
}

#[test]
fn nul_bytes_make_a_file_binary_unless_it_is_utf16() {
    let site = data_site();
    let d = ingest(site.path());
    assert_eq!(
        found(&d, "content/data/nul_byte.csv"),
        vec![e(
            0,
            0,
            &format!("NUL byte at line 2, column 8: {NOT_TEXT}")
        )]
    );
    assert_eq!(
        found(&d, "content/data/binary.json"),
        vec![e(
            0,
            0,
            &format!("NUL byte at line 3, column 1: {NOT_TEXT}")
        )]
    );
    // UTF-16 without a byte-order mark is decoded, not rejected.
    assert!(found(&d, "content/data/utf16le_no_bom.csv").is_empty());
    let config = Config::load(site.path(), &Overrides::default()).unwrap();
    let (ds, _) = opsloop::ingest::ingest(&config).unwrap();
    assert!(
        ds.incidents
            .iter()
            .any(|i| i.id == "U-1" && i.title == "Sixteen")
    );
    assert!(!ds.incidents.iter().any(|i| i.title.contains('\0')));
}

#[test]
fn ragged_rows_and_repeated_columns_are_warned_about() {
    let site = data_site();
    let d = ingest(site.path());
    assert_eq!(
        found(&d, "content/data/ragged.csv"),
        vec![
            w(
                2,
                8,
                "row has 9 cells but the header has 7; cells after column 7 ignored"
            ),
            w(
                3,
                4,
                "row has 3 cells but the header has 7; the missing cells are read as empty"
            ),
            e(
                3,
                6,
                "missing required field `created_at` (column `created_at` is empty or a \
                 missing-value marker); row skipped"
            ),
        ]
    );
    // `labels` may repeat (Jira); a repeated `title` may hide a value.
    assert_eq!(
        found(&d, "content/data/repeated_column.csv"),
        vec![w(
            1,
            3,
            "column `title` appears again (first at column 2); only the first non-empty cell of a row is read"
        )]
    );
    assert!(found(&d, "content/data/header_only.csv").is_empty());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let site = data_site();
    let data = site.path().join("content/data");
    std::os::unix::fs::symlink("/etc/passwd", data.join("passwd.csv")).unwrap();
    std::os::unix::fs::symlink("/etc", data.join("etc")).unwrap();
    let d = ingest(site.path());
    let msg = "symbolic link not read; opsloop reads only regular files inside content/ \
               (copy the file here instead)";
    assert_eq!(found(&d, "content/data/passwd.csv"), vec![w(0, 0, msg)]);
    assert_eq!(found(&d, "content/data/etc"), vec![w(0, 0, msg)]);
    assert!(!d.sources.iter().any(|s| s.path.contains("passwd")));
}

#[test]
fn every_row_is_a_record_or_a_counted_skip() {
    let site = data_site();
    let d = ingest(site.path());
    assert!(d.sources.len() >= 5, "{:?}", d.sources);
    for s in &d.sources {
        assert!(s.accounts_for_every_row(), "{s:?}");
    }
    let s = |f: &str| {
        d.sources
            .iter()
            .find(|s| s.path == format!("content/data/{f}"))
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            s("dates_out_of_range.csv").rows,
            s("dates_out_of_range.csv").records
        ),
        (5, 1)
    );
    assert_eq!((s("ragged.csv").rows, s("ragged.csv").records), (3, 2));
    assert_eq!(
        (s("header_only.csv").rows, s("header_only.csv").records),
        (0, 0)
    );
}

#[test]
fn sources_outside_content_are_refused() {
    let d = ingest(Path::new("tests/fixtures/hostile/outside"));
    let outside = |i: usize, p: &str| {
        e(
            0,
            0,
            &format!(
                "sources[{i}].path: `{p}` points outside content/; sources are read only from \
                 files inside content/ (copy the export into content/data/)"
            ),
        )
    };
    assert_eq!(
        found(&d, "content/site.yaml"),
        vec![
            outside(0, "../outside.csv"),
            outside(1, "/etc/passwd"),
            w(
                0,
                0,
                "sources[2].path: `data/none-*.csv` matches no file under content/"
            ),
        ]
    );
    let paths: Vec<&str> = d.sources.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, ["content/data/a.csv"]);
}

/// Every file of a built site, by path relative to the output directory.
fn build_site(root: &Path, out: &Path) -> Vec<(String, String)> {
    let overrides = Overrides {
        output: Some(out.to_path_buf()),
        ..Overrides::default()
    };
    let config = Config::load(root, &overrides).unwrap();
    opsloop::build::run(&config, true).expect("hostile records still build a site");
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap();
            let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            (rel.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

#[test]
fn hostile_ids_urls_and_slugs_build_a_safe_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let files = build_site(Path::new("tests/fixtures/hostile/site"), &out);
    // Nothing written beside the output directory.
    let beside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["public"]);
    let paths: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    // `a/b` (site.yaml) and `a-b` (front matter) are one theme with one page.
    assert!(paths.contains("themes/a-b/index.html"), "{paths:?}");
    assert!(paths.contains("postmortems/evil/index.html"), "{paths:?}");
    let id = regex::Regex::new(r#"\sid="([^"]*)""#).unwrap();
    let bad_href =
        regex::Regex::new(r#"(?i)(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):"#).unwrap();
    for (path, text) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let mut seen = BTreeSet::new();
        for c in id.captures_iter(text) {
            assert!(
                seen.insert(c[1].to_string()),
                "{path}: id `{}` twice",
                &c[1]
            );
        }
        assert!(!bad_href.is_match(text), "{path}: unsafe URL published");
        assert!(!text.contains("<script>alert"), "{path}: live script");
        assert!(!text.contains("\"><script"), "{path}: attribute break-out");
    }
    // The three ids that slugify alike each get their own anchor.
    let incidents = &files
        .iter()
        .find(|(p, _)| p == "incidents/index.html")
        .unwrap()
        .1;
    let anchors: BTreeSet<String> = id
        .captures_iter(incidents)
        .map(|c| c[1].to_string())
        .filter(|a| a.starts_with("incident-a-b"))
        .collect();
    assert_eq!(anchors.len(), 3, "{anchors:?}");
    assert!(
        anchors.contains("incident-a-b"),
        "clean ids keep their plain anchor"
    );
}

#[test]
fn a_far_as_of_is_a_config_error_not_a_hang() {
    let site = data_site();
    for (flag, yaml) in [(Some("9999-12-31"), ""), (None, "as_of: \"0001-01-01\"\n")] {
        std::fs::write(site.path().join("content/site.yaml"), yaml).unwrap();
        let overrides = Overrides {
            as_of: flag.map(str::to_string),
            ..Overrides::default()
        };
        let err = Config::load(site.path(), &overrides).unwrap_err();
        let raw = flag.unwrap_or("0001-01-01");
        assert_eq!(
            (err.file.as_str(), err.message),
            (
                "content/site.yaml",
                format!(
                    "as_of: `{raw}` is not a date between 1970-01-01 and 2099-12-31 (expected YYYY-MM-DD)"
                )
            )
        );
    }
}

#[test]
fn a_theme_pattern_that_does_not_compile_is_a_config_error() {
    let site = data_site();
    for (pattern, why) in [
        ("(unclosed", "error: unclosed group"),
        ("(a{1000}){1000}", "exceeds size limit"),
    ] {
        let yaml = format!(
            "themes:\n  - slug: ok\n    match:\n      title: ['fine']\n  - slug: bad\n    match:\n      title: ['x', '{pattern}']\n"
        );
        std::fs::write(site.path().join("content/site.yaml"), yaml).unwrap();
        let err = Config::load(site.path(), &Overrides::default()).unwrap_err();
        assert_eq!(err.file, "content/site.yaml");
        let prefix =
            format!("themes[1].match.title[1]: `{pattern}` is not a valid regular expression (");
        assert!(err.message.starts_with(&prefix), "{}", err.message);
        assert!(err.message.contains(why), "{}", err.message);
    }
}

#[test]
fn ids_are_percent_encoded_into_link_templates() {
    let site = data_site();
    let data = site.path().join("content/data");
    for e in std::fs::read_dir(&data).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    std::fs::write(
        data.join("incidents.csv"),
        "id,title,services,severity,status,created_at,resolved_at\n../../admin?x=1#top,Traversal,q,P2,open,2025-03-04T10:00:00Z,\nINC 7,Space,q,P2,open,2025-03-04T10:00:00Z,\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/site.yaml"),
        "links:\n  incident: \"https://tool.example/browse/{id}\"\n",
    )
    .unwrap();
    let config = Config::load(site.path(), &Overrides::default()).unwrap();
    opsloop::build::run(&config, true).unwrap();
    let page = std::fs::read_to_string(config.output_dir.join("incidents/index.html")).unwrap();
    for href in [
        "https://tool.example/browse/..%2F..%2Fadmin%3Fx%3D1%23top",
        "https://tool.example/browse/INC%207",
    ] {
        assert!(
            page.contains(&format!("href=\"{href}\"")),
            "{href} in {page}"
        );
    }
}

#[test]
fn many_ragged_rows_are_listed_up_to_twenty_then_counted() {
    let site = data_site();
    let d = ingest(site.path());
    let got = found(&d, "content/data/trailing_delimiter.csv");
    assert_eq!(got.len(), 21, "{got:#?}");
    assert_eq!(
        got[0],
        w(
            0,
            0,
            "5 more rows have more or fewer cells than the header (the first 20 are listed)"
        )
    );
    assert_eq!(
        got[1],
        w(
            2,
            8,
            "row has 8 cells but the header has 7; cells after column 7 ignored"
        )
    );
    assert_eq!(got[20].1, 21);
    let s = d
        .sources
        .iter()
        .find(|s| s.path.ends_with("trailing_delimiter.csv"))
        .unwrap();
    assert_eq!((s.rows, s.records), (25, 25));
}

#[cfg(unix)]
#[test]
fn symbolic_links_among_postmortems_are_reported_not_followed() {
    let site = data_site();
    let pms = site.path().join("content/postmortems");
    std::fs::create_dir_all(&pms).unwrap();
    std::os::unix::fs::symlink("/dev/zero", pms.join("2025-03-04-zero.md")).unwrap();
    let d = ingest(site.path());
    assert_eq!(
        found(&d, "content/postmortems/2025-03-04-zero.md"),
        vec![e(
            0,
            0,
            "cannot read file: symbolic link not followed; opsloop reads only regular files \
             inside content/, copy the file here instead (expected a Markdown file)"
        )]
    );
    let s = d
        .sources
        .iter()
        .find(|s| s.path == "content/postmortems/")
        .unwrap();
    assert!(s.accounts_for_every_row() && s.rows == 1, "{s:?}");
}

#[test]
fn a_datadog_series_without_points_is_reported_not_dropped() {
    let site = data_site();
    let d = ingest(site.path());
    let msg = "series has no `pointlist` array (expected [[unix_ms, value], ...]); skipped";
    assert_eq!(
        found(&d, "content/data/datadog_bad_series.json"),
        vec![e(1, 0, msg), e(1, 0, msg)]
    );
    let s = d
        .sources
        .iter()
        .find(|s| s.path.ends_with("datadog_bad_series.json"))
        .unwrap();
    assert_eq!((s.rows, s.records), (4, 1), "{s:?}");
    assert_eq!(s.skipped.get("bad series"), Some(&2));
    assert!(s.accounts_for_every_row());
}

#[test]
fn the_output_never_replaces_the_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let data = root.join("content/data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        "tests/fixtures/hostile/outside/content/data/a.csv",
        data.join("a.csv"),
    )
    .unwrap();
    for out in [
        root.clone(),
        tmp.path().to_path_buf(),
        root.join("content"),
        root.join("content/data/public"),
        root.join("public/../content"),
    ] {
        let overrides = Overrides {
            output: Some(out.clone()),
            ..Overrides::default()
        };
        let config = Config::load(&root, &overrides).unwrap();
        let err = match opsloop::build::run(&config, true) {
            Ok(_) => panic!("wrote the site to {}", out.display()),
            Err(e) => format!("{e:#}"),
        };
        assert!(
            err.starts_with(&format!(
                "refusing to write the site to {}: the whole folder is replaced",
                out.display()
            )),
            "{err}"
        );
        assert!(
            data.join("a.csv").exists(),
            "sources deleted by --output {}",
            out.display()
        );
    }
    // A separate folder, even beside the root, is fine.
    let overrides = Overrides {
        output: Some(tmp.path().join("public")),
        ..Overrides::default()
    };
    let config = Config::load(&root, &overrides).unwrap();
    opsloop::build::run(&config, true).unwrap();
    assert!(tmp.path().join("public/index.html").exists());
}

#[test]
fn check_json_on_hostile_files_exits_1_and_accounts_for_every_row() {
    let site = data_site();
    let out = assert_cmd::Command::cargo_bin("opsloop")
        .unwrap()
        .args(["check", "--json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = json["sources"].as_array().unwrap();
    assert!(sources.len() >= 8, "{sources:?}");
    for s in sources {
        let skipped: u64 = s["skipped"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(
            s["rows"].as_u64().unwrap(),
            s["records"].as_u64().unwrap() + skipped,
            "{s}"
        );
    }
    for d in json["diagnostics"].as_array().unwrap() {
        assert!(d["file"].as_str().unwrap().starts_with("content/"), "{d}");
    }
}

#[test]
fn a_truncated_csv_says_where_the_open_quote_starts() {
    let site = data_site();
    let d = ingest(site.path());
    assert_eq!(
        found(&d, "content/data/truncated.csv"),
        vec![
            w(
                3,
                3,
                "row has 2 cells but the header has 7; the missing cells are read as empty"
            ),
            w(
                3,
                5,
                "a quoted cell opens here and is never closed (is the file truncated?); \
                 the rest of the file was read as this one cell"
            ),
            e(
                3,
                6,
                "missing required field `created_at` (column `created_at` is empty or a \
                 missing-value marker); row skipped"
            ),
        ]
    );
}
