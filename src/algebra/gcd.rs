//! Greatest common divisors of multivariate polynomials over ℚ, and square-free
//! factorisation built on them.
//!
//! The gcd is the classical recursive one: monomial content first, a variable that only one
//! side has is eliminated by taking the content in it, and otherwise the two are viewed as
//! polynomials in one variable over ℚ[the others] and run through the primitive
//! pseudo-remainder sequence, with the contents (themselves gcds in fewer variables)
//! divided out at every step so that coefficients stay small. It is always right; its cost
//! can grow quickly with degree and number of variables, so every call carries a
//! [`Budget`] and gives up (`None`) rather than run long: a caller that cancels common
//! factors then simply cancels less.

use super::poly::Poly;
use super::Budget;
use crate::expr::number::Rational;
use num_traits::One;

/// The gcd of `a` and `b`: primitive (coprime integer coefficients), leading coefficient
/// positive; 1 when they share no factor; `None` when the budget ran out.
pub fn gcd(a: &Poly, b: &Poly, budget: &mut Budget) -> Option<Poly> {
    let n = a.nvars().max(b.nvars());
    if a.is_zero() {
        return Some(b.with_nvars(n).primitive().1);
    }
    if b.is_zero() {
        return Some(a.with_nvars(n).primitive().1);
    }
    if a.is_constant() || b.is_constant() {
        return Some(Poly::one(n));
    }
    let (ma, mb) = (a.monomial_gcd(), b.monomial_gcd());
    let mut m = vec![0u32; n];
    for (v, k) in m.iter_mut().enumerate() {
        *k = ma.get(v).copied().unwrap_or(0).min(mb.get(v).copied().unwrap_or(0));
    }
    let a = a.div_monomial(&ma).into_primitive().1.into_nvars(n);
    let b = b.div_monomial(&mb).into_primitive().1.into_nvars(n);
    // Most pairs met in practice share nothing: prove that cheaply first.
    let g = if coprime_mod_p(&a, &b) { Poly::one(n) } else { gcd_primitive(&a, &b, budget)? };
    Some(g.mul_monomial(&m, &Rational::one()))
}

/// A prime below 2³¹, so that products of residues fit in a `u64`.
const P: u64 = 2_147_483_647;

/// Whether `a` and `b` are certainly coprime, proved modulo the prime [`P`]: for each
/// variable they share, the other variables are set to fixed residues; when the images keep
/// their degree in that variable and their gcd mod p is constant, the true gcd has degree 0
/// in it (the image of the gcd divides the gcd of the images). Degree 0 in every shared
/// variable means a constant gcd. `false` means "not proved", not "not coprime".
fn coprime_mod_p(a: &Poly, b: &Poly) -> bool {
    let shared: Vec<usize> = a.used_vars().into_iter().filter(|&v| b.uses(v)).collect();
    let n = a.nvars().max(b.nvars());
    // Residues for the variables: fixed, distinct, far from small integers.
    let point: Vec<u64> = (0..n as u64).map(|i| (1_000_003 + 7_919 * i * i + 104_729 * i) % P).collect();
    shared.iter().all(|&v| {
        let (Some(fa), Some(fb)) = (image(a, v, &point), image(b, v, &point)) else { return false };
        if fa.len() as u32 != a.degree(v) + 1 || fb.len() as u32 != b.degree(v) + 1 {
            return false; // a leading coefficient vanished at the point
        }
        univariate_gcd_degree(fa, fb) == 0
    })
}

/// `p` mod P as a univariate polynomial in x_v (coefficients, lowest degree first, no
/// trailing zeros), the other variables at `point`; `None` when a denominator is 0 mod P.
fn image(p: &Poly, v: usize, point: &[u64]) -> Option<Vec<u64>> {
    let mut out = vec![0u64; p.degree(v) as usize + 1];
    let m = num_bigint::BigInt::from(P);
    for (e, c) in p.terms() {
        let to_res = |x: &num_bigint::BigInt| -> u64 {
            use num_integer::Integer;
            use num_traits::ToPrimitive;
            // Most coefficients fit a machine word: no big-integer division for them.
            match x.to_i64() {
                Some(small) => small.rem_euclid(P as i64) as u64,
                None => x.mod_floor(&m).to_u64().unwrap_or(0),
            }
        };
        let mut t = to_res(c.numer());
        if !c.denom().is_one() {
            let den = to_res(c.denom());
            if den == 0 {
                return None;
            }
            t = mul_mod(t, inv_mod(den));
        }
        for (w, &k) in e.iter().enumerate() {
            if w != v && k > 0 {
                t = mul_mod(t, pow_mod(point[w], u64::from(k)));
            }
        }
        let d = e.get(v).copied().unwrap_or(0) as usize;
        out[d] = (out[d] + t) % P;
    }
    while out.len() > 1 && out.last() == Some(&0) {
        out.pop();
    }
    Some(out)
}

