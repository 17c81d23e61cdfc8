//! The documents in index order: most held, tickets made when a pass reaches them.

use super::documents::{Doc, Kind};
use super::tickets::TicketDocs;
use chrono::NaiveDate;
use std::borrow::Cow;

/// Every document of the site in index order: the held documents, then the ticket
/// documents ([`Kind::Ticket`] sorts last). Tickets are a million of L's 1.2M documents,
/// so they are not held (~230 MB with their filled links): each pass over the corpus
/// makes the ones it reaches, a window at a time, from the tickets in index order.
pub struct Corpus<'a> {
    held: Vec<Doc<'a>>,
    tickets: Option<TicketDocs<'a>>,
    templates: Vec<String>,
}

/// What a pass over the documents reads. Made documents leave out what their pass does
/// not read (a ticket's link is a template lookup, and an allocation where its id needs
/// percent-encoding or its template is filled at build time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// The index: title, body, facets.
    Index,
    /// The doc shards: what a result shows (kind, title, date, link, snippet).
    Results,
    /// Everything (tests, and whoever wants the documents themselves).
    Whole,
}

const _: () = assert!(matches!(Kind::ALL[Kind::ALL.len() - 1], Kind::Ticket));

impl<'a> Corpus<'a> {
    /// A corpus of documents all held, in the order given.
    pub fn new(held: Vec<Doc<'a>>) -> Self {
        Corpus {
            held,
            tickets: None,
            templates: Vec::new(),
        }
    }

    /// The corpus with the link templates its documents' [`DocLink::Template`]s number.
    ///
    /// [`DocLink::Template`]: super::documents::DocLink::Template
    pub fn with_templates(mut self, templates: Vec<String>) -> Self {
        self.templates = templates;
        self
    }

    /// `held` (sorted, no tickets among them) followed by the ticket documents.
    pub(crate) fn with_tickets(held: Vec<Doc<'a>>, mut tickets: TicketDocs<'a>) -> Self {
        debug_assert!(held.iter().all(|d| d.kind != Kind::Ticket));
        Corpus {
            held,
            templates: tickets.take_templates(),
            tickets: Some(tickets),
        }
    }

    pub fn len(&self) -> usize {
        self.held.len() + self.tickets.as_ref().map_or(0, TicketDocs::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The link templates [`DocLink::Template`](super::documents::DocLink::Template)s number.
    pub fn templates(&self) -> &[String] {
        &self.templates
    }

    /// The titles of [`Doc::title_key`]s, in key order.
    pub fn shared_titles(&self) -> impl Iterator<Item = &str> {
        self.tickets.iter().flat_map(TicketDocs::shared_titles)
    }

    /// Kind of document `i`, without making it.
    pub fn kind(&self, i: usize) -> Kind {
        self.held.get(i).map_or(Kind::Ticket, |d| d.kind)
    }

    /// Kind and date of document `i`, without making it.
    pub fn kind_date(&self, i: usize) -> (Kind, Option<NaiveDate>) {
        match self.held.get(i) {
            Some(d) => (d.kind, d.date),
            None => (Kind::Ticket, Some(self.made().date(i - self.held.len()))),
        }
    }

    /// The documents in order, in runs of at most `size`: held runs borrowed, made runs
    /// made in parallel when the iterator reaches them.
    pub fn windows(&self, size: usize, pass: Pass) -> impl Iterator<Item = Cow<'_, [Doc<'_>]>> {
        let size = size.max(1);
        let held = self.held.chunks(size).map(Cow::Borrowed);
        let n = self.len() - self.held.len();
        let made = (0..n).step_by(size).map(move |from| {
            let to = from + size.min(n - from);
            Cow::Owned(self.made().docs(from..to, pass))
        });
        held.chain(made)
    }

    /// All documents, made ones included ([`Pass::Whole`]).
    pub fn to_vec(&self) -> Vec<Doc<'_>> {
        self.windows(usize::MAX, Pass::Whole)
            .flat_map(Cow::into_owned)
            .collect()
    }

    /// The made documents; only asked for past the held ones, where there are some.
    fn made(&self) -> &TicketDocs<'a> {
        self.tickets.as_ref().expect("documents past the held ones")
    }
}
