//! The presentable form of a result: the one place where every expression a command prints
//! (a derivative, a gradient's entry, a value at a point, a simplified input) gets the form
//! it is shown in — its textbook form ([`crate::simplify`]: exact constants, one fraction in
//! lowest terms, identities, common factors taken out, whichever prints shortest).
//!
//! The textbook form may be defined where the result as computed is not (a cancelled factor:
//! `(x² − 4)/(x − 2)` is shown as `x + 2`, and is not defined at 2). It is for printing:
//! every value at a point is computed from the result as computed (the commands keep both).
//!
//! A partial derivative of any order, wherever it is printed (`diff`, an entry of a
//! gradient, a Hessian or a Jacobian, with or without points or steps), is
//! [`derivative`]: each order differentiates the presented form of the one before.

use super::derive::Deriver;
use crate::expr::{ExprId, Pool, SymId};
use crate::simplify::{self, Simplifier, Stage, Textbook};

/// `id` in the form it is printed in.
pub fn presentable(pool: &mut Pool, id: ExprId) -> ExprId {
    simplify::textbook_form(pool, id)
}

/// [`presentable`], with the stages that led there (the same result).
pub fn presentable_recorded(pool: &mut Pool, id: ExprId) -> Textbook {
    Simplifier::new(pool).form_recorded(pool, id)
}

/// [`presentable`] of each.
pub fn presentable_all(pool: &mut Pool, ids: &[ExprId]) -> Vec<ExprId> {
    simplify::textbook_forms(pool, ids)
}

/// [`presentable`] of each entry of a matrix.
pub fn presentable_matrix(pool: &mut Pool, rows: &[Vec<ExprId>]) -> Vec<Vec<ExprId>> {
    simplify::textbook_matrix(pool, rows)
}

/// The order in which a partial derivative of several variables is taken for print: the
/// variables' order (`vars`, stable; one not among them last). Where the mixed partials are
/// continuous the order does not matter (Schwarz's theorem), and the engine's results of
/// either order are the same function; taking them in one order makes ∂²f/∂y∂x print exactly
/// as ∂²f/∂x∂y and as the Hessian's entry (mirrored, i ≤ j) does.
pub fn print_order(wrt: &[SymId], vars: &[SymId]) -> Vec<SymId> {
    let mut order = wrt.to_vec();
    order.sort_by_key(|v| vars.iter().position(|w| w == v).unwrap_or(usize::MAX));
    order
}

/// One differentiation on the way to a printed derivative: ∂`of`/∂`var` as the engine
/// computed it (`derivative`), and the form carried on or printed (`result`), with the
/// simplifier's stages from the one to the other when they were recorded (`--steps` renders
/// them: the same record the result came from).
#[derive(Clone, Debug)]
pub struct Order {
    pub of: ExprId,
    pub var: SymId,
    pub derivative: ExprId,
    pub result: ExprId,
    pub stages: Vec<Stage>,
}

/// A partial derivative as printed, with the orders that led to it.
#[derive(Clone, Debug)]
pub struct Partial {
    pub result: ExprId,
    pub orders: Vec<Order>,
}

impl Partial {
    /// The engine's first derivative (of a first partial: the derivative as computed, which
    /// values at points come from).
    pub fn first_derivative(&self) -> ExprId {
        self.orders.first().map_or(self.result, |o| o.derivative)
    }
}

/// The printed forms of a gradient's entries, and the entries as computed.
pub fn printed_and_raw(gradient: &[Partial]) -> (Vec<ExprId>, Vec<ExprId>) {
    gradient.iter().map(|p| (p.result, p.first_derivative())).unzip()
}

/// ∂`of`/∂`var` and its form: the compact one to go on with (`last` false) or the printed
/// one, recording the stages when asked.
fn differentiate(
    deriver: &mut Deriver,
    pool: &mut Pool,
    s: &mut Simplifier,
    of: ExprId,
    var: SymId,
    last: bool,
    record: bool,
) -> Order {
    let derivative = deriver.derive(pool, of, var);
    let Textbook { result, stages } = match (pool.limit_hit().is_some(), last, record) {
        (true, ..) => Textbook { result: derivative, stages: Vec::new() },
        (false, true, true) => s.form_recorded(pool, derivative),
        (false, true, false) => Textbook { result: s.form(pool, derivative), stages: Vec::new() },
        (false, false, true) => s.quick_recorded(pool, derivative),
        (false, false, false) => Textbook { result: s.quick(pool, derivative), stages: Vec::new() },
    };
    Order { of, var, derivative, result, stages }
}

