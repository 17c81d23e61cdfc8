//! The data behind each chart as columns and rows of text (HTML table and CSV).

use super::spec::{ChartKind, StepPoint};

/// Formats a number the same way on every build: integers without decimals, others with
/// at most three decimals and no trailing zeros.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map(fmt_num).unwrap_or_default()
}

/// Column titles and rows for the chart's data.
pub fn table(kind: &ChartKind) -> (Vec<String>, Vec<Vec<String>>) {
    match kind {
        ChartKind::StackedBars(b) => {
            let mut cols = vec!["period".to_string()];
            cols.extend(b.series.iter().map(|s| s.name.clone()));
            cols.push("total".to_string());
            let rows = b
                .periods
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let vals: Vec<f64> = b
                        .series
                        .iter()
                        .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                        .collect();
                    let mut row = vec![p.clone()];
                    row.extend(vals.iter().map(|v| fmt_num(*v)));
                    row.push(fmt_num(vals.iter().sum()));
                    row
                })
                .collect();
            (cols, rows)
        }
        ChartKind::Lines(l) => {
            let mut cols = vec!["period".to_string()];
            cols.extend(l.series.iter().map(|s| s.name.clone()));
            if let Some(t) = &l.target {
                cols.push(t.label.clone());
            }
            let rows = l
                .periods
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut row = vec![p.clone()];
                    row.extend(
                        l.series
                            .iter()
                            .map(|s| fmt_opt(s.values.get(i).copied().flatten())),
                    );
                    if let Some(t) = &l.target {
                        row.push(fmt_num(t.value));
                    }
                    row
                })
                .collect();
            (cols, rows)
        }
        ChartKind::Band(b) => {
            let cols = ["period", "n", "median", "p75", "p90"]
                .map(String::from)
                .to_vec();
            let at = |v: &[Option<f64>], i: usize| fmt_opt(v.get(i).copied().flatten());
            let rows = b
                .periods
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let n = b.n.get(i).copied().unwrap_or(0);
                    vec![
                        p.clone(),
                        n.to_string(),
                        at(&b.median, i),
                        at(&b.p75, i),
                        at(&b.p90, i),
                    ]
                })
                .collect();
            (cols, rows)
        }
        ChartKind::LogHistogram(h) => {
            let cols = ["from", "to", "count"].map(String::from).to_vec();
            let rows = h
                .bins
                .iter()
                .map(|b| vec![fmt_num(b.lo), fmt_num(b.hi), b.count.to_string()])
                .collect();
            (cols, rows)
        }
        ChartKind::Step(s) => {
            let cols = ["at", "share_unresolved", "at_risk"]
                .map(String::from)
                .to_vec();
            let rows = s
                .points
                .iter()
                .map(|StepPoint { at, share, at_risk }| {
                    vec![fmt_num(*at), fmt_num(*share), at_risk.to_string()]
                })
                .collect();
            (cols, rows)
        }
        ChartKind::HorizontalBars(h) => {
            let mut cols = vec!["label".to_string(), h.value_name.clone()];
            cols.extend(h.extra_columns.iter().cloned());
            let rows = h
                .labels
                .iter()
                .zip(&h.values)
                .enumerate()
                .map(|(i, (l, v))| {
                    let mut row = vec![l.clone(), fmt_num(*v)];
                    let extra = h.extra.get(i).map(Vec::as_slice).unwrap_or_default();
                    row.extend(
                        (0..h.extra_columns.len())
                            .map(|c| extra.get(c).cloned().unwrap_or_default()),
                    );
                    row
                })
                .collect();
            (cols, rows)
        }
        ChartKind::Message(_) => (Vec::new(), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_stably() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(0.125), "0.125");
        assert_eq!(fmt_num(2.0 / 3.0), "0.667");
        assert_eq!(fmt_num(61.5), "61.5");
        assert_eq!(fmt_num(-0.0001), "0");
        assert_eq!(fmt_num(f64::NAN), "");
    }
}
