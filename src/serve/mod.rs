//! `opsloop serve`: a local preview that rebuilds when content/ or themes/ change and
//! reloads open pages, in the manner of `zola serve` and `mdbook serve`.
//!
//! Three kinds of threads share one [`site::Current`]: HTTP workers answer from the build
//! being served, and a watcher polls the file tree and swaps in each good rebuild. The
//! reload script is added to HTML as it is served, so built sites never contain it.

pub mod http;
pub mod site;
pub mod watch;

use anyhow::{Context, anyhow, bail};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

/// Request threads: enough that a slow download never stalls the reload polls.
const WORKERS: usize = 4;

/// What `opsloop serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site directory (holds content/).
    pub root: PathBuf,
    pub interface: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    pub drafts: bool,
    pub as_of: Option<String>,
    /// How often the file tree is checked for changes.
    pub poll: Duration,
}

impl ServeOptions {
    /// Loopback on port 1111, polling every 500 ms.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            interface: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            as_of: None,
            poll: Duration::from_millis(500),
        }
    }
}

/// A running preview; [`Server::stop`] (or dropping it) ends its threads and deletes the
/// temporary builds.
pub struct Server {
    addr: SocketAddr,
    current: Arc<site::Current>,
    http: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    /// Dropping it wakes the watcher, which then exits.
    stop_watcher: Option<mpsc::Sender<()>>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Listens, builds the site once (an error here is returned: there is nothing to
    /// serve yet), then answers requests and rebuilds on change in background threads.
    pub fn start(options: ServeOptions) -> anyhow::Result<Server> {
        // `build` would happily make an empty site; here that is almost always a wrong --root.
        if !options.root.join("content").is_dir() {
            bail!(
                "{} has no content/ directory; pass the site's directory with --root, or create a site with `opsloop init`",
                options.root.display()
            );
        }
        let http = tiny_http::Server::http((options.interface, options.port)).map_err(|e| {
            anyhow!(
                "cannot listen on {}:{}: {e} (is another server using the port? try --port)",
                options.interface,
                options.port
            )
        })?;
        let addr = http
            .server_addr()
            .to_ip()
            .context("the server is not listening on an IP address")?;
        let watched = site::watched_dirs(&options.root);
        // Taken before the first build so an edit made during it triggers a rebuild.
        let before = watch::snapshot(&watched);
        let first = site::build(&options)?;
        site::print_diagnostics(&first.diagnostics);
        eprintln!("{}", site::built_line(&first, 1));

        let current = Arc::new(site::Current::new(first));
        let http = Arc::new(http);
        let stopping = Arc::new(AtomicBool::new(false));
        let mut threads = Vec::new();
        for _ in 0..WORKERS {
            let (http, current, stopping) = (http.clone(), current.clone(), stopping.clone());
            threads.push(std::thread::spawn(move || {
                answer_requests(&http, &current, &stopping)
            }));
        }
        let (stop_watcher, stop_rx) = mpsc::channel();
        let watcher_current = current.clone();
        threads.push(std::thread::spawn(move || {
            watch_and_rebuild(&options, watched, before, &watcher_current, &stop_rx)
        }));
        Ok(Server {
            addr,
            current,
            http,
            stopping,
            stop_watcher: Some(stop_watcher),
            threads,
        })
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The version open pages poll: 1 after the first build, +1 per published rebuild.
    pub fn version(&self) -> u64 {
        self.current.get().1
    }

    /// Rebuilds finished since start, whether published or not.
    pub fn rebuilds(&self) -> u64 {
        self.current.rebuilds()
    }

    /// Stops answering and watching, waits for the threads, removes the temporary builds.
    /// The listening socket closes a moment later, on tiny_http's own accept thread.
    /// (What dropping the server does; this names it at the call site.)
    pub fn stop(self) {
        drop(self);
    }

    fn shutdown(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        for _ in 0..WORKERS {
            self.http.unblock();
        }
        self.stop_watcher.take();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// `opsloop serve`: serves until Ctrl-C, then stops cleanly.
pub fn run(options: ServeOptions) -> anyhow::Result<()> {
    let (ctrl_c, interrupted) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = ctrl_c.send(());
    })
    .context("installing the Ctrl-C handler")?;
    if !options.interface.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the preview",
            options.interface
        );
    }
    let server = Server::start(options)?;
    eprintln!(
        "serving at {}; rebuilding on changes to content/ and themes/; Ctrl-C to stop",
        browser_url(server.addr())
    );
    let _ = interrupted.recv();
    eprintln!("stopping");
    server.stop();
    Ok(())
}

/// The URL to open: an unspecified interface (0.0.0.0, ::) is reachable as localhost.
pub fn browser_url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

fn answer_requests(http: &tiny_http::Server, current: &site::Current, stopping: &AtomicBool) {
    while !stopping.load(Ordering::SeqCst) {
        // Err is either an unblock from `shutdown` (the loop then ends) or a failed accept.
        let Ok(request) = http.recv() else { continue };
        let (built, version) = current.get();
        let reply = http::respond(
            request.method().as_str(),
            request.url(),
            &built.site_dir(),
            version,
        );
        // A client that went away is not our problem.
        let _ = request.respond(to_response(reply));
    }
}

fn to_response(reply: http::Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let headers = [
        ("Content-Type", Some(reply.content_type.to_string())),
        // Always fresh: the point of a preview is to show the latest build.
        ("Cache-Control", Some("no-store".to_string())),
        ("Location", reply.location),
    ];
    for (name, value) in headers {
        // `http` only produces ASCII values, which is all `from_bytes` refuses.
        if let Some(h) = value.and_then(|v| tiny_http::Header::from_bytes(name, v).ok()) {
            response = response.with_header(h);
        }
    }
    response
}

fn watch_and_rebuild(
    options: &ServeOptions,
    watched: Vec<PathBuf>,
    mut before: watch::Snapshot,
    current: &site::Current,
    stop: &mpsc::Receiver<()>,
) {
    while let Err(mpsc::RecvTimeoutError::Timeout) = stop.recv_timeout(options.poll) {
        let now = watch::snapshot(&watched);
        let changed = watch::changes(&before, &now);
        if changed.is_empty() {
            continue;
        }
        let mut names: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| watch::shown(p, &options.root))
            .collect();
        if changed.len() > 3 {
            names.push(format!("and {} more", changed.len() - 3));
        }
        eprintln!("changed: {}; rebuilding", names.join(", "));
        before = now;
        current.rebuild(options);
    }
}
