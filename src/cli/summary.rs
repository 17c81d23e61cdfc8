//! The per-source summary printed at the end of `build` and `check`.

use crate::diagnostics::Diagnostics;

/// Diagnostics then a table of sources, on stderr.
pub fn print_human(d: &Diagnostics) {
    for diag in &d.diagnostics {
        eprintln!("{diag}");
    }
    eprintln!("{}", table(d));
}

/// Sources: rows read, records, skipped by reason.
pub fn table(d: &Diagnostics) -> String {
    let mut s = format!(
        "{:<48} {:<10} {:<11} {:>7} {:>8}  skipped\n",
        "source", "kind", "preset", "rows", "records"
    );
    for src in &d.sources {
        let skipped: Vec<String> = src
            .skipped
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        s.push_str(&format!(
            "{:<48} {:<10} {:<11} {:>7} {:>8}  {}\n",
            src.path,
            src.kind,
            src.preset,
            src.rows,
            src.records,
            if skipped.is_empty() {
                "-".to_string()
            } else {
                skipped.join(", ")
            }
        ));
    }
    let (errors, warnings) = d.counts();
    s.push_str(&format!("{errors} errors, {warnings} warnings"));
    s
}

/// `check --json`: {"sources": [...], "diagnostics": [...]}.
pub fn json(d: &Diagnostics) -> String {
    serde_json::to_string_pretty(d).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
