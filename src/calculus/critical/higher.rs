//! Beyond the second-derivative test, at a rational critical point P of a polynomial f:
//! the Taylor expansion f(P + h) − f(P) is exact and finite, and its lowest-order
//! homogeneous terms often decide what the Hessian left open.
//!
//! - Lowest degree odd: those terms change sign between h and −h, so f − f(P) takes both
//!   signs arbitrarily close to P — a saddle point (the monkey saddle x³ − 3xy²).
//! - Lowest degree even and those terms definite (positive for every h ≠ 0): f − f(P) ≥
//!   c·|h|ᵏ − O(|h|ᵏ⁺¹) > 0 near P — a strict local minimum (x⁴ + y⁴); negative: maximum.
//! - Those terms take both signs: a saddle (x⁴ − y⁴).
//! - The whole difference a sum of even powers with coefficients of one sign and a pure
//!   power of every variable (x² + y⁴, x⁴ + y⁶): positive (negative) everywhere but at P — a
//!   strict minimum (maximum), whatever its lowest terms alone say.
//! - Lowest degree 2 (the Hessian semidefinite, not zero), two variables: along the line
//!   where the Hessian vanishes, f − f(P) begins with a·tᵐ: odd m, or a of the opposite
//!   sign, is a saddle (x² + y³, x² − y⁴); otherwise f has a minimum (maximum) at P along
//!   every line through P, which is not a proof (Peano's (y − x²)(y − 2x²)).
//!
//! Definiteness of a form in two variables is decided exactly (the real roots of q(t, 1)
//! and their multiplicities); in more variables by a sufficient test (a sum of even powers)
//! and, for "takes both signs", by exact values at sample directions.

use super::HigherOrder;
use crate::algebra::{real_roots, Budget, Poly};
use crate::calculus::definiteness::Conclusion;
use crate::expr::number::{self, Rational};
use crate::expr::{ExprId, Pool};
use num_traits::{One, Signed, Zero};

/// What the lowest-order terms of f(P + h) − f(P) decide at a rational critical point P
/// (`hessian`: the exact Hessian there, `positive`: whether its non-zero part is ≥ 0 — for a
/// semidefinite Hessian). `to_expr` turns a polynomial in h into an expression (in the
/// powers of xᵢ − aᵢ).
pub fn decide(
    pool: &mut Pool,
    f: &Poly,
    point: &[Rational],
    hessian: &[Vec<Rational>],
    to_expr: &mut dyn FnMut(&mut Pool, &Poly) -> ExprId,
    budget: &mut Budget,
) -> Option<(HigherOrder, Conclusion)> {
    let n = point.len();
    let g = shifted(f, point)?;
    let k = g.terms().map(|(e, _)| e.iter().sum::<u32>()).min()?;
    let lowest = Poly::from_terms(
        n,
        g.terms().filter(|(e, _)| e.iter().sum::<u32>() == k).map(|(e, c)| (e.to_vec(), c.clone())),
    );
    budget.spend(g.len())?;
    // The whole difference a sum of even powers, all with one sign, with a pure power of
    // every variable (x² + y⁴): definite for every h ≠ 0, whatever its lowest terms say.
    let even_powers = |pool: &mut Pool, to_expr: &mut dyn FnMut(&mut Pool, &Poly) -> ExprId| {
        definite_by_terms(&g, n).map(|s| {
            let positive = matches!(s, Sign::Positive);
            let kind = if positive { Conclusion::LocalMinimum } else { Conclusion::LocalMaximum };
            (HigherOrder::EvenPowers { terms: to_expr(pool, &g), positive }, kind)
        })
    };
    if k == 2 {
        if let Some(decided) = even_powers(pool, to_expr) {
            return Some(decided);
        }
        return along_kernel(pool, &g, hessian, to_expr, budget);
    }
    let terms = to_expr(pool, &lowest);
    if k % 2 == 1 {
        return Some((HigherOrder::Odd { terms, degree: k }, Conclusion::SaddlePoint));
    }
    match definite(&lowest, n, budget)? {
        Sign::Positive => Some((HigherOrder::Definite { terms, degree: k, positive: true }, Conclusion::LocalMinimum)),
        Sign::Negative => Some((HigherOrder::Definite { terms, degree: k, positive: false }, Conclusion::LocalMaximum)),
        Sign::Both => Some((HigherOrder::Indefinite { terms, degree: k }, Conclusion::SaddlePoint)),
        Sign::Unknown => even_powers(pool, to_expr),
    }
}

