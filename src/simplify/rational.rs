//! The rational normal form: an expression as `c · Π fᵢ^eᵢ`, a rational coefficient times
//! integer powers of polynomials over ℚ (negative powers are the denominator), whose
//! variables are the symbols and the opaque generators of [`crate::algebra`].
//!
//! A sum is brought over a common denominator the way it is done by hand: the factors every
//! term shares are taken out with their lowest power (for a denominator, that is the common
//! denominator), each term's rest is multiplied out, the rests are added, and the sum's
//! greatest common divisor with every factor of the denominator is cancelled (a real
//! polynomial gcd, [`crate::algebra::gcd`]). Products and powers just add and multiply
//! exponents, so factors stay factored: `(x - y)²/(x + y)` keeps `(x - y)` as a factor, and
//! the derivative's numerator comes out as `(x - y)(x + 3y)` rather than multiplied out.
//!
//! Generators that obey an identity are reduced by it while sums are added:
//! - a root `g = u^(1/q)` satisfies `g^q = u` (`√(x²+1)·√(x²+1) = x² + 1`);
//! - `e^u` is a power of one generator per exponent shape (`e^(2x)` and `e^(-2x)` are
//!   `t` and `t⁻¹` for `t = e^(2x)`), so `e^(-u)/(1 + e^(-u))` becomes `1/(e^u + 1)`;
//! - `sin(u)² + cos(u)² = 1` and `cosh(u)² − sinh(u)² = 1` when that removes terms.
//!
//! Every step is an identity on the set where the expression as written is defined; the
//! result may be defined on more (a cancelled factor), which is why values are always
//! computed from the expression as written, never from its presented form.

use super::Simplifier;
use crate::algebra::{cmul, gcd, Budget, Generators, Poly};
use crate::expr::{number, ExprId, Func, Node, Pool, Rational};
use hashbrown::HashTable;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::hash::BuildHasher;

/// `coeff · Π factor^exponent`; factors are indices into [`Conv`]'s table, sorted, each
/// once, exponents non-zero.
#[derive(Clone, Debug)]
pub(super) struct Frac {
    pub coeff: Rational,
    pub factors: Vec<(usize, i32)>,
}

impl Frac {
    pub fn constant(c: Rational) -> Frac {
        Frac { coeff: c, factors: Vec::new() }
    }

    pub fn is_zero(&self) -> bool {
        self.coeff.is_zero()
    }
}

/// What a generator variable obeys.
#[derive(Clone, Debug)]
enum Kind {
    Opaque,
    /// `g = u^(1/q)`: `g^q` is `base`.
    Root {
        q: u32,
        base: Frac,
    },
    /// `sin`, `cos`, `sinh` or `cosh` of this argument.
    Trig(Func, ExprId),
}

/// Integer powers above this stay opaque (they are not multiplied out).
const MAX_EXPONENT: i64 = 64;

/// The converter: generators, the table of factors and everything memoised about them.
#[derive(Clone)]
pub(super) struct Conv {
    pub gens: Generators,
    kinds: Vec<Kind>,
    /// The factor table: primitive polynomials with a positive leading coefficient.
    pub polys: Vec<Poly>,
    /// The factor of each polynomial in `polys`, by its hash (a polynomial is kept once).
    index: HashTable<(u64, usize)>,
    /// The generator variable a factor is, when it is a single variable.
    pub single: Vec<Option<usize>>,
    /// The factor each generator variable is.
    var_factor: FxHashMap<usize, usize>,
    powers: FxHashMap<(usize, u32), Poly>,
    memo: FxHashMap<ExprId, Frac>,
    /// (base, exponent kernel) → the unit the kernel's multipliers are counted in (`e^(2x)`
    /// and `e^(-4x)`: unit 2, generator `e^(2x)`).
    units: Option<FxHashMap<(ExprId, ExprId), Rational>>,
    /// The expression converted (its exponent units are found on first need).
    root: ExprId,
    coprime: FxHashSet<(usize, usize)>,
    pub budget: Budget,
    /// Whether a trigonometric identity removed terms somewhere.
    pub used_identity: bool,
    /// Whether a sum was brought over a common denominator (there was a fraction to add).
    pub combined_fractions: bool,
    /// Whether a gcd cancelled something.
    pub cancelled: bool,
    /// Keep [`Conv::last_sum`] (for the record of the stages).
    pub keep_last: bool,
    /// The last sum added: the factors taken out, and the sum of the rests before and after
    /// the identities.
    pub last_sum: Option<(Frac, Poly, Poly)>,
}

