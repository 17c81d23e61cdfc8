//! Small formatting helpers shared by the pages: dates in the site's timezone, durations,
//! links that are safe to put in an href.

use crate::model::Timestamp;
use chrono::{Datelike, Timelike};
use chrono_tz::Tz;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A link as templates receive it: text and a ready href.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub text: String,
    pub href: String,
}

pub fn datetime(t: &Timestamp, tz: &Tz) -> String {
    let local = t.with_timezone(tz);
    fixed_width(&local, false).unwrap_or_else(|| local.format("%Y-%m-%d %H:%M").to_string())
}

/// ISO 8601 with offset, for `<time datetime>` and Atom.
pub fn rfc3339(t: &Timestamp) -> String {
    fixed_width(t, true).unwrap_or_else(|| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// `%Y-%m-%d %H:%M`, or `%Y-%m-%dT%H:%M:%SZ` when `iso`, outside leap seconds and for the
/// years [`push_ymd`] writes; `None` otherwise.
fn fixed_width<T: Datelike + Timelike>(t: &T, iso: bool) -> Option<String> {
    if t.nanosecond() >= 1_000_000_000 {
        return None;
    }
    let mut s = String::with_capacity(20);
    if !push_ymd(&mut s, t) {
        return None;
    }
    let time = if iso { 'T' } else { ' ' };
    for (sep, n) in [(time, t.hour()), (':', t.minute())] {
        s.push(sep);
        push_two(&mut s, n);
    }
    if iso {
        s.push(':');
        push_two(&mut s, t.second());
        s.push('Z');
    }
    Some(s)
}

/// Appends `%Y-%m-%d` for years 0..=9999, where chrono writes exactly four digits, and
/// returns false (appending nothing) for other years. Written by hand because chrono
/// parses its format string on every call, and a build formats hundreds of thousands of
/// dates (pages, search documents).
pub fn push_ymd(s: &mut String, d: &impl Datelike) -> bool {
    let Some(year) = u32::try_from(d.year()).ok().filter(|y| *y <= 9999) else {
        return false;
    };
    push_two(s, year / 100);
    push_two(s, year % 100);
    for n in [d.month(), d.day()] {
        s.push('-');
        push_two(s, n);
    }
    true
}

fn push_two(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

/// "45m", "3h 08m", "2d 04h": enough precision to compare, short enough for a table.
pub fn duration(seconds: i64) -> String {
    if seconds < 0 {
        return "—".to_string();
    }
    let m = seconds / 60;
    if m < 60 {
        if m == 0 {
            format!("{seconds}s")
        } else {
            format!("{m}m")
        }
    } else if m < 24 * 60 {
        format!("{}h {:02}m", m / 60, m % 60)
    } else {
        format!("{}d {:02}h", m / (24 * 60), (m / 60) % 24)
    }
}

/// Only http(s) and mailto URLs are published as links; anything else (`javascript:`,
/// `data:`, relative junk from an export) is dropped.
pub fn safe_url(url: &str) -> Option<String> {
    safe_url_str(url).map(str::to_string)
}

/// [`safe_url`] without the copy: the trimmed URL when it may be published.
pub fn safe_url_str(url: &str) -> Option<&str> {
    let u = url.trim();
    let scheme = |s: &str| u.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s));
    let ok = scheme("https://") || scheme("http://") || scheme("mailto:");
    (ok && !u.chars().any(|c| c.is_control() || c == ' ')).then_some(u)
}

/// A record's page in its source tool: its own url, else `settings.links[source]` (or
/// `links[kind]`, "incident" or "ticket") with `{id}` filled in. Borrowed when the
/// record's own url is used as it is. Called for each of a million tickets at scale L,
/// so the filled link is built in one allocation.
pub fn source_url<'a>(
    own: Option<&'a str>,
    source: &str,
    kind: &str,
    id: &str,
    links: &BTreeMap<String, String>,
) -> Option<Cow<'a, str>> {
    if let Some(u) = own.and_then(safe_url_str) {
        return Some(Cow::Borrowed(u));
    }
    let (_, template) = link_template(source, kind, links)?;
    let filled = fill_link(template, id);
    // `safe_url_str` trims: the filled string itself unless the template had spaces.
    match safe_url_str(&filled)? {
        u if u.len() == filled.len() => Some(Cow::Owned(filled)),
        u => Some(Cow::Owned(u.to_string())),
    }
}

