//! The seeded generator. One pass over the days writes incidents and tickets as it goes
//! (nothing but small per-day figures is kept), then the metric series are derived from
//! those figures. Same seed, same bytes: ChaCha8 streams, no wall clock, no hash order.

mod incidents;
mod markdown;
mod metrics;
mod plan;
mod random;
mod sinks;
#[cfg(test)]
mod tests;
mod tickets;
mod world;

pub use plan::Scale;

use anyhow::Context;
use incidents::{DayStats, IncidentGen};
use plan::Plan;
use std::fmt;
use std::path::Path;
use world::{Kind, SERVICES, Tool};

/// What was written, for the person running the task.
#[derive(Debug, Default)]
pub struct Stats {
    pub incidents: u64,
    pub tickets: u64,
    pub metric_points: u64,
    pub postmortems: u64,
    pub wins: u64,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "wrote {} incident records, {} tickets, {} metric points, {} postmortems, {} wins",
            self.incidents, self.tickets, self.metric_points, self.postmortems, self.wins
        )
    }
}

/// The sample writes `out/data/` (out is the site's content dir); a benchmark scale
/// writes a whole site under `out/content/`.
pub fn generate(scale: Scale, seed: u64, out: &Path) -> anyhow::Result<Stats> {
    let plan = Plan::new(scale);
    let content = if scale == Scale::Sample {
        out.to_path_buf()
    } else {
        let content = out.join("content");
        clear_previous_run(&content)?;
        content
    };
    let data = content.join("data");
    std::fs::create_dir_all(&data).with_context(|| format!("cannot create {}", data.display()))?;

    let mut incident_gen = IncidentGen::new(&plan, seed);
    let mut sinks = sinks::IncidentSinks::create(&data, &plan, seed)?;
    let mut tickets = tickets::TicketGen::create(&plan, seed, &data)?;
    let mut postmortems = markdown::PostmortemWriter::new(&plan, seed, &content)?;
    let mut days = Vec::with_capacity(plan.days() as usize);
    for date in plan.dates() {
        let mut stats = DayStats::default();
        for inc in incident_gen.day(date) {
            sinks.write(&inc)?;
            tickets.on_incident(&inc);
            postmortems.offer(&inc, date)?;
            count(&mut stats, &inc);
        }
        tickets.day(date)?;
        days.push(stats);
    }
    let mut stats = Stats {
        incidents: sinks.written,
        ..Stats::default()
    };
    sinks.finish()?;
    stats.tickets = tickets.finish()?;
    stats.postmortems = postmortems.written;
    stats.metric_points = metrics::write(&plan, seed, &days, &data)?;
    if scale != Scale::Sample {
        markdown::write_site_yaml(&content)?;
        stats.wins = markdown::write_wins(&plan, &content)?;
    }
    Ok(stats)
}

/// Marks a benchmark site as ours, so a rerun may replace it.
const MARKER: &str = ".xtask-generated";

/// A rerun must not leave files of an earlier run (file names depend on the seed), but
/// must never delete a directory it did not write.
fn clear_previous_run(content: &Path) -> anyhow::Result<()> {
    if !content.exists() {
        std::fs::create_dir_all(content)
            .with_context(|| format!("cannot create {}", content.display()))?;
    } else if content.join(MARKER).exists() {
        std::fs::remove_dir_all(content)
            .with_context(|| format!("cannot clear {}", content.display()))?;
        std::fs::create_dir_all(content)?;
    } else if std::fs::read_dir(content)?.next().is_some() {
        anyhow::bail!(
            "{} exists and was not written by xtask gen; choose an empty --out directory",
            content.display()
        );
    }
    std::fs::write(
        content.join(MARKER),
        "written by `cargo run -p xtask -- gen`\n",
    )
    .with_context(|| format!("cannot write into {}", content.display()))
}

fn count(stats: &mut DayStats, inc: &incidents::Inc) {
    if inc.tool != Tool::ServiceNow {
        stats.pages += 1;
    }
    if inc.kind == Kind::Hub {
        stats.hub_incidents += 1;
    }
    if inc.sev <= 2 {
        let k = SERVICES
            .iter()
            .position(|s| s.slug == inc.service)
            .unwrap_or(0);
        let end = inc.mitigated.or(inc.resolved).unwrap_or(inc.created);
        let minutes = (end - inc.impact_start).num_minutes().clamp(0, 1440) as f32;
        stats.impact_min[k] += minutes;
    }
}
