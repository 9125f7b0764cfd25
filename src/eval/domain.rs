//! The conditions under which a value at a point exists: one record ([`Domain`]) attached to
//! each result, checked wherever a value at a point is printed — exactly by
//! `cli::checks::value_at` ([`Domain::check`]), and for many points in double precision by
//! `--points` and `descend` ([`Domain::compile`], whose suspects are confirmed exactly).
//!
//! Two kinds of condition:
//! - **the input as written has a value** ([`Condition::Defined`]). Simplification can remove
//!   what makes an input undefined: `x/x` is 1 and `x^2/x` is x, `ln(x) - ln(x)` is 0,
//!   `sqrt(x)^2` is x. The parser keeps each part it built — every quotient's reciprocal,
//!   power and function call, before it was merged into its surroundings — with where it is
//!   written, and a value at a point needs each of them to have one there, by the rules of
//!   exact evaluation ([`super::exact`]: a divisor is not zero (NonZero), a logarithm's, root's
//!   or inverse sine's argument is in its function's domain (InDomain), …). The message names
//!   the part as written, with a caret under it.
//! - **a function is differentiable there** ([`Condition::Differentiable`]). The derivative of
//!   a non-smooth function holds at most where it is smooth: d|u| = sign(u)·du needs u ≠ 0.
//!   The derivative of a result carries, for each non-smooth call it differentiated, the
//!   [`Kink`] of that function at its argument. Which functions have kinks, and where, is a
//!   table of one line per function in `calculus::kinks`; a new *kind* of kink (a jump at
//!   every integer, the points where two arguments are equal) is a variant of [`Kink`] with
//!   its exact and double-precision tests below.

use super::exact::{self, Undefined};
use super::tape::Tape;
use crate::error::Span;
use crate::expr::{ExprId, Func, Node, Pool, Rational, SymId};

use rustc_hash::{FxHashMap, FxHashSet};

/// Where a function of one argument is not differentiable, as a property of the argument's
/// value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kink {
    /// At 0: the corner of |u| (and relu), the jump of sign.
    AtZero,
    /// At every integer: the jumps of floor and ceil.
    AtIntegers,
}

impl Kink {
    /// Whether the exact constant `v` sits on the kink; `None` when that cannot be decided
    /// (a constant too close to a kink for its approximation to tell).
    pub fn contains(self, pool: &Pool, v: ExprId) -> Option<bool> {
        match self {
            Kink::AtZero => pool.sign(v).map(|s| s == 0),
            Kink::AtIntegers => match pool.as_num(v) {
                Some(r) => Some(r.is_integer()),
                None => {
                    let x = pool.approx_const(v);
                    (x.is_finite() && (x - x.round()).abs() > 1e-12).then_some(false)
                }
            },
        }
    }

    /// Whether the double `x` sits on the kink (or may: suspects are confirmed exactly).
    pub fn may_contain(self, x: f64) -> bool {
        match self {
            Kink::AtZero => x == 0.0,
            Kink::AtIntegers => x.fract() == 0.0,
        }
    }
}

/// One condition for a value at a point to exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// A part of the input as the parser built it has a value; `span` is where it is written.
    Defined { part: ExprId, span: Option<Span> },
    /// `func` is differentiable at `arg`: `arg` is not on the function's [`Kink`]. `call` is
    /// the call `func(arg)` itself, for messages.
    Differentiable { func: Func, arg: ExprId, kink: Kink, call: ExprId },
}

/// Why a point is outside a [`Domain`]: the condition (its index) and what failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// A part of the input has no value there.
    Undefined { condition: usize, undefined: Undefined },
    /// A non-smooth function sits on its kink.
    NotDifferentiable { condition: usize },
    /// Whether it sits on its kink cannot be decided.
    Undecided { condition: usize },
}

impl Violation {
    pub fn condition(&self) -> usize {
        match self {
            Violation::Undefined { condition, .. }
            | Violation::NotDifferentiable { condition }
            | Violation::Undecided { condition } => *condition,
        }
    }
}

/// The conditions under which a result has a value at a point, and the text of the input
/// their spans point into.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Domain {
    /// The input as typed.
    pub source: String,
    pub conditions: Vec<Condition>,
}

