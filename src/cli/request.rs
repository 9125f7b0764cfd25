//! Raw flags → a validated request: the parsed expression, its variables in order, the
//! points as exact coordinates. Every usage error is found here, before any calculus.

use super::args::Common;
use crate::error::{Error, Result};
use crate::eval::exact;
use crate::expr::{ExprId, Pool, SymId};
use crate::limits::{Limit, Limits};
use crate::print::sort_vars;
use crate::syntax::{self, names, ParseOptions};
use rustc_hash::FxHashMap;

/// Limits from the environment, overridden by flags.
pub fn limits(common: &Common) -> Limits {
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

/// A variable name as typed on the command line (`x_1`, `x_{1}`, `θ`) → its stored form.
pub fn normalize_var(raw: &str) -> Result<String> {
    let t = raw.trim();
    let mut chars = t.chars();
    let first = chars.next().ok_or_else(|| Error::usage("an empty variable name"))?;
    let (stem, rest) = match names::greek_by_symbol(&first.to_string()) {
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

/// The parse options for the declared `--vars` (multi-letter names must be declared).
pub fn parse_options(common: &Common) -> Result<ParseOptions> {
    let declared = match &common.vars {
        Some(vs) => vs
            .iter()
            .map(|v| normalize_var(v).map_err(|e| Error { message: format!("--vars: {}", e.message), ..e }))
            .collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    for (i, v) in declared.iter().enumerate() {
        if declared[..i].contains(v) {
            return Err(Error::usage(format!("--vars names '{v}' twice")));
        }
    }
    Ok(ParseOptions { declared })
}

/// The variables in order: `--vars`, else every variable written in the input, sorted.
pub fn variables(pool: &mut Pool, common: &Common, opts: &ParseOptions) -> Vec<SymId> {
    if common.vars.is_some() {
        return opts.declared.iter().map(|n| pool.symbol(n)).collect();
    }
    let mut vs: Vec<SymId> = (0..pool.symbol_count() as u32).map(SymId).collect();
    sort_vars(pool, &mut vs);
    vs
}

/// Rejects expressions with a constant part that is undefined (`ln(0)`, `1/0`).
pub fn check_constants(pool: &mut Pool, f: ExprId, src: &str) -> Result<()> {
    let empty = FxHashMap::default();
    match exact::value_at(pool, f, &empty) {
        Ok(_) => Ok(()),
        Err(u) => {
            let shown = crate::print::Printer::new(pool, crate::print::Style::Plain).expr(u.expr);
            Err(Error::math(format!("{shown} is not defined: {}", u.reason)).with_source(src))
        }
    }
}

/// Splits `a,b,c` at top-level commas (`log(2, 8),1` has two parts).
pub fn split_top(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// A constant expression typed as a coordinate, a rate or a vector component.
pub fn constant(pool: &mut Pool, text: &str, what: &str) -> Result<ExprId> {
    let id = syntax::parse_number(pool, text.trim())
        .map_err(|e| Error { message: format!("{what}: {}", e.message), ..e })?;
    if !pool.is_constant(id) {
        return Err(Error::usage(format!(
            "{what} '{}' must be a number, not an expression with variables",
            text.trim()
        )));
    }
    check_constants(pool, id, text)?;
    Ok(id)
}

/// One `--at` value: `0,1,-1` or `x=0,y=1,z=-1`, in the order of `vars`.
pub fn point(pool: &mut Pool, text: &str, vars: &[SymId], flag: &str) -> Result<Vec<ExprId>> {
    let parts = split_top(text);
    if parts.iter().all(|p| p.trim().is_empty()) {
        return Err(Error::usage(format!("{flag} needs coordinates, like {flag} 1,2")));
    }
    let named = parts.iter().any(|p| p.contains('='));
    if named {
        let mut coords: Vec<Option<ExprId>> = vec![None; vars.len()];
        for p in parts {
            let (name, value) = p.split_once('=').ok_or_else(|| {
                Error::usage(format!("{flag} '{text}': either name every coordinate (x=1,y=2) or none (1,2)"))
            })?;
            let name =
                normalize_var(name).map_err(|e| Error { message: format!("{flag} '{text}': {}", e.message), ..e })?;
            let idx = vars.iter().position(|&v| pool.name(v) == name).ok_or_else(|| {
                Error::usage(format!("{flag} names '{name}', which is not a variable here ({})", var_list(pool, vars)))
            })?;
            if coords[idx].is_some() {
                return Err(Error::usage(format!("{flag} gives '{name}' twice")));
            }
            coords[idx] = Some(constant(pool, value, &format!("the coordinate {name}"))?);
        }
        let missing: Vec<&str> =
            vars.iter().zip(&coords).filter(|(_, c)| c.is_none()).map(|(&v, _)| pool.name(v)).collect();
        if !missing.is_empty() {
            return Err(Error::usage(format!("{flag} '{text}' gives no value for {}", missing.join(", "))));
        }
        return Ok(coords.into_iter().flatten().collect());
    }
    if parts.len() != vars.len() {
        return Err(count_mismatch(pool, flag, text, parts.len(), "coordinate", "number", vars));
    }
    parts.iter().enumerate().map(|(i, p)| constant(pool, p, &format!("coordinate {} of {flag}", i + 1))).collect()
}

/// "--at '1,2' has 2 coordinates but there are 3 variables (x, y, z)", with its help line.
fn count_mismatch(pool: &Pool, flag: &str, text: &str, n: usize, part: &str, each: &str, vars: &[SymId]) -> Error {
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    Error::usage(format!(
        "{flag} '{text}' has {n} {part}{} but there {} {} variable{} ({})",
        plural(n),
        if vars.len() == 1 { "is" } else { "are" },
        vars.len(),
        plural(vars.len()),
        var_list(pool, vars)
    ))
    .with_help(format!("give one {each} per variable, or set the variables with --vars"))
}

/// `--along V`: a direction vector, one component per variable.
pub fn vector(pool: &mut Pool, text: &str, vars: &[SymId]) -> Result<Vec<ExprId>> {
    let parts = split_top(text);
    if parts.len() != vars.len() {
        return Err(count_mismatch(pool, "--along", text, parts.len(), "component", "component", vars));
    }
    parts.iter().enumerate().map(|(i, s)| constant(pool, s, &format!("component {} of --along", i + 1))).collect()
}

/// `--angle A`: radians (`pi/4`, `0.5`) or degrees (`30deg`, `30°`).
pub fn angle(pool: &mut Pool, text: &str) -> Result<ExprId> {
    let t = text.trim();
    let (num, degrees) = match t.strip_suffix("deg").or_else(|| t.strip_suffix('°')) {
        Some(n) => (n, true),
        None => (t, false),
    };
    if degrees && num.trim().is_empty() {
        return Err(Error::usage(format!("--angle '{text}' needs a number of degrees, like 30deg")));
    }
    let a = constant(pool, num, "--angle")?;
    if degrees {
        let pi = pool.pi();
        let k = pool.num(crate::expr::number::frac(1, 180));
        Ok(pool.mul(vec![a, pi, k]))
    } else {
        Ok(a)
    }
}

/// The gradient, Hessian or Jacobian (`what`) of an expression without variables is empty: an
/// empty vector or a 0-column matrix, which printed as `()` or as blank brackets.
pub fn need_variables(vars: &[SymId], what: &str) -> Result<()> {
    if vars.is_empty() {
        return Err(Error::usage(format!("the expression has no variables, so its {what} is empty"))
            .with_help("name the variables with --vars, like --vars x,y"));
    }
    Ok(())
}

pub fn var_list(pool: &Pool, vars: &[SymId]) -> String {
    if vars.is_empty() {
        return "none".into();
    }
    vars.iter().map(|&v| pool.name(v)).collect::<Vec<_>>().join(", ")
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
