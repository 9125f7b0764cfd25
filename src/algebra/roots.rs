//! The real roots of a univariate polynomial with rational coefficients, exactly: each root
//! is a [`RealRoot`] — a square-free integer polynomial and an open interval with rational
//! ends holding that root and no other — refined by bisection to any width, with its
//! decimals correctly rounded, and recognised as a rational number or a quadratic
//! irrational (`(-b ± √(b² − 4ac))/2a`) where it is one.
//!
//! Isolation is Descartes' rule of signs with bisection (the Vincent–Collins–Akritas
//! method): the positive roots are scaled into (0, 1); an interval whose transformed
//! polynomial `(x + 1)ⁿ q(1/(x + 1))` has no sign variation holds no root, one variation
//! exactly one root, and otherwise it is halved. Everything is integer arithmetic; a root
//! met at a midpoint is rational and divided out.
//!
//! Recognising forms: a rational root u/v of a primitive integer polynomial has v | lc, so
//! lc·root is an integer — refining until the interval of lc·root is narrower than 1
//! leaves at most one candidate, checked exactly. Likewise two real roots of one quadratic
//! factor a·x² + b·x + c (a | lc) have lc·(sum) and lc·(product) integers; the candidate
//! factor is checked by exact division.

use super::Budget;
use crate::expr::number::{self, Rational};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// A real algebraic number: the one root of `poly` inside the open interval (lo, hi).
#[derive(Clone, Debug)]
pub struct RealRoot {
    /// Square-free, primitive, positive leading coefficient, lowest degree first: the
    /// smallest polynomial gradcalc found for this number (degree 1 for a rational number,
    /// 2 for a quadratic irrational).
    poly: Vec<BigInt>,
    lo: Rational,
    hi: Rational,
    /// The sign of `poly` at `lo` (never 0: the ends are not roots).
    sign_lo: i8,
    /// The value, when it is rational.
    exact: Option<Rational>,
}

/// Coefficients with integer entries, lowest degree first, no trailing zeros.
pub type Coeffs = Vec<BigInt>;

/// The integer polynomial proportional to these rational coefficients (lowest first),
/// primitive, leading coefficient positive.
pub fn integer_coeffs(cs: &[Rational]) -> Coeffs {
    let mut den = BigInt::one();
    for c in cs {
        let g = number::gcd(&den, c.denom());
        den = &den / g * c.denom();
    }
    let mut out: Coeffs = cs.iter().map(|c| c.numer() * (&den / c.denom())).collect();
    trim(&mut out);
    primitive(&mut out);
    out
}

fn trim(p: &mut Coeffs) {
    while p.len() > 1 && p.last().is_some_and(Zero::is_zero) {
        p.pop();
    }
    if p.len() == 1 && p[0].is_zero() {
        p.clear();
    }
}

/// Divides out the content and makes the leading coefficient positive.
fn primitive(p: &mut Coeffs) {
    let mut g = BigInt::zero();
    for c in p.iter() {
        g = number::gcd(&g, c);
        if g.is_one() {
            break;
        }
    }
    if g.is_zero() {
        return;
    }
    if p.last().is_some_and(Signed::is_negative) {
        g = -g;
    }
    if !g.is_one() {
        for c in p.iter_mut() {
            *c = &*c / &g;
        }
    }
}

fn degree(p: &Coeffs) -> usize {
    p.len().saturating_sub(1)
}

/// The sign of p(a/b) (b > 0): of Σ cᵢ·aⁱ·bⁿ⁻ⁱ.
fn sign_at(p: &Coeffs, x: &Rational) -> i8 {
    let (a, b) = (x.numer(), x.denom());
    let mut acc = BigInt::zero();
    let mut bpow = BigInt::one();
    // Horner from the top: acc = acc·a + cᵢ·b^(n-i).
    for c in p.iter().rev() {
        acc = acc * a + c * &bpow;
        bpow *= b;
    }
    // The loop multiplied the top coefficient by b⁰ and each later one by one more b: acc =
    // Σ cᵢ·aⁱ·b^(n-i) up to the positive factor b^0 (bpow is not used after).
    sign_of(&acc)
}

fn sign_of(x: &BigInt) -> i8 {
    if x.is_zero() {
        0
    } else if x.is_positive() {
        1
    } else {
        -1
    }
}

