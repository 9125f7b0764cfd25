//! Critical points of any f in a box, each proved: subdivision with the Krawczyk test.
//!
//! For F = ∇f and its Jacobian J (the Hessian of f), on a box X with centre c and Y ≈
//! J(c)⁻¹, the Krawczyk operator K(X) = c − Y·F(c) + (I − Y·J(X))·(X − c), computed in
//! interval arithmetic ([`crate::eval::interval`]), has these properties: every zero of F
//! in X lies in K(X); K(X) ∩ X = ∅ proves there is none; K(X) strictly inside X proves
//! there is exactly one. A box where some component of F(X) excludes 0 holds none. Boxes
//! that neither test decides are halved along their widest side. A box whose Jacobian
//! stays singular down to a small width is set aside as "not decided" (a curve of critical
//! points has a singular Jacobian all along it): the search never loops there, and the
//! output says the list is then not complete.
//!
//! A proved box is refined by iterating K; then exact candidates (rationals with small
//! denominators, rational multiples of π) inside it are checked by exact evaluation of ∇f:
//! a candidate where ∇f is exactly 0 *is* the box's one zero (`(π/2, 0)`).

use super::{Critical, Method, Point, Real};
use crate::calculus::definiteness::{self, Conclusion, Definiteness};
use crate::calculus::Deriver;
use crate::error::{Error, Result};
use crate::eval::domain::{Condition, Kink};
use crate::eval::exact;
use crate::eval::interval::{Evaluator, Interval, Outside};
use crate::expr::number::Rational;
use crate::expr::{ExprId, Pool, SymId};
use crate::limits::Limit;
use rustc_hash::FxHashMap;

/// Boxes examined per 50,000,000 units of the work limit.
const BOXES_PER_WORK: usize = 400_000;

/// The smallest box side (relative to the search box) to which an undecided box is halved.
const SMALLEST: f64 = 1e-9;

/// Below this side (relative), a box whose Jacobian is numerically singular is set aside.
const SINGULAR_SIDE: f64 = 2e-3;

