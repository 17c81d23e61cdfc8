//! The index as small self-registering JavaScript files under `search/`:
//!
//! - `manifest.js`: shard boundaries, doc-shard sizes, (kind, year) doc-id ranges and the
//!   filter values; loaded first, small.
//! - `t/<n>.js`: a run of consecutive terms (JavaScript string order) with their postings,
//!   `"term":[df, doc-delta, score, doc-delta, score, …]`; facet terms carry doc deltas only.
//! - `d/<n>.js`: a run of consecutive documents, `[kind, title, date, url, snippet]`.
//!
//! Each file calls `window.__opsloopSearch.<manifest|shard|docs>(…)` when a script tag loads
//! it, which is what lets search work from file:// where fetch() is not allowed.

use super::documents::{Doc, Facets, Kind};
use super::index::{FACET_MARK, Index, MAX_POSTINGS, SCORE_SCALE, TermEntry};
use crate::output::OutputFile;
use chrono::Datelike;
use flate2::Compression;
use flate2::write::GzEncoder;
use rayon::prelude::*;
use serde_json::json;
use std::fmt::Write as _;
use std::io::Write as _;

/// Raw bytes per term shard before it is closed (about 25-35 KB gzipped).
pub const TERM_SHARD_RAW: usize = 96 * 1024;
/// Hard limit per term shard, gzipped; a shard above it is split (unless it is one term).
pub const TERM_SHARD_GZ: usize = 48 * 1024;
/// Raw bytes per doc shard: small, because the top ten results may sit in ten shards.
pub const DOC_SHARD_RAW: usize = 12 * 1024;

/// Sizes the benchmark reports and the tests hold to budgets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub docs: usize,
    pub terms: usize,
    pub term_shards: usize,
    pub doc_shards: usize,
    pub manifest_gz: usize,
    pub largest_term_shard_gz: usize,
    /// The largest shard holding more than one term (the split rule's guarantee).
    pub largest_multi_term_shard_gz: usize,
    pub largest_doc_shard_gz: usize,
    pub total_gz: usize,
}

/// The index files, and where each term and document went.
pub struct Sharded {
    /// Manifest, then term shards `t/0.js…`, then doc shards `d/0.js…`.
    pub files: Vec<OutputFile>,
    /// First term of every term shard (the first is "").
    pub starts: Vec<String>,
    /// First doc id of every doc shard.
    pub doc_starts: Vec<u32>,
    /// Terms in each term shard.
    pub terms_per_shard: Vec<usize>,
    pub terms: usize,
    pub docs: usize,
}

/// Writes the manifest, term shards and doc shards of `index` over `docs`.
pub fn write(index: &Index, docs: &[Doc], facets: &Facets) -> Sharded {
    let entries: Vec<String> = index.terms.par_iter().map(encode_term).collect();
    let groups = split_to_budget(pack(&entries, TERM_SHARD_RAW), &entries);
    let term_bodies: Vec<String> = groups
        .par_iter()
        .enumerate()
        .map(|(n, r)| shard_js("shard", n, &entries[r.clone()], '{', '}'))
        .collect();
    drop(entries);
    let doc_entries: Vec<String> = docs.par_iter().map(encode_doc).collect();
    let doc_groups = pack(&doc_entries, DOC_SHARD_RAW);
    let doc_bodies: Vec<String> = doc_groups
        .par_iter()
        .enumerate()
        .map(|(n, r)| shard_js("docs", n, &doc_entries[r.clone()], '[', ']'))
        .collect();
    drop(doc_entries);
    let starts: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(n, r)| {
            if n == 0 {
                String::new()
            } else {
                index.terms[r.start].term.clone()
            }
        })
        .collect();
    let manifest = manifest_js(index, docs, facets, &starts, &doc_groups);
    let mut files = Vec::with_capacity(1 + term_bodies.len() + doc_bodies.len());
    files.push(OutputFile::new("search/manifest.js", manifest));
    for (n, b) in term_bodies.into_iter().enumerate() {
        files.push(OutputFile::new(format!("search/t/{n}.js"), b));
    }
    for (n, b) in doc_bodies.into_iter().enumerate() {
        files.push(OutputFile::new(format!("search/d/{n}.js"), b));
    }
    Sharded {
        files,
        starts,
        doc_starts: doc_groups.iter().map(|r| r.start as u32).collect(),
        terms_per_shard: groups.iter().map(|r| r.len()).collect(),
        terms: index.terms.len(),
        docs: docs.len(),
    }
}