impl Conv {
    /// A converter for `id`: its symbols become the first variables (in name order, so that
    /// `x` leads `y` as in print), and the units of its exponentials are found.
    pub fn new(pool: &mut Pool, id: ExprId, budget: Budget) -> Conv {
        let mut syms: Vec<_> = pool.free_vars(id).to_vec();
        syms.sort_by(|&a, &b| crate::expr::natural_cmp(pool.name(a), pool.name(b)));
        let mut c = Conv {
            gens: Generators::new(),
            kinds: Vec::new(),
            polys: Vec::new(),
            index: HashTable::new(),
            single: Vec::new(),
            var_factor: FxHashMap::default(),
            powers: FxHashMap::default(),
            memo: FxHashMap::default(),
            units: None,
            root: id,
            coprime: FxHashSet::default(),
            budget,
            used_identity: false,
            combined_fractions: false,
            cancelled: false,
            keep_last: false,
            last_sum: None,
        };
        for s in syms {
            let e = pool.var(s);
            c.generator(e, Kind::Opaque);
        }
        c
    }

    /// For every power with a symbolic exponent, the gcd of the rational multipliers of each
    /// kernel of the exponent, over the whole expression.
    fn find_units(&mut self, pool: &mut Pool) {
        let mut units: FxHashMap<(ExprId, ExprId), Rational> = FxHashMap::default();
        for n in pool.reachable(&[self.root]) {
            let Node::Pow(b, e) = *pool.node(n) else { continue };
            if pool.as_num(e).is_some() {
                continue;
            }
            for t in terms_of(pool, e) {
                if pool.as_num(t).is_some() {
                    continue;
                }
                let (c, v) = pool.split_coeff(t);
                let c = c.abs();
                let u = match units.get(&(b, v)) {
                    Some(u) => rational_gcd(u, &c),
                    None => c,
                };
                units.insert((b, v), u);
            }
        }
        self.units = Some(units);
    }

    fn generator(&mut self, e: ExprId, kind: Kind) -> usize {
        if let Some(v) = self.gens.get(e) {
            return v;
        }
        let v = self.gens.index_of(e);
        self.kinds.push(kind);
        let p = Poly::var(v + 1, v);
        let hash = FxBuildHasher.hash_one(&p);
        let f = self.add_factor(p, hash);
        self.single.push(Some(v));
        self.var_factor.insert(v, f);
        v
    }

    fn gen_frac(&mut self, e: ExprId, kind: Kind) -> Frac {
        let v = self.generator(e, kind);
        Frac { coeff: Rational::one(), factors: vec![(self.var_factor[&v], 1)] }
    }

    /// The factor for a primitive polynomial with positive leading coefficient.
    fn factor(&mut self, p: Poly) -> usize {
        let hash = FxBuildHasher.hash_one(&p);
        let polys = &self.polys;
        if let Some(&(_, f)) = self.index.find(hash, |&(h, f)| h == hash && polys[f] == p) {
            return f;
        }
        if p.len() == 1 {
            let vars = p.used_vars();
            if vars.len() == 1 && p.exps(0)[vars[0]] == 1 {
                return self.var_factor[&vars[0]];
            }
        }
        let f = self.add_factor(p, hash);
        self.single.push(None);
        f
    }

    /// A new factor, `hash` its polynomial's (its `single` entry is the caller's).
    fn add_factor(&mut self, p: Poly, hash: u64) -> usize {
        let f = self.polys.len();
        self.index.insert_unique(hash, (hash, f), |&(h, _)| h);
        self.polys.push(p);
        f
    }

