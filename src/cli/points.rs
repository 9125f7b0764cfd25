//! Many points: reading `--points` CSV files and writing `--format csv`.

use super::output::Out;
use super::request;
use crate::error::{Error, Result};
use crate::expr::{ExprId, Pool, SymId};
use std::io::Read;

/// Reads a CSV of points (one a row, an optional header naming the variables) as exact
/// coordinates in the order of `vars`.
pub fn read(pool: &mut Pool, path: &str, vars: &[SymId]) -> Result<Vec<Vec<ExprId>>> {
    let text = read_text(path)?;
    let mut rows = Vec::new();
    let mut order: Option<Vec<usize>> = None;
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if rows.is_empty()
            && order.is_none()
            && cells.iter().any(|c| c.starts_with(|ch: char| ch.is_alphabetic() && ch != 'e' && ch != 'p'))
        {
            order = Some(header(pool, &cells, vars, path, lineno + 1)?);
            continue;
        }
        if cells.len() != vars.len() {
            return Err(Error::usage(format!(
                "{path}:{}: {} value{} but there {} {} variable{} ({})",
                lineno + 1,
                cells.len(),
                if cells.len() == 1 { "" } else { "s" },
                if vars.len() == 1 { "is" } else { "are" },
                vars.len(),
                if vars.len() == 1 { "" } else { "s" },
                request::var_list(pool, vars)
            )));
        }
        let mut coords = vec![pool.zero(); vars.len()];
        for (j, cell) in cells.iter().enumerate() {
            let v = request::constant(pool, cell, &format!("{path}:{}: column {}", lineno + 1, j + 1))
                .map_err(|e| Error { source: None, span: None, ..e })?;
            let k = order.as_ref().map_or(j, |o| o[j]);
            coords[k] = v;
        }
        rows.push(coords);
    }
    if rows.is_empty() {
        return Err(Error::usage(format!("{path}: no points in the file")));
    }
    Ok(rows)
}

fn header(pool: &Pool, cells: &[&str], vars: &[SymId], path: &str, lineno: usize) -> Result<Vec<usize>> {
    let mut order = Vec::new();
    for c in cells {
        let name = request::normalize_var(c)?;
        let k = vars.iter().position(|&v| pool.name(v) == name).ok_or_else(|| {
            Error::usage(format!(
                "{path}:{lineno}: the header names '{c}', which is not a variable here ({})",
                request::var_list(pool, vars)
            ))
        })?;
        order.push(k);
    }
    if order.len() != vars.len() {
        return Err(Error::usage(format!(
            "{path}:{lineno}: the header names {} columns but there are {} variables",
            order.len(),
            vars.len()
        )));
    }
    Ok(order)
}

pub fn read_text(path: &str) -> Result<String> {
    let mut bytes = Vec::new();
    let r = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    r.map_err(|e| Error::usage(format!("cannot read {path}: {e}")))?;
    String::from_utf8(bytes)
        .map_err(|e| Error::usage(format!("{path}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to())))
}

/// A CSV table: the coordinates, then one column per result, one row per point.
pub fn csv(out: &Out, vars: &[SymId], points: &[Vec<ExprId>], cols: &[(String, Vec<ExprId>)]) -> String {
    let mut s = out.var_names(vars, crate::print::Style::Plain).join(",");
    for (name, _) in cols {
        s.push(',');
        s.push_str(name);
    }
    for (i, p) in points.iter().enumerate() {
        s.push('\n');
        let cells: Vec<String> =
            p.iter().map(|&c| out.decimal(c)).chain(cols.iter().map(|(_, vs)| out.decimal(vs[i]))).collect();
        s.push_str(&cells.join(","));
    }
    s
}
