//! The "Did it come back?" table of a postmortem page: which incidents are repeats, in
//! which order, when ids repeat and when the analysis' own findings overlap the page's.

mod site_support;
use opsloop::model::{Dataset, Incident, Timestamp};
use opsloop::site::SiteInput;
use site_support::*;

/// "id start-date" of each row of the repeats table of the db-failover page, and the stated total.
fn repeats(dataset: &Dataset, extra_finding: Option<Vec<&str>>) -> (Vec<String>, String) {
    let cfg = config(&fixture("basic"));
    let mut dataset = dataset.clone();
    let mut report = opsloop::analyze::analyze(&mut dataset, &cfg);
    if let Some(ids) = extra_finding {
        let finding = opsloop::analyze::RecurredAfterFix {
            service: "db".into(),
            fingerprint: "failover".into(),
            postmortem: Some("db-failover".into()),
            action_id: "DB-1".into(),
            action_completed: "2025-01-25".into(),
            repeat_ids: ids.into_iter().map(String::from).collect(),
        };
        report.recurrence.recurred_after_fix.push(finding);
    }
    let diagnostics = diagnostics();
    let input = SiteInput::new(&cfg, &dataset, &report, &[], &diagnostics);
    let files = opsloop::site::render(&input).unwrap();
    let html = page(&files, "postmortems/db-failover/index.html");
    let section = &html[html.find("id=\"recurrence\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    let ids = section
        .split("<th scope=\"row\"><a href=\"")
        .skip(1)
        .map(|row| {
            let id = &row[row.find('>').unwrap() + 1..row.find("</a>").unwrap()];
            let at = row.find("datetime=\"").unwrap() + "datetime=\"".len();
            format!("{id} {}", &row[at..at + 10])
        })
        .collect();
    let total = section[section.find("Recurred after the fix: ").unwrap()..]
        .split(" started")
        .next()
        .unwrap()
        .to_string();
    (ids, total)
}

/// A copy of PD-2 (db, failover) that started at `at`, added to `data`.
fn copy_of_pd2(data: &mut Dataset, at: Timestamp) -> &mut Incident {
    let mut copy = data.incidents[1].clone();
    assert_eq!(copy.id, "PD-2", "the fixture's second incident");
    copy.created_at = at;
    copy.impact_start_at = None;
    data.incidents.push(copy);
    data.incidents.last_mut().expect("just pushed")
}

#[test]
fn repeats_are_listed_by_start_including_incidents_that_share_an_id() {
    let mut data = dataset();
    // A second incident with PD-2's id, earlier, on the same key: a repeat of its own.
    copy_of_pd2(&mut data, ts(2025, 2, 20, 8, 0)).title =
        "Primary DB failover, second export".into();
    let (ids, total) = repeats(&data, None);
    assert_eq!(ids, ["PD-2 2025-02-20", "PD-2 2025-03-02"]);
    assert_eq!(
        total,
        "Recurred after the fix: 2 incidents with the same service and fingerprint"
    );
}

#[test]
fn the_analysis_findings_add_repeats_the_page_did_not_find_once() {
    let mut data = dataset();
    // PD-5 is on the key but started before the fix, so only the finding names it.
    copy_of_pd2(&mut data, ts(2025, 1, 20, 8, 0)).id = "PD-5".into();
    let (ids, total) = repeats(&data, Some(vec!["PD-5", "PD-2", "PD-5", "NOT-AN-INCIDENT"]));
    assert_eq!(
        ids,
        ["PD-5 2025-01-20", "PD-2 2025-03-02"],
        "earliest first, each once"
    );
    assert!(
        total.starts_with("Recurred after the fix: 2 incidents"),
        "{total}"
    );
}

#[test]
fn a_finding_naming_an_id_already_listed_adds_nothing() {
    let mut data = dataset();
    // Shares PD-2's id but started before the fix; the id lookup finds this one.
    copy_of_pd2(&mut data, ts(2025, 1, 20, 8, 0));
    let (ids, _) = repeats(&data, Some(vec!["PD-2"]));
    assert_eq!(ids, ["PD-2 2025-03-02"]);
}
