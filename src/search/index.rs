//! The inverted index: per term, the documents holding it with their BM25 score.
//!
//! Every input of BM25 (term frequency per field, document length, average length,
//! document frequency, corpus size) is known at build time, so each posting carries its
//! finished score (an "impact", scaled to an integer). The browser then only adds up
//! integers, which keeps queries fast and postings small: a delta-encoded doc id and one
//! number. Very common terms keep only their [`MAX_POSTINGS`] best documents (static
//! index pruning); their `df` stays exact.

use super::corpus::{Corpus, Pass};
use super::digit_terms::{DigitTerms, has_digit};
use super::documents::{Doc, Kind};
use super::fold::{fold_into, js_cmp, words_of};
use hashbrown::HashTable;
use rayon::prelude::*;

/// BM25 term-frequency saturation.
pub const K1: f64 = 1.2;
/// BM25 length normalisation.
pub const B: f64 = 0.75;
/// A word in the title counts as this many words in the body.
pub const TITLE_BOOST: f64 = 3.0;
/// Scores are stored as `round(score * SCORE_SCALE)`.
pub const SCORE_SCALE: f64 = 100.0;
/// Most documents kept per term (the best-scoring ones).
pub const MAX_POSTINGS: usize = 4000;
/// Facet terms (service and theme filters) start with this; words never do.
pub const FACET_MARK: char = '~';

/// Documents tokenised per parallel batch; bounds the memory of not-yet-merged tokens.
const CHUNK: usize = 16_384;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// `round(bm25 * SCORE_SCALE)`, at least 1; 0 for facet terms.
    pub score: u32,
}

/// One term of the index, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermEntry<'a> {
    pub term: &'a str,
    /// Documents containing the term (before pruning).
    pub df: u32,
    /// Sorted by doc id.
    pub postings: &'a [Posting],
}

/// The terms in JavaScript string order ([`js_cmp`]), stored flat: all term text in one
/// string and the postings in one list per dictionary partition and one for the digit
/// terms, so a million one-posting terms (numbers at scale L) cost no `String` or
/// `Vec` each.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub n_docs: u32,
    /// Average title and body length (in words) of each kind ([`Kind::index`]).
    pub avg_len: [Lengths; KINDS],
    text: String,
    /// Per dictionary partition, then for the digit terms (number [`PARTS`]), the
    /// postings of its terms back to back, as scored (the index keeps them where they were
    /// made rather than copying ~60 MB at scale L).
    postings: Vec<Vec<Posting>>,
    terms: Vec<Span>,
}

/// Where a term's text and postings sit in [`Index`], and its document frequency.
#[derive(Debug, Clone, Copy)]
struct Span {
    text: (u32, u32),
    /// Postings list ([`Index::postings`]), then the range of the term's postings there.
    postings: (u32, u32, u32),
    df: u32,
}

impl Index {
    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Term `i` in JavaScript string order.
    pub fn term(&self, i: usize) -> TermEntry<'_> {
        self.entry(&self.terms[i])
    }

    pub fn terms(&self) -> impl ExactSizeIterator<Item = TermEntry<'_>> + Clone + '_ {
        self.terms.iter().map(|t| self.entry(t))
    }

    /// Position of the first term not below `w` in JavaScript string order.
    pub fn lower_bound(&self, w: &str) -> usize {
        self.terms
            .partition_point(|t| js_cmp(self.entry(t).term, w).is_lt())
    }

    fn entry(&self, t: &Span) -> TermEntry<'_> {
        TermEntry {
            term: &self.text[t.text.0 as usize..t.text.1 as usize],
            df: t.df,
            postings: &self.postings[t.postings.0 as usize]
                [t.postings.1 as usize..t.postings.2 as usize],
        }
    }
}

/// Facet terms of services and of themes: the prefix and then the slug ("~s:api"); the
/// search page's filters look them up the same way.
pub const SERVICE_FACET: &str = "~s:";
pub const THEME_FACET: &str = "~t:";
const _: () = assert!(
    SERVICE_FACET.as_bytes()[0] == FACET_MARK as u8
        && THEME_FACET.as_bytes()[0] == FACET_MARK as u8
);

/// Number of [`Kind`]s.
pub const KINDS: usize = Kind::ALL.len();

/// Title and body lengths in words (of one document, or averaged over a kind).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lengths {
    pub title: f64,
    pub body: f64,
}

/// BM25F of one term in one document: each field's term frequency is normalised by that
/// field's length against the average of the same field over documents of the same kind
/// (the document's [`norms`]), the title weighted by [`TITLE_BOOST`], times the term's
/// [`idf`]. Per kind, because a 2,000-word postmortem and a 6-word ticket title are not the
/// same kind of text: against one corpus-wide average every postmortem would look padded
/// and lose to any incident with the same title.
fn bm25(tf_title: u32, tf_body: u32, norms: (f64, f64), idf: f64) -> f64 {
    let tf = TITLE_BOOST * f64::from(tf_title) / norms.0 + f64::from(tf_body) / norms.1;
    idf * tf * (K1 + 1.0) / (tf + K1)
}

/// A document's length normalisation of title and body, the part of [`bm25`] that does
/// not depend on the term (worked out once per document, not once per posting).
fn norms(len: Lengths, avg: Lengths) -> (f64, f64) {
    let norm = |l: f64, a: f64| if a > 0.0 { 1.0 - B + B * l / a } else { 1.0 };
    (norm(len.title, avg.title), norm(len.body, avg.body))
}

/// Lucene's non-negative idf of a term in `df` of `n` documents,
/// ln(1 + (N - df + 0.5) / (df + 0.5)).
pub fn idf(df: u32, n: u32) -> f64 {
    (1.0 + (f64::from(n) - f64::from(df) + 0.5) / (f64::from(df) + 0.5)).ln()
}

/// (doc id, tf in title, tf in body) before scoring.
pub(super) type Raw = (u32, u16, u16);

/// A run of consecutive documents, tokenised: per document its kind and token counts, and
/// each distinct term of each document (a slice of `text`) with its frequency in title and
/// body; facet terms included with zero frequencies. The terms are filed by where they
/// go, each [partition](PARTS) then the digit terms, so that every partition reads only
/// its own. One text and one term list per run, not per document (three allocations for
/// each of a million documents at scale L).
#[derive(Default)]
struct Counted {
    /// Per document: its kind and (title words, body words).
    docs: Vec<(Kind, (u32, u32))>,
    /// Each document's folded title and body, then its facet terms.
    text: String,
    /// Filed by [`bucket_of`]; within each bucket, in document order.
    terms: Vec<Term>,
    /// Where each bucket starts in `terms`, and the end of the last.
    starts: Vec<usize>,
}

