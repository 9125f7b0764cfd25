//! One error type for the whole program: what went wrong, where in the input, and which
//! exit code it means (1 for mathematics, 2 for usage and input; the README's "Exit codes and
//! errors").

use crate::limits::{Limit, Limits};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags or arguments.
    Usage,
    /// Input that does not parse.
    Parse,
    /// Not defined at the point, zero direction vector, …
    Math,
    /// A resource limit; `input` says whether the input itself was too big (exit 2) or a
    /// computation outgrew it (exit 1).
    Limit { limit: Limit, input: bool },
}

/// A byte range in the input that the error points at.
pub type Span = (usize, usize);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// The input the span refers to.
    pub source: Option<String>,
    pub span: Option<Span>,
    /// A hint on a line of its own.
    pub help: Option<String>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), source: None, span: None, help: None }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage, message)
    }

    pub fn math(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Math, message)
    }

    pub fn parse(message: impl Into<String>, span: Span) -> Error {
        Error { span: Some(span), ..Error::new(ErrorKind::Parse, message) }
    }

    /// A limit was hit; the message says which and how to raise it.
    pub fn limit(limit: Limit, limits: &Limits, input: bool) -> Error {
        let msg = format!("{} (limit: {} {})", limit.what(), limit.value(limits), limit.unit());
        let help = format!("raise it with {} N or the environment variable {}", limit.flag(), limit.env_var());
        Error { help: Some(help), ..Error::new(ErrorKind::Limit { limit, input }, msg) }
    }

    pub fn with_source(mut self, source: &str) -> Error {
        if self.source.is_none() {
            self.source = Some(source.to_string());
        }
        self
    }

    pub fn with_span(mut self, span: Span) -> Error {
        self.span = Some(span);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Math => 1,
            ErrorKind::Limit { input, .. } => {
                if input {
                    2
                } else {
                    1
                }
            }
            ErrorKind::Usage | ErrorKind::Parse => 2,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
