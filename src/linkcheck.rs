//! Link checker for a built site: every internal link, anchor and asset reference in the
//! output directory (HTML pages, CSS, feed.xml, sitemap.xml) must point at a file that
//! exists and, for `#fragment` links into HTML pages, at an element with that id.
//! External links are listed, never fetched: builds and checks run without a network.
//!
//! The HTML scan is a small hand-written tag/attribute scanner rather than a full HTML5
//! parser (html5ever arrives only indirectly through ammonia, and its tokenizer API changes
//! between versions). We only need the attributes of start tags and their line numbers in
//! pages our own templates wrote; the scanner skips comments, `<script>`/`<style>` bodies
//! and doctype/processing instructions, accepts quoted and unquoted values and decodes the
//! character references that occur in URLs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One reference that does not resolve, with the page (relative to the output directory)
/// and line it is on, so a person can open the file and fix the template or content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    pub page: String,
    pub line: usize,
    pub link: String,
    pub reason: String,
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: `{}`: {}",
            self.page, self.line, self.link, self.reason
        )
    }
}

/// What a scan found: broken internal references, the external URLs (not fetched) and how
/// many references were checked.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub broken: Vec<BrokenLink>,
    pub external: BTreeSet<String>,
    pub checked: usize,
    pub pages: usize,
}

/// Checks every internal reference under `out_dir`; `base_url` is the site's base URL
/// (`/`, `/ops/` or `https://pages.example.com/ops/`) so absolute links to the site count
/// as internal. Sorted by page, then line.
pub fn check_links(out_dir: &Path, base_url: &str) -> Vec<BrokenLink> {
    scan_site(out_dir, base_url).broken
}

