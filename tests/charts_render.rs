//! The drawing layer on hand-made data: determinism, accessibility, PNG size, CSV rows.

use opsloop::charts::*;

fn spec(id: &str, title: &str, kind: ChartKind) -> ChartSpec {
    ChartSpec {
        id: id.into(),
        title: title.into(),
        caption: format!("Caption for {id}."),
        scope: "site".into(),
        x_label: String::new(),
        y_label: "incidents".into(),
        kind,
    }
}

fn periods() -> Vec<String> {
    ["2025-03", "2025-04", "2025-05", "2025-06"]
        .map(String::from)
        .to_vec()
}

fn all_kinds() -> Vec<ChartSpec> {
    vec![
        spec(
            "incidents-by-severity",
            "Incidents per month by severity",
            ChartKind::StackedBars(StackedBars {
                periods: periods(),
                series: vec![
                    BarSeries {
                        name: "sev1".into(),
                        colour: palette::severity(0),
                        values: vec![1.0, 0.0, 2.0, 1.0],
                    },
                    BarSeries {
                        name: "sev2".into(),
                        colour: palette::severity(1),
                        values: vec![3.0, 4.0, 2.0, 5.0],
                    },
                    BarSeries {
                        name: "sev3".into(),
                        colour: palette::severity(2),
                        values: vec![10.0, 7.0, 12.0, 9.0],
                    },
                ],
            }),
        ),
        spec(
            "series-error-rate",
            "Checkout error rate against its target",
            ChartKind::Lines(Lines {
                periods: periods(),
                series: vec![LineSeries {
                    name: "error rate".into(),
                    colour: palette::series(0),
                    values: vec![Some(0.021), None, Some(0.012), Some(0.009)],
                }],
                target: Some(Target {
                    label: "target".into(),
                    value: 0.01,
                }),
                percent: true,
                fit_y: false,
            }),
        ),
        spec(
            "restore-time",
            "Time to restore: median with p75 to p90",
            ChartKind::Band(Band {
                periods: periods(),
                n: vec![12, 3, 23, 19],
                median: vec![Some(94.0), None, Some(61.0), Some(48.5)],
                p75: vec![Some(150.0), None, Some(120.0), Some(90.0)],
                p90: vec![Some(300.0), None, Some(260.0), Some(180.0)],
            }),
        ),
        spec(
            "duration-distribution",
            "How long incidents take to resolve",
            ChartKind::LogHistogram(LogHistogram {
                bins: vec![
                    Bin {
                        lo: 0.0,
                        hi: 1.0,
                        count: 2,
                    },
                    Bin {
                        lo: 1.0,
                        hi: 5.0,
                        count: 4,
                    },
                    Bin {
                        lo: 5.0,
                        hi: 15.0,
                        count: 11,
                    },
                    Bin {
                        lo: 15.0,
                        hi: 60.0,
                        count: 20,
                    },
                    Bin {
                        lo: 60.0,
                        hi: 240.0,
                        count: 9,
                    },
                    Bin {
                        lo: 240.0,
                        hi: 1440.0,
                        count: 3,
                    },
                ],
            }),
        ),
        spec(
            "still-unresolved",
            "Share of incidents still unresolved after t",
            ChartKind::Step(StepCurve {
                points: vec![
                    StepPoint {
                        at: 0.0,
                        share: 1.0,
                        at_risk: 40,
                    },
                    StepPoint {
                        at: 30.0,
                        share: 0.7,
                        at_risk: 28,
                    },
                    StepPoint {
                        at: 120.0,
                        share: 0.35,
                        at_risk: 14,
                    },
                    StepPoint {
                        at: 600.0,
                        share: 0.1,
                        at_risk: 3,
                    },
                ],
            }),
        ),
        spec(
            "noise-by-fingerprint",
            "Noisiest alerts by fingerprint",
            ChartKind::HorizontalBars(HorizontalBars {
                labels: vec![
                    "disk-full on db-#".into(),
                    "checkout latency p99 > #ms".into(),
                    "cert expiry".into(),
                ],
                values: vec![42.0, 17.0, 3.0],
                value_name: "incidents".into(),
                extra_columns: vec!["volume".into()],
                extra: vec![vec!["50".into()], vec!["20".into()], vec!["3".into()]],
            }),
        ),
        spec(
            "repeat-rate",
            "Repeat rate per month",
            ChartKind::Message("Too few incidents to chart (n = 3).".into()),
        ),
    ]
}

