//! The real solutions of a zero-dimensional polynomial system, exactly.
//!
//! From a Gröbner basis ([`Basis`]) the quotient ring A = ℚ[x]/I is a finite-dimensional
//! vector space (the standard monomials are a basis), and everything else is linear algebra
//! in it:
//!
//! 1. the minimal polynomial of each variable (the powers of xᵢ until they are linearly
//!    dependent); where one is not square-free, its square-free part is added to the
//!    ideal, which makes it radical (Seidenberg's lemma): one solution, one dimension of A;
//! 2. a separating element t = x₁ + c·x₂ + c²·x₃ + … (its minimal polynomial has degree
//!    dim A, so t takes a different value at every solution) and each variable as a
//!    polynomial in t (the shape of the ideal: xᵢ = rᵢ(t));
//! 3. the real solutions are then exactly the real roots α of t's minimal polynomial, each
//!    isolated exactly ([`super::roots`]), with coordinates rᵢ(α).
//!
//! A polynomial h at the solutions ([`RealSolutions::values`]): its values are roots of its
//! own minimal polynomial in A; h(P) = H(α) for H the normal form of h written in powers of
//! t, and evaluating H on α's interval with exact rational interval arithmetic, refined
//! until the enclosure falls inside one root's isolating interval, tells which root h(P) is
//! — exactly, with its rational or quadratic form where it has one. Signs (of minors, for
//! the second-derivative test) come from the same values.

use super::groebner::Basis;
use super::poly::Poly;
use super::roots::{locate, real_roots, RealRoot};
use super::Budget;
use crate::expr::number::{self, Rational};
use num_bigint::BigInt;
use num_traits::{One, Zero};
use rustc_hash::FxHashMap;

/// Why a system was not solved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SolveError {
    /// The work budget ran out.
    Budget,
    /// More solutions over ℂ (with multiplicity) than the limit.
    TooManySolutions(usize),
}

/// How many solutions (over ℂ, with multiplicity) a system may have.
pub const MAX_SOLUTIONS: usize = 400;

/// The quotient ring ℚ[x]/I of a zero-dimensional ideal: its standard monomials (graded
/// exponents) and the basis that reduces into their span.
struct Quotient {
    basis: Basis,
    monomials: Vec<Vec<u32>>,
    index: FxHashMap<Vec<u32>, usize>,
}

/// Row-echelon rows of powers of one element: `vec` is a combination of normal forms,
/// `combo` its coefficients in terms of the powers 1, a, a², ….
struct Echelon {
    rows: Vec<(usize, Vec<Rational>, Vec<Rational>)>,
}

impl Echelon {
    /// Reduces `v` against the rows; returns the remainder and the combination of powers
    /// that was subtracted (so v = remainder + Σ combo·powers).
    fn reduce(&self, v: &mut [Rational], combo: &mut Vec<Rational>, budget: &mut Budget) -> Option<()> {
        for (pivot, row, rc) in &self.rows {
            if v[*pivot].is_zero() {
                continue;
            }
            budget.spend(row.len() + rc.len())?;
            let f = number::div(&v[*pivot], &row[*pivot])?;
            for (x, r) in v.iter_mut().zip(row) {
                if !r.is_zero() {
                    *x = number::add(x, &-number::mul(&f, r));
                }
            }
            if combo.len() < rc.len() {
                combo.resize(rc.len(), Rational::zero());
            }
            for (c, r) in combo.iter_mut().zip(rc) {
                if !r.is_zero() {
                    *c = number::add(c, &number::mul(&f, r));
                }
            }
        }
        Some(())
    }
}

impl Quotient {
    fn new(basis: Basis) -> Result<Quotient, SolveError> {
        let monomials = basis.standard_monomials(MAX_SOLUTIONS).ok_or(SolveError::TooManySolutions(MAX_SOLUTIONS))?;
        let index = monomials.iter().enumerate().map(|(i, m)| (m.clone(), i)).collect();
        Ok(Quotient { basis, monomials, index })
    }

    fn dim(&self) -> usize {
        self.monomials.len()
    }

    /// Coordinates of a graded polynomial's normal form.
    fn vector(&self, p: &Poly, budget: &mut Budget) -> Option<Vec<Rational>> {
        let nf = self.basis.normal_form_graded(p, budget)?;
        let mut v = vec![Rational::zero(); self.dim()];
        for (e, c) in nf.terms() {
            v[*self.index.get(e)?] = c.clone();
        }
        Some(v)
    }

