//! What postmortems and wins share: front matter, body outline, title, date and slug.

use super::dates::{FIRST_DATE, from_file_stem, parse_date};
use super::frontmatter::{self, FrontMatter, scalar};
use super::outline::{Block, BlockKind, fix_row_lines, outline};
use crate::config::DateOrder;
use crate::diagnostics::Diagnostic;
use crate::site::urls::slugify;
use chrono::NaiveDate;
use serde_json::Value;

/// A Markdown document split and outlined, not yet interpreted.
pub struct Doc {
    /// Path shown in diagnostics and origins, relative to the site root.
    pub file: String,
    /// File name without extension.
    pub stem: String,
    pub fm: Option<FrontMatter>,
    pub body: String,
    pub body_line: usize,
    pub blocks: Vec<Block>,
}

/// Why a document did not become a record; the key of the summary's skip count.
pub type Skip = &'static str;

impl Doc {
    /// Splits and parses `text`; a front matter problem is an error diagnostic.
    pub fn parse(file: &str, stem: &str, text: &str) -> Result<Doc, Diagnostic> {
        let split = frontmatter::split(text).map_err(|e| fm_error(file, e))?;
        let fm = match split.front {
            Some((format, fm_text, first_line)) => Some(
                FrontMatter::parse(format, fm_text, first_line).map_err(|e| fm_error(file, e))?,
            ),
            None => None,
        };
        let mut blocks = outline(split.body, split.body_line);
        fix_row_lines(&mut blocks, split.body, split.body_line);
        Ok(Doc {
            file: file.to_string(),
            stem: stem.to_string(),
            fm,
            body: split.body.to_string(),
            body_line: split.body_line,
            blocks,
        })
    }

    pub fn get(&self, keys: &[&str]) -> Option<&Value> {
        let fm = self.fm.as_ref()?;
        keys.iter().find_map(|k| fm.map.get(*k))
    }

    pub fn get_str(&self, keys: &[&str]) -> Option<String> {
        self.get(keys).and_then(scalar)
    }

    pub fn get_list(&self, keys: &[&str]) -> Vec<String> {
        self.get(keys).map(frontmatter::list).unwrap_or_default()
    }

    pub fn key_line(&self, key: &str) -> usize {
        self.fm.as_ref().map_or(1, |f| f.line_of_key(key))
    }

    /// Warns about front-matter keys that are neither in `valid` nor accepted by `also`.
    pub fn check_keys(&self, valid: &[&str], also: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
        let Some(fm) = &self.fm else {
            return Vec::new();
        };
        fm.map
            .keys()
            .filter(|k| !valid.contains(&k.as_str()) && !also(k))
            .map(|k| super::actions::unknown_key(&self.file, fm.line_of_key(k), k, valid))
            .collect()
    }

    /// Front matter `title`, else the first level-1 heading, else the first heading that
    /// is not a usual section name ("## Summary" is not a title); `None` otherwise.
    pub fn title(&self) -> Option<String> {
        const SECTIONS: &[&str] = &[
            "summary",
            "impact",
            "timeline",
            "root cause",
            "root causes",
            "background",
            "overview",
            "evidence",
            "lessons learned",
            "detection",
            "resolution",
        ];
        let headings = || {
            self.blocks.iter().filter_map(|b| match &b.kind {
                BlockKind::Heading { level, text } if !text.is_empty() => Some((*level, text)),
                _ => None,
            })
        };
        self.get_str(&["title"])
            .or_else(|| headings().find(|(l, _)| *l == 1).map(|(_, t)| t.clone()))
            .or_else(|| {
                headings()
                    .next()
                    .filter(|(_, t)| {
                        let h = super::outline::normalise_heading(t);
                        !SECTIONS.contains(&h.as_str()) && !super::actions::is_action_heading(t)
                    })
                    .map(|(_, t)| t.clone())
            })
    }

    /// Front matter `date`, else the file name, else the first date in the text.
    pub fn date(&self, order: Option<DateOrder>) -> Result<NaiveDate, Diagnostic> {
        if let Some(raw) = self.get_str(&["date"]) {
            return parse_date(&raw, order).map_err(|e| {
                Diagnostic::error(
                    &self.file,
                    self.key_line("date"),
                    0,
                    format!("date {e}; document skipped"),
                )
            });
        }
        if let Some((d, _)) = from_file_stem(&self.stem) {
            return Ok(d);
        }
        if let Some(m) = FIRST_DATE.find(&self.body)
            && let Ok(d) = parse_date(m.as_str(), order)
        {
            return Ok(d);
        }
        Err(Diagnostic::error(
            &self.file,
            1,
            0,
            "no date: expected `date:` in front matter, a file name like 2025-03-04-title.md, or a date in the text; document skipped",
        ))
    }

    /// Front matter `slug`, else the file name without its date prefix.
    pub fn slug(&self) -> String {
        match self.get_str(&["slug"]) {
            Some(s) => slugify(&s),
            None => {
                let rest = from_file_stem(&self.stem).map_or(self.stem.as_str(), |(_, r)| r);
                slugify(if rest.is_empty() { &self.stem } else { rest })
            }
        }
    }

    /// `status: draft` or `draft: true`.
    pub fn is_draft_flag(&self) -> bool {
        matches!(self.get(&["draft"]), Some(Value::Bool(true)))
    }

    /// Index of the first heading whose normalised text satisfies `pred`.
    pub fn heading(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.blocks.iter().position(|b| match &b.kind {
            BlockKind::Heading { text, .. } => pred(&super::outline::normalise_heading(text)),
            _ => false,
        })
    }

    /// Raw Markdown of the section under heading `i`, trimmed.
    pub fn section_text(&self, i: usize) -> String {
        let start = self.blocks[i].range.end;
        let sec = super::outline::section(&self.blocks, i);
        let end = self.blocks[i + 1 + sec.len()..]
            .first()
            .map_or(self.body.len(), |b| b.range.start);
        self.body.get(start..end).unwrap_or("").trim().to_string()
    }

    /// First paragraph under heading `i`.
    pub fn first_paragraph(&self, i: usize) -> Option<String> {
        super::outline::section(&self.blocks, i)
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Paragraph(p) if !p.text.is_empty() => Some(p.text.clone()),
                _ => None,
            })
    }
}

fn fm_error(file: &str, e: frontmatter::FmError) -> Diagnostic {
    Diagnostic::error(
        file,
        e.line,
        e.column,
        format!("{}; document skipped", e.message),
    )
}
