//! The records a reader can find, flattened into one searchable shape.

use super::corpus::Corpus;
use super::tickets::TicketDocs;
use crate::model::{ActionStatus, Dataset, PostmortemStatus, Shared};
use crate::privacy::Redactor;
use crate::site::{SiteInput, urls};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Characters of body text kept as the result snippet.
pub const SNIPPET_CHARS: usize = 300;

/// Record kinds, in the order their documents are numbered (and listed in filters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Postmortem,
    Incident,
    Action,
    Theme,
    Service,
    Win,
    Chart,
    Ticket,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Postmortem,
        Kind::Incident,
        Kind::Action,
        Kind::Theme,
        Kind::Service,
        Kind::Win,
        Kind::Chart,
        Kind::Ticket,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Postmortem => "postmortem",
            Kind::Incident => "incident",
            Kind::Action => "action",
            Kind::Theme => "theme",
            Kind::Service => "service",
            Kind::Win => "win",
            Kind::Chart => "chart",
            Kind::Ticket => "ticket",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One searchable record. `title` and `body` are indexed (title boosted); `snippet` is
/// shown under the result. All text is already redacted. Text borrows from the dataset
/// where redaction left it unchanged: at scale L a million ticket documents would
/// otherwise copy every title, URL and id.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc<'a> {
    pub kind: Kind,
    pub title: Cow<'a, str>,
    /// The record's other searchable fields, each redacted and tokenised on its own.
    pub body: Body<'a>,
    pub date: Option<NaiveDate>,
    /// Where the result links.
    pub url: DocLink<'a>,
    pub snippet: String,
    /// Service and theme slugs, for the filters.
    pub services: Vec<String>,
    pub themes: Vec<String>,
    /// The number of a title other documents share ([`Corpus::shared_titles`]), which the
    /// index then folds and splits once for all of them.
    ///
    /// [`Corpus::shared_titles`]: super::corpus::Corpus::shared_titles
    pub title_key: Option<u32>,
}

impl<'a> Doc<'a> {
    pub fn new(kind: Kind, title: impl Into<Cow<'a, str>>, url: impl Into<Cow<'a, str>>) -> Self {
        Doc {
            kind,
            title: title.into(),
            body: Body::default(),
            date: None,
            url: DocLink::Url(url.into()),
            snippet: String::new(),
            services: Vec::new(),
            themes: Vec::new(),
            title_key: None,
        }
    }

    /// The document with its own copy of all text (for tests that outlive their data).
    pub fn into_owned(self) -> Doc<'static> {
        let own = |c: Cow<str>| Cow::Owned(c.into_owned());
        Doc {
            kind: self.kind,
            title: own(self.title),
            body: Body::Fields(self.body.iter().map(|f| own(f.into())).collect()),
            date: self.date,
            url: self.url.into_owned(),
            snippet: self.snippet,
            services: self.services,
            themes: self.themes,
            title_key: self.title_key,
        }
    }

    /// The body fields as one text.
    pub fn body_text(&self) -> String {
        self.body.iter().collect::<Vec<_>>().join(" · ")
    }
}

/// Where a result links.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocLink<'a> {
    /// Relative to the site root (with an anchor where the record sits inside a page), or
    /// an absolute http(s) or mailto URL.
    Url(Cow<'a, str>),
    /// Link template `n` of the index (settings `links`) with each `{id}` replaced by the
    /// id, which is percent-encoded at build time; the browser does the replacing, so a
    /// ticket's tracker link is written once per template instead of once per ticket (at
    /// scale L the doc shards are 100 MB instead of 142). Only for templates whose every
    /// filling is a safe link ([`template_is_safe`]).
    ///
    /// [`template_is_safe`]: crate::site::format::template_is_safe
    Template(u32, Cow<'a, str>),
}

impl<'a> From<&'a str> for DocLink<'a> {
    fn from(url: &'a str) -> Self {
        DocLink::Url(url.into())
    }
}

impl From<String> for DocLink<'_> {
    fn from(url: String) -> Self {
        DocLink::Url(url.into())
    }
}

