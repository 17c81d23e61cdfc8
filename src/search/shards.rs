//! The index as small self-registering JavaScript files under `search/`:
//!
//! - `manifest.js`: shard boundaries, doc-shard sizes, (kind, year) doc-id ranges and the
//!   filter values; loaded first, small.
//! - `t/<n>.js`: a run of consecutive terms (JavaScript string order) with their postings,
//!   `"term":[df, doc-delta, score, doc-delta, score, …]`; facet terms carry doc deltas only.
//! - `d/<n>.js`: a run of consecutive documents, `[kind, title, date, url, snippet]`; a url
//!   `[n, id]` is the manifest's link template `n` with `{id}` replaced by the id (already
//!   percent-encoded).
//!
//! Each file calls `window.__opsloopSearch.<manifest|shard|docs>(…)` when a script tag loads
//! it, which is what lets search work from file:// where fetch() is not allowed.

use super::corpus::{Corpus, Pass};
use super::documents::{Doc, DocLink, Facets, Kind};
use super::index::{FACET_MARK, Index, MAX_POSTINGS, SCORE_SCALE, TermEntry};
use crate::output::{OutputFile, Sink};
use crate::site::format::push_ymd;
use chrono::Datelike;
use flate2::Compression;
use flate2::write::GzEncoder;
use rayon::prelude::*;
use serde_json::json;
use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::Range;

/// The index format search.js reads; it refuses another (a cached search.js meeting a
/// newer index, or the reverse). 2: ticket links as `[template, id]`.
pub const FORMAT_VERSION: u32 = 2;

/// Limit per term shard, gzipped, unless the shard is one term (at L the median shard is
/// 10.6 KB gzipped).
pub const TERM_SHARD_GZ: usize = 48 * 1024;
/// Raw bytes of a term shard's terms before it is closed: with the script around them and
/// gzip's framing of data it cannot compress (stored blocks), a shard stays under
/// [`TERM_SHARD_GZ`] whatever its text, so no shard needs to be compressed to check.
pub const TERM_SHARD_RAW: usize = TERM_SHARD_GZ - 128;
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
    /// Manifest, then term shards `t/0.js…`, then doc shards `d/0.js…`; empty when they
    /// went to a sink.
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

/// A file that was kept rather than handed to a sink.
type Kept = Option<OutputFile>;
/// Where [`write_to`] hands each file: to the sink, or back to be kept.
type Emit<'a> = dyn Fn(OutputFile) -> anyhow::Result<Kept> + Sync + 'a;

/// Writes the manifest, term shards and doc shards of `index` over `docs`, into
/// [`Sharded::files`].
pub fn write(index: &Index, docs: &Corpus, facets: &Facets) -> Sharded {
    write_to(index, docs, facets, None).expect("keeping files in memory cannot fail")
}

/// [`write`], handing each file to `sink` as soon as it is made (then `files` stays
/// empty: at scale L the shards are ~200 MB that need not wait in memory for the others).
pub fn write_to(
    index: &Index,
    docs: &Corpus,
    facets: &Facets,
    sink: Option<&Sink>,
) -> anyhow::Result<Sharded> {
    let emit = |f: OutputFile| -> anyhow::Result<Kept> {
        match sink {
            Some(sink) => sink.put(f).map(|()| None),
            None => Ok(Some(f)),
        }
    };
    // Sizes first, then each shard encoded once straight into its file, so the encoded
    // index is never held twice (it is hundreds of MB at scale L).
    let lens: Vec<usize> = (0..index.len())
        .into_par_iter()
        .map(|i| term_len(&index.term(i)))
        .collect();
    let groups = pack(&lens, TERM_SHARD_RAW);
    let term_files: Vec<Option<OutputFile>> = (groups.par_iter().enumerate())
        .map(|(n, r)| {
            let content = term_run(index, r.clone(), &lens);
            emit(OutputFile::new(
                format!("search/t/{n}.js"),
                wrap("shard", n, content),
            ))
        })
        .collect::<anyhow::Result<_>>()?;
    let (doc_groups, doc_files) = doc_shards(docs, &emit, DOC_WINDOW)?;
    let starts: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(n, r)| {
            if n == 0 {
                String::new()
            } else {
                index.term(r.start).term.to_string()
            }
        })
        .collect();
    let manifest = manifest_js(index, docs, facets, &starts, &doc_groups);
    let manifest = emit(OutputFile::new("search/manifest.js", manifest))?;
    // Manifest, term shards, doc shards: the order `measure` and the tests expect.
    let files = manifest
        .into_iter()
        .chain(term_files.into_iter().flatten())
        .chain(doc_files.into_iter().flatten())
        .collect();
    Ok(Sharded {
        files,
        starts,
        doc_starts: doc_groups.iter().map(|r| r.start as u32).collect(),
        terms_per_shard: groups.iter().map(|r| r.len()).collect(),
        terms: index.len(),
        docs: docs.len(),
    })
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

