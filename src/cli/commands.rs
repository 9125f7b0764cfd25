//! One function per command: validated request in, printed report out.

use super::args::{Common, Format};
use super::output::{display, label, Out};
use super::request::{self, check_constants, derivative_vars, var_list};
use super::steps::{self, Derivation};
use crate::calculus::{self, Deriver};
use crate::error::{Error, Result};
use crate::eval::exact;
use crate::expr::{ExprId, Pool, SymId};
use crate::limits::Limit;
use crate::print::printed_size;
use crate::print::Style;
use crate::syntax::{self, ParseOptions};
use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value};

/// A parsed expression with its variables and points, ready for a command.
pub struct Prepared {
    pub pool: Pool,
    pub f: ExprId,
    pub vars: Vec<SymId>,
    pub points: Vec<Vec<ExprId>>,
}

pub struct Job<'a> {
    pub common: &'a Common,
    pub digits: usize,
    /// Show the work (`--steps`).
    pub steps: bool,
}

impl Job<'_> {
    /// A derivative engine, recording its rules when the work is to be shown.
    pub fn deriver(&self) -> Deriver {
        if self.steps {
            Deriver::traced()
        } else {
            Deriver::new()
        }
    }

    /// With `--steps`, the whole report in text, plain and LaTeX is the derivation (JSON
    /// keeps its usual keys and adds `steps`).
    pub fn steps_text(&self, out: &Out, work: &Option<Derivation>) -> Option<Report> {
        match (work, self.format()) {
            (Some(d), Format::Text | Format::Plain | Format::Latex) => Some(d.render(out, self.style())),
            _ => None,
        }
    }

    pub fn format(&self) -> Format {
        self.common.format
    }

    /// The style of expressions in this format (JSON and CSV carry plain and LaTeX).
    pub fn style(&self) -> Style {
        match self.common.format {
            Format::Text => Style::Text,
            Format::Latex => Style::Latex,
            _ => Style::Plain,
        }
    }

    fn opts(&self) -> Result<ParseOptions> {
        request::parse_options(self.common)
    }

    /// Parses one expression and the points, checking everything a command relies on.
    pub fn prepare(&self, src: &str) -> Result<Prepared> {
        let mut pool = Pool::new(request::limits(self.common));
        let opts = self.opts()?;
        let f = syntax::parse(&mut pool, src, &opts)?;
        result_check(&mut pool, &[f])?;
        check_constants(&mut pool, f, src)?;
        let vars = request::variables(&mut pool, self.common, &opts);
        let points = self.points(&mut pool, &vars)?;
        Ok(Prepared { pool, f, vars, points })
    }

    /// Parses a comma list of expressions (the Jacobian's input).
    pub fn prepare_list(&self, src: &str) -> Result<(Prepared, Vec<ExprId>)> {
        let mut pool = Pool::new(request::limits(self.common));
        let opts = self.opts()?;
        let fs = syntax::parse_list(&mut pool, src, &opts)?;
        result_check(&mut pool, &fs)?;
        for &f in &fs {
            check_constants(&mut pool, f, src)?;
        }
        let vars = request::variables(&mut pool, self.common, &opts);
        let points = self.points(&mut pool, &vars)?;
        let first = fs[0];
        Ok((Prepared { pool, f: first, vars, points }, fs))
    }

    fn points(&self, pool: &mut Pool, vars: &[SymId]) -> Result<Vec<Vec<ExprId>>> {
        let mut pts = Vec::new();
        for a in &self.common.at {
            pts.push(request::point(pool, a, vars, "--at")?);
        }
        // `--points` rows are read by `many`, in double precision.
        Ok(pts)
    }
}

/// What a command prints, and its exit code (0 unless a per-point value was undefined).
pub type Report = String;

pub(super) fn limit_check(pool: &Pool) -> Result<()> {
    match pool.limit_hit() {
        Some(l) => Err(Error::limit(l, pool.limits(), false)),
        None => Ok(()),
    }
}

/// [`limit_check`], and the expressions `ids` print within the output limit: checked before
/// printing, because a result that shares its subexpressions can print as far more text
/// than the pool holds.
pub(super) fn result_check(pool: &mut Pool, ids: &[ExprId]) -> Result<()> {
    limit_check(pool)?;
    if printed_size(pool, ids) > pool.limits().output_bytes as u64 {
        return Err(Error::limit(Limit::Output, pool.limits(), false));
    }
    if let Some(u) = exact::undefined_part(pool, ids) {
        return Err(Error::math(format!(
            "the result is not defined over the reals: it holds {}, which is not defined ({})",
            short_plain(pool, u.expr),
            u.reason
        ))
        .with_help(
            "a negative base to a variable power, like (-2)^x, is real only at isolated points and has no derivative",
        ));
    }
    limit_check(pool)
}