impl DocLink<'_> {
    /// The link with its own copy of its text.
    pub fn into_owned(self) -> DocLink<'static> {
        match self {
            DocLink::Url(u) => DocLink::Url(Cow::Owned(u.into_owned())),
            DocLink::Template(k, id) => DocLink::Template(k, Cow::Owned(id.into_owned())),
        }
    }

    /// The URL, unless it is a template's to fill.
    pub fn as_url(&self) -> Option<&str> {
        match self {
            DocLink::Url(u) => Some(u),
            DocLink::Template(..) => None,
        }
    }

    /// The URL, its template filled in from `templates`.
    pub fn resolve<'s>(&'s self, templates: &[String]) -> Cow<'s, str> {
        match self {
            DocLink::Url(u) => Cow::Borrowed(u),
            DocLink::Template(k, id) => Cow::Owned(templates[*k as usize].replace("{id}", id)),
        }
    }
}

/// A document's body fields (blank ones are skipped).
#[derive(Debug, Clone, PartialEq)]
pub enum Body<'a> {
    Fields(Vec<Cow<'a, str>>),
    /// A field and a list of fields, borrowed as they are: a ticket's id and components
    /// when redaction changes none of them, so a million tickets need no list of their own.
    Borrowed(&'a str, &'a [Shared]),
}

impl Default for Body<'_> {
    fn default() -> Self {
        Body::Fields(Vec::new())
    }
}

impl<'a> From<Vec<Cow<'a, str>>> for Body<'a> {
    fn from(fields: Vec<Cow<'a, str>>) -> Self {
        Body::Fields(fields)
    }
}

impl Body<'_> {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (fields, first, list): (&[Cow<str>], Option<&str>, &[Shared]) = match self {
            Body::Fields(f) => (f, None, &[]),
            Body::Borrowed(first, list) => (&[], Some(first), list),
        };
        let fields = fields.iter().map(|f| &**f);
        let list = list.iter().map(|s| &**s);
        fields
            .chain(first)
            .chain(list)
            .filter(|f| !f.trim().is_empty())
    }
}

/// Facet values for the filter lists: slug -> display name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub services: BTreeMap<String, String>,
    pub themes: BTreeMap<String, String>,
}

/// Every document of the site, in index order: by kind, newest first, then title and URL;
/// text redacted by the config's redactor.
pub fn collect<'a>(input: &'a SiteInput<'a>) -> (Corpus<'a>, Facets) {
    let r = &input.config.redactor;
    let data = input.dataset;
    let settings = &input.config.settings;
    let mut docs = Vec::new();
    let mut facets = Facets::default();
    for t in &settings.themes {
        let title = t.title.clone().unwrap_or_else(|| t.slug.clone());
        facets.themes.insert(urls::slugify(&t.slug), title);
    }
    let hidden = hidden_drafts(input);
    postmortems(data, &hidden, r, &mut docs);
    incidents(input, r, &mut docs);
    actions(data, &hidden, r, &mut docs);
    for t in &settings.themes {
        let title = t.title.clone().unwrap_or_else(|| t.slug.clone());
        let mut d = Doc::new(Kind::Theme, r.redact(&title), urls::theme(&t.slug));
        let description = r.redact(t.description.as_deref().unwrap_or(""));
        d.snippet = snippet(&description);
        d.body = vec![description.into()].into();
        d.themes = vec![urls::slugify(&t.slug)];
        docs.push(d);
    }
    for (slug, name) in service_names(data) {
        let mut d = Doc::new(Kind::Service, r.redact(&name), urls::service(&name));
        d.services = vec![slug.clone()];
        facets.services.insert(slug, name);
        docs.push(d);
    }
    for w in &data.wins {
        let mut d = Doc::new(Kind::Win, r.redact(&w.title), urls::win(&w.slug));
        let text = r.redact_owned(join([
            plain_text(&w.body),
            w.evidence.clone().unwrap_or_default(),
        ]));
        d.snippet = snippet(&text);
        d.body = vec![text.into()].into();
        d.date = Some(w.date);
        d.services = slugs(&w.services);
        d.themes = slugs(&w.themes);
        docs.push(d);
    }
    for w in input.report.wins.iter().filter(|w| w.kind == "detected") {
        let mut d = Doc::new(Kind::Win, r.redact(&w.title), urls::win(&w.id));
        let text = r.redact_owned(join([
            w.figure.clone().unwrap_or_default(),
            w.period.clone().unwrap_or_default(),
        ]));
        d.snippet = snippet(&text);
        d.body = vec![text.into()].into();
        d.date = w
            .date
            .as_deref()
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        d.themes = slugs(&w.themes);
        docs.push(d);
    }
    for c in input.charts {
        let mut d = Doc::new(Kind::Chart, r.redact(&c.title), urls::chart(&c.id));
        let caption = r.redact(&c.caption);
        d.snippet = snippet(&caption);
        d.body = vec![caption.into()].into();
        if let Some(s) = c.scope.strip_prefix("theme:") {
            d.themes = vec![urls::slugify(s)];
        } else if let Some(s) = c.scope.strip_prefix("service:") {
            d.services = vec![urls::slugify(s)];
        }
        docs.push(d);
    }
    sort(&mut docs);
    // Ticket titles are searchable exactly when the ticket pages publish them.
    let corpus = if r.ticket_titles {
        let tickets = TicketDocs::new(&data.tickets, r, &settings.links);
        Corpus::with_tickets(docs, tickets)
    } else {
        Corpus::new(docs)
    };
    (corpus, facets)
}

