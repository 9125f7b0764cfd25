//! Known names and how a run of letters splits into them.
//!
//! A run splits left to right, taking at each place the longest known name (a name
//! declared with `--vars`, a function, `pi`, `e`, a Greek letter) and otherwise one letter:
//! `xyz` = x·y·z, `xsin` = x·sin, `xe` = x·e, `theta` = θ. The README's input language adds the
//! rules for a run right before `(`, applied in [`split_word`].

/// One piece of a split letter run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Var(String),
    Pi,
    E,
    Func(FnName),
}

// The Greek letters and the function names are the expression core's (the printer spells the
// letters, and checks that letters it writes before a bracket do not end in a function name).
pub use crate::expr::{function, greek_by_symbol, greek_symbol, FnName, FUNCTIONS, GREEK};

/// What a whole known name means (not a single letter).
fn known(name: &str, declared: &[String]) -> Option<Piece> {
    if declared.iter().any(|d| d == name) {
        return Some(Piece::Var(name.to_string()));
    }
    if let Some(f) = function(name) {
        return Some(Piece::Func(f));
    }
    match name {
        "pi" => Some(Piece::Pi),
        "e" => Some(Piece::E),
        _ if greek_symbol(name).is_some() => Some(Piece::Var(name.to_string())),
        _ => None,
    }
}

/// Splits a run greedily: the longest known name at each place, else one letter.
fn split_greedy(run: &str, declared: &[String]) -> Vec<Piece> {
    let chars: Vec<char> = run.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut taken = None;
        for j in (i + 2..=chars.len()).rev() {
            let cand: String = chars[i..j].iter().collect();
            if let Some(p) = known(&cand, declared) {
                taken = Some((p, j));
                break;
            }
        }
        match taken {
            Some((p, j)) => {
                out.push(p);
                i = j;
            }
            None => {
                let c = chars[i].to_string();
                out.push(known(&c, declared).unwrap_or(Piece::Var(c)));
                i += 1;
            }
        }
    }
    out
}

/// Why a run before `(` cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownFunction {
    pub name: String,
    pub suggestion: Option<&'static str>,
}

/// Splits a letter run (`letters`, ASCII) with an optional subscript (`"1"`, `"i"`).
/// `before_paren`: the run is followed by `(`, so the README's rules for calls apply.
pub fn split_word(
    letters: &str,
    subscript: Option<&str>,
    before_paren: bool,
    declared: &[String],
) -> Result<Vec<Piece>, UnknownFunction> {
    let whole = match subscript {
        Some(s) if s.chars().all(|c| c.is_ascii_digit()) => format!("{letters}{s}"),
        Some(s) => format!("{letters}_{s}"),
        None => letters.to_string(),
    };
    if let Some(p) = known(&whole, declared) {
        return Ok(vec![p]);
    }
    let mut pieces = if before_paren && subscript.is_none() {
        split_before_paren(letters, declared)?
    } else {
        split_greedy(letters, declared)
    };
    if let Some(s) = subscript {
        // The subscript belongs to the last letter: `xy1` = x·y1.
        let subscripted = |v: &str| {
            if s.chars().all(|c| c.is_ascii_digit()) {
                format!("{v}{s}")
            } else {
                format!("{v}_{s}")
            }
        };
        match pieces.pop() {
            Some(Piece::Var(v)) => pieces.push(Piece::Var(subscripted(&v))),
            // `e_1`, `e_{3y}`: a variable named after e, not Euler's number.
            Some(Piece::E) => pieces.push(Piece::Var(subscripted("e"))),
            Some(Piece::Pi) => pieces.push(Piece::Var(subscripted("pi"))),
            Some(Piece::Func(_)) | None => {
                return Err(UnknownFunction { name: whole, suggestion: None });
            }
        }
    }
    Ok(pieces)
}

fn split_before_paren(run: &str, declared: &[String]) -> Result<Vec<Piece>, UnknownFunction> {
    // The longest known function name the run ends with: `xsin(` = x·sin(.
    for start in 0..run.len() {
        let tail = &run[start..];
        if let Some(f) = function(tail) {
            let mut pieces = split_greedy(&run[..start], declared);
            pieces.push(Piece::Func(f));
            return Ok(pieces);
        }
    }
    let pieces = split_greedy(run, declared);
    // A run made only of known names (`alphabeta(`, `pie(`) multiplies. A function name
    // inside it does not count: `sine(x)` is a misspelt `sin`, not sin(e·x).
    let all_known = pieces.iter().all(|p| match p {
        Piece::Var(v) => v.len() > 1 || run.len() <= 2,
        Piece::Func(_) => false,
        Piece::Pi | Piece::E => true,
    });
    if run.chars().count() >= 3 && !all_known {
        return Err(UnknownFunction { name: run.to_string(), suggestion: suggest(run) });
    }
    Ok(pieces)
}

/// The known function closest to `name` by edit distance, if close enough.
pub fn suggest(name: &str) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for &(cand, _) in FUNCTIONS {
        let d = edit_distance(name, cand);
        let max = if name.chars().count() <= 4 { 1 } else { 2 };
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(ps: &[Piece]) -> Vec<String> {
        ps.iter()
            .map(|p| match p {
                Piece::Var(v) => v.clone(),
                Piece::Pi => "π".into(),
                Piece::E => "e".into(),
                Piece::Func(f) => format!("{f:?}"),
            })
            .collect()
    }

    #[test]
    fn runs_split_as_cli_md_says() {
        let none: Vec<String> = vec![];
        assert_eq!(vars(&split_word("xyz", None, false, &none).unwrap()), ["x", "y", "z"]);
        assert_eq!(vars(&split_word("xsin", None, true, &none).unwrap()), ["x", "Pool(Sin)"]);
        assert_eq!(vars(&split_word("xe", None, false, &none).unwrap()), ["x", "e"]);
        assert_eq!(vars(&split_word("xy", None, true, &none).unwrap()), ["x", "y"]);
        assert_eq!(vars(&split_word("xy", Some("1"), false, &none).unwrap()), ["x", "y1"]);
        assert_eq!(vars(&split_word("theta", None, false, &none).unwrap()), ["theta"]);
        assert_eq!(vars(&split_word("log", Some("10"), true, &none).unwrap()), ["Log10"]);
        let declared = vec!["rate".to_string()];
        assert_eq!(vars(&split_word("rate", None, false, &declared).unwrap()), ["rate"]);
        let err = split_word("lnn", None, true, &none).unwrap_err();
        assert_eq!(err.suggestion, Some("ln"));
        assert!(split_word("foo", None, true, &none).is_err());
    }
}
