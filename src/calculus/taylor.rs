//! The Taylor polynomial of f at a point P, of any order, exact:
//!
//! T_N(x) = Σ_{|α| ≤ N} ∂^α f(P) / α! · (x − P)^α
//!
//! Every partial derivative up to order N is taken once (each from the one of order one
//! less, through the deriver's memo), valued exactly at P and presented in textbook form;
//! the record ([`Taylor`]) keeps each term's derivative, value and coefficient, which is what
//! `taylor --steps` shows and what the polynomial is built from. Order 1 is the
//! linearisation, and the tangent plane z = f(P) + ∇f(P)·(x − P).

use super::derive::Deriver;
use super::present;
use crate::error::{Error, Result};
use crate::eval::domain::Condition;
use crate::expr::number::Rational;
use crate::expr::{ExprId, Pool, SymId};
use num_bigint::BigInt;
use rustc_hash::FxHashMap;

/// The most terms (multi-indices) one Taylor polynomial may have.
pub const MAX_TERMS: usize = 20_000;

/// One term: ∂^α f, its value at P, and the coefficient ∂^α f(P)/α!.
#[derive(Clone, Debug)]
pub struct Term {
    /// How many times each variable is differentiated by.
    pub alpha: Vec<u32>,
    /// The derivative (presentable form).
    pub derivative: ExprId,
    /// Its value at P.
    pub value: ExprId,
    /// value / α!.
    pub coefficient: ExprId,
    /// coefficient · Π (xᵢ − aᵢ)^αᵢ (0 when the coefficient is 0), written with the
    /// placeholders of [`Taylor::shifts`] for the xᵢ − aᵢ (the pool would multiply a
    /// number into a sum: 4·(x − 1) would become 4x − 4).
    pub term: ExprId,
}

/// The Taylor polynomial and how it was built.
#[derive(Clone, Debug)]
pub struct Taylor {
    pub vars: Vec<SymId>,
    pub point: Vec<ExprId>,
    pub order: u32,
    /// Every multi-index with |α| ≤ order, by total degree then in the variables' order.
    pub terms: Vec<Term>,
    /// The non-zero terms, lowest degree first (how the polynomial is printed), with
    /// placeholders.
    pub nonzero: Vec<ExprId>,
    /// Each placeholder symbol and the xᵢ − aᵢ it stands for (none where aᵢ = 0: the term
    /// holds xᵢ itself).
    pub shifts: Vec<(SymId, ExprId)>,
    /// The polynomial as one expression (multiplied out by the pool).
    pub polynomial: ExprId,
}

/// A name no input can give a variable (capital Q then lower case letters only in gradcalc's
/// own placeholders), for the i-th shift.
fn placeholder(i: usize) -> String {
    let mut name = String::from("Qzq");
    let mut k = i;
    loop {
        name.push((b'a' + (k % 26) as u8) as char);
        k /= 26;
        if k == 0 {
            break;
        }
    }
    name
}

