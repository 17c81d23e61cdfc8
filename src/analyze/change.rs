//! Period-over-period change with a 95% interval and a verdict, so a presenter never
//! celebrates noise.
//!
//! - Counts: exact conditional test for two Poisson counts over equal exposure. Given
//!   n = before + after, after ~ Binomial(n, p) with p = λa / (λa + λb); the Clopper–
//!   Pearson interval for p becomes an interval for the ratio λa / λb = p / (1 − p).
//! - Shares (repeat rate, noise share, coverage): Newcombe's hybrid score interval for a
//!   difference of two proportions (built from Wilson intervals).
//! - Medians and other aggregates: percentile bootstrap of (after − before) with a fixed
//!   seed, so the same input always gives the same interval.

use super::periods::Calendar;
use super::report::Change;
use crate::config::Better;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;
pub const CONFIDENCE: f64 = 0.95;
/// Fixed bootstrap seed: reproducible output is a product requirement.
pub const BOOTSTRAP_SEED: u64 = 0x0b5_1009;

pub fn better_str(b: Better) -> &'static str {
    match b {
        Better::Lower => "lower",
        Better::Higher => "higher",
    }
}

pub fn direction(delta: f64, better: Better) -> String {
    let d = if delta == 0.0 {
        "same"
    } else if (delta < 0.0) == (better == Better::Lower) {
        "better"
    } else {
        "worse"
    };
    d.to_string()
}

/// Change in a count over equal-length spans (the tests' shorthand).
#[cfg(test)]
pub fn count_change(before: u64, after: u64, better: Better) -> Change {
    rate_change((before, 1.0), (after, 1.0), better)
}

/// Change in the count of one period against the previous one, with each period's length in
/// days as its exposure: February's 28 days against January's 31 must not read as a fall.
/// `delta` stays the plain count difference; `ratio`, the interval and `direction` compare
/// daily rates.
pub fn period_count_change(
    cal: &Calendar,
    (prev, before): (i64, u64),
    (cur, after): (i64, u64),
    better: Better,
) -> Change {
    period_count_change_at(cal, (prev, before), (cur, after), better, CONFIDENCE)
}

/// [`period_count_change`] at another confidence level.
pub fn period_count_change_at(
    cal: &Calendar,
    (prev, before): (i64, u64),
    (cur, after): (i64, u64),
    better: Better,
    confidence: f64,
) -> Change {
    let mut c = rate_change_at(
        (before, cal.days(prev)),
        (after, cal.days(cur)),
        better,
        confidence,
    );
    c.delta = after as f64 - before as f64;
    c
}

/// Change in a Poisson rate: `(count, exposure)` before and after (exposure in any unit,
/// e.g. days). `delta` and `ratio` compare rates (count ÷ exposure); with equal exposure
/// they are plain counts.
pub fn rate_change(before: (u64, f64), after: (u64, f64), better: Better) -> Change {
    rate_change_at(before, after, better, CONFIDENCE)
}

/// [`rate_change`] at another confidence level (a Bonferroni-corrected family of tests).
pub fn rate_change_at(
    before: (u64, f64),
    after: (u64, f64),
    better: Better,
    confidence: f64,
) -> Change {
    let (xb, eb) = before;
    let (xa, ea) = after;
    let (rb, ra) = (xb as f64 / eb, xa as f64 / ea);
    let delta = ra - rb;
    let n = xb + xa;
    let mut c = Change {
        delta,
        ratio: (xb > 0).then(|| ra / rb),
        interval_of: "ratio".into(),
        method: "poisson_exact_conditional".into(),
        direction: direction(delta, better),
        ..Change::default()
    };
    if n == 0 || eb <= 0.0 || ea <= 0.0 {
        c.verdict = "too_few".into();
        return c;
    }
    // Under "no change" the after share of all events is p0 = ea / (ea + eb).
    let p0 = ea / (ea + eb);
    let (pl, pu) = clopper_pearson_at(xa, n, confidence);
    let to_ratio = |p: f64| {
        if p >= 1.0 {
            None
        } else {
            Some(p / (1.0 - p) * eb / ea)
        }
    };
    c.low = to_ratio(pl);
    c.high = to_ratio(pu);
    let beyond = pl > p0 || pu < p0;
    c.verdict = if beyond {
        "beyond_noise"
    } else {
        "within_noise"
    }
    .into();
    c
}

