//! The values of the contour levels and how their labels read.
//!
//! Round, evenly spaced levels between the 2% and 98% quantiles of the finite samples
//! (x² + y² gets 2, 4, 6, …) unless most of the window would then lie between two of them,
//! as near a pole (1/(x² + y²): a few huge samples): then the levels follow the quantiles,
//! rounded to two significant digits, so that every part of the window gets its lines.

use super::window::{nice_step_at_least, quantile};
use crate::print::decimal;

/// At most about this many levels.
pub const TARGET: usize = 12;

/// Levels for the sorted finite samples `sorted` (none for a constant or no samples).
pub fn choose(sorted: &[f64]) -> Vec<f64> {
    if sorted.len() < 2 {
        return Vec::new();
    }
    let (lo, hi) = (quantile(sorted, 0.02), quantile(sorted, 0.98));
    let (lo, hi) = if hi > lo { (lo, hi) } else { (sorted[0], sorted[sorted.len() - 1]) };
    if hi <= lo {
        return Vec::new();
    }
    let even = evenly_spaced(lo, hi);
    if even.len() >= 3 && largest_share(sorted, &even) <= 0.5 {
        return even;
    }
    let by_quantile = quantile_levels(sorted);
    if by_quantile.len() >= 3 || even.is_empty() {
        by_quantile
    } else {
        even
    }
}

/// Multiples of a round step strictly inside (lo, hi).
fn evenly_spaced(lo: f64, hi: f64) -> Vec<f64> {
    let step = nice_step_at_least(hi - lo, TARGET);
    let first = (lo / step).floor() as i64 + 1;
    let last = (hi / step).ceil() as i64 - 1;
    if last < first || last - first > 4 * TARGET as i64 {
        return Vec::new();
    }
    (first..=last).map(|k| k as f64 * step).filter(|v| *v > lo && *v < hi).collect()
}

/// The largest fraction of the samples that falls between two neighbouring levels (or
/// beyond the outermost ones).
fn largest_share(sorted: &[f64], levels: &[f64]) -> f64 {
    let mut last = 0;
    let mut most = 0;
    for &l in levels {
        let k = sorted.partition_point(|&v| v < l);
        most = most.max(k - last);
        last = k;
    }
    most = most.max(sorted.len() - last);
    most as f64 / sorted.len() as f64
}

/// The quantiles (k + ½)/TARGET rounded to two significant digits, without repeats.
fn quantile_levels(sorted: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for k in 0..TARGET {
        let q = quantile(sorted, (k as f64 + 0.5) / TARGET as f64);
        let r = round_sig(q, 2);
        if r.is_finite() && out.last().is_none_or(|&l| r > l) {
            out.push(r);
        }
    }
    out
}

fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let pow = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    (v * pow).round() / pow
}

/// Labels for the levels: as few significant digits as keep neighbouring labels distinct
/// (`2`, `4`, `6`; `0.25`, `0.5`).
pub fn labels(levels: &[f64]) -> Vec<String> {
    for digits in 2..=8 {
        let labels: Vec<String> = levels.iter().map(|&v| decimal(v, digits)).collect();
        if labels.windows(2).all(|w| w[0] != w[1]) {
            return labels;
        }
    }
    levels.iter().map(|&v| decimal(v, 10)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::window::finite_sorted;

    fn grid(f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
        let n = 200;
        let at = |i: usize| -2.0 + 4.0 * i as f64 / (n - 1) as f64;
        let mut v = Vec::new();
        for j in 0..n {
            for i in 0..n {
                v.push(f(at(i), at(j)));
            }
        }
        finite_sorted(&v)
    }

    #[test]
    fn a_bowl_gets_round_even_levels() {
        let levels = choose(&grid(|x, y| x * x + y * y));
        assert_eq!(labels(&levels), ["1", "2", "3", "4", "5", "6"]);
    }

    #[test]
    fn a_pole_gets_levels_in_every_part_of_the_window() {
        let sorted = grid(|x, y| 1.0 / (x * x + y * y));
        let levels = choose(&sorted);
        assert!(levels.len() >= 5, "{levels:?}");
        assert!(largest_share(&sorted, &levels) < 0.25, "{levels:?}");
        assert!(levels.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_constant_has_no_levels() {
        assert!(choose(&grid(|_, _| 3.0)).is_empty());
        assert!(choose(&[]).is_empty());
    }

    #[test]
    fn labels_are_short_and_distinct() {
        assert_eq!(labels(&[0.25, 0.5, 0.75]), ["0.25", "0.5", "0.75"]);
        assert_eq!(labels(&[1.001, 1.002]), ["1.001", "1.002"]);
        assert_eq!(labels(&[0.1 * 3.0, 0.4]), ["0.3", "0.4"]);
    }
}
