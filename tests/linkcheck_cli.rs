//! `opsloop check --links` end to end: it builds into a temporary directory (public/ is
//! not touched), prints a summary and exits 0 when no link is broken.

use assert_cmd::Command;
use predicates::str::contains;

#[test]
fn check_links_builds_in_a_temporary_directory_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    Command::cargo_bin("opsloop")
        .unwrap()
        .args(["check", "--links", "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(contains("links: "))
        .stderr(contains(" 0 broken"));
    assert!(
        !dir.path().join("public").exists(),
        "check --links wrote public/"
    );
}