    /// A polynomial as a fraction: content, monomial part, and the rest as one factor.
    pub fn frac_of_poly(&mut self, p: Poly) -> Frac {
        if p.is_zero() {
            return Frac::constant(Rational::zero());
        }
        let (c, pp) = p.into_primitive();
        let m = pp.monomial_gcd();
        let rest = pp.into_div_monomial(&m);
        let mut factors = Vec::new();
        for (v, &k) in m.iter().enumerate() {
            if k > 0 {
                factors.push((self.var_factor[&v], k as i32));
            }
        }
        if !rest.is_constant() {
            let f = self.factor(rest);
            factors.push((f, 1));
        }
        let mut fr = Frac { coeff: c, factors: Vec::new() };
        for (f, k) in factors {
            merge_factor(&mut fr.factors, f, k);
        }
        fr
    }

    // ----- products and powers -----

    pub fn mul(&mut self, a: &Frac, b: &Frac) -> Frac {
        let mut out = Frac { coeff: cmul(&a.coeff, &b.coeff), factors: a.factors.clone() };
        for &(f, k) in &b.factors {
            merge_factor(&mut out.factors, f, k);
        }
        self.reduce_roots(out)
    }

    /// `a^n`; `None` for a zero base to a negative power or a coefficient too large.
    pub fn pow(&mut self, a: &Frac, n: i64) -> Option<Frac> {
        if n == 0 {
            return Some(Frac::constant(Rational::one()));
        }
        let coeff = number::pow_int(&a.coeff, &BigInt::from(n), 1 << 16)?;
        let n32 = i32::try_from(n).ok()?;
        let factors = a.factors.iter().map(|&(f, k)| Some((f, k.checked_mul(n32)?))).collect::<Option<Vec<_>>>()?;
        Some(self.reduce_roots(Frac { coeff, factors }))
    }

    /// Powers of a root g = u^(1/q) brought into (-q, q): g^(kq + r) = u^k·g^r.
    fn reduce_roots(&mut self, mut fr: Frac) -> Frac {
        let mut i = 0;
        while i < fr.factors.len() {
            let (f, k) = fr.factors[i];
            let root = self.single[f].and_then(|v| match &self.kinds[v] {
                Kind::Root { q, base } => Some((*q as i32, base.clone())),
                _ => None,
            });
            match root {
                Some((q, base)) if k.abs() >= q => {
                    let whole = k / q; // towards zero: the rest keeps k's sign
                    fr.factors[i].1 = k - whole * q;
                    if fr.factors[i].1 == 0 {
                        fr.factors.remove(i);
                    }
                    if let Some(b) = self.pow(&base, i64::from(whole)) {
                        fr.coeff = cmul(&fr.coeff, &b.coeff);
                        for (g, j) in b.factors {
                            merge_factor(&mut fr.factors, g, j);
                        }
                    }
                    i = 0;
                }
                _ => i += 1,
            }
        }
        fr
    }

    // ----- sums -----