/// Slugs of draft postmortems, left out (with their actions) unless the build has --drafts.
fn hidden_drafts(input: &SiteInput) -> BTreeSet<String> {
    if input.config.drafts {
        return BTreeSet::new();
    }
    input
        .dataset
        .postmortems
        .iter()
        .filter(|p| p.status == PostmortemStatus::Draft)
        .map(|p| p.slug.clone())
        .collect()
}

fn postmortems(data: &Dataset, hidden: &BTreeSet<String>, r: &Redactor, docs: &mut Vec<Doc>) {
    for p in data
        .postmortems
        .iter()
        .filter(|p| !hidden.contains(&p.slug))
    {
        let mut d = Doc::new(
            Kind::Postmortem,
            r.redact(&p.title),
            urls::postmortem(&p.slug),
        );
        let summary = p.summary.clone().unwrap_or_default();
        let body = plain_text(&p.body);
        let severity = p.severity.as_ref().map(|s| s.label()).unwrap_or_default();
        d.snippet = snippet(&r.redact(if summary.is_empty() { &body } else { &summary }));
        d.body = vec![
            r.redact_owned(join([
                summary,
                body,
                p.services.join(" "),
                p.themes.join(" "),
                severity,
                p.authors.join(" "),
            ]))
            .into(),
        ]
        .into();
        d.date = Some(p.date);
        d.services = slugs(&p.services);
        d.themes = slugs(&p.themes);
        docs.push(d);
    }
}

fn incidents<'a>(input: &'a SiteInput<'a>, r: &Redactor, docs: &mut Vec<Doc<'a>>) {
    let incidents = &input.dataset.incidents;
    let links = &input.incident_table.urls;
    docs.par_extend(incidents.par_iter().zip(links).map(|(i, url)| {
        let mut d = Doc::new(Kind::Incident, r.redact_cow(&i.title), url.as_str());
        let severity = i.severity.label();
        d.body = fields(
            r,
            [&i.id]
                .into_iter()
                .chain(&i.services)
                .chain(&i.themes)
                .map(|s| s.as_str().into())
                .chain([severity.clone().into(), i.severity.raw.as_str().into()]),
        );
        d.snippet = r.redact_owned(join([severity, i.services.join(", "), i.themes.join(", ")]));
        d.date = Some(i.start().0.date_naive());
        d.services = slugs(&i.services);
        d.themes = slugs(&i.themes);
        d
    }));
}

