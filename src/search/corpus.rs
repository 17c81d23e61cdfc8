//! The documents in index order: most held, tickets made when a pass reaches them.

use super::documents::{Doc, Kind};
use super::tickets::TicketDocs;
use chrono::NaiveDate;
use rayon::prelude::*;

/// Every document of the site in index order: the held documents, then the ticket
/// documents ([`Kind::Ticket`] sorts last). Tickets are a million of L's 1.1M documents,
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

    /// Kind and date of document `i`, without making it.
    pub fn kind_date(&self, i: usize) -> (Kind, Option<NaiveDate>) {
        match self.held.get(i) {
            Some(d) => (d.kind, d.date),
            None => (Kind::Ticket, Some(self.made().date(i - self.held.len()))),
        }
    }

    /// The documents in order, a window of at most `size` at a time, each window as runs
    /// that `f` maps in parallel: held documents in runs of `held_run`, made ones in the
    /// runs they are made in ([`TicketDocs::map_runs`]), so that `f` reads each made
    /// document while what it was made from is still in cache.
    pub fn map_windows<'s, T: Send>(
        &'s self,
        size: usize,
        held_run: usize,
        pass: Pass,
        f: impl Fn(&[Doc<'s>]) -> T + Send + Sync + 's,
    ) -> impl Iterator<Item = Vec<T>> + 's {
        let size = size.max(1);
        // Shared by the held and the made half of the chain, which both outlive this call.
        let f = std::sync::Arc::new(f);
        let g = f.clone();
        let held = (self.held.chunks(size))
            .map(move |w| w.par_chunks(held_run.max(1)).map(|run| f(run)).collect());
        let n = self.len() - self.held.len();
        let made = (0..n).step_by(size).map(move |from| {
            let to = from + size.min(n - from);
            self.made().map_runs(from..to, pass, &*g)
        });
        held.chain(made)
    }

    /// All documents, made ones included ([`Pass::Whole`]).
    pub fn to_vec(&self) -> Vec<Doc<'_>> {
        self.map_windows(usize::MAX, usize::MAX, Pass::Whole, <[Doc]>::to_vec)
            .flatten()
            .flatten()
            .collect()
    }

    /// The made documents; only asked for past the held ones, where there are some.
    fn made(&self) -> &TicketDocs<'a> {
        self.tickets.as_ref().expect("documents past the held ones")
    }
}
