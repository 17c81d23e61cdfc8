//! The URL layout of the site (DESIGN.md "Output"), in one place so pages, charts, the
//! search index, the feed and the sitemap agree. Every function returns a path relative
//! to the site root without a leading slash; prefix it with `base_url`.

use crate::model::Incident;
use rayon::prelude::*;

/// Lower-case ASCII slug: letters and digits kept, everything else one '-'.
/// Never empty, never contains '/' or '..', so it is safe as a path component.
pub fn slugify(s: &str) -> String {
    // Most names slugified are slugs already (theme and service slugs of a million
    // records at scale L): those come back as they are.
    let b = s.as_bytes();
    let plain = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if b.first().is_some_and(plain)
        && b.last().is_some_and(plain)
        && b.iter().all(|c| plain(c) || *c == b'-')
        && !s.contains("--")
    {
        return s.to_string();
    }
    slugify_chars(s)
}

fn slugify_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().flat_map(|c| c.to_lowercase()) {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "x".to_string() } else { out }
}

/// HTML id for a record anchor, e.g. `incident-pd-q1w2e3`. When slugifying loses more
/// than letter case (`a b`, `a_b`, `a/b` all become `a-b`) a hash of the raw id is
/// appended, so two records never share an id on one page.
pub fn anchor(kind: &str, id: &str) -> String {
    let slug = slugify(id);
    if slug == id.to_lowercase() {
        format!("{kind}-{slug}")
    } else {
        format!("{kind}-{slug}-{:08x}", fnv1a(id))
    }
}

/// 32-bit FNV-1a: stable across builds and platforms (std's hasher is not), and a short
/// suffix is all an anchor needs.
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

pub fn theme(slug: &str) -> String {
    format!("themes/{}/", slugify(slug))
}

pub fn service(name: &str) -> String {
    format!("services/{}/", slugify(name))
}

pub fn postmortem(slug: &str) -> String {
    format!("postmortems/{}/", slugify(slug))
}

pub fn chart(id: &str) -> String {
    format!("charts/{}/", slugify(id))
}

pub fn report(period: &str) -> String {
    format!("reports/{}/", slugify(period))
}

pub fn action(id: &str) -> String {
    format!("actions/#{}", anchor("action", id))
}

pub fn win(slug: &str) -> String {
    format!("wins/#{}", anchor("win", slug))
}

/// Page `n` (1-based) of the incident table: incidents/ then incidents/page/2/ ...
pub fn incidents_page(n: usize) -> String {
    if n <= 1 {
        "incidents/".to_string()
    } else {
        format!("incidents/page/{n}/")
    }
}

/// Page `n` of the ticket table (only when tickets are published in full).
pub fn tickets_page(n: usize) -> String {
    if n <= 1 {
        "tickets/".to_string()
    } else {
        format!("tickets/page/{n}/")
    }
}

/// The paginated incident table: its order, and where each incident sits in it. The
/// incident pages, every link to an incident and the search index all need it (a sort and
/// 100k URLs at scale L), so a build works it out once ([`SiteInput::new`]).
///
/// [`SiteInput::new`]: super::SiteInput::new
#[derive(Debug, Clone, Default)]
pub struct IncidentTable {
    /// Positions in the incidents, newest start first, then by id.
    pub order: Vec<usize>,
    /// Each incident's URL (page and anchor), by its position in the incidents.
    pub urls: Vec<String>,
}

impl IncidentTable {
    pub fn new(incidents: &[Incident], page_size: usize) -> IncidentTable {
        let order = incident_order(incidents);
        let size = page_size.max(1);
        let mut position = vec![0; incidents.len()];
        for (pos, &i) in order.iter().enumerate() {
            position[i] = pos;
        }
        // In parallel: 100k anchors at scale L, while nothing else runs.
        let urls = (incidents.par_iter().zip(position))
            .map(|(incident, pos)| {
                let page = incidents_page(pos / size + 1);
                format!("{page}#{}", anchor("incident", &incident.id))
            })
            .collect();
        IncidentTable { order, urls }
    }
}

/// The order of the incident table: newest start first, then id.
fn incident_order(incidents: &[Incident]) -> Vec<usize> {
    // Keys worked out once, not once per comparison; the position makes ties (a repeated
    // id at the same start) keep their input order, as a stable sort would.
    let mut keys: Vec<_> = (incidents.iter().enumerate())
        .map(|(i, incident)| (std::cmp::Reverse(incident.start().0), &*incident.id, i))
        .collect();
    keys.par_sort_unstable();
    keys.into_iter().map(|k| k.2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast path for names that are slugs already gives what the full rule gives.
        #[test]
        fn slugs_come_back_as_the_full_rule_makes_them(s in "[a-z0-9-]{0,8}|[a-zA-Z0-9 _-]{0,8}") {
            proptest::prop_assert_eq!(slugify(&s), slugify_chars(&s));
        }
    }

    #[test]
    fn slugs_are_safe_path_components() {
        assert_eq!(slugify("DNS: resolver/outage ÄÖ"), "dns-resolver-outage");
        assert_eq!(slugify("../../etc"), "etc");
        assert_eq!(slugify("///"), "x");
    }
}
