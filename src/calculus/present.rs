//! The presentable form of a result: the one place where every expression a command prints
//! (a derivative, a gradient's entry, a value at a point, a simplified input) gets the form
//! it is shown in.
//!
//! Today that is the pool's canonical form, except where a command asks for the collected
//! form ([`Form::CollectedIfShorter`]: `diff` by two or more variables, whose repeated
//! product rule multiplies terms that share factors; see [`super::collect`]). A textbook-form
//! simplifier (common factors, one fraction in lowest terms) belongs here too, applied to
//! every result alike, at which point [`Form`] can go.

use super::collect;
use crate::expr::{ExprId, Pool};
use crate::print::printed_size;

/// Which form a command asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The pool's canonical form, as computed.
    Canonical,
    /// Common factors taken out and the rest grouped, when that prints shorter.
    CollectedIfShorter,
}

/// `id` in the form it is printed in.
pub fn presentable(pool: &mut Pool, id: ExprId, form: Form) -> ExprId {
    match form {
        Form::Canonical => id,
        // Collecting prints both forms to compare them: not for a result that is over a limit
        // already (it is refused before printing, and could be far too long to print).
        Form::CollectedIfShorter
            if pool.limit_hit().is_some() || printed_size(pool, &[id]) > pool.limits().output_bytes as u64 =>
        {
            id
        }
        Form::CollectedIfShorter => collect::shorter(pool, id),
    }
}

/// [`presentable`] of each.
pub fn presentable_all(pool: &mut Pool, ids: &[ExprId], form: Form) -> Vec<ExprId> {
    ids.iter().map(|&id| presentable(pool, id, form)).collect()
}

/// [`presentable`] of each entry of a matrix.
pub fn presentable_matrix(pool: &mut Pool, rows: &[Vec<ExprId>], form: Form) -> Vec<Vec<ExprId>> {
    rows.iter().map(|row| presentable_all(pool, row, form)).collect()
}
