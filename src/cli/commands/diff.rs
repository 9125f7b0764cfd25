//! `diff EXPR [VAR...]`: the partial derivative by each variable in turn (`x y` = ∂²f/∂y∂x,
//! `x^3` three times), its exact value at each `--at` point, or its values at many points.

use super::{Context, Report};
use crate::calculus::present::{self, Partial};
use crate::calculus::{kinks, Deriver};
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::coordinates::var_list;
use crate::cli::format::{at_key, csv_table, echo, equation, json_document, label, per_point, report};
use crate::cli::points::{self, ForPoints, Head, Shape};
use crate::cli::problem::Problem;
use crate::cli::request::derivative_vars;
use crate::error::{Error, Result};
use crate::eval::domain::Domain;
use crate::explain::derivations;
use crate::expr::{ExprId, SymId};
use crate::print::values::{display, evaluated_at, Printers};
use crate::print::Style;
use serde_json::{json, Value};

/// The derivative, the variables differentiated by (one entry per differentiation), and
/// where its value exists (the input's domain and the kinks differentiated).
struct Derivative {
    wrt: Vec<SymId>,
    /// As printed ([`present::partial`]), and how it was found (the stages with --steps).
    result: ExprId,
    partial: Partial,
    /// As the engine computed it, which values at points come from: a factor the printed
    /// form cancelled still makes a value undefined.
    raw: ExprId,
    domain: Domain,
    /// A variable to differentiate by that the input does not hold (a case slip, `Y`).
    warning: Option<String>,
}

pub fn run(ctx: &Context, wrt: &[String]) -> Result<Report> {
    let mut problem = ctx.problem()?;
    let mut deriver = ctx.deriver();
    let raw_needed = ctx.points.is_some() || !problem.points.is_empty() || ctx.options.steps;
    let d = derivative(&mut problem, &mut deriver, wrt, raw_needed, ctx.options.steps)?;
    if let Some((path, data)) = ctx.points {
        checks::printable(&mut problem.pool, &[d.result])?;
        let part = for_points(ctx, &problem, &d);
        return points::run(ctx.options, &mut problem, part, path, data).map(|r| r.with_warning(d.warning));
    }
    let pool = &mut problem.pool;
    let values: Vec<Result<ExprId>> =
        problem.points.iter().map(|c| checks::value_at(pool, &d.domain, d.raw, &problem.vars, c)).collect();
    let values = checks::checked_points(pool, &[d.result], values, |&v| vec![v])?;
    let derivation = ctx.options.steps.then(|| {
        derivations::diff(pool, &mut deriver, problem.f, &problem.vars, &d.wrt, &d.partial, &problem.points, &values)
    });
    checks::limits(pool)?;
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    let warning = d.warning.clone();
    let r = report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let mut keys = json_keys(&printers, &d);
                if !problem.points.is_empty() {
                    keys.push(at_key(&printers, &problem.points));
                    keys.push(("value", per_point(values.iter().map(|&v| printers.value_json(v)).collect())));
                }
                json_document("diff", &printers, &problem.vars, keys, derivation.as_ref())
            }
            Format::Csv => {
                csv_table(&printers, &problem.vars, &problem.points, &[("value".to_string(), values.clone())])
            }
            Format::Plain if problem.points.is_empty() => printers.plain.expr(d.result),
            Format::Plain => values.iter().map(|&v| printers.plain.expr(v)).collect::<Vec<_>>().join("\n"),
            Format::Text | Format::Latex | Format::Typst => {
                let mut lines = head_lines(&printers, &problem, &d, style);
                let lhs = printers.partial_label("f", &d.wrt, style);
                for (c, &v) in problem.points.iter().zip(&values) {
                    let at = printers.point(c, style);
                    let value = printers.value(v, style);
                    lines.push(if style.is_typeset() {
                        display(&format!("{} = {value}", evaluated_at(&lhs, &at, style)), style)
                    } else {
                        format!("{} = {value}", label(&format!("{lhs}{at}")))
                    });
                }
                lines.join("\n")
            }
        })
    });
    r.map(|r| r.with_warning(warning))
}