/// The number of sign changes in the coefficients (zeros skipped).
fn variations(p: &[BigInt]) -> usize {
    let mut last = 0i8;
    let mut count = 0;
    for c in p {
        let s = sign_of(c);
        if s != 0 {
            if last != 0 && s != last {
                count += 1;
            }
            last = s;
        }
    }
    count
}

/// p(x + 1), in place.
fn taylor_shift_one(p: &mut [BigInt]) {
    let n = p.len();
    for i in 0..n.saturating_sub(1) {
        for j in (i..n - 1).rev() {
            let next = p[j + 1].clone();
            p[j] += next;
        }
    }
}

/// p / (x - 1) for p with p(1) = 0.
fn divide_by_x_minus_one(p: &Coeffs) -> Coeffs {
    let n = degree(p);
    let mut q = vec![BigInt::zero(); n];
    q[n - 1] = p[n].clone();
    for i in (1..n).rev() {
        q[i - 1] = &p[i] + &q[i];
    }
    q
}

/// Exact division of integer polynomials over ℚ: `Some(q)` (as rationals) when d | p.
fn divide(p: &[Rational], d: &[Rational]) -> Option<Vec<Rational>> {
    let (n, m) = (p.len(), d.len());
    if m == 0 || n < m {
        return if p.iter().all(Zero::is_zero) { Some(Vec::new()) } else { None };
    }
    let mut r = p.to_vec();
    let mut q = vec![Rational::zero(); n - m + 1];
    let lead = &d[m - 1];
    for k in (0..=n - m).rev() {
        let c = number::div(&r[k + m - 1], lead)?;
        if !c.is_zero() {
            for (j, dj) in d.iter().enumerate() {
                let t = number::mul(&c, dj);
                r[k + j] = number::add(&r[k + j], &-t);
            }
        }
        q[k] = c;
    }
    r.iter().all(Zero::is_zero).then_some(q)
}

fn to_rationals(p: &Coeffs) -> Vec<Rational> {
    p.iter().map(|c| Rational::from_integer(c.clone())).collect()
}

/// The square-free part (over ℚ) of an integer polynomial: p / gcd(p, p′).
fn square_free_part(p: &Coeffs, budget: &mut Budget) -> Option<Coeffs> {
    if degree(p) <= 1 {
        return Some(p.clone());
    }
    let d: Coeffs = p.iter().enumerate().skip(1).map(|(i, c)| c * BigInt::from(i)).collect();
    let g = gcd(p, &d, budget)?;
    if g.len() <= 1 {
        return Some(p.clone());
    }
    let q = divide(&to_rationals(p), &to_rationals(&g))?;
    Some(integer_coeffs(&q))
}

/// The gcd of two integer polynomials (primitive remainder sequence), primitive.
fn gcd(a: &Coeffs, b: &Coeffs, budget: &mut Budget) -> Option<Coeffs> {
    let (mut a, mut b) = (a.clone(), b.clone());
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    while !b.is_empty() {
        budget.spend(a.len() * b.len())?;
        let r = pseudo_remainder(&a, &b);
        a = b;
        b = r;
        primitive(&mut b);
    }
    primitive(&mut a);
    Some(a)
}

/// lc(b)^k·a mod b, trimmed.
fn pseudo_remainder(a: &Coeffs, b: &Coeffs) -> Coeffs {
    let mut r = a.clone();
    let m = b.len();
    let lb = &b[m - 1];
    while r.len() >= m && !r.is_empty() {
        let lr = r[r.len() - 1].clone();
        let shift = r.len() - m;
        for c in r.iter_mut() {
            *c *= lb;
        }
        for (j, bj) in b.iter().enumerate() {
            r[shift + j] -= &lr * bj;
        }
        trim(&mut r);
        primitive(&mut r);
    }
    r
}

/// How many bits bound the positive roots: every root is below 2^k.
fn root_bound_bits(p: &Coeffs) -> u64 {
    let lead_bits = p[degree(p)].bits();
    let most = p.iter().map(|c| c.bits()).max().unwrap_or(0);
    (most + 2).saturating_sub(lead_bits)
}

