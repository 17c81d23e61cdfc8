//! `opsloop serve` end to end: a real server on an ephemeral port over the `init` example
//! site, spoken to with raw HTTP so paths reach it exactly as written.

use opsloop::serve::{ServeOptions, Server};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const POSTMORTEM: &str = "content/postmortems/2025-03-04-checkout-timeouts.md";

struct Response {
    status: u16,
    headers: String,
    body: String,
}

/// One HTTP/1.0 request (so the answer is never chunked and the connection closes).
fn get(addr: SocketAddr, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete response");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Response {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

fn example_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    opsloop::scaffold::init(&root).unwrap();
    (dir, root)
}

fn start(root: &Path) -> Server {
    Server::start(ServeOptions {
        port: 0,
        poll: Duration::from_millis(100),
        ..ServeOptions::new(root)
    })
    .expect("the example site builds and the server starts")
}

/// Waits (up to a generous limit for a loaded machine) until `done` holds.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Replaces the file in one step (a dotfile renamed over it, as editors save), so the
/// watcher never sees it emptied half-way and publish an extra version.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    let name = path.file_name().unwrap().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, text.replace(from, to)).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn serves_pages_with_reload_404_and_refuses_traversal() {
    let (_dir, root) = example_site();
    let server = start(&root);
    let addr = server.addr();
    assert!(addr.ip().is_loopback());

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(home.body.contains("Example Co operations report"));
    assert!(
        home.body.contains(
            "<script src=\"/__opsloop/livereload.js\" data-version=\"1\"></script>\n</body>"
        ),
        "reload script before </body>"
    );
    assert_eq!(get(addr, "/__opsloop/version").body, "1");
    let script = get(addr, "/__opsloop/livereload.js");
    assert!(script.headers.contains("content-type: text/javascript"));
    assert_eq!(get(addr, "/style.css").status, 200);
    assert!(
        get(addr, "/style.css")
            .headers
            .contains("content-type: text/css")
    );

    let moved = get(addr, "/postmortems");
    assert_eq!(moved.status, 301);
    assert!(moved.headers.contains("location: /postmortems/"));
    let page = get(addr, "/postmortems/checkout-timeouts/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Checkout requests timing out"));

    let missing = get(addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404.html"
    );
    assert!(missing.body.contains("/__opsloop/livereload.js"));

    for sneaky in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/postmortems/..%2f..%2fCargo.toml",
        "//etc/passwd",
    ] {
        let r = get(addr, sneaky);
        assert_eq!(r.status, 403, "{sneaky}");
        assert!(!r.body.contains("[package]") && !r.body.contains("root:"));
    }

    server.stop();
    // tiny_http closes its listening socket on its own accept thread, just after `stop`.
    wait_for("the listening socket to close", || {
        TcpStream::connect(addr).is_err()
    });
    assert!(!root.join("public").exists(), "serve never writes public/");
}

#[test]
fn editing_a_postmortem_rebuilds_and_a_broken_edit_keeps_the_last_good_site() {
    let (_dir, root) = example_site();
    let server = start(&root);
    let addr = server.addr();
    let page = "/postmortems/checkout-timeouts/";

    edit(
        &root.join(POSTMORTEM),
        "title: \"Checkout requests timing out\"",
        "title: \"Checkout requests timed out for 47 minutes\"",
    );
    wait_for("a rebuild after the edit", || server.version() >= 2);
    let r = get(addr, page);
    assert!(
        r.body
            .contains("Checkout requests timed out for 47 minutes")
    );
    assert!(r.body.contains("data-version=\"2\""));
    assert_eq!(get(addr, "/__opsloop/version").body, "2");

    // Front matter that no longer parses is an error: the preview keeps the last good
    // build rather than losing the page the author is working on.
    let rebuilds = server.rebuilds();
    edit(
        &root.join(POSTMORTEM),
        "date: 2025-03-04",
        "date: [not a date",
    );
    wait_for("the rebuild of the broken edit", || {
        server.rebuilds() > rebuilds
    });
    assert_eq!(server.version(), 2);
    let r = get(addr, page);
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("Checkout requests timed out for 47 minutes")
    );

    edit(
        &root.join(POSTMORTEM),
        "date: [not a date",
        "date: 2025-03-04",
    );
    wait_for("the rebuild after the fix", || server.version() >= 3);
    assert_eq!(get(addr, page).status, 200);
    server.stop();
}

#[test]
fn built_sites_never_contain_the_reload_script() {
    let (_dir, root) = example_site();
    let config =
        opsloop::config::Config::load(&root, &opsloop::config::Overrides::default()).unwrap();
    opsloop::build::run(&config, true).unwrap();
    let mut html_pages = 0;
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            html_pages += entry.path().extension().is_some_and(|e| e == "html") as usize;
            assert!(
                !String::from_utf8_lossy(&bytes).contains("/__opsloop/"),
                "{}",
                entry.path().display()
            );
        }
    }
    assert!(html_pages > 5);
}

#[test]
fn a_directory_without_content_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let err = Server::start(ServeOptions {
        port: 0,
        ..ServeOptions::new(dir.path())
    })
    .err()
    .expect("no site to serve");
    let message = format!("{err:#}");
    assert!(
        message.contains("has no content/ directory") && message.contains("--root"),
        "{message}"
    );
}

#[test]
fn editing_the_sites_theme_rebuilds() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/override");
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.unwrap();
        let to = dir
            .path()
            .join(entry.path().strip_prefix(&fixture).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let server = start(dir.path());
    assert!(
        get(server.addr(), "/style.css")
            .body
            .contains("rebeccapurple")
    );

    edit(
        &dir.path().join("themes/custom/static/style.css"),
        "rebeccapurple",
        "darkslateblue",
    );
    wait_for("a rebuild after the theme edit", || server.version() >= 2);
    let css = get(server.addr(), "/style.css");
    assert!(css.body.contains("darkslateblue"), "{}", css.body);
    server.stop();
}
