//! Standard input as text, and `--format csv` for results at several `--at` points
//! (`--points` is [`super::many`]).

use super::output::Out;
use crate::error::{Error, Result};
use crate::expr::{ExprId, SymId};
use std::io::Read;

/// The UTF-8 byte-order mark, skipped at the start of standard input and CSV files.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn read_text(path: &str) -> Result<String> {
    let mut bytes = Vec::new();
    let r = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    r.map_err(|e| Error::usage(format!("cannot read {path}: {e}")))?;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
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
