//! `critical EXPR [--subject-to "G = c"]… [--range …]`: the critical points of f, each
//! classified ([`crate::calculus::critical`]): exactly and completely for a polynomial, every
//! one in a box otherwise; with constraints, by Lagrange multipliers. The words come from
//! [`crate::explain::critical`], which also writes the derivation of `--steps`.

use super::{need_variables, Context, Report};
use crate::calculus::critical::{self, exact, numeric, Critical, Extreme, Point, Real};
use crate::cli::args::Format;
use crate::cli::format::{echo, equation, json_document, label, report};
use crate::cli::problem::Problem;
use crate::error::{Error, Result};
use crate::explain::critical as words;
use crate::explain::{Math, Prose};
use crate::expr::{ExprId, Pool, SymId};
use crate::print::values::{display, Printers};
use crate::print::Style;
use serde_json::{json, Value};

/// The box searched when none is given: −10..10 in each variable (the contract's default).
const DEFAULT_RANGE: (f64, f64) = (-10.0, 10.0);

pub fn run(ctx: &Context, constraints: &[String], range: Option<&str>) -> Result<Report> {
    // Each constraint `G = c` is read as its two sides.
    let mut sides: Vec<String> = Vec::new();
    for c in constraints {
        let parts: Vec<&str> = c.split('=').collect();
        if parts.len() != 2 || parts.iter().any(|p| p.trim().is_empty()) {
            return Err(Error::usage(format!("--subject-to '{c}' is not an equation G = c"))
                .with_help("write the constraint with one '=', like --subject-to \"x^2 + y^2 = 1\""));
        }
        sides.push(parts[0].to_string());
        sides.push(parts[1].to_string());
    }
    let refs: Vec<&str> = sides.iter().map(String::as_str).collect();
    let (mut problem, more) = ctx.problem_with(&refs)?;
    need_variables(&problem.vars, "it has no critical points to find")?;
    // Solving needs numbers: no unknown function, every parameter given a value.
    if let Some(name) = problem.unknown_function() {
        return Err(Error::usage(format!(
            "'{name}' is an unknown function (--funcs), so its critical points cannot be found"
        ))
        .with_help(format!("write the formula of {name} in its place")));
    }
    problem.require_values()?;
    let vars = problem.vars.clone();
    let pool = &mut problem.pool;
    let f = problem.f;
    let cons: Vec<ExprId> = more.chunks(2).map(|p| pool.sub(p[0], p[1])).collect();
    let shown_constraints: Vec<(ExprId, ExprId)> = more.chunks(2).map(|p| (p[0], p[1])).collect();
    let mut deriver = ctx.deriver();
    let window: Option<Vec<(f64, f64)>> = match range {
        Some(typed) => {
            let (w, values) = super::plot::ranges(pool, typed, &vars, false)?;
            if values.is_some() {
                return Err(Error::usage("--range of critical takes the variables' ranges only, like x=-4:4,y=-4:4"));
            }
            Some(w.iter().map(|i| i.map_or(DEFAULT_RANGE, |i| (i.lo, i.hi))).collect())
        }
        None => None,
    };
    let mut result: Critical = if exact::is_polynomial(pool, f, &vars, &cons) {
        let mut c = exact::find(pool, &mut deriver, f, &vars, &cons).unwrap_or_else(|| {
            Err(Error::math("f is not a polynomial")) // is_polynomial said it is
        })?;
        if let Some(w) = &window {
            // A box asked for: the exact points inside it.
            c.points.retain(|p| p.coords.iter().zip(w).all(|(x, (lo, hi))| (lo..=hi).contains(&&x.approx(pool))));
        }
        c
    } else if !cons.is_empty() {
        return Err(Error::usage(
            "--subject-to solves the Lagrange system exactly, and needs f and every constraint to be polynomials",
        )
        .with_help("for other functions, substitute the constraint (y = …) into f and search a box with --range"));
    } else {
        let w = window.clone().unwrap_or_else(|| vec![DEFAULT_RANGE; vars.len()]);
        numeric::find(pool, &mut deriver, f, &vars, &w)?
    };
    result.complete &= true;
    let gradient = crate::calculus::present::presentable_all(pool, &result.gradient);
    let digits = ctx.options.digits;
    let derivation = ctx.options.steps.then(|| words::derivation(pool, &result, f, digits));
    // The polynomials that algebraic coordinates are roots of.
    let roots: Vec<Vec<(SymId, Math, ExprId)>> =
        result.points.iter().map(|p| words::roots_of(pool, p, &vars, digits)).collect();
    let printers = Printers::new(&problem.pool, digits);
    let pool = &problem.pool;
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let keys = vec![
                    (
                        "points",
                        Value::Array(
                            result
                                .points
                                .iter()
                                .enumerate()
                                .map(|(k, p)| point_json(&printers, &result, p, &roots[k]))
                                .collect(),
                        ),
                    ),
                    ("sets", Value::Array(result.sets.iter().map(|s| set_json(&printers, s)).collect())),
                    ("complete", json!(result.complete)),
                    (
                        "range",
                        match &result.method {
                            critical::Method::Interval { range, .. } => {
                                json!(range.iter().map(|(a, b)| [a, b]).collect::<Vec<_>>())
                            }
                            _ => window
                                .as_ref()
                                .map_or(Value::Null, |w| json!(w.iter().map(|(a, b)| [a, b]).collect::<Vec<_>>())),
                        },
                    ),
                    (
                        "method",
                        json!(match result.method {
                            critical::Method::Exact { .. } => "exact",
                            _ => "interval",
                        }),
                    ),
                    (
                        "constraints",
                        Value::Array(
                            shown_constraints
                                .iter()
                                .map(|&(g, c)| json!({"lhs": printers.expr_json(g), "rhs": printers.expr_json(c)}))
                                .collect(),
                        ),
                    ),
                    ("bounded", json!(result.bounded)),
                    ("summary", json!(words::completeness(&result).render(&printers, Style::Plain))),
                ];
                json_document("critical", &printers, &vars, keys, derivation.as_ref())
            }
            _ => lines(&printers, pool, &problem, &result, &gradient, &shown_constraints, &roots, style).join("\n"),
        })
    })
}

