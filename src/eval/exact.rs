//! The exact value of an expression at a point: substitute the coordinates and let the
//! pool's constructors canonicalize (`√(1 + 0 + 4)` = `√5`). The domain is checked at every
//! node on the way up, so `1/(x - y)` at x = y is an error naming `1/(x - y)` rather than a
//! silent infinity.

use crate::expr::{Callee, ExprId, Func, Node, Pool, Rational, SymId};
use num_traits::{One, Signed};
use rustc_hash::FxHashMap;

/// Why a subexpression has no value at the point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undefined {
    /// The subexpression (before substitution) that is not defined.
    pub expr: ExprId,
    pub reason: &'static str,
}

/// The first undefined constant part of `ids` (`ln(-2)` in the derivative of `(-2)^x`,
/// a function real nowhere but at isolated points): such a result has no real meaning, and
/// its printed form would not even read back (the parser refuses `ln(-2)` where written).
pub fn undefined_part(pool: &mut Pool, ids: &[ExprId]) -> Option<Undefined> {
    let suspects: Vec<ExprId> = pool
        .reachable(ids)
        .into_iter()
        .filter(|&n| matches!(pool.node(n), Node::Func(..) | Node::Pow(..) | Node::Call(..)) && pool.is_constant(n))
        .collect();
    let empty = FxHashMap::default();
    suspects.into_iter().find_map(|n| value_at(pool, n, &empty).err())
}

/// Substitutes `point` into `id` and canonicalizes, checking the domain.
pub fn value_at(pool: &mut Pool, id: ExprId, point: &FxHashMap<SymId, ExprId>) -> Result<ExprId, Undefined> {
    let mut memo = FxHashMap::default();
    subst(pool, id, point, &mut memo)
}

/// [`value_at`] with a memo kept between calls at the same point (the parts of a
/// [`super::domain::Domain`] share subexpressions).
pub fn value_at_with(
    pool: &mut Pool,
    id: ExprId,
    point: &FxHashMap<SymId, ExprId>,
    memo: &mut FxHashMap<ExprId, ExprId>,
) -> Result<ExprId, Undefined> {
    subst(pool, id, point, memo)
}

fn subst(
    pool: &mut Pool,
    id: ExprId,
    point: &FxHashMap<SymId, ExprId>,
    memo: &mut FxHashMap<ExprId, ExprId>,
) -> Result<ExprId, Undefined> {
    if pool.is_constant(id) && !needs_check(pool, id) {
        return Ok(id);
    }
    if let Some(&v) = memo.get(&id) {
        return Ok(v);
    }
    let undefined = |reason| Undefined { expr: id, reason };
    let v = match pool.node(id).clone() {
        Node::Num(_) | Node::Pi | Node::E => id,
        Node::Sym(s) => point.get(&s).copied().unwrap_or(id),
        Node::Add(ts) => {
            let vs = ts.iter().map(|&t| subst(pool, t, point, memo)).collect::<Result<Vec<_>, _>>()?;
            pool.add(vs)
        }
        Node::Mul(fs) => {
            let vs = fs.iter().map(|&f| subst(pool, f, point, memo)).collect::<Result<Vec<_>, _>>()?;
            pool.mul(vs)
        }
        Node::Pow(b, e) => {
            let vb = subst(pool, b, point, memo)?;
            let ve = subst(pool, e, point, memo)?;
            if pool.is_constant(vb) && pool.is_constant(ve) {
                let base_sign = pool.sign(vb);
                let exp_negative = pool.sign(ve) == Some(-1);
                if base_sign == Some(0) && exp_negative {
                    return Err(undefined("division by zero"));
                }
                let even_root = pool.as_num(ve).is_some_and(|r| !r.is_integer() && r.denom() % 2u32 == 0u32.into());
                if base_sign == Some(-1) && even_root {
                    return Err(undefined("even root of a negative number"));
                }
                if base_sign == Some(-1) && pool.as_num(ve).is_none() {
                    return Err(undefined("a negative number to a non-rational power"));
                }
            }
            pool.pow(vb, ve)
        }
        Node::Func(f, a) => {
            let va = subst(pool, a, point, memo)?;
            if pool.is_constant(va) {
                check_domain(pool, f, va).map_err(undefined)?;
            }
            pool.func(f, va)
        }
        Node::Call(callee, args) => {
            let vs = args.iter().map(|&a| subst(pool, a, point, memo)).collect::<Result<Vec<_>, _>>()?;
            if callee == Callee::Atan2 && vs.iter().all(|&v| pool.is_constant(v) && pool.sign(v) == Some(0)) {
                return Err(undefined("the angle of the point (0, 0) is not defined"));
            }
            pool.call(callee, &vs)
        }
    };
    memo.insert(id, v);
    Ok(v)
}