/// The positive real roots of a square-free integer polynomial with p(0) ≠ 0: intervals
/// (lo, hi) holding one root each (exact rational roots met at midpoints as (r, r)).
fn isolate_positive(p: &Coeffs, budget: &mut Budget) -> Option<Vec<(Rational, Rational)>> {
    let n = degree(p);
    if n == 0 {
        return Some(Vec::new());
    }
    let k = root_bound_bits(p);
    let scale = BigInt::one() << k;
    // q(x) = p(2^k x): every positive root in (0, 1).
    let q: Coeffs = p.iter().enumerate().map(|(i, c)| c << (k as usize * i)).collect();
    let mut out = Vec::new();
    // (polynomial, c, j): its roots in (0, 1) are the roots of q in (c/2^j, (c+1)/2^j).
    let mut stack: Vec<(Coeffs, BigInt, u64)> = vec![(q, BigInt::zero(), 0)];
    while let Some((q, c, j)) = stack.pop() {
        let n = degree(&q);
        if n == 0 {
            continue;
        }
        budget.spend(n * n + 1)?;
        if j > 4_000 {
            return None; // roots closer than 2^-4000: beyond what this should ever meet
        }
        let mut t: Coeffs = q.iter().rev().cloned().collect();
        taylor_shift_one(&mut t);
        let v = variations(&t);
        let at = |num: &BigInt, j: u64| Rational::new(num * &scale, BigInt::one() << j);
        if v == 0 {
            continue;
        }
        if v == 1 {
            out.push((at(&c, j), at(&(&c + 1), j)));
            continue;
        }
        // Halve: q1(x) = 2^n q(x/2) on (0, 1) is the left half.
        let mut q1: Coeffs = q.iter().enumerate().map(|(i, a)| a << (n - i)).collect();
        let c2 = &c * 2;
        let sum: BigInt = q1.iter().sum();
        if sum.is_zero() {
            let r = at(&(&c2 + 1), j + 1);
            out.push((r.clone(), r));
            q1 = divide_by_x_minus_one(&q1);
        }
        let mut q2 = q1.clone();
        taylor_shift_one(&mut q2);
        stack.push((q2, &c2 + 1, j + 1));
        stack.push((q1, c2, j + 1));
    }
    Some(out)
}

impl RealRoot {
    /// The root of `poly` (square-free) in the open interval (lo, hi), or the exact rational
    /// root `lo` when lo = hi.
    fn new(poly: Coeffs, lo: Rational, hi: Rational) -> RealRoot {
        if lo == hi {
            return RealRoot::rational(lo);
        }
        let sign_lo = sign_at(&poly, &lo);
        RealRoot { poly, lo, hi, sign_lo, exact: None }
    }

    /// A rational number, with its linear polynomial and an interval around it.
    pub fn rational(r: Rational) -> RealRoot {
        let poly = integer_coeffs(&[-r.clone(), Rational::one()]);
        let half = Rational::new(BigInt::one(), BigInt::from(2));
        let (lo, hi) = (&r - &half, &r + &half);
        let sign_lo = sign_at(&poly, &lo);
        RealRoot { poly, lo, hi, sign_lo, exact: Some(r) }
    }

    /// The polynomial gradcalc knows this number to be a root of (integer coefficients,
    /// lowest degree first).
    pub fn poly(&self) -> &[BigInt] {
        &self.poly
    }

    pub fn degree(&self) -> usize {
        degree(&self.poly)
    }

    /// The value when it is rational.
    pub fn as_rational(&self) -> Option<&Rational> {
        self.exact.as_ref()
    }

    /// The interval holding it (an open one; a rational value lies strictly inside too).
    pub fn interval(&self) -> (&Rational, &Rational) {
        (&self.lo, &self.hi)
    }

    /// -1, 0 or 1.
    pub fn sign(&mut self) -> i8 {
        if let Some(r) = &self.exact {
            return sign_of(&r.numer().clone());
        }
        // 0 is not a root (or it would be rational): refine until 0 is outside.
        loop {
            if self.lo >= Rational::zero() {
                return 1;
            }
            if self.hi <= Rational::zero() {
                return -1;
            }
            let z = Rational::zero();
            // Split at 0 directly: one half holds the root.
            let s = sign_at(&self.poly, &z);
            if s == self.sign_lo {
                self.lo = z;
            } else {
                self.hi = z;
            }
        }
    }

