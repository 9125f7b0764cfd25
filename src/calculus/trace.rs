//! The derivation trace behind `--steps`: what the derivative engine did at each node.
//!
//! [`super::Deriver`] records a [`Step`] right after it has differentiated a node (children
//! first, so every piece a rule combined is already recorded): the node, the variable, the
//! engine's result and the [`Rule`] its own `match` applied, with the pieces it combined —
//! the derivatives of the children and, for a call, the outer derivative — so a step can be
//! shown as `cos(x²) · 2x` before the pool's canonical form makes it `2x·cos(x²)`. Nothing
//! here chooses a rule or differentiates.
//!
//! The trace is data only; laying it out as text, LaTeX, Typst or JSON is [`crate::explain`]'s job.

use crate::expr::{Callee, ExprId, Func, Pool, SymId};
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
    /// c·u/v, u and v with the variable: c·(∂u·v − u·∂v)/v² (the quotient rule). A product
    /// is a quotient when some factor with the variable has a negative power (see
    /// `derive::quotient_split`); `denominator` is v, those factors with positive powers, and
    /// `squared` is v².
    Quotient {
        constant: ExprId,
        numerator: ExprId,
        denominator: ExprId,
        dnumerator: ExprId,
        ddenominator: ExprId,
        squared: ExprId,
    },
    /// bⁿ with a constant exponent: n·bⁿ⁻¹·∂b; `scaled` is n·bⁿ⁻¹.
    Power { base: ExprId, exp: ExprId, scaled: ExprId, dbase: ExprId },
    /// bᵘ with a constant base: bᵘ·ln(b)·∂u.
    Exponential { base: ExprId, exp: ExprId, ln_base: ExprId, dexp: ExprId },
    /// uᵛ with both varying: uᵛ·(∂v·ln u + v·∂u/u).
    GeneralPower { base: ExprId, exp: ExprId, ln_base: ExprId, dbase: ExprId, dexp: ExprId },
    /// uᵛ with u zero wherever it is defined (`0^x`, `(0·y)^x`): the power is 0 wherever it
    /// is defined (v > 0), so is its derivative.
    ZeroPower { base: ExprId, exp: ExprId },
    /// f(u): f′(u)·∂u.
    Chain { func: Func, arg: ExprId, outer: ExprId, darg: ExprId },
    /// F(u₁, …, uₙ) for max, min, atan2 or an unknown function: Σᵢ ∂ᵢF(u₁, …, uₙ)·∂uᵢ over
    /// the arguments that contain the variable; `parts` are (i, ∂ᵢF(…), ∂uᵢ).
    Call { callee: Callee, args: Vec<ExprId>, parts: Vec<(usize, ExprId, ExprId)> },
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

    /// Called by the engine once it has computed ∂id/∂var (the children's derivatives are
    /// recorded by then).
    pub(crate) fn record(&mut self, step: Step) {
        self.index.insert((step.id, step.var), self.steps.len());
        self.steps.push(step);
    }
}
