//! Sparse multivariate polynomials over ℚ: the ring arithmetic everything else in
//! [`crate::algebra`] is built on.
//!
//! A polynomial stores only its non-zero terms, each an exponent vector and an exact
//! rational coefficient, in one flat array of exponents (`nvars` per term) beside the
//! coefficients, sorted in descending lexicographic order (variable 0 most significant). So
//! the leading term is the first, two polynomials are equal exactly when their arrays are,
//! and multiplying every term by one monomial keeps the order.
//!
//! Polynomials with different numbers of variables combine as if the shorter one had zero
//! exponents for the missing (trailing) variables: a conversion that meets a new generator
//! part-way through simply appends a variable.
//!
//! Coefficient arithmetic goes through [`crate::expr::number`] (cross-cancelling products,
//! gcds on the smaller numbers), never num-rational's own operators.

use crate::expr::number::{self, Rational};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// Terms of the shorter factor up to which a product is a merge of shifted copies of the
/// longer one (each merge is linear; beyond this a table of exponent vectors is cheaper).
const SHORT_FACTOR: usize = 4;

/// A polynomial in `nvars` variables with rational coefficients.
#[derive(Clone, Debug)]
pub struct Poly {
    nvars: usize,
    /// `nvars` exponents per term, terms in descending lex order, no two equal.
    exps: Vec<u32>,
    /// One non-zero coefficient per term.
    coeffs: Vec<Rational>,
}

/// Equal as polynomials (compares numerators and denominators directly: num-rational's own
/// comparison of unequal denominators goes through continued fractions).
impl PartialEq for Poly {
    fn eq(&self, other: &Poly) -> bool {
        if self.coeffs.len() != other.coeffs.len() {
            return false;
        }
        (0..self.len()).all(|i| {
            cmp_exps(self.exps(i), other.exps(i)) == Ordering::Equal && same(&self.coeffs[i], &other.coeffs[i])
        })
    }
}

impl Eq for Poly {}

impl std::hash::Hash for Poly {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.coeffs.len().hash(state);
        for i in 0..self.len() {
            let e = self.exps(i);
            // Trailing zero exponents do not change the polynomial: hash without them.
            let end = e.iter().rposition(|&k| k != 0).map_or(0, |p| p + 1);
            e[..end].hash(state);
            self.coeffs[i].numer().hash(state);
            self.coeffs[i].denom().hash(state);
        }
    }
}

/// `a·b` (integers, nearly every coefficient, without the cross-cancelling gcds).
pub fn cmul(a: &Rational, b: &Rational) -> Rational {
    if a.is_integer() && b.is_integer() {
        Rational::from_integer(a.numer() * b.numer())
    } else {
        number::mul(a, b)
    }
}

/// `a + b` (integers without a gcd).
pub fn cadd(a: &Rational, b: &Rational) -> Rational {
    if a.is_integer() && b.is_integer() {
        Rational::from_integer(a.numer() + b.numer())
    } else {
        number::add(a, b)
    }
}

fn same(a: &Rational, b: &Rational) -> bool {
    a.numer() == b.numer() && a.denom() == b.denom()
}

