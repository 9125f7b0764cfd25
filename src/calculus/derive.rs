//! The symbolic partial derivative, memoised per (node, variable).
//!
//! Subtrees that do not contain the variable are skipped without being visited (the pool
//! knows each node's free variables), and shared subexpressions are differentiated once.
//! Conventions: d|u| = sign(u)·du (undefined at u = 0, like the derivative itself), and
//! d sign(u) = 0 (true wherever sign is differentiable).
//!
//! A `Deriver` made with [`Deriver::traced`] also keeps a [`Trace`]: every rule it applies,
//! with the pieces it combined (`--steps`). Without it the only cost is one branch per
//! newly differentiated node.

use super::trace::Trace;
use crate::expr::{ExprId, Func, Node, Pool, SymId};
use rustc_hash::FxHashMap;

/// Differentiates expressions of one pool, remembering every result.
#[derive(Default)]
pub struct Deriver {
    memo: FxHashMap<(ExprId, SymId), ExprId>,
    /// The derivation, recorded only when asked for.
    trace: Option<Box<Trace>>,
}

impl Deriver {
    pub fn new() -> Deriver {
        Deriver::default()
    }

    /// A deriver that records the rule applied at each node it differentiates.
    pub fn traced() -> Deriver {
        Deriver { trace: Some(Box::default()), ..Deriver::default() }
    }

    /// The recorded derivation, when this deriver was made with [`Deriver::traced`].
    pub fn trace(&self) -> Option<&Trace> {
        self.trace.as_deref()
    }

    /// ∂id/∂var.
    pub fn derive(&mut self, pool: &mut Pool, id: ExprId, var: SymId) -> ExprId {
        if !pool.depends_on(id, var) {
            return pool.zero();
        }
        if let Some(&d) = self.memo.get(&(id, var)) {
            return d;
        }
        if pool.limit_hit().is_some() {
            // The result is being thrown away: stop growing the pool.
            return pool.zero();
        }
        let d = self.rule(pool, id, var);
        self.memo.insert((id, var), d);
        if let Some(t) = self.trace.as_deref_mut() {
            t.record(pool, id, var, d);
        }
        d
    }

    /// ∂ⁿid/∂v₁…∂vₙ, differentiating by each variable in turn.
    pub fn derive_seq(&mut self, pool: &mut Pool, id: ExprId, vars: &[SymId]) -> ExprId {
        vars.iter().fold(id, |acc, &v| self.derive(pool, acc, v))
    }

    fn rule(&mut self, pool: &mut Pool, id: ExprId, var: SymId) -> ExprId {
        match pool.node(id).clone() {
            Node::Num(_) | Node::Pi | Node::E => pool.zero(),
            Node::Sym(s) => {
                if s == var {
                    pool.one()
                } else {
                    pool.zero()
                }
            }
            Node::Add(ts) => {
                let ds: Vec<ExprId> = ts.iter().map(|&t| self.derive(pool, t, var)).collect();
                pool.add(ds)
            }
            Node::Mul(fs) => {
                // Product rule: Σᵢ (∂fᵢ) Πⱼ≠ᵢ fⱼ, over the factors that contain var.
                let mut terms = Vec::new();
                for (i, &f) in fs.iter().enumerate() {
                    if !pool.depends_on(f, var) {
                        continue;
                    }
                    let df = self.derive(pool, f, var);
                    if pool.is_zero(df) {
                        continue;
                    }
                    let mut prod: Vec<ExprId> = Vec::with_capacity(fs.len());
                    prod.extend(fs.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, &g)| g));
                    prod.push(df);
                    terms.push(pool.mul(prod));
                }
                pool.add(terms)
            }
            Node::Pow(b, e) => self.pow_rule(pool, b, e, var),
            Node::Func(f, u) => {
                let du = self.derive(pool, u, var);
                let outer = outer_derivative(pool, f, u);
                pool.mul2(outer, du)
            }
        }
    }

    fn pow_rule(&mut self, pool: &mut Pool, b: ExprId, e: ExprId, var: SymId) -> ExprId {
        let b_varies = pool.depends_on(b, var);
        let e_varies = pool.depends_on(e, var);
        let this = pool.pow(b, e);
        if !e_varies {
            // d(b^e) = e·b^(e-1)·db
            let m1 = pool.int(-1);
            let em1 = pool.add2(e, m1);
            let p = pool.pow(b, em1);
            let db = self.derive(pool, b, var);
            return pool.mul(vec![e, p, db]);
        }
        if zero_where_defined(pool, b, 8) {
            // 0^u is 0 wherever it is defined (u > 0), so its derivative is 0 there; the
            // general rule would give 0^u·ln(0)·du, undefined everywhere.
            return pool.zero();
        }
        let de = self.derive(pool, e, var);
        let ln_b = pool.func(Func::Ln, b);
        if !b_varies {
            // d(b^u) = b^u·ln(b)·du
            return pool.mul(vec![this, ln_b, de]);
        }
        // d(b^e) = b^e·(de·ln b + e·db/b)
        let db = self.derive(pool, b, var);
        let t1 = pool.mul2(de, ln_b);
        let inv_b = pool.powi(b, -1);
        let t2 = pool.mul(vec![e, db, inv_b]);
        let s = pool.add2(t1, t2);
        pool.mul2(this, s)
    }
}

