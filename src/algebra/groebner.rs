//! Gröbner bases of polynomial ideals over ℚ (Buchberger's algorithm with the
//! Gebauer–Möller criteria and the normal selection strategy), in the graded lexicographic
//! order: total degree first, then lex with variable 0 most significant.
//!
//! The graded order reuses [`Poly`] as it is: a polynomial is stored with one extra leading
//! variable whose exponent is the term's total degree, so that `Poly`'s own lexicographic
//! order *is* the graded order, and products, divisibility and lcms of monomials work
//! unchanged (the extra exponent adds up like the degree it stands for). Callers see
//! ordinary polynomials; the extra variable stays inside [`Basis`].
//!
//! What the solver needs from a basis: whether the ideal is the whole ring (no solutions),
//! its dimension, the normal form of a polynomial, and — for a zero-dimensional ideal —
//! the standard monomials, a basis of the quotient ring as a vector space.

use super::poly::{cmp_exps, Poly};
use super::Budget;
use crate::expr::number::{self, Rational};
use num_traits::{One, Signed, Zero};

/// A reduced Gröbner basis in the graded lexicographic order.
#[derive(Clone, Debug)]
pub struct Basis {
    /// Variables of the polynomials (not counting the degree variable).
    nvars: usize,
    /// Monic, reduced, stored graded (exponent 0 is the total degree), leading terms in
    /// increasing order.
    graded: Vec<Poly>,
}

/// `p` with the total degree of each term as a new leading exponent.
fn graded(p: &Poly, n: usize) -> Poly {
    Poly::from_terms(
        n + 1,
        p.terms().map(|(e, c)| {
            let mut g = Vec::with_capacity(n + 1);
            g.push(e.iter().sum());
            g.extend_from_slice(e);
            g.resize(n + 1, 0);
            (g, c.clone())
        }),
    )
}

/// The ordinary polynomial of a graded one.
fn ungraded(p: &Poly, n: usize) -> Poly {
    Poly::from_terms(n, p.terms().map(|(e, c)| (e[1..].to_vec(), c.clone())))
}

fn divides(a: &[u32], b: &[u32]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y)
}

fn lcm(a: &[u32], b: &[u32]) -> Vec<u32> {
    a.iter().zip(b).map(|(x, y)| *x.max(y)).collect()
}

fn quotient(a: &[u32], b: &[u32]) -> Vec<u32> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// Coprime monomials (no variable in common; the degree exponent does not count).
fn disjoint(a: &[u32], b: &[u32]) -> bool {
    a[1..].iter().zip(&b[1..]).all(|(x, y)| *x == 0 || *y == 0)
}

/// The leading exponents of a non-zero polynomial.
fn lm(p: &Poly) -> &[u32] {
    p.exps(0)
}

/// Full reduction of `p` by `by` (graded polynomials), keeping integer-free scaling: each
/// step multiplies by the divisor's leading coefficient over a gcd, so no fractions build
/// up; the result is made primitive. `None` when the budget runs out.
fn reduce(p: &Poly, by: &[&Poly], budget: &mut Budget) -> Option<Poly> {
    let n = p.nvars();
    let mut p = p.clone();
    let mut done: Vec<(Vec<u32>, Rational)> = Vec::new();
    let mut steps = 0usize;
    while !p.is_zero() {
        let e = p.exps(0).to_vec();
        let c = p.coeff(0).clone();
        match by.iter().find(|g| divides(lm(g), &e)) {
            Some(g) => {
                budget.spend(p.len() + g.len())?;
                let l = g.leading_coeff();
                // p·(l/k) − (c/k)·m·g with k = gcd of the numerators: integers stay integers.
                let k = number::gcd(c.numer(), l.numer());
                let k = if k.is_zero() { num_bigint::BigInt::one() } else { k };
                let lk = Rational::new(l.numer() / &k, l.denom().clone());
                let ck = Rational::new(c.numer() / &k, c.denom().clone());
                let m = quotient(&e, lm(g));
                p = p.scale(&lk).sub(&g.mul_monomial(&m, &ck));
                if !lk.is_one() {
                    for (_, d) in done.iter_mut() {
                        *d = number::mul(d, &lk);
                    }
                }
                steps += 1;
                if steps.is_multiple_of(8) {
                    p = p.primitive().1;
                }
            }
            None => {
                budget.spend(p.len())?;
                done.push((e.clone(), c.clone()));
                p = p.sub(&Poly::monomial(&e, c));
            }
        }
    }
    Some(Poly::from_terms(n, done).primitive().1)
}

