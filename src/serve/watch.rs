//! Change detection for `serve` by polling the (path, mtime, size) of every file under the
//! watched directories. Polling instead of a notify crate: it works the same on every
//! platform and file system (network mounts, containers), never hits inotify watch limits,
//! and walking a site's content/ every half second costs a few milliseconds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What is known of one file: modification time (when the file system has one) and size.
pub type Stamp = (Option<SystemTime>, u64);

/// Every watched file by path, in path order.
pub type Snapshot = BTreeMap<PathBuf, Stamp>;

/// Stamps every file under `dirs` (missing directories are simply empty), skipping editor
/// swap and backup files so saving in vim or emacs triggers one rebuild, not three.
pub fn snapshot(dirs: &[PathBuf]) -> Snapshot {
    let mut files = Snapshot::new();
    for dir in dirs {
        let walk = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_editor_scratch(e.file_name()));
        // An entry that vanishes mid-walk is a change the next poll sees; skip it here.
        for entry in walk.flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(meta) = entry.metadata() {
                files.insert(
                    entry.path().to_path_buf(),
                    (meta.modified().ok(), meta.len()),
                );
            }
        }
    }
    files
}

/// Paths added, removed or modified between two snapshots, in path order.
pub fn changes(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path.clone())
        .collect();
    out.extend(
        before
            .keys()
            .filter(|path| !after.contains_key(*path))
            .cloned(),
    );
    out.sort();
    out
}

/// Hidden files (`.x.swp`, `.#x`, `.DS_Store`), backups (`x~`) and vim's write test file
/// `4913`: none of them is site input.
fn is_editor_scratch(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name == "4913"
}

/// `path` relative to `root` for messages ("content/postmortems/x.md").
pub fn shown(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_added_modified_and_removed_files_but_not_editor_scratch() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("postmortems")).unwrap();
        std::fs::write(root.join("postmortems/a.md"), "one").unwrap();
        std::fs::write(root.join("site.yaml"), "title: x").unwrap();
        let dirs = vec![root.clone(), root.join("missing")];
        let before = snapshot(&dirs);
        assert_eq!(before.len(), 2);

        std::fs::write(root.join("postmortems/a.md"), "one, edited").unwrap();
        std::fs::write(root.join("postmortems/b.md"), "new").unwrap();
        std::fs::remove_file(root.join("site.yaml")).unwrap();
        std::fs::write(root.join("postmortems/.a.md.swp"), "vim").unwrap();
        std::fs::write(root.join("postmortems/a.md~"), "backup").unwrap();
        let after = snapshot(&dirs);

        assert_eq!(
            changes(&before, &after),
            vec![
                root.join("postmortems/a.md"),
                root.join("postmortems/b.md"),
                root.join("site.yaml"),
            ]
        );
        assert!(changes(&after, &snapshot(&dirs)).is_empty());
    }
}
