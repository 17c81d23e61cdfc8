//! Redaction of indexed text, following `privacy` in site.yaml.
//!
//! TODO(integration): switch to `crate::site::privacy::Redactor` once the site branch is
//! merged; these are the same rules (e-mail, phone, the site's own patterns).

use crate::config::Privacy;
use anyhow::{Context, Result};
use regex::Regex;

const REDACTED: &str = "[redacted]";
const EMAIL: &str = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}";
const PHONE: &str = r"(?:\+\d{1,3}[ -]?(?:\(\d{1,4}\)[ -]?)?\d{2,4}(?:[ -]?\d{2,4}){1,4}|\(\d{2,4}\)[ -]?\d{3,4}[ -]\d{3,4}|\b\d{3,4}[ -]\d{3,4}[ -]\d{3,4})\b";

pub struct Redactor {
    patterns: Vec<Regex>,
}

impl Redactor {
    pub fn new(privacy: &Privacy) -> Result<Redactor> {
        let mut patterns = Vec::new();
        if privacy.redact_emails {
            patterns.push(Regex::new(EMAIL).expect("e-mail pattern"));
        }
        if privacy.redact_phones {
            patterns.push(Regex::new(PHONE).expect("phone pattern"));
        }
        for p in &privacy.patterns {
            patterns.push(
                Regex::new(p).with_context(|| {
                    format!("privacy.patterns: `{p}` is not a regular expression")
                })?,
            );
        }
        Ok(Redactor { patterns })
    }

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for re in &self.patterns {
            if re.is_match(&out) {
                out = re.replace_all(&out, REDACTED).into_owned();
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_emails_phones_and_patterns() {
        let privacy = Privacy {
            patterns: vec![r"CUST-\d+".into()],
            ..Privacy::default()
        };
        let r = Redactor::new(&privacy).unwrap();
        assert_eq!(
            r.redact("mail jane@example.com, call +49 30 1234 5678 about CUST-991"),
            "mail [redacted], call [redacted] about [redacted]"
        );
        assert_eq!(r.redact("10.0.0.1 on 2025-03-04"), "10.0.0.1 on 2025-03-04");
    }
}
