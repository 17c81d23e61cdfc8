//! `privacy` in site.yaml applied to chart text (titles, captions, bar labels, series
//! names): fingerprints and service names come from records and may carry an e-mail
//! address or a customer id, and a PNG cannot be redacted after the fact.
//!

use super::spec::{ChartKind, ChartSpec};
use crate::privacy::Redactor;

/// Redacts every text a chart shows or publishes (the id stays: it is a slug).
pub fn redact_spec(spec: &mut ChartSpec, redactor: &Redactor) {
    if !redactor.is_active() {
        return;
    }
    let r = |s: &mut String| *s = redactor.redact(s);
    r(&mut spec.title);
    r(&mut spec.caption);
    r(&mut spec.x_label);
    r(&mut spec.y_label);
    match &mut spec.kind {
        ChartKind::StackedBars(b) => b.series.iter_mut().for_each(|x| r(&mut x.name)),
        ChartKind::Lines(l) => l.series.iter_mut().for_each(|x| r(&mut x.name)),
        ChartKind::HorizontalBars(h) => {
            h.labels.iter_mut().for_each(r);
            h.extra.iter_mut().flatten().for_each(r);
        }
        ChartKind::Message(m) => r(m),
        ChartKind::Band(_) | ChartKind::LogHistogram(_) | ChartKind::Step(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::spec::HorizontalBars;
    use crate::config::Privacy;

    #[test]
    fn fingerprints_and_captions_are_redacted() {
        let privacy = Privacy {
            patterns: vec![r"CUST-\d+".into()],
            ..Privacy::default()
        };
        let p = Redactor::new(&privacy).unwrap();
        let mut spec = ChartSpec {
            id: "noise-by-fingerprint".into(),
            title: "Noise".into(),
            caption: "The noisiest, \u{201c}mail from jane@example.com\u{201d}, for CUST-42."
                .into(),
            scope: "site".into(),
            x_label: String::new(),
            y_label: String::new(),
            kind: ChartKind::HorizontalBars(HorizontalBars {
                labels: vec!["mail from jane@example.com".into()],
                values: vec![3.0],
                value_name: "noisy incidents".into(),
                extra_columns: vec![],
                extra: vec![],
            }),
        };
        redact_spec(&mut spec, &p);
        assert_eq!(
            spec.caption,
            "The noisiest, \u{201c}mail from [redacted]\u{201d}, for [redacted]."
        );
        let ChartKind::HorizontalBars(h) = &spec.kind else {
            unreachable!()
        };
        assert_eq!(h.labels, ["mail from [redacted]"]);
    }
}
