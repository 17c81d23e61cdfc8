//! Cell values: missing markers, lists, booleans, severities and statuses, shared by
//! every preset so "P1", "SEV-1" and "1 - Critical" mean the same everywhere.

use crate::model::{ActionStatus, ActionType, IncidentStatus, Severity};

/// `?`, `N/A`, `null`, `-`, `none` and blank cells mean "no value".
pub fn is_missing(raw: &str) -> bool {
    let t = raw.trim();
    // Compared without lower-casing into a new String: this runs for every cell read.
    t.is_empty() || MISSING_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(t))
}

const MISSING_MARKERS: &[&str] = &["?", "n/a", "na", "null", "nil", "-", "--", "none", "(none)"];

/// Calls `f` with `s` lower-cased. Short ASCII text (status words, month names: nearly
/// every cell) is lower-cased on the stack, as this runs for every row; the rest goes
/// through `str::to_lowercase`, which gives the same result on ASCII.
pub fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if s.is_ascii() && s.len() <= buf.len() {
        let lower = &mut buf[..s.len()];
        lower.copy_from_slice(s.as_bytes());
        lower.make_ascii_lowercase();
        // Lower-cased ASCII is still valid UTF-8, so this never falls back.
        return f(std::str::from_utf8(lower).unwrap_or_default());
    }
    f(&s.to_lowercase())
}

/// How one cell holds several values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSep {
    /// One value per cell (Jira repeats the column instead).
    None,
    /// `a;b` or `a, b`.
    Punct,
    /// Zendesk tags: `a b`.
    Whitespace,
}

/// The values of a list cell, borrowed from `raw` (no Vec or String per cell).
pub fn list_items(raw: &str, sep: ListSep) -> impl Iterator<Item = &str> {
    let (one, punct, words) = match sep {
        ListSep::None => (Some(raw), None, None),
        ListSep::Punct => (None, Some(raw.split([';', ',', '|'])), None),
        ListSep::Whitespace => (None, None, Some(raw.split_whitespace())),
    };
    one.into_iter()
        .chain(punct.into_iter().flatten())
        .chain(words.into_iter().flatten())
        .map(str::trim)
        .filter(|p| !is_missing(p))
}

pub fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "ja" | "oui" | "sí" | "si" | "kyllä" => Some(true),
        "false" | "no" | "n" | "0" | "nein" | "non" | "ei" => Some(false),
        _ => None,
    }
}

/// Maps a tool's severity or priority label to sev1..sev5, keeping the label.
/// `None` level when the label is unknown (the caller reports it).
pub fn severity(raw: &str) -> Severity {
    Severity {
        level: severity_level(raw),
        raw: raw.trim().to_string(),
    }
}

fn severity_level(raw: &str) -> Option<u8> {
    let lower = raw.trim().to_lowercase();
    // "1 - Critical" (ServiceNow), "P1", "SEV-1", "sev 1", "S1", "1", "Severity 2", "P0".
    let named = ["severity", "priority", "level"]
        .iter()
        .find_map(|w| lower.strip_prefix(w))
        .unwrap_or(&lower);
    let stripped = named
        .trim_start_matches("sev")
        .trim_start_matches('p')
        .trim_start_matches('s')
        .trim_start_matches(['-', ' ', '_']);
    let digits: String = stripped.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty()
        && (digits.len() == stripped.len() || stripped[digits.len()..].starts_with([' ', '-', '(']))
    {
        return match digits.parse::<u8>().ok()? {
            0 => Some(1),
            n @ 1..=5 => Some(n),
            _ => None,
        };
    }
    let word = lower.split_whitespace().next().unwrap_or("");
    Some(match word {
        "critical" | "crit" | "highest" | "urgent" | "blocker" | "emergency" | "kritisch"
        | "höchste" | "critique" | "crítica" | "kriittinen" => 1,
        "high" | "major" | "hoch" | "haute" | "alta" | "korkea" => 2,
        "medium" | "moderate" | "minor" | "normal" | "mittel" | "moyenne" | "media"
        | "keskitaso" => 3,
        "low" | "niedrig" | "basse" | "baja" | "matala" | "trivial" => 4,
        "info" | "informational" | "lowest" | "planning" | "none" | "niedrigste" | "cosmetic" => 5,
        _ => return None,
    })
}