/// Change in a share x/n (e.g. repeats ÷ incidents).
pub fn share_change(
    before: (u64, u64),
    after: (u64, u64),
    better: Better,
    min_sample: usize,
) -> Option<Change> {
    let (x1, n1) = before;
    let (x2, n2) = after;
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let p1 = x1 as f64 / n1 as f64;
    let p2 = x2 as f64 / n2 as f64;
    let delta = p2 - p1;
    let mut c = Change {
        delta,
        ratio: (p1 > 0.0).then(|| p2 / p1),
        interval_of: "delta".into(),
        method: "newcombe_wilson".into(),
        direction: direction(delta, better),
        ..Change::default()
    };
    let (l1, u1) = wilson(x1, n1);
    let (l2, u2) = wilson(x2, n2);
    let low = delta - ((p2 - l2).powi(2) + (u1 - p1).powi(2)).sqrt();
    let high = delta + ((u2 - p2).powi(2) + (p1 - l1).powi(2)).sqrt();
    c.low = Some(low);
    c.high = Some(high);
    c.verdict = if (n1 as usize) < min_sample || (n2 as usize) < min_sample {
        "too_few"
    } else if low > 0.0 || high < 0.0 {
        "beyond_noise"
    } else {
        "within_noise"
    }
    .into();
    Some(c)
}

/// Change in an aggregate (median by default) of two samples, by seeded bootstrap.
pub fn sample_change(
    before: &[f64],
    after: &[f64],
    better: Better,
    min_sample: usize,
    resamples: u32,
    stat: fn(&mut [f64]) -> Option<f64>,
) -> Option<Change> {
    let b = stat(&mut before.to_vec())?;
    let a = stat(&mut after.to_vec())?;
    let delta = a - b;
    let mut c = Change {
        delta,
        ratio: (b != 0.0).then(|| a / b),
        interval_of: "delta".into(),
        method: "bootstrap_percentile".into(),
        direction: direction(delta, better),
        ..Change::default()
    };
    if before.len() < min_sample || after.len() < min_sample || resamples == 0 {
        c.verdict = "too_few".into();
        return Some(c);
    }
    let mut rng = SplitMix64(BOOTSTRAP_SEED);
    let mut deltas = Vec::with_capacity(resamples as usize);
    let mut bufb = vec![0.0; before.len()];
    let mut bufa = vec![0.0; after.len()];
    for _ in 0..resamples {
        for slot in bufb.iter_mut() {
            *slot = before[rng.below(before.len())];
        }
        for slot in bufa.iter_mut() {
            *slot = after[rng.below(after.len())];
        }
        if let (Some(x), Some(y)) = (stat(&mut bufb), stat(&mut bufa)) {
            deltas.push(y - x);
        }
    }
    deltas.sort_by(f64::total_cmp);
    let low = super::stats::quantile_sorted(&deltas, 0.025);
    let high = super::stats::quantile_sorted(&deltas, 0.975);
    c.low = low;
    c.high = high;
    let beyond = matches!((low, high), (Some(l), Some(h)) if l > 0.0 || h < 0.0);
    c.verdict = if beyond {
        "beyond_noise"
    } else {
        "within_noise"
    }
    .into();
    Some(c)
}

/// Hand-written PRNG: the `rand` crate's streams may change between versions, and the
/// report must be byte-identical for identical input. SplitMix64 (Steele et al. 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        let i = ((self.next() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize;
        // The product stays below n for every n up to 2^53 (it is at most n - n/2^53,
        // which rounds down); the branch only guards that, wrapping n to 0 as the `i % n`
        // it replaces did, without a division for each of millions of draws.
        if i >= n { i - n } else { i }
    }
}

