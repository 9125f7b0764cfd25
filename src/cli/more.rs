//! The commands built on the gradient: `dir`, `hessian`, `jacobian`, `differential` and
//! `descend`.

use super::args::Format;
use super::commands::{
    add_steps, at_json, echo, json_doc, labelled, per_point, result_check, value_at, values_at, Job, Report,
};
use super::output::{display, label, Out};
use super::request::{self, var_list};
use super::steps;
use crate::calculus;
use crate::error::{Error, Result};
use crate::expr::{number, ExprId, Func, Pool, SymId};
use crate::print::{decimal, Style};
use serde_json::{json, Value};
use std::io::Write as _;

// ----- dir -----

pub fn dir(job: &Job, src: &str, toward: Option<&str>, along: Option<&str>, angle: Option<&str>) -> Result<Report> {
    let mut p = job.prepare(src)?;
    if p.points.len() != 1 {
        return Err(Error::usage(if p.points.is_empty() {
            "dir needs the point: --at P".to_string()
        } else {
            "dir takes one point (--at P)".to_string()
        }));
    }
    let n = p.vars.len();
    let at = p.points[0].clone();
    let pool = &mut p.pool;
    let (direction, how) = match (toward, along, angle) {
        (Some(q), None, None) => {
            let q = request::point(pool, q, &p.vars, "--toward")?;
            let v: Vec<ExprId> = q.iter().zip(&at).map(|(&qi, &pi)| pool.sub(qi, pi)).collect();
            (v, Direction::Toward(q))
        }
        (None, Some(v), None) => (request::vector(pool, v, &p.vars)?, Direction::Along),
        (None, None, Some(a)) => {
            if n != 2 {
                return Err(Error::usage(format!(
                    "--angle is for functions of 2 variables; this one has {n} ({}); use --along or --toward",
                    var_list(pool, &p.vars)
                )));
            }
            let a = request::angle(pool, a)?;
            let c = pool.func(Func::Cos, a);
            let s = pool.func(Func::Sin, a);
            (vec![c, s], Direction::Angle(a))
        }
        _ => return Err(Error::usage("dir needs a direction: --toward Q, --along V or --angle A")),
    };
    let len = calculus::norm(pool, &direction);
    if pool.is_zero(len) || pool.sign(len) == Some(0) {
        let why = match how {
            Direction::Toward(_) => "--toward is the same point as --at, so there is no direction",
            _ => "the direction vector is zero",
        };
        return Err(Error::math(why));
    }
    let inv = pool.powi(len, -1);
    let u: Vec<ExprId> = direction.iter().map(|&c| pool.mul2(c, inv)).collect();
    let u = crate::simplify::textbook_forms(pool, &u);
    let mut deriver = job.deriver();
    let g = calculus::gradient(&mut deriver, pool, p.f, &p.vars);
    let terms: Vec<ExprId> = g.iter().zip(&u).map(|(&gi, &ui)| pool.mul2(gi, ui)).collect();
    let du = pool.add(terms);
    result_check(pool, &[du])?;
    let (raw_du, du) = (du, crate::simplify::textbook_form(pool, du));
    let value = value_at(pool, raw_du, &p.vars, &at)?;
    let g_at = values_at(pool, &g, &p.vars, &at)?;
    let g_norm = calculus::norm(pool, &g_at);
    let g_norm = crate::simplify::textbook_form(pool, g_norm);
    let steepest: Option<Vec<ExprId>> = if pool.is_zero(g_norm) {
        None
    } else {
        let inv = pool.powi(g_norm, -1);
        let s: Vec<ExprId> = g_at.iter().map(|&x| pool.mul2(x, inv)).collect();
        Some(crate::simplify::textbook_forms(pool, &s))
    };
    let printed: Vec<ExprId> =
        u.iter().chain(&g_at).chain(steepest.iter().flatten()).copied().chain([value, g_norm]).collect();
    result_check(pool, &printed)?;
    let work = job.steps.then(|| {
        let toward = match &how {
            Direction::Toward(q) => steps::Toward::Point(q.clone()),
            Direction::Along => steps::Toward::Vector,
            Direction::Angle(a) => steps::Toward::Angle(*a),
        };
        let w = steps::DirWork {
            f: p.f,
            vars: &p.vars,
            at: &at,
            toward,
            direction: &direction,
            length: len,
            unit: &u,
            gradient: &g,
            derivative: du,
            gradient_at: &g_at,
            max_rate: g_norm,
            value,
        };
        steps::dir(&p.pool, &deriver, &w)
    });
    let out = Out::new(&p.pool, job.digits);
    if let Some(r) = job.steps_text(&out, &work) {
        return Ok(r);
    }
    let style = job.style();
    Ok(match job.format() {
        Format::Json => {
            let mut rest = vec![
                ("unit", Value::Array(u.iter().map(|&x| out.value_json(x)).collect())),
                ("derivative", out.expr_json(du)),
                ("at", at_json(&out, &at)),
                ("value", out.value_json(value)),
                ("gradient_at", Value::Array(g_at.iter().map(|&x| out.value_json(x)).collect())),
                ("max_rate", out.value_json(g_norm)),
            ];
            if let Some(s) = &steepest {
                rest.push(("steepest", Value::Array(s.iter().map(|&x| out.value_json(x)).collect())));
            }
            add_steps(&mut rest, &out, &work);
            json_doc("dir", &out, &p.vars, rest)
        }
        Format::Csv => return Err(Error::usage("--format csv is for results at many points; dir takes one")),
        Format::Plain => out.plain.expr(value),
        Format::Text | Format::Latex => {
            let latex = style == Style::Latex;
            let pt = out.point(&at, style);
            let mut lines = vec![echo(&out, &p, style)];
            let (t0, t1) = if latex { ("\\text{", "}") } else { ("", "") };
            let from = match &how {
                Direction::Toward(q) => format!("{t0}from {t1}{pt}{t0} toward {t1}{}", out.point(q, style)),
                Direction::Along => format!("{t0}along {t1}{}", out.vector(&direction, style)),
                Direction::Angle(a) => {
                    format!("{t0}at angle {t1}{}{t0} to the x axis{t1}", out.printer(style).expr(*a))
                }
            };
            let uvec = out.value_vector(&u, style);
            let cos_names = ["α", "β", "γ"];
            let cosines: Vec<String> = u
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let name = if n <= 3 { cos_names[i].to_string() } else { format!("θ{}", i + 1) };
                    let name = if latex {
                        format!("\\cos \\{}", ["alpha", "beta", "gamma"].get(i).copied().unwrap_or("theta"))
                    } else {
                        format!("cos {name}")
                    };
                    format!("{name} = {}", out.printer(style).expr(c))
                })
                .collect();
            let du_text = out.printer(style).expr(du);
            let val = out.value(value, style);
            let rate = out.value(g_norm, style);
            if latex {
                lines.push(display(&format!("u = {uvec} \\quad {from}")));
                lines.push(display(&cosines.join(", \\quad ")));
                lines.push(display(&format!("D_u f = \\nabla f \\cdot u = {du_text}")));
                lines.push(display(&format!("D_u f{pt} = {val}")));
                if let Some(s) = &steepest {
                    lines.push(display(&format!("\\frac{{\\nabla f}}{{\\lvert \\nabla f \\rvert}}{pt} = {}, \\quad \\lvert \\nabla f{pt} \\rvert = {rate}", out.vector(s, style))));
                }
            } else {
                lines.push(format!("{} = {uvec}   ({from})", label("u")));
                lines.push(format!("{} {}", label("direction cosines:"), cosines.join(", ")));
                lines.push(format!("{} = {du_text}", label("D_u f = ∇f·u")));
                lines.push(format!("{} = {val}", label(&format!("D_u f{pt}"))));
                match &steepest {
                    Some(s) => lines.push(format!(
                        "{} ∇f/|∇f| = {}, at the rate |∇f| = {rate}",
                        label(&format!("steepest ascent at {pt}:")),
                        out.vector(s, style)
                    )),
                    None => lines.push(format!(
                        "{} ∇f{pt} = 0, so f does not change to first order in any direction",
                        label("note:")
                    )),
                }
            }
            lines.join("\n")
        }
    })
}

