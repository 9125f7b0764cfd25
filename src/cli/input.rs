//! The one reader of input files and standard input (EXPR `-`, `--points FILE`, `--points -`):
//! the bytes without a UTF-8 byte-order mark (spreadsheets write one at the start of a CSV),
//! and as text, a UTF-8 error says where, as a person counts.

use crate::error::{Error, Result};
use std::io::Read;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `path` as messages name it.
pub fn shown_path(path: &str) -> &str {
    if path == "-" {
        "standard input"
    } else {
        path
    }
}

/// The whole file (`-`: standard input), without a byte-order mark.
pub fn read_bytes(path: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let r = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    r.map_err(|e| Error::usage(format!("cannot read {}: {e}", shown_path(path))))?;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    Ok(bytes)
}

/// The whole file as UTF-8 text.
pub fn read_text(path: &str) -> Result<String> {
    String::from_utf8(read_bytes(path)?).map_err(|e| {
        // Where, as a person counts: line and column from 1, and the byte that is wrong.
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line_start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let col = String::from_utf8_lossy(&bytes[line_start..at]).chars().count() + 1;
        Error::usage(format!(
            "{} is not UTF-8 text: byte 0x{:02X} at line {line}, column {col}",
            shown_path(path),
            bytes[at]
        ))
    })
}

/// The expressions of EXPR `-`: the non-empty lines of standard input.
pub fn expression_lines() -> Result<Vec<String>> {
    let text = read_text("-")?;
    Ok(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect())
}
