//! Duplicate ids across the whole dataset (same source tool, same id). Rule: the first
//! occurrence in path order and line order is kept; each later one is a warning, dropped
//! and counted under "duplicate id" in its own file's summary.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Dataset, Origin};
use std::collections::{HashMap, HashSet};

pub fn drop_duplicates(dataset: &mut Dataset, diags: &mut Diagnostics) {
    let mut dropped: Vec<(Origin, String)> = Vec::new();
    let mut seen: HashMap<(String, String), Origin> = HashMap::new();
    dataset.incidents.retain(|i| {
        keep(
            &mut seen,
            &mut dropped,
            "incident",
            &i.source,
            &i.id,
            &i.origin,
        )
    });
    seen.clear();
    dataset.tickets.retain(|t| {
        keep(
            &mut seen,
            &mut dropped,
            "ticket",
            &t.source,
            &t.id,
            &t.origin,
        )
    });
    seen.clear();
    let mut actions_seen: HashSet<String> = HashSet::new();
    for a in &dataset.actions {
        if !actions_seen.insert(a.id.clone()) {
            let msg = format!(
                "duplicate action id `{}`; both kept (ids of actions only link them)",
                a.id
            );
            diags.push(Diagnostic::warning(&a.origin.file, a.origin.line, 0, msg));
        }
    }
    let index: HashMap<String, usize> = diags
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.path.clone(), i))
        .collect();
    for (origin, msg) in dropped {
        if let Some(&i) = index.get(&origin.file) {
            let s = &mut diags.sources[i];
            s.records -= 1;
            s.skip("duplicate id");
        }
        diags.push(Diagnostic::warning(&origin.file, origin.line, 0, msg));
    }
}

fn keep(
    seen: &mut HashMap<(String, String), Origin>,
    dropped: &mut Vec<(Origin, String)>,
    what: &str,
    source: &str,
    id: &str,
    origin: &Origin,
) -> bool {
    let key = (source.to_string(), id.to_string());
    match seen.get(&key) {
        None => {
            seen.insert(key, origin.clone());
            true
        }
        Some(first) => {
            let msg = format!(
                "duplicate {what} id `{id}` (first at {}:{}); this later row is dropped",
                first.file, first.line
            );
            dropped.push((origin.clone(), msg));
            false
        }
    }
}
