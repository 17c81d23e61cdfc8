//! Support and engineering tickets, one day at a time. Payment-provider incidents set
//! off a surge of customer tickets over the following days (planted story 4).

use super::incidents::{Inc, Ts, end_of_day, mins};
use super::plan::Plan;
use super::random::{lognormal, pick, poisson, stream, weighted};
use super::sinks::jira;
use super::world::{HUBS, Kind};
use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Berlin;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::VecDeque;
use std::path::Path;

pub struct Ticket {
    pub project: &'static str,
    pub number: u32,
    pub issue_id: u64,
    pub summary: String,
    pub issue_type: &'static str,
    pub status: &'static str,
    pub status_category: &'static str,
    pub priority: &'static str,
    pub resolution: &'static str,
    pub assignee: &'static str,
    pub reporter: &'static str,
    pub created: Ts,
    pub updated: Ts,
    pub resolved: Option<Ts>,
    pub components: Vec<&'static str>,
    pub labels: Vec<&'static str>,
    pub linked: Option<String>,
}

struct Category {
    project: &'static str,
    components: &'static [&'static str],
    labels: &'static [&'static str],
    summaries: &'static [&'static str],
    /// Median days to resolve.
    resolve_days: f64,
}

const PAYMENTS: Category = Category {
    project: "SUP",
    components: &["Payments", "Checkout"],
    labels: &["payments", "customer-reported"],
    summaries: &[
        "Customer charged twice for order {order}",
        "Payment failed at checkout with {brand}",
        "Refund not received after {n} days",
        "Order {order} stuck in 'pending payment'",
        "3-D Secure page loops back to basket",
    ],
    resolve_days: 1.5,
};

/// (weight, category) for the everyday background.
const BACKGROUND: &[(u32, Category)] = &[
    (8, PAYMENTS),
    (
        12,
        Category {
            project: "SUP",
            components: &["Checkout"],
            labels: &["checkout", "customer-reported"],
            summaries: &[
                "Discount code {code} not applied in basket",
                "Checkout page slow on mobile Safari",
                "Address validation rejects valid postcode {zip}",
                "Basket emptied after login",
            ],
            resolve_days: 2.5,
        },
    ),
    (
        30,
        Category {
            project: "SUP",
            components: &["Tracking"],
            labels: &["delivery", "customer-reported"],
            summaries: &[
                "Tracking page shows no updates for parcel {parcel}",
                "Parcel {parcel} marked delivered but not received",
                "Wrong delivery estimate shown for {country}",
                "Cannot change delivery address for parcel {parcel}",
            ],
            resolve_days: 2.0,
        },
    ),
    (
        12,
        Category {
            project: "SUP",
            components: &["Warehouse"],
            labels: &["warehouse"],
            summaries: &[
                "Label could not be printed for shipment {parcel}",
                "Hub {hub}: parcels missorted to wrong route",
                "Hub {hub}: scanner shows 'unknown parcel' for valid labels",
            ],
            resolve_days: 3.0,
        },
    ),
    (
        8,
        Category {
            project: "SUP",
            components: &["Search"],
            labels: &["search", "customer-reported"],
            summaries: &[
                "Search returns no results for '{term}'",
                "New products not searchable after import",
                "Filters reset when paging search results",
            ],
            resolve_days: 4.0,
        },
    ),
    (
        10,
        Category {
            project: "SUP",
            components: &["Accounts"],
            labels: &["login", "customer-reported"],
            summaries: &[
                "Cannot log in after password reset",
                "2FA code not received by SMS",
                "Account locked after email change",
            ],
            resolve_days: 1.0,
        },
    ),
    (
        9,
        Category {
            project: "SUP",
            components: &["Notifications"],
            labels: &["notifications"],
            summaries: &[
                "No shipping confirmation email for order {order}",
                "Duplicate SMS for parcel {parcel}",
                "Push notification links open wrong order",
            ],
            resolve_days: 2.0,
        },
    ),
    (
        15,
        Category {
            project: "ENG",
            components: &["checkout", "search", "catalog", "warehouse-api", "auth"],
            labels: &["bug", "tech-debt"],
            summaries: &[
                "NullPointerException in OrderService when basket is empty",
                "Flaky test in checkout-e2e: {test}",
                "Upgrade {lib} to the next major version",
                "Timeout talking to PayFlux sandbox in CI",
                "Remove dead feature flag {flag}",
            ],
            resolve_days: 9.0,
        },
    ),
];

