//! Assigns theme slugs to incidents and tickets from the match rules in site.yaml.
//!
//! A record matches a theme when any rule matches: a label (case-insensitive equality),
//! a service or component (incident services and ticket components are both treated as
//! "where it happened", so either rule list applies to either), or a case-insensitive
//! regular expression found in the title.

use crate::config::ThemeSpec;
use crate::model::Dataset;
use regex::{Regex, RegexBuilder};

struct Matcher {
    slug: String,
    labels: Vec<String>,
    places: Vec<String>,
    titles: Vec<Regex>,
}

impl Matcher {
    fn matches(&self, labels: &[String], places: &[String], title: &str) -> bool {
        let eq = |set: &[String], v: &[String]| {
            v.iter()
                .any(|x| set.iter().any(|s| s.eq_ignore_ascii_case(x.trim())))
        };
        eq(&self.labels, labels)
            || eq(&self.places, places)
            || self.titles.iter().any(|r| r.is_match(title))
    }
}

/// Compiles the rules; an invalid pattern is skipped and described in the returned notes.
fn compile(specs: &[ThemeSpec], notes: &mut Vec<String>) -> Vec<Matcher> {
    specs
        .iter()
        .map(|s| {
            let m = &s.matches;
            let titles = m
                .title
                .iter()
                .filter_map(|p| match RegexBuilder::new(p).case_insensitive(true).build() {
                    Ok(r) => Some(r),
                    Err(e) => {
                        notes.push(format!(
                            "theme `{}`: title pattern `{p}` is not a valid regular expression and was skipped: {}",
                            s.slug,
                            e.to_string().lines().last().unwrap_or("")
                        ));
                        None
                    }
                })
                .collect();
            Matcher {
                slug: s.slug.clone(),
                labels: m.labels.iter().map(|x| x.trim().to_string()).collect(),
                places: m
                    .services
                    .iter()
                    .chain(m.components.iter())
                    .map(|x| x.trim().to_string())
                    .collect(),
                titles,
            }
        })
        .collect()
}

/// Fills `themes` on every incident and ticket (sorted, no duplicates). Themes a record
/// already carries are kept.
pub fn assign(dataset: &mut Dataset, specs: &[ThemeSpec], notes: &mut Vec<String>) {
    let matchers = compile(specs, notes);
    let pick = |labels: &[String], places: &[String], title: &str, out: &mut Vec<String>| {
        for m in &matchers {
            if m.matches(labels, places, title) {
                out.push(m.slug.clone());
            }
        }
        out.sort();
        out.dedup();
    };
    for i in &mut dataset.incidents {
        let mut out = std::mem::take(&mut i.themes);
        pick(&i.labels, &i.services, &i.title, &mut out);
        i.themes = out;
    }
    for t in &mut dataset.tickets {
        let mut out = std::mem::take(&mut t.themes);
        pick(&t.labels, &t.components, &t.title, &mut out);
        t.themes = out;
    }
}