enum Direction {
    Toward(Vec<ExprId>),
    Along,
    Angle(ExprId),
}

// ----- hessian -----

pub fn hessian(job: &Job, src: &str) -> Result<Report> {
    let mut p = job.prepare(src)?;
    request::need_variables(&p.vars, "Hessian")?;
    let mut deriver = job.deriver();
    let h = calculus::hessian(&mut deriver, &mut p.pool, p.f, &p.vars);
    result_check(&mut p.pool, &h.concat())?;
    let (raw, h) = (h.clone(), crate::simplify::textbook_matrix(&mut p.pool, &h));
    let mut at_values = Vec::new();
    let mut shown_at = Vec::new();
    for c in p.points.clone() {
        let m: Vec<Vec<ExprId>> =
            raw.iter().map(|row| values_at(&mut p.pool, row, &p.vars, &c)).collect::<Result<_>>()?;
        let g = calculus::gradient(&mut deriver, &mut p.pool, p.f, &p.vars);
        let g_at = values_at(&mut p.pool, &g, &p.vars, &c)?;
        let mut character = classify(&mut p.pool, &m);
        character.minors = crate::simplify::textbook_forms(&mut p.pool, &character.minors);
        let critical = g_at.iter().all(|&x| p.pool.is_zero(x));
        result_check(&mut p.pool, &m.concat())?;
        result_check(&mut p.pool, &character.minors)?;
        if job.steps {
            shown_at.push(steps::HessianAt {
                point: c.clone(),
                matrix: m.clone(),
                minors: character.minors.clone(),
                gradient: g_at,
                verdict: format!("{}; {}", character.kind.describe(), conclusion(character.kind, critical)),
            });
        }
        at_values.push((m, character, critical));
    }
    let work = job.steps.then(|| {
        let g = calculus::gradient(&mut deriver, &mut p.pool, p.f, &p.vars);
        steps::hessian(&p.pool, &deriver, p.f, &p.vars, &g, &h, &shown_at)
    });
    let out = Out::new(&p.pool, job.digits);
    if let Some(r) = job.steps_text(&out, &work) {
        return Ok(r);
    }
    let style = job.style();
    Ok(match job.format() {
        Format::Json => {
            let mut rest = vec![("hessian", out.matrix_json(&h, false))];
            if !p.points.is_empty() {
                rest.push(("at", per_point(job, p.points.iter().map(|c| at_json(&out, c)).collect())));
                rest.push((
                    "value",
                    per_point(job, at_values.iter().map(|(m, _, _)| out.matrix_json(m, true)).collect()),
                ));
                rest.push((
                    "character",
                    per_point(
                        job,
                        at_values
                            .iter()
                            .map(|(_, ch, crit)| {
                                json!({"definiteness": ch.kind.name(), "minors": ch.minors.iter().map(|&d| out.value_json(d)).collect::<Vec<_>>(), "critical_point": crit, "conclusion": conclusion(ch.kind, *crit)})
                            })
                            .collect(),
                    ),
                ));
            }
            add_steps(&mut rest, &out, &work);
            json_doc("hessian", &out, &p.vars, rest)
        }
        Format::Csv => {
            let n = p.vars.len();
            let mut cols = Vec::new();
            for i in 0..n {
                for j in i..n {
                    let name = format!("d2/d{}d{}", out.plain.var(p.vars[i]), out.plain.var(p.vars[j]));
                    cols.push((name, at_values.iter().map(|(m, _, _)| m[i][j]).collect()));
                }
            }
            super::points::csv(&out, &p.vars, &p.points, &cols)
        }
        Format::Plain => {
            if p.points.is_empty() {
                out.matrix(&h, Style::Plain)
            } else {
                at_values.iter().map(|(m, _, _)| out.matrix(m, Style::Plain)).collect::<Vec<_>>().join("\n")
            }
        }
        Format::Text | Format::Latex => {
            let latex = style == Style::Latex;
            let mut lines = vec![echo(&out, &p, style)];
            let block = out.matrix(&h, style);
            lines.push(if latex { display(&format!("H_f = {block}")) } else { labelled("H(f) = ", &block) });
            for (c, (m, ch, crit)) in p.points.iter().zip(&at_values) {
                let pt = out.point(c, style);
                let block = out.matrix(m, style);
                let minors: Vec<String> = ch
                    .minors
                    .iter()
                    .enumerate()
                    .map(|(k, &d)| {
                        if latex {
                            format!("D_{{{}}} = {}", k + 1, out.latex.expr(d))
                        } else {
                            format!("D{} = {}", subscript(k + 1), out.text.expr(d))
                        }
                    })
                    .collect();
                let verdict = format!("{}; {}", ch.kind.describe(), conclusion(ch.kind, *crit));
                if latex {
                    lines.push(display(&format!("H_f{pt} = {block}")));
                    lines.push(display(&format!("{} \\quad \\text{{({verdict})}}", minors.join(", \\quad "))));
                } else {
                    lines.push(labelled(&format!("H{pt} = "), &block));
                    if minors.len() <= 6 {
                        lines.push(format!("{} {}", label("leading principal minors:"), minors.join(", ")));
                    } else {
                        let signs: Vec<Option<i8>> = ch.minors.iter().map(|&d| out.pool.sign(d)).collect();
                        let count = |s: i8| signs.iter().filter(|&&x| x == Some(s)).count();
                        lines.push(format!(
                            "{} {} positive, {} negative, {} zero (all {} in JSON)",
                            label("leading principal minors:"),
                            count(1),
                            count(-1),
                            count(0),
                            minors.len()
                        ));
                    }
                    lines.push(format!("{} {verdict}", label("character:")));
                }
            }
            lines.join("\n")
        }
    })
}