/// Terms `run` as one JSON object, in a string sized from their encoded `lens`.
fn term_run(index: &Index, run: std::ops::Range<usize>, lens: &[usize]) -> String {
    let mut s = String::with_capacity(lens[run.clone()].iter().map(|l| l + 1).sum::<usize>() + 2);
    s.push('{');
    for i in run.clone() {
        if i > run.start {
            s.push(',');
        }
        push_term(&mut s, &index.term(i));
    }
    s.push('}');
    s
}

/// [`push_term`] into a new string.
#[cfg(test)]
fn encode_term(e: &TermEntry) -> String {
    let mut s = String::new();
    push_term(&mut s, e);
    s
}

/// Appends `"term":[df,delta,score,…]` to `s`, or `"term":[df,delta,…]` for a facet term.
fn push_term(s: &mut String, e: &TermEntry) {
    // itoa rather than `write!`: the term shards hold ~7 million numbers at scale L, and
    // the formatting machinery was ~0.15 s of CPU in a profile (wall time within noise).
    let mut n = itoa::Buffer::new();
    let facet = e.term.starts_with(FACET_MARK);
    push_json_str(s, e.term);
    s.push_str(":[");
    s.push_str(n.format(e.df));
    let mut prev = 0;
    for p in e.postings {
        s.push(',');
        s.push_str(n.format(p.doc - prev));
        prev = p.doc;
        if !facet {
            s.push(',');
            s.push_str(n.format(p.score));
        }
    }
    s.push(']');
}

/// The length [`push_term`] appends, without building the string.
fn term_len(e: &TermEntry) -> usize {
    let digits = |n: u32| n.checked_ilog10().map_or(1, |d| d as usize + 1);
    let facet = e.term.starts_with(FACET_MARK);
    let mut len = json_len(e.term) + 2 + digits(e.df) + 1;
    let mut prev = 0;
    for p in e.postings {
        len += 1 + digits(p.doc - prev);
        prev = p.doc;
        if !facet {
            len += 1 + digits(p.score);
        }
    }
    len
}

/// Length of `s` as a JSON string literal.
fn json_len(s: &str) -> usize {
    if needs_escape(s) {
        serde_json::to_string(s).expect("a string serialises").len()
    } else {
        s.len() + 2
    }
}

