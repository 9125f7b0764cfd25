//! `hessian EXPR`: the Hessian matrix; at each `--at` point its exact value, its leading
//! principal minors and what the second-derivative test concludes there; or its values at
//! many points.

use super::{need_variables, Context, Report};
use crate::calculus::definiteness::{self, Critical};
use crate::calculus::{self, present};
use crate::cli::args::Format;
use crate::cli::checks;
use crate::cli::format::{at_key, csv_table, echo, json_document, label, labelled, per_point, report};
use crate::cli::points::{self, ForPoints, Head, Shape};
use crate::cli::problem::Problem;
use crate::error::Result;
use crate::eval::domain::Domain;
use crate::explain;
use crate::explain::derivations::{self, HessianAt};
use crate::expr::ExprId;
use crate::print::values::{display, subscript, Printers};
use crate::print::Style;
use serde_json::{json, Value};

pub fn run(ctx: &Context) -> Result<Report> {
    let mut problem = ctx.problem()?;
    need_variables(&problem.vars, "its Hessian is empty")?;
    let mut deriver = ctx.deriver();
    let pool = &mut problem.pool;
    // Printed in presentable form (each entry as `diff` prints it); values come from the
    // Hessian as computed (`raw`), where a factor the printed form cancelled still makes a
    // value undefined. Only computed when something needs it.
    let (h, rows) = present::hessian_recorded(&mut deriver, pool, problem.f, &problem.vars, ctx.options.steps);
    let raw_needed = ctx.points.is_some() || !problem.points.is_empty() || ctx.options.steps;
    let raw = if raw_needed { calculus::hessian(&mut deriver, pool, problem.f, &problem.vars) } else { h.clone() };
    let domain = problem.domain.with(calculus::kinks::of_hessian(&mut deriver, pool, problem.f, &problem.vars));
    if let Some((path, data)) = ctx.points {
        checks::printable(pool, &h.concat())?;
        let part = for_points(ctx, &problem, &h, &raw, domain);
        return points::run(ctx.options, &mut problem, part, path, data);
    }
    let g = calculus::gradient(&mut deriver, pool, problem.f, &problem.vars);
    let at_points: Vec<Result<HessianAt>> = problem
        .points
        .iter()
        .map(|c| {
            let matrix: Vec<Vec<ExprId>> =
                raw.iter().map(|row| checks::values_at(pool, &domain, row, &problem.vars, c)).collect::<Result<_>>()?;
            let gradient = checks::values_at(pool, &domain, &g, &problem.vars, c)?;
            let (classification, verdict) = definiteness::verdict(pool, &matrix, &gradient);
            Ok(HessianAt { point: c.clone(), matrix, classification, gradient, verdict })
        })
        .collect();
    let at_points = checks::checked_points(pool, &h.concat(), at_points, |a| {
        a.matrix.concat().into_iter().chain(a.classification.minors.iter().copied()).collect()
    })?;
    let derivation = ctx
        .options
        .steps
        .then(|| derivations::hessian(&problem.pool, &deriver, problem.f, &problem.vars, &g, &rows, &h, &at_points));
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    report(derivation.as_ref(), &printers, ctx.format(), |style| {
        Ok(match ctx.format() {
            Format::Json => {
                let mut keys = json_keys(&printers, &h);
                if !problem.points.is_empty() {
                    keys.push(at_key(&printers, &problem.points));
                    keys.push((
                        "value",
                        per_point(at_points.iter().map(|a| printers.matrix_json(&a.matrix, true)).collect()),
                    ));
                    keys.push((
                        "character",
                        per_point(at_points.iter().map(|a| character_json(&printers, a)).collect()),
                    ));
                }
                json_document("hessian", &printers, &problem.vars, keys, derivation.as_ref())
            }
            Format::Csv => {
                let (n, vars) = (problem.vars.len(), &problem.vars);
                let mut cols = Vec::new();
                for i in 0..n {
                    for j in i..n {
                        let name = format!("d2/d{}d{}", printers.plain.var(vars[i]), printers.plain.var(vars[j]));
                        cols.push((name, at_points.iter().map(|a| a.matrix[i][j]).collect()));
                    }
                }
                csv_table(&printers, vars, &problem.points, &cols)
            }
            Format::Plain if problem.points.is_empty() => printers.matrix(&h, Style::Plain),
            Format::Plain => {
                at_points.iter().map(|a| printers.matrix(&a.matrix, Style::Plain)).collect::<Vec<_>>().join("\n")
            }
            Format::Text | Format::Latex | Format::Typst => {
                let mut lines = head_lines(&printers, &problem, &h, style);
                for a in &at_points {
                    lines.extend(at_point_lines(&printers, a, style));
                }
                lines.join("\n")
            }
        })
    })
}