    /// The sum over a common denominator, cancelled; `None` when the budget ran out.
    pub fn sum(&mut self, terms: Vec<Frac>) -> Option<Frac> {
        let terms: Vec<Frac> = terms.into_iter().filter(|t| !t.is_zero()).collect();
        if terms.len() < 2 {
            // No sum to put over a common denominator: none is the last one (an inner sum's
            // would be taken for this one's).
            self.last_sum = None;
        }
        match terms.len() {
            0 => return Some(Frac::constant(Rational::zero())),
            1 => return terms.into_iter().next(),
            _ => {}
        }
        // The lowest power of each factor over the terms (0 where a term lacks it).
        let mut seen: Vec<usize> = terms.iter().flat_map(|t| t.factors.iter().map(|&(f, _)| f)).collect();
        seen.sort_unstable();
        seen.dedup();
        let mut low: Vec<(usize, i32)> = Vec::new();
        for f in seen {
            let m = terms
                .iter()
                .map(|u| u.factors.binary_search_by_key(&f, |&(g, _)| g).map_or(0, |i| u.factors[i].1))
                .min()
                .unwrap_or(0);
            if m != 0 {
                low.push((f, m));
            }
        }
        if low.iter().any(|&(_, m)| m < 0) {
            self.combined_fractions = true;
        }
        // Each term's rest, multiplied out, and their sum.
        let mut s = Poly::zero(self.gens.len());
        for t in &terms {
            let mut p = Poly::constant(self.gens.len(), t.coeff.clone());
            // The term's exponent less the lowest, over the factors of the term and of `low`.
            let mut rest = t.factors.clone();
            for &(f, m) in &low {
                merge_factor(&mut rest, f, -m);
            }
            for &(f, k) in &rest {
                let e = k as u32;
                if e > 0 {
                    self.cache_power(f, e)?;
                    let q = if e == 1 { &self.polys[f] } else { &self.powers[&(f, e)] };
                    self.budget.spend(p.len().saturating_mul(q.len()))?;
                    p = p.mul(q);
                }
            }
            self.budget.spend(p.len() + s.len())?;
            s.add_assign(p);
        }
        let before = self.keep_last.then(|| s.clone());
        let s = self.reduce_identities(s)?;
        let common = Frac { coeff: Rational::one(), factors: low };
        if let Some(before) = before {
            self.last_sum = Some((common.clone(), before, s.clone()));
        }
        let rest = self.frac_of_poly(s);
        if rest.is_zero() {
            return Some(rest);
        }
        let out = self.mul(&common, &rest);
        self.cancel(out)
    }

    /// [`Conv::power`] made and kept (in `powers`, or `polys[f]` itself for `e` = 1), not
    /// copied.
    fn cache_power(&mut self, f: usize, e: u32) -> Option<()> {
        if e > 1 && !self.powers.contains_key(&(f, e)) {
            self.power(f, e)?;
        }
        Some(())
    }

    /// `polys[f]^e`, remembered.
    fn power(&mut self, f: usize, e: u32) -> Option<Poly> {
        if e == 1 {
            return Some(self.polys[f].clone());
        }
        if let Some(p) = self.powers.get(&(f, e)) {
            return Some(p.clone());
        }
        let half = self.power(f, e / 2)?;
        self.budget.spend(half.len().saturating_mul(half.len()))?;
        let mut p = half.mul(&half);
        if e % 2 == 1 {
            let one = &self.polys[f];
            self.budget.spend(p.len().saturating_mul(one.len()))?;
            p = p.mul(one);
        }
        self.powers.insert((f, e), p.clone());
        Some(p)
    }

