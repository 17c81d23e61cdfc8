//! The analyze stage against hand-computed expectations on small fixtures.

#[path = "analyze_common.rs"]
mod common;

use common::*;
use opsloop::analyze::{Report, analyze, report_json};
use opsloop::model::*;

fn run(data: &mut Dataset, yaml: &str, as_of: Option<&str>) -> Report {
    analyze(data, &config(settings(yaml), as_of))
}

/// (period, incidents) for each period of the volume table.
fn volume(r: &Report) -> Vec<(&str, u64)> {
    r.volume
        .iter()
        .map(|v| (v.period.as_str(), v.incidents))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Six June incidents; see each comment for the minutes by hand.
fn june() -> Dataset {
    let mut a = inc("A", "2026-06-02T10:00:00Z");
    a.impact_start_at = Some(t("2026-06-02T09:50:00Z"));
    a.detected_at = Some(t("2026-06-02T09:55:00Z")); // detect 5
    a.acknowledged_at = Some(t("2026-06-02T10:05:00Z")); // ack 5 (from created)
    a.mitigated_at = Some(t("2026-06-02T10:20:00Z")); // restore 30 (from impact start)
    a.resolved_at = Some(t("2026-06-02T11:50:00Z")); // resolve 120
    let mut b = inc("B", "2026-06-03T10:00:00Z");
    b.acknowledged_at = Some(t("2026-06-03T10:00:00Z")); // ack 0: equal timestamps
    b.resolved_at = Some(t("2026-06-03T10:30:00Z")); // restore falls back: 30; resolve 30
    let mut c = inc("C", "2026-06-04T10:00:00Z");
    c.acknowledged_at = Some(t("2026-06-04T10:10:00Z")); // 10
    c.mitigated_at = Some(t("2026-06-04T10:30:00Z")); // 30
    c.resolved_at = Some(t("2026-06-04T12:00:00Z")); // 120
    let mut dd = inc("D", "2026-06-05T10:00:00Z"); // never acknowledged
    dd.mitigated_at = Some(t("2026-06-05T11:00:00Z")); // 60
    dd.resolved_at = Some(t("2026-06-05T13:00:00Z")); // 180
    let mut e = inc("E", "2026-06-06T10:00:00Z");
    e.severity = Severity {
        level: Some(1),
        raw: "P1".into(),
    };
    e.acknowledged_at = Some(t("2026-06-06T10:20:00Z")); // 20
    e.mitigated_at = Some(t("2026-06-06T10:15:00Z")); // 15
    e.resolved_at = Some(t("2026-06-06T10:40:00Z")); // 40
    let mut f = inc("F", "2026-06-07T10:00:00Z"); // still open
    f.status = IncidentStatus::Open;
    f.acknowledged_at = Some(t("2026-06-07T10:01:00Z")); // 1
    dataset(vec![a, b, c, dd, e, f])
}

#[test]
fn durations_by_hand_with_ties_fallbacks_and_missing() {
    let r = run(&mut june(), "", Some("2026-06-30"));
    let restore = &r.durations["restore"];
    // 15, 30, 30, 30, 60: median on a tie; type-7 p90 = 30 + 0.6 * 30
    assert_eq!(restore.all.n, 5);
    assert_eq!(restore.all.median, Some(30.0));
    assert_eq!(restore.all.p75, Some(30.0));
    assert!(close(restore.all.p90.unwrap(), 48.0));
    assert_eq!(restore.all.mean, Some(33.0));
    assert!(restore.all.mean_is_skewed);
    assert_eq!((restore.all.min, restore.all.max), (Some(15.0), Some(60.0)));
    assert!(!restore.all.too_few);
    assert_eq!(restore.end_fallback_ids, vec!["B"]);
    assert_eq!(restore.start_from_created, 4);
    assert_eq!(restore.missing, 1);
    assert_eq!(
        restore.by_period["2026-06"].ids,
        vec!["A", "B", "C", "D", "E"]
    );
    assert!(restore.all.ids.is_empty());

    let ack = &r.durations["acknowledge"];
    // 0, 1, 5, 10, 20 (D never acknowledged)
    assert_eq!(ack.all.n, 5);
    assert_eq!(ack.all.median, Some(5.0));
    assert_eq!(ack.all.p75, Some(10.0));
    assert!(close(ack.all.p90.unwrap(), 16.0));
    assert_eq!(ack.missing, 1);
    assert_eq!(ack.all.min, Some(0.0));

    let resolve = &r.durations["resolve"];
    // 30, 40, 120, 120, 180; F open
    assert_eq!(resolve.all.median, Some(120.0));
    assert_eq!(resolve.all.p75, Some(120.0));
    assert!(close(resolve.all.p90.unwrap(), 156.0));
    assert_eq!(resolve.missing, 1);

    let detect = &r.durations["detect"];
    assert_eq!(detect.all.n, 1);
    assert_eq!(detect.all.median, Some(5.0));
    assert!(detect.all.too_few);

    assert_eq!(restore.by_severity["sev1"].n, 1);
    assert!(restore.by_severity["sev1"].too_few);
    assert_eq!(restore.by_severity["sev3"].n, 4);
    assert_eq!(restore.by_service["api"].n, 5);
    assert_eq!(restore.by_period["2026-06"].median, Some(30.0));
    assert_eq!(r.counts.incidents_open, 1);
}

#[test]
fn kaplan_meier_censors_the_open_incident_at_as_of() {
    let r = run(&mut june(), "", Some("2026-06-30"));
    let km = &r.survival.all;
    assert_eq!((km.n, km.events, km.censored), (6, 5, 1));
    assert_eq!(km.censored_ids, vec!["F"]);
    let pts: Vec<(f64, f64, u64)> = km
        .points
        .iter()
        .map(|p| (p.t_minutes, p.share_unresolved, p.at_risk))
        .collect();
    // F: 2026-06-07T10:00 to as-of end 2026-07-01T00:00 = 23 d 14 h = 33960 min
    let expect = [
        (0.0, 1.0, 6),
        (30.0, 5.0 / 6.0, 6),
        (40.0, 4.0 / 6.0, 5),
        (120.0, 2.0 / 6.0, 4),
        (180.0, 1.0 / 6.0, 2),
        (33960.0, 1.0 / 6.0, 1),
    ];
    assert_eq!(pts.len(), expect.len(), "{pts:?}");
    for (p, e) in pts.iter().zip(expect) {
        assert!(
            p.0 == e.0 && close(p.1, e.1) && p.2 == e.2,
            "{p:?} vs {e:?}"
        );
    }
    assert_eq!(km.median_minutes, Some(120.0));
    assert_eq!(r.as_of, "2026-07-01T00:00:00Z");
}

#[test]
fn month_boundary_at_midnight_berlin_across_dst() {
    let mut data = dataset(vec![
        inc("a", "2026-03-31T21:59:59Z"), // 23:59:59 CEST, March
        inc("b", "2026-03-31T22:00:00Z"), // 00:00 CEST 1 April
        inc("c", "2026-10-31T22:30:00Z"), // 23:30 CET (after the change back)
        inc("d", "2026-10-31T23:00:00Z"), // 00:00 CET 1 November
    ]);
    let r = run(&mut data, "timezone: Europe/Berlin\n", Some("2026-11-30"));
    let vol = volume(&r);
    assert_eq!(
        vol,
        vec![
            ("2026-03", 1),
            ("2026-04", 1),
            ("2026-05", 0),
            ("2026-06", 0),
            ("2026-07", 0),
            ("2026-08", 0),
            ("2026-09", 0),
            ("2026-10", 1),
            ("2026-11", 1)
        ]
    );
    assert_eq!(r.volume[1].ids, vec!["b"]);
    assert_eq!(r.periods[1].start, "2026-04-01");
    assert_eq!(r.periods[1].end, "2026-05-01");
    assert_eq!(r.current_period.as_deref(), Some("2026-11"));
    assert_eq!(r.previous_period.as_deref(), Some("2026-10"));
    // as-of end: midnight 1 December in Berlin (CET) = 23:00 UTC
    assert_eq!(r.as_of, "2026-11-30T23:00:00Z");
}

#[test]
fn iso_weeks_across_dst_and_week_53_with_empty_weeks() {
    let mut data = dataset(vec![
        inc("e", "2026-03-29T21:30:00Z"), // Sunday 23:30 CEST -> W13
        inc("f", "2026-03-29T22:00:00Z"), // Monday 00:00 CEST -> W14
    ]);
    let r = run(
        &mut data,
        "timezone: Europe/Berlin\nperiod: week\n",
        Some("2026-04-05"),
    );
    let vol = volume(&r);
    assert_eq!(vol, vec![("2026-W13", 1), ("2026-W14", 1)]);

    let mut data = dataset(vec![
        inc("w51", "2026-12-20T12:00:00Z"),
        inc("thu", "2026-12-31T12:00:00Z"),
        inc("sun", "2027-01-03T23:00:00Z"),
        inc("mon", "2027-01-04T00:00:00Z"),
    ]);
    let r = run(&mut data, "period: week\n", Some("2027-01-10"));
    let vol = volume(&r);
    assert_eq!(
        vol,
        vec![
            ("2026-W51", 1),
            ("2026-W52", 0),
            ("2026-W53", 2),
            ("2027-W01", 1)
        ]
    );
    assert_eq!(r.periods[2].start, "2026-12-28");
    assert_eq!(r.periods[2].end, "2027-01-04");
}

#[test]
fn recurrence_window_edge_is_inclusive_and_equal_starts_repeat() {
    let titled = |id: &str, at: &str, title: &str, service: &str| {
        let mut i = inc(id, at);
        i.title = title.into();
        i.services = vec![service.into()];
        i
    };
    let mut data = dataset(vec![
        titled("A", "2026-01-01T00:00:00Z", "Disk 91% full on db-7", "api"),
        // exactly 30 days later: a repeat (inclusive)
        titled("B", "2026-01-31T00:00:00Z", "Disk 88% full on db-3", "api"),
        titled("E", "2026-01-15T00:00:00Z", "Disk 50% full on db-1", "web"),
        // 30 days and 1 second after B: not a repeat
        titled("C", "2026-03-02T00:00:01Z", "Disk 99% full on db-2", "api"),
        // same start as C, later id: a repeat of C
        titled("D", "2026-03-02T00:00:01Z", "Disk 97% full on db-9", "api"),
    ]);
    let r = run(&mut data, "", Some("2026-03-31"));
    assert!(
        data.incidents
            .iter()
            .all(|i| i.fingerprint == "disk full on")
    );
    let rec = &r.recurrence;
    assert!(rec.inclusive);
    assert_eq!((rec.incidents, rec.repeats), (5, 2));
    let per: Vec<(&str, u64, u64, Option<f64>)> = rec
        .per_period
        .iter()
        .map(|p| (p.period.as_str(), p.incidents, p.repeats, p.rate))
        .collect();
    assert_eq!(
        per,
        vec![
            ("2026-01", 3, 1, Some(1.0 / 3.0)),
            ("2026-02", 0, 0, None),
            ("2026-03", 2, 1, Some(0.5)),
        ]
    );
    assert_eq!(rec.per_period[0].repeat_ids, vec!["B"]);
    assert_eq!(rec.per_period[2].repeat_ids, vec!["D"]);
    assert_eq!(rec.top_keys.len(), 1);
    let k = &rec.top_keys[0];
    assert_eq!(
        (k.service.as_str(), k.fingerprint.as_str()),
        ("api", "disk full on")
    );
    assert_eq!((k.incidents, k.repeats), (4, 2));

    let services: Vec<(&str, u64, u64)> = r
        .services
        .iter()
        .map(|s| (s.name.as_str(), s.incidents, s.repeats))
        .collect();
    assert_eq!(services, vec![("api", 4, 2), ("web", 1, 0)]);
    assert_eq!(r.services[0].repeat_rate, Some(0.5));
    assert_eq!(r.services[0].trend[1].incidents, 0);
}

#[test]
fn noisy_alert_leads_the_noise_table_and_hour_bands() {
    let noisy = |id: &str, at: &str| {
        let mut i = inc(id, at);
        i.title = format!("Flappy alert CPU {}%", id.len() * 31);
        i.auto_resolved = true;
        i.resolved_at = Some(i.created_at + chrono::Duration::minutes(2));
        i
    };
    let real = |id: &str, at: &str, ack: bool, resolve_min: i64| {
        let mut i = inc(id, at);
        i.title = "Database outage".into();
        if ack {
            i.acknowledged_at = Some(i.created_at + chrono::Duration::minutes(10));
        }
        i.resolved_at = Some(i.created_at + chrono::Duration::minutes(resolve_min));
        i
    };
    let mut data = dataset(vec![
        noisy("n1", "2026-06-01T03:00:00Z"), // Monday 03:00: sleep
        noisy("n2", "2026-06-01T10:00:00Z"), // business
        noisy("n3", "2026-06-06T10:00:00Z"), // Saturday: off-hours
        noisy("n4", "2026-06-01T18:00:00Z"), // 18:00 is past business: off-hours
        real("r1", "2026-06-02T09:00:00Z", true, 60), // business
        real("r2", "2026-06-02T22:00:00Z", true, 60), // sleep
        real("r3", "2026-06-03T06:59:00Z", false, 5), // sleep; exactly 5 min: fast
    ]);
    let r = run(&mut data, "", Some("2026-06-30"));
    let rows = &r.noise.rows;
    assert_eq!(r.noise.fingerprints, 2);
    assert_eq!(rows[0].fingerprint, "flappy alert cpu");
    assert_eq!(
        (
            rows[0].volume,
            rows[0].auto_resolved,
            rows[0].fast_unacked,
            rows[0].never_acked
        ),
        (4, 4, 4, 4)
    );
    assert_eq!(rows[0].auto_resolved_share, 1.0);
    assert_eq!(rows[1].fingerprint, "database outage");
    assert_eq!(
        (rows[1].volume, rows[1].fast_unacked, rows[1].never_acked),
        (3, 1, 1)
    );
    assert!(close(rows[1].never_acked_share, 1.0 / 3.0));
    let b = &r.noise.hour_bands.bands;
    assert_eq!(b["business"].count, 2);
    assert_eq!(b["sleep"].count, 3);
    assert_eq!(b["off_hours"].count, 2);
    assert_eq!(b["off_hours"].ids, vec!["n3", "n4"]);
    assert_eq!(r.noise.hour_bands.total, 7);
}

#[test]
fn action_follow_through_and_postmortem_coverage() {
    let mk = |id: &str,
              status: ActionStatus,
              due: Option<&str>,
              created: Option<&str>,
              done: Option<&str>| {
        let mut a = action(id, "pm1", ActionType::Prevent, status);
        a.due = due.map(d);
        a.created_at = created.map(d);
        a.completed_at = done.map(d);
        a.owner = Some("ana".into());
        a
    };
    let mut pm1 = postmortem("pm1", "2026-05-01", &["i1"]);
    pm1.actions = vec![
        mk(
            "a1",
            ActionStatus::Done,
            Some("2026-06-10"),
            Some("2026-05-01"),
            Some("2026-06-05"),
        ),
        mk(
            "a2",
            ActionStatus::Done,
            Some("2026-06-10"),
            Some("2026-06-01"),
            Some("2026-06-20"),
        ),
        mk(
            "a3",
            ActionStatus::Open,
            Some("2026-06-01"),
            Some("2026-05-15"),
            None,
        ),
        mk(
            "a4",
            ActionStatus::InProgress,
            Some("2026-06-29"),
            Some("2026-06-01"),
            None,
        ),
        mk(
            "a5",
            ActionStatus::Open,
            Some("2026-06-30"),
            Some("2026-06-10"),
            None,
        ),
        mk(
            "a6",
            ActionStatus::WontDo,
            Some("2026-05-01"),
            Some("2026-05-01"),
            None,
        ),
        // done late: was overdue on 1 June (the current period's first day)
        mk(
            "a8",
            ActionStatus::Done,
            Some("2026-05-20"),
            Some("2026-05-01"),
            Some("2026-06-03"),
        ),
    ];
    let mut pm2 = postmortem("pm2", "2026-05-02", &["i2"]);
    pm2.status = PostmortemStatus::Draft;
    let sev = |mut i: Incident, level: u8| {
        i.severity = Severity {
            level: Some(level),
            raw: format!("sev{level}"),
        };
        i
    };
    let mut i3 = sev(inc("i3", "2026-05-03T00:00:00Z"), 2);
    i3.postmortem = Some("pm1".into());
    let mut data = Dataset {
        incidents: vec![
            sev(inc("i1", "2026-05-01T00:00:00Z"), 1),
            sev(inc("i2", "2026-05-02T00:00:00Z"), 2),
            i3,
            sev(inc("i4", "2026-05-04T00:00:00Z"), 3),
        ],
        postmortems: vec![pm1, pm2],
        actions: vec![{
            let mut a = action("a7", "pm1", ActionType::Process, ActionStatus::Open);
            a.postmortem = None;
            a
        }],
        ..Dataset::default()
    };
    let r = run(&mut data, "", Some("2026-06-30"));
    let a = &r.actions;
    assert_eq!(a.total, 8);
    assert_eq!(a.open, 4);
    assert_eq!(a.open_ids, vec!["a3", "a4", "a5", "a7"]);
    // due before the as-of date and not done; due on the as-of date is not overdue
    assert_eq!(a.overdue_ids, vec!["a3", "a4"]);
    // open ages: 46 (a3), 29 (a4), 20 (a5); a7 has no creation date
    assert_eq!(a.median_open_age_days, Some(29.0));
    let cohorts: Vec<(&str, u64, u64)> = a
        .completion_by_cohort
        .iter()
        .map(|c| (c.cohort.as_str(), c.done, c.eligible))
        .collect();
    assert_eq!(
        cohorts,
        vec![("(undated)", 0, 1), ("2026-05", 2, 3), ("2026-06", 1, 3)]
    );
    assert_eq!((a.on_time, a.on_time_eligible), (1, 3));
    assert!(close(a.on_time_rate.unwrap(), 1.0 / 3.0));
    // on 1 June only a8 was overdue (a3 was due that very day)
    assert_eq!(a.overdue_at_previous_end, Some(1));
    let h = r
        .headline
        .iter()
        .find(|h| h.id == "actions_overdue")
        .unwrap();
    assert_eq!((h.value, h.previous), (Some(2.0), Some(1.0)));
    let c = h.change.as_ref().unwrap();
    assert_eq!(
        (c.verdict.as_str(), c.direction.as_str()),
        ("untested", "worse")
    );
    assert!(!a.slo_met);
    assert_eq!(a.by_owner["ana"].overdue, 2);
    assert_eq!(a.by_owner["(none)"].open, 1);
    let c = &a.coverage;
    assert_eq!((c.sev12, c.with_postmortem), (3, 2));
    assert_eq!(c.missing_ids, vec!["i2"]);
    assert!(close(c.share.unwrap(), 2.0 / 3.0));
}

/// Themes a record already carries are kept beside the ones its rules match, on tickets
/// as on incidents.
#[test]
fn carried_themes_are_kept() {
    let yaml = "themes:\n  - slug: db\n    title: Database\n    match:\n      components: [db]\n";
    let mut i = inc("i1", "2026-06-10T00:00:00Z");
    i.services = vec!["db".into()];
    i.themes = vec!["legacy".into()];
    let mut t = ticket("t1", "2026-06-12T00:00:00Z");
    t.components = vec!["db".into()].into();
    t.themes = vec!["legacy".into()].into();
    let mut data = Dataset {
        incidents: vec![i],
        tickets: vec![t],
        ..Dataset::default()
    };
    run(&mut data, yaml, Some("2026-06-30"));
    assert_eq!(data.incidents[0].themes, ["db", "legacy"]);
    assert_eq!(*data.tickets[0].themes, ["db", "legacy"]);
}

#[test]
fn themes_unthemed_share_and_ticket_cooccurrence() {
    let yaml = "themes:\n  - slug: db\n    title: Database\n    match:\n      labels: [database]\n      components: [db]\n      title: ['postgres|\\bdb\\b']\n";
    let mut i1 = inc("i1", "2026-06-10T00:00:00Z");
    i1.title = "POSTGRES failover".into();
    let mut i2 = inc("i2", "2026-06-11T00:00:00Z");
    i2.labels = vec!["Database".into()];
    let mut i3 = inc("i3", "2026-06-12T00:00:00Z");
    i3.title = "CDN issue".into();
    i3.services = vec!["cdn".into()];
    let mut t1 = ticket("t1", "2026-06-12T00:00:00Z");
    t1.components = vec!["db".into()].into();
    let mut t2 = ticket("t2", "2026-06-25T00:00:00Z");
    t2.title = "DB export broken".into();
    let mut t3 = ticket("t3", "2026-06-28T00:00:00Z");
    t3.labels = vec!["database".into()].into();
    t3.linked_incidents = vec!["i2".into()].into();
    let t4 = ticket("t4", "2026-06-28T00:00:00Z");
    let mut data = Dataset {
        incidents: vec![i1, i2, i3],
        tickets: vec![t1, t2, t3, t4],
        ..Dataset::default()
    };
    let r = run(&mut data, yaml, Some("2026-06-30"));
    assert_eq!(data.incidents[0].themes, vec!["db"]);
    assert_eq!(data.incidents[1].themes, vec!["db"]);
    assert!(data.incidents[2].themes.is_empty());
    assert_eq!(data.incidents[0].fingerprint, "db");
    let co = &r.tickets.cooccurrence["db"];
    // t1 is 2 days after i1 (near); t2 is 14 days after i2 (not near, not linked);
    // t3 is linked to i2
    assert_eq!((co.tickets, co.linked, co.near, co.either), (3, 1, 1, 2));
    assert_eq!(r.unthemed.incidents, 1);
    assert!(close(r.unthemed.incident_share.unwrap(), 1.0 / 3.0));
    assert_eq!(r.unthemed.tickets, 1);
    assert_eq!(r.unthemed.ticket_share, Some(0.25));
    let th = &r.themes[0];
    assert_eq!((th.slug.as_str(), th.incidents, th.tickets), ("db", 2, 3));
    // neither incident was ever acknowledged
    assert_eq!((th.noisy, th.noise_share), (2, Some(1.0)));
    assert_eq!(r.tickets.by_theme["db"].tickets, 3);
    assert_eq!(r.tickets.by_component["(none)"].tickets, 3);
}

#[test]
fn theme_repeat_rate_falls_after_prevent_actions_close_and_is_a_detected_win() {
    let yaml =
        "themes:\n  - slug: disk\n    title: Disk pressure\n    match:\n      labels: [disk]\n";
    let start = t("2026-01-01T00:00:00Z");
    let mut incidents = Vec::new();
    let mut push = |id: String, at: Timestamp| {
        let mut i = inc(&id, "2026-01-01T00:00:00Z");
        i.created_at = at;
        i.labels = vec!["disk".into()];
        i.resolved_at = Some(at + chrono::Duration::minutes(30));
        incidents.push(i);
    };
    // Before the fix: weekly, so 25 of 26 are repeats.
    for k in 0..26 {
        push(format!("b{k:02}"), start + chrono::Duration::days(7 * k));
    }
    // After the fix (done 2026-07-01): every 35 days from 1 August (the last weekly one
    // was 25 June, 37 days before), so no repeats.
    for k in 0..5 {
        push(
            format!("z{k}"),
            t("2026-08-01T00:00:00Z") + chrono::Duration::days(35 * k),
        );
    }
    let mut pm = postmortem("disk-pm", "2026-06-30", &["b00"]);
    let mut a = action("fix", "disk-pm", ActionType::Prevent, ActionStatus::Done);
    a.completed_at = Some(d("2026-07-01"));
    pm.actions = vec![a];
    let mut data = Dataset {
        incidents,
        postmortems: vec![pm],
        ..Dataset::default()
    };
    let r = run(&mut data, yaml, Some("2026-12-31"));
    let th = &r.themes[0];
    assert_eq!(th.prevent_actions_closed.as_deref(), Some("2026-07-01"));
    assert_eq!((th.incidents, th.repeats), (31, 25));
    let win = r
        .wins
        .iter()
        .find(|w| w.id == "repeat-rate-after-fix-disk")
        .expect("detected win");
    assert_eq!(win.kind, "detected");
    assert!(close(win.before.unwrap(), 25.0 / 26.0));
    assert_eq!(win.after, Some(0.0));
    let c = win.change.as_ref().unwrap();
    assert_eq!(
        (c.verdict.as_str(), c.method.as_str()),
        ("beyond_noise", "newcombe_wilson")
    );
    assert!(c.high.unwrap() < 0.0);
    assert_eq!(win.evidence_ids.len(), 31);
    let quiet = r
        .wins
        .iter()
        .find(|w| w.id == "theme-quiet-disk")
        .expect("quiet win");
    assert_eq!(quiet.evidence_ids, vec!["z0", "z1", "z2", "z3", "z4"]);
    assert!(r.recurrence.recurred_after_fix.is_empty());
}

#[test]
fn a_repeat_after_a_done_prevent_action_is_listed() {
    let mut i1 = inc("i1", "2026-06-01T00:00:00Z");
    i1.root_cause = Some("Cert expiry".into());
    let mut i2 = inc("i2", "2026-06-20T00:00:00Z");
    i2.root_cause = Some("cert expiry ".into());
    // a repeat on the completion day itself is not after the fix
    let mut i3 = inc("i3", "2026-06-10T12:00:00Z");
    i3.root_cause = Some("cert expiry".into());
    let mut pm = postmortem("cert", "2026-06-02", &["i1"]);
    let mut a = action("renew", "cert", ActionType::Prevent, ActionStatus::Done);
    a.completed_at = Some(d("2026-06-10"));
    pm.actions = vec![a];
    let mut data = Dataset {
        incidents: vec![i2, i3, i1],
        postmortems: vec![pm],
        ..Dataset::default()
    };
    let r = run(&mut data, "", Some("2026-06-30"));
    let f = &r.recurrence.recurred_after_fix;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].fingerprint, "cert expiry");
    assert_eq!(f[0].action_id, "renew");
    assert_eq!(f[0].repeat_ids, vec!["i2"]);
}

