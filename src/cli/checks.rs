//! The one check between computing and printing. Whatever a command computed is handed to
//! [`printable`] once, before it is formatted: no resource limit was hit on the way, the
//! results print within the output limit (a result that shares its subexpressions can print
//! as far more text than the pool holds), and nothing in them is undefined over the reals.
//! Values at points are computed first and checked after the symbolic results
//! ([`checked_points`]), so an undefined symbolic result is reported as such, not as the
//! first point where it fails. Every exact value at a point is computed by [`values_at`],
//! which refuses a point outside the result's [`Domain`] — where the input as written has no
//! value, even if simplification cancelled the cause (`x/x` at 0), or where something
//! differentiated sits on a kink (`|x|` at 0) — with a message naming the part of the input
//! under a caret, or the function.

use crate::calculus::presentable;
use crate::error::{Error, Result, Span};
use crate::eval::domain::{Condition, Domain, Violation};
use crate::eval::exact;
use crate::expr::{ExprId, Pool, SymId};
use crate::limits::Limit;
use crate::print::values::Printers;
use crate::print::{printed_size, Printer, Style};
use crate::syntax;
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

/// The exact values of `ids` at one point, each in its presentable form, where every
/// condition of `domain` holds there (the input as written has a value, and nothing
/// differentiated sits on a kink); else an error naming what fails. Every exact value a
/// command prints comes from here.
pub fn values_at(
    pool: &mut Pool,
    domain: &Domain,
    ids: &[ExprId],
    vars: &[SymId],
    coords: &[ExprId],
) -> Result<Vec<ExprId>> {
    let map: FxHashMap<SymId, ExprId> = vars.iter().copied().zip(coords.iter().copied()).collect();
    // One memo for the domain and the values: they share subexpressions.
    let mut memo = FxHashMap::default();
    let checked = domain.check_with(pool, &map, &mut memo);
    limits(pool)?;
    if let Err(v) = checked {
        return Err(outside(pool, domain, &v, vars, coords));
    }
    ids.iter()
        .map(|&id| {
            let r = exact::value_at_with(pool, id, &map, &mut memo);
            limits(pool)?;
            match r {
                Ok(v) => Ok(presentable(pool, v)),
                Err(u) => Err(Error::math(format!(
                    "{} is not defined at {}: {}",
                    short_plain(pool, u.expr),
                    named_point(pool, vars, coords),
                    u.reason
                ))),
            }
        })
        .collect()
}

/// [`values_at`] of one expression.
pub fn value_at(pool: &mut Pool, domain: &Domain, id: ExprId, vars: &[SymId], coords: &[ExprId]) -> Result<ExprId> {
    values_at(pool, domain, &[id], vars, coords).map(|mut v| v.remove(0))
}

/// The error for a point outside a domain: the part of the input as written that has no
/// value there (with a caret under it), or the function that is not differentiable there.
/// `--points` words its warning with the same message.
pub fn outside(pool: &Pool, domain: &Domain, v: &Violation, vars: &[SymId], coords: &[ExprId]) -> Error {
    let at = named_point(pool, vars, coords);
    let written = |span: Option<Span>| span.map(|s| syntax::quote(&domain.source, s));
    // Where the input writes a call, for a caret under it.
    let span_of = |id: ExprId| {
        domain.conditions.iter().find_map(|c| match c {
            Condition::Defined { part, span } if *part == id => *span,
            _ => None,
        })
    };
    let with_caret = |e: Error, span: Option<Span>| match span {
        Some(s) => e.with_source(&domain.source).with_span(s),
        None => e,
    };
    match (v, &domain.conditions[v.condition()]) {
        (Violation::Undefined { undefined, .. }, Condition::Defined { part, span }) => {
            let name = written(*span).unwrap_or_else(|| short_plain(pool, *part));
            with_caret(Error::math(format!("{name} is not defined at {at}: {}", undefined.reason)), *span)
        }
        (Violation::Undefined { undefined, .. }, _) => {
            Error::math(format!("{} is not defined at {at}: {}", short_plain(pool, undefined.expr), undefined.reason))
        }
        (Violation::NotDifferentiable { .. }, Condition::Differentiable { call, .. }) => with_caret(
            Error::math(format!("{} is not differentiable at {at}", short_text(pool, *call))),
            span_of(*call),
        ),
        (_, c) => {
            let what = match c {
                Condition::Differentiable { call, .. } => {
                    format!("whether {} is differentiable", short_text(pool, *call))
                }
                Condition::Defined { part, span } => {
                    format!("whether {} has a value", written(*span).unwrap_or_else(|| short_plain(pool, *part)))
                }
            };
            Error::math(format!("could not decide {what} at {at}: a constant there is too close to a boundary to tell"))
        }
    }
}

/// `x = 1` for one variable, `(x, y) = (1, 2)` for several, `(1, 2)` when the names are
/// unknown.
pub fn named_point(pool: &Pool, vars: &[SymId], coords: &[ExprId]) -> String {
    let printers = Printers::new(pool, 10);
    let names = printers.var_names(vars, Style::Text);
    let values: Vec<String> = coords.iter().map(|&c| printers.text.expr(c)).collect();
    match (names.len(), values.len()) {
        (1, 1) => format!("{} = {}", names[0], values[0]),
        (n, m) if n == m && n > 0 => format!("({}) = ({})", names.join(", "), values.join(", ")),
        _ => format!("({})", values.join(", ")),
    }
}

/// The text form of a subexpression named in a message (`|x|`), cut short when long.
fn short_text(pool: &Pool, id: ExprId) -> String {
    short(pool, id, Style::Text)
}

/// The plain form of a subexpression named in an error message, cut short when long.
fn short_plain(pool: &Pool, id: ExprId) -> String {
    short(pool, id, Style::Plain)
}

/// A subexpression in `style` for a message: at most 200 characters (then `…`), and not
/// printed at all when its printed size says it would be far longer.
fn short(pool: &Pool, id: ExprId, style: Style) -> String {
    const MAX: usize = 200;
    if printed_size(pool, &[id]) > 16 * MAX as u64 {
        return "a subexpression too long to show".into();
    }
    let s = Printer::new(pool, style).expr(id);
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}