/// Maps an incident status word from any tool. ServiceNow's numeric states are
/// accepted too (1-3 open, 6 resolved, 7 closed, 8 canceled).
pub fn incident_status(raw: &str) -> Option<IncidentStatus> {
    with_lowercase(raw.trim(), |lower| {
        if lower.contains(['_', '-']) {
            incident_status_word(&lower.replace(['_', '-'], " "))
        } else {
            incident_status_word(lower)
        }
    })
}

/// `incident_status` of a lower-case word with `_` and `-` made spaces.
fn incident_status_word(lower: &str) -> Option<IncidentStatus> {
    use IncidentStatus::*;
    Some(match lower {
        "open" | "triggered" | "acknowledged" | "investigating" | "identified" | "fixing"
        | "triage" | "in progress" | "new" | "on hold" | "active" | "declared" | "1" | "2"
        | "3" | "4" | "5" | "paused" | "assigned" | "live" => Open,
        "mitigated" | "monitoring" | "stabilised" | "stabilized" | "workaround" => Mitigated,
        "resolved" | "solved" | "fixed" | "done" | "postmortem" | "post incident" | "learning"
        | "documenting" | "6" => Resolved,
        "closed" | "completed" | "7" => Closed,
        "canceled" | "cancelled" | "declined" | "merged" | "duplicate" | "8"
        | "not an incident" | "won't do" => Canceled,
        _ => return None,
    })
}

