//! The textbook form of a result: what every command prints, in the form a student checks
//! against the book. One function, [`textbook`], decides it for every command (a Hessian
//! entry is presented exactly like the same `diff`), and records the stages it went through
//! ([`Stage`]) so that a derivation can show them.
//!
//! The stages, in order:
//! 1. exact constants and logarithm identities, node by node (`rules`): `√(π²) = π`,
//!    `ln(1/4) = −2 ln 2`, `e^(2 ln 3) = 9`;
//! 2. the rational normal form (`rational`): sums over a common denominator, the gcd of
//!    numerator and denominator cancelled (`(x² − 4)/(x − 2)` is `x + 2`), the generators'
//!    identities applied (`sin² + cos² = 1`, `√u·√u = u`), what the terms share taken out;
//! 3. the presentation (`present`): factored or multiplied out, grouped by the
//!    non-polynomial parts, double angles, tan for sin/cos.
//!
//! Every candidate is a canonical pool expression, so its printed form reads back as itself;
//! the one that prints shortest (plain form) wins, the expression as given on a tie. The
//! work is bounded: an expression of more than [`MAX_NODES`] distinct nodes,
//! [`MAX_GENERATORS`] generators or [`MAX_PRINTED`] characters is left as it is, and the polynomial work of one result is
//! capped ([`BUDGET`]), so that large results (thousands of terms) cost next to nothing.
//!
//! The presented form may be defined where the expression was not (`(x² − 4)/(x − 2)` at 2):
//! it is for printing only. Values are computed from the expression as written.

mod present;
mod rational;
mod rules;
mod written;

use crate::algebra::{expr_to_poly, poly_to_expr, Budget, Generators, Poly};
use crate::expr::{ExprId, Func, Node, Pool, Rational, SymId};
use crate::print::Measure;
use num_traits::One;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;

/// Distinct nodes above which a result is left as it is.
pub const MAX_NODES: usize = 4_000;
/// Distinct generators (symbols, calls, constants like π, powers with a symbolic or
/// fractional exponent) above which a result is left as it is: a polynomial stores an
/// exponent for every generator in every term, so its work grows with their number squared
/// (the derivative of x₀·x₁·…·x₂₀₀₀ by x₁ would cost millions of exponent operations to
/// find that it is already as short as it gets).
pub const MAX_GENERATORS: usize = 100;
/// Printed characters (estimated) above which a result is left as it is.
pub const MAX_PRINTED: u64 = 60_000;
/// Polynomial work allowed for one result (about one coefficient operation a unit), and
/// for all the results of one [`Simplifier`] together ten times that.
pub const BUDGET: usize = 300_000;

/// Rounds of simplification of a result already simplified once (see [`Simplifier::run`]).
const MAX_ROUNDS: usize = 3;

/// What a stage did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageKind {
    /// Exact constants and logarithm identities (`√(π²) = π`, `ln(8)/ln(2) = 3`).
    ExactConstants,
    /// The terms over their common denominator, numerator multiplied out.
    CommonDenominator,
    /// `sin² + cos² = 1`, `cosh² − sinh² = 1` applied to the numerator.
    Identities,
    /// The common factors of numerator and denominator cancelled.
    Cancel,
    /// Fractions inside the expression over a common denominator and the common factors of
    /// numerator and denominator cancelled, in one stage.
    LowestTerms,
    /// The final form with common factors taken out: a sum multiplied by what its terms
    /// shared (`y(2x + cos(xy))`).
    FactorOut,
    /// The final form multiplied out, like terms collected (a sum, or a fraction of sums).
    Expand,
    /// The final form multiplied out, its terms grouped by what they share
    /// (`sin(x)(1 - x²) + cos(x)(x³ + x)`).
    Group,
    /// The final form, the shortest of the equal ones (a double angle, tan for sin/cos).
    Shortest,
}

impl StageKind {
    /// The kind of the last stage, read from the form chosen: what multiplies a sum in the
    /// numerator was taken out of it; else a sum was multiplied out; else it is just shorter.
    fn of_final(pool: &Pool, result: ExprId) -> StageKind {
        let is_sum = |f: ExprId| matches!(pool.node(pool.split_pow(f).0), Node::Add(_));
        // A sum with a term that holds a sum: its terms are grouped.
        let grouped = |sum: ExprId| match pool.node(pool.split_pow(sum).0) {
            Node::Add(ts) => ts.iter().any(|&t| match pool.node(t) {
                Node::Mul(fs) => fs.iter().any(|&f| is_sum(f)),
                _ => false,
            }),
            _ => false,
        };
        let factors: Vec<ExprId> = match pool.node(result) {
            Node::Add(_) if grouped(result) => return StageKind::Group,
            Node::Add(_) => return StageKind::Expand,
            Node::Mul(fs) => fs.to_vec(),
            _ => vec![result],
        };
        let numerator: Vec<ExprId> = factors
            .iter()
            .copied()
            .filter(|&f| pool.as_num(f).is_none())
            .filter(|&f| pool.as_num(pool.split_pow(f).1).is_none_or(|k| !num_traits::Signed::is_negative(k)))
            .collect();
        if numerator.len() >= 2 && numerator.iter().any(|&f| is_sum(f)) {
            StageKind::FactorOut
        } else if factors.iter().any(|&f| grouped(f)) {
            StageKind::Group
        } else if factors.iter().any(|&f| is_sum(f)) {
            StageKind::Expand
        } else {
            StageKind::Shortest
        }
    }
}

/// One stage of a simplification and the expression it gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stage {
    pub kind: StageKind,
    pub expr: ExprId,
}

