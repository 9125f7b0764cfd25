//! What every command starts from: the expression of one input parsed into a fresh pool
//! (within the limits of the request), checked as input, with the domain of the input as
//! written (the conditions simplification may have removed), its variables in order and the
//! `--at` points read as exact coordinates.

use super::checks;
use super::coordinates::{self, check_constants};
use super::request::Options;
use crate::error::Result;
use crate::eval::domain::Domain;
use crate::expr::{ExprId, Pool, SymId};
use crate::print::sort_vars;
use crate::syntax;

/// One input, parsed.
pub struct Problem {
    pub pool: Pool,
    /// The function (for `jacobian`, the first of them).
    pub f: ExprId,
    /// Every function of the input: one, or the Jacobian's list.
    pub functions: Vec<ExprId>,
    /// Where the input as written has a value: its parts as the parser built them. A value
    /// at a point is printed only where they all have one (with a derivative's kinks added,
    /// see [`crate::calculus::kinks`]).
    pub domain: Domain,
    /// `--vars`, else every variable written in the input, sorted.
    pub vars: Vec<SymId>,
    /// The `--at` points, in the order of `vars`.
    pub points: Vec<Vec<ExprId>>,
}

impl Problem {
    /// One expression.
    pub fn parse(options: &Options, src: &str) -> Result<Problem> {
        Problem::read(options, src, false)
    }

    /// A comma list of expressions (`jacobian "f1, f2"` or `"[f1, f2]"`).
    pub fn parse_list(options: &Options, src: &str) -> Result<Problem> {
        Problem::read(options, src, true)
    }

    fn read(options: &Options, src: &str, list: bool) -> Result<Problem> {
        Problem::read_with(options, src, list, &[]).map(|(p, _)| p)
    }

    /// One expression and more of them read into the same pool before the variables are
    /// taken (the constraints of `critical --subject-to`: their variables count too). The
    /// extra inputs' errors point into their own text.
    pub fn parse_with(options: &Options, src: &str, extra: &[&str]) -> Result<(Problem, Vec<ExprId>)> {
        Problem::read_with(options, src, false, extra)
    }

    fn read_with(options: &Options, src: &str, list: bool, extra: &[&str]) -> Result<(Problem, Vec<ExprId>)> {
        let mut pool = Pool::new(options.limits.clone());
        let parsed = syntax::parse_written(&mut pool, src, &options.parse_options(), list)?;
        let domain = Domain::of_input(&pool, src, &parsed.written);
        let mut more = Vec::with_capacity(extra.len());
        for text in extra {
            let e = syntax::parse(&mut pool, text, &options.parse_options()).map_err(|e| e.with_source(text))?;
            checks::printable(&mut pool, &[e])?;
            more.push(e);
        }
        Ok((Problem::checked(pool, parsed.exprs, domain, options, src)?, more))
    }

    /// The input as it was read must be printable and defined where it is constant; then its
    /// variables and points.
    fn checked(
        mut pool: Pool,
        functions: Vec<ExprId>,
        domain: Domain,
        options: &Options,
        src: &str,
    ) -> Result<Problem> {
        checks::printable(&mut pool, &functions)?;
        for &f in &functions {
            check_constants(&mut pool, f, src)?;
        }
        let vars = variables(&mut pool, options);
        let points =
            options.at.iter().map(|a| coordinates::point(&mut pool, a, &vars, "--at")).collect::<Result<_>>()?;
        Ok(Problem { pool, f: functions[0], functions, domain, vars, points })
    }
}

/// The variables in order: `--vars`, else every variable written in the input, sorted.
fn variables(pool: &mut Pool, options: &Options) -> Vec<SymId> {
    if let Some(declared) = &options.vars {
        return declared.iter().map(|n| pool.symbol(n)).collect();
    }
    let mut vs: Vec<SymId> = (0..pool.symbol_count() as u32).map(SymId).collect();
    sort_vars(pool, &mut vs);
    vs
}
