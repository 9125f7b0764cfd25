//! Raw flags → one validated [`Request`]: the command with its own parameters (clap's
//! command enum is taken apart here, once), where the expression comes from, and the options
//! every command shares. Everything that can be checked without the expression is checked
//! here, before any input is read; what depends on the expression's variables (the
//! coordinates of points, a direction) is read with the expression ([`super::problem`],
//! [`super::coordinates`]).

use super::args::{self, ColorChoice, Common, Format, Method, DEFAULT_STEPS};
use crate::error::{Error, Result};
use crate::expr::{greek_by_symbol, Pool, SymId};
use crate::limits::{Limit, Limits};
use crate::plot;
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
    /// `descend EXPR --from P [--rate η] [--method M] [--momentum β] [--steps N] [--tol T]
    /// [--every K]`.
    Descend {
        run: RunFlags,
        /// Keep every K-th row and the last.
        every: usize,
    },
    /// `plot EXPR [-o FILE] [--path M[:η]]… [--from P …] [--range …] [--surface] [--derivative]
    /// [--filled]`.
    Plot(PlotFlags),
    /// `critical EXPR [--subject-to "G = c"]… [--range …]`.
    Critical {
        constraints: Vec<String>,
        range: Option<String>,
    },
    /// `taylor EXPR --at P [--order N]`.
    Taylor {
        order: u32,
    },
    /// `tangent EXPR --at P`.
    Tangent,
    Eval,
    Simplify,
}

/// How to run a descent, as typed: shared by `descend` and each path of `plot`.
#[derive(Clone, Debug)]
pub struct RunFlags {
    pub method: Method,
    pub from: String,
    /// `--rate` (or a path's own `:η`); `None` only for Newton's method, whose default is 1.
    pub rate: Option<String>,
    /// `--momentum β`, for the momentum method.
    pub momentum: Option<String>,
    pub steps: usize,
    pub tolerance: Option<f64>,
}

/// Where a picture goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// `-o FILE`, in the format its extension names.
    File(String, plot::Format),
    /// `-o -`, or no `-o` with standard output not a terminal: SVG on standard output.
    Stdout,
    /// No `-o`: standard output if it is not a terminal (see [`Request::check_output`]).
    Unnamed,
}

/// The flags of `plot`, checked against each other.
#[derive(Clone, Debug)]
pub struct PlotFlags {
    pub output: Output,
    /// One run per `--path`, in order.
    pub paths: Vec<RunFlags>,
    /// `--range` as typed.
    pub range: Option<String>,
    pub surface: bool,
    pub derivative: bool,
    pub filled: bool,
    /// `--critical`: mark the critical points.
    pub critical: bool,
}

/// The flag a direction of `dir` was given with, as typed.
#[derive(Clone, Debug)]
pub enum DirectionFlag {
    Toward(String),
    Along(String),
    Angle(String),
}

impl Command {
    /// The command's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Diff { .. } => "diff",
            Command::Grad => "grad",
            Command::Dir { .. } => "dir",
            Command::Hessian => "hessian",
            Command::Jacobian => "jacobian",
            Command::Differential => "differential",
            Command::Descend { .. } => "descend",
            Command::Plot(_) => "plot",
            Command::Critical { .. } => "critical",
            Command::Taylor { .. } => "taylor",
            Command::Tangent => "tangent",
            Command::Eval => "eval",
            Command::Simplify => "simplify",
        }
    }

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
    /// The parameters declared with `--params`, normalised, in their order.
    pub params: Vec<String>,
    /// `--let`: each parameter and its value as typed, in order.
    pub lets: Vec<(String, String)>,
    /// The unknown functions declared with `--funcs`, normalised.
    pub funcs: Vec<String>,
    /// The `--at` points as typed; their coordinates are read against the variables.
    pub at: Vec<String>,
    /// `--points FILE` (`-` is standard input).
    pub points: Option<String>,
    /// `--standalone`: the output as a whole LaTeX or Typst document.
    pub standalone: bool,
}

