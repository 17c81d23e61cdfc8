//! report.json text. Key order is the struct field order and every map is a BTreeMap, so
//! identical input gives identical bytes.

use super::report::Report;

/// Pretty JSON with a trailing newline.
pub fn report_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("Report serialises (plain data)");
    s.push('\n');
    s
}
