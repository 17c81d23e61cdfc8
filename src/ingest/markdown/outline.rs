//! One pass over pulldown-cmark's events that keeps what the readers need: headings,
//! paragraphs, tables and list items, each with plain text, links and its file line.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// Plain text of an inline run, with the links found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Inline),
    Table {
        header: Vec<Inline>,
        rows: Vec<Row>,
    },
    /// `checked` is `Some` for task-list items; `depth` 1 is a top-level item.
    Item {
        depth: usize,
        checked: Option<bool>,
        inline: Inline,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range in the body.
    pub range: Range<usize>,
    /// File line of the block's first line.
    pub line: usize,
}

/// The blocks of a Markdown body in document order.
pub fn outline(body: &str, body_line: usize) -> Vec<Block> {
    let mut b = Builder::default();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        b.event(event, range);
    }
    let mut blocks = b.blocks;
    blocks.sort_by_key(|blk| blk.range.start);
    for blk in &mut blocks {
        blk.line = body_line + super::source::line_of(body, blk.range.start) - 1;
    }
    blocks
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    heading: Option<(u8, usize, Inline)>,
    paragraph: Option<(usize, Inline)>,
    items: Vec<(usize, usize, Option<bool>, Inline)>,
    list_depth: usize,
    table: Option<TableBuild>,
    links: Vec<(String, usize)>,
}

#[derive(Default)]
struct TableBuild {
    start: usize,
    header: Vec<Inline>,
    rows: Vec<Row>,
    row: Vec<Inline>,
    row_start: usize,
    cell: Option<Inline>,
}

impl Builder {
    fn target(&mut self) -> Option<&mut Inline> {
        if let Some(t) = self.table.as_mut() {
            return t.cell.as_mut();
        }
        if let Some((_, _, inline)) = self.heading.as_mut() {
            return Some(inline);
        }
        if let Some((_, _, _, inline)) = self.items.last_mut() {
            return Some(inline);
        }
        self.paragraph.as_mut().map(|(_, i)| i)
    }

    fn push_text(&mut self, s: &str) {
        if let Some(t) = self.target() {
            t.text.push_str(s);
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(s) | Event::Code(s) => self.push_text(&s),
            Event::SoftBreak | Event::HardBreak => self.push_text(" "),
            Event::TaskListMarker(checked) => {
                if let Some(item) = self.items.last_mut() {
                    item.2 = Some(checked);
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some((level as u8, range.start, Inline::default()))
            }
            Tag::Paragraph => {
                if self.items.is_empty() && self.table.is_none() && self.heading.is_none() {
                    self.paragraph = Some((range.start, Inline::default()));
                } else if let Some(t) = self.target()
                    && !t.text.is_empty()
                {
                    t.text.push(' ');
                }
            }
            Tag::List(_) => self.list_depth += 1,
            Tag::Item => self
                .items
                .push((range.start, self.list_depth, None, Inline::default())),
            Tag::Table(_) => {
                self.table = Some(TableBuild {
                    start: range.start,
                    ..TableBuild::default()
                })
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.row_start = range.start;
                    t.row.clear();
                }
            }
            Tag::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = Some(Inline::default());
                }
            }
            Tag::Link { dest_url, .. } => {
                let at = self.target().map(|t| t.text.len()).unwrap_or(0);
                self.links.push((dest_url.to_string(), at));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, start, inline)) = self.heading.take() {
                    self.push(
                        start..range.end,
                        BlockKind::Heading {
                            level,
                            text: inline.text.trim().to_string(),
                        },
                    );
                }
            }
            TagEnd::Paragraph => {
                if let Some((start, mut inline)) = self.paragraph.take() {
                    inline.text = inline.text.trim().to_string();
                    self.push(start..range.end, BlockKind::Paragraph(inline));
                }
            }
            TagEnd::List(_) => self.list_depth = self.list_depth.saturating_sub(1),
            TagEnd::Item => {
                if let Some((start, depth, checked, mut inline)) = self.items.pop() {
                    inline.text = inline.text.trim().to_string();
                    self.push(
                        start..range.end,
                        BlockKind::Item {
                            depth,
                            checked,
                            inline,
                        },
                    );
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut()
                    && let Some(mut cell) = t.cell.take()
                {
                    cell.text = cell.text.trim().to_string();
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let cells = std::mem::take(&mut t.row);
                    t.rows.push(Row {
                        line: t.row_start,
                        cells,
                    });
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push(
                        t.start..range.end,
                        BlockKind::Table {
                            header: t.header,
                            rows: t.rows,
                        },
                    );
                }
            }
            TagEnd::Link => {
                if let Some((url, at)) = self.links.pop()
                    && let Some(t) = self.target()
                {
                    let text = t.text.get(at..).unwrap_or("").trim().to_string();
                    t.links.push(Link { text, url });
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, range: Range<usize>, kind: BlockKind) {
        self.blocks.push(Block {
            kind,
            range,
            line: 0,
        });
    }
}

/// Table rows hold a byte offset until [`outline`] is done; turn it into a file line.
pub fn fix_row_lines(blocks: &mut [Block], body: &str, body_line: usize) {
    for blk in blocks {
        if let BlockKind::Table { rows, .. } = &mut blk.kind {
            for r in rows {
                r.line = body_line + super::source::line_of(body, r.line) - 1;
            }
        }
    }
}

/// Blocks after heading `i` up to the next heading of the same or a higher level.
pub fn section(blocks: &[Block], i: usize) -> &[Block] {
    let level = match &blocks[i].kind {
        BlockKind::Heading { level, .. } => *level,
        _ => return &[],
    };
    let end = blocks[i + 1..]
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading { level: l, .. } if *l <= level))
        .map(|p| i + 1 + p)
        .unwrap_or(blocks.len());
    &blocks[i + 1..end]
}