impl Counted {
    /// The terms of `bucket` ([`bucket_of`]) in document order.
    fn bucket(&self, bucket: usize) -> &[Term] {
        &self.terms[self.starts[bucket]..self.starts[bucket + 1]]
    }

    fn text_of(&self, t: &Term) -> &str {
        &self.text[t.start as usize..t.end as usize]
    }
}

/// Where a term goes: its dictionary partition, or [`DIGITS`] for the digit terms.
fn bucket_of(term: &str, hash: u64) -> usize {
    if has_digit(term) {
        DIGITS
    } else {
        (hash >> (64 - PART_BITS)) as usize
    }
}

/// The bucket of the digit terms ([`bucket_of`]), after the partitions.
const DIGITS: usize = PARTS;

/// Documents tokenised together into one [`Counted`].
const COUNT_RUN: usize = 256;
/// Room made for each document's terms in a [`Counted`], so the list is seldom copied to
/// grow (L averages 10.6: 11.7M raw postings over 1.1M documents).
const TERMS_PER_DOC: usize = 16;

/// A term of one document: `text[start..end]`, its frequencies, its hash (which picks its
/// dictionary partition and its slot there), and the document's place in its run. Also
/// one occurrence of a word before the occurrences are summed ([`sum_terms`]).
#[derive(Clone, Copy)]
struct Term {
    start: u32,
    end: u32,
    title: u16,
    body: u16,
    doc: u32,
    hash: u64,
}

impl Term {
    fn new(start: u32, end: u32, hash: u64) -> Term {
        Term {
            start,
            end,
            title: 0,
            body: 0,
            doc: 0,
            hash,
        }
    }
}

/// Postings per block of a partition's raw postings (192 KB).
const BLOCK: usize = 16_384;

/// Dictionary partitions (2^PART_BITS), filled in parallel; a term's partition comes from
/// the top bits of its hash.
const PART_BITS: u32 = 6;
const PARTS: usize = 1 << PART_BITS;

fn count_run(docs: &[Doc], titles: &TitleCache) -> Counted {
    let mut out = Counted::default();
    // Every document's terms in document order, then filed; and the words of one
    // document, reused.
    let mut terms: Vec<Term> = Vec::with_capacity(docs.len() * TERMS_PER_DOC);
    let mut words: Vec<Term> = Vec::new();
    for doc in docs {
        let from = terms.len();
        let len = count(doc, titles, &mut out.text, &mut terms, &mut words);
        let n = out.docs.len() as u32;
        terms[from..].iter_mut().for_each(|t| t.doc = n);
        out.docs.push((doc.kind, len));
    }
    file_terms(&mut out, terms);
    out
}

/// Files `terms` into `out` by [`bucket_of`], keeping their order within each bucket.
fn file_terms(out: &mut Counted, terms: Vec<Term>) {
    let buckets: Vec<u8> = (terms.iter())
        .map(|t| bucket_of(out.text_of(t), t.hash) as u8)
        .collect();
    let keyed = buckets
        .iter()
        .zip(&terms)
        .map(|(&b, &t)| (usize::from(b), t));
    (out.terms, out.starts) = grouped_by_key(keyed, DIGITS + 1, Term::new(0, 0, 0));
}

/// `items` (key, item) grouped by key, each key below `keys`, keeping their order within
/// each group (a counting sort: two passes over `items`): the grouped items, and where
/// each key's group starts in them (and the end of the last). `fill` only holds the
/// places until they are filled.
fn grouped_by_key<T: Copy>(
    items: impl Iterator<Item = (usize, T)> + Clone,
    keys: usize,
    fill: T,
) -> (Vec<T>, Vec<usize>) {
    let mut starts = vec![0usize; keys + 1];
    for (key, _) in items.clone() {
        starts[key + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut grouped = vec![fill; starts[keys]];
    for (key, item) in items {
        grouped[next[key]] = item;
        next[key] += 1;
    }
    (grouped, starts)
}

/// Appends `doc`'s folded text to `text` and its distinct terms to `terms`; returns its
/// (title, body) length in words.
fn count(
    doc: &Doc,
    titles: &TitleCache,
    text: &mut String,
    terms: &mut Vec<Term>,
    words: &mut Vec<Term>,
) -> (u32, u32) {
    let from = text.len();
    let cached = doc.title_key.and_then(|k| titles.get(k));
    match cached {
        Some(title) => text.push_str(title.text),
        None => fold_into(text, &doc.title),
    }
    let title_end = text.len();
    for field in doc.body.iter() {
        text.push(' ');
        fold_into(text, field);
    }
    words.clear();
    let split_from = match cached {
        Some(title) => {
            words.extend(title.terms.iter().map(|t| Term {
                start: t.start + from as u32,
                end: t.end + from as u32,
                ..*t
            }));
            title_end
        }
        None => from,
    };
    push_words(text, split_from, title_end, words);
    let len = match cached {
        Some(title) => (title.len, (words.len() - title.terms.len()) as u32),
        None => {
            let len_title = words.iter().filter(|w| w.title > 0).count() as u32;
            (len_title, words.len() as u32 - len_title)
        }
    };
    sum_terms(text, words, terms);
    // Facet terms without duplicates.
    for (prefix, slugs) in [(SERVICE_FACET, &doc.services), (THEME_FACET, &doc.themes)] {
        let mut slugs: Vec<&str> = slugs.iter().map(String::as_str).collect();
        slugs.sort_unstable();
        slugs.dedup();
        for slug in slugs {
            text.push(' ');
            let start = text.len();
            text.push_str(prefix);
            text.push_str(slug);
            let hash = fnv(&text.as_bytes()[start..]);
            terms.push(Term::new(start as u32, text.len() as u32, hash));
        }
    }
    len
}

/// Appends to `words` each word of `text[from..]`, hashed, counted once in the title if it
/// starts before `title_end` and once in the body otherwise.
fn push_words(text: &str, from: usize, title_end: usize, words: &mut Vec<Term>) {
    let at = |w: &str| (w.as_ptr() as usize - text.as_ptr() as usize) as u32;
    words.extend(words_of(&text[from..]).map(|w| {
        let start = at(w);
        let in_title = (start as usize) < title_end;
        Term {
            title: u16::from(in_title),
            body: u16::from(!in_title),
            ..Term::new(start, start + w.len() as u32, fnv(w.as_bytes()))
        }
    }));
}

/// Appends to `terms` each distinct word of `words` (slices of `text`) with its counts
/// summed (saturating, as a title or body of 65,535 repeats is no more relevant), in
/// order of first occurrence, or of hash where there are many.
fn sum_terms(text: &str, words: &mut [Term], terms: &mut Vec<Term>) {
    let word = |w: &Term| &text[w.start as usize..w.end as usize];
    let same = |x: &Term, y: &Term| x.hash == y.hash && word(x) == word(y);
    let add = |t: &mut Term, w: &Term| {
        t.title = t.title.saturating_add(w.title);
        t.body = t.body.saturating_add(w.body);
    };
    let from = terms.len();
    if words.len() <= SCAN_UP_TO {
        // Each word against the terms so far: for a dozen words, fewer steps than a sort.
        for w in words.iter() {
            match terms[from..].iter_mut().find(|t| same(t, w)) {
                Some(t) => add(t, w),
                // A word's first occurrence is its term, with that occurrence's counts.
                None => terms.push(*w),
            }
        }
        return;
    }
    // Sort-and-count instead of a map. Sorted by hash, so strings are compared only where
    // hashes are equal (nearly always repeats).
    words.sort_unstable_by(|x, y| x.hash.cmp(&y.hash).then_with(|| word(x).cmp(word(y))));
    for w in words.iter() {
        match terms[from..].last_mut() {
            Some(t) if same(t, w) => add(t, w),
            _ => terms.push(*w),
        }
    }
}

/// Documents of at most this many words are summed by [`sum_terms`] with a scan, the
/// longer ones with a sort.
const SCAN_UP_TO: usize = 24;

/// Titles that several documents share (tickets: 3,283 of L's 371,225 distinct ticket
/// titles are used by 633,942 tickets), folded and split into counted terms once rather
/// than once per document. Indexed by [`Doc::title_key`].
#[derive(Default)]
struct TitleCache {
    text: String,
    titles: Vec<TitleSpans>,
    /// Each title's terms, positions relative to the title's start.
    terms: Vec<Term>,
}

/// Where a cached title's text and terms sit in its [`TitleCache`], and its length in words.
struct TitleSpans {
    text: (u32, u32),
    terms: (u32, u32),
    len: u32,
}

/// A cached title, borrowed.
#[derive(Clone, Copy)]
struct CachedTitle<'a> {
    text: &'a str,
    terms: &'a [Term],
    len: u32,
}

impl TitleCache {
    fn new<'t>(titles: impl Iterator<Item = &'t str>) -> TitleCache {
        let mut cache = TitleCache::default();
        let mut words = Vec::new();
        let mut text = String::new();
        for title in titles {
            text.clear();
            fold_into(&mut text, title);
            words.clear();
            push_words(&text, 0, text.len(), &mut words);
            let len = words.len() as u32;
            let at = cache.text.len() as u32;
            cache.text.push_str(&text);
            let from = cache.terms.len() as u32;
            sum_terms(&text, &mut words, &mut cache.terms);
            cache.titles.push(TitleSpans {
                text: (at, cache.text.len() as u32),
                terms: (from, cache.terms.len() as u32),
                len,
            });
        }
        cache
    }

    fn get(&self, key: u32) -> Option<CachedTitle<'_>> {
        let t = self.titles.get(key as usize)?;
        Some(CachedTitle {
            text: &self.text[t.text.0 as usize..t.text.1 as usize],
            terms: &self.terms[t.terms.0 as usize..t.terms.1 as usize],
            len: t.len,
        })
    }
}

