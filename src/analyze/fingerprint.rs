//! Recurrence fingerprints: the root-cause label where given, else the incident's first
//! theme, else its title normalised so that "Disk 91% full on db-7" and "Disk 88% full on
//! db-3" share one fingerprint.

use crate::model::Incident;

/// Drops every token that carries a number, an id, a host, hex or a percentage: any token
/// with a digit (numbers, "INC-123", "web-12", "93%", "10.0.0.1", "0x1f"), any dotted name
/// ("api.prod.example.com"), and hex runs of 8+ characters. The rest is lower-cased,
/// stripped of surrounding punctuation and joined by single spaces.
pub fn normalise_title(title: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for raw in title.split_whitespace() {
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if token.is_empty() || token.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let dotted = token.contains('.') || token.contains('/') || token.contains('@');
        let hexish = token.len() >= 8 && token.chars().all(|c| c.is_ascii_hexdigit());
        if dotted || hexish {
            continue;
        }
        out.push(token.to_lowercase());
    }
    out.join(" ")
}

pub fn fingerprint(incident: &Incident) -> String {
    if let Some(rc) = incident.root_cause.as_deref() {
        let rc = rc.trim().to_lowercase();
        if !rc.is_empty() {
            return rc;
        }
    }
    if let Some(theme) = incident.themes.first() {
        return theme.clone();
    }
    let t = normalise_title(&incident.title);
    if t.is_empty() {
        "(untitled)".to_string()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_numbers_ids_hosts_hex_percentages() {
        assert_eq!(
            normalise_title("Disk 91% full on db-7.prod.example.com (INC-4411)"),
            "disk full on"
        );
        assert_eq!(
            normalise_title("Checkout 5xx spike: deadbeefcafe 0x1F at 10.0.0.12"),
            "checkout spike at"
        );
        assert_eq!(
            normalise_title("High latency on API gateway"),
            "high latency on api gateway"
        );
        assert_eq!(normalise_title("1234 #55"), "");
    }
}
