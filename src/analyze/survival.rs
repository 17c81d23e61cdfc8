//! Kaplan–Meier "share still unresolved after t": resolve time from start, with incidents
//! still open censored at the as-of instant instead of dropped.

use super::context::{Ctx, minutes};
use super::report::{KmCurve, KmPoint, Survival};
use std::collections::BTreeMap;

/// Curves with more distinct times than this are thinned to this many points; each kept
/// point still carries the exact curve value at its time.
const MAX_POINTS: usize = 500;

/// One observation: time in minutes, `true` when resolved (an event), `false` when censored.
pub type Obs = (f64, bool, String);

pub fn compute(ctx: &Ctx) -> Survival {
    let mut all = Vec::new();
    let mut by_sev: BTreeMap<String, Vec<Obs>> = BTreeMap::new();
    for inc in ctx.incidents.iter().filter(|i| !i.canceled()) {
        let obs = match inc.rec.resolved_at {
            Some(t) => (minutes(inc.start, t), true, inc.rec.id.clone()),
            None => (
                minutes(inc.start, ctx.as_of.shown),
                false,
                inc.rec.id.clone(),
            ),
        };
        if obs.0 < 0.0 {
            continue;
        }
        by_sev
            .entry(inc.severity.clone())
            .or_default()
            .push(obs.clone());
        all.push(obs);
    }
    Survival {
        all: kaplan_meier(all),
        by_severity: by_sev
            .into_iter()
            .map(|(k, v)| (k, kaplan_meier(v)))
            .collect(),
    }
}

/// Product-limit estimator. At a time with both events and censorings the events are
/// applied first (the usual convention: a censored incident was still at risk then).
pub fn kaplan_meier(mut obs: Vec<Obs>) -> KmCurve {
    obs.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let n = obs.len() as u64;
    let mut curve = KmCurve {
        n,
        events: obs.iter().filter(|o| o.1).count() as u64,
        censored_ids: obs.iter().filter(|o| !o.1).map(|o| o.2.clone()).collect(),
        ..KmCurve::default()
    };
    curve.censored = curve.censored_ids.len() as u64;
    curve.censored_ids.sort();
    curve.points.push(KmPoint {
        t_minutes: 0.0,
        share_unresolved: 1.0,
        at_risk: n,
        events: 0,
        censored: 0,
    });
    let mut at_risk = n;
    let mut s = 1.0;
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].0;
        let mut d = 0;
        let mut c = 0;
        while i < obs.len() && obs[i].0 == t {
            if obs[i].1 {
                d += 1
            } else {
                c += 1
            }
            i += 1;
        }
        if d > 0 {
            s *= 1.0 - d as f64 / at_risk as f64;
            if curve.median_minutes.is_none() && s <= 0.5 {
                curve.median_minutes = Some(t);
            }
        }
        let point = KmPoint {
            t_minutes: t,
            share_unresolved: s,
            at_risk,
            events: d,
            censored: c,
        };
        if t == 0.0 {
            curve.points[0] = point;
        } else {
            curve.points.push(point);
        }
        at_risk -= d + c;
    }
    curve.points = thin(curve.points);
    curve
}

fn thin(points: Vec<KmPoint>) -> Vec<KmPoint> {
    if points.len() <= MAX_POINTS {
        return points;
    }
    let last = points.len() - 1;
    let step = last as f64 / (MAX_POINTS - 1) as f64;
    let mut keep: Vec<usize> = (0..MAX_POINTS)
        .map(|k| (k as f64 * step).round() as usize)
        .collect();
    keep.dedup();
    keep.into_iter().map(|k| points[k].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(t: f64, e: bool) -> Obs {
        (t, e, format!("i{t}{e}"))
    }

    #[test]
    fn km_by_hand_with_censoring_and_ties() {
        // times: 10 (event), 20 (event, event), 30 (censored), 40 (event)
        // S(10) = 4/5 = 0.8; S(20) = 0.8 * (1 - 2/4) = 0.4; S(30) = 0.4 (censored);
        // S(40) = 0.4 * (1 - 1/1) = 0
        let c = kaplan_meier(vec![
            o(20.0, true),
            o(10.0, true),
            o(30.0, false),
            o(20.0, true),
            o(40.0, true),
        ]);
        let s: Vec<(f64, f64, u64)> = c
            .points
            .iter()
            .map(|p| (p.t_minutes, p.share_unresolved, p.at_risk))
            .collect();
        assert_eq!(
            s,
            vec![
                (0.0, 1.0, 5),
                (10.0, 0.8, 5),
                (20.0, 0.4, 4),
                (30.0, 0.4, 2),
                (40.0, 0.0, 1)
            ]
        );
        assert_eq!(c.median_minutes, Some(20.0));
        assert_eq!((c.events, c.censored), (4, 1));
    }

    #[test]
    fn event_and_censoring_at_the_same_time_event_first() {
        // 2 at risk at t=5: one event, one censored -> S = 1/2
        let c = kaplan_meier(vec![o(5.0, false), o(5.0, true)]);
        assert_eq!(c.points.last().unwrap().share_unresolved, 0.5);
        assert_eq!(c.median_minutes, Some(5.0));
    }
}
