//! Benchmark sites only: generated postmortems (in the five styles the sample's
//! hand-written ones use), declared wins, and site.yaml (the sample's own settings).

use super::incidents::{Inc, mins};
use super::plan::{Plan, Scale};
use super::random::{pick, stream};
use super::sinks::pagerduty::ACCOUNT_URL;
use super::world::{self, Kind, Tool};
use anyhow::Context;
use chrono::{Duration, NaiveDate};
use chrono_tz::Europe::Berlin;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const SITE_YAML: &str = include_str!("../../../content/site.yaml");

pub fn write_site_yaml(content: &Path) -> anyhow::Result<()> {
    let path = content.join("site.yaml");
    std::fs::write(&path, SITE_YAML).with_context(|| format!("cannot write {}", path.display()))
}

pub struct PostmortemWriter {
    dir: PathBuf,
    rng: ChaCha8Rng,
    target: u64,
    days: u64,
    start: NaiveDate,
    as_of: NaiveDate,
    pub written: u64,
    tickets: u64,
}

struct Action {
    title: &'static str,
    kind: &'static str,
    owner: &'static str,
    due: NaiveDate,
    status: &'static str,
    completed: Option<NaiveDate>,
    ticket: String,
}

impl PostmortemWriter {
    pub fn new(plan: &Plan, seed: u64, content: &Path) -> anyhow::Result<Self> {
        let dir = content.join("postmortems");
        if plan.scale != Scale::Sample {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Ok(Self {
            dir,
            rng: stream(seed, 6),
            target: plan.postmortems,
            days: plan.days(),
            start: plan.start,
            as_of: plan.end,
            written: 0,
            tickets: 0,
        })
    }

    /// Writes a postmortem for a sev1/sev2 incident while at most one ahead of the even
    /// pace, so the target count is reached exactly.
    pub fn offer(&mut self, inc: &Inc, date: NaiveDate) -> anyhow::Result<()> {
        let elapsed = (date - self.start).num_days() as u64 + 1;
        let allowed = (self.target * elapsed / self.days + 1).min(self.target);
        if inc.sev > 2 || self.written >= allowed {
            return Ok(());
        }
        let date = inc.created.with_timezone(&Berlin).date_naive() + Duration::days(3);
        let style = self.written % 5;
        let text = self.render(inc, date, style);
        let name = format!("{date}-{}-{}.md", inc.service, self.written + 1);
        let path = self.dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        self.written += 1;
        Ok(())
    }

    fn actions(&mut self, inc: &Inc, date: NaiveDate) -> Vec<Action> {
        let rng = &mut self.rng;
        let people = world::people(inc.team);
        let n = rng.random_range(2..5);
        // Sequential tracker keys: an action id is its ticket, and ids must be unique.
        let first_ticket = 1001 + self.tickets;
        self.tickets += n as u64;
        (0..n)
            .map(|i| {
                let (title, kind) = pick(rng, ACTIONS[i % ACTIONS.len()]);
                let due = date + Duration::days(rng.random_range(14..75));
                let done = due < self.as_of && rng.random::<f64>() < 0.7;
                let completed =
                    done.then(|| (due - Duration::days(rng.random_range(-20..10))).min(self.as_of));
                let status = match (done, due < self.as_of) {
                    (true, _) => "done",
                    (false, true) => pick(rng, &["open", "in progress", "wont do"]),
                    (false, false) => pick(rng, &["open", "in progress"]),
                };
                Action {
                    title,
                    kind,
                    owner: pick(rng, people),
                    due,
                    status,
                    completed,
                    ticket: format!("OPS-{}", first_ticket + i as u64),
                }
            })
            .collect()
    }

    fn render(&mut self, inc: &Inc, date: NaiveDate, style: u64) -> String {
        let actions = self.actions(inc, date);
        let title = format!("{} ({})", inc.title, inc.service);
        let id = incident_ref(inc);
        let restore = inc
            .resolved
            .map(|r| (r - inc.impact_start).num_minutes())
            .unwrap_or(0);
        let body = narrative(&mut self.rng, inc);
        let mut s = String::new();
        match style {
            0 => {
                let _ = writeln!(
                    s,
                    "---\ntitle: \"{}\"\ndate: {date}\nstatus: published\nseverity: sev{}\nservices: [{}]\nincidents: [\"{id}\"]\nauthors: [\"{}\"]\nactions:",
                    title.replace('"', "'"),
                    inc.sev,
                    inc.service,
                    world::people(inc.team)[0]
                );
                for a in &actions {
                    let _ = writeln!(
                        s,
                        "  - title: \"{}\"\n    type: {}\n    owner: \"{}\"\n    due: {}\n    status: {}\n    ticket: {}",
                        a.title, a.kind, a.owner, a.due, a.status, a.ticket
                    );
                    if let Some(c) = a.completed {
                        let _ = writeln!(s, "    completed: {c}");
                    }
                }
                let _ = writeln!(s, "---\n\n{body}");
            }
            1 => {
                let _ = writeln!(
                    s,
                    "+++\ntitle = \"{}\"\ndate = {date}\nstatus = \"published\"\nseverity = \"SEV{}\"\nservices = [\"{}\"]\nincidents = [\"{id}\"]\n+++\n\n{body}\n## Action items\n\n| Action | Owner | Due | Status | Type | Completed |\n|---|---|---|---|---|---|",
                    title.replace('"', "'"),
                    inc.sev,
                    inc.service
                );
                for a in &actions {
                    let c = a.completed.map(|c| c.to_string()).unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} | {} | {} | {c} |",
                        a.title, a.owner, a.due, a.status, a.kind
                    );
                }
            }
            2 => {
                let underline = "=".repeat(title.chars().count());
                let _ = writeln!(
                    s,
                    "{title}\n{underline}\n\nDate: {date}\nSeverity: SEV{}\nAffected services: {}\nIncident ID: {id}\n\n{body}\n## Follow-ups\n",
                    inc.sev, inc.service
                );
                for a in &actions {
                    let mark = if a.status == "done" { "x" } else { " " };
                    let _ = writeln!(
                        s,
                        "- [{mark}] {} [{t}](https://northwind-parcel.atlassian.net/browse/{t}) (owner: @{}, due: {})",
                        a.title,
                        a.owner.split(' ').next().unwrap_or("").to_lowercase(),
                        a.due,
                        t = a.ticket
                    );
                }
            }
            3 => {
                let _ = writeln!(
                    s,
                    "---\ntitle: \"{}\"\ndate: {date}\nstatus: published\nincidents: [\"{id}\"]\n---\n\n# {}\n\n**Impact**: sev{} on {}\n\n{body}\n## Action Items\n\n| Action Item | Type | Owner | Bug | Status | Due |\n|---|---|---|---|---|---|",
                    title.replace('"', "'"),
                    title,
                    inc.sev,
                    inc.service
                );
                for a in &actions {
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} | {} | {} | {} |",
                        a.title, a.kind, a.owner, a.ticket, a.status, a.due
                    );
                }
            }
            _ => {
                let _ = writeln!(
                    s,
                    "# {title}\n\n**Date**: {date}\n**Severity**: {}\n**Services**: {}\n**Incidents**: {id}\n**Time to repair**: {}h {}m\n\n{body}\n## Corrective actions\n\n| What | Owner | Due date | Status | Type |\n|---|---|---|---|---|",
                    ["Critical", "High"][(inc.sev as usize - 1).min(1)],
                    inc.service,
                    restore / 60,
                    restore % 60
                );
                for a in &actions {
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} | {} | {} |",
                        a.title, a.owner, a.due, a.status, a.kind
                    );
                }
            }
        }
        s
    }
}

