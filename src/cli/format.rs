//! The look of text output that only a terminal has: bold labels (`--color`, `NO_COLOR`).

use colored::Colorize;

/// A label in text output, highlighted when colour is on.
pub fn label(s: &str) -> String {
    s.bold().to_string()
}
