//! The fictional company behind every generated site: Northwind Parcel, an e-commerce
//! and parcel-logistics platform. Services, teams, people and the failure modes each
//! service suffers from.

/// The incident tool a team pages through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    PagerDuty,
    Opsgenie,
    ServiceNow,
}

pub struct Service {
    pub slug: &'static str,
    pub team: &'static str,
    pub tool: Tool,
    /// Shown on the public status page when it breaks badly.
    pub customer_facing: bool,
}

pub const SERVICES: &[Service] = &[
    svc("checkout", "storefront", Tool::PagerDuty, true),
    svc("payments", "payments", Tool::PagerDuty, true),
    svc("search", "discovery", Tool::PagerDuty, true),
    svc("catalog", "discovery", Tool::PagerDuty, true),
    svc("auth", "identity", Tool::PagerDuty, true),
    svc("notifications", "fulfilment", Tool::Opsgenie, false),
    svc("warehouse-api", "fulfilment", Tool::Opsgenie, false),
    svc("edge", "platform", Tool::PagerDuty, true),
    svc("db-primary", "data-platform", Tool::PagerDuty, false),
    svc("k8s-platform", "platform", Tool::PagerDuty, false),
];

const fn svc(slug: &'static str, team: &'static str, tool: Tool, cf: bool) -> Service {
    Service {
        slug,
        team,
        tool,
        customer_facing: cf,
    }
}

pub fn service(slug: &str) -> &'static Service {
    SERVICES
        .iter()
        .find(|s| s.slug == slug)
        .expect("every failure mode names a known service")
}

/// On-call engineers by team; the first of each list is the team lead.
pub fn people(team: &str) -> &'static [&'static str] {
    match team {
        "storefront" => &[
            "Lena Hoffmann",
            "Tobias Krüger",
            "Aylin Demir",
            "Marco Rossi",
        ],
        "payments" => &["Priya Raman", "Jonas Weber", "Sofia Marquez", "Felix Braun"],
        "discovery" => &["Hannah Schulz", "Mateusz Nowak", "Chloé Martin"],
        "identity" => &["David Okafor", "Julia Fischer", "Emre Yilmaz"],
        "fulfilment" => &[
            "Katrin Wolf",
            "Oliver Schmidt",
            "Nina Petrović",
            "Lukas Meyer",
        ],
        "platform" => &[
            "Sebastian Lang",
            "Mira Svensson",
            "Raj Patel",
            "Anna Kowalski",
        ],
        "data-platform" => &["Thomas Becker", "Elif Aydın", "Kenji Sato"],
        _ => &["Ops Duty"],
    }
}

/// What went wrong; decides titles, labels, severity, restore time and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Planted story 1: DNS resolution failures at the edge until the fix lands.
    Dns,
    /// Planted story 2: the disk alert on the replicas that nobody acts on.
    DiskNoise,
    /// Planted story 4: payment provider trouble, which customers feel within days.
    Psp,
    Deploy,
    Capacity,
    Database,
    Certificate,
    SearchIndex,
    Login,
    Messaging,
    Hub,
    Synthetic,
}

/// When in the day (Europe/Berlin) a failure mode tends to start.
#[derive(Debug, Clone, Copy)]
pub enum Hours {
    /// Deploys and traffic peaks: mostly weekday office hours.
    Business,
    /// Backups, batch jobs, certificate rollovers: mostly at night.
    Night,
    /// Anything, any time.
    Any,
}

pub struct Mode {
    pub kind: Kind,
    pub services: &'static [&'static str],
    pub titles: &'static [&'static str],
    pub labels: &'static [&'static str],
    /// Weights for sev1..sev5.
    pub sev: [u32; 5],
    /// Median minutes from start to resolve for a sev3.
    pub restore_median_min: f64,
    pub hours: Hours,
}

