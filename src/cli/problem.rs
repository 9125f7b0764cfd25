//! What every command starts from: the expression of one input parsed into a fresh pool
//! (within the limits of the request), checked as input, with the domain of the input as
//! written (the conditions simplification may have removed), its variables in order, the
//! values of its parameters put in (`--let`, and parameters named in `--at`), and the
//! `--at` points read as exact coordinates.

use super::checks;
use super::coordinates::{self, check_constants, var_list};
use super::request::Options;
use crate::error::{Error, Result};
use crate::eval::domain::{Condition, Domain};
use crate::eval::exact;
use crate::expr::{Callee, ExprId, Node, Pool, SymId};
use crate::print::sort_vars;
use crate::syntax;
use rustc_hash::{FxHashMap, FxHashSet};

/// One input, parsed.
pub struct Problem {
    pub pool: Pool,
    /// The function (for `jacobian`, the first of them).
    pub f: ExprId,
    /// Every function of the input: one, or the Jacobian's list.
    pub functions: Vec<ExprId>,
    /// Where the input as written has a value: its parts as the parser built them. A value
    /// at a point is printed only where they all have one (with a derivative's kinks added,
    /// see [`crate::calculus::kinks`]).
    pub domain: Domain,
    /// `--vars`, else every variable written in the input, sorted.
    pub vars: Vec<SymId>,
    /// The symbols that are constants: declared with `--params`, given a value with `--let`,
    /// or (with `--vars`) any other symbol written in the input. Never differentiated by.
    pub params: Vec<SymId>,
    /// The `--at` points, in the order of `vars`.
    pub points: Vec<Vec<ExprId>>,
    /// Warnings about how the input was read (see [`split_word_warnings`]).
    pub warnings: Vec<String>,
}

impl Problem {
    /// One expression.
    pub fn parse(options: &Options, src: &str) -> Result<Problem> {
        Problem::read(options, src, false)
    }

    /// A comma list of expressions (`jacobian "f1, f2"` or `"[f1, f2]"`).
    pub fn parse_list(options: &Options, src: &str) -> Result<Problem> {
        Problem::read(options, src, true)
    }

    fn read(options: &Options, src: &str, list: bool) -> Result<Problem> {
        Problem::read_with(options, src, list, &[]).map(|(p, _)| p)
    }

    /// One expression and more of them read into the same pool before the variables are
    /// taken (the constraints of `critical --subject-to`: their variables count too). The
    /// extra inputs' errors point into their own text.
    pub fn parse_with(options: &Options, src: &str, extra: &[&str]) -> Result<(Problem, Vec<ExprId>)> {
        Problem::read_with(options, src, false, extra)
    }

    fn read_with(options: &Options, src: &str, list: bool, extra: &[&str]) -> Result<(Problem, Vec<ExprId>)> {
        let mut pool = Pool::new(options.limits.clone());
        let parsed = syntax::parse_written(&mut pool, src, &options.parse_options(), list)?;
        // Leibniz's d/dx in the input differentiates there: its kinks are conditions too.
        let domain = Domain::of_input(&pool, src, &parsed.written).with(parsed.kinks);
        let mut more = Vec::with_capacity(extra.len());
        for text in extra {
            let e = syntax::parse(&mut pool, text, &options.parse_options()).map_err(|e| e.with_source(text))?;
            checks::printable(&mut pool, &[e])?;
            more.push(e);
        }
        let mut problem = Problem::checked(pool, parsed.exprs, domain, options, src)?;
        problem.warnings = split_word_warnings(&parsed.split_words, options);
        Ok((problem, more))
    }

