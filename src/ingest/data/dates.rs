//! Timestamps as exports write them, to UTC.
//!
//! Hand-written rather than a list of chrono format strings because one file mixes
//! forms, month names are localised (Jira: `04/Mär/25 3:42 PM`), and day/month order
//! must be decided by a setting, never guessed: chrono's `parse_from_str` can do none of
//! these. Offsets, RFC 3339 and RFC 2822 still go through chrono.

use super::values::with_lowercase;
use crate::config::DateOrder;
use crate::model::Timestamp;
use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

/// What a date cell may look like; quoted in diagnostics.
pub const EXPECTED: &str = "a date such as 2025-03-04T15:20:00Z, 2025-03-04 15:20, \
04-03-2025 15:20, 04/Mar/25 3:20 PM, Tue, 4 Mar 2025 15:20:00 +0000, or Unix seconds/milliseconds";

/// Why a value is not a timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Unrecognised,
    /// Day and month both <= 12 and no `date_order` set.
    Ambiguous,
    Invalid(String),
}

impl DateError {
    /// The diagnostic text: the raw value and what was expected.
    pub fn explain(&self, raw: &str) -> String {
        match self {
            Self::Unrecognised => format!("`{raw}` is not a date; expected {EXPECTED}"),
            Self::Ambiguous => format!(
                "`{raw}` is ambiguous: day and month could be either; set `date_order: dmy` \
                 or `date_order: mdy` on the source or in site.yaml"
            ),
            Self::Invalid(why) => format!("`{raw}` is not a valid date ({why})"),
        }
    }
}

/// Calendar days already read from date parts such as `04/Mar/25`: an export's
/// timestamps fall on a few hundred days per few thousand rows, so the day's tokens and
/// month name (in five languages) are read once per day rather than once per cell. Only
/// days that parsed are kept, so errors are still reported for each cell.
#[derive(Debug, Default)]
pub struct DayMemo {
    days: hashbrown::HashMap<Box<str>, NaiveDate>,
}

/// Parses timestamps for one source: naive times are read in `tz`.
#[derive(Debug, Clone, Copy)]
pub struct DateParser {
    pub tz: Tz,
    pub order: Option<DateOrder>,
}

impl DateParser {
    pub fn new(tz: Tz, order: Option<DateOrder>) -> Self {
        Self { tz, order }
    }

    pub fn parse(&self, raw: &str) -> Result<Timestamp, DateError> {
        self.parse_in(raw, &mut DayMemo::default())
    }

    /// [`DateParser::parse`], looking calendar days up in `memo` first. A memo belongs
    /// to one parser: its days were read with this parser's `date_order`.
    pub fn parse_in(&self, raw: &str, memo: &mut DayMemo) -> Result<Timestamp, DateError> {
        let t = self.parse_any(raw, memo)?;
        in_range(t)
    }