/// A result in textbook form, with the stages that led there from the expression given
/// (empty when it was already in that form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Textbook {
    pub result: ExprId,
    pub stages: Vec<Stage>,
}

/// The textbook form of `id`, with its stages.
pub fn textbook(pool: &mut Pool, id: ExprId) -> Textbook {
    let mut s = Simplifier::new(pool);
    let mut stages = Vec::new();
    let result = s.run(pool, id, Some(&mut stages));
    Textbook { result, stages }
}

/// The textbook form of `id`.
pub fn textbook_form(pool: &mut Pool, id: ExprId) -> ExprId {
    Simplifier::new(pool).form(pool, id)
}

/// The textbook forms of several results (the entries of a gradient or a matrix), each
/// exactly [`textbook_form`] of it alone (see [`Simplifier`]: a result's form does not depend
/// on what is printed beside it).
pub fn textbook_forms(pool: &mut Pool, ids: &[ExprId]) -> Vec<ExprId> {
    let fresh = Simplifier::new(pool);
    ids.iter().map(|&id| fresh.clone().form(pool, id)).collect()
}

/// The textbook forms of the entries of a matrix (a Hessian, a Jacobian), each as
/// [`textbook_forms`] gives it.
pub fn textbook_matrix(pool: &mut Pool, m: &[Vec<ExprId>]) -> Vec<Vec<ExprId>> {
    let fresh = Simplifier::new(pool);
    m.iter().map(|row| row.iter().map(|&id| fresh.clone().form(pool, id)).collect()).collect()
}

/// Simplifies the expressions of one pool, remembering every result (arguments of
/// functions and radicands are simplified by the same rules, once each).
///
/// Its work is bounded ([`BUDGET`] a rational normal form, ten times that in all), so a
/// result it simplifies after others may meet the bound where it alone would not, and the
/// results it remembers save work that a fresh one would spend: one simplifier serves one
/// result (a derivative and the steps leading to it), so that the same result has the same
/// form whatever else a command prints. [`Clone`] it to start several results from one state
/// (each entry of a Hessian row from the compact form of the gradient's entry).
#[derive(Clone)]
pub struct Simplifier {
    memo: FxHashMap<ExprId, ExprId>,
    rules_memo: FxHashMap<ExprId, ExprId>,
    measure: Costs,
    /// Polynomial work left for everything this simplifier does.
    work: usize,
}

/// A compact form kept as a fraction in the converter that made it, with the derivatives of
/// its generators found so far: the state [`Simplifier::quick_next`] takes the next order
/// from. [`Clone`] it to take several next orders from one (the entries of a Hessian row).
#[derive(Clone)]
pub struct Carried {
    conv: rational::Conv,
    fr: rational::Frac,
    /// Generator variable → its derivative as a fraction, by the variable `by`.
    derivatives: FxHashMap<usize, rational::Frac>,
    by: Option<SymId>,
}

impl Simplifier {
    pub fn new(pool: &Pool) -> Simplifier {
        Simplifier {
            memo: FxHashMap::default(),
            rules_memo: FxHashMap::default(),
            measure: Costs::new(pool),
            work: BUDGET * 10,
        }
    }

    /// The textbook form of `id`.
    pub fn form(&mut self, pool: &mut Pool, id: ExprId) -> ExprId {
        self.run(pool, id, None)
    }

    /// [`Simplifier::form`], with the stages that led there (the same result: recording
    /// changes nothing in the choice).
    pub fn form_recorded(&mut self, pool: &mut Pool, id: ExprId) -> Textbook {
        let mut stages = Vec::new();
        let result = self.run(pool, id, Some(&mut stages));
        Textbook { result, stages }
    }

    /// A compact form of `id` for further work (the next derivative), found without
    /// comparing printed forms: the rational normal form, factored, each polynomial grouped
    /// by its non-polynomial parts; `id` itself when there is none, and for a polynomial.
    pub fn quick(&mut self, pool: &mut Pool, id: ExprId) -> ExprId {
        self.quick_run(pool, id, None)
    }

    /// [`Simplifier::quick`], with its stages: the exact constants, then the compact form,
    /// named by what it did (common factors cancelled, fractions over a common denominator,
    /// or the factored or multiplied-out form).
    pub fn quick_recorded(&mut self, pool: &mut Pool, id: ExprId) -> Textbook {
        let mut stages = Vec::new();
        let result = self.quick_run(pool, id, Some(&mut stages));
        Textbook { result, stages }
    }

    fn quick_run(&mut self, pool: &mut Pool, id: ExprId, stages: Option<&mut Vec<Stage>>) -> ExprId {
        self.quick_carry(pool, id, stages).0
    }

    /// [`Simplifier::quick`] with its stages when asked, and the compact form as a fraction in
    /// its converter when there is one ([`Carried`]: the next order can be taken there).
    pub fn quick_carry(
        &mut self,
        pool: &mut Pool,
        id: ExprId,
        stages: Option<&mut Vec<Stage>>,
    ) -> (ExprId, Option<Carried>) {
        if matches!(pool.node(id), Node::Num(_) | Node::Sym(_) | Node::Pi | Node::E) || pool.limit_hit().is_some() {
            return (id, None);
        }
        // A polynomial is differentiated as it is, term by term, as a student would (its
        // derivatives only get shorter); taking out a common factor would call for the
        // product rule at the next order.
        if shape(pool, id).is_none_or(|s| s.polynomial) {
            return (id, None);
        }
        let local = rules::rewrite(pool, id, &mut self.rules_memo);
        let budget = BUDGET.min(self.work);
        let mut conv = rational::Conv::new(pool, local, Budget::new(budget));
        let fr = conv.frac_of(self, pool, local);
        self.work -= budget - conv.budget.left();
        let (result, carried) = match fr {
            Some(fr) if pool.limit_hit().is_none() => {
                let result = present::Presenter::new(&self.measure).quick(&conv, pool, &fr);
                (result, Some(Carried { conv, fr, derivatives: FxHashMap::default(), by: None }))
            }
            _ => (local, None),
        };
        if let Some(stages) = stages {
            if local != id {
                stages.push(Stage { kind: StageKind::ExactConstants, expr: local });
            }
            if result != local {
                let conv = carried.as_ref().map(|c| &c.conv);
                let kind = match conv {
                    Some(c) if c.cancelled => StageKind::Cancel,
                    Some(c) if c.combined_fractions => StageKind::CommonDenominator,
                    _ => StageKind::of_final(pool, result),
                };
                stages.push(Stage { kind, expr: result });
            }
        }
        (result, carried)
    }

