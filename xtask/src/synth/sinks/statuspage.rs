//! Atlassian Statuspage v2 `incidents.json`: the public face of the worst incidents,
//! newest first. Only a small share of incidents is public, so they are held until the
//! end to be written in that order.

use super::{Out, create};
use crate::synth::incidents::{Inc, Ts, mins};
use crate::synth::random::{alnum, stream};
use crate::synth::world::Kind;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

const PAGE_ID: &str = "nw7p4rc3l0sx";

pub struct Sink {
    w: Out,
    rng: ChaCha8Rng,
    incidents: Vec<Value>,
}

fn ts(t: Ts) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn component(service: &str) -> &'static str {
    match service {
        "checkout" => "Checkout",
        "payments" => "Payments",
        "search" => "Search",
        "catalog" => "Product catalog",
        "auth" => "Login & accounts",
        _ => "Website & API",
    }
}

fn public_name(inc: &Inc) -> &'static str {
    match inc.kind {
        Kind::Psp => "Card payments failing for some customers",
        Kind::Dns => "Website and app unreachable for some customers",
        Kind::Login => "Customers unable to log in",
        Kind::SearchIndex => "Search results incomplete or delayed",
        Kind::Certificate => "Secure connection errors in browsers and apps",
        Kind::Deploy if inc.service == "checkout" => "Errors during checkout",
        _ => "Degraded performance",
    }
}

impl Sink {
    pub fn create(path: &Path, seed: u64) -> anyhow::Result<Self> {
        Ok(Self {
            w: create(path)?,
            rng: stream(seed, 5),
            incidents: Vec::new(),
        })
    }

    pub fn write(&mut self, inc: &Inc) -> anyhow::Result<()> {
        let id = alnum(&mut self.rng, 12, false);
        let created = inc.created + mins(self.rng.random_range(6.0..20.0));
        let resolved = inc
            .resolved
            .map(|r| r.max(created) + mins(self.rng.random_range(5.0..15.0)));
        let monitoring = inc.mitigated.map(|m| m.max(created));
        let impact = if inc.sev == 1 { "critical" } else { "major" };
        let mut updates = vec![(
            "investigating",
            created,
            "We are investigating reports of problems. Updates will follow.",
        )];
        if let Some(m) = monitoring {
            updates.push((
                "monitoring",
                m,
                "A fix has been implemented and we are monitoring the results.",
            ));
        }
        if let Some(r) = resolved {
            updates.push(("resolved", r, "This incident has been resolved."));
        }
        let updated = *updates.iter().map(|(_, t, _)| t).max().unwrap();
        let updates: Vec<Value> = updates
            .iter()
            .rev()
            .map(|(status, t, body)| {
                json!({
                    "id": alnum(&mut self.rng, 12, false),
                    "status": status,
                    "body": body,
                    "incident_id": id,
                    "created_at": ts(*t),
                    "updated_at": ts(*t),
                    "display_at": ts(*t),
                    "affected_components": null,
                })
            })
            .collect();
        let status = if resolved.is_some() {
            "resolved"
        } else if monitoring.is_some() {
            "monitoring"
        } else {
            "investigating"
        };
        self.incidents.push(json!({
            "id": id,
            "name": public_name(inc),
            "status": status,
            "created_at": ts(created),
            "updated_at": ts(updated),
            "monitoring_at": monitoring.map(ts),
            "resolved_at": resolved.map(ts),
            "impact": impact,
            "shortlink": format!("https://stspg.io/{}", &id[..6]),
            "started_at": ts(inc.impact_start),
            "page_id": PAGE_ID,
            "incident_updates": updates,
            "components": [{
                "id": super::stable_id("c", inc.service).to_lowercase(),
                "name": component(inc.service),
                "status": if resolved.is_some() { "operational" } else { "major_outage" },
                "position": 1,
                "page_id": PAGE_ID,
                "group": false,
            }],
        }));
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        let updated = self
            .incidents
            .last()
            .and_then(|i| i["updated_at"].as_str().map(str::to_string))
            .unwrap_or_default();
        write!(
            self.w,
            "{{\n  \"page\": {{\"id\": \"{PAGE_ID}\", \"name\": \"Northwind Parcel\", \"url\": \"https://status.northwind-parcel.com\", \"time_zone\": \"Europe/Berlin\", \"updated_at\": \"{updated}\"}},\n  \"incidents\": ["
        )?;
        for (i, v) in self.incidents.iter().rev().enumerate() {
            self.w
                .write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            serde_json::to_writer(&mut self.w, v)?;
        }
        self.w.write_all(b"\n  ]\n}\n")?;
        self.w.flush()?;
        Ok(())
    }
}