/// The critical points of f in the box `range` (one interval per variable).
pub fn find(
    pool: &mut Pool,
    deriver: &mut Deriver,
    f: ExprId,
    vars: &[SymId],
    range: &[(f64, f64)],
) -> Result<Critical> {
    let gradient = crate::calculus::gradient(deriver, pool, f, vars);
    let hessian = crate::calculus::hessian(deriver, pool, f, vars);
    if pool.limit_hit().is_some() {
        return Err(Error::limit(pool.limit_hit().unwrap_or(Limit::Nodes), pool.limits(), false));
    }
    // Where f or a first partial is not differentiable (|u| at u = 0, floor at the integers),
    // ∇f jumps and the Krawczyk test proves nothing: a box that may hold such a point is
    // never proved, only halved and, small enough, set aside as undecided.
    let kinks: Vec<(ExprId, Kink)> = crate::calculus::kinks::of_hessian(deriver, pool, f, vars)
        .into_iter()
        .filter_map(|c| match c {
            Condition::Differentiable { arg, kink, .. } => Some((arg, kink)),
            _ => None,
        })
        .collect();
    let kink_args: Vec<ExprId> = kinks.iter().map(|k| k.0).collect();
    let max_boxes = (pool.limits().work as usize / 50_000_000).max(1) * BOXES_PER_WORK;
    let flat_h: Vec<ExprId> = hessian.iter().flatten().copied().collect();
    let search: Vec<Interval> = range.iter().map(|&(a, b)| Interval::new(a, b)).collect();
    let scale = range.iter().map(|(a, b)| b - a).fold(0.0, f64::max).max(1e-300);
    let n = vars.len();
    let mut ev = Evaluator::new(pool, vars);
    let mut stack = vec![search.clone()];
    let mut proved: Vec<Vec<Interval>> = Vec::new();
    let mut undecided: Vec<Vec<Interval>> = Vec::new();
    let mut examined = 0usize;
    while let Some(bx) = stack.pop() {
        examined += 1;
        if examined > max_boxes {
            return Err(Error::limit(Limit::Work, pool.limits(), false).with_help(format!(
                "the search for critical points examined {max_boxes} boxes without finishing; search a smaller --range, or raise the limit with --max-work N"
            )));
        }
        let fx = ev.eval_all(&gradient, &bx);
        // A component that is certainly not 0, or f undefined all over the box: no zero.
        if fx.iter().any(|v| matches!(v, Ok(i) if !i.contains(0.0)) || matches!(v, Err(Outside::Nowhere))) {
            continue;
        }
        let width = bx.iter().map(Interval::width).fold(0.0, f64::max);
        if !kinks.is_empty() && may_hold_a_kink(&mut ev, &kinks, &kink_args, &bx) {
            if width < SINGULAR_SIDE * scale {
                undecided.push(bx);
            } else {
                stack.extend(halves(bx));
            }
            continue;
        }
        // The test runs on the box widened a little, so that a zero on a face (where halving
        // put it) is still strictly inside; a zero found twice this way is merged below.
        match krawczyk(&mut ev, &gradient, &flat_h, &inflate(&bx)) {
            Test::Unique(k) => {
                proved.push(k);
                continue;
            }
            Test::None => continue,
            Test::Shrunk(k) => {
                // Every zero of the widened box lies in k: none in the box if k misses it.
                let Some(k) = k.iter().zip(&bx).map(|(a, b)| a.intersect(b)).collect::<Option<Vec<Interval>>>() else {
                    continue;
                };
                if k.iter().zip(&bx).map(|(a, b)| a.width() / b.width().max(1e-300)).product::<f64>() < 0.5 {
                    stack.push(k);
                    continue;
                }
            }
            Test::Singular if width < SINGULAR_SIDE * scale => {
                undecided.push(bx);
                continue;
            }
            _ => {}
        }
        if width < SINGULAR_SIDE * scale && singular_somewhere(&mut ev, &flat_h, &bx, n) {
            // The Jacobian is singular somewhere in this small box (a curve of critical
            // points passes through it, or a degenerate one sits there): set aside.
            undecided.push(bx);
            continue;
        }
        if width < SMALLEST * scale {
            undecided.push(bx);
            continue;
        }
        stack.extend(halves(bx));
    }
    // Refine each proved box; merge boxes that hold the same zero (a zero on a shared face).
    let mut refined: Vec<Vec<Interval>> = Vec::new();
    for bx in proved {
        let k = refine(&mut ev, &gradient, &flat_h, bx);
        if let Some(j) = refined.iter().position(|r| r.iter().zip(&k).all(|(a, b)| a.intersect(b).is_some())) {
            let hull: Vec<Interval> = refined[j].iter().zip(&k).map(|(a, b)| a.hull(b)).collect();
            if matches!(krawczyk(&mut ev, &gradient, &flat_h, &widen(&hull)), Test::Unique(_)) {
                continue; // the same zero
            }
        }
        refined.push(k);
    }
    // Zeros whose refined box lies outside the search box (found on its border) are dropped.
    refined.retain(|k| k.iter().zip(&search).all(|(a, s)| a.mid() >= s.lo && a.mid() <= s.hi));
    refined.sort_by(|a, b| {
        let ka: Vec<f64> = a.iter().map(Interval::mid).collect();
        let kb: Vec<f64> = b.iter().map(Interval::mid).collect();
        ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal)
    });
    drop(ev);
    let mut points = Vec::with_capacity(refined.len());
    for k in &refined {
        points.push(point(pool, f, vars, &gradient, &hessian, k));
    }
    // In the order of their coordinates (rounded, so that 0 and a tiny enclosure of it agree).
    points.sort_by(|a, b| {
        let key = |p: &Point| p.coords.iter().map(|c| (c.approx(pool) * 1e9).round()).collect::<Vec<f64>>();
        key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal)
    });
    let unresolved = merge_boxes(undecided).len();
    Ok(Critical {
        vars: vars.to_vec(),
        lambdas: Vec::new(),
        constraints: Vec::new(),
        gradient: gradient.clone(),
        system: gradient,
        hessian,
        points,
        sets: Vec::new(),
        method: Method::Interval { range: range.to_vec(), boxes: examined, unresolved },
        complete: unresolved == 0,
        bounded: None,
    })
}

