//! One file per command. Each takes the request's options and its own parameters, parses the
//! input ([`Problem`]), calls the library for the mathematics, checks what it computed once
//! ([`super::checks`]) and formats it in the format asked for, returning a [`Report`]. The
//! commands that evaluate at many points hand their symbolic part to [`super::points`]
//! instead of evaluating exactly, so both paths share one computation and one set of messages.
//!
//! A new command is a file here, a variant of [`Command`] and its arm in [`execute`].

mod critical;
mod descend;
mod diff;
mod differential;
mod dir;
mod eval;
mod grad;
mod hessian;
mod jacobian;
mod plot;
mod simplify;
mod taylor;

use super::args::Format;
use super::problem::Problem;
use super::report::Report;
use super::request::{no_effect, Command, Flag, Options, Request, Situation};
use crate::calculus::Deriver;
use crate::error::{Error, Result};
use crate::expr::{ExprId, SymId};
use crate::print::Style;
use std::cell::RefCell;

/// What a command runs with: the options, the text of one input, and the rows of `--points`.
pub struct Context<'a> {
    pub options: &'a Options,
    pub expression: &'a str,
    /// `--points`: the path (for messages) and the bytes read from it.
    pub points: Option<(&'a str, &'a [u8])>,
    /// Warnings about how the input was read, printed before the command's own.
    read_warnings: RefCell<Vec<String>>,
}

impl Context<'_> {
    /// The input, parsed ([`Problem::parse`]); its warnings are kept for the report.
    pub fn problem(&self) -> Result<Problem> {
        self.keep_warnings(Problem::parse(self.options, self.expression))
    }

    /// A comma list of inputs ([`Problem::parse_list`]).
    pub fn problem_list(&self) -> Result<Problem> {
        self.keep_warnings(Problem::parse_list(self.options, self.expression))
    }

    /// The input and more inputs in the same pool ([`Problem::parse_with`]: the constraints
    /// of `critical --subject-to`).
    pub fn problem_with(&self, extra: &[&str]) -> Result<(Problem, Vec<ExprId>)> {
        let (problem, more) = Problem::parse_with(self.options, self.expression, extra)?;
        Ok((self.keep_warnings(Ok(problem))?, more))
    }

    fn keep_warnings(&self, problem: Result<Problem>) -> Result<Problem> {
        let mut problem = problem?;
        self.read_warnings.borrow_mut().append(&mut problem.warnings);
        Ok(problem)
    }

    /// A derivative engine, recording its rules when the work is to be shown.
    pub fn deriver(&self) -> Deriver {
        if self.options.steps {
            Deriver::traced()
        } else {
            Deriver::new()
        }
    }

    pub fn format(&self) -> Format {
        self.options.format
    }

    /// The style of expressions in this format (JSON and CSV carry plain and LaTeX).
    pub fn style(&self) -> Style {
        super::format::style_of(self.options.format)
    }
}

/// Runs the request's command on one input (`points`: the bytes of `--points`).
pub fn execute(request: &Request, expression: &str, points: Option<&[u8]>) -> Result<Report> {
    let ctx = Context {
        options: &request.options,
        expression,
        points: request.options.points.as_deref().zip(points),
        read_warnings: RefCell::new(Vec::new()),
    };
    let report = match &request.command {
        Command::Diff { wrt } => diff::run(&ctx, wrt),
        Command::Grad => grad::run(&ctx),
        Command::Dir { direction } => dir::run(&ctx, direction.as_ref()),
        Command::Hessian => hessian::run(&ctx),
        Command::Jacobian => jacobian::run(&ctx),
        Command::Differential => differential::run(&ctx),
        Command::Descend { run, every } => descend::run(&ctx, run, *every),
        Command::Plot(flags) => plot::run(&ctx, flags),
        Command::Critical { constraints, range } => critical::run(&ctx, constraints, range.as_deref()),
        Command::Taylor { order } => taylor::run(&ctx, Some(*order)),
        Command::Tangent => taylor::run(&ctx, None),
        Command::Eval => eval::run(&ctx),
        Command::Simplify => simplify::run(&ctx),
    };
    report.map(|mut r| {
        r.warnings.splice(0..0, ctx.read_warnings.take());
        r
    })
}

/// The gradient, Hessian or Jacobian (`what`) of an expression without variables is empty: an
/// empty vector or a 0-column matrix, which printed as `()` or as blank brackets.
/// `consequence` finishes "the expression has no variables, so …".
fn need_variables(vars: &[SymId], consequence: &str) -> Result<()> {
    if vars.is_empty() {
        return Err(Error::usage(format!("the expression has no variables, so {consequence}"))
            .with_help("name the variables with --vars, like --vars x,y"));
    }
    Ok(())
}

/// `--format csv` for a command whose result is not a table of values at points (the
/// request refuses it first; the message is the request's).
fn no_csv(command: &'static str) -> Error {
    let situation = Situation { command, at: 1, points: false, format: Format::Csv, steps: false };
    Error::usage(no_effect(Flag::FormatCsv, &situation).unwrap_or("--format csv is for values at points"))
}
