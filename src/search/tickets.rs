//! Ticket documents, made when a pass over the [`Corpus`](super::corpus::Corpus) reaches
//! them rather than held.

use super::corpus::Pass;
use super::documents::{Body, Doc, DocLink, Kind, slugs, sort_key, title_prefix};
use crate::model::Ticket;
use crate::privacy::Redactor;
use crate::site::{format, urls};
use chrono::NaiveDate;
use hashbrown::{HashMap, HashSet};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// The tickets of a site in index order, ready to be made into documents.
pub(crate) struct TicketDocs<'a> {
    tickets: &'a [Ticket],
    /// In index order, each ticket's position and its title's number in `titles`.
    /// Trackers repeat titles (L's 1,001,884 tickets have 371,225 distinct ones), so each
    /// distinct title is redacted once and the sort compares numbers instead of reading
    /// titles from all over the heap.
    order: Vec<(u32, u32)>,
    /// The distinct titles, redacted, in order of first use.
    titles: Vec<Cow<'a, str>>,
    /// Per title number, its [`Doc::title_key`] where more than one ticket has the title
    /// ([`NONE`] otherwise); keys go up with title numbers. Most of L's distinct titles
    /// name a parcel and are used once; 3,283 are shared by 63% of the tickets.
    title_key: Vec<u32>,
    /// The id and components of the tickets where redaction changes one of them, each
    /// field redacted, and per ticket position its entry there or [`NONE`] (empty when
    /// redaction changes no ticket). An array rather than a hash map: the lookups come in
    /// index order, at random positions.
    bodies: Vec<Vec<Cow<'a, str>>>,
    slots: Vec<u32>,
    links: &'a BTreeMap<String, String>,
    /// The link templates the browser fills ([`DocLink::Template`]), and the number of each
    /// by its key in `links`.
    templates: Vec<String>,
    template_of: BTreeMap<&'a str, u32>,
}

/// No entry in [`TicketDocs::bodies`].
const NONE: u32 = u32::MAX;