fn mul_mod(a: u64, b: u64) -> u64 {
    a * b % P
}

fn pow_mod(mut b: u64, mut e: u64) -> u64 {
    let mut r = 1;
    while e > 0 {
        if e & 1 == 1 {
            r = mul_mod(r, b);
        }
        b = mul_mod(b, b);
        e >>= 1;
    }
    r
}

fn inv_mod(a: u64) -> u64 {
    pow_mod(a, P - 2)
}

/// The degree of gcd(a, b) over ℤ/P (coefficients lowest first, no trailing zeros).
fn univariate_gcd_degree(mut a: Vec<u64>, mut b: Vec<u64>) -> usize {
    let is_zero = |p: &Vec<u64>| p.iter().all(|&c| c == 0);
    if is_zero(&a) || is_zero(&b) {
        return usize::MAX;
    }
    while !is_zero(&b) {
        // a := a mod b
        let lb_inv = inv_mod(*b.last().unwrap_or(&1));
        while a.len() >= b.len() && !is_zero(&a) {
            let shift = a.len() - b.len();
            let f = mul_mod(*a.last().unwrap_or(&0), lb_inv);
            for (i, &c) in b.iter().enumerate() {
                a[i + shift] = (a[i + shift] + P - mul_mod(f, c)) % P;
            }
            while a.len() > 1 && a.last() == Some(&0) {
                a.pop();
            }
            if a.len() == 1 && a[0] == 0 {
                break;
            }
        }
        std::mem::swap(&mut a, &mut b);
    }
    a.len() - 1
}

/// The gcd of two primitive polynomials without monomial content.
fn gcd_primitive(a: &Poly, b: &Poly, budget: &mut Budget) -> Option<Poly> {
    let n = a.nvars();
    if a.is_constant() || b.is_constant() {
        return Some(Poly::one(n));
    }
    if a == b {
        return Some(a.clone());
    }
    budget.spend(a.len() + b.len())?;
    let (va, vb) = (a.used_vars(), b.used_vars());
    // A variable only one of them has: the gcd divides each of that one's coefficients in
    // it, so fold the other into them one by one, smallest first (the gcd only shrinks, so
    // the work stays near the size of the smaller side).
    if let Some(&v) = va.iter().find(|v| !vb.contains(v)) {
        return gcd_with_coefficients(b, a, v, budget);
    }
    if let Some(&v) = vb.iter().find(|v| !va.contains(v)) {
        return gcd_with_coefficients(a, b, v, budget);
    }
    // One divides the other: a common case (a factor met again), and cheap to test.
    let limit = budget.left().min(10_000);
    if a.len() <= b.len() {
        if b.div_exact(a, limit).is_some() {
            return Some(a.clone());
        }
    } else if a.div_exact(b, limit).is_some() {
        return Some(b.clone());
    }
    // The main variable: the one of least degree, where the sequence is shortest.
    let v = *va.iter().min_by_key(|&&v| a.degree(v).max(b.degree(v)))?;
    let (ca, cb) = (content_in(a, v, budget)?, content_in(b, v, budget)?);
    let c = gcd(&ca, &cb, budget)?;
    let pa = a.div_exact(&ca, budget.left())?;
    let pb = b.div_exact(&cb, budget.left())?;
    let g = prs(pa, pb, v, budget)?;
    Some(c.mul(&g).primitive().1)
}

/// gcd(a, b) for `b` using x_v and `a` free of it: the gcd of `a` and every coefficient of
/// `b` in x_v.
fn gcd_with_coefficients(a: &Poly, b: &Poly, v: usize, budget: &mut Budget) -> Option<Poly> {
    let mut parts: Vec<Poly> = b.coefficients_in(v).into_iter().map(|(_, c)| c).collect();
    parts.sort_by_key(Poly::len);
    let mut g = a.clone();
    for c in parts {
        g = gcd(&g, &c, budget)?;
        if g.is_constant() {
            return Some(Poly::one(a.nvars().max(b.nvars())));
        }
    }
    Some(g)
}