/// The S-polynomial of two graded polynomials.
fn s_poly(a: &Poly, b: &Poly) -> Poly {
    let l = lcm(lm(a), lm(b));
    let (ca, cb) = (a.leading_coeff(), b.leading_coeff());
    let ma = quotient(&l, lm(a));
    let mb = quotient(&l, lm(b));
    a.mul_monomial(&ma, &cb).sub(&b.mul_monomial(&mb, &ca))
}

struct Pair {
    i: usize,
    j: usize,
    lcm: Vec<u32>,
}

impl Basis {
    /// The reduced Gröbner basis of the ideal the polynomials generate (`nvars` variables);
    /// `None` when the budget runs out.
    pub fn new(gens: &[Poly], nvars: usize, budget: &mut Budget) -> Option<Basis> {
        let mut polys: Vec<Poly> = Vec::new();
        let mut active: Vec<usize> = Vec::new();
        let mut pairs: Vec<Pair> = Vec::new();
        let mut unit = false;
        for g in gens {
            let gp = graded(g, nvars).primitive().1;
            if gp.is_zero() {
                continue;
            }
            if add_reduced(&gp, &mut polys, &mut active, &mut pairs, budget)? {
                unit = true;
                break;
            }
        }
        while !unit && !pairs.is_empty() {
            // The pair of smallest lcm (normal strategy).
            let k = (0..pairs.len()).min_by(|&a, &b| cmp_exps(&pairs[a].lcm, &pairs[b].lcm))?;
            let pair = pairs.swap_remove(k);
            budget.spend(1)?;
            let s = s_poly(&polys[pair.i], &polys[pair.j]);
            if add_reduced(&s, &mut polys, &mut active, &mut pairs, budget)? {
                unit = true;
                break;
            }
        }
        if unit {
            return Some(Basis { nvars, graded: vec![Poly::one(nvars + 1)] });
        }
        // Interreduce: drop the polynomials whose leading term another's divides, reduce
        // each by the rest, make them monic.
        let mut keep: Vec<Poly> = active.iter().map(|&k| polys[k].clone()).collect();
        keep.sort_by(|a, b| cmp_exps(lm(a), lm(b)));
        let mut minimal: Vec<Poly> = Vec::new();
        for p in keep {
            if !minimal.iter().any(|g| divides(lm(g), lm(&p))) {
                minimal.push(p);
            }
        }
        let mut reduced = Vec::with_capacity(minimal.len());
        for i in 0..minimal.len() {
            let others: Vec<&Poly> = (0..minimal.len()).filter(|&j| j != i).map(|j| &minimal[j]).collect();
            reduced.push(reduce(&minimal[i], &others, budget)?.monic());
        }
        reduced.sort_by(|a, b| cmp_exps(lm(a), lm(b)));
        Some(Basis { nvars, graded: reduced })
    }

    pub fn nvars(&self) -> usize {
        self.nvars
    }

    /// The basis is {1}: the polynomials have no common zero, even complex.
    pub fn is_unit(&self) -> bool {
        self.graded.len() == 1 && self.graded[0].is_constant()
    }

    /// The basis polynomials (monic), in increasing order of leading term.
    pub fn polys(&self) -> Vec<Poly> {
        self.graded.iter().map(|g| ungraded(g, self.nvars)).collect()
    }

    /// The leading monomials (ordinary exponents).
    pub fn leading_monomials(&self) -> Vec<Vec<u32>> {
        self.graded.iter().map(|g| lm(g)[1..].to_vec()).collect()
    }

