//! The search index end to end on the Rust side: a small multilingual corpus (also the
//! fixture tests/browser/search-unit.test.mjs queries with search.js), and shard budgets
//! on a large synthetic corpus.

use chrono::NaiveDate;
use opsloop::search::corpus::Corpus;
use opsloop::search::documents::{Doc, DocLink, Facets, Kind};
use opsloop::search::{build_index, fold, shards};
use std::collections::BTreeSet;
use std::path::Path;

fn doc(kind: Kind, title: &str, body: &str, date: Option<&str>, url: &str) -> Doc<'static> {
    Doc {
        body: vec![body.to_string().into()].into(),
        date: date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        snippet: body.chars().take(300).collect(),
        ..Doc::new(kind, title.to_string(), url.to_string())
    }
}

/// The fixture corpus, in index order (kind, newest first).
fn corpus() -> (Vec<Doc<'static>>, Facets) {
    let mut docs = vec![
        doc(
            Kind::Postmortem,
            "DNS resolver outage in Äänekoski",
            "Kaikki palvelut olivat alhaalla, koska DNS-palvelin ei vastannut. The resolver cache expired during the migration.",
            Some("2025-04-10"),
            "postmortems/dns-resolver-outage/",
        ),
        doc(
            Kind::Postmortem,
            "Caída del servicio de pagos",
            "El corazón del sistema de pagos falló durante la migración de la base de datos.",
            Some("2024-11-02"),
            "postmortems/caida-pagos/",
        ),
        doc(
            Kind::Incident,
            "DNS timeouts on api-gateway",
            "sev2 · api-gateway · dns",
            Some("2025-03-01"),
            "incidents/#incident-pd-1",
        ),
        doc(
            Kind::Incident,
            "Straße lookup failures in geocoder",
            "sev3 · geocoder",
            Some("2025-01-15"),
            "incidents/#incident-pd-2",
        ),
        doc(
            Kind::Incident,
            "Disk full on db-3",
            "sev2 · database · dns cache logs",
            Some("2024-06-20"),
            "incidents/page/2/#incident-pd-3",
        ),
        doc(
            Kind::Action,
            "Add DNS failover runbook",
            "Maija · open · due 2025-05-01",
            Some("2025-05-01"),
            "actions/#action-dns-resolver-outage-1",
        ),
        doc(
            Kind::Theme,
            "DNS",
            "Name resolution problems: resolvers, caches, zones.",
            None,
            "themes/dns/",
        ),
        doc(
            Kind::Win,
            "Rollbacks now take two minutes",
            "Deploy rollback time fell from 25 to 2 minutes.",
            Some("2025-02-01"),
            "wins/#win-fast-rollbacks",
        ),
        doc(
            Kind::Chart,
            "Time to restore by month",
            "Median time to restore fell; beyond noise.",
            None,
            "charts/ttr-by-month/",
        ),
        doc(
            Kind::Ticket,
            "Customer cannot pay with card <script>",
            "JIRA-12",
            Some("2025-03-02"),
            "",
        ),
    ];
    // The ticket links through a template, as ticket documents do where that is safe.
    let ticket = docs.last_mut().unwrap();
    ticket.url = DocLink::Template(0, "JIRA-12".into());
    let services = [
        &["dns"][..],
        &["payments"],
        &["api-gateway"],
        &["geocoder"],
        &["database"],
        &[],
        &[],
        &[],
        &[],
        &[],
    ];
    let themes = [
        &["dns"][..],
        &["payments"],
        &["dns"],
        &[],
        &[],
        &["dns"],
        &["dns"],
        &[],
        &[],
        &[],
    ];
    for (i, d) in docs.iter_mut().enumerate() {
        d.services = services[i].iter().map(|s| s.to_string()).collect();
        d.themes = themes[i].iter().map(|s| s.to_string()).collect();
    }
    let mut facets = Facets::default();
    for s in ["dns", "payments", "api-gateway", "geocoder", "database"] {
        facets.services.insert(s.into(), s.into());
    }
    facets.themes.insert("dns".into(), "DNS".into());
    facets.themes.insert("payments".into(), "Payments".into());
    (docs, facets)
}