fn subscript(k: usize) -> String {
    k.to_string().chars().map(|c| "₀₁₂₃₄₅₆₇₈₉".chars().nth(c.to_digit(10).unwrap_or(0) as usize).unwrap_or(c)).collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Definiteness {
    PositiveDefinite,
    NegativeDefinite,
    Indefinite,
    PositiveSemidefinite,
    NegativeSemidefinite,
    Zero,
    Undecided,
}

impl Definiteness {
    fn name(self) -> &'static str {
        match self {
            Definiteness::PositiveDefinite => "positive definite",
            Definiteness::NegativeDefinite => "negative definite",
            Definiteness::Indefinite => "indefinite",
            Definiteness::PositiveSemidefinite => "positive semidefinite",
            Definiteness::NegativeSemidefinite => "negative semidefinite",
            Definiteness::Zero => "zero",
            Definiteness::Undecided => "undecided",
        }
    }

    fn describe(self) -> String {
        match self {
            Definiteness::Undecided => "the signs of the minors could not be decided".into(),
            Definiteness::Zero => "the Hessian is zero there".into(),
            k => format!("the Hessian is {} there", k.name()),
        }
    }
}

fn conclusion(kind: Definiteness, critical: bool) -> String {
    if !critical {
        return "∇f ≠ 0 there, so it is not a critical point".into();
    }
    match kind {
        Definiteness::PositiveDefinite => "∇f = 0 there, so it is a local minimum".into(),
        Definiteness::NegativeDefinite => "∇f = 0 there, so it is a local maximum".into(),
        Definiteness::Indefinite => "∇f = 0 there, so it is a saddle point".into(),
        _ => "∇f = 0 there, but the second-derivative test is inconclusive".into(),
    }
}

