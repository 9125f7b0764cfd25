//! `descend EXPR --from P [--rate η] [--method gd|momentum|newton] [--momentum β] [--steps N]
//! [--tol T] [--every K]`: a descent in double precision (the loop and the update rules are
//! [`crate::calculus::descent`]), printed as a table of i, the point, ∇f, the velocity
//! (momentum), the step Δ and f, one row per point visited (or every K-th and the last), with a
//! last line saying where and why it stopped. A run that cannot go on (the values diverged,
//! Newton's method met a singular Hessian) prints its table so far and fails with exit code 1.
//!
//! [`prepare`] reads a run's flags and compiles what its method needs; `plot --path` draws
//! its paths through it, so the picture shows the table's points.

use super::{Context, Report};
use crate::calculus::descent::{self, Method, Objective, Row, Settings, Stop};
use crate::calculus::present::{self, HessianRow, Partial};
use crate::calculus::{self, Deriver};
use crate::cli::args::{self, Format};
use crate::cli::checks;
use crate::cli::coordinates;
use crate::cli::format::{echo, json_document, label, report};
use crate::cli::request::RunFlags;
use crate::error::{Error, Result};
use crate::eval::domain::{Domain, Violation};
use crate::explain::derivations::{self, DescentComputed};
use crate::explain::descent::{left_domain, method_name, stopped, summary};
use crate::explain::table::descent_table;
use crate::expr::{ExprId, Pool, Rational, SymId};
use crate::limits::Limit;
use crate::print::values::Printers;
use crate::print::{decimal, Style};
use serde_json::{json, Value};

/// A run read from its flags, ready to go: the settings, η exact (for the derivation), the
/// start, and the objective compiled with the derivatives the method needs.
pub(super) struct Prepared {
    pub settings: Settings,
    pub eta: ExprId,
    pub start: Vec<f64>,
    /// The start as typed, exact: f and its derivatives must have values there.
    pub start_exact: Vec<ExprId>,
    /// ∇f as printed, and how each entry was found (stages recorded with --steps).
    pub gradient: Vec<ExprId>,
    pub partials: Vec<Partial>,
    /// Newton's method: the Hessian as printed, and how its rows were found.
    pub hessian: Option<(Vec<Vec<ExprId>>, Vec<HessianRow>)>,
    pub objective: Objective,
}

/// Reads the flags of a run against the expression's variables and compiles f, ∇f and (for
/// Newton's method) the Hessian, each checked printable first. `every` and `max_rows` go
/// into the settings as they are; `record`: keep the simplifier's stages for the derivation.
#[allow(clippy::too_many_arguments)]
pub(super) fn prepare(
    pool: &mut Pool,
    deriver: &mut Deriver,
    f: ExprId,
    vars: &[SymId],
    flags: &RunFlags,
    every: usize,
    max_rows: impl FnOnce(&Method) -> usize,
    record: bool,
) -> Result<Prepared> {
    let start_exact = coordinates::point(pool, &flags.from, vars, "--from")?;
    let start: Vec<f64> = start_exact.iter().map(|&c| pool.approx_const(c)).collect();
    let (eta, rate) = match &flags.rate {
        Some(typed) => {
            let id = coordinates::constant(pool, typed, "--rate")?;
            (id, positive(pool, id, typed, "--rate")?)
        }
        // Newton's method without --rate takes the full step (the request checked the others).
        None => (pool.one(), 1.0),
    };
    let method = match flags.method {
        args::Method::Gd => Method::Gradient,
        args::Method::Newton => Method::Newton,
        args::Method::Momentum => Method::Momentum { beta: momentum(pool, flags.momentum.as_deref())? },
    };
    // The loop runs on the derivatives as computed (`raw`: where a factor the printed form
    // cancelled makes them undefined, so does the descent); the derivation prints them
    // presented, as grad and hessian do.
    let partials = present::gradient(deriver, pool, f, vars, record);
    let (g, raw) = present::printed_and_raw(&partials);
    // The derivatives are checked before they are compiled: the loop uses them, and prints
    // their values.
    checks::printable(pool, &g)?;
    let (hessian, raw_hessian) = if method.needs_hessian() {
        let (h, rows) = present::hessian_recorded(deriver, pool, f, vars, record);
        checks::printable(pool, &h.concat())?;
        (Some((h, rows)), Some(calculus::hessian(deriver, pool, f, vars)))
    } else {
        (None, None)
    };
    let objective = Objective::compile(pool, f, &raw, raw_hessian.as_deref(), vars);
    let settings =
        Settings { method, rate, steps: flags.steps, tolerance: flags.tolerance, every, max_rows: max_rows(&method) };
    Ok(Prepared { settings, eta, start, start_exact, gradient: g, partials, hessian, objective })
}

