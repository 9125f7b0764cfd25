//! Choosing what part of the plane and of the values a picture shows: round steps, a
//! default window around the points the caller cares about, and value ranges that a pole
//! cannot stretch (quantiles of the finite samples).

use super::Interval;

/// The largest magnitude a window or a drawn value may have; larger samples are left out
/// like those where f has no value.
pub const LARGEST: f64 = 1e300;

/// Whether a window can be drawn: ends within ±[`LARGEST`], and wide enough that its
/// samples and ticks are distinct numbers.
pub fn drawable(w: Interval) -> bool {
    let size = w.lo.abs().max(w.hi.abs());
    let span = w.hi - w.lo;
    size <= LARGEST && span.is_finite() && span >= 1e-9 * size && span >= 1e-250
}

/// `w` widened about its middle until it is [`drawable`] (a window chosen from samples or
/// points that hardly differ, such as the values of x + 10¹⁵).
pub fn resolvable(w: Interval) -> Interval {
    if drawable(w) {
        return w;
    }
    let mid = 0.5 * w.lo + 0.5 * w.hi;
    let half = (1e-9 * mid.abs()).max(1e-250).max(0.5 * (w.hi - w.lo));
    Interval { lo: mid - half, hi: mid + half }
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into about `parts`.
pub fn nice_step(span: f64, parts: usize) -> f64 {
    let raw = span / parts.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let pow = 10f64.powf(raw.log10().floor());
    let m = raw / pow;
    let nice = if m < 1.5 {
        1.0
    } else if m < 2.25 {
        2.0
    } else if m < 3.5 {
        2.5
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    };
    nice * pow
}

/// The smallest round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into at
/// most `parts`.
pub fn nice_step_at_least(span: f64, parts: usize) -> f64 {
    let raw = span / parts.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let pow = 10f64.powf(raw.log10().floor());
    let m = raw / pow;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|&n| n >= m * (1.0 - 1e-12)).unwrap_or(10.0);
    nice * pow
}

/// The window of one axis around `coords` (P and the paths' points): with −2..2 as well
/// when that does not dwarf them (the origin and the axes are usually worth seeing), padded
/// by a tenth and widened to round numbers.
pub fn around(coords: &[f64]) -> Interval {
    // Points too far out to draw are left out of the window (and clipped from the picture).
    let finite: Vec<f64> = coords.iter().copied().filter(|v| v.abs() <= 1e-3 * LARGEST).collect();
    if finite.is_empty() {
        return Interval { lo: -2.0, hi: 2.0 };
    }
    let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = hi - lo;
    let (wlo, whi) = (lo.min(-2.0), hi.max(2.0));
    let (lo, hi) = if whi - wlo <= (3.0 * span).max(8.0) { (wlo, whi) } else { (lo, hi) };
    let span = hi - lo;
    let pad = if span > 0.0 { 0.1 * span } else { (0.1 * lo.abs()).max(1.0) };
    resolvable(rounded(lo - pad, hi + pad))
}

/// `lo..hi` widened to multiples of a round step (a tenth of the span or less).
pub fn rounded(lo: f64, hi: f64) -> Interval {
    let step = nice_step(hi - lo, 10) / 2.0;
    let (a, b) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    if a.is_finite() && b.is_finite() && a < b {
        Interval { lo: a, hi: b }
    } else {
        Interval { lo, hi }
    }
}

/// `w` widened about its centre to span `span` (for equal scales on both axes).
pub fn widened(w: Interval, span: f64) -> Interval {
    if span <= w.span() {
        return w;
    }
    let mid = 0.5 * (w.lo + w.hi);
    Interval { lo: mid - 0.5 * span, hi: mid + 0.5 * span }
}

/// The values of `values` that can be drawn (finite, within ±LARGEST/1000, so that a
/// window around them stays drawable), sorted.
pub fn finite_sorted(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|v| v.abs() <= 1e-3 * LARGEST).collect();
    v.sort_unstable_by(f64::total_cmp);
    v
}

/// The `q`-quantile of sorted, non-empty `sorted` (nearest rank).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize;
    sorted[i]
}

/// The range of values to show, from the sorted finite samples: all of them, unless a few
/// extreme ones (near a pole) would flatten the rest; then the 2%–98% quantiles, with
/// room. `None` when there is no finite sample.
pub fn value_range(sorted: &[f64]) -> Option<Interval> {
    let (&min, &max) = (sorted.first()?, sorted.last()?);
    let (q0, q1) = (quantile(sorted, 0.02), quantile(sorted, 0.98));
    let (lo, hi) = if max - min <= 3.0 * (q1 - q0) || q1 == q0 && max - min <= 1e-9 * min.abs().max(1.0) {
        (min, max)
    } else {
        let pad = 0.25 * (q1 - q0);
        (min.max(q0 - pad), max.min(q1 + pad))
    };
    let span = hi - lo;
    if span <= 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        let r = (0.1 * lo.abs()).max(1.0);
        return Some(resolvable(Interval { lo: lo - r, hi: hi + r }));
    }
    Some(resolvable(Interval { lo: lo - 0.05 * span, hi: hi + 0.05 * span }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        for (span, parts, want) in [(4.0, 10, 0.5), (10.0, 10, 1.0), (25.0, 10, 2.5), (0.07, 10, 0.005), (3e6, 4, 1e6)]
        {
            assert!((nice_step(span, parts) - want).abs() < 1e-12 * want, "{span}/{parts}");
        }
    }

    #[test]
    fn default_window_holds_the_points_and_the_origin() {
        let w = around(&[3.0, 0.03]);
        assert!(w.lo <= -2.0 && w.hi >= 3.0, "{w:?}");
        assert_eq!(around(&[]), Interval { lo: -2.0, hi: 2.0 });
        // Far from the origin: only the points, padded.
        let w = around(&[1000.0, 1010.0]);
        assert!(w.lo >= 990.0 && w.lo < 1000.0 && w.hi > 1010.0 && w.hi <= 1020.0, "{w:?}");
        let w = around(&[500.0]);
        assert!(w.contains(500.0) && w.span() > 0.0, "{w:?}");
    }

    #[test]
    fn a_pole_does_not_stretch_the_value_range() {
        // 1/x² sampled on -2..2: the largest samples are huge.
        let xs: Vec<f64> = (0..1201).map(|i| -2.0 + 4.0 * i as f64 / 1200.0).collect();
        let v = finite_sorted(&xs.iter().map(|x| 1.0 / (x * x)).collect::<Vec<_>>());
        let r = value_range(&v).unwrap();
        assert!(r.hi < 1000.0 && r.lo < 0.3, "{r:?}");
        // x² keeps all its values.
        let v = finite_sorted(&xs.iter().map(|x| x * x).collect::<Vec<_>>());
        let r = value_range(&v).unwrap();
        assert!(r.lo < 0.0 && r.hi > 4.0 && r.hi < 4.5, "{r:?}");
        // A constant gets a window around it; no samples, none.
        let r = value_range(&[3.0; 5]).unwrap();
        assert!(r.contains(3.0) && r.span() >= 1.0, "{r:?}");
        assert!(value_range(&[]).is_none());
    }
}