impl<'a> TicketDocs<'a> {
    pub(crate) fn new(
        tickets: &'a [Ticket],
        r: &Redactor,
        links: &'a BTreeMap<String, String>,
    ) -> Self {
        let (title_of, distinct, uses) = distinct_titles(tickets);
        let titles: Vec<Cow<str>> = distinct.par_iter().map(|t| r.redact_cow(t)).collect();
        let mut shared = 0;
        let title_key = (uses.iter())
            .map(|&u| match u {
                0 | 1 => NONE,
                _ => {
                    shared += 1;
                    shared - 1
                }
            })
            .collect();
        let changed: Vec<(usize, Vec<Cow<str>>)> = if r.is_active() {
            let changing = changing_components(tickets, r);
            (tickets.par_iter().enumerate())
                .filter_map(|(i, t)| redact_body(t, r, &changing).map(|x| (i, x)))
                .collect()
        } else {
            Vec::new()
        };
        let mut slots = Vec::new();
        if !changed.is_empty() {
            slots = vec![NONE; tickets.len()];
            for (slot, &(i, _)) in changed.iter().enumerate() {
                slots[i] = slot as u32;
            }
        }
        // Only the templates some ticket links through go to the manifest (a template may
        // carry a token that no page shows unless a record uses it).
        let used = used_links(tickets, links);
        let safe = (links.iter())
            .filter(|(k, t)| used.contains(k.as_str()) && format::template_is_safe(t));
        let template_of = safe.clone().zip(0..).map(|((k, _), n)| (&**k, n)).collect();
        let order = sorted(tickets, &title_of, &titles);
        TicketDocs {
            tickets,
            order,
            titles,
            title_key,
            bodies: changed.into_iter().map(|(_, x)| x).collect(),
            slots,
            links,
            templates: safe.map(|(_, t)| t.clone()).collect(),
            template_of,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// Date of the `k`th ticket document.
    pub(crate) fn date(&self, k: usize) -> NaiveDate {
        self.tickets[self.order[k].0 as usize]
            .created_at
            .date_naive()
    }

    /// The ticket documents `range`, made in parallel runs, each run then mapped by `f`
    /// on the thread that made it. Index order visits the tickets and their titles at
    /// random positions, several cache misses each; so each run asks for the ticket and
    /// title [`AHEAD`] places on, and for the text and lists they point to half as far on,
    /// before it gets there, and `f` reads them while they are still in cache.
    pub(crate) fn map_runs<'s, T: Send>(
        &'s self,
        range: Range<usize>,
        pass: Pass,
        f: &(impl Fn(&[Doc<'s>]) -> T + Sync),
    ) -> Vec<T> {
        let end = range.end;
        let runs: Vec<usize> = range.step_by(RUN).collect();
        runs.into_par_iter()
            .map(|from| {
                let to = end.min(from + RUN);
                let docs: Vec<Doc> = (from..to)
                    .map(|k| {
                        if k + AHEAD < to {
                            self.prefetch_records(k + AHEAD);
                        }
                        if k + AHEAD / 2 < to {
                            self.prefetch_contents(k + AHEAD / 2, pass);
                        }
                        self.doc(k, pass)
                    })
                    .collect();
                f(&docs)
            })
            .collect()
    }

    /// Prefetches what [`TicketDocs::doc`] reads of the `k`th ticket and its title.
    fn prefetch_records(&self, k: usize) {
        let (i, n) = self.order[k];
        prefetch(&self.tickets[i as usize]);
        prefetch(&self.titles[n as usize]);
        prefetch(&self.title_key[n as usize]);
    }

    /// Prefetches the text and lists that the `k`th ticket and its title point to (once
    /// [`TicketDocs::prefetch_records`] has brought them in).
    fn prefetch_contents(&self, k: usize, pass: Pass) {
        let (i, n) = self.order[k];
        let t = &self.tickets[i as usize];
        prefetch_bytes(t.id.as_bytes());
        prefetch_bytes(self.titles[n as usize].as_bytes());
        if pass != Pass::Results {
            prefetch_lines(t.components.as_ptr().cast(), size_of_val(&*t.components));
            prefetch_lines(t.themes.as_ptr().cast(), size_of_val(&*t.themes));
        }
    }

    /// The `k`th ticket document, with what `pass` reads.
    pub(crate) fn doc(&self, k: usize, pass: Pass) -> Doc<'_> {
        let (i, n) = self.order[k];
        let t = &self.tickets[i as usize];
        let mut d = Doc::new(Kind::Ticket, &*self.titles[n as usize], "");
        d.date = Some(self.date(k));
        let key = self.title_key[n as usize];
        d.title_key = (key != NONE).then_some(key);
        if pass != Pass::Results {
            d.body = match self.body(i) {
                Some(f) => Body::Fields(f.iter().map(|s| Cow::Borrowed(&**s)).collect()),
                None => Body::Borrowed(&t.id, &t.components),
            };
            d.themes = slugs(&t.themes);
        }
        if pass != Pass::Index {
            d.url = self.link(i);
        }
        d
    }

    /// The titles of [`Doc::title_key`]s, in key order.
    pub(crate) fn shared_titles(&self) -> impl Iterator<Item = &str> {
        (self.titles.iter().zip(&self.title_key))
            .filter(|&(_, &key)| key != NONE)
            .map(|(title, _)| &**title)
    }

    /// The ticket's id and components redacted, where redaction changes one of them.
    fn body(&self, i: u32) -> Option<&[Cow<'a, str>]> {
        let slot = *self.slots.get(i as usize)?;
        self.bodies.get(slot as usize).map(Vec::as_slice)
    }

    /// The link templates of its [`DocLink::Template`]s, by number, for the corpus to
    /// hold (and the manifest to list).
    pub(crate) fn take_templates(&mut self) -> Vec<String> {
        std::mem::take(&mut self.templates)
    }

    /// The tracker link: stable and always right, where ticket pages are laid out by the
    /// site. Only http(s) and mailto links, as on the pages: a result is a live link.
    /// [`format::source_url`], with a template left to the browser where that is safe.
    fn link(&self, i: u32) -> DocLink<'a> {
        let t = &self.tickets[i as usize];
        if let Some(&n) = link_key(t, self.links).and_then(|k| self.template_of.get(k)) {
            return DocLink::Template(n, format::percent_encoded(&t.id));
        }
        let url = format::source_url(t.url.as_deref(), &t.source, "ticket", &t.id, self.links);
        DocLink::Url(url.unwrap_or_else(|| Cow::Owned(urls::tickets_page(1))))
    }
}

/// Documents made per parallel run of [`TicketDocs::map_runs`].
const RUN: usize = 2048;
/// How far ahead [`TicketDocs::map_runs`] asks for tickets.
const AHEAD: usize = 16;

/// Asks the CPU to start loading `value` into its caches: a hint, which changes nothing
/// the program computes. Hand-written because std's prefetch is not stable.
fn prefetch<T>(value: &T) {
    prefetch_lines(std::ptr::from_ref(value).cast(), size_of::<T>());
}

/// [`prefetch`] of a slice's bytes.
fn prefetch_bytes(bytes: &[u8]) {
    prefetch_lines(bytes.as_ptr(), bytes.len());
}

/// Prefetches each 64-byte cache line of the `len` bytes from `start`.
fn prefetch_lines(start: *const u8, len: usize) {
    #[cfg(target_arch = "x86_64")]
    for offset in (0..len).step_by(64) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of x86_64; a prefetch reads nothing the program sees and
        // cannot fault, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(start.wrapping_add(offset).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (start, len);
}

/// Ticket positions and title numbers in index order: newest first, then by the first
/// eight bytes of the title, then by title number (order of first use), then as ingested.
/// Not quite alphabetical: what matters is that a day's tickets of one title, and of
/// titles that start alike, sit together, where they compress well in one doc shard (59%
/// of L's tickets share their day and title with another); and integers sort without
/// reading titles from all over the heap.
fn sorted(tickets: &[Ticket], title_of: &[u32], titles: &[Cow<str>]) -> Vec<(u32, u32)> {
    let prefixes: Vec<u64> = titles.par_iter().map(|t| title_prefix(t)).collect();
    let mut keys: Vec<(u64, u64, u32, u32)> = (tickets.par_iter().enumerate())
        .map(|(i, t)| {
            let day = sort_key(Kind::Ticket, Some(t.created_at.date_naive()));
            let n = title_of[i];
            (day, prefixes[n as usize], n, i as u32)
        })
        .collect();
    keys.par_sort_unstable();
    keys.into_iter().map(|k| (k.3, k.2)).collect()
}

/// The key of `links` whose template makes the ticket's link ([`format::source_url`]):
/// none when its own link is used or no template applies.
fn link_key<'l>(t: &Ticket, links: &'l BTreeMap<String, String>) -> Option<&'l str> {
    if t.url.as_deref().and_then(format::safe_url_str).is_some() {
        return None;
    }
    format::link_template(&t.source, "ticket", links).map(|(key, _)| key)
}

