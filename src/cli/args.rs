//! The command line as clap sees it. Raw flags only: `request.rs` validates them.

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// The updates of a descent (or of a path of `plot`) when `--steps` is not given.
pub const DEFAULT_STEPS: usize = 10;

/// The help text of `EXPR`, shared by the commands that read one expression.
const EXPR_HELP: &str = "The function, as you would write it: xyz+z^2+5, x e^(2y), \\frac{1}{2}x^{2}, \
     sqrt(x^2+y^2); quote it for the shell. '-' reads one expression per line from standard input";

#[derive(Parser, Debug)]
#[command(
    name = "gradcalc",
    version,
    about = "Exact symbolic derivatives: partials, gradients, Hessians, Jacobians, directional derivatives",
    long_about = "Exact symbolic derivatives on the command line: partial derivatives of any order, \
                  gradients, Hessians, Jacobians, directional derivatives, total differentials, \
                  gradient descent and pictures. Type a formula as you would write it and get exact \
                  answers with decimals, in Unicode text, plain text that parses back, LaTeX, \
                  Typst or JSON.",
    after_help = "Examples:\n  gradcalc grad \"xyz+z^2+5\" --at 0,1,-1\n  gradcalc diff \"x^3y^2-3xy^3-xy+1\" x y\n  gradcalc hessian \"x^3y^2-3xy^3-xy+1\" --format latex\n  gradcalc plot \"x^2+y^2\" --path descend --from 3,2 --rate 0.1 -o descent.svg\n\nExit codes: 0 success, 1 a mathematical error (not defined at the point), 2 bad usage or input.\n'gradcalc COMMAND --help' describes a command; 'gradcalc man' prints the manual page."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: TopLevel,
}

impl Cli {
    /// This process's command line, parsed as `Cli::try_parse` does (the same errors, help and
    /// version text), except that clap's `Command` tree is leaked instead of dropped: the
    /// process exits soon after, and freeing the tree node by node was a sixth of the
    /// instructions of a short run. Only for `main`: a caller that parses many times (tests,
    /// the fuzzer's `run_args`) uses `try_parse_from`, which frees it.
    pub fn from_process_args() -> Result<Cli, clap::Error> {
        let mut command = Cli::command();
        let parsed = command
            .try_get_matches_from_mut(std::env::args_os())
            .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command)));
        std::mem::forget(command);
        parsed
    }

    /// The mathematical command, or `None` for `completions` and `man` (for tests).
    #[cfg(test)]
    pub fn math(self) -> Option<Command> {
        match self.command {
            TopLevel::Math(c) => Some(c),
            _ => None,
        }
    }
}