/// Wilson score interval for x successes in n trials.
pub fn wilson(x: u64, n: u64) -> (f64, f64) {
    let n_f = n as f64;
    let p = x as f64 / n_f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = Z95 * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Clopper–Pearson 95% interval for a binomial proportion.
#[cfg(test)]
pub fn clopper_pearson(x: u64, n: u64) -> (f64, f64) {
    clopper_pearson_at(x, n, CONFIDENCE)
}

/// Clopper–Pearson interval for a binomial proportion at `confidence`.
pub fn clopper_pearson_at(x: u64, n: u64, confidence: f64) -> (f64, f64) {
    let alpha = 1.0 - confidence;
    let (xf, nf) = (x as f64, n as f64);
    let low = if x == 0 {
        0.0
    } else {
        beta_quantile(alpha / 2.0, xf, nf - xf + 1.0)
    };
    let high = if x == n {
        1.0
    } else {
        beta_quantile(1.0 - alpha / 2.0, xf + 1.0, nf - xf)
    };
    (low, high)
}

/// Inverse of the regularised incomplete beta function by bisection (monotone, robust).
fn beta_quantile(q: f64, a: f64, b: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if inc_beta(a, b, mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Regularised incomplete beta I_x(a, b) (continued fraction, Numerical Recipes 6.4).
pub fn inc_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..500 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut acc = G[0];
    for (i, g) in G.iter().enumerate().skip(1) {
        acc += g / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + acc.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bootstrap's draws are part of the report (its intervals): pinned to values
    /// worked out independently (SplitMix64 and `floor(u * n)` in Python's doubles), so a
    /// change to the generator or to how a draw becomes an index fails here.
    #[test]
    fn bootstrap_draws_are_pinned() {
        let mut rng = SplitMix64(BOOTSTRAP_SEED);
        let draws: Vec<(usize, usize)> = [7, 1000, 1, 2, 3, 100_000, 7, 1000]
            .into_iter()
            .map(|n| (n, rng.below(n)))
            .collect();
        assert_eq!(
            draws,
            [
                (7, 1),
                (1000, 80),
                (1, 0),
                (2, 0),
                (3, 2),
                (100_000, 42129),
                (7, 1),
                (1000, 197)
            ]
        );
    }

    #[test]
    fn clopper_pearson_matches_published_values() {
        // R: binom.test(5, 10)$conf.int = 0.187086 0.812914
        let (l, u) = clopper_pearson(5, 10);
        assert!((l - 0.187_086).abs() < 1e-5, "{l}");
        assert!((u - 0.812_914).abs() < 1e-5, "{u}");
        // binom.test(0, 10): 0, 0.308497
        let (l, u) = clopper_pearson(0, 10);
        assert_eq!(l, 0.0);
        assert!((u - 0.308_497).abs() < 1e-5, "{u}");
    }

    #[test]
    fn counts_ten_to_thirty_is_beyond_noise_five_to_seven_is_not() {
        let c = count_change(30, 10, Better::Lower);
        assert_eq!(c.verdict, "beyond_noise");
        assert_eq!(c.direction, "better");
        assert_eq!(c.delta, -20.0);
        let c = count_change(5, 7, Better::Lower);
        assert_eq!(c.verdict, "within_noise");
        assert_eq!(c.direction, "worse");
        assert_eq!(count_change(0, 0, Better::Lower).verdict, "too_few");
    }

    #[test]
    fn rate_change_accounts_for_exposure() {
        // 10 events in 300 days, then 0 in 240 days: p0 = 240/540 = 0.444; the
        // Clopper-Pearson upper bound for 0 of 10 is 1 - 0.025^(1/10) = 0.3085 < p0.
        let c = rate_change((10, 300.0), (0, 240.0), Better::Lower);
        assert_eq!(c.verdict, "beyond_noise");
        assert_eq!(c.direction, "better");
        assert_eq!(c.low, Some(0.0));
        let high = 0.308_497_5 / (1.0 - 0.308_497_5) * 300.0 / 240.0;
        assert!((c.high.unwrap() - high).abs() < 1e-5, "{:?}", c.high);
        // 3 then 0 over the same spans is within noise
        let c = rate_change((3, 300.0), (0, 240.0), Better::Lower);
        assert_eq!(c.verdict, "within_noise");
    }

    #[test]
    fn wilson_by_hand() {
        // x = 2, n = 10: centre (0.2 + 0.192073) / 1.384146 = 0.283261, half 0.226577
        let (l, u) = wilson(2, 10);
        assert!((l - 0.056_684).abs() < 1e-5, "{l}");
        assert!((u - 0.509_838).abs() < 1e-5, "{u}");
    }

    #[test]
    fn share_change_verdicts() {
        let c = share_change((40, 50), (5, 50), Better::Lower, 5).unwrap();
        assert_eq!(c.verdict, "beyond_noise");
        assert!((c.delta + 0.7).abs() < 1e-12);
        let c = share_change((2, 4), (1, 4), Better::Lower, 5).unwrap();
        assert_eq!(c.verdict, "too_few");
    }

    #[test]
    fn bootstrap_is_deterministic_and_separates_clear_shift() {
        let before: Vec<f64> = (0..20).map(|i| 100.0 + i as f64).collect();
        let after: Vec<f64> = (0..20).map(|i| 10.0 + i as f64).collect();
        let run = || {
            sample_change(
                &before,
                &after,
                Better::Lower,
                5,
                500,
                super::super::stats::median,
            )
            .unwrap()
        };
        let (a, b) = (run(), run());
        assert_eq!(a.delta, -90.0);
        assert_eq!(a.verdict, "beyond_noise");
        assert_eq!((a.low, a.high), (b.low, b.high));
    }
}
