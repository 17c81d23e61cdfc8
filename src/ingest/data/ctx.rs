//! Per-file state while records are built: where we are, how to read dates, and the
//! accounting (records, skips, diagnostics) that must add up to the rows read.

use super::dates::{DateParser, DayMemo};
use super::presets::Preset;
use super::row::{Cell, Row};
use super::values::list_items;
use crate::diagnostics::{Diagnostic, SourceSummary};
use crate::model::{ActionItem, Incident, MetricPoint, Origin, Shared, Ticket, Timestamp};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What one file produced.
#[derive(Debug, Default)]
pub struct FileOutput {
    pub summary: SourceSummary,
    pub diags: Vec<Diagnostic>,
    pub incidents: Vec<Incident>,
    pub tickets: Vec<Ticket>,
    pub metrics: Vec<MetricPoint>,
    pub actions: Vec<ActionItem>,
}

/// Appends `part` to `into`; moves it when `into` is still empty, so the first (often
/// the only) big part of a million records is not copied.
pub fn append<T>(into: &mut Vec<T>, part: Vec<T>) {
    if into.is_empty() {
        *into = part;
    } else {
        into.extend(part);
    }
}

pub struct Ctx<'a> {
    /// Path shown in diagnostics and origins (relative to the site root), shared by
    /// every record's origin.
    pub file: Shared,
    pub preset: &'static Preset,
    pub dates: DateParser,
    /// Days `dates` has read in this part of the file.
    pub days: DayMemo,
    /// `columns:` overrides (the Prometheus series name lives here too).
    pub columns: &'a BTreeMap<String, String>,
    /// Column names for messages (CSV only).
    pub header: Vec<String>,
    pub out: FileOutput,
    /// Metric label sets seen so far, so points of one series share one map.
    pub label_sets: BTreeSet<Arc<BTreeMap<String, String>>>,
    /// Repeated values seen so far (statuses, labels, series names…), see [`Ctx::shared`].
    /// foldhash (hashbrown's default): several lookups per row, and SipHash was a
    /// visible share of ingest. Only looked up, never iterated.
    pub strings: hashbrown::HashSet<Shared>,
}

impl Ctx<'_> {
    /// The shared copy of `labels` (a long metrics table repeats them on every row).
    pub fn intern_labels(
        &mut self,
        labels: BTreeMap<String, String>,
    ) -> Arc<BTreeMap<String, String>> {
        if let Some(shared) = self.label_sets.get(&labels) {
            return shared.clone();
        }
        let shared = Arc::new(labels);
        self.label_sets.insert(shared.clone());
        shared
    }

    /// The shared copy of `s`: a column of a million rows holds a few hundred distinct
    /// values, so each is stored once and the records point at it.
    pub fn shared(&mut self, s: &str) -> Shared {
        if let Some(v) = self.strings.get(s) {
            return v.clone();
        }
        let v = Shared::from(s);
        self.strings.insert(v.clone());
        v
    }

    /// A trimmed optional text field, shared (see [`Ctx::shared`]).
    pub fn shared_text(&mut self, row: &dyn Row, field: &str) -> Option<Shared> {
        row.get(field).map(|c| self.shared(c.raw.trim()))
    }

    /// [`Ctx::list`] with each value shared.
    pub fn shared_list(&mut self, row: &dyn Row, field: &str) -> Box<[Shared]> {
        let values = self.list_values(row, field);
        values.into_iter().map(|v| self.shared(v)).collect()
    }

    pub fn origin(&self, line: usize) -> Origin {
        Origin {
            file: self.file.clone(),
            line: Origin::line(line),
        }
    }

    pub fn error(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.out
            .diags
            .push(Diagnostic::error(&self.file, line, column, message));
    }

    pub fn warn(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.out
            .diags
            .push(Diagnostic::warning(&self.file, line, column, message));
    }

    pub fn skip(&mut self, reason: &str) {
        self.out.summary.skip(reason);
    }

    /// A required field: when empty, an error naming the column and a skip.
    pub fn required<'r>(&mut self, row: &'r dyn Row, field: &str) -> Option<Cell<'r>> {
        if let Some(c) = row.get(field) {
            return Some(c);
        }
        let col = row.column_of(field);
        let where_ = match self.header.get(col.wrapping_sub(1)) {
            Some(name) if col > 0 => format!("column `{name}` is empty or a missing-value marker"),
            _ => format!("expected {}", self.expected_names(field)),
        };
        self.error(
            row.line(),
            col,
            format!("missing required field `{field}` ({where_}); row skipped"),
        );
        self.skip(&format!("missing {field}"));
        None
    }

    fn expected_names(&self, field: &str) -> String {
        let names: Vec<String> = match self.columns.get(field) {
            Some(c) => vec![c.clone()],
            None => self
                .preset
                .layout
                .iter()
                .filter(|(f, _)| *f == field)
                .flat_map(|(_, n)| n.iter().map(|s| s.to_string()))
                .collect(),
        };
        if names.is_empty() {
            format!("a `{field}` value")
        } else {
            format!("a value in `{}`", names.join("` or `"))
        }
    }

    /// A required timestamp; a bad one is an error and the row is skipped.
    pub fn required_time(&mut self, row: &dyn Row, field: &str) -> Option<Timestamp> {
        let cell = self.required(row, field)?;
        match self.dates.parse_in(cell.raw, &mut self.days) {
            Ok(t) => Some(t),
            Err(e) => {
                let msg = format!("{field}: {}; row skipped", e.explain(cell.raw));
                self.error(row.line(), cell.column, msg);
                self.skip(&format!("bad {field}"));
                None
            }
        }
    }

    /// An optional timestamp with its cell; a bad one is a warning and is dropped.
    pub fn time<'r>(&mut self, row: &'r dyn Row, field: &str) -> Option<(Timestamp, Cell<'r>)> {
        let cell = row.get(field)?;
        match self.dates.parse_in(cell.raw, &mut self.days) {
            Ok(t) => Some((t, cell)),
            Err(e) => {
                let msg = format!(
                    "{field}: {}; field dropped, record kept",
                    e.explain(cell.raw)
                );
                self.warn(row.line(), cell.column, msg);
                None
            }
        }
    }

    pub fn text(row: &dyn Row, field: &str) -> Option<String> {
        row.get(field).map(|c| c.raw.trim().to_string())
    }

    /// Every value of a list field, split per the preset's list style, de-duplicated
    /// in order.
    pub fn list(&self, row: &dyn Row, field: &str) -> Vec<String> {
        let values = self.list_values(row, field);
        values.into_iter().map(str::to_string).collect()
    }

    fn list_values<'r>(&self, row: &'r dyn Row, field: &str) -> Vec<&'r str> {
        let mut out: Vec<&str> = Vec::new();
        for cell in row.cells(field) {
            for v in list_items(cell.raw, self.preset.lists) {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        out
    }

    /// Drops `later` when it is before `base` (a negative duration), with a warning
    /// that says so; the record is kept.
    pub fn not_before(
        &mut self,
        line: usize,
        later: Option<(Timestamp, Cell<'_>)>,
        field: &str,
        base: Timestamp,
        base_name: &str,
    ) -> Option<Timestamp> {
        let (t, cell) = later?;
        if t >= base {
            return Some(t);
        }
        let msg = format!(
            "{field} `{}` ({}) is before {base_name} ({}), a negative duration; \
             {field} dropped, record kept",
            cell.raw,
            t.format("%Y-%m-%dT%H:%M:%SZ"),
            base.format("%Y-%m-%dT%H:%M:%SZ")
        );
        self.warn(line, cell.column, msg);
        None
    }
}