impl Options {
    /// How the parser reads names: multi-letter names must be declared.
    pub fn parse_options(&self) -> ParseOptions {
        let mut declared = self.vars.clone().unwrap_or_default();
        declared.extend(self.params.iter().cloned());
        declared.extend(self.lets.iter().map(|(n, _)| n.clone()).filter(|n| !self.params.contains(n)));
        ParseOptions { declared, funcs: self.funcs.clone() }
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
    /// `plot`'s path flags as typed, made into [`PlotFlags::paths`] by [`Request::new`].
    path_flags: PathFlags,
}

/// The flags of `plot` that describe its paths and its file, as typed.
#[derive(Clone, Debug, Default)]
struct PathFlags {
    output: Option<String>,
    paths: Vec<String>,
    from: Option<String>,
    rate: Option<String>,
    momentum: Option<String>,
    steps: Option<usize>,
    tolerance: Option<f64>,
}

impl CommandLine {
    /// The `--color` choice, wanted before the request is validated (its errors are coloured).
    pub fn color(&self) -> ColorChoice {
        self.common.color
    }
}

impl From<args::Command> for CommandLine {
    fn from(command: args::Command) -> CommandLine {
        let (command, expression, common, steps) = match command {
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
            args::Command::Descend { expr, from, rate, method, momentum, steps, tol, every, show_steps, common } => {
                // A missing --from is refused by Request::new, as empty.
                let from = from.unwrap_or_default();
                let run = RunFlags { method, from, rate, momentum, steps, tolerance: tol };
                // 0 is refused by Request::new.
                (Command::Descend { run, every: every.unwrap_or(1) }, expr, common, show_steps)
            }
            args::Command::Plot {
                expr,
                output,
                paths,
                from,
                rate,
                momentum,
                steps,
                tol,
                range,
                surface,
                derivative,
                filled,
                critical,
                common,
            } => {
                let path_flags = PathFlags { output, paths, from, rate, momentum, steps, tolerance: tol };
                let plot = PlotFlags {
                    output: Output::Unnamed,
                    paths: Vec::new(),
                    range,
                    surface,
                    derivative,
                    filled,
                    critical,
                };
                return CommandLine {
                    command: Command::Plot(plot),
                    expression: expr,
                    common,
                    steps: false,
                    path_flags,
                };
            }
            args::Command::Critical { expr, subject_to, range, common, show } => {
                (Command::Critical { constraints: subject_to, range }, expr, common, show.steps)
            }
            // A negative or too large order is refused by Request::new (as u32::MAX).
            args::Command::Taylor { expr, order, common, show } => {
                let order = u32::try_from(order).unwrap_or(u32::MAX);
                (Command::Taylor { order }, expr, common, show.steps)
            }
            args::Command::Tangent { expr, common, show } => (Command::Tangent, expr, common, show.steps),
            args::Command::Eval { expr, common, show } => (Command::Eval, expr, common, show.steps),
            args::Command::Simplify { expr, common, show } => (Command::Simplify, expr, common, show.steps),
        };
        CommandLine { command, expression, common, steps, path_flags: PathFlags::default() }
    }
}

impl Request {
    /// Validates a command line: the limits in the environment, flags that do not go
    /// together, the names of `--vars`, `--tol`.
    pub fn new(line: CommandLine) -> Result<Request> {
        let unused = without_effect(&line.command, &line.common, line.steps);
        let request = Request::with_every_flag(line)?;
        match unused {
            Some(e) => Err(e),
            None => Ok(request),
        }
    }

