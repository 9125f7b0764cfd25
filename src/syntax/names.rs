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

/// The longest function name, in letters: a run can end in a function name only within
/// its last this many letters.
const LONGEST_FUNCTION: usize = {
    let mut longest = 0;
    let mut k = 0;
    while k < FUNCTIONS.len() {
        if FUNCTIONS[k].0.len() > longest {
            longest = FUNCTIONS[k].0.len();
        }
        k += 1;
    }
    longest
};

/// The function name `run` ends with, the longest one: `xsin` → (1, sin).
pub fn function_suffix(run: &str) -> Option<(usize, FnName)> {
    let from = run.len().saturating_sub(LONGEST_FUNCTION);
    (from..run.len()).filter(|&k| run.is_char_boundary(k)).find_map(|k| function(&run[k..]).map(|f| (k, f)))
}

/// The names a letter run can hold: the built-in ones (functions, `pi`, Greek letters) and
/// the multi-letter variables declared with `--vars`. Built once per parse, so that each run
/// splits in one pass over its letters, however many names there are.
pub struct KnownNames<'a> {
    declared: &'a [String],
    /// Unknown functions declared with `--funcs`.
    funcs: &'a [String],
    /// Declared names, for whole-name lookups.
    declared_set: rustc_hash::FxHashSet<&'a str>,
    /// A leftmost-longest automaton over every name of two or more letters, with the
    /// declared ones when any could occur inside a run (built on first use).
    with_declared: std::cell::OnceCell<aho_corasick::AhoCorasick>,
}

/// Names of two or more ASCII letters: the ones a letter run can contain.
fn splittable(name: &str) -> bool {
    name.len() >= 2 && name.bytes().all(|b| b.is_ascii_alphabetic())
}

fn automaton<'n>(names: impl Iterator<Item = &'n str>) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        // A few dozen names, searched in a few short runs: an NFA builds in a fraction of a
        // DFA's time (the DFA was half of a small command's work).
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(names.filter(|n| splittable(n)))
        // Building fails only past the automaton's size limits (millions of states); the
        // names are the fixed tables plus --vars, which the command line bounds.
        .expect("the automaton of known names builds")
}

/// The built-in names, shared by every parse.
fn builtin_automaton() -> &'static aho_corasick::AhoCorasick {
    static BUILTIN: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| automaton(builtin_names()))
}

fn builtin_names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|&(n, _)| n).chain(std::iter::once("pi")).chain(GREEK.iter().map(|&(n, _)| n))
}

impl<'a> KnownNames<'a> {
    pub fn new(declared: &'a [String]) -> KnownNames<'a> {
        KnownNames::with_functions(declared, &[])
    }

    /// The names, with unknown functions declared with `--funcs` (`funcs`) as well.
    pub fn with_functions(declared: &'a [String], funcs: &'a [String]) -> KnownNames<'a> {
        KnownNames {
            declared,
            funcs,
            declared_set: declared.iter().map(String::as_str).collect(),
            with_declared: std::cell::OnceCell::new(),
        }
    }

