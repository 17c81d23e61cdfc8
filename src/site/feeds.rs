//! feed.xml (Atom), sitemap.xml and robots.txt, written by hand with escaping: they are
//! short, fixed formats and keeping them out of the theme keeps them valid.

use super::format;
use super::pages::{postmortems, wins};
use super::{Ctx, urls};
use crate::charts::xml_escape;
use crate::output::OutputFile;

struct Entry {
    id: String,
    title: String,
    link: String,
    /// YYYY-MM-DD
    date: String,
    summary: String,
}

/// Atom feed of postmortems and wins. `updated` is the newest entry's date, never the
/// wall clock, so identical input gives an identical feed.
pub fn feed(ctx: &Ctx) -> OutputFile {
    let mut entries: Vec<Entry> = postmortems::published(ctx)
        .into_iter()
        .map(|p| {
            let path = urls::postmortem(&p.slug);
            Entry {
                id: atom_id(ctx, &path),
                title: format!("Postmortem: {}", ctx.redact(&p.title)),
                link: ctx.absolute(&path),
                date: p.date.to_string(),
                summary: p
                    .summary
                    .as_deref()
                    .map(|s| ctx.redact(s))
                    .unwrap_or_default(),
            }
        })
        .collect();
    entries.extend(wins::all(ctx).into_iter().map(|w| {
        let link = format!("{}#{}", ctx.absolute("wins/"), w.anchor);
        Entry {
            id: atom_id(ctx, &format!("wins/#{}", w.anchor)),
            title: format!("Win: {}", w.title),
            link,
            date: w.date.clone(),
            summary: w.evidence.clone(),
        }
    }));
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    let updated = entries
        .first()
        .map(|e| e.date.clone())
        .or_else(|| ctx.as_of.map(|d| d.to_string()))
        .unwrap_or_else(|| "1970-01-01".into());
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    x.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&ctx.site.title)
    ));
    x.push_str(&format!("  <id>{}</id>\n", xml_escape(&atom_id(ctx, ""))));
    x.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n  <link href=\"{}\"/>\n",
        xml_escape(&ctx.absolute("feed.xml")),
        xml_escape(&ctx.absolute(""))
    ));
    x.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&ctx.site.title)
    ));
    for e in &entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&e.id)));
        x.push_str(&format!("    <title>{}</title>\n", xml_escape(&e.title)));
        x.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&e.link)));
        x.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", e.date));
        if !e.summary.is_empty() {
            x.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&e.summary)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    OutputFile::new("feed.xml", x)
}

/// Atom ids must be absolute IRIs: the page URL when base_url is absolute, else a stable
/// `urn:opsloop:` name built from the path.
fn atom_id(ctx: &Ctx, path: &str) -> String {
    let url = ctx.absolute(path);
    if url.starts_with("http://") || url.starts_with("https://") {
        url
    } else {
        format!("urn:opsloop:{}", format::percent_encode(&url))
    }
}

/// Every HTML page but 404.html, in path order.
pub fn sitemap(ctx: &Ctx, html_paths: &[String]) -> OutputFile {
    let mut paths: Vec<&String> = html_paths
        .iter()
        .filter(|p| p.as_str() != "404.html")
        .collect();
    paths.sort();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        let dir = p.strip_suffix("index.html").unwrap_or(p);
        x.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&ctx.absolute(dir))
        ));
    }
    x.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", x)
}

pub fn robots(ctx: &Ctx) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        ctx.absolute("sitemap.xml")
    );
    OutputFile::new("robots.txt", text)
}