/// The plain form of a subexpression named in an error message, cut short when long.
fn short_plain(pool: &Pool, id: ExprId) -> String {
    const MAX: usize = 200;
    let out = Out::new(pool, 10);
    if printed_size(pool, &[id]) > 16 * MAX as u64 {
        return "a subexpression too long to show".into();
    }
    let s = out.plain.expr(id);
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}

/// The exact value of `id` at one point, or an error naming the undefined subexpression.
pub fn value_at(pool: &mut Pool, id: ExprId, vars: &[SymId], coords: &[ExprId]) -> Result<ExprId> {
    let map: FxHashMap<SymId, ExprId> = vars.iter().copied().zip(coords.iter().copied()).collect();
    let r = exact::value_at(pool, id, &map);
    limit_check(pool)?;
    let v = r.map_err(|u| {
        let out = Out::new(pool, 10);
        let point = out.point(coords, Style::Text);
        Error::math(format!("{} is not defined at {point}: {}", short_plain(pool, u.expr), u.reason))
    })?;
    Ok(crate::simplify::textbook_form(pool, v))
}

pub(super) fn values_at(pool: &mut Pool, ids: &[ExprId], vars: &[SymId], coords: &[ExprId]) -> Result<Vec<ExprId>> {
    ids.iter().map(|&g| value_at(pool, g, vars, coords)).collect()
}

/// `f(x, y) = …`, the echo of how the input was read.
pub(super) fn echo(out: &Out, p: &Prepared, style: Style) -> String {
    let sig = out.signature("f", &p.vars, style);
    let body = out.printer(style).expr(p.f);
    match style {
        Style::Latex => display(&format!("{sig} = {body}")),
        _ => format!("{} = {body}", label(&sig)),
    }
}

/// Lines of a multi-line block after a label, indented under its first line.
pub(super) fn labelled(label_text: &str, block: &str) -> String {
    let width = console_width(label_text);
    let mut lines = block.lines();
    let mut s = format!("{}{}", label(label_text), lines.next().unwrap_or(""));
    for l in lines {
        s.push('\n');
        s.push_str(&" ".repeat(width));
        s.push_str(l);
    }
    s
}

fn console_width(s: &str) -> usize {
    s.chars().count()
}

/// `"steps": [...]` next to the usual keys, with `--steps`.
pub(super) fn add_steps(rest: &mut Vec<(&str, Value)>, out: &Out, work: &Option<Derivation>) {
    if let Some(d) = work {
        rest.push(("steps", d.json(out)));
    }
}

pub(super) fn json_doc(command: &str, out: &Out, vars: &[SymId], rest: Vec<(&str, Value)>) -> String {
    let mut m = Map::new();
    m.insert("command".into(), json!(command));
    m.insert("vars".into(), json!(out.var_names(vars, Style::Plain)));
    for (k, v) in rest {
        m.insert(k.into(), v);
    }
    Value::Object(m).to_string()
}

/// `at` and per-point entries as cli.md wants them: one point → plain objects; several
/// (repeated `--at` or any `--points`) → arrays.
pub(super) fn per_point(job: &Job, items: Vec<Value>) -> Value {
    if items.len() == 1 && job.common.points.is_none() {
        items.into_iter().next().unwrap_or(Value::Null)
    } else {
        Value::Array(items)
    }
}

pub(super) fn at_json(out: &Out, coords: &[ExprId]) -> Value {
    Value::Array(coords.iter().map(|&c| out.value_json(c)).collect())
}

// ----- diff -----

