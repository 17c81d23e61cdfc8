//! Builds for `serve`: each build goes into its own temporary directory (never public/),
//! and the server swaps which one it serves, so a request never sees a half-written site
//! and the previous build is deleted once no request is reading it.

use super::ServeOptions;
use crate::config::{Config, Overrides};
use crate::diagnostics::Diagnostics;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// One complete build of the site in a temporary directory, removed on drop.
pub struct Built {
    dir: tempfile::TempDir,
    pub diagnostics: Diagnostics,
    pub files: usize,
    pub took: Duration,
}

impl Built {
    /// The site root inside the temporary directory.
    pub fn site_dir(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

/// Runs the whole pipeline with serve's settings: output in a fresh temporary directory,
/// base URL "/" so links work on localhost.
pub fn build(options: &ServeOptions) -> anyhow::Result<Built> {
    let started = Instant::now();
    let dir = tempfile::Builder::new()
        .prefix("opsloop-serve-")
        .tempdir()
        .context("creating a temporary directory for the preview")?;
    let overrides = Overrides {
        output: Some(dir.path().join("site")),
        base_url: Some("/".into()),
        as_of: options.as_of.clone(),
        strict: false,
        drafts: options.drafts,
    };
    let config = Config::load(&options.root, &overrides)?;
    let outcome = crate::build::run(&config, true)?;
    Ok(Built {
        dir,
        diagnostics: outcome.diagnostics,
        files: outcome.files,
        took: started.elapsed(),
    })
}

/// The build being served and its version (what open pages poll).
pub struct Published {
    pub site: Arc<Built>,
    pub version: u64,
}

/// Shared between the request threads and the rebuild thread.
pub struct Current {
    published: RwLock<Published>,
    /// Rebuilds finished, published or not (lets a caller wait for one).
    rebuilds: AtomicU64,
}

impl Current {
    pub fn new(first: Built) -> Current {
        Current {
            published: RwLock::new(Published {
                site: Arc::new(first),
                version: 1,
            }),
            rebuilds: AtomicU64::new(0),
        }
    }

    /// The build to answer a request from; it stays on disk until the Arc is dropped.
    pub fn get(&self) -> (Arc<Built>, u64) {
        let p = self.published.read().unwrap_or_else(|e| e.into_inner());
        (Arc::clone(&p.site), p.version)
    }

    pub fn rebuilds(&self) -> u64 {
        self.rebuilds.load(Ordering::SeqCst)
    }

    /// [`Current::publish`] of a fresh build, counted.
    pub fn rebuild(&self, options: &ServeOptions) {
        self.publish(build(options));
        self.rebuilds.fetch_add(1, Ordering::SeqCst);
    }

    /// Serves `built` unless it failed or has errors while the served
    /// build has none: an author in the middle of an edit keeps seeing the last good site
    /// (the terminal says why), and a site that has never built cleanly still updates.
    fn publish(&self, built: anyhow::Result<Built>) {
        let built = match built {
            Ok(built) => built,
            Err(e) => {
                eprintln!("error: {e:#}");
                eprintln!("rebuild failed; still serving the last good site");
                return;
            }
        };
        print_diagnostics(&built.diagnostics);
        let mut p = self.published.write().unwrap_or_else(|e| e.into_inner());
        if built.diagnostics.has_errors() && !p.site.diagnostics.has_errors() {
            eprintln!("rebuild has errors; still serving the last good site");
            return;
        }
        p.version += 1;
        eprintln!("{}", built_line(&built, p.version));
        p.site = Arc::new(built);
    }
}

/// Every diagnostic, one a line, as `build` prints them.
pub fn print_diagnostics(d: &Diagnostics) {
    for diag in &d.diagnostics {
        eprintln!("{diag}");
    }
}

/// "built 212 files in 0.41 s (0 errors, 2 warnings), version 3".
pub fn built_line(b: &Built, version: u64) -> String {
    let (errors, warnings) = b.diagnostics.counts();
    format!(
        "built {} files in {:.2} s ({errors} errors, {warnings} warnings), version {version}",
        b.files,
        b.took.as_secs_f64()
    )
}

/// The directories whose changes trigger a rebuild: content/ and the site's themes/.
pub fn watched_dirs(root: &Path) -> Vec<PathBuf> {
    vec![root.join("content"), root.join("themes")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    fn built(errors: bool) -> anyhow::Result<Built> {
        let mut diagnostics = Diagnostics::default();
        if errors {
            diagnostics.push(Diagnostic::error("postmortems/a.md", 2, 1, "bad"));
        }
        Ok(Built {
            dir: tempfile::tempdir()?,
            diagnostics,
            files: 0,
            took: Duration::ZERO,
        })
    }

    #[test]
    fn a_clean_site_is_kept_until_a_rebuild_is_clean_again() {
        let current = Current::new(built(false).unwrap());
        current.publish(built(true));
        current.publish(Err(anyhow::anyhow!("template error")));
        assert_eq!(current.get().1, 1);
        assert!(!current.get().0.diagnostics.has_errors());
        current.publish(built(false));
        assert_eq!(current.get().1, 2);
    }

    #[test]
    fn a_site_that_never_built_cleanly_still_updates() {
        let current = Current::new(built(true).unwrap());
        current.publish(built(true));
        assert_eq!(current.get().1, 2);
        current.publish(built(false));
        assert_eq!(current.get().1, 3);
        assert!(!current.get().0.diagnostics.has_errors());
    }

    #[test]
    fn replaced_builds_are_deleted_once_no_request_holds_them() {
        let current = Current::new(built(false).unwrap());
        let (held, _) = current.get();
        let old_dir = held.dir.path().to_path_buf();
        current.publish(built(false));
        assert!(old_dir.exists(), "a request still reading it");
        drop(held);
        assert!(!old_dir.exists());
    }
}
