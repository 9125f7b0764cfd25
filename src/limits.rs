//! Resource limits: how deep input may nest, how large exact numbers and expressions may
//! grow. Each has a default, an environment variable and a `--max-…` flag to raise it, so
//! that no input can crash, hang or exhaust the machine.

/// The default node budget. Measured on derivatives that grow fast (a pool node with its
/// index entry costs about 300 bytes; a sum or product operand about 12), it keeps the whole
/// process well under 1 GiB of memory and a few seconds of work.
pub const DEFAULT_NODES: usize = 2_000_000;

/// The limits in force for one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Brackets, `^` chains and unary signs nested in the input.
    pub depth: usize,
    /// Bytes of input in one expression.
    pub input_bytes: usize,
    /// Bits of any exact integer (numerator or denominator) the engine may build.
    pub int_bits: u64,
    /// Size of the expression pool: each distinct node counts 1, plus 1 per operand of a
    /// sum or product (a sum of k terms counts k + 1), so the budget tracks memory.
    pub nodes: usize,
    /// Total order of differentiation in one request.
    pub order: usize,
    /// Bytes one printed result may take (estimated before printing, from the plain form).
    pub output_bytes: usize,
    /// Work on large exact numbers, in steps of about one 64-bit word operation: an
    /// operation on numbers of u ≤ w words counts (u + 16)·w (numbers under 1,024 bits count
    /// nothing).
    pub work: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            depth: 500,
            input_bytes: 4 << 20,
            int_bits: 1 << 20,
            nodes: DEFAULT_NODES,
            order: 200,
            output_bytes: 128 << 20,
            work: 50_000_000,
        }
    }
}

/// Which limit was hit; the message names it and how to raise it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Depth,
    InputBytes,
    IntBits,
    Nodes,
    Order,
    Output,
    Work,
}

impl Limit {
    /// The environment variable that raises this limit.
    pub fn env_var(self) -> &'static str {
        match self {
            Limit::Depth => "GRADCALC_MAX_DEPTH",
            Limit::InputBytes => "GRADCALC_MAX_INPUT",
            Limit::IntBits => "GRADCALC_MAX_BITS",
            Limit::Nodes => "GRADCALC_MAX_NODES",
            Limit::Order => "GRADCALC_MAX_ORDER",
            Limit::Output => "GRADCALC_MAX_OUTPUT",
            Limit::Work => "GRADCALC_MAX_WORK",
        }
    }

    pub fn flag(self) -> &'static str {
        match self {
            Limit::Depth => "--max-depth",
            Limit::InputBytes => "--max-input",
            Limit::IntBits => "--max-bits",
            Limit::Nodes => "--max-nodes",
            Limit::Order => "--max-order",
            Limit::Output => "--max-output",
            Limit::Work => "--max-work",
        }
    }

    pub fn what(self) -> &'static str {
        match self {
            Limit::Depth => "the input nests too deeply",
            Limit::InputBytes => "the input is too large",
            Limit::IntBits => "an exact number grew too large",
            Limit::Nodes => "the expression grew too large",
            Limit::Order => "the order of differentiation is too high",
            Limit::Output => "the result is too large to print",
            Limit::Work => "exact arithmetic on large numbers takes too long",
        }
    }

    pub fn value(self, limits: &Limits) -> u64 {
        match self {
            Limit::Depth => limits.depth as u64,
            Limit::InputBytes => limits.input_bytes as u64,
            Limit::IntBits => limits.int_bits,
            Limit::Nodes => limits.nodes as u64,
            Limit::Order => limits.order as u64,
            Limit::Output => limits.output_bytes as u64,
            Limit::Work => limits.work,
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Limit::Depth => "levels",
            Limit::InputBytes => "bytes",
            Limit::IntBits => "bits",
            Limit::Nodes => "nodes",
            Limit::Order => "derivatives",
            Limit::Output => "bytes",
            Limit::Work => "steps",
        }
    }
}

impl Limit {
    pub const ALL: [Limit; 7] =
        [Limit::Depth, Limit::InputBytes, Limit::IntBits, Limit::Nodes, Limit::Order, Limit::Output, Limit::Work];
}

/// The first `GRADCALC_MAX_*` variable set to something other than a whole number (an empty
/// value counts as unset), with its value: [`Limits::from_env`] would skip it, and the run
/// would go on with the default the user meant to change.
pub fn bad_env() -> Option<(Limit, String)> {
    Limit::ALL.into_iter().find_map(|limit| {
        let v = std::env::var_os(limit.env_var())?;
        match v.to_str() {
            Some(s) if s.trim().is_empty() || s.trim().parse::<u64>().is_ok() => None,
            _ => Some((limit, v.to_string_lossy().into_owned())),
        }
    })
}

impl Limits {
    /// Defaults overridden by the `GRADCALC_MAX_*` environment variables.
    pub fn from_env() -> Limits {
        let mut l = Limits::default();
        let get = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse::<u64>().ok());
        if let Some(v) = get(Limit::Depth.env_var()) {
            l.depth = v as usize;
        }
        if let Some(v) = get(Limit::InputBytes.env_var()) {
            l.input_bytes = v as usize;
        }
        if let Some(v) = get(Limit::IntBits.env_var()) {
            l.int_bits = v;
        }
        if let Some(v) = get(Limit::Nodes.env_var()) {
            l.nodes = v as usize;
        }
        if let Some(v) = get(Limit::Order.env_var()) {
            l.order = v as usize;
        }
        if let Some(v) = get(Limit::Output.env_var()) {
            l.output_bytes = v as usize;
        }
        if let Some(v) = get(Limit::Work.env_var()) {
            l.work = v;
        }
        l
    }
}
