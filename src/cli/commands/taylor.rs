//! `taylor EXPR --at P [--order N]`: the Taylor polynomial of f at P, exact, in powers of
//! (xᵢ − aᵢ); `tangent EXPR --at P`: its order-1 case written as the tangent line, plane or
//! hyperplane `z = f(P) + ∇f(P)·(x − P)`. Both from [`crate::calculus::taylor`]; the
//! polynomial is written by [`crate::explain::critical::taylor_polynomial`].

use super::{need_variables, Context, Report};
use crate::calculus::taylor;
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::format::{echo, json_document, label, report};
use crate::error::Result;
use crate::explain::critical as words;
use crate::print::values::{display, Printers};
use crate::print::Style;
use serde_json::json;

/// `order`: `None` for `tangent` (order 1, written as an equation for z).
pub fn run(ctx: &Context, order: Option<u32>) -> Result<Report> {
    let mut problem = ctx.problem()?;
    let tangent = order.is_none();
    need_variables(&problem.vars, if tangent { "it has no tangent" } else { "there is no point to expand it about" })?;
    let vars = problem.vars.clone();
    let point = problem.points[0].clone();
    let f = problem.f;
    let domain = problem.domain.clone();
    let mut deriver = ctx.deriver();
    let pool = &mut problem.pool;
    // f's domain and the kinks each derivative passed on its way from f.
    let mut value_at = |pool: &mut crate::expr::Pool, e, kinks: &[crate::eval::domain::Condition]| {
        checks::value_at(pool, &domain.with(kinks.iter().cloned()), e, &vars, &point)
    };
    let t = taylor::taylor(pool, &mut deriver, f, &vars, &point, order.unwrap_or(1), &mut value_at)?;
    let derivation = ctx.options.steps.then(|| words::taylor_derivation(pool, &t, f, tangent));
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let poly = json!({
                    "plain": words::taylor_polynomial(&printers, &t, Style::Plain),
                    "latex": words::taylor_polynomial(&printers, &t, Style::Latex),
                });
                let at = json!(t.point.iter().map(|&c| printers.value_json(c)).collect::<Vec<_>>());
                let keys = if tangent {
                    vec![("at", at), ("tangent", poly), ("expanded", printers.expr_json(t.polynomial))]
                } else {
                    vec![
                        ("at", at),
                        ("order", json!(t.order)),
                        ("polynomial", poly),
                        ("expanded", printers.expr_json(t.polynomial)),
                    ]
                };
                json_document(if tangent { "tangent" } else { "taylor" }, &printers, &vars, keys, derivation.as_ref())
            }
            Format::Plain => words::taylor_polynomial(&printers, &t, Style::Plain),
            _ => {
                let body = words::taylor_polynomial(&printers, &t, style);
                let pt = printers.point(&t.point, style);
                let pt = if style.is_typeset() { format!("${pt}$") } else { pt };
                let lhs = match (tangent, style) {
                    (true, _) => words::tangent_name(printers.pool, &vars).to_string(),
                    (false, Style::Latex) => format!("T_{{{}}}", t.order),
                    (false, Style::Typst) => format!("T_({})", t.order),
                    (false, _) => format!("T{}", crate::print::values::subscript(t.order as usize)),
                };
                let what = if tangent {
                    match vars.len() {
                        1 => "the tangent line at ",
                        2 => "the tangent plane at ",
                        _ => "the tangent hyperplane at ",
                    }
                } else {
                    "the Taylor polynomial of order "
                };
                let intro = if tangent { format!("{what}{pt}") } else { format!("{what}{} at {pt}", t.order) };
                if style.is_typeset() {
                    [echo(&printers, f, &vars, style), format!("{intro}:"), display(&format!("{lhs} = {body}"), style)]
                        .join("\n")
                } else {
                    [
                        echo(&printers, f, &vars, style),
                        format!("{}{}", label(&format!("{lhs} = ")), body),
                        format!("({intro})"),
                    ]
                    .join("\n")
                }
            }
        })
    })
}
