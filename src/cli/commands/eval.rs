//! `eval EXPR --at P`: the value of f at each point, exact where it can be, with its decimals;
//! or its values at many points.

use super::{Context, Report};
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::coordinates::var_list;
use crate::cli::format::{at_key, csv_table, echo, json_document, label, per_point, report};
use crate::cli::points::{self, ForPoints, Head, Shape};
use crate::cli::problem::Problem;
use crate::error::{Error, Result};
use crate::explain::derivations;
use crate::expr::ExprId;
use crate::print::values::{display, Printers};
use crate::print::Style;

pub fn run(ctx: &Context) -> Result<Report> {
    let mut problem = ctx.problem()?;
    if let Some((path, data)) = ctx.points {
        let part = for_points(ctx, &problem);
        return points::run(ctx.options, &mut problem, part, path, data);
    }
    if problem.points.is_empty() {
        if !problem.vars.is_empty() {
            return Err(Error::usage(format!(
                "eval needs a point: --at with a value for {}",
                var_list(&problem.pool, &problem.vars)
            )));
        }
        // A constant needs no point.
        problem.points.push(Vec::new());
    }
    let pool = &mut problem.pool;
    let values: Vec<Result<ExprId>> =
        problem.points.iter().map(|c| checks::value_at(pool, &problem.domain, problem.f, &problem.vars, c)).collect();
    let values = checks::checked_points(pool, &[], values, |&v| vec![v])?;
    let derivation =
        ctx.options.steps.then(|| derivations::eval(&problem.pool, problem.f, &problem.vars, &problem.points, &values));
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let keys = vec![
                    at_key(&printers, &problem.points),
                    ("value", per_point(values.iter().map(|&v| printers.value_json(v)).collect())),
                ];
                json_document("eval", &printers, &problem.vars, keys, derivation.as_ref())
            }
            Format::Csv => {
                csv_table(&printers, &problem.vars, &problem.points, &[("value".to_string(), values.clone())])
            }
            Format::Plain => values.iter().map(|&v| printers.plain.expr(v)).collect::<Vec<_>>().join("\n"),
            Format::Text | Format::Latex | Format::Typst => {
                let mut lines = head_lines(&printers, &problem, style);
                for (c, &v) in problem.points.iter().zip(&values) {
                    let value = printers.value(v, style);
                    lines.push(match (c.is_empty(), style) {
                        (true, Style::Latex | Style::Typst) => display(&value, style),
                        (true, _) => value,
                        (false, Style::Latex | Style::Typst) => {
                            display(&format!("f{} = {value}", printers.point(c, style)), style)
                        }
                        (false, _) => format!("{} = {value}", label(&format!("f{}", printers.point(c, style)))),
                    });
                }
                lines.join("\n")
            }
        })
    })
}

/// The echo (a constant has none: its value says it all).
fn head_lines(printers: &Printers, problem: &Problem, style: Style) -> Vec<String> {
    if problem.vars.is_empty() {
        return vec![];
    }
    vec![echo(printers, problem.f, &problem.vars, style)]
}

fn for_points(ctx: &Context, problem: &Problem) -> ForPoints {
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    ForPoints {
        command: "eval",
        head: Head::for_format(ctx.format(), || head_lines(&printers, problem, ctx.style()), Vec::new),
        tape: vec![problem.f],
        domain: problem.domain.clone(),
        shape: Shape::Scalar,
        directional: None,
        label: "f".to_string(),
    }
}
