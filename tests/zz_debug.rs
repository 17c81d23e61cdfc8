#[test]
fn dump() {
    let c =
        opsloop::config::Config::load(std::path::Path::new("/tmp/mdsample"), &Default::default())
            .unwrap();
    let (ds, _) = opsloop::ingest::ingest(&c).unwrap();
    for p in &ds.postmortems {
        println!(
            "{} | {} | sev={:?} svc={:?} inc={:?} themes={:?} authors={:?} summary={}",
            p.slug,
            p.date,
            p.severity.as_ref().map(|s| (s.level, s.raw.clone())),
            p.services,
            p.incidents,
            p.themes,
            p.authors,
            p.summary.is_some()
        );
        println!("   fields={:?}", p.fields);
        for a in &p.actions {
            println!(
                "   - {} [{:?}] {:?} owner={:?} due={:?} {:?} ref={:?} L{}",
                a.id, a.kind, a.title, a.owner, a.due, a.status, a.tracker_ref, a.origin.line
            );
        }
    }
    for w in &ds.wins {
        println!(
            "WIN {} {} {:?} ev={:?}",
            w.slug,
            w.date,
            w.themes,
            w.evidence.as_ref().map(|e| e.len())
        );
    }
}