/// Background failure modes with their relative weight.
pub const BACKGROUND: &[(u32, Mode)] = &[
    (
        30,
        Mode {
            kind: Kind::Deploy,
            services: &[
                "checkout",
                "checkout",
                "checkout",
                "payments",
                "search",
                "catalog",
                "auth",
                "notifications",
                "warehouse-api",
            ],
            titles: &[
                "Elevated 5xx on {svc} after deploy {ver}",
                "{svc}: error rate above SLO after release {ver}",
                "Rollback of {svc} {ver}: requests failing with 500",
                "Latency regression in {svc} since deploy {ver}",
                "{svc} pods crash-looping after config change",
            ],
            labels: &["deploy", "regression"],
            sev: [4, 20, 52, 18, 6],
            restore_median_min: 55.0,
            hours: Hours::Business,
        },
    ),
    (
        7,
        Mode {
            kind: Kind::Capacity,
            services: &["k8s-platform"],
            titles: &[
                "Node pool {zone} out of capacity",
                "Cluster autoscaler cannot add nodes in {zone}",
                "Pods pending: insufficient memory in {cluster}",
            ],
            labels: &["capacity"],
            sev: [2, 14, 48, 26, 10],
            restore_median_min: 70.0,
            hours: Hours::Any,
        },
    ),
    (
        11,
        Mode {
            kind: Kind::Capacity,
            services: &["search", "warehouse-api", "checkout", "catalog"],
            titles: &[
                "High memory usage on {svc} pods (OOMKilled)",
                "CPU throttling on {svc} workers",
                "Queue lag > 10 min on {svc} consumers",
                "HPA at max replicas for {svc}",
            ],
            labels: &["capacity"],
            sev: [3, 14, 48, 25, 10],
            restore_median_min: 70.0,
            hours: Hours::Any,
        },
    ),
    (
        3,
        Mode {
            kind: Kind::Database,
            services: &["checkout", "catalog"],
            titles: &["Connection pool exhausted on {svc} (pgbouncer)"],
            labels: &["database"],
            sev: [8, 24, 46, 16, 6],
            restore_median_min: 60.0,
            hours: Hours::Business,
        },
    ),
    (
        9,
        Mode {
            kind: Kind::Database,
            services: &["db-primary"],
            titles: &[
                "Replication lag > 60s on db-replica-{n}",
                "Unplanned Patroni failover on db-primary",
                "Slow queries on db-primary: lock contention on orders table",
            ],
            labels: &["database"],
            sev: [8, 24, 46, 16, 6],
            restore_median_min: 80.0,
            hours: Hours::Any,
        },
    ),
    (
        3,
        Mode {
            kind: Kind::Certificate,
            services: &["edge", "auth", "payments", "notifications"],
            titles: &[
                "TLS certificate expired for {domain}",
                "x509: certificate has expired or is not yet valid ({svc})",
                "Certificate renewal failed for {domain}",
            ],
            labels: &["certificates"],
            sev: [10, 30, 40, 15, 5],
            restore_median_min: 45.0,
            hours: Hours::Night,
        },
    ),
    (
        9,
        Mode {
            kind: Kind::SearchIndex,
            services: &["search", "search", "catalog"],
            titles: &[
                "Search index lag > 30 min",
                "OpenSearch cluster yellow: unassigned shards",
                "Catalog feed import failed for {n} merchants",
                "Search results missing new products",
            ],
            labels: &["search"],
            sev: [2, 10, 50, 28, 10],
            restore_median_min: 95.0,
            hours: Hours::Any,
        },
    ),
    (
        7,
        Mode {
            kind: Kind::Login,
            services: &["auth"],
            titles: &[
                "Login failures spike for customers",
                "Token refresh errors in mobile app",
                "SSO callback errors for merchant portal",
            ],
            labels: &["login"],
            sev: [6, 22, 48, 18, 6],
            restore_median_min: 50.0,
            hours: Hours::Business,
        },
    ),
    (
        8,
        Mode {
            kind: Kind::Messaging,
            services: &["notifications"],
            titles: &[
                "Email delivery delayed (provider 429s)",
                "Push notification backlog > 50k",
                "SMS delivery failures for tracking updates",
            ],
            labels: &["notifications"],
            sev: [1, 8, 45, 34, 12],
            restore_median_min: 110.0,
            hours: Hours::Any,
        },
    ),
    (
        10,
        Mode {
            kind: Kind::Hub,
            services: &["warehouse-api"],
            titles: &[
                "Label printing API timeouts at hub {hub}",
                "Scanner sync failures at hub {hub}",
                "Parcel routing service returns stale sort plans ({hub})",
            ],
            labels: &["warehouse"],
            sev: [3, 16, 50, 22, 9],
            restore_median_min: 75.0,
            hours: Hours::Business,
        },
    ),
    (
        6,
        Mode {
            kind: Kind::Synthetic,
            services: &["checkout", "search", "catalog", "auth", "edge"],
            titles: &[
                "Synthetic check failing: {svc} homepage",
                "Health check flapping on {svc}",
            ],
            labels: &["synthetics"],
            sev: [0, 4, 36, 40, 20],
            restore_median_min: 25.0,
            hours: Hours::Any,
        },
    ),
];

pub const DNS: Mode = Mode {
    kind: Kind::Dns,
    services: &["edge"],
    titles: &[
        "DNS resolution failures (SERVFAIL) in eu-central-1",
        "CoreDNS timeouts in cluster {cluster}",
        "Intermittent NXDOMAIN for internal service names",
        "DNS lookups timing out for checkout and payments",
    ],
    labels: &["dns"],
    sev: [8, 25, 55, 12, 0],
    restore_median_min: 60.0,
    hours: Hours::Any,
};

pub const DISK_NOISE: Mode = Mode {
    kind: Kind::DiskNoise,
    services: &["db-primary"],
    titles: &["Disk usage > 85% on db-replica-{n}"],
    labels: &["disk"],
    sev: [0, 0, 0, 30, 70],
    restore_median_min: 3.0,
    hours: Hours::Night,
};

pub const PSP: Mode = Mode {
    kind: Kind::Psp,
    services: &["payments"],
    titles: &[
        "PayFlux API timeouts: card payments failing",
        "Elevated card declines from PayFlux",
        "3-D Secure challenges failing for Visa cards",
        "PayFlux webhooks delayed: orders stuck in pending payment",
    ],
    labels: &["payments", "third-party"],
    sev: [10, 30, 45, 15, 0],
    restore_median_min: 65.0,
    hours: Hours::Business,
};

pub const HUBS: &[&str] = &["Leipzig", "Duisburg", "Poznań", "Venlo", "Graz"];
pub const DOMAINS: &[&str] = &[
    "api.northwind-parcel.com",
    "checkout.northwind-parcel.com",
    "hooks.northwind-parcel.com",
    "id.northwind-parcel.com",
];
pub const ZONES: &[&str] = &["eu-central-1a", "eu-central-1b", "eu-central-1c"];
pub const CLUSTERS: &[&str] = &["prod-eu-1", "prod-eu-2"];
