//! The derivation trace behind `--steps`: what the derivative engine did at each node.
//!
//! [`super::Deriver`] calls [`Trace::record`] right after it has differentiated a node
//! (children first, so every piece a rule combined is already recorded). The record keeps
//! the node, the variable, the engine's result and the rule's pieces — the derivatives of
//! the children as the engine computed them, and for a call the outer derivative from the
//! engine's own `outer_derivative` — so a step can be shown as `cos(x²) · 2x` before the
//! pool's canonical form makes it `2x·cos(x²)`. Nothing here differentiates on its own:
//! the rule is read off the node exactly as the engine's `match` chooses it.
//!
//! The trace is data only; laying it out as text, LaTeX or JSON is the CLI's job.

use crate::expr::{ExprId, Func, Node, Pool, SymId};
use rustc_hash::FxHashMap;

/// The rule the engine applied at one node, with the pieces it combined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// ∂x/∂x = 1.
    Variable,
    /// Σ ∂tᵢ; `parts` are (term, ∂term) in the pool's order, 0 for terms without the variable.
    Sum { parts: Vec<(ExprId, ExprId)> },
    /// c · Πfᵢ: `constant` is the product of the factors without the variable (1 if none),
    /// `parts` the factors with it and their derivatives. One part: the constant-multiple
    /// rule; more: the product rule.
    Product { constant: ExprId, parts: Vec<(ExprId, ExprId)> },
    /// bⁿ with a constant exponent: n·bⁿ⁻¹·∂b; `scaled` is n·bⁿ⁻¹.
    Power { base: ExprId, exp: ExprId, scaled: ExprId, dbase: ExprId },
    /// bᵘ with a constant base: bᵘ·ln(b)·∂u.
    Exponential { base: ExprId, exp: ExprId, ln_base: ExprId, dexp: ExprId },
    /// uᵛ with both varying: uᵛ·(∂v·ln u + v·∂u/u).
    GeneralPower { base: ExprId, exp: ExprId, ln_base: ExprId, dbase: ExprId, dexp: ExprId },
    /// f(u): f′(u)·∂u.
    Chain { func: Func, arg: ExprId, outer: ExprId, darg: ExprId },
}

/// One rule application: ∂`id`/∂`var` = `result` by `rule`.
#[derive(Clone, Debug)]
pub struct Step {
    pub id: ExprId,
    pub var: SymId,
    pub result: ExprId,
    pub rule: Rule,
}

/// Every rule application of one [`super::Deriver`], in the order the engine made them.
#[derive(Default, Debug)]
pub struct Trace {
    steps: Vec<Step>,
    index: FxHashMap<(ExprId, SymId), usize>,
}

impl Trace {
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The step that differentiated `id` by `var`, if the engine did (it skips nodes
    /// without the variable: their derivative is 0).
    pub fn step(&self, id: ExprId, var: SymId) -> Option<&Step> {
        self.index.get(&(id, var)).map(|&i| &self.steps[i])
    }

    /// ∂id/∂var as the engine computed it: 0 without the variable, else the recorded result.
    pub fn derivative(&self, pool: &Pool, id: ExprId, var: SymId) -> Option<ExprId> {
        if !pool.depends_on(id, var) {
            return Some(pool.zero());
        }
        self.step(id, var).map(|s| s.result)
    }

    /// Called by the engine once it has computed ∂id/∂var = `result` (the children's
    /// derivatives are recorded by then).
    pub(crate) fn record(&mut self, pool: &mut Pool, id: ExprId, var: SymId, result: ExprId) {
        let d = |t: &Trace, pool: &Pool, c: ExprId| t.derivative(pool, c, var).unwrap_or(pool.zero());
        let rule = match pool.node(id).clone() {
            Node::Num(_) | Node::Pi | Node::E | Node::Sym(_) => Rule::Variable,
            Node::Add(ts) => Rule::Sum { parts: ts.iter().map(|&t| (t, d(self, pool, t))).collect() },
            Node::Mul(fs) => {
                let (varying, fixed): (Vec<ExprId>, Vec<ExprId>) = fs.iter().partition(|&&f| pool.depends_on(f, var));
                let constant = pool.mul(fixed);
                Rule::Product { constant, parts: varying.iter().map(|&f| (f, d(self, pool, f))).collect() }
            }
            Node::Pow(b, e) => {
                let b_varies = pool.depends_on(b, var);
                let e_varies = pool.depends_on(e, var);
                if !e_varies {
                    let m1 = pool.int(-1);
                    let em1 = pool.add2(e, m1);
                    let lowered = pool.pow(b, em1);
                    let scaled = pool.mul2(e, lowered);
                    Rule::Power { base: b, exp: e, scaled, dbase: d(self, pool, b) }
                } else {
                    let ln_base = pool.func(Func::Ln, b);
                    let dexp = d(self, pool, e);
                    if b_varies {
                        Rule::GeneralPower { base: b, exp: e, ln_base, dbase: d(self, pool, b), dexp }
                    } else {
                        Rule::Exponential { base: b, exp: e, ln_base, dexp }
                    }
                }
            }
            Node::Func(f, u) => {
                let outer = super::derive::outer_derivative(pool, f, u);
                Rule::Chain { func: f, arg: u, outer, darg: d(self, pool, u) }
            }
        };
        self.index.insert((id, var), self.steps.len());
        self.steps.push(Step { id, var, result, rule });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calculus::Deriver;
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
    fn an_untraced_deriver_records_nothing() {
        let mut pool = Pool::default();
        let f = parse(&mut pool, "x^2", &ParseOptions::default()).unwrap();
        let x = pool.symbol("x");
        let mut d = Deriver::new();
        d.derive(&mut pool, f, x);
        assert!(d.trace().is_none());
    }
}