struct Character {
    kind: Definiteness,
    minors: Vec<ExprId>,
}

/// Sylvester's criterion on the exact leading principal minors; when the determinant is
/// zero, all principal minors decide semidefiniteness (for up to 12 variables).
fn classify(pool: &mut Pool, m: &[Vec<ExprId>]) -> Character {
    let minors = calculus::leading_minors(pool, m);
    let signs: Vec<Option<i8>> = minors.iter().map(|&d| pool.sign(d)).collect();
    let n = m.len();
    if n == 0 {
        return Character { kind: Definiteness::Zero, minors };
    }
    if signs.iter().any(Option::is_none) {
        return Character { kind: Definiteness::Undecided, minors };
    }
    let s: Vec<i8> = signs.into_iter().flatten().collect();
    let kind = if s.iter().all(|&x| x > 0) {
        Definiteness::PositiveDefinite
    } else if s.iter().enumerate().all(|(k, &x)| if k % 2 == 0 { x < 0 } else { x > 0 }) {
        Definiteness::NegativeDefinite
    } else if s[n - 1] != 0 {
        // A non-singular matrix that is not definite has eigenvalues of both signs.
        Definiteness::Indefinite
    } else if m.iter().all(|r| r.iter().all(|&c| pool.is_zero(c))) {
        Definiteness::Zero
    } else if n <= 12 {
        let all = calculus::principal_minors(pool, m);
        let signs: Vec<Vec<Option<i8>>> = all.iter().map(|ds| ds.iter().map(|&d| pool.sign(d)).collect()).collect();
        if signs.iter().flatten().any(Option::is_none) {
            Definiteness::Undecided
        } else if signs.iter().flatten().all(|&x| x.unwrap_or(0) >= 0) {
            Definiteness::PositiveSemidefinite
        } else if signs
            .iter()
            .enumerate()
            .all(|(k, ds)| ds.iter().all(|&x| if k % 2 == 0 { x.unwrap_or(0) <= 0 } else { x.unwrap_or(0) >= 0 }))
        {
            Definiteness::NegativeSemidefinite
        } else {
            Definiteness::Indefinite
        }
    } else {
        Definiteness::Undecided
    };
    Character { kind, minors }
}

// ----- jacobian -----