    /// Cancels the gcd of every numerator factor with every denominator factor.
    fn cancel(&mut self, mut fr: Frac) -> Option<Frac> {
        'again: loop {
            let dens: Vec<(usize, i32)> = fr.factors.iter().copied().filter(|&(_, k)| k < 0).collect();
            let nums: Vec<(usize, i32)> = fr.factors.iter().copied().filter(|&(_, k)| k > 0).collect();
            for &(d, a) in &dens {
                for &(n, b) in &nums {
                    if self.single[d].is_some() || self.single[n].is_some() || self.coprime.contains(&(d, n)) {
                        continue;
                    }
                    let h = gcd(&self.polys[d], &self.polys[n], &mut self.budget)?;
                    if h.is_constant() {
                        self.coprime.insert((d, n));
                        continue;
                    }
                    let limit = self.budget.left();
                    let d2 = self.polys[d].div_exact(&h, limit)?;
                    let n2 = self.polys[n].div_exact(&h, limit)?;
                    self.cancelled = true;
                    fr.factors.retain(|&(g, _)| g != d && g != n);
                    let h = self.frac_of_poly(h);
                    let d2 = self.frac_of_poly(d2);
                    let n2 = self.frac_of_poly(n2);
                    let (h, d2, n2) =
                        (self.pow(&h, i64::from(a + b))?, self.pow(&d2, i64::from(a))?, self.pow(&n2, i64::from(b))?);
                    let mut out = Frac { coeff: fr.coeff.clone(), factors: fr.factors.clone() };
                    for part in [h, d2, n2] {
                        out = self.mul(&out, &part);
                    }
                    fr = out;
                    continue 'again;
                }
            }
            return Some(fr);
        }
    }

    /// Identities of the generators applied to a sum: roots to below their index, and the
    /// Pythagorean identities where they remove terms.
    fn reduce_identities(&mut self, s: Poly) -> Option<Poly> {
        let mut s = s;
        // Roots: g^q = u with u a polynomial.
        for v in 0..self.kinds.len() {
            let Kind::Root { q, base } = &self.kinds[v] else { continue };
            if s.degree(v) < *q || base.factors.iter().any(|&(_, k)| k < 0) {
                continue;
            }
            let (q, base) = (*q, base.clone());
            let u = self.expand(&base)?;
            let parts = s.coefficients_in(v);
            let mut out = Poly::zero(s.nvars());
            for (k, c) in parts {
                let mut e = vec![0u32; s.nvars().max(v + 1)];
                e[v] = k % q;
                let mut t = c.mul_monomial(&e, &Rational::one());
                for _ in 0..k / q {
                    self.budget.spend(t.len().saturating_mul(u.len()))?;
                    t = t.mul(&u);
                }
                out = out.add(&t);
            }
            s = out;
        }
        // sin² + cos² = 1, cosh² − sinh² = 1: whichever substitution leaves fewest terms.
        for (a, b, hyperbolic) in self.trig_pairs() {
            if s.degree(a) < 2 && s.degree(b) < 2 {
                continue;
            }
            let one = Poly::one(s.nvars());
            let va = Poly::var(s.nvars().max(a + 1), a).pow(2);
            let vb = Poly::var(s.nvars().max(b + 1), b).pow(2);
            // a = sin/sinh, b = cos/cosh: a² = 1 - b² (or b² - 1), b² = 1 - a² (or 1 + a²).
            let a2 = if hyperbolic { vb.sub(&one) } else { one.sub(&vb) };
            let b2 = if hyperbolic { one.add(&va) } else { one.sub(&va) };
            let with_a = substitute_square(&s, a, &a2);
            let with_b = substitute_square(&s, b, &b2);
            self.budget.spend(with_a.len() + with_b.len())?;
            let best = [with_a, with_b].into_iter().min_by_key(Poly::len)?;
            if best.len() < s.len() {
                self.used_identity = true;
                s = best;
            }
        }
        Some(s)
    }

    /// (sin u, cos u, false) and (sinh u, cosh u, true) variable pairs of one argument.
    fn trig_pairs(&self) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        for (a, ka) in self.kinds.iter().enumerate() {
            let Kind::Trig(fa @ (Func::Sin | Func::Sinh), ua) = ka else { continue };
            let want = if *fa == Func::Sin { Func::Cos } else { Func::Cosh };
            for (b, kb) in self.kinds.iter().enumerate() {
                if matches!(kb, Kind::Trig(fb, ub) if *fb == want && ub == ua) {
                    out.push((a, b, *fa == Func::Sinh));
                }
            }
        }
        out
    }

    /// The fraction multiplied out into one polynomial (its factors must have non-negative
    /// exponents).
    pub fn expand(&mut self, fr: &Frac) -> Option<Poly> {
        let mut p = Poly::constant(self.gens.len(), fr.coeff.clone());
        for &(f, k) in &fr.factors {
            let q = self.power(f, u32::try_from(k).ok()?)?;
            self.budget.spend(p.len().saturating_mul(q.len()))?;
            p = p.mul(&q);
        }
        Some(p)
    }

    // ----- derivatives -----

    /// The generator variables `fr` depends on, in increasing order.
    pub fn used_vars(&self, fr: &Frac) -> Vec<usize> {
        let mut vars: Vec<usize> = Vec::new();
        for &(f, _) in &fr.factors {
            match self.single[f] {
                Some(v) => vars.push(v),
                None => vars.extend(self.polys[f].used_vars()),
            }
        }
        vars.sort_unstable();
        vars.dedup();
        vars
    }

    /// Whether a generator `fr` depends on is a root (`√x`): its identity `g^q = u` makes
    /// the normal form depend on the way it was reached (`x/√x` or `√x`), so a derivative
    /// taken within the fraction could differ in form from one converted afresh.
    pub fn has_roots(&self, fr: &Frac) -> bool {
        self.used_vars(fr).iter().any(|&v| matches!(self.kinds[v], Kind::Root { .. }))
    }

    /// Whether `fr` is a polynomial in the symbols (no other generator, no denominator).
    pub fn is_polynomial(&self, pool: &Pool, fr: &Frac) -> bool {
        fr.factors.iter().all(|&(_, k)| k > 0)
            && self.used_vars(fr).iter().all(|&v| matches!(pool.node(self.gens.expr(v)), Node::Sym(_)))
    }

    /// The derivative of `fr` under the derivation that sends generator `v` to `dgen[v]`
    /// (absent: 0), in lowest terms: `D(c·Π fᵢ^kᵢ) = Σ kᵢ·c·Π fᵢ^kᵢ · D(fᵢ)/fᵢ` with
    /// `D(p) = Σ_v ∂p/∂x_v · D(x_v)` for a polynomial factor, brought over a common
    /// denominator and cancelled by [`Conv::sum`] like any other sum (its identities
    /// included). Only the chain rule through the generators is done here: what each
    /// generator's derivative is, the caller asks the derivative engine. `None` when the
    /// budget ran out.
    pub fn derivation(&mut self, fr: &Frac, dgen: &FxHashMap<usize, Frac>) -> Option<Frac> {
        let mut terms: Vec<Frac> = Vec::with_capacity(fr.factors.len());
        for &(f, k) in &fr.factors {
            let dp = match self.single[f] {
                Some(v) => match dgen.get(&v) {
                    Some(d) if !d.is_zero() => d.clone(),
                    _ => continue,
                },
                None => {
                    let mut parts = Vec::new();
                    for v in self.polys[f].used_vars() {
                        let Some(d) = dgen.get(&v).filter(|d| !d.is_zero()) else { continue };
                        self.budget.spend(self.polys[f].len())?;
                        let partial = self.polys[f].derivative(v);
                        let partial = self.frac_of_poly(partial);
                        parts.push(self.mul(&partial, d));
                    }
                    self.sum(parts)?
                }
            };
            if dp.is_zero() {
                continue;
            }
            let mut rest = Frac { coeff: cmul(&fr.coeff, &number::int(i64::from(k))), factors: fr.factors.clone() };
            merge_factor(&mut rest.factors, f, -1);
            terms.push(self.mul(&rest, &dp));
        }
        self.sum(terms)
    }

    // ----- from the pool -----

    /// `id` as a fraction; `None` when the budget ran out or a part is undefined (a zero
    /// to a negative power).
    pub fn frac_of(&mut self, s: &mut Simplifier, pool: &mut Pool, id: ExprId) -> Option<Frac> {
        if let Some(f) = self.memo.get(&id) {
            return Some(f.clone());
        }
        self.budget.spend(1)?;
        let fr = match pool.node(id).clone() {
            Node::Num(r) => Frac::constant(r),
            Node::Sym(_) | Node::Pi | Node::E => self.gen_frac(id, Kind::Opaque),
            // Operands in their structural order, so that generators and factors are numbered
            // alike in any pool (the form must not depend on what else the pool holds).
            Node::Add(ts) => {
                let mut parts = Vec::with_capacity(ts.len());
                for t in s.measure.structural_order(pool, &ts) {
                    parts.push(self.frac_of(s, pool, t)?);
                }
                self.sum(parts)?
            }
            Node::Mul(fs) => {
                let mut acc = Frac::constant(Rational::one());
                for f in s.measure.structural_order(pool, &fs) {
                    let p = self.frac_of(s, pool, f)?;
                    acc = self.mul(&acc, &p);
                }
                self.cancel(acc)?
            }
            Node::Pow(b, e) => self.power_frac(s, pool, id, b, e)?,
            // max, min, atan2, unknown functions: a generator, its arguments in their own forms.
            Node::Call(callee, args) => {
                let forms: Vec<ExprId> = args.iter().map(|&a| s.form(pool, a)).collect();
                let call = pool.call(callee, &forms);
                if matches!(pool.node(call), Node::Call(..)) {
                    self.gen_frac(call, Kind::Opaque)
                } else {
                    // Decided by its simplified arguments (max(x + 1 - x, 0) is 1).
                    self.frac_of(s, pool, call)?
                }
            }
            Node::Func(f, u) => {
                let u2 = s.form(pool, u);
                let call = pool.func(f, u2);
                match *pool.node(call) {
                    // tan, cot, sec, csc and tanh in terms of sin and cos (sinh and cosh), so
                    // that one set of identities sees all of them; the presentation writes
                    // tan, sec, … again where that is shorter.
                    Node::Func(g @ (Func::Tan | Func::Cot | Func::Sec | Func::Csc | Func::Tanh), a) => {
                        let (num, den) = match g {
                            Func::Tan => (Some(Func::Sin), Func::Cos),
                            Func::Cot => (Some(Func::Cos), Func::Sin),
                            Func::Sec => (None, Func::Cos),
                            Func::Csc => (None, Func::Sin),
                            _ => (Some(Func::Sinh), Func::Cosh),
                        };
                        let d = pool.func(den, a);
                        let d = self.frac_of(s, pool, d)?;
                        if d.is_zero() {
                            return None;
                        }
                        let d = self.pow(&d, -1)?;
                        match num {
                            Some(n) => {
                                let n = pool.func(n, a);
                                let n = self.frac_of(s, pool, n)?;
                                self.mul(&n, &d)
                            }
                            None => d,
                        }
                    }
                    Node::Func(g, a) => {
                        let partner = match g {
                            Func::Sin => Some(Func::Cos),
                            Func::Cos => Some(Func::Sin),
                            Func::Sinh => Some(Func::Cosh),
                            Func::Cosh => Some(Func::Sinh),
                            _ => None,
                        };
                        match partner {
                            None => self.gen_frac(call, Kind::Opaque),
                            Some(partner) => {
                                let fr = self.gen_frac(call, Kind::Trig(g, a));
                                // The partner is a generator too (unused until an identity
                                // brings it in), so that `1 - cos(x)²` can become `sin(x)²`.
                                let p = pool.func(partner, a);
                                if matches!(pool.node(p), Node::Func(..)) {
                                    self.generator(p, Kind::Trig(partner, a));
                                }
                                fr
                            }
                        }
                    }
                    // A special value appeared once the argument was simplified.
                    _ => self.frac_of(s, pool, call)?,
                }
            }
        };
        self.memo.insert(id, fr.clone());
        Some(fr)
    }

    fn power_frac(&mut self, s: &mut Simplifier, pool: &mut Pool, id: ExprId, b: ExprId, e: ExprId) -> Option<Frac> {
        if let Some(r) = pool.as_num(e).cloned() {
            if r.is_integer() {
                let n = r.numer().to_i64().filter(|n| n.abs() <= MAX_EXPONENT);
                return match n {
                    Some(n) => {
                        let base = self.frac_of(s, pool, b)?;
                        if base.is_zero() && n < 0 {
                            return None;
                        }
                        self.pow(&base, n)
                    }
                    None => Some(self.gen_frac(id, Kind::Opaque)),
                };
            }
            // b^(p/q) = g^p with g = b^(1/q), b simplified first.
            let q = r.denom().to_u32()?;
            let p = r.numer().to_i64().filter(|n| n.abs() <= MAX_EXPONENT * i64::from(q));
            let b2 = if pool.as_num(b).is_some() { b } else { s.form(pool, b) };
            if b2 != b {
                let again = pool.pow(b2, e);
                return if again == id { Some(self.gen_frac(id, Kind::Opaque)) } else { self.frac_of(s, pool, again) };
            }
            let inv_q = pool.num(Rational::new(BigInt::one(), BigInt::from(q)));
            let g = pool.pow(b, inv_q);
            let (Some(p), Node::Pow(gb, _)) = (p, pool.node(g).clone()) else {
                return Some(self.gen_frac(id, Kind::Opaque));
            };
            if gb != b {
                return Some(self.gen_frac(id, Kind::Opaque));
            }
            let frac_g = if self.gens.get(g).is_some() {
                let v = self.gens.get(g)?;
                Frac { coeff: Rational::one(), factors: vec![(self.var_factor[&v], 1)] }
            } else {
                let base = self.frac_of(s, pool, b)?;
                self.gen_frac(g, Kind::Root { q, base })
            };
            return self.pow(&frac_g, p);
        }
        // A symbolic exponent: b^(c₀ + Σ cᵢvᵢ) = b^c₀ · Π (b^(unitᵢ·vᵢ))^(cᵢ/unitᵢ).
        let mut acc = Frac::constant(Rational::one());
        for t in terms_of(pool, e) {
            if pool.as_num(t).is_some() {
                let p = pool.pow(b, t);
                let f = self.frac_of(s, pool, p)?;
                acc = self.mul(&acc, &f);
                continue;
            }
            let (c, v) = pool.split_coeff(t);
            if self.units.is_none() {
                self.find_units(pool);
            }
            let unit = self.units.as_ref().and_then(|u| u.get(&(b, v))).cloned().unwrap_or_else(|| c.abs());
            let k = number::div(&c, &unit)?;
            let k = k.is_integer().then(|| k.numer().to_i64()).flatten().filter(|k| k.abs() <= MAX_EXPONENT);
            let gexp = pool.num(unit);
            let gexp = pool.mul2(gexp, v);
            let g = pool.pow(b, gexp);
            let f = match (k, pool.node(g)) {
                (Some(k), Node::Pow(..)) => {
                    let gf = self.gen_frac(g, Kind::Opaque);
                    self.pow(&gf, k)?
                }
                _ => {
                    let whole = pool.pow(b, t);
                    self.gen_frac(whole, Kind::Opaque)
                }
            };
            acc = self.mul(&acc, &f);
        }
        Some(acc)
    }
}

