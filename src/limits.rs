//! Resource limits: how deep input may nest, how large exact numbers and expressions may
//! grow. Each has a default, an environment variable and a `--max-…` flag to raise it, so
//! that no input can crash, hang or exhaust the machine.

/// The limits in force for one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Brackets, `^` chains and unary signs nested in the input.
    pub depth: usize,
    /// Bytes of input in one expression.
    pub input_bytes: usize,
    /// Bits of any exact integer (numerator or denominator) the engine may build.
    pub int_bits: u64,
    /// Distinct expression nodes the engine may hold.
    pub nodes: usize,
    /// Total order of differentiation in one request.
    pub order: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { depth: 500, input_bytes: 4 << 20, int_bits: 1 << 20, nodes: 20_000_000, order: 200 }
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
        }
    }

    pub fn flag(self) -> &'static str {
        match self {
            Limit::Depth => "--max-depth",
            Limit::InputBytes => "--max-input",
            Limit::IntBits => "--max-bits",
            Limit::Nodes => "--max-nodes",
            Limit::Order => "--max-order",
        }
    }

    pub fn what(self) -> &'static str {
        match self {
            Limit::Depth => "the input nests too deeply",
            Limit::InputBytes => "the input is too large",
            Limit::IntBits => "an exact number grew too large",
            Limit::Nodes => "the expression grew too large",
            Limit::Order => "the order of differentiation is too high",
        }
    }

    pub fn value(self, limits: &Limits) -> u64 {
        match self {
            Limit::Depth => limits.depth as u64,
            Limit::InputBytes => limits.input_bytes as u64,
            Limit::IntBits => limits.int_bits,
            Limit::Nodes => limits.nodes as u64,
            Limit::Order => limits.order as u64,
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Limit::Depth => "levels",
            Limit::InputBytes => "bytes",
            Limit::IntBits => "bits",
            Limit::Nodes => "nodes",
            Limit::Order => "derivatives",
        }
    }
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
        l
    }
}
