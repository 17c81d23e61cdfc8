//! The generator's promises: same seed, same bytes; the committed sample is exactly its
//! output; the hand-written postmortems cite incidents that exist; the planted stories
//! are in the data.

use super::{Scale, generate};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Regenerating the sample gives the committed bytes. If this fails after a deliberate
/// generator change, regenerate with `cargo run -p xtask -- gen --scale sample --seed 42
/// --out content` and re-check the ids the postmortems cite.
#[test]
fn committed_sample_is_the_generator_output() {
    let out = scratch("sample");
    generate(Scale::Sample, 42, &out).unwrap();
    let fresh = files(&out.join("data"));
    let committed = files(&repo().join("content/data"));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &fresh {
        assert!(bytes == &committed[name], "content/data/{name} differs");
    }
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn scale_s_is_byte_identical_across_runs_and_differs_by_seed() {
    let a = scratch("s-a");
    let b = scratch("s-b");
    let c = scratch("s-c");
    generate(Scale::S, 7, &a).unwrap();
    generate(Scale::S, 7, &b).unwrap();
    generate(Scale::S, 8, &c).unwrap();
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert_eq!(fa, fb);
    assert_ne!(
        fa["content/data/jira-tickets.csv"],
        fc["content/data/jira-tickets.csv"]
    );
    assert!(fa.contains_key("content/site.yaml"));
    let postmortems = fa
        .keys()
        .filter(|k| k.starts_with("content/postmortems/"))
        .count();
    assert_eq!(postmortems, 20);
    for d in [a, b, c] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

/// Every incident the hand-written Markdown cites, with the title it was written
/// about. A generator change that renumbers incidents fails here, not silently.
const CITED: &[(&str, &str)] = &[
    (
        "816",
        "Parcel routing service returns stale sort plans (Venlo)",
    ),
    (
        "820",
        "TLS certificate expired for hooks.northwind-parcel.com",
    ),
    (
        "824",
        "Parcel routing service returns stale sort plans (Venlo)",
    ),
    (
        "827",
        "Parcel routing service returns stale sort plans (Poznań)",
    ),
    ("Q0TQ6MXKQVEZUN", "Unplanned Patroni failover on db-primary"),
    (
        "Q4C0KI36YNHOIF",
        "DNS resolution failures (SERVFAIL) in eu-central-1",
    ),
    ("Q5NO3HYKF7WU9X", "CoreDNS timeouts in cluster prod-eu-1"),
    ("Q5PNCVTQUTDX7R", "CoreDNS timeouts in cluster prod-eu-1"),
    (
        "Q7FFDJS8ZJEWIA",
        "PayFlux webhooks delayed: orders stuck in pending payment",
    ),
    (
        "Q7RC1MW3INCDFG",
        "DNS resolution failures (SERVFAIL) in eu-central-1",
    ),
    ("Q9QX74X5KIT7ML", "CoreDNS timeouts in cluster prod-eu-1"),
    ("QAQH6GRMJZVHF2", "Elevated card declines from PayFlux"),
    (
        "QBQCY8ELXLE01U",
        "Intermittent NXDOMAIN for internal service names",
    ),
    (
        "QC082NOHZQ01E4",
        "3-D Secure challenges failing for Visa cards",
    ),
    ("QCFN41XDT4JDB4", "Unplanned Patroni failover on db-primary"),
    ("QDJ02P5S2SMFCF", "Replication lag > 60s on db-replica-3"),
    (
        "QE6LAN0BO31HYA",
        "Connection pool exhausted on checkout (pgbouncer)",
    ),
    (
        "QEDPLG6XA5RQSV",
        "Cluster autoscaler cannot add nodes in eu-central-1a",
    ),
    ("QERLEQACLCF9YH", "CoreDNS timeouts in cluster prod-eu-2"),
    (
        "QF5YTOR2XQQ6D1",
        "DNS lookups timing out for checkout and payments",
    ),
    (
        "QFG52OIHB729H3",
        "PayFlux API timeouts: card payments failing",
    ),
    (
        "QFZNK69K1GOCUR",
        "x509: certificate has expired or is not yet valid (edge)",
    ),
    (
        "QGJS8XCUMJ4PF2",
        "PayFlux webhooks delayed: orders stuck in pending payment",
    ),
    (
        "QHAYFEPKGM7LAY",
        "PayFlux API timeouts: card payments failing",
    ),
    (
        "QHIHG2XKB627XY",
        "Intermittent NXDOMAIN for internal service names",
    ),
    ("QHM7ITJIZD4QPH", "CoreDNS timeouts in cluster prod-eu-1"),
    (
        "QHOB7TP6W7LQV5",
        "Connection pool exhausted on checkout (pgbouncer)",
    ),
    (
        "QIIYZYUKJTNN7F",
        "PayFlux webhooks delayed: orders stuck in pending payment",
    ),
    (
        "QJVGHVSF8K1CCQ",
        "3-D Secure challenges failing for Visa cards",
    ),
    (
        "QLCBRIPAMJ8AGK",
        "PayFlux API timeouts: card payments failing",
    ),
    (
        "QM5IJ1E8PAN9JF",
        "PayFlux webhooks delayed: orders stuck in pending payment",
    ),
    (
        "QMJQ498JLGSYKC",
        "Connection pool exhausted on checkout (pgbouncer)",
    ),
    ("QONJT6Y27FQ0A0", "Token refresh errors in mobile app"),
    (
        "QQXKWKFVSNQF5W",
        "PayFlux API timeouts: card payments failing",
    ),
    (
        "QQZI2CW79W1GVS",
        "3-D Secure challenges failing for Visa cards",
    ),
    (
        "QTXF54WLLHXNKH",
        "DNS resolution failures (SERVFAIL) in eu-central-1",
    ),
    (
        "QUIXJVPDDHRRTC",
        "PayFlux API timeouts: card payments failing",
    ),
    (
        "QV55V54GH1S5LO",
        "DNS lookups timing out for checkout and payments",
    ),
    (
        "QVHMFRA2DP9JW1",
        "3-D Secure challenges failing for Visa cards",
    ),
    (
        "QWLAMXSTXG6GSB",
        "Intermittent NXDOMAIN for internal service names",
    ),
    ("QY03CP4WDRYIW7", "Node pool eu-central-1b out of capacity"),
    (
        "QYHB56SPJZUEB9",
        "PayFlux webhooks delayed: orders stuck in pending payment",
    ),
    ("QYJJXW93FH8MED", "Unplanned Patroni failover on db-primary"),
    (
        "QZHC9YQ453GA6A",
        "Connection pool exhausted on checkout (pgbouncer)",
    ),
];

/// Incident id -> title over the sample's PagerDuty and Opsgenie files.
fn sample_ids() -> BTreeMap<String, String> {
    let data = repo().join("content/data");
    let mut ids = BTreeMap::new();
    let mut rd = csv::Reader::from_path(data.join("pagerduty-incidents.csv")).unwrap();
    for r in rd.records() {
        let r = r.unwrap();
        ids.insert(r[0].to_string(), r[2].to_string());
    }
    let api: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("pagerduty-incidents-api.json")).unwrap())
            .unwrap();
    for i in api["incidents"].as_array().unwrap() {
        let title = i["title"].as_str().unwrap().to_string();
        ids.insert(i["id"].as_str().unwrap().to_string(), title);
    }
    let mut rd = csv::Reader::from_path(data.join("opsgenie-alerts.csv")).unwrap();
    for r in rd.records() {
        let r = r.unwrap();
        ids.insert(r[0].to_string(), r[3].to_string());
    }
    ids
}

