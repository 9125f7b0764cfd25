//! The collected form of a sum: what every term shares, taken out, and the rest grouped
//! by its non-polynomial part. Repeated differentiation of a product multiplies the terms
//! (the 12th derivative of sin(x)·e^(x²)/(x² + 1) has 127), but they all share e^(x²) and a
//! power of (x² + 1), and differ only in a power of x, sin or cos, and the power of
//! (x² + 1). Collected, the same value reads
//! `e^(x²)·(P(x)·sin(x) + Q(x)·cos(x))/(x² + 1)^13`, a fraction of the length.
//!
//! The result is built by the pool's own constructors, so it is canonical in the pool's sense
//! (printing it and parsing the print gives the same node back); [`shorter`] keeps whichever
//! of the two forms prints shorter. Factored out are only non-polynomial factors (calls,
//! `e^u`, powers of sums): a common power of a variable stays inside (`3x²y² - 3y³ - y` is
//! left as it is).

use crate::expr::{ExprId, Node, Pool, Rational};
use crate::print::{Printer, Style};
use num_traits::{One, Signed};
use rustc_hash::FxHashMap;

/// Most terms an expansion may produce before collecting is given up.
const MAX_TERMS: usize = 20_000;
/// Highest power of a sum that is multiplied out.
const MAX_POWER: i64 = 64;

/// `id` or its collected form, whichever prints shorter in plain style (the original on a
/// tie or when there is nothing to collect).
pub fn shorter(pool: &mut Pool, id: ExprId) -> ExprId {
    let Some(c) = collect(pool, id) else { return id };
    if c == id || pool.limit_hit().is_some() {
        return id;
    }
    let p = Printer::new(pool, Style::Plain);
    if p.expr(c).len() < p.expr(id).len() {
        c
    } else {
        id
    }
}

/// The collected form of a sum whose terms share a non-polynomial factor; `None` when they
/// share none, or when multiplying out would produce too many terms.
pub fn collect(pool: &mut Pool, id: ExprId) -> Option<ExprId> {
    let Node::Add(terms) = pool.node(id) else { return None };
    let terms = terms.to_vec();
    // base → (exponent, how many terms have it), over the factors of the first term.
    let factors_of = |pool: &Pool, t: ExprId| -> Vec<(ExprId, ExprId)> {
        let fs: Vec<ExprId> = match pool.node(t) {
            Node::Mul(fs) => fs.to_vec(),
            _ => vec![t],
        };
        fs.into_iter().filter(|&f| pool.as_num(f).is_none()).map(|f| pool.split_pow(f)).collect()
    };
    let eligible = |pool: &Pool, b: ExprId| matches!(pool.node(b), Node::Func(..) | Node::E | Node::Add(_));
    // The common factor: each eligible base of the first term that every term has, with the
    // least numeric exponent (or the same symbolic one).
    let mut common: Vec<(ExprId, ExprId)> =
        factors_of(pool, terms[0]).into_iter().filter(|&(b, _)| eligible(pool, b)).collect();
    for &t in &terms[1..] {
        let fs = factors_of(pool, t);
        common.retain_mut(|(b, e)| match fs.iter().find(|(fb, _)| fb == b) {
            Some(&(_, fe)) if fe == *e => true,
            Some(&(_, fe)) => match (pool.as_num(*e), pool.as_num(fe)) {
                (Some(x), Some(y)) => {
                    if y < x {
                        *e = fe;
                    }
                    true
                }
                _ => false,
            },
            None => false,
        });
        if common.is_empty() {
            return None;
        }
    }
    // Each term divided by the common factor, multiplied out.
    let inv: Vec<ExprId> = common
        .iter()
        .map(|&(b, e)| {
            let ne = pool.neg(e);
            pool.pow(b, ne)
        })
        .collect();
    let mut ex = Expander { powers: FxHashMap::default(), budget: MAX_TERMS };
    let mut monomials: Vec<ExprId> = Vec::new();
    for &t in &terms {
        let mut fs = inv.clone();
        fs.push(t);
        let rest = pool.mul(fs);
        monomials.extend(ex.expand(pool, rest)?);
    }
    let sum = pool.add(monomials);
    // Group the terms by their non-polynomial part (`sin(x)`, `cos(x)`, 1).
    let inner = group_by_kernel(pool, sum);
    let mut fs: Vec<ExprId> = common.iter().map(|&(b, e)| pool.pow(b, e)).collect();
    fs.push(inner);
    Some(pool.mul(fs))
}

