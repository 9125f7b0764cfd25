//! `dir EXPR --at P (--toward Q | --along V | --angle A)`: the directional derivative
//! D_u f = ∇f·u (the mathematics is [`crate::calculus::directional`]): the unit vector u and its
//! direction cosines, the symbolic ∇f·u, its exact value at P, and the steepest ascent there;
//! or its values at many points, where u toward Q changes from point to point.

use super::{no_csv, Context, Report};
use crate::calculus;
use crate::calculus::directional::{self, Direction, SteepestAscent, UnitVector};
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::coordinates::{self, var_list};
use crate::cli::format::{at_json, echo, equation, json_document, label, report};
use crate::cli::points::{self, point_text, Directional, ForPoints, Head, Shape};
use crate::cli::problem::Problem;
use crate::cli::request::DirectionFlag;
use crate::error::{Error, Result};
use crate::explain::derivations::{self, DirComputed};
use crate::expr::{ExprId, Pool, SymId};
use crate::print::values::{display, Printers};
use crate::print::Style;
use serde_json::Value;

/// What `dir` computes at the point P.
struct AtPoint {
    value: ExprId,
    gradient: Vec<ExprId>,
    steepest: SteepestAscent,
}

pub fn run(ctx: &Context, flag: Option<&DirectionFlag>) -> Result<Report> {
    let mut problem = ctx.problem()?;
    let note = match flag {
        Some(DirectionFlag::Angle(a)) => coordinates::angle_note(&mut problem.pool, a),
        _ => None,
    };
    if let Some((path, data)) = ctx.points {
        let part = for_points(ctx, &mut problem, flag)?;
        return points::run(ctx.options, &mut problem, part, path, data).map(|r| r.with_warning(note));
    }
    if problem.points.len() != 1 {
        return Err(Error::usage(if problem.points.is_empty() {
            "dir needs the point: --at P"
        } else {
            "dir takes one point (--at P)"
        }));
    }
    let at = problem.points[0].clone();
    let vars = &problem.vars;
    let pool = &mut problem.pool;
    let direction = direction(pool, flag, vars)?;
    let unit = direction.unit_vector(pool, &at).map_err(|_| {
        Error::math(match direction {
            Direction::Toward(_) => "--toward is the same point as --at, so there is no direction",
            _ => "the direction vector is zero",
        })
    })?;
    let mut deriver = ctx.deriver();
    let g = calculus::gradient(&mut deriver, pool, problem.f, vars);
    // Printed in presentable form; the value comes from ∇f·u as computed (`raw`), where a
    // factor the printed form cancelled still makes it undefined.
    let raw = directional::derivative(pool, &g, &unit.unit);
    let du = calculus::presentable(pool, raw);
    let domain = problem.domain.with(calculus::kinks::of_gradient(pool, problem.f, vars));
    let at_point = (|| {
        let value = checks::value_at(pool, &domain, raw, vars, &at)?;
        let gradient = checks::values_at(pool, &domain, &g, vars, &at)?;
        let steepest = directional::steepest_ascent(pool, &gradient);
        Ok(AtPoint { value, gradient, steepest })
    })();
    let a = checks::checked_points(pool, &[du], vec![at_point], |a| {
        let s = &a.steepest;
        unit.unit
            .iter()
            .chain(&a.gradient)
            .chain(s.direction.iter().flatten())
            .copied()
            .chain([a.value, s.rate])
            .collect()
    })?
    .remove(0);
    let derivation = ctx.options.steps.then(|| {
        let computed = DirComputed {
            f: problem.f,
            vars,
            at: &at,
            direction: &direction,
            unit: &unit,
            gradient: &g,
            derivative: du,
            gradient_at: &a.gradient,
            max_rate: a.steepest.rate,
            value: a.value,
        };
        derivations::dir(pool, &deriver, &computed)
    });
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    let values = |ids: &[ExprId]| Value::Array(ids.iter().map(|&x| printers.value_json(x)).collect());
    let r = report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let mut keys = vec![
                    ("unit", values(&unit.unit)),
                    ("derivative", printers.expr_json(du)),
                    ("at", at_json(&printers, &at)),
                    ("value", printers.value_json(a.value)),
                    ("gradient_at", values(&a.gradient)),
                    ("max_rate", printers.value_json(a.steepest.rate)),
                ];
                if let Some(s) = &a.steepest.direction {
                    keys.push(("steepest", values(s)));
                }
                json_document("dir", &printers, &problem.vars, keys, derivation.as_ref())
            }
            Format::Csv => return Err(no_csv("dir")),
            Format::Plain => printers.plain.expr(a.value),
            Format::Text | Format::Latex | Format::Typst => {
                text_lines(&printers, &problem, &direction, &unit, du, &a, style).join("\n")
            }
        })
    });
    r.map(|r| r.with_warning(note))
}