pub fn diff(job: &Job, src: &str, wrt_raw: &[String]) -> Result<Report> {
    let mut p = job.prepare(src)?;
    let limits = p.pool.limits().clone();
    let mut wrt = derivative_vars(&mut p.pool, wrt_raw, &limits)?;
    if wrt.is_empty() {
        match p.vars.len() {
            1 => wrt.push(p.vars[0]),
            0 => {
                return Err(Error::usage(
                    "the expression has no variables; name the one to differentiate by, like: gradcalc diff EXPR x",
                ))
            }
            _ => {
                return Err(Error::usage(format!(
                    "which variable? the expression has {}; name one or more, like: gradcalc diff EXPR x",
                    var_list(&p.pool, &p.vars)
                )))
            }
        }
    }
    let mut deriver = job.deriver();
    // Printed in textbook form; values come from the derivative as computed (see simplify).
    let (raw, d) = if p.points.is_empty() && !job.steps {
        let d = crate::simplify::derivative(&mut deriver, &mut p.pool, p.f, &wrt);
        (d, d)
    } else {
        let d = deriver.derive_seq(&mut p.pool, p.f, &wrt);
        result_check(&mut p.pool, &[d])?;
        (d, crate::simplify::textbook_form(&mut p.pool, d))
    };
    result_check(&mut p.pool, &[d])?;
    let values: Vec<ExprId> =
        p.points.clone().iter().map(|c| value_at(&mut p.pool, raw, &p.vars, c)).collect::<Result<_>>()?;
    result_check(&mut p.pool, &values)?;
    let work = job.steps.then(|| steps::diff(&mut p.pool, &mut deriver, p.f, &p.vars, &wrt, d, &p.points, &values));
    limit_check(&p.pool)?;
    let out = Out::new(&p.pool, job.digits);
    if let Some(r) = job.steps_text(&out, &work) {
        return Ok(r);
    }
    let style = job.style();
    Ok(match job.format() {
        Format::Json => {
            let mut rest = vec![("wrt", json!(out.var_names(&wrt, Style::Plain))), ("derivative", out.expr_json(d))];
            if !p.points.is_empty() {
                rest.push(("at", per_point(job, p.points.iter().map(|c| at_json(&out, c)).collect())));
                rest.push(("value", per_point(job, values.iter().map(|&v| out.value_json(v)).collect())));
            }
            add_steps(&mut rest, &out, &work);
            json_doc("diff", &out, &p.vars, rest)
        }
        Format::Csv => super::points::csv(&out, &p.vars, &p.points, &[("value".to_string(), values.clone())]),
        Format::Plain => {
            if p.points.is_empty() {
                out.plain.expr(d)
            } else {
                values.iter().map(|&v| out.plain.expr(v)).collect::<Vec<_>>().join("\n")
            }
        }
        Format::Text | Format::Latex => {
            let lbl = steps::partial_label(&out, "f", &wrt, style);
            let mut lines = vec![echo(&out, &p, style)];
            let body = out.printer(style).expr(d);
            lines.push(if style == Style::Latex {
                display(&format!("{lbl} = {body}"))
            } else {
                format!("{} = {body}", label(&lbl))
            });
            for (c, &v) in p.points.iter().zip(&values) {
                let at = out.point(c, style);
                lines.push(if style == Style::Latex {
                    display(&format!("\\left. {lbl} \\right|_{{{at}}} = {}", out.value(v, style)))
                } else {
                    format!("{} = {}", label(&format!("{lbl}{at}")), out.value(v, style))
                });
            }
            lines.join("\n")
        }
    })
}

// ----- grad -----

pub fn grad(job: &Job, src: &str) -> Result<Report> {
    let mut p = job.prepare(src)?;
    request::need_variables(&p.vars, "gradient")?;
    let mut deriver = job.deriver();
    let g = calculus::gradient(&mut deriver, &mut p.pool, p.f, &p.vars);
    result_check(&mut p.pool, &g)?;
    let (raw, g) = (g.clone(), crate::simplify::textbook_forms(&mut p.pool, &g));
    let mut at_values = Vec::new();
    for c in p.points.clone() {
        let vals = values_at(&mut p.pool, &raw, &p.vars, &c)?;
        let norm = calculus::norm(&mut p.pool, &vals);
        let norm = crate::simplify::textbook_form(&mut p.pool, norm);
        result_check(&mut p.pool, &vals)?;
        result_check(&mut p.pool, &[norm])?;
        at_values.push((vals, norm));
    }
    let work = job.steps.then(|| steps::grad(&mut p.pool, &deriver, p.f, &p.vars, &g, &p.points, &at_values));
    let out = Out::new(&p.pool, job.digits);
    if let Some(r) = job.steps_text(&out, &work) {
        return Ok(r);
    }
    let style = job.style();
    Ok(match job.format() {
        Format::Json => {
            let mut rest = vec![("gradient", Value::Array(g.iter().map(|&e| out.expr_json(e)).collect()))];
            if !p.points.is_empty() {
                rest.push(("at", per_point(job, p.points.iter().map(|c| at_json(&out, c)).collect())));
                rest.push((
                    "value",
                    per_point(
                        job,
                        at_values
                            .iter()
                            .map(|(v, _)| Value::Array(v.iter().map(|&x| out.value_json(x)).collect()))
                            .collect(),
                    ),
                ));
                rest.push(("norm", per_point(job, at_values.iter().map(|(_, n)| out.value_json(*n)).collect())));
            }
            add_steps(&mut rest, &out, &work);
            json_doc("grad", &out, &p.vars, rest)
        }
        Format::Csv => {
            let mut cols: Vec<(String, Vec<ExprId>)> = p
                .vars
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    (format!("d/d{}", out.plain.var(v)), at_values.iter().map(|(vals, _)| vals[i]).collect())
                })
                .collect();
            cols.push(("norm".into(), at_values.iter().map(|(_, n)| *n).collect()));
            super::points::csv(&out, &p.vars, &p.points, &cols)
        }
        Format::Plain => {
            if p.points.is_empty() {
                out.vector(&g, Style::Plain)
            } else {
                at_values.iter().map(|(v, _)| out.vector(v, Style::Plain)).collect::<Vec<_>>().join("\n")
            }
        }
        Format::Text | Format::Latex => {
            let nabla = if style == Style::Latex { "\\nabla f" } else { "∇f" };
            let mut lines = vec![echo(&out, &p, style)];
            let body = out.vector(&g, style);
            lines.push(if style == Style::Latex {
                display(&format!("{nabla} = {body}"))
            } else {
                format!("{} = {body}", label(nabla))
            });
            for (c, (vals, norm)) in p.points.iter().zip(&at_values) {
                let at = out.point(c, style);
                let v = out.value_vector(vals, style);
                let n = out.value(*norm, style);
                let neg = {
                    let printer = out.printer(style);
                    let s = printer.expr(*norm);
                    if out.pool.is_zero(*norm) {
                        "0".to_string()
                    } else {
                        format!("-{s}")
                    }
                };
                if style == Style::Latex {
                    lines.push(display(&format!("{nabla}{at} = {v}")));
                    lines.push(display(&format!("\\left\\lvert {nabla}{at} \\right\\rvert = {n}")));
                } else {
                    lines.push(format!("{} = {v}", label(&format!("{nabla}{at}"))));
                    let note = if out.pool.is_zero(*norm) {
                        "(a stationary point: no direction changes f to first order)".to_string()
                    } else {
                        format!("(largest rate of increase; the smallest is {neg})")
                    };
                    lines.push(format!("{} = {n}   {note}", label(&format!("|{nabla}{at}|"))));
                }
            }
            lines.join("\n")
        }
    })
}