/// Gzipped size of every file (same order as `files`) and the summary the benchmark
/// reports. Separate from [`write`] because a build does not need it.
pub fn measure(s: &Sharded) -> (Vec<usize>, Stats) {
    let gz: Vec<usize> = s.files.par_iter().map(|f| gzip_len(&f.bytes)).collect();
    let n_terms = s.terms_per_shard.len();
    let term_gz = &gz[1..1 + n_terms];
    let stats = Stats {
        docs: s.docs,
        terms: s.terms,
        term_shards: n_terms,
        doc_shards: s.doc_starts.len(),
        manifest_gz: gz[0],
        largest_term_shard_gz: term_gz.iter().copied().max().unwrap_or(0),
        largest_multi_term_shard_gz: s
            .terms_per_shard
            .iter()
            .zip(term_gz)
            .filter(|(n, _)| **n > 1)
            .map(|(_, &g)| g)
            .max()
            .unwrap_or(0),
        largest_doc_shard_gz: gz[1 + n_terms..].iter().copied().max().unwrap_or(0),
        total_gz: gz.iter().sum(),
    };
    (gz, stats)
}

/// `"term":[df,delta,score,…]`, or `"term":[df,delta,…]` for a facet term.
fn encode_term(e: &TermEntry) -> String {
    let facet = e.term.starts_with(FACET_MARK);
    let mut s = String::with_capacity(e.term.len() + 8 + e.postings.len() * 8);
    s.push_str(&serde_json::to_string(&e.term).expect("a string serialises"));
    let _ = write!(s, ":[{}", e.df);
    let mut prev = 0;
    for p in &e.postings {
        let _ = write!(s, ",{}", p.doc - prev);
        prev = p.doc;
        if !facet {
            let _ = write!(s, ",{}", p.score);
        }
    }
    s.push(']');
    s
}

fn encode_doc(d: &Doc) -> String {
    let date = d.date.map(|d| d.to_string()).unwrap_or_default();
    json!([d.kind.index(), d.title, date, d.url, d.snippet]).to_string()
}

/// Consecutive runs of `entries` of at most `budget` bytes each (a longer entry alone).
fn pack(entries: &[String], budget: usize) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, e) in entries.iter().enumerate() {
        if i > start && size + e.len() + 1 > budget {
            groups.push(start..i);
            start = i;
            size = 0;
        }
        size += e.len() + 1;
    }
    if start < entries.len() || groups.is_empty() {
        groups.push(start..entries.len());
    }
    groups
}

/// Halves any run whose shard would gzip above [`TERM_SHARD_GZ`] (rare: text that
/// compresses badly) until it fits or is a single term. Measured with the fastest gzip
/// level, which is cheaper and (in practice) compresses less than the default level, so
/// the check errs on the safe side.
fn split_to_budget(
    groups: Vec<std::ops::Range<usize>>,
    entries: &[String],
) -> Vec<std::ops::Range<usize>> {
    let too_big = |r: &std::ops::Range<usize>| {
        let js = shard_js("shard", 0, &entries[r.clone()], '{', '}');
        r.len() > 1 && gzip_len_at(js.as_bytes(), Compression::fast()) > TERM_SHARD_GZ
    };
    let checked: Vec<(std::ops::Range<usize>, bool)> = groups
        .into_par_iter()
        .map(|r| {
            let big = too_big(&r);
            (r, big)
        })
        .collect();
    let mut out = Vec::with_capacity(checked.len());
    for (r, big) in checked {
        if !big {
            out.push(r);
            continue;
        }
        let mut todo = vec![r];
        while let Some(r) = todo.pop() {
            if too_big(&r) {
                let mid = r.start + r.len() / 2;
                todo.push(mid..r.end);
                todo.push(r.start..mid);
            } else {
                out.push(r);
            }
        }
    }
    out
}

