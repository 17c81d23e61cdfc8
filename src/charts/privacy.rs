//! `privacy` in site.yaml applied to chart text (titles, captions, bar labels, series
//! names): fingerprints and service names come from records and may carry an e-mail
//! address or a customer id, and a PNG cannot be redacted after the fact.
//!
//! TODO(integration): use `crate::site::privacy::Redactor` once the site branch is merged
//! (same rules); this copy keeps the charts stage safe on its own until then.

use regex::Regex;

use super::spec::{ChartKind, ChartSpec};
use crate::config::Privacy;

const REDACTED: &str = "[redacted]";
const EMAIL: &str = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}";
const PHONE: &str = r"(?:\+\d{1,3}[ -]?(?:\(\d{1,4}\)[ -]?)?\d{2,4}(?:[ -]?\d{2,4}){1,4}|\(\d{2,4}\)[ -]?\d{3,4}[ -]\d{3,4}|\b\d{3,4}[ -]\d{3,4}[ -]\d{3,4})\b";

/// The patterns to replace. An invalid custom pattern is skipped here: config validation
/// and the site stage report it.
pub fn patterns(privacy: &Privacy) -> Vec<Regex> {
    let mut out = Vec::new();
    if privacy.redact_emails {
        out.extend(Regex::new(EMAIL).ok());
    }
    if privacy.redact_phones {
        out.extend(Regex::new(PHONE).ok());
    }
    out.extend(privacy.patterns.iter().filter_map(|p| Regex::new(p).ok()));
    out
}

pub fn redact(text: &str, patterns: &[Regex]) -> String {
    let mut out = text.to_string();
    for re in patterns {
        if re.is_match(&out) {
            out = re.replace_all(&out, REDACTED).into_owned();
        }
    }
    out
}

/// Redacts every text a chart shows or publishes (the id stays: it is a slug).
pub fn redact_spec(spec: &mut ChartSpec, patterns: &[Regex]) {
    if patterns.is_empty() {
        return;
    }
    let r = |s: &mut String| *s = redact(s, patterns);
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

    #[test]
    fn fingerprints_and_captions_are_redacted() {
        let privacy = Privacy {
            patterns: vec![r"CUST-\d+".into(), "(".into()],
            ..Privacy::default()
        };
        let p = patterns(&privacy);
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