#[test]
fn same_input_gives_same_bytes() {
    let a = render_all(&all_kinds());
    let b = render_all(&all_kinds());
    assert_eq!(a.len(), 7);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.svg, y.svg, "{} svg differs", x.id);
        assert!(x.png == y.png, "{} png differs", x.id);
    }
}

#[test]
fn every_kind_renders_accessible_svg_with_text_and_a_slide_png() {
    let preview = std::env::var_os("OPSLOOP_CHART_PREVIEW");
    for chart in render_all(&all_kinds()) {
        if let Some(dir) = &preview {
            let dir = std::path::Path::new(dir);
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("{}.svg", chart.id)), &chart.svg).unwrap();
            std::fs::write(dir.join(format!("{}.png", chart.id)), &chart.png).unwrap();
        }
        let head = chart.svg.split("</desc>").next().unwrap();
        assert!(head.starts_with("<svg "), "{}", chart.id);
        assert!(head.contains(&format!(
            "role=\"img\" aria-labelledby=\"{0}-title {0}-desc\"",
            chart.id
        )));
        assert!(head.contains(&format!(
            "<title id=\"{}-title\">{}</title>",
            chart.id, chart.title
        )));
        assert!(head.contains(&format!(
            "<desc id=\"{}-desc\">Caption for {}.",
            chart.id, chart.id
        )));
        assert!(chart.svg.contains("<text"), "{} has no text", chart.id);
        assert!(
            chart.svg.contains(&format!(">{}\n</text>", chart.title))
                || chart.svg.contains(&chart.title)
        );
        assert!(
            !chart.svg.contains(" id=\"") || chart.svg.matches(" id=\"").count() == 2,
            "no generated ids"
        );

        let decoder = png::Decoder::new(std::io::Cursor::new(&chart.png));
        let mut reader = decoder.read_info().expect("valid png");
        assert_eq!(
            (reader.info().width, reader.info().height),
            (1600, 900),
            "{}",
            chart.id
        );
        let mut buf = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buf).unwrap();
        // The title is drawn with the embedded font: dark pixels in the title band.
        let dark_in_title = buf[..frame.line_size * 90]
            .chunks(3)
            .filter(|p| p.iter().all(|c| *c < 80))
            .count();
        assert!(
            dark_in_title > 500,
            "{}: title not rendered ({dark_in_title} dark px)",
            chart.id
        );
    }
}

#[test]
fn table_rows_match_the_data() {
    let charts = render_all(&all_kinds());
    let by_id = |id: &str| charts.iter().find(|c| c.id == id).unwrap();
    let bars = by_id("incidents-by-severity");
    assert_eq!(bars.columns, ["period", "sev1", "sev2", "sev3", "total"]);
    assert_eq!(bars.rows[0], ["2025-03", "1", "3", "10", "14"]);
    assert_eq!(bars.rows[3], ["2025-06", "1", "5", "9", "15"]);
    let band = by_id("restore-time");
    assert_eq!(band.columns, ["period", "n", "median", "p75", "p90"]);
    assert_eq!(band.rows[1], ["2025-04", "3", "", "", ""]);
    assert_eq!(band.rows[3], ["2025-06", "19", "48.5", "90", "180"]);
    let line = by_id("series-error-rate");
    assert_eq!(line.columns, ["period", "error rate", "target"]);
    assert_eq!(line.rows[0], ["2025-03", "0.021", "0.01"]);
    let hist = by_id("duration-distribution");
    assert_eq!(hist.rows[0], ["0", "1", "2"]);
    assert_eq!(hist.rows[3], ["15", "60", "20"]);
    let km = by_id("still-unresolved");
    assert_eq!(km.rows[1], ["30", "0.7", "28"]);
    let noise = by_id("noise-by-fingerprint");
    assert_eq!(noise.columns, ["label", "incidents", "volume"]);
    assert_eq!(noise.rows[1], ["checkout latency p99 > #ms", "17", "20"]);
    assert!(by_id("repeat-rate").rows.is_empty());
}

