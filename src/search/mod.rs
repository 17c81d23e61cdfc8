//! A sharded static search index: small JavaScript files that register themselves, so
//! search works from any static host and from file://.
//!
//! [`documents`] flattens the records into searchable documents (redacted), held in index
//! order by a [`corpus::Corpus`] that makes ticket documents on demand; [`index`] builds
//! the inverted index with BM25 scores, [`shards`] writes it as `search/*.js`.
//! `themes/default/static/search.js` is the browser half and mirrors [`fold`].

pub mod corpus;
mod digit_terms;
pub mod documents;
pub mod fold;
pub mod index;
pub mod shards;
mod tickets;

use crate::output::Sink;
use crate::site::SiteInput;
use corpus::Corpus;
use documents::Facets;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

pub use shards::Stats;

/// Results per page in the search UI; what one query has to download documents for.
pub const RESULTS_PER_PAGE: usize = 10;
/// search.js expands a prefix on the last word only when it spans at most this many term
/// shards (a one-letter prefix of a big site would otherwise load much of the index).
pub const MAX_PREFIX_SHARDS: usize = 6;

/// The built index: its files and what the benchmark needs to report on them.
pub struct SearchIndex {
    pub index: index::Index,
    pub sharded: shards::Sharded,
    measured: OnceLock<(Vec<usize>, Stats)>,
}

impl SearchIndex {
    /// Hands the shard files to `sink` (measure the download figures first, if wanted:
    /// they need the files).
    pub fn put_files(mut self, sink: &Sink) -> anyhow::Result<()> {
        let files = std::mem::take(&mut self.sharded.files);
        crate::build::drop_in_background(self);
        files.into_iter().try_for_each(|f| sink.put(f))
    }

    /// Shard counts and gzipped sizes (computed on first use: it gzips every file).
    pub fn stats(&self) -> &Stats {
        &self.measured().1
    }

    fn measured(&self) -> &(Vec<usize>, Stats) {
        self.measured.get_or_init(|| shards::measure(&self.sharded))
    }

    /// Gzipped bytes search.js downloads to answer `query` from a cold cache: the manifest,
    /// the term shards of its words (and of the last word's prefix), and the doc shards of
    /// the first page of results. Mirrors search.js so the benchmark can report budgets.
    pub fn query_download(&self, query: &str) -> usize {
        // search.js `parse`: each word once, a repeated word moved to the end.
        let mut words: Vec<String> = Vec::new();
        for w in fold::tokens(query) {
            words.retain(|x| *x != w);
            words.push(w);
        }
        let prefix = query
            .chars()
            .last()
            .is_some_and(|c| fold::fold(&c.to_string()).chars().any(fold::is_word_char));
        let mut shard_ids = BTreeSet::new();
        let mut scores: BTreeMap<u32, u64> = BTreeMap::new();
        for (i, w) in words.iter().enumerate() {
            // search.js `word`: the last word is expanded as a prefix only when its terms
            // span at most MAX_PREFIX_SHARDS shards; otherwise it is looked up whole.
            let expanded = (prefix && i + 1 == words.len())
                .then(|| self.shard_range(w))
                .filter(|r| r.len() <= MAX_PREFIX_SHARDS);
            let exact_only = expanded.is_none();
            shard_ids.extend(expanded.unwrap_or_else(|| self.shard_of(w)..self.shard_of(w) + 1));
            let mut best: BTreeMap<u32, u32> = BTreeMap::new();
            for e in self.terms_for(w, exact_only) {
                for p in e.postings {
                    let b = best.entry(p.doc).or_default();
                    *b = (*b).max(p.score);
                }
            }
            for (d, s) in best {
                *scores.entry(d).or_default() += u64::from(s);
            }
        }
        let mut ranked: Vec<(u32, u64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let doc_shards: BTreeSet<usize> = ranked
            .iter()
            .take(RESULTS_PER_PAGE)
            .map(|&(d, _)| self.sharded.doc_starts.partition_point(|&s| s <= d) - 1)
            .collect();
        let gz = &self.measured().0;
        let n_terms = self.sharded.terms_per_shard.len();
        gz[0]
            + shard_ids.iter().map(|&i| gz[1 + i]).sum::<usize>()
            + doc_shards
                .iter()
                .map(|&i| gz[1 + n_terms + i])
                .sum::<usize>()
    }

    fn shard_of(&self, term: &str) -> usize {
        let starts = &self.sharded.starts;
        starts.partition_point(|s| fold::js_cmp(s, term).is_le()) - 1
    }

    /// Term shards that may hold terms starting with `prefix`.
    fn shard_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let end = format!("{prefix}\u{FFFF}");
        self.shard_of(prefix)..self.shard_of(&end) + 1
    }

    fn terms_for<'a>(
        &'a self,
        w: &'a str,
        exact: bool,
    ) -> impl Iterator<Item = index::TermEntry<'a>> {
        let from = self.index.lower_bound(w);
        (from..self.index.len())
            .map(|i| self.index.term(i))
            .take_while(move |e| {
                if exact {
                    e.term == w
                } else {
                    e.term.starts_with(w)
                }
            })
    }
}

/// Builds the index over `docs` (already sorted and redacted, see [`documents::collect`]),
/// its files kept in memory.
pub fn build_index(docs: &Corpus, facets: &Facets) -> SearchIndex {
    let index = index::build(docs);
    let sharded = shards::write(&index, docs, facets);
    SearchIndex {
        index,
        sharded,
        measured: OnceLock::new(),
    }
}

/// Builds the index of a site, its files kept in memory (see [`SearchIndex::put_files`]).
pub fn build(input: &SiteInput) -> anyhow::Result<SearchIndex> {
    // The documents mostly borrow from the dataset, so they are cheap to free here.
    let (docs, facets) = documents::collect(input);
    Ok(build_index(&docs, &facets))
}

/// Builds the index of a site and hands each file to `sink` as soon as it is made (so
/// nothing is left to measure: `--timings` uses [`build`] instead).
pub fn write(input: &SiteInput, sink: &Sink) -> anyhow::Result<()> {
    let (docs, facets) = documents::collect(input);
    let index = index::build(&docs);
    shards::write_to(&index, &docs, &facets, Some(sink)).map(drop)
}
