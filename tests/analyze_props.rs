//! Invariants of the analyze stage on random datasets.

#[path = "analyze_common.rs"]
mod common;

use chrono::Duration;
use common::*;
use opsloop::analyze::analyze;
use opsloop::model::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Spec {
    created_min: i64,
    impact_before: Option<i64>,
    ack_after: Option<i64>,
    mitigate_after: Option<i64>,
    resolve_after: Option<i64>,
    level: Option<u8>,
    service: usize,
    title: usize,
    auto: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0i64..(400 * 1440),
        proptest::option::of(0i64..120),
        proptest::option::of(0i64..60),
        proptest::option::of(0i64..600),
        proptest::option::of(0i64..6000),
        proptest::option::of(1u8..=5),
        0usize..3,
        0usize..4,
        any::<bool>(),
    )
        .prop_map(|(c, i, a, m, r, l, s, t, auto)| Spec {
            created_min: c,
            impact_before: i,
            ack_after: a,
            mitigate_after: m,
            resolve_after: r,
            level: l,
            service: s,
            title: t,
            auto,
        })
}

fn build(specs: &[Spec]) -> Dataset {
    let base = t("2025-01-01T00:00:00Z");
    let titles = [
        "Disk 90% full on db-1",
        "Checkout 5xx",
        "Cert expiry",
        "Queue lag 300s",
    ];
    let services = ["api", "web", "db"];
    let incidents = specs
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let mut i = inc(&format!("i{k:04}"), "2025-01-01T00:00:00Z");
            i.created_at = base + Duration::minutes(s.created_min);
            i.impact_start_at = s.impact_before.map(|m| i.created_at - Duration::minutes(m));
            i.acknowledged_at = s.ack_after.map(|m| i.created_at + Duration::minutes(m));
            i.mitigated_at = s
                .mitigate_after
                .map(|m| i.created_at + Duration::minutes(m));
            i.resolved_at = s.resolve_after.map(|m| i.created_at + Duration::minutes(m));
            if i.resolved_at.is_none() {
                i.status = IncidentStatus::Open;
            }
            i.severity = Severity {
                level: s.level,
                raw: String::new(),
            };
            i.services = vec![services[s.service].into()];
            i.title = titles[s.title].into();
            i.auto_resolved = s.auto;
            i
        })
        .collect();
    Dataset {
        incidents,
        ..Dataset::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn invariants(specs in proptest::collection::vec(spec(), 0..80), week in any::<bool>()) {
        let mut data = build(&specs);
        let yaml = if week { "timezone: Europe/Berlin\nperiod: week\n" } else { "timezone: Europe/Berlin\n" };
        let r = analyze(&mut data, &config(settings(yaml), Some("2026-03-01")));
        let n = specs.len() as u64;
        prop_assert_eq!(r.counts.incidents, n);

        // volume adds up across periods and severities
        let per_period: u64 = r.volume.iter().map(|v| v.incidents).sum();
        prop_assert_eq!(per_period, n);
        for v in &r.volume {
            prop_assert_eq!(v.by_severity.values().sum::<u64>(), v.incidents);
            prop_assert_eq!(v.ids.len() as u64, v.incidents);
        }

        for (name, m) in &r.durations {
            let by_p: u64 = m.by_period.values().map(|s| s.n).sum();
            let by_s: u64 = m.by_severity.values().map(|s| s.n).sum();
            let by_svc: u64 = m.by_service.values().map(|s| s.n).sum();
            prop_assert_eq!(by_p, m.all.n, "{} by period", name);
            prop_assert_eq!(by_s, m.all.n, "{} by severity", name);
            prop_assert_eq!(by_svc, m.all.n, "{} by service", name);
            prop_assert_eq!(m.all.n + m.missing + m.negative, n, "{}", name);
            for s in std::iter::once(&m.all).chain(m.by_period.values()).chain(m.by_severity.values()) {
                if let (Some(lo), Some(med), Some(p75), Some(p90), Some(hi)) = (s.min, s.median, s.p75, s.p90, s.max) {
                    prop_assert!(lo <= med && med <= p75 && p75 <= p90 && p90 <= hi);
                    let mean = s.mean.unwrap();
                    prop_assert!(lo <= mean + 1e-9 && mean <= hi + 1e-9);
                } else {
                    prop_assert_eq!(s.n, 0);
                }
                prop_assert_eq!(s.too_few, s.n < 5);
            }
        }

        let rec = &r.recurrence;
        prop_assert!(rec.repeats <= rec.incidents);
        prop_assert_eq!(rec.per_period.iter().map(|p| p.incidents).sum::<u64>(), n);
        for p in &rec.per_period {
            prop_assert!(p.repeats <= p.incidents);
            prop_assert_eq!(p.repeat_ids.len() as u64, p.repeats);
        }

        // one service per generated incident, so services partition the incidents
        prop_assert_eq!(r.services.iter().map(|s| s.incidents).sum::<u64>(), n);
        for s in &r.services {
            prop_assert_eq!(s.trend.iter().map(|p| p.incidents).sum::<u64>(), s.incidents);
            prop_assert!(s.repeats <= s.incidents);
        }

        let km = &r.survival.all;
        prop_assert_eq!(km.events + km.censored, km.n);
        for w in km.points.windows(2) {
            prop_assert!(w[1].share_unresolved <= w[0].share_unresolved + 1e-12);
            prop_assert!(w[1].t_minutes > w[0].t_minutes);
        }
        for p in &km.points {
            prop_assert!((0.0..=1.0).contains(&p.share_unresolved));
        }

        let bands: u64 = r.noise.hour_bands.bands.values().map(|b| b.count).sum();
        prop_assert_eq!(bands, n);
        let volume: u64 = r.noise.rows.iter().map(|row| row.volume).sum();
        prop_assert_eq!(volume, n);
        for row in &r.noise.rows {
            prop_assert!(row.noisy <= row.volume && row.never_acked <= row.volume);
            prop_assert!(row.fast_unacked <= row.never_acked);
        }
    }
}
