//! Noise per fingerprint and interruptions by hour band in the site's timezone.

use super::context::{Ctx, Inc, minutes};
use super::report::{HourBand, HourBandCounts, NoiseReport, NoiseRow};
use super::stats::share;
use crate::config::HourBands;
use chrono::{Datelike, Timelike, Weekday};
use std::collections::{BTreeMap, BTreeSet};

/// Rows kept in the report, noisiest first.
const MAX_ROWS: usize = 100;

/// Resolved within `fast` minutes of creation and never acknowledged.
pub fn fast_unacked(inc: &Inc, fast: u32) -> bool {
    let r = inc.rec;
    r.acknowledged_at.is_none()
        && r.resolved_at
            .is_some_and(|t| minutes(r.created_at, t) <= fast as f64)
}

/// Auto-resolved, fast and unacknowledged, or never acknowledged.
pub fn is_noisy(inc: &Inc, fast: u32) -> bool {
    inc.rec.auto_resolved || inc.rec.acknowledged_at.is_none() || fast_unacked(inc, fast)
}

pub fn compute(ctx: &Ctx) -> NoiseReport {
    let fast = ctx.settings.thresholds.noise_fast_minutes;
    let mut groups: BTreeMap<&str, Vec<&Inc>> = BTreeMap::new();
    for inc in &ctx.incidents {
        groups.entry(&inc.rec.fingerprint).or_default().push(inc);
    }
    let fingerprints = groups.len() as u64;
    let mut rows: Vec<NoiseRow> = groups
        .into_iter()
        .map(|(fp, incs)| {
            let volume = incs.len() as u64;
            let count = |f: &dyn Fn(&Inc) -> bool| incs.iter().filter(|i| f(i)).count() as u64;
            let auto = count(&|i| i.rec.auto_resolved);
            let fastu = count(&|i| fast_unacked(i, fast));
            let never = count(&|i| i.rec.acknowledged_at.is_none());
            let services: BTreeSet<String> = incs
                .iter()
                .flat_map(|i| i.rec.services.iter().cloned())
                .collect();
            let mut ids: Vec<String> = incs.iter().map(|i| i.rec.id.clone()).collect();
            ids.sort();
            NoiseRow {
                fingerprint: fp.to_string(),
                services: services.into_iter().collect(),
                volume,
                noisy: count(&|i| is_noisy(i, fast)),
                auto_resolved: auto,
                auto_resolved_share: share(auto, volume).unwrap_or(0.0),
                fast_unacked: fastu,
                fast_unacked_share: share(fastu, volume).unwrap_or(0.0),
                never_acked: never,
                never_acked_share: share(never, volume).unwrap_or(0.0),
                ids,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.noisy
            .cmp(&a.noisy)
            .then(b.volume.cmp(&a.volume))
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
    rows.truncate(MAX_ROWS);
    NoiseReport {
        fingerprints,
        rows,
        hour_bands: hour_bands(ctx),
    }
}

/// "business" (Monday–Friday within the business hours), else "sleep" (any day within
/// the sleep hours, which may wrap midnight), else "off_hours". By creation time.
pub fn band(local_weekday: Weekday, hour: u32, bands: &HourBands) -> &'static str {
    let within = |[a, b]: [u32; 2]| {
        if a <= b {
            hour >= a && hour < b
        } else {
            hour >= a || hour < b
        }
    };
    let weekday = !matches!(local_weekday, Weekday::Sat | Weekday::Sun);
    if weekday && within(bands.business) {
        "business"
    } else if within(bands.sleep) {
        "sleep"
    } else {
        "off_hours"
    }
}

fn hour_bands(ctx: &Ctx) -> HourBandCounts {
    let mut bands: BTreeMap<String, HourBand> = ["business", "off_hours", "sleep"]
        .iter()
        .map(|b| (b.to_string(), HourBand::default()))
        .collect();
    for inc in &ctx.incidents {
        let local = inc.rec.created_at.with_timezone(&ctx.cal.tz);
        let b = band(local.weekday(), local.hour(), &ctx.settings.hours);
        let e = bands.get_mut(b).expect("band exists");
        e.count += 1;
        e.ids.push(inc.rec.id.clone());
    }
    let total = ctx.incidents.len() as u64;
    for b in bands.values_mut() {
        b.share = share(b.count, total);
        b.ids.sort();
    }
    HourBandCounts { total, bands }
}