    fn parse_any(&self, raw: &str, memo: &mut DayMemo) -> Result<Timestamp, DateError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(DateError::Unrecognised);
        }
        if let Some(r) = unix(s) {
            return r;
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(t.with_timezone(&Utc));
        }
        if looks_like_rfc2822(s)
            && let Ok(t) = DateTime::parse_from_rfc2822(s)
        {
            return Ok(t.with_timezone(&Utc));
        }
        self.parse_parts(s, memo)
    }

    /// A calendar date (due dates): the timestamp's day in the source's zone.
    pub fn parse_date(&self, raw: &str) -> Result<NaiveDate, DateError> {
        self.parse(raw)
            .map(|t| t.with_timezone(&self.tz).date_naive())
    }

    fn parse_parts(&self, s: &str, memo: &mut DayMemo) -> Result<Timestamp, DateError> {
        let (date_part, rest) = split_date_time(s);
        let date = match memo.days.get(date_part) {
            Some(&d) => d,
            None => {
                let d = self.date(date_part)?;
                memo.days.insert(date_part.into(), d);
                d
            }
        };
        let (time, offset) = time_and_offset(rest)?;
        let naive = NaiveDateTime::new(date, time);
        Ok(match offset {
            Some(secs) => Utc.from_utc_datetime(&(naive - Duration::seconds(secs))),
            None => self.localize(naive),
        })
    }

    fn date(&self, part: &str) -> Result<NaiveDate, DateError> {
        // The first three tokens and how many there are, without collecting them: this
        // runs for every timestamp.
        let (mut tokens, mut count) = (["", "", ""], 0);
        for t in part.split(['-', '/', '.']).filter(|t| !t.is_empty()) {
            if let Some(slot) = tokens.get_mut(count) {
                *slot = t;
            }
            count += 1;
        }
        if count == 1 && tokens[0].len() == 8 && is_digits(tokens[0]) {
            let t = tokens[0];
            return ymd(num(&t[..4])?, num(&t[4..6])?, num(&t[6..])?);
        }
        if count != 3 {
            return Err(DateError::Unrecognised);
        }
        let [a, b, c] = tokens;
        if a.len() == 4 && is_digits(a) {
            return ymd(num(a)?, month_or_num(b)?, num(c)?);
        }
        if !is_digits(b) {
            return ymd(year(c)?, month_name(b)?, num(a)?);
        }
        if !is_digits(a) {
            return ymd(year(c)?, month_name(a)?, num(b)?);
        }
        let (x, y, yr) = (num(a)?, num(b)?, year(c)?);
        let (day, month) = day_month(x, y, self.order)?;
        ymd(yr, month, day)
    }

    /// Local wall time to UTC. In a DST overlap the earlier instant is taken; in a DST
    /// gap (a time the clock skipped) the offset in force just before the jump is used,
    /// as Python and java.time do, so 02:30 on the spring-forward night stays one hour
    /// after 01:30.
    fn localize(&self, naive: NaiveDateTime) -> Timestamp {
        match self.tz.from_local_datetime(&naive) {
            LocalResult::Single(t) => t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
            LocalResult::None => {
                let before = self
                    .tz
                    .from_local_datetime(&(naive - Duration::hours(3)))
                    .earliest();
                let off = before.map_or(0, |b| b.offset().fix().local_minus_utc());
                Utc.from_utc_datetime(&(naive - Duration::seconds(off.into())))
            }
        }
    }
}

/// (day, month) of a numeric date written `x/y/year`: a number above 12 is the day,
/// equal numbers need no decision, otherwise `order` decides; never guessed.
pub fn day_month(x: u32, y: u32, order: Option<DateOrder>) -> Result<(u32, u32), DateError> {
    match (x > 12, y > 12) {
        (true, true) => Err(DateError::Invalid("no month".into())),
        (true, false) => Ok((x, y)),
        (false, true) => Ok((y, x)),
        (false, false) if x == y => Ok((x, y)),
        (false, false) => match order {
            Some(DateOrder::Dmy) => Ok((x, y)),
            Some(DateOrder::Mdy) => Ok((y, x)),
            None => Err(DateError::Ambiguous),
        },
    }
}

/// Years an export can plausibly hold. A typo such as year 0 or 9999 would otherwise
/// stretch the report over thousands of periods (minutes of build time, gigabytes of
/// memory), so it is rejected here with the raw value.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=2099;

fn in_range(t: Timestamp) -> Result<Timestamp, DateError> {
    use chrono::Datelike;
    if YEARS.contains(&t.year()) {
        return Ok(t);
    }
    Err(DateError::Invalid(format!(
        "year {} is outside {}-{}, the years opsloop accepts",
        t.year(),
        YEARS.start(),
        YEARS.end()
    )))
}

/// "Tue, 4 Mar 2025 15:20:00 +0000" or "4 Mar 2025 ...": a word first or second.
fn looks_like_rfc2822(s: &str) -> bool {
    let mut words = s.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    first.starts_with(|c: char| c.is_ascii_alphabetic())
        || (is_digits(first)
            && second.chars().all(|c| c.is_ascii_alphabetic())
            && !second.is_empty())
}