#[test]
fn as_of_from_data_uses_the_latest_complete_period() {
    let mut data = dataset(vec![
        inc("x", "2026-04-10T00:00:00Z"),
        inc("y", "2026-06-15T12:00:00Z"),
    ]);
    let r = run(&mut data, "", None);
    assert_eq!(r.as_of_source, "data");
    assert_eq!(r.as_of, "2026-06-15T12:00:00Z");
    assert_eq!(r.as_of_date, "2026-06-15");
    assert_eq!(r.current_period.as_deref(), Some("2026-05"));
    assert_eq!(r.previous_period.as_deref(), Some("2026-04"));
    assert!(!r.periods.last().unwrap().complete);
    let h = r.headline.iter().find(|h| h.id == "incidents").unwrap();
    assert_eq!((h.value, h.previous), (Some(0.0), Some(1.0)));
    assert_eq!(h.change.as_ref().unwrap().verdict, "within_noise");
}

#[test]
fn records_after_as_of_are_left_out_and_noted() {
    let mut data = dataset(vec![
        inc("x", "2026-06-10T00:00:00Z"),
        inc("late", "2026-07-01T00:00:00Z"),
    ]);
    let r = run(&mut data, "", Some("2026-06-30"));
    assert_eq!(r.counts.incidents, 1);
    assert_eq!(r.counts.after_as_of, 1);
    assert!(r.notes.iter().any(|n| n.contains("1 records start after")));
}