#[test]
fn markup_in_titles_and_labels_is_escaped_in_svg() {
    let mut s = all_kinds().remove(5);
    s.title = "Noise <script>alert(1)</script>".into();
    s.caption = "A & B <img onerror=x>".into();
    if let ChartKind::HorizontalBars(h) = &mut s.kind {
        h.labels[0] = "<script>x</script>".into();
    }
    let chart = render_chart(&s);
    assert!(!chart.svg.contains("<script"), "{}", chart.svg);
    assert!(!chart.svg.contains("<img"));
    assert!(chart.svg.contains("<title id=\"noise-by-fingerprint-title\">Noise &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(chart.svg.contains("A &amp; B &lt;img onerror=x&gt;</desc>"));
}

#[test]
fn empty_and_single_period_data_still_render() {
    let one = spec(
        "incidents-by-severity",
        "One month",
        ChartKind::StackedBars(StackedBars {
            periods: vec!["2025-06".into()],
            series: vec![BarSeries {
                name: "sev1".into(),
                colour: palette::severity(0),
                values: vec![2.0],
            }],
        }),
    );
    let none = spec(
        "restore-time",
        "No data",
        ChartKind::Band(Band {
            periods: vec![],
            n: vec![],
            median: vec![],
            p75: vec![],
            p90: vec![],
        }),
    );
    let empty_hist = spec(
        "duration-distribution",
        "No bins",
        ChartKind::LogHistogram(LogHistogram { bins: vec![] }),
    );
    let empty_km = spec(
        "still-unresolved",
        "No points",
        ChartKind::Step(StepCurve { points: vec![] }),
    );
    let empty_bars = spec(
        "noise-by-fingerprint",
        "No fingerprints",
        ChartKind::HorizontalBars(HorizontalBars {
            labels: vec![],
            values: vec![],
            value_name: "incidents".into(),
            extra_columns: vec![],
            extra: vec![],
        }),
    );
    for c in render_all(&[one, none, empty_hist, empty_km, empty_bars]) {
        assert!(
            !c.caption.contains("could not be drawn"),
            "{}: {}",
            c.id,
            c.caption
        );
        assert!(c.svg.contains("<title"));
        assert!(c.png.starts_with(b"\x89PNG"));
    }
}

#[test]
fn five_years_of_weeks_keep_labels_apart() {
    let periods: Vec<String> = (0..260)
        .map(|i| format!("{}-W{:02}", 2021 + i / 52, 1 + i % 52))
        .collect();
    let values: Vec<f64> = (0..260).map(|i| f64::from((i * 7) % 13)).collect();
    let bars = spec(
        "incidents-by-severity",
        "Weekly incidents",
        ChartKind::StackedBars(StackedBars {
            periods: periods.clone(),
            series: vec![BarSeries {
                name: "sev1".into(),
                colour: palette::severity(0),
                values: values.clone(),
            }],
        }),
    );
    let line = spec(
        "repeat-rate",
        "Weekly repeat rate",
        ChartKind::Lines(Lines {
            periods,
            series: vec![LineSeries {
                name: "rate".into(),
                colour: palette::series(0),
                values: values.iter().map(|v| Some(v / 13.0)).collect(),
            }],
            target: None,
            percent: true,
            fit_y: false,
        }),
    );
    let charts = render_all(&[bars, line]);
    for c in &charts {
        let labels = c.svg.matches("-W").count();
        assert!((3..=12).contains(&labels), "{}: {labels} week labels", c.id);
        assert_eq!(c.rows.len(), 260, "the table keeps every period");
    }
    if let Some(dir) = std::env::var_os("OPSLOOP_CHART_PREVIEW") {
        std::fs::write(
            std::path::Path::new(&dir).join("weekly.png"),
            &charts[0].png,
        )
        .unwrap();
    }
}