/// The gcd of the coefficients of `p` as a polynomial in x_v (a polynomial free of x_v).
pub fn content_in(p: &Poly, v: usize, budget: &mut Budget) -> Option<Poly> {
    let mut parts: Vec<Poly> = p.coefficients_in(v).into_iter().map(|(_, c)| c).collect();
    parts.sort_by_key(Poly::len);
    let mut g = Poly::zero(p.nvars());
    for c in parts {
        g = gcd(&g, &c, budget)?;
        if g.is_constant() {
            return Some(Poly::one(p.nvars()));
        }
    }
    Some(g)
}

/// `p` divided by its content in x_v, made primitive over ℚ.
fn primitive_in(p: &Poly, v: usize, budget: &mut Budget) -> Option<Poly> {
    let c = content_in(p, v, budget)?;
    let q = if c.is_constant() { p.clone() } else { p.div_exact(&c, budget.left())? };
    Some(q.primitive().1)
}

/// The primitive pseudo-remainder sequence of `a` and `b` (primitive in x_v): their gcd in
/// ℚ[others][x_v] up to a factor free of x_v.
fn prs(mut a: Poly, mut b: Poly, v: usize, budget: &mut Budget) -> Option<Poly> {
    if a.degree(v) < b.degree(v) {
        std::mem::swap(&mut a, &mut b);
    }
    loop {
        if b.is_zero() {
            return primitive_in(&a, v, budget);
        }
        if b.degree(v) == 0 {
            return Some(Poly::one(a.nvars()));
        }
        let r = pseudo_remainder(&a, &b, v, budget)?;
        a = b;
        b = if r.is_zero() { r } else { primitive_in(&r, v, budget)? };
    }
}

/// The pseudo-remainder of `a` by `b` in x_v: `lc(b)^k·a − q·b` of degree below `b`'s.
pub fn pseudo_remainder(a: &Poly, b: &Poly, v: usize, budget: &mut Budget) -> Option<Poly> {
    let db = b.degree(v);
    let lb = b.leading_in(v);
    let mut r = a.clone();
    while !r.is_zero() && r.degree(v) >= db {
        let dr = r.degree(v);
        let lr = r.leading_in(v);
        let mut shift = vec![0u32; r.nvars().max(b.nvars())];
        shift[v] = dr - db;
        budget.spend(r.len() * lb.len() + lr.len() * b.len())?;
        let t = lr.mul(b).mul_monomial(&shift, &Rational::one());
        r = r.mul(&lb).sub(&t);
        // Keep the numbers small: the result is only needed up to a constant.
        r = r.primitive().1;
    }
    Some(r)
}

/// `(c, [(f₁, 1), (f₂, 2), …])` with `p = c·Π fᵢ^i`, each fᵢ square-free, primitive and
/// the fᵢ pairwise coprime (Yun's algorithm in each variable in turn); `None` when the
/// budget ran out.
pub fn square_free(p: &Poly, budget: &mut Budget) -> Option<(Rational, Vec<(Poly, u32)>)> {
    let (c, pp) = p.primitive();
    let mut out: Vec<(Poly, u32)> = Vec::new();
    square_free_into(&pp, budget, &mut out)?;
    // Merge the parts of equal multiplicity that came from different variables.
    let mut merged: Vec<(Poly, u32)> = Vec::new();
    for (f, k) in out {
        if f.is_constant() {
            continue;
        }
        match merged.iter_mut().find(|(_, j)| *j == k) {
            Some((g, _)) => *g = g.mul(&f),
            None => merged.push((f, k)),
        }
    }
    merged.sort_by_key(|(_, k)| *k);
    Some((c, merged))
}