/// Runs a prepared descent within the domain of f as written and of the derivatives its
/// method uses (the kinks of |x| for ∇f; for Newton's method, those of the Hessian too): the
/// start is checked exactly, as an `--at` point is (an error), and each later point in double
/// precision with its suspects decided exactly; a point outside ends the run like a
/// divergence, with the `--at` error's words. Returns the path and the error of a run that
/// could not go on. `descend` prints the path, `plot --path` draws it.
pub(super) fn walk(
    pool: &mut Pool,
    deriver: &mut Deriver,
    problem_domain: &Domain,
    f: ExprId,
    vars: &[SymId],
    run: &Prepared,
    digits: usize,
) -> Result<(descent::Path, Option<Error>)> {
    let kinks = match run.hessian {
        Some(_) => calculus::kinks::of_hessian(deriver, pool, f, vars),
        None => calculus::kinks::of_gradient(pool, f, vars),
    };
    let domain = problem_domain.with(kinks);
    checks::values_at(pool, &domain, &[f], vars, &run.start_exact)
        .map_err(|e| Error { message: format!("--from: {}", e.message), ..e })?;
    let tape = domain.compile(pool, vars);
    let mut left: Option<(Vec<f64>, Violation)> = None;
    let mut outside = |x: &[f64]| {
        if tape.suspects(x, 1).is_empty() {
            return false;
        }
        match domain.check_f64(pool, vars, x) {
            Ok(()) => false,
            Err(v) => {
                left = Some((x.to_vec(), v));
                true
            }
        }
    };
    let path = descent::descend_within(&run.objective, &run.start, &run.settings, &mut outside)?;
    let error = match (path.rows.last(), left) {
        (Some(last), Some((x, v))) if path.stop == Stop::Diverged => {
            let coords: Vec<ExprId> = x
                .iter()
                .map(|&c| match Rational::from_float(c) {
                    Some(r) => pool.num(r),
                    None => pool.zero(),
                })
                .collect();
            let why = checks::outside(pool, &domain, &v, vars, &coords).message;
            Some(
                Error::math(format!(
                    "{} reached a point outside the domain at step {}: {why}",
                    method_name(run.settings.method),
                    last.i
                ))
                .with_help("start elsewhere with --from, or take smaller steps with a smaller --rate"),
            )
        }
        (Some(last), _) => failure(path.stop, last, &run.settings, vars, pool, digits),
        (None, _) => None,
    };
    Ok((path, error))
}

/// A positive rate `id`, typed as `typed` with `flag`, in double precision.
fn positive(pool: &Pool, id: ExprId, typed: &str, flag: &str) -> Result<f64> {
    let v = pool.approx_const(id);
    if v.is_finite() && v > 0.0 {
        return Ok(v);
    }
    if pool.sign(id) == Some(1) {
        // Positive, but the descent runs in double precision, where it is 0 or infinite.
        let which = if v == 0.0 { "small" } else { "large" };
        return Err(Error::usage(format!(
            "{flag} '{typed}' is too {which} for double precision, in which descend computes"
        )));
    }
    Err(Error::usage(format!("{flag} must be a positive number, not '{typed}'")))
}

