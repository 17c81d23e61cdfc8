//! Report -> charts on a small three-month fixture: ids, scopes, data, captions.

#[path = "analyze_common.rs"]
mod common;

use common::*;
use opsloop::analyze::{Report, analyze};
use opsloop::charts::{Chart, ChartKind, build_charts, chart_specs, render_chart};
use opsloop::config::Config;
use opsloop::model::*;

const YAML: &str = "themes:\n  - slug: db\n    title: Database\n    match:\n      labels: [database]\n\
series:\n  latency:\n    title: p95 latency\n    unit: ms\n    better: lower\n    aggregation: mean\n    target: 200\n";

/// 12 incidents a month in April to June 2026, alternating services api / checkout; every
/// other one labelled "database"; restore 10 + 7k minutes; one June incident still open.
fn dataset() -> Dataset {
    let mut incidents = Vec::new();
    for (m, month) in ["04", "05", "06"].iter().enumerate() {
        for k in 0..12u32 {
            let id = format!("I{m}{k:02}");
            let created = format!("2026-{month}-{:02}T10:00:00Z", k + 2);
            let mut i = inc(&id, &created);
            i.services = vec![if k % 2 == 0 { "api" } else { "checkout" }.into()];
            i.severity = Severity {
                level: Some(1 + (k % 3) as u8),
                raw: format!("sev{}", 1 + k % 3),
            };
            if k % 2 == 0 {
                i.labels = vec!["database".into()];
                i.title = "Disk full on db-7".into();
            }
            let restore = 10 + 7 * (k + m as u32 * 3) as i64;
            i.mitigated_at = Some(i.created_at + chrono::Duration::minutes(restore));
            i.resolved_at = Some(i.created_at + chrono::Duration::minutes(restore * 3));
            i.acknowledged_at = (k % 4 != 3).then(|| i.created_at + chrono::Duration::minutes(2));
            i.auto_resolved = k % 4 == 3;
            if m == 2 && k == 11 {
                i.status = IncidentStatus::Open;
                i.mitigated_at = None;
                i.resolved_at = None;
            }
            incidents.push(i);
        }
    }
    let mut tickets = Vec::new();
    for k in 0..9 {
        let mut t = ticket(
            &format!("T{k}"),
            &format!("2026-0{}-{:02}T12:00:00Z", 4 + k % 3, 3 + k),
        );
        t.labels = vec!["database".into()].into();
        tickets.push(t);
    }
    let mut a1 = action("A1", "pm", ActionType::Prevent, ActionStatus::Open);
    a1.created_at = Some(d("2026-04-10"));
    a1.due = Some(d("2026-05-15"));
    let mut a2 = action("A2", "pm", ActionType::Detect, ActionStatus::Done);
    a2.created_at = Some(d("2026-04-10"));
    a2.completed_at = Some(d("2026-06-03"));
    let mut a3 = action("A3", "pm", ActionType::Process, ActionStatus::InProgress);
    a3.created_at = Some(d("2026-06-01"));
    a3.due = Some(d("2026-07-15"));
    let pt = |at: &str, v: f64| metric("latency", at, v);
    Dataset {
        incidents,
        tickets,
        metrics: vec![
            pt("2026-04-10T00:00:00Z", 310.0),
            pt("2026-05-10T00:00:00Z", 260.0),
            pt("2026-06-10T00:00:00Z", 190.0),
        ],
        actions: vec![a1, a2, a3],
        ..Dataset::default()
    }
}

fn analysed(mut data: Dataset) -> (Report, Dataset, Config) {
    let config = config(settings(YAML), Some("2026-06-30"));
    let report = analyze(&mut data, &config);
    (report, data, config)
}

fn ids(data: Dataset) -> Vec<String> {
    let (r, d, c) = analysed(data);
    chart_specs(&r, &d, &c).into_iter().map(|s| s.id).collect()
}

#[test]
fn every_chart_has_its_stable_id_and_scope() {
    let (r, d, c) = analysed(dataset());
    let specs = chart_specs(&r, &d, &c);
    let got: Vec<(&str, &str)> = specs
        .iter()
        .map(|s| (s.id.as_str(), s.scope.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("incidents-by-severity", "site"),
            ("restore-time", "site"),
            ("resolve-time", "site"),
            ("duration-distribution", "site"),
            ("still-unresolved", "site"),
            ("repeat-rate", "site"),
            ("noise-by-fingerprint", "site"),
            ("action-burndown", "site"),
            ("series-latency", "site"),
            ("theme-db-incidents", "theme:db"),
            ("theme-db-repeat-rate", "theme:db"),
            ("tickets-vs-incidents-db", "theme:db"),
            ("service-api-restore-time", "service:api"),
            ("service-checkout-restore-time", "service:checkout"),
        ]
    );
    for s in &specs {
        assert!(
            !matches!(s.kind, ChartKind::Message(_)),
            "{} has data",
            s.id
        );
        assert!(s.caption.ends_with('.'), "{}: {}", s.id, s.caption);
    }
}

