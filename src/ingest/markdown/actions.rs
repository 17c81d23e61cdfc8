//! Action items from front matter, from tables and from checkbox lists in an
//! "Action items" section.

use super::dates::parse_date;
use super::frontmatter::{FrontMatter, is_blank, scalar};
use super::outline::{Block, BlockKind, Inline, normalise_heading, section};
use crate::config::DateOrder;
use crate::diagnostics::Diagnostic;
use crate::ingest::data::values;
use crate::model::{ActionItem, ActionStatus, ActionType, Origin};
use chrono::NaiveDate;
use regex::Regex;
use serde_json::Value;
use std::sync::LazyLock;

/// Headings that open an action section ("Action items", "Follow-ups", "Remediation"…),
/// also combined ("Action items & follow-ups"), but not "Follow-up note (October)".
static ACTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    let phrase = r"(?:corrective (?:and preventi(?:ve|ative) )?actions?|preventi(?:ve|ative) actions?|action items?|actions?|action plan|follow ?ups?(?: actions?| items?| tasks?)?|review actions?|remediations?(?: items?| actions?| plan)?|next steps)";
    Regex::new(&format!(r"^{phrase}(?: (?:and )?{phrase})*$")).unwrap()
});
static TRACKER_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Z][A-Z0-9_]+-\d+|#\d+|b/\d+)$").unwrap());
static JIRA_IN_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/([A-Z][A-Z0-9_]+-\d+)/?(?:[?#].*)?$").unwrap());
static HINT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:[(\[]\s*(?:owner|assignee|due|status|type|priority|ticket)\b|[(\[]\s*@|\s[—–]\s|\s--?\s+@)").unwrap()
});
static OWNER_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:owner|assignee)\s*[:=]?\s*@?([\w.\-]+)|(?:^|\s|\()@([\w.\-]+)").unwrap()
});
static DUE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdue(?:\s+date)?\s*[:=]?\s*(?:by\s+|on\s+)?(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|[^,;)\]]+)").unwrap()
});
static STATUS_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bstatus\s*[:=]\s*([^,;)\]]+)").unwrap());
static TYPE_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\btype\s*[:=]\s*([A-Za-z]+)").unwrap());
static PRIORITY_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bpriority\s*[:=]\s*([\w-]+)").unwrap());
static TICKET_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ticket|jira|bug|issue)\s*[:=]?\s*([A-Z][A-Z0-9_]+-\d+|#\d+|b/\d+)")
        .unwrap()
});

/// Canonical action fields as front-matter keys (after aliases).
const FM_KEYS: &[&str] = &[
    "title",
    "action",
    "item",
    "task",
    "owner",
    "assignee",
    "due",
    "due_date",
    "status",
    "state",
    "type",
    "kind",
    "priority",
    "ticket",
    "jira",
    "bug",
    "ref",
    "url",
    "link",
    "team",
    "completed",
    "completed_at",
    "done",
    "id",
];

/// Where actions are read from and how the raw values are interpreted.
pub struct Ctx<'a> {
    pub slug: &'a str,
    pub date: NaiveDate,
    pub file: &'a str,
    pub order: Option<DateOrder>,
    pub diags: &'a mut Vec<Diagnostic>,
}

/// One action as written, before its values are interpreted.
#[derive(Debug, Default, Clone)]
struct Raw {
    title: String,
    owner: Option<String>,
    due: Option<String>,
    status: Option<String>,
    checked: Option<bool>,
    kind: Option<String>,
    default_kind: Option<ActionType>,
    priority: Option<String>,
    tracker_ref: Option<String>,
    tracker_url: Option<String>,
    team: Option<String>,
    completed: Option<String>,
    /// A status word found after the ticket in a ticket cell.
    cell_status: Option<String>,
    line: usize,
}

/// True for a heading that opens an action section.
pub fn is_action_heading(text: &str) -> bool {
    ACTION_HEADING.is_match(&normalise_heading(text))
}