/// PagerDuty ids (Q + 13 characters) and quoted Opsgenie tinyIds in a document.
fn cited_ids(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    for i in 0..bytes.len() {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if boundary && bytes[i] == 'Q' && i + 14 <= bytes.len() {
            let cand: String = bytes[i..i + 14].iter().collect();
            let end_ok = bytes.get(i + 14).is_none_or(|c| !c.is_ascii_alphanumeric());
            if end_ok
                && cand[1..]
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                out.push(cand);
            }
        }
    }
    for line in text.lines() {
        if let Some(rest) = line.trim().strip_prefix("incidents") {
            out.extend(
                rest.split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|s| s.len() == 3 && s.chars().all(|c| c.is_ascii_digit()))
                    .map(str::to_string),
            );
        }
    }
    out
}

#[test]
fn postmortems_and_wins_cite_the_incidents_they_were_written_about() {
    let ids = sample_ids();
    let pinned: BTreeMap<&str, &str> = CITED.iter().copied().collect();
    let mut cited = BTreeSet::new();
    for dir in ["content/postmortems", "content/wins"] {
        for (name, bytes) in files(&repo().join(dir)) {
            let text = String::from_utf8(bytes).unwrap();
            for id in cited_ids(&text) {
                let want = pinned.get(id.as_str());
                assert!(
                    want.is_some(),
                    "{dir}/{name} cites {id}, which is not pinned in CITED"
                );
                let got = ids.get(&id).map(String::as_str);
                assert_eq!(got, want.copied(), "{dir}/{name} cites {id}");
                cited.insert(id);
            }
        }
    }
    assert_eq!(
        cited.len(),
        CITED.len(),
        "CITED lists ids no document cites"
    );
}

