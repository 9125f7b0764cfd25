//! `differential EXPR`: the total differential df = f_x dx + f_y dy + …, and at each `--at`
//! point with the coefficients' exact values.

use super::{no_csv, Context, Report};
use crate::calculus::differential::{self, Term};
use crate::calculus::{self, present};
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::format::{at_key, echo, equation, json_document, label, per_point, report};
use crate::error::Result;
use crate::explain::derivations;
use crate::expr::ExprId;
use crate::print::values::{display, evaluated_at, Printers};
use crate::print::Style;
use serde_json::json;

pub fn run(ctx: &Context) -> Result<Report> {
    let mut problem = ctx.problem()?;
    let mut deriver = ctx.deriver();
    let pool = &mut problem.pool;
    // Printed in presentable form; values come from the gradient as computed (`raw`), where a
    // factor the printed form cancelled still makes a value undefined.
    let gradient = present::gradient(&mut deriver, pool, problem.f, &problem.vars, ctx.options.steps);
    let (g, raw) = present::printed_and_raw(&gradient);
    let domain = problem.domain.with(calculus::kinks::of_gradient(pool, problem.f, &problem.vars));
    let at_points: Vec<Result<Vec<ExprId>>> =
        problem.points.iter().map(|c| checks::values_at(pool, &domain, &raw, &problem.vars, c)).collect();
    let at_points = checks::checked_points(pool, &g, at_points, |v| v.clone())?;
    // The first is df itself, the others df at each point.
    let mut terms = vec![differential::terms(pool, &g)];
    terms.extend(at_points.iter().map(|v| differential::terms(pool, v)));
    let derivation = ctx.options.steps.then(|| {
        derivations::differential(&problem.pool, &deriver, problem.f, &problem.vars, &gradient, &problem.points, &terms)
    });
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    let form = |ts: &[Term], style: Style| {
        printers.differential(ts.iter().map(|t| (t.negative, t.magnitude)), &problem.vars, style)
    };
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let both = |ts: &[Term]| json!({"plain": form(ts, Style::Plain), "latex": form(ts, Style::Latex)});
                let mut keys = vec![("differential", both(&terms[0]))];
                if !problem.points.is_empty() {
                    keys.push(at_key(&printers, &problem.points));
                    keys.push(("value", per_point(terms[1..].iter().map(|ts| both(ts)).collect())));
                }
                json_document("differential", &printers, &problem.vars, keys, derivation.as_ref())
            }
            Format::Csv => return Err(no_csv("differential")),
            Format::Plain if problem.points.is_empty() => form(&terms[0], Style::Plain),
            Format::Plain => terms[1..].iter().map(|ts| form(ts, Style::Plain)).collect::<Vec<_>>().join("\n"),
            Format::Text | Format::Latex | Format::Typst => {
                let latex = style.is_typeset();
                let df = match style {
                    Style::Latex => "\\mathrm{d}f",
                    Style::Typst => "dif f",
                    _ => "df",
                };
                let mut lines = vec![
                    echo(&printers, problem.f, &problem.vars, style),
                    equation(df, &form(&terms[0], style), style),
                ];
                for (c, ts) in problem.points.iter().zip(&terms[1..]) {
                    let pt = printers.point(c, style);
                    lines.push(if latex {
                        display(&format!("{} = {}", evaluated_at(df, &pt, style), form(ts, style)), style)
                    } else {
                        format!("{} = {}", label(&format!("df{pt}")), form(ts, style))
                    });
                }
                lines.join("\n")
            }
        })
    })
}
