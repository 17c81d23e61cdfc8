//! The repository's own sample site (content/), read and analysed end to end: every row is
//! accounted for, and each story planted in the data (docs/sample-site.md) shows up in
//! the report.

use opsloop::analyze::{Report, analyze};
use opsloop::config::{Config, Overrides};
use opsloop::diagnostics::Diagnostics;
use opsloop::ingest::ingest;
use opsloop::model::Dataset;
use std::path::Path;
use std::sync::OnceLock;

fn sample() -> &'static (Dataset, Diagnostics, Report) {
    static SAMPLE: OnceLock<(Dataset, Diagnostics, Report)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root, &Overrides::default()).expect("content/site.yaml");
        let (mut dataset, diags) = ingest(&config).expect("ingest");
        let report = analyze(&mut dataset, &config);
        (dataset, diags, report)
    })
}

#[test]
fn every_sample_row_is_a_record_and_nothing_is_reported() {
    let (dataset, diags, _) = sample();
    assert!(diags.diagnostics.is_empty(), "{:#?}", diags.diagnostics);
    for s in &diags.sources {
        assert!(s.accounts_for_every_row(), "{s:?}");
    }
    let incidents: usize = diags
        .sources
        .iter()
        .filter(|s| s.kind == "incidents")
        .map(|s| s.records)
        .sum();
    assert_eq!(incidents, dataset.incidents.len());
    assert!(dataset.incidents.len() > 350, "about 400 incidents");
    assert!(dataset.tickets.len() > 4_500, "about 5,000 tickets");
    assert_eq!(dataset.postmortems.len(), 14, "15 postmortems, one a draft");
    assert_eq!(dataset.wins.len(), 5);
    let tools: std::collections::BTreeSet<&str> = dataset
        .incidents
        .iter()
        .map(|i| i.source.as_str())
        .collect();
    assert!(tools.len() >= 2, "incidents from several tools: {tools:?}");
}

#[test]
fn dns_stops_recurring_after_its_prevent_actions_close_and_a_win_says_so() {
    let (_, _, report) = sample();
    let dns: Vec<_> = report
        .wins
        .iter()
        .filter(|w| w.kind == "detected" && w.themes.iter().any(|t| t == "dns"))
        .collect();
    assert!(
        dns.iter().any(|w| w.rule == "theme_quiet"),
        "quiet-after-fix win: {dns:#?}"
    );
    assert!(
        dns.iter().all(|w| !w.evidence_ids.is_empty()),
        "each names its evidence"
    );
    let theme = report.themes.iter().find(|t| t.slug == "dns").unwrap();
    let closed = theme
        .prevent_actions_closed
        .as_deref()
        .expect("prevent actions closed");
    let (before, after): (Vec<_>, Vec<_>) = theme
        .trend
        .iter()
        .partition(|p| p.period.as_str() <= &closed[..7]);
    let repeats_before: u64 = before.iter().map(|p| p.repeats).sum();
    let repeats_after: u64 = after.iter().map(|p| p.repeats).sum();
    assert!(repeats_before >= 5, "recurring before the fix");
    assert_eq!(repeats_after, 0, "no repeat after the fix");
}

#[test]
fn the_noisy_alert_leads_the_noise_table() {
    let (_, _, report) = sample();
    let top = &report.noise.rows[0];
    assert_eq!(top.fingerprint, "alert-noise");
    assert!(top.never_acked_share > 0.9, "{top:?}");
}

#[test]
fn slipping_actions_are_overdue() {
    let (_, _, report) = sample();
    assert!(report.actions.overdue >= 15, "{}", report.actions.overdue);
    assert!(report.actions.overdue_ids.iter().any(|id| id == "OPS-418"));
}

#[test]
fn payment_ticket_volume_follows_payment_incidents() {
    let (_, _, report) = sample();
    let theme = report
        .themes
        .iter()
        .find(|t| t.slug == "third-party-payments")
        .unwrap();
    let x: Vec<f64> = theme.trend.iter().map(|p| p.incidents as f64).collect();
    let y: Vec<f64> = theme.trend.iter().map(|p| p.tickets as f64).collect();
    let r = pearson(&x, &y);
    assert!(
        r > 0.8,
        "correlation of incidents and tickets per month: {r}"
    );
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}
