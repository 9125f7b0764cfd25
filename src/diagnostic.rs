//! The one renderer of errors: an `error:` line, the input line, a caret under the
//! span, and a help line. Every error the program prints goes through here.

use crate::error::Error;
use colored::Colorize;

/// The text of an error as printed on stderr (without a trailing newline).
pub fn render(err: &Error) -> String {
    let mut out = format!("{} {}", "error:".red().bold(), err.message);
    if let (Some(src), Some((start, end))) = (&err.source, err.span) {
        // Show the line that holds the span; columns count characters, not bytes.
        let start = start.min(src.len());
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line = &src[line_start..line_end];
        let col = src[line_start..start].chars().count();
        let end = end.clamp(start, line_end);
        let width = src[start..end].chars().count().max(1);
        let shown: String = line.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
        out.push_str(&format!("\n  {shown}\n  {}{}", " ".repeat(col), "^".repeat(width).red().bold()));
    }
    if let Some(help) = &err.help {
        out.push_str(&format!("\n  {} {help}", "help:".cyan()));
    }
    out
}
