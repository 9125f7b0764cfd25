//! The command line as clap sees it. Raw flags only: `request.rs` validates them.

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "gradcalc",
    version,
    about = "Exact symbolic derivatives: partials, gradients, Hessians, Jacobians, directional derivatives"
)]
#[command(
    after_help = "EXPR may be '-' to read one expression per line from standard input.\nExamples:\n  gradcalc grad \"xyz+z^2+5\" --at 0,1,-1\n  gradcalc diff \"x^3y^2-3xy^3-xy+1\" x y\n  gradcalc hessian \"x^3y^2-3xy^3-xy+1\" --format latex"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Partial derivative by each VAR in turn (`x y` = ∂²f/∂y∂x; `x^3` = three times)
    Diff {
        #[arg(allow_hyphen_values = true)]
        expr: String,
        /// Variables to differentiate by, in order; VAR^k repeats k times
        wrt: Vec<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The gradient ∇f; with --at its value, |∇f| and -|∇f|
    Grad {
        #[arg(allow_hyphen_values = true)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// Directional derivative D_u f = ∇f·u at --at, toward a point, along a vector or at an angle
    Dir {
        #[arg(allow_hyphen_values = true)]
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
    Hessian {
        #[arg(allow_hyphen_values = true)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The Jacobian of a vector function: "f1, f2" or "[f1, f2]"
    Jacobian {
        #[arg(allow_hyphen_values = true)]
        exprs: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The total differential df = f_x dx + f_y dy + …
    Differential {
        #[arg(allow_hyphen_values = true)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// Gradient descent from --from with step --rate
    Descend {
        #[arg(allow_hyphen_values = true)]
        expr: String,
        /// The starting point
        #[arg(long, allow_hyphen_values = true)]
        from: String,
        /// The learning rate η (Δ = -η∇f)
        #[arg(long, allow_hyphen_values = true)]
        rate: String,
        /// Number of updates
        #[arg(long, default_value_t = 10, allow_negative_numbers = true)]
        steps: usize,
        /// Stop when |∇f| < T
        #[arg(long, allow_negative_numbers = true)]
        tol: Option<f64>,
        /// Show the work: the gradient's derivation, the update rule and the first
        /// iterations written out (--steps is the number of updates here)
        #[arg(long)]
        show_steps: bool,
        #[command(flatten)]
        common: Common,
    },
    /// The value of f at --at, exact where possible
    Eval {
        #[arg(allow_hyphen_values = true)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
    /// The canonical simplified form
    Simplify {
        #[arg(allow_hyphen_values = true)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
    },
}

/// `--steps` on every command but `descend`, whose `--steps N` counts updates;
/// `--show-steps` works on all of them.
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct ShowSteps {
    /// Show the work: each rule of the derivation, line by line (text, LaTeX or JSON)
    #[arg(long = "steps", visible_alias = "show-steps")]
    pub steps: bool,
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Variables and their order, e.g. x,y,z (default: the input's, sorted)
    #[arg(long, value_delimiter = ',')]
    pub vars: Option<Vec<String>>,
    /// A point: 0,1,-1 or x=0,y=1,z=-1 (repeatable)
    #[arg(long, allow_hyphen_values = true)]
    pub at: Vec<String>,
    /// CSV of points, one a row ('-' for standard input)
    #[arg(long)]
    pub points: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Significant digits of decimal approximations (1 to 15)
    #[arg(long, default_value_t = 10, allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..=15))]
    pub digits: u32,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Deepest nesting of the input [env: GRADCALC_MAX_DEPTH]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_depth: Option<usize>,
    /// Largest exact integer, in bits [env: GRADCALC_MAX_BITS]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_bits: Option<u64>,
    /// Most expression nodes [env: GRADCALC_MAX_NODES]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_nodes: Option<usize>,
    /// Highest total order of differentiation [env: GRADCALC_MAX_ORDER]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_order: Option<usize>,
    /// Largest input expression, in bytes [env: GRADCALC_MAX_INPUT]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_input: Option<usize>,
    /// Largest printed result, in bytes [env: GRADCALC_MAX_OUTPUT]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_output: Option<usize>,
    /// Most work on large exact numbers, in word steps [env: GRADCALC_MAX_WORK]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_work: Option<u64>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Plain,
    Latex,
    Json,
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
