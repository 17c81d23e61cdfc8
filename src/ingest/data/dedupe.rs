//! Duplicate ids across the whole dataset (same source tool, same id). Rule: the first
//! occurrence in path order and line order is kept; each later one is a warning, dropped
//! and counted under "duplicate id" in its own file's summary.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Dataset, Origin};
use hashbrown::hash_map::Entry;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

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
fn drop_later<T: Sync>(
    records: &mut Vec<T>,
    key: fn(&T) -> (&str, &str, &Origin),
    what: &str,
    dropped: &mut Vec<(Origin, String)>,
) {
    let mut keep = first_of_each(records, key, what, dropped).into_iter();
    records.retain(|_| keep.next().expect("one flag per record"));
}

/// Key hash partitions checked side by side. Every record of a key falls in one
/// partition and each partition is read in record order, so "first" is the same as in one
/// pass.
const PARTS: u64 = 16;
const _: () = assert!(PARTS.is_power_of_two() && PARTS <= 256);

/// Whether each record is the first with its source and id; a later one gets its warning
/// in `dropped`, in record order. Keys borrow the records: a million tickets cost no
/// million key copies.
fn first_of_each<T: Sync>(
    records: &[T],
    key: fn(&T) -> (&str, &str, &Origin),
    what: &str,
    dropped: &mut Vec<(Origin, String)>,
) -> Vec<bool> {
    // foldhash, not SipHash: a million keys at scale L, on ingest's critical path. Only
    // looked up, never iterated, so its per-process seed changes nothing in the output.
    // The partition's hash is its own (each table hashes the key again with its own
    // seed): within a partition the partition bits are all alike, and a table fed them
    // would see less spread.
    let state = hashbrown::DefaultHashBuilder::default();
    let part = |r: &T| {
        let (source, id, _) = key(r);
        // The top bits pick the partition (hashbrown's table uses the low ones).
        state.hash_one((source, id)) >> (64 - PARTS.ilog2())
    };
    let parts: Vec<u8> = records.par_iter().map(|r| part(r) as u8).collect();
    // (later, first) record positions of every duplicate.
    let mut later: Vec<(usize, usize)> = (0..PARTS as u8)
        .into_par_iter()
        .flat_map_iter(|p| {
            let mut seen: hashbrown::HashMap<(&str, &str), usize> = hashbrown::HashMap::new();
            let mut later = Vec::new();
            for (i, r) in records.iter().enumerate() {
                if parts[i] != p {
                    continue;
                }
                let (source, id, _) = key(r);
                match seen.entry((source, id)) {
                    Entry::Vacant(slot) => {
                        slot.insert(i);
                    }
                    Entry::Occupied(first) => later.push((i, *first.get())),
                }
            }
            later
        })
        .collect();
    later.sort_unstable();
    let mut keep = vec![true; records.len()];
    for (i, first) in later {
        keep[i] = false;
        let (_, id, origin) = key(&records[i]);
        let first = key(&records[first]).2;
        let msg = format!(
            "duplicate {what} id `{id}` (first at {}:{}); this later row is dropped",
            first.file, first.line
        );
        dropped.push((origin.clone(), msg));
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rec = (String, String, Origin);

    /// Many keys, so every partition holds some, each repeated: the first of each is kept
    /// and the warnings come in record order, naming the first's line.
    #[test]
    fn the_first_of_each_key_is_kept_and_warnings_follow_record_order() {
        let recs: Vec<Rec> = (0..1000)
            .map(|i| {
                let source = if i % 2 == 0 { "jira" } else { "zendesk" };
                let origin = Origin {
                    file: "f.csv".into(),
                    line: Origin::line(i + 2),
                };
                (source.to_string(), format!("T-{}", i % 37), origin)
            })
            .collect();
        let mut dropped = Vec::new();
        let keep = first_of_each(&recs, |r| (&r.0, &r.1, &r.2), "ticket", &mut dropped);
        let mut seen = std::collections::BTreeMap::new();
        for (i, r) in recs.iter().enumerate() {
            let first = *seen.entry((&r.0, &r.1)).or_insert(i);
            assert_eq!(keep[i], first == i, "record {i}");
        }
        // 37 ids, each under both sources (37 is odd): 74 keys, each kept once.
        assert_eq!(keep.iter().filter(|k| **k).count(), 74);
        assert_eq!(dropped.len(), 1000 - 74);
        assert!(
            keep[0] && keep[37],
            "T-0 from jira and from zendesk are two keys"
        );
        let lines: Vec<_> = dropped.iter().map(|(o, _)| o.line).collect();
        assert!(lines.is_sorted());
        assert_eq!(dropped[0].0.line, Origin::line(76));
        assert_eq!(
            dropped[0].1,
            "duplicate ticket id `T-0` (first at f.csv:2); this later row is dropped"
        );
        let none: Vec<Rec> = Vec::new();
        assert!(first_of_each(&none, |r| (&r.0, &r.1, &r.2), "ticket", &mut dropped).is_empty());
    }
}
