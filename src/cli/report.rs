//! What one input gives: the output (in pieces, written in order), the warnings for stderr and
//! the exit code. Commands return a report instead of printing on the way; `cli::run` writes
//! it (warnings first, then the output).

use crate::diagnostic;

/// A command's answer for one input.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The output; written one piece after another, then a newline (`--points` formats a
    /// large output in parallel chunks).
    pub output: Vec<String>,
    /// Messages for stderr, each written as `warning: …`.
    pub warnings: Vec<String>,
    /// 0: an answer was given. A failure is an [`crate::error::Error`] instead, with its own
    /// exit code; the program's code is the highest of its inputs'.
    pub code: u8,
}

impl Report {
    /// An answer in one piece.
    pub fn text(output: String) -> Report {
        Report { output: vec![output], ..Report::default() }
    }

    /// An answer in pieces.
    pub fn pieces(output: Vec<String>) -> Report {
        Report { output, ..Report::default() }
    }

    pub fn with_warning(mut self, message: Option<String>) -> Report {
        self.warnings.extend(message);
        self
    }

    /// The warnings as stderr lines.
    pub fn rendered_warnings(&self) -> impl Iterator<Item = String> + '_ {
        self.warnings.iter().map(|w| diagnostic::render_warning(w))
    }
}
