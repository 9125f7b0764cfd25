//! The symbolic partial derivative, memoised per (node, variable).
//!
//! Subtrees that do not contain the variable are skipped without being visited (the pool
//! knows each node's free variables), and shared subexpressions are differentiated once.
//! Conventions: d|u| = sign(u)·du (undefined at u = 0, like the derivative itself), and
//! d sign(u) = 0 (true wherever sign is differentiable).
//!
//! A `Deriver` made with [`Deriver::traced`] also keeps a [`Trace`]: at each node, the
//! [`Rule`] its `match` chose, with the pieces it combined — recorded where the rule is
//! applied, so the explanation (`--steps`) cannot tell a different story from the result.
//! Without it the only cost is one branch per newly differentiated node.

use super::trace::{Rule, Step, Trace};
use crate::expr::{Callee, ExprId, Func, Node, Pool, SymId};
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
        let (d, rule) = self.rule(pool, id, var);
        self.memo.insert((id, var), d);
        if let (Some(t), Some(rule)) = (self.trace.as_deref_mut(), rule) {
            t.record(Step { id, var, result: d, rule });
        }
        d
    }

    /// Whether the rule applied at each node is to be recorded (a traced deriver).
    fn recording(&self) -> bool {
        self.trace.is_some()
    }

    /// ∂ⁿid/∂v₁…∂vₙ, differentiating by each variable in turn.
    pub fn derive_seq(&mut self, pool: &mut Pool, id: ExprId, vars: &[SymId]) -> ExprId {
        vars.iter().fold(id, |acc, &v| self.derive(pool, acc, v))
    }

    /// ∂id/∂var by the rule the node calls for, and (when recording) that rule with the
    /// pieces it combined. The one place a rule is chosen: `--steps` renders this record.
    fn rule(&mut self, pool: &mut Pool, id: ExprId, var: SymId) -> (ExprId, Option<Rule>) {
        let recording = self.recording();
        match pool.node(id).clone() {
            // Not reached through `derive` (nothing without the variable is differentiated).
            Node::Num(_) | Node::Pi | Node::E => (pool.zero(), None),
            Node::Sym(s) => {
                if s == var {
                    (pool.one(), Some(Rule::Variable))
                } else {
                    (pool.zero(), None)
                }
            }
            Node::Add(ts) => {
                let ds: Vec<ExprId> = ts.iter().map(|&t| self.derive(pool, t, var)).collect();
                let parts = recording.then(|| ts.iter().copied().zip(ds.iter().copied()).collect());
                (pool.add(ds), parts.map(|parts| Rule::Sum { parts }))
            }
            Node::Mul(fs) => {
                if let Some(quotient) = quotient_split(pool, &fs, var) {
                    return self.quotient_rule(pool, quotient, var);
                }
                // Product rule: Σᵢ (∂fᵢ) Πⱼ≠ᵢ fⱼ, over the factors that contain var.
                let mut terms = Vec::new();
                let mut parts = Vec::new();
                for (i, &f) in fs.iter().enumerate() {
                    if !pool.depends_on(f, var) {
                        continue;
                    }
                    let df = self.derive(pool, f, var);
                    if recording {
                        parts.push((f, df));
                    }
                    if pool.is_zero(df) {
                        continue;
                    }
                    let mut prod: Vec<ExprId> = Vec::with_capacity(fs.len());
                    prod.extend(fs.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, &g)| g));
                    prod.push(df);
                    terms.push(pool.mul(prod));
                }
                let d = pool.add(terms);
                let rule = recording.then(|| {
                    let fixed: Vec<ExprId> = fs.iter().copied().filter(|&f| !pool.depends_on(f, var)).collect();
                    Rule::Product { constant: pool.mul(fixed), parts }
                });
                (d, rule)
            }
            Node::Pow(b, e) => self.pow_rule(pool, b, e, var),
            Node::Func(f, u) => {
                let du = self.derive(pool, u, var);
                let outer = outer_derivative(pool, f, u);
                let d = pool.mul2(outer, du);
                (d, recording.then_some(Rule::Chain { func: f, arg: u, outer, darg: du }))
            }
            Node::Call(callee, args) => {
                // The chain rule in several arguments: Σᵢ ∂ᵢF(args)·∂argᵢ.
                let mut terms = Vec::new();
                let mut parts = Vec::new();
                for (i, &u) in args.iter().enumerate() {
                    if !pool.depends_on(u, var) {
                        continue;
                    }
                    let du = self.derive(pool, u, var);
                    let outer = partial_derivative(pool, &callee, &args, i);
                    terms.push(pool.mul2(outer, du));
                    if recording {
                        parts.push((i, outer, du));
                    }
                }
                let d = pool.add(terms);
                (d, recording.then(|| Rule::Call { callee, args: args.to_vec(), parts }))
            }
        }
    }

    /// Quotient rule: c·u/v ↦ c·(u′v − uv′)/v², for `(c, u, v)` from [`quotient_split`].
    fn quotient_rule(
        &mut self,
        pool: &mut Pool,
        (constant, u, v): (ExprId, ExprId, ExprId),
        var: SymId,
    ) -> (ExprId, Option<Rule>) {
        let du = self.derive(pool, u, var);
        let dv = self.derive(pool, v, var);
        let left = pool.mul2(du, v);
        let right = pool.mul2(u, dv);
        let numerator = pool.sub(left, right);
        let v2 = pool.powi(v, -2);
        let d = pool.mul(vec![constant, numerator, v2]);
        let rule = self.recording().then(|| Rule::Quotient {
            constant,
            numerator: u,
            denominator: v,
            dnumerator: du,
            ddenominator: dv,
            squared: pool.powi(v, 2),
        });
        (d, rule)
    }

    fn pow_rule(&mut self, pool: &mut Pool, b: ExprId, e: ExprId, var: SymId) -> (ExprId, Option<Rule>) {
        let recording = self.recording();
        let b_varies = pool.depends_on(b, var);
        let e_varies = pool.depends_on(e, var);
        let this = pool.pow(b, e);
        if !e_varies {
            // d(b^e) = e·b^(e-1)·db
            let m1 = pool.int(-1);
            let em1 = pool.add2(e, m1);
            let p = pool.pow(b, em1);
            let db = self.derive(pool, b, var);
            let d = pool.mul(vec![e, p, db]);
            let rule = recording.then(|| Rule::Power { base: b, exp: e, scaled: pool.mul2(e, p), dbase: db });
            return (d, rule);
        }
        if zero_where_defined(pool, b, 8) {
            // 0^u is 0 wherever it is defined (u > 0), so its derivative is 0 there; the
            // general rule would give 0^u·ln(0)·du, undefined everywhere.
            return (pool.zero(), recording.then_some(Rule::ZeroPower { base: b, exp: e }));
        }
        let de = self.derive(pool, e, var);
        let ln_b = pool.func(Func::Ln, b);
        if !b_varies {
            // d(b^u) = b^u·ln(b)·du
            let d = pool.mul(vec![this, ln_b, de]);
            return (d, recording.then_some(Rule::Exponential { base: b, exp: e, ln_base: ln_b, dexp: de }));
        }
        // d(b^e) = b^e·(de·ln b + e·db/b)
        let db = self.derive(pool, b, var);
        let t1 = pool.mul2(de, ln_b);
        let inv_b = pool.powi(b, -1);
        let t2 = pool.mul(vec![e, db, inv_b]);
        let s = pool.add2(t1, t2);
        let d = pool.mul2(this, s);
        (d, recording.then_some(Rule::GeneralPower { base: b, exp: e, ln_base: ln_b, dbase: db, dexp: de }))
    }
}