/// Whether JSON escapes any byte of `s`. Nearly no title or term has such a byte, so
/// every byte is looked at: a fold without an early exit, which the compiler turns into
/// wide vector compares (the byte-at-a-time `all` over 3 million strings per build was
/// most of the doc shards' encoding time).
fn needs_escape(s: &str) -> bool {
    s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Documents encoded per window for the doc shards, each window in parallel.
const DOC_WINDOW: usize = 65_536;

/// The doc shards: documents packed by [`Packer`] in order, a window at a time (each
/// window encoded in parallel, then appended to the open shard), so that only one window's
/// encodings are held, not a million documents' (~200 MB at scale L). The shards are those
/// [`pack`] makes of all the encodings at once. Returns each shard's documents and its file
/// when kept.
fn doc_shards(
    docs: &Corpus,
    emit: &Emit,
    window: usize,
) -> anyhow::Result<(Vec<Range<usize>>, Vec<Kept>)> {
    let mut groups = Vec::new();
    let mut files = Vec::new();
    let mut packer = Packer::new(DOC_SHARD_RAW);
    let mut open = String::from("[");
    let mut close = |open: &mut String, r: Range<usize>, done: &mut Vec<(usize, String)>| {
        open.push(']');
        done.push((groups.len(), std::mem::replace(open, String::from("["))));
        groups.push(r);
    };
    let n_templates = docs.templates().len();
    let encode = |run: &[Doc]| {
        debug_assert!(run.iter().all(|d| match d.url {
            DocLink::Template(n, _) => (n as usize) < n_templates,
            DocLink::Url(_) => true,
        }));
        EncodedRun::new(run)
    };
    let mut i = 0;
    for window in docs.map_windows(window, ENCODE_CHUNK, Pass::Results, encode) {
        let mut done = Vec::new();
        for e in window.iter().flat_map(EncodedRun::iter) {
            if let Some(r) = packer.add(i, e.len()) {
                close(&mut open, r, &mut done);
            }
            // The open shard holds more than its "[" once a document is in it.
            if open.len() > 1 {
                open.push(',');
            }
            open.push_str(e);
            i += 1;
        }
        files.extend(emit_docs(done, emit)?);
    }
    let mut done = Vec::new();
    if let Some(r) = packer.finish(docs.len()) {
        close(&mut open, r, &mut done);
    }
    files.extend(emit_docs(done, emit)?);
    Ok((groups, files))
}

/// Hands finished doc shards (number, content) to `emit`, in parallel.
fn emit_docs(done: Vec<(usize, String)>, emit: &Emit) -> anyhow::Result<Vec<Kept>> {
    done.into_par_iter()
        .map(|(n, content)| {
            emit(OutputFile::new(
                format!("search/d/{n}.js"),
                wrap("docs", n, content),
            ))
        })
        .collect()
}

/// A run of documents encoded back to back, and where each one ends.
struct EncodedRun {
    text: String,
    ends: Vec<usize>,
}

/// Held documents encoded per parallel run.
const ENCODE_CHUNK: usize = 4096;

impl EncodedRun {
    fn new(docs: &[Doc]) -> EncodedRun {
        let mut text = String::new();
        let ends = (docs.iter())
            .map(|d| {
                push_doc(&mut text, d);
                text.len()
            })
            .collect();
        EncodedRun { text, ends }
    }

    /// Each document's encoding, in order.
    fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(s, &e)| &self.text[s..e])
    }
}

/// Appends the document as `[kind,"title","date","url","snippet"]`.
fn push_doc(s: &mut String, d: &Doc) {
    // Pushed, not `write!`: this runs for each of a million documents at scale L.
    let mut n = itoa::Buffer::new();
    s.push('[');
    s.push_str(n.format(d.kind.index()));
    s.push(',');
    push_json_str(s, &d.title);
    s.push_str(",\"");
    if let Some(date) = d.date
        && !push_ymd(s, &date)
    {
        let _ = write!(s, "{date}");
    }
    s.push_str("\",");
    match &d.url {
        DocLink::Url(url) => push_json_str(s, url),
        DocLink::Template(k, id) => {
            s.push('[');
            s.push_str(n.format(*k));
            s.push(',');
            push_json_str(s, id);
            s.push(']');
        }
    }
    s.push(',');
    push_json_str(s, &d.snippet);
    s.push(']');
}

/// Appends `text` as a JSON string literal, byte for byte as serde_json writes it.
fn push_json_str(s: &mut String, text: &str) {
    if !needs_escape(text) {
        s.push('"');
        s.push_str(text);
        s.push('"');
    } else {
        s.push_str(&serde_json::to_string(text).expect("a string serialises"));
    }
}

