//! Metric points from long rows, wide tables, Prometheus and Datadog responses.
//! For metrics a "row" in the summary is one data point (a wide row holds one per
//! series). Empty cells in wide tables and Datadog's null buckets are the tools' way of
//! saying "no sample": they are counted under "no value" without a diagnostic.
//! A non-numeric or non-finite value is a diagnostic and the point is skipped.

use super::ctx::Ctx;
use super::row::Row;
use super::table::Table;
use super::values::is_missing;
use crate::model::{MetricPoint, Shared, Timestamp};
use csv::StringRecord;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn from_row(ctx: &mut Ctx, row: &dyn Row) -> Option<MetricPoint> {
    let at = ctx.required_time(row, "timestamp")?;
    let series = ctx.required(row, "series")?.raw;
    let series = ctx.shared(series.trim());
    let cell = ctx.required(row, "value")?;
    let value = number(ctx, row.line(), cell.column, cell.raw)?;
    let labels = ctx.intern_labels(row.rest().into_iter().collect());
    Some(point(ctx, series, labels, at, value, row.line()))
}

fn point(
    ctx: &Ctx,
    series: Shared,
    labels: Arc<BTreeMap<String, String>>,
    at: Timestamp,
    value: f64,
    line: usize,
) -> MetricPoint {
    MetricPoint {
        series,
        labels,
        at,
        value,
        origin: ctx.origin(line),
    }
}

/// Parses a value; a bad or non-finite one is an error and counted.
fn number(ctx: &mut Ctx, line: usize, column: usize, raw: &str) -> Option<f64> {
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        Ok(_) => {
            ctx.warn(
                line,
                column,
                format!("value `{raw}` is not a finite number; point skipped"),
            );
            ctx.skip("not a finite number");
            None
        }
        Err(_) => {
            ctx.error(
                line,
                column,
                format!("value `{raw}` is not a number (expected e.g. 0.25 or 12); point skipped"),
            );
            ctx.skip("bad value");
            None
        }
    }
}

/// Wide table: the time column, then one series per column named by its header.
pub fn wide(ctx: &mut Ctx, table: &mut Table, time_col: usize) {
    let series: Vec<(usize, Shared)> = (0..table.header.len())
        .filter(|&i| i != time_col)
        .map(|i| (i, Shared::from(table.header[i].trim())))
        .collect();
    let no_labels = ctx.intern_labels(BTreeMap::new());
    let mut rec = StringRecord::new();
    while let Some(next) = table.next_record(&mut rec) {
        ctx.out.summary.rows += series.len();
        let line = match next {
            Ok(line) => line,
            Err((line, msg)) => {
                ctx.error(line, 0, msg);
                (0..series.len()).for_each(|_| ctx.skip("unreadable row"));
                continue;
            }
        };
        let raw_time = rec.get(time_col).unwrap_or("");
        let at = match ctx.dates.parse_in(raw_time, &mut ctx.days) {
            Ok(t) => t,
            Err(e) => {
                let msg = format!(
                    "time: {}; the row's {} points skipped",
                    e.explain(raw_time),
                    series.len()
                );
                ctx.error(line, time_col + 1, msg);
                (0..series.len()).for_each(|_| ctx.skip("bad timestamp"));
                continue;
            }
        };
        for (i, name) in &series {
            let raw = rec.get(*i).unwrap_or("");
            if is_missing(raw) {
                ctx.skip("no value");
                continue;
            }
            if let Some(v) = number(ctx, line, i + 1, raw) {
                let p = point(ctx, name.clone(), no_labels.clone(), at, v, line);
                ctx.out.metrics.push(p);
            }
        }
    }
}