/// Lower-case words without punctuation or bare numbers: "Won't do" -> "won t do",
/// "5. Action items:" -> "action items".
pub fn words(text: &str) -> String {
    let mut out = String::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

/// Status words from trackers and postmortems (checkbox-style yes/no/x included);
/// `None` when not recognised.
pub fn action_status(raw: &str) -> Option<ActionStatus> {
    use ActionStatus::*;
    Some(match words(raw).as_str() {
        "open" | "todo" | "to do" | "new" | "backlog" | "not started" | "planned" | "pending"
        | "no" | "false" => Open,
        "in progress" | "doing" | "wip" | "started" | "in review" | "ongoing" | "blocked" => {
            InProgress
        }
        "done" | "closed" | "fixed" | "resolved" | "complete" | "completed" | "finished" | "x"
        | "yes" | "true" | "merged" | "shipped" => Done,
        "won t do" | "wont do" | "wontdo" | "wontfix" | "won t fix" | "cancelled" | "canceled"
        | "dropped" | "rejected" | "obsolete" => WontDo,
        _ => return None,
    })
}

/// Action type from its first word ("Prevention items" -> prevent); `None` when not
/// recognised.
pub fn action_type(raw: &str) -> Option<ActionType> {
    use ActionType::*;
    Some(match words(raw).split(' ').next().unwrap_or("") {
        "prevent" | "prevention" | "preventive" | "preventative" | "repair" | "fix" => Prevent,
        "mitigate" | "mitigation" | "mitigations" => Mitigate,
        "detect" | "detection" | "monitoring" | "alerting" => Detect,
        "process" | "procedure" | "documentation" | "training" => Process,
        _ => return None,
    })
}

/// Jira "Status Category" (or a status word) in the export's language: is it done?
pub fn ticket_done(raw: &str) -> Option<bool> {
    with_lowercase(raw.trim(), ticket_done_word)
}

/// `ticket_done` of a trimmed, lower-case word.
fn ticket_done_word(lower: &str) -> Option<bool> {
    match lower {
        "done" | "erledigt" | "terminé" | "terminée" | "listo" | "hecho" | "finalizada"
        | "valmis" | "resolved" | "closed" | "solved" | "fixed" | "won't do" | "canceled"
        | "cancelled" | "declined" | "behoben" | "geschlossen" | "fermé" | "résolu" | "cerrado"
        | "cerrada" | "resuelto" | "resuelta" | "suljettu" | "ratkaistu" => Some(true),
        "to do"
        | "in progress"
        | "open"
        | "new"
        | "pending"
        | "hold"
        | "on hold"
        | "zu erledigen"
        | "in arbeit"
        | "offen"
        | "à faire"
        | "en cours"
        | "por hacer"
        | "en curso"
        | "en progreso"
        | "tehtävä"
        | "työn alla"
        | "avoin"
        | "reopened"
        | "in review"
        | "waiting for customer"
        | "backlog"
        | "selected for development" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_markers() {
        for m in ["", " ", "?", "N/A", "null", "-", "None"] {
            assert!(is_missing(m), "{m:?}");
        }
        assert!(!is_missing("0"));
        assert!(!is_missing("NaN"));
    }

    #[test]
    fn severities_from_every_tool() {
        for (raw, lvl) in [
            ("P1", 1),
            ("SEV-2", 2),
            ("sev3", 3),
            ("1 - Critical", 1),
            ("3 - Moderate", 3),
            ("critical", 1),
            ("High", 2),
            ("medium", 3),
            ("low", 4),
            ("info", 5),
            ("4", 4),
            ("Major", 2),
            ("Highest", 1),
            ("Höchste", 1),
            ("P0", 1),
            ("Severity 2", 2),
            ("level-3", 3),
            ("crit", 1),
            ("cosmetic", 5),
        ] {
            assert_eq!(severity(raw).level, Some(lvl), "{raw}");
        }
        assert_eq!(severity("P9").level, None);
        assert_eq!(severity("whatever").level, None);
        assert_eq!(severity("P1").raw, "P1");
    }

    #[test]
    fn statuses() {
        assert_eq!(incident_status("triggered"), Some(IncidentStatus::Open));
        assert_eq!(
            incident_status("Monitoring"),
            Some(IncidentStatus::Mitigated)
        );
        assert_eq!(incident_status("In Progress"), Some(IncidentStatus::Open));
        assert_eq!(incident_status("7"), Some(IncidentStatus::Closed));
        assert_eq!(incident_status("Declined"), Some(IncidentStatus::Canceled));
        assert_eq!(incident_status("banana"), None);
        assert_eq!(ticket_done("Erledigt"), Some(true));
        assert_eq!(ticket_done("In Arbeit"), Some(false));
        assert_eq!(action_status("in progress"), Some(ActionStatus::InProgress));
        assert_eq!(action_status("Blocked"), Some(ActionStatus::InProgress));
        assert_eq!(action_status("won't_do"), Some(ActionStatus::WontDo));
        assert_eq!(action_status("blocked-ish"), None);
        // Tracker exports: a status without words is reported, not taken for open.
        assert_eq!(action_status("—"), None);
        assert_eq!(action_status("3"), None);
        assert_eq!(action_type("Fix"), Some(ActionType::Prevent));
        assert_eq!(action_type("repair"), Some(ActionType::Prevent));
        assert_eq!(action_type("Training"), Some(ActionType::Process));
        assert_eq!(action_type("fixture"), None);
    }

    #[test]
    fn lowercase_short_ascii_long_and_non_ascii() {
        let lower = |s: &str| with_lowercase(s, str::to_string);
        assert_eq!(lower("To Do"), "to do");
        assert_eq!(lower(&"AB".repeat(20)), "ab".repeat(20));
        assert_eq!(lower("MÄR"), "mär");
        assert_eq!(ticket_done(" Erledigt "), Some(true));
        assert_eq!(
            incident_status("Post-Incident"),
            Some(IncidentStatus::Resolved)
        );
    }

    #[test]
    fn lists() {
        let items = |raw, sep| list_items(raw, sep).collect::<Vec<_>>();
        assert_eq!(items("a; b,c", ListSep::Punct), ["a", "b", "c"]);
        assert_eq!(items("a b", ListSep::Whitespace), ["a", "b"]);
        assert_eq!(items("Web UI", ListSep::None), ["Web UI"]);
        assert!(items("N/A", ListSep::Punct).is_empty());
    }
}
