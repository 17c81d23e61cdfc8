//! Postmortem and win Markdown -> sanitised HTML with heading ids and a table of contents.

use crate::site::urls::slugify;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::collections::BTreeSet;

/// One heading of the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Sanitised HTML, safe to insert unescaped.
    pub html: String,
    pub toc: Vec<TocEntry>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown, gives every heading a unique id (`h-<slug>`; the prefix keeps them
/// apart from the page's own ids) and sanitises the result with ammonia: no script, no
/// event handlers, no `javascript:` URLs survive.
pub fn render(markdown: &str) -> Rendered {
    render_inner(markdown, false)
}

/// Like [`render`], but drops a level-1 heading that opens the document: the page shows
/// the title already, and a second `<h1>` would repeat it.
pub fn render_without_title(markdown: &str) -> Rendered {
    render_inner(markdown, true)
}

fn render_inner(markdown: &str, drop_title: bool) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    if drop_title
        && matches!(
            events.first(),
            Some(Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }))
        )
    {
        let end = events
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H1))))
            .unwrap_or(0);
        events.drain(..=end);
    }
    let toc = assign_heading_ids(&mut events);
    let mut raw = String::new();
    html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: sanitizer().clean(&raw).to_string(),
        toc,
    }
}

fn assign_heading_ids(events: &mut [Event]) -> Vec<TocEntry> {
    let mut used = BTreeSet::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level;
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = format!("h-{}", slugify(&text));
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id: hid, .. }) = &mut events[i] {
                *hid = Some(id.clone().into());
            }
            if level != HeadingLevel::H1 {
                toc.push(TocEntry {
                    level: level as u8,
                    id,
                    title: text.trim().to_string(),
                });
            }
            i = j;
        }
        i += 1;
    }
    toc
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("sup", ["class", "id"])
        .add_tag_attributes("div", ["class", "id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .set_tag_attribute_value("input", "disabled", "");
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = render("# Title\n\n## Impact\n\ntext\n\n## Impact\n\n### Root `cause`\n");
        assert!(
            r.html.contains(r#"<h2 id="h-impact">Impact</h2>"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h2 id="h-impact-2">"#));
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["h-impact", "h-impact-2", "h-root-cause"]);
        assert_eq!(r.toc[2].title, "Root cause");
    }

    #[test]
    fn a_leading_title_heading_is_dropped_only_when_asked() {
        let md = "# The title\n\nText\n\n# Later h1\n";
        let r = render_without_title(md);
        assert!(!r.html.contains("The title"), "{}", r.html);
        assert!(r.html.contains("Later h1"));
        assert!(render(md).html.contains("The title"));
        assert!(
            render_without_title("Intro\n\n# Not first\n")
                .html
                .contains("Not first")
        );
    }

    #[test]
    fn tables_footnotes_and_tasks_render() {
        let r = render(
            "| a | b |\n|---|--:|\n| 1 | 2 |\n\nx[^1]\n\n[^1]: note\n\n- [x] done\n- [ ] open\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains(r#"type="checkbox""#), "{}", r.html);
    }

    #[test]
    fn script_handlers_and_javascript_urls_are_removed() {
        let r = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">y</a>",
        );
        let h = r.html.to_lowercase();
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onerror"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
    }
}