fn actions(data: &Dataset, hidden: &BTreeSet<String>, r: &Redactor, docs: &mut Vec<Doc>) {
    let postmortems: BTreeMap<&str, _> = data
        .postmortems
        .iter()
        .map(|p| (p.slug.as_str(), p))
        .collect();
    for a in data.all_actions() {
        if a.postmortem.as_ref().is_some_and(|p| hidden.contains(p)) {
            continue;
        }
        let mut d = Doc::new(Kind::Action, r.redact(&a.title), urls::action(&a.id));
        let status = match a.status {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in progress",
            ActionStatus::Done => "done",
            ActionStatus::WontDo => "won't do",
        };
        let due = a.due.map(|d| format!("due {d}")).unwrap_or_default();
        let owner = a.owner.clone().unwrap_or_default();
        d.body = vec![
            r.redact_owned(join([
                owner.clone(),
                a.team.clone().unwrap_or_default(),
                status.to_string(),
                due.clone(),
                a.tracker_ref.clone().unwrap_or_default(),
            ]))
            .into(),
        ]
        .into();
        d.snippet = r.redact_owned(join([status.to_string(), owner, due]));
        d.date = a.due.or(a.created_at);
        if let Some(p) = a.postmortem.as_deref().and_then(|s| postmortems.get(s)) {
            d.services = slugs(&p.services);
            d.themes = slugs(&p.themes);
        }
        docs.push(d);
    }
}

/// Distinct services of incidents and postmortems: slug -> first name seen in sorted order.
fn service_names(data: &Dataset) -> BTreeMap<String, String> {
    let mut names: Vec<&String> = data
        .incidents
        .iter()
        .flat_map(|i| i.services.iter())
        .chain(data.postmortems.iter().flat_map(|p| p.services.iter()))
        .collect();
    names.sort();
    names.dedup();
    let mut out = BTreeMap::new();
    for n in names {
        out.entry(urls::slugify(n)).or_insert_with(|| n.clone());
    }
    out
}

/// Sorts the held documents into index order: by kind, newest first, then title, then
/// link (then as given). Same-day ties go by title rather than input order because
/// neighbouring documents share a doc shard: sorted titles made L's index 23.6 MB
/// gzipped, input order 30.5. The ticket documents made on demand are ordered much alike
/// (`tickets::sorted`).
fn sort(docs: &mut Vec<Doc>) {
    // The first eight bytes of the title ride along with the key, so most comparisons
    // end without reading titles from all over the heap.
    let mut keys: Vec<(u64, u64, u32)> = (docs.par_iter().enumerate())
        .map(|(i, d)| (sort_key(d.kind, d.date), title_prefix(&d.title), i as u32))
        .collect();
    keys.par_sort_unstable_by(|&(ka, pa, a), &(kb, pb, b)| {
        let (x, y) = (&docs[a as usize], &docs[b as usize]);
        ((ka, pa).cmp(&(kb, pb)))
            .then_with(|| x.title.cmp(&y.title))
            .then_with(|| x.url.cmp(&y.url))
            .then(a.cmp(&b))
    });
    // Sorts positions, then moves each document once: merge-sorting the documents
    // themselves moved every one once per merge level.
    let mut slots: Vec<Option<Doc>> = docs.drain(..).map(Some).collect();
    docs.extend(
        keys.into_iter()
            .map(|k| slots[k.2 as usize].take().expect("each position once")),
    );
}

/// Kind, then newest first, packed into one number.
pub(super) fn sort_key(kind: Kind, date: Option<NaiveDate>) -> u64 {
    const DAYS: u64 = (1 << 40) - 1;
    // Days since NaiveDate::MIN, plus one; no date is 0 and sorts last.
    let days = date.map_or(0, |d| {
        (d.num_days_from_ce() - NaiveDate::MIN.num_days_from_ce()) as u64 + 1
    });
    ((kind.index() as u64) << 40) | (DAYS - days)
}

/// Body fields, each redacted on its own ([`Body::iter`] skips blank ones).
fn fields<'a>(r: &Redactor, parts: impl Iterator<Item = Cow<'a, str>>) -> Body<'a> {
    let fields = parts
        .map(|p| match p {
            Cow::Borrowed(s) => r.redact_cow(s),
            Cow::Owned(s) => Cow::Owned(r.redact_owned(s)),
        })
        .collect();
    Body::Fields(fields)
}