pub fn jacobian(job: &Job, src: &str) -> Result<Report> {
    let (mut p, fs) = job.prepare_list(src)?;
    request::need_variables(&p.vars, "Jacobian")?;
    let mut deriver = job.deriver();
    let j = calculus::jacobian(&mut deriver, &mut p.pool, &fs, &p.vars);
    result_check(&mut p.pool, &j.concat())?;
    let (raw, j) = (j.clone(), crate::simplify::textbook_matrix(&mut p.pool, &j));
    let mut at_values = Vec::new();
    for c in p.points.clone() {
        let m: Vec<Vec<ExprId>> =
            raw.iter().map(|row| values_at(&mut p.pool, row, &p.vars, &c)).collect::<Result<_>>()?;
        result_check(&mut p.pool, &m.concat())?;
        at_values.push(m);
    }
    let work = job.steps.then(|| {
        let at: Vec<(Vec<ExprId>, Vec<Vec<ExprId>>)> =
            p.points.iter().cloned().zip(at_values.iter().cloned()).collect();
        steps::jacobian(&p.pool, &deriver, &fs, &p.vars, &j, &at)
    });
    let out = Out::new(&p.pool, job.digits);
    if let Some(r) = job.steps_text(&out, &work) {
        return Ok(r);
    }
    let style = job.style();
    Ok(match job.format() {
        Format::Json => {
            let mut rest = vec![
                ("functions", Value::Array(fs.iter().map(|&f| out.expr_json(f)).collect())),
                ("jacobian", out.matrix_json(&j, false)),
            ];
            if !p.points.is_empty() {
                rest.push(("at", per_point(job, p.points.iter().map(|c| at_json(&out, c)).collect())));
                rest.push(("value", per_point(job, at_values.iter().map(|m| out.matrix_json(m, true)).collect())));
            }
            add_steps(&mut rest, &out, &work);
            json_doc("jacobian", &out, &p.vars, rest)
        }
        Format::Csv => {
            let mut cols = Vec::new();
            for (i, _) in fs.iter().enumerate() {
                for (k, &v) in p.vars.iter().enumerate() {
                    cols.push((
                        format!("df{}/d{}", i + 1, out.plain.var(v)),
                        at_values.iter().map(|m| m[i][k]).collect(),
                    ));
                }
            }
            super::points::csv(&out, &p.vars, &p.points, &cols)
        }
        Format::Plain => {
            if p.points.is_empty() {
                out.matrix(&j, Style::Plain)
            } else {
                at_values.iter().map(|m| out.matrix(m, Style::Plain)).collect::<Vec<_>>().join("\n")
            }
        }
        Format::Text | Format::Latex => {
            let latex = style == Style::Latex;
            let sig = out.signature("F", &p.vars, style);
            let fvec = out.vector(&fs, style);
            let mut lines =
                vec![if latex { display(&format!("{sig} = {fvec}")) } else { format!("{} = {fvec}", label(&sig)) }];
            let block = out.matrix(&j, style);
            lines.push(if latex { display(&format!("J_F = {block}")) } else { labelled("J = ", &block) });
            for (c, m) in p.points.iter().zip(&at_values) {
                let pt = out.point(c, style);
                let block = out.matrix(m, style);
                lines.push(if latex {
                    display(&format!("J_F{pt} = {block}"))
                } else {
                    labelled(&format!("J{pt} = "), &block)
                });
            }
            lines.join("\n")
        }
    })
}

// ----- differential -----

