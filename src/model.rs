//! The canonical model: what every input kind becomes after ingest.
//!
//! All timestamps are UTC. Every record keeps a [`Origin`] so later stages can point
//! a reader (or a diagnostic) back at the file and row it came from.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

pub type Timestamp = DateTime<Utc>;

/// A string that many records share (a tool, status, label, component, theme slug): one
/// copy per distinct value from ingest's interner, behind a thin pointer. `Arc<str>` is a
/// 16-byte fat pointer; this is 8, and a ticket holds a dozen of them.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<String>);

impl Shared {
    /// Whether `a` and `b` are the same copy (not just equal text).
    pub fn ptr_eq(a: &Shared, b: &Shared) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Lets a set of `Shared` be searched by `&str` (hashes and orders as the text does).
impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        **self.0 == *other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        **self.0 == **other
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Shared {
        Shared(Arc::new(s.to_string()))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Shared {
        Shared(Arc::new(s))
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self.0, f)
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Where a record came from: file path relative to the site root and 1-based line.
/// The path is shared by every record of its file (a million rows, one string).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Origin {
    /// A thin pointer, so with a u32 line an `Origin` is 16 bytes instead of 24 on each
    /// of millions of records.
    pub file: Shared,
    pub line: u32,
}

impl Origin {
    /// `line` as stored; a line past u32::MAX (a file of over 4 GB) reads as u32::MAX.
    pub fn line(line: usize) -> u32 {
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

/// sev1 is the worst. `raw` keeps the tool's own label ("P1", "critical", "High").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Severity {
    /// 1..=5; `None` when the raw label could not be mapped.
    pub level: Option<u8>,
    pub raw: String,
}

impl Severity {
    pub fn label(&self) -> String {
        match self.level {
            Some(l) => format!("sev{l}"),
            None => "unknown".to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Open,
    Mitigated,
    Resolved,
    Closed,
    Canceled,
}

impl IncidentStatus {
    /// Resolved or closed: the incident has an end.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Resolved | Self::Closed)
    }
}

/// Which field an incident's start came from (DESIGN.md: impact_start_at, else created_at).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StartSource {
    ImpactStart,
    Created,
}

#[derive(Debug, Clone, Serialize)]
pub struct Incident {
    pub id: String,
    /// Source tool: "pagerduty", "opsgenie", "servicenow", "statuspage", "generic"…
    pub source: String,
    /// The export's own link; `site::format::source_url` gives the one to show (this,
    /// else the `links:` template filled with the id).
    pub url: Option<String>,
    pub title: String,
    pub services: Vec<String>,
    pub team: Option<String>,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub impact_start_at: Option<Timestamp>,
    pub detected_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub mitigated_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub labels: Vec<String>,
    /// Root-cause label where the tool or the team gives one; feeds the fingerprint.
    pub root_cause: Option<String>,
    /// Theme slugs; filled by `analyze::themes`, empty after ingest.
    pub themes: Vec<String>,
    /// Filled by `analyze::recurrence`, empty after ingest.
    pub fingerprint: String,
    pub postmortem: Option<String>,
    pub related: Vec<String>,
    pub auto_resolved: bool,
    pub origin: Origin,
}

impl Incident {
    /// DESIGN.md: start = impact_start_at, else created_at.
    pub fn start(&self) -> (Timestamp, StartSource) {
        match self.impact_start_at {
            Some(t) => (t, StartSource::ImpactStart),
            None => (self.created_at, StartSource::Created),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketCategory {
    Open,
    Done,
}

/// One ticket row. A million of these are held from ingest to the end of the build, so
/// the values rows repeat (tool, status, priority, labels, components, theme slugs) are
/// shared strings from ingest's interner and lists are boxed slices.
#[derive(Debug, Clone, Serialize)]
pub struct Ticket {
    pub id: Box<str>,
    pub source: Shared,
    /// The export's own link, as for incidents.
    pub url: Option<Box<str>>,
    pub title: Box<str>,
    pub kind: Option<Shared>,
    pub status: Shared,
    pub category: TicketCategory,
    pub priority: Option<Shared>,
    pub labels: Box<[Shared]>,
    pub components: Box<[Shared]>,
    pub group: Option<Shared>,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub reopen_count: u32,
    pub linked_incidents: Box<[String]>,
    /// Filled by `analyze::themes`.
    pub themes: Box<[Shared]>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricPoint {
    /// Shared by every point of a series, like `labels`.
    pub series: Shared,
    /// Shared by every point of a series: a million points hold a few dozen maps.
    pub labels: Arc<BTreeMap<String, String>>,
    pub at: Timestamp,
    pub value: f64,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionType {
    Prevent,
    Mitigate,
    Detect,
    Process,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    WontDo,
}

impl ActionStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::WontDo)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionItem {
    /// Stable id: tracker ref when given, else `<postmortem slug>-<n>`.
    pub id: String,
    /// Slug of the postmortem it came from, if any.
    pub postmortem: Option<String>,
    pub title: String,
    pub kind: Option<ActionType>,
    pub priority: Option<String>,
    pub owner: Option<String>,
    pub team: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    pub tracker_ref: Option<String>,
    pub tracker_url: Option<String>,
    /// Postmortem date when the source gives no creation time.
    pub created_at: Option<NaiveDate>,
    pub completed_at: Option<NaiveDate>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PostmortemStatus {
    Draft,
    Review,
    Published,
}

#[derive(Debug, Clone, Serialize)]
pub struct Postmortem {
    pub slug: String,
    pub title: String,
    pub date: NaiveDate,
    pub incidents: Vec<String>,
    pub services: Vec<String>,
    pub severity: Option<Severity>,
    pub themes: Vec<String>,
    pub authors: Vec<String>,
    pub status: PostmortemStatus,
    pub summary: Option<String>,
    /// Canonical fields found as labelled lines in the body ("Time to repair: 3h 8m").
    pub fields: BTreeMap<String, String>,
    pub actions: Vec<ActionItem>,
    /// Markdown body without front matter, not yet rendered.
    pub body: String,
    pub origin: Origin,
}

/// A declared win from content/wins/*.md.
#[derive(Debug, Clone, Serialize)]
pub struct DeclaredWin {
    pub slug: String,
    pub title: String,
    pub date: NaiveDate,
    pub themes: Vec<String>,
    pub services: Vec<String>,
    pub evidence: Option<String>,
    pub body: String,
    pub origin: Origin,
}

/// Everything ingest produced; the input to `analyze`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dataset {
    pub incidents: Vec<Incident>,
    pub tickets: Vec<Ticket>,
    pub metrics: Vec<MetricPoint>,
    pub postmortems: Vec<Postmortem>,
    /// Actions from ticket/action exports; postmortem actions stay inside their postmortem.
    pub actions: Vec<ActionItem>,
    pub wins: Vec<DeclaredWin>,
}

impl Dataset {
    /// All action items: those of postmortems followed by standalone ones.
    pub fn all_actions(&self) -> impl Iterator<Item = &ActionItem> {
        self.postmortems
            .iter()
            .flat_map(|p| p.actions.iter())
            .chain(self.actions.iter())
    }
}