    /// The next order from a carried compact form: its derivative taken within the rational
    /// normal form (the converter's derivation, `rational::Conv::derivation`: the chain rule
    /// through the generators, each generator's derivative by `var` given by `derive`, the
    /// derivative engine), so that no intermediate order is written out as an expression and
    /// converted back. `c` becomes the next order's compact form; [`Simplifier::present`]
    /// writes it out the way [`Simplifier::quick`] presents a fraction (the tests of
    /// `calculus::present` check that the orders print as converting each afresh prints
    /// them). `false` (and `c` unchanged) when this
    /// cannot go on: the work ran out, a limit was met, the form has a root (see
    /// `rational::Conv::has_roots`), or the derivative is a polynomial in the symbols
    /// (which [`Simplifier::quick`] leaves as the engine gives it) — then the
    /// caller takes the next order from the presented form, the usual way.
    pub fn quick_next(
        &mut self,
        pool: &mut Pool,
        c: &mut Carried,
        var: SymId,
        derive: &mut dyn FnMut(&mut Pool, ExprId) -> ExprId,
    ) -> bool {
        if c.by != Some(var) {
            c.derivatives.clear();
            c.by = Some(var);
        }
        let budget = BUDGET.min(self.work);
        if budget == 0 || pool.limit_hit().is_some() || c.conv.has_roots(&c.fr) {
            return false;
        }
        c.conv.budget = Budget::new(budget);
        let next = self.carried_derivative(pool, c, derive);
        self.work -= budget - c.conv.budget.left();
        match next {
            Some(fr) if pool.limit_hit().is_none() && !c.conv.is_polynomial(pool, &fr) && !c.conv.has_roots(&fr) => {
                c.fr = fr;
                true
            }
            _ => false,
        }
    }

    fn carried_derivative(
        &mut self,
        pool: &mut Pool,
        c: &mut Carried,
        derive: &mut dyn FnMut(&mut Pool, ExprId) -> ExprId,
    ) -> Option<rational::Frac> {
        c.conv.cancelled = false;
        c.conv.combined_fractions = false;
        for v in c.conv.used_vars(&c.fr) {
            if c.derivatives.contains_key(&v) {
                continue;
            }
            let d = derive(pool, c.conv.gens.expr(v));
            let d = rules::rewrite(pool, d, &mut self.rules_memo);
            let d = c.conv.frac_of(self, pool, d)?;
            c.derivatives.insert(v, d);
        }
        c.conv.derivation(&c.fr, &c.derivatives)
    }

    /// [`Simplifier::form`] of `id`, the engine's derivative of a carried compact form whose
    /// next order `c` now is ([`Simplifier::quick_next`]): the same choice between the same
    /// forms, with the rational normal form of `id` taken from `c` instead of converting `id`.
    pub fn form_carried(&mut self, pool: &mut Pool, id: ExprId, c: &mut Carried) -> ExprId {
        self.run_from(pool, id, None, Some(c))
    }

    /// The carried compact form written out, the way [`Simplifier::quick`] presents a fraction.
    pub fn present(&self, pool: &mut Pool, c: &Carried) -> ExprId {
        present::Presenter::new(&self.measure).quick(&c.conv, pool, &c.fr)
    }

    /// The stage that names how the carried form `result` was reached: common factors
    /// cancelled, or else the kind of form it is (a carried derivative of a fraction is
    /// always brought over a common denominator, so that would say nothing).
    pub fn carried_stage(&self, pool: &Pool, c: &Carried, result: ExprId) -> StageKind {
        if c.conv.cancelled {
            StageKind::Cancel
        } else {
            StageKind::of_final(pool, result)
        }
    }

    /// Exact constants and logarithm identities of `id` (the first stage of every form).
    pub fn exact_constants(&mut self, pool: &mut Pool, id: ExprId) -> ExprId {
        rules::rewrite(pool, id, &mut self.rules_memo)
    }

    fn run(&mut self, pool: &mut Pool, id: ExprId, stages: Option<&mut Vec<Stage>>) -> ExprId {
        self.run_from(pool, id, stages, None)
    }