/// Like [`check_links`] but also returns the external links and counts.
pub fn scan_site(out_dir: &Path, base_url: &str) -> LinkReport {
    let base = Base::parse(base_url);
    let mut docs: BTreeMap<String, Doc> = BTreeMap::new();
    let mut report = LinkReport::default();
    for entry in walkdir::WalkDir::new(out_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let Some(rel) = relative(out_dir, entry.path()) else {
            continue;
        };
        let kind = match rel.rsplit('.').next() {
            Some("html") | Some("htm") => Kind::Html,
            Some("xml") => Kind::Xml,
            Some("css") => Kind::Css,
            _ => continue,
        };
        let text = match std::fs::read(entry.path()) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                report.broken.push(BrokenLink {
                    page: rel.clone(),
                    line: 0,
                    link: String::new(),
                    reason: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        docs.insert(rel, scan_doc(&text, kind));
    }
    report.pages = docs.values().filter(|d| d.kind == Some(Kind::Html)).count();
    let mut ids_cache: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for (page, doc) in &docs {
        for r in &doc.refs {
            report.checked += 1;
            match resolve(page, &r.url, &base) {
                Target::Skip => {}
                Target::External(u) => {
                    report.external.insert(u);
                }
                Target::Broken(reason) => report.broken.push(broken(page, r, reason)),
                Target::Internal { path, fragment } => {
                    let target_page = if path.is_empty() { page.clone() } else { path };
                    if let Err(reason) =
                        check_target(out_dir, &target_page, &fragment, &docs, &mut ids_cache)
                    {
                        report.broken.push(broken(page, r, reason));
                    }
                }
            }
        }
    }
    report.broken.sort();
    report
}

/// `opsloop check --links` (which builds the site into a temporary directory first):
/// checks `out_dir` and prints every broken reference as `page:line: link: reason` on
/// stderr. Returns whether the site has no broken reference.
pub fn print_report(out_dir: &Path, base_url: &str) -> bool {
    let report = scan_site(out_dir, base_url);
    for b in &report.broken {
        eprintln!("broken link: {b}");
    }
    for (host, n) in external_hosts(&report.external) {
        eprintln!("external (not fetched): {host}: {n} links");
    }
    eprintln!(
        "links: {} pages, {} references checked, {} broken, {} external (not fetched)",
        report.pages,
        report.checked,
        report.broken.len(),
        report.external.len()
    );
    report.broken.is_empty()
}

/// Distinct hosts of the external links with how many links go to each, so a long list
/// of per-record links (one per incident) stays readable.
pub fn external_hosts(external: &BTreeSet<String>) -> BTreeMap<String, usize> {
    let mut hosts = BTreeMap::new();
    for u in external {
        let after = u.split_once("//").map(|(_, r)| r).unwrap_or(u);
        let host = after.split(['/', '?', '#']).next().unwrap_or(after);
        *hosts.entry(host.to_ascii_lowercase()).or_insert(0) += 1;
    }
    hosts
}

fn broken(page: &str, r: &Ref, reason: String) -> BrokenLink {
    BrokenLink {
        page: page.to_string(),
        line: r.line,
        link: r.url.clone(),
        reason,
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The site's base URL split into an optional origin (`https://host`) and a path that
/// starts and ends with '/'.
#[derive(Debug)]
struct Base {
    origin: Option<String>,
    path: String,
}

impl Base {
    fn parse(base_url: &str) -> Base {
        let (origin, path) = match scheme_len(base_url) {
            Some(n) if base_url[n..].starts_with("//") => {
                let after = &base_url[n + 2..];
                let host_end = after.find('/').unwrap_or(after.len());
                (
                    Some(base_url[..n + 2 + host_end].to_ascii_lowercase()),
                    after[host_end..].to_string(),
                )
            }
            _ => (None, base_url.to_string()),
        };
        let mut path = path;
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Base { origin, path }
    }
}

/// Length of `scheme:` at the start of `url` (RFC 3986 scheme syntax), if any.
fn scheme_len(url: &str) -> Option<usize> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let ok = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some(colon + 1)
}

#[derive(Debug, PartialEq)]
enum Target {
    /// Not a navigable reference (mailto:, data:, javascript:, empty).
    Skip,
    External(String),
    Broken(String),
    /// A file path relative to the output directory (empty = the page itself).
    Internal {
        path: String,
        fragment: String,
    },
}

/// Resolves `url` found on `page` (a path relative to the output directory).
fn resolve(page: &str, url: &str, base: &Base) -> Target {
    let url = url.trim();
    if url.is_empty() {
        return Target::Skip;
    }
    let (before_frag, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, percent_decode(f)),
        None => (url, String::new()),
    };
    let path_part = before_frag.split('?').next().unwrap_or("");
    if let Some(n) = scheme_len(url) {
        let scheme = url[..n - 1].to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https" | "file") {
            return Target::Skip;
        }
        return match &base.origin {
            Some(origin) if lower_prefix(path_part, origin) => {
                let rest = &path_part[origin.len()..];
                site_path(rest, fragment, base, url)
            }
            _ => Target::External(url.to_string()),
        };
    }
    if path_part.starts_with("//") {
        return Target::External(url.to_string());
    }
    if path_part.starts_with('/') {
        return site_path(path_part, fragment, base, url);
    }
    if path_part.is_empty() {
        return Target::Internal {
            path: String::new(),
            fragment,
        };
    }
    let dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };
    match normalise(&format!("{dir}{}", percent_decode(path_part))) {
        Some(path) => Target::Internal { path, fragment },
        None => Target::Broken("goes above the site root".into()),
    }
}

