//! Labelled lines in a postmortem body ("**Time to repair**: 3h 8m") -> canonical
//! fields, plus the severity and duration vocabularies they use.

use crate::ingest::data::values;
use crate::model::Severity;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Canonical field -> labels that mean it, before `settings.label_aliases` adds more.
pub const DEFAULT_ALIASES: &[(&str, &[&str])] = &[
    (
        "time_to_restore",
        &[
            "time to repair",
            "time to restore",
            "time to recovery",
            "time to recover",
            "time to mitigate",
            "ttr",
            "mttr",
        ],
    ),
    (
        "time_to_detect",
        &["time to detect", "time to detection", "ttd", "mttd"],
    ),
    (
        "severity",
        &["severity", "sev", "incident severity", "severity level"],
    ),
    (
        "impact_start",
        &[
            "impact start",
            "impact started",
            "start of impact",
            "impact began",
        ],
    ),
    (
        "detected",
        &["detected", "detected at", "detection time", "detection"],
    ),
    ("resolved", &["resolved", "resolved at", "resolution time"]),
    (
        "services",
        &[
            "service",
            "services",
            "service s",
            "affected services",
            "affected service",
            "services affected",
        ],
    ),
    ("root_cause", &["root cause", "root causes"]),
    (
        "summary",
        &["summary", "executive summary", "tl dr", "tldr"],
    ),
    ("authors", &["authors", "author", "written by"]),
    (
        "incidents",
        &[
            "incident id",
            "incident ids",
            "incidents",
            "related incidents",
        ],
    ),
];

/// Label (normalised) -> canonical field.
pub fn alias_table(extra: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, String> {
    let mut table = BTreeMap::new();
    for (canonical, labels) in DEFAULT_ALIASES {
        for l in *labels {
            table.insert(normalise_label(l), canonical.to_string());
        }
        table.insert(normalise_label(canonical), canonical.to_string());
    }
    for (canonical, labels) in extra {
        table.insert(normalise_label(canonical), canonical.clone());
        for l in labels {
            table.insert(normalise_label(l), canonical.clone());
        }
    }
    table
}

/// "Service(s)" -> "service s"; "**TTR**" -> "ttr".
pub fn normalise_label(s: &str) -> String {
    super::outline::normalise_heading(s)
}

/// `**Label**: value`, `**Label:** value`, `Label: value`, optionally as a list item.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z0-9 ()/'_-]{0,40}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(.*?)\s*$",
    )
    .unwrap()
});

/// A labelled line found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub field: String,
    pub value: String,
    pub line: usize,
}

/// Scans body lines (outside code fences) for labels in `aliases`. Labelled fields are
/// line-oriented by nature, so this is a line regex rather than a Markdown walk.
pub fn labelled_fields(
    body: &str,
    body_line: usize,
    aliases: &BTreeMap<String, String>,
) -> Vec<Labelled> {
    let lines: Vec<&str> = body.lines().collect();
    let mut out: Vec<Labelled> = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        for f in ["```", "~~~"] {
            if t.starts_with(f) {
                fence = match fence {
                    Some(open) if open == f => None,
                    None => Some(f),
                    other => other,
                };
            }
        }
        if fence.is_some() {
            continue;
        }
        let Some(c) = LABELLED.captures(line) else {
            continue;
        };
        let Some(field) = aliases.get(&normalise_label(&c[1])) else {
            continue;
        };
        let mut value = c[2].trim().trim_matches('*').trim().to_string();
        if !is_duration_field(field) && field != "severity" {
            value.push_str(&continuation(&lines[i + 1..]));
        }
        if !value.is_empty() && !out.iter().any(|l| &l.field == field) {
            out.push(Labelled {
                field: field.clone(),
                value: value.trim().to_string(),
                line: body_line + i,
            });
        }
    }
    out
}

/// The soft-wrapped rest of a labelled paragraph: following lines up to a blank line,
/// another labelled line or the start of another block.
fn continuation(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        let t = l.trim();
        let block_start = t.is_empty()
            || t.starts_with(['#', '|', '>', '-', '*', '+', '<', '`', '~'])
            || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains(". ")
            || LABELLED.is_match(l);
        if block_start {
            break;
        }
        out.push(' ');
        out.push_str(t);
    }
    out
}

static DURATION_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b")
        .unwrap()
});
static CLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+):(\d{2})(?::(\d{2}))?$").unwrap());