    /// [`Simplifier::run`], the rational normal form of `id` taken from `carried` when given.
    fn run_from(
        &mut self,
        pool: &mut Pool,
        id: ExprId,
        stages: Option<&mut Vec<Stage>>,
        carried: Option<&mut Carried>,
    ) -> ExprId {
        if matches!(pool.node(id), Node::Num(_) | Node::Sym(_) | Node::Pi | Node::E) {
            return id;
        }
        if stages.is_none() {
            if let Some(&r) = self.memo.get(&id) {
                return r;
            }
        }
        if pool.limit_hit().is_some() {
            return id;
        }
        let Some(shape) = shape(pool, id) else { return id };
        if shape.polynomial {
            if let Some(r) = self.polynomial_form(pool, id) {
                if let Some(stages) = stages {
                    if r != id {
                        stages.push(Stage { kind: StageKind::of_final(pool, r), expr: r });
                    }
                }
                self.memo.insert(id, r);
                return r;
            }
        }
        let local = rules::rewrite(pool, id, &mut self.rules_memo);
        let mut record: Vec<Stage> = Vec::new();
        let rational = match carried {
            Some(c) => self.rational_carried(pool, c),
            None => self.rational(pool, local, stages.is_some().then_some(&mut record)),
        };
        // The expression as given and its exact constants are measured only when they could
        // be the shortest: a derivative is often several times longer than its textbook form,
        // and printing it to find that out would be most of the work of choosing.
        let candidates: Vec<(Cost, ExprId)> = rational.iter().map(|&c| (cost(&self.measure, pool, c), c)).collect();
        let shortest = candidates.iter().map(|(l, _)| l.0).min();
        let given = std::iter::once(id).chain((local != id).then_some(local));
        let given =
            given.filter(|&g| shortest.is_none_or(|s| printed_at_least(&self.measure, pool, g) <= s)).map(|g| {
                let l = cost(&self.measure, pool, g);
                (if g == id { incumbent(pool, id, l) } else { l }, g)
            });
        // The first of the shortest, the given forms first (a tie keeps the expression as given).
        let mut best: Option<(Cost, ExprId)> = None;
        for (l, c) in given.chain(candidates) {
            if best.as_ref().is_none_or(|b| l < b.0) {
                best = Some((l, c));
            }
        }
        let Some(mut best) = best else { return id };
        // The chosen form has a structure of its own (a factor met in every term, a double
        // angle) that may show a shorter form still: go on until nothing changes, so that
        // the textbook form of a textbook form is itself. Each round is strictly shorter (or
        // has fewer operations), so this ends; the bound is for the budget's sake.
        for _ in 0..MAX_ROUNDS {
            if best.1 == id || pool.limit_hit().is_some() {
                break;
            }
            let prev = best.1;
            best.0 = incumbent(pool, prev, best.0);
            let local = rules::rewrite(pool, prev, &mut self.rules_memo);
            for c in [local].into_iter().chain(self.rational(pool, local, None)) {
                let l = cost(&self.measure, pool, c);
                if l < best.0 {
                    best = (l, c);
                }
            }
            if best.1 == prev {
                break;
            }
        }
        let result = if pool.limit_hit().is_some() { id } else { best.1 };
        if let Some(stages) = stages {
            if result != id {
                if local != id {
                    stages.push(Stage { kind: StageKind::ExactConstants, expr: local });
                }
                if result != local {
                    stages.extend(record.iter().copied().filter(|s| s.expr != local));
                    if stages.last().is_none_or(|s| s.expr != result) {
                        stages.push(Stage { kind: StageKind::of_final(pool, result), expr: result });
                    }
                }
                stages.dedup_by_key(|s| s.expr);
            }
        }
        self.memo.insert(id, result);
        result
    }

    /// A polynomial whose multiplied-out form has no common monomial factor has two
    /// candidates only, itself and that form; the length of the latter is known from its terms
    /// without building it, so a gradient of hundreds of polynomial entries (Rosenbrock's)
    /// costs little. `None`: not such a polynomial, take the general way.
    fn polynomial_form(&mut self, pool: &mut Pool, id: ExprId) -> Option<ExprId> {
        let mut gens = Generators::new();
        let p = expr_to_poly(pool, id, &mut gens, &mut Budget::new(BUDGET.min(self.work)))?;
        if p.monomial_gcd().iter().any(|&k| k > 0) {
            return None;
        }
        let expanded = plain_len_of_poly(pool, &p, &gens)?;
        if expanded >= self.measure.plain_len(pool, id) {
            return Some(id);
        }
        let e = poly_to_expr(pool, &p, &gens);
        Some(if cost(&self.measure, pool, e) < incumbent(pool, id, cost(&self.measure, pool, id)) { e } else { id })
    }

    /// The candidate forms of the rational normal form of `id` (none when it has none or
    /// the work ran out), recording its stages when asked.
    fn rational(&mut self, pool: &mut Pool, id: ExprId, record: Option<&mut Vec<Stage>>) -> Vec<ExprId> {
        let budget = BUDGET.min(self.work);
        if budget == 0 {
            return Vec::new();
        }
        let mut conv = rational::Conv::new(pool, id, Budget::new(budget));
        conv.keep_last = record.is_some();
        let fr = conv.frac_of(self, pool, id);
        self.work -= budget - conv.budget.left();
        let Some(fr) = fr else { return Vec::new() };
        if pool.limit_hit().is_some() {
            return Vec::new();
        }
        let mut p = present::Presenter::new(&self.measure);
        if let Some(record) = record {
            // A stage is a form of the whole expression: the sum over a common denominator
            // (before and after the identities) only when the whole is that sum (the last one
            // converted; an inner sum's would be a false equation), else the fraction itself.
            let whole_sum = matches!(pool.node(id), Node::Add(_));
            let mut combined_shown = false;
            if let (true, Some((common, before, after))) = (whole_sum, conv.last_sum.clone()) {
                if conv.combined_fractions {
                    let e = p.together(&mut conv, pool, &common, &before);
                    record.push(Stage { kind: StageKind::CommonDenominator, expr: e });
                    combined_shown = true;
                }
                if conv.used_identity {
                    let e = p.together(&mut conv, pool, &common, &after);
                    record.push(Stage { kind: StageKind::Identities, expr: e });
                }
            }
            let kind = match (conv.combined_fractions && !combined_shown, conv.cancelled) {
                (true, true) => Some(StageKind::LowestTerms),
                (true, false) => Some(StageKind::CommonDenominator),
                (false, true) => Some(StageKind::Cancel),
                (false, false) => None,
            };
            if let Some(kind) = kind {
                if let Some(&e) = p.candidates(&mut conv, pool, &fr).first() {
                    record.push(Stage { kind, expr: e });
                }
            }
        }
        p.candidates(&mut conv, pool, &fr)
    }