    /// The dimension of the solution set over ℂ (−1 encoded as `None` for no solutions):
    /// the largest set of variables no leading monomial is made of alone.
    pub fn dimension(&self) -> Option<usize> {
        if self.is_unit() {
            return None;
        }
        let lms = self.leading_monomials();
        let n = self.nvars;
        let mut best = 0;
        for mask in 0u64..(1u64 << n.min(20)) {
            let size = mask.count_ones() as usize;
            if size <= best {
                continue;
            }
            let only_in = |m: &Vec<u32>| m.iter().enumerate().all(|(v, &k)| k == 0 || mask & (1 << v) != 0);
            if !lms.iter().any(only_in) {
                best = size;
            }
        }
        Some(best)
    }

    /// The normal form of `p` (an ordinary polynomial): its remainder on division by the
    /// basis, with exact rational coefficients (not rescaled).
    pub fn normal_form(&self, p: &Poly, budget: &mut Budget) -> Option<Poly> {
        Some(ungraded(&self.normal_form_graded(&graded(p, self.nvars), budget)?, self.nvars))
    }

    /// The normal form of a graded polynomial (the basis is monic: plain subtraction).
    pub(crate) fn normal_form_graded(&self, p: &Poly, budget: &mut Budget) -> Option<Poly> {
        let mut p = p.clone();
        let mut done: Vec<(Vec<u32>, Rational)> = Vec::new();
        while !p.is_zero() {
            let e = p.exps(0).to_vec();
            let c = p.coeff(0).clone();
            match self.graded.iter().find(|g| divides(lm(g), &e)) {
                Some(g) => {
                    budget.spend(p.len() + g.len())?;
                    p = p.sub(&g.mul_monomial(&quotient(&e, lm(g)), &c));
                }
                None => {
                    budget.spend(1)?;
                    p = p.sub(&Poly::monomial(&e, c.clone()));
                    done.push((e, c));
                }
            }
        }
        Some(Poly::from_terms(self.nvars + 1, done))
    }

    /// The standard monomials (those no leading monomial divides), graded, in increasing
    /// order — a basis of the quotient ring when the ideal is zero-dimensional; `None` when
    /// there are more than `limit` (or infinitely many).
    pub fn standard_monomials(&self, limit: usize) -> Option<Vec<Vec<u32>>> {
        if self.is_unit() {
            return Some(Vec::new());
        }
        let lms: Vec<&[u32]> = self.graded.iter().map(lm).collect();
        let n = self.nvars;
        let mut seen: std::collections::BTreeSet<Vec<u32>> = Default::default();
        let mut queue = vec![vec![0u32; n + 1]];
        seen.insert(vec![0u32; n + 1]);
        while let Some(m) = queue.pop() {
            for v in 1..=n {
                let mut next = m.clone();
                next[0] += 1;
                next[v] += 1;
                if lms.iter().any(|l| divides(l, &next)) || seen.contains(&next) {
                    continue;
                }
                if seen.len() >= limit {
                    return None;
                }
                seen.insert(next.clone());
                queue.push(next);
            }
        }
        let mut out: Vec<Vec<u32>> = seen.into_iter().collect();
        out.sort_by(|a, b| cmp_exps(a, b));
        Some(out)
    }

    /// A graded polynomial of an ordinary one (for callers working in the quotient).
    pub(crate) fn to_graded(&self, p: &Poly) -> Poly {
        graded(p, self.nvars)
    }
}

/// Reduces `p` by the active basis and adds what is left (with its new pairs): `Some(true)`
/// when the remainder is a nonzero constant (the ideal is the whole ring), `Some(false)`
/// otherwise (a zero remainder adds nothing); `None` when the budget runs out.
fn add_reduced(
    p: &Poly,
    polys: &mut Vec<Poly>,
    active: &mut Vec<usize>,
    pairs: &mut Vec<Pair>,
    budget: &mut Budget,
) -> Option<bool> {
    let by: Vec<&Poly> = active.iter().map(|&k| &polys[k]).collect();
    let h = reduce(p, &by, budget)?;
    if h.is_zero() {
        return Some(false);
    }
    if h.is_constant() {
        return Some(true);
    }
    update(polys, active, pairs, h);
    Some(false)
}

