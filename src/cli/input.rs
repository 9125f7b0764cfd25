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

/// One expression of EXPR `-`, with the number of its line (from 1) for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub text: String,
}

/// The expressions of EXPR `-`: the lines of standard input that are not blank or a `#`
/// comment (as in a `--points` CSV file), each with its line number.
pub fn expression_lines() -> Result<Vec<Line>> {
    Ok(expressions_in(&read_text("-")?))
}

/// The lines of `text` that hold an expression.
pub fn expressions_in(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .map(|(k, l)| Line { number: k + 1, text: l.to_string() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_comments_are_skipped_and_lines_keep_their_numbers() {
        let lines = expressions_in("x^2\n\n  # a comment\n\tsin(x)\r\n   \n#\ny # not a comment here\n");
        let got: Vec<(usize, &str)> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(got, vec![(1, "x^2"), (4, "\tsin(x)"), (7, "y # not a comment here")]);
    }
}