#[test]
fn ids_do_not_move_when_data_is_added() {
    let before = ids(dataset());
    let mut more = dataset();
    for k in 0..12 {
        let month = if k < 6 { "05" } else { "06" };
        let mut i = inc(
            &format!("Z{k}"),
            &format!("2026-{month}-{:02}T08:00:00Z", k + 1),
        );
        i.services = vec!["aardvark".into()];
        i.mitigated_at = Some(i.created_at + chrono::Duration::minutes(20));
        i.resolved_at = i.mitigated_at;
        more.incidents.insert(0, i);
    }
    let after = ids(more);
    for id in &before {
        assert!(after.contains(id), "{id} disappeared");
    }
    assert!(after.contains(&"service-aardvark-restore-time".to_string()));
}

#[test]
fn chart_data_matches_the_report() {
    let (r, d, c) = analysed(dataset());
    let specs = chart_specs(&r, &d, &c);
    let chart =
        |id: &str| -> Chart { render_table_only(specs.iter().find(|s| s.id == id).unwrap()) };

    let sev = chart("incidents-by-severity");
    assert_eq!(sev.columns, ["period", "sev1", "sev2", "sev3", "total"]);
    let periods: Vec<&str> = sev.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(periods, ["2026-04", "2026-05", "2026-06"]);
    assert_eq!(sev.rows[2], ["2026-06", "4", "4", "4", "12"]);

    let restore = chart("restore-time");
    let june = &r.durations["restore"].by_period["2026-06"];
    assert_eq!(restore.rows[2][1], june.n.to_string());
    assert_eq!(
        restore.rows[2][2],
        opsloop::charts::fmt_num(june.median.unwrap())
    );

    let hist = chart("duration-distribution");
    let total: u64 = hist.rows.iter().map(|r| r[2].parse::<u64>().unwrap()).sum();
    assert_eq!(
        total, r.durations["restore"].all.n,
        "every restore time is in one bin"
    );

    let burn = chart("action-burndown");
    assert_eq!(
        burn.columns,
        ["period", "open", "overdue", "done in period"]
    );
    let last = burn.rows.last().unwrap();
    assert_eq!(last[1], r.actions.open.to_string());
    assert_eq!(last[2], r.actions.overdue.to_string());
    assert_eq!(
        burn.rows,
        [
            ["2026-04", "2", "0", "0"],
            ["2026-05", "2", "1", "0"],
            ["2026-06", "2", "1", "1"]
        ]
    );

    let series = chart("series-latency");
    assert_eq!(series.columns, ["period", "p95 latency", "target"]);
    assert_eq!(series.rows[0], ["2026-04", "310", "200"]);

    let km = chart("still-unresolved");
    assert_eq!(km.rows[0], ["0", "1", "36"], "all 36 at risk at the start");
}

/// Table and caption without drawing (drawing is covered by charts_render.rs).
fn render_table_only(spec: &opsloop::charts::ChartSpec) -> Chart {
    let mut s = spec.clone();
    let (columns, rows) = opsloop::charts::table(&s.kind);
    s.kind = ChartKind::Message(String::new());
    Chart {
        id: s.id,
        title: s.title,
        caption: s.caption,
        scope: s.scope,
        columns,
        rows,
        ..Chart::default()
    }
}

#[test]
fn captions_state_the_finding_and_how_sure_we_are() {
    let (r, d, c) = analysed(dataset());
    let specs = chart_specs(&r, &d, &c);
    let caption = |id: &str| specs.iter().find(|s| s.id == id).unwrap().caption.clone();
    let restore = caption("restore-time");
    assert!(
        restore.starts_with("Median time to restore rose from "),
        "{restore}"
    );
    assert!(
        restore.contains("in 2026-05 to ") && restore.contains("in 2026-06 (n = 11)"),
        "{restore}"
    );
    assert!(
        restore.contains("noise") || restore.contains("too few"),
        "{restore}"
    );
    let sev = caption("incidents-by-severity");
    assert!(sev.starts_with("12 incidents in 2026-06 against 12 in 2026-05; the change is within noise (95% interval"), "{sev}");
    let km = caption("still-unresolved");
    assert!(
        km.contains("Kaplan–Meier estimate, n = 36, of which 1 still open"),
        "{km}"
    );
    assert!(caption("series-latency").contains("meets the target of 200 ms"));
}

