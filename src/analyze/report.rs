//! The report: every computed figure, serialised as public/data/report.json.
//!
//! Plain data only (BTreeMap / Vec, f64 figures, record ids as strings) so the site,
//! the charts and outside tools can all build on it. docs/report-schema.md documents
//! every field; change it additively and bump [`SCHEMA_VERSION`] on any breaking change.
//! Durations are minutes, shares are 0..1, `None` serialises as `null`.

use serde::Serialize;
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// The instant the report is as of (RFC 3339, UTC): end of the as-of day in the site's
    /// timezone, or the latest timestamp in the data.
    pub as_of: String,
    /// The as-of date in the site's timezone (YYYY-MM-DD).
    pub as_of_date: String,
    /// Where `as_of` came from: "config" or "data".
    pub as_of_source: String,
    pub settings: ReportSettings,
    /// Every period from the first record to the as-of period, empty ones included.
    pub periods: Vec<PeriodInfo>,
    /// The latest complete period (headline "now"); the as-of period when none is complete.
    pub current_period: Option<String>,
    pub previous_period: Option<String>,
    pub counts: Counts,
    pub headline: Vec<Headline>,
    /// "acknowledge" | "detect" | "restore" | "resolve" -> statistics.
    pub durations: BTreeMap<String, DurationMetric>,
    pub survival: Survival,
    pub volume: Vec<VolumePeriod>,
    pub recurrence: RecurrenceReport,
    pub noise: NoiseReport,
    pub actions: ActionSummary,
    pub tickets: TicketReport,
    pub series: Vec<SeriesReport>,
    pub wins: Vec<WinReport>,
    pub themes: Vec<ThemeReport>,
    pub unthemed: Unthemed,
    /// Per service (an incident with several services counts in each), sorted by name.
    pub services: Vec<ServiceReport>,
    /// Things the analysis had to skip or could not use, in words (e.g. an invalid
    /// theme pattern, records after the as-of date).
    pub notes: Vec<String>,
}

/// The settings the figures were computed with, so a reader can reproduce them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReportSettings {
    pub timezone: String,
    /// "week" | "month" | "quarter"
    pub period: String,
    pub recurrence_window_days: u32,
    /// A repeat exactly `recurrence_window_days` after the previous one counts.
    pub recurrence_window_inclusive: bool,
    pub min_sample: usize,
    pub noise_fast_minutes: u32,
    pub cooccurrence_days: u32,
    pub quiet_periods: u32,
    pub action_slo_on_time: f64,
    pub bootstrap_resamples: u32,
    pub bootstrap_seed: u64,
    /// Two-sided confidence level of every interval (0.95).
    pub confidence: f64,
    /// "business" | "sleep" -> [start, end) hours.
    pub hour_bands: BTreeMap<String, [u32; 2]>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PeriodInfo {
    /// "2026-06", "2026-Q2", "2026-W27".
    pub label: String,
    /// First day (YYYY-MM-DD, site timezone).
    pub start: String,
    /// Day after the last day (exclusive).
    pub end: String,
    /// The period ended on or before the as-of instant.
    pub complete: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub incidents: u64,
    pub incidents_open: u64,
    pub incidents_canceled: u64,
    pub tickets: u64,
    pub tickets_open: u64,
    pub metric_points: u64,
    pub postmortems: u64,
    pub actions: u64,
    /// Records that start after the as-of instant and are left out of every figure.
    pub after_as_of: u64,
}

/// A headline figure for the current period against the previous one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Headline {
    /// Stable key: "incidents", "restore_median", "repeat_rate", ...
    pub id: String,
    pub label: String,
    /// "count" | "minutes" | "share"
    pub unit: String,
    /// "lower" | "higher"
    pub better: String,
    pub period: Option<String>,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub change: Option<Change>,
    /// Observations behind `value`.
    pub n: u64,
    pub too_few: bool,
    pub ids: Vec<String>,
}

/// A change between two periods (or two spans) with its interval and verdict.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Change {
    /// after − before
    pub delta: f64,
    /// after ÷ before; `None` when before is 0.
    pub ratio: Option<f64>,
    /// "delta" or "ratio": which figure `low`..`high` bounds.
    pub interval_of: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// "beyond_noise" | "within_noise" | "too_few" | "untested"
    pub verdict: String,
    /// "poisson_exact_conditional" | "newcombe_wilson" | "bootstrap_percentile" | "none"
    pub method: String,
    /// "better" | "worse" | "same": the direction relative to the figure's `better`.
    pub direction: String,
}