/// The id a reader of the incident tool would quote.
fn incident_ref(inc: &Inc) -> String {
    match inc.tool {
        Tool::PagerDuty => inc.uid.clone(),
        Tool::Opsgenie => inc.number.to_string(),
        Tool::ServiceNow => format!("INC{:07}", inc.number),
    }
}

const ACTIONS: &[&[(&str, &str)]] = &[
    &[
        ("Add a regression test for the failing path", "prevent"),
        ("Make the rollout canary-gated", "prevent"),
        ("Add rate limiting in front of the dependency", "prevent"),
        (
            "Remove the single point of failure in the config",
            "prevent",
        ),
    ],
    &[
        ("Alert on the symptom, not the cause", "detect"),
        ("Add a synthetic check for the customer journey", "detect"),
        ("Lower the alert threshold and add a runbook link", "detect"),
    ],
    &[
        ("Write a runbook for manual failover", "mitigate"),
        ("Add a kill switch behind a feature flag", "mitigate"),
    ],
    &[
        ("Review on-call handover checklist", "process"),
        ("Share learnings at the engineering all-hands", "process"),
    ],
];

fn narrative(rng: &mut ChaCha8Rng, inc: &Inc) -> String {
    let local = |t| {
        chrono::DateTime::<chrono::Utc>::with_timezone(&t, &Berlin)
            .format("%H:%M")
            .to_string()
    };
    let cause = match inc.kind {
        Kind::Dns => "CoreDNS pods ran out of conntrack entries under a burst of lookups",
        Kind::Psp => "our payment provider PayFlux degraded and our client retried without backoff",
        Kind::Deploy => "a release changed a default that the old clients still relied on",
        Kind::Capacity => "traffic grew faster than the autoscaler's upper bound",
        Kind::Database => "a long-running migration held a lock on a hot table",
        Kind::Certificate => "an automated renewal failed silently weeks earlier",
        Kind::SearchIndex => "the indexer fell behind after a mapping change",
        Kind::Login => "the identity provider rotated keys before we fetched the new set",
        Kind::Messaging => "the messaging provider throttled our sender account",
        Kind::Hub => "a network switch at the hub rebooted into a stale config",
        Kind::DiskNoise | Kind::Synthetic => "a health check depended on a flaky upstream",
    };
    let went_well = pick(
        rng,
        &[
            "The alert fired within minutes and the runbook was current.",
            "Rollback took one command and the on-call engineer knew it.",
            "Support flagged the customer reports early and linked them to the incident.",
        ],
    );
    let ack = inc
        .acked
        .map(|(t, who)| format!("- {} {who} acknowledged the page.\n", local(t)))
        .unwrap_or_default();
    let end = inc.resolved.unwrap_or(inc.created + mins(60.0));
    format!(
        "## Summary\n\nBetween {} and {} the {} service was impaired: {}. \
         Customers saw errors or delays while the team worked on a fix.\n\n\
         ## Timeline\n\n- {} Impact begins.\n- {} The alert pages on-call.\n{ack}- {} Service restored.\n\n\
         ## Root cause\n\n{cause}.\n\n## What went well\n\n{went_well}\n\n\
         ## What went wrong\n\nThe first signal came from customers rather than our dashboards, \
         and the runbook did not cover this failure mode.\n\nSee [the incident]({ACCOUNT_URL}{}).\n",
        local(inc.impact_start),
        local(end),
        inc.service,
        inc.title.to_lowercase(),
        local(inc.impact_start),
        local(inc.created),
        local(end),
        inc.uid
    )
}

/// Declared wins spread evenly over the span.
pub fn write_wins(plan: &Plan, content: &Path) -> anyhow::Result<u64> {
    let dir = content.join("wins");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let themes = [
        (
            "dns",
            "edge",
            "DNS failures stopped after node-local caching",
        ),
        (
            "deploy-regressions",
            "checkout",
            "Checkout restores in half the time",
        ),
        (
            "alert-noise",
            "db-primary",
            "Fewer night pages for the data team",
        ),
        (
            "capacity",
            "k8s-platform",
            "No capacity incidents this quarter",
        ),
    ];
    for i in 0..plan.wins {
        let (theme, service, title) = themes[i as usize % themes.len()];
        let date = plan.start + Duration::days((plan.days() * (i + 1) / (plan.wins + 1)) as i64);
        let text = format!(
            "---\ntitle: \"{title} ({})\"\ndate: {date}\nthemes: [{theme}]\nservices: [{service}]\nevidence: \"See the {theme} theme page for before and after.\"\n---\n\nThe team's work paid off; the report shows the trend.\n",
            i + 1
        );
        let path = dir.join(format!("{date}-{theme}-{}.md", i + 1));
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(plan.wins)
}