/// Whether `id` is 0 at every point where it is defined: 0, `0^u`, a power of such a
/// thing, or a product with such a factor (looked for `depth` levels down).
fn zero_where_defined(pool: &Pool, id: ExprId, depth: u32) -> bool {
    if pool.is_zero(id) {
        return true;
    }
    if depth == 0 {
        return false;
    }
    match pool.node(id) {
        Node::Pow(b, _) => zero_where_defined(pool, *b, depth - 1),
        Node::Mul(fs) => fs.iter().any(|&f| zero_where_defined(pool, f, depth - 1)),
        _ => false,
    }
}

/// f'(u) for the outer function of a call.
pub(crate) fn outer_derivative(pool: &mut Pool, f: Func, u: ExprId) -> ExprId {
    let half = pool.num(crate::expr::number::frac(1, 2));
    match f {
        Func::Sin => pool.func(Func::Cos, u),
        Func::Cos => {
            let s = pool.func(Func::Sin, u);
            pool.neg(s)
        }
        Func::Tan => {
            let s = pool.func(Func::Sec, u);
            pool.powi(s, 2)
        }
        Func::Cot => {
            let c = pool.func(Func::Csc, u);
            let c2 = pool.powi(c, 2);
            pool.neg(c2)
        }
        Func::Sec => {
            let s = pool.func(Func::Sec, u);
            let t = pool.func(Func::Tan, u);
            pool.mul2(s, t)
        }
        Func::Csc => {
            let c = pool.func(Func::Csc, u);
            let t = pool.func(Func::Cot, u);
            let p = pool.mul2(c, t);
            pool.neg(p)
        }
        Func::Asin | Func::Acos => {
            // ±1/√(1 - u²)
            let one = pool.one();
            let u2 = pool.powi(u, 2);
            let d = pool.sub(one, u2);
            let mh = pool.neg(half);
            let r = pool.pow(d, mh);
            if f == Func::Asin {
                r
            } else {
                pool.neg(r)
            }
        }
        Func::Atan => {
            let one = pool.one();
            let u2 = pool.powi(u, 2);
            let d = pool.add2(one, u2);
            pool.powi(d, -1)
        }
        Func::Sinh => pool.func(Func::Cosh, u),
        Func::Cosh => pool.func(Func::Sinh, u),
        Func::Tanh => {
            // 1 - tanh²(u)
            let t = pool.func(Func::Tanh, u);
            let t2 = pool.powi(t, 2);
            let one = pool.one();
            pool.sub(one, t2)
        }
        Func::Asinh | Func::Acosh => {
            // 1/√(u² ± 1)
            let u2 = pool.powi(u, 2);
            let one = pool.int(if f == Func::Asinh { 1 } else { -1 });
            let d = pool.add2(u2, one);
            let mh = pool.neg(half);
            pool.pow(d, mh)
        }
        Func::Atanh => {
            // 1/(1 - u²)
            let one = pool.one();
            let u2 = pool.powi(u, 2);
            let d = pool.sub(one, u2);
            pool.powi(d, -1)
        }
        Func::Ln => pool.powi(u, -1),
        Func::Abs => pool.func(Func::Sign, u),
        Func::Sign => pool.zero(),
    }
}