fn shard_js(call: &str, n: usize, entries: &[String], open: char, close: char) -> String {
    let mut s = format!("window.__opsloopSearch.{call}({n},{open}");
    s.push_str(&entries.join(","));
    s.push(close);
    s.push_str(");\n");
    s
}

fn manifest_js(
    index: &Index,
    docs: &[Doc],
    facets: &Facets,
    starts: &[String],
    doc_groups: &[std::ops::Range<usize>],
) -> String {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let sizes: Vec<usize> = doc_groups.iter().map(|r| r.len()).collect();
    let manifest = json!({
        "v": 1,
        "n": index.n_docs,
        "scale": SCORE_SCALE,
        "maxPostings": MAX_POSTINGS,
        "kinds": kinds,
        "t": &starts[1.min(starts.len())..],
        "d": sizes,
        "y": year_ranges(docs),
        "services": facets.services.iter().collect::<Vec<_>>(),
        "themes": facets.themes.iter().collect::<Vec<_>>(),
    });
    format!("window.__opsloopSearch.manifest({manifest});\n")
}

/// `[kind, year, first id, end id)` for every run of documents of one kind and year
/// (documents are sorted by kind, then newest first); year 0 means undated.
fn year_ranges(docs: &[Doc]) -> Vec<[u32; 4]> {
    let mut out: Vec<[u32; 4]> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let key = [
            d.kind.index() as u32,
            d.date.map(|d| d.year().max(0) as u32).unwrap_or(0),
        ];
        match out.last_mut() {
            Some(last) if last[0] == key[0] && last[1] == key[1] => last[3] = i as u32 + 1,
            _ => out.push([key[0], key[1], i as u32, i as u32 + 1]),
        }
    }
    out
}

/// Gzipped size at the default level (what `gzip` and most static hosts use).
pub fn gzip_len(bytes: &[u8]) -> usize {
    gzip_len_at(bytes, Compression::default())
}

fn gzip_len_at(bytes: &[u8], level: Compression) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), level);
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_runs_under_the_budget() {
        let entries: Vec<String> = ["aaaa", "bb", "cccccc", "d", "eeeeeeeeeeee"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(pack(&entries, 8), vec![0..2, 2..3, 3..4, 4..5]);
        assert_eq!(pack(&entries, 100), vec![0..5]);
        assert_eq!(pack(&[], 8), vec![0..0]);
    }

    #[test]
    fn splits_shards_that_compress_badly() {
        let mut x: u64 = 88172645463325252;
        let entries: Vec<String> = (0..4000)
            .map(|i| {
                let noise: String = (0..60)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        char::from(b'a' + (x % 26) as u8)
                    })
                    .collect();
                format!("\"t{i:05}\":[1,{noise}]")
            })
            .collect();
        let whole = 0..entries.len();
        let groups = split_to_budget(vec![whole], &entries);
        assert!(groups.len() >= 4, "{groups:?}");
        let mut next = 0;
        for g in &groups {
            assert_eq!(g.start, next);
            next = g.end;
            let js = shard_js("shard", 0, &entries[g.clone()], '{', '}');
            assert!(gzip_len(js.as_bytes()) <= TERM_SHARD_GZ);
        }
        assert_eq!(next, entries.len());
    }

    #[test]
    fn encodes_postings_as_deltas() {
        use crate::search::index::Posting;
        let e = TermEntry {
            term: "dns".into(),
            df: 3,
            postings: vec![
                Posting { doc: 2, score: 50 },
                Posting { doc: 7, score: 120 },
            ],
        };
        assert_eq!(encode_term(&e), r#""dns":[3,2,50,5,120]"#);
        let f = TermEntry {
            term: "~t:dns".into(),
            df: 2,
            postings: vec![Posting { doc: 4, score: 0 }, Posting { doc: 9, score: 0 }],
        };
        assert_eq!(encode_term(&f), r#""~t:dns":[2,4,5]"#);
    }
}
