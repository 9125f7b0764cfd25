//! The rows of `--points`: a CSV file of coordinates read into one flat array of doubles.
//!
//! One point a row, cells separated by commas, an optional header row naming the variables (in
//! any order); blank lines and lines starting with `#` are skipped. Cells are decimal numbers,
//! or constant expressions of the input language (`1/3`, `pi/2`, `sqrt(2)`), evaluated exactly
//! and then rounded. A large file of plain decimals is read by all cores at once; anything
//! else, and every error (with its line number), goes the careful way, row by row. Every row is
//! read before anything is printed, so a bad row is one `error:` line and no partial output.

use super::super::checks;
use super::super::coordinates::{self, var_list};
use super::super::input::shown_path;
use super::super::request::normalize_var;
use crate::error::{Error, Result};
use crate::expr::{Pool, SymId};

pub struct Points {
    pub count: usize,
    /// `count × (vars + params)` values, row by row: the coordinates, then the parameters'.
    pub coords: Vec<f64>,
    /// Where each point came from: a line of the file, or an `--at` (line 0).
    pub lines: Vec<u32>,
    /// The parameters the header names, in the order their values follow the coordinates.
    pub params: Vec<SymId>,
}

/// Reads the CSV (`path` names it in messages) against the variables; a header may also
/// name any of `params` (the parameters without a value), each row then giving theirs.
pub fn parse_csv(pool: &mut Pool, data: &[u8], path: &str, vars: &[SymId], params: &[SymId]) -> Result<Points> {
    let path = shown_path(path);
    // The header, if any, is the first line that is not blank or a comment.
    let mut body_start = 0;
    let mut first_line = 1;
    let mut order: Option<Vec<usize>> = None;
    let mut named: Vec<SymId> = Vec::new();
    for (k, raw) in data.split(|&b| b == b'\n').enumerate() {
        let line = trim(raw);
        if line.is_empty() || line[0] == b'#' {
            body_start += raw.len() + 1;
            continue;
        }
        if looks_like_header(line) {
            let (o, p) = header(pool, line, vars, params, path, k + 1)?;
            order = Some(o);
            named = p;
            body_start += raw.len() + 1;
            first_line = k + 2;
        } else {
            first_line = k + 1;
        }
        break;
    }
    let body = data.get(body_start..).unwrap_or(&[]);
    let columns: Vec<SymId> = vars.iter().chain(&named).copied().collect();
    let mut pts = match parse_parallel(body, first_line, columns.len(), order.as_deref()) {
        Some(p) => p,
        // A cell that is not a plain decimal, or a bad row: the careful way, in order.
        None => {
            let what = if named.is_empty() { "variable" } else { "column" };
            parse_rows(pool, body, first_line, &columns, order.as_deref(), path, what)?
        }
    };
    pts.params = named;
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
    what: &str,
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
                "{path}:{lineno}: {cells} value{} but there {} {n} {what}{} ({})",
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
    Ok(Points { count: lines.len(), coords, lines, params: Vec::new() })
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
    Some(Points { count: lines.len(), coords, lines, params: Vec::new() })
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
        ch.is_alphabetic() && !t.contains('(') && !matches!(t, "pi" | "π" | "e") && normalize_var(t).is_ok()
    })
}

/// The header: where each column's value goes in a row (the variables' places, then the
/// parameters' in the order they are named), and the parameters it names.
fn header(
    pool: &Pool,
    line: &[u8],
    vars: &[SymId],
    params: &[SymId],
    path: &str,
    lineno: usize,
) -> Result<(Vec<usize>, Vec<SymId>)> {
    let text = String::from_utf8_lossy(line);
    let mut order = Vec::new();
    let mut named: Vec<SymId> = Vec::new();
    for c in text.split(',').map(str::trim) {
        let name = normalize_var(c).map_err(|e| Error::usage(format!("{path}:{lineno}: the header: {}", e.message)))?;
        let k = match vars.iter().position(|&v| pool.name(v) == name) {
            Some(k) => k,
            None => match params.iter().find(|&&p| pool.name(p) == name) {
                Some(&p) if named.contains(&p) => vars.len() + params.len(), // named twice: below
                Some(&p) => {
                    named.push(p);
                    vars.len() + named.len() - 1
                }
                None => {
                    let params_note = if params.is_empty() {
                        String::new()
                    } else {
                        format!(" or a parameter without a value ({})", var_list(pool, params))
                    };
                    return Err(Error::usage(format!(
                        "{path}:{lineno}: the header names '{c}', which is not a variable here ({}){params_note}",
                        var_list(pool, vars)
                    )));
                }
            },
        };
        if order.contains(&k) || k == vars.len() + params.len() {
            return Err(Error::usage(format!("{path}:{lineno}: the header names '{c}' twice")));
        }
        order.push(k);
    }
    if order.len() - named.len() != vars.len() && !named.is_empty() {
        let missing: Vec<SymId> = (0..vars.len()).filter(|k| !order.contains(k)).map(|k| vars[k]).collect();
        return Err(Error::usage(format!(
            "{path}:{lineno}: the header names no column for {}: every row needs each variable",
            var_list(pool, &missing)
        )));
    }
    if order.len() - named.len() != vars.len() {
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
    Ok((order, named))
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
    let id = coordinates::constant(pool, text, &what).map_err(|e| Error { source: None, span: None, ..e })?;
    checks::limits(pool)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

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
        let serial = parse_rows(&mut pool, body, 7, &vars, Some(&order), "t", "variable").unwrap();
        assert_eq!(serial.count, 120_000);
        if let Some(par) = parse_parallel(body, 7, 3, Some(&order)) {
            assert_eq!(par.lines, serial.lines);
            assert_eq!(par.coords, serial.coords);
        }
        let bad = text.replace("3.100005, -0.5,100005e-3", "3.100005, -0.5");
        assert!(parse_parallel(bad.as_bytes(), 1, 3, None).is_none());
        let err = parse_rows(&mut pool, bad.as_bytes(), 1, &vars, None, "t", "variable").err().unwrap();
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