/// "3h 8m" -> 188, "1435 minutes" -> 1435, "1:30" -> 90, "45" -> 45 (minutes).
pub fn duration_minutes(raw: &str) -> Option<f64> {
    let s = raw.trim().trim_start_matches('~').trim();
    if let Ok(n) = s.parse::<f64>() {
        return (n >= 0.0).then_some(n);
    }
    if let Some(c) = CLOCK.captures(s) {
        let h: f64 = c[1].parse().ok()?;
        let m: f64 = c[2].parse().ok()?;
        let sec: f64 = c.get(3).map_or(Some(0.0), |x| x.as_str().parse().ok())?;
        return Some(h * 60.0 + m + sec / 60.0);
    }
    let mut total = 0.0;
    let mut found = false;
    let mut consumed = String::new();
    for c in DURATION_PART.captures_iter(s) {
        let n: f64 = c[1].parse().ok()?;
        let unit = c[2].to_ascii_lowercase();
        total += n * match unit.chars().next() {
            Some('d') => 1440.0,
            Some('h') => 60.0,
            Some('s') => 1.0 / 60.0,
            _ => 1.0,
        };
        found = true;
        consumed.push_str(&c[0]);
    }
    // Everything else must be separators ("3h 8m", "1 hour and 5 minutes").
    let rest = DURATION_PART.replace_all(s, "");
    let rest = rest.replace("and", "");
    let only_separators = rest.chars().all(|c| c.is_whitespace() || c == ',');
    (found && only_separators).then_some(total)
}

/// Minutes as the shortest plain number: 188, 0.5.
pub fn format_minutes(m: f64) -> String {
    let r = (m * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// True for canonical fields that hold a duration.
pub fn is_duration_field(field: &str) -> bool {
    field.starts_with("time_to_")
}

/// Severity labels as postmortems write them: the tools' vocabulary
/// ([`values::severity`]), except three words postmortems have always read on Jira's
/// Blocker..Trivial scale, where incident tools (incident.io's Critical/Major/Minor)
/// rank them one higher: "minor" is 4, "trivial" 5, and "none" is no level.
pub fn severity(raw: &str) -> Severity {
    let mut s = values::severity(raw);
    match raw.trim().to_lowercase().as_str() {
        "minor" => s.level = Some(4),
        "trivial" => s.level = Some(5),
        "none" => s.level = None,
        _ => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_minutes() {
        assert_eq!(duration_minutes("3h 8m"), Some(188.0));
        assert_eq!(duration_minutes("1435 minutes"), Some(1435.0));
        assert_eq!(duration_minutes("2 hours"), Some(120.0));
        assert_eq!(duration_minutes("1 hour and 5 minutes"), Some(65.0));
        assert_eq!(duration_minutes("1d 2h"), Some(1560.0));
        assert_eq!(duration_minutes("1:30"), Some(90.0));
        assert_eq!(duration_minutes("45"), Some(45.0));
        assert_eq!(duration_minutes("90s"), Some(1.5));
        assert_eq!(duration_minutes("about a day"), None);
        assert_eq!(format_minutes(188.0), "188");
        assert_eq!(format_minutes(1.5), "1.5");
    }

    #[test]
    fn severity_labels() {
        for (raw, level) in [
            ("P1", Some(1)),
            ("SEV1", Some(1)),
            ("Sev 2", Some(2)),
            ("sev-3", Some(3)),
            ("S4", Some(4)),
            ("critical", Some(1)),
            ("High", Some(2)),
            ("minor", Some(4)),
            ("2", Some(2)),
            ("P0", Some(1)),
            ("trivial", Some(5)),
            ("none", None),
            ("purple", None),
        ] {
            assert_eq!(severity(raw).level, level, "{raw}");
        }
        assert_eq!(severity(" High ").raw, "High");
    }

    #[test]
    fn labelled_values_continue_over_soft_wrapped_lines() {
        let aliases = alias_table(&BTreeMap::new());
        let body = "**Root cause**: etcd compaction paused\nthe leader for 12 s.\n**TTR**: 40m\nnot part of it\n\nRoot cause: later one\n";
        let got = labelled_fields(body, 1, &aliases);
        assert_eq!(got[0].value, "etcd compaction paused the leader for 12 s.");
        assert_eq!(
            (got[1].field.as_str(), got[1].value.as_str()),
            ("time_to_restore", "40m")
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn labelled_lines_map_to_canonical_fields() {
        let mut extra = BTreeMap::new();
        extra.insert(
            "customer_impact".to_string(),
            vec!["Customers affected".to_string()],
        );
        let aliases = alias_table(&extra);
        let body = "# T\n**Time to repair**: 3h 8m\n- **Impact start:** 2025-03-04 14:02 UTC\nSeverity: High\n```\nTTD: 5m\n```\nCustomers affected: 1200\nService(s): api, db\n";
        let got = labelled_fields(body, 10, &aliases);
        let pairs: Vec<_> = got
            .iter()
            .map(|l| (l.field.as_str(), l.value.as_str(), l.line))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("time_to_restore", "3h 8m", 11),
                ("impact_start", "2025-03-04 14:02 UTC", 12),
                ("severity", "High", 13),
                ("customer_impact", "1200", 17),
                ("services", "api, db", 18),
            ]
        );
    }
}