    /// [`Simplifier::rational`] of an expression whose rational normal form is carried in `c`.
    fn rational_carried(&mut self, pool: &mut Pool, c: &mut Carried) -> Vec<ExprId> {
        let budget = BUDGET.min(self.work);
        if budget == 0 || pool.limit_hit().is_some() {
            return Vec::new();
        }
        c.conv.budget = Budget::new(budget);
        present::Presenter::new(&self.measure).candidates(&mut c.conv, pool, &c.fr)
    }
}

/// How long a form reads: its printed length (plain), a complement `1 − σ(u)` or `1 ± sign(u)`
/// counted as the one call it equals (see [`complements`]); between forms of one length, the
/// one with fewer sec, csc and cot (`2/sin(2x)` reads more plainly than `2csc(2x)`), then
/// fewer operations (sums, products, powers, calls, as a tree: `x²(3ln(x) + 1)` over
/// `x² + 3x²·ln(x)`), and last the text itself, so that the choice never depends on the
/// order the candidates came in (the textbook form of a textbook form is itself).
pub(crate) fn cost(measure: &Costs, pool: &Pool, id: ExprId) -> Cost {
    if let Some(c) = measure.memo.borrow().get(&id) {
        return c.clone();
    }
    let text = measure.plain(pool, id);
    let (ops, reciprocals) = operations(pool, id, &mut measure.operations.borrow_mut());
    let complements = complements(pool, id, &mut measure.complements.borrow_mut());
    let length = text.chars().count().saturating_sub(COMPLEMENT_SAVING * complements);
    debug_assert!(printed_at_least(measure, pool, id) <= length, "{text} is shorter than its bound");
    let c = (length, reciprocals, ops, text);
    measure.memo.borrow_mut().insert(id, c.clone());
    c
}

/// Characters the plain form of `id` has at least, less what [`complements`] saves (0 when
/// it has any): every symbol is printed by name, every sum of n terms shows n − 1 signs,
/// every call its parentheses; numbers may print as nothing (a coefficient 1, an exponent
/// ½ as a root). Each node looked at once. [`cost`] checks it in debug builds.
fn printed_at_least(measure: &Costs, pool: &Pool, id: ExprId) -> usize {
    fn walk(pool: &Pool, id: ExprId, memo: &mut FxHashMap<ExprId, usize>) -> usize {
        if let Some(&n) = memo.get(&id) {
            return n;
        }
        let n = match pool.node(id) {
            Node::Num(_) | Node::E => 0,
            Node::Pi => 2,
            Node::Sym(v) => pool.name(*v).chars().count(),
            Node::Add(xs) => xs.iter().fold(xs.len() - 1, |acc, &x| acc.saturating_add(walk(pool, x, memo))),
            Node::Mul(xs) => xs.iter().fold(0usize, |acc, &x| acc.saturating_add(walk(pool, x, memo))),
            Node::Pow(b, e) => walk(pool, *b, memo).saturating_add(walk(pool, *e, memo)),
            Node::Func(Func::Sigmoid | Func::Sign, _) => usize::MAX,
            Node::Func(_, a) => walk(pool, *a, memo).saturating_add(2),
            Node::Call(_, args) => args.iter().fold(2usize, |acc, &a| acc.saturating_add(walk(pool, a, memo))),
        };
        memo.insert(id, n);
        n
    }
    match walk(pool, id, &mut measure.at_least.borrow_mut()) {
        usize::MAX => 0,
        n => n,
    }
}

/// Characters the term-by-term form of `p` over `gens` ([`crate::algebra::poly_to_expr`])
/// prints at least in plain text, known without building it: every term its coefficient's
/// digits, its generators (each printed as it is, an exponent after a `^`), a `*` between
/// factors, and ` + ` or ` - ` between terms. 0 (no bound) when a product could merge two
/// generators (two powers of e: `e^x·e^(x²)` is `e^(x² + x)`) or one is a power of
/// anything else (`√x·√x` is `x`), or when a generator has complements.
/// [`present::Presenter`] builds that form only when the bound does not exceed the shortest
/// other shape; it checks the bound in debug builds whenever it builds the form.
fn flat_printed_at_least(measure: &Costs, pool: &Pool, p: &Poly, gens: &Generators) -> usize {
    use num_traits::{Signed, ToPrimitive};
    // Per variable: the characters of the generator to the first power; at least those of it
    // to a higher power, less the exponent's; whether that exponent is printed (`^k`).
    let mut printed: Vec<(usize, usize, bool)> = vec![(0, 0, false); gens.len()];
    let mut exponentials = 0;
    for v in p.used_vars() {
        let g = gens.expr(v);
        if printed_at_least(measure, pool, g) == 0 {
            return 0;
        }
        printed[v] = match pool.node(g) {
            Node::Sym(_) | Node::Func(..) | Node::Call(..) => {
                let n = measure.plain_len(pool, g);
                (n, n, true)
            }
            // e^w to the k-th power is e^(k·w): `exp(` and `)` around k·w, which prints every
            // symbol of w (a number times a sum is a sum of as many terms).
            Node::Pow(b, w) if matches!(pool.node(*b), Node::E) => {
                exponentials += 1;
                (measure.plain_len(pool, g), printed_at_least(measure, pool, *w) + 2, false)
            }
            _ => return 0,
        };
    }
    if exponentials > 1 {
        return 0;
    }
    let digits = |n: &num_bigint::BigInt| match n.to_u64() {
        Some(m) => m.checked_ilog10().map_or(1, |d| d as usize + 1),
        None => n.to_string().len(),
    };
    let mut len = 3 * p.len().saturating_sub(1);
    for (e, c) in p.terms() {
        let mut factors = 0usize;
        for (v, &k) in e.iter().enumerate() {
            let (first, higher, exponent) = printed[v];
            match k {
                0 => continue,
                1 => len += first,
                _ => len += higher + if exponent { 1 + k.ilog10() as usize + 1 } else { 0 },
            }
            factors += 1;
        }
        let (num, den) = (c.numer().abs(), c.denom());
        if !num.is_one() || factors == 0 {
            len += digits(&num);
            factors += 1;
        }
        if !den.is_one() {
            len += 1 + digits(den);
        }
        len += factors - 1;
    }
    len
}

