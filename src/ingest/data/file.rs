//! One file -> records, diagnostics and its summary. Never panics on input: a file
//! that cannot be read or parsed at all is one error naming what was expected.

use super::ctx::{Ctx, FileOutput, append};
use super::dates::DateParser;
use super::detect::{choose, nothing_matches};
use super::json::{flatten, json_items, jsonl_items, yaml_items};
use super::presets::{Format, Preset, Reader};
use super::row::{Aliases, ColumnMap, CsvRow, JsonRow, Row};
use super::sources::Planned;
use super::table::{Table, norm, sniff_delimiter, unclosed_quote};
use super::text::decode;
use super::{actions, incidents, metrics, tickets};
use crate::config::{Config, SourceKind, SourceSpec};
use crate::diagnostics::{Diagnostic, SourceSummary};
use crate::model::Shared;
use chrono_tz::Tz;
use csv::StringRecord;
use rayon::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ext {
    Csv,
    Json,
    Jsonl,
    Yaml,
}

const EXPECTED_TYPES: &str = ".csv, .tsv, .txt, .json, .jsonl, .ndjson, .yaml or .yml";

pub fn read(config: &Config, plan: &Planned) -> FileOutput {
    let spec = plan.spec.clone().unwrap_or_default();
    let shown = plan.shown.as_str();
    let mut out = FileOutput {
        summary: SourceSummary::new(shown, "unknown", "unknown"),
        ..FileOutput::default()
    };
    let fail = |mut out: FileOutput, msg: String| {
        out.diags.push(Diagnostic::error(shown, 0, 0, msg));
        out
    };
    let ext_raw = plan
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let ext = match ext_raw.as_str() {
        "csv" | "tsv" | "txt" => Ext::Csv,
        "json" => Ext::Json,
        "jsonl" | "ndjson" => Ext::Jsonl,
        "yaml" | "yml" => Ext::Yaml,
        _ => {
            return fail(
                out,
                format!("unsupported file type `.{ext_raw}`; expected {EXPECTED_TYPES}"),
            );
        }
    };
    let bytes = match std::fs::read(&plan.path) {
        Ok(b) => b,
        Err(e) => return fail(out, format!("cannot read the file: {e}")),
    };
    let text = match decode(bytes, spec.encoding.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(out, e),
    };
    let tz: Tz = match spec.timezone.as_deref() {
        None => config.tz,
        Some(name) => match name.parse() {
            Ok(tz) => tz,
            Err(_) => {
                return fail(
                    out,
                    format!(
                        "timezone `{name}` is not an IANA time zone name (expected e.g. Europe/Berlin or UTC)"
                    ),
                );
            }
        },
    };
    let dates = DateParser::new(tz, spec.date_order.or(config.settings.date_order));
    let stem = plan
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let job = Job {
        spec: &spec,
        shown,
        file: shown.into(),
        dates,
        stem: &stem,
    };
    let result = match ext {
        Ext::Csv => job.table(&text, &mut out, ext_raw == "tsv"),
        Ext::Json => json_items(&text).and_then(|items| job.document(items, &mut out)),
        Ext::Jsonl => job.document(jsonl_items(&text), &mut out),
        Ext::Yaml => yaml_items(&text).and_then(|items| job.document(items, &mut out)),
    };
    match result {
        Ok(()) => out,
        Err(msg) => fail(out, msg),
    }
}

struct Job<'a> {
    spec: &'a SourceSpec,
    shown: &'a str,
    /// `shown`, shared by every record's origin.
    file: Shared,
    dates: DateParser,
    stem: &'a str,
}