fn lower_prefix(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// A root-relative path (`/ops/themes/`) must lie under the base path.
fn site_path(abs_path: &str, fragment: String, base: &Base, url: &str) -> Target {
    let abs_path = if abs_path.is_empty() { "/" } else { abs_path };
    let with_slash = format!("{abs_path}/");
    let rest = if let Some(rest) = abs_path.strip_prefix(base.path.as_str()) {
        rest
    } else if with_slash == base.path {
        ""
    } else {
        return if base.origin.is_some() && scheme_len(url).is_some() {
            Target::External(url.to_string())
        } else {
            Target::Broken(format!("outside the site's base path `{}`", base.path))
        };
    };
    match normalise(&percent_decode(rest)) {
        Some(path) => Target::Internal {
            path: if path.is_empty() { "./".into() } else { path },
            fragment,
        },
        None => Target::Broken("goes above the site root".into()),
    }
}

/// Removes `.` and `..` segments; `None` when `..` would leave the root. A trailing '/'
/// is kept so directories can be told from files.
fn normalise(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    let mut s = out.join("/");
    if trailing || path == "." || path == "./" {
        s.push('/');
    }
    Some(s)
}

/// Looks `path` up in the output directory (a directory means its index.html) and checks
/// the fragment against the ids of the HTML page it lands on.
fn check_target(
    out_dir: &Path,
    path: &str,
    fragment: &str,
    docs: &BTreeMap<String, Doc>,
    ids_cache: &mut BTreeMap<String, Option<BTreeSet<String>>>,
) -> Result<(), String> {
    let trimmed = path.trim_start_matches("./").trim_end_matches('/');
    let file: PathBuf = out_dir.join(trimmed);
    let page = if path.ends_with('/') || file.is_dir() {
        let index = if trimmed.is_empty() {
            "index.html".to_string()
        } else {
            format!("{trimmed}/index.html")
        };
        if !out_dir.join(&index).is_file() {
            return Err(format!("no file {index}"));
        }
        index
    } else if file.is_file() {
        trimmed.to_string()
    } else {
        return Err(format!("no file {trimmed}"));
    };
    if fragment.is_empty() || !(page.ends_with(".html") || page.ends_with(".htm")) {
        return Ok(());
    }
    let ids = ids_cache.entry(page.clone()).or_insert_with(|| {
        docs.get(&page).map(|d| d.ids.clone()).or_else(|| {
            let text = std::fs::read_to_string(out_dir.join(&page)).ok()?;
            Some(scan_doc(&text, Kind::Html).ids)
        })
    });
    match ids {
        Some(ids) if ids.contains(fragment) => Ok(()),
        // The HTML spec's special fragment: the top of the page.
        _ if fragment == "top" => Ok(()),
        Some(_) => Err(format!("{page} has no element with id=\"{fragment}\"")),
        None => Err(format!("cannot read {page}")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Xml,
    Css,
}

/// One reference found in a document, with its 1-based line.
#[derive(Debug, Clone, PartialEq)]
struct Ref {
    line: usize,
    url: String,
}

/// What a document offers (ids) and what it points at (refs).
#[derive(Debug, Default)]
struct Doc {
    kind: Option<Kind>,
    refs: Vec<Ref>,
    ids: BTreeSet<String>,
}

fn scan_doc(text: &str, kind: Kind) -> Doc {
    let mut doc = match kind {
        Kind::Css => Doc {
            refs: css_urls(text, 1),
            ..Doc::default()
        },
        Kind::Html | Kind::Xml => scan_markup(text, kind),
    };
    doc.kind = Some(kind);
    doc
}

/// Walks the tags of an HTML or XML document and collects link attributes and ids.
fn scan_markup(text: &str, kind: Kind) -> Doc {
    let mut doc = Doc::default();
    let mut pos = 0;
    let mut line = 1;
    while let Some(off) = text[pos..].find('<') {
        line += count_lines(&text[pos..pos + off]);
        let start = pos + off;
        let rest = &text[start..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map(|e| e + 3).unwrap_or(rest.len());
            line += count_lines(&rest[..end]);
            pos = start + end;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").map(|e| e + 3).unwrap_or(rest.len());
            line += count_lines(&rest[..end]);
            pos = start + end;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
            line += count_lines(&rest[..end]);
            pos = start + end;
            continue;
        }
        let Some(tag) = parse_tag(text, start, line) else {
            pos = start + 1;
            continue;
        };
        collect(&tag, kind, &mut doc);
        line += count_lines(&text[start..tag.end]);
        pos = tag.end;
        if kind == Kind::Html && matches!(tag.name.as_str(), "script" | "style") {
            let close = format!("</{}", tag.name);
            let body_end = find_ci(&text[pos..], &close)
                .map(|e| pos + e)
                .unwrap_or(text.len());
            if tag.name == "style" {
                doc.refs.extend(css_urls(&text[pos..body_end], line));
            }
            line += count_lines(&text[pos..body_end]);
            pos = body_end;
        } else if kind == Kind::Xml && matches!(tag.name.as_str(), "loc" | "icon" | "logo") {
            let end = text[pos..].find('<').map(|e| pos + e).unwrap_or(text.len());
            let raw = &text[pos..end];
            let value = decode_entities(raw.trim());
            if !value.is_empty() {
                let leading = raw.len() - raw.trim_start().len();
                doc.refs.push(Ref {
                    line: line + count_lines(&raw[..leading]),
                    url: value,
                });
            }
        }
    }
    doc
}

fn count_lines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let lower = hay.to_ascii_lowercase();
    lower.find(&needle.to_ascii_lowercase())
}

struct Tag {
    name: String,
    attrs: Vec<(String, String, usize)>,
    end: usize,
}

/// Parses the start tag at `start` (which holds '<'); `None` if it is not a tag.
fn parse_tag(text: &str, start: usize, line: usize) -> Option<Tag> {
    let b = text.as_bytes();
    let mut i = start + 1;
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b':' | b'_')) {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut line = line + count_lines(&text[start..i]);
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            if b[i] == b'\n' {
                line += 1;
            }
            i += 1;
        }
        if i >= b.len() {
            return Some(Tag {
                name,
                attrs,
                end: b.len(),
            });
        }
        if b[i] == b'>' {
            return Some(Tag {
                name,
                attrs,
                end: i + 1,
            });
        }
        let an_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr_name = text[an_start..i].to_ascii_lowercase();
        let attr_line = line;
        while i < b.len() && b[i].is_ascii_whitespace() {
            if b[i] == b'\n' {
                line += 1;
            }
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                if b[i] == b'\n' {
                    line += 1;
                }
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = text[vs..]
                    .bytes()
                    .position(|c| c == q)
                    .map(|p| vs + p)
                    .unwrap_or(b.len());
                value = text[vs..ve].to_string();
                line += count_lines(&value);
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = text[vs..i].to_string();
            }
        }
        if !attr_name.is_empty() {
            attrs.push((attr_name, decode_entities(&value), attr_line));
        } else {
            i += 1;
        }
    }
}

