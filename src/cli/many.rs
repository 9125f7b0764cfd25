//! Many points (`--points FILE` or `--points -`): the results of `eval`, `diff`, `grad`,
//! `hessian`, `jacobian` and `dir` at every row of a CSV file, in double precision.
//!
//! The expressions are differentiated once, exactly, and compiled into one f64 tape
//! ([`crate::eval::tape`]); the rows are then parsed, evaluated and formatted in bulk, split
//! between the cores. Exact values are what `--at` is for: a million exact evaluations
//! would take minutes, and a million `{"plain","latex","approx"}` objects would say
//! nothing the double does not.
//!
//! Every row is read and checked before anything is printed, so a bad row is one `error:`
//! line with its line number (exit 2) and no partial output. A point where a value is not
//! finite (`ln(0)`, `1/0`) is not an error here: the value is printed as `nan`/`inf`
//! (JSON: the strings "nan", "inf", "-inf") and a warning on stderr counts them.
//!
//! Output with `--points` (also for a single row; `--at` points, if any, come first):
//! - `json`: the command's symbolic keys as usual, then `"precision":"f64"`, then
//!   `at` (one array of coordinates per point), `value` (one entry per point: a number,
//!   an array or a matrix) and, for `grad`, `norm`, all as plain JSON numbers (the shortest
//!   decimal that reads back as the same double);
//! - `csv`: a header (the variables, then one column per result), one row per point, with
//!   `--digits` significant digits;
//! - `plain`: one line per point, the value(s) as decimals;
//! - `text` / `latex`: the echo and the symbolic result, then one line per point.

use super::args::{Command, Format};
use super::commands::{limit_check, result_check, Job};
use super::output::{display, label, Out};
use super::request::{self, derivative_vars, var_list};
use super::steps::partial_label;
use crate::calculus::{self, Deriver};
use crate::error::{Error, Result};
use crate::eval::tape::Tape;
use crate::expr::{ExprId, Func, Pool, SymId};
use crate::print::{decimal, Style};
use serde_json::{json, Map, Value};
use std::fmt::Write as _;
use std::ops::Range;

/// Reads the whole `--points` input (a file, or standard input for `-`).
pub fn read_bytes(path: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let r = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    r.map_err(|e| Error::usage(format!("cannot read {}: {e}", shown_path(path))))?;
    // A byte-order mark (spreadsheets write one at the start of a UTF-8 CSV) is not data.
    if bytes.starts_with(super::points::BOM) {
        bytes.drain(..super::points::BOM.len());
    }
    Ok(bytes)
}

fn shown_path(path: &str) -> &str {
    if path == "-" {
        "standard input"
    } else {
        path
    }
}

/// The points of one run, coordinates in the order of the variables.
pub struct Points {
    pub count: usize,
    /// `count × vars` coordinates, row by row.
    pub coords: Vec<f64>,
    /// Where each point came from: a line of the file, or an `--at` (line 0).
    pub lines: Vec<u32>,
}

/// Parses the CSV: one point a row, cells separated by commas, an optional header row
/// naming the variables (in any order); blank lines and lines starting with `#` are
/// skipped. Cells are decimal numbers, or constant expressions of the input language
/// (`1/3`, `pi/2`, `sqrt(2)`), which are evaluated exactly and then rounded.
pub fn parse_csv(pool: &mut Pool, data: &[u8], path: &str, vars: &[SymId]) -> Result<Points> {
    let path = shown_path(path);
    // The header, if any, is the first line that is not blank or a comment.
    let mut body_start = 0;
    let mut first_line = 1;
    let mut order: Option<Vec<usize>> = None;
    for (k, raw) in data.split(|&b| b == b'\n').enumerate() {
        let line = trim(raw);
        if line.is_empty() || line[0] == b'#' {
            body_start += raw.len() + 1;
            continue;
        }
        if looks_like_header(line) {
            order = Some(header(pool, line, vars, path, k + 1)?);
            body_start += raw.len() + 1;
            first_line = k + 2;
        } else {
            first_line = k + 1;
        }
        break;
    }
    let body = data.get(body_start..).unwrap_or(&[]);
    let pts = match parse_parallel(body, first_line, vars.len(), order.as_deref()) {
        Some(p) => p,
        // A cell that is not a plain decimal, or a bad row: the careful way, in order.
        None => parse_rows(pool, body, first_line, vars, order.as_deref(), path)?,
    };
    if pts.count == 0 {
        return Err(Error::usage(format!("{path}: no points in the file")));
    }
    Ok(pts)
}

/// The rows of `body` (whose first line is line `first_line`), one at a time; every error is
/// found here, with its line number.
fn parse_rows(
    pool: &mut Pool,
    body: &[u8],
    first_line: usize,
    vars: &[SymId],
    order: Option<&[usize]>,
    path: &str,
) -> Result<Points> {
    let n = vars.len();
    let mut coords: Vec<f64> = Vec::with_capacity(body.len() / 8);
    let mut lines: Vec<u32> = Vec::with_capacity(body.len() / (8 * n.max(1)) + 1);
    let mut row = vec![0.0; n];
    for (k, raw) in body.split(|&b| b == b'\n').enumerate() {
        let lineno = first_line + k;
        let line = trim(raw);
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        let mut cells = 0;
        for (j, cell) in line.split(|&b| b == b',').enumerate() {
            cells += 1;
            if j >= n {
                continue;
            }
            let v = cell_value(pool, trim(cell), path, lineno, j)?;
            row[order.map_or(j, |o| o[j])] = v;
        }
        if cells != n {
            return Err(Error::usage(format!(
                "{path}:{lineno}: {cells} value{} but there {} {n} variable{} ({})",
                if cells == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
                if n == 1 { "" } else { "s" },
                var_list(pool, vars)
            ))
            .with_help("one value per variable in each row; set the variables and their order with --vars"));
        }
        coords.extend_from_slice(&row);
        lines.push(u32::try_from(lineno).unwrap_or(u32::MAX));
    }
    Ok(Points { count: lines.len(), coords, lines })
}