/// Everything gradcalc does: a mathematical command, or its shell integration.
///
/// `defer = true` (here and on [`Command`]): each subcommand's arguments are built only when
/// clap needs them — the one named on the command line, or all of them for help, suggestions,
/// completions and the manual page — instead of every command's flags on every start (about
/// 0.5 M instructions, half of `gradcalc diff x x`). Names, descriptions and examples are not
/// deferred, so the top-level help and "unrecognized subcommand" read as before.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
// Parsed once per run: the size of the mathematical variant does not matter.
#[allow(clippy::large_enum_variant)]
pub enum TopLevel {
    #[command(flatten)]
    Math(Command),
    /// Shell completions on standard output, for bash, zsh, fish, powershell or elvish
    #[command(
        after_help = "Examples:\n  gradcalc completions bash > ~/.local/share/bash-completion/completions/gradcalc\n  gradcalc completions zsh > ~/.zfunc/_gradcalc\n  gradcalc completions fish > ~/.config/fish/completions/gradcalc.fish"
    )]
    Completions {
        /// The shell to complete gradcalc in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page (roff) on standard output
    #[command(
        after_help = "Examples:\n  gradcalc man | man -l -\n  gradcalc man > ~/.local/share/man/man1/gradcalc.1"
    )]
    Man,
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    /// Partial derivative by each VAR in turn (`x y` = ∂²f/∂y∂x; `x^3` = three times)
    #[command(
        after_help = "Examples:\n  gradcalc diff \"x^3y^2-3xy^3-xy+1\" x y       ∂²f/∂y∂x\n  gradcalc diff \"x^3y^2-3xy^3-xy+1\" x^3 --format plain\n  gradcalc diff \"x^2y + ln(x+y^2)\" y --at 1,2 --steps"
    )]
    Diff {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        /// Variables to differentiate by, in order; VAR^k repeats k times (none: the only variable)
        wrt: Vec<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The gradient ∇f; with --at its value, |∇f| and -|∇f|
    #[command(
        after_help = "Examples:\n  gradcalc grad \"xyz+z^2+5\"\n  gradcalc grad \"xyz+z^2+5\" --at 0,1,-1\n  gradcalc grad \"ln(x^2+y^2)\" --format latex"
    )]
    Grad {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// Directional derivative D_u f = ∇f·u at --at, toward a point, along a vector or at an angle
    #[command(
        after_help = "Examples:\n  gradcalc dir \"x e^(2y)\" --at 1,0 --toward 2,-1\n  gradcalc dir \"x^2+y^2\" --at 1,1 --angle 30deg\n  gradcalc dir \"xyz\" --at 1,1,1 --along 1,2,2 --steps"
    )]
    Dir {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        /// The point Q that u points to from P
        #[arg(long, allow_hyphen_values = true, conflicts_with_all = ["along", "angle"])]
        toward: Option<String>,
        /// A direction vector (any length; it is normalised)
        #[arg(long, allow_hyphen_values = true, conflicts_with = "angle")]
        along: Option<String>,
        /// Angle from the +x axis in 2-D: radians (`pi/4`) or degrees (`30deg`)
        #[arg(long, allow_hyphen_values = true)]
        angle: Option<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The Hessian matrix; with --at its value and the point's character
    #[command(
        after_help = "Examples:\n  gradcalc hessian \"x^3y^2-3xy^3-xy+1\"\n  gradcalc hessian \"x^3 - 3x + y^2\" --at 1,0\n  gradcalc hessian \"x^3y^2-3xy^3-xy+1\" --at 1,2 --steps --format latex --standalone > h.tex"
    )]
    Hessian {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The Jacobian of a vector function: "f1, f2" or "[f1, f2]"
    #[command(
        after_help = "Examples:\n  gradcalc jacobian \"x^2, 3y\"\n  gradcalc jacobian \"r cos(theta), r sin(theta)\" --vars r,theta\n  gradcalc jacobian \"x0^2, 3x1\" --at 1,2 --format json"
    )]
    Jacobian {
        /// The functions, separated by commas ("f1, f2") or in brackets ("[f1, f2]"); '-' reads
        /// one list per line from standard input
        #[arg(allow_hyphen_values = true)]
        exprs: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The total differential df = f_x dx + f_y dy + …
    #[command(
        after_help = "Examples:\n  gradcalc differential \"x^2+y^2\"\n  gradcalc differential \"x^2y - y^3 + sin(z)\" --at 1,1,0\n  gradcalc differential \"x^2+y^2\" --format latex"
    )]
    Differential {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// Gradient descent (or momentum, Newton's method) from --from, one row per step
    #[command(
        after_help = "Examples:\n  gradcalc descend \"x^2+y^2\" --from 3,2 --rate 0.1 --steps 2\n  gradcalc descend \"(1-x)^2 + 100(y-x^2)^2\" --from -1.2,1 --method newton --steps 5\n  gradcalc descend \"x^2+y^2\" --from 3,2 --rate 0.1 --tol 1e-6 --steps 200 --every 20"
    )]
    Descend {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        // Required, but checked with the other flags (request.rs), so that `--at` given in
        // its place gets a message saying to use --from.
        /// The starting point (required)
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// The learning rate η (Δ = -η∇f); for newton the damping, 1 unless given
        #[arg(long, allow_hyphen_values = true)]
        rate: Option<String>,
        /// The update rule: gd (Δ = -η∇f), momentum (Δ = βv - η∇f), newton (Δ = -η H⁻¹∇f)
        #[arg(long, value_enum, default_value_t = Method::Gd)]
        method: Method,
        /// β of --method momentum, 0 ≤ β < 1 [default: 0.9]
        #[arg(long, value_name = "BETA", allow_hyphen_values = true)]
        momentum: Option<String>,
        /// Number of updates
        #[arg(long, default_value_t = DEFAULT_STEPS, allow_negative_numbers = true)]
        steps: usize,
        /// Stop when |∇f| < T
        #[arg(long, allow_negative_numbers = true)]
        tol: Option<f64>,
        /// Print every K-th row (i = 0, K, 2K, …) and the last
        #[arg(long, value_name = "K", allow_negative_numbers = true)]
        every: Option<usize>,
        /// Show the work: the gradient's derivation, the update rule and the first
        /// iterations written out (--steps is the number of updates here)
        #[arg(long)]
        show_steps: bool,
        #[command(flatten)]
        common: Common,
    },
    /// A picture of f: contours, gradient arrows and paths (2 variables), the graph and its
    /// tangent (1 variable), or a surface; SVG, PNG or pgfplots by the file's extension
    #[command(
        after_help = "Examples:\n  gradcalc plot \"x^2+xy+y^2\" --at 1,0.5 -o gradient.svg\n  gradcalc plot \"x^2+y^2\" --path descend --from 3,2 --rate 0.1 -o descent.png\n  gradcalc plot \"x^2\" --at 1 -o tangent.tex"
    )]
    Plot {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        /// The picture's file: .svg, .png or .tex (pgfplots); '-' for SVG on standard output
        /// [default: SVG on standard output when it is not a terminal]
        #[arg(short = 'o', long = "output", value_name = "FILE", allow_hyphen_values = true)]
        output: Option<String>,
        /// An optimisation path from --from: descend (or gd), momentum, newton; METHOD:η gives
        /// it its own rate. Repeat to compare methods
        #[arg(long = "path", value_name = "METHOD[:RATE]")]
        paths: Vec<String>,
        /// The start of the paths
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// The learning rate η of the paths (newton: the damping, 1 unless given)
        #[arg(long, allow_hyphen_values = true)]
        rate: Option<String>,
        /// β of the momentum path, 0 ≤ β < 1 [default: 0.9]
        #[arg(long, value_name = "BETA", allow_hyphen_values = true)]
        momentum: Option<String>,
        /// Number of updates of each path [default: 10]
        #[arg(long, allow_negative_numbers = true)]
        steps: Option<usize>,
        /// Stop a path when |∇f| < T
        #[arg(long, allow_negative_numbers = true)]
        tol: Option<f64>,
        /// The window: x=-2:2,y=-1:3 (or -2:2,-1:3 in the variables' order); f=0:4 sets the
        /// range of the values
        #[arg(long, allow_hyphen_values = true)]
        range: Option<String>,
        /// A 3-D view of z = f(x, y), with the paths on it
        #[arg(long)]
        surface: bool,
        /// The derivative's graph under the graph of f (1 variable)
        #[arg(long)]
        derivative: bool,
        /// Filled contour bands instead of contour lines
        #[arg(long)]
        filled: bool,
        /// Mark the critical points of f (2 variables; those of `gradcalc critical` in the
        /// window)
        #[arg(long)]
        critical: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Critical points: every solution of ∇f = 0 (exact and complete for a polynomial,
    /// every one in --range otherwise), each classified; --subject-to for Lagrange multipliers
    #[command(
        after_help = "Examples:\n  gradcalc critical \"x^3 - 3x + y^2\"\n  gradcalc critical \"x y\" --subject-to \"x^2 + y^2 = 2\"\n  gradcalc critical \"sin(x) + cos(y)\" --range x=-4:4,y=-4:4 --steps"
    )]
    Critical {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        /// A constraint "G = c" (repeatable): critical points of f on the set where it holds
        #[arg(long = "subject-to", value_name = "G = c", allow_hyphen_values = true)]
        subject_to: Vec<String>,
        /// The box searched when f is not a polynomial: x=-4:4,y=-4:4 (or -4:4,-4:4 in the
        /// variables' order) [default: -10:10 for each variable]
        #[arg(long, allow_hyphen_values = true)]
        range: Option<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The Taylor polynomial of order N at --at, exact, in powers of (x - a)
    #[command(
        after_help = "Examples:\n  gradcalc taylor \"e^x sin(y)\" --at 0,0 --order 3\n  gradcalc taylor \"sqrt(x)\" --at 4 --order 2 --steps"
    )]
    Taylor {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        /// The order N (1 is the linearisation)
        #[arg(long, default_value_t = 2, allow_negative_numbers = true)]
        order: i64,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The tangent plane (line, hyperplane) at --at: z = f(P) + ∇f(P)·(x - P)
    #[command(
        after_help = "Examples:\n  gradcalc tangent \"x^2 + y^2\" --at 1,2\n  gradcalc tangent \"x^2 y\" --at 1,3 --format latex"
    )]
    Tangent {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The value of f at --at, exact where possible
    #[command(
        after_help = "Examples:\n  gradcalc eval \"sqrt(x^2+y^2)\" --at 1,1\n  gradcalc eval \"x y\" --at 1,2 --at 3,4\n  gradcalc eval \"e^x\" --at 1 --digits 15"
    )]
    Eval {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The canonical simplified form
    #[command(
        after_help = "Examples:\n  gradcalc simplify \"x+x+2x*y-y*x\"\n  gradcalc simplify \"sin(x)^2 + cos(x)^2\" --format latex\n  gradcalc simplify \"(x^2 y)^3 / (x y^2)\" --steps"
    )]
    Simplify {
        #[arg(allow_hyphen_values = true, help = EXPR_HELP)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
}

