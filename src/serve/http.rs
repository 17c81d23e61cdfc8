//! What `serve` answers to a request: a file of the built site, its 404 page, or the
//! live-reload endpoints. Pure functions of (method, URL, site directory, version), so the
//! rules (path safety, content types, reload injection) are tested without sockets.

use std::path::{Component, Path, PathBuf};

/// Polled by open pages; the body is the site version, bumped after each published rebuild.
pub const VERSION_PATH: &str = "/__opsloop/version";
/// The reload script; served, never written into the site.
pub const SCRIPT_PATH: &str = "/__opsloop/livereload.js";
const SCRIPT: &str = include_str!("livereload.js");

/// An HTTP answer, independent of the server library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// `Location` of a redirect.
    pub location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            location: None,
        }
    }

    fn text(status: u16, body: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", body)
    }
}

/// Answers `method url` from the site built in `site_dir` at `version`.
pub fn respond(method: &str, url: &str, site_dir: &Path, version: u64) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::text(405, "opsloop serve only answers GET and HEAD\n");
    }
    let raw_path = url.split(['?', '#']).next().unwrap_or("");
    match raw_path {
        VERSION_PATH => return Reply::text(200, &version.to_string()),
        SCRIPT_PATH => return Reply::new(200, content_type("livereload.js"), SCRIPT),
        _ => {}
    }
    let Some(rel) = site_relative(raw_path) else {
        return Reply::text(403, "refused: the path leaves the site directory\n");
    };
    let target = site_dir.join(&rel);
    if target.is_dir() {
        if !raw_path.ends_with('/') {
            // Pages link relatively ("../style.css"), which only resolves from "dir/".
            let mut to = Reply::text(301, "moved\n");
            to.location = Some(format!("{}/", ascii_only(raw_path)));
            return to;
        }
        return file(&target.join("index.html"), 200, version)
            .unwrap_or_else(|| not_found(site_dir, version));
    }
    file(&target, 200, version).unwrap_or_else(|| not_found(site_dir, version))
}

/// The site's 404.html with status 404 (a plain message if the theme has none).
fn not_found(site_dir: &Path, version: u64) -> Reply {
    file(&site_dir.join("404.html"), 404, version)
        .unwrap_or_else(|| Reply::text(404, "not found\n"))
}

/// A regular file of the site, HTML with the reload script added.
fn file(path: &Path, status: u16, version: u64) -> Option<Reply> {
    if !path.is_file() {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let name = path.file_name()?.to_string_lossy();
    let kind = content_type(&name);
    let body = if kind.starts_with("text/html") {
        inject_reload(&bytes, version)
    } else {
        bytes
    };
    Some(Reply::new(status, kind, body))
}

/// The URL path as a path under the site directory, or `None` when it would leave it:
/// `..` anywhere, an absolute path after decoding (`//etc/passwd`, `/%2Fetc`), a Windows
/// drive prefix, a backslash, a NUL, or percent-encoding that is not UTF-8.
pub fn site_relative(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path.strip_prefix('/')?)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut out = PathBuf::new();
    for c in Path::new(&decoded).components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// `%XX` decoding (the only URL encoding a browser applies to paths); `None` for a bad
/// escape or a result that is not UTF-8. Hand-written: twelve lines do not justify a crate.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `s` with every byte outside printable ASCII percent-encoded, fit for a header.
fn ascii_only(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'!'..=b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Content type by file extension, for every kind of file the site writes.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script before the last `</body>` (at the end when there is none). The
/// page's version rides along so a rebuild that lands between loading the page and its
/// first poll still reloads it.
pub fn inject_reload(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-version=\"{version}\"></script>\n");
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("themes")).unwrap();
        std::fs::write(root.join("index.html"), "<html><body>home</body></html>").unwrap();
        std::fs::write(root.join("themes/index.html"), "<p>themes</p>").unwrap();
        std::fs::write(root.join("404.html"), "<body>lost</body>").unwrap();
        std::fs::write(root.join("style.css"), "body{}").unwrap();
        dir
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        for bad in [
            "/../Cargo.toml",
            "/a/../../x",
            "/%2e%2e/Cargo.toml",
            "/..%2FCargo.toml",
            "//etc/passwd",
            "/%2Fetc/passwd",
            "/a%5C..%5Cb",
            "/a%00",
            "/%ff",
            "/%zz",
            "relative",
        ] {
            assert_eq!(site_relative(bad), None, "{bad}");
        }
        assert_eq!(site_relative("/"), Some(PathBuf::new()));
        assert_eq!(
            site_relative("/charts/a%20b/x.svg"),
            Some(PathBuf::from("charts/a b/x.svg"))
        );
        let dir = site();
        let r = respond("GET", "/../Cargo.toml", dir.path(), 1);
        assert_eq!(r.status, 403);
    }

    #[test]
    fn serves_index_pages_with_the_reload_script() {
        let dir = site();
        let r = respond("GET", "/?q=x", dir.path(), 7);
        assert_eq!(
            (r.status, r.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert_eq!(
            String::from_utf8(r.body).unwrap(),
            "<html><body>home<script src=\"/__opsloop/livereload.js\" data-version=\"7\"></script>\n</body></html>"
        );
        let r = respond("GET", "/themes/", dir.path(), 7);
        assert!(String::from_utf8(r.body).unwrap().ends_with("</script>\n"));
        let r = respond("GET", "/style.css", dir.path(), 7);
        assert_eq!((r.status, r.body), (200, b"body{}".to_vec()));
        assert_eq!(r.content_type, "text/css; charset=utf-8");
    }

    #[test]
    fn redirects_a_directory_without_its_slash() {
        let r = respond("GET", "/themes", site().path(), 1);
        assert_eq!((r.status, r.location.as_deref()), (301, Some("/themes/")));
        assert_eq!(ascii_only("/é x"), "/%C3%A9%20x");
    }

    #[test]
    fn missing_paths_get_the_404_page() {
        let dir = site();
        let r = respond("GET", "/nope/", dir.path(), 2);
        assert_eq!(r.status, 404);
        assert!(
            String::from_utf8(r.body)
                .unwrap()
                .starts_with("<body>lost<script")
        );
        std::fs::remove_file(dir.path().join("404.html")).unwrap();
        assert_eq!(respond("GET", "/x.png", dir.path(), 2).status, 404);
    }

    #[test]
    fn version_and_script_endpoints() {
        let dir = site();
        let r = respond("GET", "/__opsloop/version?t=1", dir.path(), 42);
        assert_eq!((r.status, r.body), (200, b"42".to_vec()));
        let r = respond("GET", SCRIPT_PATH, dir.path(), 42);
        assert_eq!(r.content_type, "text/javascript; charset=utf-8");
        assert!(String::from_utf8(r.body).unwrap().contains(VERSION_PATH));
        assert_eq!(respond("POST", "/", dir.path(), 1).status, 405);
    }

    #[test]
    fn content_types_of_everything_the_site_writes() {
        for (name, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("feed.xml", "application/xml"),
            ("report.json", "application/json"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(name), kind, "{name}");
        }
    }

    #[test]
    fn injects_before_the_last_body_close_in_any_case() {
        let out = inject_reload(b"<p></body>x</BODY>", 3);
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("<p></body>x<script"), "{out}");
        assert!(out.ends_with("</script>\n</BODY>"), "{out}");
    }
}