/// The variables to differentiate by (the only variable when none is named), and the
/// derivative in its presentable form (and as computed, when `raw_needed`: for values, the
/// tape of `--points` and the steps).
fn derivative(
    problem: &mut Problem,
    deriver: &mut Deriver,
    wrt: &[String],
    raw_needed: bool,
    record: bool,
) -> Result<Derivative> {
    let pool = &mut problem.pool;
    let limits = pool.limits().clone();
    let written = pool.symbol_count();
    let mut wrt = derivative_vars(pool, wrt, &limits)?;
    if let Some(&p) = wrt.iter().find(|s| problem.params.contains(s)) {
        return Err(Error::usage(format!(
            "'{}' is a parameter, a constant: it is not differentiated by",
            pool.name(p)
        ))
        .with_help(format!(
            "differentiate by a variable ({}), or declare it with --vars",
            var_list(pool, &problem.vars)
        )));
    }
    let warning = absent(pool, &wrt, written, &problem.vars);
    if wrt.is_empty() {
        match problem.vars.len() {
            1 => wrt.push(problem.vars[0]),
            0 => {
                return Err(Error::usage(
                    "the expression has no variables; name the one to differentiate by, like: gradcalc diff EXPR x",
                ))
            }
            _ => {
                return Err(Error::usage(format!(
                    "which variable? the expression has {}; name one or more, like: gradcalc diff EXPR x",
                    var_list(pool, &problem.vars)
                )))
            }
        }
    }
    let partial = present::partial(deriver, pool, problem.f, &wrt, &problem.vars, record);
    let result = partial.result;
    let raw = if raw_needed { deriver.derive_seq(pool, problem.f, &wrt) } else { result };
    let domain = problem.domain.with(kinks::of_derivative(deriver, pool, problem.f, &wrt));
    Ok(Derivative { result, partial, raw, wrt, domain, warning })
}

/// The warning for a variable to differentiate by that is neither written in the input nor
/// declared (the symbols before `written` are): the derivative is 0, which a case slip
/// (`Y` for `y`) would otherwise hide.
fn absent(pool: &crate::expr::Pool, wrt: &[SymId], written: usize, vars: &[SymId]) -> Option<String> {
    let &w = wrt.iter().find(|s| s.0 as usize >= written && !vars.contains(s))?;
    let name = pool.name(w);
    let symbols: Vec<SymId> = (0..written as u32).map(SymId).collect();
    let mut shown = symbols.clone();
    crate::print::sort_vars(pool, &mut shown);
    let close = symbols.iter().find(|&&s| pool.name(s).eq_ignore_ascii_case(name)).map(|&s| pool.name(s));
    let has = if shown.is_empty() { "no symbols".to_string() } else { var_list(pool, &shown) };
    let mut w = format!("'{name}' does not occur in the expression (it has {has}), so the derivative by it is 0");
    if let Some(c) = close {
        w.push_str(&format!("; did you mean '{c}'?"));
    }
    Some(w)
}

/// The echo and `∂f/∂x = …`.
fn head_lines(printers: &Printers, problem: &Problem, d: &Derivative, style: Style) -> Vec<String> {
    let lhs = printers.partial_label("f", &d.wrt, style);
    vec![
        echo(printers, problem.f, &problem.vars, style),
        equation(&lhs, &printers.printer(style).expr(d.result), style),
    ]
}

fn json_keys(printers: &Printers, d: &Derivative) -> Vec<(&'static str, Value)> {
    vec![("wrt", json!(printers.var_names(&d.wrt, Style::Plain))), ("derivative", printers.expr_json(d.result))]
}

fn for_points(ctx: &Context, problem: &Problem, d: &Derivative) -> ForPoints {
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    let style = ctx.style();
    ForPoints {
        command: "diff",
        head: Head::for_format(ctx.format(), || head_lines(&printers, problem, d, style), || json_keys(&printers, d)),
        // Values from the derivative as computed (see Derivative::raw).
        tape: vec![d.raw],
        domain: d.domain.clone(),
        shape: Shape::Scalar,
        directional: None,
        label: printers.partial_label("f", &d.wrt, style),
    }
}