impl Domain {
    /// The domain of the input as written: its parts as the parser built them, with their
    /// spans in `source`. Numbers and symbols have no condition of their own and are left
    /// out, as are repeats; a constant part stays (the parser refuses one without a value
    /// where it checks, but `log(log(x, 1), 1)` hides `ln(0)` inside a logarithm's quotient).
    pub fn of_input(pool: &Pool, source: &str, parts: &[(ExprId, Span)]) -> Domain {
        let mut seen = FxHashSet::default();
        let conditions = parts
            .iter()
            .filter(|&&(part, _)| !matches!(pool.node(part), Node::Num(_) | Node::Sym(_) | Node::Pi | Node::E))
            .filter(|&&(part, _)| seen.insert(part))
            .map(|&(part, span)| Condition::Defined { part, span: Some(span) })
            .collect();
        Domain { source: source.to_string(), conditions }
    }

    /// This domain and `more` conditions (a derivative's: the input's and its kinks).
    pub fn with(&self, more: impl IntoIterator<Item = Condition>) -> Domain {
        let mut d = self.clone();
        for c in more {
            if !d.conditions.contains(&c) {
                d.conditions.push(c);
            }
        }
        d
    }

    /// Whether every condition holds at the exact `point`: the first that fails, if any.
    pub fn check(&self, pool: &mut Pool, point: &FxHashMap<SymId, ExprId>) -> Result<(), Violation> {
        self.check_with(pool, point, &mut FxHashMap::default())
    }

    /// [`Domain::check`] with the memo of exact values at this point kept for the caller: the
    /// values of the result share their subexpressions with the parts (the derivative of
    /// x^(3648r) holds x^(3648r)), and are computed once.
    pub fn check_with(
        &self,
        pool: &mut Pool,
        point: &FxHashMap<SymId, ExprId>,
        memo: &mut FxHashMap<ExprId, ExprId>,
    ) -> Result<(), Violation> {
        for (k, c) in self.conditions.iter().enumerate() {
            match *c {
                Condition::Defined { part, .. } => {
                    exact::value_at_with(pool, part, point, memo)
                        .map_err(|undefined| Violation::Undefined { condition: k, undefined })?;
                }
                Condition::Differentiable { arg, kink, .. } => {
                    let v = exact::value_at_with(pool, arg, point, memo)
                        .map_err(|undefined| Violation::Undefined { condition: k, undefined })?;
                    // An argument that still holds parameters is on the kink only for some of
                    // their values: like a divisor with a parameter, it is not decided here.
                    if !pool.is_constant(v) {
                        continue;
                    }
                    match kink.contains(pool, v) {
                        Some(false) => {}
                        Some(true) => return Err(Violation::NotDifferentiable { condition: k }),
                        None => return Err(Violation::Undecided { condition: k }),
                    }
                }
            }
            if pool.limit_hit().is_some() {
                // The caller reports the limit.
                return Ok(());
            }
        }
        Ok(())
    }

    /// The conditions compiled for many points in double precision (`vars` in the order of
    /// the points' coordinates).
    pub fn compile(&self, pool: &Pool, vars: &[SymId]) -> DomainTape {
        let outputs: Vec<ExprId> = self
            .conditions
            .iter()
            .map(|c| match *c {
                Condition::Defined { part, .. } => part,
                Condition::Differentiable { arg, .. } => arg,
            })
            .collect();
        let kinks = self
            .conditions
            .iter()
            .map(|c| match *c {
                Condition::Defined { .. } => None,
                Condition::Differentiable { kink, .. } => Some(kink),
            })
            .collect();
        DomainTape { tape: Tape::compile(pool, &outputs, vars), kinks, vars: vars.to_vec() }
    }

    /// [`Domain::check`] at a point of doubles, each read as the exact rational it is.
    pub fn check_f64(&self, pool: &mut Pool, vars: &[SymId], coords: &[f64]) -> Result<(), Violation> {
        let mut point = FxHashMap::default();
        for (&v, &x) in vars.iter().zip(coords) {
            // A coordinate that is not finite has no exact value: the command's own value
            // there is not finite either, and is reported as such.
            let Some(r) = Rational::from_float(x) else { return Ok(()) };
            point.insert(v, pool.num(r));
        }
        self.check(pool, &point)
    }
}