    /// [`Request::new`] without refusing flags that have no effect (the flag test runs a
    /// command with and without such a flag, to show that it has none).
    fn with_every_flag(line: CommandLine) -> Result<Request> {
        let CommandLine { command, expression, common, steps, path_flags } = line;
        check_env()?;
        if steps && common.format == Format::Csv {
            return Err(Error::usage("--steps shows the work as text, plain, LaTeX, Typst or JSON, not CSV"));
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
        let command = match command {
            Command::Descend { run, every } => {
                if run.from.trim().is_empty() {
                    return Err(Error::usage(if common.at.is_empty() {
                        "descend needs a starting point: --from P, like --from 3,2"
                    } else {
                        "descend starts from --from, not --at: write --from 3,2 for the point 3,2"
                    }));
                }
                check_run(&run, Context::Descend, method_flag(run.method))?;
                if every == 0 {
                    return Err(Error::usage("--every must be at least 1 (1 prints every row)"));
                }
                Command::Descend { run, every }
            }
            Command::Taylor { order } => {
                if order > MAX_TAYLOR_ORDER {
                    return Err(Error::usage(format!("--order must be a whole number from 0 to {MAX_TAYLOR_ORDER}")));
                }
                if common.at.len() != 1 {
                    return Err(Error::usage("taylor expands f about one point: give it with --at P, like --at 0,0"));
                }
                Command::Taylor { order }
            }
            Command::Tangent => {
                if common.at.len() != 1 {
                    return Err(Error::usage(
                        "tangent needs the point of tangency: give it with --at P, like --at 1,2",
                    ));
                }
                Command::Tangent
            }
            Command::Critical { constraints, range } => {
                if range.is_some() && !constraints.is_empty() {
                    return Err(Error::usage(
                        "--range sets the box searched for critical points of a non-polynomial f; \
                         with --subject-to, f and the constraints must be polynomials, solved exactly",
                    ));
                }
                Command::Critical { constraints, range }
            }
            Command::Plot(mut plot) => {
                plot.output = match path_flags.output.as_deref() {
                    None => Output::Unnamed,
                    Some("-") => Output::Stdout,
                    Some(name) => Output::File(name.to_string(), plot::Format::from_file_name(name)?),
                };
                plot.paths = plot_paths(path_flags)?;
                check_plot(&source, &common)?;
                Command::Plot(plot)
            }
            other => other,
        };
        let vars = match &common.vars {
            Some(vs) => Some(declared_vars(vs)?),
            None => None,
        };
        let params = match &common.params {
            Some(ps) => declared_names(ps, "--params")?,
            None => Vec::new(),
        };
        for p in &params {
            not_a_function_name(p)?;
        }
        let funcs = match &common.funcs {
            Some(fs) => declared_functions(fs)?,
            None => Vec::new(),
        };
        let lets = let_values(&common.let_values)?;
        check_roles(vars.as_deref().unwrap_or_default(), &params, &funcs, &lets)?;
        let options = Options {
            format: common.format,
            digits: common.digits.unwrap_or(DEFAULT_DIGITS) as usize,
            steps,
            limits: limits(&common),
            vars,
            params,
            lets,
            funcs,
            at: common.at,
            points: common.points,
            standalone: common.standalone,
        };
        Ok(Request { command, source, options })
    }
}

#[cfg(test)]
impl Request {
    /// For tests: a command line validated except for flags without effect.
    pub fn unchecked(line: CommandLine) -> Result<Request> {
        Request::with_every_flag(line)
    }
}

/// The highest order `taylor --order` takes.
pub const MAX_TAYLOR_ORDER: u32 = 200;

/// Significant digits of decimals when `--digits` is not given.
pub const DEFAULT_DIGITS: u32 = 10;

/// A flag whose effect depends on the command and the flags around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    At,
    FormatCsv,
    Steps,
    Digits,
    Standalone,
}

/// What decides whether a flag has an effect: the command and the flags around it.
pub struct Situation {
    /// The command's name.
    pub command: &'static str,
    /// How many `--at` points.
    pub at: usize,
    pub points: bool,
    pub format: Format,
    pub steps: bool,
}

impl Situation {
    fn is(&self, names: &[&str]) -> bool {
        names.contains(&self.command)
    }
}

/// A flag that has no effect in some situation, and what to use instead.
pub struct NoEffect {
    pub flag: Flag,
    pub when: fn(&Situation) -> bool,
    pub message: &'static str,
}

/// Every flag that would have no effect on a command line, with what to use instead: such a
/// command line is refused (exit 2) rather than run as if the flag were not there. The first
/// row that applies gives the message. `--vars`, `--color` and the `--max-…` limits act on
/// every command (reading the input, messages, limits); `--points` is refused by the
/// commands that do not take it (see [`Request::new`]). The unit test in `cli::flag_effects`
/// runs every command with and without each flag and checks this table against what it
/// prints.
pub const NO_EFFECT: &[NoEffect] = &[
    NoEffect {
        flag: Flag::At,
        when: |s| s.is(&["critical"]),
        message: "--at has no effect on critical, which finds the critical points itself; \
                  to classify a point you know use: gradcalc hessian EXPR --at P",
    },
    NoEffect {
        flag: Flag::FormatCsv,
        when: |s| s.is(&["critical", "taylor", "tangent"]),
        message: "--format csv is a table of values at given points, and this command prints \
                  points or a polynomial it finds; use --format json for a machine-readable result",
    },
    NoEffect {
        flag: Flag::Digits,
        when: |s| s.is(&["taylor", "tangent"]),
        message: "--digits sets the digits of decimal values, and this command prints an exact polynomial",
    },
    NoEffect {
        flag: Flag::At,
        when: |s| s.is(&["simplify"]),
        message: "--at has no effect on simplify, which prints the expression, not its value; \
                  to evaluate it at a point use: gradcalc eval EXPR --at P",
    },
    NoEffect {
        flag: Flag::At,
        when: |s| s.is(&["descend"]),
        message: "--at has no effect on descend: its starting point is --from, like --from 3,2",
    },
    NoEffect {
        flag: Flag::FormatCsv,
        when: |s| s.is(&["simplify"]),
        message: "--format csv is a table of values at points, and simplify prints none; \
                  use --format plain for the expression on one line",
    },
    NoEffect {
        flag: Flag::FormatCsv,
        when: |s| s.is(&["differential"]),
        message: "--format csv is a table of values at points, and differential prints a formula; \
                  use grad --format csv for its coefficients at points",
    },
    NoEffect {
        flag: Flag::FormatCsv,
        when: |s| s.is(&["dir"]) && !s.points,
        message: "--format csv is a table of values at many points, and dir --at gives one; \
                  add --points FILE for a table, or use --format json",
    },
    NoEffect {
        flag: Flag::FormatCsv,
        when: |s| s.is(&["diff", "grad", "hessian", "jacobian"]) && s.at == 0 && !s.points,
        message: "--format csv is a table of values at points, and no point is given; \
                  add --at P (repeatable) or --points FILE",
    },
    NoEffect {
        flag: Flag::Steps,
        when: |s| s.points,
        message: "--steps shows the work at the --at points, not at the rows of --points; \
                  drop --steps, or give the points with --at",
    },
    NoEffect {
        flag: Flag::Standalone,
        when: |s| !matches!(s.format, Format::Latex | Format::Typst),
        message: "--standalone makes a whole LaTeX or Typst document; use it with --format latex or --format typst",
    },
    NoEffect {
        flag: Flag::Digits,
        when: |s| s.is(&["simplify", "differential"]),
        message: "--digits sets the digits of decimal values, and this command prints exact forms only",
    },
    NoEffect {
        flag: Flag::Digits,
        when: |s| s.is(&["diff", "grad", "hessian", "jacobian"]) && s.at == 0 && !s.points,
        message: "--digits sets the digits of decimal values, which are printed only at points; \
                  add --at P or --points FILE",
    },
    NoEffect {
        flag: Flag::Digits,
        when: |s| s.is(&["hessian", "jacobian"]) && !s.points && s.format != Format::Csv,
        message: "--digits sets the digits of decimal values, and hessian and jacobian print exact \
                  matrices at --at points; decimals come with --format csv or --points FILE",
    },
    NoEffect {
        flag: Flag::Digits,
        // With --points, --steps is refused: JSON holds plain doubles there.
        when: |s| s.format == Format::Json && (!s.steps || s.points),
        message: "--digits has no effect on JSON, whose numbers are always the nearest double; \
                  it sets the decimals of text, LaTeX and CSV output",
    },
    NoEffect {
        flag: Flag::Digits,
        when: |s| s.format == Format::Plain && !s.points && !s.is(&["descend", "critical"]),
        message: "--digits has no effect on --format plain, which prints exact values; \
                  it sets the decimals of text, LaTeX and CSV output",
    },
];

/// The first row of [`NO_EFFECT`] that applies to a flag given on this command line.
fn without_effect(command: &Command, common: &Common, steps: bool) -> Option<Error> {
    let situation = Situation {
        command: command.name(),
        at: common.at.len(),
        points: common.points.is_some(),
        format: common.format,
        steps,
    };
    let given = |flag: Flag| match flag {
        Flag::At => !common.at.is_empty(),
        Flag::FormatCsv => common.format == Format::Csv,
        Flag::Steps => steps,
        Flag::Digits => common.digits.is_some(),
        Flag::Standalone => common.standalone,
    };
    [Flag::At, Flag::FormatCsv, Flag::Steps, Flag::Digits, Flag::Standalone]
        .into_iter()
        .filter(|&f| given(f))
        .find_map(|f| no_effect(f, &situation))
        .map(Error::usage)
}

/// The message of the first row of [`NO_EFFECT`] for `flag` in `situation`.
pub fn no_effect(flag: Flag, situation: &Situation) -> Option<&'static str> {
    NO_EFFECT.iter().find(|r| r.flag == flag && (r.when)(situation)).map(|r| r.message)
}

