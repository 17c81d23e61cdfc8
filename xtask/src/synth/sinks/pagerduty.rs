//! PagerDuty: the incidents report CSV and the REST `GET /incidents` response.

use super::{Out, create, iso_local, iso_utc, stable_id, title_case};
use crate::synth::incidents::Inc;
use serde_json::json;
use std::io::Write;
use std::path::Path;

const HEADER: &[&str] = &[
    "id",
    "incident_number",
    "description",
    "service_id",
    "service_name",
    "escalation_policy_id",
    "escalation_policy_name",
    "team_id",
    "team_name",
    "urgency",
    "priority",
    "status",
    "created_on",
    "acknowledged_on",
    "resolved_on",
    "seconds_to_first_ack",
    "seconds_to_resolve",
    "auto_resolved",
    "escalation_count",
    "html_url",
];

pub const ACCOUNT_URL: &str = "https://northwind-parcel.pagerduty.com/incidents/";

fn urgency(inc: &Inc) -> &'static str {
    if inc.sev <= 3 { "high" } else { "low" }
}

pub struct CsvSink {
    w: csv::Writer<Out>,
}

impl CsvSink {
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let mut w = csv::Writer::from_writer(create(path)?);
        w.write_record(HEADER)?;
        Ok(Self { w })
    }

    pub fn write(&mut self, inc: &Inc) -> anyhow::Result<()> {
        let opt = |t: Option<String>| t.unwrap_or_default();
        let ack = inc.acked.map(|(t, _)| t);
        let secs = |t: Option<crate::synth::incidents::Ts>| {
            opt(t.map(|t| (t - inc.created).num_seconds().to_string()))
        };
        let team = title_case(inc.team);
        self.w.write_record([
            inc.uid.as_str(),
            &inc.number.to_string(),
            &inc.title,
            &stable_id("P", inc.service),
            inc.service,
            &stable_id("PE", inc.team),
            &format!("{team} On-call"),
            &stable_id("PT", inc.team),
            &team,
            urgency(inc),
            &format!("P{}", inc.sev),
            inc.status(),
            &iso_local(inc.created),
            &opt(ack.map(iso_local)),
            &opt(inc.resolved.map(iso_local)),
            &secs(ack),
            &secs(inc.resolved),
            if inc.auto_resolved { "true" } else { "false" },
            if ack.is_none() && inc.resolved.is_none() {
                "2"
            } else {
                "0"
            },
            &format!("{ACCOUNT_URL}{}", inc.uid),
        ])?;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// Streams `{"incidents": [...], "limit": …}` without holding the list.
pub struct JsonSink {
    w: Out,
    n: u64,
}

impl JsonSink {
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let mut w = create(path)?;
        w.write_all(b"{\n  \"incidents\": [")?;
        Ok(Self { w, n: 0 })
    }

    pub fn write(&mut self, inc: &Inc) -> anyhow::Result<()> {
        let team = title_case(inc.team);
        let svc_id = stable_id("P", inc.service);
        let acks: Vec<_> = inc
            .acked
            .iter()
            .map(|(t, who)| {
                json!({"at": iso_utc(*t), "acknowledger": {
                    "id": stable_id("PU", who), "type": "user_reference", "summary": who}})
            })
            .collect();
        let last_change = inc
            .resolved
            .or(inc.acked.map(|(t, _)| t))
            .unwrap_or(inc.created);
        let value = json!({
            "id": inc.uid,
            "type": "incident",
            "summary": format!("[#{}] {}", inc.number, inc.title),
            "self": format!("https://api.pagerduty.com/incidents/{}", inc.uid),
            "html_url": format!("{ACCOUNT_URL}{}", inc.uid),
            "incident_number": inc.number,
            "title": inc.title,
            "created_at": iso_utc(inc.created),
            "updated_at": iso_utc(last_change),
            "status": inc.status(),
            "incident_key": format!("{}/{}", inc.service, inc.labels.first().copied().unwrap_or("alert")),
            "service": {
                "id": svc_id, "type": "service_reference", "summary": inc.service,
                "self": format!("https://api.pagerduty.com/services/{svc_id}"),
                "html_url": format!("https://northwind-parcel.pagerduty.com/service-directory/{svc_id}"),
            },
            "assignments": [],
            "acknowledgements": acks,
            "last_status_change_at": iso_utc(last_change),
            "resolved_at": inc.resolved.map(iso_utc),
            "escalation_policy": {"id": stable_id("PE", inc.team), "type": "escalation_policy_reference", "summary": format!("{team} On-call")},
            "teams": [{"id": stable_id("PT", inc.team), "type": "team_reference", "summary": team}],
            "priority": {"id": stable_id("PP", &inc.sev.to_string()), "type": "priority", "summary": format!("P{}", inc.sev), "name": format!("P{}", inc.sev)},
            "urgency": urgency(inc),
            "alert_counts": {"all": 1, "triggered": u8::from(inc.resolved.is_none()), "resolved": u8::from(inc.resolved.is_some())},
        });
        self.w
            .write_all(if self.n == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut self.w, &value)?;
        self.n += 1;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        write!(
            self.w,
            "\n  ],\n  \"limit\": {},\n  \"offset\": 0,\n  \"total\": {},\n  \"more\": false\n}}\n",
            self.n.max(1),
            self.n
        )?;
        self.w.flush()?;
        Ok(())
    }
}