/// Below this many bytes the rows are not worth a second thread.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// The common case fast: every cell a plain decimal and every row complete, read by all
/// cores, each its own stretch of lines. `None` as soon as anything else turns up.
fn parse_parallel(body: &[u8], first_line: usize, n: usize, order: Option<&[usize]>) -> Option<Points> {
    let threads = crate::eval::tape::threads();
    if threads < 2 || body.len() < PARALLEL_MIN_BYTES || n == 0 {
        return None;
    }
    // Split at line ends.
    let mut cuts = vec![0];
    for t in 1..threads {
        let guess = body.len() * t / threads;
        let at = body[guess..].iter().position(|&b| b == b'\n').map_or(body.len(), |i| guess + i + 1);
        if at > *cuts.last().unwrap_or(&0) && at < body.len() {
            cuts.push(at);
        }
    }
    cuts.push(body.len());
    let parts: Vec<Option<Stretch>> = std::thread::scope(|s| {
        let handles: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let chunk = &body[w[0]..w[1]];
                s.spawn(move || fast_rows(chunk, n, order))
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok().flatten()).collect()
    });
    let mut coords = Vec::with_capacity(parts.iter().flatten().map(|p| p.0.len()).sum());
    let mut lines = Vec::with_capacity(parts.iter().flatten().map(|p| p.1.len()).sum());
    let mut line0 = first_line;
    for part in parts {
        let (c, l, count) = part?;
        coords.extend_from_slice(&c);
        lines.extend(l.iter().map(|&k| u32::try_from(line0 + k as usize).unwrap_or(u32::MAX)));
        line0 += count;
    }
    Some(Points { count: lines.len(), coords, lines })
}

/// One stretch of rows read by [`fast_rows`]: coordinates, line offsets of the points, lines.
type Stretch = (Vec<f64>, Vec<u32>, usize);

/// The rows of one stretch: coordinates, line offsets of the points within the stretch,
/// and the number of lines it spans; `None` at the first cell that is not a plain decimal
/// or the first row with the wrong number of cells.
fn fast_rows(chunk: &[u8], n: usize, order: Option<&[usize]>) -> Option<Stretch> {
    let mut coords = Vec::with_capacity(chunk.len() / 8);
    let mut lines = Vec::with_capacity(chunk.len() / (8 * n) + 1);
    let mut row = vec![0.0; n];
    let mut count = 0;
    for (k, raw) in chunk.split(|&b| b == b'\n').enumerate() {
        count = k + 1;
        let line = trim(raw);
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        let mut cells = 0;
        for (j, cell) in line.split(|&b| b == b',').enumerate() {
            if j >= n {
                return None;
            }
            let cell = trim(cell);
            if !is_decimal(cell) {
                return None;
            }
            let v = std::str::from_utf8(cell).ok()?.parse::<f64>().ok()?;
            row[order.map_or(j, |o| o[j])] = v;
            cells += 1;
        }
        if cells != n {
            return None;
        }
        coords.extend_from_slice(&row);
        lines.push(u32::try_from(k).ok()?);
    }
    // A chunk that ends with a line end has one empty line after it, which belongs to the next.
    if chunk.last() == Some(&b'\n') {
        count -= 1;
    }
    Some((coords, lines, count))
}

fn trim(s: &[u8]) -> &[u8] {
    s.trim_ascii()
}

/// A header has a cell that starts with a letter and is not a constant (`pi`, `e`, a call).
fn looks_like_header(line: &[u8]) -> bool {
    line.split(|&b| b == b',').map(trim).any(|c| {
        let Ok(t) = std::str::from_utf8(c) else { return false };
        let Some(ch) = t.chars().next() else { return false };
        ch.is_alphabetic() && !t.contains('(') && !matches!(t, "pi" | "π" | "e") && request::normalize_var(t).is_ok()
    })
}

fn header(pool: &Pool, line: &[u8], vars: &[SymId], path: &str, lineno: usize) -> Result<Vec<usize>> {
    let text = String::from_utf8_lossy(line);
    let mut order = Vec::new();
    for c in text.split(',').map(str::trim) {
        let name = request::normalize_var(c)
            .map_err(|e| Error::usage(format!("{path}:{lineno}: the header: {}", e.message)))?;
        let k = vars.iter().position(|&v| pool.name(v) == name).ok_or_else(|| {
            Error::usage(format!(
                "{path}:{lineno}: the header names '{c}', which is not a variable here ({})",
                var_list(pool, vars)
            ))
        })?;
        if order.contains(&k) {
            return Err(Error::usage(format!("{path}:{lineno}: the header names '{c}' twice")));
        }
        order.push(k);
    }
    if order.len() != vars.len() {
        return Err(Error::usage(format!(
            "{path}:{lineno}: the header names {} column{} but there {} {} variable{} ({})",
            order.len(),
            if order.len() == 1 { "" } else { "s" },
            if vars.len() == 1 { "is" } else { "are" },
            vars.len(),
            if vars.len() == 1 { "" } else { "s" },
            var_list(pool, vars)
        )));
    }
    Ok(order)
}

