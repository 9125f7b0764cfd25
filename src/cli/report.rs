//! What one input gives: the output (in pieces, written in order), the warnings for stderr,
//! a failure that still has output (a descent that diverged: the table so far, then the
//! error) and the exit code. Commands return a report instead of printing on the way;
//! `cli::run` writes it (warnings first, then the output, then the failure).

use crate::diagnostic;
use crate::error::Error;

/// A command's answer for one input.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The output; written one piece after another, then a newline (`--points` formats a
    /// large output in parallel chunks).
    pub output: Vec<String>,
    /// Messages for stderr, each written as `warning: …`.
    pub warnings: Vec<String>,
    /// 0: an answer was given; a [`Report::failure`]'s code when there is one. A failure
    /// without output is an [`Error`] instead, with its own exit code; the program's code is
    /// the highest of its inputs'.
    pub code: u8,
    /// A computation that failed after producing output worth showing: the output goes to
    /// stdout, this error to stderr after it, and its exit code is the report's.
    pub failure: Option<Error>,
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

    /// The output stands, but the computation failed (exit code: the error's).
    pub fn failed(mut self, error: Option<Error>) -> Report {
        if let Some(e) = error {
            self.code = self.code.max(e.exit_code());
            self.failure = Some(e);
        }
        self
    }

    /// No output on stdout (a picture written to its file).
    pub fn silent() -> Report {
        Report::default()
    }

    /// The warnings as stderr lines.
    pub fn rendered_warnings(&self) -> impl Iterator<Item = String> + '_ {
        self.warnings.iter().map(|w| diagnostic::render_warning(w))
    }
}