/// The `links` entry (key, template) that makes the link of a record without a safe one of
/// its own: `links[source]`, else `links[kind]`.
pub fn link_template<'l>(
    source: &str,
    kind: &str,
    links: &'l BTreeMap<String, String>,
) -> Option<(&'l str, &'l str)> {
    (links.get_key_value(source))
        .or_else(|| links.get_key_value(kind))
        .map(|(key, template)| (key.as_str(), template.as_str()))
}

/// Whether every link [`fill_link`] makes of `template` is safe ([`safe_url_str`]) and
/// unchanged by its trimming, whatever the id: the template holds no whitespace at all
/// (so no filling, not even with an empty id, has any to trim) and is safe itself. A
/// percent-encoded id holds only `A-Z a-z 0-9 - . _ ~ %`: no whitespace, no control
/// character, no `:` or `/`, so it can neither make nor unmake the scheme, which is
/// literal text before any `{id}`. The search index leaves such templates to the browser.
pub fn template_is_safe(template: &str) -> bool {
    !template.chars().any(char::is_whitespace) && safe_url_str(template).is_some()
}

/// `template` with `{id}` replaced by the id, percent-encoded so an id such as
/// `../admin?x#` stays one path segment of the link.
pub fn fill_link(template: &str, id: &str) -> String {
    let mut parts = template.split("{id}");
    let first = parts.next().unwrap_or_default();
    let holes = template.matches("{id}").count();
    let mut out = String::with_capacity(template.len() - holes * 4 + holes * encoded_len(id));
    out.push_str(first);
    for part in parts {
        percent_encode_into(&mut out, id);
        out.push_str(part);
    }
    out
}