    /// Halves the interval (a rational value: the interval shrinks around it).
    pub fn refine(&mut self) {
        if let Some(r) = &self.exact {
            self.lo = (&self.lo + r) / BigInt::from(2);
            self.hi = (&self.hi + r) / BigInt::from(2);
            return;
        }
        let mid = (&self.lo + &self.hi) / BigInt::from(2);
        match sign_at(&self.poly, &mid) {
            0 => {
                // Cannot happen for an irrational root of a square-free polynomial; kept
                // exact should it ever (a rational root not recognised).
                *self = RealRoot::rational(mid);
            }
            s if s == self.sign_lo => self.lo = mid,
            _ => self.hi = mid,
        }
    }

    /// Refines until the interval is narrower than `width`.
    pub fn refine_to(&mut self, width: &Rational) {
        while &(&self.hi - &self.lo) >= width {
            self.refine();
        }
    }

    /// The nearest double (the interval refined below its spacing).
    pub fn to_f64(&mut self) -> f64 {
        if let Some(r) = &self.exact {
            return number::to_f64(r);
        }
        for _ in 0..2_000 {
            let (a, b) = (number::to_f64(&self.lo), number::to_f64(&self.hi));
            if a == b || b.next_down() <= a {
                return number::to_f64(&((&self.lo + &self.hi) / BigInt::from(2)));
            }
            self.refine();
        }
        number::to_f64(&self.lo)
    }

    /// The value correctly rounded to `digits` significant digits: (negative, the digits,
    /// the decimal exponent of the first digit), 0 as (false, "0", 0).
    pub fn rounded(&mut self, digits: usize) -> (bool, String, i64) {
        let digits = digits.max(1);
        if let Some(r) = &self.exact {
            return round_significant(r, digits);
        }
        self.sign();
        loop {
            let a = round_significant(&self.lo, digits);
            let b = round_significant(&self.hi, digits);
            if a == b {
                return a;
            }
            for _ in 0..4 {
                self.refine();
            }
        }
    }

    /// `(a, b, c)` with this number a root of a·x² + b·x + c, irreducible over ℚ, and
    /// whether it is the larger root (`+√`).
    pub fn quadratic(&self) -> Option<([BigInt; 3], bool)> {
        if self.exact.is_some() || self.poly.len() != 3 {
            return None;
        }
        let (c, b, a) = (&self.poly[0], &self.poly[1], &self.poly[2]);
        // The roots are -b/2a ± √Δ/2a (a > 0): the larger one is above -b/2a.
        let vertex = Rational::new(-b, a * 2);
        let larger = self.lo >= vertex || {
            let mut me = self.clone();
            while me.lo < vertex && me.hi > vertex {
                me.refine();
            }
            me.lo >= vertex
        };
        Some(([a.clone(), b.clone(), c.clone()], larger))
    }

    /// Exact comparison with a number found with it (the same polynomial's roots, or two
    /// rationals); two roots of one polynomial are equal when their intervals meet.
    pub fn compare(&mut self, other: &mut RealRoot) -> std::cmp::Ordering {
        if let (Some(a), Some(b)) = (&self.exact, &other.exact) {
            return a.cmp(b);
        }
        for _ in 0..400 {
            if other.hi <= self.lo {
                return std::cmp::Ordering::Greater;
            }
            if self.hi <= other.lo {
                return std::cmp::Ordering::Less;
            }
            if self.poly == other.poly {
                return std::cmp::Ordering::Equal; // intervals of one polynomial's roots meet: the same root
            }
            self.refine();
            other.refine();
        }
        std::cmp::Ordering::Equal
    }

    /// Whether the intervals of `self` and `other` overlap.
    fn overlaps(&self, lo: &Rational, hi: &Rational) -> bool {
        !(self.hi <= *lo || *hi <= self.lo)
    }

    /// Whether [lo, hi] lies inside this root's interval.
    pub fn encloses(&self, lo: &Rational, hi: &Rational) -> bool {
        self.lo < *lo && *hi < self.hi
    }
}

