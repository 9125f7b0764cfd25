//! Numbers typed in flags — the coordinates of `--at`, `--toward`, `--from`, the components
//! of `--along`, `--angle`, `--rate`, and CSV cells that are not plain decimals — read as
//! exact constants of the input language into the expression's pool, and matched against its
//! variables. Each error names the flag and the coordinate.

use super::request::normalize_var;
use crate::error::{Error, Result};
use crate::eval::exact;
use crate::expr::{number, ExprId, Pool, SymId};
use crate::print::{Printer, Style};
use crate::syntax;
use rustc_hash::FxHashMap;

/// Rejects expressions with a constant part that is undefined (`ln(0)`, `1/0`); `src` is the
/// text it was read from, shown under the message.
pub fn check_constants(pool: &mut Pool, f: ExprId, src: &str) -> Result<()> {
    let empty = FxHashMap::default();
    match exact::value_at(pool, f, &empty) {
        Ok(_) => Ok(()),
        Err(u) => {
            let shown = Printer::new(pool, Style::Plain).expr(u.expr);
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

/// A constant expression typed as a coordinate, a rate or a vector component (`what` names
/// it in messages).
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

/// A point given with `flag`: `0,1,-1` or `x=0,y=1,z=-1`, in the order of `vars`.
pub fn point(pool: &mut Pool, text: &str, vars: &[SymId], flag: &str) -> Result<Vec<ExprId>> {
    point_and_parameters(pool, text, vars, &[], flag).map(|(coords, _)| coords)
}

/// `(1, 2)` and `[1, 2]` as people write points: the brackets around the whole are dropped.
fn without_brackets(text: &str) -> &str {
    let t = text.trim();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            // Only when they are one pair: `(1)+(2)` keeps its own.
            let mut depth = 0i32;
            let paired = inner.chars().all(|c| {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                }
                depth >= 0
            });
            if paired && depth == 0 {
                return inner;
            }
        }
    }
    t
}

/// A point's coordinates (in the order of the variables) and the values it gives parameters.
pub type PointAndParameters = (Vec<ExprId>, Vec<(SymId, ExprId)>);

