//! The only stage that writes files: everything goes to a staging directory beside the
//! output directory and is swapped in with renames, so a failed or interrupted build leaves
//! the previous `public/` as it was.

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

/// One file of the site, by path relative to the output root ("charts/x/x.svg").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Rejects absolute paths, `..` and empty components, so no input (a slug, a file name)
/// can make us write outside the output directory.
pub fn safe_relative(path: &str) -> Result<PathBuf> {
    let p = Path::new(path);
    if path.is_empty() || path.contains('\\') || path.contains('\0') {
        bail!("refusing to write `{path}`: not a plain relative path");
    }
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(part) => out.push(part),
            _ => bail!("refusing to write `{path}`: it leaves the output directory"),
        }
    }
    Ok(out)
}

/// The output directory is replaced wholesale, so it must not be the site root, an
/// ancestor of it (`--output ..` or `--output ~` would delete the sources) or a folder
/// inside content/.
pub fn check_target(out_dir: &Path, root: &Path, content_dir: &Path) -> Result<()> {
    let out = absolute(out_dir);
    let root = absolute(root);
    let content = absolute(content_dir);
    if root.starts_with(&out) || out.starts_with(&content) {
        bail!(
            "refusing to write the site to {}: the whole folder is replaced on every build, and it \
             holds or is inside the site's sources ({}); choose a separate folder such as public/",
            out_dir.display(),
            root.display()
        );
    }
    Ok(())
}

/// `p` made absolute with links resolved as far as it exists, so `a/../b` and a symlink
/// to the root compare equal to the root.
fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // `..` resolved by name first (Path::file_name is None for a path ending in `..`).
    let p: PathBuf = p.components().fold(PathBuf::new(), |mut acc, c| {
        match c {
            Component::ParentDir => {
                acc.pop();
            }
            Component::CurDir => {}
            other => acc.push(other),
        }
        acc
    });
    let mut missing = Vec::new();
    let mut base = p.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            return missing.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                base = parent;
            }
            _ => return p,
        }
    }
}

/// Writes `files` into `out_dir` atomically (as far as the file system allows: the swap
/// is two renames within one parent directory).
pub fn write_site(out_dir: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.staging-"))
        .tempdir_in(parent)
        .with_context(|| format!("creating a staging directory in {}", parent.display()))?;
    write_all(staging.path(), files)?;
    swap_in(staging, out_dir, parent, &name)
}

fn write_all(root: &Path, files: &[OutputFile]) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    let mut dirs = std::collections::BTreeSet::new();
    for f in files {
        let rel = safe_relative(&f.path)?;
        if !seen.insert(rel.clone()) {
            bail!("two pages want to write `{}`", f.path);
        }
        if let Some(d) = rel.parent() {
            dirs.insert(root.join(d));
        }
    }
    for d in &dirs {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    files.par_iter().try_for_each(|f| {
        let target = root.join(safe_relative(&f.path)?);
        std::fs::write(&target, &f.bytes).with_context(|| format!("writing {}", target.display()))
    })
}

fn swap_in(staging: tempfile::TempDir, out_dir: &Path, parent: &Path, name: &str) -> Result<()> {
    let staged = staging.keep();
    if out_dir.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)?
            .keep();
        // `old` exists as an empty dir; rename replaces an empty directory on Unix.
        std::fs::rename(out_dir, &old)
            .with_context(|| format!("moving the previous {} aside", out_dir.display()))?;
        if let Err(e) = std::fs::rename(&staged, out_dir) {
            let _ = std::fs::rename(&old, out_dir);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e).with_context(|| format!("swapping in {}", out_dir.display()));
        }
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    } else {
        std::fs::rename(&staged, out_dir)
            .with_context(|| format!("moving the build into {}", out_dir.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_paths_that_leave_the_output() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\b"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert_eq!(
            safe_relative("a/b.html").unwrap(),
            PathBuf::from("a/b.html")
        );
    }

    #[test]
    fn replaces_previous_output_and_keeps_it_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::new("index.html", "one")]).unwrap();
        write_site(&out, &[OutputFile::new("a/index.html", "two")]).unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        let bad = [
            OutputFile::new("ok.html", "x"),
            OutputFile::new("../evil", "x"),
        ];
        assert!(write_site(&out, &bad).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging directories are cleaned up");
    }
}
