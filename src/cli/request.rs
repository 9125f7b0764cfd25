//! Raw flags → one validated [`Request`]: the command with its own parameters (clap's
//! command enum is taken apart here, once), where the expression comes from, and the options
//! every command shares. Everything that can be checked without the expression is checked
//! here, before any input is read; what depends on the expression's variables (the
//! coordinates of points, a direction) is read with the expression ([`super::problem`],
//! [`super::coordinates`]).

use super::args::{self, Cli, ColorChoice, Common, Format};
use crate::error::{Error, Result};
use crate::expr::{greek_by_symbol, Pool, SymId};
use crate::limits::{Limit, Limits};
use crate::syntax::ParseOptions;

/// What to compute: a command and its own parameters.
#[derive(Clone, Debug)]
pub enum Command {
    /// `diff EXPR [VAR...]`: the variables as typed (`x`, `x^3`).
    Diff {
        wrt: Vec<String>,
    },
    Grad,
    /// `dir EXPR --at P (--toward Q | --along V | --angle A)`.
    Dir {
        direction: Option<DirectionFlag>,
    },
    Hessian,
    Jacobian,
    Differential,
    /// `descend EXPR --from P --rate η [--steps N] [--tol T]`.
    Descend {
        from: String,
        rate: String,
        steps: usize,
        tolerance: Option<f64>,
    },
    Eval,
    Simplify,
}

/// The flag a direction of `dir` was given with, as typed.
#[derive(Clone, Debug)]
pub enum DirectionFlag {
    Toward(String),
    Along(String),
    Angle(String),
}

impl Command {
    /// Whether the command evaluates at many points (`--points`).
    fn takes_points(&self) -> bool {
        matches!(
            self,
            Command::Eval
                | Command::Diff { .. }
                | Command::Grad
                | Command::Hessian
                | Command::Jacobian
                | Command::Dir { .. }
        )
    }
}

/// Where the expression (or the Jacobian's list) comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The EXPR argument.
    Argument(String),
    /// EXPR `-`: one expression per line of standard input.
    StandardInput,
}

/// The options every command shares.
#[derive(Clone, Debug)]
pub struct Options {
    pub format: Format,
    /// Significant digits of decimal approximations.
    pub digits: usize,
    /// Show the work (`--steps`; `--show-steps` on `descend`).
    pub steps: bool,
    /// From the environment, overridden by the `--max-…` flags.
    pub limits: Limits,
    /// The variables declared with `--vars`, normalised (`x_1` → `x1`), in their order.
    pub vars: Option<Vec<String>>,
    /// The `--at` points as typed; their coordinates are read against the variables.
    pub at: Vec<String>,
    /// `--points FILE` (`-` is standard input).
    pub points: Option<String>,
}

impl Options {
    /// How the parser reads names: multi-letter names must be declared.
    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions { declared: self.vars.clone().unwrap_or_default() }
    }
}

/// One command line, validated.
#[derive(Clone, Debug)]
pub struct Request {
    pub command: Command,
    pub source: Source,
    pub options: Options,
}

/// The command line as clap read it, taken apart: the command with its own flags, the
/// expression argument, the shared options and whether to show the work.
pub struct CommandLine {
    command: Command,
    expression: String,
    common: Common,
    steps: bool,
}

impl CommandLine {
    /// The `--color` choice, wanted before the request is validated (its errors are coloured).
    pub fn color(&self) -> ColorChoice {
        self.common.color
    }
}