/// `f^k` into a sorted factor list (removed when the exponents cancel).
pub(super) fn merge_factor(fs: &mut Vec<(usize, i32)>, f: usize, k: i32) {
    match fs.binary_search_by_key(&f, |&(g, _)| g) {
        Ok(i) => {
            fs[i].1 += k;
            if fs[i].1 == 0 {
                fs.remove(i);
            }
        }
        Err(i) => {
            if k != 0 {
                fs.insert(i, (f, k));
            }
        }
    }
}

/// The terms of a sum (or the expression itself).
pub(super) fn terms_of(pool: &Pool, id: ExprId) -> Vec<ExprId> {
    match pool.node(id) {
        Node::Add(ts) => ts.to_vec(),
        _ => vec![id],
    }
}

/// gcd of two positive rationals: gcd of numerators over lcm of denominators.
fn rational_gcd(a: &Rational, b: &Rational) -> Rational {
    let n = number::gcd(a.numer(), b.numer());
    let d = a.denom().lcm(b.denom());
    if n.is_zero() {
        return Rational::one();
    }
    Rational::new(n, d)
}

/// `p` with every x_v² replaced by `square` (x_v^(2k+r) = square^k·x_v^r).
fn substitute_square(p: &Poly, v: usize, square: &Poly) -> Poly {
    let parts = p.coefficients_in(v);
    let n = p.nvars().max(square.nvars()).max(v + 1);
    let mut out = Poly::zero(n);
    for (k, c) in parts {
        let mut e = vec![0u32; n];
        e[v] = k % 2;
        let t = c.mul_monomial(&e, &Rational::one()).mul(&square.pow(k / 2));
        out = out.add(&t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rational_gcd_of_multipliers() {
        assert_eq!(rational_gcd(&number::int(4), &number::int(6)), number::int(2));
        assert_eq!(rational_gcd(&number::frac(1, 2), &number::int(3)), number::frac(1, 2));
    }

    #[test]
    fn squares_are_substituted() {
        // s³ + s with s² = 1 - c²: s(1 - c²) + s = 2s - s c²
        let s = Poly::var(2, 0);
        let c = Poly::var(2, 1);
        let one = Poly::one(2);
        let p = s.pow(3).add(&s);
        let out = substitute_square(&p, 0, &one.sub(&c.pow(2)));
        assert_eq!(out, s.scale(&number::int(2)).sub(&s.mul(&c.pow(2))));
    }
}
