//! Local rewrite rules, applied bottom-up to every node once: exact constants and the
//! logarithm and exponential identities that hold wherever the expression is defined.
//!
//! - `√(u²) = |u|`, and in general `(u^m)^(p/q) = |u|^(mp/q)` for even m and q, else
//!   `u^(mp/q)` (so `√(π²) = π`);
//! - `ln(r^k) = k·ln(r)` for a rational that is a perfect power (`ln 8 = 3 ln 2`,
//!   `ln(1/4) = −2 ln 2`), and `ln(1/q) = −ln q`;
//! - `e^(a·ln b) = b^a` for rational a (`e^(2 ln 3) = 9`, `e^(3 ln x) = x³`);
//! - `ln(u·v) = ln u + ln v` for a factor u that is never negative (`ln(x·e^y) = ln x + y`,
//!   `ln(2(x² + 1)) = ln 2 + ln(x² + 1)`), `ln(u^k) = k·ln u` (`ln|u|` for an even power);
//! - `|u| = u` for u never negative (`|x² + 1|`, `|e^x|`);
//! - `√(a + b√c) = √x ± √y` when a² − b²c is a rational square (`√(3 + 2√2) = 1 + √2`).
//!
//! Each rule is an identity where the left side is defined; the presented form is only
//! printed, never evaluated, so a right side defined on more points is harmless.

use crate::expr::{number, Callee, ExprId, Func, Node, Pool, Rational};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed};
use rustc_hash::FxHashMap;

/// `id` with every rule applied everywhere, bottom-up; shared nodes are rewritten once.
pub(super) fn rewrite(pool: &mut Pool, id: ExprId, memo: &mut FxHashMap<ExprId, ExprId>) -> ExprId {
    if let Some(&r) = memo.get(&id) {
        return r;
    }
    let rebuilt = match pool.node(id) {
        Node::Num(_) | Node::Sym(_) | Node::Pi | Node::E => return id,
        &Node::Pow(b, e) => {
            let (nb, ne) = (rewrite(pool, b, memo), rewrite(pool, e, memo));
            if (nb, ne) == (b, e) {
                id
            } else {
                pool.pow(nb, ne)
            }
        }
        &Node::Func(f, a) => {
            let na = rewrite(pool, a, memo);
            if na == a {
                id
            } else {
                pool.func(f, na)
            }
        }
        Node::Add(ts) => {
            let ts = ts.clone();
            let new: Vec<ExprId> = ts.iter().map(|&t| rewrite(pool, t, memo)).collect();
            if new[..] == ts[..] {
                id
            } else {
                pool.add(new)
            }
        }
        Node::Mul(fs) => {
            let fs = fs.clone();
            let new: Vec<ExprId> = fs.iter().map(|&f| rewrite(pool, f, memo)).collect();
            if new[..] == fs[..] {
                id
            } else {
                pool.mul(new)
            }
        }
        Node::Call(callee, args) => {
            let (callee, args) = (callee.clone(), args.clone());
            let new: Vec<ExprId> = args.iter().map(|&a| rewrite(pool, a, memo)).collect();
            if new[..] == args[..] {
                id
            } else {
                pool.call(callee, &new)
            }
        }
    };
    // A rule's result is itself rewritten (`ln(1/4)` → `-ln(4)`... → `-2 ln 2`), a few times
    // at most: every rule makes its node smaller in some sense.
    let mut out = rebuilt;
    for _ in 0..4 {
        match rule(pool, out) {
            Some(r) if r != out => out = rewrite_children(pool, r, memo),
            _ => break,
        }
    }
    memo.insert(id, out);
    out
}

/// The rules applied below the top of a node a rule just made.
fn rewrite_children(pool: &mut Pool, id: ExprId, memo: &mut FxHashMap<ExprId, ExprId>) -> ExprId {
    match pool.node(id).clone() {
        Node::Add(ts) => {
            let new: Vec<ExprId> = ts.iter().map(|&t| rewrite(pool, t, memo)).collect();
            pool.add(new)
        }
        Node::Mul(fs) => {
            let new: Vec<ExprId> = fs.iter().map(|&f| rewrite(pool, f, memo)).collect();
            pool.mul(new)
        }
        _ => id,
    }
}

