//! `descend EXPR --from P --rate η [--steps N] [--tol T]`: gradient descent in double
//! precision (the loop is [`crate::calculus::descent`]), printed as a table of i, the point,
//! ∇f, the step Δ = −η∇f and f, one row per point visited.

use super::{Context, Report};
use crate::calculus;
use crate::calculus::descent::{self, Method, Objective, Row, Settings, Stop};
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::coordinates;
use crate::cli::format::{echo, json_document, label, report};
use crate::cli::problem::Problem;
use crate::error::{Error, Result};
use crate::explain::derivations::{self, DescentComputed};
use crate::explain::table::descent_table;
use crate::expr::ExprId;
use crate::limits::Limit;
use crate::print::values::Printers;
use crate::print::{decimal, Style};
use serde_json::{json, Value};

pub fn run(ctx: &Context, from: &str, rate: &str, steps: usize, tolerance: Option<f64>) -> Result<Report> {
    let mut problem = Problem::parse(ctx.options, ctx.expression)?;
    let pool = &mut problem.pool;
    let start = coordinates::point(pool, from, &problem.vars, "--from")?;
    let eta_id = coordinates::constant(pool, rate, "--rate")?;
    let eta = pool.approx_const(eta_id);
    if !(eta.is_finite() && eta > 0.0) {
        if pool.sign(eta_id) == Some(1) {
            // Positive, but descend runs in double precision, where it is 0 or infinite.
            let which = if eta == 0.0 { "small" } else { "large" };
            return Err(Error::usage(format!(
                "--rate '{rate}' is too {which} for double precision, in which descend computes"
            )));
        }
        return Err(Error::usage(format!("--rate must be a positive number, not '{rate}'")));
    }
    let mut deriver = ctx.deriver();
    // The loop runs on the gradient as computed (`raw`: where a factor the printed form
    // cancelled makes it undefined, so does the descent); the derivation prints it presented.
    let raw = calculus::gradient(&mut deriver, pool, problem.f, &problem.vars);
    let g = calculus::present::presentable_all(pool, &raw);
    // The gradient is checked before it is compiled: the loop uses it, and prints its values.
    checks::printable(pool, &g)?;
    // Each row prints 3n + 2 numbers: the table is bounded by the output limit as it grows
    // (a million steps held 1.8 GB of JSON before they were printed).
    let row_bytes = ((3 * problem.vars.len() + 2) * (ctx.options.digits + 4)) as u64;
    let max_rows = usize::try_from(pool.limits().output_bytes as u64 / row_bytes).unwrap_or(usize::MAX);
    let objective = Objective::compile(pool, problem.f, &raw, &problem.vars);
    let x: Vec<f64> = start.iter().map(|&c| pool.approx_const(c)).collect();
    let settings = Settings { method: Method::Gradient, rate: eta, steps, tolerance, max_rows };
    let descent::Path { rows, stop } = descent::descend(&objective, &x, &settings);
    if stop == Stop::RowLimit {
        return Err(Error::limit(Limit::Output, pool.limits(), false).with_help(format!(
            "ask for fewer --steps, or raise the limit with --max-output N or the environment variable {}",
            Limit::Output.env_var()
        )));
    }
    let warning = (stop == Stop::Diverged).then(|| {
        let last = rows.last().map_or(f64::NAN, |r| r.value);
        format!("gradient descent diverged at step {} (f = {last}); try a smaller --rate", rows.len() - 1)
    });
    let derivation = ctx.options.steps.then(|| {
        // −η·∂f/∂xᵢ, exact, for the update rule.
        let minus_eta = pool.neg(eta_id);
        let update: Vec<ExprId> = g.iter().map(|&d| pool.mul2(minus_eta, d)).collect();
        let computed = DescentComputed {
            f: problem.f,
            vars: &problem.vars,
            gradient: &g,
            eta,
            update: &update,
            rows: &rows,
            stopped: stop,
            digits: ctx.options.digits,
        };
        derivations::descend(pool, &deriver, &computed)
    });
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let keys = vec![
                    ("rate", json!(eta)),
                    ("rows", Value::Array(rows.iter().map(row_json).collect())),
                    ("stopped", json!(stop.name())),
                ];
                json_document("descend", &printers, &problem.vars, keys, derivation.as_ref())
            }
            format => {
                let table = descent_table(&printers, &problem.vars, &rows, ctx.options.digits);
                let cells = table.cells(style);
                match format {
                    Format::Csv => std::iter::once(&cells.header)
                        .chain(&cells.rows)
                        .map(|r| r.join(","))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ if style == Style::Latex => cells.tabular(true),
                    _ => {
                        let mut lines = Vec::new();
                        let mut table = cells.aligned();
                        if style == Style::Text {
                            let why = match stop {
                                Stop::Tolerance => "|∇f| fell below --tol",
                                Stop::Diverged => "the values diverged",
                                Stop::Steps | Stop::RowLimit => "after --steps updates",
                            };
                            let summary = format!("η = {}, stopped: {why}", decimal(eta, ctx.options.digits));
                            lines.push(echo(&printers, problem.f, &problem.vars, style));
                            lines.push(format!("{} Δ = -η∇f, {summary}", label("gradient descent:")));
                            table[0] = label(&table[0]);
                        }
                        lines.extend(table);
                        lines.join("\n")
                    }
                }
            }
        })
    })
    .map(|r| r.with_warning(warning))
}

/// One row of the table as JSON: plain numbers, or "nan", "inf", "-inf".
fn row_json(r: &Row) -> Value {
    let numbers = |v: &[f64]| v.iter().map(|&x| json_f64(x)).collect::<Vec<_>>();
    json!({"i": r.i, "point": numbers(&r.point), "gradient": numbers(&r.gradient), "step": numbers(&r.step), "value": json_f64(r.value)})
}

fn json_f64(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else if v.is_nan() {
        json!("nan")
    } else if v > 0.0 {
        json!("inf")
    } else {
        json!("-inf")
    }
}