    /// The graded polynomial with these coordinates.
    fn poly(&self, v: &[Rational]) -> Poly {
        let n = self.monomials.first().map_or(1, Vec::len);
        Poly::from_terms(
            n,
            self.monomials.iter().zip(v).filter(|(_, c)| !c.is_zero()).map(|(m, c)| (m.clone(), c.clone())),
        )
    }

    /// The minimal polynomial of `a` (graded) in the quotient (monic, lowest degree first),
    /// and the echelon rows of its powers.
    fn minimal_polynomial(&self, a: &Poly, budget: &mut Budget) -> Option<(Vec<Rational>, Echelon)> {
        let mut ech = Echelon { rows: Vec::new() };
        let n = self.monomials.first().map_or(1, Vec::len);
        let mut power = Poly::one(n); // a^k reduced
        for k in 0..=self.dim() {
            let mut v = self.vector(&power, budget)?;
            let mut combo = vec![Rational::zero(); k + 1];
            combo[k] = Rational::one();
            // v - Σ f·rows = remainder; track combo = e_k - Σ f·rc.
            let mut sub = Vec::new();
            ech.reduce(&mut v, &mut sub, budget)?;
            for (c, s) in combo.iter_mut().zip(&sub) {
                *c = number::add(c, &-s.clone());
            }
            match v.iter().position(|x| !x.is_zero()) {
                None => return Some((combo, ech)),
                Some(pivot) => ech.rows.push((pivot, v, combo)),
            }
            budget.spend(self.dim())?;
            power = self.poly(&self.vector(&power.mul(a), budget)?);
        }
        None
    }
}

/// The real solutions of a zero-dimensional system, with what is needed to evaluate
/// polynomials at them exactly.
pub struct RealSolutions {
    quotient: Quotient,
    /// t's powers in echelon form (to write normal forms in powers of t).
    powers: Echelon,
    /// One real root α of t's minimal polynomial per real solution, in increasing order.
    alphas: Vec<RealRoot>,
    /// The coordinates of each solution when they are all rational.
    rational: Vec<Option<Vec<Rational>>>,
    nvars: usize,
    /// Each variable's minimal polynomial in the ideal as given (before the radical): the
    /// eliminant, a polynomial in that variable alone vanishing at every solution.
    eliminants: Vec<Vec<Rational>>,
}

/// The outcome of solving.
pub enum Solved {
    /// No solution at all, even complex.
    Inconsistent,
    /// Finitely many: the real ones.
    Finite(RealSolutions),
    /// Infinitely many (over ℂ): the dimension of the solution set and the basis.
    Infinite(usize, Basis),
}

/// Solves the system `gens = 0` in `nvars` variables.
pub fn solve(gens: &[Poly], nvars: usize, budget: &mut Budget) -> Result<Solved, SolveError> {
    let basis = Basis::new(gens, nvars, budget).ok_or(SolveError::Budget)?;
    match basis.dimension() {
        None => return Ok(Solved::Inconsistent),
        Some(0) => {}
        Some(d) => return Ok(Solved::Infinite(d, basis)),
    }
    let mut q = Quotient::new(basis)?;
    // The radical: add the square-free parts of the variables' minimal polynomials.
    let mut extra: Vec<Poly> = Vec::new();
    let mut eliminants = Vec::with_capacity(nvars);
    for v in 0..nvars {
        let xv = q.basis.to_graded(&Poly::var(nvars, v));
        let (m, _) = q.minimal_polynomial(&xv, budget).ok_or(SolveError::Budget)?;
        eliminants.push(m.clone());
        let p = univariate(&m, nvars, v);
        let (_, parts) = super::square_free(&p, budget).ok_or(SolveError::Budget)?;
        if parts.iter().any(|(_, k)| *k > 1) {
            let sf = parts.iter().fold(Poly::one(nvars), |acc, (f, _)| acc.mul(f));
            extra.push(sf);
        }
    }
    if !extra.is_empty() {
        let mut all = q.basis.polys();
        all.extend(extra);
        let basis = Basis::new(&all, nvars, budget).ok_or(SolveError::Budget)?;
        q = Quotient::new(basis)?;
    }
    let dim = q.dim();
    // A separating element.
    let mut found = None;
    // t = x₁ first (points then read in their first coordinate), then Σ (c+1)^v·x_v.
    for c in -1i64..24 {
        let t = if c < 0 {
            Poly::var(nvars, 0)
        } else {
            let mut t = Poly::zero(nvars);
            let mut w = BigInt::one();
            for v in 0..nvars {
                t = t.add(&Poly::var(nvars, v).scale(&Rational::from_integer(w.clone())));
                w *= BigInt::from(c + 1);
            }
            t
        };
        let tg = q.basis.to_graded(&t);
        let (m, ech) = q.minimal_polynomial(&tg, budget).ok_or(SolveError::Budget)?;
        if m.len() - 1 == dim {
            found = Some((m, ech));
            break;
        }
    }
    let (m, powers) = found.ok_or(SolveError::Budget)?;
    let alphas = real_roots(&m, budget).ok_or(SolveError::Budget)?;
    let mut sols = RealSolutions { quotient: q, powers, rational: vec![None; alphas.len()], alphas, nvars, eliminants };
    // Coordinates: rational points get their rationals directly.
    let coords: Vec<Vec<RealRoot>> = (0..nvars)
        .map(|v| sols.values_unchecked(&Poly::var(nvars, v), budget))
        .collect::<Option<_>>()
        .ok_or(SolveError::Budget)?;
    for k in 0..sols.alphas.len() {
        let r: Option<Vec<Rational>> = coords.iter().map(|c| c[k].as_rational().cloned()).collect();
        sols.rational[k] = r;
    }
    Ok(Solved::Finite(sols))
}