/// The fixture corpus with the link template its ticket links through.
fn fixture(docs: &[Doc<'static>]) -> Corpus<'static> {
    Corpus::new(docs.to_vec()).with_templates(vec!["https://jira.example.com/browse/{id}".into()])
}

/// search.js is tested against this index; the committed copy must be what the code
/// writes today. `UPDATE_SEARCH_FIXTURE=1 cargo test --test search_index` refreshes it.
#[test]
fn browser_fixture_is_current() {
    let (docs, facets) = corpus();
    let built = build_index(&fixture(&docs), &facets);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/fixtures/search-site");
    if std::env::var_os("UPDATE_SEARCH_FIXTURE").is_some() {
        let _ = std::fs::remove_dir_all(dir.join("search"));
        for f in &built.sharded.files {
            let p = dir.join(&f.path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &f.bytes).unwrap();
        }
    }
    for f in &built.sharded.files {
        let committed = std::fs::read(dir.join(&f.path))
            .unwrap_or_else(|_| panic!("{} missing; run with UPDATE_SEARCH_FIXTURE=1", f.path));
        assert!(
            committed == f.bytes,
            "{} is stale; run with UPDATE_SEARCH_FIXTURE=1",
            f.path
        );
    }
}

#[test]
fn output_is_deterministic() {
    let (docs, facets) = corpus();
    let a = build_index(&fixture(&docs), &facets).sharded.files;
    let b = build_index(&fixture(&docs), &facets).sharded.files;
    assert_eq!(a, b);
    let paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        ["search/manifest.js", "search/t/0.js", "search/d/0.js"]
    );
}

#[test]
fn accent_free_spellings_and_prefixes_download_something() {
    let (docs, facets) = corpus();
    let built = build_index(&fixture(&docs), &facets);
    let terms: BTreeSet<&str> = built.index.terms().map(|e| e.term).collect();
    for w in [
        "aanekoski",
        "caida",
        "corazon",
        "strasse",
        "migracion",
        "~s:api-gateway",
        "~t:dns",
    ] {
        assert!(terms.contains(w), "{w}");
    }
    // A query always downloads the manifest and a term shard; only a query that matches
    // also downloads the doc shard of its results.
    let nothing = built.query_download("qqqqqq");
    assert!(nothing > built.stats().manifest_gz);
    assert!(
        built.query_download("aanekos") > nothing,
        "a typed prefix finds the document"
    );
    assert_eq!(
        built.query_download("aanekos "),
        nothing,
        "whole words only"
    );
}

/// search.js expands the last word as a prefix only when its terms span at most
/// MAX_PREFIX_SHARDS term shards, and otherwise looks it up whole; so does the download
/// figure.
#[test]
fn a_prefix_spanning_too_many_shards_is_looked_up_whole() {
    let words: Vec<String> = (0..30_000).map(|i| format!("a{i}")).collect();
    let docs = [doc(Kind::Postmortem, "x", &words.join(" "), None, "p/")];
    let built = build_index(&Corpus::new(docs.to_vec()), &Facets::default());
    assert!(
        built.sharded.starts.len() > opsloop::search::MAX_PREFIX_SHARDS + 1,
        "{} term shards",
        built.sharded.starts.len()
    );
    assert_eq!(built.query_download("a"), built.query_download("a "));
}

/// A deterministic pseudo-random word source, so the corpus has a realistic long tail.
struct Words(u64);

impl Words {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Zipf (s = 1) over a 200k-word vocabulary: log-uniform ranks, so a few words are
    /// very common and the tail is long, as in real titles (ids and hostnames included).
    fn word(&mut self) -> String {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let rank = 200_000f64.powf(u) as u64;
        const SYL: [&str; 16] = [
            "ka", "lo", "mi", "ne", "ru", "ta", "si", "po", "dn", "sa", "ve", "zo", "gu", "fe",
            "ba", "ho",
        ];
        let mut n = rank;
        let mut s = String::new();
        loop {
            s.push_str(SYL[(n % 16) as usize]);
            n /= 16;
            if n == 0 {
                break;
            }
        }
        s
    }

    fn text(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

/// ~50k documents shaped like scale L's mix (mostly short ticket and incident titles,
/// some long postmortems): every shard stays within its gzip budget, every term is in
/// exactly one shard, and a cold first query stays far below 150 KB.
#[test]
fn shard_budgets_hold_for_50k_documents() {
    let mut w = Words(0x9E37_79B9_7F4A_7C15);
    let mut docs = Vec::new();
    for i in 0..500 {
        docs.push(doc(
            Kind::Postmortem,
            &w.text(6),
            &w.text(800),
            Some("2024-01-01"),
            &format!("postmortems/p{i}/"),
        ));
    }
    for i in 0..15_000 {
        docs.push(doc(
            Kind::Incident,
            &w.text(7),
            &w.text(4),
            Some("2023-05-05"),
            &format!("incidents/page/{}/#incident-{i}", i / 100 + 1),
        ));
    }
    for i in 0..35_000 {
        docs.push(doc(
            Kind::Ticket,
            &w.text(8),
            &w.text(2),
            Some("2022-02-02"),
            &format!("https://t.example/{i}"),
        ));
    }
    // Facets scattered at random, as real services and themes are.
    for d in docs.iter_mut() {
        d.services = vec![format!("svc{}", w.next() % 40)];
        d.themes = vec![format!("theme{}", w.next() % 12)];
    }
    let built = build_index(&Corpus::new(docs.clone()), &Facets::default());
    let s = built.stats().clone();
    eprintln!("{s:?}");
    assert_eq!(s.docs, 50_500);
    assert!(s.term_shards > 10, "{s:?}");
    assert!(
        s.largest_multi_term_shard_gz <= shards::TERM_SHARD_GZ,
        "{s:?}"
    );
    assert!(s.largest_term_shard_gz <= 64 * 1024, "{s:?}");
    assert!(s.largest_doc_shard_gz <= 8 * 1024, "{s:?}");
    assert!(s.manifest_gz <= 16 * 1024, "{s:?}");

    // Every term sits in exactly one shard: the shard the manifest's boundaries point to.
    let sharded = &built.sharded;
    let mut seen = 0;
    for (n, f) in sharded.files.iter().enumerate().skip(1).take(s.term_shards) {
        let text = String::from_utf8(f.bytes.clone()).unwrap();
        let json = text
            .strip_prefix(&format!("window.__opsloopSearch.shard({},", n - 1))
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap();
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        for term in map.keys() {
            let owner = sharded
                .starts
                .partition_point(|b| fold::js_cmp(b, term).is_le())
                - 1;
            assert_eq!(owner, n - 1, "{term}");
        }
        seen += map.len();
    }
    assert_eq!(seen, s.terms);

    for q in ["kaka", "lo mi", "ne", "dnru kalo", "zzzz"] {
        let bytes = built.query_download(q);
        assert!(bytes <= 150 * 1024, "{q}: {bytes}");
    }
}

/// Scale L of DESIGN.md (100k incidents, 1M tickets, 2k postmortems): prints the figures
/// the benchmark reports. Not run by default (minutes in a debug build):
/// `cargo test --release --test search_index -- --ignored --nocapture scale_l`
#[test]
#[ignore]
fn scale_l_figures() {
    let t0 = std::time::Instant::now();
    let mut w = Words(0x2545_F491_4F6C_DD1D);
    let mut docs = Vec::with_capacity(1_102_000);
    for i in 0..2_000 {
        docs.push(doc(
            Kind::Postmortem,
            &w.text(6),
            &w.text(1200),
            Some("2024-01-01"),
            &format!("postmortems/p{i}/"),
        ));
    }
    for i in 0..100_000 {
        let date = format!("{}-05-05", 2020 + i % 5);
        docs.push(doc(
            Kind::Incident,
            &w.text(7),
            &w.text(4),
            Some(&date),
            &format!("incidents/page/{}/#incident-{i}", i / 100 + 1),
        ));
    }
    for i in 0..1_000_000 {
        let date = format!("{}-02-02", 2020 + i % 5);
        docs.push(doc(
            Kind::Ticket,
            &w.text(8),
            &w.text(2),
            Some(&date),
            &format!("https://t.example/{i}"),
        ));
    }
    // Facets scattered at random, as real services and themes are.
    for d in docs.iter_mut() {
        d.services = vec![format!("svc{}", w.next() % 40)];
        d.themes = vec![format!("theme{}", w.next() % 12)];
    }
    docs.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.date.cmp(&a.date)));
    let generated = t0.elapsed();
    let t1 = std::time::Instant::now();
    let index = opsloop::search::index::build(&Corpus::new(docs.clone()));
    println!("inverted index {:?}", t1.elapsed());
    let t = std::time::Instant::now();
    drop(shards::write(
        &index,
        &Corpus::new(docs.clone()),
        &Facets::default(),
    ));
    println!("shard files {:?}", t.elapsed());
    drop(index);
    let t1 = std::time::Instant::now();
    let built = build_index(&Corpus::new(docs.clone()), &Facets::default());
    let indexed = t1.elapsed();
    let t2 = std::time::Instant::now();
    let stats = built.stats().clone();
    println!(
        "generate {generated:?}, index+shard (what a build pays) {indexed:?}, gzip for stats {:?}",
        t2.elapsed()
    );
    println!("{stats:?}");
    let mut worst = 0;
    for q in [
        "ka",
        "kalo",
        "lo mi",
        "dnru kalo sisa",
        "ne",
        "zzzz",
        "kakaka loru",
    ] {
        let kb = built.query_download(q) as f64 / 1024.0;
        println!("first query {q:?}: {kb:.1} KB gz");
        worst = worst.max(built.query_download(q));
    }
    for facet in ["~s:svc7", "~t:theme3"] {
        let e = built.index.terms().find(|e| e.term == facet).unwrap();
        println!("facet {facet}: {} docs", e.postings.len());
    }
    assert!(worst <= 150 * 1024, "first query downloads {worst} bytes");
}

/// search.js copies these constants (tests/search_template.rs checks its page); a change on
/// one side alone must fail here.
#[test]
fn search_js_has_the_constants_of_the_index() {
    let js = include_str!("../themes/default/static/search.js");
    for line in [
        format!("var FORMAT = {};", shards::FORMAT_VERSION),
        format!("var PER_PAGE = {};", opsloop::search::RESULTS_PER_PAGE),
        format!(
            "var MAX_PREFIX_SHARDS = {};",
            opsloop::search::MAX_PREFIX_SHARDS
        ),
        format!("var MAX_TOKEN_CHARS = {};", fold::MAX_TOKEN_CHARS),
    ] {
        assert!(js.contains(&line), "search.js lacks `{line}`");
    }
}
