//! Exact values of functions at special points: `sin(π/6)` = `1/2`, `cos(π/4)` = `√2/2`,
//! `atan(1)` = `π/4`, `ln(e)` = `1`, `|−3|` = `3`. Called by [`Pool::func`] before it interns
//! an unevaluated call; `None` means "no exact value known, keep the call".

use super::number::{frac, int, Rational};
use super::pool::{ExprId, Func, Node, Pool};
use num_traits::{One, Signed, Zero};

/// `Some(q)` when `a` is `q·π` (including `0`).
fn pi_multiple(pool: &Pool, a: ExprId) -> Option<Rational> {
    match pool.node(a) {
        Node::Num(r) if r.is_zero() => Some(Rational::zero()),
        Node::Pi => Some(Rational::one()),
        Node::Mul(fs) if fs.len() == 2 && matches!(pool.node(fs[1]), Node::Pi) => pool.as_num(fs[0]).cloned(),
        _ => None,
    }
}

/// sin(qπ) for q with denominator 1, 2, 3, 4 or 6.
fn sin_pi(pool: &mut Pool, q: &Rational) -> Option<ExprId> {
    let d = q.denom();
    if ![1, 2, 3, 4, 6].iter().any(|&k| *d == k.into()) {
        return None;
    }
    let two = int(2);
    let mut r = q - (q / &two).floor() * &two; // r in [0, 2)
    let mut sign = 1;
    if r >= Rational::one() {
        r -= Rational::one();
        sign = -1;
    }
    if r > frac(1, 2) {
        r = Rational::one() - r;
    }
    let v = if r.is_zero() {
        pool.zero()
    } else if r == frac(1, 6) {
        pool.num(frac(1, 2))
    } else if r == frac(1, 4) {
        half_root(pool, 2)
    } else if r == frac(1, 3) {
        half_root(pool, 3)
    } else {
        pool.one()
    };
    Some(if sign < 0 { pool.neg(v) } else { v })
}

/// `√n/2`.
fn half_root(pool: &mut Pool, n: i64) -> ExprId {
    let n = pool.int(n);
    let r = pool.sqrt(n);
    let h = pool.num(frac(1, 2));
    pool.mul2(h, r)
}

fn cos_pi(pool: &mut Pool, q: &Rational) -> Option<ExprId> {
    sin_pi(pool, &(q + frac(1, 2)))
}

/// `q·π` as an expression.
fn pi_times(pool: &mut Pool, q: Rational) -> ExprId {
    let pi = pool.pi();
    let c = pool.num(q);
    pool.mul2(c, pi)
}

/// The q in [-1/2, 1/2] with sin(qπ) = a, for the table's values of a.
fn asin_table(pool: &mut Pool, a: ExprId) -> Option<Rational> {
    for q in [frac(0, 1), frac(1, 6), frac(1, 4), frac(1, 3), frac(1, 2)] {
        for signed in [q.clone(), -q.clone()] {
            if sin_pi(pool, &signed) == Some(a) {
                return Some(signed);
            }
        }
    }
    None
}

pub fn value(pool: &mut Pool, f: Func, a: ExprId) -> Option<ExprId> {
    match f {
        Func::Sin | Func::Cos | Func::Tan | Func::Cot | Func::Sec | Func::Csc => {
            let q = pi_multiple(pool, a)?;
            let s = sin_pi(pool, &q)?;
            let c = cos_pi(pool, &q)?;
            let (num, den) = match f {
                Func::Sin => return Some(s),
                Func::Cos => return Some(c),
                Func::Tan => (s, c),
                Func::Cot => (c, s),
                Func::Sec => (pool.one(), c),
                _ => (pool.one(), s),
            };
            // tan(π/2) and friends are undefined: keep the call for the evaluator to reject.
            if pool.is_zero(den) {
                return None;
            }
            Some(pool.div(num, den))
        }
        Func::Asin => asin_table(pool, a).map(|q| pi_times(pool, q)),
        Func::Acos => asin_table(pool, a).map(|q| pi_times(pool, frac(1, 2) - q)),
        Func::Atan => {
            // atan(a) = qπ where tan(qπ) = a, q in (-1/2, 1/2).
            for q in [frac(0, 1), frac(1, 6), frac(1, 4), frac(1, 3)] {
                let s = sin_pi(pool, &q)?;
                let c = cos_pi(pool, &q)?;
                if pool.div(s, c) == a {
                    return Some(pi_times(pool, q));
                }
            }
            None
        }
        Func::Sinh | Func::Tanh | Func::Asinh | Func::Atanh => pool.is_zero(a).then(|| pool.zero()),
        Func::Acosh => pool.is_one(a).then(|| pool.zero()),
        Func::Cosh => pool.is_zero(a).then(|| pool.one()),
        Func::Ln => match pool.node(a) {
            Node::Num(r) if r.is_one() => Some(pool.zero()),
            Node::E => Some(pool.one()),
            Node::Pow(b, e) if matches!(pool.node(*b), Node::E) => Some(*e),
            _ => None,
        },
        Func::Abs => {
            if let Node::Num(r) = pool.node(a) {
                return Some(pool.num(r.abs()));
            }
            if matches!(pool.node(a), Node::Func(Func::Abs, _)) {
                return Some(a);
            }
            let c = pool.coeff_of(a);
            if !c.is_one() && c.is_positive() {
                let (c, rest) = pool.split_coeff(a);
                let inner = pool.func(Func::Abs, rest);
                let c = pool.num(c);
                return Some(pool.mul2(c, inner));
            }
            match pool.sign(a)? {
                1 => Some(a),
                -1 => Some(pool.neg(a)),
                _ => Some(pool.zero()),
            }
        }
        Func::Sign => pool.sign(a).map(|s| pool.int(i64::from(s))),
        // σ(0) = 1/2, σ(ln c) = c/(c + 1), σ(−ln c) = 1/(c + 1).
        Func::Sigmoid => {
            if pool.is_zero(a) {
                return Some(pool.num(frac(1, 2)));
            }
            let (c, negated) = log_argument(pool, a)?;
            let one = pool.one();
            let c1 = pool.add2(c, one);
            let num = if negated { one } else { c };
            Some(pool.div(num, c1))
        }
        // softplus(0) = ln 2, softplus(ln c) = ln(c + 1).
        Func::Softplus => {
            if pool.is_zero(a) {
                let two = pool.int(2);
                return Some(pool.func(Func::Ln, two));
            }
            let (c, negated) = log_argument(pool, a)?;
            let one = pool.one();
            let inner = if negated {
                let inv = pool.powi(c, -1);
                pool.add2(inv, one)
            } else {
                pool.add2(c, one)
            };
            Some(pool.func(Func::Ln, inner))
        }
        Func::Erf => pool.is_zero(a).then(|| pool.zero()),
        Func::Floor | Func::Ceil => integer_part(pool, f, a),
    }
}