/// The report in text, plain, LaTeX or Typst.
#[allow(clippy::too_many_arguments)]
fn lines(
    printers: &Printers,
    pool: &Pool,
    problem: &Problem,
    c: &Critical,
    gradient: &[ExprId],
    constraints: &[(ExprId, ExprId)],
    roots: &[Vec<(SymId, Math, ExprId)>],
    style: Style,
) -> Vec<String> {
    // LaTeX or Typst: display math for the formulas, lines of text-mode words between them.
    let typeset = style.is_typeset();
    let digits = printers.digits;
    let p = printers.printer(style);
    let mut out = vec![echo(printers, problem.f, &problem.vars, style)];
    for &(g, v) in constraints {
        let eq = format!("{} = {}", p.expr(g), p.expr(v));
        out.push(if typeset { format!("subject to ${eq}$") } else { format!("{} {eq}", label("subject to:")) });
    }
    if constraints.is_empty() {
        let nabla = match style {
            Style::Latex => "\\nabla f",
            Style::Typst => "nabla f",
            _ => "∇f",
        };
        out.push(equation(nabla, &printers.vector(gradient, style), style));
    }
    let prose = |pr: Prose| if typeset { pr.render_inline(printers, style) } else { pr.render(printers, style) };
    for s in &c.sets {
        out.push(prose(words::set_prose(pool, s, c.vars.len())));
    }
    let constrained = !c.lambdas.is_empty();
    for pt in c.points.iter() {
        let at = words::point(pool, &pt.coords, digits).render(printers, style);
        let mut head = at.clone();
        for (l, &name) in pt.multipliers.iter().zip(&c.lambdas) {
            head.push_str(&format!(", {} = {}", p.var(name), words::real(pool, l, digits).render(printers, style)));
        }
        let kind = if pt.kind == crate::calculus::definiteness::Conclusion::Inconclusive {
            if constrained {
                "the bordered-Hessian test is inconclusive"
            } else {
                "the second-derivative test is inconclusive"
            }
        } else {
            words::kind_name(pt.kind)
        };
        let kind = if constrained && pt.kind != crate::calculus::definiteness::Conclusion::Inconclusive {
            match pt.kind {
                crate::calculus::definiteness::Conclusion::SaddlePoint => {
                    "neither a maximum nor a minimum on the constraint".to_string()
                }
                k => format!("{} on the constraint", words::kind_name(k)),
            }
        } else {
            kind.to_string()
        };
        let value = words::real_value(pool, &pt.value, digits).render(printers, style);
        let extreme = match pt.extreme {
            Some(Extreme::Maximum) => ", the largest value on the constraint set",
            Some(Extreme::Minimum) => ", the smallest value on the constraint set",
            None => "",
        };
        let line = match style {
            Style::Latex => display(&format!("{head} \\quad \\text{{{kind}}}, \\quad f = {value}"), style),
            Style::Typst => display(&format!("{head} quad \"{kind}\", quad f = {value}"), style),
            _ => format!("{head}: {kind}, f = {value}{extreme}"),
        };
        out.push(line);
        if typeset && !extreme.is_empty() {
            out.push(extreme.trim_start_matches(", ").to_string());
        }
        // Why, where the Hessian's verdict needs words: inconclusive or decided otherwise.
        if pt.higher.is_some() || pt.test == crate::calculus::definiteness::Conclusion::Inconclusive {
            out.push(indent(&prose(words::reason(pool, pt, constrained, digits)), typeset));
        }
    }
    // The polynomials irrational coordinates are roots of, once each (the decimals above say
    // which root).
    let mut seen: Vec<(SymId, ExprId)> = Vec::new();
    for (v, _, poly) in roots.iter().flatten() {
        if !seen.contains(&(*v, *poly)) {
            seen.push((*v, *poly));
        }
    }
    if !seen.is_empty() {
        out.push(prose(Prose::text("where a coordinate is a decimal, it is the root near that decimal of:")));
        for (v, poly) in seen {
            let equation = Math::Row(vec![Math::Expr(poly), Math::literal(" = 0", " = 0", " = 0")]);
            let note = Prose::default().math(Math::Var(v)).words(": ").math(equation);
            out.push(indent(&prose(note), typeset));
        }
    }
    out.push(prose(words::completeness(c)));
    if typeset {
        // Lines of words in a row are paragraphs of their own (TeX and Typst would run them
        // together into one).
        let display = |l: &str| l.starts_with("\\[") || l.starts_with("\\begin") || l.starts_with("$ ");
        let mut spaced: Vec<String> = Vec::with_capacity(out.len());
        for l in out {
            if spaced.last().is_some_and(|prev| !display(prev) && !display(&l)) {
                spaced.push(String::new());
            }
            spaced.push(l);
        }
        return spaced;
    }
    out
}

