//! From a rational normal form back to a pool expression, in the shapes a textbook uses:
//! numerator and denominator each factored or multiplied out, a polynomial written term by
//! term or grouped by its non-polynomial parts (`(2x + 3)·sin(x) + x²·cos(x)`), sin·cos as
//! a double angle, sin/cos as tan. The caller keeps whichever prints shortest.

use super::rational::{Conv, Frac};
use super::written::Entered;
use super::Costs;
use crate::algebra::{monomial_expr, Poly};
use crate::expr::{ExprId, Func, Node, Pool, Rational};
use num_traits::{One, Signed};
use rustc_hash::FxHashMap;

/// Multiplying out a part of the fraction is tried only below this many terms.
const MAX_EXPANDED_TERMS: usize = 2_000;

/// Builds and remembers the expressions of the factors of one [`Conv`].
pub(super) struct Presenter<'m> {
    measure: &'m Costs,
    factor_exprs: FxHashMap<usize, ExprId>,
}

impl<'m> Presenter<'m> {
    pub fn new(measure: &'m Costs) -> Presenter<'m> {
        Presenter { measure, factor_exprs: FxHashMap::default() }
    }

    fn shortest(&self, pool: &Pool, cands: Vec<ExprId>) -> ExprId {
        let mut best = cands[0];
        let mut best_len = (usize::MAX, 0, 0, String::new());
        for c in cands {
            let l = super::cost(self.measure, pool, c);
            if l < best_len {
                best = c;
                best_len = l;
            }
        }
        best
    }

    /// The expression of a polynomial: term by term, grouped by its non-polynomial parts,
    /// or with squares of sin/cos folded into double angles, whichever prints shortest.
    pub fn poly_expr(&mut self, conv: &Conv, pool: &mut Pool, p: &Poly) -> ExprId {
        let entry = self.measure.enter(p, &conv.gens);
        // The shape depends on the polynomial alone, not on how this converter numbered its
        // variables — except which sine a double angle is tried for, or which sigmoid or
        // sign complements are written for, when the polynomial has several (the first in
        // that numbering): such a shape is not kept.
        if let Some(e) = self.measure.shape(entry) {
            return e;
        }
        let e = self.shape_of(conv, pool, p, entry);
        let of_kind = |trig: bool| {
            (0..conv.gens.len())
                .filter(|&v| match pool.node(conv.gens.expr(v)) {
                    Node::Func(Func::Sin, _) => trig,
                    Node::Func(Func::Sigmoid | Func::Sign, _) => !trig,
                    _ => false,
                })
                .filter(|&v| p.uses(v))
                .count()
        };
        if of_kind(true) <= 1 && of_kind(false) <= 1 {
            self.measure.keep_shape(entry, e);
        }
        e
    }

    /// [`Presenter::poly_expr`] of `p`, entered as `entry`. The term-by-term form is
    /// built only when it could be the shortest: a polynomial of a hundred terms grouped by
    /// its kernels is often a third shorter, and building and printing its terms would be
    /// most of the work of choosing.
    fn shape_of(&mut self, conv: &Conv, pool: &mut Pool, p: &Poly, entry: Entered) -> ExprId {
        let mut cands = Vec::new();
        let kernel: Vec<bool> =
            (0..conv.gens.len()).map(|v| !matches!(pool.node(conv.gens.expr(v)), Node::Sym(_))).collect();
        if p.len() > 1 && kernel.iter().any(|&k| k) {
            cands.push(grouped(conv, pool, p, &kernel, self.measure, true));
        }
        if let Some(d) = double_angle(conv, pool, p) {
            cands.push(d);
        }
        if let Some(c) = with_complements(conv, pool, p) {
            cands.push(c);
        }
        let shortest_other = cands.iter().map(|&c| super::cost(self.measure, pool, c).0).min();
        let at_least = super::flat_printed_at_least(self.measure, pool, p, &conv.gens);
        if shortest_other.is_some_and(|s| at_least > s) {
            return self.shortest(pool, cands);
        }
        let flat = self.measure.flat_of(entry, pool, p, &conv.gens);
        debug_assert!(
            at_least <= super::cost(self.measure, pool, flat).0,
            "{} is shorter than its bound {at_least}",
            self.measure.plain(pool, flat)
        );
        if cands.is_empty() {
            return flat;
        }
        cands.insert(0, flat);
        self.shortest(pool, cands)
    }

    fn factor_expr(&mut self, conv: &Conv, pool: &mut Pool, f: usize) -> ExprId {
        if let Some(&e) = self.factor_exprs.get(&f) {
            return e;
        }
        let e = match conv.single[f] {
            Some(v) => conv.gens.expr(v),
            None => {
                let p = conv.polys[f].clone();
                self.poly_expr(conv, pool, &p)
            }
        };
        self.factor_exprs.insert(f, e);
        e
    }

    /// The factored form, each polynomial grouped by its non-polynomial parts, nothing
    /// measured: the cheap shape for an intermediate result (a derivative of it stays small).
    pub fn quick(&mut self, conv: &Conv, pool: &mut Pool, fr: &Frac) -> ExprId {
        let kernel: Vec<bool> =
            (0..conv.gens.len()).map(|v| !matches!(pool.node(conv.gens.expr(v)), Node::Sym(_))).collect();
        let mut parts = vec![pool.num(fr.coeff.clone())];
        for &(f, k) in &fr.factors {
            let base = match conv.single[f] {
                Some(v) => conv.gens.expr(v),
                None => {
                    let p = &conv.polys[f];
                    if p.used_vars().iter().any(|&v| kernel[v]) {
                        grouped(conv, pool, p, &kernel, self.measure, false)
                    } else {
                        self.measure.flat(pool, p, &conv.gens)
                    }
                }
            };
            let k = pool.int(i64::from(k));
            parts.push(pool.pow(base, k));
        }
        pool.mul(parts)
    }

    /// `common · s`, the sum of the rests unexpanded beside the factors taken out (the
    /// common-denominator stage).
    pub fn together(&mut self, conv: &mut Conv, pool: &mut Pool, common: &Frac, s: &Poly) -> ExprId {
        let mut parts = vec![self.measure.flat(pool, s, &conv.gens)];
        for &(f, k) in &common.factors {
            let base = self.factor_expr(conv, pool, f);
            let k = pool.int(i64::from(k));
            parts.push(pool.pow(base, k));
        }
        pool.mul(parts)
    }

    /// The candidate expressions of `fr`.
    pub fn candidates(&mut self, conv: &mut Conv, pool: &mut Pool, fr: &Frac) -> Vec<ExprId> {
        let mut out = Vec::new();
        // Multiplying out changes something when a sum is raised to a power or multiplied by
        // another factor (a sum or a monomial).
        let worth = |positive: bool| {
            let side: Vec<(usize, i32)> = fr.factors.iter().copied().filter(|&(_, k)| (k > 0) == positive).collect();
            let sums = side.iter().filter(|&&(f, _)| conv.single[f].is_none()).count();
            sums > 0 && (side.len() > 1 || side.iter().any(|&(_, k)| k.abs() > 1))
        };
        let expand_num = [false].into_iter().chain(worth(true).then_some(true));
        let expand_den: Vec<bool> = [false].into_iter().chain(worth(false).then_some(true)).collect();
        for en in expand_num {
            for &ed in &expand_den {
                for e in self.build(conv, pool, fr, en, ed).unwrap_or_default() {
                    out.push(e);
                    out.extend(trig_variants(pool, e));
                }
            }
        }
        if let Some(e) = self.balanced(conv, pool, fr) {
            out.push(e);
        }
        out.dedup();
        out
    }

    /// `M/f^m` for a monomial `M = Π tᵢ^kᵢ` in exponentials `tᵢ = e^(wᵢ)` written as
    /// `1/(f·M^(-1/m))^m`, the denominator's exponents balanced around 0, when that makes it
    /// `e^v + e^(-v)` = `2cosh(v)` or `e^v - e^(-v)` = `2sinh(v)`: the logistic
    /// `2e^(2x)/(e^(2x) + 1)²` is `1/(2cosh(x)²)`.
    fn balanced(&mut self, conv: &mut Conv, pool: &mut Pool, fr: &Frac) -> Option<ExprId> {
        let exponent_of = |v: usize| match *pool.node(conv.gens.expr(v)) {
            Node::Pow(b, w) if matches!(pool.node(b), Node::E) => Some(w),
            _ => None,
        };
        let (den, m) = fr.factors.iter().find_map(|&(f, m)| (m < 0 && conv.single[f].is_none()).then_some((f, -m)))?;
        // The exponentials of the numerator that the denominator uses: (factor, var, k, w).
        let shifted: Vec<(usize, usize, i32, ExprId)> = fr
            .factors
            .iter()
            .filter_map(|&(f, k)| {
                let v = conv.single[f]?;
                let w = exponent_of(v)?;
                (k > 0 && conv.polys[den].uses(v)).then_some((f, v, k, w))
            })
            .collect();
        if shifted.is_empty() {
            return None;
        }
        let p = conv.polys[den].clone();
        // The terms of f·M^(-1/m): (coefficient, exponent of each shifted generator, rest).
        let terms: Vec<(Rational, Vec<Rational>, Vec<u32>)> = p
            .terms()
            .map(|(e, c)| {
                let mut rest = e.to_vec();
                let qs = shifted
                    .iter()
                    .map(|&(_, v, k, _)| {
                        let j = rest.get(v).copied().unwrap_or(0);
                        if v < rest.len() {
                            rest[v] = 0;
                        }
                        Rational::from_integer(j.into()) - Rational::new(k.into(), m.into())
                    })
                    .collect();
                (c.clone(), qs, rest)
            })
            .collect();
        let exponent = |pool: &mut Pool, qs: &[Rational]| -> ExprId {
            let parts: Vec<ExprId> = qs
                .iter()
                .zip(&shifted)
                .map(|(q, &(_, _, _, w))| {
                    let q = pool.num(q.clone());
                    pool.mul2(q, w)
                })
                .collect();
            pool.add(parts)
        };
        // Only with whole multiples of the exponents: cosh(x/2) would be a half-angle form
        // that SymPy, for one, does not recognise as equal to the exponentials.
        let hyperbolic = match &terms[..] {
            [(c1, q1, r1), (c2, q2, r2)]
                if r1 == r2 && q1.iter().zip(q2).all(|(a, b)| *a == -b.clone()) && (c1 == c2 || *c1 == -c2.clone()) =>
            {
                let exp1 = exponent(pool, q1);
                if super::rational::terms_of(pool, exp1).iter().any(|&t| !pool.coeff_of(t).is_integer()) {
                    return None;
                }
                // cosh is even, sinh odd: take the argument whose coefficient is positive.
                let (arg, c) = if pool.coeff_of(exp1).is_positive() { (exp1, c1) } else { (exponent(pool, q2), c2) };
                let h = pool.func(if c1 == c2 { Func::Cosh } else { Func::Sinh }, arg);
                let two_c = pool.num(c.clone() * Rational::from_integer(2.into()));
                let rest = monomial_expr(pool, r1, &Rational::one(), &conv.gens);
                Some(pool.mul(vec![two_c, h, rest]))
            }
            _ => None,
        };
        // Balanced exponentials alone (`1/(e^(-x) + 1)` for `e^x/(e^x + 1)`) read no better:
        // only the hyperbolic form is offered.
        let sum = hyperbolic?;
        let mut parts = vec![pool.num(fr.coeff.clone())];
        for &(f, j) in &fr.factors {
            if f == den || shifted.iter().any(|&(g, ..)| g == f) {
                continue;
            }
            let base = self.factor_expr(conv, pool, f);
            let j = pool.int(i64::from(j));
            parts.push(pool.pow(base, j));
        }
        let mm = pool.int(-i64::from(m));
        parts.push(pool.pow(sum, mm));
        Some(pool.mul(parts))
    }

    /// `fr` with its numerator (`en`) and denominator (`ed`) multiplied out or not: each
    /// sum written with the sign that leaves it fewer minus signs (`1 - x` or `x - 1`), and,
    /// when the coefficient is then negative, also each form with that sign moved into one
    /// factor of odd power (`1/(1 - x)` for `-1/(x - 1)`).
    fn build(&mut self, conv: &mut Conv, pool: &mut Pool, fr: &Frac, en: bool, ed: bool) -> Option<Vec<ExprId>> {
        // (polynomial, exponent, the factor it is when unchanged)
        let mut comps: Vec<(Poly, i32, Option<usize>)> = Vec::new();
        let mut singles: Vec<(usize, i32)> = Vec::new();
        let mut num = Frac::constant(Rational::one());
        let mut den = Frac::constant(Rational::one());
        for &(f, k) in &fr.factors {
            if k > 0 && en {
                num.factors.push((f, k));
            } else if k < 0 && ed {
                den.factors.push((f, -k));
            } else if conv.single[f].is_some() {
                singles.push((f, k));
            } else {
                comps.push((conv.polys[f].clone(), k, Some(f)));
            }
        }
        for (frac, sign) in [(num, 1), (den, -1)] {
            if frac.factors.is_empty() {
                continue;
            }
            let terms: usize =
                frac.factors.iter().map(|&(f, k)| conv.polys[f].len().saturating_pow(k as u32)).product();
            if terms > MAX_EXPANDED_TERMS {
                return None;
            }
            let p = conv.expand(&frac)?;
            comps.push((p, sign, None));
        }
        let mut coeff = fr.coeff.clone();
        for c in comps.iter_mut() {
            let negatives = c.0.terms().filter(|(_, x)| x.is_negative()).count();
            if c.0.len() > 1 && 2 * negatives > c.0.len() {
                c.0 = c.0.neg();
                c.2 = None;
                if c.1 % 2 != 0 {
                    coeff = -coeff;
                }
            }
        }
        let mut flips: Vec<Option<usize>> = vec![None];
        if coeff.is_negative() {
            flips.extend((0..comps.len()).filter(|&i| comps[i].1 % 2 != 0 && comps[i].0.len() > 1).take(4).map(Some));
        }
        let mut out = Vec::with_capacity(flips.len());
        for flip in flips {
            let mut parts: Vec<ExprId> = Vec::with_capacity(comps.len() + singles.len() + 1);
            let c = if flip.is_some() { -coeff.clone() } else { coeff.clone() };
            parts.push(pool.num(c));
            for &(f, k) in &singles {
                let base = self.factor_expr(conv, pool, f);
                let k = pool.int(i64::from(k));
                parts.push(pool.pow(base, k));
            }
            for (i, (p, k, f)) in comps.iter().enumerate() {
                let base = match (flip == Some(i), f) {
                    (false, Some(f)) => self.factor_expr(conv, pool, *f),
                    (false, None) => self.poly_expr(conv, pool, p),
                    (true, _) => {
                        let q = p.neg();
                        self.poly_expr(conv, pool, &q)
                    }
                };
                let k = pool.int(i64::from(*k));
                parts.push(pool.pow(base, k));
            }
            out.push(pool.mul(parts));
        }
        Some(out)
    }
}

/// Σ (polynomial in the symbols)·(monomial in the other generators), each polynomial with
/// its monomial content taken out where that prints shorter.
fn grouped(conv: &Conv, pool: &mut Pool, p: &Poly, kernel: &[bool], costs: &Costs, measured: bool) -> ExprId {
    let mut order: Vec<Vec<u32>> = Vec::new();
    let mut groups: FxHashMap<Vec<u32>, Vec<(Vec<u32>, Rational)>> = FxHashMap::default();
    for (e, c) in p.terms() {
        let k: Vec<u32> =
            e.iter().enumerate().map(|(v, &x)| if kernel.get(v).copied().unwrap_or(false) { x } else { 0 }).collect();
        let rest: Vec<u32> =
            e.iter().enumerate().map(|(v, &x)| if kernel.get(v).copied().unwrap_or(false) { 0 } else { x }).collect();
        groups
            .entry(k.clone())
            .or_insert_with(|| {
                order.push(k);
                Vec::new()
            })
            .push((rest, c.clone()));
    }
    let mut terms = Vec::with_capacity(order.len());
    for k in order {
        // The terms of one group keep the order of `p`'s (they differ first where `p`'s do,
        // outside the kernel).
        let coef = Poly::from_sorted_terms(p.nvars(), groups.remove(&k).unwrap_or_default());
        let kern = monomial_expr(pool, &k, &Rational::one(), &conv.gens);
        let flat = costs.flat(pool, &coef, &conv.gens);
        let flat = pool.mul2(flat, kern);
        let m = coef.monomial_gcd();
        if !(measured && coef.len() >= 2 && m.iter().any(|&e| e > 0)) {
            terms.push(flat);
            continue;
        }
        let rest = coef.div_monomial(&m);
        let mono = monomial_expr(pool, &m, &Rational::one(), &conv.gens);
        let r = costs.flat(pool, &rest, &conv.gens);
        let taken_out = pool.mul(vec![mono, r, kern]);
        terms.push(if super::cost(costs, pool, taken_out) < super::cost(costs, pool, flat) { taken_out } else { flat });
    }
    pool.add(terms)
}

/// A polynomial with its pairs of terms c·m·g^k and ∓c·m·g^(k+1) written c·m·g^k·(1 ∓ g), for a
/// generator g whose complement reads as one unit (see [`super::complements`]): 1 − σ(u) and
/// 1 ± sign(u). `xy − xy·σ(xy) + 1` is `xy(1 − σ(xy)) + 1`. `None` when no pair is found.
fn with_complements(conv: &Conv, pool: &mut Pool, p: &Poly) -> Option<ExprId> {
    let minus_one = -Rational::one();
    for v in 0..conv.gens.len() {
        let g = conv.gens.expr(v);
        let signs: &[bool] = match pool.node(g) {
            Node::Func(Func::Sigmoid, _) => &[true],
            Node::Func(Func::Sign, _) => &[true, false],
            _ => continue,
        };
        let terms: Vec<(Vec<u32>, Rational)> = p.terms().map(|(e, c)| (e.to_vec(), c.clone())).collect();
        let mut used = vec![false; terms.len()];
        let mut out = Vec::new();
        for i in 0..terms.len() {
            if used[i] {
                continue;
            }
            let (e, c) = &terms[i];
            let mut next = e.clone();
            if next.len() <= v {
                next.resize(v + 1, 0);
            }
            next[v] += 1;
            let partner = (0..terms.len()).find(|&j| {
                !used[j]
                    && j != i
                    && terms[j].0.iter().copied().chain(std::iter::repeat(0)).take(next.len()).eq(next.iter().copied())
                    && terms[j].0.iter().skip(next.len()).all(|&x| x == 0)
                    && signs.iter().any(|&minus| terms[j].1 == if minus { -c.clone() } else { c.clone() })
            });
            let Some(j) = partner else { continue };
            used[i] = true;
            used[j] = true;
            let minus = terms[j].1 == -c.clone();
            let coef = if minus { pool.num(minus_one.clone()) } else { pool.int(1) };
            let g_term = pool.mul2(coef, g);
            let one = pool.int(1);
            let complement = pool.add(vec![one, g_term]);
            let head = monomial_expr(pool, e, c, &conv.gens);
            out.push(pool.mul2(head, complement));
        }
        if out.is_empty() {
            continue;
        }
        for (i, (e, c)) in terms.iter().enumerate() {
            if !used[i] {
                out.push(monomial_expr(pool, e, c, &conv.gens));
            }
        }
        return Some(pool.add(out));
    }
    None
}

/// A polynomial whose every term has degree 0 or 2 in the sin and cos of one argument u,
/// rewritten with sin²u = (1 − cos 2u)/2, cos²u = (1 + cos 2u)/2, sin u·cos u = sin(2u)/2.
fn double_angle(conv: &Conv, pool: &mut Pool, p: &Poly) -> Option<ExprId> {
    let (s, c, u) = trig_pair_in(conv, pool, p)?;
    let mut two_u = None;
    let mut terms = Vec::with_capacity(p.len());
    for (e, coef) in p.terms() {
        let (ds, dc) = (e.get(s).copied().unwrap_or(0), e.get(c).copied().unwrap_or(0));
        if !matches!(ds + dc, 0 | 2) {
            return None;
        }
        let mut rest = e.to_vec();
        if s < rest.len() {
            rest[s] = 0;
        }
        if c < rest.len() {
            rest[c] = 0;
        }
        let base = monomial_expr(pool, &rest, coef, &conv.gens);
        if ds + dc == 0 {
            terms.push(base);
            continue;
        }
        let tu = *two_u.get_or_insert_with(|| {
            let two = pool.int(2);
            pool.mul2(two, u)
        });
        // sin²u = 1/2 − cos(2u)/2, cos²u = 1/2 + cos(2u)/2, sin u·cos u = sin(2u)/2, as
        // separate terms, so that the sum collects them.
        let half = pool.num(crate::expr::number::frac(1, 2));
        let half_base = pool.mul2(half, base);
        match (ds, dc) {
            (1, 1) => {
                let s2 = pool.func(Func::Sin, tu);
                terms.push(pool.mul2(half_base, s2));
            }
            (2, 0) | (0, 2) => {
                let c2 = pool.func(Func::Cos, tu);
                let c2 = if ds == 2 { pool.neg(c2) } else { c2 };
                terms.push(half_base);
                terms.push(pool.mul2(half_base, c2));
            }
            _ => return None,
        }
    }
    Some(pool.add(terms))
}

/// The variables of sin u and cos u (of one u) that `p` uses, and u.
fn trig_pair_in(conv: &Conv, pool: &Pool, p: &Poly) -> Option<(usize, usize, ExprId)> {
    for s in p.used_vars() {
        let Node::Func(Func::Sin, u) = *pool.node(conv.gens.expr(s)) else { continue };
        let cos =
            (0..conv.gens.len()).find(|&c| matches!(*pool.node(conv.gens.expr(c)), Node::Func(Func::Cos, w) if w == u));
        if let Some(c) = cos {
            return Some((s, c, u));
        }
    }
    None
}

/// Products of powers of sin and cos (sinh and cosh) of one argument, written the way
/// textbooks do: sin/cos as tan, cos/sin as cot, 1/cos as sec, 1/sin as csc, sinh/cosh as
/// tanh (one variant), and sinᵏ·cosᵏ as (sin(2u)/2)ᵏ (another); the variants that differ from
/// `id`.
fn trig_variants(pool: &mut Pool, id: ExprId) -> Vec<ExprId> {
    let factors: Vec<ExprId> = match pool.node(id) {
        Node::Mul(fs) => fs.to_vec(),
        _ => vec![id],
    };
    // (argument, hyperbolic) → (exponent of sin/sinh, exponent of cos/cosh)
    let mut powers: Vec<((ExprId, bool), (i64, i64))> = Vec::new();
    let mut rest = Vec::new();
    for &f in &factors {
        let (b, e) = pool.split_pow(f);
        let k = pool.as_num(e).and_then(crate::expr::number::as_small_int);
        match (pool.node(b), k) {
            (Node::Func(g @ (Func::Sin | Func::Cos | Func::Sinh | Func::Cosh), u), Some(k)) => {
                let key = (*u, matches!(g, Func::Sinh | Func::Cosh));
                let i = match powers.iter().position(|(q, _)| *q == key) {
                    Some(i) => i,
                    None => {
                        powers.push((key, (0, 0)));
                        powers.len() - 1
                    }
                };
                if matches!(g, Func::Sin | Func::Sinh) {
                    powers[i].1 .0 += k;
                } else {
                    powers[i].1 .1 += k;
                }
            }
            _ => rest.push(f),
        }
    }
    if powers.is_empty() {
        return Vec::new();
    }
    let pw = |pool: &mut Pool, f: Func, u: ExprId, k: i64| {
        let c = pool.func(f, u);
        pool.powi(c, k)
    };
    let mut named = rest.clone();
    let mut doubled = rest.clone();
    let mut doubles = false;
    for &((u, hyperbolic), (mut a, mut b)) in &powers {
        let (sin, cos) = if hyperbolic { (Func::Sinh, Func::Cosh) } else { (Func::Sin, Func::Cos) };
        // sinᵏ·cosᵏ = (sin(2u)/2)ᵏ
        if a == b && !hyperbolic {
            doubles = true;
            let two = pool.int(2);
            let u2 = pool.mul2(two, u);
            let s2 = pool.func(Func::Sin, u2);
            let half = pool.num(crate::expr::number::frac(1, 2));
            let h = pool.mul2(half, s2);
            doubled.push(pool.powi(h, a));
        } else {
            doubled.push(pw(pool, sin, u, a));
            doubled.push(pw(pool, cos, u, b));
        }
        if a > 0 && b < 0 {
            let t = a.min(-b);
            named.push(pw(pool, if hyperbolic { Func::Tanh } else { Func::Tan }, u, t));
            a -= t;
            b += t;
        } else if a < 0 && b > 0 && !hyperbolic {
            let t = (-a).min(b);
            named.push(pw(pool, Func::Cot, u, t));
            a += t;
            b -= t;
        }
        if b < 0 && !hyperbolic {
            named.push(pw(pool, Func::Sec, u, -b));
            b = 0;
        }
        if a < 0 && !hyperbolic {
            named.push(pw(pool, Func::Csc, u, -a));
            a = 0;
        }
        named.push(pw(pool, sin, u, a));
        named.push(pw(pool, cos, u, b));
    }
    let mut out = vec![pool.mul(named)];
    if doubles {
        let d = pool.mul(doubled);
        out.push(d);
        // and sin(2u) in it as csc, … where that reads shorter
        out.extend(trig_variants(pool, d).into_iter().filter(|&e| e != d));
    }
    out.retain(|&e| e != id);
    out
}
