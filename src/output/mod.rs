//! The only code that writes the site: render and the search index hand each file to a
//! [`Sink`] as soon as it exists, which writes it into a staging directory beside the
//! output directory; the staging directory is swapped in with renames at the end, so a
//! failed or interrupted build leaves the previous `public/` as it was.

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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
    let staging = Staging::new(out_dir)?;
    files
        .par_iter()
        .try_for_each(|f| staging.put(&f.path, &f.bytes))?;
    staging.commit().map(|_| ())
}

/// Where files go as they are rendered: either straight into a staging directory beside
/// the output (a build: no page waits in memory for the others), or into a list (tests,
/// `site::render`).
pub enum Sink<'a> {
    Memory(Mutex<Vec<OutputFile>>),
    Disk(&'a Staging),
}

impl Sink<'_> {
    pub fn memory() -> Self {
        Sink::Memory(Mutex::new(Vec::new()))
    }

    /// Takes one file; a second file with the same path is an error (on disk at once, in
    /// memory when the list is sorted and checked).
    pub fn put(&self, file: OutputFile) -> Result<()> {
        match self {
            Sink::Memory(files) => {
                files.lock().expect("no panics while held").push(file);
                Ok(())
            }
            Sink::Disk(staging) => staging.put(&file.path, &file.bytes),
        }
    }

    /// Takes one file written by `write`: on disk it goes straight into the file, so a
    /// big one (report.json, 66 MB at scale L) is never held whole in memory.
    pub fn put_with(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<()> {
        match self {
            Sink::Memory(_) => {
                let mut bytes = Vec::new();
                write(&mut bytes)?;
                self.put(OutputFile::new(path, bytes))
            }
            Sink::Disk(staging) => staging.put_with(path, write),
        }
    }

    /// Every file of a [`Sink::memory`], sorted by path; an error when two share a path.
    /// A disk sink keeps no files.
    pub fn into_files(self) -> Result<Vec<OutputFile>> {
        let mut files = match self {
            Sink::Memory(files) => files.into_inner().expect("no panics while held"),
            Sink::Disk(_) => bail!("the files went to the staging directory"),
        };
        files.sort_by(|a, b| a.path.cmp(&b.path));
        if let Some(w) = files.windows(2).find(|w| w[0].path == w[1].path) {
            bail!("two parts of the site both want to write `{}`", w[0].path);
        }
        Ok(files)
    }
}

/// A staging directory beside the output directory that files are written into as they
/// come; [`Staging::commit`] swaps it in, and dropping it uncommitted removes it, so a
/// failed build leaves the previous output as it was.
pub struct Staging {
    dir: tempfile::TempDir,
    out_dir: PathBuf,
    /// Paths written so far (as normalised by [`safe_relative`]), to refuse a second file
    /// with the same path.
    paths: Mutex<BTreeSet<PathBuf>>,
    /// Folders already created, to skip the system calls for the next file in them.
    dirs: Mutex<BTreeSet<PathBuf>>,
}

impl Staging {
    /// Creates the staging directory, first removing any that an interrupted build (one
    /// killed while rendering) left beside the output.
    pub fn new(out_dir: &Path) -> Result<Staging> {
        let parent = parent_of(out_dir);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
        let name = dir_name(out_dir);
        remove_leftovers(parent, &name)?;
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(parent)
            .with_context(|| format!("creating a staging directory in {}", parent.display()))?;
        Ok(Staging {
            dir,
            out_dir: out_dir.to_path_buf(),
            paths: Mutex::default(),
            dirs: Mutex::default(),
        })
    }