/// A line of words under a point: indented in text and plain (typeset output has no indent).
fn indent(s: &str, typeset: bool) -> String {
    if typeset {
        s.to_string()
    } else {
        format!("    {s}")
    }
}

/// A number as a JSON value object: exact ones as usual; an algebraic number with its
/// decimal as `plain`, the polynomial it is a root of and its isolating interval; an
/// enclosure with its interval.
fn real_json(printers: &Printers, r: &Real, var: Option<(SymId, &(SymId, Math, ExprId))>) -> Value {
    let pool = printers.pool;
    match r {
        Real::Exact(e) => printers.value_json(*e),
        Real::Root(root) => {
            let d = words::decimal_of(pool, r, 17);
            let (lo, hi) = root.interval();
            let mut m = json!({"plain": d, "latex": d, "approx": r.approx(pool),
                "interval": [lo.to_string(), hi.to_string()]});
            if let Some((_, (_, _, poly))) = var {
                m["root_of"] = printers.expr_json(*poly);
            }
            m
        }
        Real::Enclosed { lo, hi, mid } => {
            let d = words::decimal_of(pool, r, 17);
            json!({"plain": d, "latex": d, "approx": mid, "interval": [lo, hi]})
        }
    }
}

fn point_json(printers: &Printers, c: &Critical, p: &Point, roots: &[(SymId, Math, ExprId)]) -> Value {
    let pool = printers.pool;
    let at: Vec<Value> = p
        .coords
        .iter()
        .zip(&c.vars)
        .map(|(x, &v)| real_json(printers, x, roots.iter().find(|r| r.0 == v).map(|r| (v, r))))
        .collect();
    let constrained = !c.lambdas.is_empty();
    let mut m = json!({
        "at": at,
        "value": real_json(printers, &p.value, None),
        "kind": words::kind_json(p.kind),
        "hessian": p.hessian.iter().map(|r| r.iter().map(|x| real_json(printers, x, None)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "minors": p.minors.iter().map(|x| real_json(printers, x, None)).collect::<Vec<_>>(),
        "test": words::kind_json(p.test),
        "reason": words::reason(pool, p, constrained, printers.digits).render(printers, Style::Plain),
    });
    if constrained {
        m["lambda"] = Value::Array(p.multipliers.iter().map(|x| real_json(printers, x, None)).collect());
    }
    if let Some(e) = p.extreme {
        m["extreme"] = json!(match e {
            Extreme::Maximum => "maximum",
            Extreme::Minimum => "minimum",
        });
    }
    if let Some(b) = &p.enclosure {
        m["box"] = json!(b.iter().map(|(a, b)| [a, b]).collect::<Vec<_>>());
    }
    m
}

fn set_json(printers: &Printers, s: &critical::SolutionSet) -> Value {
    json!({
        "dimension": s.dimension,
        "equations": s.equations.iter().map(|&e| printers.expr_json(e)).collect::<Vec<_>>(),
        "linear": s.linear,
        "value": s.value.map(|v| printers.value_json(v)),
        "real": s.real,
        "description": words::set_prose(printers.pool, s, 0).render(printers, Style::Plain),
    })
}
