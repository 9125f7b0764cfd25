//! Where the non-smooth functions are not differentiable, and the conditions the value of a
//! derivative needs because of them.
//!
//! The derivative engine differentiates a non-smooth function by its formula where it is
//! smooth (d|u| = sign(u)·du, d sign(u) = 0); that formula says nothing at the kink, where
//! the derivative does not exist. Each derivative a command computes therefore carries, for
//! every call of such a function that it differentiated (one whose argument holds the
//! variable), a [`Condition::Differentiable`]: the argument is not on the function's kink. Its
//! value there is an error, `|x| is not differentiable at x = 0`, at `--at` points as at the
//! rows of `--points` (see [`crate::eval::domain`], where the conditions are checked).
//!
//! **Registering a function's kink is one line in [`kink`]**, e.g. for floor and ceiling (a
//! jump at every integer):
//!
//! ```text
//! Func::Floor | Func::Ceil => Some(Kink::AtIntegers),
//! ```
//!
//! Nothing else changes: every command finds the calls through this table. The functions of
//! several arguments are in `call_kink`: max and min (and relu, which is max(0, u)) have
//! their corner where the arguments are equal, the zero of their difference (which the pool
//! keeps with each such call). A kind of kink not yet in [`Kink`] is a new variant there,
//! with its exact and double-precision tests.
//!
//! The conditions are conservative: `x·|x|` is differentiable at 0 (its derivative is 2|x|),
//! but the derivative's value at 0 is refused with the others, as it passes through |x| at its
//! kink.

use super::derive::Deriver;
use crate::eval::domain::{Condition, Kink};
use crate::expr::{Callee, ExprId, Func, Node, Pool, SymId};
use rustc_hash::FxHashSet;

/// Where `f` is not differentiable, as a property of its argument; `None` for a function
/// that is smooth wherever it is defined. One line per non-smooth function.
pub fn kink(f: Func) -> Option<Kink> {
    match f {
        Func::Abs => Some(Kink::AtZero),
        Func::Sign => Some(Kink::AtZero),
        Func::Floor | Func::Ceil => Some(Kink::AtIntegers),
        _ => None,
    }
}

/// The kink of a call of several arguments: `max(a, b)` and `min(a, b)` (and relu, which is
/// max(0, u)) where a = b, as the corner of the |a − b| in max(a, b) = (a + b + |a − b|)/2:
/// the condition's argument is a − b, its function `abs`. atan2 is smooth wherever it is
/// defined, and an unknown function is taken to be smooth.
fn call_kink(pool: &Pool, call: ExprId, callee: &Callee) -> Option<Condition> {
    match callee {
        Callee::Max | Callee::Min => pool.extremum_difference(call).map(|arg| Condition::Differentiable {
            func: Func::Abs,
            arg,
            kink: Kink::AtZero,
            call,
        }),
        Callee::Atan2 | Callee::Unknown { .. } => None,
    }
}

/// The kinks a derivative of `g` by `var` passes: every call in `g` of a function with a
/// kink whose argument holds `var` (subexpressions without `var` are not visited).
pub fn kinks_in(pool: &Pool, g: ExprId, var: SymId) -> Vec<Condition> {
    let mut out = Vec::new();
    let mut seen = FxHashSet::default();
    let mut stack = vec![g];
    while let Some(id) = stack.pop() {
        if !pool.depends_on(id, var) || !seen.insert(id) {
            continue;
        }
        match pool.node(id) {
            Node::Add(cs) | Node::Mul(cs) => stack.extend_from_slice(cs),
            Node::Pow(b, e) => stack.extend([*b, *e]),
            Node::Func(f, arg) => {
                if let Some(k) = kink(*f) {
                    out.push(Condition::Differentiable { func: *f, arg: *arg, kink: k, call: id });
                }
                stack.push(*arg);
            }
            Node::Call(callee, args) => {
                out.extend(call_kink(pool, id, callee));
                stack.extend_from_slice(args);
            }
            Node::Num(_) | Node::Pi | Node::E | Node::Sym(_) => {}
        }
    }
    out
}

/// The conditions for a value of ∂ⁿf/∂v₁…∂vₙ (`f` differentiated by each of `wrt` in turn):
/// the kinks of f by v₁, of ∂f/∂v₁ by v₂, and so on.
pub fn of_derivative(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, wrt: &[SymId]) -> Vec<Condition> {
    // Differentiating creates no call with a kink that was not in f (|u| gives sign(u), sign
    // gives 0, and the pool makes none of its own): without one in f, there is nothing to
    // find, and the derivatives of every order need not be taken (W2's 11 orders, with 127
    // terms at the last, were a third of `diff`'s time).
    if !has_kink(pool, f) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut g = f;
    for (k, &v) in wrt.iter().enumerate() {
        out.extend(kinks_in(pool, g, v));
        if k + 1 < wrt.len() {
            g = deriver.derive(pool, g, v);
        }
    }
    dedup(out)
}

/// Whether `f` calls a function with a kink anywhere (a one-argument function of [`kink`], or
/// max and min, whose derivatives hold the sign of the difference of their arguments).
fn has_kink(pool: &Pool, f: ExprId) -> bool {
    pool.reachable(&[f]).into_iter().any(|id| match pool.node(id) {
        Node::Func(g, _) => kink(*g).is_some(),
        Node::Call(callee, _) => matches!(callee, Callee::Max | Callee::Min),
        _ => false,
    })
}