pub fn differential(job: &Job, src: &str) -> Result<Report> {
    let mut p = job.prepare(src)?;
    let mut deriver = job.deriver();
    let g = calculus::gradient(&mut deriver, &mut p.pool, p.f, &p.vars);
    result_check(&mut p.pool, &g)?;
    let (raw, g) = (g.clone(), crate::simplify::textbook_forms(&mut p.pool, &g));
    let mut at_values = Vec::new();
    for c in p.points.clone() {
        let v = values_at(&mut p.pool, &raw, &p.vars, &c)?;
        result_check(&mut p.pool, &v)?;
        at_values.push(v);
    }
    let signed_g = signed_terms(&mut p.pool, &g);
    let signed_at: Vec<Vec<(bool, ExprId)>> = at_values.iter().map(|v| signed_terms(&mut p.pool, v)).collect();
    let out = Out::new(&p.pool, job.digits);
    let style = job.style();
    let form = |coeffs: &[(bool, ExprId)], style: Style| differential_form(&out, coeffs, &p.vars, style);
    let work = job.steps.then(|| {
        let tri =
            |c: &[(bool, ExprId)]| steps::Tri::new(form(c, Style::Text), form(c, Style::Plain), form(c, Style::Latex));
        let mut forms = vec![tri(&signed_g)];
        forms.extend(signed_at.iter().map(|c| tri(c)));
        steps::differential(&p.pool, &deriver, p.f, &p.vars, &p.points, &forms)
    });
    if let Some(r) = job.steps_text(&out, &work) {
        return Ok(r);
    }
    Ok(match job.format() {
        Format::Json => {
            let e = |c: &[(bool, ExprId)]| json!({"plain": form(c, Style::Plain), "latex": form(c, Style::Latex)});
            let mut rest = vec![("differential", e(&signed_g))];
            if !p.points.is_empty() {
                rest.push(("at", per_point(job, p.points.iter().map(|c| at_json(&out, c)).collect())));
                rest.push(("value", per_point(job, signed_at.iter().map(|v| e(v)).collect())));
            }
            add_steps(&mut rest, &out, &work);
            json_doc("differential", &out, &p.vars, rest)
        }
        Format::Csv => {
            return Err(Error::usage(
                "--format csv is not available for differential; use grad --format csv for the coefficients",
            ))
        }
        Format::Plain => {
            if p.points.is_empty() {
                form(&signed_g, Style::Plain)
            } else {
                signed_at.iter().map(|v| form(v, Style::Plain)).collect::<Vec<_>>().join("\n")
            }
        }
        Format::Text | Format::Latex => {
            let latex = style == Style::Latex;
            let mut lines = vec![echo(&out, &p, style)];
            let df = if latex { "\\mathrm{d}f" } else { "df" };
            lines.push(if latex {
                display(&format!("{df} = {}", form(&signed_g, style)))
            } else {
                format!("{} = {}", label(df), form(&signed_g, style))
            });
            for (c, v) in p.points.iter().zip(&signed_at) {
                let pt = out.point(c, style);
                lines.push(if latex {
                    display(&format!("\\left. {df} \\right|_{{{pt}}} = {}", form(v, style)))
                } else {
                    format!("{} = {}", label(&format!("df{pt}")), form(v, style))
                });
            }
            lines.join("\n")
        }
    })
}

/// Each coefficient as (negative?, magnitude), so the form can write `- 2y dy`.
fn signed_terms(pool: &mut Pool, coeffs: &[ExprId]) -> Vec<(bool, ExprId)> {
    coeffs
        .iter()
        .map(|&c| {
            let negative = pool.coeff_of(c) < number::int(0) && !matches!(pool.node(c), crate::expr::Node::Add(_));
            (negative, if negative { pool.neg(c) } else { c })
        })
        .collect()
}

/// `2*x*dx + 2*y*dy` (plain), `2x dx + 2y dy` (text), `2 x \, \mathrm{d}x + …` (LaTeX).
fn differential_form(out: &Out, coeffs: &[(bool, ExprId)], vars: &[SymId], style: Style) -> String {
    let p = out.printer(style);
    let mut s = String::new();
    for (&(negative, c), &v) in coeffs.iter().zip(vars) {
        if out.pool.is_zero(c) {
            continue;
        }
        let d = match style {
            Style::Latex => format!("\\mathrm{{d}}{}", p.var(v)),
            _ => format!("d{}", p.var(v)),
        };
        s.push_str(match (s.is_empty(), negative) {
            (true, true) => "-",
            (true, false) => "",
            (false, true) => " - ",
            (false, false) => " + ",
        });
        if out.pool.is_one(c) {
            s.push_str(&d);
            continue;
        }
        let shown = p.expr(c);
        let coeff = match (out.pool.node(c), style) {
            (crate::expr::Node::Add(_), Style::Latex) => format!("\\left({shown}\\right)"),
            (crate::expr::Node::Add(_), _) => format!("({shown})"),
            _ => shown,
        };
        let mul = match style {
            Style::Plain => "*",
            Style::Text => " ",
            Style::Latex => " \\, ",
        };
        s.push_str(&format!("{coeff}{mul}{d}"));
    }
    if s.is_empty() {
        "0".into()
    } else {
        s
    }
}

// ----- descend -----