/// β of momentum: `--momentum`, 0.9 unless given; 0 ≤ β < 1.
fn momentum(pool: &mut Pool, typed: Option<&str>) -> Result<f64> {
    let Some(typed) = typed else { return Ok(0.9) };
    let id = coordinates::constant(pool, typed, "--momentum")?;
    let b = pool.approx_const(id);
    if (0.0..1.0).contains(&b) {
        return Ok(b);
    }
    Err(Error::usage(format!("--momentum must be at least 0 and less than 1, not '{typed}'"))
        .with_help("β = 0.9 is usual; β = 0 is plain gradient descent, and from 1 on the steps never shrink"))
}

/// The error of a run that could not go on, stopped at `last`: the values diverged, the point
/// left the domain of f, or the Hessian is singular there.
pub(super) fn failure(
    stop: Stop,
    last: &Row,
    settings: &Settings,
    vars: &[SymId],
    pool: &Pool,
    digits: usize,
) -> Option<Error> {
    let name = method_name(settings.method);
    let point = || {
        let coords: Vec<String> = last.point.iter().map(|&x| decimal(x, digits)).collect();
        let names: Vec<&str> = vars.iter().map(|&v| pool.name(v)).collect();
        match (names.as_slice(), coords.as_slice()) {
            ([name], [c]) => format!("{name} = {c}"),
            _ => format!("({}) = ({})", names.join(", "), coords.join(", ")),
        }
    };
    match stop {
        Stop::Diverged if left_domain(last) => Some(
            Error::math(format!(
                "{name} reached {} at step {}, where f or its gradient is not defined",
                point(),
                last.i
            ))
            .with_help("start elsewhere with --from, or take smaller steps with a smaller --rate"),
        ),
        Stop::Diverged => Some(
            Error::math(format!("{name} diverged at step {} (f = {})", last.i, decimal(last.value, digits)))
                .with_help("try a smaller --rate"),
        ),
        Stop::Singular => Some(
            Error::math(format!(
                "the Hessian is singular at step {}, {}: Newton's method cannot go on",
                last.i,
                point()
            ))
            .with_help("start elsewhere with --from, or use --method gd or momentum"),
        ),
        Stop::Steps | Stop::Tolerance | Stop::RowLimit => None,
    }
}

/// The numbers one row prints: i, f, the point, ∇f and Δ, the velocity (momentum), the
/// Hessian in JSON (Newton).
fn numbers_per_row(method: &Method, n: usize) -> usize {
    2 + 3 * n
        + match method {
            Method::Gradient => 0,
            Method::Momentum { .. } => n,
            Method::Newton => n * n,
        }
}