/// Summary statistics of durations in minutes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DurationStats {
    pub n: u64,
    pub median: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    /// Shown only beside the percentiles; durations are right-skewed.
    pub mean: Option<f64>,
    pub mean_is_skewed: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// n below `min_sample`: show "too few" instead of the figures.
    pub too_few: bool,
    /// Incidents behind the figures. Filled in `by_period` cells only (the cells charts
    /// link to); elsewhere empty to keep report.json small at scale. Incident ids per
    /// severity / service / theme follow from the records.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DurationMetric {
    /// "acknowledged − created", "detected − start", ...
    pub definition: String,
    pub all: DurationStats,
    pub by_period: BTreeMap<String, DurationStats>,
    pub by_severity: BTreeMap<String, DurationStats>,
    pub by_service: BTreeMap<String, DurationStats>,
    pub by_theme: BTreeMap<String, DurationStats>,
    /// Change of the median, current period against the previous one.
    pub change: Option<Change>,
    /// Incidents whose start fell back to created_at (no impact start).
    pub start_from_created: u64,
    /// Restore only: incidents with no mitigated_at whose restore used resolved_at.
    pub end_fallback: u64,
    pub end_fallback_ids: Vec<String>,
    /// Incidents without the end timestamp (not yet acknowledged / restored / ...).
    pub missing: u64,
    /// End before start: a data error, left out and listed here.
    pub negative: u64,
    pub negative_ids: Vec<String>,
}