/// The first eight bytes of `title` as a big-endian number, zero-padded: when two of
/// these differ they order the titles as `str` does (a title that ends first sorts first,
/// as its padding zero is the smallest byte); when equal, the titles must be compared.
pub(super) fn title_prefix(title: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = title.len().min(8);
    bytes[..n].copy_from_slice(&title.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

pub(super) fn slugs<S: AsRef<str>>(names: &[S]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|n| urls::slugify(n.as_ref())).collect();
    v.sort();
    v.dedup();
    v
}

fn join<const N: usize>(parts: [String; N]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.trim())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The text of a Markdown document without markup, paragraphs separated by spaces.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new(markdown) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The first [`SNIPPET_CHARS`] characters, cut at a word boundary, with "…" when cut.
pub fn snippet(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= SNIPPET_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(SNIPPET_CHARS).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > SNIPPET_CHARS / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::format;

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            plain_text("# Impact\n\nThe **DNS** resolver `unbound` failed.\n\n- one\n- two"),
            "Impact The DNS resolver unbound failed. one two"
        );
    }

    #[test]
    fn documents_sort_by_kind_newest_first_then_title_and_url() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let doc = |kind, title: &'static str, url: &'static str, date| Doc {
            date,
            ..Doc::new(kind, title, url)
        };
        let mut docs = vec![
            doc(Kind::Ticket, "a", "1", day(2024, 1, 1)),
            doc(Kind::Incident, "b", "2", None),
            doc(Kind::Incident, "b", "1", day(2023, 5, 1)),
            doc(Kind::Incident, "b", "2", day(2023, 5, 1)),
            doc(Kind::Incident, "a", "9", day(2023, 5, 1)),
            doc(Kind::Incident, "z", "3", Some(NaiveDate::MAX)),
            doc(Kind::Incident, "y", "4", Some(NaiveDate::MIN)),
            doc(Kind::Postmortem, "p", "5", day(2020, 1, 1)),
            doc(Kind::Incident, "b", "0", day(2023, 5, 1)),
        ];
        sort(&mut docs);
        let got: Vec<(&str, &str)> = docs
            .iter()
            .map(|d| (&*d.title, d.url.as_url().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("p", "5"),
                ("z", "3"),
                ("a", "9"),
                ("b", "0"),
                ("b", "1"),
                ("b", "2"),
                ("y", "4"),
                ("b", "2"),
                ("a", "1"),
            ]
        );
    }

    proptest::proptest! {
        /// What search.js makes of a template link is the link the build would have made,
        /// and it is safe, whatever the id.
        #[test]
        fn a_safe_template_makes_the_same_safe_link_whatever_the_id(
            scheme in proptest::sample::select(vec!["https://", "HTTP://", "mailto:", "ftp://", ""]),
            parts in proptest::collection::vec("\\PC{0,5}|[ \u{2003}\t]", 0..4),
            id in "\\PC{0,10}|.{0,10}",
        ) {
            let template = format!("{scheme}{}", parts.join("{id}"));
            proptest::prop_assume!(format::template_is_safe(&template));
            let filled = format::fill_link(&template, &id);
            let link = DocLink::Template(0, format::percent_encoded(&id));
            proptest::prop_assert_eq!(link.resolve(&[template]), filled.as_str());
            proptest::prop_assert_eq!(format::safe_url_str(&filled), Some(filled.as_str()));
        }

        /// Where two prefixes differ they order their titles as `str` does.
        #[test]
        fn title_prefixes_order_titles_as_str_does(a in "[a-c\\x00é]{0,10}", b in "[a-c\\x00é]{0,10}") {
            let (pa, pb) = (title_prefix(&a), title_prefix(&b));
            if pa != pb {
                proptest::prop_assert_eq!(pa.cmp(&pb), a.cmp(&b));
            }
        }
    }

    #[test]
    fn body_fields_skip_blanks_however_they_are_held() {
        let list: [Shared; 3] = ["db".into(), " ".into(), "api".into()];
        let borrowed = Body::Borrowed("OPS-1", &list);
        assert_eq!(borrowed.iter().collect::<Vec<_>>(), ["OPS-1", "db", "api"]);
        let fields = Body::Fields(vec!["".into(), "x".into()]);
        assert_eq!(fields.iter().collect::<Vec<_>>(), ["x"]);
        let doc = Doc {
            body: borrowed,
            ..Doc::new(Kind::Ticket, "t", "u")
        };
        assert_eq!(
            doc.clone().into_owned().body,
            Body::Fields(vec!["OPS-1".into(), "db".into(), "api".into()])
        );
        assert_eq!(doc.body_text(), "OPS-1 · db · api");
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        assert_eq!(snippet(" short "), "short");
    }
}
