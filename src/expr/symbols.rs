//! Names of variables: the Greek letters by name and symbol (read by the parser, spelled by
//! the printer); the names of functions (read by the parser; the text printer makes sure the
//! letters it writes before a bracket do not end in one, so they read back as a product);
//! and the order of names: alphabetical, numeric subscripts in natural order
//! (`x2` before `x10`), the default variable order of the README's "Conventions worth knowing".

use super::Func;
use std::cmp::Ordering;

/// What a function name means. `exp`, `sqrt`, `cbrt` and `log` are not pool functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnName {
    Pool(Func),
    Exp,
    Sqrt,
    Cbrt,
    /// `∜x` (the text output's fourth root; no name of its own).
    Root4,
    /// `log(x)` is ln; `log(b, x)` is base b.
    Log,
    Log10,
    Log2,
    /// `log1p(u)` = ln(1 + u), `expm1(u)` = e^u − 1 (the f64 evaluation keeps their digits).
    Log1p,
    Expm1,
    /// `relu(u)` = max(0, u).
    Relu,
    /// `max(a, b, …)`, `min(a, b, …)`: two or more arguments.
    Max,
    Min,
    /// `atan2(y, x)`.
    Atan2,
    /// An unknown function declared with `--funcs`: its index in the parser's list of them.
    Declared(u16),
}

pub const FUNCTIONS: &[(&str, FnName)] = &[
    ("sin", FnName::Pool(Func::Sin)),
    ("cos", FnName::Pool(Func::Cos)),
    ("tan", FnName::Pool(Func::Tan)),
    ("cot", FnName::Pool(Func::Cot)),
    ("sec", FnName::Pool(Func::Sec)),
    ("csc", FnName::Pool(Func::Csc)),
    ("asin", FnName::Pool(Func::Asin)),
    ("acos", FnName::Pool(Func::Acos)),
    ("atan", FnName::Pool(Func::Atan)),
    ("arcsin", FnName::Pool(Func::Asin)),
    ("arccos", FnName::Pool(Func::Acos)),
    ("arctan", FnName::Pool(Func::Atan)),
    ("sinh", FnName::Pool(Func::Sinh)),
    ("cosh", FnName::Pool(Func::Cosh)),
    ("tanh", FnName::Pool(Func::Tanh)),
    ("asinh", FnName::Pool(Func::Asinh)),
    ("acosh", FnName::Pool(Func::Acosh)),
    ("atanh", FnName::Pool(Func::Atanh)),
    ("arsinh", FnName::Pool(Func::Asinh)),
    ("arcosh", FnName::Pool(Func::Acosh)),
    ("artanh", FnName::Pool(Func::Atanh)),
    ("arcsinh", FnName::Pool(Func::Asinh)),
    ("arccosh", FnName::Pool(Func::Acosh)),
    ("arctanh", FnName::Pool(Func::Atanh)),
    ("ln", FnName::Pool(Func::Ln)),
    ("abs", FnName::Pool(Func::Abs)),
    ("sign", FnName::Pool(Func::Sign)),
    ("sgn", FnName::Pool(Func::Sign)),
    ("sigmoid", FnName::Pool(Func::Sigmoid)),
    ("softplus", FnName::Pool(Func::Softplus)),
    ("erf", FnName::Pool(Func::Erf)),
    ("floor", FnName::Pool(Func::Floor)),
    ("ceil", FnName::Pool(Func::Ceil)),
    ("ceiling", FnName::Pool(Func::Ceil)),
    ("relu", FnName::Relu),
    ("max", FnName::Max),
    ("min", FnName::Min),
    ("exp", FnName::Exp),
    ("sqrt", FnName::Sqrt),
    ("cbrt", FnName::Cbrt),
    ("log", FnName::Log),
];

/// What a function name means (`log10`, `log2`, `log1p`, `expm1`, `atan2` included), if it
/// is one.
pub fn function(name: &str) -> Option<FnName> {
    match name {
        "log10" => return Some(FnName::Log10),
        "log2" => return Some(FnName::Log2),
        "log1p" => return Some(FnName::Log1p),
        "expm1" => return Some(FnName::Expm1),
        "atan2" | "arctan2" => return Some(FnName::Atan2),
        _ => {}
    }
    FUNCTIONS.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// Greek letters by name; the name is how the variable is stored and printed in plain form.
pub const GREEK: &[(&str, &str)] = &[
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("zeta", "ζ"),
    ("eta", "η"),
    ("theta", "θ"),
    ("iota", "ι"),
    ("kappa", "κ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("nu", "ν"),
    ("xi", "ξ"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("tau", "τ"),
    ("upsilon", "υ"),
    ("phi", "φ"),
    ("chi", "χ"),
    ("psi", "ψ"),
    ("omega", "ω"),
];

/// `θ` → `theta`: the stored name of a Greek letter typed as a symbol.
pub fn greek_by_symbol(sym: &str) -> Option<&'static str> {
    GREEK.iter().find(|(_, s)| *s == sym).map(|&(n, _)| n)
}

/// `theta` → `θ`: the symbol of a Greek letter's name.
pub fn greek_symbol(name: &str) -> Option<&'static str> {
    GREEK.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
}

/// Splits `x10` into (`x`, Some(10)); names without a numeric tail give `None`.
fn split_name(name: &str) -> (&str, Option<u128>) {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[stem.len()..];
    (stem, digits.parse().ok())
}

/// Natural order of variable names: `w < x < x2 < x10 < y`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (sa, na) = split_name(a);
    let (sb, nb) = split_name(b);
    sa.cmp(sb).then(na.cmp(&nb)).then(a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscripts_sort_naturally() {
        let mut v = vec!["x10", "y", "x2", "x", "w", "x1", "alpha"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["alpha", "w", "x", "x1", "x2", "x10", "y"]);
    }
}