/// The keys of `links` some ticket's link is made from.
fn used_links<'l>(tickets: &[Ticket], links: &'l BTreeMap<String, String>) -> BTreeSet<&'l str> {
    (tickets.par_iter())
        .filter_map(|t| link_key(t, links))
        .fold(BTreeSet::new, |mut set, k| {
            set.insert(k);
            set
        })
        .reduce(BTreeSet::new, |mut a, b| {
            a.extend(b);
            a
        })
}

/// Each ticket's title as a number into the distinct titles, which are in order of
/// first use, and the number of tickets with each.
fn distinct_titles(tickets: &[Ticket]) -> (Vec<u32>, Vec<&str>, Vec<u32>) {
    let mut numbers: HashMap<&str, u32> = HashMap::new();
    let mut titles = Vec::new();
    let mut uses: Vec<u32> = Vec::new();
    let title_of = (tickets.iter())
        .map(|t| {
            let n = *numbers.entry(&*t.title).or_insert_with(|| {
                titles.push(&*t.title);
                uses.push(0);
                titles.len() as u32 - 1
            });
            uses[n as usize] += 1;
            n
        })
        .collect();
    (title_of, titles, uses)
}

/// The ticket's id and components redacted, or `None` when redaction changes none;
/// `changing` is [`changing_components`].
fn redact_body<'a>(
    t: &'a Ticket,
    r: &Redactor,
    changing: &HashSet<usize>,
) -> Option<Vec<Cow<'a, str>>> {
    let id = r.redact_cow(&t.id);
    let components_change = !changing.is_empty()
        && (t.components.iter()).any(|c| changing.contains(&(c.as_ptr() as usize)));
    if matches!(id, Cow::Borrowed(_)) && !components_change {
        return None;
    }
    let components = t.components.iter().map(|c| r.redact_cow(c));
    Some(std::iter::once(id).chain(components).collect())
}

/// The components that redaction changes, by the address of their text: ingest shares
/// one copy of each component per part of a file (2,048 rows), so each copy is redacted
/// once here rather than once per ticket (L's million tickets name 1,042,230 components).
/// Two copies of one text are each redacted, which changes nothing but the work.
fn changing_components(tickets: &[Ticket], r: &Redactor) -> HashSet<usize> {
    let mut seen = HashSet::new();
    let mut changing = HashSet::new();
    for c in tickets.iter().flat_map(|t| t.components.iter()) {
        let key = c.as_ptr() as usize;
        if seen.insert(key) && matches!(r.redact_cow(c), Cow::Owned(_)) {
            changing.insert(key);
        }
    }
    changing
}