/// f(P + h) − f(P) as a polynomial in h (the same variables).
fn shifted(f: &Poly, point: &[Rational]) -> Option<Poly> {
    let n = point.len();
    let mut g = f.clone();
    for (v, a) in point.iter().enumerate() {
        if a.is_zero() {
            continue;
        }
        let shift = Poly::var(n, v).add(&Poly::constant(n, a.clone()));
        g = g.substitute(v, &shift);
    }
    let c = g.eval(&vec![Rational::zero(); n]);
    Some(g.sub(&Poly::constant(n, c)))
}

enum Sign {
    Positive,
    Negative,
    Both,
    Unknown,
}

/// Whether a homogeneous form of even degree is definite, takes both signs, or neither was
/// decided.
fn definite(q: &Poly, n: usize, budget: &mut Budget) -> Option<Sign> {
    match n {
        1 => Some(if q.leading_coeff().is_positive() { Sign::Positive } else { Sign::Negative }),
        2 => definite_in_two(q, budget),
        _ => Some(definite_by_terms(q, n).unwrap_or_else(|| sampled(q, n))),
    }
}

/// A form in x, y: q(x, y) = yᵏ·q(x/y, 1) for y ≠ 0 and q(1, 0) on the x-axis.
fn definite_in_two(q: &Poly, budget: &mut Budget) -> Option<Sign> {
    let k = q.total_degree();
    // q(t, 1): coefficients lowest first.
    let mut cs = vec![Rational::zero(); k as usize + 1];
    for (e, c) in q.terms() {
        cs[e[0] as usize] = c.clone();
    }
    let on_axis = cs[k as usize].clone(); // q(1, 0)
    let roots = real_roots(&cs, budget)?;
    let eval = |t: &Rational| {
        let mut acc = Rational::zero();
        for c in cs.iter().rev() {
            acc = number::add(&number::mul(&acc, t), c);
        }
        acc
    };
    // A root where q(t, 1) changes sign: q takes both signs.
    let mut signs: Vec<i8> = Vec::new();
    for r in &roots {
        let (lo, hi) = r.interval();
        let (a, b) = (eval(lo), eval(hi));
        signs.push(sgn(&a));
        signs.push(sgn(&b));
    }
    signs.push(sgn(&eval(&Rational::zero())));
    signs.push(sgn(&on_axis));
    let pos = signs.iter().any(|&s| s > 0);
    let neg = signs.iter().any(|&s| s < 0);
    if pos && neg {
        return Some(Sign::Both);
    }
    if !roots.is_empty() || on_axis.is_zero() {
        return Some(Sign::Unknown); // semidefinite: zero along some direction
    }
    Some(if pos { Sign::Positive } else { Sign::Negative })
}

fn sgn(r: &Rational) -> i8 {
    if r.is_zero() {
        0
    } else if r.is_positive() {
        1
    } else {
        -1
    }
}

/// Every term an even power product with the same sign, and a pure power of every
/// variable among them: definite.
fn definite_by_terms(q: &Poly, n: usize) -> Option<Sign> {
    let positive = q.leading_coeff().is_positive();
    let all_even_same = q.terms().all(|(e, c)| e.iter().all(|k| k % 2 == 0) && c.is_positive() == positive);
    let pure = (0..n).all(|v| q.terms().any(|(e, _)| e[v] > 0 && e.iter().enumerate().all(|(w, &k)| w == v || k == 0)));
    (all_even_same && pure).then_some(if positive { Sign::Positive } else { Sign::Negative })
}

/// Exact values at the directions with entries in {−2, …, 2}: both signs found, or unknown.
fn sampled(q: &Poly, n: usize) -> Sign {
    let (mut pos, mut neg) = (false, false);
    let count = 5usize.pow(n.min(6) as u32);
    for k in 0..count {
        let mut idx = k;
        let point: Vec<Rational> = (0..n)
            .map(|_| {
                let d = (idx % 5) as i64 - 2;
                idx /= 5;
                number::int(d)
            })
            .collect();
        match sgn(&q.eval(&point)) {
            1 => pos = true,
            -1 => neg = true,
            _ => {}
        }
        if pos && neg {
            return Sign::Both;
        }
    }
    Sign::Unknown
}