impl<'a> Job<'a> {
    fn ctx(&self, preset: &'static Preset, header: Vec<String>) -> Ctx<'a> {
        Ctx {
            file: self.file.clone(),
            preset,
            dates: self.dates,
            columns: &self.spec.columns,
            header,
            out: FileOutput::default(),
            label_sets: Default::default(),
            days: Default::default(),
            strings: Default::default(),
        }
    }

    fn table(&self, text: &str, out: &mut FileOutput, tsv: bool) -> Result<(), String> {
        let delimiter = match self.spec.delimiter.as_deref() {
            None if tsv => Some(b'\t'),
            None => None,
            Some("tab" | "\\t" | "\t") => Some(b'\t'),
            Some(d) if d.len() == 1 => Some(d.as_bytes()[0]),
            Some(d) => {
                return Err(format!(
                    "delimiter `{d}` must be a single character (or `tab`)"
                ));
            }
        };
        let mut table = Table::open(text, delimiter)
            .map_err(|e| format!("{e}; expected a CSV file with a header row"))?;
        let unclosed = unclosed_quote(text, delimiter.unwrap_or_else(|| sniff_delimiter(text)));
        let preset = choose(self.spec, Format::Table, &table.names, "")?;
        if preset.reader == Reader::Wide
            && self.spec.preset.is_none()
            && !numeric_after_time(text, delimiter, preset)
        {
            return Err(nothing_matches(Format::Table, &table.names));
        }
        let aliases = Aliases::new(preset.layout, &self.spec.columns);
        let map = ColumnMap::new(&table.names, &table.header, &aliases);
        let mut ctx = self.ctx(preset, table.header.clone());
        self.check_overrides(&mut ctx, &table.names);
        repeated_columns(&mut ctx, &table.names, &map);
        if let Some((line, column)) = unclosed {
            let msg = "a quoted cell opens here and is never closed (is the file truncated?); \
                       the rest of the file was read as this one cell";
            ctx.warn(line, column, msg);
        }
        if preset.reader == Reader::Wide {
            let time_col = time_column(&table.names, preset);
            metrics::wide(&mut ctx, &mut table, time_col);
            return self.finish(ctx, Vec::new(), out);
        }
        let missing_col = required(preset.kind).iter().find(|f| !map.has(f));
        if let Some(f) = missing_col {
            let msg = format!(
                "no column for required field `{f}` (expected {}); every row skipped",
                names_for(preset, &self.spec.columns, f)
            );
            ctx.error(1, 0, msg);
        }
        let mut built = Vec::new();
        // The previous batch's records are added to `ctx.out` and `built` while the next
        // batch is read and turned into records. Added between batches, the copying ran on
        // one core while the other idled.
        let mut pending: Vec<(FileOutput, Vec<incidents::Built>)> = Vec::new();
        let (preset, header) = (ctx.preset, ctx.header.clone());
        let mut ragged_rows = 0;
        let header_len = table.header.len();
        // Two sets of rows: one is turned into records while the next is read into the
        // other (reading stays sequential, in file order).
        let (mut rows, mut next_rows): (Vec<RawRow>, Vec<RawRow>) = Default::default();
        let mut n = read_batch(&mut table, &mut rows);
        while n > 0 {
            let batch = &rows[..n];
            // Ragged rows are counted in file order (only the first few are listed).
            for (next, rec) in batch {
                if let (Ok(line), None) = (next, missing_col)
                    && rec.len() != header_len
                {
                    ragged_rows += 1;
                    if ragged_rows <= RAGGED_LISTED {
                        ragged(&mut ctx, *line, rec.len(), header_len);
                    }
                }
            }
            let done = std::mem::take(&mut pending);
            let (out, built) = (&mut ctx.out, &mut built);
            let (next_n, (parts, ())) = rayon::join(
                || read_batch(&mut table, &mut next_rows),
                || {
                    rayon::join(
                        || {
                            (batch.par_chunks(CHUNK_ROWS))
                                .map(|rows| {
                                    let mut part = self.ctx(preset, header.clone());
                                    let mut part_built = Vec::new();
                                    for (next, rec) in rows {
                                        let b = &mut part_built;
                                        self.row(&mut part, next, rec, &map, missing_col, b);
                                    }
                                    (part.out, part_built)
                                })
                                .collect::<Vec<(FileOutput, Vec<incidents::Built>)>>()
                        },
                        || add_parts(out, built, done),
                    )
                },
            );
            pending = parts;
            std::mem::swap(&mut rows, &mut next_rows);
            n = next_n;
        }
        add_parts(&mut ctx.out, &mut built, pending);
        if ragged_rows > RAGGED_LISTED {
            let msg = format!(
                "{} more rows have more or fewer cells than the header (the first {RAGGED_LISTED} are listed)",
                ragged_rows - RAGGED_LISTED
            );
            ctx.warn(0, 0, msg);
        }
        self.finish(ctx, built, out)
    }

    fn row(
        &self,
        ctx: &mut Ctx,
        next: &Result<usize, (usize, String)>,
        rec: &StringRecord,
        map: &ColumnMap,
        missing_col: Option<&&str>,
        built: &mut Vec<incidents::Built>,
    ) {
        ctx.out.summary.rows += 1;
        match next {
            Err((line, msg)) => {
                ctx.error(*line, 0, msg.clone());
                ctx.skip("unreadable row");
            }
            Ok(_) if missing_col.is_some() => {
                ctx.skip(&format!("missing column {}", missing_col.unwrap_or(&"")))
            }
            Ok(line) => {
                let row = CsvRow {
                    line: *line,
                    rec,
                    map,
                };
                self.build(ctx, &row, built);
            }
        }
    }

    fn document(&self, items: super::json::Items<'_>, out: &mut FileOutput) -> Result<(), String> {
        let first = items.items.iter().find_map(|(_, it)| it.value().ok());
        let mut names: Vec<String> = first
            .as_ref()
            .map(|v| flatten(v).into_iter().map(|(k, _)| k).collect())
            .unwrap_or_default();
        names.sort();
        names.dedup();
        if first.is_none() && self.spec.preset.is_none() {
            out.summary.rows = items.items.len();
            let msg = "no records found, so the kind of data is unknown; nothing read".to_string();
            out.diags.push(Diagnostic::warning(self.shown, 0, 0, msg));
            if !items.items.is_empty() {
                out.summary.skip("unreadable row");
            }
            return Ok(());
        }
        let preset = choose(self.spec, Format::Document, &names, &items.container)?;
        let aliases = Aliases::new(preset.layout, &self.spec.columns);
        let mut ctx = self.ctx(preset, Vec::new());
        let mut built = Vec::new();
        for (line, item) in &items.items {
            let value = match item.value() {
                Ok(v) => v,
                Err(e) => {
                    ctx.out.summary.rows += 1;
                    ctx.error(*line, 0, format!("not a valid record: {e}; skipped"));
                    ctx.skip("unreadable row");
                    continue;
                }
            };
            match preset.reader {
                Reader::Prometheus => metrics::prometheus(&mut ctx, *line, &value, self.stem),
                Reader::Datadog => metrics::datadog(&mut ctx, *line, &value),
                Reader::Rows | Reader::Wide => {
                    ctx.out.summary.rows += 1;
                    if !value.is_object() {
                        ctx.error(
                            *line,
                            0,
                            format!(
                                "expected an object with fields, found `{}`; skipped",
                                short(&value)
                            ),
                        );
                        ctx.skip("unreadable row");
                        continue;
                    }
                    let row = JsonRow {
                        line: *line,
                        flat: flatten(&value),
                        aliases: &aliases,
                    };
                    self.build(&mut ctx, &row, &mut built);
                }
            }
        }
        self.finish(ctx, built, out)
    }

    fn build(&self, ctx: &mut Ctx, row: &dyn Row, built: &mut Vec<incidents::Built>) {
        match ctx.preset.kind {
            SourceKind::Incidents => built.extend(incidents::build(ctx, row)),
            SourceKind::Tickets => {
                if let Some(t) = tickets::build(ctx, row) {
                    ctx.out.tickets.push(t);
                }
            }
            SourceKind::Metrics => {
                if let Some(m) = metrics::from_row(ctx, row) {
                    ctx.out.metrics.push(m);
                }
            }
            SourceKind::Actions => {
                if let Some(a) = actions::build(ctx, row, self.stem) {
                    ctx.out.actions.push(a);
                }
            }
        }
    }

    /// `columns:` naming a column the file does not have is an error (line 1).
    fn check_overrides(&self, ctx: &mut Ctx, names: &[String]) {
        for (field, column) in &self.spec.columns {
            if field == "series"
                && ctx.preset.kind == SourceKind::Metrics
                && !names.contains(&norm(column))
            {
                continue; // a series name, not a column, for Prometheus/Datadog
            }
            if !names.contains(&norm(column)) {
                let msg = format!(
                    "columns: `{field}` points at `{column}`, which is not a column of this file (columns: {})",
                    ctx.header.join(", ")
                );
                ctx.error(1, 0, msg);
            }
        }
    }

    fn finish(
        &self,
        mut ctx: Ctx,
        built: Vec<incidents::Built>,
        out: &mut FileOutput,
    ) -> Result<(), String> {
        let incidents = if ctx.preset.name == "servicenow" {
            incidents::merge_audit_rows(&mut ctx, built)
        } else {
            built.into_iter().map(|b| b.incident).collect()
        };
        ctx.out.incidents = incidents;
        if ctx.preset.name == "servicenow" {
            let rows = std::mem::take(&mut ctx.out.tickets);
            ctx.out.tickets = tickets::merge_audit_rows(&mut ctx, rows);
        }
        let o = &mut ctx.out;
        o.summary.path = self.shown.to_string();
        o.summary.kind = ctx.preset.kind.as_str().to_string();
        o.summary.preset = ctx.preset.name.to_string();
        o.summary.records = o.incidents.len() + o.tickets.len() + o.metrics.len() + o.actions.len();
        *out = std::mem::take(&mut ctx.out);
        Ok(())
    }
}

/// Rows read before they are turned into records in parallel; bounds the raw rows held.
const BATCH_ROWS: usize = 32_768;
/// Rows one parallel task turns into records.
const CHUNK_ROWS: usize = 2_048;

type RawRow = (Result<usize, (usize, String)>, StringRecord);

/// The next rows of `table` (reading stays sequential: CSV quoting makes a file hard to
/// split) into the start of `rows`: how many, at most [`BATCH_ROWS`]; 0 at the end. The
/// records in `rows` are read into again for a later batch, so their buffers are allocated once per file, not
/// grown afresh for every row.
fn read_batch(table: &mut Table, rows: &mut Vec<RawRow>) -> usize {
    let mut n = 0;
    while n < BATCH_ROWS {
        if n == rows.len() {
            rows.push((Ok(0), StringRecord::new()));
        }
        let (next, rec) = &mut rows[n];
        match table.next_record(rec) {
            Some(read) => *next = read,
            None => break,
        }
        n += 1;
    }
    n
}

/// Adds what each chunk of rows produced, in row order, to the file's output and `built`.
fn add_parts(
    into: &mut FileOutput,
    built: &mut Vec<incidents::Built>,
    parts: Vec<(FileOutput, Vec<incidents::Built>)>,
) {
    for (part, part_built) in parts {
        into.summary.rows += part.summary.rows;
        for (reason, n) in part.summary.skipped {
            *into.summary.skipped.entry(reason).or_insert(0) += n;
        }
        append(&mut into.diags, part.diags);
        append(&mut into.incidents, part.incidents);
        append(&mut into.tickets, part.tickets);
        append(&mut into.metrics, part.metrics);
        append(&mut into.actions, part.actions);
        append(built, part_built);
    }
}

/// Fields that take every cell of a repeated column (Jira's `Labels,Labels,Labels`).
const LIST_FIELDS: &[&str] = &[
    "components",
    "labels",
    "linked_incidents",
    "related",
    "services",
    "team",
];

/// A repeated column for a single-value field is a warning: only one cell per row is
/// read (the first that is not empty), so the other may be silently ignored.
fn repeated_columns(ctx: &mut Ctx, names: &[String], map: &ColumnMap) {
    let mut first_at: std::collections::BTreeMap<&str, usize> = Default::default();
    for (i, name) in names.iter().enumerate() {
        let first = *first_at.entry(name).or_insert(i);
        if first == i {
            continue;
        }
        let field = map.field_at(first);
        if name.is_empty() || field.is_none_or(|f| LIST_FIELDS.contains(&f)) {
            continue;
        }
        let msg = format!(
            "column `{}` appears again (first at column {}); only the first non-empty cell of a row is read",
            ctx.header[i].trim(),
            first + 1
        );
        ctx.warn(1, i + 1, msg);
    }
}

/// Ragged rows warned about one by one; the rest are counted in one warning, so a tool
/// that ends every data row with a stray delimiter does not bury the other diagnostics.
const RAGGED_LISTED: usize = 20;

/// A row with more or fewer cells than the header is read as it is (extra cells
/// ignored, missing ones empty), with a warning so nothing is dropped silently.
fn ragged(ctx: &mut Ctx, line: usize, cells: usize, header: usize) {
    if cells > header {
        let msg = format!(
            "row has {cells} cells but the header has {header}; cells after column {header} ignored"
        );
        ctx.warn(line, header + 1, msg);
    } else if cells < header {
        let msg = format!(
            "row has {cells} cells but the header has {header}; the missing cells are read as empty"
        );
        ctx.warn(line, cells + 1, msg);
    }
}

/// Auto-detected wide tables must hold numbers: the first data row's cells other than
/// the time column are numbers or empty.
fn numeric_after_time(text: &str, delimiter: Option<u8>, preset: &Preset) -> bool {
    let Ok(mut t) = Table::open(text, delimiter) else {
        return false;
    };
    let time_col = time_column(&t.names, preset);
    let mut rec = StringRecord::new();
    match t.next_record(&mut rec) {
        Some(Ok(_)) => rec.iter().enumerate().all(|(i, v)| {
            i == time_col || super::values::is_missing(v) || v.trim().parse::<f64>().is_ok()
        }),
        _ => true,
    }
}

fn time_column(names: &[String], preset: &Preset) -> usize {
    (0..names.len())
        .find(|&i| preset.signature[0].split('|').any(|n| n == names[i]))
        .unwrap_or(0)
}

fn required(kind: SourceKind) -> &'static [&'static str] {
    match kind {
        SourceKind::Incidents | SourceKind::Tickets => &["id", "title", "created_at"],
        SourceKind::Metrics => &["timestamp", "series", "value"],
        SourceKind::Actions => &["title"],
    }
}

fn names_for(
    preset: &Preset,
    columns: &std::collections::BTreeMap<String, String>,
    field: &str,
) -> String {
    if let Some(c) = columns.get(field) {
        return format!("`{c}`");
    }
    let names: Vec<String> = preset
        .layout
        .iter()
        .filter(|(f, _)| *f == field)
        .flat_map(|(_, n)| n.iter().map(|s| format!("`{s}`")))
        .collect();
    names.join(" or ")
}

fn short(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}