const AGENTS: &[&str] = &[
    "maria.lopez",
    "tom.becker",
    "ines.costa",
    "yusuf.arslan",
    "greta.lind",
    "paul.nguyen",
];
const ENGINEERS: &[&str] = &[
    "lena.hoffmann",
    "jonas.weber",
    "hannah.schulz",
    "julia.fischer",
    "oliver.schmidt",
    "raj.patel",
    "",
];

pub struct TicketGen {
    rng: ChaCha8Rng,
    sink: jira::Sink,
    numbers: [u32; 2],
    next_issue_id: u64,
    base_rate: f64,
    density: f64,
    /// Extra payment tickets due on the coming days, with the incident that caused them.
    surge: VecDeque<Vec<Option<String>>>,
    as_of_end: Ts,
}

impl TicketGen {
    pub fn create(plan: &Plan, seed: u64, data: &Path) -> anyhow::Result<Self> {
        let days = plan.days() as f64;
        Ok(Self {
            rng: stream(seed, 3),
            sink: jira::Sink::create(&data.join("jira-tickets.csv"))?,
            numbers: [1001, 2001],
            next_issue_id: 30001,
            base_rate: plan.tickets as f64 * 0.94 * plan.calibration[1] / days,
            // Tickets per payment incident: the sample's ratio at every scale.
            density: (plan.tickets as f64 / 5000.0) / (plan.incidents as f64 / 400.0),
            surge: VecDeque::new(),
            as_of_end: end_of_day(plan.end),
        })
    }

    /// Customers feel payment-provider failures: tickets follow over the next days.
    pub fn on_incident(&mut self, inc: &Inc) {
        if inc.kind != Kind::Psp || inc.sev > 3 {
            return;
        }
        let factor = [2.2, 1.5, 1.0][inc.sev as usize - 1];
        let size = lognormal(&mut self.rng, 13.0, 0.4) * factor * self.density;
        let spread = [0.2, 0.35, 0.25, 0.12, 0.08];
        while self.surge.len() < spread.len() {
            self.surge.push_back(Vec::new());
        }
        for (day, share) in spread.iter().enumerate() {
            let n = poisson(&mut self.rng, size * share);
            for _ in 0..n {
                // About one in five support agents fills in the linked incident field.
                let link = (self.rng.random::<f64>() < 0.2).then(|| inc.uid.clone());
                self.surge[day].push(link);
            }
        }
    }

    pub fn day(&mut self, date: NaiveDate) -> anyhow::Result<()> {
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let rate = self.base_rate * if weekend { 0.55 } else { 1.13 };
        let mut todays = Vec::new();
        for _ in 0..poisson(&mut self.rng, rate) {
            let weights: Vec<u32> = BACKGROUND.iter().map(|(w, _)| *w).collect();
            let cat = &BACKGROUND[weighted(&mut self.rng, &weights)].1;
            todays.push(self.make(date, cat, None));
        }
        for link in self.surge.pop_front().unwrap_or_default() {
            todays.push(self.make(date, &PAYMENTS, link));
        }
        todays.sort_by_key(|t| t.created);
        for mut t in todays {
            let slot = usize::from(t.project == "ENG");
            t.number = self.numbers[slot];
            self.numbers[slot] += 1;
            t.issue_id = self.next_issue_id;
            self.next_issue_id += 1;
            self.sink.write(&t)?;
        }
        Ok(())
    }