/// Σ (polynomial) · kernel, one term per kernel, from a sum of monomials.
fn group_by_kernel(pool: &mut Pool, sum: ExprId) -> ExprId {
    let terms: Vec<ExprId> = match pool.node(sum) {
        Node::Add(ts) => ts.to_vec(),
        _ => return sum,
    };
    let mut order: Vec<ExprId> = Vec::new();
    let mut groups: FxHashMap<ExprId, Vec<ExprId>> = FxHashMap::default();
    for t in terms {
        let fs: Vec<ExprId> = match pool.node(t) {
            Node::Mul(fs) => fs.to_vec(),
            _ => vec![t],
        };
        let (poly, kernel): (Vec<ExprId>, Vec<ExprId>) = fs.into_iter().partition(|&f| is_polynomial_factor(pool, f));
        let k = pool.mul(kernel);
        let p = pool.mul(poly);
        groups
            .entry(k)
            .or_insert_with(|| {
                order.push(k);
                Vec::new()
            })
            .push(p);
    }
    let grouped: Vec<ExprId> = order
        .into_iter()
        .map(|k| {
            let ps = groups.remove(&k).unwrap_or_default();
            let p = pool.add(ps);
            pool.mul(vec![p, k])
        })
        .collect();
    pool.add(grouped)
}

/// A number, a variable, or a variable to a non-negative integer power.
fn is_polynomial_factor(pool: &Pool, f: ExprId) -> bool {
    match pool.node(f) {
        Node::Num(_) | Node::Sym(_) => true,
        Node::Pow(b, e) => {
            matches!(pool.node(*b), Node::Sym(_)) && pool.as_num(*e).is_some_and(|r| r.is_integer() && !r.is_negative())
        }
        _ => false,
    }
}

/// `id` with its products and positive integer powers of sums multiplied out and like terms
/// combined (`(a + 1)(a - 1)` → `a² - 1`); `None` when that would make more than
/// [`MAX_TERMS`] terms.
pub fn expanded(pool: &mut Pool, id: ExprId) -> Option<ExprId> {
    let mut e = Expander { powers: FxHashMap::default(), budget: MAX_TERMS };
    let terms = e.expand(pool, id)?;
    Some(pool.add(terms))
}

/// Multiplies out products and positive integer powers of sums.
struct Expander {
    /// (sum, n) → the terms of sum^n.
    powers: FxHashMap<(ExprId, i64), Vec<ExprId>>,
    /// Terms that may still be produced.
    budget: usize,
}

impl Expander {
    /// The terms whose sum is `id`, with no product or power of a sum left in any of them.
    fn expand(&mut self, pool: &mut Pool, id: ExprId) -> Option<Vec<ExprId>> {
        let out = match pool.node(id).clone() {
            Node::Add(ts) => {
                let mut v = Vec::new();
                for t in ts.iter() {
                    v.extend(self.expand(pool, *t)?);
                }
                v
            }
            Node::Mul(fs) => {
                let mut acc = vec![pool.one()];
                for f in fs.iter() {
                    let ef = self.expand(pool, *f)?;
                    acc = self.product(pool, &acc, &ef)?;
                }
                acc
            }
            Node::Pow(b, e) => {
                let n = pool.as_num(e).filter(|r| r.is_integer() && r.is_positive()).and_then(small);
                match (pool.node(b), n) {
                    (Node::Add(_), Some(n)) if n <= MAX_POWER => self.power(pool, b, n)?,
                    _ => vec![id],
                }
            }
            _ => vec![id],
        };
        Some(out)
    }