/// (created date, title, seconds to resolve, acknowledged) of every PagerDuty incident.
fn pagerduty_rows() -> Vec<(String, String, Option<i64>, bool)> {
    let data = repo().join("content/data");
    let mut out = Vec::new();
    let mut rd = csv::Reader::from_path(data.join("pagerduty-incidents.csv")).unwrap();
    for r in rd.records() {
        let r = r.unwrap();
        out.push((
            r[12][..10].to_string(),
            r[2].to_string(),
            r[16].parse().ok(),
            !r[13].is_empty(),
        ));
    }
    let api: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("pagerduty-incidents-api.json")).unwrap())
            .unwrap();
    for i in api["incidents"].as_array().unwrap() {
        let created =
            chrono::DateTime::parse_from_rfc3339(i["created_at"].as_str().unwrap()).unwrap();
        let resolved = i["resolved_at"]
            .as_str()
            .map(|r| chrono::DateTime::parse_from_rfc3339(r).unwrap());
        out.push((
            i["created_at"].as_str().unwrap()[..10].to_string(),
            i["title"].as_str().unwrap().to_string(),
            resolved.map(|r| (r - created).num_seconds()),
            !i["acknowledgements"].as_array().unwrap().is_empty(),
        ));
    }
    out
}

#[test]
fn planted_dns_story_recurs_then_stops() {
    let dns: Vec<String> = pagerduty_rows()
        .into_iter()
        .filter(|(_, t, _, _)| t.contains("DNS") || t.contains("NXDOMAIN"))
        .map(|(d, ..)| d)
        .collect();
    let before = dns.iter().filter(|d| d.as_str() <= "2025-10-12").count();
    let after = dns.iter().filter(|d| d.as_str() > "2025-10-12").count();
    assert!(before >= 10, "{before} DNS incidents before the fix");
    assert!(after <= 1, "{after} DNS incidents after the fix");
}

#[test]
fn planted_noise_alert_is_fast_and_never_acknowledged() {
    let noise: Vec<_> = pagerduty_rows()
        .into_iter()
        .filter(|(_, t, _, _)| t.starts_with("Disk usage > 85%"))
        .collect();
    assert!(noise.len() >= 50, "{} noisy alerts", noise.len());
    assert!(noise.iter().all(|(_, _, _, acked)| !acked));
    let fast = noise
        .iter()
        .filter(|(_, _, s, _)| s.is_some_and(|s| s <= 300))
        .count();
    assert!(
        fast * 10 >= noise.len() * 8,
        "{fast} of {} within 5 min",
        noise.len()
    );
}

#[test]
fn planted_payment_tickets_follow_payment_incidents() {
    use chrono::NaiveDate;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut after_incident = BTreeSet::new();
    for (d, title, ..) in pagerduty_rows() {
        if title.contains("PayFlux") || title.contains("3-D Secure") {
            for k in 0..5 {
                after_incident.insert(day(&d) + chrono::Duration::days(k));
            }
        }
    }
    let mut rd = csv::Reader::from_path(repo().join("content/data/jira-tickets.csv")).unwrap();
    let (mut near, mut far) = (0usize, 0usize);
    for r in rd.records() {
        let r = r.unwrap();
        if r[14] != *"Payments" && r[15] != *"Payments" {
            continue;
        }
        let created = chrono::NaiveDateTime::parse_from_str(&r[11], "%d/%b/%y %-I:%M %p")
            .unwrap()
            .date();
        if after_incident.contains(&created) {
            near += 1;
        } else {
            far += 1;
        }
    }
    let near_days = after_incident.len() as f64;
    let far_days = 546.0 - near_days;
    let (near_rate, far_rate) = (near as f64 / near_days, far as f64 / far_days);
    assert!(
        near_rate > 2.0 * far_rate,
        "{near_rate:.2}/day after payment incidents vs {far_rate:.2}/day otherwise"
    );
}