/// The Hessian semidefinite and not zero, two variables: f − f(P) along the line where it
/// vanishes.
fn along_kernel(
    pool: &mut Pool,
    g: &Poly,
    hessian: &[Vec<Rational>],
    to_expr: &mut dyn FnMut(&mut Pool, &Poly) -> ExprId,
    budget: &mut Budget,
) -> Option<(HigherOrder, Conclusion)> {
    let _ = to_expr;
    if hessian.len() != 2 {
        return None;
    }
    let (a, b, c) = (&hessian[0][0], &hessian[0][1], &hessian[1][1]);
    let positive = a.is_positive() || (a.is_zero() && c.is_positive());
    // H·u = 0: u = (−b, a), or (1, 0) when a = 0 (then b = 0 too).
    let u = if a.is_zero() { [Rational::one(), Rational::zero()] } else { [-b.clone(), a.clone()] };
    // φ(t) = g(t·u).
    let t = Poly::var(1, 0);
    let mut phi = Poly::zero(1);
    for (e, coeff) in g.terms() {
        budget.spend(1)?;
        let mut term = Poly::constant(1, coeff.clone());
        for (v, &k) in e.iter().enumerate() {
            if k > 0 {
                term = term.mul(&t.scale(&u[v]).pow(k));
            }
        }
        phi = phi.add(&term);
    }
    let (m, lead) = phi.terms().map(|(e, c)| (e[0], c.clone())).min_by_key(|(m, _)| *m)?;
    let _ = c;
    let direction: Vec<ExprId> = u.iter().map(|r| pool.num(r.clone())).collect();
    let coefficient = pool.num(lead.clone());
    let record = HigherOrder::AlongKernel { direction, coefficient, degree: m, hessian_positive: positive };
    let saddle = m % 2 == 1 || lead.is_positive() != positive;
    Some((record, if saddle { Conclusion::SaddlePoint } else { Conclusion::Inconclusive }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::number::int;

    fn p2(terms: &[(u32, u32, i64)]) -> Poly {
        Poly::from_terms(2, terms.iter().map(|&(a, b, c)| (vec![a, b], int(c))))
    }

    fn verdict(f: &Poly, h: [[i64; 2]; 2]) -> Option<Conclusion> {
        let mut pool = Pool::default();
        let hess: Vec<Vec<Rational>> = h.iter().map(|r| r.iter().map(|&v| int(v)).collect()).collect();
        let mut to_expr = |pool: &mut Pool, _: &Poly| pool.zero();
        decide(&mut pool, f, &[int(0), int(0)], &hess, &mut to_expr, &mut Budget::new(100_000)).map(|d| d.1)
    }

    #[test]
    fn lowest_order_terms_decide() {
        use Conclusion::*;
        assert_eq!(verdict(&p2(&[(4, 0, 1), (0, 4, 1)]), [[0, 0], [0, 0]]), Some(LocalMinimum));
        assert_eq!(verdict(&p2(&[(4, 0, -1), (0, 4, -1)]), [[0, 0], [0, 0]]), Some(LocalMaximum));
        assert_eq!(verdict(&p2(&[(4, 0, 1), (0, 4, -1)]), [[0, 0], [0, 0]]), Some(SaddlePoint));
        // monkey saddle x³ - 3xy²
        assert_eq!(verdict(&p2(&[(3, 0, 1), (1, 2, -3)]), [[0, 0], [0, 0]]), Some(SaddlePoint));
        // x²y²: semidefinite quartic, undecided here
        assert_eq!(verdict(&p2(&[(2, 2, 1)]), [[0, 0], [0, 0]]), None);
        // x² + y³: saddle along the y-axis; x² - y⁴ saddle; x² + y⁴ a sum of even powers
        assert_eq!(verdict(&p2(&[(2, 0, 1), (0, 3, 1)]), [[2, 0], [0, 0]]), Some(SaddlePoint));
        assert_eq!(verdict(&p2(&[(2, 0, 1), (0, 4, -1)]), [[2, 0], [0, 0]]), Some(SaddlePoint));
        assert_eq!(verdict(&p2(&[(2, 0, 1), (0, 4, 1)]), [[2, 0], [0, 0]]), Some(LocalMinimum));
        assert_eq!(verdict(&p2(&[(2, 0, -1), (0, 4, -3)]), [[-2, 0], [0, 0]]), Some(LocalMaximum));
        // x⁴ + y⁶: lowest terms x⁴ only semidefinite, the whole a sum of even powers
        assert_eq!(verdict(&p2(&[(4, 0, 1), (0, 6, 1)]), [[0, 0], [0, 0]]), Some(LocalMinimum));
        // Peano's (y − x²)(y − 2x²) = y² − 3x²y + 2x⁴: a minimum along every line, not a minimum
        assert_eq!(verdict(&p2(&[(0, 2, 1), (2, 1, -3), (4, 0, 2)]), [[0, 0], [0, 2]]), Some(Inconclusive));
        // (x + y)² + x⁴ … kernel along (1, -1): t⁴ > 0 — every line
        let f = p2(&[(2, 0, 1), (1, 1, 2), (0, 2, 1), (4, 0, 1)]);
        assert_eq!(verdict(&f, [[2, 2], [2, 2]]), Some(Inconclusive));
    }
}