// ----- eval -----

pub fn eval(job: &Job, src: &str) -> Result<Report> {
    let mut p = job.prepare(src)?;
    if p.points.is_empty() {
        if !p.vars.is_empty() {
            return Err(Error::usage(format!(
                "eval needs a point: --at with a value for {}",
                var_list(&p.pool, &p.vars)
            )));
        }
        p.points.push(Vec::new());
    }
    let values: Vec<ExprId> =
        p.points.clone().iter().map(|c| value_at(&mut p.pool, p.f, &p.vars, c)).collect::<Result<_>>()?;
    result_check(&mut p.pool, &values)?;
    let work = job.steps.then(|| steps::eval(&p.pool, p.f, &p.vars, &p.points, &values));
    let out = Out::new(&p.pool, job.digits);
    if let Some(r) = job.steps_text(&out, &work) {
        return Ok(r);
    }
    let style = job.style();
    Ok(match job.format() {
        Format::Json => {
            let mut rest = vec![
                ("at", per_point(job, p.points.iter().map(|c| at_json(&out, c)).collect())),
                ("value", per_point(job, values.iter().map(|&v| out.value_json(v)).collect())),
            ];
            add_steps(&mut rest, &out, &work);
            json_doc("eval", &out, &p.vars, rest)
        }
        Format::Csv => super::points::csv(&out, &p.vars, &p.points, &[("value".to_string(), values.clone())]),
        Format::Plain => values.iter().map(|&v| out.plain.expr(v)).collect::<Vec<_>>().join("\n"),
        Format::Text | Format::Latex => {
            // A constant has nothing to echo: its value line says it all.
            let mut lines = if p.vars.is_empty() { vec![] } else { vec![echo(&out, &p, style)] };
            for (c, &v) in p.points.iter().zip(&values) {
                let value = out.value(v, style);
                lines.push(match (c.is_empty(), style) {
                    (true, Style::Latex) => display(&value),
                    (true, _) => value,
                    (false, Style::Latex) => display(&format!("f{} = {value}", out.point(c, style))),
                    (false, _) => format!("{} = {value}", label(&format!("f{}", out.point(c, style)))),
                });
            }
            lines.join("\n")
        }
    })
}

// ----- simplify -----

pub fn simplify(job: &Job, src: &str) -> Result<Report> {
    let mut p = job.prepare(src)?;
    p.f = crate::simplify::textbook_form(&mut p.pool, p.f);
    let work = job.steps.then(|| steps::simplify(p.f, src));
    let out = Out::new(&p.pool, job.digits);
    if let Some(r) = job.steps_text(&out, &work) {
        return Ok(r);
    }
    Ok(match job.format() {
        Format::Json => match &work {
            Some(w) => json!({"command": "simplify", "result": out.expr_json(p.f), "steps": w.json(&out)}).to_string(),
            None => json!({"command": "simplify", "result": out.expr_json(p.f)}).to_string(),
        },
        Format::Latex => display(&out.latex.expr(p.f)),
        Format::Csv => return Err(Error::usage("--format csv is for results at many points; simplify has none")),
        Format::Plain => out.plain.expr(p.f),
        Format::Text => out.text.expr(p.f),
    })
}

pub(super) use super::more::{descend, differential, dir, hessian, jacobian};
