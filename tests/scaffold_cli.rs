//! The scaffolding commands as a user runs them: init, new postmortem, then check.

use assert_cmd::Command;

fn opsloop() -> Command {
    Command::cargo_bin("opsloop").unwrap()
}

#[test]
fn init_then_new_postmortem_then_check_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    opsloop().arg("init").arg(&site).assert().success();
    opsloop()
        .args([
            "new",
            "postmortem",
            "Search: index lag",
            "--date",
            "2025-07-01",
            "--root",
        ])
        .arg(&site)
        .assert()
        .success();
    assert!(
        site.join("content/postmortems/2025-07-01-search-index-lag.md")
            .is_file()
    );
    // --strict: not even a warning from the examples or the new draft.
    opsloop()
        .args(["check", "--strict", "--root"])
        .arg(&site)
        .assert()
        .code(0);
}

#[test]
fn init_into_a_non_empty_directory_fails_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    opsloop()
        .arg("init")
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicates::str::contains("is not empty"));
    assert!(!dir.path().join("content").exists());
}
