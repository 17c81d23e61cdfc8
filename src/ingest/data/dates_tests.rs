use super::dates::*;
use crate::config::DateOrder;
use chrono::{TimeZone, Utc};

fn p(tz: &str, order: Option<DateOrder>) -> DateParser {
    DateParser::new(tz.parse().unwrap(), order)
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> crate::model::Timestamp {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

#[test]
fn iso_with_and_without_offset() {
    let berlin = p("Europe/Berlin", None);
    assert_eq!(
        berlin.parse("2025-03-04T10:15:00-05:00"),
        Ok(utc(2025, 3, 4, 15, 15, 0))
    );
    assert_eq!(
        berlin
            .parse("2025-03-04T15:20:01.112Z")
            .unwrap()
            .timestamp_subsec_millis(),
        112
    );
    assert_eq!(
        berlin.parse("2025-03-04 10:15:00"),
        Ok(utc(2025, 3, 4, 9, 15, 0))
    );
    assert_eq!(
        berlin.parse("2025-07-04 10:15"),
        Ok(utc(2025, 7, 4, 8, 15, 0))
    );
    assert_eq!(
        berlin.parse("2025-03-04 10:15:00 +01:00"),
        Ok(utc(2025, 3, 4, 9, 15, 0))
    );
    assert_eq!(
        berlin.parse("2025-03-04 10:15:00 UTC"),
        Ok(utc(2025, 3, 4, 10, 15, 0))
    );
}

#[test]
fn rfc2822_and_unix_by_magnitude() {
    let u = p("UTC", None);
    assert_eq!(
        u.parse("Tue, 4 Mar 2025 15:20:00 +0100"),
        Ok(utc(2025, 3, 4, 14, 20, 0))
    );
    assert_eq!(u.parse("1741101300"), Ok(utc(2025, 3, 4, 15, 15, 0)));
    assert_eq!(u.parse("1741101300000"), Ok(utc(2025, 3, 4, 15, 15, 0)));
    assert_eq!(u.parse("1741101300000.0"), Ok(utc(2025, 3, 4, 15, 15, 0)));
    assert_eq!(
        u.parse("1741101300.5").unwrap().timestamp_subsec_millis(),
        500
    );
}

#[test]
fn jira_style_with_localised_months() {
    let u = p("UTC", None);
    assert_eq!(u.parse("04/Mar/25 3:42 PM"), Ok(utc(2025, 3, 4, 15, 42, 0)));
    assert_eq!(u.parse("04/Mär/25 12:05 AM"), Ok(utc(2025, 3, 4, 0, 5, 0)));
    assert_eq!(
        u.parse("14/Mai/25 12:05 PM"),
        Ok(utc(2025, 5, 14, 12, 5, 0))
    );
    assert_eq!(u.parse("01/déc./24 9:00 AM"), Ok(utc(2024, 12, 1, 9, 0, 0)));
    assert_eq!(
        u.parse("01/ene/24 9:00 p. m."),
        Ok(utc(2024, 1, 1, 21, 0, 0))
    );
    assert_eq!(u.parse("01/joulu/24 9:00"), Ok(utc(2024, 12, 1, 9, 0, 0)));
    assert_eq!(
        u.parse("14-Jul-2025 15:42"),
        Ok(utc(2025, 7, 14, 15, 42, 0))
    );
}

#[test]
fn unambiguous_numeric_orders_need_no_setting() {
    let u = p("UTC", None);
    assert_eq!(u.parse("24-03-2025 14:05"), Ok(utc(2025, 3, 24, 14, 5, 0)));
    assert_eq!(
        u.parse("03-24-2025 2:05 PM"),
        Ok(utc(2025, 3, 24, 14, 5, 0))
    );
    assert_eq!(u.parse("05/05/2025 10:00"), Ok(utc(2025, 5, 5, 10, 0, 0)));
}

#[test]
fn ambiguous_order_is_an_error_unless_set() {
    assert_eq!(
        p("UTC", None).parse("03-04-2025 10:00"),
        Err(DateError::Ambiguous)
    );
    let msg = DateError::Ambiguous.explain("03-04-2025 10:00");
    assert!(
        msg.contains("`03-04-2025 10:00`") && msg.contains("date_order"),
        "{msg}"
    );
    assert_eq!(
        p("UTC", Some(DateOrder::Dmy)).parse("03-04-2025 10:00"),
        Ok(utc(2025, 4, 3, 10, 0, 0))
    );
    assert_eq!(
        p("UTC", Some(DateOrder::Mdy)).parse("03-04-2025 10:00 AM"),
        Ok(utc(2025, 3, 4, 10, 0, 0))
    );
}

#[test]
fn dst_gap_and_overlap_in_berlin() {
    let b = p("Europe/Berlin", None);
    // 2025-03-30 02:30 does not exist (clocks jump 02:00 -> 03:00): read with CET (+1).
    assert_eq!(b.parse("2025-03-30 02:30"), Ok(utc(2025, 3, 30, 1, 30, 0)));
    assert_eq!(b.parse("2025-03-30 03:30"), Ok(utc(2025, 3, 30, 1, 30, 0)));
    assert_eq!(b.parse("2025-03-30 01:30"), Ok(utc(2025, 3, 30, 0, 30, 0)));
    // 2025-10-26 02:30 happens twice: the earlier (CEST, +2) instant is taken.
    assert_eq!(b.parse("2025-10-26 02:30"), Ok(utc(2025, 10, 26, 0, 30, 0)));
    assert_eq!(b.parse("2025-10-26 03:30"), Ok(utc(2025, 10, 26, 2, 30, 0)));
}

#[test]
fn garbage_and_impossible_dates() {
    let u = p("UTC", None);
    assert_eq!(u.parse("yesterday"), Err(DateError::Unrecognised));
    assert!(matches!(
        u.parse("2025-02-30 10:00"),
        Err(DateError::Invalid(_))
    ));
    assert!(matches!(
        u.parse("2025-03-04 25:00"),
        Err(DateError::Invalid(_))
    ));
    assert!(
        DateError::Unrecognised
            .explain("yesterday")
            .contains("expected a date such as")
    );
    assert_eq!(
        u.parse_date("2025-04-01"),
        Ok(chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap())
    );
}

/// A day read once and looked up after gives what parsing afresh gives: the time of day,
/// AM/PM and the zone are still read from each cell, and a bad cell on a known day is
/// still an error.
#[test]
fn remembered_days_parse_as_fresh_ones() {
    let berlin = p("Europe/Berlin", Some(DateOrder::Dmy));
    let cells = [
        "04/Mär/25 3:42 PM",
        "04/Mär/25 12:05 AM",
        "04/Mär/25 25:05 AM",
        "04/Mär/25",
        "30/Mar/25 2:30 AM",
        "30/Mar/25 3:30 AM",
        "04-03-2025 15:20",
        "04-03-2025 15:20 +01:00",
        "2025-03-04T10:15:00Z",
        "2025-03-04 10:15",
        "31/Feb/25 10:00",
        "31/Feb/25 10:00",
    ];
    let mut memo = DayMemo::default();
    for cell in cells.iter().chain(&cells) {
        assert_eq!(
            berlin.parse_in(cell, &mut memo),
            berlin.parse(cell),
            "{cell}"
        );
    }
    assert_eq!(
        berlin.parse_in("04/Mär/25 3:42 PM", &mut memo),
        Ok(utc(2025, 3, 4, 14, 42, 0))
    );
}
