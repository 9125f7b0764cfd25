//! Floating-point value of an expression, following the real-valued reading of the
//! language: odd roots of negative numbers are real (`(-8)^(1/3)` = -2), `ln` and even roots
//! of negative numbers are NaN.
//!
//! It lives in the expression core because the pool itself needs it: `Pool::sign` and
//! `Pool::approx_const` decide the sign of a constant by its approximation.

use crate::expr::{number, Callee, ExprId, Func, Node, Pool, SymId};
use num_integer::Integer;
use num_traits::ToPrimitive;
use rustc_hash::FxHashMap;

/// `id` at the point given by `value_of`, memoised over shared subexpressions.
pub fn approx(pool: &Pool, id: ExprId, value_of: &dyn Fn(SymId) -> f64) -> f64 {
    let mut memo = FxHashMap::default();
    approx_memo(pool, id, value_of, &mut memo)
}

fn approx_memo(pool: &Pool, id: ExprId, value_of: &dyn Fn(SymId) -> f64, memo: &mut FxHashMap<ExprId, f64>) -> f64 {
    if let Some(&v) = memo.get(&id) {
        return v;
    }
    let v = match pool.node(id) {
        Node::Num(r) => number::to_f64(r),
        Node::Sym(s) => value_of(*s),
        Node::Pi => std::f64::consts::PI,
        Node::E => std::f64::consts::E,
        Node::Add(ts) => match exp_minus_one(pool, ts) {
            // e^u − 1 near u = 0 keeps its digits (what `expm1` was typed for).
            Some(u) => approx_memo(pool, u, value_of, memo).exp_m1(),
            None => ts.iter().map(|&t| approx_memo(pool, t, value_of, memo)).sum(),
        },
        Node::Mul(fs) => fs.iter().map(|&f| approx_memo(pool, f, value_of, memo)).product(),
        Node::Pow(b, e) => {
            let bv = approx_memo(pool, *b, value_of, memo);
            match pool.as_num(*e) {
                Some(r) => real_pow_rational(bv, r),
                None if matches!(pool.node(*b), Node::E) => approx_memo(pool, *e, value_of, memo).exp(),
                None => bv.powf(approx_memo(pool, *e, value_of, memo)),
            }
        }
        Node::Func(f @ (Func::Sin | Func::Cos | Func::Tan | Func::Cot | Func::Sec | Func::Csc), a) => {
            apply(*f, trig_argument(pool, *a, value_of, memo))
        }
        Node::Func(Func::Ln, a) => match one_plus(pool, *a) {
            // ln(1 + u) near u = 0 keeps its digits (what `log1p` was typed for).
            Some(u) => approx_memo(pool, u, value_of, memo).ln_1p(),
            None => approx_memo(pool, *a, value_of, memo).ln(),
        },
        Node::Func(f, a) => apply(*f, approx_memo(pool, *a, value_of, memo)),
        Node::Call(c, args) => {
            let vs: Vec<f64> = args.iter().map(|&a| approx_memo(pool, a, value_of, memo)).collect();
            apply_call(c, &vs)
        }
    };
    memo.insert(id, v);
    v
}

/// The argument of a trigonometric function, its exact rational part reduced modulo 2π
/// first when large: the double nearest 10^30 is off by about 10^14, so sin of it is noise
/// (sin(10^30) came out 0.0093 instead of -0.0901, and sin(10^400) NaN).
fn trig_argument(pool: &Pool, a: ExprId, value_of: &dyn Fn(SymId) -> f64, memo: &mut FxHashMap<ExprId, f64>) -> f64 {
    let terms: &[ExprId] = match pool.node(a) {
        Node::Add(ts) => ts,
        _ => std::slice::from_ref(&a),
    };
    let Some((at, q)) = terms.iter().enumerate().find_map(|(i, &t)| pool.as_num(t).map(|q| (i, q))) else {
        return approx_memo(pool, a, value_of, memo);
    };
    if number::bits(q) < 20 {
        return approx_memo(pool, a, value_of, memo);
    }
    let rest: f64 =
        terms.iter().enumerate().filter(|&(i, _)| i != at).map(|(_, &t)| approx_memo(pool, t, value_of, memo)).sum();
    number::rem_two_pi(q).map_or(f64::NAN, |r| r + rest)
}