#[cfg(test)]
fn encode_doc(d: &Doc) -> String {
    let mut s = String::new();
    push_doc(&mut s, d);
    s
}

/// Consecutive runs of entries (given by their lengths) of at most `budget` bytes each;
/// a longer entry gets a run of its own.
fn pack(lens: &[usize], budget: usize) -> Vec<std::ops::Range<usize>> {
    let mut packer = Packer::new(budget);
    let mut groups: Vec<_> = (0..lens.len())
        .filter_map(|i| packer.add(i, lens[i]))
        .collect();
    groups.extend(packer.finish(lens.len()));
    groups
}

/// [`pack`]'s rule one entry at a time, for entries whose lengths are not all known yet.
struct Packer {
    budget: usize,
    start: usize,
    size: usize,
    closed_any: bool,
}

impl Packer {
    fn new(budget: usize) -> Packer {
        Packer {
            budget,
            start: 0,
            size: 0,
            closed_any: false,
        }
    }

    /// Entry `i` (the next one), of `len` bytes: the run it closes when it starts a new one.
    fn add(&mut self, i: usize, len: usize) -> Option<std::ops::Range<usize>> {
        let mut closed = None;
        if i > self.start && self.size + len + 1 > self.budget {
            closed = Some(self.start..i);
            self.start = i;
            self.size = 0;
            self.closed_any = true;
        }
        self.size += len + 1;
        closed
    }

    /// The last run of `n` entries; an empty one when there were no entries at all.
    fn finish(self, n: usize) -> Option<std::ops::Range<usize>> {
        (self.start < n || !self.closed_any).then_some(self.start..n)
    }
}

/// `content` made into a script that registers it: `window.__opsloopSearch.call(n,content);`.
fn wrap(call: &str, n: usize, mut content: String) -> String {
    content.insert_str(0, &format!("window.__opsloopSearch.{call}({n},"));
    content.push_str(");\n");
    content
}

fn manifest_js(
    index: &Index,
    docs: &Corpus,
    facets: &Facets,
    starts: &[String],
    doc_groups: &[std::ops::Range<usize>],
) -> String {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let sizes: Vec<usize> = doc_groups.iter().map(|r| r.len()).collect();
    let manifest = json!({
        "v": FORMAT_VERSION,
        "n": index.n_docs,
        "scale": SCORE_SCALE,
        "maxPostings": MAX_POSTINGS,
        "kinds": kinds,
        "t": &starts[1.min(starts.len())..],
        "d": sizes,
        "y": year_ranges(docs),
        "services": facets.services.iter().collect::<Vec<_>>(),
        "themes": facets.themes.iter().collect::<Vec<_>>(),
        "links": docs.templates(),
    });
    format!("window.__opsloopSearch.manifest({manifest});\n")
}

/// `[kind, year, first id, end id)` for every run of documents of one kind and year
/// (documents are sorted by kind, then newest first); year 0 means undated.
fn year_ranges(docs: &Corpus) -> Vec<[u32; 4]> {
    year_runs(docs.len(), |i| {
        let (kind, date) = docs.kind_date(i);
        let year = date.map_or(0, |d| d.year().max(0) as u32);
        [kind.index() as u32, year]
    })
}

/// The runs of equal keys among `n` items whose equal keys are all adjacent, found by
/// galloping from each run's start: a few dozen runs cost a few thousand lookups instead
/// of one per item (each of L's million ticket dates is a cache miss).
fn year_runs(n: usize, key: impl Fn(usize) -> [u32; 2]) -> Vec<[u32; 4]> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        let k = key(start);
        // `lo` is in the run; `hi` is past it (or `n`).
        let (mut lo, mut step) = (start, 1);
        let mut hi = loop {
            let probe = start.saturating_add(step).min(n);
            if probe == n || key(probe) != k {
                break probe;
            }
            lo = probe;
            step *= 2;
        };
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if key(mid) == k { lo = mid } else { hi = mid }
        }
        out.push([k[0], k[1], start as u32, hi as u32]);
        start = hi;
    }
    out
}