/// Records the link-bearing attributes and the ids of one tag.
fn collect(tag: &Tag, kind: Kind, doc: &mut Doc) {
    let attr = |n: &str| tag.attrs.iter().find(|(k, _, _)| k == n);
    for (name, value, line) in &tag.attrs {
        let is_link = match (kind, name.as_str()) {
            (Kind::Html, "href" | "src" | "poster" | "action" | "data" | "cite") => {
                // <base href> changes resolution; our templates do not use it.
                tag.name != "base"
            }
            (Kind::Xml, "href") => true,
            _ => false,
        };
        if is_link {
            doc.refs.push(Ref {
                line: *line,
                url: value.clone(),
            });
        }
        if kind == Kind::Html && name == "srcset" {
            for candidate in value.split(',') {
                if let Some(u) = candidate.split_whitespace().next() {
                    doc.refs.push(Ref {
                        line: *line,
                        url: u.to_string(),
                    });
                }
            }
        }
        if name == "id" || (name == "name" && tag.name == "a") {
            doc.ids.insert(value.clone());
        }
    }
    // Link previews: og:image / og:url must point at files that exist.
    if kind == Kind::Html && tag.name == "meta" {
        let prop = attr("property").or_else(|| attr("name"));
        if let (Some((_, p, _)), Some((_, content, line))) = (prop, attr("content"))
            && matches!(p.as_str(), "og:image" | "og:url" | "twitter:image")
        {
            doc.refs.push(Ref {
                line: *line,
                url: content.clone(),
            });
        }
    }
}

/// `url(...)` references in CSS (fonts, images), skipping data: URIs.
fn css_urls(css: &str, first_line: usize) -> Vec<Ref> {
    let mut refs = Vec::new();
    let mut pos = 0;
    while let Some(off) = css[pos..].find("url(") {
        let start = pos + off + 4;
        let end = css[start..]
            .find(')')
            .map(|e| start + e)
            .unwrap_or(css.len());
        let raw = css[start..end]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        if !raw.is_empty() && !raw.starts_with("data:") {
            refs.push(Ref {
                line: first_line + count_lines(&css[..start]),
                url: raw.to_string(),
            });
        }
        pos = end;
    }
    refs
}

