//! Many points (`--points FILE` or `--points -`): a command's results at every row of a CSV
//! file, in double precision.
//!
//! The command computes its symbolic part as it always does — the same derivative, the same
//! checks and messages, the same echo and symbolic lines or JSON keys ([`ForPoints`]) — and
//! this module does the rest in bulk: the rows are read ([`csv`]), the expressions compiled
//! once into one f64 tape ([`crate::eval::tape`]) and evaluated on every core, and the values
//! formatted in parallel chunks ([`format`]). Exact values are what `--at` is for: a million
//! exact evaluations would take minutes, and a million `{"plain","latex","approx"}` objects
//! would say nothing the double does not.
//!
//! A point where a value is not finite (`ln(0)`, `1/0`) is not an error here: the value is
//! printed as `nan`/`inf` (JSON: the strings "nan", "inf", "-inf") and a warning counts them.
//! A point outside the result's domain (the input as written has no value there, or a
//! derivative passes a kink: [`crate::eval::domain`]) gets `nan` even where the compiled
//! value is finite (`x/x` at 0), with a warning in the words of the `--at` error; the
//! suspects are found in double precision and decided exactly.
//!
//! Output (also for a single row; `--at` points, if any, come first, rounded):
//! - `json`: the command's symbolic keys as usual, then `"precision":"f64"`, then `at` (one
//!   array of coordinates per point), `value` (one entry per point: a number, an array or a
//!   matrix) and, for `grad`, `norm`, all as plain JSON numbers (the shortest decimal that
//!   reads back as the same double); `dir --toward` adds each point's `unit`;
//! - `csv`: a header (the variables, then one column per result), one row per point, with
//!   `--digits` significant digits;
//! - `plain`: one line per point, the value(s) as decimals;
//! - `text` / `latex`: the echo and the symbolic result, then one line per point.

mod csv;
mod format;

use super::args::Format;
use super::checks;
use super::format::{label, style_of};
use super::problem::Problem;
use super::report::Report;
use super::request::Options;
use crate::calculus::directional;
use crate::error::{Error, Result};
use crate::eval::domain::{self, Domain};
use crate::eval::tape::Tape;
use crate::expr::{ExprId, Pool, Rational, SymId};
use crate::print::values::Printers;
use crate::print::Style;
use csv::Points;
use format::{
    json_matrix, json_num, json_row, json_symmetric, latex_value, norm, par_format, plain_value, text_value,
    typst_decimal, typst_value, write_decimal,
};
pub use format::{point_text, Shape};
use rustc_hash::FxHashSet;
use serde_json::{json, Map, Value};
use std::fmt::Write as _;

