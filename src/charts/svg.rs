//! Makes plotters' SVG accessible: `role="img"`, `aria-labelledby`, `<title>` and `<desc>`.

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 documents.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// Adds the accessible name and description right after the opening `<svg ...>` tag.
/// Element ids are prefixed with the chart id so several charts can share one page.
pub fn make_accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_string();
    };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else {
        return svg.to_string();
    };
    let id = xml_escape(id);
    let mut out = String::with_capacity(svg.len() + title.len() + desc.len() + 200);
    out.push_str(&svg[..end]);
    out.push_str(&format!(
        " role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>",
        xml_escape(title),
        xml_escape(desc)
    ));
    out.push_str(&svg[end + 1..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_desc_follow_the_opening_tag_escaped() {
        let svg = "<svg width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let out = make_accessible(svg, "restore-time", "A <script>", "b & \"c\"");
        assert_eq!(
            out,
            "<svg width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
             aria-labelledby=\"restore-time-title restore-time-desc\">\n\
             <title id=\"restore-time-title\">A &lt;script&gt;</title>\n\
             <desc id=\"restore-time-desc\">b &amp; &quot;c&quot;</desc>\n<rect/>\n</svg>\n"
        );
    }
}