/// `b^(p/q)` over the reals.
pub fn real_pow_rational(b: f64, r: &number::Rational) -> f64 {
    if let Some(n) = number::as_small_int(r).and_then(|n| i32::try_from(n).ok()) {
        return b.powi(n);
    }
    let e = number::to_f64(r);
    if b < 0.0 {
        let odd_den = r.denom().to_u64().is_some_and(|d| d % 2 == 1);
        if odd_den {
            let odd_num = r.numer().to_i64().is_some_and(|n| n % 2 != 0);
            let m = (-b).powf(e);
            return if odd_num { -m } else { m };
        }
        return f64::NAN;
    }
    if r.denom() == &2.into() && r.numer() == &1.into() {
        return b.sqrt();
    }
    b.powf(e)
}

pub fn apply(f: Func, x: f64) -> f64 {
    match f {
        Func::Sin => x.sin(),
        Func::Cos => x.cos(),
        Func::Tan => x.tan(),
        Func::Cot => 1.0 / x.tan(),
        Func::Sec => 1.0 / x.cos(),
        Func::Csc => 1.0 / x.sin(),
        Func::Asin => x.asin(),
        Func::Acos => x.acos(),
        Func::Atan => x.atan(),
        Func::Sinh => x.sinh(),
        Func::Cosh => x.cosh(),
        Func::Tanh => x.tanh(),
        Func::Asinh => x.asinh(),
        Func::Acosh => x.acosh(),
        Func::Atanh => x.atanh(),
        Func::Ln => x.ln(),
        Func::Abs => x.abs(),
        Func::Sigmoid => sigmoid(x),
        Func::Softplus => softplus(x),
        Func::Erf => libm::erf(x),
        Func::Floor => x.floor(),
        Func::Ceil => x.ceil(),
        Func::Sign => {
            if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else if x == 0.0 {
                0.0
            } else {
                f64::NAN
            }
        }
    }
}

/// `Some(u)` when `a` is `1 + u`: ln of it is computed as `ln_1p(u)`.
pub fn one_plus(pool: &Pool, a: ExprId) -> Option<ExprId> {
    match pool.node(a) {
        Node::Add(ts) if ts.len() == 2 && pool.is_one(ts[0]) => Some(ts[1]),
        _ => None,
    }
}

/// `Some(u)` when the sum of `terms` is `e^u − 1`: computed as `exp_m1(u)`.
pub fn exp_minus_one(pool: &Pool, terms: &[ExprId]) -> Option<ExprId> {
    let [a, b] = terms else { return None };
    let minus_one = |t: ExprId| pool.as_num(t).is_some_and(|r| *r == number::int(-1));
    let exp = |t: ExprId| match pool.node(t) {
        Node::Pow(b, e) if matches!(pool.node(*b), Node::E) => Some(*e),
        _ => None,
    };
    match (minus_one(*a), minus_one(*b)) {
        (true, false) => exp(*b),
        (false, true) => exp(*a),
        _ => None,
    }
}

/// The logistic function without overflow: e^(−x) for large negative x would be inf.
fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// ln(1 + e^x) without overflow or loss: x + ln(1 + e^(−x)) for positive x, `ln_1p` throughout.
fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// `max`, `min`, `atan2` of their arguments' values; NaN for an unknown function (it has no
/// value) and where one is not defined (`atan2(0, 0)`; a NaN argument).
pub fn apply_call(c: &Callee, args: &[f64]) -> f64 {
    match (c, args) {
        (_, [a, b]) if a.is_nan() || b.is_nan() => f64::NAN,
        (Callee::Max, [a, b]) => a.max(*b),
        (Callee::Min, [a, b]) => a.min(*b),
        (Callee::Atan2, [y, x]) if *y == 0.0 && *x == 0.0 => f64::NAN,
        // −0.0 is 0 over the reals: atan2(−0.0, −1) is π, not −π.
        (Callee::Atan2, [y, x]) => (if *y == 0.0 { 0.0 } else { *y }).atan2(*x),
        _ => f64::NAN,
    }
}

