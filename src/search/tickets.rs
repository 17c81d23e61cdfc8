//! Ticket documents, made when a pass over the [`Corpus`](super::corpus::Corpus) reaches
//! them rather than held.

use super::corpus::Pass;
use super::documents::{Body, Doc, DocLink, Kind, index_order, slugs};
use crate::model::Ticket;
use crate::privacy::Redactor;
use crate::site::{format, urls};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// The tickets of a site in index order, ready to be made into documents.
pub(crate) struct TicketDocs<'a> {
    tickets: &'a [Ticket],
    /// Ticket positions in index order.
    order: Vec<u32>,
    /// The tickets redaction changes, redacted once (the sort, the index and the doc
    /// shards all read their text), and per ticket position its entry there or
    /// [`NONE`] (empty when redaction changes no ticket). An array rather than a hash
    /// map: at scale L the site's order-number pattern redacts 80,452 of 1,001,884
    /// titles, and the lookups come in index order, at random positions.
    redacted: Vec<Redacted<'a>>,
    slots: Vec<u32>,
    links: &'a BTreeMap<String, String>,
    /// The link templates the browser fills ([`DocLink::Template`]), and the number of each
    /// by its key in `links`.
    templates: Vec<String>,
    template_of: BTreeMap<&'a str, u32>,
}

/// No entry in [`TicketDocs::redacted`].
const NONE: u32 = u32::MAX;

/// A ticket's text after redaction.
struct Redacted<'a> {
    title: Cow<'a, str>,
    /// The id and the components, each redacted; `None` when redaction left them all.
    body: Option<Vec<Cow<'a, str>>>,
}

impl<'a> TicketDocs<'a> {
    pub(crate) fn new(
        tickets: &'a [Ticket],
        r: &Redactor,
        links: &'a BTreeMap<String, String>,
    ) -> Self {
        let changed: Vec<(usize, Redacted)> = if r.is_active() {
            (tickets.par_iter().enumerate())
                .filter_map(|(i, t)| redact(t, r).map(|x| (i, x)))
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
        let mut docs = TicketDocs {
            tickets,
            order: Vec::new(),
            redacted: changed.into_iter().map(|(_, x)| x).collect(),
            slots,
            links,
            templates: safe.map(|(_, t)| t.clone()).collect(),
            template_of,
        };
        docs.order = docs.sorted();
        docs
    }

    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// Date of the `k`th ticket document.
    pub(crate) fn date(&self, k: usize) -> NaiveDate {
        self.tickets[self.order[k] as usize].created_at.date_naive()
    }

    /// The `k`th ticket document, with what `pass` reads.
    pub(crate) fn doc(&self, k: usize, pass: Pass) -> Doc<'_> {
        let i = self.order[k];
        let t = &self.tickets[i as usize];
        let mut d = Doc::new(Kind::Ticket, self.title(i), "");
        d.date = Some(self.date(k));
        if pass != Pass::Results {
            let fields = self.redacted(i).and_then(|x| x.body.as_ref());
            d.body = match fields {
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

    /// Ticket positions in index order ([`index_order`]).
    fn sorted(&self) -> Vec<u32> {
        index_order(
            self.tickets.len(),
            |i| (Kind::Ticket, Some(self.tickets[i].created_at.date_naive())),
            |i| self.title(i as u32),
            // Unique after ingest, and borrowed: a filled link would be an allocation per
            // comparison and orders nothing better (59% of L's tickets share their day and
            // title with another).
            |i| (&*self.tickets[i].source, &*self.tickets[i].id),
        )
    }

    fn title(&self, i: u32) -> &str {
        match self.redacted(i) {
            Some(x) => &x.title,
            None => &self.tickets[i as usize].title,
        }
    }

    fn redacted(&self, i: u32) -> Option<&Redacted<'a>> {
        let slot = *self.slots.get(i as usize)?;
        self.redacted.get(slot as usize)
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

/// The ticket's text redacted, or `None` when redaction changes none of it.
fn redact<'a>(t: &'a Ticket, r: &Redactor) -> Option<Redacted<'a>> {
    let changed = |c: &Cow<str>| matches!(c, Cow::Owned(_));
    let title = r.redact_cow(&t.title);
    let fields = || {
        [&*t.id]
            .into_iter()
            .chain(t.components.iter().map(|c| &**c))
    };
    let body = fields()
        .any(|f| changed(&r.redact_cow(f)))
        .then(|| fields().map(|f| r.redact_cow(f)).collect());
    (changed(&title) || body.is_some()).then_some(Redacted { title, body })
}