impl From<Cli> for CommandLine {
    fn from(cli: Cli) -> CommandLine {
        let (command, expression, common, steps) = match cli.command {
            args::Command::Diff { expr, wrt, common, show } => (Command::Diff { wrt }, expr, common, show.steps),
            args::Command::Grad { expr, common, show } => (Command::Grad, expr, common, show.steps),
            args::Command::Dir { expr, toward, along, angle, common, show } => {
                // clap lets at most one of them through.
                let direction = match (toward, along, angle) {
                    (Some(q), _, _) => Some(DirectionFlag::Toward(q)),
                    (_, Some(v), _) => Some(DirectionFlag::Along(v)),
                    (_, _, Some(a)) => Some(DirectionFlag::Angle(a)),
                    _ => None,
                };
                (Command::Dir { direction }, expr, common, show.steps)
            }
            args::Command::Hessian { expr, common, show } => (Command::Hessian, expr, common, show.steps),
            args::Command::Jacobian { exprs, common, show } => (Command::Jacobian, exprs, common, show.steps),
            args::Command::Differential { expr, common, show } => (Command::Differential, expr, common, show.steps),
            args::Command::Descend { expr, from, rate, steps, tol, show_steps, common } => {
                (Command::Descend { from, rate, steps, tolerance: tol }, expr, common, show_steps)
            }
            args::Command::Eval { expr, common, show } => (Command::Eval, expr, common, show.steps),
            args::Command::Simplify { expr, common, show } => (Command::Simplify, expr, common, show.steps),
        };
        CommandLine { command, expression, common, steps }
    }
}

impl Request {
    /// Validates a command line: the limits in the environment, flags that do not go
    /// together, the names of `--vars`, `--tol`.
    pub fn new(line: CommandLine) -> Result<Request> {
        let CommandLine { command, expression, common, steps } = line;
        check_env()?;
        if steps && common.format == Format::Csv {
            return Err(Error::usage("--steps shows the work as text, plain, LaTeX or JSON, not CSV"));
        }
        let source = if expression == "-" { Source::StandardInput } else { Source::Argument(expression) };
        if source == Source::StandardInput && common.points.as_deref() == Some("-") {
            return Err(Error::usage("EXPR and --points cannot both read standard input"));
        }
        if common.points.is_some() && !command.takes_points() {
            return Err(Error::usage(
                "--points works with eval, diff, grad, hessian, jacobian and dir; use --at for one point",
            ));
        }
        if let Command::Descend { tolerance: Some(t), .. } = command {
            // |∇f| < T never holds for T ≤ 0 or NaN: the flag would be ignored without a word.
            if !(t.is_finite() && t > 0.0) {
                return Err(Error::usage(format!("--tol must be a positive number, not '{t}'")));
            }
        }
        let vars = match &common.vars {
            Some(vs) => Some(declared_vars(vs)?),
            None => None,
        };
        let options = Options {
            format: common.format,
            digits: common.digits as usize,
            steps,
            limits: limits(&common),
            vars,
            at: common.at,
            points: common.points,
        };
        Ok(Request { command, source, options })
    }
}

/// A limit set in the environment must be a number (see [`crate::limits::bad_env`]).
fn check_env() -> Result<()> {
    match crate::limits::bad_env() {
        None => Ok(()),
        Some((limit, value)) => {
            Err(Error::usage(format!("the environment variable {}='{value}' is not a whole number", limit.env_var()))
                .with_help(format!("give a number of {}, or unset it for the default", limit.unit())))
        }
    }
}

/// Limits from the environment, overridden by flags.
fn limits(common: &Common) -> Limits {
    let mut l = Limits::from_env();
    if let Some(v) = common.max_depth {
        l.depth = v;
    }
    if let Some(v) = common.max_bits {
        l.int_bits = v;
    }
    if let Some(v) = common.max_nodes {
        l.nodes = v;
    }
    if let Some(v) = common.max_order {
        l.order = v;
    }
    if let Some(v) = common.max_input {
        l.input_bytes = v;
    }
    if let Some(v) = common.max_output {
        l.output_bytes = v;
    }
    if let Some(v) = common.max_work {
        l.work = v;
    }
    l
}

/// `--vars`: each name normalised, none twice.
fn declared_vars(raw: &[String]) -> Result<Vec<String>> {
    let declared = raw
        .iter()
        .map(|v| normalize_var(v).map_err(|e| Error { message: format!("--vars: {}", e.message), ..e }))
        .collect::<Result<Vec<_>>>()?;
    for (i, v) in declared.iter().enumerate() {
        if declared[..i].contains(v) {
            return Err(Error::usage(format!("--vars names '{v}' twice")));
        }
    }
    Ok(declared)
}