/// Gzipped size at the default level (what `gzip` and most static hosts use).
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_runs_match_a_scan() {
        let keys: Vec<[u32; 2]> = [(0, 2024), (0, 2024), (0, 2023), (0, 0), (1, 2025)]
            .into_iter()
            .chain(std::iter::repeat_n((7, 2026), 1000))
            .chain(std::iter::repeat_n((7, 2025), 37))
            .chain([(7, 2021)])
            .map(|(a, b)| [a, b])
            .collect();
        for n in [0, 1, 2, 5, 6, keys.len()] {
            let mut scan: Vec<[u32; 4]> = Vec::new();
            for (i, k) in keys[..n].iter().enumerate() {
                match scan.last_mut() {
                    Some(last) if last[..2] == k[..] => last[3] = i as u32 + 1,
                    _ => scan.push([k[0], k[1], i as u32, i as u32 + 1]),
                }
            }
            assert_eq!(year_runs(n, |i| keys[i]), scan, "first {n}");
        }
    }

    #[test]
    fn packs_runs_under_the_budget() {
        let lens = [4, 2, 6, 1, 12];
        assert_eq!(pack(&lens, 8), vec![0..2, 2..3, 3..4, 4..5]);
        assert_eq!(pack(&lens, 100), vec![0..5]);
        assert_eq!(pack(&[], 8), vec![0..0]);
    }

    /// Terms that do not compress at all still make shards under the gzipped limit: the
    /// raw limit leaves room for the script and for gzip's framing of stored data.
    #[test]
    fn shards_of_text_that_does_not_compress_stay_under_the_limit() {
        let mut x: u64 = 88172645463325252;
        let entries: Vec<String> = (0..4000)
            .map(|i| {
                let noise: String = (0..60)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        char::from(b' ' + (x % 95) as u8)
                    })
                    .filter(|&c| c != '"' && c != '\\')
                    .collect();
                format!("\"t{i:05}\":[1,\"{noise}\"]")
            })
            .collect();
        let lens: Vec<usize> = entries.iter().map(String::len).collect();
        let groups = pack(&lens, TERM_SHARD_RAW);
        assert!(groups.len() >= 4, "{groups:?}");
        for g in groups {
            let content = format!("{{{}}}", entries[g].join(","));
            let js = wrap("shard", 123_456, content);
            assert!(js.len() + 64 <= TERM_SHARD_GZ, "{}", js.len());
            assert!(gzip_len(js.as_bytes()) + 32 <= TERM_SHARD_GZ);
        }
    }

    #[test]
    fn documents_are_encoded_as_arrays() {
        let d = Doc {
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 4),
            snippet: "\u{7}".into(),
            ..Doc::new(
                Kind::Ticket,
                "quote \" newline \n tab \t <b>é</b>",
                "tickets/#t-1",
            )
        };
        assert_eq!(
            encode_doc(&d),
            r#"[7,"quote \" newline \n tab \t <b>é</b>","2025-03-04","tickets/#t-1","\u0007"]"#
        );
        // Dates as chrono writes them, including years outside four digits; no date is "".
        for date in [
            chrono::NaiveDate::from_ymd_opt(7, 1, 9),
            chrono::NaiveDate::from_ymd_opt(10000, 12, 31),
            chrono::NaiveDate::from_ymd_opt(-3, 2, 1),
            None,
        ] {
            let d = Doc { date, ..d.clone() };
            let shown = date.map(|x| x.to_string()).unwrap_or_default();
            assert!(
                encode_doc(&d).contains(&format!(",\"{shown}\",")),
                "{shown}"
            );
        }
    }

    proptest::proptest! {
        /// Strings are written byte for byte as serde_json writes them, escapes included
        /// (the byte `\x7f` and non-ASCII are not escaped), and measured the same.
        #[test]
        fn strings_are_written_as_serde_json_writes_them(text in "[ -~\x00-\x1f\x7fé\u{2028}\u{1F600}\"\\\\]{0,40}") {
            let mut s = String::new();
            push_json_str(&mut s, &text);
            let want = serde_json::to_string(&text).unwrap();
            proptest::prop_assert_eq!(&s, &want);
            proptest::prop_assert_eq!(json_len(&text), want.len());
        }
    }

    /// Shards made window by window are those of packing every document at once, for
    /// windows smaller than, equal to and larger than a shard, and for no documents.
    #[test]
    fn doc_shards_do_not_depend_on_the_window() {
        // Some documents alone are over a shard's budget.
        let titles: Vec<String> = (0..300)
            .map(|i| "word ".repeat(if i % 97 == 5 { 3000 } else { i * 7 % 500 }))
            .collect();
        let docs: Vec<Doc> = titles
            .iter()
            .map(|t| Doc::new(Kind::Ticket, t.as_str(), "u"))
            .collect();
        let keep = |f: OutputFile| -> anyhow::Result<Kept> { Ok(Some(f)) };
        for n in [0, 1, 300] {
            let docs = &docs[..n];
            let encoded: Vec<String> = docs.iter().map(encode_doc).collect();
            let lens: Vec<usize> = encoded.iter().map(String::len).collect();
            let want_groups = pack(&lens, DOC_SHARD_RAW);
            let want: Vec<String> = want_groups
                .iter()
                .enumerate()
                .map(|(k, r)| wrap("docs", k, format!("[{}]", encoded[r.clone()].join(","))))
                .collect();
            assert!(n < 300 || want_groups.len() > 3, "{want_groups:?}");
            for window in [1, 2, 7, 64, 1000] {
                let corpus = Corpus::new(docs.to_vec());
                let (groups, files) = doc_shards(&corpus, &keep, window).unwrap();
                assert_eq!(groups, want_groups, "{n} docs, window {window}");
                let got: Vec<String> = files
                    .into_iter()
                    .flatten()
                    .map(|f| String::from_utf8(f.bytes).unwrap())
                    .collect();
                assert_eq!(got, want, "{n} docs, window {window}");
            }
        }
    }

    #[test]
    fn each_document_is_found_in_its_encoded_run() {
        let titles: Vec<String> = (0..50).map(|i| "é\"".repeat(i % 5)).collect();
        let docs: Vec<Doc> = titles
            .iter()
            .map(|t| Doc::new(Kind::Win, t.as_str(), "u"))
            .collect();
        let encoded = EncodedRun::new(&docs);
        let want: Vec<String> = docs.iter().map(encode_doc).collect();
        assert_eq!(encoded.iter().collect::<Vec<_>>(), want);
        assert_eq!(EncodedRun::new(&[]).iter().count(), 0);
    }

    #[test]
    fn encodes_postings_as_deltas() {
        use crate::search::index::Posting;
        let e = TermEntry {
            term: "dns",
            df: 3,
            postings: &[
                Posting { doc: 2, score: 50 },
                Posting { doc: 7, score: 120 },
            ],
        };
        assert_eq!(encode_term(&e), r#""dns":[3,2,50,5,120]"#);
        let f = TermEntry {
            term: "~t:dns",
            df: 2,
            postings: &[Posting { doc: 4, score: 0 }, Posting { doc: 9, score: 0 }],
        };
        assert_eq!(encode_term(&f), r#""~t:dns":[2,4,5]"#);
        let odd = TermEntry {
            term: "a\"b\\c\u{1}é",
            df: 1_000_000,
            postings: &[Posting { doc: 0, score: 9 }, Posting { doc: 10, score: 10 }],
        };
        for t in [&e, &f, &odd] {
            assert_eq!(term_len(t), encode_term(t).len(), "{}", t.term);
        }
    }
}
