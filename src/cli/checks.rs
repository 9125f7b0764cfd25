//! The one check between computing and printing. Whatever a command computed is handed to
//! [`printable`] once, before it is formatted: no resource limit was hit on the way, the
//! results print within the output limit (a result that shares its subexpressions can print
//! as far more text than the pool holds), and nothing in them is undefined over the reals.
//! Values at points are computed first and checked after the symbolic results
//! ([`checked_points`]), so an undefined symbolic result is reported as such, not as the
//! first point where it fails. Every exact value at a point is computed by [`value_at`],
//! which refuses a point outside the domain with a message naming the undefined part.

use crate::calculus::presentable;
use crate::error::{Error, Result};
use crate::eval::exact;
use crate::expr::{ExprId, Pool, SymId};
use crate::limits::Limit;
use crate::print::values::Printers;
use crate::print::{printed_size, Style};
use rustc_hash::FxHashMap;

/// No limit was hit while computing.
pub fn limits(pool: &Pool) -> Result<()> {
    match pool.limit_hit() {
        Some(l) => Err(Error::limit(l, pool.limits(), false)),
        None => Ok(()),
    }
}

/// [`limits`], and the expressions `ids` print within the output limit and are defined.
pub fn printable(pool: &mut Pool, ids: &[ExprId]) -> Result<()> {
    limits(pool)?;
    if printed_size(pool, ids) > pool.limits().output_bytes as u64 {
        return Err(Error::limit(Limit::Output, pool.limits(), false));
    }
    if let Some(u) = exact::undefined_part(pool, ids) {
        return Err(Error::math(format!(
            "the result is not defined over the reals: it holds {}, which is not defined ({})",
            short_plain(pool, u.expr),
            u.reason
        ))
        .with_help(
            "a negative base to a variable power, like (-2)^x, is real only at isolated points and has no derivative",
        ));
    }
    limits(pool)
}

/// The symbolic results, then each point's values in order: the first error stops it.
/// `ids` lists what a point's values print.
pub fn checked_points<T>(
    pool: &mut Pool,
    symbolic: &[ExprId],
    at_points: Vec<Result<T>>,
    ids: impl Fn(&T) -> Vec<ExprId>,
) -> Result<Vec<T>> {
    printable(pool, symbolic)?;
    at_points
        .into_iter()
        .map(|at| {
            let at = at?;
            printable(pool, &ids(&at))?;
            Ok(at)
        })
        .collect()
}

/// The exact value of `id` at one point in its presentable form, or an error naming the
/// undefined subexpression. Every exact value a command prints comes from here.
pub fn value_at(pool: &mut Pool, id: ExprId, vars: &[SymId], coords: &[ExprId]) -> Result<ExprId> {
    let map: FxHashMap<SymId, ExprId> = vars.iter().copied().zip(coords.iter().copied()).collect();
    let r = exact::value_at(pool, id, &map);
    limits(pool)?;
    match r {
        Ok(v) => Ok(presentable(pool, v)),
        Err(u) => {
            let point = Printers::new(pool, 10).point(coords, Style::Text);
            Err(Error::math(format!("{} is not defined at {point}: {}", short_plain(pool, u.expr), u.reason)))
        }
    }
}

/// [`value_at`] of each.
pub fn values_at(pool: &mut Pool, ids: &[ExprId], vars: &[SymId], coords: &[ExprId]) -> Result<Vec<ExprId>> {
    ids.iter().map(|&g| value_at(pool, g, vars, coords)).collect()
}

/// The plain form of a subexpression named in an error message, cut short when long.
fn short_plain(pool: &Pool, id: ExprId) -> String {
    const MAX: usize = 200;
    if printed_size(pool, &[id]) > 16 * MAX as u64 {
        return "a subexpression too long to show".into();
    }
    let s = Printers::new(pool, 10).plain.expr(id);
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}
