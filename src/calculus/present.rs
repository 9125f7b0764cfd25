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
use crate::simplify::{self, Simplifier};

/// `id` in the form it is printed in.
pub fn presentable(pool: &mut Pool, id: ExprId) -> ExprId {
    simplify::textbook_form(pool, id)
}

/// [`presentable`] of each (sharing the work on common parts).
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
    let mut s = Simplifier::new(pool);
    let order = print_order(wrt, vars);
    let mut cur = f;
    for (i, &v) in order.iter().enumerate() {
        let d = deriver.derive(pool, cur, v);
        if pool.limit_hit().is_some() {
            return d;
        }
        cur = if i + 1 == order.len() { s.form(pool, d) } else { s.quick(pool, d) };
    }
    cur
}

/// The Hessian in its presentable form: entry (i, j), i ≤ j, is [`derivative`] by vᵢ then vⱼ
/// (exactly what `diff f vᵢ vⱼ` prints, in either order), mirrored below the diagonal.
pub fn hessian(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, vars: &[SymId]) -> Vec<Vec<ExprId>> {
    let fresh = Simplifier::new(pool);
    let n = vars.len();
    let mut h = vec![vec![pool.zero(); n]; n];
    for i in 0..n {
        // The state `derivative` is in after its first order, for each entry of the row.
        let mut row = fresh.clone();
        let first = deriver.derive(pool, f, vars[i]);
        let first = row.quick(pool, first);
        for j in i..n {
            let second = deriver.derive(pool, first, vars[j]);
            // (Most entries of a large Hessian are 0: no state to copy for a number.)
            let e = if pool.as_num(second).is_some() { second } else { row.clone().form(pool, second) };
            h[i][j] = e;
            h[j][i] = e;
        }
        if pool.limit_hit().is_some() {
            break;
        }
    }
    h
}