/// A box halved along its widest side (the second half first, to be popped last). Not quite
/// in the middle: zeros at round numbers (0, π/2 on a symmetric box) then do not sit on the
/// faces of every box below.
fn halves(bx: Vec<Interval>) -> [Vec<Interval>; 2] {
    let (d, _) =
        bx.iter().enumerate().map(|(i, v)| (i, v.width())).fold((0, -1.0), |a, b| if b.1 > a.1 { b } else { a });
    let m = bx[d].lo + bx[d].width() * 0.4990234375;
    let (mut left, mut right) = (bx.clone(), bx);
    left[d] = Interval::new(left[d].lo, m);
    right[d] = Interval::new(m, right[d].hi);
    [right, left]
}

/// Whether some kink's argument may reach its kink in the box (0 for |u|, an integer for
/// floor), or cannot be enclosed there.
fn may_hold_a_kink(ev: &mut Evaluator, kinks: &[(ExprId, Kink)], args: &[ExprId], bx: &[Interval]) -> bool {
    ev.eval_all(args, bx).into_iter().zip(kinks).any(|(v, (_, kink))| match v {
        Err(_) => true,
        Ok(i) => match kink {
            Kink::AtZero => i.contains(0.0),
            Kink::AtIntegers => i.lo.floor() != i.hi.floor() || i.lo.fract() == 0.0,
        },
    })
}

/// The box widened by 1/64 of its width on each side.
fn inflate(b: &[Interval]) -> Vec<Interval> {
    b.iter()
        .map(|i| {
            let w = i.width() / 64.0 + 1e-15 * (1.0 + i.lo.abs().max(i.hi.abs()));
            Interval::new(i.lo - w, i.hi + w)
        })
        .collect()
}

/// Whether det J(X) may be 0 somewhere in the box (its enclosure holds 0, or has none).
fn singular_somewhere(ev: &mut Evaluator, hessian: &[ExprId], bx: &[Interval], n: usize) -> bool {
    let jx: Option<Vec<Interval>> = ev.eval_all(hessian, bx).into_iter().map(|v| v.ok()).collect();
    match jx.and_then(|m| det(&m, n, n)) {
        Some(d) => d.contains(0.0),
        None => true,
    }
}

/// A box a little wider than `b` (for the test on a hull, whose zero may sit on its face).
fn widen(b: &[Interval]) -> Vec<Interval> {
    b.iter()
        .map(|i| {
            let w = i.width().max(1e-12 * (1.0 + i.lo.abs()));
            Interval::new(i.lo - w, i.hi + w)
        })
        .collect()
}

/// Adjacent or overlapping undecided boxes joined into regions.
fn merge_boxes(mut boxes: Vec<Vec<Interval>>) -> Vec<Vec<Interval>> {
    let mut out: Vec<Vec<Interval>> = Vec::new();
    while let Some(mut b) = boxes.pop() {
        loop {
            let before = boxes.len();
            boxes.retain(|c| {
                let touch = c.iter().zip(&b).all(|(x, y)| x.lo <= y.hi && y.lo <= x.hi);
                if touch {
                    b = b.iter().zip(c).map(|(x, y)| x.hull(y)).collect();
                }
                !touch
            });
            if boxes.len() == before {
                break;
            }
        }
        out.push(b);
    }
    out
}

enum Test {
    /// Exactly one zero, in this box (K ∩ X).
    Unique(Vec<Interval>),
    /// No zero.
    None,
    /// Every zero lies in this smaller box.
    Shrunk(Vec<Interval>),
    /// J(c) is singular (to working precision), or J(X) unbounded.
    Singular,
    /// Undecided (an enclosure failed).
    Open,
}