/// Lexicographic comparison of exponent vectors of possibly different lengths (missing
/// trailing exponents are 0).
pub fn cmp_exps(a: &[u32], b: &[u32]) -> Ordering {
    let n = a.len().max(b.len());
    for i in 0..n {
        let (x, y) = (a.get(i).copied().unwrap_or(0), b.get(i).copied().unwrap_or(0));
        match x.cmp(&y) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
    Ordering::Equal
}

impl Poly {
    pub fn zero(nvars: usize) -> Poly {
        Poly { nvars, exps: Vec::new(), coeffs: Vec::new() }
    }

    pub fn one(nvars: usize) -> Poly {
        Poly::constant(nvars, Rational::one())
    }

    pub fn constant(nvars: usize, c: Rational) -> Poly {
        if c.is_zero() {
            return Poly::zero(nvars);
        }
        Poly { nvars, exps: vec![0; nvars], coeffs: vec![c] }
    }

    /// The variable `i` (of `nvars`, which must exceed `i`).
    pub fn var(nvars: usize, i: usize) -> Poly {
        debug_assert!(i < nvars);
        let mut exps = vec![0; nvars];
        exps[i] = 1;
        Poly { nvars, exps, coeffs: vec![Rational::one()] }
    }

    /// `c · x^exps`.
    pub fn monomial(exps: &[u32], c: Rational) -> Poly {
        if c.is_zero() {
            return Poly::zero(exps.len());
        }
        Poly { nvars: exps.len(), exps: exps.to_vec(), coeffs: vec![c] }
    }

    /// The polynomial with these terms, in any order, like terms added.
    pub fn from_terms(nvars: usize, terms: impl IntoIterator<Item = (Vec<u32>, Rational)>) -> Poly {
        let mut acc: FxHashMap<Vec<u32>, Rational> = FxHashMap::default();
        for (mut e, c) in terms {
            e.resize(nvars.max(e.len()), 0);
            match acc.get_mut(&e) {
                Some(a) => number::add_to(a, &c),
                None => {
                    acc.insert(e, c);
                }
            }
        }
        let nvars = acc.keys().map(Vec::len).max().unwrap_or(nvars).max(nvars);
        let mut terms: Vec<(Vec<u32>, Rational)> = acc.into_iter().filter(|(_, c)| !c.is_zero()).collect();
        terms.sort_unstable_by(|a, b| cmp_exps(&b.0, &a.0));
        let mut p =
            Poly { nvars, exps: Vec::with_capacity(terms.len() * nvars), coeffs: Vec::with_capacity(terms.len()) };
        for (mut e, c) in terms {
            e.resize(nvars, 0);
            p.exps.extend_from_slice(&e);
            p.coeffs.push(c);
        }
        p
    }

    /// The polynomial with these terms of `nvars` exponents each, given as
    /// [`Poly::from_terms`] would sort them (descending, distinct, none zero): no table, no
    /// sort.
    pub fn from_sorted_terms(nvars: usize, terms: Vec<(Vec<u32>, Rational)>) -> Poly {
        let mut p =
            Poly { nvars, exps: Vec::with_capacity(terms.len() * nvars), coeffs: Vec::with_capacity(terms.len()) };
        for (e, c) in terms {
            debug_assert_eq!(e.len(), nvars);
            p.exps.extend_from_slice(&e);
            p.coeffs.push(c);
        }
        p.check_sorted();
        p
    }

    pub fn nvars(&self) -> usize {
        self.nvars
    }

    /// The same polynomial in `n ≥ nvars` variables (the new ones do not occur).
    pub fn with_nvars(&self, n: usize) -> Poly {
        if n <= self.nvars {
            return self.clone();
        }
        self.widened(n)
    }

    /// [`Poly::with_nvars`], taking `self` (no copy when it has `n` variables already).
    pub fn into_nvars(self, n: usize) -> Poly {
        if n <= self.nvars {
            return self;
        }
        self.widened(n)
    }

    fn widened(&self, n: usize) -> Poly {
        let mut exps = Vec::with_capacity(self.len() * n);
        for i in 0..self.len() {
            exps.extend_from_slice(self.exps(i));
            exps.resize(exps.len() + n - self.nvars, 0);
        }
        Poly { nvars: n, exps, coeffs: self.coeffs.clone() }
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.coeffs.len()
    }

    pub fn is_zero(&self) -> bool {
        self.coeffs.is_empty()
    }

    /// No terms: the zero polynomial (see [`Poly::is_zero`]).
    pub fn is_empty(&self) -> bool {
        self.is_zero()
    }

    /// The exponents of term `i`.
    pub fn exps(&self, i: usize) -> &[u32] {
        &self.exps[i * self.nvars..(i + 1) * self.nvars]
    }

    /// The coefficient of term `i`.
    pub fn coeff(&self, i: usize) -> &Rational {
        &self.coeffs[i]
    }

    /// The index of the term with these exponents (`nvars` of them), if `self` has one.
    pub fn position(&self, exps: &[u32]) -> Option<usize> {
        self.search(exps).ok()
    }

    /// `Ok(i)`: term `i` has these exponents; `Err(i)`: a term with them would be term `i`
    /// (found by bisection: the terms are in descending order).
    fn search(&self, exps: &[u32]) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match cmp_exps(self.exps(mid), exps) {
                Ordering::Greater => lo = mid + 1,
                Ordering::Less => hi = mid,
                Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    pub fn terms(&self) -> impl Iterator<Item = (&[u32], &Rational)> + '_ {
        (0..self.len()).map(move |i| (self.exps(i), &self.coeffs[i]))
    }

    /// The constant value, when the polynomial is constant (0 included).
    pub fn as_constant(&self) -> Option<Rational> {
        match self.len() {
            0 => Some(Rational::zero()),
            1 if self.exps(0).iter().all(|&e| e == 0) => Some(self.coeffs[0].clone()),
            _ => None,
        }
    }

    pub fn is_constant(&self) -> bool {
        self.is_zero() || (self.len() == 1 && self.exps(0).iter().all(|&e| e == 0))
    }

    pub fn is_one(&self) -> bool {
        self.as_constant().is_some_and(|c| c.is_one())
    }

    /// The coefficient of the leading (lex-largest) term; 0 for the zero polynomial.
    pub fn leading_coeff(&self) -> Rational {
        self.coeffs.first().cloned().unwrap_or_default()
    }

    /// The variable's highest exponent (0 when absent).
    pub fn degree(&self, v: usize) -> u32 {
        if v >= self.nvars {
            return 0;
        }
        (0..self.len()).map(|i| self.exps(i)[v]).max().unwrap_or(0)
    }

    pub fn total_degree(&self) -> u32 {
        (0..self.len()).map(|i| self.exps(i).iter().sum::<u32>()).max().unwrap_or(0)
    }

    /// Whether the variable occurs.
    pub fn uses(&self, v: usize) -> bool {
        v < self.nvars && (0..self.len()).any(|i| self.exps(i)[v] > 0)
    }

    /// The variables that occur, in index order.
    pub fn used_vars(&self) -> Vec<usize> {
        (0..self.nvars).filter(|&v| self.uses(v)).collect()
    }

    fn check_sorted(&self) {
        debug_assert!((1..self.len()).all(|i| cmp_exps(self.exps(i - 1), self.exps(i)) == Ordering::Greater));
        debug_assert!(self.coeffs.iter().all(|c| !c.is_zero()));
    }

    // ----- ring operations -----

    pub fn neg(&self) -> Poly {
        Poly { nvars: self.nvars, exps: self.exps.clone(), coeffs: self.coeffs.iter().map(|c| -c.clone()).collect() }
    }

    pub fn scale(&self, c: &Rational) -> Poly {
        if c.is_zero() {
            return Poly::zero(self.nvars);
        }
        if c.is_one() {
            return self.clone();
        }
        Poly { nvars: self.nvars, exps: self.exps.clone(), coeffs: self.coeffs.iter().map(|x| cmul(x, c)).collect() }
    }

    pub fn add(&self, other: &Poly) -> Poly {
        self.combine(other, false)
    }

    pub fn sub(&self, other: &Poly) -> Poly {
        self.combine(other, true)
    }

    /// `self + other` in place: the same as [`Poly::add`], without copying the terms of
    /// `self` (a sum built term by term copies each term once, not once per term added).
    pub fn add_assign(&mut self, other: Poly) {
        if self.is_zero() && self.nvars <= other.nvars {
            *self = other;
            return;
        }
        if other.len() == 1 && other.nvars <= self.nvars {
            self.add_term(other);
            return;
        }
        let n = self.nvars.max(other.nvars);
        let mut exps = Vec::with_capacity((self.len() + other.len()) * n);
        let mut coeffs = Vec::with_capacity(self.len() + other.len());
        let (sn, on) = (self.nvars, other.nvars);
        let push = |exps: &mut Vec<u32>, coeffs: &mut Vec<Rational>, e: &[u32], c: Rational| {
            exps.extend_from_slice(e);
            exps.resize(exps.len() + n - e.len(), 0);
            coeffs.push(c);
        };
        let mut mine = std::mem::take(&mut self.coeffs).into_iter().enumerate().peekable();
        let mut theirs = other.coeffs.into_iter().enumerate().peekable();
        loop {
            let ord = match (mine.peek(), theirs.peek()) {
                (Some((i, _)), Some((j, _))) => {
                    cmp_exps(&self.exps[i * sn..(i + 1) * sn], &other.exps[j * on..(j + 1) * on])
                }
                (Some(_), None) => Ordering::Greater,
                (None, Some(_)) => Ordering::Less,
                (None, None) => break,
            };
            match ord {
                Ordering::Greater => {
                    let Some((i, c)) = mine.next() else { break };
                    push(&mut exps, &mut coeffs, &self.exps[i * sn..(i + 1) * sn], c);
                }
                Ordering::Less => {
                    let Some((j, c)) = theirs.next() else { break };
                    push(&mut exps, &mut coeffs, &other.exps[j * on..(j + 1) * on], c);
                }
                Ordering::Equal => {
                    let (Some((i, a)), Some((_, b))) = (mine.next(), theirs.next()) else { break };
                    let c = cadd(&a, &b);
                    if !c.is_zero() {
                        push(&mut exps, &mut coeffs, &self.exps[i * sn..(i + 1) * sn], c);
                    }
                }
            }
        }
        drop(mine);
        *self = Poly { nvars: n, exps, coeffs };
        self.check_sorted();
    }

    /// [`Poly::add_assign`] of a single term in no more variables: found by bisection and
    /// added to its like term, or inserted in its place (a sum of monomials added one by one
    /// moves each term once per insertion below it, instead of copying the whole sum).
    fn add_term(&mut self, term: Poly) {
        let n = self.nvars;
        let mut e = term.exps;
        e.resize(n, 0);
        let c = term.coeffs.into_iter().next().expect("one term");
        match self.search(&e) {
            Ok(i) => {
                let sum = cadd(&self.coeffs[i], &c);
                if sum.is_zero() {
                    self.coeffs.remove(i);
                    self.exps.drain(i * n..(i + 1) * n);
                } else {
                    self.coeffs[i] = sum;
                }
            }
            Err(i) => {
                self.coeffs.insert(i, c);
                self.exps.splice(i * n..i * n, e);
            }
        }
        self.check_sorted();
    }

    /// `self ± other` by merging the two sorted term lists.
    fn combine(&self, other: &Poly, subtract: bool) -> Poly {
        let n = self.nvars.max(other.nvars);
        let mut out = Poly { nvars: n, exps: Vec::with_capacity((self.len() + other.len()) * n), coeffs: Vec::new() };
        let (mut i, mut j) = (0, 0);
        let push = |out: &mut Poly, e: &[u32], c: Rational| {
            out.exps.extend_from_slice(e);
            out.exps.resize(out.exps.len() + n - e.len(), 0);
            out.coeffs.push(c);
        };
        let signed = |c: &Rational| if subtract { -c.clone() } else { c.clone() };
        while i < self.len() || j < other.len() {
            let ord = match (i < self.len(), j < other.len()) {
                (true, true) => cmp_exps(self.exps(i), other.exps(j)),
                (true, false) => Ordering::Greater,
                _ => Ordering::Less,
            };
            match ord {
                Ordering::Greater => {
                    push(&mut out, self.exps(i), self.coeffs[i].clone());
                    i += 1;
                }
                Ordering::Less => {
                    push(&mut out, other.exps(j), signed(&other.coeffs[j]));
                    j += 1;
                }
                Ordering::Equal => {
                    let c = if subtract {
                        cadd(&self.coeffs[i], &-other.coeffs[j].clone())
                    } else {
                        cadd(&self.coeffs[i], &other.coeffs[j])
                    };
                    if !c.is_zero() {
                        push(&mut out, self.exps(i), c);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        out.check_sorted();
        out
    }

    /// `self · c·x^exps`: the order of the terms is kept.
    pub fn mul_monomial(&self, exps: &[u32], c: &Rational) -> Poly {
        if c.is_zero() {
            return Poly::zero(self.nvars.max(exps.len()));
        }
        let n = self.nvars.max(exps.len());
        let mut out =
            Poly { nvars: n, exps: Vec::with_capacity(self.len() * n), coeffs: Vec::with_capacity(self.len()) };
        for i in 0..self.len() {
            let e = self.exps(i);
            for v in 0..n {
                out.exps.push(e.get(v).copied().unwrap_or(0) + exps.get(v).copied().unwrap_or(0));
            }
            out.coeffs.push(cmul(&self.coeffs[i], c));
        }
        out
    }

    pub fn mul(&self, other: &Poly) -> Poly {
        if self.is_zero() || other.is_zero() {
            return Poly::zero(self.nvars.max(other.nvars));
        }
        let (small, big) = if self.len() <= other.len() { (self, other) } else { (other, self) };
        if small.len() == 1 {
            return big.mul_monomial(small.exps(0), &small.coeffs[0]);
        }
        // By a short factor (x² + 1, a derivative's 2x + 3): one sorted copy of `big` per
        // term, merged — no table of exponent vectors, no sort.
        if small.len() <= SHORT_FACTOR {
            let mut out = big.mul_monomial(small.exps(0), &small.coeffs[0]);
            for i in 1..small.len() {
                out.add_assign(big.mul_monomial(small.exps(i), &small.coeffs[i]));
            }
            return out;
        }
        let n = self.nvars.max(other.nvars);
        let mut acc: FxHashMap<Vec<u32>, Rational> = FxHashMap::default();
        acc.reserve(small.len() * big.len());
        let mut key = vec![0u32; n];
        for i in 0..small.len() {
            let a = small.exps(i);
            for j in 0..big.len() {
                let b = big.exps(j);
                for (v, k) in key.iter_mut().enumerate() {
                    *k = a.get(v).copied().unwrap_or(0) + b.get(v).copied().unwrap_or(0);
                }
                let c = cmul(&small.coeffs[i], &big.coeffs[j]);
                match acc.get_mut(key.as_slice()) {
                    Some(s) => number::add_to(s, &c),
                    None => {
                        acc.insert(key.clone(), c);
                    }
                }
            }
        }
        Poly::from_terms(n, acc)
    }

    pub fn pow(&self, k: u32) -> Poly {
        let mut result = Poly::one(self.nvars);
        let mut base = self.clone();
        let mut k = k;
        while k > 0 {
            if k & 1 == 1 {
                result = result.mul(&base);
            }
            k >>= 1;
            if k > 0 {
                base = base.mul(&base);
            }
        }
        result
    }

    /// ∂/∂x_v.
    pub fn derivative(&self, v: usize) -> Poly {
        let mut out = Poly { nvars: self.nvars, exps: Vec::new(), coeffs: Vec::new() };
        for i in 0..self.len() {
            let e = self.exps(i);
            if v >= e.len() || e[v] == 0 {
                continue;
            }
            let k = e[v];
            let start = out.exps.len();
            out.exps.extend_from_slice(e);
            out.exps[start + v] -= 1;
            out.coeffs.push(cmul(&self.coeffs[i], &number::int(i64::from(k))));
        }
        // Lowering one exponent by one keeps lex order among terms that had it positive.
        out.check_sorted();
        out
    }

    // ----- content and normal forms -----

    /// The content over ℚ: the positive rational c with `self / c` having coprime integer
    /// coefficients (0 for the zero polynomial).
    pub fn content(&self) -> Rational {
        // Small integer coefficients (nearly always): a machine-word gcd.
        if let Some(g) = self.small_integer_content() {
            return Rational::from_integer(BigInt::from(g));
        }
        let mut numer = BigInt::zero();
        let mut denom = BigInt::one();
        for c in &self.coeffs {
            numer = number::gcd(&numer, c.numer());
            let g = number::gcd(&denom, c.denom());
            denom = denom / g * c.denom();
        }
        if numer.is_zero() {
            return Rational::zero();
        }
        Rational::new_raw(numer, denom)
    }

    /// The gcd of the coefficients when they are all integers below 2⁶³ in magnitude.
    fn small_integer_content(&self) -> Option<u64> {
        use num_traits::ToPrimitive;
        let mut g: u64 = 0;
        for c in &self.coeffs {
            if !c.is_integer() {
                return None;
            }
            let v = c.numer().to_i64()?.unsigned_abs();
            g = num_integer::Integer::gcd(&g, &v);
        }
        (g != 0).then_some(g)
    }

    /// `(c, p)` with `self = c·p`, `p` with coprime integer coefficients and a positive
    /// leading coefficient (`(0, 0)` for zero).
    pub fn primitive(&self) -> (Rational, Poly) {
        self.clone().into_primitive()
    }

    /// [`Poly::primitive`], taking `self` (no copy when it is primitive already).
    pub fn into_primitive(mut self) -> (Rational, Poly) {
        if self.is_zero() {
            return (Rational::zero(), self);
        }
        let mut c = self.content();
        if self.coeffs[0].is_negative() {
            c = -c;
        }
        if c.is_one() {
            return (c, self);
        }
        if c.is_integer() && self.coeffs.iter().all(Rational::is_integer) {
            // Exact integer division, no gcds.
            let d = c.numer();
            for x in self.coeffs.iter_mut() {
                *x = Rational::from_integer(x.numer() / d);
            }
            return (c, self);
        }
        let inv = number::div(&Rational::one(), &c).expect("the content of a non-zero polynomial is not 0");
        (c, self.scale(&inv))
    }

    /// The monic associate (leading coefficient 1).
    pub fn monic(&self) -> Poly {
        match self.coeffs.first() {
            Some(lc) => self.scale(&number::div(&Rational::one(), lc).expect("a leading coefficient is not 0")),
            None => self.clone(),
        }
    }

    /// The largest monomial dividing every term (exponent-wise minimum).
    pub fn monomial_gcd(&self) -> Vec<u32> {
        let mut m: Option<Vec<u32>> = None;
        for i in 0..self.len() {
            let e = self.exps(i);
            match &mut m {
                None => m = Some(e.to_vec()),
                Some(m) => {
                    for (a, &b) in m.iter_mut().zip(e) {
                        *a = (*a).min(b);
                    }
                }
            }
        }
        m.unwrap_or_else(|| vec![0; self.nvars])
    }

    /// `self / x^exps`, every exponent of which must be at least `exps`.
    pub fn div_monomial(&self, exps: &[u32]) -> Poly {
        self.clone().into_div_monomial(exps)
    }

    /// [`Poly::div_monomial`], taking `self` (divided in place).
    pub fn into_div_monomial(mut self, exps: &[u32]) -> Poly {
        if exps.iter().all(|&k| k == 0) {
            return self;
        }
        for i in 0..self.len() {
            for (v, &k) in exps.iter().enumerate().take(self.nvars) {
                self.exps[i * self.nvars + v] -= k;
            }
        }
        self
    }

    // ----- division -----

    /// The quotient when `d` divides `self` exactly, else `None`. `limit` bounds the terms
    /// of the quotient (the work is about their number times the terms of `d`).
    pub fn div_exact(&self, d: &Poly, limit: usize) -> Option<Poly> {
        if d.is_zero() {
            return None;
        }
        if self.is_zero() {
            return Some(Poly::zero(self.nvars.max(d.nvars)));
        }
        if let Some(c) = d.as_constant() {
            return Some(self.scale(&number::div(&Rational::one(), &c)?));
        }
        let n = self.nvars.max(d.nvars);
        let (lt_e, lt_c) = (d.exps(0).to_vec(), d.coeffs[0].clone());
        let mut r = self.with_nvars(n);
        let mut q_terms: Vec<(Vec<u32>, Rational)> = Vec::new();
        while !r.is_zero() {
            let e = r.exps(0);
            let mut qe = Vec::with_capacity(n);
            for (v, &have) in e.iter().enumerate().take(n) {
                let need = lt_e.get(v).copied().unwrap_or(0);
                if have < need {
                    return None;
                }
                qe.push(have - need);
            }
            let qc = number::div(&r.coeffs[0], &lt_c)?;
            if q_terms.len() >= limit {
                return None;
            }
            r = r.sub(&d.mul_monomial(&qe, &qc));
            q_terms.push((qe, qc));
        }
        Some(Poly::from_terms(n, q_terms))
    }

    // ----- as a polynomial in one variable -----

    /// `self` as Σ cᵢ·x_vⁱ: the pairs (i, cᵢ), highest i first, each cᵢ free of x_v.
    pub fn coefficients_in(&self, v: usize) -> Vec<(u32, Poly)> {
        let mut by_deg: FxHashMap<u32, Vec<(Vec<u32>, Rational)>> = FxHashMap::default();
        for i in 0..self.len() {
            let mut e = self.exps(i).to_vec();
            let k = if v < e.len() { std::mem::take(&mut e[v]) } else { 0 };
            by_deg.entry(k).or_default().push((e, self.coeffs[i].clone()));
        }
        let mut out: Vec<(u32, Poly)> =
            by_deg.into_iter().map(|(k, ts)| (k, Poly::from_terms(self.nvars, ts))).collect();
        out.sort_unstable_by_key(|a| std::cmp::Reverse(a.0));
        out
    }

    /// Σ cᵢ·x_vⁱ from the pairs of [`Poly::coefficients_in`].
    pub fn from_coefficients_in(nvars: usize, v: usize, parts: &[(u32, Poly)]) -> Poly {
        let n = parts.iter().map(|(_, c)| c.nvars).max().unwrap_or(0).max(nvars).max(v + 1);
        let mut acc = Poly::zero(n);
        for (k, c) in parts {
            let mut e = vec![0; n];
            e[v] = *k;
            acc = acc.add(&c.mul_monomial(&e, &Rational::one()));
        }
        acc
    }

    /// The coefficient of the highest power of x_v (a polynomial free of x_v).
    pub fn leading_in(&self, v: usize) -> Poly {
        self.coefficients_in(v).into_iter().next().map(|(_, c)| c).unwrap_or_else(|| Poly::zero(self.nvars))
    }

    /// `self` with x_v replaced by `value` (Horner's rule over the coefficients in x_v).
    pub fn substitute(&self, v: usize, value: &Poly) -> Poly {
        if !self.uses(v) {
            return self.clone();
        }
        let parts = self.coefficients_in(v);
        let mut acc = Poly::zero(self.nvars.max(value.nvars));
        let mut prev = parts[0].0;
        for (k, c) in &parts {
            for _ in *k..prev {
                acc = acc.mul(value);
            }
            acc = acc.add(c);
            prev = *k;
        }
        for _ in 0..prev {
            acc = acc.mul(value);
        }
        acc
    }

    /// The value at a point (one rational per variable; missing ones are 0).
    pub fn eval(&self, point: &[Rational]) -> Rational {
        let mut sum = Rational::zero();
        for i in 0..self.len() {
            let mut t = self.coeffs[i].clone();
            for (v, &k) in self.exps(i).iter().enumerate() {
                if k == 0 {
                    continue;
                }
                let x = point.get(v).cloned().unwrap_or_default();
                if let Some(p) = number::pow_int(&x, &BigInt::from(k), u64::MAX) {
                    number::mul_to(&mut t, &p);
                }
            }
            number::add_to(&mut sum, &t);
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::number::{frac, int};

    /// x, y, z in 3 variables.
    fn xyz() -> (Poly, Poly, Poly) {
        (Poly::var(3, 0), Poly::var(3, 1), Poly::var(3, 2))
    }

    fn c(n: i64) -> Poly {
        Poly::constant(3, int(n))
    }

    #[test]
    fn ring_laws_on_small_polynomials() {
        let (x, y, z) = xyz();
        let a = x.add(&y).add(&c(1)); // x + y + 1
        let b = x.sub(&z.scale(&int(2))); // x - 2z
        assert_eq!(a.mul(&b), b.mul(&a));
        assert_eq!(a.add(&b).sub(&b), a);
        assert_eq!(a.mul(&b.add(&c(3))), a.mul(&b).add(&a.scale(&int(3))));
        assert_eq!(a.pow(3), a.mul(&a).mul(&a));
        assert!(a.sub(&a).is_zero());
        // (x + 1)(x - 1) = x² - 1
        let x1 = x.add(&c(1));
        let xm1 = x.sub(&c(1));
        assert_eq!(x1.mul(&xm1), x.pow(2).sub(&c(1)));
    }

    #[test]
    fn terms_are_in_descending_lex_order() {
        let (x, y, _) = xyz();
        let p = y.pow(3).add(&x).add(&c(5)).add(&x.mul(&y));
        let exps: Vec<Vec<u32>> = p.terms().map(|(e, _)| e.to_vec()).collect();
        assert_eq!(exps, vec![vec![1, 1, 0], vec![1, 0, 0], vec![0, 3, 0], vec![0, 0, 0]]);
        assert_eq!(p.leading_coeff(), int(1));
    }

    #[test]
    fn primitive_part_and_content() {
        let (x, y, _) = xyz();
        // -x/2 - y/3 = (-1/6)(3x + 2y)
        let p = x.scale(&frac(-1, 2)).sub(&y.scale(&frac(1, 3)));
        let (cont, pp) = p.primitive();
        assert_eq!(cont, frac(-1, 6));
        assert_eq!(pp, x.scale(&int(3)).add(&y.scale(&int(2))));
        assert_eq!(p.content(), frac(1, 6));
    }

    #[test]
    fn exact_division() {
        let (x, y, _) = xyz();
        let a = x.add(&y);
        let b = x.sub(&y).add(&c(2));
        let p = a.mul(&b);
        assert_eq!(p.div_exact(&a, 100), Some(b.clone()));
        assert_eq!(p.div_exact(&b, 100), Some(a.clone()));
        assert_eq!(p.div_exact(&x, 100), None);
        assert_eq!(p.add(&c(1)).div_exact(&a, 100), None);
    }

    #[test]
    fn coefficients_in_one_variable_round_trip() {
        let (x, y, z) = xyz();
        let p = x.pow(2).mul(&y).add(&x.mul(&z)).add(&y.pow(2)).add(&c(7));
        let parts = p.coefficients_in(0);
        assert_eq!(parts.iter().map(|(k, _)| *k).collect::<Vec<_>>(), vec![2, 1, 0]);
        assert_eq!(parts[0].1, y);
        assert_eq!(Poly::from_coefficients_in(3, 0, &parts), p);
        // substitute x = y + 1
        let s = p.substitute(0, &y.add(&c(1)));
        let want = y.add(&c(1)).pow(2).mul(&y).add(&y.add(&c(1)).mul(&z)).add(&y.pow(2)).add(&c(7));
        assert_eq!(s, want);
    }

    #[test]
    fn derivative_and_evaluation() {
        let (x, y, _) = xyz();
        let p = x.pow(3).mul(&y).add(&x.scale(&int(2)));
        assert_eq!(p.derivative(0), x.pow(2).mul(&y).scale(&int(3)).add(&c(2)));
        assert_eq!(p.eval(&[int(2), int(3), int(0)]), int(28));
    }

    #[test]
    fn products_by_short_and_long_factors_agree() {
        // A factor of up to SHORT_FACTOR terms is multiplied by merging shifted copies, a
        // longer one through a table: the same polynomial either way (checked by values,
        // and against the product taken with the short factor split in two).
        let (x, y, z) = xyz();
        let long = (0..9u32).fold(c(-3), |acc, k| {
            acc.add(&x.pow(k).mul(&y.pow(9 - k)).scale(&frac(i64::from(k) * 7 - 20, i64::from(k) + 1)))
        });
        let shorts = [
            x.add(&c(1)),
            x.pow(2).add(&c(1)),
            x.sub(&y).add(&z.scale(&frac(2, 3))),
            x.mul(&y).sub(&z).add(&x).sub(&c(5)),
        ];
        for short in &shorts {
            assert!(short.len() <= SHORT_FACTOR);
            let p = short.mul(&long);
            assert_eq!(p, long.mul(short));
            let point = [frac(3, 7), frac(-5, 2), int(4)];
            assert_eq!(p.eval(&point), cmul(&short.eval(&point), &long.eval(&point)));
            // (a + b)·long = a·long + b·long, with a one term (its own route) and b the rest.
            let a = Poly::monomial(short.exps(0), short.coeff(0).clone()).with_nvars(3);
            let b = short.sub(&a);
            assert_eq!(p, a.mul(&long).add(&b.mul(&long)));
            // And beyond SHORT_FACTOR terms, through the table.
            let wide = short.add(&long.scale(&int(2)));
            assert!(wide.len() > SHORT_FACTOR);
            assert_eq!(wide.mul(&long).eval(&point), cmul(&wide.eval(&point), &long.eval(&point)));
        }
    }

    #[test]
    fn different_numbers_of_variables_combine() {
        let x = Poly::var(1, 0);
        let y = Poly::var(2, 1);
        let s = x.add(&y);
        assert_eq!(s.nvars(), 2);
        assert_eq!(s, y.add(&x));
        assert_eq!(x.mul(&y).exps(0), &[1, 1]);
    }
}