// `--steps` on every command but `descend`, whose `--steps N` counts updates;
// `--show-steps` works on all of them. (A plain comment, not a doc comment: clap would make a
// doc comment the `about` of every command it is flattened into, and with `defer` it would
// replace theirs.)
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct ShowSteps {
    /// Show the work: each rule of the derivation, line by line (text, plain, LaTeX, Typst or JSON)
    #[arg(long = "steps", visible_alias = "show-steps")]
    pub steps: bool,
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Variables and their order, e.g. x,y,z (default: the input's, sorted)
    #[arg(long, value_delimiter = ',')]
    pub vars: Option<Vec<String>>,
    /// Constants of any name, never split into letters or differentiated by: a,rate,w1
    #[arg(long, value_delimiter = ',')]
    pub params: Option<Vec<String>>,
    /// Values of parameters: rate=0.1,a=2 (repeatable); the function is read with them in place
    #[arg(long = "let", value_name = "NAME=VALUE", allow_hyphen_values = true)]
    pub let_values: Vec<String>,
    /// Unknown functions: f,g (f(x^2) differentiates to 2x·f'(x²))
    #[arg(long, value_delimiter = ',')]
    pub funcs: Option<Vec<String>>,
    /// A point: 0,1,-1 or x=0,y=1,z=-1 (repeatable)
    #[arg(long, allow_hyphen_values = true)]
    pub at: Vec<String>,
    /// CSV of points, one a row ('-' for standard input)
    #[arg(long)]
    pub points: Option<String>,
    /// Output format: text (Unicode), plain (ASCII that parses back), latex, typst, json, csv
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// With --format latex or typst: a whole document that compiles as it is
    #[arg(long)]
    pub standalone: bool,
    /// Significant digits of decimal approximations (1 to 15) [default: 10]
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..=15))]
    pub digits: Option<u32>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Deepest nesting of the input [env: GRADCALC_MAX_DEPTH]
    #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = LIMITS, hide_short_help = true)]
    pub max_depth: Option<usize>,
    /// Largest exact integer, in bits [env: GRADCALC_MAX_BITS]
    #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = LIMITS, hide_short_help = true)]
    pub max_bits: Option<u64>,
    /// Most expression nodes [env: GRADCALC_MAX_NODES]
    #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = LIMITS, hide_short_help = true)]
    pub max_nodes: Option<usize>,
    /// Highest total order of differentiation [env: GRADCALC_MAX_ORDER]
    #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = LIMITS, hide_short_help = true)]
    pub max_order: Option<usize>,
    /// Largest input expression, in bytes [env: GRADCALC_MAX_INPUT]
    #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = LIMITS, hide_short_help = true)]
    pub max_input: Option<usize>,
    /// Largest printed result, in bytes [env: GRADCALC_MAX_OUTPUT]
    #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = LIMITS, hide_short_help = true)]
    pub max_output: Option<usize>,
    /// Most work on large exact numbers, in word steps [env: GRADCALC_MAX_WORK]
    #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = LIMITS, hide_short_help = true)]
    pub max_work: Option<u64>,
}

