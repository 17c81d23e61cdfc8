//! Duplicate ids across the whole dataset (same source tool, same id). Rule: the first
//! occurrence in path order and line order is kept; each later one is a warning, dropped
//! and counted under "duplicate id" in its own file's summary.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Dataset, Origin};
use hashbrown::hash_map::Entry;
use std::collections::{HashMap, HashSet};

pub fn drop_duplicates(dataset: &mut Dataset, diags: &mut Diagnostics) {
    let mut dropped: Vec<(Origin, String)> = Vec::new();
    drop_later(
        &mut dataset.incidents,
        |i| (&i.source, &i.id, &i.origin),
        "incident",
        &mut dropped,
    );
    drop_later(
        &mut dataset.tickets,
        |t| (&t.source, &t.id, &t.origin),
        "ticket",
        &mut dropped,
    );
    let mut actions_seen: HashSet<&str> = HashSet::new();
    for a in &dataset.actions {
        if !actions_seen.insert(&a.id) {
            let msg = format!(
                "duplicate action id `{}`; both kept (ids of actions only link them)",
                a.id
            );
            diags.push(Diagnostic::warning_at(&a.origin, msg));
        }
    }
    let index: HashMap<String, usize> = diags
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.path.clone(), i))
        .collect();
    for (origin, msg) in dropped {
        if let Some(&i) = index.get(&*origin.file) {
            let s = &mut diags.sources[i];
            s.records -= 1;
            s.skip("duplicate id");
        }
        diags.push(Diagnostic::warning_at(&origin, msg));
    }
}

/// Keeps the first record of each (source, id) in `records`; see [`first_of_each`].
fn drop_later<T>(
    records: &mut Vec<T>,
    key: fn(&T) -> (&str, &str, &Origin),
    what: &str,
    dropped: &mut Vec<(Origin, String)>,
) {
    let mut keep = first_of_each(records.iter().map(key), what, dropped).into_iter();
    records.retain(|_| keep.next().expect("one flag per record"));
}

/// Whether each (source, id, origin) in order is the first with its source and id; a
/// later one gets its warning in `dropped`. Keys borrow the records: a million tickets
/// cost no million key copies.
fn first_of_each<'a>(
    records: impl ExactSizeIterator<Item = (&'a str, &'a str, &'a Origin)>,
    what: &str,
    dropped: &mut Vec<(Origin, String)>,
) -> Vec<bool> {
    // foldhash, not SipHash: a million keys at scale L, on ingest's critical path. Only
    // looked up, never iterated.
    let mut seen: hashbrown::HashMap<(&str, &str), &Origin> =
        hashbrown::HashMap::with_capacity(records.len());
    records
        .map(|(source, id, origin)| match seen.entry((source, id)) {
            Entry::Vacant(slot) => {
                slot.insert(origin);
                true
            }
            Entry::Occupied(first) => {
                let first = first.get();
                let msg = format!(
                    "duplicate {what} id `{id}` (first at {}:{}); this later row is dropped",
                    first.file, first.line
                );
                dropped.push((origin.clone(), msg));
                false
            }
        })
        .collect()
}
