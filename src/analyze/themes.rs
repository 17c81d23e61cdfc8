//! Assigns theme slugs to incidents and tickets from the match rules in site.yaml.
//!
//! A record matches a theme when any rule matches: a label (case-insensitive equality),
//! a service or component (incident services and ticket components are both treated as
//! "where it happened", so either rule list applies to either), or a case-insensitive
//! regular expression found in the title.

use crate::config::ThemeSpec;
use crate::model::{Dataset, Shared};
use hashbrown::HashMap;
use rayon::prelude::*;
use regex::{RegexBuilder, RegexSet, RegexSetBuilder};

/// The compiled rules of every theme.
struct Rules {
    /// By theme index. Shared: a million tickets hold these slugs.
    slugs: Vec<Shared>,
    /// Label -> the themes whose rules list it. Keys are trimmed and ASCII-lower-cased,
    /// as the labels looked up are, so one lookup does what comparing each ticket label
    /// with each theme's list (`eq_ignore_ascii_case`) did.
    labels: HashMap<String, Vec<usize>>,
    /// Service or component -> themes, keyed like `labels`.
    places: HashMap<String, Vec<usize>>,
    /// Every theme's title patterns in one set, so a title is scanned once rather than
    /// once per pattern (a million ticket titles times a few dozen patterns at scale L).
    titles: RegexSet,
    /// The theme each pattern of `titles` belongs to.
    owner: Vec<usize>,
}

impl Rules {
    /// The themes whose title patterns match `title`.
    fn title_themes(&self, title: &str) -> Vec<usize> {
        let mut out: Vec<usize> = (self.titles.matches(title).iter())
            .map(|p| self.owner[p])
            .collect();
        out.dedup();
        out
    }

    /// Adds to `out` the slugs of the themes the record matches, given the themes its
    /// title matched; `out` ends sorted, without duplicates. `buf` is scratch space.
    fn pick_with<S: AsRef<str>, T: Ord>(
        &self,
        (labels, places): (&[S], &[S]),
        title_themes: &[usize],
        slug: impl Fn(&Shared) -> T,
        out: &mut Vec<T>,
        buf: &mut String,
    ) {
        let mut themes = title_themes.to_vec();
        for (values, rules) in [(labels, &self.labels), (places, &self.places)] {
            for v in values {
                buf.clear();
                buf.push_str(v.as_ref().trim());
                buf.make_ascii_lowercase();
                themes.extend(rules.get(buf.as_str()).into_iter().flatten());
            }
        }
        out.extend(themes.iter().map(|&i| slug(&self.slugs[i])));
        out.sort();
        out.dedup();
    }

    /// [`Rules::pick_with`] for one record on its own.
    #[cfg(test)]
    fn pick<S: AsRef<str>, T: Ord>(
        &self,
        labels: &[S],
        places: &[S],
        title: &str,
        slug: impl Fn(&Shared) -> T,
        out: &mut Vec<T>,
    ) {
        let title_themes = self.title_themes(title);
        let buf = &mut String::new();
        self.pick_with((labels, places), &title_themes, slug, out, buf);
    }
}

/// Trimmed and ASCII-lower-cased, as rule values and the values looked up are compared.
fn rule_key(value: &str) -> String {
    value.trim().to_ascii_lowercase()
}

/// Compiles the rules; an invalid pattern is skipped and described in the returned notes.
fn compile(specs: &[ThemeSpec], notes: &mut Vec<String>) -> Rules {
    let mut patterns = Vec::new();
    let mut owner = Vec::new();
    let mut labels: HashMap<String, Vec<usize>> = HashMap::new();
    let mut places: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in specs.iter().enumerate() {
        let m = &s.matches;
        for p in &m.title {
            // Checked one by one so a bad pattern is named and the others still apply.
            match RegexBuilder::new(p).case_insensitive(true).build() {
                Ok(_) => {
                    patterns.push(p.as_str());
                    owner.push(i);
                }
                Err(e) => notes.push(format!(
                    "theme `{}`: title pattern `{p}` is not a valid regular expression and was skipped: {}",
                    s.slug,
                    e.to_string().lines().last().unwrap_or("")
                )),
            }
        }
        for l in &m.labels {
            labels.entry(rule_key(l)).or_default().push(i);
        }
        for p in m.services.iter().chain(&m.components) {
            places.entry(rule_key(p)).or_default().push(i);
        }
    }
    // Each pattern compiled alone within the default limit, so the set gets that much each.
    let set = RegexSetBuilder::new(&patterns)
        .case_insensitive(true)
        .size_limit(SIZE_LIMIT.saturating_mul(patterns.len().max(1)))
        .build()
        .unwrap_or_else(|e| {
            notes.push(format!(
                "theme title patterns could not be combined and were skipped: {}",
                e.to_string().lines().last().unwrap_or("")
            ));
            owner.clear();
            RegexSet::empty()
        });
    Rules {
        slugs: specs.iter().map(|s| s.slug.as_str().into()).collect(),
        labels,
        places,
        titles: set,
        owner,
    }
}

/// regex's default compiled-size limit for one pattern.
const SIZE_LIMIT: usize = 10 * (1 << 20);