/// Σ mᵢ·x_vⁱ in `nvars` variables.
fn univariate(m: &[Rational], nvars: usize, v: usize) -> Poly {
    Poly::from_terms(
        nvars,
        m.iter().enumerate().map(|(i, c)| {
            let mut e = vec![0u32; nvars];
            e[v] = i as u32;
            (e, c.clone())
        }),
    )
}

/// [lo, hi] of a polynomial with rational coefficients (lowest first) over [a, b].
fn enclose(h: &[Rational], a: &Rational, b: &Rational) -> (Rational, Rational) {
    let mut lo = Rational::zero();
    let mut hi = Rational::zero();
    for c in h.iter().rev() {
        // [lo, hi]·[a, b] + c
        let ps = [number::mul(&lo, a), number::mul(&lo, b), number::mul(&hi, a), number::mul(&hi, b)];
        let (mut l, mut u) = (ps[0].clone(), ps[0].clone());
        for p in &ps[1..] {
            if *p < l {
                l = p.clone();
            }
            if *p > u {
                u = p.clone();
            }
        }
        lo = number::add(&l, c);
        hi = number::add(&u, c);
    }
    (lo, hi)
}

impl RealSolutions {
    /// The number of real solutions.
    pub fn len(&self) -> usize {
        self.alphas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.alphas.is_empty()
    }

    pub fn nvars(&self) -> usize {
        self.nvars
    }

    /// The solutions' coordinates when they are rational.
    pub fn rational_point(&self, k: usize) -> Option<&[Rational]> {
        self.rational[k].as_deref()
    }

    /// The eliminant of variable `v` (coefficients, lowest degree first, monic).
    pub fn eliminant(&self, v: usize) -> &[Rational] {
        &self.eliminants[v]
    }

    /// The number of solutions over ℂ (each once).
    pub fn complex_count(&self) -> usize {
        self.quotient.dim()
    }

    /// h at every real solution, exactly, in the order of the solutions.
    pub fn values(&mut self, h: &Poly, budget: &mut Budget) -> Option<Vec<RealRoot>> {
        if self.rational.iter().all(Option::is_some) {
            return Some(self.rational.iter().flatten().map(|p| RealRoot::rational(h.eval(p))).collect());
        }
        self.values_unchecked(h, budget)
    }