    /// Writes one file (`path` relative to the output root).
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let target = self.claim(path)?;
        std::fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))
    }

    /// Writes one file through `write` (see [`Sink::put_with`]).
    pub fn put_with(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<()> {
        let target = self.claim(path)?;
        let context = || format!("writing {}", target.display());
        let file = std::fs::File::create(&target).with_context(context)?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut out).with_context(context)?;
        std::io::Write::flush(&mut out).with_context(context)
    }

    /// Where `path` goes in the staging directory, its folder created; an error when
    /// `path` is unsafe or already written.
    fn claim(&self, path: &str) -> Result<PathBuf> {
        let rel = safe_relative(path)?;
        let target = self.dir.path().join(&rel);
        if let Some(d) = target.parent() {
            let known = self.dirs.lock().expect("no panics while held").contains(d);
            if !known {
                std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
                self.dirs
                    .lock()
                    .expect("no panics while held")
                    .insert(d.to_path_buf());
            }
        }
        if !self.paths.lock().expect("no panics while held").insert(rel) {
            bail!("two parts of the site both want to write `{path}`");
        }
        Ok(target)
    }

    /// Swaps the staging directory in for the output directory; returns the file count.
    pub fn commit(self) -> Result<usize> {
        let files = self.paths.lock().expect("no panics while held").len();
        let parent = parent_of(&self.out_dir);
        swap_in(self.dir, &self.out_dir, parent, &dir_name(&self.out_dir))?;
        Ok(files)
    }
}

/// Removes `.<name>.staging-*` and `.<name>.old-*` folders in `parent`: what a build
/// killed before its swap leaves behind.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    let entries =
        std::fs::read_dir(parent).with_context(|| format!("reading {}", parent.display()))?;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let path = entry.path();
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("removing a leftover {}", path.display()))?;
        }
    }
    Ok(())
}

fn parent_of(out_dir: &Path) -> &Path {
    out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn dir_name(out_dir: &Path) -> String {
    out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
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

    #[test]
    fn a_second_file_with_the_same_path_fails_the_build_and_leaves_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::new("index.html", "old")]).unwrap();
        let staging = Staging::new(&out).unwrap();
        let sink = Sink::Disk(&staging);
        sink.put(OutputFile::new("a/x.html", "1")).unwrap();
        let err = sink.put(OutputFile::new("a/x.html", "2")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "two parts of the site both want to write `a/x.html`"
        );
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the staging directory is removed");
    }

    #[test]
    fn a_committed_sink_counts_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let staging = Staging::new(&out).unwrap();
        for p in ["index.html", "a/b/c.html", "a/d.html"] {
            Sink::Disk(&staging).put(OutputFile::new(p, p)).unwrap();
        }
        assert_eq!(staging.commit().unwrap(), 3);
        assert_eq!(
            std::fs::read_to_string(out.join("a/b/c.html")).unwrap(),
            "a/b/c.html"
        );
    }

    /// A file written through `put_with` lands as written, on disk and in memory, and is
    /// held to the same path rules as `put`.
    #[test]
    fn a_written_file_follows_the_rules_of_a_put_one() {
        let write = |w: &mut dyn std::io::Write| -> Result<()> { Ok(w.write_all(b"{}\n")?) };
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let staging = Staging::new(&out).unwrap();
        let sink = Sink::Disk(&staging);
        sink.put_with("data/report.json", write).unwrap();
        let again = sink.put(OutputFile::new("data/report.json", "x"));
        assert!(again.is_err());
        assert!(sink.put_with("../report.json", write).is_err());
        assert_eq!(staging.commit().unwrap(), 1);
        let on_disk = std::fs::read_to_string(out.join("data/report.json")).unwrap();
        assert_eq!(on_disk, "{}\n");
        let memory = Sink::memory();
        memory.put_with("data/report.json", write).unwrap();
        let files = memory.into_files().unwrap();
        assert_eq!(files[0].bytes, b"{}\n");
    }

    #[test]
    fn folders_left_by_a_killed_build_are_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for left in [".public.staging-abc", ".public.old-def"] {
            std::fs::create_dir_all(dir.path().join(left).join("a")).unwrap();
        }
        std::fs::create_dir(dir.path().join(".other.staging-x")).unwrap();
        Staging::new(&out).unwrap().commit().unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".other.staging-x", "public"]);
    }

    #[test]
    fn paths_are_compared_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("o")).unwrap();
        let sink = Sink::Disk(&staging);
        sink.put(OutputFile::new("a/b.html", "1")).unwrap();
        assert!(sink.put(OutputFile::new("a//b.html", "2")).is_err());
        assert!(sink.put(OutputFile::new("a/./b.html", "3")).is_err());
        let mem = Sink::memory();
        mem.put(OutputFile::new("x", "1")).unwrap();
        mem.put(OutputFile::new("x", "2")).unwrap();
        assert_eq!(
            mem.into_files().unwrap_err().to_string(),
            "two parts of the site both want to write `x`"
        );
    }
}
