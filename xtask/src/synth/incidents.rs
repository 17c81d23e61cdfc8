//! Incidents, one day at a time: a background of ordinary failures plus the planted
//! stories (DNS recurring until fixed, a noisy disk alert, payment provider trouble).

use super::plan::Plan;
use super::random::{alnum, lognormal, pick, poisson, stream, weighted};
use super::world::{self, BACKGROUND, Hours, Kind, Mode, Tool};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Berlin;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub type Ts = DateTime<Utc>;

/// One generated incident, in tool-neutral form; sinks render it in their tool's layout.
#[derive(Debug, Clone)]
pub struct Inc {
    pub tool: Tool,
    /// Per-tool running number (PagerDuty incident number, Opsgenie tinyId, INC number).
    pub number: u32,
    /// Opaque id as the tool's API shows it.
    pub uid: String,
    pub title: String,
    pub service: &'static str,
    pub team: &'static str,
    pub sev: u8,
    pub kind: Kind,
    pub created: Ts,
    pub impact_start: Ts,
    pub acked: Option<(Ts, &'static str)>,
    pub mitigated: Option<Ts>,
    /// None: still open at as_of.
    pub resolved: Option<Ts>,
    pub auto_resolved: bool,
    pub labels: Vec<&'static str>,
    /// Mirrored to the public status page (a customer-facing sev1/sev2).
    pub public: bool,
}

impl Inc {
    pub fn status(&self) -> &'static str {
        match (self.resolved, self.acked) {
            (Some(_), _) => "resolved",
            (None, Some(_)) => "acknowledged",
            (None, None) => "triggered",
        }
    }
}

/// Per-day figures the metric series are derived from, so charts agree with incidents.
#[derive(Debug, Clone, Default)]
pub struct DayStats {
    /// Minutes of sev1/sev2 impact per service index (world::SERVICES order).
    pub impact_min: [f32; 10],
    /// Pages (incidents paged through PagerDuty or Opsgenie) started that day.
    pub pages: u32,
    pub hub_incidents: u32,
}

pub struct IncidentGen {
    plan: Plan,
    rng: ChaCha8Rng,
    ids: ChaCha8Rng,
    dns_days: Vec<NaiveDate>,
    numbers: [u32; 3],
    background_rate: f64,
    noise_rate: f64,
    psp_rate_quiet: f64,
    psp_rate_bad: f64,
    servicenow_rate: f64,
    as_of_end: Ts,
}

impl IncidentGen {
    pub fn new(plan: &Plan, seed: u64) -> Self {
        let days = plan.days() as f64;
        let target = plan.incidents as f64;
        // Incidents per day relative to the sample (400 over 18 months).
        let density = (target / days) / (400.0 / 546.0);
        let mut sched = stream(seed, 11);
        Self {
            plan: plan.clone(),
            rng: stream(seed, 1),
            ids: stream(seed, 2),
            dns_days: dns_schedule(plan, &mut sched),
            numbers: plan.first_numbers,
            background_rate: target * 0.60 * plan.calibration[0] / days,
            noise_rate: target * 0.22 / days,
            psp_rate_quiet: density / 40.0,
            psp_rate_bad: density * 0.45,
            servicenow_rate: target * 0.03 / days,
            as_of_end: end_of_day(plan.end),
        }
    }