/// The direction as given, read against the variables (`--angle` is for 2 of them).
fn direction(pool: &mut Pool, flag: Option<&DirectionFlag>, vars: &[SymId]) -> Result<Direction> {
    Ok(match flag {
        Some(DirectionFlag::Toward(q)) => Direction::Toward(coordinates::point(pool, q, vars, "--toward")?),
        Some(DirectionFlag::Along(v)) => Direction::Along(coordinates::vector(pool, v, vars)?),
        Some(DirectionFlag::Angle(a)) => {
            let n = vars.len();
            if n != 2 {
                return Err(Error::usage(format!(
                    "--angle is for functions of 2 variables; this one has {n} ({}); use --along or --toward",
                    var_list(pool, vars)
                )));
            }
            Direction::Angle(coordinates::angle(pool, a)?)
        }
        None => return Err(Error::usage("dir needs a direction: --toward Q, --along V or --angle A")),
    })
}

fn text_lines(
    printers: &Printers,
    problem: &Problem,
    direction: &Direction,
    unit: &UnitVector,
    du: ExprId,
    a: &AtPoint,
    style: Style,
) -> Vec<String> {
    let latex = style.is_typeset();
    let typst = style == Style::Typst;
    let pt = printers.point(&problem.points[0], style);
    let mut lines = vec![echo(printers, problem.f, &problem.vars, style)];
    let (t0, t1) = match style {
        Style::Latex => ("\\text{", "}"),
        Style::Typst => ("\"", "\""),
        _ => ("", ""),
    };
    let from = match direction {
        Direction::Toward(q) => format!("{t0}from {t1}{pt}{t0} toward {t1}{}", printers.point(q, style)),
        Direction::Along(_) => format!("{t0}along {t1}{}", printers.vector(&unit.direction, style)),
        Direction::Angle(a) => {
            let p = printers.printer(style);
            // The first variable's axis, its name set as math.
            format!("{t0}at angle {t1}{}{t0} to the {t1}{}{t0} axis{t1}", p.expr(*a), p.var(problem.vars[0]))
        }
    };
    let uvec = printers.value_vector(&unit.unit, style);
    let n = problem.vars.len();
    let cosines: Vec<String> = unit
        .unit
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let greek = ["alpha", "beta", "gamma"].get(i).copied();
            let name = if typst {
                greek.map_or(format!("cos theta_{}", i + 1), |g| format!("cos {g}"))
            } else if latex {
                greek.map_or(format!("\\cos \\theta_{{{}}}", i + 1), |g| format!("\\cos \\{g}"))
            } else if n <= 3 {
                format!("cos {}", ["α", "β", "γ"][i])
            } else {
                format!("cos θ{}", i + 1)
            };
            format!("{name} = {}", printers.printer(style).expr(c))
        })
        .collect();
    let du_text = printers.printer(style).expr(du);
    let val = printers.value(a.value, style);
    let rate = printers.value(a.steepest.rate, style);
    if typst {
        lines.push(display(&format!("u = {uvec} quad {from}"), style));
        lines.push(display(&cosines.join(", quad "), style));
        lines.push(display(&format!("D_u f = nabla f dot u = {du_text}"), style));
        lines.push(display(&format!("D_u f{pt} = {val}"), style));
        if let Some(s) = &a.steepest.direction {
            lines.push(display(
                &format!(
                    "frac(nabla f, abs(nabla f)){pt} = {}, quad abs(nabla f{pt}) = {rate}",
                    printers.vector(s, style)
                ),
                style,
            ));
        }
    } else if latex {
        lines.push(display(&format!("u = {uvec} \\quad {from}"), style));
        lines.push(display(&cosines.join(", \\quad "), style));
        lines.push(display(&format!("D_u f = \\nabla f \\cdot u = {du_text}"), style));
        lines.push(display(&format!("D_u f{pt} = {val}"), style));
        if let Some(s) = &a.steepest.direction {
            lines.push(display(&format!(
                "\\frac{{\\nabla f}}{{\\lvert \\nabla f \\rvert}}{pt} = {}, \\quad \\lvert \\nabla f{pt} \\rvert = {rate}",
                printers.vector(s, style)
            ), style));
        }
    } else {
        lines.push(format!("{} = {uvec}   ({from})", label("u")));
        lines.push(format!("{} {}", label("direction cosines:"), cosines.join(", ")));
        lines.push(format!("{} = {du_text}", label("D_u f = ∇f·u")));
        lines.push(format!("{} = {val}", label(&format!("D_u f{pt}"))));
        lines.push(match &a.steepest.direction {
            Some(s) => format!(
                "{} ∇f/|∇f| = {}, at the rate |∇f| = {rate}",
                label(&format!("steepest ascent at {pt}:")),
                printers.vector(s, style)
            ),
            None => format!("{} ∇f{pt} = 0, so f does not change to first order in any direction", label("note:")),
        });
    }
    lines
}

