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

/// ∂ⁿf/∂v₁…∂vₙ in its presentable form, each derivative taken of the compact form of the one
/// before: the 12th derivative of `sin(x)·e^(x²)/(x² + 1)` is then twelve derivatives of a
/// short collected form, instead of one of 127 terms collected at the end. The same function
/// as [`Deriver::derive_seq`]'s, but possibly defined at more points (a cancelled factor):
/// values at points come from that one.
pub fn derivative(deriver: &mut Deriver, pool: &mut Pool, f: ExprId, wrt: &[SymId]) -> ExprId {
    let mut s = Simplifier::new(pool);
    let mut cur = f;
    for (i, &v) in wrt.iter().enumerate() {
        let d = deriver.derive(pool, cur, v);
        if pool.limit_hit().is_some() {
            return d;
        }
        cur = if i + 1 == wrt.len() { s.form(pool, d) } else { s.quick(pool, d) };
    }
    cur
}