/// Records matched per task. Within a task each distinct title is run through the
/// patterns once: trackers repeat titles, and at scale L 4,096 tickets hold ~1,600
/// distinct ones (40% of the regex work of matching every ticket; 37% with one table
/// for all a million tickets, which would need a pass on one core first).
const CHUNK: usize = 4096;

/// Fills `themes` on every incident and ticket (sorted, no duplicates). Themes a record
/// already carries are kept.
pub fn assign(dataset: &mut Dataset, specs: &[ThemeSpec], notes: &mut Vec<String>) {
    let rules = compile(specs, notes);
    dataset.incidents.par_chunks_mut(CHUNK).for_each(|chunk| {
        let found = themes_of(
            &rules,
            chunk,
            |i| (&i.labels[..], &i.services[..], &*i.title, &i.themes[..]),
            |s| s.to_string(),
        );
        for (i, themes) in chunk.iter_mut().zip(found) {
            i.themes = themes;
        }
    });
    dataset.tickets.par_chunks_mut(CHUNK).for_each(|chunk| {
        let found = themes_of(
            &rules,
            chunk,
            |t| (&t.labels[..], &t.components[..], &*t.title, &t.themes[..]),
            Shared::clone,
        );
        for (t, themes) in chunk.iter_mut().zip(found) {
            t.themes = themes.into_boxed_slice();
        }
    });
}

/// The themes of each record of `chunk`: those it already carries and those it matches.
/// `fields` gives a record's labels, places, title and carried themes.
fn themes_of<'r, R, S: AsRef<str> + 'r, T: Ord + Clone + 'r>(
    rules: &Rules,
    chunk: &'r [R],
    fields: impl Fn(&'r R) -> (&'r [S], &'r [S], &'r str, &'r [T]),
    slug: impl Fn(&Shared) -> T + Copy,
) -> Vec<Vec<T>> {
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    let buf = &mut String::new();
    chunk
        .iter()
        .map(|r| {
            let (labels, places, title, carried) = fields(r);
            let title_themes = (by_title.entry(title)).or_insert_with(|| rules.title_themes(title));
            let mut out = carried.to_vec();
            rules.pick_with((labels, places), title_themes, slug, &mut out, buf);
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ThemeMatch;

    fn theme(slug: &str, title: &[&str], labels: &[&str]) -> ThemeSpec {
        ThemeSpec {
            slug: slug.into(),
            title: None,
            description: None,
            matches: ThemeMatch {
                title: title.iter().map(|s| s.to_string()).collect(),
                labels: labels.iter().map(|s| s.to_string()).collect(),
                ..ThemeMatch::default()
            },
        }
    }

    /// A skipped pattern must not shift the others onto the wrong theme.
    #[test]
    fn title_patterns_mark_their_own_theme() {
        let specs = [
            theme("dns", &["resolv", "\\bdns\\b"], &[]),
            theme("disk", &["bad(", "disk|volume"], &["storage"]),
            theme("certs", &["certificate"], &[]),
        ];
        let mut notes = Vec::new();
        let rules = compile(&specs, &mut notes);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("theme `disk`: title pattern `bad(`"));
        let themes_of = |title: &str, labels: &[String]| {
            let mut out = Vec::new();
            rules.pick(labels, &[], title, |s| s.to_string(), &mut out);
            out
        };
        assert_eq!(themes_of("VOLUME full on db-3", &[]), ["disk"]);
        assert_eq!(
            themes_of("DNS resolver and Certificate expiry", &[]),
            ["certs", "dns"]
        );
        assert_eq!(themes_of("nothing here", &[" Storage ".into()]), ["disk"]);
        assert!(themes_of("dnsmasq restart", &[]).is_empty());
    }

    /// A title seen before in the chunk is not matched again, but each record still gets
    /// its own labels' and places' themes, compared trimmed and ASCII-case-insensitively,
    /// and keeps the themes it already carried (once each, in order).
    #[test]
    fn repeated_titles_keep_each_records_own_labels_and_places() {
        let mut warehouse = theme("warehouse", &[], &[]);
        warehouse.matches.components = vec!["Warehouse ".into()];
        let specs = [theme("dns", &["\\bdns\\b"], &["DNS"]), warehouse];
        let rules = compile(&specs, &mut Vec::new());
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rec = |labels: &[&str], places: &[&str], title: &str, carried: &[&str]| {
            (
                strings(labels),
                strings(places),
                title.to_string(),
                strings(carried),
            )
        };
        let chunk = [
            rec(&[], &[], "DNS lookups failing", &[]),
            rec(
                &[],
                &[" warehouse"],
                "DNS lookups failing",
                &["zz-manual", "dns"],
            ),
            rec(&["dns "], &["WAREHOUSE"], "Printer jam", &[]),
            rec(&["dnsmasq"], &["Warehouses"], "Printer jam", &["a-manual"]),
        ];
        let found = themes_of(
            &rules,
            &chunk,
            |r| (&r.0[..], &r.1[..], &*r.2, &r.3[..]),
            |s| s.to_string(),
        );
        let want: [&[&str]; 4] = [
            &["dns"],
            &["dns", "warehouse", "zz-manual"],
            &["dns", "warehouse"],
            &["a-manual"],
        ];
        assert_eq!(found, want);
    }
}