    /// The input as it was read must be printable and defined where it is constant; then its
    /// variables, the values of its parameters and its points.
    fn checked(
        mut pool: Pool,
        functions: Vec<ExprId>,
        domain: Domain,
        options: &Options,
        src: &str,
    ) -> Result<Problem> {
        checks::printable(&mut pool, &functions)?;
        for &f in &functions {
            check_constants(&mut pool, f, src)?;
        }
        let vars = variables(&mut pool, options);
        let params = parameters(&pool, &functions, &vars, options);
        let mut points = Vec::with_capacity(options.at.len());
        // Parameters given in --at hold for the run, like --let: every point must agree.
        let mut given: Vec<(SymId, ExprId, String)> = Vec::new();
        for a in &options.at {
            let (coords, values) = coordinates::point_and_parameters(&mut pool, a, &vars, &params, "--at")?;
            for (p, v) in values {
                match given.iter().find(|g| g.0 == p) {
                    Some(g) if g.1 != v => {
                        return Err(Error::usage(format!(
                            "--at gives the parameter '{}' two values ({} and {})",
                            pool.name(p),
                            g.2,
                            a
                        ))
                        .with_help(
                            "a parameter has one value per run; for one value per row use --points with a header",
                        ))
                    }
                    Some(_) => {}
                    None => given.push((p, v, a.clone())),
                }
            }
            points.push(coords);
        }
        let mut values: FxHashMap<SymId, ExprId> = given.iter().map(|g| (g.0, g.1)).collect();
        for (name, text) in &options.lets {
            if pool.find_symbol(name).is_none() && !options.params.contains(name) {
                let symbols: Vec<SymId> = vars.iter().chain(&params).copied().collect();
                return Err(Error::usage(format!(
                    "--let gives a value to '{name}', which is not in the expression (its symbols: {})",
                    var_list(&pool, &symbols)
                )));
            }
            let s = pool.symbol(name);
            if values.contains_key(&s) {
                return Err(Error::usage(format!("'{name}' has a value in both --let and --at")));
            }
            let v = coordinates::constant(&mut pool, text, &format!("--let {name}"))?;
            values.insert(s, v);
        }
        let functions = with_values(&mut pool, functions, &values)?;
        let domain = domain_with_values(&mut pool, domain, &values)?;
        // Exact values at --at points may hold parameters without values (`2a + 1`, and the
        // Hessian's verdict with conditions on them); double precision may not: `--points`,
        // `descend` and `plot` call `require_values`.
        Ok(Problem { pool, f: functions[0], functions, domain, vars, params, points, warnings: Vec::new() })
    }

    /// Every symbol of the input other than a variable has a value, and there is no unknown
    /// function: what a number in double precision needs (never a silent `nan`). The error
    /// names what is missing.
    pub fn require_values(&self) -> Result<()> {
        self.require_values_besides(&[])
    }

    /// [`Problem::require_values`], where the symbols `bound` also have values (the columns
    /// of `--points`).
    pub fn require_values_besides(&self, bound: &[SymId]) -> Result<()> {
        let pool = &self.pool;
        // Sets: an input may hold a hundred thousand symbols.
        let known: FxHashSet<SymId> = self.vars.iter().chain(bound).copied().collect();
        let mut missing: Vec<SymId> = Vec::new();
        let mut seen = FxHashSet::default();
        for &f in &self.functions {
            for &s in pool.free_vars(f) {
                if !known.contains(&s) && seen.insert(s) {
                    missing.push(s);
                }
            }
        }
        if !missing.is_empty() {
            sort_vars(pool, &mut missing);
            let names = var_list(pool, &missing);
            let example: Vec<String> = missing.iter().map(|&s| format!("{}=…", pool.name(s))).collect();
            let (what, has) = if missing.len() == 1 { ("the parameter", "has") } else { ("the parameters", "have") };
            return Err(Error::usage(format!("{what} {names} {has} no value, and a value at a point needs one"))
                .with_help(format!(
                    "give {} with --let {}{}, or declare {} as variable{} with --vars",
                    if missing.len() == 1 { "it" } else { "them" },
                    example.join(","),
                    if bound.is_empty() { "" } else { " (or as a column of --points)" },
                    if missing.len() == 1 { "it" } else { "them" },
                    if missing.len() == 1 { "" } else { "s" },
                )));
        }
        if let Some(name) = self.unknown_function() {
            return Err(Error::usage(format!(
                "'{name}' is an unknown function (--funcs), so it has no value at a point"
            ))
            .with_help("leave out --at and --points for the symbolic result"));
        }
        Ok(())
    }

    /// The name of an unknown function the input holds, if any.
    pub fn unknown_function(&self) -> Option<String> {
        let pool = &self.pool;
        pool.reachable(&self.functions).into_iter().find_map(|n| match pool.node(n) {
            Node::Call(Callee::Unknown { name, .. }, _) => Some(pool.function_name(*name).to_string()),
            _ => None,
        })
    }
}

/// The variables in order: `--vars`, else every variable written in the input (not a
/// parameter), sorted.
fn variables(pool: &mut Pool, options: &Options) -> Vec<SymId> {
    if let Some(declared) = &options.vars {
        return declared.iter().map(|n| pool.symbol(n)).collect();
    }
    let constant = |name: &str| options.params.iter().any(|p| p == name) || options.lets.iter().any(|(n, _)| n == name);
    let mut vs: Vec<SymId> = (0..pool.symbol_count() as u32).map(SymId).filter(|&s| !constant(pool.name(s))).collect();
    sort_vars(pool, &mut vs);
    vs
}