/// FNV-1a: the dictionary sees one lookup per posting (tens of millions at scale L) and
/// std's SipHash is several times slower on short keys. Hand-written because it is five
/// lines; iteration order never reaches the output (terms are sorted).
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The hash a partition's table files a term under: every term of a partition shares the
/// top bits of its FNV hash, so those are mixed into the low bits the table uses.
fn table_hash(h: u64) -> u64 {
    (h ^ (h >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The term dictionary as it grows, in [`PARTS`] partitions, the terms with a digit
/// beside it ([`DigitTerms`]), and each document's class.
struct Postings {
    parts: Vec<Part>,
    digits: DigitTerms,
    docs: DocClasses,
    /// Postings kept per term ([`MAX_POSTINGS`], or fewer in tests).
    cap: u32,
    /// Whether postings that cannot make their term's best `cap` are dropped as they come
    /// ([`Tracker`]); off only in tests, to check that dropping them changes nothing.
    prune: bool,
}

/// Each document's class: its kind and (title, body) length in words, numbered in order
/// of first use. That is all scoring needs of a document besides its term frequencies
/// ([`DocNorms`]), and what decides which postings of a common term can be dropped
/// ([`Tracker`]); L's 1,109,877 documents fall into 574 classes.
#[derive(Default)]
struct DocClasses {
    /// Per doc id, its class.
    of: Vec<u32>,
    /// Per class: kind, lengths, and its number of documents.
    classes: Vec<(Kind, (u32, u32), u32)>,
    numbers: hashbrown::HashMap<(Kind, u32, u32), u32>,
}

impl DocClasses {
    fn push(&mut self, kind: Kind, (title, body): (u32, u32)) {
        let classes = &mut self.classes;
        let n = *self.numbers.entry((kind, title, body)).or_insert_with(|| {
            classes.push((kind, (title, body), 0));
            classes.len() as u32 - 1
        });
        classes[n as usize].2 += 1;
        self.of.push(n);
    }

    /// Average title and body length of each kind. The sums are of whole numbers below
    /// 2^53, so they are exact, the same whatever order they are added in.
    fn averages(&self) -> [Lengths; KINDS] {
        let mut sum = [(0.0f64, 0.0f64, 0u32); KINDS];
        for &(k, (t, b), n) in &self.classes {
            let e = &mut sum[k.index()];
            e.0 += f64::from(t) * f64::from(n);
            e.1 += f64::from(b) * f64::from(n);
            e.2 += n;
        }
        sum.map(|(t, b, n)| {
            if n == 0 {
                Lengths::default()
            } else {
                Lengths {
                    title: t / f64::from(n),
                    body: b / f64::from(n),
                }
            }
        })
    }
}

/// One dictionary partition. Each distinct term is stored once in `text`, and its postings
/// go, in doc-id order, into one flat list that is grouped by term at the end: a term
/// costs no `String` and no `Vec` of its own while the index grows.
#[derive(Default)]
struct Part {
    /// Slot of each term, looked up by hash and compared against `text`.
    table: HashTable<u32>,
    text: String,
    slots: Vec<Slot>,
    /// (slot, posting), in the order documents were added, in blocks of [`BLOCK`]: a
    /// single list grown by doubling held up to twice its postings at the peak (tens of
    /// millions at scale L) and copied them at every growth.
    postings: Vec<Vec<(u32, Raw)>>,
    /// The [`Tracker`]s of this partition's terms past the cap.
    trackers: Vec<Tracker>,
}

/// A term of a partition: its span in `text`, its table hash (for the table to grow), its
/// document frequency, and its [`Tracker`] once it has more postings than are kept
/// ([`NONE`] before).
#[derive(Clone, Copy)]
struct Slot {
    start: u32,
    end: u32,
    hash: u64,
    df: u32,
    tracker: u32,
}

/// No [`Slot::tracker`].
const NONE: u32 = u32::MAX;

/// What a posting's score depends on besides its term: its document's [class](DocClasses)
/// and the term's frequencies in title and body, packed into one number (hashed once for
/// each posting of a tracked term).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Class(u64);

impl Class {
    fn new(doc_class: u32, tf_title: u16, tf_body: u16) -> Class {
        Class(u64::from(doc_class) << 32 | u64::from(tf_title) << 16 | u64::from(tf_body))
    }

    fn of(docs: &DocClasses, (doc, tf_title, tf_body): Raw) -> Class {
        Class::new(docs.of[doc as usize], tf_title, tf_body)
    }

    /// Kind, title and body length, tf in title and in body.
    fn parts(self, docs: &DocClasses) -> (Kind, u32, u32, u16, u16) {
        let (kind, (title, body), _) = docs.classes[(self.0 >> 32) as usize];
        (kind, title, body, (self.0 >> 16) as u16, self.0 as u16)
    }

    /// Whether a posting of this class scores at least as high as one of `other` in the
    /// same term, whatever the term's idf and the kind's average lengths turn out to be
    /// ([`bm25`] grows with each frequency and shrinks with each length).
    fn dominates(self, other: Class, docs: &DocClasses) -> bool {
        let (a, b) = (self.parts(docs), other.parts(docs));
        a.0 == b.0 && a.1 <= b.1 && a.2 <= b.2 && a.3 >= b.3 && a.4 >= b.4
    }
}

/// Drops, as they come, postings that cannot be among their term's best `cap`.
///
/// 9.8M of L's 11.7M raw postings belong to the 231 terms with more than 4,000 documents
/// ("sup", the prefix of the support tickets' ids, has 866,673), and 8.4M of those were
/// stored, grouped and scored only to be cut. Documents come in doc-id order, so every
/// posting kept so far has a lower doc id than the next one, and ties in score go to the
/// lower doc id: once `cap` kept postings [dominate](Class::dominates) a class, no later
/// posting of that class can make the cut, under any idf and average lengths. A term is
/// tracked from its `cap + 1`th posting (the first `cap` are kept and not counted, which
/// only keeps more).
#[derive(Default)]
struct Tracker {
    /// Per class: postings kept since tracking began, and whether the class is dead.
    classes: hashbrown::HashMap<Class, (u32, bool)>,
    /// Postings kept since the last review.
    since: u32,
}

/// Most kept postings of a tracked term between reviews of its dead classes (a review
/// counts dominating postings pairwise over the classes). Where the cap is smaller, a
/// review comes every `cap` kept postings instead: no class can die sooner.
const REVIEW_EVERY: u32 = 1024;

impl Tracker {
    /// Whether to keep a posting of `class`, later in doc-id order than all kept so far.
    fn keep(&mut self, class: Class, cap: u32, docs: &DocClasses) -> bool {
        let (n, dead) = self.classes.entry(class).or_default();
        if *dead {
            return false;
        }
        *n += 1;
        self.since += 1;
        if self.since >= cap.min(REVIEW_EVERY) {
            self.since = 0;
            self.review(cap, docs);
        }
        true
    }

    /// Marks dead every class that at least `cap` kept postings dominate (a class
    /// dominates itself).
    fn review(&mut self, cap: u32, docs: &DocClasses) {
        let counts: Vec<(Class, u32)> = self.classes.iter().map(|(c, e)| (*c, e.0)).collect();
        for (&class, (_, dead)) in self.classes.iter_mut().filter(|(_, e)| !e.1) {
            let dominating = (counts.iter())
                .filter(|(d, _)| d.dominates(class, docs))
                .map(|&(_, n)| n)
                .sum::<u32>();
            *dead = dominating >= cap;
        }
    }
}

impl Part {
    fn add(&mut self, term: &str, hash: u64, posting: Raw, docs: &DocClasses, limits: (u32, bool)) {
        let Part {
            table, text, slots, ..
        } = self;
        let h = table_hash(hash);
        let found = table.find(h, |&slot| {
            let s = &slots[slot as usize];
            &text[s.start as usize..s.end as usize] == term
        });
        let slot = match found {
            Some(&slot) => slot,
            None => {
                let slot = slots.len() as u32;
                let start = text.len() as u32;
                text.push_str(term);
                slots.push(Slot {
                    start,
                    end: text.len() as u32,
                    hash: h,
                    df: 0,
                    tracker: NONE,
                });
                table.insert_unique(h, slot, |&s| slots[s as usize].hash);
                slot
            }
        };
        let (cap, prune) = limits;
        let s = &mut self.slots[slot as usize];
        s.df += 1;
        if prune && s.df > cap && !term.starts_with(FACET_MARK) {
            if s.tracker == NONE {
                s.tracker = self.trackers.len() as u32;
                self.trackers.push(Tracker::default());
            }
            let tracker = &mut self.trackers[s.tracker as usize];
            if !tracker.keep(Class::of(docs, posting), cap, docs) {
                return;
            }
        }
        match self.postings.last_mut() {
            Some(block) if block.len() < BLOCK => block.push((slot, posting)),
            _ => {
                let mut block = Vec::with_capacity(BLOCK);
                block.push((slot, posting));
                self.postings.push(block);
            }
        }
    }

    fn term(&self, slot: usize) -> &str {
        let s = &self.slots[slot];
        &self.text[s.start as usize..s.end as usize]
    }

    /// The postings grouped by slot, each term's in doc-id order: the flat list, and
    /// where each slot's postings start in it.
    fn grouped(&mut self) -> (Vec<Raw>, Vec<usize>) {
        let postings = std::mem::take(&mut self.postings);
        let keyed = postings
            .iter()
            .flatten()
            .map(|&(slot, raw)| (slot as usize, raw));
        let grouped = grouped_by_key(keyed, self.slots.len(), (0, 0, 0));
        self.table = HashTable::new();
        self.trackers = Vec::new();
        grouped
    }
}

impl Postings {
    /// Adds the next documents, whose ids continue from the ones already added; each
    /// partition takes its own terms, so the partitions fill in parallel, the digit terms
    /// alongside.
    fn add(&mut self, counted: Vec<Counted>) {
        // Each run with the id of its first document.
        let mut runs = Vec::with_capacity(counted.len());
        for run in &counted {
            runs.push((run, self.docs.of.len() as u32));
            for &(kind, len) in &run.docs {
                self.docs.push(kind, len);
            }
        }
        let Postings {
            parts,
            digits,
            docs,
            cap,
            prune,
        } = self;
        let (docs, limits) = (&*docs, (*cap, *prune));
        let raw = |t: &Term, first: u32| (first + t.doc, t.title, t.body);
        rayon::join(
            || {
                parts.par_iter_mut().enumerate().for_each(|(k, part)| {
                    for &(run, first) in &runs {
                        for t in run.bucket(k) {
                            part.add(run.text_of(t), t.hash, raw(t, first), docs, limits);
                        }
                    }
                })
            },
            || {
                for &(run, first) in &runs {
                    for t in run.bucket(DIGITS) {
                        digits.push(run.text_of(t), raw(t, first));
                    }
                }
            },
        );
    }
}

/// Builds the index of `corpus`; doc ids are positions in it.
pub fn build(corpus: &Corpus) -> Index {
    build_in_windows(corpus, CHUNK, MAX_POSTINGS as u32, true)
}

/// [`build`], making and counting `window` documents at a time, keeping at most `cap`
/// postings per term, and dropping postings that cannot make the cut as they come
/// (`prune`) or only when each term is scored.
fn build_in_windows(corpus: &Corpus, window: usize, cap: u32, prune: bool) -> Index {
    let n = corpus.len() as u32;
    let mut p = Postings {
        parts: (0..PARTS).map(|_| Part::default()).collect(),
        digits: DigitTerms::default(),
        docs: DocClasses {
            of: Vec::with_capacity(corpus.len()),
            ..DocClasses::default()
        },
        cap,
        prune,
    };
    // Making and counting the next window runs while the previous one is merged.
    let titles = TitleCache::new(corpus.shared_titles());
    let count = |docs: &[Doc]| count_run(docs, &titles);
    let mut windows = corpus.map_windows(window, COUNT_RUN, Pass::Index, count);
    let mut counted: Option<Vec<Counted>> = None;
    loop {
        let (next, ()) = rayon::join(
            || windows.next(),
            || p.add(counted.take().unwrap_or_default()),
        );
        match next {
            Some(c) => counted = Some(c),
            None => break,
        }
    }
    let docs = std::mem::take(&mut p.docs);
    let avg_len = docs.averages();
    let doc_norms = DocNorms::new(docs, &avg_len);
    // Each partition scores its own postings (and frees its raw ones), the digit terms
    // theirs alongside; the index keeps each scored list and orders the terms across them.
    let (scored, (digits, digits_scored)) = rayon::join(
        || {
            (p.parts.par_iter_mut())
                .map(|part| part.scored(&doc_norms, n, cap))
                .collect::<Vec<Scored>>()
        },
        || {
            let (terms, flat, starts) = std::mem::take(&mut p.digits).grouped();
            let df = |i: usize| (starts[i + 1] - starts[i]) as u32;
            let sc = score_groups(
                |i| (terms.term(i), df(i)),
                &flat,
                &starts,
                &doc_norms,
                (n, cap),
            );
            (terms, sc)
        },
    );
    drop(doc_norms);
    let mut order: Vec<(&str, u32, u32)> = Vec::new();
    for (k, (part, sc)) in p.parts.iter().zip(&scored).enumerate() {
        order.extend((0..sc.spans.len()).map(|slot| (part.term(slot), k as u32, slot as u32)));
    }
    order.par_sort_unstable_by(|a, b| js_cmp(a.0, b.0));
    // The digit terms come sorted: merged in as partition PARTS.
    let digit_order = (0..digits.len()).map(|i| (digits.term(i), PARTS as u32, i as u32));
    let order = merge_sorted(order, digit_order);
    let mut index = Index {
        n_docs: n,
        avg_len,
        text: String::with_capacity(order.iter().map(|(t, _, _)| t.len()).sum()),
        postings: Vec::new(),
        terms: Vec::with_capacity(order.len()),
    };
    let scored: Vec<Scored> = scored.into_iter().chain([digits_scored]).collect();
    for &(term, k, slot) in &order {
        let start = index.text.len() as u32;
        index.text.push_str(term);
        let (from, to, df) = scored[k as usize].spans[slot as usize];
        index.terms.push(Span {
            text: (start, index.text.len() as u32),
            postings: (k, from, to),
            df,
        });
    }
    drop(order);
    drop(p);
    drop(digits);
    index.postings = scored.into_iter().map(|sc| sc.postings).collect();
    index
}

/// `a` and `b` (each in JavaScript string order, no term in both) merged in that order.
fn merge_sorted<'a>(
    a: Vec<(&'a str, u32, u32)>,
    b: impl ExactSizeIterator<Item = (&'a str, u32, u32)>,
) -> Vec<(&'a str, u32, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut a = a.into_iter().peekable();
    for y in b {
        while let Some(x) = a.next_if(|x| js_cmp(x.0, y.0).is_lt()) {
            out.push(x);
        }
        out.push(y);
    }
    out.extend(a);
    debug_assert!(out.windows(2).all(|w| js_cmp(w[0].0, w[1].0).is_lt()));
    out
}

/// One partition's postings, scored and pruned, and per slot where its postings sit in
/// them and its document frequency.
struct Scored {
    postings: Vec<Posting>,
    spans: Vec<(u32, u32, u32)>,
}

impl Part {
    /// Groups the postings by term and scores each term's list.
    fn scored(&mut self, doc_norms: &DocNorms, n: u32, cap: u32) -> Scored {
        let (flat, starts) = self.grouped();
        let term = |slot: usize| (self.term(slot), self.slots[slot].df);
        score_groups(term, &flat, &starts, doc_norms, (n, cap))
    }
}

/// Scores each term's postings, `flat[starts[i]..starts[i + 1]]` for term `i`, whose text
/// and document frequency `term` gives, in a corpus of `n` documents, keeping `cap`.
fn score_groups<'t>(
    term: impl Fn(usize) -> (&'t str, u32),
    flat: &[Raw],
    starts: &[usize],
    doc_norms: &DocNorms,
    (n, cap): (u32, u32),
) -> Scored {
    let mut postings = Vec::with_capacity(flat.len());
    let mut spans = Vec::with_capacity(starts.len() - 1);
    let mut out = Vec::new();
    for (i, w) in starts.windows(2).enumerate() {
        let (text, df) = term(i);
        let list = &flat[w[0]..w[1]];
        score(text, list, doc_norms, (df, n, cap as usize), &mut out);
        let at = postings.len() as u32;
        postings.extend_from_slice(&out);
        spans.push((at, postings.len() as u32, df));
    }
    // Sized for the postings before pruning; most of that is spare at scale L.
    postings.shrink_to_fit();
    Scored { postings, spans }
}

/// Each document's length norms ([`norms`]) as its [class](DocClasses), a number into a
/// table of the classes' norms. Scoring reads them at random documents, one per posting:
/// 4 bytes each instead of 16 keeps more of them in cache (L has 1,109,877 documents in
/// 574 classes), and a long list can remember the scores it has worked out ([`score`]).
struct DocNorms {
    of: Vec<u32>,
    table: Vec<(f64, f64)>,
}

impl DocNorms {
    fn new(docs: DocClasses, avg: &[Lengths; KINDS]) -> DocNorms {
        let table = (docs.classes.iter())
            .map(|&(kind, (t, b), _)| {
                let len = Lengths {
                    title: f64::from(t),
                    body: f64::from(b),
                };
                norms(len, avg[kind.index()])
            })
            .collect();
        DocNorms { of: docs.of, table }
    }
}

/// Lists at least this long remember their scores by (norms, tf in title, tf in body):
/// a common word's thousands of postings are mostly a handful of distinct cases.
const MEMO_FROM: usize = 512;
/// That memory has 2^MEMO_BITS entries (direct-mapped).
const MEMO_BITS: u32 = 8;

/// A term's postings (in doc-id order), scored and pruned to `cap`, into `out`; the term
/// is in `df` of `n` documents (more than `list` holds where postings were dropped as they
/// came, see [`Tracker`]).
fn score(
    term: &str,
    list: &[Raw],
    doc_norms: &DocNorms,
    (df, n, cap): (u32, u32, usize),
    out: &mut Vec<Posting>,
) {
    out.clear();
    debug_assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
    if term.starts_with(FACET_MARK) {
        out.extend(list.iter().map(|p| Posting { doc: p.0, score: 0 }));
        return;
    }
    let idf = idf(df, n);
    let scaled = |norm: u32, a: u16, b: u16| {
        let s = bm25(a.into(), b.into(), doc_norms.table[norm as usize], idf);
        ((s * SCORE_SCALE).round() as u32).max(1)
    };
    if list.len() < MEMO_FROM {
        out.extend(list.iter().map(|&(doc, a, b)| Posting {
            doc,
            score: scaled(doc_norms.of[doc as usize], a, b),
        }));
    } else {
        // Keyed by the posting's class (the norms are numbered by document class); no
        // class is u64::MAX.
        let mut memo = [(u64::MAX, 0u32); 1 << MEMO_BITS];
        out.extend(list.iter().map(|&(doc, a, b)| {
            let norm = doc_norms.of[doc as usize];
            let key = Class::new(norm, a, b).0;
            let slot =
                &mut memo[(key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - MEMO_BITS)) as usize];
            if slot.0 != key {
                *slot = (key, scaled(norm, a, b));
            }
            Posting { doc, score: slot.1 }
        }));
    }
    let postings = out;
    if postings.len() > cap {
        // The best `cap` by (score descending, doc ascending): a total order, so a
        // selection keeps the same documents a full sort would.
        postings.select_nth_unstable_by(cap - 1, |x, y| {
            y.score.cmp(&x.score).then(x.doc.cmp(&y.doc))
        });
        postings.truncate(cap);
        postings.sort_unstable_by_key(|p| p.doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::documents::Kind;

    fn doc<'a>(title: &'a str, body: &'a str) -> Doc<'a> {
        Doc {
            body: vec![body.into()].into(),
            services: vec!["api".into()],
            ..Doc::new(Kind::Incident, title, "")
        }
    }

    fn score(index: &Index, term: &str, doc: u32) -> Option<u32> {
        let e = index.terms().find(|e| e.term == term)?;
        e.postings.iter().find(|p| p.doc == doc).map(|p| p.score)
    }

    /// A list long enough to remember its scores gets each posting's own score: bodies of
    /// many lengths (so more distinct cases than the memory has entries, which then
    /// collide) and the word in title, body or both.
    #[test]
    fn long_lists_score_every_posting_as_short_ones_do() {
        let bodies: Vec<String> = (0..3 * MEMO_FROM)
            .map(|i| {
                let filler = vec!["word"; i % 300].join(" ");
                if i % 3 == 0 {
                    format!("dns {filler}")
                } else {
                    filler
                }
            })
            .collect();
        let docs: Vec<Doc> = (bodies.iter().enumerate())
            .map(|(i, b)| doc(if i % 3 == 2 { "Login" } else { "DNS" }, b))
            .collect();
        let lens: Vec<(u32, u32)> = (bodies.iter())
            .map(|b| (1, b.split_whitespace().count() as u32))
            .collect();
        let index = build(&Corpus::new(docs));
        let avg = index.avg_len[Kind::Incident.index()];
        let e = index.terms().find(|e| e.term == "dns").unwrap();
        assert!(e.postings.len() >= MEMO_FROM && e.df as usize == e.postings.len());
        for p in e.postings {
            let (t, b) = lens[p.doc as usize];
            let len = Lengths {
                title: f64::from(t),
                body: f64::from(b),
            };
            let in_title = u32::from(p.doc % 3 != 2);
            let in_body = u32::from(p.doc % 3 == 0);
            let s = bm25(in_title, in_body, norms(len, avg), idf(e.df, index.n_docs));
            assert_eq!(
                p.score,
                ((s * SCORE_SCALE).round() as u32).max(1),
                "doc {}",
                p.doc
            );
        }
    }

    /// Three documents, scores worked out by hand from the BM25 formula.
    #[test]
    fn bm25_matches_hand_computation() {
        let docs = [
            doc("DNS outage", "resolver timeouts"), // title 2, body 2
            doc("Disk full", "dns cache on disk"),  // title 2, body 4
            doc("Login errors", "users could not log in"), // title 2, body 5
        ];
        let index = build(&Corpus::new(docs.into()));
        assert_eq!(index.n_docs, 3);
        let avg = index.avg_len[Kind::Incident.index()];
        assert_eq!(avg.title, 2.0);
        assert!((avg.body - 11.0 / 3.0).abs() < 1e-12);
        // "dns": df 2, N 3 -> idf = ln(1 + 1.5/2.5) = ln 1.6 = 0.470004
        // doc 0, title: norm = 0.25 + 0.75*2/2 = 1, tf = 3*1/1 = 3
        //   0.470004 * 3*2.2 / (3 + 1.2) = 0.738577
        // doc 1, body: norm = 0.25 + 0.75*4/(11/3) = 1.068182, tf = 1/1.068182 = 0.936170
        //   0.470004 * 0.936170*2.2 / (0.936170 + 1.2) = 0.453151
        assert_eq!(score(&index, "dns", 0), Some(74));
        assert_eq!(score(&index, "dns", 1), Some(45));
        assert_eq!(score(&index, "dns", 2), None);
        // "disk" in doc 1, title and body: idf = ln(1 + 2.5/1.5) = 0.980829,
        // tf = 3 + 0.936170 = 3.936170 -> 0.980829 * 3.936170*2.2 / 5.136170 = 1.653676
        assert_eq!(score(&index, "disk", 1), Some(165));
        let e = index.terms().find(|e| e.term == "dns").unwrap();
        assert_eq!(e.df, 2);
        let facet = index.terms().find(|e| e.term == "~s:api").unwrap();
        assert_eq!(facet.postings.len(), 3);
        assert!(facet.postings.iter().all(|p| p.score == 0));
    }

    #[test]
    fn title_counts_more_than_body() {
        let docs = [doc("payment", "failed"), doc("failed", "payment")];
        let index = build(&Corpus::new(docs.into()));
        assert!(score(&index, "payment", 0) > score(&index, "payment", 1));
        assert!(score(&index, "failed", 1) > score(&index, "failed", 0));
    }

    #[test]
    fn common_terms_keep_their_best_documents() {
        let mut docs: Vec<Doc> = (0..MAX_POSTINGS + 10)
            .map(|i| Doc {
                body: vec![format!("error {}", "padding ".repeat(i % 7)).into()].into(),
                ..doc("x", "")
            })
            .collect();
        docs.push(doc("y", "error"));
        // Enough documents without the term that its idf (and so its scores) are not tiny.
        docs.extend((0..2 * MAX_POSTINGS).map(|_| doc("other", "")));
        let index = build(&Corpus::new(docs));
        let e = index.terms().find(|e| e.term == "error").unwrap();
        assert_eq!(e.df as usize, MAX_POSTINGS + 11);
        assert_eq!(e.postings.len(), MAX_POSTINGS);
        assert!(e.postings.windows(2).all(|w| w[0].doc < w[1].doc));
        // Only the longest (lowest-scoring) documents are cut; the short last one stays.
        let kept: std::collections::BTreeSet<u32> = e.postings.iter().map(|p| p.doc).collect();
        let cut: Vec<u32> = (0..=(MAX_POSTINGS + 10) as u32)
            .filter(|d| !kept.contains(d))
            .collect();
        assert_eq!(cut.len(), 11);
        assert!(
            cut.iter()
                .all(|&d| d % 7 == 6 && (d as usize) < MAX_POSTINGS + 10)
        );
    }

    /// Documents counted a window at a time get the ids and scores of all at once.
    #[test]
    fn the_index_does_not_depend_on_the_window() {
        let words = ["dns", "disk", "login", "error", "cache", "api"];
        let docs: Vec<Doc> = (0..40)
            .map(|i| {
                let title = format!("{} {}", words[i % 6], words[i * 7 % 5]);
                Doc {
                    kind: Kind::ALL[i % 3],
                    title: title.into(),
                    body: vec![format!("{} {i}", words[i % 4]).into()].into(),
                    ..doc("", "")
                }
            })
            .collect();
        let corpus = Corpus::new(docs);
        let flat = |index: &Index| -> Vec<(String, u32, Vec<Posting>)> {
            let terms = index.terms();
            terms
                .map(|e| (e.term.to_string(), e.df, e.postings.to_vec()))
                .collect()
        };
        let whole = build_in_windows(&corpus, 1000, MAX_POSTINGS as u32, true);
        assert!(
            flat(&whole)
                .iter()
                .any(|(t, _, p)| t == "dns" && p.len() > 5)
        );
        for window in [1, 3, 16] {
            let index = build_in_windows(&corpus, window, MAX_POSTINGS as u32, true);
            assert_eq!(flat(&index), flat(&whole), "window {window}");
            assert_eq!(index.avg_len, whole.avg_len, "window {window}");
        }
    }

    proptest::proptest! {
        /// Each distinct word once with its counts summed, for documents short enough to
        /// be scanned and long enough to be sorted, after another document's term that
        /// the sort puts first (which must stay apart).
        #[test]
        fn summed_terms_count_each_word_once(
            title in proptest::collection::vec(0..5usize, 0..8),
            body in proptest::collection::vec(0..5usize, 0..50),
        ) {
            let vocab = ["dns", "disk", "a", "b", "dnsx"];
            let first = *vocab.iter().min_by_key(|w| fnv(w.as_bytes())).unwrap();
            let join = |ws: &[usize]| ws.iter().map(|&w| vocab[w]).collect::<Vec<_>>().join(" ");
            let text = format!("{first} {} {}", join(&title), join(&body));
            let from_title = first.len() + 1;
            let title_end = from_title + join(&title).len();
            let mut terms = Vec::new();
            let mut words = Vec::new();
            push_words(&text[..first.len()], 0, first.len(), &mut words);
            sum_terms(&text, &mut words, &mut terms);
            words.clear();
            push_words(&text, from_title, title_end, &mut words);
            let n_words = words.len();
            sum_terms(&text, &mut words, &mut terms);
            let mut want = std::collections::BTreeMap::new();
            for &w in &title {
                want.entry(vocab[w]).or_insert((0u16, 0u16)).0 += 1;
            }
            for &w in &body {
                want.entry(vocab[w]).or_insert((0u16, 0u16)).1 += 1;
            }
            let got: std::collections::BTreeMap<&str, (u16, u16)> = (terms[1..].iter())
                .map(|t| (&text[t.start as usize..t.end as usize], (t.title, t.body)))
                .collect();
            proptest::prop_assert_eq!(terms.len() - 1, got.len(), "a word twice");
            proptest::prop_assert_eq!(got, want, "{} words", n_words);
            proptest::prop_assert_eq!((terms[0].title, terms[0].body), (1, 0));
        }
    }

    proptest::proptest! {
        /// Dropping postings as they come ([`Tracker`]) keeps exactly what scoring every
        /// posting and then cutting each term to its best `cap` keeps: words repeated in
        /// titles and bodies of many lengths, documents of three kinds, small caps so that
        /// most terms are cut.
        #[test]
        fn dropping_postings_early_changes_no_term(
            docs in proptest::collection::vec(
                (0..3usize, proptest::collection::vec(0..4usize, 0..4),
                 proptest::collection::vec(0..6usize, 0..12)),
                0..120,
            ),
            cap in 1..6u32,
        ) {
            let words = ["dns", "disk", "cache", "api", "error", "login"];
            let text = |ws: &[usize]| ws.iter().map(|&w| words[w]).collect::<Vec<_>>().join(" ");
            let docs: Vec<Doc> = (docs.iter())
                .map(|(kind, title, body)| Doc {
                    kind: Kind::ALL[*kind],
                    title: text(title).into(),
                    body: vec![text(body).into()].into(),
                    ..doc("", "")
                })
                .collect();
            let corpus = Corpus::new(docs);
            let flat = |index: &Index| -> Vec<(String, u32, Vec<Posting>)> {
                (index.terms())
                    .map(|e| (e.term.to_string(), e.df, e.postings.to_vec()))
                    .collect()
            };
            let early = build_in_windows(&corpus, 7, cap, true);
            let late = build_in_windows(&corpus, 7, cap, false);
            proptest::prop_assert_eq!(flat(&early), flat(&late));
        }
    }

    #[test]
    fn a_class_dominates_those_it_outscores_under_any_averages() {
        let mut docs = DocClasses::default();
        for (kind, lens) in [
            (Kind::Ticket, (3, 4)),
            (Kind::Ticket, (5, 4)),
            (Kind::Ticket, (3, 5)),
            (Kind::Ticket, (2, 4)),
            (Kind::Incident, (1, 1)),
        ] {
            docs.push(kind, lens);
        }
        // Doc `d` (its own class here) with the frequencies in title and body.
        let c = |d: u32, t: u16, b: u16| Class::of(&docs, (d, t, b));
        assert!(c(0, 1, 0).dominates(c(0, 1, 0), &docs));
        assert!(c(0, 1, 1).dominates(c(1, 1, 0), &docs));
        assert!(!c(0, 0, 1).dominates(c(0, 1, 0), &docs));
        assert!(!c(2, 1, 0).dominates(c(0, 1, 0), &docs));
        assert!(!c(4, 9, 9).dominates(c(0, 1, 0), &docs));
        // Dead classes: `cap` kept postings dominating them, counted from tracking on.
        let mut t = Tracker::default();
        assert!(t.keep(c(0, 1, 0), 2, &docs));
        assert!(t.keep(c(0, 1, 0), 2, &docs));
        assert!(!t.keep(c(0, 1, 0), 2, &docs));
        // A dominated class is kept until the next review finds it dead; one the kept
        // postings do not dominate lives on.
        assert!(t.keep(c(1, 1, 0), 2, &docs));
        assert!(t.keep(c(3, 1, 0), 2, &docs));
        t.review(2, &docs);
        assert!(!t.keep(c(1, 1, 0), 2, &docs));
        assert!(t.keep(c(3, 1, 0), 2, &docs));
    }

    /// A document whose title comes from the cache counts as it does folded and split
    /// on its own, title words repeated in the body included.
    #[test]
    fn cached_titles_count_as_titles_of_their_own() {
        let titles = ["Disk full: DISK db-1", "Ärger mit DNS", ""];
        let cache = TitleCache::new(titles.into_iter());
        let docs = |keyed: bool| -> Vec<Doc> {
            (0..titles.len())
                .map(|k| Doc {
                    title_key: keyed.then_some(k as u32),
                    ..doc(titles[k], "disk ärger 2 Disk")
                })
                .collect()
        };
        type Terms = Vec<(String, u16, u16)>;
        let counted = |c: &Counted| -> Vec<((u32, u32), Terms)> {
            let mut out: Vec<((u32, u32), Terms)> =
                c.docs.iter().map(|&(_, len)| (len, Vec::new())).collect();
            for t in &c.terms {
                out[t.doc as usize]
                    .1
                    .push((c.text_of(t).to_string(), t.title, t.body));
            }
            out.iter_mut().for_each(|d| d.1.sort());
            out
        };
        let cached = counted(&count_run(&docs(true), &cache));
        let plain = counted(&count_run(&docs(false), &TitleCache::default()));
        assert_eq!(cached, plain);
        assert_eq!(cached[0].0, (5, 4));
        assert!(cached[0].1.contains(&("disk".to_string(), 2, 2)));
    }

    #[test]
    fn terms_are_in_javascript_order() {
        let index = build(&Corpus::new(vec![doc(
            "zeta alpha Äpfel 東京 a1 OPS-17",
            "2024",
        )]));
        let terms: Vec<&str> = index.terms().map(|e| e.term).collect();
        assert_eq!(
            terms,
            [
                "17", "2024", "a1", "alpha", "apfel", "ops", "zeta", "~s:api", "東京"
            ]
        );
    }

    /// A common digit term is pruned to its best documents as a word is, and a facet term
    /// with a digit keeps its unscored postings and its place among the facet terms.
    #[test]
    fn digit_terms_are_pruned_and_facets_with_digits_stay_facets() {
        let mut docs: Vec<Doc> = (0..MAX_POSTINGS + 5)
            .map(|i| Doc {
                body: vec![format!("2024 {}", "padding ".repeat(i % 3)).into()].into(),
                themes: vec!["k8s".into()],
                ..doc("x", "")
            })
            .collect();
        docs.extend((0..MAX_POSTINGS).map(|_| doc("other", "")));
        let index = build(&Corpus::new(docs));
        let e = index.terms().find(|e| e.term == "2024").unwrap();
        assert_eq!(e.df as usize, MAX_POSTINGS + 5);
        assert_eq!(e.postings.len(), MAX_POSTINGS);
        // The cut ones are among the longest documents (i % 3 == 2), the lowest scores.
        let kept: std::collections::BTreeSet<u32> = e.postings.iter().map(|p| p.doc).collect();
        assert!((0..(MAX_POSTINGS + 5) as u32).all(|d| kept.contains(&d) || d % 3 == 2));
        let facets: Vec<&str> = (index.terms().map(|e| e.term))
            .filter(|t| t.starts_with(FACET_MARK))
            .collect();
        assert_eq!(facets, ["~s:api", "~t:k8s"]);
        let k8s = index.terms().find(|e| e.term == "~t:k8s").unwrap();
        assert_eq!(k8s.postings.len(), MAX_POSTINGS + 5);
        assert!(k8s.postings.iter().all(|p| p.score == 0));
    }

    /// Terms with a digit take another route into the index (`digit_terms`); they get the
    /// document frequency and scores a word in the same places gets.
    #[test]
    fn digit_terms_score_as_words_do() {
        let docs = |w: &'static str| -> Vec<Doc<'static>> {
            vec![
                doc(w, "timeouts"),
                doc("checkout errors", w),
                doc(w, w),
                doc("disk full", "cache"),
            ]
        };
        let of = |index: &Index, term: &str| {
            let e = index.terms().find(|e| e.term == term).unwrap();
            (e.df, e.postings.to_vec())
        };
        let digits = build(&Corpus::new(docs("http 503")));
        let words = build(&Corpus::new(docs("http fivehundredthree")));
        assert_eq!(of(&digits, "503"), of(&words, "fivehundredthree"));
        assert_eq!(of(&digits, "503").0, 3);
        assert_eq!(of(&digits, "http"), of(&words, "http"));
    }
}
