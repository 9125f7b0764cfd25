//! Floating-point value of an expression, following the real-valued reading of the
//! language: odd roots of negative numbers are real (`(-8)^(1/3)` = -2), `ln` and even roots
//! of negative numbers are NaN.

use crate::expr::{number, ExprId, Func, Node, Pool, SymId};
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
        Node::Add(ts) => ts.iter().map(|&t| approx_memo(pool, t, value_of, memo)).sum(),
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
        Node::Func(f, a) => apply(*f, approx_memo(pool, *a, value_of, memo)),
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
        Func::Ln => x.ln(),
        Func::Abs => x.abs(),
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
