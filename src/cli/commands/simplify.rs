//! `simplify EXPR`: the expression in its textbook form (see [`crate::simplify`]), with the
//! stages that led there under `--steps`.

use super::{no_csv, Context, Report};
use crate::calculus::present;
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::format::report;
use crate::error::Result;
use crate::explain::derivations;
use crate::print::values::{display, Printers};
use serde_json::json;

pub fn run(ctx: &Context) -> Result<Report> {
    let mut problem = ctx.problem()?;
    let textbook = present::presentable_recorded(&mut problem.pool, problem.f);
    let result = textbook.result;
    checks::printable(&mut problem.pool, &[result])?;
    let derivation = ctx.options.steps.then(|| derivations::simplify(problem.f, &textbook.stages, ctx.expression));
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    report(derivation.as_ref(), &printers, ctx.format(), |_| {
        Ok(match ctx.format() {
            Format::Json => match &derivation {
                Some(d) => {
                    json!({"command": "simplify", "result": printers.expr_json(result), "steps": d.json(&printers)})
                        .to_string()
                }
                None => json!({"command": "simplify", "result": printers.expr_json(result)}).to_string(),
            },
            Format::Latex => display(&printers.latex.expr(result), crate::print::Style::Latex),
            Format::Typst => display(&printers.typst.expr(result), crate::print::Style::Typst),
            Format::Csv => return Err(no_csv("simplify")),
            Format::Plain => printers.plain.expr(result),
            Format::Text => printers.text.expr(result),
        })
    })
}