/// A product that is a quotient in `var` — some factor with `var` has a negative numeric
/// exponent (a denominator) and some other factor with `var` does not (a numerator) — split
/// as (c, u, v): c the factors without `var`, u the numerator's factors, v the denominators
/// with their exponents made positive, so that the product is c·u/v. `None` for any other
/// product: `x·sin(x)` (no denominator), `3/(x + 1)` (no numerator with `var`: the power
/// rule), `x·e^(-x)` (a symbolic exponent is not a denominator).
fn quotient_split(pool: &mut Pool, fs: &[ExprId], var: SymId) -> Option<(ExprId, ExprId, ExprId)> {
    let denominator = |pool: &Pool, f: ExprId| match pool.node(f) {
        Node::Pow(_, e) => pool.as_num(*e).is_some_and(num_traits::Signed::is_negative),
        _ => false,
    };
    let varying = |pool: &Pool, f: ExprId| pool.depends_on(f, var);
    let has_den = fs.iter().any(|&f| varying(pool, f) && denominator(pool, f));
    let has_num = fs.iter().any(|&f| varying(pool, f) && !denominator(pool, f));
    if !(has_den && has_num) {
        return None;
    }
    let (mut constant, mut numerator, mut denominators) = (Vec::new(), Vec::new(), Vec::new());
    for &f in fs {
        if !varying(pool, f) {
            constant.push(f);
        } else if denominator(pool, f) {
            let (b, e) = pool.split_pow(f);
            let e = pool.neg(e);
            denominators.push(pool.pow(b, e));
        } else {
            numerator.push(f);
        }
    }
    Some((pool.mul(constant), pool.mul(numerator), pool.mul(denominators)))
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

/// ∂ᵢF(args), the partial derivative of a function of several arguments by its argument i.
/// max(a, b) = (a + b + |a − b|)/2, so ∂ᵢmax = (1 + sign(uᵢ − u_other))/2 and
/// ∂ᵢmin = (1 − sign(uᵢ − u_other))/2 (relu: (1 + sign(u))/2): undefined where a = b, like
/// the kink itself.
pub fn partial_derivative(pool: &mut Pool, callee: &Callee, args: &[ExprId], i: usize) -> ExprId {
    match callee {
        Callee::Max | Callee::Min => {
            let d = pool.sub(args[i], args[1 - i]);
            let s = pool.func(Func::Sign, d);
            let s = if *callee == Callee::Max { s } else { pool.neg(s) };
            let one = pool.one();
            let sum = pool.add2(one, s);
            let half = pool.num(crate::expr::number::frac(1, 2));
            pool.mul2(half, sum)
        }
        Callee::Atan2 => {
            // atan2(y, x): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
            let (y, x) = (args[0], args[1]);
            let x2 = pool.powi(x, 2);
            let y2 = pool.powi(y, 2);
            let r2 = pool.add2(x2, y2);
            let num = if i == 0 { x } else { pool.neg(y) };
            pool.div(num, r2)
        }
        Callee::Unknown { name, orders } => {
            let mut orders = orders.clone();
            orders[i] += 1;
            pool.unknown(*name, orders, args.to_vec())
        }
    }
}

/// f'(u) for the outer function of a call.
fn outer_derivative(pool: &mut Pool, f: Func, u: ExprId) -> ExprId {
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
        // Zero wherever they are differentiable (away from their jumps).
        Func::Sign | Func::Floor | Func::Ceil => pool.zero(),
        Func::Sigmoid => {
            // σ(u)·(1 − σ(u))
            let s = pool.func(Func::Sigmoid, u);
            let one = pool.one();
            let rest = pool.sub(one, s);
            pool.mul2(s, rest)
        }
        Func::Softplus => pool.func(Func::Sigmoid, u),
        Func::Erf => {
            // 2/√π·e^(−u²)
            let u2 = pool.powi(u, 2);
            let m = pool.neg(u2);
            let g = pool.exp(m);
            let pi = pool.pi();
            let r = pool.pow(pi, half);
            let two = pool.int(2);
            let c = pool.div(two, r);
            pool.mul2(c, g)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, ParseOptions};

    fn traced(src: &str, var: &str) -> (Pool, Deriver, ExprId, SymId) {
        let mut pool = Pool::default();
        let f = parse(&mut pool, src, &ParseOptions::default()).unwrap();
        let v = pool.symbol(var);
        let mut d = Deriver::traced();
        d.derive(&mut pool, f, v);
        (pool, d, f, v)
    }

    #[test]
    fn a_chain_rule_keeps_its_pieces() {
        let (mut pool, d, f, x) = traced("sin(x^2)", "x");
        let t = d.trace().unwrap();
        let step = t.step(f, x).unwrap();
        let x2 = {
            let xv = pool.var(x);
            pool.powi(xv, 2)
        };
        let cos = pool.func(Func::Cos, x2);
        let two_x = {
            let two = pool.int(2);
            let xv = pool.var(x);
            pool.mul2(two, xv)
        };
        assert_eq!(step.rule, Rule::Chain { func: Func::Sin, arg: x2, outer: cos, darg: two_x });
        assert_eq!(step.result, pool.mul2(cos, two_x));
    }

    #[test]
    fn constant_factors_are_split_off() {
        let (mut pool, d, f, x) = traced("x^2 y", "x");
        let y = pool.var_named("y");
        match &d.trace().unwrap().step(f, x).unwrap().rule {
            Rule::Product { constant, parts } => {
                assert_eq!(*constant, y);
                assert_eq!(parts.len(), 1);
            }
            r => panic!("expected a product, got {r:?}"),
        }
    }

    #[test]
    fn a_quotient_records_the_quotient_rule() {
        // u/v with both varying: the quotient rule, u and v as the textbook names them.
        let (mut pool, d, f, x) = traced("3x sin(x)/(x^2+1)", "x");
        let want = |pool: &mut Pool, s: &str| parse(pool, s, &ParseOptions::default()).unwrap();
        let (three, u, v) = (want(&mut pool, "3"), want(&mut pool, "x sin(x)"), want(&mut pool, "x^2+1"));
        let step = d.trace().unwrap().step(f, x).unwrap();
        match &step.rule {
            Rule::Quotient { constant, numerator, denominator, .. } => {
                assert_eq!((*constant, *numerator, *denominator), (three, u, v));
            }
            r => panic!("expected the quotient rule, got {r:?}"),
        }
        // (u'v − uv')/v² is the derivative (the same function as the product rule's).
        let by_hand = want(&mut pool, "3((sin(x) + x cos(x))(x^2+1) - x sin(x) 2x)/(x^2+1)^2");
        assert_eq!(step.result, by_hand);
        // Not a quotient: a constant over a varying denominator (a constant multiple of a power), a product
        // without a denominator, a symbolic negative exponent.
        for (src, product) in [("3/(x+1)", true), ("x sin(x)", true), ("x e^(-x)", true)] {
            let (_, d, f, x) = traced(src, "x");
            let rule = &d.trace().unwrap().step(f, x).unwrap().rule;
            assert!(!matches!(rule, Rule::Quotient { .. }), "{src}: {rule:?}");
            assert_eq!(matches!(rule, Rule::Product { .. }), product, "{src}: {rule:?}");
        }
    }

    #[test]
    fn an_untraced_deriver_records_nothing() {
        let mut pool = Pool::default();
        let f = parse(&mut pool, "x^2", &ParseOptions::default()).unwrap();
        let x = pool.symbol("x");
        let mut d = Deriver::new();
        d.derive(&mut pool, f, x);
        assert!(d.trace().is_none());
    }

    #[test]
    fn a_power_of_zero_records_the_rule_that_gave_zero() {
        // The regression behind the false step `∂/∂x (0^x) = 0^x · ln(0)`: the record is the
        // rule the engine applied, not one chosen again by looking at the node.
        let (pool, d, f, x) = traced("0^x", "x");
        let step = d.trace().unwrap().step(f, x).unwrap();
        assert_eq!(step.result, pool.zero());
        assert!(matches!(step.rule, Rule::ZeroPower { .. }), "{:?}", step.rule);
    }
}