/// r rounded to `digits` significant digits, half away from zero.
pub fn round_significant(r: &Rational, digits: usize) -> (bool, String, i64) {
    if r.is_zero() {
        return (false, "0".into(), 0);
    }
    let neg = r.is_negative();
    let num = r.numer().abs();
    let den = r.denom().clone();
    // e = floor(log10 |r|), from the digit counts, then corrected.
    let mut e = num.to_string().len() as i64 - den.to_string().len() as i64;
    let ten = BigInt::from(10);
    let pow = |k: i64| ten.pow(k.unsigned_abs() as u32);
    let ge = |e: i64| {
        // |r| ≥ 10^e ?
        if e >= 0 {
            num >= &den * pow(e)
        } else {
            &num * pow(e) >= den
        }
    };
    while !ge(e) {
        e -= 1;
    }
    while ge(e + 1) {
        e += 1;
    }
    // m = round(|r| · 10^(digits-1-e))
    let shift = digits as i64 - 1 - e;
    let (n2, d2) = if shift >= 0 { (&num * pow(shift), den.clone()) } else { (num.clone(), &den * pow(shift)) };
    let (q, rem) = n2.div_rem(&d2);
    let mut m = if rem * 2 >= d2 { q + 1 } else { q };
    if m.to_string().len() > digits {
        m /= 10;
        e += 1;
    }
    (neg, m.to_string(), e)
}

/// The real roots of the polynomial Σ cᵢ·xⁱ (rational coefficients, lowest first, not all
/// zero), each once, in increasing order, each recognised as rational or quadratic where it
/// is; `None` when the budget runs out.
pub fn real_roots(cs: &[Rational], budget: &mut Budget) -> Option<Vec<RealRoot>> {
    let p = integer_coeffs(cs);
    if p.len() <= 1 {
        return Some(Vec::new());
    }
    let p = square_free_part(&p, budget)?;
    let mut roots: Vec<RealRoot> = Vec::new();
    // Zero, then the positive roots of p and of p(-x).
    let zeros = p.iter().take_while(|c| c.is_zero()).count();
    let p0: Coeffs = p[zeros..].to_vec();
    if zeros > 0 {
        roots.push(RealRoot::rational(Rational::zero()));
    }
    let mut neg: Coeffs = p0.iter().enumerate().map(|(i, c)| if i % 2 == 1 { -c } else { c.clone() }).collect();
    primitive(&mut neg);
    let mut intervals = isolate_positive(&p0, budget)?;
    intervals.extend(isolate_positive(&neg, budget)?.into_iter().map(|(lo, hi)| (-hi, -lo)));
    // Rational roots met at midpoints are divided out first: they may be the ends of
    // their neighbours' intervals.
    let mut rest = to_rationals(&p0);
    for (lo, hi) in &intervals {
        if lo == hi {
            rest = divide(&rest, &[-lo.clone(), Rational::one()])?;
            roots.push(RealRoot::rational(lo.clone()));
        }
    }
    let rest = integer_coeffs(&rest);
    for (lo, hi) in intervals {
        if lo != hi {
            roots.push(RealRoot::new(rest.clone(), lo, hi));
        }
    }
    recognise(&rest, &mut roots, budget)?;
    separate(&mut roots, budget)?;
    roots.sort_by(|a, b| a.lo.cmp(&b.lo));
    Some(roots)
}

/// Refines until no two closed intervals meet (a rational root met at a midpoint starts
/// with a wide interval of its own; a neighbour's may end at it).
fn separate(roots: &mut [RealRoot], budget: &mut Budget) -> Option<()> {
    loop {
        let mut clash = None;
        'find: for i in 0..roots.len() {
            for j in i + 1..roots.len() {
                let (a, b) = (&roots[i], &roots[j]);
                if !(a.hi < b.lo || b.hi < a.lo) {
                    clash = Some((i, j));
                    break 'find;
                }
            }
        }
        let Some((i, j)) = clash else { return Some(()) };
        budget.spend(1)?;
        roots[i].refine();
        roots[j].refine();
    }
}

