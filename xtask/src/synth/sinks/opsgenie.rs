//! Opsgenie: the alert list export, times in Unix milliseconds.

use super::{Out, create, title_case};
use crate::synth::incidents::Inc;
use std::path::Path;

const HEADER: &[&str] = &[
    "TinyId",
    "AlertId",
    "Alias",
    "Message",
    "Status",
    "Acknowledged",
    "IsSeen",
    "Owner",
    "Teams",
    "Priority",
    "Tags",
    "Source",
    "Entity",
    "Count",
    "CreatedAt",
    "UpdatedAt",
    "AcknowledgedAt",
    "ClosedAt",
];

pub struct Sink {
    w: csv::Writer<Out>,
}

/// "Dana Lee" -> "dana.lee@northwind-parcel.example".
pub fn email(name: &str) -> String {
    let local: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            ' ' => '.',
            'ü' => 'u',
            'ö' => 'o',
            'ä' => 'a',
            'ć' => 'c',
            'ı' => 'i',
            'é' => 'e',
            c => c,
        })
        .collect();
    format!("{local}@northwind-parcel.example")
}

impl Sink {
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let mut w = csv::Writer::from_writer(create(path)?);
        w.write_record(HEADER)?;
        Ok(Self { w })
    }

    pub fn write(&mut self, inc: &Inc) -> anyhow::Result<()> {
        let ms = |t: crate::synth::incidents::Ts| t.timestamp_millis().to_string();
        let ack = inc.acked.map(|(t, _)| t);
        let updated = inc.resolved.or(ack).unwrap_or(inc.created);
        let alias: String = inc
            .title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .take(6)
            .collect::<Vec<_>>()
            .join("-");
        let mut tags = inc.labels.join(",");
        tags.push(',');
        tags.push_str(inc.service);
        self.w.write_record([
            inc.number.to_string().as_str(),
            &format!("{}-{}", inc.uid, inc.created.timestamp_millis()),
            &alias,
            &inc.title,
            if inc.resolved.is_some() {
                "closed"
            } else {
                "open"
            },
            if ack.is_some() { "true" } else { "false" },
            if ack.is_some() || inc.resolved.is_some() {
                "true"
            } else {
                "false"
            },
            &inc.acked.map(|(_, who)| email(who)).unwrap_or_default(),
            &title_case(inc.team),
            &format!("P{}", inc.sev),
            &tags,
            "Prometheus",
            inc.service,
            "1",
            &ms(inc.created),
            &ms(updated),
            &ack.map(ms).unwrap_or_default(),
            &inc.resolved.map(ms).unwrap_or_default(),
        ])?;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}