/// One rule at the top of `id`, if one applies. (Nodes are looked at in place: most have
/// no rule, and copying each one's operands cost more than the rules.)
fn rule(pool: &mut Pool, id: ExprId) -> Option<ExprId> {
    match *pool.node(id) {
        Node::Pow(b, e) => {
            let non_integer = pool.as_num(e).filter(|r| !r.is_integer()).cloned();
            match (pool.node(b), non_integer) {
                (&Node::Pow(u, m), Some(r)) => power_of_power(pool, u, m, &r),
                (Node::Add(_), Some(r)) if r == number::frac(1, 2) => denest(pool, b),
                (Node::E, _) => exp_of_logs(pool, e),
                _ => None,
            }
        }
        Node::Func(Func::Ln, a) => ln_rule(pool, a),
        Node::Func(Func::Abs, a) => nonnegative(pool, a, 6).then_some(a),
        _ => None,
    }
}

/// `(u^m)^r` for integer m and non-integer r.
fn power_of_power(pool: &mut Pool, u: ExprId, m: ExprId, r: &Rational) -> Option<ExprId> {
    let m = pool.as_num(m)?.clone();
    if !m.is_integer() {
        return None;
    }
    let n = number::mul(&m, r);
    let even = |x: &BigInt| x.is_even();
    let base = if even(m.numer()) && even(r.denom()) && !(n.is_integer() && even(n.numer())) {
        pool.func(Func::Abs, u)
    } else {
        u
    };
    let n = pool.num(n);
    Some(pool.pow(base, n))
}

/// `e^(Σ aᵢ·ln bᵢ + rest)` = `Π bᵢ^aᵢ · e^rest` for rational aᵢ.
fn exp_of_logs(pool: &mut Pool, e: ExprId) -> Option<ExprId> {
    let terms: Vec<ExprId> = match pool.node(e) {
        Node::Add(ts) => ts.to_vec(),
        _ => vec![e],
    };
    let mut powers = Vec::new();
    let mut rest = Vec::new();
    for t in terms {
        let (c, v) = pool.split_coeff(t);
        match pool.node(v) {
            Node::Func(Func::Ln, b) if !pool.is_one(v) => {
                let b = *b;
                let c = pool.num(c);
                powers.push(pool.pow(b, c));
            }
            _ => rest.push(t),
        }
    }
    if powers.is_empty() {
        return None;
    }
    let r = pool.add(rest);
    let ex = pool.exp(r);
    powers.push(ex);
    Some(pool.mul(powers))
}

/// The logarithm rules (see the module header).
fn ln_rule(pool: &mut Pool, a: ExprId) -> Option<ExprId> {
    match pool.node(a).clone() {
        Node::Num(q) if q.is_positive() && !q.is_one() => ln_rational(pool, &q),
        Node::Pow(b, k) => {
            // Only a rational power: ln(x^y) = y·ln(x) fails where x < 0 and y is an integer.
            let k_num = pool.as_num(k).cloned()?;
            let even_numerator = k_num.numer().is_even();
            let inner = if even_numerator && !nonnegative(pool, b, 6) { pool.func(Func::Abs, b) } else { b };
            if matches!(pool.node(b), Node::E) {
                return None; // ln(e^u) = u is the pool's own
            }
            let l = pool.func(Func::Ln, inner);
            Some(pool.mul2(k, l))
        }
        Node::Mul(fs) => {
            let (pos, rest): (Vec<ExprId>, Vec<ExprId>) = fs.iter().partition(|&&f| nonnegative(pool, f, 6));
            if pos.is_empty() || (rest.is_empty() && pos.len() < 2) {
                return None;
            }
            let rest = if rest.is_empty() { None } else { Some(pool.mul(rest)) };
            // A constant rest that is not positive (ln(-2^x): -1) would give a logarithm
            // undefined everywhere, where the argument as a whole only looks as if it could
            // be defined: leave it as written.
            if rest.is_some_and(|r| pool.is_constant(r) && pool.sign(r) != Some(1)) {
                return None;
            }
            let mut logs: Vec<ExprId> = pos.iter().map(|&f| pool.func(Func::Ln, f)).collect();
            if let Some(r) = rest {
                logs.push(pool.func(Func::Ln, r));
            }
            Some(pool.add(logs))
        }
        _ => None,
    }
}

/// `ln q` for a positive rational q ≠ 1: `k·ln r` when q = r^k (k ≥ 2), `−ln(1/q)` when q
/// is a unit fraction; `None` otherwise (ln 6 stays ln 6).
fn ln_rational(pool: &mut Pool, q: &Rational) -> Option<ExprId> {
    let (n, d) = (q.numer().clone(), q.denom().clone());
    if n.bits() > 256 || d.bits() > 256 {
        return None;
    }
    if n.is_one() {
        let inv = pool.num(Rational::from_integer(d));
        let l = pool.func(Func::Ln, inv);
        return Some(pool.neg(l));
    }
    let g = perfect_power_exponent(&n, &d)?;
    let root = |x: &BigInt| x.nth_root(g);
    let r = Rational::new(root(&n), root(&d));
    let r = pool.num(r);
    let l = pool.func(Func::Ln, r);
    let k = pool.int(i64::from(g));
    Some(pool.mul2(k, l))
}