    /// Incidents started on `date`, in creation order.
    pub fn day(&mut self, date: NaiveDate) -> Vec<Inc> {
        let mut out = Vec::new();
        let n = poisson(&mut self.rng, self.background_rate);
        for _ in 0..n {
            let weights: Vec<u32> = BACKGROUND.iter().map(|(w, _)| *w).collect();
            let mode = &BACKGROUND[weighted(&mut self.rng, &weights)].1;
            out.push(self.make(date, mode, None));
        }
        let noise = poisson(&mut self.rng, self.noise_rate);
        for _ in 0..noise {
            out.push(self.make(date, &world::DISK_NOISE, None));
        }
        if self.dns_days.binary_search(&date).is_ok() {
            out.push(self.make(date, &world::DNS, None));
        }
        let psp_rate = if self.plan.in_psp_trouble(date) {
            self.psp_rate_bad
        } else {
            self.psp_rate_quiet
        };
        for _ in 0..poisson(&mut self.rng, psp_rate) {
            out.push(self.make(date, &world::PSP, None));
        }
        for _ in 0..poisson(&mut self.rng, self.servicenow_rate) {
            out.push(self.make(date, &SERVICENOW_HUB, Some(Tool::ServiceNow)));
        }
        out.sort_by_key(|i| i.created);
        for inc in &mut out {
            let slot = inc.tool as usize;
            inc.number = self.numbers[slot];
            self.numbers[slot] += 1;
            inc.uid = match inc.tool {
                Tool::PagerDuty => format!("Q{}", alnum(&mut self.ids, 13, true)),
                Tool::Opsgenie => uuid(&mut self.ids),
                Tool::ServiceNow => alnum(&mut self.ids, 32, false),
            };
        }
        out
    }

    fn make(&mut self, date: NaiveDate, mode: &Mode, tool: Option<Tool>) -> Inc {
        let rng = &mut self.rng;
        let service = world::service(pick(rng, mode.services));
        let sev = weighted(rng, &mode.sev) as u8 + 1;
        let start = local_time(rng, date, mode.hours);
        let night = matches!(world_hour(start), 22..=23 | 0..=6);
        // Detection lag between impact and the page.
        let detect = match mode.kind {
            Kind::DiskNoise => 0.0,
            _ => lognormal(rng, 4.0, 0.7).min(90.0),
        };
        let created = start + mins(detect);
        let template = pick(rng, mode.titles);
        let title = fill(rng, template, service.slug);
        let progress = self.plan.progress(date);
        let restore = restore_minutes(rng, mode, sev, service.slug, progress);
        let people = world::people(service.team);
        let responder = pick(rng, people);
        let (acked, auto_resolved, resolved_after) = match mode.kind {
            Kind::DiskNoise => {
                let quick = rng.random::<f64>() < 0.88;
                let after = if quick {
                    rng.random_range(0.7..5.0)
                } else {
                    rng.random_range(6.0..50.0)
                };
                (None, true, after)
            }
            _ => {
                let median_ack = if night { 9.0 } else { 3.0 };
                let ack = lognormal(rng, median_ack, 0.8).min(restore * 0.8);
                let missing = rng.random::<f64>() < 0.03;
                let acked = (!missing).then(|| (created + mins(ack), responder));
                let auto = sev >= 4 && rng.random::<f64>() < 0.1;
                (acked, auto, (restore - detect).max(ack + 1.0))
            }
        };
        let mut resolved = Some(created + mins(resolved_after));
        // Low-severity incidents from the last weeks are often still open at as_of.
        if sev >= 4
            && mode.kind != Kind::DiskNoise
            && (self.plan.end - date).num_days() < 45
            && rng.random::<f64>() < 0.5
        {
            resolved = None;
        }
        // Drawn whether or not the incident is resolved, so that leaving one open does
        // not shift the random stream for every later incident.
        let share = rng.random_range(0.55..0.9);
        let mitigated = resolved.map(|r| {
            let whole = (r - start).num_seconds() as f64;
            start + Duration::seconds((whole * share) as i64)
        });
        let censor = |t: Option<Ts>| t.filter(|t| *t <= self.as_of_end);
        let public = service.customer_facing && sev <= 2 && rng.random::<f64>() < 0.35;
        Inc {
            tool: tool.unwrap_or(service.tool),
            number: 0,
            uid: String::new(),
            title,
            service: service.slug,
            team: service.team,
            sev,
            kind: mode.kind,
            created,
            impact_start: start,
            acked: acked.filter(|(t, _)| *t <= self.as_of_end),
            mitigated: censor(mitigated),
            resolved: censor(resolved),
            auto_resolved,
            labels: mode.labels.to_vec(),
            public,
        }
    }
}

