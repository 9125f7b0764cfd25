//! `jacobian "F1, F2, …"`: the Jacobian of a vector function (rows = functions, columns =
//! variables); its exact value at each `--at` point, or its values at many points.

use super::{need_variables, Context, Report};
use crate::calculus;
use crate::calculus::present::{self, Partial};
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::format::{at_key, csv_table, equation, json_document, labelled, per_point, report};
use crate::cli::points::{self, ForPoints, Head, Shape};
use crate::cli::problem::Problem;
use crate::error::Result;
use crate::eval::domain::Domain;
use crate::explain::derivations;
use crate::expr::ExprId;
use crate::print::values::{display, Printers};
use crate::print::Style;
use serde_json::Value;

type Matrix = Vec<Vec<ExprId>>;

pub fn run(ctx: &Context) -> Result<Report> {
    let mut problem = ctx.problem_list()?;
    need_variables(&problem.vars, "its Jacobian is empty")?;
    let mut deriver = ctx.deriver();
    let pool = &mut problem.pool;
    // Printed in presentable form; values come from the Jacobian as computed (`raw`), where a
    // factor the printed form cancelled still makes a value undefined.
    let rows: Vec<Vec<Partial>> = problem
        .functions
        .iter()
        .map(|&f| present::gradient(&mut deriver, pool, f, &problem.vars, ctx.options.steps))
        .collect();
    let (j, raw): (Matrix, Matrix) = rows.iter().map(|r| present::printed_and_raw(r)).unzip();
    let domain = problem.domain.with(calculus::kinks::of_jacobian(pool, &problem.functions, &problem.vars));
    if let Some((path, data)) = ctx.points {
        checks::printable(pool, &j.concat())?;
        let part = for_points(ctx, &problem, &j, &raw, domain);
        return points::run(ctx.options, &mut problem, part, path, data);
    }
    let at_points: Vec<Result<Matrix>> = problem
        .points
        .iter()
        .map(|c| raw.iter().map(|row| checks::values_at(pool, &domain, row, &problem.vars, c)).collect())
        .collect();
    let at_points = checks::checked_points(pool, &j.concat(), at_points, |m| m.concat())?;
    let derivation = ctx.options.steps.then(|| {
        let at: Vec<(Vec<ExprId>, Matrix)> = problem.points.iter().cloned().zip(at_points.iter().cloned()).collect();
        derivations::jacobian(&problem.pool, &deriver, &problem.functions, &problem.vars, &rows, &j, &at)
    });
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let mut keys = json_keys(&printers, &problem, &j);
                if !problem.points.is_empty() {
                    keys.push(at_key(&printers, &problem.points));
                    keys.push(("value", per_point(at_points.iter().map(|m| printers.matrix_json(m, true)).collect())));
                }
                json_document("jacobian", &printers, &problem.vars, keys, derivation.as_ref())
            }
            Format::Csv => {
                let mut cols = Vec::new();
                for i in 0..problem.functions.len() {
                    for (k, &v) in problem.vars.iter().enumerate() {
                        cols.push((
                            format!("df{}/d{}", i + 1, printers.plain.var(v)),
                            at_points.iter().map(|m| m[i][k]).collect(),
                        ));
                    }
                }
                csv_table(&printers, &problem.vars, &problem.points, &cols)
            }
            Format::Plain if problem.points.is_empty() => printers.matrix(&j, Style::Plain),
            Format::Plain => at_points.iter().map(|m| printers.matrix(m, Style::Plain)).collect::<Vec<_>>().join("\n"),
            Format::Text | Format::Latex | Format::Typst => {
                let mut lines = head_lines(&printers, &problem, &j, style);
                for (c, m) in problem.points.iter().zip(&at_points) {
                    let pt = printers.point(c, style);
                    let name = if style == Style::Typst { "J_(F)" } else { "J_F" };
                    lines.push(matrix_line(
                        &format!("{name}{pt}"),
                        &format!("J{pt}"),
                        &printers.matrix(m, style),
                        style,
                    ));
                }
                lines.join("\n")
            }
        })
    })
}

/// `J = ⎡…⎤` in text (the block indented under the label), `\[ J_F = \begin{pmatrix}… \]`.
fn matrix_line(latex_lhs: &str, text_lhs: &str, block: &str, style: Style) -> String {
    if style.is_typeset() {
        display(&format!("{latex_lhs} = {block}"), style)
    } else {
        labelled(&format!("{text_lhs} = "), block)
    }
}

/// `F(x, y) = (f₁, f₂)` and `J = …`.
fn head_lines(printers: &Printers, problem: &Problem, j: &[Vec<ExprId>], style: Style) -> Vec<String> {
    let sig = printers.signature("F", &problem.vars, style);
    vec![
        equation(&sig, &printers.vector(&problem.functions, style), style),
        matrix_line("J_F", "J", &printers.matrix(j, style), style),
    ]
}

fn json_keys(printers: &Printers, problem: &Problem, j: &[Vec<ExprId>]) -> Vec<(&'static str, Value)> {
    vec![
        ("functions", Value::Array(problem.functions.iter().map(|&f| printers.expr_json(f)).collect())),
        ("jacobian", printers.matrix_json(j, false)),
    ]
}

/// `j` printed, `raw` evaluated.
fn for_points(ctx: &Context, problem: &Problem, j: &[Vec<ExprId>], raw: &[Vec<ExprId>], domain: Domain) -> ForPoints {
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    let style = ctx.style();
    ForPoints {
        command: "jacobian",
        head: Head::for_format(
            ctx.format(),
            || head_lines(&printers, problem, j, style),
            || json_keys(&printers, problem, j),
        ),
        tape: raw.concat(),
        domain,
        shape: Shape::Matrix(j.len(), problem.vars.len()),
        directional: None,
        label: match style {
            Style::Typst => "J_(F)",
            Style::Latex => "J_F",
            _ => "J",
        }
        .to_string(),
    }
}