/// The heading of the `--max-…` flags in `--help` (`-h` leaves them out).
const LIMITS: &str = "Resource limits (also set by environment variables)";

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Unicode math: 2xy + 1/(x + y²)
    Text,
    /// ASCII that gradcalc and SymPy read back: 2*x*y + 1/(x + y^2)
    Plain,
    /// LaTeX math for an amsmath document
    Latex,
    /// Typst math
    Typst,
    /// One JSON document per input
    Json,
    /// A table of values at points
    Csv,
}

/// The update rule of `descend --method` and `plot --path`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Gradient descent
    #[value(alias = "descend")]
    Gd,
    /// Heavy-ball momentum
    Momentum,
    /// Newton's method with the exact Hessian
    Newton,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `defer` builds a command's arguments only when clap needs them; building them must not
    /// change its name, description or examples (a doc comment on a flattened struct did:
    /// it became the description of every command).
    #[test]
    fn building_the_deferred_arguments_keeps_each_commands_description() {
        let text = |s: Option<&clap::builder::StyledStr>| s.map(|s| s.to_string());
        let deferred = Cli::command();
        let mut built = Cli::command();
        built.build();
        let mut abouts = std::collections::HashSet::new();
        for command in deferred.get_subcommands() {
            let same = built.find_subcommand(command.get_name()).expect("the command is still there");
            assert!(command.get_arguments().next().is_none(), "{} is not deferred", command.get_name());
            assert!(same.get_arguments().next().is_some(), "{} has no arguments", command.get_name());
            assert_eq!(text(command.get_about()), text(same.get_about()), "{}", command.get_name());
            assert_eq!(text(command.get_long_about()), text(same.get_long_about()), "{}", command.get_name());
            assert_eq!(text(command.get_after_help()), text(same.get_after_help()), "{}", command.get_name());
            assert!(abouts.insert(text(same.get_about())), "{} repeats a description", command.get_name());
        }
        assert!(abouts.len() >= 14, "{}", abouts.len());
    }
}