/// A variable name as typed on the command line (`x_1`, `x_{1}`, `θ`) → its stored form.
pub fn normalize_var(raw: &str) -> Result<String> {
    let t = raw.trim();
    let mut chars = t.chars();
    let first = chars.next().ok_or_else(|| Error::usage("an empty variable name"))?;
    let (stem, rest) = match greek_by_symbol(&first.to_string()) {
        Some(g) => (g.to_string(), chars.as_str().to_string()),
        None => {
            let letters: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            let rest = t[letters.len()..].to_string();
            (letters, rest)
        }
    };
    if stem.is_empty() {
        return Err(Error::usage(format!("'{raw}' is not a variable name")));
    }
    let sub = rest.strip_prefix('_').unwrap_or(&rest);
    let sub = sub.strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or(sub);
    let sub: String = sub
        .chars()
        .map(|c| match "₀₁₂₃₄₅₆₇₈₉".chars().position(|d| d == c) {
            Some(d) => char::from(b'0' + d as u8),
            None => c,
        })
        .collect();
    if !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::usage(format!("'{raw}' is not a variable name")));
    }
    Ok(if sub.is_empty() {
        stem
    } else if sub.chars().all(|c| c.is_ascii_digit()) {
        format!("{stem}{sub}")
    } else {
        format!("{stem}_{sub}")
    })
}

/// `x`, `x^3`, `y^2` → the variables to differentiate by, one entry per differentiation.
pub fn derivative_vars(pool: &mut Pool, wrt: &[String], limits: &Limits) -> Result<Vec<SymId>> {
    let mut out = Vec::new();
    for w in wrt {
        let (name, k) = match w.split_once('^') {
            Some((n, k)) => {
                let k = k.trim().trim_start_matches('{').trim_end_matches('}');
                let k: usize = match k.parse() {
                    Ok(0) => return Err(Error::usage(format!("'{w}': the order after '^' must be at least 1"))),
                    Ok(k) => k,
                    // All digits but too many for a number: over any order limit.
                    Err(_) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) => usize::MAX,
                    Err(_) => return Err(Error::usage(format!("'{w}': the order after '^' must be a whole number"))),
                };
                (n, k)
            }
            None => (w.as_str(), 1),
        };
        let name = normalize_var(name)?;
        if k > limits.order || out.len() + k > limits.order {
            return Err(Error::limit(Limit::Order, limits, true));
        }
        out.extend(std::iter::repeat_n(pool.symbol(&name), k));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names_as_typed() {
        let cases = [
            ("x", "x"),
            ("x_1", "x1"),
            ("x_{12}", "x12"),
            ("x₃", "x3"),
            ("θ", "theta"),
            ("θ_2", "theta2"),
            ("x_ab", "x_ab"),
        ];
        for (typed, stored) in cases {
            assert_eq!(normalize_var(typed).unwrap(), stored, "{typed}");
        }
        for bad in ["", "1x", "x-1", "_"] {
            assert!(normalize_var(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn flags_that_do_not_go_together_are_refused_before_any_input_is_read() {
        use clap::Parser;
        let refused = |args: &[&str]| {
            let cli = Cli::try_parse_from(std::iter::once("gradcalc").chain(args.iter().copied())).unwrap();
            Request::new(CommandLine::from(cli)).err().map(|e| e.message)
        };
        assert_eq!(
            refused(&["diff", "x", "--steps", "--format", "csv"]).unwrap(),
            "--steps shows the work as text, plain, LaTeX or JSON, not CSV"
        );
        assert!(refused(&["grad", "-", "--points", "-"]).unwrap().contains("both read standard input"));
        assert!(refused(&["simplify", "x", "--points", "f.csv"]).unwrap().starts_with("--points works with"));
        assert!(refused(&["descend", "x^2", "--from", "1", "--rate", "0.1", "--tol", "-1"]).unwrap().contains("--tol"));
        assert_eq!(refused(&["eval", "x", "--vars", "x,y_1"]), None);
        assert_eq!(refused(&["eval", "x", "--vars", "x1,x_1"]).unwrap(), "--vars names 'x1' twice");
        assert_eq!(refused(&["grad", "x^2"]), None);
    }
}