/// Constant subexpressions can still be undefined (`ln(0)` typed as such).
fn needs_check(pool: &Pool, id: ExprId) -> bool {
    !matches!(pool.node(id), Node::Num(_) | Node::Pi | Node::E)
}

fn check_domain(pool: &mut Pool, f: Func, va: ExprId) -> Result<(), &'static str> {
    let s = pool.sign(va);
    match f {
        Func::Ln => match s {
            Some(0) => Err("logarithm of zero"),
            Some(-1) => Err("logarithm of a negative number"),
            _ => Ok(()),
        },
        Func::Asin | Func::Acos => in_domain(
            pool,
            va,
            |r| r.abs() <= Rational::one(),
            |x| x.abs() <= 1.0 + 1e-12,
            "its argument is outside [-1, 1]",
        ),
        Func::Acosh => in_domain(pool, va, |r| *r >= Rational::one(), |x| x >= 1.0 - 1e-12, "its argument is below 1"),
        Func::Atanh => in_domain(
            pool,
            va,
            |r| r.abs() < Rational::one(),
            |x| x.abs() < 1.0 - 1e-12,
            "its argument is outside (-1, 1)",
        ),
        Func::Tan | Func::Sec => {
            let c = pool.func(Func::Cos, va);
            if pool.is_zero(c) {
                Err("cosine is zero there")
            } else {
                Ok(())
            }
        }
        Func::Cot | Func::Csc => {
            let sn = pool.func(Func::Sin, va);
            if pool.is_zero(sn) {
                Err("sine is zero there")
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// Whether a constant lies in a function's domain: exactly for a rational, else by its
/// approximation (with a tolerance on the side of accepting, as a constant on the boundary
/// such as sin(π/2) need not come out exactly 1).
fn in_domain(
    pool: &Pool,
    va: ExprId,
    exact: impl Fn(&Rational) -> bool,
    approx: impl Fn(f64) -> bool,
    why: &'static str,
) -> Result<(), &'static str> {
    let inside = match pool.as_num(va) {
        Some(r) => exact(r),
        None => approx(pool.approx_const(va)),
    };
    if inside {
        Ok(())
    } else {
        Err(why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, ParseOptions};

    fn check(src: &str) -> Result<ExprId, Undefined> {
        let mut pool = Pool::default();
        let f = parse(&mut pool, src, &ParseOptions::default()).unwrap();
        value_at(&mut pool, f, &FxHashMap::default())
    }

    /// W3 50,000 holds sin(exp(729)): e^729 overflows a double, so its approximation is
    /// inf and sin(inf) is NaN, yet the value is a perfectly good real number.
    #[test]
    fn overflowing_approximations_are_not_domain_errors() {
        assert!(check("sin(exp(729))").is_ok());
        assert!(check("ln(exp(1000) + 1)").is_ok());
    }

    /// The value of `src` at x = `x` (the parser itself refuses undefined constants).
    fn check_at(src: &str, x: i64) -> Result<ExprId, Undefined> {
        let mut pool = Pool::default();
        let f = parse(&mut pool, src, &ParseOptions::default()).unwrap();
        let point = FxHashMap::from_iter([(pool.symbol("x"), pool.int(x))]);
        value_at(&mut pool, f, &point)
    }

    #[test]
    fn domain_errors_name_the_reason() {
        assert_eq!(check_at("ln(x)", 0).unwrap_err().reason, "logarithm of zero");
        assert_eq!(check_at("1/(2 - x)", 2).unwrap_err().reason, "division by zero");
        assert_eq!(check_at("sqrt(x)", -1).unwrap_err().reason, "even root of a negative number");
        assert_eq!(check_at("asin(x)", 2).unwrap_err().reason, "its argument is outside [-1, 1]");
        assert_eq!(check_at("tan(pi/x)", 2).unwrap_err().reason, "cosine is zero there");
        assert!(check_at("cbrt(x)", -8).is_ok());
    }
}