/// The Krawczyk test on a box.
fn krawczyk(ev: &mut Evaluator, gradient: &[ExprId], hessian: &[ExprId], bx: &[Interval]) -> Test {
    let n = bx.len();
    let c: Vec<f64> = bx.iter().map(Interval::mid).collect();
    let cbox: Vec<Interval> = c.iter().map(|&x| Interval::point(x)).collect();
    let fc: Vec<Interval> = match ev.eval_all(gradient, &cbox).into_iter().collect::<std::result::Result<_, _>>() {
        Ok(v) => v,
        Err(_) => return Test::Open,
    };
    let jx: Vec<Interval> = match ev.eval_all(hessian, bx).into_iter().collect::<std::result::Result<_, _>>() {
        Ok(v) => v,
        Err(_) => return Test::Singular,
    };
    // Y ≈ J(c)⁻¹ from the midpoints of J(X).
    let jc: Vec<f64> = jx.iter().map(Interval::mid).collect();
    let Some(y) = inverse(&jc, n) else { return Test::Singular };
    let mut k = Vec::with_capacity(n);
    for i in 0..n {
        // c_i − Σ_j Y_ij F_j(c) + Σ_j (δ_ij − Σ_l Y_il J_lj(X)) (X_j − c_j)
        let mut acc = Ok(Interval::point(c[i]));
        for j in 0..n {
            acc = acc.and_then(|a| a.sub(Interval::point(y[i * n + j]).mul(fc[j])?));
        }
        for j in 0..n {
            let mut m = Ok(Interval::point(if i == j { 1.0 } else { 0.0 }));
            for l in 0..n {
                m = m.and_then(|m| m.sub(Interval::point(y[i * n + l]).mul(jx[l * n + j])?));
            }
            let dx = bx[j].sub(cbox[j]);
            acc = acc.and_then(|a| a.add(m?.mul(dx?)?));
        }
        match acc {
            Ok(v) => k.push(v),
            Err(_) => return Test::Open,
        }
    }
    if k.iter().zip(bx).any(|(a, b)| a.intersect(b).is_none()) {
        return Test::None;
    }
    if k.iter().zip(bx).all(|(a, b)| a.inside(b)) {
        return Test::Unique(k);
    }
    let shrunk: Vec<Interval> = k.iter().zip(bx).map(|(a, b)| a.intersect(b).unwrap_or(*b)).collect();
    Test::Shrunk(shrunk)
}

/// Shrinks a box proved to hold exactly one zero: Newton's method in doubles from its
/// centre, then the test on a tiny box around the estimate (inside the proved one, so its
/// one zero is the same), then the test iterated while it shrinks.
fn refine(ev: &mut Evaluator, gradient: &[ExprId], hessian: &[ExprId], mut bx: Vec<Interval>) -> Vec<Interval> {
    let n = bx.len();
    let mut x: Vec<f64> = bx.iter().map(Interval::mid).collect();
    for _ in 0..60 {
        let at: Vec<Interval> = x.iter().map(|&v| Interval::point(v)).collect();
        let g: Option<Vec<f64>> = ev.eval_all(gradient, &at).into_iter().map(|v| v.ok().map(|i| i.mid())).collect();
        let h: Option<Vec<f64>> = ev.eval_all(hessian, &at).into_iter().map(|v| v.ok().map(|i| i.mid())).collect();
        let (Some(g), Some(h)) = (g, h) else { break };
        let Some(inv) = inverse(&h, n) else { break };
        let step: Vec<f64> = (0..n).map(|i| (0..n).map(|j| inv[i * n + j] * g[j]).sum()).collect();
        let next: Vec<f64> = x.iter().zip(&step).map(|(a, d)| a - d).collect();
        let done = step.iter().zip(&next).all(|(d, v)| d.abs() <= 1e-15 * (1.0 + v.abs()));
        if !next.iter().zip(&bx).all(|(v, i)| i.contains(*v)) {
            break;
        }
        x = next;
        if done {
            break;
        }
    }
    for eps in [1e-13, 1e-11, 1e-9, 1e-7, 1e-5] {
        // Clipped to the proved box (a side may already be narrower than the tiny box).
        let tiny: Option<Vec<Interval>> = x
            .iter()
            .zip(&bx)
            .map(|(&v, b)| {
                let r = eps * (1.0 + v.abs());
                Interval::new(v - r, v + r).intersect(b)
            })
            .collect();
        let Some(tiny) = tiny else { continue };
        if let Test::Unique(k) = krawczyk(ev, gradient, hessian, &tiny) {
            bx = k.iter().zip(&tiny).map(|(a, b)| a.intersect(b).unwrap_or(*b)).collect();
            break;
        }
    }
    for _ in 0..20 {
        let before: f64 = bx.iter().map(Interval::width).sum();
        match krawczyk(ev, gradient, hessian, &bx) {
            Test::Unique(k) | Test::Shrunk(k) => {
                let next: Vec<Interval> = k.iter().zip(&bx).map(|(a, b)| a.intersect(b).unwrap_or(*b)).collect();
                let after: f64 = next.iter().map(Interval::width).sum();
                bx = next;
                if after >= before * 0.9 {
                    break;
                }
            }
            _ => break,
        }
    }
    bx
}