/// Hub outages that the warehouse floor reports through the corporate ServiceNow desk.
const SERVICENOW_HUB: Mode = Mode {
    kind: Kind::Hub,
    services: &["warehouse-api"],
    titles: &[
        "Handheld scanners offline at hub {hub}",
        "WMS interface down at hub {hub}",
        "Conveyor network outage at hub {hub}",
    ],
    labels: &["warehouse"],
    sev: [2, 20, 50, 25, 3],
    restore_median_min: 150.0,
    hours: Hours::Business,
};

/// DNS failures every 2–4 weeks until the prevent actions land, then (nearly) quiet.
fn dns_schedule(plan: &Plan, rng: &mut ChaCha8Rng) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let fix = plan.dns_fixed();
    let mut d = plan.start + Duration::days(rng.random_range(5..12));
    while d < fix {
        days.push(d);
        d += Duration::days(rng.random_range(14..=28));
    }
    // One stray, unrelated record change long after the fix: "nearly stops".
    days.push(fix + Duration::days(plan.days() as i64 * 3 / 10));
    days
}

fn restore_minutes(rng: &mut ChaCha8Rng, mode: &Mode, sev: u8, svc: &str, progress: f64) -> f64 {
    let sev_factor = [1.8, 1.4, 1.0, 0.8, 0.6][sev as usize - 1];
    // Planted background story: checkout's restore time falls by three quarters or more as the team
    // adopts feature flags and one-click rollback.
    let trend = if svc == "checkout" {
        1.0 - 0.8 * progress
    } else {
        1.0
    };
    let m = lognormal(rng, mode.restore_median_min * sev_factor * trend, 0.85);
    m.clamp(4.0, 60.0 * 30.0)
}

fn fill(rng: &mut ChaCha8Rng, template: &str, svc: &str) -> String {
    let mut t = template.replace("{svc}", svc);
    if t.contains("{ver}") {
        let v = format!(
            "v{}.{}.{}",
            rng.random_range(2..5),
            rng.random_range(0..40),
            rng.random_range(0..10)
        );
        t = t.replace("{ver}", &v);
    }
    if t.contains("{n}") {
        t = t.replace("{n}", &rng.random_range(1..5).to_string());
    }
    for (key, list) in [
        ("{hub}", world::HUBS),
        ("{domain}", world::DOMAINS),
        ("{zone}", world::ZONES),
        ("{cluster}", world::CLUSTERS),
    ] {
        if t.contains(key) {
            t = t.replace(key, pick(rng, list));
        }
    }
    t
}

/// A start time on `date` whose hour (Europe/Berlin) follows the failure mode's habits.
fn local_time(rng: &mut ChaCha8Rng, date: NaiveDate, hours: Hours) -> Ts {
    let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
    let hour = match hours {
        Hours::Business if !weekend && rng.random::<f64>() < 0.75 => rng.random_range(9..18),
        Hours::Night if rng.random::<f64>() < 0.7 => (rng.random_range(22..31)) % 24,
        _ => rng.random_range(0..24),
    };
    let secs = hour * 3600 + rng.random_range(0..3600);
    let naive = date.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap());
    // In the spring-forward gap, take the hour after.
    let local = Berlin
        .from_local_datetime(&naive)
        .earliest()
        .unwrap_or_else(|| Berlin.from_utc_datetime(&naive));
    local.with_timezone(&Utc)
}

fn world_hour(t: Ts) -> u32 {
    use chrono::Timelike;
    t.with_timezone(&Berlin).hour()
}

pub fn end_of_day(d: NaiveDate) -> Ts {
    let naive = d.and_hms_opt(23, 59, 59).unwrap();
    Berlin
        .from_local_datetime(&naive)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

pub fn mins(m: f64) -> Duration {
    Duration::seconds((m * 60.0).round() as i64)
}

fn uuid(rng: &mut ChaCha8Rng) -> String {
    let h = alnum_hex(rng, 32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn alnum_hex(rng: &mut ChaCha8Rng, n: usize) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    (0..n)
        .map(|_| HEX[rng.random_range(0..16)] as char)
        .collect()
}
