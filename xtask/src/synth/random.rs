//! The few distributions the generator needs, on top of a seeded ChaCha8 stream.
//! Hand-written (a dozen lines) rather than pulling in rand_distr, whose output could
//! change between its versions and break byte-identical regeneration.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// An independent, platform-stable stream per concern, so changing how tickets are made
/// never shifts the incident ids that hand-written postmortems cite.
pub fn stream(seed: u64, concern: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ concern.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Knuth's method; fine for the small daily rates used here (lambda below ~100).
pub fn poisson(rng: &mut impl Rng, lambda: f64) -> u32 {
    if lambda <= 0.0 {
        return 0;
    }
    if lambda > 60.0 {
        // Normal approximation keeps exp(-lambda) away from underflow.
        let v = lambda + lambda.sqrt() * normal(rng);
        return v.round().max(0.0) as u32;
    }
    let limit = (-lambda).exp();
    let mut k = 0;
    let mut p = 1.0;
    loop {
        p *= rng.random::<f64>();
        if p <= limit {
            return k;
        }
        k += 1;
    }
}

/// Standard normal by Box–Muller.
pub fn normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Right-skewed durations: the median is `median`, the spread `sigma` (log scale).
pub fn lognormal(rng: &mut impl Rng, median: f64, sigma: f64) -> f64 {
    median * (sigma * normal(rng)).exp()
}

/// Index into `weights`, chosen with probability proportional to its weight.
pub fn weighted(rng: &mut impl Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut pick = rng.random_range(0..total.max(1));
    for (i, w) in weights.iter().enumerate() {
        if pick < *w {
            return i;
        }
        pick -= w;
    }
    weights.len() - 1
}

pub fn pick<T: Copy>(rng: &mut impl Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// Random lowercase/uppercase alphanumerics, as tools use for opaque ids.
pub fn alnum(rng: &mut impl Rng, len: usize, upper: bool) -> String {
    const UP: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const LOW: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let set = if upper { UP } else { LOW };
    (0..len)
        .map(|_| set[rng.random_range(0..set.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_mean_is_close_to_lambda() {
        let mut rng = stream(1, 1);
        let n = 20_000;
        let sum: u32 = (0..n).map(|_| poisson(&mut rng, 3.0)).sum();
        let mean = sum as f64 / n as f64;
        assert!((mean - 3.0).abs() < 0.1, "mean {mean}");
    }

    #[test]
    fn lognormal_median_is_close_to_median() {
        let mut rng = stream(1, 2);
        let mut v: Vec<f64> = (0..10_001)
            .map(|_| lognormal(&mut rng, 60.0, 0.9))
            .collect();
        v.sort_by(f64::total_cmp);
        assert!((v[5000] - 60.0).abs() < 4.0, "median {}", v[5000]);
    }

    #[test]
    fn same_seed_same_stream() {
        let a: Vec<u32> = (0..5).map(|_| stream(42, 7).random()).collect();
        let b: Vec<u32> = (0..5).map(|_| stream(42, 7).random()).collect();
        assert_eq!(a, b);
        assert_ne!(stream(42, 7).random::<u64>(), stream(42, 8).random::<u64>());
    }
}