/// Rational roots and pairs of roots of one quadratic factor get their own polynomial; the
/// others get what is left of `p` when those factors are divided out.
fn recognise(p: &Coeffs, roots: &mut [RealRoot], budget: &mut Budget) -> Option<()> {
    let lc = p[degree(p)].clone();
    let mut rest = to_rationals(p);
    // Rational roots: lc·root is an integer.
    for r in roots.iter_mut() {
        if r.exact.is_some() {
            continue; // divided out already
        }
        let width = Rational::new(BigInt::one(), lc.clone());
        r.refine_to(&width);
        budget.spend(1)?;
        let (lo, hi) = (&r.lo * &lc, &r.hi * &lc);
        let m = hi.floor();
        if m > lo && m < hi {
            let cand = m / Rational::from_integer(lc.clone());
            if sign_at(&r.poly, &cand) == 0 {
                rest = divide(&rest, &[-cand.clone(), Rational::one()])?;
                let mut exact = RealRoot::rational(cand);
                exact.lo = r.lo.clone();
                exact.hi = r.hi.clone();
                exact.sign_lo = sign_at(&exact.poly, &exact.lo);
                *r = exact;
            }
        }
    }
    // Quadratic pairs among the irrational roots.
    let irrational: Vec<usize> = (0..roots.len()).filter(|&i| roots[i].exact.is_none()).collect();
    let mut paired = vec![false; roots.len()];
    if irrational.len() >= 2 && rest.len() > 3 {
        for (ai, &i) in irrational.iter().enumerate() {
            for &j in &irrational[ai + 1..] {
                if paired[i] || paired[j] {
                    continue;
                }
                budget.spend(rest.len())?;
                if let Some(q) = quadratic_pair(roots, i, j, &lc) {
                    if let Some(d) = divide(&rest, &to_rationals(&q)) {
                        rest = d;
                        for k in [i, j] {
                            roots[k].poly = q.clone();
                            roots[k].sign_lo = sign_at(&q, &roots[k].lo);
                        }
                        paired[i] = true;
                        paired[j] = true;
                    }
                }
            }
        }
    }
    let rest = integer_coeffs(&rest);
    for (k, r) in roots.iter_mut().enumerate() {
        if r.exact.is_none() && !paired[k] && degree(&rest) >= 1 && rest.len() < r.poly.len() {
            r.poly = rest.clone();
            r.sign_lo = sign_at(&rest, &r.lo);
        }
    }
    Some(())
}

/// The quadratic lc·x² − S·x + P through roots i and j when lc·(sum) and lc·(product) are
/// integers S and P (refining until their intervals are narrower than 1).
fn quadratic_pair(roots: &mut [RealRoot], i: usize, j: usize, lc: &BigInt) -> Option<Coeffs> {
    let lcq = Rational::from_integer(lc.clone());
    for _ in 0..400 {
        let (a, b) = (&roots[i], &roots[j]);
        let (slo, shi) = (&(&a.lo + &b.lo) * &lcq, &(&a.hi + &b.hi) * &lcq);
        let prods = [&a.lo * &b.lo, &a.lo * &b.hi, &a.hi * &b.lo, &a.hi * &b.hi];
        let plo = prods.iter().min()? * &lcq;
        let phi = prods.iter().max()? * &lcq;
        let one = Rational::one();
        if &shi - &slo < one && &phi - &plo < one {
            // The one integer strictly inside each interval, if there is one.
            let inside = |lo: &Rational, hi: &Rational| {
                let mut k = hi.floor();
                if &k == hi {
                    k -= Rational::one();
                }
                (&k > lo).then_some(k)
            };
            let (Some(s), Some(p)) = (inside(&slo, &shi), inside(&plo, &phi)) else { return None };
            let mut q = vec![p.to_integer(), -s.to_integer(), lc.clone()];
            primitive(&mut q);
            return Some(q);
        }
        roots[i].refine();
        roots[j].refine();
    }
    None
}

/// For a polynomial's value enclosed in [lo, hi], the index of the root (of `roots`, the
/// real roots of a polynomial the value is a root of) whose interval holds it, once the
/// enclosure falls inside exactly one; `None` while it still overlaps several (or none).
pub fn locate(roots: &[RealRoot], lo: &Rational, hi: &Rational) -> Option<usize> {
    let mut found = None;
    for (k, r) in roots.iter().enumerate() {
        if r.overlaps(lo, hi) {
            if found.is_some() || !r.encloses(lo, hi) {
                return None;
            }
            found = Some(k);
        }
    }
    found
}