impl Request {
    /// `plot` without `-o` writes SVG on standard output, unless that is a terminal: then it
    /// asks for a file rather than fill the screen with SVG.
    pub fn check_output(&self, stdout_is_terminal: bool) -> Result<()> {
        match &self.command {
            Command::Plot(PlotFlags { output: Output::Unnamed, .. }) if stdout_is_terminal => {
                Err(Error::usage("plot makes a picture: name its file with -o FILE (.svg, .png or .tex)")
                    .with_help("-o - writes SVG on standard output, as does a pipe or a redirection (> f.svg)"))
            }
            _ => Ok(()),
        }
    }
}

/// Where a run's flags were given, for messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Descend,
    Plot,
}

/// The flags of one descent agree with each other: a rate unless Newton's method, β only for
/// momentum, a positive tolerance.
fn check_run(run: &RunFlags, context: Context, typed: &str) -> Result<()> {
    if let Some(t) = run.tolerance {
        // |∇f| < T never holds for T ≤ 0 or NaN: the flag would be ignored without a word.
        if !(t.is_finite() && t > 0.0) {
            return Err(Error::usage(format!("--tol must be a positive number, not '{t}'")));
        }
    }
    let name = typed;
    if run.rate.is_none() && run.method != Method::Newton {
        return Err(match context {
            Context::Descend => {
                Error::usage(format!("--method {name} needs the learning rate η: add --rate, like --rate 0.1"))
            }
            Context::Plot => {
                Error::usage(format!("--path {name} needs the learning rate η: add --rate 0.1, or --path {name}:0.1"))
            }
        });
    }
    if run.momentum.is_some() && run.method != Method::Momentum && context == Context::Descend {
        return Err(Error::usage(format!("--momentum sets β of --method momentum, not of --method {name}"))
            .with_help("add --method momentum, or leave out --momentum"));
    }
    Ok(())
}

