//! `content/site.yaml`: every key optional, unknown keys rejected.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Week,
    #[default]
    Month,
    Quarter,
}

/// How to read an ambiguous date such as 03/04/2025. No default guessing: when a file
/// holds such dates and this is unset, each is a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// day first: 03/04/2025 is 3 April
    Dmy,
    /// month first: 03/04/2025 is 4 March
    Mdy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Incidents,
    Tickets,
    Metrics,
    Actions,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incidents => "incidents",
            Self::Tickets => "tickets",
            Self::Metrics => "metrics",
            Self::Actions => "actions",
        }
    }
}

/// One entry of `sources:`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Glob relative to `content/`.
    pub path: String,
    pub kind: Option<SourceKind>,
    /// pagerduty | opsgenie | incidentio | servicenow | statuspage | jira | zendesk |
    /// prometheus | datadog | grafana | generic. Recognised from the file when unset.
    pub preset: Option<String>,
    /// Canonical field -> column name in this file.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// IANA zone for timestamps without an offset; defaults to the site's timezone.
    pub timezone: Option<String>,
    /// utf-8 | windows-1252 | iso-8859-1; detected when unset.
    pub encoding: Option<String>,
    pub date_order: Option<DateOrder>,
    /// Single character; sniffed when unset.
    pub delimiter: Option<String>,
}

/// Match rules for a theme. A record matches when any rule matches.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeMatch {
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub components: Vec<String>,
    #[serde(default)]
    pub services: Vec<String>,
    /// Case-insensitive regular expressions tried against titles.
    #[serde(default)]
    pub title: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSpec {
    pub slug: String,
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default, rename = "match")]
    pub matches: ThemeMatch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    #[default]
    Lower,
    Higher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    Sum,
    #[default]
    Mean,
    Last,
    Max,
    P95,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    pub title: Option<String>,
    pub unit: Option<String>,
    #[serde(default)]
    pub better: Better,
    #[serde(default)]
    pub aggregation: Aggregation,
    pub target: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TicketPublishing {
    /// Titles and rows are published.
    #[default]
    Full,
    /// Only counts and durations; no ticket title reaches a page, the index or a CSV.
    Aggregate,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Privacy {
    pub redact_emails: bool,
    pub redact_phones: bool,
    /// Extra regular expressions whose matches are replaced by "[redacted]".
    pub patterns: Vec<String>,
    pub tickets: TicketPublishing,
}

impl Default for Privacy {
    fn default() -> Self {
        Self {
            redact_emails: true,
            redact_phones: true,
            patterns: Vec::new(),
            tickets: TicketPublishing::Full,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Recurrence {
    /// An incident is a repeat when one with the same key started within this many days before it.
    pub window_days: u32,
}

impl Default for Recurrence {
    fn default() -> Self {
        Self { window_days: 30 }
    }
}

/// Numbers the analysis uses; defaults follow DESIGN.md.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Fewer observations than this and a statistic is shown as "too few".
    pub min_sample: usize,
    /// Resolved within this many minutes without acknowledgement counts as noise.
    pub noise_fast_minutes: u32,
    /// Tickets within this many days of an incident of the same theme or service co-occur.
    pub cooccurrence_days: u32,
    /// A theme with no repeat for this many periods after its prevent actions closed is a win.
    pub quiet_periods: u32,
    /// Share of actions done on time that counts as the action SLO being met.
    pub action_slo_on_time: f64,
    /// Resamples for the bootstrap interval of a change in medians.
    pub bootstrap_resamples: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            min_sample: 5,
            noise_fast_minutes: 5,
            cooccurrence_days: 7,
            quiet_periods: 3,
            action_slo_on_time: 0.8,
            bootstrap_resamples: 1000,
        }
    }
}

/// Business and sleep hours in the site's timezone; the rest is off-hours.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HourBands {
    /// [start, end) hours, Monday to Friday.
    pub business: [u32; 2],
    /// [start, end) hours, every day; may wrap midnight.
    pub sleep: [u32; 2],
}

impl Default for HourBands {
    fn default() -> Self {
        Self {
            business: [9, 18],
            sleep: [22, 7],
        }
    }
}

/// The whole of site.yaml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    /// IANA name, e.g. Europe/Berlin.
    pub timezone: String,
    pub period: Period,
    /// Report date (YYYY-MM-DD); CLI --as-of wins; else the latest timestamp in the data.
    pub as_of: Option<String>,
    pub date_order: Option<DateOrder>,
    pub recurrence: Recurrence,
    pub thresholds: Thresholds,
    pub hours: HourBands,
    /// Name of a theme under `themes/` overriding the built-in one file by file.
    pub theme: Option<String>,
    pub sources: Vec<SourceSpec>,
    pub themes: Vec<ThemeSpec>,
    pub series: BTreeMap<String, SeriesSpec>,
    pub privacy: Privacy,
    /// Canonical postmortem field -> extra labels that mean it ("TTR", "Time to repair").
    pub label_aliases: BTreeMap<String, Vec<String>>,
    /// Source tool (or "incident"/"ticket") -> URL template with `{id}`.
    pub links: BTreeMap<String, String>,
    /// Incidents shown per page on incidents/.
    pub page_size: usize,
    /// Build the search index and page (Zola's `build_search_index`). Off saves its build
    /// time and files on a site nobody searches.
    pub search: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            title: "Operations report".to_string(),
            description: None,
            base_url: "/".to_string(),
            timezone: "UTC".to_string(),
            period: Period::Month,
            as_of: None,
            date_order: None,
            recurrence: Recurrence::default(),
            thresholds: Thresholds::default(),
            hours: HourBands::default(),
            theme: None,
            sources: Vec::new(),
            themes: Vec::new(),
            series: BTreeMap::new(),
            privacy: Privacy::default(),
            label_aliases: BTreeMap::new(),
            links: BTreeMap::new(),
            page_size: 100,
            search: true,
        }
    }
}