/// The numerator and denominator as an `f64` ratio, for quick display in tests.
#[allow(dead_code)]
fn approx(r: &Rational) -> f64 {
    r.numer().to_f64().unwrap_or(f64::NAN) / r.denom().to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::number::{frac, int};

    fn roots_of(cs: &[i64]) -> Vec<RealRoot> {
        let cs: Vec<Rational> = cs.iter().map(|&c| int(c)).collect();
        real_roots(&cs, &mut Budget::new(1_000_000)).unwrap()
    }

    #[test]
    fn rational_roots_are_found_exactly() {
        // (x - 1)(x + 2)(2x - 3) = 2x³ - x² - 7x + 6
        let rs = roots_of(&[6, -7, -1, 2]);
        let got: Vec<Rational> = rs.iter().map(|r| r.as_rational().cloned().unwrap()).collect();
        assert_eq!(got, vec![int(-2), int(1), frac(3, 2)]);
        // x⁹ - x: 0, ±1 real, the rest complex
        let rs = roots_of(&[0, -1, 0, 0, 0, 0, 0, 0, 0, 1]);
        let got: Vec<Rational> = rs.iter().map(|r| r.as_rational().cloned().unwrap()).collect();
        assert_eq!(got, vec![int(-1), int(0), int(1)]);
        // repeated roots count once: (x - 1)²(x + 1)
        let rs = roots_of(&[1, -1, -1, 1]);
        assert_eq!(rs.len(), 2);
        // none: x² + 1
        assert!(roots_of(&[1, 0, 1]).is_empty());
    }

    #[test]
    fn quadratic_irrationals_are_recognised() {
        // (2x² - 1)(x - 3): ±√2/2 and 3
        let rs = roots_of(&[3, -1, -6, 2]);
        assert_eq!(rs.len(), 3);
        let (q, larger) = rs[1].quadratic().unwrap();
        assert_eq!(q, [BigInt::from(2), BigInt::from(0), BigInt::from(-1)]);
        assert!(larger);
        assert!(!rs[0].quadratic().unwrap().1);
        assert_eq!(rs[2].as_rational(), Some(&int(3)));
        // (x² - 2)(x² - 3) pairs the right roots
        let mut rs = roots_of(&[6, 0, -5, 0, 1]);
        assert_eq!(rs.len(), 4);
        for r in rs.iter_mut() {
            let v = r.to_f64();
            let (q, _) = r.quadratic().unwrap();
            let c = if (v * v - 2.0).abs() < 1e-9 { -2 } else { -3 };
            assert_eq!(q, [BigInt::from(1), BigInt::from(0), BigInt::from(c)]);
        }
    }

    #[test]
    fn other_roots_keep_their_cofactor_and_refine_to_any_precision() {
        // x³ - 2: one real root, 2^(1/3)
        let mut rs = roots_of(&[-2, 0, 0, 1]);
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0].degree(), 3);
        assert_eq!(rs[0].rounded(20), (false, "12599210498948731648".into(), 0));
        assert!((rs[0].to_f64() - 2f64.cbrt()).abs() < 1e-15);
        // x³ - 3x + 1: three real roots
        let rs = roots_of(&[1, -3, 0, 1]);
        assert_eq!(rs.len(), 3);
    }

    #[test]
    fn rounding_is_correct() {
        assert_eq!(round_significant(&frac(1, 3), 3), (false, "333".into(), -1));
        assert_eq!(round_significant(&frac(-2, 3), 2), (true, "67".into(), -1));
        assert_eq!(round_significant(&frac(999, 1000), 2), (false, "10".into(), 0));
        assert_eq!(round_significant(&int(12345), 3), (false, "123".into(), 4));
    }

    #[test]
    fn roots_close_together_are_separated() {
        // (x - 1/1000)(x - 1/1001)·(x + 5)
        let a = frac(1, 1000);
        let b = frac(1, 1001);
        let cs = vec![&a * &b * int(5), &a * &b - (&a + &b) * int(5), int(5) - (&a + &b), int(1)];
        let rs = real_roots(&cs, &mut Budget::new(1_000_000)).unwrap();
        let got: Vec<Rational> = rs.iter().map(|r| r.as_rational().cloned().unwrap()).collect();
        assert_eq!(got, vec![int(-5), b, a]);
    }
}