/// The name of a method on the command line.
pub fn method_flag(method: Method) -> &'static str {
    match method {
        Method::Gd => "gd",
        Method::Momentum => "momentum",
        Method::Newton => "newton",
    }
}

/// `plot`'s `--path METHOD[:η]` flags with `--from`, `--rate`, `--momentum`, `--steps`,
/// `--tol`: one run each. The run flags without a path would have no effect, and are refused.
fn plot_paths(flags: PathFlags) -> Result<Vec<RunFlags>> {
    if flags.paths.is_empty() {
        let given = [
            ("--from", flags.from.is_some()),
            ("--rate", flags.rate.is_some()),
            ("--momentum", flags.momentum.is_some()),
            ("--steps", flags.steps.is_some()),
            ("--tol", flags.tolerance.is_some()),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, g)| *g) {
            return Err(Error::usage(format!("{flag} sets up an optimisation path, and no --path is given"))
                .with_help("add --path descend (or momentum, newton), like --path descend --from 1,1 --rate 0.1"));
        }
        return Ok(Vec::new());
    }
    let steps = flags.steps.unwrap_or(DEFAULT_STEPS);
    if steps >= MAX_PATH_POINTS {
        return Err(Error::usage(format!(
            "--steps {steps}: a path of more than {MAX_PATH_POINTS} points is more than a picture can show"
        ))
        .with_help("ask for fewer --steps (descend --every K prints a long run's table)"));
    }
    let Some(from) = flags.from else {
        return Err(Error::usage("--path needs a starting point: add --from P, like --from 1,1"));
    };
    let mut runs = Vec::new();
    for typed in &flags.paths {
        let (name, rate) = match typed.split_once(':') {
            Some((name, rate)) => (name, Some(rate.to_string())),
            None => (typed.as_str(), None),
        };
        let method = <Method as clap::ValueEnum>::from_str(name.trim(), true).map_err(|_| {
            Error::usage(format!("--path '{typed}': unknown method '{}'", name.trim()))
                .with_help("the methods are descend (or gd), momentum and newton; --path descend:0.1 sets its rate")
        })?;
        if rate.as_deref().is_some_and(|r| r.trim().is_empty()) {
            return Err(Error::usage(format!("--path '{typed}' has no rate after ':'"))
                .with_help(format!("like --path {}:0.1", name.trim())));
        }
        let run = RunFlags {
            method,
            from: from.clone(),
            rate: rate.or_else(|| flags.rate.clone()),
            momentum: flags.momentum.clone(),
            steps,
            tolerance: flags.tolerance,
        };
        check_run(&run, Context::Plot, name.trim())?;
        runs.push(run);
    }
    if flags.momentum.is_some() && !runs.iter().any(|r| r.method == Method::Momentum) {
        return Err(Error::usage("--momentum sets β of a momentum path, and none is drawn")
            .with_help("add --path momentum, or leave out --momentum"));
    }
    Ok(runs)
}