/// The inverse of an n×n matrix (row-major) by Gauss–Jordan with partial pivoting; `None`
/// when it is singular to working precision.
fn inverse(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut m = a.to_vec();
    let mut inv = vec![0.0; n * n];
    for i in 0..n {
        inv[i * n + i] = 1.0;
    }
    let norm = a.iter().fold(0.0f64, |s, x| s.max(x.abs()));
    for col in 0..n {
        let p = (col..n).max_by(|&x, &y| m[x * n + col].abs().total_cmp(&m[y * n + col].abs()))?;
        let pivot = m[p * n + col].abs();
        if pivot.is_nan() || pivot <= 1e-12 * norm.max(1e-300) {
            return None;
        }
        for j in 0..n {
            m.swap(col * n + j, p * n + j);
            inv.swap(col * n + j, p * n + j);
        }
        let d = m[col * n + col];
        for j in 0..n {
            m[col * n + j] /= d;
            inv[col * n + j] /= d;
        }
        for r in 0..n {
            if r != col {
                let f = m[r * n + col];
                if f != 0.0 {
                    for j in 0..n {
                        m[r * n + j] -= f * m[col * n + j];
                        inv[r * n + j] -= f * inv[col * n + j];
                    }
                }
            }
        }
    }
    inv.iter().all(|x| x.is_finite()).then_some(inv)
}

/// Exact candidates for a coordinate in [lo, hi]: rationals p/q (q ≤ 12) and kπ/q (q ∈ 1,
/// 2, 3, 4, 6), as expressions.
fn candidates(pool: &mut Pool, iv: &Interval) -> Vec<ExprId> {
    let mut out = Vec::new();
    for q in 1..=12i64 {
        let p = (iv.mid() * q as f64).round();
        if iv.contains(p / q as f64) && p.abs() < 1e12 {
            out.push(pool.num(Rational::new((p as i64).into(), q.into())));
        }
    }
    for q in [1i64, 2, 3, 4, 6] {
        let k = (iv.mid() * q as f64 / std::f64::consts::PI).round();
        if k != 0.0 && iv.contains(k * std::f64::consts::PI / q as f64) && k.abs() < 1e9 {
            let c = pool.num(Rational::new((k as i64).into(), q.into()));
            let pi = pool.pi();
            out.push(pool.mul2(c, pi));
        }
    }
    // 0 = 0/2 = 0/3 …, 1/2 = 2/4 …: each number once (the pool interns equal numbers).
    let mut seen = rustc_hash::FxHashSet::default();
    out.retain(|e| seen.insert(*e));
    out
}

