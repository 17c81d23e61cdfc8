//! Report + theme -> pages (tera), feed, sitemap.
//!
//! Each page is planned as a [`Page`]: an output path, a template and a small context
//! holding only what that page shows. Pages are then rendered in parallel with rayon.

use crate::analyze::Report;
use crate::charts::Chart;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;
use crate::output::{OutputFile, Sink};
use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod feeds;
pub mod format;
pub mod markdown;
mod pages;
mod redacted_json;

pub mod theme;
pub mod urls;

pub use crate::privacy::Redactor;
pub use theme::Theme;

/// Everything the site is rendered from: borrowed, and what both the pages and the search
/// index read worked out once.
pub struct SiteInput<'a> {
    pub config: &'a Config,
    pub dataset: &'a Dataset,
    pub report: &'a Report,
    pub charts: &'a [Chart],
    pub diagnostics: &'a Diagnostics,
    pub incident_table: urls::IncidentTable,
}

impl<'a> SiteInput<'a> {
    pub fn new(
        config: &'a Config,
        dataset: &'a Dataset,
        report: &'a Report,
        charts: &'a [Chart],
        diagnostics: &'a Diagnostics,
    ) -> SiteInput<'a> {
        let page_size = config.settings.page_size;
        SiteInput {
            config,
            dataset,
            report,
            charts,
            diagnostics,
            incident_table: urls::IncidentTable::new(&dataset.incidents, page_size),
        }
    }
}

/// One HTML page to render: where it goes, with which template, from which context.
pub struct Page {
    /// Output path, e.g. "postmortems/db-failover/index.html".
    pub path: String,
    pub template: &'static str,
    pub ctx: tera::Context,
}

/// What every page's `site` and `page` context variables hold.
#[derive(Debug, Clone, Serialize)]
pub struct SiteMeta {
    pub title: String,
    pub description: String,
    /// base_url, always ending in '/'.
    pub base: String,
    pub as_of: String,
    pub timezone: String,
    pub has_search: bool,
    pub has_report_json: bool,
    pub nav: Vec<NavItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub section: &'static str,
    pub href: String,
    pub label: &'static str,
}