/// What [`cost`] gives: (characters, sec/csc/cot calls, operations, the text).
pub(crate) type Cost = (usize, usize, usize, String);

/// The [`Measure`] of one simplifier, with the [`cost`] of every form it measured: a form is
/// met again and again (the candidates of the next round, a polynomial among the candidates
/// of several shapes), and printing it is most of the cost of choosing. A node never
/// changes, so neither does its cost.
///
/// With it, what was written of each polynomial the presentation met ([`written`]): its
/// term-by-term expression and its shortest shape, which the next round meets again.
#[derive(Clone)]
pub(crate) struct Costs {
    measure: Measure,
    memo: RefCell<FxHashMap<ExprId, Cost>>,
    /// [`operations`] and [`complements`] of every node walked: the candidates of one result
    /// share most of their parts.
    operations: RefCell<FxHashMap<ExprId, (usize, usize)>>,
    complements: RefCell<FxHashMap<ExprId, usize>>,
    /// [`printed_at_least`] of every node walked (`usize::MAX`: has complements).
    at_least: RefCell<FxHashMap<ExprId, usize>>,
    written: RefCell<written::Written>,
}

impl Costs {
    fn new(pool: &Pool) -> Costs {
        Costs {
            measure: Measure::new(pool),
            memo: RefCell::default(),
            operations: RefCell::default(),
            complements: RefCell::default(),
            at_least: RefCell::default(),
            written: RefCell::default(),
        }
    }

    /// The entry of `p` over `gens` among the polynomials written.
    fn enter(&self, p: &Poly, gens: &Generators) -> written::Entered {
        self.written.borrow_mut().enter(p, gens)
    }

    /// The term-by-term expression of `p` ([`crate::algebra::poly_to_expr`]), built once.
    fn flat(&self, pool: &mut Pool, p: &Poly, gens: &Generators) -> ExprId {
        let e = self.enter(p, gens);
        self.flat_of(e, pool, p, gens)
    }

    /// [`Costs::flat`] of `p`, entered as `e`.
    fn flat_of(&self, e: written::Entered, pool: &mut Pool, p: &Poly, gens: &Generators) -> ExprId {
        self.written.borrow_mut().flat(e, pool, p, gens)
    }

    /// The shape kept for the polynomial entered as `e`.
    fn shape(&self, e: written::Entered) -> Option<ExprId> {
        self.written.borrow().shape(e)
    }

    fn keep_shape(&self, e: written::Entered, shape: ExprId) {
        self.written.borrow_mut().keep_shape(e, shape);
    }
}

impl std::ops::Deref for Costs {
    type Target = Measure;
    fn deref(&self) -> &Measure {
        &self.measure
    }
}

/// What a complement is counted shorter than it prints: `1 - sigmoid(u)` is as long as the
/// `sigmoid(-u)` it equals.
const COMPLEMENT_SAVING: usize = "1 - ".len() - "-".len();

/// The complements in `id`, read as a tree: `1 − σ(u)` (which is σ(−u)) and `1 ± sign(u)`
/// (twice the unit step of ±u, the derivative of max and min). Each reads as one unit, as
/// the texts write them: the sigmoid's derivative is σ(u)(1 − σ(u)) in every one, not the
/// shorter σ(u) − σ(u)², and min(x², y) by x is x(1 − sign(x² − y)), not x − x·sign(x² − y).
fn complements(pool: &Pool, id: ExprId, memo: &mut FxHashMap<ExprId, usize>) -> usize {
    if let Some(&n) = memo.get(&id) {
        return n;
    }
    let n = match pool.node(id) {
        Node::Num(_) | Node::Sym(_) | Node::Pi | Node::E => 0,
        Node::Add(xs) => {
            usize::from(is_complement(pool, xs)) + xs.iter().map(|&x| complements(pool, x, memo)).sum::<usize>()
        }
        Node::Mul(xs) | Node::Call(_, xs) => xs.iter().map(|&x| complements(pool, x, memo)).sum(),
        Node::Pow(b, e) => complements(pool, *b, memo) + complements(pool, *e, memo),
        Node::Func(_, a) => complements(pool, *a, memo),
    };
    memo.insert(id, n);
    n
}