/// The point of a proved, refined box: exact where a candidate makes ∇f exactly 0.
fn point(
    pool: &mut Pool,
    f: ExprId,
    vars: &[SymId],
    gradient: &[ExprId],
    hessian: &[Vec<ExprId>],
    k: &[Interval],
) -> Point {
    let n = vars.len();
    // Exact coordinates: every combination of candidates (few per coordinate).
    let cands: Vec<Vec<ExprId>> = k.iter().map(|iv| candidates(pool, iv)).collect();
    let mut exact_point: Option<Vec<ExprId>> = None;
    let total: usize = cands.iter().map(Vec::len).product();
    if total > 0 && total <= 64 {
        for idx in 0..total {
            let mut r = idx;
            let pt: Vec<ExprId> = cands
                .iter()
                .map(|c| {
                    let e = c[r % c.len()];
                    r /= c.len();
                    e
                })
                .collect();
            let at: FxHashMap<SymId, ExprId> = vars.iter().copied().zip(pt.iter().copied()).collect();
            let zero = gradient.iter().all(|&g| {
                exact::value_at(pool, g, &at).is_ok_and(|v| {
                    let v = crate::simplify::textbook_form(pool, v);
                    pool.is_zero(v)
                })
            });
            if zero {
                exact_point = Some(pt);
                break;
            }
        }
    }
    if let Some(pt) = exact_point {
        let at: FxHashMap<SymId, ExprId> = vars.iter().copied().zip(pt.iter().copied()).collect();
        let val = |pool: &mut Pool, e: ExprId| {
            exact::value_at(pool, e, &at).map(|v| crate::simplify::textbook_form(pool, v)).ok()
        };
        let value = val(pool, f);
        let h: Option<Vec<Vec<ExprId>>> = hessian.iter().map(|r| r.iter().map(|&e| val(pool, e)).collect()).collect();
        if let (Some(value), Some(h)) = (value, h) {
            let c = definiteness::classify(pool, &h);
            let test = Conclusion::of(c.kind, true);
            return Point {
                coords: pt.into_iter().map(Real::Exact).collect(),
                multipliers: Vec::new(),
                value: Real::Exact(value),
                hessian: h.iter().map(|r| r.iter().map(|&e| Real::Exact(e)).collect()).collect(),
                minors: c.minors.iter().map(|&d| Real::Exact(d)).collect(),
                definiteness: c.kind,
                test,
                kind: test,
                higher: None,
                extreme: None,
                enclosure: Some(k.iter().map(|i| (i.lo, i.hi)).collect()),
            };
        }
    }
    // Enclosures only.
    let mut ev = Evaluator::new(pool, vars);
    let mid: Vec<Interval> = k.iter().map(|i| Interval::point(i.mid())).collect();
    let fv = ev.eval_all(&[f], k)[0];
    let fm = ev.eval_all(&[f], &mid)[0];
    let flat: Vec<ExprId> = hessian.iter().flatten().copied().collect();
    let hv = ev.eval_all(&flat, k);
    let enclosed = |v: &std::result::Result<Interval, Outside>, m: f64| match v {
        Ok(i) => Real::Enclosed { lo: i.lo, hi: i.hi, mid: m },
        Err(_) => Real::Enclosed { lo: f64::NEG_INFINITY, hi: f64::INFINITY, mid: m },
    };
    let value = enclosed(&fv, fm.map(|i| i.mid()).unwrap_or(f64::NAN));
    let hess: Vec<Vec<Real>> = (0..n)
        .map(|i| (0..n).map(|j| enclosed(&hv[i * n + j], hv[i * n + j].map(|x| x.mid()).unwrap_or(f64::NAN))).collect())
        .collect();
    // Leading principal minors of the interval Hessian, by cofactor expansion.
    let hi: Option<Vec<Interval>> = hv.iter().map(|v| v.ok()).collect();
    let (minors, definiteness) = match hi {
        Some(m) => {
            let minors: Vec<Option<Interval>> = (1..=n).map(|s| det(&m, n, s)).collect();
            let signs: Vec<Option<i8>> = minors
                .iter()
                .map(|d| {
                    d.and_then(|d| {
                        if d.lo > 0.0 {
                            Some(1)
                        } else if d.hi < 0.0 {
                            Some(-1)
                        } else {
                            None
                        }
                    })
                })
                .collect();
            let kind = definiteness::sylvester(&signs, false, || vec![vec![None]]);
            let reals = minors
                .iter()
                .map(|d| match d {
                    Some(d) => Real::Enclosed { lo: d.lo, hi: d.hi, mid: d.mid() },
                    None => Real::Enclosed { lo: f64::NEG_INFINITY, hi: f64::INFINITY, mid: f64::NAN },
                })
                .collect();
            (reals, kind)
        }
        None => (Vec::new(), Definiteness::Undecided),
    };
    let test = Conclusion::of(definiteness, true);
    Point {
        coords: k.iter().map(|i| Real::Enclosed { lo: i.lo, hi: i.hi, mid: i.mid() }).collect(),
        multipliers: Vec::new(),
        value,
        hessian: hess,
        minors,
        definiteness,
        test,
        kind: test,
        higher: None,
        extreme: None,
        enclosure: Some(k.iter().map(|i| (i.lo, i.hi)).collect()),
    }
}