fn nav(base: &str, has_reports: bool, has_tickets: bool) -> Vec<NavItem> {
    const SECTIONS: [(&str, &str, &str); 11] = [
        ("overview", "", "Overview"),
        ("themes", "themes/", "Themes"),
        ("services", "services/", "Services"),
        ("incidents", "incidents/", "Incidents"),
        ("tickets", "tickets/", "Tickets"),
        ("postmortems", "postmortems/", "Postmortems"),
        ("actions", "actions/", "Actions"),
        ("wins", "wins/", "Wins"),
        ("reports", "reports/", "Reports"),
        ("charts", "charts/", "Charts"),
        ("quality", "quality/", "Data quality"),
    ];
    SECTIONS
        .iter()
        .filter(|(s, _, _)| (*s != "reports" || has_reports) && (*s != "tickets" || has_tickets))
        .map(|&(section, path, label)| NavItem {
            section,
            href: format!("{base}{path}"),
            label,
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Top-level section for the nav's `aria-current`: "overview", "themes", "incidents"...
    pub section: String,
    /// Absolute URL of a PNG for og:image, when the page has a chart.
    pub og_image: Option<String>,
}

/// Shared, read-only state for planning pages.
pub struct Ctx<'a> {
    pub input: &'a SiteInput<'a>,
    pub theme: Theme,
    pub redactor: Redactor,
    pub site: SiteMeta,
    /// Incident id -> href of its row in the paginated table. Hashed (foldhash), never
    /// iterated: pages look ids up hundreds of thousands of times at scale L, and a
    /// B-tree of 100k ids compared ~17 strings per lookup.
    pub incident_hrefs: hashbrown::HashMap<String, String>,
    /// Incident id -> index in `dataset.incidents`; hashed like `incident_hrefs`.
    pub incident_index: hashbrown::HashMap<String, usize>,
    /// (service, fingerprint) -> incident indexes, so per-postmortem lookups do not scan
    /// every incident (2k postmortems x 100k incidents at scale L).
    pub by_key: BTreeMap<(String, String), Vec<usize>>,
    /// Postmortem slug named by an incident -> incident indexes.
    pub by_postmortem: BTreeMap<String, Vec<usize>>,
    /// `report.as_of_date` as a date.
    pub as_of: Option<chrono::NaiveDate>,
    /// Slug -> title of the postmortems that are published (drafts only with --drafts).
    pub postmortems: BTreeMap<String, String>,
}

impl<'a> Ctx<'a> {
    pub fn new(input: &'a SiteInput<'a>) -> Result<Ctx<'a>> {
        let settings = &input.config.settings;
        let override_dir = settings
            .theme
            .as_deref()
            .filter(|t| *t != "default" || input.config.root.join("themes/default").is_dir())
            .map(|t| theme_dir(input, t))
            .transpose()?;
        let theme = Theme::load(override_dir.as_deref())?;
        let redactor = input.config.redactor.clone();
        // In-site links are written against a marker that `render` replaces with each
        // page's relative path to the root, so the site works under any sub-path and
        // when opened from disk (file://); only og:image, the feed and the sitemap are
        // absolute, from base_url.
        let base = ROOT_MARK.to_string();
        // In table order, so a repeated id links to its last row.
        let table = &input.incident_table;
        let incident_hrefs = (table.order.iter())
            .map(|&i| {
                let id = input.dataset.incidents[i].id.clone();
                (id, format!("{base}{}", table.urls[i]))
            })
            .collect();
        // analyze settled the as-of date (--as-of / site.yaml, else the latest timestamp
        // in the data); only a Report built without it (Report::default) has none.
        let as_of = chrono::NaiveDate::parse_from_str(&input.report.as_of_date, "%Y-%m-%d").ok();
        let site = SiteMeta {
            title: redactor.redact(&settings.title),
            description: settings
                .description
                .as_deref()
                .map(|d| redactor.redact(d))
                .unwrap_or_default(),
            nav: nav(
                &base,
                pages::report::has_reports(input),
                !input.dataset.tickets.is_empty(),
            ),
            base,
            as_of: as_of.map(|d| d.to_string()).unwrap_or_default(),
            timezone: settings.timezone.clone(),
            has_search: settings.search && theme.has_template("search.html"),
            has_report_json: true,
        };
        let postmortems = input
            .dataset
            .postmortems
            .iter()
            .filter(|p| is_published(input, p))
            .map(|p| (p.slug.clone(), redactor.redact(&p.title)))
            .collect();
        let incident_index = input
            .dataset
            .incidents
            .iter()
            .enumerate()
            .map(|(k, i)| (i.id.clone(), k))
            .collect();
        let mut by_key: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        let mut by_postmortem: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (k, i) in input.dataset.incidents.iter().enumerate() {
            if !i.fingerprint.is_empty() {
                for s in &i.services {
                    by_key
                        .entry((s.clone(), i.fingerprint.clone()))
                        .or_default()
                        .push(k);
                }
            }
            if let Some(slug) = &i.postmortem {
                by_postmortem.entry(slug.clone()).or_default().push(k);
            }
        }
        Ok(Ctx {
            by_key,
            by_postmortem,
            incident_index,
            input,
            theme,
            redactor,
            site,
            incident_hrefs,
            as_of,
            postmortems,
        })
    }

    /// Root-relative href for a site path (from `urls`), with base_url in front.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.site.base, path)
    }

    /// The incident's row in the incident table; the table itself for an unknown id.
    pub fn incident_href(&self, id: &str) -> String {
        self.incident_hrefs
            .get(id)
            .cloned()
            .unwrap_or_else(|| self.href("incidents/"))
    }

    /// Absolute URL for og:image, the feed and the sitemap. base_url is used as given;
    /// a site served from "/" gets root-relative URLs because we know no host.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.input.config.base_url, path)
    }

    pub fn redact(&self, s: &str) -> String {
        self.redactor.redact(s)
    }

    /// Resolves the root marker: relative to the page, except on 404.html, which the host
    /// serves at whatever path was missing, so only base_url can find the root from there.
    pub fn finish_links(&self, html: &str, page_path: &str) -> String {
        if page_path == "404.html" {
            html.replace(ROOT_MARK, &self.input.config.base_url)
        } else {
            relativize(html, page_path)
        }
    }

    pub fn published_postmortem(&self, slug: &str) -> bool {
        self.postmortems.contains_key(slug)
    }

    pub fn postmortem_title(&self, slug: &str) -> String {
        self.postmortems
            .get(slug)
            .cloned()
            .unwrap_or_else(|| self.redact(slug))
    }

    /// A theme's title from site.yaml, else its slug ("unthemed" for records matching none).
    pub fn theme_title(&self, slug: &str) -> String {
        self.input
            .config
            .settings
            .themes
            .iter()
            .find(|t| t.slug == slug)
            .and_then(|t| t.title.as_deref())
            .map(|t| self.redact(t))
            .unwrap_or_else(|| self.redact(slug))
    }

    /// A page with `site` and `page` set; the caller inserts its own variables.
    pub fn page(&self, path: String, template: &'static str, meta: PageMeta) -> Page {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("page", &meta);
        Page {
            path,
            template,
            ctx,
        }
    }
}