pub fn descend(job: &Job, src: &str, from: &str, rate: &str, steps: usize, tol: Option<f64>) -> Result<Report> {
    let mut p = job.prepare(src)?;
    let start = request::point(&mut p.pool, from, &p.vars, "--from")?;
    let eta_id = request::constant(&mut p.pool, rate, "--rate")?;
    let eta = p.pool.approx_const(eta_id);
    if !(eta.is_finite() && eta > 0.0) {
        if p.pool.sign(eta_id) == Some(1) {
            // Positive, but descend runs in double precision, where it is 0 or infinite.
            let which = if eta == 0.0 { "small" } else { "large" };
            return Err(Error::usage(format!(
                "--rate '{rate}' is too {which} for double precision, in which descend computes"
            )));
        }
        return Err(Error::usage(format!("--rate must be a positive number, not '{rate}'")));
    }
    if let Some(t) = tol {
        // |∇f| < T never holds for T ≤ 0 or NaN: the flag would be ignored without a word.
        if !(t.is_finite() && t > 0.0) {
            return Err(Error::usage(format!("--tol must be a positive number, not '{t}'")));
        }
    }
    let mut deriver = job.deriver();
    let g = calculus::gradient(&mut deriver, &mut p.pool, p.f, &p.vars);
    result_check(&mut p.pool, &g)?;
    let mut x: Vec<f64> = start.iter().map(|&c| p.pool.approx_const(c)).collect();
    let tape = crate::eval::tape::Tape::compile(&p.pool, &[p.f], &p.vars);
    let gtape = crate::eval::tape::Tape::compile(&p.pool, &g, &p.vars);
    let mut rows = Vec::new();
    let mut stopped = "steps";
    let mut fx = [0.0];
    let mut gx = vec![0.0; g.len()];
    // Each row prints 3n + 2 numbers: the table is bounded by the output limit as it grows
    // (a million steps held 1.8 GB of JSON before they were printed).
    let row_bytes = ((3 * p.vars.len() + 2) * (job.digits + 4)) as u64;
    for i in 0..=steps {
        if (i as u64 + 1).saturating_mul(row_bytes) > p.pool.limits().output_bytes as u64 {
            return Err(Error::limit(crate::limits::Limit::Output, p.pool.limits(), false).with_help(format!(
                "ask for fewer --steps, or raise the limit with --max-output N or the environment variable {}",
                crate::limits::Limit::Output.env_var()
            )));
        }
        tape.eval(&x, &mut fx);
        gtape.eval(&x, &mut gx);
        let step: Vec<f64> = gx.iter().map(|d| -eta * d).collect();
        let gnorm = gx.iter().map(|d| d * d).sum::<f64>().sqrt();
        let finite = fx[0].is_finite() && gx.iter().all(|d| d.is_finite()) && x.iter().all(|d| d.is_finite());
        rows.push(Row { i, point: x.clone(), gradient: gx.clone(), step: step.clone(), value: fx[0] });
        if !finite || fx[0].abs() > 1e300 {
            stopped = "diverged";
            // Not eprintln!, which panics when stderr is closed.
            let _ = writeln!(
                std::io::stderr(),
                "{} gradient descent diverged at step {i} (f = {}); try a smaller --rate",
                colored::Colorize::yellow("warning:"),
                fx[0]
            );
            break;
        }
        if tol.is_some_and(|t| gnorm < t) {
            stopped = "tol";
            break;
        }
        if i == steps {
            break;
        }
        for (xi, s) in x.iter_mut().zip(&step) {
            *xi += s;
        }
    }
    let update: Vec<ExprId> = if job.steps {
        let minus_eta = p.pool.neg(eta_id);
        g.iter().map(|&d| p.pool.mul2(minus_eta, d)).collect()
    } else {
        Vec::new()
    };
    let out = Out::new(&p.pool, job.digits);
    if job.steps {
        let shown: Vec<steps::DescentRow> = rows
            .iter()
            .map(|r| steps::DescentRow {
                point: r.point.clone(),
                gradient: r.gradient.clone(),
                step: r.step.clone(),
                value: r.value,
            })
            .collect();
        let table = [Style::Text, Style::Plain, Style::Latex].map(|st| {
            let (h, b) = descent_table(&out, &p.vars, &rows, job.digits, st);
            if st == Style::Latex {
                (h, b.into_iter().map(|r| r.into_iter().map(|c| format!("${c}$")).collect()).collect())
            } else {
                (h, b)
            }
        });
        let w = steps::DescentWork {
            f: p.f,
            vars: &p.vars,
            gradient: &g,
            eta,
            update: &update,
            rows: &shown,
            stopped,
            digits: job.digits,
            table,
        };
        let work = Some(steps::descend(&p.pool, &deriver, &w));
        if let Some(r) = job.steps_text(&out, &work) {
            return Ok(r);
        }
        if job.format() == Format::Json {
            let rows_json: Vec<Value> = rows.iter().map(row_json).collect();
            let mut rest = vec![("rate", json!(eta)), ("rows", Value::Array(rows_json)), ("stopped", json!(stopped))];
            add_steps(&mut rest, &out, &work);
            return Ok(json_doc("descend", &out, &p.vars, rest));
        }
    }
    Ok(match job.format() {
        Format::Json => {
            let rows_json: Vec<Value> = rows.iter().map(row_json).collect();
            json_doc(
                "descend",
                &out,
                &p.vars,
                vec![("rate", json!(eta)), ("rows", Value::Array(rows_json)), ("stopped", json!(stopped))],
            )
        }
        fmt => {
            let style = job.style();
            let (header, body) = descent_table(&out, &p.vars, &rows, job.digits, style);
            let summary = format!(
                "η = {}, stopped: {}",
                decimal(eta, job.digits),
                match stopped {
                    "tol" => "|∇f| fell below --tol",
                    "diverged" => "the values diverged",
                    _ => "after --steps updates",
                }
            );
            match fmt {
                Format::Csv => {
                    let mut s = header.join(",");
                    for r in &body {
                        s.push('\n');
                        s.push_str(&r.join(","));
                    }
                    s
                }
                _ if style == Style::Latex => {
                    let cols = "r".repeat(header.len());
                    let mut s =
                        format!("\\begin{{tabular}}{{{cols}}}\n\\hline\n{} \\\\\n\\hline\n", header.join(" & "));
                    for r in &body {
                        s.push_str(&format!(
                            "{} \\\\\n",
                            r.iter().map(|c| format!("${c}$")).collect::<Vec<_>>().join(" & ")
                        ));
                    }
                    s.push_str("\\hline\n\\end{tabular}");
                    s
                }
                _ => {
                    let mut table = vec![header];
                    table.extend(body);
                    let widths: Vec<usize> = (0..table[0].len())
                        .map(|j| table.iter().map(|r| r[j].chars().count()).max().unwrap_or(0))
                        .collect();
                    let mut lines = Vec::new();
                    if style == Style::Text {
                        lines.push(echo(&out, &p, style));
                        lines.push(format!("{} Δ = -η∇f, {summary}", label("gradient descent:")));
                    }
                    for (k, r) in table.iter().enumerate() {
                        let line: Vec<String> = r
                            .iter()
                            .enumerate()
                            .map(|(j, c)| format!("{}{c}", " ".repeat(widths[j] - c.chars().count())))
                            .collect();
                        let line = line.join("  ");
                        lines.push(if k == 0 && style == Style::Text { label(&line) } else { line });
                    }
                    lines.join("\n")
                }
            }
        }
    })
}