/// Sign and log10 of the magnitude of a constant expression whose value overflows a double
/// (`e^1000`, `exp(10^6)·π`), found by adding logarithms instead of multiplying values, so
/// that it can still be printed as a decimal (`≈ 1.970071114e434`). `None` where that
/// reading does not apply (a zero, an undefined part, a cancelling sum).
pub fn log10_magnitude(pool: &Pool, id: ExprId) -> Option<(f64, f64)> {
    let v = pool.approx_const(id);
    if v.is_finite() && v != 0.0 {
        return Some((v.signum(), v.abs().log10()));
    }
    if pool.is_zero(id) {
        return None;
    }
    match pool.node(id) {
        Node::Num(r) => {
            let l = big_log10(r.numer().magnitude()) - big_log10(r.denom().magnitude());
            Some((if r.numer().sign() == num_bigint::Sign::Minus { -1.0 } else { 1.0 }, l))
        }
        Node::Mul(fs) => fs.iter().try_fold((1.0, 0.0), |(s, l), &f| {
            let (sf, lf) = log10_magnitude(pool, f)?;
            Some((s * sf, l + lf))
        }),
        Node::Pow(b, e) => {
            let x = pool.approx_const(*e);
            if !x.is_finite() {
                return None;
            }
            if matches!(pool.node(*b), Node::E) {
                return Some((1.0, x * std::f64::consts::LOG10_E));
            }
            let (sb, lb) = log10_magnitude(pool, *b)?;
            let sign = if sb > 0.0 {
                1.0
            } else {
                let r = pool.as_num(*e)?;
                if !r.is_integer() {
                    return None;
                }
                if r.numer().is_even() {
                    1.0
                } else {
                    -1.0
                }
            };
            Some((sign, x * lb))
        }
        Node::Func(f @ (Func::Sinh | Func::Cosh), a) => {
            let x = pool.approx_const(*a);
            if !x.is_finite() {
                return None;
            }
            let sign = if *f == Func::Sinh { x.signum() } else { 1.0 };
            Some((sign, x.abs() * std::f64::consts::LOG10_E - std::f64::consts::LOG10_2))
        }
        Node::Add(ts) => {
            let parts: Vec<(f64, f64)> = ts.iter().map(|&t| log10_magnitude(pool, t)).collect::<Option<_>>()?;
            let top = parts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = parts.iter().map(|&(s, l)| s * 10f64.powf(l - top)).sum();
            (sum != 0.0 && sum.is_finite()).then(|| (sum.signum(), top + sum.abs().log10()))
        }
        _ => None,
    }
}

/// log10 of a big natural number (its leading digits and its length).
fn big_log10(n: &num_bigint::BigUint) -> f64 {
    let bits = n.bits();
    if bits <= 1000 {
        return n.to_f64().map_or(f64::INFINITY, f64::log10);
    }
    let shift = bits - 64;
    let top = (n >> shift).to_f64().unwrap_or(f64::NAN);
    top.log10() + shift as f64 * std::f64::consts::LOG10_2
}

/// A value given by its sign and log10 as decimal text with `digits` significant digits
/// (fewer when the exponent is so large that a double's log10 cannot carry them).
pub fn log_decimal(sign: f64, log10: f64, digits: usize) -> String {
    let exp = log10.floor();
    // The fraction of log10 is known to about 1e-16·|log10|; keep the digits that carries.
    let reliable = (15.0 - log10.abs().max(1.0).log10()).floor().max(1.0) as usize;
    let digits = digits.clamp(1, reliable);
    let mantissa = 10f64.powf(log10 - exp);
    let mut text = format!("{mantissa:.prec$}", prec = digits - 1);
    let mut exp = exp as i64;
    if text.starts_with("10") {
        // Rounding carried into a new digit (9.99… → 10.0).
        exp += 1;
        text = format!("{:.prec$}", 1.0, prec = digits - 1);
    }
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    let text = if text.contains('.') { text } else { format!("{text}.0") };
    format!("{}{text}e{exp}", if sign < 0.0 { "-" } else { "" })
}