    fn power(&mut self, pool: &mut Pool, b: ExprId, n: i64) -> Option<Vec<ExprId>> {
        if let Some(v) = self.powers.get(&(b, n)) {
            return Some(v.clone());
        }
        let v = if n == 1 {
            self.expand(pool, b)?
        } else {
            let half = self.power(pool, b, n / 2)?;
            let sq = self.product(pool, &half, &half)?;
            if n % 2 == 1 {
                let one = self.power(pool, b, 1)?;
                self.product(pool, &sq, &one)?
            } else {
                sq
            }
        };
        self.powers.insert((b, n), v.clone());
        Some(v)
    }

    /// The terms of (Σa)(Σb), like terms combined.
    fn product(&mut self, pool: &mut Pool, a: &[ExprId], b: &[ExprId]) -> Option<Vec<ExprId>> {
        let n = a.len().checked_mul(b.len())?;
        self.budget = self.budget.checked_sub(n)?;
        let mut v = Vec::with_capacity(n);
        for &x in a {
            for &y in b {
                v.push(pool.mul(vec![x, y]));
            }
        }
        if v.len() < 2 {
            return Some(v);
        }
        let s = pool.add(v);
        Some(match pool.node(s) {
            Node::Add(ts) => ts.to_vec(),
            _ if pool.is_zero(s) => Vec::new(),
            _ => vec![s],
        })
    }
}

fn small(r: &Rational) -> Option<i64> {
    use num_traits::ToPrimitive;
    if r.denom().is_one() {
        r.numer().to_i64()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calculus::Deriver;
    use crate::expr::approx::approx;
    use crate::syntax::{parse, ParseOptions};

    /// The k-th derivative of `src` in x, expanded and collected, in a fresh pool.
    fn both(src: &str, k: usize) -> (Pool, ExprId, ExprId) {
        let mut pool = Pool::default();
        let f = parse(&mut pool, src, &ParseOptions::default()).unwrap();
        let x = pool.symbol("x");
        let d = Deriver::new().derive_seq(&mut pool, f, &vec![x; k]);
        let c = shorter(&mut pool, d);
        (pool, d, c)
    }

    #[test]
    fn collected_form_is_the_same_function_and_shorter() {
        for (src, k) in [("sin(x)*exp(x^2)/(1+x^2)", 12), ("exp(sin(x^2))/(1+x^2)", 5), ("x^2*exp(-x)/(x+2)^2", 6)] {
            let (pool, d, c) = both(src, k);
            assert_ne!(d, c, "{src}: nothing collected");
            let p = Printer::new(&pool, Style::Plain);
            assert!(p.expr(c).len() < p.expr(d).len());
            for x in [0.3, -1.1, 2.0] {
                let (a, b) = (approx(&pool, c, &|_| x), approx(&pool, d, &|_| x));
                assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{src} at {x}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn collected_form_prints_the_same_after_parsing_it_back() {
        let (pool, _, c) = both("sin(x)*exp(x^2)/(1+x^2)", 7);
        let printed = Printer::new(&pool, Style::Plain).expr(c);
        let mut fresh = Pool::default();
        let back = parse(&mut fresh, &printed, &ParseOptions::default()).unwrap();
        assert_eq!(Printer::new(&fresh, Style::Plain).expr(back), printed);
        // … and in the same pool it is the same node.
        let mut pool = pool;
        assert_eq!(parse(&mut pool, &printed, &ParseOptions::default()).unwrap(), c);
    }

    #[test]
    fn polynomial_common_factors_stay_inside() {
        let (pool, d, c) = both("x^3*y^2 - 3*x*y^3 - x*y + 1", 2);
        assert_eq!(c, d);
        assert_eq!(Printer::new(&pool, Style::Plain).expr(c), "6*x*y^2");
    }
}