#[test]
fn restore_figures_count_as_the_report_does() {
    let mut data = dataset();
    // Started on the as-of day, restored after it: no restore time as of 2026-06-30.
    let mut late = inc("late", "2026-06-30T20:00:00Z");
    late.services = vec!["api".into()];
    late.mitigated_at = Some(t("2026-07-01T01:00:00Z"));
    late.resolved_at = late.mitigated_at;
    data.incidents.push(late);
    // Listed twice: still one api incident.
    let mut twice = inc("twice", "2026-06-20T10:00:00Z");
    twice.services = vec!["api".into(), "api".into()];
    twice.mitigated_at = Some(t("2026-06-20T11:00:00Z"));
    twice.resolved_at = twice.mitigated_at;
    data.incidents.push(twice);
    let (r, d, c) = analysed(data);
    let specs = chart_specs(&r, &d, &c);
    let chart =
        |id: &str| -> Chart { render_table_only(specs.iter().find(|s| s.id == id).unwrap()) };
    let restore = &r.durations["restore"];
    let hist = chart("duration-distribution");
    let total: u64 = hist.rows.iter().map(|r| r[2].parse::<u64>().unwrap()).sum();
    assert_eq!(total, restore.all.n);
    let api = chart("service-api-restore-time");
    let n: u64 = api.rows.iter().map(|r| r[1].parse::<u64>().unwrap()).sum();
    assert_eq!(n, restore.by_service["api"].n);
}

#[test]
fn too_few_data_is_said_plainly() {
    let mut i = inc("only", "2026-06-02T10:00:00Z");
    i.mitigated_at = Some(i.created_at + chrono::Duration::minutes(30));
    i.resolved_at = i.mitigated_at;
    let (r, d, c) = analysed(Dataset {
        incidents: vec![i],
        ..Dataset::default()
    });
    let specs = chart_specs(&r, &d, &c);
    let restore = specs.iter().find(|s| s.id == "restore-time").unwrap();
    assert!(
        restore
            .caption
            .starts_with("Too few incidents in 2026-06 for a median time to restore (n = 1"),
        "{}",
        restore.caption
    );
    let dist = specs
        .iter()
        .find(|s| s.id == "duration-distribution")
        .unwrap();
    assert!(matches!(&dist.kind, ChartKind::Message(m) if m.starts_with("Too few")));
    assert!(
        !specs.iter().any(|s| s.scope != "site"),
        "no theme or service charts from one incident"
    );
}

#[test]
fn building_twice_gives_the_same_bytes() {
    let (r, d, c) = analysed(dataset());
    let a = build_charts(&r, &d, &c);
    let b = build_charts(&r, &d, &c);
    assert_eq!(a.len(), 14);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.id, &x.svg, &x.rows), (&y.id, &y.svg, &y.rows));
        assert!(x.png == y.png, "{}", x.id);
        assert!(!x.caption.contains("could not be drawn"), "{}", x.caption);
    }
    if let Some(dir) = std::env::var_os("OPSLOOP_CHART_PREVIEW") {
        for x in &a {
            std::fs::write(
                std::path::Path::new(&dir).join(format!("{}.png", x.id)),
                &x.png,
            )
            .unwrap();
        }
    }
    // Parallel rendering changes nothing: one by one gives the same bytes.
    let specs = chart_specs(&r, &d, &c);
    for (spec, x) in specs.iter().zip(&a).take(3) {
        let one = render_chart(spec);
        assert_eq!(one.svg, x.svg);
        assert!(one.png == x.png);
    }
}

#[test]
fn names_that_slugify_alike_get_distinct_ids() {
    let yaml = "series:\n  p95 latency:\n    unit: ms\n  p95-latency:\n    unit: ms\n";
    let config = config(settings(yaml), Some("2026-06-30"));
    let mut data = dataset();
    for m in data.metrics.clone() {
        data.metrics.push(MetricPoint {
            series: "p95 latency".into(),
            ..m.clone()
        });
        data.metrics.push(MetricPoint {
            series: "p95-latency".into(),
            ..m
        });
    }
    let report = analyze(&mut data, &config);
    let ids: Vec<String> = chart_specs(&report, &data, &config)
        .into_iter()
        .map(|s| s.id)
        .collect();
    let series: Vec<&String> = ids.iter().filter(|i| i.starts_with("series-p95")).collect();
    assert_eq!(series.len(), 2, "{ids:?}");
    assert_ne!(series[0], series[1]);
    assert!(series.contains(&&"series-p95-latency".to_string()));
}