/// The most points a path of `plot` may have: more than a picture can show apart (and each is
/// a marker in the file).
pub const MAX_PATH_POINTS: usize = 100_000;

/// `plot` reads one expression and writes a picture, whose format is its file's.
fn check_plot(source: &Source, common: &Common) -> Result<()> {
    if *source == Source::StandardInput {
        return Err(Error::usage("plot draws one expression: give it as the argument, not '-'"));
    }
    if common.format != Format::Text {
        return Err(Error::usage("--format has no effect on plot: the picture's format is its file's extension")
            .with_help("name the file with -o: .svg, .png or .tex (pgfplots)"));
    }
    if common.at.len() > 1 {
        return Err(Error::usage(format!("plot marks one point, and --at is given {} times", common.at.len())));
    }
    Ok(())
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
    declared_names(raw, "--vars")
}

/// The names given to `flag` (`--vars`, `--params`, `--funcs`): each normalised, none twice.
fn declared_names(raw: &[String], flag: &str) -> Result<Vec<String>> {
    let declared = raw
        .iter()
        .map(|v| normalize_var(v).map_err(|e| Error { message: format!("{flag}: {}", e.message), ..e }))
        .collect::<Result<Vec<_>>>()?;
    for (i, v) in declared.iter().enumerate() {
        if declared[..i].contains(v) {
            return Err(Error::usage(format!("{flag} names '{v}' twice")));
        }
    }
    Ok(declared)
}

/// `--funcs`: names like variables' that are not built-in names.
fn declared_functions(raw: &[String]) -> Result<Vec<String>> {
    let funcs = declared_names(raw, "--funcs")?;
    for f in &funcs {
        if crate::syntax::names::function(f).is_some() || f == "e" || f == "pi" {
            return Err(Error::usage(format!("--funcs: '{f}' is built in; declare functions of other names")));
        }
    }
    Ok(funcs)
}

/// `--let a=2,rate=0.1` (repeatable): each name normalised, none twice; the values are read
/// as exact constants with the expression.
fn let_values(raw: &[String]) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for text in raw {
        for part in super::coordinates::split_top(text) {
            let Some((name, value)) = part.split_once('=') else {
                return Err(Error::usage(format!(
                    "--let '{}': give each value as NAME=VALUE, like --let a=2",
                    part.trim()
                ))
                .with_help("--let gives parameters values: --let rate=0.1,a=2"));
            };
            let name = normalize_var(name).map_err(|e| Error { message: format!("--let: {}", e.message), ..e })?;
            not_a_function_name(&name)?;
            if value.trim().is_empty() {
                return Err(Error::usage(format!("--let {name}=: the value is missing")));
            }
            if out.iter().any(|(n, _)| *n == name) {
                return Err(Error::usage(format!("--let gives '{name}' twice")));
            }
            out.push((name, value.trim().to_string()));
        }
    }
    Ok(out)
}

/// A parameter named like a built-in function would turn every call of it into a product.
fn not_a_function_name(name: &str) -> Result<()> {
    if crate::syntax::names::function(name).is_some() {
        return Err(Error::usage(format!("'{name}' is a function; a parameter needs another name")));
    }
    Ok(())
}