/// One row of the descent table as JSON.
fn row_json(r: &Row) -> Value {
    json!({"i": r.i, "point": r.point.iter().map(|&v| json_f64(v)).collect::<Vec<_>>(), "gradient": r.gradient.iter().map(|&v| json_f64(v)).collect::<Vec<_>>(), "step": r.step.iter().map(|&v| json_f64(v)).collect::<Vec<_>>(), "value": json_f64(r.value)})
}

/// The header and the cells of the descent table in one style (LaTeX cells without `$`).
fn descent_table(
    out: &Out,
    vars: &[SymId],
    rows: &[Row],
    digits: usize,
    style: Style,
) -> (Vec<String>, Vec<Vec<String>>) {
    let vnames = out.var_names(vars, style);
    let mut header = vec!["i".to_string()];
    header.extend(vnames.iter().cloned());
    match style {
        Style::Latex => {
            header.extend(vnames.iter().map(|v| format!("$\\partial f/\\partial {v}$")));
            header.extend(vnames.iter().map(|v| format!("$\\Delta {v}$")));
            header.push("$f$".into());
            for h in header.iter_mut().skip(1).take(vnames.len()) {
                *h = format!("${h}$");
            }
        }
        Style::Text => {
            header.extend(vnames.iter().map(|v| format!("∂f/∂{v}")));
            header.extend(vnames.iter().map(|v| format!("Δ{v}")));
            header.push("f".into());
        }
        Style::Plain => {
            header.extend(vnames.iter().map(|v| format!("df/d{v}")));
            header.extend(vnames.iter().map(|v| format!("step_{v}")));
            header.push("f".into());
        }
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![r.i.to_string()];
            cells.extend(
                r.point
                    .iter()
                    .chain(&r.gradient)
                    .chain(&r.step)
                    .chain(std::iter::once(&r.value))
                    .map(|&v| decimal(v, digits)),
            );
            cells
        })
        .collect();
    (header, body)
}

struct Row {
    i: usize,
    point: Vec<f64>,
    gradient: Vec<f64>,
    step: Vec<f64>,
    value: f64,
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