/// Unix time by magnitude: seconds, milliseconds, microseconds or nanoseconds.
fn unix(s: &str) -> Option<Result<Timestamp, DateError>> {
    let int_part = s.split('.').next().unwrap_or(s);
    if int_part.len() < 9 || !is_digits(int_part) || s.matches('.').count() > 1 {
        return None;
    }
    if !s.split('.').nth(1).is_none_or(is_digits) {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    let secs = if v >= 1e17 {
        v / 1e9
    } else if v >= 1e14 {
        v / 1e6
    } else if v >= 1e11 {
        v / 1e3
    } else {
        v
    };
    let millis = (secs * 1000.0).round() as i64;
    Some(
        DateTime::from_timestamp_millis(millis)
            .ok_or_else(|| DateError::Invalid("out of range".into())),
    )
}

/// Splits "2025-03-04T10:00", "2025-03-04 10:00" and "04/Mar/25 3:42 PM" into date and
/// the rest (time, AM/PM, offset).
fn split_date_time(s: &str) -> (&str, &str) {
    let bytes = s.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        let t_sep = c == b'T'
            && i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if c == b' ' || t_sep {
            return (&s[..i], s[i + 1..].trim());
        }
    }
    (s, "")
}

/// Time of day and an explicit offset in seconds (None = local time).
fn time_and_offset(rest: &str) -> Result<(NaiveTime, Option<i64>), DateError> {
    if rest.is_empty() {
        return Ok((NaiveTime::MIN, None));
    }
    let mut words = rest.split_whitespace();
    let mut clock = words.next().unwrap_or("");
    let mut offset = None;
    if let Some(z) = clock.strip_suffix('Z') {
        clock = z;
        offset = Some(0);
    } else if let Some(i) = clock.rfind(['+', '-']) {
        offset = Some(parse_offset(&clock[i..])?);
        clock = &clock[..i];
    }
    // The words after the clock, joined, lower-case, without dots ("P.M." -> "pm").
    // Nearly always one short word, which is then not copied into a new String.
    let joined: String;
    let tail = match (words.next(), words.clone().next()) {
        (None, _) => "",
        (Some(w), None) => w,
        (Some(w), Some(_)) => {
            joined = std::iter::once(w).chain(words).collect();
            &joined
        }
    };
    let (meridiem, tail_offset) = with_lowercase(tail, |lower| {
        if lower.contains('.') {
            meridiem_or_offset(&lower.replace('.', ""))
        } else {
            meridiem_or_offset(lower)
        }
    })?;
    Ok((clock_time(clock, meridiem)?, tail_offset.or(offset)))
}

/// What follows the clock: AM/PM (`Some(true)` for PM) or a zone, lower-case.
fn meridiem_or_offset(tail: &str) -> Result<(Option<bool>, Option<i64>), DateError> {
    Ok(match tail {
        "" => (None, None),
        "am" | "vorm" => (Some(false), None),
        "pm" | "nachm" => (Some(true), None),
        "z" | "utc" | "gmt" => (None, Some(0)),
        t if t.starts_with('+') || t.starts_with('-') => (None, Some(parse_offset(t)?)),
        _ => return Err(DateError::Unrecognised),
    })
}

fn clock_time(clock: &str, pm: Option<bool>) -> Result<NaiveTime, DateError> {
    let mut parts = clock.split(':');
    let h = num(parts.next().unwrap_or(""))?;
    let m = num(parts.next().ok_or(DateError::Unrecognised)?)?;
    let (s, nanos) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once([',', '.']).unwrap_or((sec, ""));
            let digits = &frac[..frac.len().min(9)];
            let nanos = if digits.is_empty() {
                0
            } else {
                num(digits)? * 10u32.pow(9 - digits.len() as u32)
            };
            (num(whole)?, nanos)
        }
    };
    if parts.next().is_some() {
        return Err(DateError::Unrecognised);
    }
    let h = match pm {
        None => h,
        Some(_) if h == 0 || h > 12 => return Err(DateError::Invalid("hour with AM/PM".into())),
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    NaiveTime::from_hms_nano_opt(h, m, s, nanos)
        .ok_or_else(|| DateError::Invalid("no such time of day".into()))
}