/// Actions from the front matter `actions:` list, or else from the body.
pub fn read(fm: Option<&FrontMatter>, blocks: &[Block], ctx: &mut Ctx<'_>) -> Vec<ActionItem> {
    let listed = fm.and_then(|f| match f.map.get("actions") {
        Some(Value::Array(a)) if a.is_empty() => None,
        Some(v) => Some((f, v)),
        None => None,
    });
    let raws = match listed {
        Some((f, v)) => {
            if let Some(b) = blocks.iter().find(
                |b| matches!(&b.kind, BlockKind::Heading { text, .. } if is_action_heading(text)),
            ) {
                ctx.diags.push(Diagnostic::warning(
                    ctx.file,
                    b.line,
                    0,
                    "actions are listed in the front matter, so this action section is not read",
                ));
            }
            from_front_matter(f, v, ctx)
        }
        None => from_body(blocks, ctx),
    };
    raws.into_iter()
        .enumerate()
        .map(|(i, r)| finish(r, i + 1, ctx))
        .collect()
}

fn from_front_matter(fm: &FrontMatter, v: &Value, ctx: &mut Ctx<'_>) -> Vec<Raw> {
    let base = fm.line_of_key("actions");
    let Value::Array(items) = v else {
        if scalar(v).is_some() || matches!(v, Value::Object(_)) {
            ctx.diags.push(Diagnostic::warning(
                ctx.file,
                base,
                0,
                "`actions` should be a list of actions (- title: …, owner: …, due: …); ignored",
            ));
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = base;
    for item in items {
        let mut raw = Raw::default();
        match item {
            Value::Object(map) => {
                let title = ["title", "action", "item", "task"]
                    .iter()
                    .find_map(|k| map.get(*k).and_then(scalar))
                    .unwrap_or_default();
                raw.line = fm
                    .line_of_text(&title, from)
                    .filter(|_| !title.is_empty())
                    .unwrap_or(from);
                from = raw.line;
                raw.title = title;
                for (k, val) in map {
                    let key = k.to_ascii_lowercase();
                    let s = scalar(val);
                    match key.as_str() {
                        "title" | "action" | "item" | "task" | "id" => {}
                        "owner" | "assignee" => raw.owner = s,
                        "due" | "due_date" => raw.due = s,
                        "status" | "state" => raw.status = s,
                        "type" | "kind" => raw.kind = s,
                        "priority" => raw.priority = s,
                        "ticket" | "jira" | "bug" | "ref" => raw.tracker_ref = s,
                        "url" | "link" => raw.tracker_url = s,
                        "team" => raw.team = s,
                        "completed" | "completed_at" | "done" => match val {
                            Value::Bool(b) => raw.checked = Some(*b),
                            _ => raw.completed = s,
                        },
                        _ => ctx.diags.push(unknown_key(ctx.file, raw.line, k, FM_KEYS)),
                    }
                }
            }
            other => {
                raw.line = from;
                raw.title = scalar(other).unwrap_or_default();
            }
        }
        if raw.title.is_empty() {
            ctx.diags.push(Diagnostic::warning(
                ctx.file,
                raw.line,
                0,
                "action without a title (expected `title:` or `action:`); skipped",
            ));
            continue;
        }
        out.push(raw);
    }
    out
}

/// A warning naming the closest valid key, as site.yaml does.
pub fn unknown_key(file: &str, line: usize, key: &str, valid: &[&str]) -> Diagnostic {
    let msg = match crate::config::closest(key, valid) {
        Some(best) => format!("unknown front matter key `{key}`; did you mean `{best}`? (ignored)"),
        None => format!(
            "unknown front matter key `{key}` (ignored); valid keys: {}",
            valid.join(", ")
        ),
    };
    Diagnostic::warning(file, line, 0, msg)
}

fn from_body(blocks: &[Block], ctx: &mut Ctx<'_>) -> Vec<Raw> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let BlockKind::Heading { text, .. } = &b.kind else {
            continue;
        };
        if !is_action_heading(text) {
            continue;
        }
        let sec = section(blocks, i);
        let top = sec
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Item { depth, .. } => Some(*depth),
                _ => None,
            })
            .min();
        let mut default_kind = None;
        for blk in sec {
            match &blk.kind {
                BlockKind::Heading { text, .. } => default_kind = kind(&normalise_heading(text)),
                BlockKind::Table { header, rows } => {
                    out.extend(from_table(header, rows, default_kind, ctx))
                }
                BlockKind::Item {
                    depth,
                    checked,
                    inline,
                } if Some(*depth) == top => {
                    let mut raw = from_item(inline, *checked);
                    raw.line = blk.line;
                    raw.default_kind = default_kind;
                    if !raw.title.is_empty() {
                        out.push(raw);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Title,
    Owner,
    Due,
    Status,
    Type,
    Priority,
    Ticket,
    Team,
    Completed,
}

/// Header text -> column meaning; exact names first, then a word inside the header.
fn column(header: &str) -> Option<Col> {
    let h = normalise_heading(header);
    let exact = match h.as_str() {
        "action" | "actions" | "action item" | "action items" | "item" | "task" | "title"
        | "description" | "what" | "follow up" | "remediation" => Some(Col::Title),
        "owner" | "owners" | "assignee" | "assigned to" | "who" | "responsible" | "dri" => {
            Some(Col::Owner)
        }
        "due" | "due date" | "deadline" | "target date" | "eta" | "by when" | "when" => {
            Some(Col::Due)
        }
        "status" | "state" | "progress" => Some(Col::Status),
        "type" | "kind" | "category" | "action type" => Some(Col::Type),
        "priority" | "prio" | "pri" => Some(Col::Priority),
        "ticket" | "jira" | "link" | "bug" | "issue" | "tracker" | "ref" | "reference" | "url"
        | "tracking" | "tickets" => Some(Col::Ticket),
        "team" => Some(Col::Team),
        "completed" | "completed at" | "completed on" | "done on" | "closed" | "closed on" => {
            Some(Col::Completed)
        }
        _ => None,
    };
    exact.or_else(|| {
        let has = |w: &str| h.split(' ').any(|x| x == w);
        if has("owner") || has("assignee") {
            Some(Col::Owner)
        } else if has("due") || has("deadline") {
            Some(Col::Due)
        } else if has("status") {
            Some(Col::Status)
        } else if has("ticket") || has("jira") || has("bug") || has("issue") {
            Some(Col::Ticket)
        } else if has("action") || has("task") {
            Some(Col::Title)
        } else {
            None
        }
    })
}

fn from_table(
    header: &[Inline],
    rows: &[super::outline::Row],
    default_kind: Option<ActionType>,
    ctx: &mut Ctx<'_>,
) -> Vec<Raw> {
    let mut cols: Vec<Option<Col>> = header.iter().map(|h| column(&h.text)).collect();
    if !cols.contains(&Some(Col::Title)) {
        // A table without a recognised action column: its first column is the action.
        if let Some(first) = cols.first_mut() {
            *first = Some(Col::Title);
        }
    }
    let mut out = Vec::new();
    for row in rows {
        if row.cells.iter().all(|c| is_blank(&c.text)) {
            continue;
        }
        let mut raw = Raw {
            line: row.line,
            default_kind,
            ..Raw::default()
        };
        for (col, cell) in cols.iter().zip(&row.cells) {
            let text = (!is_blank(&cell.text)).then(|| cell.text.clone());
            match col {
                Some(Col::Title) => {
                    raw.title = cell.text.clone();
                    if raw.tracker_url.is_none()
                        && let Some(l) = cell.links.first()
                    {
                        ticket_from_link(&mut raw, &l.text, &l.url);
                    }
                }
                Some(Col::Owner) => raw.owner = text,
                Some(Col::Due) => raw.due = text,
                Some(Col::Status) => raw.status = text,
                Some(Col::Type) => raw.kind = text,
                Some(Col::Priority) => raw.priority = text,
                Some(Col::Team) => raw.team = text,
                Some(Col::Completed) => raw.completed = text,
                Some(Col::Ticket) => ticket_from_cell(&mut raw, cell),
                None => {}
            }
        }
        if is_blank(&raw.title) {
            ctx.diags.push(Diagnostic::warning(
                ctx.file,
                row.line,
                0,
                "action table row without an action; skipped",
            ));
            continue;
        }
        out.push(raw);
    }
    out
}

fn ticket_from_cell(raw: &mut Raw, cell: &Inline) {
    if let Some(l) = cell.links.first() {
        raw.tracker_ref = None;
        ticket_from_link(raw, &l.text, &l.url);
        return;
    }
    let mut t = cell.text.trim();
    // Google SRE style writes the state after the bug: "Bug 5554823 TODO", "n/a DONE".
    if let Some((rest, last)) = t.rsplit_once(' ')
        && last.chars().all(|c| c.is_ascii_uppercase())
        && status(last).is_some()
    {
        raw.cell_status = Some(last.to_string());
        t = rest.trim();
    }
    if is_blank(t) {
        return;
    }
    if t.starts_with("http://") || t.starts_with("https://") {
        ticket_from_link(raw, t, t);
    } else {
        raw.tracker_ref = Some(t.to_string());
    }
}

fn ticket_from_link(raw: &mut Raw, text: &str, url: &str) {
    raw.tracker_url = Some(url.to_string());
    if TRACKER_REF.is_match(text) {
        raw.tracker_ref = Some(text.to_string());
    } else if let Some(c) = JIRA_IN_URL.captures(url) {
        raw.tracker_ref = Some(c[1].to_string());
    }
}

fn from_item(inline: &Inline, checked: Option<bool>) -> Raw {
    let text = inline.text.as_str();
    let mut raw = Raw {
        checked,
        ..Raw::default()
    };
    let hints_at = HINT_START
        .find(text)
        .map(|m| m.start())
        .unwrap_or(text.len());
    let hints = &text[hints_at..];
    raw.owner = OWNER_HINT
        .captures(hints)
        .and_then(|c| c.get(1).or(c.get(2)))
        .map(|m| m.as_str().trim_end_matches('.').to_string());
    raw.due = DUE_HINT
        .captures(hints)
        .map(|c| c[1].trim().to_string())
        .filter(|s| !s.is_empty());
    if raw.due.is_none() {
        // "(@ana, 2025-04-01)": a date in the hints without the word "due".
        raw.due = super::dates::FIRST_DATE
            .find(hints)
            .map(|m| m.as_str().to_string());
    }
    raw.status = STATUS_HINT.captures(hints).map(|c| c[1].trim().to_string());
    raw.kind = TYPE_HINT.captures(hints).map(|c| c[1].to_string());
    raw.priority = PRIORITY_HINT.captures(hints).map(|c| c[1].to_string());
    for l in &inline.links {
        if TRACKER_REF.is_match(&l.text) || raw.tracker_url.is_none() {
            ticket_from_link(&mut raw, &l.text, &l.url);
            if raw.tracker_ref.is_some() {
                break;
            }
        }
    }
    if raw.tracker_ref.is_none()
        && let Some(c) = TICKET_HINT.captures(text)
    {
        raw.tracker_ref = Some(c[1].to_string());
    }
    let mut title = text[..hints_at].to_string();
    if let Some(r) = &raw.tracker_ref {
        title = title.replace(r.as_str(), "");
    }
    raw.title = title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || ":-–—()[]".contains(c))
        .to_string();
    raw
}

/// Status words teams use -> canonical status; `None` when not recognised. A status
/// cell without words (blank, "-", "—") in a postmortem's action table means open; in a
/// tracker export it is not recognised.
pub fn status(raw: &str) -> Option<ActionStatus> {
    values::action_status(raw)
        .or_else(|| values::words(raw).is_empty().then_some(ActionStatus::Open))
}

/// Action type words -> canonical type: [`values::action_type`], except that
/// postmortems file "repair" under mitigate where tracker exports file it under prevent.
pub fn kind(raw: &str) -> Option<ActionType> {
    if normalise_heading(raw).split(' ').next() == Some("repair") {
        return Some(ActionType::Mitigate);
    }
    values::action_type(raw)
}

fn finish(raw: Raw, n: usize, ctx: &mut Ctx<'_>) -> ActionItem {
    let title = raw.title.clone();
    let mut st = match raw.checked {
        Some(true) => ActionStatus::Done,
        _ => ActionStatus::Open,
    };
    if let Some(s) = raw.status.as_ref().or(raw.cell_status.as_ref()) {
        match status(s) {
            Some(v) => st = v,
            None => ctx.diags.push(Diagnostic::warning(
                ctx.file,
                raw.line,
                0,
                format!(
                    "action `{title}`: unknown status `{s}` (expected open, in progress, done or won't do); kept as open"
                ),
            )),
        }
    }
    let kind_v = match &raw.kind {
        Some(k) => {
            let v = kind(k);
            if v.is_none() {
                ctx.diags.push(Diagnostic::warning(
                    ctx.file,
                    raw.line,
                    0,
                    format!(
                        "action `{title}`: unknown type `{k}` (expected prevent, mitigate, detect or process)"
                    ),
                ));
            }
            v
        }
        None => raw.default_kind,
    };
    let due = raw
        .due
        .as_deref()
        .and_then(|d| date(d, "due", &title, raw.line, ctx));
    let completed_at = raw
        .completed
        .as_deref()
        .and_then(|d| date(d, "completed", &title, raw.line, ctx));
    if completed_at.is_some() && raw.status.is_none() && raw.cell_status.is_none() {
        st = ActionStatus::Done;
    }
    let owner = raw
        .owner
        .map(|o| o.trim().trim_start_matches('@').to_string())
        .filter(|o| !is_blank(o));
    let tracker_ref = raw.tracker_ref.filter(|r| !is_blank(r));
    ActionItem {
        id: tracker_ref
            .clone()
            .unwrap_or_else(|| format!("{}-{n}", ctx.slug)),
        postmortem: Some(ctx.slug.to_string()),
        title,
        kind: kind_v,
        priority: raw.priority,
        owner,
        team: raw.team,
        due,
        status: st,
        tracker_ref,
        tracker_url: raw.tracker_url,
        created_at: Some(ctx.date),
        completed_at,
        origin: Origin {
            file: ctx.file.into(),
            line: Origin::line(raw.line),
        },
    }
}

fn date(raw: &str, what: &str, title: &str, line: usize, ctx: &mut Ctx<'_>) -> Option<NaiveDate> {
    match parse_date(raw, ctx.order) {
        Ok(d) => Some(d),
        Err(e) => {
            ctx.diags.push(Diagnostic::warning(
                ctx.file,
                line,
                0,
                format!("action `{title}`: {what} {e}; kept without a {what} date"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_headings() {
        for h in [
            "Action items",
            "Action Items",
            "Follow-ups",
            "Follow up actions",
            "Corrective actions",
            "Review actions",
            "Remediation",
            "5. Action items:",
            "Action items & follow-ups",
        ] {
            assert!(is_action_heading(h), "{h}");
        }
        for h in [
            "Actions taken",
            "Actions taken to mitigate",
            "Timeline",
            "Lessons learned",
        ] {
            assert!(!is_action_heading(h), "{h}");
        }
    }

    #[test]
    fn status_and_type_words() {
        // The vocabulary is values::action_status's (tested there); only the blank cell
        // and "repair" differ here.
        assert_eq!(status("Completed"), Some(ActionStatus::Done));
        assert_eq!(status("—"), Some(ActionStatus::Open));
        assert_eq!(status(""), Some(ActionStatus::Open));
        assert_eq!(status("blocked-ish"), None);
        assert_eq!(kind("Preventive"), Some(ActionType::Prevent));
        assert_eq!(kind("repair"), Some(ActionType::Mitigate));
        assert_eq!(kind("monitoring"), Some(ActionType::Detect));
        assert_eq!(kind("process"), Some(ActionType::Process));
    }

    #[test]
    fn checkbox_item_hints() {
        let inline = Inline {
            text: "ABC-123 Add alert on queue depth (owner: @ana, due 2025-04-01)".into(),
            links: vec![super::super::outline::Link {
                text: "ABC-123".into(),
                url: "https://jira.example.com/browse/ABC-123".into(),
            }],
        };
        let r = from_item(&inline, Some(false));
        assert_eq!(r.title, "Add alert on queue depth");
        assert_eq!(r.owner.as_deref(), Some("ana"));
        assert_eq!(r.due.as_deref(), Some("2025-04-01"));
        assert_eq!(r.tracker_ref.as_deref(), Some("ABC-123"));

        let r = from_item(
            &Inline {
                text: "Document the failover runbook — @bo, due April 1, 2025".into(),
                links: vec![],
            },
            Some(true),
        );
        assert_eq!(r.title, "Document the failover runbook");
        assert_eq!(r.owner.as_deref(), Some("bo"));
        assert_eq!(r.due.as_deref(), Some("April 1, 2025"));

        let r = from_item(
            &Inline {
                text: "Shard the queue (@cy, 2025-05-02)".into(),
                links: vec![],
            },
            None,
        );
        assert_eq!(r.title, "Shard the queue");
        assert_eq!(r.owner.as_deref(), Some("cy"));
        assert_eq!(r.due.as_deref(), Some("2025-05-02"));
    }

    #[test]
    fn table_headers_are_tolerant() {
        assert!(column("Action Item") == Some(Col::Title));
        assert!(column("Due date") == Some(Col::Due));
        assert!(column("Assignee") == Some(Col::Owner));
        assert!(column("Bug") == Some(Col::Ticket));
        assert!(column("JIRA ticket") == Some(Col::Ticket));
        assert!(column("Current status") == Some(Col::Status));
    }
}