/// A name is a variable, a parameter or a function, not two of them; `--let` gives values to
/// parameters only.
fn check_roles(vars: &[String], params: &[String], funcs: &[String], lets: &[(String, String)]) -> Result<()> {
    for p in params {
        if vars.contains(p) {
            return Err(Error::usage(format!(
                "'{p}' is in both --vars and --params; a name is a variable or a parameter"
            )));
        }
    }
    for f in funcs {
        if vars.contains(f) || params.contains(f) {
            let flag = if vars.contains(f) { "--vars" } else { "--params" };
            return Err(Error::usage(format!("'{f}' is in both {flag} and --funcs; a name is a function or a symbol")));
        }
    }
    for (name, _) in lets {
        if vars.contains(name) {
            return Err(Error::usage(format!("--let gives a value to '{name}', a variable (--vars)"))
                .with_help("--let is for parameters; give a point's coordinates with --at"));
        }
        if funcs.contains(name) {
            return Err(Error::usage(format!("--let gives a value to '{name}', a function (--funcs)")));
        }
    }
    Ok(())
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
    use crate::cli::args::Cli;

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
            Request::new(CommandLine::from(cli.math().unwrap())).err().map(|e| e.message)
        };
        assert_eq!(
            refused(&["diff", "x", "--steps", "--format", "csv"]).unwrap(),
            "--steps shows the work as text, plain, LaTeX, Typst or JSON, not CSV"
        );
        assert!(refused(&["grad", "-", "--points", "-"]).unwrap().contains("both read standard input"));
        assert!(refused(&["simplify", "x", "--points", "f.csv"]).unwrap().starts_with("--points works with"));
        assert!(refused(&["descend", "x^2", "--from", "1", "--rate", "0.1", "--tol", "-1"]).unwrap().contains("--tol"));
        assert_eq!(refused(&["eval", "x", "--vars", "x,y_1"]), None);
        assert_eq!(refused(&["eval", "x", "--vars", "x1,x_1"]).unwrap(), "--vars names 'x1' twice");
        assert_eq!(refused(&["grad", "x^2"]), None);
    }

    fn request(args: &[&str]) -> Result<Request> {
        use clap::Parser;
        let cli = Cli::try_parse_from(std::iter::once("gradcalc").chain(args.iter().copied())).unwrap();
        Request::new(CommandLine::from(cli.math().unwrap()))
    }

    #[test]
    fn plot_without_a_file_writes_to_a_pipe_but_asks_for_one_on_a_terminal() {
        let unnamed = request(&["plot", "x^2"]).unwrap();
        assert!(unnamed.check_output(false).is_ok());
        let e = unnamed.check_output(true).unwrap_err();
        assert!(e.message.contains("-o FILE"), "{}", e.message);
        assert!(request(&["plot", "x^2", "-o", "-"]).unwrap().check_output(true).is_ok());
        let file = request(&["plot", "x^2", "-o", "f.PNG"]).unwrap();
        assert!(file.check_output(true).is_ok());
        let Command::Plot(flags) = file.command else { panic!("a plot") };
        assert_eq!(flags.output, Output::File("f.PNG".into(), plot::Format::Png));
        // Every other command prints text wherever stdout goes.
        assert!(request(&["grad", "x^2"]).unwrap().check_output(true).is_ok());
    }

    #[test]
    fn each_path_takes_its_own_rate_or_the_shared_one() {
        let r = request(&[
            "plot",
            "x^2",
            "--path",
            "descend",
            "--path",
            "momentum:1/50",
            "--path",
            "newton",
            "--path",
            "newton:0.5",
            "--from",
            "1",
            "--rate",
            "0.1",
            "--steps",
            "7",
        ])
        .unwrap();
        let Command::Plot(flags) = r.command else { panic!("a plot") };
        let got: Vec<(Method, Option<&str>, usize)> =
            flags.paths.iter().map(|p| (p.method, p.rate.as_deref(), p.steps)).collect();
        assert_eq!(
            got,
            [
                (Method::Gd, Some("0.1"), 7),
                (Method::Momentum, Some("1/50"), 7),
                (Method::Newton, Some("0.1"), 7),
                (Method::Newton, Some("0.5"), 7),
            ]
        );
        // Without --rate, Newton's method takes the full step and the others need one.
        let r = request(&["plot", "x^2", "--path", "newton", "--from", "1"]).unwrap();
        let Command::Plot(flags) = r.command else { panic!("a plot") };
        assert_eq!((flags.paths[0].rate.as_deref(), flags.paths[0].steps), (None, DEFAULT_STEPS));
        assert!(request(&["plot", "x^2", "--path", "gd", "--from", "1"]).is_err());
        // descend: the same rules.
        assert!(request(&["descend", "x^2", "--from", "1", "--method", "newton"]).is_ok());
        assert!(request(&["descend", "x^2", "--from", "1"]).is_err());
    }
}