/// The conditions for a value of the gradient of `f` (each first partial).
pub fn of_gradient(pool: &Pool, f: ExprId, vars: &[SymId]) -> Vec<Condition> {
    dedup(vars.iter().flat_map(|&v| kinks_in(pool, f, v)).collect())
}

/// The conditions for a value of the Hessian of `f`: the gradient's, and those of each first
/// partial by each variable (both orders of the mixed partials).
pub fn of_hessian(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, vars: &[SymId]) -> Vec<Condition> {
    if !has_kink(pool, f) {
        return Vec::new();
    }
    let mut out = of_gradient(pool, f, vars);
    for &vi in vars {
        let fi = deriver.derive(pool, f, vi);
        out.extend(of_gradient(pool, fi, vars));
    }
    dedup(out)
}

/// The conditions for a value of the Jacobian of `fs`.
pub fn of_jacobian(pool: &Pool, fs: &[ExprId], vars: &[SymId]) -> Vec<Condition> {
    dedup(fs.iter().flat_map(|&f| of_gradient(pool, f, vars)).collect())
}

/// Each condition once, in the order first found.
fn dedup(conditions: Vec<Condition>) -> Vec<Condition> {
    let mut seen = FxHashSet::default();
    conditions
        .into_iter()
        .filter(|c| match c {
            Condition::Differentiable { call, .. } => seen.insert(*call),
            Condition::Defined { .. } => true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, ParseOptions};

    fn calls(src: &str, wrt: &[&str]) -> Vec<String> {
        let mut pool = Pool::default();
        let f = parse(&mut pool, src, &ParseOptions::default()).unwrap();
        let wrt: Vec<SymId> = wrt.iter().map(|v| pool.symbol(v)).collect();
        let cs = of_derivative(&mut Deriver::new(), &mut pool, f, &wrt);
        let p = crate::print::Printer::new(&pool, crate::print::Style::Plain);
        cs.iter()
            .map(|c| match c {
                Condition::Differentiable { call, .. } => p.expr(*call),
                Condition::Defined { part, .. } => p.expr(*part),
            })
            .collect()
    }

    #[test]
    fn a_derivative_carries_the_kinks_it_passes() {
        assert_eq!(calls("abs(x)", &["x"]), ["abs(x)"]);
        // |y| holds no x: ∂/∂x (|y| + x) = 1 everywhere.
        assert_eq!(calls("abs(y) + x", &["x"]), Vec::<String>::new());
        assert_eq!(calls("abs(y) + x", &["y"]), ["abs(y)"]);
        assert_eq!(calls("abs(x - y)", &["y"]), ["abs(x - y)"]);
        // The second derivative of |x|³ passes the sign of x in the first.
        let second = calls("abs(x)^3", &["x", "x"]);
        assert!(second.contains(&"abs(x)".to_string()) && second.contains(&"sign(x)".to_string()), "{second:?}");
        assert_eq!(calls("sin(x)^2 + ln(x)", &["x"]), Vec::<String>::new());
        // Floor and ceiling jump at the integers; max, min and relu have a corner where their
        // arguments are equal; atan2 and the smooth functions have none.
        assert_eq!(calls("floor(x) + ceil(2x)", &["x"]).len(), 2);
        assert_eq!(calls("relu(x)", &["x"]), ["max(0, x)"]);
        let mut both = calls("max(x, y) + min(x^2, 1)", &["x"]);
        both.sort();
        assert_eq!(both, ["max(x, y)", "min(1, x^2)"]);
        assert_eq!(calls("max(x, y)", &["z"]), Vec::<String>::new());
        assert_eq!(calls("atan2(y, x) + sigmoid(x) + softplus(x) + erf(x)", &["x"]), Vec::<String>::new());
    }

    #[test]
    fn the_kink_of_max_is_where_its_arguments_are_equal() {
        let mut pool = Pool::default();
        let f = parse(&mut pool, "max(x^2, 2x)", &ParseOptions::default()).unwrap();
        let x = pool.symbol("x");
        let cs = kinks_in(&pool, f, x);
        let [Condition::Differentiable { arg, kink: Kink::AtZero, .. }] = cs[..] else { panic!("{cs:?}") };
        // arg is ±(x² − 2x): 0 at x = 0 and x = 2.
        for (at, zero) in [(0, true), (2, true), (1, false)] {
            let point = rustc_hash::FxHashMap::from_iter([(x, pool.int(at))]);
            let v = crate::eval::exact::value_at(&mut pool, arg, &point).unwrap();
            assert_eq!(pool.is_zero(v), zero, "x = {at}");
        }
    }

    #[test]
    fn every_function_with_a_kink_is_not_smooth_there() {
        // A registered kink must be a real one: the derivative's formula jumps across it.
        for f in Func::ALL {
            let Some(Kink::AtZero) = kink(f) else { continue };
            let left = crate::expr::approx::apply(f, -1e-9);
            let right = crate::expr::approx::apply(f, 1e-9);
            let at = crate::expr::approx::apply(f, 0.0);
            let slope = |a: f64, b: f64| (b - a) / 1e-9;
            assert!((slope(left, at) - slope(at, right)).abs() > 0.5 || (right - left).abs() > 0.5, "{f:?}");
        }
        // A jump at every integer is a jump: the value changes across 1.
        for f in Func::ALL {
            let Some(Kink::AtIntegers) = kink(f) else { continue };
            let (left, right) = (crate::expr::approx::apply(f, 1.0 - 1e-9), crate::expr::approx::apply(f, 1.0 + 1e-9));
            assert!((right - left).abs() > 0.5, "{f:?}");
        }
    }
}