/// Kaplan–Meier "share still unresolved after t" (resolve time, open incidents censored).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Survival {
    pub all: KmCurve,
    pub by_severity: BTreeMap<String, KmCurve>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KmCurve {
    pub n: u64,
    pub events: u64,
    pub censored: u64,
    pub censored_ids: Vec<String>,
    /// Smallest t where the share falls to 0.5 or below; `None` if it never does.
    pub median_minutes: Option<f64>,
    /// Step points, starting at t = 0 with share 1.
    pub points: Vec<KmPoint>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KmPoint {
    pub t_minutes: f64,
    pub share_unresolved: f64,
    pub at_risk: u64,
    pub events: u64,
    pub censored: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct VolumePeriod {
    pub period: String,
    pub incidents: u64,
    /// "sev1".."sev5", "unknown" -> count.
    pub by_severity: BTreeMap<String, u64>,
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RecurrenceReport {
    pub window_days: u32,
    pub inclusive: bool,
    pub incidents: u64,
    pub repeats: u64,
    pub rate: Option<f64>,
    pub per_period: Vec<RecurrencePeriod>,
    /// Keys with the most repeats, most first.
    pub top_keys: Vec<RecurrenceKey>,
    pub recurred_after_fix: Vec<RecurredAfterFix>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RecurrencePeriod {
    pub period: String,
    pub incidents: u64,
    pub repeats: u64,
    pub rate: Option<f64>,
    pub repeat_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RecurrenceKey {
    pub service: String,
    pub fingerprint: String,
    pub incidents: u64,
    pub repeats: u64,
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RecurredAfterFix {
    pub service: String,
    pub fingerprint: String,
    pub postmortem: Option<String>,
    pub action_id: String,
    /// Completion date of the prevent action (YYYY-MM-DD).
    pub action_completed: String,
    pub repeat_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NoiseReport {
    /// Distinct fingerprints; `rows` holds the noisiest (at most 100).
    pub fingerprints: u64,
    pub rows: Vec<NoiseRow>,
    pub hour_bands: HourBandCounts,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NoiseRow {
    pub fingerprint: String,
    pub services: Vec<String>,
    pub volume: u64,
    /// Incidents with any noise signal below (the sort key).
    pub noisy: u64,
    pub auto_resolved: u64,
    pub auto_resolved_share: f64,
    /// Resolved within `noise_fast_minutes` of creation with no acknowledgement.
    pub fast_unacked: u64,
    pub fast_unacked_share: f64,
    pub never_acked: u64,
    pub never_acked_share: f64,
    pub ids: Vec<String>,
}

/// Interruptions (incident creation times) by hour band in the site's timezone.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HourBandCounts {
    pub total: u64,
    /// "business" | "off_hours" | "sleep" -> band.
    pub bands: BTreeMap<String, HourBand>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct HourBand {
    pub count: u64,
    pub share: Option<f64>,
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ActionSummary {
    pub total: u64,
    /// Open or in progress.
    pub open: u64,
    pub open_ids: Vec<String>,
    /// Open with due before the as-of date, most overdue first.
    pub overdue: u64,
    pub overdue_ids: Vec<String>,
    /// Overdue as of the first day of the current period (the previous period's end),
    /// reconstructed from due and completion dates; `None` without a current period.
    pub overdue_at_previous_end: Option<u64>,
    /// Days from creation to the as-of date, over open items with a creation date.
    pub median_open_age_days: Option<f64>,
    pub completion_by_cohort: Vec<CohortCompletion>,
    /// Done on or before due ÷ done with a due date and completion date.
    pub on_time: u64,
    pub on_time_eligible: u64,
    pub on_time_rate: Option<f64>,
    pub slo_met: bool,
    pub coverage: PostmortemCoverage,
    /// Owner ("(none)" when missing) -> counts.
    pub by_owner: BTreeMap<String, OwnerActions>,
    pub by_team: BTreeMap<String, OwnerActions>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CohortCompletion {
    /// Creation period label; "(undated)" for items without a creation date.
    pub cohort: String,
    pub done: u64,
    /// All − wont_do.
    pub eligible: u64,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PostmortemCoverage {
    /// Sev1–2 incidents (not canceled).
    pub sev12: u64,
    pub with_postmortem: u64,
    pub share: Option<f64>,
    pub missing_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OwnerActions {
    pub open: u64,
    pub overdue: u64,
    pub done: u64,
    pub overdue_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TicketReport {
    pub total: u64,
    pub per_period: Vec<PeriodCount>,
    pub resolve: DurationStats,
    pub by_theme: BTreeMap<String, TicketGroup>,
    pub by_component: BTreeMap<String, TicketGroup>,
    /// Theme slug -> tickets linked to or near incidents of the same theme.
    pub cooccurrence: BTreeMap<String, Cooccurrence>,
    /// Tickets near an incident of one of their components (as a service).
    pub cooccurrence_by_service: Cooccurrence,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PeriodCount {
    pub period: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TicketGroup {
    pub tickets: u64,
    pub per_period: Vec<PeriodCount>,
    /// Minutes from creation to resolution.
    pub resolve: DurationStats,
    pub resolve_by_period: BTreeMap<String, DurationStats>,
    pub change: Option<Change>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Cooccurrence {
    pub tickets: u64,
    /// Tickets listing a linked incident.
    pub linked: u64,
    /// Tickets created within `cooccurrence_days` of an incident start (either side).
    pub near: u64,
    /// Linked or near.
    pub either: u64,
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SeriesReport {
    pub name: String,
    pub title: String,
    pub unit: String,
    pub better: String,
    /// "sum" | "mean" | "last" | "max" | "p95"
    pub aggregation: String,
    pub target: Option<f64>,
    pub per_period: Vec<SeriesPeriod>,
    /// Current period's value.
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub change: Option<Change>,
    /// value − target.
    pub distance_to_target: Option<f64>,
    pub meets_target: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SeriesPeriod {
    pub period: String,
    pub value: Option<f64>,
    pub n: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct WinReport {
    /// Stable id (slug), unique in the report.
    pub id: String,
    /// "declared" | "detected"
    pub kind: String,
    /// Detected: "restore_time" | "repeat_rate" | "noise" | "ticket_volume" | "series" |
    /// "theme_quiet" | "action_slo"; declared: "declared".
    pub rule: String,
    pub title: String,
    pub themes: Vec<String>,
    /// Period label the win is about, or the declared date.
    pub period: Option<String>,
    pub date: Option<String>,
    pub figure: Option<String>,
    pub unit: Option<String>,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<Change>,
    /// Records behind `after` (and `before` where useful).
    pub evidence_ids: Vec<String>,
    /// Declared wins: their free-text evidence and slug.
    pub evidence_text: Option<String>,
    pub slug: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ThemeReport {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub incidents: u64,
    pub incident_ids: Vec<String>,
    pub tickets: u64,
    pub repeats: u64,
    pub repeat_rate: Option<f64>,
    pub restore: DurationStats,
    pub resolve: DurationStats,
    /// Incidents with a noise signal (auto-resolved, never acknowledged or fast unacked).
    pub noisy: u64,
    pub noise_share: Option<f64>,
    pub actions_open: u64,
    pub actions_overdue: u64,
    pub action_ids: Vec<String>,
    /// Completion date of the last prevent action when all are done.
    pub prevent_actions_closed: Option<String>,
    pub trend: Vec<ThemePeriod>,
    /// Incidents in the current period against the previous one.
    pub change: Option<Change>,
    /// The change is beyond noise and upwards.
    pub growing: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ThemePeriod {
    pub period: String,
    pub incidents: u64,
    pub repeats: u64,
    pub tickets: u64,
    pub restore_median: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Unthemed {
    pub incidents: u64,
    pub incident_share: Option<f64>,
    pub incident_ids: Vec<String>,
    pub tickets: u64,
    pub ticket_share: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ServiceReport {
    /// Service name as in the data; "(none)" for incidents without one.
    pub name: String,
    pub incidents: u64,
    pub incident_ids: Vec<String>,
    pub repeats: u64,
    pub repeat_rate: Option<f64>,
    pub restore: DurationStats,
    pub resolve: DurationStats,
    /// Theme slugs of the service's incidents.
    pub themes: Vec<String>,
    pub trend: Vec<ServicePeriod>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ServicePeriod {
    pub period: String,
    pub incidents: u64,
    pub repeats: u64,
    pub restore_median: Option<f64>,
}