/// The Hessian at a point, its minors and the verdict.
fn at_point_lines(printers: &Printers, a: &HessianAt, style: Style) -> Vec<String> {
    let latex = style.is_typeset();
    let pt = printers.point(&a.point, style);
    let block = printers.matrix(&a.matrix, style);
    let minors = &a.classification.minors;
    let shown: Vec<String> = minors
        .iter()
        .enumerate()
        .map(|(k, &d)| {
            if style == Style::Latex {
                format!("D_{{{}}} = {}", k + 1, printers.latex.expr(d))
            } else if latex {
                format!("D_{} = {}", k + 1, printers.typst.expr(d))
            } else {
                format!("D{} = {}", subscript(k + 1), printers.text.expr(d))
            }
        })
        .collect();
    let verdict = explain::verdict::verdict(&a.verdict, &a.point, &a.gradient);
    if latex {
        // The verdict as a sentence of the document, under the minors.
        let verdict = verdict.render_inline(printers, style);
        let mut sentence = verdict.chars();
        let sentence = match sentence.next() {
            Some(first) => format!("{}{}.", first.to_uppercase(), sentence.as_str()),
            None => String::new(),
        };
        let quad = if style == Style::Latex { ", \\quad " } else { ", quad " };
        return vec![
            display(&format!("{}{pt} = {block}", hessian_name(style)), style),
            display(&shown.join(quad), style),
            sentence,
        ];
    }
    let verdict = verdict.render(printers, style);
    let minors_line = if shown.len() <= 6 {
        format!("{} {}", label("leading principal minors:"), shown.join(", "))
    } else {
        let signs: Vec<Option<i8>> = minors.iter().map(|&d| printers.pool.sign(d)).collect();
        let count = |s: i8| signs.iter().filter(|&&x| x == Some(s)).count();
        format!(
            "{} {} positive, {} negative, {} zero (all {} in JSON)",
            label("leading principal minors:"),
            count(1),
            count(-1),
            count(0),
            shown.len()
        )
    };
    vec![labelled(&format!("H{pt} = "), &block), minors_line, format!("{} {verdict}", label("character:"))]
}

fn character_json(printers: &Printers, a: &HessianAt) -> Value {
    let c = &a.classification;
    let conclusion = explain::verdict::conclusion(&a.verdict, &a.point, &a.gradient);
    let mut m = json!({
        "definiteness": explain::verdict::character_name(&a.verdict.character),
        "minors": c.minors.iter().map(|&d| printers.value_json(d)).collect::<Vec<_>>(),
        "critical_point": a.verdict.is_critical(),
        "conclusion": conclusion.render(printers, Style::Text),
    });
    if let Critical::OnlyIf(conditions) = &a.verdict.critical {
        let shown = |c| {
            let m = explain::verdict::condition(c);
            json!({"plain": m.render(printers, Style::Plain), "latex": m.render(printers, Style::Latex)})
        };
        m["critical_if"] = Value::Array(conditions.iter().map(shown).collect());
    }
    m
}

/// The echo and `H(f) = …`.
fn head_lines(printers: &Printers, problem: &Problem, h: &[Vec<ExprId>], style: Style) -> Vec<String> {
    let block = printers.matrix(h, style);
    vec![
        echo(printers, problem.f, &problem.vars, style),
        if style.is_typeset() { display(&format!("H_f = {block}"), style) } else { labelled("H(f) = ", &block) },
    ]
}

fn json_keys(printers: &Printers, h: &[Vec<ExprId>]) -> Vec<(&'static str, Value)> {
    vec![("hessian", printers.matrix_json(h, false))]
}

/// `h` printed, `raw` evaluated.
fn for_points(ctx: &Context, problem: &Problem, h: &[Vec<ExprId>], raw: &[Vec<ExprId>], domain: Domain) -> ForPoints {
    let printers = Printers::new(&problem.pool, ctx.options.digits);
    let style = ctx.style();
    let n = h.len();
    ForPoints {
        command: "hessian",
        head: Head::for_format(ctx.format(), || head_lines(&printers, problem, h, style), || json_keys(&printers, h)),
        // The upper triangle, row by row: the values are symmetric.
        tape: (0..n).flat_map(|i| raw[i][i..].to_vec()).collect(),
        domain,
        shape: Shape::Symmetric(n),
        directional: None,
        label: if style.is_typeset() { hessian_name(style) } else { "H" }.to_string(),
    }
}

/// `H_f` in LaTeX, `H_(f)` in Typst (where `H_f(1, 2)` would put the point in the subscript).
fn hessian_name(style: Style) -> &'static str {
    if style == Style::Typst {
        "H_(f)"
    } else {
        "H_f"
    }
}
