//! `grad EXPR`: the gradient ∇f; at each `--at` point its exact value, its length |∇f| (the
//! largest rate of increase) and −|∇f| (the smallest); or its values at many points.

use super::{need_variables, Context, Report};
use crate::calculus;
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::format::{at_key, csv_table, echo, equation, json_document, label, per_point, report};
use crate::cli::points::{self, ForPoints, Head, Shape};
use crate::cli::problem::Problem;
use crate::error::Result;
use crate::eval::domain::Domain;
use crate::explain::derivations;
use crate::expr::ExprId;
use crate::print::values::{display, Printers};
use crate::print::{latex_bars, Style};
use serde_json::Value;

/// The gradient's value at a point, and its length there.
struct AtPoint {
    values: Vec<ExprId>,
    norm: ExprId,
}

pub fn run(ctx: &Context) -> Result<Report> {
    let mut problem = ctx.problem()?;
    need_variables(&problem.vars, "its gradient is empty")?;
    let mut deriver = ctx.deriver();
    // Printed in presentable form; values come from the gradient as computed (`raw`), where a
    // factor the printed form cancelled still makes a value undefined.
    let gradient =
        calculus::present::gradient(&mut deriver, &mut problem.pool, problem.f, &problem.vars, ctx.options.steps);
    let (g, raw) = calculus::present::printed_and_raw(&gradient);
    let domain = problem.domain.with(calculus::kinks::of_gradient(&problem.pool, problem.f, &problem.vars));
    if let Some((path, data)) = ctx.points {
        checks::printable(&mut problem.pool, &g)?;
        let part = for_points(ctx, &problem, &g, &raw, domain);
        return points::run(ctx.options, &mut problem, part, path, data);
    }
    let pool = &mut problem.pool;
    let at_points: Vec<Result<AtPoint>> = problem
        .points
        .iter()
        .map(|c| {
            let values = checks::values_at(pool, &domain, &raw, &problem.vars, c)?;
            let norm = calculus::norm(pool, &values);
            let norm = calculus::presentable(pool, norm);
            Ok(AtPoint { values, norm })
        })
        .collect();
    let at_points =
        checks::checked_points(pool, &g, at_points, |a| a.values.iter().copied().chain([a.norm]).collect())?;
    let derivation = ctx.options.steps.then(|| {
        let at: Vec<(Vec<ExprId>, ExprId)> = at_points.iter().map(|a| (a.values.clone(), a.norm)).collect();
        derivations::grad(pool, &deriver, problem.f, &problem.vars, &gradient, &problem.points, &at)
    });
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let mut keys = json_keys(&printers, &g);
                if !problem.points.is_empty() {
                    let vector = |v: &[ExprId]| Value::Array(v.iter().map(|&x| printers.value_json(x)).collect());
                    keys.push(at_key(&printers, &problem.points));
                    keys.push(("value", per_point(at_points.iter().map(|a| vector(&a.values)).collect())));
                    keys.push(("norm", per_point(at_points.iter().map(|a| printers.value_json(a.norm)).collect())));
                }
                json_document("grad", &printers, &problem.vars, keys, derivation.as_ref())
            }
            Format::Csv => {
                let mut cols: Vec<(String, Vec<ExprId>)> = problem
                    .vars
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| {
                        (format!("d/d{}", printers.plain.var(v)), at_points.iter().map(|a| a.values[i]).collect())
                    })
                    .collect();
                cols.push(("norm".into(), at_points.iter().map(|a| a.norm).collect()));
                csv_table(&printers, &problem.vars, &problem.points, &cols)
            }
            Format::Plain if problem.points.is_empty() => printers.vector(&g, Style::Plain),
            Format::Plain => {
                at_points.iter().map(|a| printers.vector(&a.values, Style::Plain)).collect::<Vec<_>>().join("\n")
            }
            Format::Text | Format::Latex | Format::Typst => {
                let nabla = nabla(style);
                let mut lines = head_lines(&printers, &problem, &g, style);
                for (c, a) in problem.points.iter().zip(&at_points) {
                    let at = printers.point(c, style);
                    let v = printers.value_vector(&a.values, style);
                    let n = printers.value(a.norm, style);
                    lines.push(equation(&format!("{nabla}{at}"), &v, style));
                    if style == Style::Latex {
                        lines.push(display(&format!("{} = {n}", latex_bars(&format!("{nabla}{at}"))), style));
                    } else if style == Style::Typst {
                        lines.push(display(&format!("abs({nabla}{at}) = {n}"), style));
                    } else {
                        let note = if printers.pool.is_zero(a.norm) {
                            "(a stationary point: no direction changes f to first order)".to_string()
                        } else {
                            format!(
                                "(largest rate of increase; the smallest is -{})",
                                printers.printer(style).expr(a.norm)
                            )
                        };
                        lines.push(format!("{} = {n}   {note}", label(&format!("|{nabla}{at}|"))));
                    }
                }
                lines.join("\n")
            }
        })
    })
}

fn nabla(style: Style) -> &'static str {
    match style {
        Style::Latex => "\\nabla f",
        Style::Typst => "nabla f",
        _ => "∇f",
    }
}

/// The echo and `∇f = (…)`.
fn head_lines(printers: &Printers, problem: &Problem, g: &[ExprId], style: Style) -> Vec<String> {
    vec![echo(printers, problem.f, &problem.vars, style), equation(nabla(style), &printers.vector(g, style), style)]
}

fn json_keys(printers: &Printers, g: &[ExprId]) -> Vec<(&'static str, Value)> {
    vec![("gradient", Value::Array(g.iter().map(|&e| printers.expr_json(e)).collect()))]
}

/// `g` printed, `raw` evaluated.
fn for_points(ctx: &Context, problem: &Problem, g: &[ExprId], raw: &[ExprId], domain: Domain) -> ForPoints {
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    let style = ctx.style();
    ForPoints {
        command: "grad",
        head: Head::for_format(ctx.format(), || head_lines(&printers, problem, g, style), || json_keys(&printers, g)),
        tape: raw.to_vec(),
        domain,
        shape: Shape::Gradient,
        directional: None,
        label: nabla(style).to_string(),
    }
}
