//! Renders generated records in each tool's own export layout. The headers and field
//! names mirror the ingest fixtures in tests/fixtures/ingest/ exactly; change both
//! together.

pub mod jira;
pub mod opsgenie;
pub mod pagerduty;
pub mod servicenow;
pub mod statuspage;

use super::incidents::{Inc, Ts};
use super::plan::Plan;
use super::world::Tool;
use anyhow::Context;
use chrono_tz::Europe::Berlin;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

pub type Out = BufWriter<File>;

pub fn create(path: &Path) -> anyhow::Result<Out> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 16, file))
}

/// ISO 8601 with the Berlin offset, as PagerDuty's CSV report writes account-local times.
pub fn iso_local(t: Ts) -> String {
    t.with_timezone(&Berlin)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// ISO 8601 UTC with a Z, as REST APIs write it.
pub fn iso_utc(t: Ts) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Every incident sink, fed in creation order.
pub struct IncidentSinks {
    pd_csv: pagerduty::CsvSink,
    pd_json: pagerduty::JsonSink,
    opsgenie: opsgenie::Sink,
    servicenow: servicenow::Sink,
    statuspage: statuspage::Sink,
    json_from: chrono::NaiveDate,
    pub written: u64,
}

impl IncidentSinks {
    pub fn create(data: &Path, plan: &Plan, seed: u64) -> anyhow::Result<Self> {
        Ok(Self {
            pd_csv: pagerduty::CsvSink::create(&data.join("pagerduty-incidents.csv"))?,
            pd_json: pagerduty::JsonSink::create(&data.join("pagerduty-incidents-api.json"))?,
            opsgenie: opsgenie::Sink::create(&data.join("opsgenie-alerts.csv"))?,
            servicenow: servicenow::Sink::create(
                &data.join("servicenow-incident-audit.csv"),
                plan.end,
            )?,
            statuspage: statuspage::Sink::create(&data.join("statuspage-incidents.json"), seed)?,
            json_from: plan.pagerduty_json_from,
            written: 0,
        })
    }

    pub fn write(&mut self, inc: &Inc) -> anyhow::Result<()> {
        match inc.tool {
            Tool::PagerDuty if inc.created.date_naive() >= self.json_from => {
                self.pd_json.write(inc)?
            }
            Tool::PagerDuty => self.pd_csv.write(inc)?,
            Tool::Opsgenie => self.opsgenie.write(inc)?,
            Tool::ServiceNow => self.servicenow.write(inc)?,
        }
        self.written += 1;
        if inc.public {
            self.statuspage.write(inc)?;
            self.written += 1;
        }
        Ok(())
    }

    pub fn finish(self) -> anyhow::Result<()> {
        self.pd_csv.finish()?;
        self.pd_json.finish()?;
        self.opsgenie.finish()?;
        self.servicenow.finish()?;
        self.statuspage.finish()
    }
}

/// A stable tool-style id for a name ("P" + 6 base-36 characters), so the same service
/// always gets the same PagerDuty service id.
pub fn stable_id(prefix: &str, name: &str) -> String {
    // FNV-1a: tiny, fixed and platform-independent, unlike std's RandomState hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    const SET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut s = prefix.to_string();
    for _ in 0..6 {
        s.push(SET[(h % 36) as usize] as char);
        h /= 36;
    }
    s
}

/// "storefront" -> "Storefront", "data-platform" -> "Data Platform".
pub fn title_case(team: &str) -> String {
    team.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