/// One Prometheus matrix series: `{"metric": {...}, "values": [[ts, "v"], ...]}`.
/// Series name: `columns: {series: NAME}` if set, else `__name__`, else the file stem.
pub fn prometheus(ctx: &mut Ctx, line: usize, item: &Value, stem: &str) {
    let mut labels: BTreeMap<String, String> = item
        .get("metric")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), scalar(v))).collect())
        .unwrap_or_default();
    let name = labels.remove("__name__");
    let labels = Arc::new(labels);
    let series = ctx
        .columns
        .get("series")
        .cloned()
        .or(name)
        .unwrap_or_else(|| stem.to_string());
    // One shared name for all of the series' points.
    let series = ctx.shared(&series);
    // Borrowed, not cloned: one series can hold a hundred thousand samples.
    let values: &[Value] = match item.get("values").or_else(|| item.get("value")) {
        Some(Value::Array(a)) if a.first().is_some_and(Value::is_array) => a,
        Some(one @ Value::Array(_)) => std::slice::from_ref(one),
        _ => {
            ctx.out.summary.rows += 1;
            ctx.error(
                line,
                0,
                "series has no `values` array (expected [[unix_seconds, \"value\"], ...]); skipped",
            );
            ctx.skip("bad series");
            return;
        }
    };
    for pair in values {
        ctx.out.summary.rows += 1;
        let (ts, v) = match pair.as_array().map(Vec::as_slice) {
            Some([ts, v]) => (scalar(ts), scalar(v)),
            _ => {
                ctx.error(
                    line,
                    0,
                    format!("sample `{pair}` is not [unix_seconds, \"value\"]; skipped"),
                );
                ctx.skip("bad sample");
                continue;
            }
        };
        sample(ctx, line, &series, &labels, &ts, &v);
    }
}

/// One Datadog series: `{"metric", "tag_set": ["k:v"], "pointlist": [[ms, v|null]]}`.
pub fn datadog(ctx: &mut Ctx, line: usize, item: &Value) {
    let series = ctx
        .columns
        .get("series")
        .cloned()
        .or_else(|| {
            item.get("metric")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .or_else(|| {
            item.get("display_name")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_default();
    let series = ctx.shared(&series);
    let tags: Vec<String> = match item.get("tag_set").and_then(Value::as_array) {
        Some(t) => t.iter().map(scalar).collect(),
        None => item
            .get("scope")
            .and_then(Value::as_str)
            .unwrap_or("")
            .split(',')
            .map(str::to_string)
            .collect(),
    };
    let labels: BTreeMap<String, String> = tags
        .iter()
        .filter_map(|t| t.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let labels = Arc::new(labels);
    let Some(points) = item.get("pointlist").and_then(Value::as_array) else {
        ctx.out.summary.rows += 1;
        ctx.error(
            line,
            0,
            "series has no `pointlist` array (expected [[unix_ms, value], ...]); skipped",
        );
        ctx.skip("bad series");
        return;
    };
    for p in points {
        ctx.out.summary.rows += 1;
        match p.as_array().map(Vec::as_slice) {
            Some([_, Value::Null]) => ctx.skip("no value"),
            Some([ts, v]) => sample(ctx, line, &series, &labels, &scalar(ts), &scalar(v)),
            _ => {
                ctx.error(
                    line,
                    0,
                    format!("point `{p}` is not [unix_ms, value]; skipped"),
                );
                ctx.skip("bad sample");
            }
        }
    }
}

fn sample(
    ctx: &mut Ctx,
    line: usize,
    series: &Shared,
    labels: &Arc<BTreeMap<String, String>>,
    ts: &str,
    v: &str,
) {
    let at = match ctx.dates.parse_in(ts, &mut ctx.days) {
        Ok(t) => t,
        Err(e) => {
            ctx.error(
                line,
                0,
                format!("timestamp: {}; point skipped", e.explain(ts)),
            );
            ctx.skip("bad timestamp");
            return;
        }
    };
    if let Some(value) = number(ctx, line, 0, v) {
        let p = point(ctx, series.clone(), labels.clone(), at, value, line);
        ctx.out.metrics.push(p);
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