/// Lower-case words only: "2. Follow-ups:" -> "follow ups".
pub fn normalise_heading(text: &str) -> String {
    crate::ingest::data::values::words(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_tables_and_tasks_with_lines() {
        let body = "# T\n\nIntro para.\n\n## Actions\n\n| Action | Owner |\n|---|---|\n| Fix [ABC-1](https://x/ABC-1) | @ana |\n\n- [x] done thing\n- [ ] open thing\n  - nested\n";
        let mut blocks = outline(body, 5);
        fix_row_lines(&mut blocks, body, 5);
        assert_eq!(
            blocks[0].kind,
            BlockKind::Heading {
                level: 1,
                text: "T".into()
            }
        );
        assert_eq!(blocks[0].line, 5);
        let BlockKind::Table { header, rows } = &blocks[3].kind else {
            panic!("{:?}", blocks[3])
        };
        assert_eq!(header[0].text, "Action");
        assert_eq!(rows[0].line, 13);
        assert_eq!(rows[0].cells[0].text, "Fix ABC-1");
        assert_eq!(rows[0].cells[0].links[0].text, "ABC-1");
        let items: Vec<_> = blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Item {
                    depth,
                    checked,
                    inline,
                } => Some((*depth, *checked, inline.text.clone(), b.line)),
                _ => None,
            })
            .collect();
        assert_eq!(items[0], (1, Some(true), "done thing".into(), 15));
        assert_eq!(items[1].0, 1);
        assert_eq!(items[1].1, Some(false));
        assert_eq!(items[2], (2, None, "nested".into(), 17));
        assert_eq!(section(&blocks, 2).len(), 4);
    }

    #[test]
    fn setext_headings_are_headings() {
        let blocks = outline("My title\n========\n\ntext\n", 1);
        assert_eq!(
            blocks[0].kind,
            BlockKind::Heading {
                level: 1,
                text: "My title".into()
            }
        );
    }

    #[test]
    fn heading_normalisation() {
        assert_eq!(normalise_heading("2. Follow-ups:"), "follow ups");
        assert_eq!(normalise_heading("Action Items"), "action items");
    }
}
