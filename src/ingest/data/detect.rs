//! Which preset reads a file: the one named in `sources`, else the first whose
//! signature (header names or JSON keys) the file has.

use super::presets::{self, Format, Preset};
use crate::config::{SourceKind, SourceSpec};

/// `names`: normalised CSV header, or the dotted keys of the first JSON item.
/// `container`: where a document's items were found ("" for CSV or a bare array).
pub fn choose(
    spec: &SourceSpec,
    format: Format,
    names: &[String],
    container: &str,
) -> Result<&'static Preset, String> {
    match spec.preset.as_deref() {
        Some(name) if !presets::NAMES.contains(&name) && name != "incident.io" => Err(format!(
            "unknown preset `{name}`; expected one of {}",
            presets::NAMES.join(", ")
        )),
        Some("generic") if spec.kind.is_none() => {
            detect(format, names, container, None, Some("generic"))
        }
        Some(name) => presets::by_name(name, format, spec.kind).ok_or_else(|| {
            let kind = spec
                .kind
                .map_or(String::new(), |k| format!(" as {}", k.as_str()));
            let what = match format {
                Format::Table => "CSV",
                Format::Document => "JSON/YAML",
            };
            format!("preset `{name}` cannot read {what} files{kind}")
        }),
        None => detect(format, names, container, spec.kind, None),
    }
}

fn detect(
    format: Format,
    names: &[String],
    container: &str,
    kind: Option<SourceKind>,
    only: Option<&str>,
) -> Result<&'static Preset, String> {
    let candidates: Vec<&'static Preset> = presets::all()
        .iter()
        .copied()
        .filter(|p| p.format == format)
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .filter(|p| only.is_none_or(|n| p.name == n))
        .collect();
    let found = candidates.iter().copied().find(|p| {
        (p.format == Format::Table || p.containers.contains(&container)) && p.matches(names)
    });
    found.ok_or_else(|| no_match(format, names, container, &candidates))
}

/// The "matches nothing" text for a file whose header looked like a preset's but whose
/// values did not (a CSV with a date column and text columns is not a wide metric table).
pub fn nothing_matches(format: Format, names: &[String]) -> String {
    let tried: Vec<&Preset> = presets::all()
        .iter()
        .copied()
        .filter(|p| p.format == format)
        .collect();
    no_match(format, names, "", &tried)
}

fn no_match(format: Format, names: &[String], container: &str, tried: &[&Preset]) -> String {
    let shown: Vec<&str> = names.iter().take(15).map(String::as_str).collect();
    let more = if names.len() > 15 { ", …" } else { "" };
    let what = match format {
        Format::Table => format!("header `{}`{more}", shown.join("`, `")),
        Format::Document if container.is_empty() => format!("keys `{}`{more}", shown.join("`, `")),
        Format::Document => format!(
            "items under `{container}` with keys `{}`{more}",
            shown.join("`, `")
        ),
    };
    let tried: Vec<String> = tried.iter().map(|p| p.describe()).collect();
    format!(
        "no preset recognises this file ({what}); tried: {}. Name its `preset` and `kind` \
         under `sources` in site.yaml, or map columns with `columns`",
        tried.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_headers() {
        let spec = SourceSpec::default();
        let pd = names(&[
            "id",
            "incident_number",
            "description",
            "service_name",
            "created_on",
        ]);
        assert_eq!(
            choose(&spec, Format::Table, &pd, "").unwrap().name,
            "pagerduty"
        );
        let jira = names(&["zusammenfassung", "schlüssel", "erstellt"]);
        assert_eq!(
            choose(&spec, Format::Table, &jira, "").unwrap().name,
            "jira"
        );
        let long = names(&["timestamp", "series", "value", "region"]);
        assert_eq!(
            choose(&spec, Format::Table, &long, "").unwrap().kind,
            SourceKind::Metrics
        );
    }

    #[test]
    fn nothing_matches_lists_what_was_tried() {
        let e = choose(
            &SourceSpec::default(),
            Format::Table,
            &names(&["foo", "bar"]),
            "",
        )
        .unwrap_err();
        assert!(e.starts_with("no preset recognises this file (header `foo`, `bar`); tried: pagerduty (incidents, CSV columns incident_number"), "{e}");
        assert!(
            e.contains("jira (tickets, CSV columns issue key or schlüssel"),
            "{e}"
        );
    }

    #[test]
    fn unknown_preset_name() {
        let spec = SourceSpec {
            preset: Some("pagerdudy".into()),
            ..SourceSpec::default()
        };
        assert!(
            choose(&spec, Format::Table, &[], "")
                .unwrap_err()
                .starts_with("unknown preset `pagerdudy`")
        );
    }
}