/// Decodes the character references that appear in attribute values we care about.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest[..rest.len().min(12)].find(';');
        let decoded = semi.and_then(|e| {
            let ent = &rest[1..e];
            let ch = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            ch.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Percent-decodes a URL path or fragment (invalid escapes are kept as written).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: &str) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.into(),
        }
    }

    #[test]
    fn resolves_relative_root_relative_and_absolute_links() {
        let base = Base::parse("https://pages.example.com/ops/");
        let page = "themes/dns/index.html";
        assert_eq!(resolve(page, "../", &base), internal("themes/", ""));
        assert_eq!(
            resolve(page, "../../charts/mttr/mttr.svg", &base),
            internal("charts/mttr/mttr.svg", "")
        );
        assert_eq!(
            resolve(page, "/ops/actions/#action-a-1", &base),
            internal("actions/", "action-a-1")
        );
        assert_eq!(
            resolve(page, "https://pages.example.com/ops/", &base),
            internal("./", "")
        );
        assert_eq!(resolve(page, "#top", &base), internal("", "top"));
        assert_eq!(
            resolve(page, "https://pd.example.com/incidents/Q1", &base),
            Target::External("https://pd.example.com/incidents/Q1".into())
        );
        assert_eq!(resolve(page, "mailto:ops@example.com", &base), Target::Skip);
        assert_eq!(
            resolve(page, "/other/", &base),
            Target::Broken("outside the site's base path `/ops/`".into())
        );
        assert_eq!(
            resolve("index.html", "../../etc/passwd", &base),
            Target::Broken("goes above the site root".into())
        );
    }

    #[test]
    fn external_links_are_summarised_by_host() {
        let urls: BTreeSet<String> = [
            "https://pd.example.com/incidents/A",
            "https://PD.example.com/incidents/B",
            "http://jira.example.com/browse/X-1?x=1",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let hosts: Vec<(String, usize)> = external_hosts(&urls).into_iter().collect();
        assert_eq!(
            hosts,
            vec![
                ("jira.example.com".to_string(), 1),
                ("pd.example.com".to_string(), 2)
            ]
        );
    }

    #[test]
    fn decodes_entities_and_percent_escapes() {
        let base = Base::parse("/");
        assert_eq!(
            resolve("index.html", "a%20b/?q=1&amp;r=2#x%2Dy", &base),
            internal("a b/", "x-y")
        );
        assert_eq!(
            decode_entities("a&amp;b&#47;c&#x2F;&bogus;"),
            "a&b/c/&bogus;"
        );
    }

    #[test]
    fn scanner_reports_lines_and_skips_scripts_and_comments() {
        let html = "<!doctype html>\n<html>\n<!-- <a href=\"nope\"> -->\n<a\n  class=x href='one.html'>1</a>\n<script>var s = '<a href=\"two\">';</script>\n<img src=a.png srcset=\"b.png 1x, c.png 2x\" id=pic>\n<style>body{background:url(\"bg.svg\")}</style>\n<meta property=\"og:image\" content=\"/og.png\">";
        let doc = scan_doc(html, Kind::Html);
        let got: Vec<(usize, &str)> = doc.refs.iter().map(|r| (r.line, r.url.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (5, "one.html"),
                (7, "a.png"),
                (7, "b.png"),
                (7, "c.png"),
                (8, "bg.svg"),
                (9, "/og.png")
            ]
        );
        assert!(doc.ids.contains("pic"));
    }

    #[test]
    fn xml_loc_and_link_href_are_references() {
        let xml = "<?xml version=\"1.0\"?>\n<urlset>\n<url><loc>https://x.test/a/</loc></url>\n</urlset>\n<feed><link rel=\"self\" href=\"https://x.test/feed.xml\"/></feed>";
        let doc = scan_doc(xml, Kind::Xml);
        let got: Vec<(usize, &str)> = doc.refs.iter().map(|r| (r.line, r.url.as_str())).collect();
        assert_eq!(
            got,
            vec![(3, "https://x.test/a/"), (5, "https://x.test/feed.xml")]
        );
    }
}
