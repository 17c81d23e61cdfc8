//! Numbers and changes in words, for captions: the finding and how sure we are.

use crate::analyze::Change;

/// "45 min", "2.5 h", "3.2 d".
pub fn minutes(m: f64) -> String {
    minutes_in(m, duration_unit(m))
}

/// The unit a duration reads best in: minutes up to two hours, hours up to two days.
fn duration_unit(m: f64) -> (f64, &'static str) {
    if m < 120.0 {
        (1.0, "min")
    } else if m < 48.0 * 60.0 {
        (60.0, "h")
    } else {
        (1440.0, "d")
    }
}

fn minutes_in(m: f64, (div, unit): (f64, &str)) -> String {
    if div == 1.0 {
        format!("{m:.0} {unit}")
    } else {
        format!("{} {unit}", one_decimal(m / div))
    }
}

/// A share 0..1 as a percentage: "12%", "4.5%" (one decimal below 10%).
pub fn share(s: f64) -> String {
    let p = s * 100.0;
    if p != 0.0 && p.abs() < 10.0 {
        format!("{}%", one_decimal(p))
    } else {
        format!("{p:.0}%")
    }
}

fn one_decimal(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A value in the figure's unit ("minutes", "share", "count" or a series unit).
pub fn value(v: f64, unit: &str) -> String {
    match unit {
        "minutes" => minutes(v),
        "share" => share(v),
        "count" => format!("{v:.0}"),
        u => with_unit(fixed(v, decimals(v)), u),
    }
}

fn with_unit(n: String, unit: &str) -> String {
    match unit {
        "" => n,
        u if u.starts_with('%') => format!("{n}{u}"),
        u => format!("{n} {u}"),
    }
}

/// Decimals that keep about three significant digits (none from 1000 up).
fn decimals(v: f64) -> usize {
    let m = v.abs();
    if m >= 1000.0 || m == 0.0 || !m.is_finite() {
        0
    } else if m >= 100.0 {
        1
    } else if m >= 1.0 {
        2
    } else {
        ((-m.log10()).floor() as usize + 3).min(6)
    }
}

/// `v` with at most `d` decimals, trailing zeros dropped, a real minus sign.
fn fixed(v: f64, d: usize) -> String {
    let s = format!("{:.*}", d, v.abs());
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

/// A signed figure with a real minus sign: "−52", "+9".
fn signed(v: f64, decimals: usize) -> String {
    let s = fixed(v.abs(), decimals);
    let zero = s == "0";
    if zero {
        s
    } else if v < 0.0 {
        format!("\u{2212}{s}")
    } else {
        format!("+{s}")
    }
}

/// The interval of a change in readable units, e.g. "−52 to +9 min" or "−40% to +12%".
fn interval(c: &Change, unit: &str) -> Option<String> {
    let (lo, hi) = (c.low?, c.high?);
    if c.interval_of == "ratio" {
        return Some(format!(
            "{}% to {}%",
            signed((lo - 1.0) * 100.0, 0),
            signed((hi - 1.0) * 100.0, 0)
        ));
    }
    Some(match unit {
        "minutes" => format!("{} to {} min", signed(lo, 0), signed(hi, 0)),
        "share" => format!(
            "{} to {} percentage points",
            signed(lo * 100.0, 1),
            signed(hi * 100.0, 1)
        ),
        "count" => format!("{} to {}", signed(lo, 0), signed(hi, 0)),
        u => {
            let d = decimals(lo.abs().max(hi.abs()));
            with_unit(format!("{} to {}", signed(lo, d), signed(hi, d)), u)
        }
    })
}

/// "the change is within noise (95% interval −52 to +9 min)", or a plain statement when
/// the data are too few; `None` when the change was not tested.
pub fn verdict(c: &Change, unit: &str, confidence: f64) -> Option<String> {
    let conf = format!("{:.0}%", confidence * 100.0);
    let what = match c.verdict.as_str() {
        "beyond_noise" => "beyond noise",
        "within_noise" => "within noise",
        "too_few" => return Some("there are too few data to tell a real change from noise".into()),
        _ => return None,
    };
    Some(match interval(c, unit) {
        Some(i) => format!("the change is {what} ({conf} interval {i})"),
        None => format!("the change is {what}"),
    })
}

/// "fell from 94 min in 2026-05 to 61 min in 2026-06".
pub fn movement(before: f64, after: f64, unit: &str, prev: &str, cur: &str) -> String {
    let verb = if after < before {
        "fell"
    } else if after > before {
        "rose"
    } else {
        "held"
    };
    // Both figures in one unit, so "1.6 h to 61 min" never happens.
    let show = |v: f64| {
        match unit {
            "minutes" => minutes_in(v, duration_unit(before.max(after))),
            "share" | "count" => value(v, unit),
            // Enough decimals to show the difference (99.95% to 99.97%, not 100 to 100).
            u => with_unit(
                fixed(v, decimals(v).max(decimals(after - before)).min(4)),
                u,
            ),
        }
    };
    if verb == "held" {
        format!("held at {} in {prev} and {cur}", show(after))
    } else {
        format!(
            "{verb} from {} in {prev} to {} in {cur}",
            show(before),
            show(after)
        )
    }
}

/// Joins a finding and its verdict into one sentence ending in a full stop.
pub fn sentence(finding: &str, verdict: Option<String>) -> String {
    let mut s = capitalise(finding);
    if let Some(v) = verdict {
        s.push_str("; ");
        s.push_str(&v);
    }
    s.push('.');
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(low: f64, high: f64, verdict: &str, of: &str) -> Change {
        Change {
            delta: 0.0,
            ratio: None,
            interval_of: of.into(),
            low: Some(low),
            high: Some(high),
            verdict: verdict.into(),
            method: "bootstrap_percentile".into(),
            direction: "better".into(),
        }
    }

    #[test]
    fn restore_caption_reads_like_the_brief() {
        let finding = format!(
            "median time to restore {} (n = 23)",
            movement(94.0, 61.0, "minutes", "May", "June")
        );
        let v = verdict(
            &change(-52.0, 9.0, "within_noise", "delta"),
            "minutes",
            0.95,
        );
        assert_eq!(
            sentence(&finding, v),
            "Median time to restore fell from 94 min in May to 61 min in June (n = 23); \
             the change is within noise (95% interval \u{2212}52 to +9 min)."
        );
    }

    #[test]
    fn ratios_read_as_percent_changes_and_too_few_is_plain() {
        let v = verdict(&change(0.4, 1.2, "beyond_noise", "ratio"), "count", 0.95).unwrap();
        assert_eq!(
            v,
            "the change is beyond noise (95% interval \u{2212}60% to +20%)"
        );
        let v = verdict(&change(0.0, 0.0, "too_few", "delta"), "count", 0.95).unwrap();
        assert!(v.contains("too few"));
        assert_eq!(
            verdict(&change(0.0, 0.0, "untested", "delta"), "count", 0.95),
            None
        );
    }

    #[test]
    fn units_in_words() {
        assert_eq!(minutes(61.4), "61 min");
        assert_eq!(minutes(150.0), "2.5 h");
        assert_eq!(minutes(119.0), "119 min");
        assert_eq!(
            movement(150.0, 61.0, "minutes", "a", "b"),
            "fell from 2.5 h in a to 1 h in b"
        );
        assert_eq!(minutes(3.0 * 1440.0), "3 d");
        assert_eq!(share(0.126), "13%");
        assert_eq!(share(0.045), "4.5%");
        assert_eq!(value(12.0, "ms"), "12 ms");
        assert_eq!(value(352.44, "ms"), "352.4 ms");
        assert_eq!(value(0.1414, "%"), "0.141%");
        assert_eq!(
            movement(99.95, 99.97, "%", "May", "June"),
            "rose from 99.95% in May to 99.97% in June"
        );
        assert_eq!(
            movement(431.0, 505.0, "deploys", "a", "b"),
            "rose from 431 deploys in a to 505 deploys in b"
        );
    }
}
