//! Standard input as text, and `--format csv` for results at several `--at` points
//! (`--points` is [`super::many`]).

use crate::error::{Error, Result};
use crate::expr::{ExprId, SymId};
use crate::print::Printers as Out;
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
    String::from_utf8(bytes).map_err(|e| {
        // Where, as a person counts: line and column from 1, and the byte that is wrong.
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line_start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let col = String::from_utf8_lossy(&bytes[line_start..at]).chars().count() + 1;
        let shown = if path == "-" { "standard input" } else { path };
        Error::usage(format!("{shown} is not UTF-8 text: byte 0x{:02X} at line {line}, column {col}", bytes[at]))
    })
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
