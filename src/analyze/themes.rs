//! Assigns theme slugs to incidents and tickets from the match rules in site.yaml.
//!
//! A record matches a theme when any rule matches: a label (case-insensitive equality),
//! a service or component (incident services and ticket components are both treated as
//! "where it happened", so either rule list applies to either), or a case-insensitive
//! regular expression found in the title.

use crate::config::ThemeSpec;
use crate::model::{Dataset, Shared};
use rayon::prelude::*;
use regex::{RegexBuilder, RegexSet, RegexSetBuilder};

struct Matcher {
    /// Shared: a million tickets hold this slug.
    slug: Shared,
    labels: Vec<String>,
    places: Vec<String>,
}

impl Matcher {
    fn matches<S: AsRef<str>>(&self, labels: &[S], places: &[S]) -> bool {
        let eq = |set: &[String], v: &[S]| {
            v.iter().any(|x| {
                set.iter()
                    .any(|s| s.eq_ignore_ascii_case(x.as_ref().trim()))
            })
        };
        eq(&self.labels, labels) || eq(&self.places, places)
    }
}

/// The compiled rules of every theme.
struct Rules {
    matchers: Vec<Matcher>,
    /// Every theme's title patterns in one set, so a title is scanned once rather than
    /// once per pattern (a million ticket titles times a few dozen patterns at scale L).
    titles: RegexSet,
    /// The matcher each pattern of `titles` belongs to.
    owner: Vec<usize>,
}

impl Rules {
    /// Adds to `out` the slugs of the themes the record matches; `out` ends sorted,
    /// without duplicates.
    fn pick<S: AsRef<str>, T: Ord>(
        &self,
        labels: &[S],
        places: &[S],
        title: &str,
        slug: impl Fn(&Shared) -> T,
        out: &mut Vec<T>,
    ) {
        for p in self.titles.matches(title).iter() {
            out.push(slug(&self.matchers[self.owner[p]].slug));
        }
        for m in &self.matchers {
            if m.matches(labels, places) {
                out.push(slug(&m.slug));
            }
        }
        out.sort();
        out.dedup();
    }
}

/// Compiles the rules; an invalid pattern is skipped and described in the returned notes.
fn compile(specs: &[ThemeSpec], notes: &mut Vec<String>) -> Rules {
    let mut patterns = Vec::new();
    let mut owner = Vec::new();
    let matchers = specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
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
            Matcher {
                slug: s.slug.as_str().into(),
                labels: m.labels.iter().map(|x| x.trim().to_string()).collect(),
                places: m
                    .services
                    .iter()
                    .chain(m.components.iter())
                    .map(|x| x.trim().to_string())
                    .collect(),
            }
        })
        .collect();
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
        matchers,
        titles: set,
        owner,
    }
}

/// regex's default compiled-size limit for one pattern.
const SIZE_LIMIT: usize = 10 * (1 << 20);

/// Fills `themes` on every incident and ticket (sorted, no duplicates). Themes a record
/// already carries are kept.
pub fn assign(dataset: &mut Dataset, specs: &[ThemeSpec], notes: &mut Vec<String>) {
    let rules = compile(specs, notes);
    // Each record is matched on its own; in parallel (a million tickets, regex titles).
    dataset.incidents.par_iter_mut().for_each(|i| {
        let mut out = std::mem::take(&mut i.themes);
        rules.pick(
            &i.labels,
            &i.services,
            &i.title,
            |s| s.to_string(),
            &mut out,
        );
        i.themes = out;
    });
    dataset.tickets.par_iter_mut().for_each(|t| {
        let mut out = std::mem::take(&mut t.themes).into_vec();
        rules.pick(&t.labels, &t.components, &t.title, Shared::clone, &mut out);
        t.themes = out.into_boxed_slice();
    });
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
}