/// Whether the terms are `1 − σ(u)` or `1 ± sign(u)`.
fn is_complement(pool: &Pool, terms: &[ExprId]) -> bool {
    let [a, b] = terms else { return false };
    let (one, other) = if pool.is_one(*a) { (*a, *b) } else { (*b, *a) };
    if !pool.is_one(one) {
        return false;
    }
    let (negated, g) = match pool.node(other) {
        Node::Mul(fs) if fs.len() == 2 && pool.as_num(fs[0]).is_some_and(|r| *r == -Rational::one()) => (true, fs[1]),
        _ => (false, other),
    };
    match pool.node(g) {
        Node::Func(Func::Sigmoid, _) => negated,
        Node::Func(Func::Sign, _) => true,
        _ => false,
    }
}

/// The cost of the form a choice starts from. A polynomial keeps its place unless another
/// form is shorter: `xy + 2x` stays, though `x(y + 2)` has fewer operations (a polynomial
/// reads best multiplied out). Anything else gives way to a form of the same length with
/// fewer operations: `x²(3ln(x) + 1)` for `x² + 3x²·ln(x)`, what the terms share taken out.
fn incumbent(pool: &Pool, id: ExprId, c: Cost) -> Cost {
    if polynomial(pool, id) {
        (c.0, c.1, 0, String::new())
    } else {
        c
    }
}

/// Sums, products and non-negative integer powers of symbols and rationals (each node
/// looked at once: a shared subexpression is not walked again).
fn polynomial(pool: &Pool, id: ExprId) -> bool {
    let mut seen = FxHashSet::default();
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        if !seen.insert(n) {
            continue;
        }
        match pool.node(n) {
            Node::Num(_) | Node::Sym(_) => {}
            Node::Add(xs) | Node::Mul(xs) => stack.extend_from_slice(xs),
            Node::Pow(b, e)
                if pool.as_num(*e).is_some_and(|r| r.is_integer() && !num_traits::Signed::is_negative(r)) =>
            {
                stack.push(*b)
            }
            _ => return false,
        }
    }
    true
}

