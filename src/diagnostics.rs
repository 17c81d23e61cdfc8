//! Diagnostics are collected, never printed mid-build, so `check --json`, the quality
//! page and the terminal summary all see the same list.

use crate::model::Origin;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem with the input, pointing at file, line and column (1-based; 0 = unknown).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    pub fn warning(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, column, message)
        }
    }

    /// A warning about the record read at `origin` (its row, no column).
    pub fn warning_at(origin: &Origin, message: impl Into<String>) -> Self {
        Self::warning(&origin.file, origin.line as usize, 0, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{sev}: {}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Per-source accounting: every row read is a record or is counted under a skip reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceSummary {
    pub path: String,
    /// incidents | tickets | metrics | actions | postmortems | wins
    pub kind: String,
    pub preset: String,
    pub rows: usize,
    pub records: usize,
    pub skipped: BTreeMap<String, usize>,
}

impl SourceSummary {
    pub fn new(path: &str, kind: &str, preset: &str) -> Self {
        Self {
            path: path.to_string(),
            kind: kind.to_string(),
            preset: preset.to_string(),
            ..Self::default()
        }
    }

    pub fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_insert(0) += 1;
    }

    /// True when rows == records + skipped (rows merged into one record, such as
    /// ServiceNow audit rows, are counted under the "merged" skip reason).
    pub fn accounts_for_every_row(&self) -> bool {
        self.rows == self.records + self.skipped.values().sum::<usize>()
    }
}

/// What ingest reports next to the records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagnostics {
    pub sources: Vec<SourceSummary>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Errors and warnings, as the terminal summaries state them.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        (errors, self.diagnostics.len() - errors)
    }

    pub fn has_warnings(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning)
    }

    /// Sort for deterministic output: sources by path, diagnostics by file/line/column.
    pub fn sort(&mut self) {
        self.sources.sort_by(|a, b| a.path.cmp(&b.path));
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
    }
}