/// Adds `h` to the basis under construction, with the Gebauer–Möller update of the pairs.
fn update(polys: &mut Vec<Poly>, active: &mut Vec<usize>, pairs: &mut Vec<Pair>, h: Poly) {
    let h = if h.leading_coeff().is_negative() { h.neg() } else { h };
    let hi = polys.len();
    let hm = lm(&h).to_vec();
    polys.push(h);
    // Gebauer–Möller (Becker–Weispfenning's UPDATE): a new pair (g, h) goes when another
    // new pair's lcm divides its lcm, unless its leading monomials are coprime (kept a
    // while to rule out others, then dropped: the product criterion).
    let mut c: Vec<Pair> = active.iter().map(|&g| Pair { i: g, j: hi, lcm: lcm(lm(&polys[g]), &hm) }).collect();
    let mut d: Vec<Pair> = Vec::new();
    while let Some(p) = c.pop() {
        let coprime = disjoint(lm(&polys[p.i]), &hm);
        let ruled_out = c.iter().chain(d.iter()).any(|q| divides(&q.lcm, &p.lcm));
        if coprime || !ruled_out {
            d.push(p);
        }
    }
    let fresh: Vec<Pair> = d.into_iter().filter(|p| !disjoint(lm(&polys[p.i]), &hm)).collect();
    // Old pairs whose lcm h's leading monomial divides, properly against both new lcms, go.
    pairs.retain(|p| {
        !(divides(&hm, &p.lcm) && lcm(lm(&polys[p.i]), &hm) != p.lcm && lcm(lm(&polys[p.j]), &hm) != p.lcm)
    });
    pairs.extend(fresh);
    // Basis elements whose leading monomial h's divides are redundant from now on.
    active.retain(|&g| !divides(&hm, lm(&polys[g])));
    active.push(hi);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::number::int;

    fn p2(terms: &[(u32, u32, i64)]) -> Poly {
        Poly::from_terms(2, terms.iter().map(|&(a, b, c)| (vec![a, b], int(c))))
    }

    #[test]
    fn a_basis_of_a_zero_dimensional_system() {
        // x² + y² - 1, x - y: points (±√2/2, ±√2/2)
        let f = p2(&[(2, 0, 1), (0, 2, 1), (0, 0, -1)]);
        let g = p2(&[(1, 0, 1), (0, 1, -1)]);
        let b = Basis::new(&[f, g], 2, &mut Budget::new(100_000)).unwrap();
        assert!(!b.is_unit());
        assert_eq!(b.dimension(), Some(0));
        assert_eq!(b.standard_monomials(100).unwrap().len(), 2);
        // x² is y² modulo the ideal, and y² is 1/2.
        let x2 = p2(&[(2, 0, 1)]);
        let nf = b.normal_form(&x2, &mut Budget::new(1000)).unwrap();
        assert_eq!(nf, Poly::constant(2, crate::expr::number::frac(1, 2)));
    }

    #[test]
    fn inconsistent_and_positive_dimensional_systems() {
        let x = p2(&[(1, 0, 1)]);
        let x1 = p2(&[(1, 0, 1), (0, 0, -1)]);
        let b = Basis::new(&[x.clone(), x1], 2, &mut Budget::new(1000)).unwrap();
        assert!(b.is_unit());
        assert_eq!(b.dimension(), None);
        // x·y: the two axes, dimension 1
        let xy = p2(&[(1, 1, 1)]);
        let b = Basis::new(&[xy], 2, &mut Budget::new(1000)).unwrap();
        assert_eq!(b.dimension(), Some(1));
        assert_eq!(b.standard_monomials(50), None);
    }

    #[test]
    fn the_gradient_of_himmelblau_has_nine_solutions_over_c() {
        // f = (x² + y - 11)² + (x + y² - 7)²
        let a = p2(&[(2, 0, 1), (0, 1, 1), (0, 0, -11)]);
        let b = p2(&[(1, 0, 1), (0, 2, 1), (0, 0, -7)]);
        let f = a.pow(2).add(&b.pow(2));
        let g = [f.derivative(0), f.derivative(1)];
        let basis = Basis::new(&g, 2, &mut Budget::new(10_000_000)).unwrap();
        assert_eq!(basis.dimension(), Some(0));
        assert_eq!(basis.standard_monomials(100).unwrap().len(), 9);
        // every generator reduces to 0
        for p in &g {
            assert!(basis.normal_form(p, &mut Budget::new(100_000)).unwrap().is_zero());
        }
    }
}