fn square_free_into(p: &Poly, budget: &mut Budget, out: &mut Vec<(Poly, u32)>) -> Option<()> {
    if p.is_constant() {
        return Some(());
    }
    let m = p.monomial_gcd();
    if m.iter().any(|&k| k > 0) {
        for (v, &k) in m.iter().enumerate() {
            if k > 0 {
                out.push((Poly::var(p.nvars(), v), k));
            }
        }
        return square_free_into(&p.div_monomial(&m), budget, out);
    }
    let v = p.used_vars()[0];
    let content = content_in(p, v, budget)?;
    let prim = if content.is_constant() { p.clone() } else { p.div_exact(&content, budget.left())? };
    square_free_into(&content, budget, out)?;
    // Yun: b = p, d = p′; a₁ = gcd(b, d); then repeatedly split off the factors of each
    // multiplicity.
    let d = prim.derivative(v);
    let a0 = gcd(&prim, &d, budget)?;
    let mut b = prim.div_exact(&a0, budget.left())?;
    let mut c = d.div_exact(&a0, budget.left())?;
    let mut dd = c.sub(&b.derivative(v));
    let mut i = 1;
    while !b.is_constant() {
        let a = gcd(&b, &dd, budget)?;
        out.push((a.primitive().1, i));
        b = b.div_exact(&a, budget.left())?;
        c = dd.div_exact(&a, budget.left())?;
        dd = c.sub(&b.derivative(v));
        i += 1;
        budget.spend(1)?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::number::int;

    fn vars() -> (Poly, Poly, Poly) {
        (Poly::var(3, 0), Poly::var(3, 1), Poly::var(3, 2))
    }

    fn c(n: i64) -> Poly {
        Poly::constant(3, int(n))
    }

    fn g(a: &Poly, b: &Poly) -> Poly {
        gcd(a, b, &mut Budget::new(1_000_000)).expect("within budget")
    }

    #[test]
    fn gcd_finds_the_common_factor() {
        let (x, y, z) = vars();
        let h = x.add(&y).add(&c(1)); // x + y + 1
        let a = h.mul(&x.sub(&z));
        let b = h.mul(&y.mul(&z).add(&c(2)));
        assert_eq!(g(&a, &b), h);
        // x² - 4 and x - 2
        let x2m4 = x.pow(2).sub(&c(4));
        assert_eq!(g(&x2m4, &x.sub(&c(2))), x.sub(&c(2)));
        // coprime
        assert!(g(&x.add(&c(1)), &x.sub(&c(1))).is_one());
        // monomials and powers
        assert_eq!(g(&x.pow(3).mul(&y), &x.pow(2).mul(&z)), x.pow(2));
        let sq = h.pow(2).mul(&x.add(&c(3)));
        let cube = h.pow(3).mul(&y.sub(&c(3)));
        assert_eq!(g(&sq, &cube), h.pow(2));
        // rational coefficients: the gcd is primitive
        let half = x.scale(&crate::expr::number::frac(1, 2)).add(&c(1)); // x/2 + 1
        assert_eq!(g(&half, &x.pow(2).sub(&c(4))), x.add(&c(2)));
    }

    #[test]
    fn gcd_with_a_variable_only_one_side_has() {
        let (x, y, _) = vars();
        // y(x + 1) + (x + 1) = (x + 1)(y + 1) against x² - 1
        let a = x.add(&c(1)).mul(&y.add(&c(1)));
        assert_eq!(g(&a, &x.pow(2).sub(&c(1))), x.add(&c(1)));
    }

    #[test]
    fn gcd_gives_up_when_the_budget_runs_out() {
        let (x, y, z) = vars();
        // A common factor, so that the coprimality test cannot answer and the sequence runs.
        let h = x.add(&y).add(&z).add(&c(3));
        let a = x.add(&y).add(&z).pow(6).add(&c(1)).mul(&h);
        let b = x.sub(&y).add(&z).pow(6).add(&c(2)).mul(&h);
        assert_eq!(gcd(&a, &b, &mut Budget::new(10)), None);
        assert_eq!(gcd(&a, &b, &mut Budget::new(10_000_000)), Some(h));
    }

    #[test]
    fn coprimality_is_proved_modulo_a_prime() {
        let (x, y, z) = vars();
        assert!(coprime_mod_p(&x.add(&c(1)), &x.sub(&c(1))));
        assert!(coprime_mod_p(&x.pow(2).add(&c(1)), &x.pow(5).mul(&y).add(&z)));
        // a common factor is never called coprime
        let h = x.add(&y);
        assert!(!coprime_mod_p(&h.mul(&x.sub(&c(2))), &h.mul(&z.add(&c(1)))));
        assert!(!coprime_mod_p(&x.pow(2).sub(&c(4)), &x.sub(&c(2))));
        assert_eq!(univariate_gcd_degree(vec![P - 1, 0, 1], vec![P - 1, 1]), 1);
        // x² - 1, x - 1
    }

    #[test]
    fn square_free_parts() {
        let (x, y, _) = vars();
        let f1 = x.add(&c(1));
        let f2 = x.sub(&y);
        // 3(x + 1)(x - y)²
        let p = f1.mul(&f2.pow(2)).scale(&int(3));
        let (k, parts) = square_free(&p, &mut Budget::new(1_000_000)).unwrap();
        assert_eq!(k, int(3));
        assert_eq!(parts, vec![(f1.clone(), 1), (f2.clone(), 2)]);
        // x²(x + 1)³
        let q = x.pow(2).mul(&f1.pow(3));
        let (_, parts) = square_free(&q, &mut Budget::new(1_000_000)).unwrap();
        assert_eq!(parts, vec![(x.clone(), 2), (f1.clone(), 3)]);
    }
}