/// A [`Domain`] compiled for many points: a quick test in double precision that finds every
/// point that may be outside the domain ([`DomainTape::suspects`]); each suspect is then
/// decided exactly ([`Domain::check_f64`]), so that an overflow (e^1000 is infinite as a
/// double) is not taken for a point without a value.
pub struct DomainTape {
    tape: Tape,
    /// Per condition, its kink (`None`: the part must be finite).
    kinks: Vec<Option<Kink>>,
    vars: Vec<SymId>,
}

impl DomainTape {
    /// The points (of `count`, coordinates row by row in `xs`) where some condition may fail,
    /// each with the first such condition: a part that is not finite, or a kink's argument on
    /// its kink.
    pub fn suspects(&self, xs: &[f64], count: usize) -> Vec<(usize, usize)> {
        let k = self.kinks.len();
        let n = self.vars.len();
        if k == 0 || count == 0 {
            return Vec::new();
        }
        // In blocks of rows, so that many conditions at many points (1/x₁ + … + 1/x₁₆₀₀₀ at a
        // million rows) need not be held at once.
        let block = (BLOCK_VALUES / k).max(1);
        let mut values = vec![0.0; block.min(count) * k];
        let mut out = Vec::new();
        for start in (0..count).step_by(block) {
            let rows = block.min(count - start);
            let vals = &mut values[..rows * k];
            self.tape.eval_many(&xs[start * n..(start + rows) * n], rows, vals);
            out.extend((0..rows).filter_map(|i| {
                let row = &vals[i * k..(i + 1) * k];
                let failing = row.iter().zip(&self.kinks).position(|(&v, kink)| match kink {
                    None => !v.is_finite(),
                    Some(kink) => !v.is_finite() || kink.may_contain(v),
                });
                failing.map(|c| (start + i, c))
            }));
        }
        out
    }

    /// The variables, in the order of the coordinates.
    pub fn vars(&self) -> &[SymId] {
        &self.vars
    }
}

/// Values of conditions held at once while looking for suspects (32 MB of doubles).
const BLOCK_VALUES: usize = 1 << 22;

/// How many suspects of one run are decided exactly at most; beyond that, a suspect counts as
/// outside the domain, as double precision says ([`Violation::Undecided`]): an exact check of
/// a million rows would take minutes.
pub const MAX_EXACT_CHECKS: usize = 100_000;

/// The suspects (row, condition) of [`DomainTape::suspects`] decided: each point outside the
/// domain with its first violation (`coords` row by row, one coordinate per variable).
pub fn confirm(
    domain: &Domain,
    pool: &mut Pool,
    vars: &[SymId],
    coords: &[f64],
    suspects: &[(usize, usize)],
) -> Vec<(usize, Violation)> {
    let n = vars.len();
    let mut out = Vec::new();
    for (checked, &(i, condition)) in suspects.iter().enumerate() {
        if checked >= MAX_EXACT_CHECKS {
            out.push((i, Violation::Undecided { condition }));
            continue;
        }
        if let Err(v) = domain.check_f64(pool, vars, &coords[i * n..(i + 1) * n]) {
            out.push((i, v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinks_exactly_and_in_doubles() {
        let mut pool = Pool::default();
        let (zero, half, two) = (pool.zero(), pool.num(crate::expr::number::frac(1, 2)), pool.int(2));
        assert_eq!(Kink::AtZero.contains(&pool, zero), Some(true));
        assert_eq!(Kink::AtZero.contains(&pool, half), Some(false));
        assert_eq!(Kink::AtIntegers.contains(&pool, two), Some(true));
        assert_eq!(Kink::AtIntegers.contains(&pool, half), Some(false));
        let pi = pool.pi();
        assert_eq!(Kink::AtIntegers.contains(&pool, pi), Some(false));
        assert!(Kink::AtZero.may_contain(0.0) && Kink::AtZero.may_contain(-0.0) && !Kink::AtZero.may_contain(1e-300));
        assert!(Kink::AtIntegers.may_contain(3.0) && !Kink::AtIntegers.may_contain(2.5));
        assert!(Rational::from_float(0.1).is_some_and(|r| r != crate::expr::number::frac(1, 10)));
    }
}