    fn values_unchecked(&mut self, h: &Poly, budget: &mut Budget) -> Option<Vec<RealRoot>> {
        if self.alphas.is_empty() {
            return Some(Vec::new());
        }
        let hg = self.quotient.basis.to_graded(h);
        // H: h's normal form in powers of t.
        let mut v = self.quotient.vector(&hg, budget)?;
        let mut combo = Vec::new();
        self.powers.reduce(&mut v, &mut combo, budget)?;
        if v.iter().any(|x| !x.is_zero()) {
            return None; // cannot happen: the powers of t span the quotient
        }
        let (m, _) = self.quotient.minimal_polynomial(&hg, budget)?;
        let roots = real_roots(&m, budget)?;
        let mut out = Vec::with_capacity(self.alphas.len());
        for k in 0..self.alphas.len() {
            if let Some(p) = &self.rational[k] {
                out.push(RealRoot::rational(h.eval(p)));
                continue;
            }
            let mut steps = 0;
            let found = loop {
                let alpha = &self.alphas[k];
                let (a, b) = alpha.interval();
                let (a, b) = (a.clone(), b.clone());
                let (lo, hi) = match alpha.as_rational() {
                    Some(r) => {
                        let v = enclose(&combo, r, r);
                        (v.0, v.1)
                    }
                    None => enclose(&combo, &a, &b),
                };
                if let Some(i) = locate(&roots, &lo, &hi) {
                    break i;
                }
                // An exact rational value sits on its own: match it directly.
                if lo == hi {
                    if let Some(i) = roots.iter().position(|r| r.as_rational() == Some(&lo)) {
                        break i;
                    }
                }
                steps += 1;
                budget.spend(combo.len() + 1)?;
                if steps > 20_000 {
                    return None;
                }
                for _ in 0..(1u32 << steps.min(6)) {
                    self.alphas[k].refine();
                }
            };
            out.push(roots[found].clone());
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::number::{frac, int};

    fn p2(terms: &[(u32, u32, i64)]) -> Poly {
        Poly::from_terms(2, terms.iter().map(|&(a, b, c)| (vec![a, b], int(c))))
    }

    fn finite(gens: &[Poly], n: usize) -> RealSolutions {
        match solve(gens, n, &mut Budget::new(50_000_000)) {
            Ok(Solved::Finite(s)) => s,
            Ok(Solved::Inconsistent) => panic!("inconsistent"),
            Ok(Solved::Infinite(d, _)) => panic!("infinite {d}"),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn the_critical_points_of_x4_y4_4xy() {
        // ∇(x⁴ + y⁴ - 4xy + 1) = (4x³ - 4y, 4y³ - 4x): (0,0), (1,1), (-1,-1)
        let f = p2(&[(4, 0, 1), (0, 4, 1), (1, 1, -4), (0, 0, 1)]);
        let mut s = finite(&[f.derivative(0), f.derivative(1)], 2);
        assert_eq!(s.len(), 3);
        assert_eq!(s.complex_count(), 9);
        let xs = s.values(&Poly::var(2, 0), &mut Budget::new(1_000_000)).unwrap();
        let mut got: Vec<Rational> = xs.iter().map(|r| r.as_rational().cloned().unwrap()).collect();
        got.sort();
        assert_eq!(got, vec![int(-1), int(0), int(1)]);
    }

    #[test]
    fn a_non_radical_system_counts_each_point_once() {
        // x³ = 0, y³ = 0: one point
        let s = finite(&[p2(&[(3, 0, 1)]), p2(&[(0, 3, 1)])], 2);
        assert_eq!(s.len(), 1);
        assert_eq!(s.rational_point(0), Some(&[int(0), int(0)][..]));
    }

    #[test]
    fn irrational_points_are_exact() {
        // Lagrange for xy on the unit circle: y - 2λx, x - 2λy, x² + y² - 1 (x, y, λ)
        let v = |i: usize| Poly::var(3, i);
        let two = Poly::constant(3, int(2));
        let g1 = v(1).sub(&two.mul(&v(2)).mul(&v(0)));
        let g2 = v(0).sub(&two.mul(&v(2)).mul(&v(1)));
        let g3 = v(0).pow(2).add(&v(1).pow(2)).sub(&Poly::one(3));
        let mut s = finite(&[g1, g2, g3], 3);
        assert_eq!(s.len(), 4);
        let mut b = Budget::new(10_000_000);
        let xs = s.values(&v(0), &mut b).unwrap();
        for x in &xs {
            let (q, _) = x.quadratic().unwrap();
            assert_eq!(q, [BigInt::from(2), BigInt::from(0), BigInt::from(-1)]);
        }
        let f = s.values(&v(0).mul(&v(1)), &mut b).unwrap();
        let mut fs: Vec<Rational> = f.iter().map(|r| r.as_rational().cloned().unwrap()).collect();
        fs.sort();
        assert_eq!(fs, vec![frac(-1, 2), frac(-1, 2), frac(1, 2), frac(1, 2)]);
        // λ = ±1/2, matching f = λ (x y = λ(x² + y²) = λ)
        let l = s.values(&v(2), &mut b).unwrap();
        for (a, b) in l.iter().zip(&f) {
            assert_eq!(a.as_rational(), b.as_rational());
        }
    }

    #[test]
    fn himmelblau_has_nine_real_critical_points() {
        let a = p2(&[(2, 0, 1), (0, 1, 1), (0, 0, -11)]);
        let b = p2(&[(1, 0, 1), (0, 2, 1), (0, 0, -7)]);
        let f = a.pow(2).add(&b.pow(2));
        let mut s = finite(&[f.derivative(0), f.derivative(1)], 2);
        assert_eq!(s.len(), 9);
        let mut bud = Budget::new(50_000_000);
        let vals = s.values(&f, &mut bud).unwrap();
        let zeros = vals.iter().filter(|v| v.as_rational().is_some_and(|r| r.is_zero())).count();
        assert_eq!(zeros, 4, "the four minima have f = 0");
    }
}