/// What the command printed before its values: lines (text, LaTeX) or JSON keys.
pub enum Head {
    Lines(Vec<String>),
    Keys(Vec<(&'static str, Value)>),
    /// Plain and CSV print values only.
    Nothing,
}

impl Head {
    /// The head for `format`: lines or keys, made only for the format that prints them.
    pub fn for_format(
        format: Format,
        lines: impl FnOnce() -> Vec<String>,
        keys: impl FnOnce() -> Vec<(&'static str, Value)>,
    ) -> Head {
        match format {
            Format::Text | Format::Latex | Format::Typst => Head::Lines(lines()),
            Format::Json => Head::Keys(keys()),
            Format::Plain | Format::Csv => Head::Nothing,
        }
    }

    fn lines(&self) -> &[String] {
        match self {
            Head::Lines(l) => l,
            _ => &[],
        }
    }

    fn keys(&self) -> &[(&'static str, Value)] {
        match self {
            Head::Keys(k) => k,
            _ => &[],
        }
    }
}

/// How `dir` turns the gradient at a point into its value there.
pub enum Directional {
    /// A direction that is the same at every point (`--along`, `--angle`): u, rounded.
    Fixed(Vec<f64>),
    /// Toward a point Q (`--toward`): u = (Q − P)/|Q − P| differs from point to point.
    Toward(Vec<f64>),
}

/// A command's part in a `--points` run, computed and checked by the command.
pub struct ForPoints {
    /// The command's name, for JSON.
    pub command: &'static str,
    pub head: Head,
    /// The expressions evaluated at every point (for `dir`, the gradient).
    pub tape: Vec<ExprId>,
    /// Where they have a value: a point outside it gets `nan` (see [`outside_domain`]).
    pub domain: Domain,
    pub shape: Shape,
    /// `dir` only: the value at a point is ∇f·u.
    pub directional: Option<Directional>,
    /// The left side of each point's line in text and LaTeX: `∂²f/∂z∂x`, `∇f`, `H`, `f`…
    pub label: String,
}

/// The values of `part` at the `--at` points and every row of `data` (read from `path`).
pub fn run(options: &Options, problem: &mut Problem, part: ForPoints, path: &str, data: &[u8]) -> Result<Report> {
    let vars = problem.vars.clone();
    let points = gather(problem, &vars, data, path)?;
    // Every symbol has a value: a variable's or a parameter's column, or --let.
    problem.require_values_besides(&points.params)?;
    let columns: Vec<SymId> = vars.iter().chain(&points.params).copied().collect();
    let tape = Tape::compile(&problem.pool, &part.tape, &columns);
    let mut values = vec![0.0; points.count * part.tape.len()];
    tape.eval_many(&points.coords, points.count, &mut values);
    let outside = outside_domain(&part.domain, &mut problem.pool, &columns, &points, &mut values);
    let pool = &problem.pool;
    // dir: the gradient at each point, dotted with u (and, toward a point, each point's u).
    let mut units: Vec<f64> = Vec::new();
    if let Some(how) = &part.directional {
        let n = vars.len();
        let width = columns.len();
        let grads = std::mem::take(&mut values);
        values = (0..points.count)
            .map(|i| {
                let g = &grads[i * n..(i + 1) * n];
                match how {
                    Directional::Fixed(u) => directional::dot(g, u),
                    Directional::Toward(q) => {
                        let u = directional::unit_toward(q, &points.coords[i * width..i * width + n]);
                        units.extend_from_slice(&u);
                        directional::dot(g, &u)
                    }
                }
            })
            .collect();
    }
    let per_point = values.len().checked_div(points.count).unwrap_or(0);
    let (outside, outside_rows) = outside;
    let warning = not_finite(&values, per_point, &points, &outside_rows);
    let warnings: Vec<String> = outside.into_iter().chain(warning).collect();
    let printers = Printers::new(pool, options.digits);
    let mut output = write(options, &printers, &part, &vars, &points, &values);
    if !units.is_empty() && options.format == Format::Json {
        // The per-point unit vectors go in before the closing brace.
        if let Some(last) = output.last_mut() {
            if last.ends_with('}') {
                last.pop();
                let n = vars.len();
                let mut s = String::from(",\"unit\":[");
                for i in 0..points.count {
                    if i > 0 {
                        s.push(',');
                    }
                    json_row(&units[i * n..(i + 1) * n], &mut s);
                }
                s.push_str("]}");
                output.push(s);
            }
        }
    }
    Ok(warnings.into_iter().fold(Report::pieces(output), |r, w| r.with_warning(Some(w))))
}

/// Sets the values at the points outside `domain` to NaN, and returns the warning that says
/// how many there are and why the first is: the same message as at an `--at` point
/// ([`checks::outside`]). Double precision finds the suspects, exact arithmetic decides them
/// ([`crate::eval::domain`]).
fn outside_domain(
    domain: &Domain,
    pool: &mut Pool,
    vars: &[SymId],
    points: &Points,
    values: &mut [f64],
) -> (Option<String>, FxHashSet<usize>) {
    let per_point = values.len().checked_div(points.count).unwrap_or(0);
    if domain.conditions.is_empty() || per_point == 0 {
        return (None, FxHashSet::default());
    }
    let suspects = domain.compile(pool, vars).suspects(&points.coords, points.count);
    let outside = domain::confirm(domain, pool, vars, &points.coords, &suspects);
    let rows: FxHashSet<usize> = outside.iter().map(|(i, _)| *i).collect();
    let Some((first, violation)) = outside.first().cloned() else { return (None, rows) };
    for (i, _) in &outside {
        values[i * per_point..(i + 1) * per_point].fill(f64::NAN);
    }
    let n = vars.len();
    let coords: Vec<ExprId> = points.coords[first * n..(first + 1) * n]
        .iter()
        .map(|&x| match Rational::from_float(x) {
            Some(r) => pool.num(r),
            None => pool.int(0),
        })
        .collect();
    let why = checks::outside(pool, domain, &violation, vars, &coords).message;
    let at = match points.lines[first] {
        0 => "an --at point".to_string(),
        l => format!("line {l}"),
    };
    let warning = format!(
        "{} of {} point{} {} outside the domain, printed as nan (first: {at}: {why})",
        outside.len(),
        points.count,
        if points.count == 1 { "" } else { "s" },
        if outside.len() == 1 { "is" } else { "are" }
    );
    (Some(warning), rows)
}

/// The `--at` points (exact, rounded) followed by the rows of the file.
fn gather(problem: &mut Problem, vars: &[SymId], data: &[u8], path: &str) -> Result<Points> {
    // The parameters a header may name: those still without a value.
    let open: Vec<SymId> = problem
        .params
        .iter()
        .copied()
        .filter(|&p| problem.functions.iter().any(|&f| problem.pool.depends_on(f, p)))
        .collect();
    let mut pts = csv::parse_csv(&mut problem.pool, data, path, vars, &open)?;
    if !problem.points.is_empty() && !pts.params.is_empty() {
        let pool = &problem.pool;
        return Err(Error::usage(format!(
            "--at points have no values for {}, which the header of {} names",
            super::coordinates::var_list(pool, &pts.params),
            super::input::shown_path(path)
        ))
        .with_help("put those points in the file as rows"));
    }
    if !problem.points.is_empty() {
        let pool = &problem.pool;
        let mut coords: Vec<f64> =
            problem.points.iter().flat_map(|c| c.iter().map(|&x| pool.approx_const(x))).collect();
        coords.extend_from_slice(&pts.coords);
        let mut lines = vec![0; problem.points.len()];
        lines.extend_from_slice(&pts.lines);
        pts = Points { count: lines.len(), coords, lines, params: Vec::new() };
    }
    Ok(pts)
}

/// The warning when some values are not finite: how many points, and the first (the points
/// outside the domain, `outside`, have a warning of their own).
fn not_finite(values: &[f64], per_point: usize, points: &Points, outside: &FxHashSet<usize>) -> Option<String> {
    if per_point == 0 {
        return None;
    }
    let bad = |(i, vs): &(usize, &[f64])| !outside.contains(i) && vs.iter().any(|v| !v.is_finite());
    let first = values.chunks(per_point).enumerate().find(bad)?.0;
    let count = values.chunks(per_point).enumerate().filter(bad).count();
    let at = match points.lines[first] {
        0 => "an --at point".to_string(),
        l => format!("line {l}"),
    };
    Some(format!(
        "{count} of {} point{} gave a value that is not a finite number (first: {at}); printed as nan or inf",
        points.count,
        if points.count == 1 { "" } else { "s" }
    ))
}

/// `(0.5, 0)`, or with parameters from the file `(0.5, 0; x = 1, y = 2)`.
fn point_with_parameters(c: &[f64], nvars: usize, params: &[String], digits: usize) -> String {
    let mut s = point_text(&c[..nvars], digits);
    if params.is_empty() {
        return s;
    }
    let close = ")";
    s.truncate(s.len() - close.len());
    s.push_str(if nvars == 0 { "" } else { "; " });
    for (j, (p, &v)) in params.iter().zip(&c[nvars..]).enumerate() {
        if j > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{p} = ");
        write_decimal(v, digits, &mut s);
    }
    s.push_str(close);
    s
}

/// Formats everything; the per-point parts are formatted in parallel, in order.
fn write(
    options: &Options,
    printers: &Printers,
    part: &ForPoints,
    vars: &[SymId],
    points: &Points,
    values: &[f64],
) -> Vec<String> {
    let shape = &part.shape;
    // Each row: the variables' coordinates, then the values of the parameters the file names.
    let n = vars.len() + points.params.len();
    let k = values.len().checked_div(points.count).unwrap_or(0);
    let digits = options.digits;
    let coords = |i: usize| &points.coords[i * n..(i + 1) * n];
    let param_names = printers.var_names(&points.params, Style::Plain);
    let vals = |i: usize| &values[i * k..(i + 1) * k];
    let mut parts: Vec<String> = Vec::new();
    match options.format {
        Format::Json => {
            let mut m = Map::new();
            m.insert("command".into(), json!(part.command));
            m.insert("vars".into(), json!(printers.var_names(vars, Style::Plain)));
            if !param_names.is_empty() {
                // Each entry of `at` holds the variables, then these.
                m.insert("params".into(), json!(param_names));
            }
            for (key, v) in part.head.keys() {
                m.insert((*key).into(), v.clone());
            }
            m.insert("precision".into(), json!("f64"));
            let mut head = Value::Object(m).to_string();
            head.pop(); // the closing brace: the arrays follow
            head.push_str(",\"at\":[");
            parts.push(head);
            parts.extend(par_format(points.count, 48 * n.max(1), |r, s| {
                for i in r {
                    if i > 0 {
                        s.push(',');
                    }
                    json_row(coords(i), s);
                }
            }));
            parts.push("],\"value\":[".into());
            parts.extend(par_format(points.count, 24 * k.max(1), |r, s| {
                for i in r {
                    if i > 0 {
                        s.push(',');
                    }
                    match shape {
                        Shape::Scalar => json_num(vals(i)[0], s),
                        Shape::Gradient => json_row(vals(i), s),
                        Shape::Symmetric(m) => json_symmetric(vals(i), *m, s),
                        Shape::Matrix(_, c) => json_matrix(vals(i), *c, s),
                    }
                }
            }));
            if let Shape::Gradient = shape {
                parts.push("],\"norm\":[".into());
                parts.extend(par_format(points.count, 24, |r, s| {
                    for i in r {
                        if i > 0 {
                            s.push(',');
                        }
                        json_num(norm(vals(i)), s);
                    }
                }));
            }
            parts.push("]}".into());
        }
        Format::Csv => {
            let mut head: Vec<String> = printers.var_names(vars, Style::Plain);
            head.extend(param_names.iter().cloned());
            let names = printers.var_names(vars, Style::Plain);
            match shape {
                Shape::Scalar => head.push("value".into()),
                Shape::Gradient => {
                    head.extend(names.iter().map(|v| format!("d/d{v}")));
                    head.push("norm".into());
                }
                Shape::Symmetric(m) => {
                    for i in 0..*m {
                        for j in i..*m {
                            head.push(format!("d2/d{}d{}", names[i], names[j]));
                        }
                    }
                }
                Shape::Matrix(r, c) => {
                    for i in 0..*r {
                        head.extend(names.iter().take(*c).map(|v| format!("df{}/d{v}", i + 1)));
                    }
                }
            }
            parts.push(head.join(","));
            parts.extend(par_format(points.count, 16 * (n + k + 1), |r, s| {
                for i in r {
                    s.push('\n');
                    let mut first = true;
                    for &v in coords(i).iter().chain(vals(i)) {
                        if !first {
                            s.push(',');
                        }
                        first = false;
                        write_decimal(v, digits, s);
                    }
                    if let Shape::Gradient = shape {
                        s.push(',');
                        write_decimal(norm(vals(i)), digits, s);
                    }
                }
            }));
        }
        Format::Plain => {
            parts.extend(par_format(points.count, 16 * k.max(1), |r, s| {
                for i in r {
                    if i > 0 {
                        s.push('\n');
                    }
                    plain_value(vals(i), shape, digits, s);
                }
            }));
        }
        Format::Text | Format::Latex | Format::Typst => {
            let style = style_of(options.format);
            let latex = style == Style::Latex;
            let typst = style == Style::Typst;
            let mut head = part.head.lines().join("\n");
            if points.count > 0 {
                head.push('\n');
            }
            parts.push(head);
            let approx = match style {
                Style::Latex => "\\approx",
                Style::Typst => "approx",
                _ => "≈",
            };
            let param_labels: Vec<String> = points.params.iter().map(|&p| printers.printer(style).var(p)).collect();
            let lhs = &part.label;
            parts.extend(par_format(points.count, 40 * (n + k), |r, s| {
                for i in r {
                    if i > 0 {
                        s.push('\n');
                    }
                    let pt = point_with_parameters(coords(i), vars.len(), &param_labels, digits);
                    if typst {
                        let _ = write!(s, "$ {lhs}{pt} {approx} ");
                        typst_value(vals(i), shape, digits, s);
                        s.push_str(" $");
                        if let Shape::Gradient = shape {
                            let _ = write!(s, "\n$ abs({lhs}{pt}) {approx} ");
                            typst_decimal(norm(vals(i)), digits, s);
                            s.push_str(" $");
                        }
                    } else if latex {
                        let _ = write!(s, "\\[ {lhs}{pt} {approx} ");
                        latex_value(vals(i), shape, digits, s);
                        s.push_str(" \\]");
                        if let Shape::Gradient = shape {
                            let _ = write!(s, "\n\\[ \\lvert {lhs}{pt}\\rvert {approx} ");
                            write_decimal(norm(vals(i)), digits, s);
                            s.push_str(" \\]");
                        }
                    } else {
                        s.push_str(&label(&format!("{lhs}{pt}")));
                        let _ = write!(s, " {approx} ");
                        text_value(vals(i), shape, digits, s);
                        if let Shape::Gradient = shape {
                            s.push('\n');
                            s.push_str(&label(&format!("|{lhs}{pt}|")));
                            let _ = write!(s, " {approx} ");
                            write_decimal(norm(vals(i)), digits, s);
                        }
                    }
                }
            }));
        }
    }
    parts
}
