//! The `opsloop serve` binary: prints where it serves, and Ctrl-C (SIGINT) ends it with
//! exit code 0 and its temporary builds removed.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[test]
fn ctrl_c_stops_the_server_cleanly_and_removes_its_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    opsloop::scaffold::init(&root).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_opsloop"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .env("TMPDIR", &tmp)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (lines_tx, lines) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut seen = Vec::new();
    let url = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("no `serving at` line; stderr so far: {seen:?}"));
        if let Some(rest) = line.strip_prefix("serving at http://") {
            break rest.split('/').next().unwrap().to_string();
        }
        seen.push(line);
    };
    assert!(url.starts_with("127.0.0.1:"), "{url}");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        1,
        "one build in TMPDIR while serving"
    );

    let mut stream = TcpStream::connect(&url).unwrap();
    write!(stream, "GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"));

    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not exit after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "temporary builds removed"
    );
    assert!(!root.join("public").exists());
}