/// The largest k ≥ 2 with n and d both perfect k-th powers.
fn perfect_power_exponent(n: &BigInt, d: &BigInt) -> Option<u32> {
    let max = n.bits().max(d.bits()).min(256) as u32;
    (2..=max).rev().find(|&k| {
        let is_power = |x: &BigInt| x.is_one() || x.nth_root(k).pow(k) == *x;
        is_power(n) && is_power(d)
    })
}

/// Whether `id` is ≥ 0 wherever it is defined (looked for `depth` levels down).
pub(super) fn nonnegative(pool: &Pool, id: ExprId, depth: u32) -> bool {
    if depth == 0 {
        return false;
    }
    match pool.node(id) {
        Node::Num(r) => !r.is_negative(),
        Node::Pi | Node::E => true,
        Node::Sym(_) => false,
        Node::Pow(b, e) => {
            if matches!(pool.node(*b), Node::E) || nonnegative(pool, *b, depth - 1) {
                return true;
            }
            // Even powers and even roots.
            pool.as_num(*e).is_some_and(|r| r.numer().is_even() || r.denom().is_even())
        }
        Node::Mul(fs) => fs.iter().all(|&f| nonnegative(pool, f, depth - 1)),
        Node::Add(ts) => ts.iter().all(|&t| nonnegative(pool, t, depth - 1)),
        Node::Func(f, a) => match f {
            Func::Abs | Func::Cosh => true,
            Func::Acos => true,
            Func::Sinh | Func::Tanh | Func::Asinh | Func::Atan | Func::Asin | Func::Atanh => {
                nonnegative(pool, *a, depth - 1)
            }
            Func::Sign => nonnegative(pool, *a, depth - 1),
            Func::Acosh => true,
            Func::Sigmoid | Func::Softplus => true,
            Func::Erf | Func::Floor | Func::Ceil => nonnegative(pool, *a, depth - 1),
            _ => pool.is_constant(id) && pool.sign(id).is_some_and(|s| s >= 0),
        },
        // max is at least each argument; min at least the least of them.
        Node::Call(Callee::Max, args) => args.iter().any(|&x| nonnegative(pool, x, depth - 1)),
        Node::Call(Callee::Min, args) => args.iter().all(|&x| nonnegative(pool, x, depth - 1)),
        Node::Call(..) => false,
    }
}

/// `√(a + b√c)` as `√x + sign(b)·√y` with x, y = (a ± √(a² − b²c))/2, when that root is
/// rational and x, y ≥ 0.
fn denest(pool: &mut Pool, sum: ExprId) -> Option<ExprId> {
    let Node::Add(ts) = pool.node(sum).clone() else { return None };
    if ts.len() != 2 {
        return None;
    }
    let (mut a, mut bc) = (None, None);
    for &t in ts.iter() {
        match pool.node(t) {
            Node::Num(r) => a = Some(r.clone()),
            _ => {
                let (b, rest) = pool.split_coeff(t);
                match pool.node(rest) {
                    Node::Pow(c, h) if pool.as_num(*h) == Some(&number::frac(1, 2)) => {
                        bc = Some((b, pool.as_num(*c)?.clone()));
                    }
                    _ => return None,
                }
            }
        }
    }
    let (a, (b, c)) = (a?, bc?);
    if number::bits(&a).max(number::bits(&b)).max(number::bits(&c)) > 128 {
        return None;
    }
    let d2 = number::add(&number::mul(&a, &a), &-number::mul(&number::mul(&b, &b), &c));
    let d = rational_sqrt(&d2)?;
    let two = number::int(2);
    let x = number::div(&number::add(&a, &d), &two)?;
    let y = number::div(&number::add(&a, &-d.clone()), &two)?;
    if x.is_negative() || y.is_negative() {
        return None;
    }
    let (xe, ye) = (pool.num(x), pool.num(y));
    let (rx, ry) = (pool.sqrt(xe), pool.sqrt(ye));
    let ry = if b.is_negative() { pool.neg(ry) } else { ry };
    Some(pool.add2(rx, ry))
}

/// √r when r is the square of a rational.
fn rational_sqrt(r: &Rational) -> Option<Rational> {
    if r.is_negative() {
        return None;
    }
    let (n, d) = (r.numer().sqrt(), r.denom().sqrt());
    (&n * &n == *r.numer() && &d * &d == *r.denom()).then(|| Rational::new(n, d))
}
