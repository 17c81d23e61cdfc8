//! Metric series derived from the day-by-day incident figures, so a chart dips where
//! the incidents are: Prometheus query_range JSON and a generic long CSV.

use super::incidents::DayStats;
use super::plan::{Plan, Scale};
use super::random::{normal, poisson, stream};
use super::sinks;
use super::world::SERVICES;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::io::Write;
use std::path::Path;

#[derive(Clone, Copy, PartialEq)]
enum Model {
    Availability,
    LatencyP95,
    ErrorRate,
    Deploys,
    PagesPerWeek,
    QueueLag,
}

struct Stream {
    name: &'static str,
    service: &'static str,
    model: Model,
}

impl Model {
    fn name(self) -> &'static str {
        match self {
            Model::Availability => "availability_percent",
            Model::LatencyP95 => "latency_p95_ms",
            Model::ErrorRate => "error_rate_percent",
            Model::Deploys => "deploys_per_day",
            Model::PagesPerWeek => "pages_per_week",
            Model::QueueLag => "warehouse_queue_lag_seconds",
        }
    }

    fn in_prometheus(self) -> bool {
        matches!(
            self,
            Model::Availability | Model::LatencyP95 | Model::ErrorRate
        )
    }
}

fn streams(scale: Scale) -> Vec<Stream> {
    let (avail, latency): (&[&str], &[&str]) = if scale == Scale::Sample {
        (&["checkout", "payments", "search"], &["checkout"])
    } else {
        (
            &[
                "checkout",
                "payments",
                "search",
                "catalog",
                "auth",
                "notifications",
                "warehouse-api",
                "edge",
                "db-primary",
                "k8s-platform",
            ],
            &["checkout", "payments", "search", "catalog", "auth"],
        )
    };
    let mut out = Vec::new();
    let mut add = |model: Model, service: &'static str| {
        out.push(Stream {
            name: model.name(),
            service,
            model,
        })
    };
    avail.iter().for_each(|s| add(Model::Availability, s));
    latency.iter().for_each(|s| add(Model::LatencyP95, s));
    latency.iter().for_each(|s| add(Model::ErrorRate, s));
    add(Model::Deploys, "all");
    add(Model::PagesPerWeek, "all");
    add(Model::QueueLag, "warehouse-api");
    out
}

/// Writes data/prometheus-slo.json and data/metrics.csv; returns the points written.
pub fn write(plan: &Plan, seed: u64, days: &[DayStats], data: &Path) -> anyhow::Result<u64> {
    let mut rng = stream(seed, 4);
    let all = streams(plan.scale);
    let span = plan.days() as i64 * 86_400;
    let weeks = plan.days() as i64 / 7;
    let regular = all.len() as i64 - 1;
    // The sample is daily; benchmark scales take the step that yields their point count.
    let step = if plan.scale == Scale::Sample {
        86_400
    } else {
        let per_stream = (plan.metric_points as i64 - weeks) / regular;
        (span / per_stream.max(1)).max(60)
    };
    let origin = plan.start.and_hms_opt(0, 0, 0).unwrap().and_utc();
    let ctx = Ctx { plan, days, origin };
    let mut written = 0;

    let mut prom = sinks::create(&data.join("prometheus-slo.json"))?;
    prom.write_all(b"{\n  \"status\": \"success\",\n  \"data\": {\n    \"resultType\": \"matrix\",\n    \"result\": [")?;
    let mut first = true;
    for s in all.iter().filter(|s| s.model.in_prometheus()) {
        prom.write_all(if first { b"\n      " } else { b",\n      " })?;
        first = false;
        write!(
            prom,
            "{{\"metric\": {{\"__name__\": \"{}\", \"service\": \"{}\", \"env\": \"prod\"}}, \"values\": [",
            s.name, s.service
        )?;
        let mut t = 0;
        let mut sep = "";
        while t < span {
            let at = origin + Duration::seconds(t);
            let v = ctx.value(&mut rng, s, at);
            write!(prom, "{sep}[{}, \"{}\"]", at.timestamp(), v)?;
            sep = ", ";
            written += 1;
            t += step;
        }
        prom.write_all(b"]}")?;
    }
    prom.write_all(b"\n    ]\n  }\n}\n")?;
    prom.flush()?;

    let mut csv = csv::Writer::from_writer(sinks::create(&data.join("metrics.csv"))?);
    csv.write_record(["timestamp", "series", "value", "service"])?;
    for s in all.iter().filter(|s| !s.model.in_prometheus()) {
        let step = if s.model == Model::PagesPerWeek {
            7 * 86_400
        } else {
            step
        };
        // Weekly points on Mondays, each counting the week that ends the day before.
        let mut t = if s.model == Model::PagesPerWeek {
            let wd = plan.start.weekday().num_days_from_monday() as i64;
            (7 - wd) % 7 * 86_400 + 7 * 86_400
        } else {
            0
        };
        while t < span {
            let at = origin + Duration::seconds(t);
            let v = ctx.value(&mut rng, s, at);
            csv.write_record([
                at.format("%Y-%m-%dT%H:%M:%SZ").to_string().as_str(),
                s.name,
                &v,
                s.service,
            ])?;
            written += 1;
            t += step;
        }
    }
    csv.flush()?;
    Ok(written)
}

struct Ctx<'a> {
    plan: &'a Plan,
    days: &'a [DayStats],
    origin: DateTime<Utc>,
}

impl Ctx<'_> {
    fn day(&self, at: DateTime<Utc>) -> (usize, NaiveDate) {
        let i = ((at - self.origin).num_days().max(0) as usize).min(self.days.len() - 1);
        (i, self.plan.start + Duration::days(i as i64))
    }

    fn value(&self, rng: &mut ChaCha8Rng, s: &Stream, at: DateTime<Utc>) -> String {
        let (i, date) = self.day(at);
        let d = &self.days[i];
        let svc = SERVICES.iter().position(|x| x.slug == s.service);
        let impact = svc.map(|k| d.impact_min[k] as f64).unwrap_or(0.0);
        let progress = self.plan.progress(date);
        let peak_season = matches!(date.month(), 11 | 12);
        match s.model {
            Model::Availability => {
                let noise = normal(rng).abs() * 0.012;
                let v = 100.0 - impact / 1440.0 * 100.0 * 0.5 - noise;
                format!("{:.3}", v.max(90.0))
            }
            Model::LatencyP95 => {
                let base = match s.service {
                    "checkout" => 420.0,
                    "payments" => 610.0,
                    "search" => 180.0,
                    _ => 240.0,
                };
                let season = if peak_season { 1.15 } else { 1.0 };
                let v = base * (1.0 - 0.25 * progress) * season * (1.0 + 0.05 * normal(rng))
                    + impact * 1.5;
                format!("{:.0}", v.max(20.0))
            }
            Model::ErrorRate => {
                let v = 0.12 + 0.03 * normal(rng).abs() + impact / 1440.0 * 25.0;
                format!("{:.3}", v)
            }
            Model::Deploys => {
                let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
                let rate = if weekend { 1.5 } else { 12.0 + 10.0 * progress };
                poisson(rng, rate).to_string()
            }
            Model::PagesPerWeek => {
                let from = i.saturating_sub(7);
                let n: u32 = self.days[from..i].iter().map(|d| d.pages).sum();
                n.to_string()
            }
            Model::QueueLag => {
                let spike = if d.hub_incidents > 0 {
                    rng.random_range(200.0..900.0) * d.hub_incidents as f64
                } else {
                    0.0
                };
                format!("{:.0}", 25.0 + 12.0 * normal(rng).abs() + spike)
            }
        }
    }
}