/// The characters of the plain form of a polynomial with integer coefficients in symbols
/// whose names print as they are (`None` otherwise), as the printer writes it
/// term by term: `2*x^3 - 400*x*y + 2`.
fn plain_len_of_poly(pool: &Pool, p: &Poly, gens: &Generators) -> Option<usize> {
    use num_traits::{One, Signed, Zero};
    let names: Vec<usize> = (0..gens.len())
        .map(|v| match pool.node(gens.expr(v)) {
            Node::Sym(s) if !pool.name(*s).contains('_') => Some(pool.name(*s).len()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let mut len = 0;
    let mut negatives = 0;
    for (e, c) in p.terms() {
        if !c.is_integer() {
            return None;
        }
        negatives += usize::from(c.is_negative());
        let mag = c.numer().abs();
        let vars: Vec<(usize, u32)> = e.iter().enumerate().filter(|&(_, &k)| k > 0).map(|(v, &k)| (v, k)).collect();
        let mut items = 0;
        if !mag.is_one() || vars.is_empty() {
            len += if mag.is_zero() { 1 } else { mag.to_string().len() };
            items += 1;
        }
        for (v, k) in vars {
            len += usize::from(items > 0) + names[v] + if k > 1 { 1 + k.to_string().len() } else { 0 };
            items += 1;
        }
    }
    // " + " or " - " between terms; a leading "-" only when every term is negative.
    len += 3 * p.len().saturating_sub(1) + usize::from(negatives == p.len() && !p.is_zero());
    Some(len)
}

/// (operations, sec/csc/cot calls) of `id` read as a tree.
fn operations(pool: &Pool, id: ExprId, memo: &mut FxHashMap<ExprId, (usize, usize)>) -> (usize, usize) {
    if let Some(&n) = memo.get(&id) {
        return n;
    }
    let add = |a: (usize, usize), b: (usize, usize)| (a.0 + b.0, a.1 + b.1);
    let n = match pool.node(id) {
        Node::Num(r) => (usize::from(!r.is_integer()) + usize::from(num_traits::Signed::is_negative(r)), 0),
        Node::Sym(_) | Node::Pi | Node::E => (0, 0),
        Node::Add(xs) | Node::Mul(xs) => {
            xs.iter().fold((xs.len() - 1, 0), |acc, &x| add(acc, operations(pool, x, memo)))
        }
        // A power is one operation (`1/u` too: a negative exponent is not a minus sign).
        Node::Pow(b, e) => {
            let exponent = match pool.as_num(*e) {
                Some(r) => (usize::from(!r.is_integer()), 0),
                None => operations(pool, *e, memo),
            };
            add((1, 0), add(operations(pool, *b, memo), exponent))
        }
        Node::Func(f, a) => {
            let reciprocal = usize::from(matches!(f, Func::Sec | Func::Csc | Func::Cot));
            add((1, reciprocal), operations(pool, *a, memo))
        }
        Node::Call(_, args) => args.iter().fold((1, 0), |acc, &x| add(acc, operations(pool, x, memo))),
    };
    memo.insert(id, n);
    n
}

/// What the walk over a result found: whether it is a polynomial (see [`polynomial`]).
struct Shape {
    polynomial: bool,
}

/// `None` when `id` has more than [`MAX_NODES`] distinct nodes or [`MAX_GENERATORS`]
/// generators (found without visiting more than that many) or prints in more than [`MAX_PRINTED`] characters (estimated as
/// [`crate::print::printed_size`] does); else what it is like. One walk, one table.
fn shape(pool: &Pool, id: ExprId) -> Option<Shape> {
    let mut size: FxHashMap<ExprId, u64> = FxHashMap::default();
    let mut stack = vec![id];
    let mut polynomial = true;
    let mut generators = 0;
    while let Some(n) = stack.pop() {
        if size.insert(n, 0).is_some() {
            continue;
        }
        if size.len() > MAX_NODES || generators > MAX_GENERATORS {
            return None;
        }
        match pool.node(n) {
            Node::Add(xs) | Node::Mul(xs) => stack.extend_from_slice(xs),
            Node::Pow(b, e) => {
                let integer = pool.as_num(*e).is_some_and(|r| r.is_integer());
                polynomial &= integer && pool.as_num(*e).is_some_and(|r| !num_traits::Signed::is_negative(r));
                generators += usize::from(!integer);
                stack.extend([*b, *e]);
            }
            Node::Func(_, a) => {
                polynomial = false;
                generators += 1;
                stack.push(*a);
            }
            Node::Call(_, args) => {
                polynomial = false;
                generators += 1;
                stack.extend_from_slice(args);
            }
            Node::Pi | Node::E => {
                polynomial = false;
                generators += 1;
            }
            Node::Sym(_) => generators += 1,
            Node::Num(_) => {}
        }
    }
    if generators > MAX_GENERATORS {
        return None;
    }
    // Children have smaller ids than their parents: in id order, sizes are known when needed.
    let mut order: Vec<ExprId> = size.keys().copied().collect();
    order.sort_unstable();
    for n in order {
        let s = match pool.node(n) {
            Node::Num(r) => r.numer().bits() * 3 / 10 + r.denom().bits() * 3 / 10 + 1,
            Node::Sym(v) => pool.name(*v).len() as u64,
            Node::Pi => 2,
            Node::E => 1,
            Node::Add(cs) => cs.iter().fold(3 * (cs.len() as u64 - 1), |acc, c| acc.saturating_add(size[c])),
            Node::Mul(cs) => cs.iter().fold(cs.len() as u64 - 1, |acc, c| acc.saturating_add(size[c])),
            Node::Pow(b, e) => size[b].saturating_add(size[e]).saturating_add(1),
            Node::Func(f, a) => size[a].saturating_add(f.name().len() as u64 + 2),
            Node::Call(_, args) => args.iter().fold(8u64, |acc, c| acc.saturating_add(size[c]).saturating_add(2)),
        };
        size.insert(n, s);
    }
    (size[&id] <= MAX_PRINTED).then_some(Shape { polynomial })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, ParseOptions};

    #[test]
    fn a_form_prints_at_least_its_bound() {
        // Numbers that print as nothing or as a root, e as a base, quotients, calls, and the
        // complements (no bound).
        for src in [
            "x",
            "-x + 1",
            "x^(1/2) y^(-1)",
            "e^(x^2) - 2 sqrt(x) / (x + 1)^3",
            "abs(x) + sin(y)^2 cos(y)",
            "pi x^(-1/2)",
            "f(x, y) - theta_12",
            "x sigmoid(x)(1 - sigmoid(x))",
        ] {
            let mut pool = Pool::default();
            let options = ParseOptions { funcs: vec!["f".into()], ..Default::default() };
            let id = parse(&mut pool, src, &options).expect(src);
            let measure = Costs::new(&pool);
            let (length, ..) = cost(&measure, &pool, id);
            assert!(printed_at_least(&measure, &pool, id) <= length, "{src}");
        }
        let mut pool = Pool::default();
        let sum = parse(&mut pool, "x^2 y + 3x - y", &ParseOptions::default()).unwrap();
        assert_eq!(printed_at_least(&Costs::new(&pool), &pool, sum), 4 + 2, "four symbols, two signs");
    }

    #[test]
    fn a_polynomial_written_term_by_term_prints_at_least_its_bound() {
        // Large and rational coefficients, ±1, powers of calls, of e, of user functions, and
        // the bound with its separators exact on a plain one.
        let exact = [("4096*x^36 - 8*x*sin(x)^2 + 271828261", 36)];
        for src in [
            "4096 x^36 sin(x) - 67584 x^34 cos(x) + 12345678901234567890123 x - 1",
            "x^2/2 - 3x/4 + 1/3",
            "-x y^2 - sin(x y)^3 + 1",
            "e^(x^2) (3 x^2 - x) + 5",
            "e^(x/2)^4 x - x",
            "f(x)^2 - 2 f(x) theta_12 + 7",
            exact[0].0,
        ] {
            let mut pool = Pool::default();
            let options = ParseOptions { funcs: vec!["f".into()], ..Default::default() };
            let id = parse(&mut pool, src, &options).expect(src);
            let mut gens = Generators::new();
            let p = expr_to_poly(&pool, id, &mut gens, &mut Budget::new(1 << 20)).expect(src);
            let measure = Costs::new(&pool);
            let at_least = flat_printed_at_least(&measure, &pool, &p, &gens);
            let flat = poly_to_expr(&mut pool, &p, &gens);
            let (length, ..) = cost(&measure, &pool, flat);
            assert!(at_least <= length, "{src}: {at_least} > {length}");
            assert!(at_least > 0, "{src}");
            if let Some(&(_, n)) = exact.iter().find(|(e, _)| *e == src) {
                assert_eq!((at_least, length), (n, n), "{src}");
            }
        }
        // No bound: two powers of e (a product merges them), a root (√x·√x = x), complements.
        for src in ["x e^x + e^(x^2)", "sqrt(x) + x", "sigmoid(x) x + x"] {
            let mut pool = Pool::default();
            let id = parse(&mut pool, src, &ParseOptions::default()).expect(src);
            let mut gens = Generators::new();
            let p = expr_to_poly(&pool, id, &mut gens, &mut Budget::new(1 << 20)).expect(src);
            assert_eq!(flat_printed_at_least(&Costs::new(&pool), &pool, &p, &gens), 0, "{src}");
        }
    }
}
