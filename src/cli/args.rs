//! The command line as clap sees it. Raw flags only: `request.rs` validates them.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The updates of a descent (or of a path of `plot`) when `--steps` is not given.
pub const DEFAULT_STEPS: usize = 10;

#[derive(Parser, Debug)]
#[command(
    name = "gradcalc",
    version,
    about = "Exact symbolic derivatives: partials, gradients, Hessians, Jacobians, directional derivatives"
)]
#[command(
    after_help = "EXPR may be '-' to read one expression per line from standard input.\nExamples:\n  gradcalc grad \"xyz+z^2+5\" --at 0,1,-1\n  gradcalc diff \"x^3y^2-3xy^3-xy+1\" x y\n  gradcalc hessian \"x^3y^2-3xy^3-xy+1\" --format latex\n  gradcalc plot \"x^2+y^2\" --path descend --from 3,2 --rate 0.1 -o descent.svg"
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
    /// Gradient descent (or momentum, Newton's method) from --from, one row per step
    Descend {
        #[arg(allow_hyphen_values = true)]
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
    Plot {
        #[arg(allow_hyphen_values = true)]
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
    Critical {
        #[arg(allow_hyphen_values = true)]
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
    Taylor {
        #[arg(allow_hyphen_values = true)]
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
    Tangent {
        #[arg(allow_hyphen_values = true)]
        expr: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        show: ShowSteps,
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
    /// Significant digits of decimal approximations (1 to 15) [default: 10]
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..=15))]
    pub digits: Option<u32>,
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