/// The determinant of the top-left s×s block of an n×n interval matrix (cofactor
/// expansion; s ≤ 6 in practice).
fn det(m: &[Interval], n: usize, s: usize) -> Option<Interval> {
    fn rec(m: &[Interval], n: usize, rows: &[usize], cols: &[usize]) -> Option<Interval> {
        if rows.len() == 1 {
            return Some(m[rows[0] * n + cols[0]]);
        }
        let mut acc = Interval::point(0.0);
        for (k, &c) in cols.iter().enumerate() {
            let rest: Vec<usize> = cols.iter().copied().filter(|&x| x != c).collect();
            let minor = rec(m, n, &rows[1..], &rest)?;
            let t = m[rows[0] * n + c].mul(minor).ok()?;
            acc = if k % 2 == 0 { acc.add(t).ok()? } else { acc.sub(t).ok()? };
        }
        Some(acc)
    }
    if s > 7 {
        return None;
    }
    let idx: Vec<usize> = (0..s).collect();
    rec(m, n, &idx, &idx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::{Printer, Style};

    fn run(src: &str, range: &[(f64, f64)]) -> (Vec<String>, Critical) {
        let mut pool = Pool::default();
        let f = crate::syntax::parse(&mut pool, src, &Default::default()).unwrap();
        let mut vars: Vec<SymId> = pool.free_vars(f).to_vec();
        crate::print::sort_vars(&pool, &mut vars);
        let c = find(&mut pool, &mut Deriver::new(), f, &vars, range).unwrap();
        let pr = Printer::new(&pool, Style::Plain);
        let lines = c
            .points
            .iter()
            .map(|p| {
                let xs: Vec<String> = p
                    .coords
                    .iter()
                    .map(|r| match r {
                        Real::Exact(e) => pr.expr(*e),
                        other => format!("~{:.6}", other.approx(&pool)),
                    })
                    .collect();
                format!("({}) {:?}", xs.join(", "), p.kind)
            })
            .collect();
        (lines, c)
    }

    #[test]
    fn sin_x_cos_y_in_a_box() {
        let (l, c) = run("sin(x) cos(y)", &[(-4.0, 4.0), (-4.0, 4.0)]);
        assert!(c.complete);
        // (±π/2, 0), (±π/2, ±π) and (0, ±π/2), (±π, ±π/2): 6 + 6 = 12 points
        assert_eq!(l.len(), 12, "{l:?}");
        assert!(l.contains(&"(pi/2, 0) LocalMaximum".to_string()), "{l:?}");
        assert!(l.contains(&"(-pi/2, 0) LocalMinimum".to_string()), "{l:?}");
        assert!(l.contains(&"(0, pi/2) SaddlePoint".to_string()), "{l:?}");
    }

    #[test]
    fn exp_and_irrational_points() {
        // x e^(-x^2 - y^2): (±1/√2, 0)
        let (l, c) = run("x e^(-x^2 - y^2)", &[(-3.0, 3.0), (-3.0, 3.0)]);
        assert!(c.complete);
        assert_eq!(l.len(), 2, "{l:?}");
        assert_eq!(l, ["(~-0.707107, ~0.000000) LocalMinimum", "(~0.707107, ~0.000000) LocalMaximum"]);
    }

    #[test]
    fn a_curve_of_critical_points_is_reported_not_looped_on() {
        let (_, c) = run("sin(x - y)^2", &[(-1.0, 1.0), (-1.0, 1.0)]);
        assert!(!c.complete);
    }
}