pub fn run(ctx: &Context, flags: &RunFlags, every: usize) -> Result<Report> {
    let mut problem = ctx.problem()?;
    // Double precision needs every parameter's value.
    problem.require_values()?;
    let mut deriver = ctx.deriver();
    let digits = ctx.options.digits;
    let output_bytes = problem.pool.limits().output_bytes as u64;
    let n = problem.vars.len();
    // The table is bounded by the output limit as it grows (a million steps held 1.8 GB of
    // JSON before they were printed).
    let max_rows = |method: &Method| {
        let row_bytes = (numbers_per_row(method, n) * (digits + 4)) as u64;
        usize::try_from(output_bytes / row_bytes).unwrap_or(usize::MAX)
    };
    let run =
        prepare(&mut problem.pool, &mut deriver, problem.f, &problem.vars, flags, every, max_rows, ctx.options.steps)?;
    let (descent::Path { rows, stop }, failed) =
        walk(&mut problem.pool, &mut deriver, &problem.domain, problem.f, &problem.vars, &run, digits)?;
    let pool = &mut problem.pool;
    if stop == Stop::RowLimit {
        return Err(Error::limit(Limit::Output, pool.limits(), false).with_help(format!(
            "ask for fewer --steps, print fewer rows with --every K, or raise the limit with --max-output N or the environment variable {}",
            Limit::Output.env_var()
        )));
    }
    let derivation = ctx.options.steps.then(|| {
        // −η·∂f/∂xᵢ, exact, for the update rule.
        let minus_eta = pool.neg(run.eta);
        let update: Vec<ExprId> = run.gradient.iter().map(|&d| pool.mul2(minus_eta, d)).collect();
        let computed = DescentComputed {
            f: problem.f,
            vars: &problem.vars,
            gradient: &run.gradient,
            partials: &run.partials,
            hessian: run.hessian.as_ref().map(|(h, rows)| (&h[..], &rows[..])),
            settings: &run.settings,
            update: &update,
            rows: &rows,
            stopped: stop,
            digits,
        };
        derivations::descend(pool, &deriver, &computed)
    });
    let printers = Printers::new(&problem.pool, digits);
    let settings = &run.settings;
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let mut keys = vec![("method", json!(settings.method.name())), ("rate", json!(settings.rate))];
                if let Method::Momentum { beta } = settings.method {
                    keys.push(("momentum", json!(beta)));
                }
                keys.push(("rows", Value::Array(rows.iter().map(row_json).collect())));
                keys.push(("stopped", json!(stop.name())));
                json_document("descend", &printers, &problem.vars, keys, derivation.as_ref())
            }
            format => {
                let table = descent_table(&printers, &problem.vars, &rows, settings.method, digits);
                let cells = table.cells(style);
                let last_line = rows.last().map(|last| stopped(&problem.vars, last, stop, settings, digits));
                let last_line = |style| last_line.as_ref().map(|p| p.render_inline(&printers, style));
                match (format, style) {
                    (Format::Csv, _) => std::iter::once(&cells.header)
                        .chain(&cells.rows)
                        .map(|r| r.join(","))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    (_, Style::Latex | Style::Typst) => {
                        let name = method_name(settings.method);
                        let mut parts = vec![
                            echo(&printers, problem.f, &problem.vars, style),
                            format!(
                                "{}{}: {}.",
                                name[..1].to_uppercase(),
                                &name[1..],
                                summary(settings, digits).render_inline(&printers, style)
                            ),
                            cells.typeset(style),
                        ];
                        // Long decimals leave a sentence few places to break: TeX may stretch
                        // its spaces more than usual rather than run past the margin.
                        parts.extend(last_line(style).map(|l| match style {
                            Style::Latex => format!("{{\\emergencystretch=3em Stopped {l}.\\par}}"),
                            _ => format!("Stopped {l}."),
                        }));
                        parts.join("\n\n")
                    }
                    (_, Style::Text) => {
                        let mut lines = vec![
                            echo(&printers, problem.f, &problem.vars, style),
                            format!(
                                "{} {}",
                                label(&format!("{}:", method_name(settings.method))),
                                summary(settings, digits).render_inline(&printers, style)
                            ),
                        ];
                        let mut table = cells.aligned();
                        table[0] = label(&table[0]);
                        lines.extend(table);
                        lines.extend(last_line(style).map(|l| format!("{} {l}", label("stopped"))));
                        lines.join("\n")
                    }
                    (_, Style::Plain) => {
                        let mut lines = cells.aligned();
                        lines.extend(last_line(style).map(|l| format!("stopped {l}")));
                        lines.join("\n")
                    }
                }
            }
        })
    })
    .map(|r| r.failed(failed))
}

/// One row of the table as JSON: plain numbers, or "nan", "inf", "-inf"; the velocity of
/// momentum and the Hessian of Newton's method where the method has them; a step that is
/// undefined is null.
fn row_json(r: &Row) -> Value {
    let numbers = |v: &[f64]| v.iter().map(|&x| json_f64(x)).collect::<Vec<_>>();
    let mut m = serde_json::Map::new();
    m.insert("i".into(), json!(r.i));
    m.insert("point".into(), json!(numbers(&r.point)));
    m.insert("gradient".into(), json!(numbers(&r.gradient)));
    if let Some(v) = &r.velocity {
        m.insert("velocity".into(), json!(numbers(v)));
    }
    if let Some(h) = &r.hessian {
        m.insert("hessian".into(), json!(h.iter().map(|row| numbers(row)).collect::<Vec<_>>()));
    }
    m.insert("step".into(), r.step.as_ref().map_or(Value::Null, |s| json!(numbers(s))));
    m.insert("value".into(), json_f64(r.value));
    Value::Object(m)
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