/// The parameters: every symbol written in the input that is not a variable, and the
/// declared ones, sorted.
fn parameters(pool: &Pool, functions: &[ExprId], vars: &[SymId], options: &Options) -> Vec<SymId> {
    // A set of the variables: an input may hold a hundred thousand symbols.
    let vars: FxHashSet<SymId> = vars.iter().copied().collect();
    let mut ps: Vec<SymId> = Vec::new();
    for &f in functions {
        ps.extend(pool.free_vars(f).iter().copied().filter(|s| !vars.contains(s)));
    }
    ps.extend(options.params.iter().filter_map(|n| pool.find_symbol(n)));
    ps.extend(options.lets.iter().filter_map(|(n, _)| pool.find_symbol(n)).filter(|s| !vars.contains(s)));
    sort_vars(pool, &mut ps);
    ps.dedup();
    ps
}

/// The functions with the parameters' values put in; a part that the values make undefined
/// (`ln(a)` with `a = 0`) is an error naming it.
fn with_values(pool: &mut Pool, functions: Vec<ExprId>, values: &FxHashMap<SymId, ExprId>) -> Result<Vec<ExprId>> {
    if values.is_empty() {
        return Ok(functions);
    }
    functions.into_iter().map(|f| with_value(pool, f, values)).collect()
}

/// One expression with the parameters' values put in (see [`with_values`]).
fn with_value(pool: &mut Pool, f: ExprId, values: &FxHashMap<SymId, ExprId>) -> Result<ExprId> {
    let r = exact::value_at(pool, f, values);
    checks::limits(pool)?;
    r.map_err(|u| {
        let mut given: Vec<(&SymId, &ExprId)> = values.iter().collect();
        given.sort();
        let printer = crate::print::Printer::new(pool, crate::print::Style::Plain);
        let list: Vec<String> =
            given.iter().map(|(s, v)| format!("{} = {}", pool.name(**s), printer.expr(**v))).collect();
        Error::math(format!("with {}, {} is not defined: {}", list.join(", "), printer.expr(u.expr), u.reason))
    })
}

/// The domain of the input as written with the parameters' values put in, like the functions:
/// a condition on `ln(a·x)` with a = 2 is one on `ln(2x)`.
fn domain_with_values(pool: &mut Pool, domain: Domain, values: &FxHashMap<SymId, ExprId>) -> Result<Domain> {
    if values.is_empty() {
        return Ok(domain);
    }
    let mut conditions = Vec::with_capacity(domain.conditions.len());
    for c in domain.conditions {
        conditions.push(match c {
            Condition::Defined { part, span } => Condition::Defined { part: with_value(pool, part, values)?, span },
            Condition::Differentiable { func, arg, kink, call } => Condition::Differentiable {
                func,
                arg: with_value(pool, arg, values)?,
                kink,
                call: with_value(pool, call, values)?,
            },
        });
    }
    Ok(Domain { conditions, ..domain })
}

/// A word of three letters or more read as a product of one-letter symbols (`rate x^2` is
/// r·a·t·e·x², with Euler's number in it) is seldom what was meant when one of its letters is
/// Euler's number, or when `--vars` names the variables and two of its letters or more are
/// not among them (`bias x --vars x`): each such word gets a warning naming the reading and
/// the flag for a parameter. `xyz` (variables, or without `--vars`) reads as it should.
/// At most [`MAX_SPLIT_WARNINGS`] such warnings, then one line counting the rest.
fn split_word_warnings(words: &[String], options: &Options) -> Vec<String> {
    let declared = |c: char| options.vars.as_ref().is_some_and(|vars| vars.iter().any(|v| v.chars().eq([c])));
    let mut warnings = words
        .iter()
        .filter_map(|w| {
            let euler = w.chars().any(|c| c == 'e' && !declared(c));
            let undeclared = match &options.vars {
                Some(_) => w.chars().filter(|&c| !declared(c)).count(),
                None => 0,
            };
            if !euler && undeclared < 2 {
                return None;
            }
            let product: Vec<String> = w.chars().map(String::from).collect();
            let e = if euler { " (e is Euler's number)" } else { "" };
            Some(format!(
                "'{w}' is read as the product {}{e}; declare it with --params {w} for a parameter, or --vars for a variable",
                product.join("·")
            ))
        })
        .collect::<Vec<String>>();
    if warnings.len() > MAX_SPLIT_WARNINGS {
        let rest = warnings.len() - MAX_SPLIT_WARNINGS;
        warnings.truncate(MAX_SPLIT_WARNINGS);
        warnings.push(format!("{rest} more words are read as products of letters likewise"));
    }
    warnings
}

/// Warnings about words read as products, one a word, before the rest are counted.
const MAX_SPLIT_WARNINGS: usize = 3;
