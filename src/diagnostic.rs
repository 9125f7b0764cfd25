//! The one renderer of errors: an `error:` line, the input line, a caret under the
//! span, and a help line. Every error the program prints goes through here, and so does
//! every warning (`warning:` and its message).

use crate::error::Error;
use colored::Colorize;

/// Characters of the input line shown at most; longer lines are cut around the caret.
const WINDOW: usize = 100;

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text of an error as printed on stderr (without a trailing newline).
pub fn render(err: &Error) -> String {
    let mut out = format!("{} {}", "error:".red().bold(), err.message);
    if let (Some(src), Some((start, end))) = (&err.source, err.span) {
        // Show the line that holds the span; columns count characters, not bytes.
        let start = floor_boundary(src, start);
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line: Vec<char> = src[line_start..line_end].chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let col = src[line_start..start].chars().count();
        let end = floor_boundary(src, end.clamp(start, line_end));
        let width = src[start..end].chars().count().max(1);
        // A long line is shown as a window around the caret, marked with `…` where cut.
        let from = if line.len() > WINDOW { col.saturating_sub(WINDOW / 3).min(line.len() - WINDOW) } else { 0 };
        let to = (from + WINDOW).min(line.len());
        let mut shown: String = line[from..to].iter().collect();
        let mut caret_col = col - from;
        if from > 0 {
            shown.insert(0, '…');
            caret_col += 1;
        }
        if to < line.len() {
            shown.push('…');
        }
        let width = width.min(to.saturating_sub(col).max(1));
        out.push_str(&format!("\n  {shown}\n  {}{}", " ".repeat(caret_col), "^".repeat(width).red().bold()));
    }
    if let Some(help) = &err.help {
        out.push_str(&format!("\n  {} {help}", "help:".cyan()));
    }
    out
}

/// A warning: `warning:` and the message (the computation went on; stdout has the result).
pub fn render_warning(message: &str) -> String {
    format!("{} {message}", "warning:".yellow())
}