    fn automaton(&self) -> &aho_corasick::AhoCorasick {
        if !self.declared.iter().chain(self.funcs).any(|d| splittable(d)) {
            return builtin_automaton();
        }
        self.with_declared.get_or_init(|| {
            let declared: &'a [String] = self.declared;
            let funcs: &'a [String] = self.funcs;
            automaton(declared.iter().chain(funcs).map(String::as_str).chain(builtin_names().map(|n| -> &'a str { n })))
        })
    }

    /// Whether `name` was declared a variable or parameter (`--vars`, `--params`).
    pub fn is_declared(&self, name: &str) -> bool {
        self.declared_set.contains(name)
    }

    /// The unknown function declared as `name`, if it is one.
    pub fn declared_function(&self, name: &str) -> Option<FnName> {
        self.funcs.iter().position(|f| f == name).map(|i| FnName::Declared(i as u16))
    }

    /// The name of a declared unknown function.
    pub fn function_name(&self, f: FnName) -> Option<&'a str> {
        match f {
            FnName::Declared(i) => self.funcs.get(usize::from(i)).map(String::as_str),
            _ => None,
        }
    }

    /// A built-in or declared function by its whole name.
    pub fn function(&self, name: &str) -> Option<FnName> {
        self.declared_function(name).or_else(|| function(name))
    }

    /// The function name `run` ends with, the longest one, built in or declared: `xsin` →
    /// (1, sin), `xf` → (1, f) with `--funcs f`.
    pub fn function_suffix(&self, run: &str) -> Option<(usize, FnName)> {
        let declared = self
            .funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.is_empty() && run.ends_with(f.as_str()))
            .map(|(i, f)| (run.len() - f.len(), FnName::Declared(i as u16)))
            .min_by_key(|&(start, _)| start);
        match (function_suffix(run), declared) {
            (Some(b), Some(d)) => Some(if d.0 < b.0 { d } else { b }),
            (b, d) => b.or(d),
        }
    }

    /// What a whole known name means (not a single letter).
    fn known(&self, name: &str) -> Option<Piece> {
        if self.declared_set.contains(name) {
            return Some(Piece::Var(name.to_string()));
        }
        if let Some(f) = self.function(name) {
            return Some(Piece::Func(f));
        }
        match name {
            "pi" => Some(Piece::Pi),
            "e" => Some(Piece::E),
            _ if greek_symbol(name).is_some() => Some(Piece::Var(name.to_string())),
            _ => None,
        }
    }

    /// One letter standing alone: `e`, or a variable.
    fn letter(&self, c: &str) -> Piece {
        self.known(c).unwrap_or_else(|| Piece::Var(c.to_string()))
    }

    /// Splits a run greedily: the longest known name of two or more letters at each place,
    /// else one letter. The leftmost-longest matches of the automaton are exactly those
    /// names, found in one pass over the run.
    fn split_greedy(&self, run: &str, out: &mut Vec<Piece>) {
        // One letter holds no name of two or more: no automaton to build (building it was
        // half of the work of a small command, `diff "(x+2)/(x-3)" x`).
        if run.chars().nth(1).is_none() {
            return self.letters(run, out);
        }
        let mut at = 0;
        for m in self.automaton().find_iter(run) {
            self.letters(&run[at..m.start()], out);
            let name = &run[m.range()];
            // Every pattern of the automaton is a known name.
            out.push(self.known(name).unwrap_or_else(|| Piece::Var(name.to_string())));
            at = m.end();
        }
        self.letters(&run[at..], out);
    }

    fn letters(&self, run: &str, out: &mut Vec<Piece>) {
        out.extend(run.char_indices().map(|(i, c)| self.letter(&run[i..i + c.len_utf8()])));
    }
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
    names: &KnownNames,
) -> Result<Vec<Piece>, UnknownFunction> {
    let whole = match subscript {
        Some(s) if s.chars().all(|c| c.is_ascii_digit()) => format!("{letters}{s}"),
        Some(s) => format!("{letters}_{s}"),
        None => letters.to_string(),
    };
    if let Some(p) = names.known(&whole) {
        return Ok(vec![p]);
    }
    let mut pieces = if before_paren && subscript.is_none() {
        split_before_paren(letters, names)?
    } else {
        let mut pieces = Vec::new();
        names.split_greedy(letters, &mut pieces);
        pieces
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

fn split_before_paren(run: &str, names: &KnownNames) -> Result<Vec<Piece>, UnknownFunction> {
    // The longest known function name the run ends with: `xsin(` = x·sin(.
    if let Some((start, f)) = names.function_suffix(run) {
        let mut pieces = Vec::new();
        names.split_greedy(&run[..start], &mut pieces);
        pieces.push(Piece::Func(f));
        return Ok(pieces);
    }
    let mut pieces = Vec::new();
    names.split_greedy(run, &mut pieces);
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

/// The names of special functions outside [`FUNCTIONS`] (they hold digits).
const OTHER_FUNCTIONS: [&str; 5] = ["log10", "log2", "log1p", "expm1", "atan2"];

/// Every built-in function name (aliases too), the candidates of [`suggest`].
pub fn function_names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|&(n, _)| n).chain(OTHER_FUNCTIONS)
}

/// The built-in functions as an error lists them: each once, aliases (`arcsin`, `sgn`,
/// `ceiling`) left out. A unit test holds it to the table.
pub const FUNCTION_LIST: &str = "sin cos tan cot sec csc asin acos atan atan2 sinh cosh tanh asinh acosh atanh \
     exp ln log log10 log2 log1p expm1 sqrt cbrt abs sign floor ceil max min relu sigmoid softplus erf";

/// The known function `name` is a slip of, when it is close: one letter missing, extra or
/// swapped with its neighbour (`lnn` → `ln`, `sigmod` → `sigmoid`, `cso` → `cos`), and for a
/// name of five letters or more two such edits or changed letters. A short name one changed
/// letter away is not close (`dot` is not a misspelt `cot`, nor `min` one of `sin`): the
/// error lists what exists instead.
pub fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if let Some(same) = function_names().find(|&n| n == lower) {
        return Some(same); // `Sin`, `LN`
    }
    let len = name.chars().count();
    let mut best: Option<(usize, &'static str)> = None;
    for cand in function_names() {
        let max = if len <= 4 { 1 } else { 2 };
        // Lengths further apart than that cannot be within reach (and a long run would
        // cost its length times the name's).
        if len.abs_diff(cand.chars().count()) > max {
            continue;
        }
        let d = edit_distance(name, cand);
        let close = d <= max && (len > 4 || len != cand.chars().count() || swapped_neighbours(name, cand));
        if close && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether `a` is `b` with two neighbouring letters swapped (`cso`, `cos`).
fn swapped_neighbours(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff[..], [i, j] if j == i + 1 && a[i] == b[j] && a[j] == b[i])
}

/// The optimal-string-alignment distance: insertions, deletions, changed letters and swaps
/// of neighbours each count 1.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, cur);
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
        let none = KnownNames::new(&[]);
        assert_eq!(vars(&split_word("xyz", None, false, &none).unwrap()), ["x", "y", "z"]);
        assert_eq!(vars(&split_word("xsin", None, true, &none).unwrap()), ["x", "Pool(Sin)"]);
        assert_eq!(vars(&split_word("xe", None, false, &none).unwrap()), ["x", "e"]);
        assert_eq!(vars(&split_word("xy", None, true, &none).unwrap()), ["x", "y"]);
        assert_eq!(vars(&split_word("xy", Some("1"), false, &none).unwrap()), ["x", "y1"]);
        assert_eq!(vars(&split_word("theta", None, false, &none).unwrap()), ["theta"]);
        assert_eq!(vars(&split_word("log", Some("10"), true, &none).unwrap()), ["Log10"]);
        let declared = vec!["rate".to_string()];
        let declared = KnownNames::new(&declared);
        assert_eq!(vars(&split_word("rate", None, false, &declared).unwrap()), ["rate"]);
        let err = split_word("lnn", None, true, &none).unwrap_err();
        assert_eq!(err.suggestion, Some("ln"));
        assert!(split_word("foo", None, true, &none).is_err());
    }

    /// The splitting rule as first written: at each place, every longer prefix tried against
    /// every name (cubic in the run's length), kept as the specification of the one-pass
    /// split.
    fn split_by_prefixes(run: &str, declared: &[String], before_paren: bool) -> Result<Vec<Piece>, String> {
        let known = |name: &str| -> Option<Piece> {
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
        };
        if let Some(p) = known(run) {
            return Ok(vec![p]);
        }
        let greedy = |run: &str| {
            let chars: Vec<char> = run.chars().collect();
            let mut out = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                let taken = (i + 2..=chars.len())
                    .rev()
                    .find_map(|j| known(&chars[i..j].iter().collect::<String>()).map(|p| (p, j)));
                match taken {
                    Some((p, j)) => {
                        out.push(p);
                        i = j;
                    }
                    None => {
                        let c = chars[i].to_string();
                        out.push(known(&c).unwrap_or(Piece::Var(c)));
                        i += 1;
                    }
                }
            }
            out
        };
        if !before_paren {
            return Ok(greedy(run));
        }
        for start in 0..run.len() {
            if let Some(f) = function(&run[start..]) {
                let mut pieces = greedy(&run[..start]);
                pieces.push(Piece::Func(f));
                return Ok(pieces);
            }
        }
        let pieces = greedy(run);
        let all_known = pieces.iter().all(|p| match p {
            Piece::Var(v) => v.len() > 1 || run.len() <= 2,
            Piece::Func(_) => false,
            Piece::Pi | Piece::E => true,
        });
        if run.chars().count() >= 3 && !all_known {
            return Err(run.to_string());
        }
        Ok(pieces)
    }

