//! A rough scale check, ignored by default (timing belongs to the benchmark, not to a
//! test): `cargo test --release --test analyze_scale -- --ignored --nocapture`.

#[path = "analyze_common.rs"]
mod common;

use chrono::Duration;
use common::*;
use opsloop::analyze::{analyze, report_json};
use opsloop::model::*;

#[test]
#[ignore]
fn scale_l_shape_runs_and_reports_its_size() {
    let n_inc: usize = std::env::var("OPSLOOP_SCALE_INCIDENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let n_tix = n_inc * 10;
    let base = t("2021-01-01T00:00:00Z");
    let span = 5 * 365 * 1440;
    let mut x: u64 = 42;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let incidents = (0..n_inc)
        .map(|k| {
            let mut i = inc(&format!("INC-{k}"), "2021-01-01T00:00:00Z");
            i.created_at = base + Duration::minutes((next() % span) as i64);
            i.acknowledged_at = Some(i.created_at + Duration::minutes((next() % 60) as i64));
            i.resolved_at = Some(i.created_at + Duration::minutes((next() % 3000) as i64));
            i.services = vec![format!("svc-{}", next() % 40)];
            i.title = format!("Alert {} on host-{}", next() % 300, next() % 99);
            i.labels = vec![format!("l{}", next() % 12)];
            i
        })
        .collect();
    let tickets = (0..n_tix)
        .map(|k| {
            let mut tk = ticket(&format!("T-{k}"), "2021-01-01T00:00:00Z");
            tk.created_at = base + Duration::minutes((next() % span) as i64);
            tk.resolved_at = Some(tk.created_at + Duration::minutes((next() % 20000) as i64));
            tk.components = vec![format!("svc-{}", next() % 40).into()].into();
            tk.labels = vec![format!("l{}", next() % 12).into()].into();
            tk
        })
        .collect();
    let mut data = Dataset {
        incidents,
        tickets,
        ..Dataset::default()
    };
    let yaml = (0..6)
        .map(|k| format!("  - slug: t{k}\n    match:\n      labels: [l{k}]\n"))
        .collect::<String>();
    let cfg = config(settings(&format!("themes:\n{yaml}")), None);
    let start = std::time::Instant::now();
    let report = analyze(&mut data, &cfg);
    let analysed = start.elapsed();
    let json = report_json(&report);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for (k, x) in v.as_object().unwrap() {
        eprintln!(
            "{k}: {} KB",
            serde_json::to_string_pretty(x).unwrap().len() / 1000
        );
    }
    eprintln!(
        "{n_inc} incidents, {n_tix} tickets: analyze {analysed:?}, json {:?}, {} MB",
        start.elapsed() - analysed,
        json.len() / 1_000_000
    );
}