fn parse_offset(t: &str) -> Result<i64, DateError> {
    let sign = if t.starts_with('-') { -1 } else { 1 };
    let digits: String = t[1..].chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !is_digits(&digits) {
        return Err(DateError::Unrecognised);
    }
    let h: i64 = digits[..2].parse().map_err(|_| DateError::Unrecognised)?;
    let m: i64 = digits
        .get(2..)
        .map_or(Ok(0), str::parse)
        .map_err(|_| DateError::Unrecognised)?;
    Ok(sign * (h * 3600 + m * 60))
}

fn ymd(y: u32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| DateError::Invalid(format!("no day {d} in month {m} of {y}")))
}

fn year(t: &str) -> Result<u32, DateError> {
    let y = num(t)?;
    Ok(match t.len() {
        2 if y < 70 => 2000 + y,
        2 => 1900 + y,
        4 => y,
        _ => return Err(DateError::Unrecognised),
    })
}

fn month_or_num(t: &str) -> Result<u32, DateError> {
    if is_digits(t) { num(t) } else { month_name(t) }
}

/// Month abbreviations and names as Jira and spreadsheets write them in English,
/// German, French, Spanish and Finnish.
const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("january", 1),
    ("januar", 1),
    ("janv", 1),
    ("janvier", 1),
    ("ene", 1),
    ("enero", 1),
    ("tammi", 1),
    ("tammikuu", 1),
    ("feb", 2),
    ("february", 2),
    ("februar", 2),
    ("févr", 2),
    ("fevr", 2),
    ("février", 2),
    ("febrero", 2),
    ("helmi", 2),
    ("helmikuu", 2),
    ("mar", 3),
    ("march", 3),
    ("mär", 3),
    ("mrz", 3),
    ("märz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("maalis", 3),
    ("maaliskuu", 3),
    ("apr", 4),
    ("april", 4),
    ("avr", 4),
    ("avril", 4),
    ("abr", 4),
    ("abril", 4),
    ("huhti", 4),
    ("huhtikuu", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("touko", 5),
    ("toukokuu", 5),
    ("jun", 6),
    ("june", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("kesä", 6),
    ("kesäkuu", 6),
    ("jul", 7),
    ("july", 7),
    ("juli", 7),
    ("juil", 7),
    ("juillet", 7),
    ("julio", 7),
    ("heinä", 7),
    ("heinäkuu", 7),
    ("aug", 8),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("ago", 8),
    ("agosto", 8),
    ("elo", 8),
    ("elokuu", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("syys", 9),
    ("syyskuu", 9),
    ("oct", 10),
    ("october", 10),
    ("okt", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("loka", 10),
    ("lokakuu", 10),
    ("nov", 11),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("marras", 11),
    ("marraskuu", 11),
    ("dec", 12),
    ("december", 12),
    ("dez", 12),
    ("dezember", 12),
    ("déc", 12),
    ("décembre", 12),
    ("dic", 12),
    ("diciembre", 12),
    ("joulu", 12),
    ("joulukuu", 12),
];

fn month_name(t: &str) -> Result<u32, DateError> {
    with_lowercase(t, |lower| {
        let plain = lower.trim_end_matches('.');
        // trim_end_matches("kuuta") then ("ta"), without building a substring searcher
        // for every timestamp.
        let mut key = plain;
        while let Some(k) = key.strip_suffix("kuuta") {
            key = k;
        }
        while let Some(k) = key.strip_suffix("ta") {
            key = k;
        }
        // `key` is a prefix of `plain`: a name matching either starts with its first byte,
        // which is checked first because this runs for every Jira timestamp.
        let first = plain.as_bytes().first();
        MONTHS
            .iter()
            .find(|(name, _)| name.as_bytes().first() == first && (*name == key || *name == plain))
            .map(|(_, m)| *m)
            .ok_or(DateError::Unrecognised)
    })
}

fn is_digits(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

fn num(t: &str) -> Result<u32, DateError> {
    if !is_digits(t) {
        return Err(DateError::Unrecognised);
    }
    t.parse().map_err(|_| DateError::Unrecognised)
}