/// [`point`], where the named form (`w=1,b=0,x=2,y=1`) may also give values to the parameters
/// `params`: the coordinates in the order of `vars`, and the parameters' values.
pub fn point_and_parameters(
    pool: &mut Pool,
    text: &str,
    vars: &[SymId],
    params: &[SymId],
    flag: &str,
) -> Result<PointAndParameters> {
    let text = without_brackets(text);
    let parts = split_top(text);
    if parts.iter().all(|p| p.trim().is_empty()) {
        return Err(Error::usage(format!("{flag} needs coordinates, like {flag} 1,2")));
    }
    let named = parts.iter().any(|p| p.contains('='));
    if named {
        let mut coords: Vec<Option<ExprId>> = vec![None; vars.len()];
        let mut given: Vec<(SymId, ExprId)> = Vec::new();
        for p in parts {
            let (name, value) = p.split_once('=').ok_or_else(|| {
                Error::usage(format!("{flag} '{text}': either name every coordinate (x=1,y=2) or none (1,2)"))
            })?;
            let name =
                normalize_var(name).map_err(|e| Error { message: format!("{flag} '{text}': {}", e.message), ..e })?;
            if let Some(&s) = params.iter().find(|&&s| pool.name(s) == name) {
                if given.iter().any(|g| g.0 == s) {
                    return Err(Error::usage(format!("{flag} gives '{name}' twice")));
                }
                let v = constant(pool, value, &format!("the parameter {name}"))?;
                given.push((s, v));
                continue;
            }
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
        return Ok((coords.into_iter().flatten().collect(), given));
    }
    if parts.len() != vars.len() {
        let mut e = count_mismatch(pool, flag, text, parts.len(), "coordinate", "number", vars);
        if let (Some(hint), Some(help)) = (decimal_comma(&parts, vars.len()), e.help.as_mut()) {
            help.push_str(&format!("; {hint}"));
        }
        return Err(e);
    }
    let coords = parts
        .iter()
        .enumerate()
        .map(|(i, p)| constant(pool, p, &format!("coordinate {} of {flag}", i + 1)))
        .collect::<Result<_>>()?;
    Ok((coords, Vec::new()))
}

/// A help line for `--at 3,5` with one variable: a decimal comma, most likely.
fn decimal_comma(parts: &[&str], vars: usize) -> Option<String> {
    let digits = |s: &str| !s.trim().is_empty() && s.trim().chars().all(|c| c.is_ascii_digit());
    let pairs = parts.len() / 2;
    let looks = parts.len().is_multiple_of(2)
        && pairs == vars
        && parts.chunks(2).all(|p| digits(p[0].trim_start_matches('-')) && digits(p[1]) && !p[1].starts_with(' '));
    looks.then(|| {
        let fixed: Vec<String> = parts.chunks(2).map(|p| format!("{}.{}", p[0].trim(), p[1].trim())).collect();
        format!("for a decimal comma, write {}", fixed.join(","))
    })
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

/// `--angle A`: radians (`pi/4`, `0.5`) or degrees (`30deg`, `30°`), in radians.
pub fn angle(pool: &mut Pool, text: &str) -> Result<ExprId> {
    let t = text.trim();
    let (num, degrees) = match t.strip_suffix("deg").or_else(|| t.strip_suffix('°')) {
        Some(n) => (n, true),
        None => (t.strip_suffix("rad").filter(|n| !n.trim().is_empty()).unwrap_or(t), false),
    };
    if degrees && num.trim().is_empty() {
        return Err(Error::usage(format!("--angle '{text}' needs a number of degrees, like 30deg")));
    }
    let a = constant(pool, num, "--angle")?;
    if degrees {
        let pi = pool.pi();
        let k = pool.num(number::frac(1, 180));
        Ok(pool.mul(vec![a, pi, k]))
    } else {
        Ok(a)
    }
}

/// The note for `--angle` without a unit beyond a full turn (`--angle 45`): it is read in
/// radians, which is seldom what a number that large means.
pub fn angle_note(pool: &mut Pool, text: &str) -> Option<String> {
    let t = text.trim();
    if t.ends_with("deg") || t.ends_with('°') || t.ends_with("rad") {
        return None;
    }
    let a = constant(pool, t, "--angle").ok()?;
    let v = pool.approx_const(a);
    (v.abs() > 2.0 * std::f64::consts::PI + 1e-9).then(|| {
        format!(
            "--angle {t} is read in radians ({t} rad ≈ {}°); for degrees write --angle {t}deg",
            crate::print::decimal(v.to_degrees(), 6)
        )
    })
}

/// `x, y, z`, or `none`: the variables, for messages.
pub fn var_list(pool: &Pool, vars: &[SymId]) -> String {
    if vars.is_empty() {
        return "none".into();
    }
    vars.iter().map(|&v| pool.name(v)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(pool: &Pool, ids: &[ExprId]) -> Vec<String> {
        let p = Printer::new(pool, Style::Plain);
        ids.iter().map(|&i| p.expr(i)).collect()
    }

    #[test]
    fn points_positional_and_named() {
        // (typed, coordinates) for the variables x, y.
        let cases: &[(&str, &[&str])] = &[
            ("1,2", &["1", "2"]),
            ("-1, 1/2", &["-1", "1/2"]),
            ("y=3,x=pi/2", &["pi/2", "3"]),
            ("log(2, 8),sqrt(4)", &["ln(8)/ln(2)", "2"]),
            ("0.1,1e-3", &["1/10", "1/1000"]),
        ];
        for &(typed, want) in cases {
            let mut pool = Pool::default();
            let vars = [pool.symbol("x"), pool.symbol("y")];
            let p = point(&mut pool, typed, &vars, "--at").unwrap();
            assert_eq!(plain(&pool, &p), want, "{typed}");
        }
    }

    #[test]
    fn bad_points_say_what_is_wrong() {
        // (typed, the start of the message) for the variables x, y.
        let cases = [
            ("", "--at needs coordinates"),
            ("1", "--at '1' has 1 coordinate but there are 2 variables (x, y)"),
            ("x=1", "--at 'x=1' gives no value for y"),
            ("x=1,x=2", "--at gives 'x' twice"),
            ("x=1,z=2", "--at names 'z', which is not a variable here (x, y)"),
            ("x=1,2", "--at 'x=1,2': either name every coordinate"),
            ("1,y", "coordinate 2 of --at: 'y' is not a number"),
            ("1,1/0", "coordinate 2 of --at: 1/0 is not defined"),
        ];
        for (typed, want) in cases {
            let mut pool = Pool::default();
            let vars = [pool.symbol("x"), pool.symbol("y")];
            let e = point(&mut pool, typed, &vars, "--at").unwrap_err();
            assert!(e.message.starts_with(want), "{typed}: {}", e.message);
        }
    }

    #[test]
    fn angles_in_radians_and_degrees() {
        for (typed, want) in [("pi/4", "pi/4"), ("30deg", "pi/6"), ("90°", "pi/2"), ("0.5", "1/2")] {
            let mut pool = Pool::default();
            let a = angle(&mut pool, typed).unwrap();
            assert_eq!(plain(&pool, &[a]), [want], "{typed}");
        }
        assert!(angle(&mut Pool::default(), "deg").is_err());
    }
}