/// The multi-indices of total degree d in n variables, x before y (x² then xy then y²).
fn indices(n: usize, d: u32) -> Vec<Vec<u32>> {
    if n == 0 {
        return if d == 0 { vec![vec![]] } else { vec![] };
    }
    let mut out = Vec::new();
    for first in (0..=d).rev() {
        for mut rest in indices(n - 1, d - first) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

fn count(n: usize, order: u32) -> Option<usize> {
    // C(n + order, n), stopping early past the limit.
    let mut c: u128 = 1;
    for k in 1..=n as u128 {
        c = c * (order as u128 + k) / k;
        if c > MAX_TERMS as u128 {
            return None;
        }
    }
    Some(c as usize)
}

/// A derivative's exact value at the point, given the kinks passed on the way to it.
pub type ValueAt<'a> = dyn FnMut(&mut Pool, ExprId, &[Condition]) -> Result<ExprId> + 'a;

/// The Taylor polynomial of `f` of order `order` at `point` (exact values, one per
/// variable). `value_at` gives a derivative's exact value at P, given the conditions for
/// that derivative to exist there besides f's own domain — the kinks each differentiation on
/// its way passed (|x| at 0 has no derivative, though sign(0) = 0 has a value); the caller
/// checks them at P, and an error stops the expansion.
pub fn taylor(
    pool: &mut Pool,
    deriver: &mut Deriver,
    f: ExprId,
    vars: &[SymId],
    point: &[ExprId],
    order: u32,
    value_at: &mut ValueAt,
) -> Result<Taylor> {
    let n = vars.len();
    if count(n, order).is_none() {
        return Err(Error::usage(format!(
            "a Taylor polynomial of order {order} in {n} variables has more than {MAX_TERMS} terms"
        ))
        .with_help("ask for a lower --order"));
    }
    // (x − a) for each variable, as a placeholder (x itself where a = 0).
    let mut shifts: Vec<(SymId, ExprId)> = Vec::new();
    let mut factors: Vec<ExprId> = Vec::with_capacity(n);
    for (i, (&v, &a)) in vars.iter().zip(point).enumerate() {
        let x = pool.var(v);
        let shift = pool.sub(x, a);
        if pool.is_zero(a) {
            factors.push(x);
        } else {
            let p = pool.symbol(&placeholder(i));
            shifts.push((p, shift));
            factors.push(pool.var(p));
        }
    }
    let mut derivs: FxHashMap<Vec<u32>, ExprId> = FxHashMap::default();
    derivs.insert(vec![0; n], f);
    // For each derivative, the kinks passed on the way to it from f.
    let mut kinks: FxHashMap<Vec<u32>, Vec<Condition>> = FxHashMap::default();
    kinks.insert(vec![0; n], Vec::new());
    let mut terms = Vec::new();
    for d in 0..=order {
        for alpha in indices(n, d) {
            let raw = match derivs.get(&alpha) {
                Some(&e) => e,
                None => {
                    // From the index with one less of the last variable used.
                    let v = alpha.iter().rposition(|&k| k > 0).unwrap_or(0);
                    let mut lower = alpha.clone();
                    lower[v] -= 1;
                    let base = derivs[&lower];
                    let e = deriver.derive(pool, base, vars[v]);
                    derivs.insert(alpha.clone(), e);
                    let mut passed = kinks[&lower].clone();
                    for c in crate::calculus::kinks::kinks_in(pool, base, vars[v]) {
                        if !passed.contains(&c) {
                            passed.push(c);
                        }
                    }
                    kinks.insert(alpha.clone(), passed);
                    e
                }
            };
            if let Some(limit) = pool.limit_hit() {
                return Err(Error::limit(limit, pool.limits(), false));
            }
            let value = value_at(pool, raw, &kinks[&alpha])?;
            let factorial: BigInt =
                alpha.iter().map(|&k| (1..=k as u64).map(BigInt::from).product::<BigInt>()).product();
            let inv = pool.num(Rational::new(BigInt::from(1), factorial));
            let coefficient = pool.mul2(value, inv);
            let coefficient = present::presentable(pool, coefficient);
            let term = if pool.is_zero(coefficient) {
                pool.zero()
            } else {
                let mut fs = vec![coefficient];
                for (i, &k) in alpha.iter().enumerate() {
                    if k > 0 {
                        let kk = pool.int(i64::from(k));
                        fs.push(pool.pow(factors[i], kk));
                    }
                }
                pool.mul(fs)
            };
            let derivative = present::presentable(pool, raw);
            terms.push(Term { alpha, derivative, value, coefficient, term });
        }
    }
    let nonzero: Vec<ExprId> = terms.iter().map(|t| t.term).filter(|&t| !pool.is_zero(t)).collect();
    let sum = pool.add(nonzero.clone());
    let map: FxHashMap<SymId, ExprId> = shifts.iter().copied().collect();
    let polynomial = crate::eval::exact::value_at(pool, sum, &map).unwrap_or(sum);
    Ok(Taylor { vars: vars.to_vec(), point: point.to_vec(), order, terms, nonzero, shifts, polynomial })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::{Printer, Style};

    fn taylor_of(src: &str, at: &[&str], order: u32) -> String {
        let mut pool = Pool::default();
        let f = crate::syntax::parse(&mut pool, src, &Default::default()).unwrap();
        let vars = vec![pool.symbol("x"), pool.symbol("y")];
        let pt: Vec<ExprId> =
            at.iter().map(|s| crate::syntax::parse(&mut pool, s, &Default::default()).unwrap()).collect();
        let at: FxHashMap<SymId, ExprId> = vars.iter().copied().zip(pt.iter().copied()).collect();
        let mut value = |pool: &mut Pool, e: ExprId, _: &[Condition]| {
            let v = crate::eval::exact::value_at(pool, e, &at).unwrap();
            Ok(present::presentable(pool, v))
        };
        let t = taylor(&mut pool, &mut Deriver::new(), f, &vars, &pt, order, &mut value).unwrap();
        let p = Printer::new(&pool, Style::Plain);
        let mut s = t.nonzero.iter().map(|&e| p.expr(e)).collect::<Vec<_>>().join(" + ");
        for &(ph, shift) in &t.shifts {
            s = s.replace(pool.name(ph), &format!("({})", p.expr(shift)));
        }
        s
    }

    #[test]
    fn taylor_polynomials() {
        assert_eq!(taylor_of("e^x cos(y)", &["0", "0"], 2), "1 + x + x^2/2 + -y^2/2");
        assert_eq!(taylor_of("e^x cos(y)", &["0", "0"], 3), "1 + x + x^2/2 + -y^2/2 + x^3/6 + -x*y^2/2");
        assert_eq!(taylor_of("x^2 y", &["1", "2"], 1), "2 + 4*(x - 1) + (y - 2)");
        assert_eq!(indices(2, 2), vec![vec![2, 0], vec![1, 1], vec![0, 2]]);
        assert_eq!(count(2, 3), Some(10));
    }
}