/// The symbolic part with `--points`: the gradient, and u when it is the same at every point
/// (then ∇f·u symbolically too); toward a point, u is computed at each row.
fn for_points(ctx: &Context, problem: &mut Problem, flag: Option<&DirectionFlag>) -> Result<ForPoints> {
    let vars = problem.vars.clone();
    let pool = &mut problem.pool;
    let direction = direction(pool, flag, &vars)?;
    let fixed: Option<Vec<ExprId>> = match &direction {
        Direction::Toward(_) => None,
        d => Some(d.unit_vector(pool, &[]).map_err(|_| Error::math("the direction vector is zero"))?.unit),
    };
    let g = calculus::gradient(&mut ctx.deriver(), pool, problem.f, &vars);
    let domain = problem.domain.with(calculus::kinks::of_gradient(pool, problem.f, &vars));
    let du = fixed.as_ref().map(|u| {
        let du = directional::derivative(pool, &g, u);
        calculus::presentable(pool, du)
    });
    checks::printable(pool, &g)?;
    let pool = &problem.pool;
    let printers = Printers::new(pool, ctx.options.digits);
    let style = ctx.style();
    let q: Option<Vec<f64>> = match &direction {
        Direction::Toward(q) => Some(q.iter().map(|&c| pool.approx_const(c)).collect()),
        _ => None,
    };
    let lines = || {
        let mut lines = vec![echo(&printers, problem.f, &vars, style)];
        match (&fixed, du) {
            (Some(u), Some(d)) => {
                lines.push(equation("u", &printers.value_vector(u, style), style));
                let dot = match style {
                    Style::Latex => "D_u f = \\nabla f \\cdot u",
                    Style::Typst => "D_u f = nabla f dot u",
                    _ => "D_u f = ∇f·u",
                };
                lines.push(equation(dot, &printers.printer(style).expr(d), style));
            }
            _ => {
                let q = q.as_deref().map(|q| point_text(q, ctx.options.digits)).unwrap_or_default();
                lines.push(if style == Style::Latex {
                    display(&format!("u = \\frac{{Q - P}}{{\\lvert Q - P \\rvert}}, \\quad Q = {q}"), style)
                } else if style == Style::Typst {
                    display(&format!("u = frac(Q - P, abs(Q - P)), quad Q = {q}"), style)
                } else {
                    format!("{} = (Q - P)/|Q - P| from each point P toward Q = {q}", label("u"))
                });
            }
        }
        lines
    };
    let keys = || {
        let mut keys = Vec::new();
        if let Some(u) = &fixed {
            keys.push(("unit", Value::Array(u.iter().map(|&x| printers.value_json(x)).collect())));
        }
        if let Some(d) = du {
            keys.push(("derivative", printers.expr_json(d)));
        }
        keys
    };
    let directional = match (&fixed, &q) {
        (Some(u), _) => Directional::Fixed(u.iter().map(|&c| pool.approx_const(c)).collect()),
        (None, q) => Directional::Toward(q.clone().unwrap_or_default()),
    };
    Ok(ForPoints {
        command: "dir",
        head: Head::for_format(ctx.format(), lines, keys),
        tape: g,
        domain,
        shape: Shape::Scalar,
        directional: Some(directional),
        label: "D_u f".to_string(),
    })
}