/// DESIGN.md: drafts are left out unless `--drafts`.
pub fn is_published(input: &SiteInput, p: &crate::model::Postmortem) -> bool {
    input.config.drafts || p.status != crate::model::PostmortemStatus::Draft
}

/// Files under content/static/, copied as they are, in path order.
fn site_static(input: &SiteInput) -> Result<Vec<OutputFile>> {
    let dir = input.config.content_dir.join("static");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&dir)?
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("reading {}", entry.path().display()))?;
            out.push(OutputFile::new(rel, bytes));
        }
    }
    Ok(out)
}

/// `themes/<name>/` of the site; the name must be a plain folder name.
fn theme_dir(input: &SiteInput, name: &str) -> Result<std::path::PathBuf> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        bail!("settings.theme: `{name}` is not a folder name under themes/");
    }
    Ok(input.config.root.join("themes").join(name))
}

/// Stands for "the site root" in hrefs until a page is rendered. A private-use
/// character: no escaper touches it and no input can contain it in a URL we build.
pub const ROOT_MARK: &str = "\u{E000}";

/// Replaces the root marker with the path from `page_path` back to the root
/// ("./" at the top, "../../" two folders down).
pub fn relativize(html: &str, page_path: &str) -> String {
    let depth = page_path.matches('/').count();
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    html.replace(ROOT_MARK, &up)
}

/// Renders every page and asset of the site. Writes nothing.
pub fn render(input: &SiteInput) -> Result<Vec<OutputFile>> {
    let sink = Sink::memory();
    render_pages(input, &sink)?;
    if input.config.settings.search {
        crate::search::build(input)?.put_files(&sink)?;
    }
    sink.into_files()
}

/// [`render`] without the search index, which the build times as a stage of its own.
/// Each file goes to `sink` as soon as it is rendered.
pub fn render_pages(input: &SiteInput, sink: &Sink) -> Result<()> {
    let ctx = Ctx::new(input)?;
    // report.json (tens of MB at scale L, printed on one thread straight into its file)
    // alongside the pages.
    let (html_paths, report_json) = rayon::join(
        || pages::render(&ctx, sink),
        || pages::report::write_report_json(&ctx, sink),
    );
    let html_paths = html_paths?;
    report_json?;
    for f in pages::charts::files(&ctx)? {
        sink.put(f)?;
    }
    sink.put(feeds::feed(&ctx))?;
    sink.put(feeds::sitemap(&ctx, &html_paths))?;
    sink.put(feeds::robots(&ctx))?;
    // content/static/ wins over the theme's static files of the same name.
    let own = site_static(input)?;
    let own_paths: BTreeSet<&str> = own.iter().map(|f| f.path.as_str()).collect();
    for (path, bytes) in &ctx.theme.statics {
        if !own_paths.contains(path.as_str()) {
            sink.put(OutputFile::new(path.clone(), bytes.clone()))?;
        }
    }
    own.into_iter().try_for_each(|f| sink.put(f))
}