    /// Runs made of pieces of known names, whole names and single letters, so that names
    /// overlap, nest (`asinh` holds `sin`, `sinh`, `asin`) and break off.
    fn run_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            "sin", "sinh", "asin", "arcsin", "arcsinh", "cos", "cosh", "ln", "log", "exp", "sqrt", "pi", "e", "p", "i",
            "eta", "beta", "theta", "the", "ta", "ps", "psi", "epsilon", "upsilon", "up", "x", "y", "a", "b", "h", "n",
            "s", "rate", "ra", "te", "xy", "abs", "sign", "sgn", "mu", "nu", "xi", "chi", "phi",
        ]);
        prop::collection::vec(pieces, 1..12).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// The one-pass split (Aho-Corasick, leftmost-longest) gives exactly the pieces of
        /// the prefix-by-prefix rule, with and without declared names, before `(` or not.
        #[test]
        fn one_pass_split_is_the_prefix_rule(run in run_strategy(), declare in 0usize..4, before_paren: bool) {
            let declared: Vec<String> = match declare {
                0 => vec![],
                1 => vec!["rate".into()],
                2 => vec!["rate".into(), "xy".into(), "sinx".into()],
                _ => vec!["ab".into(), "pie".into(), "theta".into(), "sin".into()],
            };
            let names = KnownNames::new(&declared);
            let got = split_word(&run, None, before_paren, &names).map_err(|u| u.name);
            let want = split_by_prefixes(&run, &declared, before_paren);
            proptest::prop_assert_eq!(got, want, "run {:?}, declared {:?}", run, declared);
        }
    }

    #[test]
    fn the_listed_functions_are_the_functions() {
        let listed: Vec<&str> = FUNCTION_LIST.split_whitespace().collect();
        for name in &listed {
            assert!(function(name).is_some(), "{name} is listed but not known");
        }
        // Every function the table knows is listed under one of its names.
        for name in function_names() {
            let f = function(name);
            assert!(listed.iter().any(|l| function(l) == f), "{name} is not listed");
        }
    }

    #[test]
    fn suggestions_only_when_close() {
        for (typed, want) in [
            ("lnn", Some("ln")),
            ("sinn", Some("sin")),
            ("sigmod", Some("sigmoid")),
            ("cso", Some("cos")),
            ("tna", Some("tan")),
            ("sofplus", Some("softplus")),
            ("arcsine", Some("arcsin")),
            // One changed letter in a short name is another word, not a slip.
            ("dot", None),
            ("mim", None),
            ("log1", Some("log")),
            ("softmax", None),
        ] {
            assert_eq!(suggest(typed), want, "{typed}");
        }
    }

    #[test]
    fn long_runs_split_in_one_pass() {
        // 23 letters that hold no name, and runs of one letter: each letter a variable.
        let none = KnownNames::new(&[]);
        let run = "abcdefghijklmnopqrstuvw".repeat(4_000);
        assert_eq!(split_word(&run, None, false, &none).unwrap().len(), run.len());
        let run = "x".repeat(100_000);
        assert_eq!(split_word(&run, None, false, &none).unwrap().len(), run.len());
        // A declared name as long as the run, missing by its last letter: each place matches
        // a long prefix of it, which the automaton does not try again.
        let long = vec![format!("{}y", "x".repeat(2_000))];
        let names = KnownNames::new(&long);
        let pieces = split_word(&"x".repeat(50_000), None, false, &names).unwrap();
        assert_eq!(pieces.len(), 50_000);
        // A function name ends the run only within its last letters.
        assert_eq!(function_suffix(&format!("{}sinh", "x".repeat(10_000))).map(|(k, _)| k), Some(10_000));
        assert_eq!(function_suffix("xsinx"), None);
    }

    #[test]
    fn suggestions_skip_names_of_other_lengths() {
        assert_eq!(suggest("sinn"), Some("sin"));
        assert_eq!(suggest("arcsinhh"), Some("arcsinh"));
        assert_eq!(suggest(&"s".repeat(100_000)), None);
    }
}