/// ∂ⁿf/∂v₁…∂vₙ in its presentable form: the one form of a partial derivative of any order,
/// wherever it is printed (`diff`, the entries of a gradient, a Hessian or a Jacobian, with
/// or without points or steps).
///
/// Taken in [`print_order`], each derivative of the compact form of the one before
/// ([`Simplifier::quick`]: one fraction in lowest terms, factored), the last one presented: the
/// 12th derivative of `sin(x)·e^(x²)/(x² + 1)` is twelve derivatives of a short collected
/// form, instead of one of 127 terms collected at the end. The same function as
/// [`Deriver::derive_seq`]'s, but possibly defined at more points (a cancelled factor):
/// values at points come from that one.
pub fn derivative(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, wrt: &[SymId], vars: &[SymId]) -> ExprId {
    partial(deriver, pool, f, wrt, vars, false).result
}

/// [`derivative`] with each order it took (their stages recorded when `record`): the result
/// is the same either way.
pub fn partial(
    deriver: &mut Deriver,
    pool: &mut Pool,
    f: ExprId,
    wrt: &[SymId],
    vars: &[SymId],
    record: bool,
) -> Partial {
    partial_from(Simplifier::new(pool), deriver, pool, f, wrt, vars, record)
}

/// [`partial`] with `s`, a fresh simplifier (a copy of one made once for many results: making
/// one sorts the pool's variables).
fn partial_from(
    mut s: Simplifier,
    deriver: &mut Deriver,
    pool: &mut Pool,
    f: ExprId,
    wrt: &[SymId],
    vars: &[SymId],
    record: bool,
) -> Partial {
    let order = print_order(wrt, vars);
    let mut orders: Vec<Order> = Vec::with_capacity(order.len());
    let mut cur = f;
    for (i, &v) in order.iter().enumerate() {
        let o = differentiate(deriver, pool, &mut s, cur, v, i + 1 == order.len(), record);
        cur = o.result;
        orders.push(o);
        if pool.limit_hit().is_some() {
            break;
        }
    }
    Partial { result: cur, orders }
}

/// The gradient, each entry [`partial`] by one variable (exactly what `diff f vᵢ` prints);
/// each `orders[0].derivative` is the engine's ∂f/∂vᵢ.
pub fn gradient(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, vars: &[SymId], record: bool) -> Vec<Partial> {
    let fresh = Simplifier::new(pool);
    vars.iter().map(|&v| partial_from(fresh.clone(), deriver, pool, f, &[v], vars, record)).collect()
}

/// One row i of the Hessian as [`hessian_recorded`] computes it: ∂f/∂vᵢ in the compact form
/// the row goes on with, and the entries j ≥ i differentiated from it.
#[derive(Clone, Debug)]
pub struct HessianRow {
    pub first: Order,
    pub entries: Vec<Order>,
}

/// The Hessian in its presentable form: entry (i, j), i ≤ j, is [`derivative`] by vᵢ then vⱼ
/// (exactly what `diff f vᵢ vⱼ` prints, in either order), mirrored below the diagonal.
pub fn hessian(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, vars: &[SymId]) -> Vec<Vec<ExprId>> {
    hessian_recorded(deriver, pool, f, vars, false).0
}

/// [`hessian`] with the orders of each row (their stages recorded when `record`).
pub fn hessian_recorded(
    deriver: &mut Deriver,
    pool: &mut Pool,
    f: ExprId,
    vars: &[SymId],
    record: bool,
) -> (Vec<Vec<ExprId>>, Vec<HessianRow>) {
    let fresh = Simplifier::new(pool);
    let n = vars.len();
    let mut h = vec![vec![pool.zero(); n]; n];
    let mut rows = Vec::with_capacity(if record { n } else { 0 });
    for i in 0..n {
        // The state `partial` is in after its first order, for each entry of the row.
        let mut row = fresh.clone();
        let first = differentiate(deriver, pool, &mut row, f, vars[i], false, record);
        let mut entries = Vec::new();
        for j in i..n {
            let second = deriver.derive(pool, first.result, vars[j]);
            // Most entries of a large Hessian are 0: no state to copy for a number.
            let o = if pool.as_num(second).is_some() {
                Order { of: first.result, var: vars[j], derivative: second, result: second, stages: Vec::new() }
            } else {
                differentiate(deriver, pool, &mut row.clone(), first.result, vars[j], true, record)
            };
            h[i][j] = o.result;
            h[j][i] = o.result;
            if record {
                entries.push(o);
            }
        }
        if record {
            rows.push(HessianRow { first, entries });
        }
        if pool.limit_hit().is_some() {
            break;
        }
    }
    (h, rows)
}