#[test]
fn metric_series_aggregate_change_and_target() {
    let yaml = "series:\n  latency:\n    title: p95 latency\n    unit: ms\n    better: lower\n    aggregation: mean\n    target: 200\n";
    let pt = |at: &str, v: f64| metric("latency", at, v);
    let mut data = Dataset {
        metrics: vec![
            pt("2026-05-03T00:00:00Z", 400.0),
            pt("2026-06-01T00:00:00Z", 100.0),
            pt("2026-06-20T00:00:00Z", 300.0),
        ],
        ..Dataset::default()
    };
    let r = run(&mut data, yaml, Some("2026-06-30"));
    let s = &r.series[0];
    assert_eq!(
        (s.name.as_str(), s.aggregation.as_str()),
        ("latency", "mean")
    );
    assert_eq!((s.value, s.previous), (Some(200.0), Some(400.0)));
    assert_eq!(s.distance_to_target, Some(0.0));
    assert_eq!(s.meets_target, Some(true));
    let c = s.change.as_ref().unwrap();
    assert_eq!(
        (c.delta, c.direction.as_str(), c.verdict.as_str()),
        (-200.0, "better", "too_few")
    );
    assert_eq!(
        s.per_period.iter().map(|p| p.n).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[test]
fn declared_wins_are_merged() {
    let mut data = june();
    data.wins.push(DeclaredWin {
        slug: "faster-deploys".into(),
        title: "Deploys take 5 minutes".into(),
        date: d("2026-06-15"),
        themes: vec!["deploy".into()],
        services: vec![],
        evidence: Some("CI dashboard".into()),
        body: String::new(),
        origin: Origin::default(),
    });
    let r = run(&mut data, "", Some("2026-06-30"));
    let w = r.wins.iter().find(|w| w.kind == "declared").unwrap();
    assert_eq!(w.id, "declared-faster-deploys");
    assert_eq!(w.period.as_deref(), Some("2026-06"));
    assert_eq!(w.evidence_text.as_deref(), Some("CI dashboard"));
}

#[test]
fn report_json_is_deterministic_and_versioned() {
    let a = report_json(&run(&mut june(), "", Some("2026-06-30")));
    let b = report_json(&run(&mut june(), "", Some("2026-06-30")));
    assert_eq!(a, b);
    assert!(a.starts_with("{\n  \"schema_version\": 1,"));
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["durations"]["restore"]["all"]["median"], 30.0);
}

#[test]
fn empty_dataset_gives_an_empty_report_without_panicking() {
    let r = run(&mut Dataset::default(), "", None);
    assert!(r.periods.is_empty());
    assert_eq!(r.current_period, None);
    assert_eq!(r.counts.incidents, 0);
    let _ = report_json(&r);
}

#[test]
fn theme_fix_that_makes_incidents_rare_wins_on_the_rate_of_repeats() {
    let yaml = "themes:\n  - slug: dns\n    title: DNS\n    match:\n      labels: [dns]\n";
    let start = t("2026-01-01T00:00:00Z");
    let mut incidents: Vec<Incident> = (0..11)
        .map(|k| {
            let mut i = inc(&format!("d{k:02}"), "2026-01-01T00:00:00Z");
            i.created_at = start + chrono::Duration::days(7 * k);
            i.labels = vec!["dns".into()];
            i
        })
        .collect();
    let mut late = inc("late", "2026-06-01T00:00:00Z");
    late.labels = vec!["dns".into()];
    incidents.push(late);
    let mut pm = postmortem("dns-pm", "2026-03-20", &["d00"]);
    let mut a = action("fix", "dns-pm", ActionType::Prevent, ActionStatus::Done);
    a.completed_at = Some(d("2026-03-31"));
    pm.actions = vec![a];
    let mut data = Dataset {
        incidents,
        postmortems: vec![pm],
        ..Dataset::default()
    };
    let r = run(&mut data, yaml, Some("2026-12-31"));
    let w = r
        .wins
        .iter()
        .find(|w| w.id == "repeat-rate-after-fix-dns")
        .expect("rate win");
    // 10 repeats in the 90 days 1 Jan..31 Mar, none in the 275 days after
    assert_eq!(w.figure.as_deref(), Some("repeats_per_30_days"));
    assert!(close(w.before.unwrap(), 10.0 / 90.0 * 30.0));
    assert_eq!(w.after, Some(0.0));
    let c = w.change.as_ref().unwrap();
    assert_eq!(c.verdict, "beyond_noise");
    assert_eq!(c.interval_of, "ratio");
    assert!(r.wins.iter().any(|w| w.id == "theme-quiet-dns"));
}

#[test]
fn invalid_theme_pattern_is_skipped_with_a_note() {
    let yaml =
        "themes:\n  - slug: bad\n    match:\n      title: ['(unclosed']\n      labels: [x]\n";
    let mut i = inc("i1", "2026-06-01T00:00:00Z");
    i.labels = vec!["X".into()];
    let mut data = dataset(vec![i]);
    let r = run(&mut data, yaml, Some("2026-06-30"));
    assert_eq!(data.incidents[0].themes, vec!["bad"]);
    assert!(
        r.notes.iter().any(|n| n.starts_with(
            "theme `bad`: title pattern `(unclosed` is not a valid regular expression"
        )),
        "{:?}",
        r.notes
    );
}

#[test]
fn a_shorter_month_at_the_same_daily_rate_is_not_a_win() {
    // January: 100 tickets a day for 31 days = 3100; February: 100 a day for 28 days =
    // 2800. Same daily rate: an equal-length count test would call the 300 fewer tickets
    // beyond noise (p = 2800/5900 = 0.4746, interval about 0.462..0.487, excludes 0.5);
    // with each month's days as exposure p0 = 28/59 = 0.4746 sits in the middle.
    let mut tickets = Vec::new();
    for day in 1..=31 {
        for k in 0..100 {
            tickets.push(ticket(
                &format!("j{day}-{k}"),
                &format!("2026-01-{day:02}T12:00:00Z"),
            ));
        }
    }
    for day in 1..=28 {
        for k in 0..100 {
            tickets.push(ticket(
                &format!("f{day}-{k}"),
                &format!("2026-02-{day:02}T12:00:00Z"),
            ));
        }
    }
    let mut data = Dataset {
        tickets,
        ..Dataset::default()
    };
    let r = run(&mut data, "", Some("2026-02-28"));
    assert_eq!(r.current_period.as_deref(), Some("2026-02"));
    let h = r.headline.iter().find(|h| h.id == "tickets").unwrap();
    assert_eq!((h.value, h.previous), (Some(2800.0), Some(3100.0)));
    let c = h.change.as_ref().unwrap();
    assert_eq!(c.delta, -300.0);
    assert_eq!(c.verdict, "within_noise");
    assert_eq!(c.direction, "same");
    // the ratio compares daily rates: 100/day against 100/day
    assert!(close(c.ratio.unwrap(), 1.0), "{:?}", c.ratio);
    assert!(!r.wins.iter().any(|w| w.rule == "ticket_volume"));
}

#[test]
fn a_multi_service_repeat_counts_only_under_the_key_it_repeats_on() {
    let disk = |id: &str, at: &str, services: &[&str]| {
        let mut i = inc(id, at);
        i.root_cause = Some("disk full".into());
        i.services = services.iter().map(|s| s.to_string()).collect();
        i
    };
    // X repeats Y on db (2 days); on api its predecessor Z is 63 days back: no repeat there.
    let mut pm = postmortem("disk-api", "2026-04-02", &["Z"]);
    let mut fix = action("grow", "disk-api", ActionType::Prevent, ActionStatus::Done);
    fix.completed_at = Some(d("2026-05-01"));
    pm.actions = vec![fix];
    let mut data = Dataset {
        incidents: vec![
            disk("Z", "2026-04-01T00:00:00Z", &["api"]),
            disk("Y", "2026-06-01T00:00:00Z", &["db"]),
            disk("X", "2026-06-03T00:00:00Z", &["api", "db"]),
        ],
        postmortems: vec![pm],
        ..Dataset::default()
    };
    let r = run(&mut data, "", Some("2026-06-30"));
    // the incident itself is a repeat (on db)
    assert_eq!(r.recurrence.repeats, 1);
    assert_eq!(r.recurrence.per_period[2].repeat_ids, vec!["X"]);
    let keys: Vec<(&str, u64, u64)> = r
        .recurrence
        .top_keys
        .iter()
        .map(|k| (k.service.as_str(), k.incidents, k.repeats))
        .collect();
    assert_eq!(keys, vec![("db", 2, 1)]);
    let services: Vec<(&str, u64, u64)> = r
        .services
        .iter()
        .map(|s| (s.name.as_str(), s.incidents, s.repeats))
        .collect();
    assert_eq!(services, vec![("api", 2, 0), ("db", 2, 1)]);
    assert_eq!(r.services[0].trend[2].repeats, 0);
    // the fix was for (api, disk full), where nothing repeated
    assert!(r.recurrence.recurred_after_fix.is_empty());
}

#[test]
fn an_incident_resolved_after_the_as_of_date_is_open_as_of_then() {
    let mut a = inc("A", "2026-06-10T10:00:00Z");
    a.acknowledged_at = Some(t("2026-06-10T10:05:00Z"));
    a.resolved_at = Some(t("2026-06-10T11:00:00Z")); // resolve 60
    // as of 2026-06-30 (ends 2026-07-01T00:00Z) B is open and not yet acknowledged
    let mut b = inc("B", "2026-06-29T10:00:00Z");
    b.acknowledged_at = Some(t("2026-07-01T09:00:00Z"));
    b.mitigated_at = Some(t("2026-07-01T12:00:00Z"));
    b.resolved_at = Some(t("2026-07-02T10:00:00Z"));
    b.title = a.title.clone();
    let mut data = dataset(vec![a, b]);
    let r = run(&mut data, "", Some("2026-06-30"));
    assert_eq!(r.counts.incidents_open, 1);
    let resolve = &r.durations["resolve"];
    assert_eq!((resolve.all.n, resolve.missing), (1, 1));
    assert_eq!(resolve.all.median, Some(60.0));
    assert_eq!(r.durations["restore"].all.n, 1);
    assert_eq!(r.durations["acknowledge"].all.n, 1);
    let km = &r.survival.all;
    assert_eq!((km.events, km.censored), (1, 1));
    assert_eq!(km.censored_ids, vec!["B"]);
    // censored at the as-of end: 06-29T10:00 to 07-01T00:00 = 38 h = 2280 min
    assert_eq!(km.points.last().unwrap().t_minutes, 2280.0);
    let row = &r.noise.rows[0];
    assert_eq!((row.volume, row.never_acked), (2, 1));
    // the source record itself is left as it is
    assert!(data.incidents[1].resolved_at.is_some());
}

#[test]
fn an_action_done_after_the_as_of_date_was_open_and_overdue_then() {
    let mut late = action("late", "pm1", ActionType::Prevent, ActionStatus::Done);
    late.due = Some(d("2026-06-15"));
    late.created_at = Some(d("2026-06-01"));
    late.completed_at = Some(d("2026-07-05"));
    let mut pm1 = postmortem("pm1", "2026-06-01", &["i1"]);
    pm1.actions = vec![late];
    let mut data = Dataset {
        incidents: vec![inc("i1", "2026-06-01T00:00:00Z")],
        postmortems: vec![pm1],
        ..Dataset::default()
    };
    let r = run(&mut data, "", Some("2026-06-30"));
    let a = &r.actions;
    assert_eq!((a.open, a.overdue), (1, 1));
    assert_eq!(a.overdue_ids, vec!["late"]);
    // 2026-06-30 − 2026-06-01
    assert_eq!(a.median_open_age_days, Some(29.0));
    assert_eq!((a.on_time, a.on_time_eligible), (0, 0));
    let c = &a.completion_by_cohort[0];
    assert_eq!((c.done, c.eligible), (0, 1));
    assert_eq!(a.by_owner["(none)"].open, 1);
}

#[test]
fn hour_bands_follow_the_site_timezone_across_dst() {
    let mut data = dataset(vec![
        inc("fri", "2026-03-27T07:30:00Z"),  // Fri 08:30 CET: off-hours
        inc("sun", "2026-03-29T05:30:00Z"),  // Sun 07:30 CEST: off-hours (sleep ends 7)
        inc("sun2", "2026-03-29T04:30:00Z"), // Sun 06:30 CEST: sleep
        inc("mon", "2026-03-30T07:30:00Z"),  // Mon 09:30 CEST: business
        inc("mon2", "2026-03-30T16:00:00Z"), // Mon 18:00 CEST: off-hours
        inc("tue", "2026-03-31T21:00:00Z"),  // Tue 23:00 CEST: sleep
    ]);
    let r = run(&mut data, "timezone: Europe/Berlin\n", Some("2026-03-31"));
    let b = &r.noise.hour_bands.bands;
    assert_eq!(b["business"].ids, vec!["mon"]);
    assert_eq!(b["sleep"].ids, vec!["sun2", "tue"]);
    assert_eq!(b["off_hours"].ids, vec!["fri", "mon2", "sun"]);
}

#[test]
fn a_summed_series_over_a_shorter_month_is_not_a_win() {
    // Daily points alternating 9 and 11 (10 a day on average). January sums to
    // 16·9 + 15·11 = 309, February to 14·9 + 14·11 = 280: 29 less only because February
    // has 3 fewer days. At January's daily rate February would sum to 309·28/31 = 279.1.
    let yaml = "series:\n  pages:\n    better: lower\n    aggregation: sum\n";
    let pt = |at: String, v: f64| metric("pages", &at, v);
    let mut metrics = Vec::new();
    for (month, days) in [(1, 31), (2, 28)] {
        for day in 1..=days {
            let v = if day % 2 == 1 { 9.0 } else { 11.0 };
            metrics.push(pt(format!("2026-{month:02}-{day:02}T12:00:00Z"), v));
        }
    }
    let mut data = Dataset {
        metrics,
        ..Dataset::default()
    };
    let r = run(&mut data, yaml, Some("2026-02-28"));
    let s = &r.series[0];
    assert_eq!((s.value, s.previous), (Some(280.0), Some(309.0)));
    let c = s.change.as_ref().unwrap();
    assert_eq!(c.delta, -29.0);
    assert_eq!(c.verdict, "within_noise");
    // compared per day: 280/28 = 10 against 309/31 = 9.97
    assert_eq!(c.direction, "worse");
    assert!(!r.wins.iter().any(|w| w.rule == "series"));
}

#[test]
fn a_ticket_resolved_after_the_as_of_date_is_open_as_of_then() {
    let mut quick = ticket("quick", "2026-06-10T00:00:00Z");
    quick.category = TicketCategory::Done;
    quick.resolved_at = Some(t("2026-06-11T00:00:00Z")); // 1440 min
    let mut late = ticket("late", "2026-06-10T00:00:00Z");
    late.category = TicketCategory::Done;
    late.resolved_at = Some(t("2026-07-03T00:00:00Z"));
    let mut data = Dataset {
        tickets: vec![quick, late],
        ..Dataset::default()
    };
    let r = run(&mut data, "", Some("2026-06-30"));
    assert_eq!(r.counts.tickets, 2);
    assert_eq!(r.counts.tickets_open, 1);
    assert_eq!(r.tickets.resolve.n, 1);
    assert_eq!(r.tickets.resolve.median, Some(1440.0));
}

#[test]
fn one_theme_of_twenty_falling_by_chance_is_not_a_win() {
    // 20 themes compared week over week. t00: 20 tickets, then 8. Alone that is beyond noise
    // (Clopper–Pearson 95% for 8 of 28: 0.132..0.487, excludes 0.5), but among 20 themes
    // the Bonferroni level 1 − 0.05/20 gives 0.080..0.586, which includes 0.5.
    // t01: 40 then 5 is a fall that survives the correction (5 of 45).
    let mut yaml = String::from("period: week\nthemes:\n");
    let mut tickets = Vec::new();
    for k in 0..20 {
        yaml.push_str(&format!(
            "  - slug: t{k:02}\n    match:\n      labels: [t{k:02}]\n"
        ));
        let (prev, cur) = match k {
            0 => (20, 8),
            1 => (40, 5),
            _ => (10, 10),
        };
        for (week_day, n) in [("2026-06-02", prev), ("2026-06-09", cur)] {
            for j in 0..n {
                let mut tk = ticket(
                    &format!("t{k:02}-{week_day}-{j}"),
                    &format!("{week_day}T12:00:00Z"),
                );
                tk.labels = vec![format!("t{k:02}").into()].into();
                tickets.push(tk);
            }
        }
    }
    let mut data = Dataset {
        tickets,
        ..Dataset::default()
    };
    let r = run(&mut data, &yaml, Some("2026-06-14"));
    assert_eq!(r.current_period.as_deref(), Some("2026-W24"));
    let c = r.tickets.by_theme["t00"].change.as_ref().unwrap();
    assert_eq!(
        (c.verdict.as_str(), c.direction.as_str()),
        ("beyond_noise", "better")
    );
    let wins: Vec<&str> = r
        .wins
        .iter()
        .filter(|w| w.id.starts_with("ticket-volume-"))
        .map(|w| w.id.as_str())
        .collect();
    assert_eq!(wins, vec!["ticket-volume-t01-2026-W24"]);
    let w = r
        .wins
        .iter()
        .find(|w| w.id == "ticket-volume-t01-2026-W24")
        .unwrap();
    assert_eq!((w.before, w.after), (Some(40.0), Some(5.0)));
    let c = w.change.as_ref().unwrap();
    assert_eq!(c.method, "poisson_exact_conditional_bonferroni");
}

#[test]
fn a_series_not_in_site_yaml_has_no_known_better_direction_and_no_win() {
    // "availability" fell from 99.9 to 95: with no `series:` entry nobody said lower is
    // better, so this must not be celebrated.
    let pt = |at: String, v: f64| metric("availability", &at, v);
    let mut metrics = Vec::new();
    for day in 1..=10 {
        metrics.push(pt(format!("2026-05-{day:02}T12:00:00Z"), 99.9));
        metrics.push(pt(format!("2026-06-{day:02}T12:00:00Z"), 95.0));
    }
    let mut data = Dataset {
        metrics,
        ..Dataset::default()
    };
    let r = run(&mut data, "", Some("2026-06-30"));
    let s = &r.series[0];
    assert_eq!(s.value, Some(95.0));
    assert!(close(s.previous.unwrap(), 99.9));
    assert_eq!(s.change.as_ref().unwrap().verdict, "beyond_noise");
    assert!(!r.wins.iter().any(|w| w.rule == "series"), "{:?}", r.wins);
}

#[test]
fn an_action_created_after_the_as_of_date_is_left_out_and_noted() {
    let mut early = action("early", "pm1", ActionType::Prevent, ActionStatus::Open);
    early.created_at = Some(d("2026-06-20"));
    let mut later = action("later", "pm1", ActionType::Prevent, ActionStatus::Open);
    later.created_at = Some(d("2026-07-03"));
    later.due = Some(d("2026-06-01"));
    let mut pm1 = postmortem("pm1", "2026-06-01", &["i1"]);
    pm1.actions = vec![early, later];
    let mut data = Dataset {
        incidents: vec![inc("i1", "2026-06-01T00:00:00Z")],
        postmortems: vec![pm1],
        ..Dataset::default()
    };
    let r = run(&mut data, "", Some("2026-06-30"));
    let a = &r.actions;
    assert_eq!((a.total, a.open, a.overdue), (1, 1, 0));
    assert_eq!(a.open_ids, vec!["early"]);
    // 2026-06-30 − 2026-06-20; the later item would have given −3
    assert_eq!(a.median_open_age_days, Some(10.0));
    assert_eq!(r.counts.after_as_of, 1);
}

#[test]
fn all_open_incidents_in_a_single_period() {
    let open = |id: &str, at: &str| {
        let mut i = inc(id, at);
        i.status = IncidentStatus::Open;
        i
    };
    let mut data = dataset(vec![
        open("a", "2026-06-29T00:00:00Z"), // censored at 2 days = 2880 min
        open("b", "2026-06-30T00:00:00Z"), // 1440
        open("c", "2026-06-30T12:00:00Z"), // 720
    ]);
    let r = run(&mut data, "", Some("2026-06-30"));
    assert_eq!(r.periods.len(), 1);
    assert_eq!(r.current_period.as_deref(), Some("2026-06"));
    assert_eq!(r.previous_period, None);
    assert_eq!(r.counts.incidents_open, 3);
    let km = &r.survival.all;
    assert_eq!((km.n, km.events, km.censored), (3, 0, 3));
    assert_eq!(km.median_minutes, None);
    let pts: Vec<(f64, f64, u64)> = km
        .points
        .iter()
        .map(|p| (p.t_minutes, p.share_unresolved, p.at_risk))
        .collect();
    assert_eq!(
        pts,
        vec![
            (0.0, 1.0, 3),
            (720.0, 1.0, 3),
            (1440.0, 1.0, 2),
            (2880.0, 1.0, 1)
        ]
    );
    let resolve = &r.durations["resolve"];
    assert_eq!((resolve.all.n, resolve.missing), (0, 3));
    assert_eq!(resolve.all.median, None);
    assert!(resolve.all.too_few);
    assert!(resolve.change.is_none());
    let h = r.headline.iter().find(|h| h.id == "incidents").unwrap();
    assert_eq!(
        (h.value, h.previous, h.change.is_none()),
        (Some(3.0), None, true)
    );
    assert!(r.wins.is_empty());
}