/// `Some((c, false))` when `a` is `ln(c)`, `Some((c, true))` when it is `−ln(c)`.
fn log_argument(pool: &Pool, a: ExprId) -> Option<(ExprId, bool)> {
    match pool.node(a) {
        Node::Func(Func::Ln, c) => Some((*c, false)),
        Node::Mul(fs) if fs.len() == 2 && pool.as_num(fs[0]).is_some_and(|r| *r == int(-1)) => match pool.node(fs[1]) {
            Node::Func(Func::Ln, c) => Some((*c, true)),
            _ => None,
        },
        _ => None,
    }
}

/// floor and ceil: exact for a rational, for a constant clearly away from an integer
/// (`floor(π)` = 3), idempotent (`floor(ceil(x))` = `ceil(x)`), and an integer term comes
/// out (`floor(x + 2)` = `floor(x) + 2`).
fn integer_part(pool: &mut Pool, f: Func, a: ExprId) -> Option<ExprId> {
    let round = |r: &Rational| if f == Func::Floor { r.floor() } else { r.ceil() };
    if let Some(r) = pool.as_num(a) {
        let v = round(r);
        return Some(pool.num(v));
    }
    if matches!(pool.node(a), Node::Func(Func::Floor | Func::Ceil, _)) {
        return Some(a);
    }
    if let Node::Add(ts) = pool.node(a) {
        let k = ts.iter().find_map(|&t| pool.as_num(t).filter(|r| r.is_integer()).cloned());
        if let Some(k) = k {
            let k = pool.num(k);
            let rest = pool.sub(a, k);
            let inner = pool.func(f, rest);
            return Some(pool.add2(inner, k));
        }
    }
    if pool.is_constant(a) && !has_pole(pool, a) {
        // A double is exact enough for this only well inside its range and well away from
        // an integer (e^(π√163) is within 10⁻¹² of one).
        let x = pool.approx_const(a);
        let nearest = x.round();
        if x.is_finite() && x.abs() < 1e9 && (x - nearest).abs() > 1e-6 {
            let v = if f == Func::Floor { x.floor() } else { x.ceil() };
            return Some(pool.int(v as i64));
        }
    }
    None
}

/// Whether a constant holds `tan`, `sec` at an odd multiple of π/2 or `cot`, `csc` at a
/// multiple of π: undefined, although floating point gives them a (huge) value of either
/// sign. Their sign must not be folded away (`sign(cot(π))` is not -1, it is undefined).
pub(crate) fn has_pole(pool: &Pool, a: ExprId) -> bool {
    let mut stack = vec![a];
    while let Some(n) = stack.pop() {
        match pool.node(n) {
            Node::Func(f @ (Func::Tan | Func::Sec | Func::Cot | Func::Csc), u) => {
                let shift = if matches!(f, Func::Tan | Func::Sec) { frac(1, 2) } else { Rational::zero() };
                if pi_multiple(pool, *u).is_some_and(|q| (q - shift).is_integer()) {
                    return true;
                }
                stack.push(*u);
            }
            Node::Func(_, u) => stack.push(*u),
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => stack.extend_from_slice(xs),
            Node::Pow(b, e) => stack.extend([*b, *e]),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trig_at_special_angles() {
        let mut p = Pool::default();
        let pi = p.pi();
        let sixth = p.num(frac(1, 6));
        let a = p.mul2(sixth, pi);
        let s = p.func(Func::Sin, a);
        assert_eq!(s, p.num(frac(1, 2)));
        let quarter = p.num(frac(1, 4));
        let b = p.mul2(quarter, pi);
        let c = p.func(Func::Cos, b);
        let want = half_root(&mut p, 2);
        assert_eq!(c, want);
        let t = p.func(Func::Tan, b);
        assert!(p.is_one(t));
        let one = p.one();
        let at = p.func(Func::Atan, one);
        assert_eq!(at, b);
        let m = p.neg(want);
        let asn = p.func(Func::Asin, m);
        let mq = p.num(frac(-1, 4));
        assert_eq!(asn, p.mul2(mq, pi));
    }
}
