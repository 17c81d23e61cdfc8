//! One input record (a CSV row or a JSON object) seen through a preset's layout:
//! canonical field name -> the cells that hold it.

use super::table::norm;
use super::values::is_missing;
use csv::StringRecord;
use std::collections::BTreeMap;

/// Canonical field -> the tool's column names (CSV) or dotted key paths (JSON), in
/// order of preference.
pub type Layout = &'static [(&'static str, &'static [&'static str])];

/// A non-missing value and its 1-based column (0 when the input has no columns).
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    pub raw: &'a str,
    pub column: usize,
}

pub trait Row {
    /// 1-based line where the record starts.
    fn line(&self) -> usize;
    /// Every non-missing cell for `field`, in column order (repeated columns, arrays).
    fn cells(&self, field: &str) -> Vec<Cell<'_>>;
    /// 1-based column holding `field`, or 0.
    fn column_of(&self, field: &str) -> usize;
    fn get(&self, field: &str) -> Option<Cell<'_>> {
        self.cells(field).into_iter().next()
    }
    /// Non-missing values no field claimed (metric labels), by column name.
    fn rest(&self) -> Vec<(String, String)>;
}

/// Aliases after `columns:` overrides, normalised; built once per file.
#[derive(Debug, Clone, Default)]
pub struct Aliases(pub BTreeMap<String, Vec<String>>);

impl Aliases {
    pub fn new(layout: Layout, overrides: &BTreeMap<String, String>) -> Self {
        let mut map: BTreeMap<String, Vec<String>> = layout
            .iter()
            .map(|(f, names)| (f.to_string(), names.iter().map(|n| norm(n)).collect()))
            .collect();
        for (field, column) in overrides {
            map.insert(canonical_field(field).to_string(), vec![norm(column)]);
        }
        Aliases(map)
    }
}

/// `service` and `component` are accepted for the list fields in `columns:`.
pub fn canonical_field(f: &str) -> &str {
    match f {
        "service" => "services",
        "component" => "components",
        "label" | "tags" => "labels",
        other => other,
    }
}

/// Field -> 0-based column indexes, resolved once from the header.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    /// In field order. A list, not a map: it is searched a dozen times per row, and a
    /// scan that mostly compares lengths beats a tree of string comparisons here.
    map: Vec<(String, Vec<usize>)>,
    /// (column, header name) not claimed by any field.
    free: Vec<(usize, String)>,
}

impl ColumnMap {
    /// The first alias present in the header wins; every column with that name is
    /// used (Jira's `Labels,Labels,Labels`).
    pub fn new(header: &[String], raw_header: &[String], aliases: &Aliases) -> Self {
        let mut map: Vec<(String, Vec<usize>)> = Vec::new();
        for (field, names) in &aliases.0 {
            for name in names {
                let cols: Vec<usize> = (0..header.len()).filter(|&i| header[i] == *name).collect();
                if !cols.is_empty() {
                    map.push((field.clone(), cols));
                    break;
                }
            }
        }
        let used: Vec<usize> = map.iter().flat_map(|(_, c)| c).copied().collect();
        let free = (0..header.len())
            .filter(|i| !used.contains(i))
            .map(|i| (i, raw_header[i].trim().to_string()))
            .collect();
        ColumnMap { map, free }
    }

    pub fn has(&self, field: &str) -> bool {
        self.cols(field).is_some()
    }

    fn cols(&self, field: &str) -> Option<&[usize]> {
        self.map
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| c.as_slice())
    }

    /// The field that reads 0-based column `col`, if any.
    pub fn field_at(&self, col: usize) -> Option<&str> {
        self.map
            .iter()
            .find(|(_, cols)| cols.contains(&col))
            .map(|(f, _)| f.as_str())
    }
}

pub struct CsvRow<'a> {
    pub line: usize,
    pub rec: &'a StringRecord,
    pub map: &'a ColumnMap,
}

impl Row for CsvRow<'_> {
    fn line(&self) -> usize {
        self.line
    }

    fn cells(&self, field: &str) -> Vec<Cell<'_>> {
        let Some(cols) = self.map.cols(field) else {
            return Vec::new();
        };
        cols.iter()
            .filter_map(|&i| {
                let raw = self.rec.get(i)?;
                (!is_missing(raw)).then_some(Cell { raw, column: i + 1 })
            })
            .collect()
    }

    fn column_of(&self, field: &str) -> usize {
        self.map.cols(field).map_or(0, |c| c[0] + 1)
    }

    fn rest(&self) -> Vec<(String, String)> {
        self.map
            .free
            .iter()
            .filter_map(|(i, name)| {
                let v = self.rec.get(*i)?.trim();
                (!is_missing(v)).then(|| (name.clone(), v.to_string()))
            })
            .collect()
    }

    fn get(&self, field: &str) -> Option<Cell<'_>> {
        let cols = self.map.cols(field)?;
        cols.iter().find_map(|&i| {
            let raw = self.rec.get(i)?;
            (!is_missing(raw)).then_some(Cell { raw, column: i + 1 })
        })
    }
}

/// A JSON object flattened to dotted paths; arrays repeat the path.
pub struct JsonRow<'a> {
    pub line: usize,
    pub flat: Vec<(String, String)>,
    pub aliases: &'a Aliases,
}

impl Row for JsonRow<'_> {
    fn line(&self) -> usize {
        self.line
    }

    fn cells(&self, field: &str) -> Vec<Cell<'_>> {
        let Some(names) = self.aliases.0.get(field) else {
            return Vec::new();
        };
        for name in names {
            let found: Vec<Cell<'_>> = self
                .flat
                .iter()
                .filter(|(k, v)| k == name && !is_missing(v))
                .map(|(_, v)| Cell { raw: v, column: 0 })
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    fn column_of(&self, _field: &str) -> usize {
        0
    }

    fn rest(&self) -> Vec<(String, String)> {
        let claimed = |k: &String| self.aliases.0.values().flatten().any(|a| a == k);
        self.flat
            .iter()
            .filter(|(k, v)| !claimed(k) && !is_missing(v))
            .map(|(k, v)| {
                (
                    k.strip_prefix("labels.").unwrap_or(k).to_string(),
                    v.clone(),
                )
            })
            .collect()
    }
}