/// [`percent_encode`], borrowed when nothing needs encoding (nearly every id).
pub fn percent_encoded(s: &str) -> Cow<'_, str> {
    match s.bytes().all(unreserved) {
        true => Cow::Borrowed(s),
        false => Cow::Owned(percent_encode(s)),
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for ids in URLs.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(encoded_len(s));
    percent_encode_into(&mut out, s);
    out
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

fn encoded_len(s: &str) -> usize {
    s.bytes().map(|b| if unreserved(b) { 1 } else { 3 }).sum()
}

fn percent_encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    if s.bytes().all(unreserved) {
        out.push_str(s);
        return;
    }
    for b in s.bytes() {
        if unreserved(b) {
            out.push(b as char);
        } else {
            out.extend([
                '%',
                HEX[usize::from(b >> 4)] as char,
                HEX[usize::from(b & 15)] as char,
            ]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_templates_safe_whatever_the_id_are_safe() {
        for t in [
            "https://t.example/{id}",
            "HTTP://t/{id}",
            "mailto:{id}@example.com",
        ] {
            assert!(template_is_safe(t), "{t}");
        }
        let unsafe_or_trimmed = [
            "{id}",
            "https://t.example/\u{2003}{id}",
            "javascript:{id}",
            "https:/{id}/x",
            " https://t.example/{id}",
            "https://t.example/{id} ",
            "https://t.example/a b/{id}",
        ];
        for t in unsafe_or_trimmed {
            assert!(!template_is_safe(t), "{t}");
        }
    }

    #[test]
    fn a_records_source_picks_its_template_before_its_kind() {
        let links = BTreeMap::from([
            ("jira".to_string(), "https://j/{id}".to_string()),
            ("ticket".to_string(), "https://t/{id}".to_string()),
        ]);
        assert_eq!(
            link_template("jira", "ticket", &links),
            Some(("jira", "https://j/{id}"))
        );
        assert_eq!(
            link_template("zendesk", "ticket", &links),
            Some(("ticket", "https://t/{id}"))
        );
        assert_eq!(link_template("pagerduty", "incident", &links), None);
    }

    #[test]
    fn template_ids_are_percent_encoded() {
        let id = "a b/ü!'()*~._-#?&";
        let want = "a%20b%2F%C3%BC%21%27%28%29%2A~._-%23%3F%26";
        assert_eq!(
            fill_link("https://t.example/{id}?x={id}", id),
            format!("https://t.example/{want}?x={want}")
        );
        assert_eq!(percent_encoded(id), want);
        assert!(matches!(
            percent_encoded("OPS-1_a.b~"),
            Cow::Borrowed("OPS-1_a.b~")
        ));
    }

    #[test]
    fn link_templates_take_the_encoded_id_in_every_hole() {
        assert_eq!(fill_link("https://t/{id}", "A-1"), "https://t/A-1");
        assert_eq!(
            fill_link("https://t/{id}/x?q={id}", "é 1/"),
            "https://t/%C3%A9%201%2F/x?q=%C3%A9%201%2F"
        );
        assert_eq!(fill_link("https://t/", "A"), "https://t/");
        assert_eq!(percent_encode("a~b_c.d-e"), "a~b_c.d-e");
        let links = [("ticket".to_string(), " https://t/{id} ".to_string())].into();
        let got = |own| source_url(own, "jira", "ticket", "A 1", &links);
        assert_eq!(got(None).as_deref(), Some("https://t/A%201"));
        assert!(matches!(
            got(Some(" https://own/1")),
            Some(Cow::Borrowed("https://own/1"))
        ));
        assert_eq!(
            got(Some("javascript:x")).as_deref(),
            Some("https://t/A%201")
        );
        let bad = [("ticket".to_string(), "javascript:{id}".to_string())].into();
        assert_eq!(source_url(None, "jira", "ticket", "A", &bad), None);
    }

    /// The hand-written formats agree with chrono's, including the years and the leap
    /// second where they hand over to chrono.
    #[test]
    fn dates_format_as_chrono_does() {
        use chrono::{NaiveDate, TimeZone, Utc};
        let tz: Tz = "Europe/Helsinki".parse().unwrap();
        let at = |y, mo, d, h, mi, s| Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1500)
            .unwrap()
            .and_utc();
        let times = [
            at(2025, 3, 30, 0, 59, 7),
            at(2025, 3, 30, 1, 0, 0),
            at(1999, 12, 31, 23, 59, 59),
            at(9999, 12, 31, 21, 0, 0),
            at(10000, 1, 1, 0, 0, 0),
            at(0, 1, 1, 0, 0, 0),
            at(-1, 6, 1, 12, 0, 0),
            leap,
        ];
        for t in times {
            let local = t.with_timezone(&tz);
            assert_eq!(
                datetime(&t, &tz),
                local.format("%Y-%m-%d %H:%M").to_string()
            );
            assert_eq!(rfc3339(&t), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
        assert_eq!(rfc3339(&leap), "2016-12-31T23:59:60Z");
        assert_eq!(datetime(&times[1], &tz), "2025-03-30 04:00");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(30), "30s");
        assert_eq!(duration(45 * 60), "45m");
        assert_eq!(duration(3 * 3600 + 8 * 60), "3h 08m");
        assert_eq!(duration(2 * 86400 + 4 * 3600 + 59), "2d 04h");
        assert_eq!(duration(-1), "—");
    }

    #[test]
    fn only_web_urls_are_links() {
        assert_eq!(safe_url(" https://x.io/a "), Some("https://x.io/a".into()));
        assert_eq!(safe_url("JavaScript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
        assert_eq!(safe_url("https://x.io/a b"), None);
    }
}
