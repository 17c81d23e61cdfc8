//! Small statistics helpers. Quantiles use linear interpolation between order statistics
//! (Hyndman & Fan type 7, the default of R and NumPy), so results match a spreadsheet.

use super::report::DurationStats;

/// Type-7 quantile of an ascending slice; `None` when empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// [`quantile_sorted`] of `values` once sorted, in O(n): the two order statistics it
/// interpolates are selected, not sorted for. `total_cmp` ranks equal values only when
/// their bits are equal, so the result is the same bits either way.
pub fn quantile_select(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let h = (values.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    let (_, &mut low, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let high = if hi == lo {
        low
    } else {
        // Everything right of `lo` ranks at or above it; the next order statistic is the least.
        above.iter().copied().min_by(f64::total_cmp).unwrap_or(low)
    };
    Some(low + (h - lo as f64) * (high - low))
}

/// Median of unsorted values without a full sort (O(n)).
pub fn median(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let upper = *values.select_nth_unstable_by(mid, f64::total_cmp).1;
    if n % 2 == 1 {
        return Some(upper);
    }
    // After the partition everything left of `mid` is <= upper; the largest is the lower middle.
    let lower = values[..mid]
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    Some((lower + upper) / 2.0)
}

pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// n, median, p75, p90, mean (flagged skewed), min, max of `(value, id)` pairs, with the
/// ids sorted.
pub fn duration_stats(items: Vec<(f64, String)>, min_sample: usize) -> DurationStats {
    let (values, mut ids): (Vec<f64>, Vec<String>) = items.into_iter().unzip();
    ids.sort();
    DurationStats {
        ids,
        ..value_stats(values, min_sample)
    }
}

/// The same figures for values whose records are not listed (`ids` empty).
pub fn value_stats(mut values: Vec<f64>, min_sample: usize) -> DurationStats {
    values.sort_by(f64::total_cmp);
    DurationStats {
        n: values.len() as u64,
        median: quantile_sorted(&values, 0.5),
        p75: quantile_sorted(&values, 0.75),
        p90: quantile_sorted(&values, 0.9),
        mean: mean(&values),
        mean_is_skewed: true,
        min: values.first().copied(),
        max: values.last().copied(),
        too_few: values.len() < min_sample,
        ids: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Selecting gives the same bits as sorting, ties, signed zeros and all.
        #[test]
        fn selected_quantiles_are_sorted_quantiles(
            mut v in prop::collection::vec(prop_oneof![-3i8..3i8, any::<i8>()].prop_map(|x| f64::from(x) / 2.0), 1..60),
            q in prop_oneof![Just(0.0), Just(0.5), Just(0.95), Just(1.0), 0.0..=1.0f64],
            neg_zero in any::<bool>(),
        ) {
            if neg_zero { v.push(-0.0); }
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            let want = quantile_sorted(&sorted, q).map(f64::to_bits);
            prop_assert_eq!(quantile_select(&mut v, q).map(f64::to_bits), want);
        }
    }

    #[test]
    fn selected_quantile_by_hand() {
        // h = 3 * 0.95 = 2.85 -> 3 + 0.85 * (10 - 3), from unsorted input.
        let mut v = [10.0, 1.0, 3.0, 2.0];
        assert!((quantile_select(&mut v, 0.95).unwrap() - 8.95).abs() < 1e-12);
        assert_eq!(quantile_select(&mut [], 0.95), None);
    }

    #[test]
    fn type7_quantiles_by_hand() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.5), Some(2.5));
        // h = 3 * 0.75 = 2.25 -> 3 + 0.25 * 1
        assert_eq!(quantile_sorted(&v, 0.75), Some(3.25));
        // h = 2.7 -> 3 + 0.7
        assert!((quantile_sorted(&v, 0.9).unwrap() - 3.7).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }

    #[test]
    fn median_matches_quantile() {
        let mut v = vec![5.0, 1.0, 4.0, 2.0];
        assert_eq!(median(&mut v), Some(3.0));
        let mut v = vec![5.0, 1.0, 4.0];
        assert_eq!(median(&mut v), Some(4.0));
        let mut v = vec![2.0, 2.0, 2.0, 9.0];
        assert_eq!(median(&mut v), Some(2.0));
    }
}