    fn make(&mut self, date: NaiveDate, cat: &Category, linked: Option<String>) -> Ticket {
        let rng = &mut self.rng;
        let hour = if rng.random::<f64>() < 0.85 {
            rng.random_range(8..20)
        } else {
            rng.random_range(0..24)
        };
        let secs = hour * 3600 + rng.random_range(0..3600);
        let naive = date.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap());
        let created = Berlin
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive));
        let resolve = lognormal(rng, cat.resolve_days * 24.0 * 60.0, 1.1);
        let resolved = Some(created + mins(resolve)).filter(|r| *r <= self.as_of_end);
        let eng = cat.project == "ENG";
        let (status, category, resolution) = match resolved {
            Some(_) => {
                let r = rng.random::<f64>();
                if r < 0.8 {
                    ("Done", "Done", if eng { "Fixed" } else { "Done" })
                } else if r < 0.9 {
                    ("Closed", "Done", "Duplicate")
                } else if r < 0.96 {
                    ("Closed", "Done", "Cannot Reproduce")
                } else {
                    ("Won't Do", "Done", "Won't Do")
                }
            }
            None => pick(
                rng,
                &[
                    ("Open", "To Do", ""),
                    ("In Progress", "In Progress", ""),
                    ("Waiting for customer", "In Progress", ""),
                ],
            ),
        };
        let updated = resolved.unwrap_or(created + mins(rng.random_range(5.0..600.0)));
        let mut labels = cat.labels.to_vec();
        if cat.components[0] == "Payments" {
            labels.push(if rng.random::<bool>() {
                "double-charge"
            } else {
                "refund"
            });
        }
        let mut components = vec![pick(rng, cat.components)];
        if !eng && cat.components.len() > 1 && rng.random::<f64>() < 0.3 {
            components = cat.components.to_vec();
        }
        let priority = pick(
            rng,
            &[
                "Highest", "High", "Medium", "Medium", "Medium", "Low", "Lowest",
            ],
        );
        let summary = pick(rng, cat.summaries);
        Ticket {
            project: cat.project,
            number: 0,
            issue_id: 0,
            summary: fill(rng, summary),
            issue_type: if eng {
                pick(rng, &["Bug", "Bug", "Task", "Story"])
            } else {
                pick(rng, &["Support", "Support", "Bug"])
            },
            status,
            status_category: category,
            priority,
            resolution,
            assignee: if eng {
                pick(rng, ENGINEERS)
            } else {
                pick(rng, AGENTS)
            },
            reporter: if eng { "qa-bot" } else { "support-bot" },
            created,
            updated: updated.min(self.as_of_end),
            resolved,
            components,
            labels,
            linked,
        }
    }

    pub fn finish(self) -> anyhow::Result<u64> {
        let n = self.sink.written;
        self.sink.finish()?;
        Ok(n)
    }
}

fn fill(rng: &mut ChaCha8Rng, template: &str) -> String {
    let mut s = template.to_string();
    let subs: [(&str, String); 11] = [
        (
            "{order}",
            format!("NW-{}", rng.random_range(1_000_000..9_999_999)),
        ),
        (
            "{parcel}",
            format!("NP{:010}", rng.random_range(0..9_999_999_999u64)),
        ),
        (
            "{brand}",
            pick(rng, &["Visa", "Mastercard", "Amex", "PayPal"]).to_string(),
        ),
        ("{n}", rng.random_range(5..30).to_string()),
        ("{code}", format!("SPRING{}", rng.random_range(10..60))),
        ("{zip}", format!("{:05}", rng.random_range(1000..99999))),
        (
            "{country}",
            pick(rng, &["Austria", "Poland", "the Netherlands", "Czechia"]).to_string(),
        ),
        ("{hub}", pick(rng, HUBS).to_string()),
        (
            "{term}",
            pick(
                rng,
                &["rain jacket", "usb-c hub", "kids shoes 32", "espresso"],
            )
            .to_string(),
        ),
        (
            "{test}",
            pick(
                rng,
                &["pays_with_saved_card", "applies_voucher", "guest_checkout"],
            )
            .to_string(),
        ),
        (
            "{lib}",
            pick(rng, &["spring-boot", "react", "pgx", "opensearch-client"]).to_string(),
        ),
    ];
    for (k, v) in subs {
        s = s.replace(k, &v);
    }
    s.replace("{flag}", "checkout_v2_rollout")
}