/// One coordinate: a decimal number straight to the nearest double, anything else through
/// the expression parser (so a cell means what it would mean in `--at`).
fn cell_value(pool: &mut Pool, cell: &[u8], path: &str, lineno: usize, col: usize) -> Result<f64> {
    if is_decimal(cell) {
        // Checked ASCII digits, signs, '.' and 'e' only: valid UTF-8 and a valid float.
        if let Ok(v) = std::str::from_utf8(cell).unwrap_or("").parse::<f64>() {
            return Ok(v);
        }
    }
    let what = format!("{path}:{lineno}: column {}", col + 1);
    let text = std::str::from_utf8(cell).map_err(|_| Error::usage(format!("{what}: not UTF-8 text")))?;
    if text.is_empty() {
        return Err(Error::usage(format!("{what}: an empty value")));
    }
    let id = request::constant(pool, text, &what).map_err(|e| Error { source: None, span: None, ..e })?;
    limit_check(pool)?;
    Ok(pool.approx_const(id))
}

/// `[+-]digits[.digits][(e|E)[+-]digits]`, with at least one digit before the exponent.
fn is_decimal(c: &[u8]) -> bool {
    let mut i = 0;
    let len = c.len();
    if i < len && (c[i] == b'-' || c[i] == b'+') {
        i += 1;
    }
    let start = i;
    while i < len && c[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - start;
    if i < len && c[i] == b'.' {
        i += 1;
        let f = i;
        while i < len && c[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - f;
    }
    if digits == 0 {
        return false;
    }
    if i < len && (c[i] == b'e' || c[i] == b'E') {
        i += 1;
        if i < len && (c[i] == b'-' || c[i] == b'+') {
            i += 1;
        }
        let e = i;
        while i < len && c[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == len
}

// ----------------------------------------------------------------------------- commands

/// What one command computes at each point.
enum Shape {
    /// One value (`eval`, `diff`, `dir`).
    Scalar,
    /// A vector (`grad`), with its norm.
    Gradient,
    /// A symmetric n × n matrix from its upper triangle (`hessian`).
    Symmetric(usize),
    /// rows × cols (`jacobian`).
    Matrix(usize, usize),
}

/// Runs a command over all points and returns its output, in pieces to be written in order.
pub fn run(cmd: &Command, job: &Job, src: &str, data: &[u8]) -> Result<Vec<String>> {
    let path = job.common.points.as_deref().unwrap_or("-");
    let (mut p, fs) = match cmd {
        Command::Jacobian { .. } => job.prepare_list(src)?,
        Command::Eval { .. } | Command::Diff { .. } | Command::Grad { .. } | Command::Hessian { .. } => {
            let p = job.prepare(src)?;
            let f = p.f;
            (p, vec![f])
        }
        Command::Dir { .. } => {
            let p = job.prepare(src)?;
            let f = p.f;
            (p, vec![f])
        }
        _ => {
            return Err(Error::usage(
                "--points works with eval, diff, grad, hessian, jacobian and dir; use --at for one point",
            ))
        }
    };
    let mut deriver = Deriver::new();
    let vars = p.vars.clone();
    let n = vars.len();
    // The symbolic result, the expressions to evaluate, and how the values are laid out.
    let mut json_keys: Vec<(&str, Value)> = Vec::new();
    let mut text_lines: Vec<String> = Vec::new();
    let (exprs, shape, wrt): (Vec<ExprId>, Shape, Vec<SymId>) = match cmd {
        Command::Eval { .. } => (vec![p.f], Shape::Scalar, Vec::new()),
        Command::Diff { wrt, .. } => {
            let limits = p.pool.limits().clone();
            let mut w = derivative_vars(&mut p.pool, wrt, &limits)?;
            if w.is_empty() {
                match n {
                    1 => w.push(vars[0]),
                    _ => {
                        return Err(Error::usage(format!(
                            "which variable? the expression has {}; name one or more, like: gradcalc diff EXPR x",
                            var_list(&p.pool, &vars)
                        )))
                    }
                }
            }
            let d = deriver.derive_seq(&mut p.pool, p.f, &w);
            (vec![d], Shape::Scalar, w)
        }
        Command::Grad { .. } => (calculus::gradient(&mut deriver, &mut p.pool, p.f, &vars), Shape::Gradient, vec![]),
        Command::Hessian { .. } => {
            let h = calculus::hessian(&mut deriver, &mut p.pool, p.f, &vars);
            let upper = (0..n).flat_map(|i| h[i][i..].to_vec()).collect();
            (upper, Shape::Symmetric(n), vec![])
        }
        Command::Jacobian { .. } => {
            let j = calculus::jacobian(&mut deriver, &mut p.pool, &fs, &vars);
            (j.concat(), Shape::Matrix(fs.len(), n), vec![])
        }
        Command::Dir { toward, along, angle, .. } => {
            return dir(job, p, &mut deriver, path, data, toward.as_deref(), along.as_deref(), angle.as_deref())
        }
        _ => unreachable!("rejected above"),
    };
    result_check(&mut p.pool, &exprs)?;
    let points = gather(&mut p.pool, &p.points, &vars, data, path)?;
    // Printed in textbook form; the tape evaluates the expressions as computed.
    let shown = crate::simplify::textbook_forms(&mut p.pool, &exprs);
    {
        let out = Out::new(&p.pool, job.digits);
        symbolic_part(job, cmd, &out, &p.f, &fs, &shown, &shape, &wrt, &vars, &mut json_keys, &mut text_lines);
    }
    let tape = Tape::compile(&p.pool, &exprs, &vars);
    let mut values = vec![0.0; points.count * exprs.len()];
    tape.eval_many(&points.coords, points.count, &mut values);
    let out = Out::new(&p.pool, job.digits);
    warn_not_finite(&values, exprs.len(), &points);
    let cmd_name = command_name(cmd);
    let lhs = match cmd {
        Command::Diff { .. } => Some(partial_label(&out, "f", &wrt, job.style())),
        _ => None,
    };
    Ok(write_report(job, &out, cmd_name, lhs, &vars, &points, &values, &shape, json_keys, text_lines))
}

fn command_name(cmd: &Command) -> &'static str {
    match cmd {
        Command::Eval { .. } => "eval",
        Command::Diff { .. } => "diff",
        Command::Grad { .. } => "grad",
        Command::Hessian { .. } => "hessian",
        Command::Jacobian { .. } => "jacobian",
        Command::Dir { .. } => "dir",
        _ => "",
    }
}

/// The `--at` points (exact, rounded) followed by the rows of the file.
fn gather(pool: &mut Pool, at: &[Vec<ExprId>], vars: &[SymId], data: &[u8], path: &str) -> Result<Points> {
    let mut pts = parse_csv(pool, data, path, vars)?;
    if !at.is_empty() {
        let mut coords: Vec<f64> = at.iter().flat_map(|c| c.iter().map(|&x| pool.approx_const(x))).collect();
        coords.extend_from_slice(&pts.coords);
        let mut lines = vec![0; at.len()];
        lines.extend_from_slice(&pts.lines);
        pts = Points { count: lines.len(), coords, lines };
    }
    Ok(pts)
}

fn warn_not_finite(values: &[f64], per_point: usize, points: &Points) {
    if per_point == 0 {
        return;
    }
    let bad: Vec<usize> = values
        .chunks(per_point)
        .enumerate()
        .filter(|(_, vs)| vs.iter().any(|v| !v.is_finite()))
        .map(|(i, _)| i)
        .take(1)
        .collect();
    let Some(&first) = bad.first() else { return };
    let count = values.chunks(per_point).filter(|vs| vs.iter().any(|v| !v.is_finite())).count();
    let at = match points.lines[first] {
        0 => "an --at point".to_string(),
        l => format!("line {l}"),
    };
    eprintln!(
        "{} {count} of {} point{} gave a value that is not a finite number (first: {at}); printed as nan or inf",
        colored::Colorize::yellow("warning:"),
        points.count,
        if points.count == 1 { "" } else { "s" }
    );
}

/// The keys and lines that do not depend on the points: the echo, the symbolic result.
#[allow(clippy::too_many_arguments)]
fn symbolic_part(
    job: &Job,
    cmd: &Command,
    out: &Out,
    f: &ExprId,
    fs: &[ExprId],
    exprs: &[ExprId],
    shape: &Shape,
    wrt: &[SymId],
    vars: &[SymId],
    json_keys: &mut Vec<(&'static str, Value)>,
    text_lines: &mut Vec<String>,
) {
    let style = job.style();
    let latex = style == Style::Latex;
    let eq = |lhs: &str, rhs: &str| -> String {
        if latex {
            display(&format!("{lhs} = {rhs}"))
        } else {
            format!("{} = {rhs}", label(lhs))
        }
    };
    let sig = out.signature(if matches!(cmd, Command::Jacobian { .. }) { "F" } else { "f" }, vars, style);
    match job.format() {
        Format::Json => match cmd {
            Command::Diff { .. } => {
                json_keys.push(("wrt", json!(out.var_names(wrt, Style::Plain))));
                json_keys.push(("derivative", out.expr_json(exprs[0])));
            }
            Command::Grad { .. } => {
                json_keys.push(("gradient", Value::Array(exprs.iter().map(|&e| out.expr_json(e)).collect())))
            }
            Command::Hessian { .. } => {
                if let Shape::Symmetric(n) = shape {
                    json_keys.push(("hessian", out.matrix_json(&full_matrix(exprs, *n), false)));
                }
            }
            Command::Jacobian { .. } => {
                if let Shape::Matrix(r, c) = shape {
                    let rows: Vec<Vec<ExprId>> = (0..*r).map(|i| exprs[i * c..(i + 1) * c].to_vec()).collect();
                    json_keys.push(("functions", Value::Array(fs.iter().map(|&f| out.expr_json(f)).collect())));
                    json_keys.push(("jacobian", out.matrix_json(&rows, false)));
                }
            }
            _ => {}
        },
        Format::Text | Format::Latex => {
            if matches!(cmd, Command::Jacobian { .. }) {
                text_lines.push(eq(&sig, &out.vector(fs, style)));
            } else {
                let body = out.printer(style).expr(*f);
                text_lines.push(eq(&sig, &body));
            }
            match (cmd, shape) {
                (Command::Diff { .. }, _) => {
                    let lbl = partial_label(out, "f", wrt, style);
                    text_lines.push(eq(&lbl, &out.printer(style).expr(exprs[0])));
                }
                (Command::Grad { .. }, _) => {
                    text_lines.push(eq(if latex { "\\nabla f" } else { "∇f" }, &out.vector(exprs, style)))
                }
                (Command::Hessian { .. }, Shape::Symmetric(n)) => {
                    let block = out.matrix(&full_matrix(exprs, *n), style);
                    text_lines.push(if latex {
                        display(&format!("H_f = {block}"))
                    } else {
                        super::commands::labelled("H(f) = ", &block)
                    });
                }
                (Command::Jacobian { .. }, Shape::Matrix(r, c)) => {
                    let rows: Vec<Vec<ExprId>> = (0..*r).map(|i| exprs[i * c..(i + 1) * c].to_vec()).collect();
                    let block = out.matrix(&rows, style);
                    text_lines.push(if latex {
                        display(&format!("J_F = {block}"))
                    } else {
                        super::commands::labelled("J = ", &block)
                    });
                }
                _ => {}
            }
        }
        _ => {}
    }
}

fn full_matrix(upper: &[ExprId], n: usize) -> Vec<Vec<ExprId>> {
    // Row i of the upper triangle holds columns i..n; the rest mirrors earlier rows.
    let mut rows: Vec<Vec<ExprId>> = Vec::with_capacity(n);
    let mut k = 0;
    for i in 0..n {
        let mut row: Vec<ExprId> = rows.iter().map(|r: &Vec<ExprId>| r[i]).collect();
        row.extend_from_slice(&upper[k..k + n - i]);
        k += n - i;
        rows.push(row);
    }
    rows
}

// ----------------------------------------------------------------------------- dir

#[allow(clippy::too_many_arguments)]
fn dir(
    job: &Job,
    mut p: super::commands::Prepared,
    deriver: &mut Deriver,
    path: &str,
    data: &[u8],
    toward: Option<&str>,
    along: Option<&str>,
    angle: Option<&str>,
) -> Result<Vec<String>> {
    let vars = p.vars.clone();
    let n = vars.len();
    let pool = &mut p.pool;
    // A fixed direction is exact (as with --at); toward a point it differs from point to point.
    let fixed: Option<Vec<ExprId>> = match (toward, along, angle) {
        (Some(_), None, None) => None,
        (None, Some(v), None) => Some(request::vector(pool, v, &vars)?),
        (None, None, Some(a)) => {
            if n != 2 {
                return Err(Error::usage(format!(
                    "--angle is for functions of 2 variables; this one has {n} ({}); use --along or --toward",
                    var_list(pool, &vars)
                )));
            }
            let a = request::angle(pool, a)?;
            let c = pool.func(Func::Cos, a);
            let s = pool.func(Func::Sin, a);
            Some(vec![c, s])
        }
        _ => return Err(Error::usage("dir needs a direction: --toward Q, --along V or --angle A")),
    };
    let q: Option<Vec<f64>> = match toward {
        Some(qs) => Some(request::point(pool, qs, &vars, "--toward")?.iter().map(|&c| pool.approx_const(c)).collect()),
        None => None,
    };
    let unit: Option<Vec<ExprId>> = match &fixed {
        Some(d) => {
            let len = calculus::norm(pool, d);
            if pool.is_zero(len) || pool.sign(len) == Some(0) {
                return Err(Error::math("the direction vector is zero"));
            }
            let inv = pool.powi(len, -1);
            let u: Vec<ExprId> = d.iter().map(|&c| pool.mul2(c, inv)).collect();
            Some(crate::simplify::textbook_forms(pool, &u))
        }
        None => None,
    };
    let g = calculus::gradient(deriver, pool, p.f, &vars);
    let du = unit.as_ref().map(|u| {
        let terms: Vec<ExprId> = g.iter().zip(u).map(|(&gi, &ui)| pool.mul2(gi, ui)).collect();
        let du = pool.add(terms);
        crate::simplify::textbook_form(pool, du)
    });
    result_check(pool, &g)?;
    let points = gather(&mut p.pool, &p.points, &vars, data, path)?;
    let pool = &p.pool;
    let tape = Tape::compile(pool, &g, &vars);
    let mut grads = vec![0.0; points.count * n];
    tape.eval_many(&points.coords, points.count, &mut grads);
    let u_fixed: Option<Vec<f64>> = unit.as_ref().map(|u| u.iter().map(|&c| pool.approx_const(c)).collect());
    // Per point: the unit vector (toward Q only) and the value ∇f·u.
    let mut units: Vec<f64> = Vec::new();
    let mut values = vec![0.0; points.count];
    for (i, v) in values.iter_mut().enumerate() {
        let gi = &grads[i * n..(i + 1) * n];
        match (&u_fixed, &q) {
            (Some(u), _) => *v = gi.iter().zip(u).map(|(a, b)| a * b).sum(),
            (None, Some(q)) => {
                let pi = &points.coords[i * n..(i + 1) * n];
                let d: Vec<f64> = q.iter().zip(pi).map(|(a, b)| a - b).collect();
                let len = d.iter().map(|x| x * x).sum::<f64>().sqrt();
                let u: Vec<f64> = d.iter().map(|x| x / len).collect();
                *v = gi.iter().zip(&u).map(|(a, b)| a * b).sum();
                units.extend_from_slice(&u);
            }
            (None, None) => {}
        }
    }
    warn_not_finite(&values, 1, &points);
    let out = Out::new(pool, job.digits);
    let style = job.style();
    let mut json_keys: Vec<(&str, Value)> = Vec::new();
    let mut text_lines: Vec<String> = Vec::new();
    match job.format() {
        Format::Json => {
            if let Some(u) = &unit {
                json_keys.push(("unit", Value::Array(u.iter().map(|&x| out.value_json(x)).collect())));
            }
            if let Some(d) = du {
                json_keys.push(("derivative", out.expr_json(d)));
            }
        }
        Format::Text | Format::Latex => {
            let latex = style == Style::Latex;
            let sig = out.signature("f", &vars, style);
            let body = out.printer(style).expr(p.f);
            text_lines.push(if latex {
                display(&format!("{sig} = {body}"))
            } else {
                format!("{} = {body}", label(&sig))
            });
            match (&unit, du) {
                (Some(u), Some(d)) => {
                    let uvec = out.value_vector(u, style);
                    let dtext = out.printer(style).expr(d);
                    if latex {
                        text_lines.push(display(&format!("u = {uvec}")));
                        text_lines.push(display(&format!("D_u f = \\nabla f \\cdot u = {dtext}")));
                    } else {
                        text_lines.push(format!("{} = {uvec}", label("u")));
                        text_lines.push(format!("{} = {dtext}", label("D_u f = ∇f·u")));
                    }
                }
                _ => {
                    let qtext = q.as_ref().map(|q| point_text(q, job.digits, style)).unwrap_or_default();
                    text_lines.push(if latex {
                        display(&format!("u = \\frac{{Q - P}}{{\\lvert Q - P \\rvert}}, \\quad Q = {qtext}"))
                    } else {
                        format!("{} = (Q - P)/|Q - P| from each point P toward Q = {qtext}", label("u"))
                    });
                }
            }
        }
        _ => {}
    }
    let mut report =
        write_report(job, &out, "dir", None, &vars, &points, &values, &Shape::Scalar, json_keys, text_lines);
    if !units.is_empty() && job.format() == Format::Json {
        // The per-point unit vectors go in before the closing brace.
        if let Some(last) = report.last_mut() {
            if last.ends_with('}') {
                last.pop();
                let mut s = String::from(",\"unit\":[");
                for i in 0..points.count {
                    if i > 0 {
                        s.push(',');
                    }
                    json_row(&units[i * n..(i + 1) * n], &mut s);
                }
                s.push_str("]}");
                report.push(s);
            }
        }
    }
    Ok(report)
}

// ----------------------------------------------------------------------------- output

/// Formats everything; the per-point parts are formatted in parallel, in order.
#[allow(clippy::too_many_arguments)]
fn write_report(
    job: &Job,
    out: &Out,
    command: &str,
    lhs: Option<String>,
    vars: &[SymId],
    points: &Points,
    values: &[f64],
    shape: &Shape,
    json_keys: Vec<(&str, Value)>,
    text_lines: Vec<String>,
) -> Vec<String> {
    let n = vars.len();
    let k = values.len().checked_div(points.count).unwrap_or(0);
    let digits = job.digits;
    let coords = |i: usize| &points.coords[i * n..(i + 1) * n];
    let vals = |i: usize| &values[i * k..(i + 1) * k];
    let mut parts: Vec<String> = Vec::new();
    match job.format() {
        Format::Json => {
            let mut m = Map::new();
            m.insert("command".into(), json!(command));
            m.insert("vars".into(), json!(out.var_names(vars, Style::Plain)));
            for (key, v) in json_keys {
                m.insert(key.into(), v);
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
            let mut head: Vec<String> = out.var_names(vars, Style::Plain);
            let names = out.var_names(vars, Style::Plain);
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
        Format::Text | Format::Latex => {
            let style = job.style();
            let latex = style == Style::Latex;
            let mut head = text_lines.join("\n");
            if points.count > 0 {
                head.push('\n');
            }
            parts.push(head);
            let (default_lhs, approx) = match (command, latex) {
                ("grad", false) => ("∇f", "≈"),
                ("grad", true) => ("\\nabla f", "\\approx"),
                ("diff", false) => ("∂f", "≈"),
                ("hessian", false) => ("H", "≈"),
                ("hessian", true) => ("H_f", "\\approx"),
                ("jacobian", false) => ("J", "≈"),
                ("jacobian", true) => ("J_F", "\\approx"),
                ("dir", false) => ("D_u f", "≈"),
                ("dir", true) => ("D_u f", "\\approx"),
                (_, false) => ("f", "≈"),
                (_, true) => ("f", "\\approx"),
            };
            let lhs = lhs.as_deref().unwrap_or(default_lhs);
            parts.extend(par_format(points.count, 40 * (n + k), |r, s| {
                for i in r {
                    if i > 0 {
                        s.push('\n');
                    }
                    let pt = point_text(coords(i), digits, style);
                    if latex {
                        let _ = write!(s, "\\[ {lhs}{pt} {approx} ");
                        latex_value(vals(i), shape, digits, s);
                        s.push_str(" \\]");
                        if let Shape::Gradient = shape {
                            let _ = write!(s, "\n\\[ \\left\\lvert {lhs}{pt} \\right\\rvert {approx} ");
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

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn point_text(c: &[f64], digits: usize, style: Style) -> String {
    let mut s = String::from(if style == Style::Latex { "\\left(" } else { "(" });
    for (j, &x) in c.iter().enumerate() {
        if j > 0 {
            s.push_str(", ");
        }
        write_decimal(x, digits, &mut s);
    }
    s.push_str(if style == Style::Latex { "\\right)" } else { ")" });
    s
}

/// `v`, `[a, b]` or `[[a, b], [c, d]]` with decimals.
fn plain_value(v: &[f64], shape: &Shape, digits: usize, s: &mut String) {
    let row = |r: &[f64], s: &mut String| {
        s.push('[');
        for (j, &x) in r.iter().enumerate() {
            if j > 0 {
                s.push_str(", ");
            }
            write_decimal(x, digits, s);
        }
        s.push(']');
    };
    match shape {
        Shape::Scalar => write_decimal(v[0], digits, s),
        Shape::Gradient => row(v, s),
        Shape::Symmetric(n) => {
            let m = symmetric_rows(v, *n);
            s.push('[');
            for (i, r) in m.chunks(*n).enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                row(r, s);
            }
            s.push(']');
        }
        Shape::Matrix(_, c) => {
            s.push('[');
            for (i, r) in v.chunks((*c).max(1)).enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                row(r, s);
            }
            s.push(']');
        }
    }
}

/// As [`plain_value`], but a vector in parentheses, as text output writes vectors.
fn text_value(v: &[f64], shape: &Shape, digits: usize, s: &mut String) {
    if let Shape::Gradient = shape {
        s.push('(');
        for (j, &x) in v.iter().enumerate() {
            if j > 0 {
                s.push_str(", ");
            }
            write_decimal(x, digits, s);
        }
        s.push(')');
    } else {
        plain_value(v, shape, digits, s);
    }
}

fn latex_value(v: &[f64], shape: &Shape, digits: usize, s: &mut String) {
    let rows: Vec<f64>;
    let (data, cols): (&[f64], usize) = match shape {
        Shape::Scalar => return write_decimal(v[0], digits, s),
        Shape::Gradient => {
            s.push_str("\\left(");
            for (j, &x) in v.iter().enumerate() {
                if j > 0 {
                    s.push_str(", ");
                }
                write_decimal(x, digits, s);
            }
            s.push_str("\\right)");
            return;
        }
        Shape::Symmetric(n) => {
            rows = symmetric_rows(v, *n);
            (&rows, *n)
        }
        Shape::Matrix(_, c) => (v, *c),
    };
    s.push_str("\\begin{pmatrix} ");
    for (i, r) in data.chunks(cols.max(1)).enumerate() {
        if i > 0 {
            s.push_str(" \\\\ ");
        }
        for (j, &x) in r.iter().enumerate() {
            if j > 0 {
                s.push_str(" & ");
            }
            write_decimal(x, digits, s);
        }
    }
    s.push_str(" \\end{pmatrix}");
}

fn symmetric_rows(upper: &[f64], n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    let mut k = 0;
    for i in 0..n {
        for j in i..n {
            m[i * n + j] = upper[k];
            m[j * n + i] = upper[k];
            k += 1;
        }
    }
    m
}

fn json_row(v: &[f64], s: &mut String) {
    s.push('[');
    for (j, &x) in v.iter().enumerate() {
        if j > 0 {
            s.push(',');
        }
        json_num(x, s);
    }
    s.push(']');
}

fn json_symmetric(upper: &[f64], n: usize, s: &mut String) {
    json_matrix(&symmetric_rows(upper, n), n, s);
}

fn json_matrix(v: &[f64], cols: usize, s: &mut String) {
    s.push('[');
    for (i, r) in v.chunks(cols.max(1)).enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_row(r, s);
    }
    s.push(']');
}

/// A JSON number, the shortest decimal that reads back as the same double; the strings
/// "nan", "inf", "-inf" where it is not finite (as `approx` is elsewhere).
pub fn json_num(v: f64, s: &mut String) {
    if v.is_finite() {
        // + 0.0 turns -0 into 0: the same number, without a sign that means nothing here.
        s.push_str(zmij::Buffer::new().format_finite(v + 0.0));
    } else if v.is_nan() {
        s.push_str("\"nan\"");
    } else if v > 0.0 {
        s.push_str("\"inf\"");
    } else {
        s.push_str("\"-inf\"");
    }
}

/// Appends [`decimal`]`(v, digits)` without allocating in the common case.
pub fn write_decimal(v: f64, digits: usize, s: &mut String) {
    let digits = digits.clamp(1, 17);
    if !v.is_finite() || v == 0.0 {
        s.push_str(&decimal(v, digits));
        return;
    }
    let mut sci = StackStr::new();
    let _ = write!(sci, "{:.*e}", digits - 1, v);
    let t = sci.as_str();
    let (mant, exp) = t.split_once('e').unwrap_or((t, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-5..(digits as i32).max(7)).contains(&exp) {
        s.push_str(trim_mantissa(mant));
        let _ = write!(s, "e{exp}");
        return;
    }
    if exp >= digits as i32 {
        // Fixed notation shows more digits than the significant ones here.
        s.push_str(&decimal(v, digits));
        return;
    }
    // The same digits as `{:.*}` with digits-1-exp decimals: the rounding is at the same place.
    let (neg, m) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let ds: Vec<u8> = m.bytes().filter(u8::is_ascii_digit).collect();
    let start = s.len();
    if neg {
        s.push('-');
    }
    if exp < 0 {
        s.push_str("0.");
        for _ in 0..(-exp - 1) {
            s.push('0');
        }
        s.push_str(std::str::from_utf8(&ds).unwrap_or(""));
    } else {
        let int_len = exp as usize + 1;
        s.push_str(std::str::from_utf8(&ds[..int_len]).unwrap_or(""));
        if ds.len() > int_len {
            s.push('.');
            s.push_str(std::str::from_utf8(&ds[int_len..]).unwrap_or(""));
        }
    }
    if s[start..].contains('.') {
        let keep = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(keep);
    }
}

fn trim_mantissa(m: &str) -> &str {
    if m.contains('.') {
        m.trim_end_matches('0').trim_end_matches('.')
    } else {
        m
    }
}

/// A small string on the stack, for one formatted number.
struct StackStr {
    buf: [u8; 64],
    len: usize,
}

impl StackStr {
    fn new() -> StackStr {
        StackStr { buf: [0; 64], len: 0 }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl std::fmt::Write for StackStr {
    fn write_str(&mut self, t: &str) -> std::fmt::Result {
        let end = self.len + t.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(t.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Formats `count` items in parallel chunks (in order): `f(range, buffer)` appends the
/// items of `range`; `per_item` is a guess of their size, for the buffers' capacity.
fn par_format(count: usize, per_item: usize, f: impl Fn(Range<usize>, &mut String) + Sync) -> Vec<String> {
    let threads = crate::eval::tape::threads();
    if threads < 2 || count < 4096 {
        let mut s = String::with_capacity(count * per_item);
        f(0..count, &mut s);
        return vec![s];
    }
    // More chunks than threads, so that an uneven share does not leave a core idle.
    let chunks = threads * 4;
    let per = count.div_ceil(chunks);
    let ranges: Vec<Range<usize>> = (0..chunks).map(|c| (c * per).min(count)..((c + 1) * per).min(count)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, String)> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                sc.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let c = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if c >= ranges.len() {
                            break;
                        }
                        let r = ranges[c].clone();
                        let mut s = String::with_capacity(r.len() * per_item);
                        f(r, &mut s);
                        mine.push((c, s));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    done.sort_by_key(|(c, _)| *c);
    done.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_decimal_agrees_with_decimal() {
        let mut x: u64 = 0x9e3779b97f4a7c15;
        let mut vals = vec![1.0, -1.0, 0.5, 9.99999999995, 99999.5, 123456.0, 1e-5, 9.5e-6, 1e15, 0.1, 2.0 / 3.0];
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = (x >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            let e = ((x >> 3) % 40) as i32 - 20;
            vals.push(m * 10f64.powi(e));
        }
        for &v in &vals {
            for d in 1..=15 {
                let mut s = String::new();
                write_decimal(v, d, &mut s);
                assert_eq!(s, decimal(v, d), "{v:e} with {d} digits");
            }
        }
    }

    #[test]
    fn parallel_rows_match_serial_rows() {
        let mut text = String::from("# points\n");
        for i in 0..120_000u32 {
            if i % 9973 == 0 {
                text.push_str("\n# a comment\n");
            }
            let _ = writeln!(text, "{}.{:06}, -{}.5,{}e-3", i % 7, i, i % 3, i);
        }
        let body = text.as_bytes();
        let mut pool = Pool::default();
        let vars: Vec<SymId> = ["x", "y", "z"].iter().map(|v| pool.symbol(v)).collect();
        let order = [2, 0, 1];
        let serial = parse_rows(&mut pool, body, 7, &vars, Some(&order), "t").unwrap();
        assert_eq!(serial.count, 120_000);
        if let Some(par) = parse_parallel(body, 7, 3, Some(&order)) {
            assert_eq!(par.lines, serial.lines);
            assert_eq!(par.coords, serial.coords);
        }
        let bad = text.replace("3.100005, -0.5,100005e-3", "3.100005, -0.5");
        assert!(parse_parallel(bad.as_bytes(), 1, 3, None).is_none());
        let err = parse_rows(&mut pool, bad.as_bytes(), 1, &vars, None, "t").err().unwrap();
        let want = 1 + text.lines().position(|l| l.starts_with("3.100005,")).unwrap();
        assert!(err.message.starts_with(&format!("t:{want}: 2 values")), "{}", err.message);
    }

    #[test]
    fn decimals_are_recognised() {
        for ok in ["1", "-0.5", "+2", ".5", "5.", "1e3", "1.5E-7", "-0.421925"] {
            assert!(is_decimal(ok.as_bytes()), "{ok}");
        }
        for no in ["", "-", ".", "e3", "1e", "1e+", "inf", "nan", "1/3", "pi", "0x10", "1.2.3", "1 2"] {
            assert!(!is_decimal(no.as_bytes()), "{no}");
        }
    }
}
