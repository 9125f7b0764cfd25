//! Laws that hold for every expression, checked on random ones (proptest).
//!
//! - the canonical form means what the input means: the pool's value equals a naive
//!   evaluation of the generated expression tree;
//! - the derivative agrees with a central finite difference;
//! - `parse(plain(e)) == e` in the same pool (same id), and so for text and LaTeX;
//! - `simplify` is idempotent: printing, parsing in a fresh pool and printing again gives
//!   the same text;
//! - the textbook form (what every command prints) has the value of the expression it was
//!   made from wherever that is defined, is its own textbook form, reads back as itself in
//!   plain, text and LaTeX, and a derivative taken step by step on textbook forms is the
//!   textbook form of the derivative;
//! - f_xy == f_yx (the same id, or at least the same values);
//! - the domain kept by the parser is that of the input as written: at points of a grid
//!   where parts are exactly 0 or ±1 often, it holds exactly where every written operation
//!   meets its own condition (a divisor not 0, a logarithm's argument positive, …), even
//!   where the canonical form simplified the operation away;
//! - the parser returns (an error or an expression) on any string, without panicking.
//!
//! The default run is small and deterministic (256 cases per law, a fixed seed) so that
//! `cargo test` stays fast and reproducible. For scale, and for new random cases:
//!
//! ```text
//! PROPTEST_CASES=10000 cargo test --release --test properties
//! PROPTEST_CASES=10000 PROPTEST_RNG_SEED=$RANDOM cargo test --release --test properties
//! ```
//!
//! Each law prints how many cases it ran and how many it could check (run with
//! `-- --nocapture` to see them).

use gradcalc::calculus::Deriver;
use gradcalc::expr::approx::approx;
use gradcalc::expr::{ExprId, Func, Node, Pool, SymId};
use gradcalc::print::{Printer, Style};
use gradcalc::simplify::textbook_form;
use gradcalc::syntax::{parse, ParseOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::cell::Cell;

// ----- the expression trees -----

/// A generated expression, printed into the input language and evaluated naively.
#[derive(Clone, Debug)]
enum Ast {
    Var(usize),
    Int(i64),
    Frac(i64, i64),
    Pi,
    E,
    Neg(Box<Ast>),
    Add(Box<Ast>, Box<Ast>),
    Sub(Box<Ast>, Box<Ast>),
    /// `implicit`: written by juxtaposition, `(a)(b)`.
    Mul(Box<Ast>, Box<Ast>, bool),
    Div(Box<Ast>, Box<Ast>),
    /// An integer power.
    Powi(Box<Ast>, i64),
    Pow(Box<Ast>, Box<Ast>),
    Call(&'static str, Box<Ast>),
    /// `max(a, b)`, `min(a, b)`, `atan2(a, b)`.
    Call2(&'static str, Box<Ast>, Box<Ast>),
    /// The unknown functions `f(a)` and `g(a, b)` (declared, as `--funcs f,g` does): no value,
    /// but their derivatives must print and read back like everything else.
    F(Box<Ast>),
    G(Box<Ast>, Box<Ast>),
    Log(Box<Ast>, Box<Ast>),
}

const VARS: [&str; 3] = ["x", "y", "z"];

/// How every law parses: with the unknown functions f and g declared.
fn options() -> ParseOptions {
    ParseOptions { funcs: vec!["f".into(), "g".into()], ..Default::default() }
}

const FUNCS: [&str; 31] = [
    "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
    "atanh", "exp", "ln", "sqrt", "cbrt", "abs", "sign", "log10", "log2", "sigmoid", "softplus", "relu", "erf",
    "floor", "ceil", "log1p", "expm1",
];

const FUNCS2: [&str; 3] = ["max", "min", "atan2"];

impl Ast {
    fn text(&self) -> String {
        match self {
            Ast::Var(i) => VARS[*i].to_string(),
            Ast::Int(n) if *n < 0 => format!("({n})"),
            Ast::Int(n) => n.to_string(),
            Ast::Frac(p, q) => format!("({p}/{q})"),
            Ast::Pi => "pi".into(),
            Ast::E => "e".into(),
            Ast::Neg(a) => format!("-({})", a.text()),
            Ast::Add(a, b) => format!("({}) + ({})", a.text(), b.text()),
            Ast::Sub(a, b) => format!("({}) - ({})", a.text(), b.text()),
            Ast::Mul(a, b, false) => format!("({})*({})", a.text(), b.text()),
            Ast::Mul(a, b, true) => format!("({})({})", a.text(), b.text()),
            Ast::Div(a, b) => format!("({})/({})", a.text(), b.text()),
            Ast::Powi(a, n) => format!("({})^({n})", a.text()),
            Ast::Pow(a, b) => format!("({})^({})", a.text(), b.text()),
            Ast::Call(f, a) => format!("{f}({})", a.text()),
            Ast::Call2(f, a, b) => format!("{f}({}, {})", a.text(), b.text()),
            Ast::F(a) => format!("f({})", a.text()),
            Ast::G(a, b) => format!("g({}, {})", a.text(), b.text()),
            Ast::Log(b, a) => format!("log({}, {})", b.text(), a.text()),
        }
    }

    /// The value over the reals, computed without gradcalc: NaN where it is not defined.
    fn eval(&self, v: &[f64; 3]) -> f64 {
        self.eval_tracking(v, &mut 0.0)
    }

    /// `eval`, noting the largest argument of a periodic function: sin(7e12) depends on
    /// the last bits of 7e12, so two correct evaluation orders can disagree completely.
    fn eval_tracking(&self, v: &[f64; 3], trig_arg: &mut f64) -> f64 {
        // An infinite intermediate (an overflow, or a division by zero) makes the whole
        // undefined here, even where floating point recovers (ln(2)/e^(1e7) = 0).
        let value = self.eval_node(v, trig_arg);
        if value.is_infinite() {
            f64::NAN
        } else {
            value
        }
    }

    fn eval_node(&self, v: &[f64; 3], trig_arg: &mut f64) -> f64 {
        match self {
            Ast::Var(i) => v[*i],
            Ast::Int(n) => *n as f64,
            Ast::Frac(p, q) => *p as f64 / *q as f64,
            Ast::Pi => std::f64::consts::PI,
            Ast::E => std::f64::consts::E,
            Ast::Neg(a) => -a.eval_tracking(v, trig_arg),
            Ast::Add(a, b) => a.eval_tracking(v, trig_arg) + b.eval_tracking(v, trig_arg),
            Ast::Sub(a, b) => a.eval_tracking(v, trig_arg) - b.eval_tracking(v, trig_arg),
            Ast::Mul(a, b, _) => a.eval_tracking(v, trig_arg) * b.eval_tracking(v, trig_arg),
            Ast::Div(a, b) => a.eval_tracking(v, trig_arg) / b.eval_tracking(v, trig_arg),
            Ast::Powi(a, n) => a.eval_tracking(v, trig_arg).powi(*n as i32),
            // A negative base to a general power is not real, as gradcalc reads it: even where
            // the exponent happens to be an integer (log(1/2, 8) = -3), it is only known to
            // be one after a simplification gradcalc need not make.
            Ast::Pow(a, b) => {
                let base = a.eval_tracking(v, trig_arg);
                let exp = b.eval_tracking(v, trig_arg);
                if base < 0.0 {
                    f64::NAN
                } else {
                    base.powf(exp)
                }
            }
            Ast::Call(f, a) => {
                let x = a.eval_tracking(v, trig_arg);
                // Exact zeros that floating point misses by an ulp (sin(π) = 1.2e-16), so that
                // a root or a quotient of them does not blow the error up; gradcalc folds them.
                let snap = |y: f64| if y.abs() < 1e-14 { 0.0 } else { y };
                if matches!(*f, "sin" | "cos" | "tan" | "cot" | "sec" | "csc") {
                    *trig_arg = trig_arg.max(x.abs());
                }
                match *f {
                    "sin" => snap(x.sin()),
                    "cos" => snap(x.cos()),
                    "tan" => snap(x.tan()),
                    "cot" => 1.0 / snap(x.tan()),
                    "sec" => 1.0 / snap(x.cos()),
                    "csc" => 1.0 / snap(x.sin()),
                    "asin" => x.asin(),
                    "acos" => x.acos(),
                    "atan" => x.atan(),
                    "sinh" => x.sinh(),
                    "cosh" => x.cosh(),
                    "tanh" => x.tanh(),
                    "asinh" => x.asinh(),
                    "acosh" => x.acosh(),
                    "atanh" => x.atanh(),
                    "exp" => x.exp(),
                    "ln" => x.ln(),
                    "sqrt" => x.sqrt(),
                    "cbrt" => x.cbrt(),
                    "abs" => x.abs(),
                    "sign" => {
                        if x > 0.0 {
                            1.0
                        } else if x < 0.0 {
                            -1.0
                        } else if x == 0.0 {
                            0.0
                        } else {
                            f64::NAN
                        }
                    }
                    "log10" => x.log10(),
                    "log2" => x.log2(),
                    "sigmoid" => 1.0 / (1.0 + (-x).exp()),
                    "softplus" => x.exp().ln_1p(),
                    "relu" => {
                        if x.is_nan() {
                            x
                        } else {
                            x.max(0.0)
                        }
                    }
                    "erf" => libm::erf(x),
                    "floor" => x.floor(),
                    "ceil" => x.ceil(),
                    "log1p" => x.ln_1p(),
                    "expm1" => x.exp_m1(),
                    _ => unreachable!("FUNCS and eval list the same names"),
                }
            }
            // An unknown function has no value.
            Ast::F(_) | Ast::G(..) => f64::NAN,
            Ast::Call2(f, a, b) => {
                let (x, y) = (a.eval_tracking(v, trig_arg), b.eval_tracking(v, trig_arg));
                match *f {
                    // Undefined where an argument is (f64::max would take the other one).
                    _ if x.is_nan() || y.is_nan() => f64::NAN,
                    "max" => x.max(y),
                    "min" => x.min(y),
                    _ if x == 0.0 && y == 0.0 => f64::NAN,
                    _ => (x + 0.0).atan2(y), // -0.0 + 0.0 is +0.0: the reals have one zero
                }
            }
            Ast::Log(b, a) => a.eval_tracking(v, trig_arg).ln() / b.eval_tracking(v, trig_arg).ln(),
        }
    }
}

fn ast() -> impl Strategy<Value = Ast> {
    let leaf = prop_oneof![
        4 => (0usize..3).prop_map(Ast::Var),
        2 => (-4i64..10).prop_map(Ast::Int),
        1 => ((-5i64..6), (2i64..6)).prop_map(|(p, q)| Ast::Frac(p, q)),
        1 => Just(Ast::Pi),
        1 => Just(Ast::E),
    ];
    leaf.prop_recursive(5, 24, 2, |inner| {
        let b = |a: Ast| Box::new(a);
        prop_oneof![
            3 => (inner.clone(), inner.clone()).prop_map(move |(x, y)| Ast::Add(b(x), b(y))),
            2 => (inner.clone(), inner.clone()).prop_map(move |(x, y)| Ast::Sub(b(x), b(y))),
            3 => (inner.clone(), inner.clone(), any::<bool>()).prop_map(move |(x, y, j)| Ast::Mul(b(x), b(y), j)),
            2 => (inner.clone(), inner.clone()).prop_map(move |(x, y)| Ast::Div(b(x), b(y))),
            2 => (inner.clone(), -3i64..5).prop_map(move |(x, n)| Ast::Powi(b(x), n)),
            1 => (inner.clone(), inner.clone()).prop_map(move |(x, y)| Ast::Pow(b(x), b(y))),
            1 => inner.clone().prop_map(move |x| Ast::Neg(b(x))),
            3 => (prop::sample::select(&FUNCS[..]), inner.clone()).prop_map(move |(f, x)| Ast::Call(f, b(x))),
            1 => (prop::sample::select(&FUNCS2[..]), inner.clone(), inner.clone())
                .prop_map(move |(f, x, y)| Ast::Call2(f, b(x), b(y))),
            1 => prop_oneof![
                inner.clone().prop_map(move |x| Ast::F(b(x))),
                (inner.clone(), inner.clone()).prop_map(move |(x, y)| Ast::G(b(x), b(y))),
            ],
            1 => (inner.clone(), inner).prop_map(move |(x, y)| Ast::Log(b(x), b(y))),
        ]
    })
}

/// A few points: some in the positive octant (where ln, sqrt, x^y are defined), some anywhere.
fn points() -> impl Strategy<Value = Vec<[f64; 3]>> {
    let pos = prop::array::uniform3(0.1f64..2.5);
    let any = prop::array::uniform3(-2.5f64..2.5);
    (prop::collection::vec(pos, 3), prop::collection::vec(any, 3)).prop_map(|(mut a, b)| {
        a.extend(b);
        a
    })
}

// ----- the runner -----

/// The configuration of every law: `PROPTEST_CASES` (default 256) and a fixed seed unless
/// `PROPTEST_RNG_SEED` is set.
fn config() -> Config {
    let mut c = Config::default();
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(0x6772_6164_6361_6c63);
    }
    c.failure_persistence = None;
    c
}

/// Runs one law and reports how often it could actually check something.
fn run_law<S: Strategy>(
    name: &str,
    strategy: S,
    min_checked_share: f64,
    law: impl Fn(S::Value, &Cell<usize>) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(config());
    let cases = Cell::new(0usize);
    let checked = Cell::new(0usize);
    let result = runner.run(&strategy, |v| {
        cases.set(cases.get() + 1);
        law(v, &checked)
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let (n, k) = (cases.get(), checked.get());
    println!("{name}: {n} cases run, {k} checked");
    assert!(
        k as f64 >= min_checked_share * n as f64,
        "{name}: only {k} of {n} cases could be checked: the law hardly tests anything"
    );
}

/// A pool with x, y, z as symbols 0, 1, 2, and `src` parsed into it. `None` when the
/// command line would reject the input too: it hit a limit (a huge exact number) or has an
/// undefined constant part (`1/0`, `ln(0)`, `log(1, x)`); any other error is a failure.
fn parse_fresh(src: &str) -> Result<Option<(Pool, ExprId)>, TestCaseError> {
    let mut pool = Pool::default();
    for v in VARS {
        pool.symbol(v);
    }
    match parse(&mut pool, src, &options()) {
        Ok(id) => {
            let no_point = Default::default();
            if gradcalc::eval::exact::value_at(&mut pool, id, &no_point).is_err() || pool.limit_hit().is_some() {
                return Ok(None);
            }
            Ok(Some((pool, id)))
        }
        // A limit, or a constant part found undefined while parsing (`log(1, x)`).
        Err(e) if matches!(e.kind, gradcalc::error::ErrorKind::Limit { .. } | gradcalc::error::ErrorKind::Math) => {
            Ok(None)
        }
        Err(e) => Err(TestCaseError::fail(format!("{src:?} does not parse: {}", e.message))),
    }
}

fn value(pool: &Pool, id: ExprId, p: &[f64; 3]) -> f64 {
    approx(pool, id, &|s: SymId| p.get(s.0 as usize).copied().unwrap_or(f64::NAN))
}

/// Every subexpression of `id` (itself included), each once.
fn subexpressions(pool: &Pool, id: ExprId) -> Vec<ExprId> {
    pool.reachable(&[id])
}

/// Whether every subexpression of `id` has a finite value at `p`: where one does not
/// (`0^x` at x < 0, an overflow), floating point can still give a finite f, but f is not
/// defined there and its derivative means nothing.
fn defined_at(pool: &Pool, id: ExprId, p: &[f64; 3]) -> bool {
    subexpressions(pool, id).into_iter().all(|n| {
        // A negative base to a power that is not a rational number is not real, even where
        // floating point finds a value ((-1/2)^1e44 = 0).
        let negative_to_real = match pool.node(n) {
            Node::Pow(b, e) => pool.as_num(*e).is_none() && value(pool, *b, p) < 0.0,
            _ => false,
        };
        value(pool, n, p).is_finite() && !negative_to_real
    })
}

/// Whether a subexpression overflows to ±infinity at `p` (x^1296 at x = 2): the value of
/// the whole is then an artefact of floating point.
fn overflows(pool: &Pool, id: ExprId, p: &[f64; 3]) -> bool {
    subexpressions(pool, id).into_iter().any(|n| value(pool, n, p).is_infinite())
}

/// Whether the chain rule breaks down at `p` although f may be smooth there: a variable
/// base of a root or negative power is 0 (√(y + |y|) for y < 0, or x^3020 underflowing),
/// or a function is at its kink or jump (the argument of |u| or sign(u) is 0, of floor or
/// ceiling an integer, the arguments of max or min equal, atan2 at (0, 0)). The symbolic
/// derivative is then 0/0 or a one-sided guess there, and gradcalc reports it as undefined.
fn singular_at(pool: &Pool, id: ExprId, p: &[f64; 3]) -> bool {
    subexpressions(pool, id).into_iter().any(|n| match pool.node(n) {
        Node::Pow(b, e) => {
            let non_integer_or_negative =
                pool.as_num(*e).is_none_or(|r| !r.is_integer() || r.numer().sign() == num_bigint::Sign::Minus);
            !pool.is_constant(*b) && non_integer_or_negative && value(pool, *b, p) == 0.0
        }
        Node::Func(Func::Abs | Func::Sign, u) => value(pool, *u, p) == 0.0,
        // At (or within rounding of) a jump or kink: floating point cannot tell the sides apart.
        Node::Func(Func::Floor | Func::Ceil, u) => {
            let u = value(pool, *u, p);
            (u - u.round()).abs() <= 1e-9 * u.abs().max(1.0)
        }
        Node::Call(_, args) if args.len() == 2 => {
            let (a, b) = (value(pool, args[0], p), value(pool, args[1], p));
            (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
        }
        _ => false,
    })
}

/// Whether a jump or a kink lies between `lo` and `hi`: floor, ceiling or sign takes other
/// values at the two ends, or the other argument of max or min is the larger one. A finite
/// difference across it says nothing about the derivative at a point between (floor(1/x²)
/// near x = 0.1 jumps every 0.0005, and differences over 0.001 see a slope of -2000).
fn jumps(pool: &Pool, id: ExprId, lo: &[f64; 3], hi: &[f64; 3]) -> bool {
    subexpressions(pool, id).into_iter().any(|n| match pool.node(n) {
        Node::Func(Func::Floor | Func::Ceil | Func::Sign, _) => value(pool, n, lo) != value(pool, n, hi),
        Node::Func(Func::Abs, u) => value(pool, *u, lo).signum() != value(pool, *u, hi).signum(),
        Node::Call(_, args) if args.len() == 2 => {
            let side = |q: &[f64; 3]| value(pool, args[0], q) > value(pool, args[1], q);
            side(lo) != side(hi)
        }
        _ => false,
    })
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// The styles whose form of `e` gradcalc reads back: all three, but not LaTeX for the
/// sigmoid, which LaTeX writes σ(u) as papers do, and `\sigma(` read back is the Greek letter
/// before a bracket, refused as ambiguous (cli.md).
fn styles_that_read_back(pool: &Pool, e: ExprId) -> &'static [Style] {
    let sigmoid = pool.reachable(&[e]).iter().any(|&n| matches!(pool.node(n), Node::Func(Func::Sigmoid, _)));
    if sigmoid {
        &[Style::Plain, Style::Text]
    } else {
        &[Style::Plain, Style::Text, Style::Latex]
    }
}

fn plain(pool: &Pool, id: ExprId) -> String {
    Printer::new(pool, Style::Plain).expr(id)
}

// ----- the laws -----

/// The canonical form (what parsing builds) has the value of the expression as written,
/// wherever the written expression is defined.
#[test]
fn canonical_form_keeps_the_value() {
    run_law("canonical form keeps the value", (ast(), points()), 0.5, |(a, pts), checked| {
        let src = a.text();
        let Some((pool, f)) = parse_fresh(&src)? else { return Ok(()) };
        let mut any = false;
        for p in &pts {
            let mut trig_arg = 0.0;
            let want = a.eval_tracking(p, &mut trig_arg);
            if !want.is_finite() || want.abs() > 1e8 || trig_arg > 1e4 || overflows(&pool, f, p) {
                continue;
            }
            // Ill-conditioned where it is evaluated (sin of 1e18): a last-bit change of the
            // point changes the value, so two evaluation orders need not agree.
            let nudged = a.eval(&p.map(|c| c * (1.0 + 1e-12)));
            if !close(nudged, want, 1e-7) {
                continue;
            }
            let got = value(&pool, f, p);
            // Sums can be reordered and regrouped by the canonical form, so allow for
            // cancellation relative to the size of the written terms.
            prop_assert!(
                close(got, want, 1e-7),
                "{src}\n  canonical: {}\n  at {p:?}: {got}, but the expression as written is {want}",
                plain(&pool, f)
            );
            any = true;
        }
        if any {
            checked.set(checked.get() + 1);
        }
        Ok(())
    });
}

/// Central differences with step h and h/2, extrapolated, with the size of their rounding
/// noise; `None` when they disagree (a singularity, a kink or a jump nearby) or are not
/// finite.
fn finite_difference(pool: &Pool, f: ExprId, var: usize, p: &[f64; 3]) -> Option<(f64, f64)> {
    let cd = |h: f64| {
        let mut a = *p;
        let mut b = *p;
        a[var] += h;
        b[var] -= h;
        (value(pool, f, &a) - value(pool, f, &b)) / (2.0 * h)
    };
    let h = 1e-3 * p[var].abs().max(1.0);
    let (d1, d2) = (cd(h), cd(h / 2.0));
    let fp = value(pool, f, p);
    if !d1.is_finite() || !d2.is_finite() || !fp.is_finite() {
        return None;
    }
    let mut lo = *p;
    let mut hi = *p;
    lo[var] -= h;
    hi[var] += h;
    if ![lo, *p, hi].iter().all(|q| defined_at(pool, f, q)) || singular_at(pool, f, p) || jumps(pool, f, &lo, &hi) {
        return None;
    }
    // Rounding in f(p ± h) is amplified by 1/h: a large f, or a large intermediate value
    // (sin(x + 1e11) loses the digits of x), makes the difference noisy.
    let largest = subexpressions(pool, f).into_iter().map(|n| value(pool, n, p).abs()).fold(0.0, f64::max);
    let noise = 1e-13 * largest / h;
    if noise > 1e-4 * d2.abs().max(1.0) || (d1 - d2).abs() > 1e-6 * d1.abs().max(d2.abs()).max(1.0) + noise {
        return None;
    }
    Some(((4.0 * d2 - d1) / 3.0, noise))
}

#[test]
fn derivative_matches_finite_difference() {
    run_law("derivative matches finite difference", (ast(), points()), 0.4, |(a, pts), checked| {
        let src = a.text();
        let Some((mut pool, f)) = parse_fresh(&src)? else { return Ok(()) };
        let mut d = Deriver::new();
        let mut any = false;
        for (var, name) in VARS.iter().enumerate() {
            let df = d.derive(&mut pool, f, SymId(var as u32));
            if pool.limit_hit().is_some() {
                return Ok(());
            }
            for p in &pts {
                let Some((fd, noise)) = finite_difference(&pool, f, var, p) else { continue };
                if singular_at(&pool, df, p) {
                    continue;
                }
                let exact = value(&pool, df, p);
                if fd.abs() > 1e6 {
                    continue;
                }
                prop_assert!(
                    exact.is_finite() && (exact - fd).abs() <= 1e-5 * exact.abs().max(fd.abs()).max(1.0) + noise,
                    "f = {}\n  d/d{} = {}\n  at {p:?}: {exact}, finite difference {fd}",
                    plain(&pool, f),
                    name,
                    plain(&pool, df)
                );
                any = true;
            }
        }
        if any {
            checked.set(checked.get() + 1);
        }
        Ok(())
    });
}

/// parse(plain(e)) is e (the same id in the same pool), for inputs and their derivatives;
/// the same for the text form (pasted back from a terminal) and LaTeX, whose subset
/// gradcalc reads too.
#[test]
fn printed_forms_parse_back_to_the_same_expression() {
    run_law("parse(plain(e)) == e, parse(text(e)) == e, parse(latex(e)) == e", ast(), 0.8, |a, checked| {
        let src = a.text();
        let Some((mut pool, f)) = parse_fresh(&src)? else { return Ok(()) };
        let mut d = Deriver::new();
        let dx = d.derive(&mut pool, f, SymId(0));
        if pool.limit_hit().is_some() {
            return Ok(());
        }
        // The command line refuses a derivative with an undefined constant part (ln(-2) in
        // that of (-2)^x), and so does the parser where such a part is written.
        let dx_defined = gradcalc::eval::exact::undefined_part(&mut pool, &[dx]).is_none();
        for e in if dx_defined { vec![f, dx] } else { vec![f] } {
            for &style in styles_that_read_back(&pool, e) {
                let text = Printer::new(&pool, style).expr(e);
                let back = parse(&mut pool, &text, &options());
                let back = back.map_err(|err| {
                    TestCaseError::fail(format!("{style:?} form {text:?} of {src} does not parse: {}", err.message))
                })?;
                prop_assert!(
                    back == e,
                    "{style:?} form of {src} does not read back as itself:\n  printed {text}\n  read as {}",
                    plain(&pool, back)
                );
            }
        }
        checked.set(checked.get() + 1);
        Ok(())
    });
}

/// The textbook form keeps the value wherever the expression it was made from is defined
/// (it may be defined at more points: a cancelled factor), is its own textbook form, and
/// reads back as itself in every printed style.
#[test]
fn textbook_form_keeps_the_value_and_is_idempotent() {
    let changed = Cell::new(0usize);
    run_law("textbook form keeps the value, idempotent", (ast(), points()), 0.7, |(a, pts), checked| {
        let src = a.text();
        let Some((mut pool, f)) = parse_fresh(&src)? else { return Ok(()) };
        let mut d = Deriver::new();
        let dx = d.derive(&mut pool, f, SymId(0));
        let dxy = d.derive(&mut pool, dx, SymId(1));
        if pool.limit_hit().is_some() {
            return Ok(());
        }
        for e in [f, dx, dxy] {
            if gradcalc::eval::exact::undefined_part(&mut pool, &[e]).is_some() {
                continue;
            }
            let t = textbook_form(&mut pool, e);
            if pool.limit_hit().is_some() {
                return Ok(());
            }
            // An undefined constant that the simplification brought to light (`ln(-1)` in
            // `ln(2x)/ln(log(x, 1/x))`) means the expression is defined nowhere: the command
            // line reports that, and there is nothing to compare.
            if gradcalc::eval::exact::undefined_part(&mut pool, &[t]).is_some() {
                continue;
            }
            if t != e {
                changed.set(changed.get() + 1);
            }
            let again = textbook_form(&mut pool, t);
            prop_assert!(
                again == t,
                "not idempotent on {src}:\n  textbook    {}\n  once more   {}",
                plain(&pool, t),
                plain(&pool, again)
            );
            for &style in styles_that_read_back(&pool, t) {
                let text = Printer::new(&pool, style).expr(t);
                let back = parse(&mut pool, &text, &options()).map_err(|err| {
                    TestCaseError::fail(format!("{style:?} textbook form {text:?} does not parse: {}", err.message))
                })?;
                prop_assert!(back == t, "{style:?} textbook form {text} of {src} reads back as {}", plain(&pool, back));
            }
            for p in &pts {
                if !defined_at(&pool, e, p) || overflows(&pool, e, p) || overflows(&pool, t, p) {
                    continue;
                }
                let (u, v) = (value(&pool, e, p), value(&pool, t, p));
                if u.abs() > 1e8 {
                    continue;
                }
                prop_assert!(
                    close(u, v, 1e-6),
                    "f = {src}\n  expression {}\n  textbook   {}\n  differ at {p:?}: {u} vs {v}",
                    plain(&pool, e),
                    plain(&pool, t)
                );
            }
        }
        checked.set(checked.get() + 1);
        Ok(())
    });
    println!("  {} expressions had a different textbook form", changed.get());
}

/// The engine's derivative `raw` and the derivative as printed (`stepwise`) have the same value
/// at each point where `raw` is defined and both are moderate.
fn same_values(pool: &Pool, raw: ExprId, stepwise: ExprId, pts: &[[f64; 3]], what: &str) -> Result<(), TestCaseError> {
    for p in pts {
        if !defined_at(pool, raw, p) || overflows(pool, raw, p) || overflows(pool, stepwise, p) {
            continue;
        }
        let (u, v) = (value(pool, raw, p), value(pool, stepwise, p));
        if u.abs() > 1e8 {
            continue;
        }
        prop_assert!(
            close(u, v, 1e-6),
            "{what}\n  engine     {}\n  stepwise   {}\n  differ at {p:?}: {u} vs {v}",
            plain(pool, raw),
            plain(pool, stepwise)
        );
    }
    Ok(())
}

/// `diff` without points derives step by step on textbook forms; that is the textbook form
/// of the derivative of the expression as written (the same function, and the same form).
#[test]
fn stepwise_derivative_is_the_textbook_derivative() {
    let same = Cell::new(0usize);
    run_law("stepwise textbook derivative", (ast(), points()), 0.7, |(a, pts), checked| {
        let src = a.text();
        let Some((mut pool, f)) = parse_fresh(&src)? else { return Ok(()) };
        let wrt = [SymId(0), SymId(1)];
        let raw = Deriver::new().derive_seq(&mut pool, f, &wrt);
        if pool.limit_hit().is_some() || gradcalc::eval::exact::undefined_part(&mut pool, &[raw]).is_some() {
            return Ok(());
        }
        let whole = textbook_form(&mut pool, raw);
        let stepwise = gradcalc::calculus::present::derivative(&mut Deriver::new(), &mut pool, f, &wrt, &wrt);
        if pool.limit_hit().is_some() {
            return Ok(());
        }
        if whole == stepwise {
            same.set(same.get() + 1);
        }
        same_values(&pool, raw, stepwise, &pts, &format!("f = {src} by x, y"))?;
        checked.set(checked.get() + 1);
        Ok(())
    });
    println!("  {} stepwise derivatives were the same form as the whole one", same.get());
}

/// Third and fourth derivatives take their intermediate orders within the rational normal
/// form (the chain rule through its generators) instead of converting each order afresh:
/// the same function as the engine's derivative of the expression as written.
#[test]
fn higher_derivatives_taken_within_the_fraction_keep_the_value() {
    run_law(
        "higher derivatives within the fraction",
        (ast(), points(), any::<bool>()),
        0.6,
        |(a, pts, fourth), checked| {
            let src = a.text();
            let Some((mut pool, f)) = parse_fresh(&src)? else { return Ok(()) };
            let (x, y) = (SymId(0), SymId(1));
            let wrt: Vec<SymId> = if fourth { vec![x, x, x, y] } else { vec![x, x, y] };
            let raw = Deriver::new().derive_seq(&mut pool, f, &wrt);
            if pool.limit_hit().is_some() || gradcalc::eval::exact::undefined_part(&mut pool, &[raw]).is_some() {
                return Ok(());
            }
            let stepwise = gradcalc::calculus::present::derivative(&mut Deriver::new(), &mut pool, f, &wrt, &[x, y]);
            if pool.limit_hit().is_some() {
                return Ok(());
            }
            same_values(&pool, raw, stepwise, &pts, &format!("f = {src} by {wrt:?}"))?;
            checked.set(checked.get() + 1);
            Ok(())
        },
    );
}

/// simplify(plain(simplify(e))) == simplify(e): printing is stable across pools, whatever
/// order the ids were created in.
#[test]
fn simplify_is_idempotent() {
    run_law("simplify is idempotent", ast(), 0.8, |a, checked| {
        let src = a.text();
        let Some((pool, f)) = parse_fresh(&src)? else { return Ok(()) };
        let once = plain(&pool, f);
        // A fresh pool where the variables are created in the reverse order, so that ids
        // (and any order that leaks from them) differ.
        let mut fresh = Pool::default();
        for v in VARS.iter().rev() {
            fresh.symbol(v);
        }
        let g = parse(&mut fresh, &once, &options())
            .map_err(|e| TestCaseError::fail(format!("{once:?} does not parse: {}", e.message)))?;
        let twice = plain(&fresh, g);
        prop_assert_eq!(&once, &twice, "simplify is not idempotent on {}", src);
        for style in [Style::Text, Style::Latex] {
            prop_assert_eq!(
                Printer::new(&pool, style).expr(f),
                Printer::new(&fresh, style).expr(g),
                "{:?} form depends on the pool for {}",
                style,
                src
            );
        }
        checked.set(checked.get() + 1);
        Ok(())
    });
}

/// Schwarz: f_xy == f_yx, as ids where the canonical forms meet, else as values.
#[test]
fn mixed_partials_commute() {
    let same_id = Cell::new(0usize);
    let pairs = Cell::new(0usize);
    run_law("f_xy == f_yx", (ast(), points()), 0.8, |(a, pts), checked| {
        let src = a.text();
        let Some((mut pool, f)) = parse_fresh(&src)? else { return Ok(()) };
        let mut d = Deriver::new();
        for (i, j) in [(0u32, 1u32), (0, 2), (1, 2)] {
            let fij = d.derive_seq(&mut pool, f, &[SymId(i), SymId(j)]);
            let fji = d.derive_seq(&mut pool, f, &[SymId(j), SymId(i)]);
            if pool.limit_hit().is_some() {
                return Ok(());
            }
            pairs.set(pairs.get() + 1);
            if fij == fji {
                same_id.set(same_id.get() + 1);
                continue;
            }
            for p in &pts {
                let (u, v) = (value(&pool, fij, p), value(&pool, fji, p));
                if !u.is_finite() || !v.is_finite() || u.abs() > 1e8 {
                    continue;
                }
                prop_assert!(
                    close(u, v, 1e-6),
                    "f = {}\n  f_{}{} = {}\n  f_{}{} = {}\n  differ at {p:?}: {u} vs {v}",
                    plain(&pool, f),
                    VARS[i as usize],
                    VARS[j as usize],
                    plain(&pool, fij),
                    VARS[j as usize],
                    VARS[i as usize],
                    plain(&pool, fji)
                );
            }
        }
        checked.set(checked.get() + 1);
        Ok(())
    });
    println!("  f_xy and f_yx were the same id in {} of {} pairs", same_id.get(), pairs.get());
}

/// The parser (and what follows it) returns on any string: an expression or an error,
/// never a panic.
#[test]
fn no_panic_on_any_string() {
    let grammarish = proptest::string::string_regex(
        r"[xyz0-9e.+\-*/^()\[\]{}|, πθ√²⁻¹\\a-z_]{0,40}|(\\(frac|sqrt|left|right|sin|ln|cdot|pi)[{}()\[\]xy12 ]{0,8}){1,4}",
    )
    .expect("a valid regex");
    // Valid inputs with one character deleted or inserted: mostly near-misses.
    let mutated = (
        ast(),
        any::<prop::sample::Index>(),
        prop::sample::select(&['(', ')', '^', '-', '|', ',', 'e', '{'][..]),
        any::<bool>(),
    )
        .prop_map(|(a, at, c, delete)| {
            let mut chars: Vec<char> = a.text().chars().collect();
            let i = at.index(chars.len() + 1);
            if delete && i < chars.len() {
                chars.remove(i);
            } else {
                chars.insert(i.min(chars.len()), c);
            }
            chars.into_iter().collect::<String>()
        });
    let strings = prop_oneof![any::<String>(), grammarish, mutated];
    run_law("no panic on any string", strings, 0.0, |s, checked| {
        let mut pool = Pool::default();
        let opts = ParseOptions { declared: vec!["rate".into()], funcs: vec!["f".into(), "g".into()] };
        let _ = gradcalc::syntax::parse_list(&mut pool, &s, &opts);
        if let Ok(f) = parse(&mut pool, &s, &opts) {
            checked.set(checked.get() + 1);
            let x = pool.symbol("x");
            let mut d = Deriver::new();
            let dx = d.derive(&mut pool, f, x);
            for style in [Style::Text, Style::Plain, Style::Latex] {
                let _ = Printer::new(&pool, style).expr(dx);
            }
        }
        Ok(())
    });
}

/// The f64 tape (`--points`, `descend`) agrees with the exact value (`--at`) at rational
/// points, for every function: the two evaluators read the same expression, and must not
/// tell different stories. Points within rounding of a jump or a kink are left out (the
/// double nearest 1/3 is not 1/3, and floor(3·that) may be 0 where floor(1) is 1).
#[test]
fn tape_agrees_with_exact_values() {
    let coords = prop::array::uniform3((-12i64..13, 1i64..8));
    run_law(
        "f64 tape agrees with exact values",
        (ast(), prop::collection::vec(coords, 4)),
        0.4,
        |(a, pts), checked| {
            let src = a.text();
            let Some((mut pool, f)) = parse_fresh(&src)? else { return Ok(()) };
            let vars: Vec<SymId> = (0..3).map(SymId).collect();
            let tape = gradcalc::eval::tape::Tape::compile(&pool, &[f], &vars);
            let mut any = false;
            for p in &pts {
                let x = p.map(|(n, d)| n as f64 / d as f64);
                let near = |s: f64| x.map(|c| c * s);
                if jumps(&pool, f, &near(1.0 - 1e-9), &near(1.0 + 1e-9)) || overflows(&pool, f, &x) {
                    continue;
                }
                let point: rustc_hash::FxHashMap<SymId, ExprId> =
                    vars.iter().zip(p).map(|(&v, &(n, d))| (v, pool.num(gradcalc::expr::number::frac(n, d)))).collect();
                let Ok(exact) = gradcalc::eval::exact::value_at(&mut pool, f, &point) else { continue };
                if pool.limit_hit().is_some() {
                    return Ok(());
                }
                let want = pool.approx_const(exact);
                let mut got = [0.0];
                tape.eval(&x, &mut got);
                if !want.is_finite() || want.abs() > 1e8 {
                    continue;
                }
                // Ill-conditioned here: a last-bit change of the point changes the value.
                let nudged = value(&pool, f, &x.map(|c| c * (1.0 + 1e-12)));
                if !close(nudged, value(&pool, f, &x), 1e-7) {
                    continue;
                }
                prop_assert!(
                    close(got[0], want, 1e-7),
                    "{src}\n  canonical: {}\n  at {p:?}: tape {}, exact {} ≈ {want}",
                    plain(&pool, f),
                    got[0],
                    plain(&pool, exact)
                );
                any = true;
            }
            if any {
                checked.set(checked.get() + 1);
            }
            Ok(())
        },
    );
}

/// The text form of the new functions and their derivatives reads back as the same
/// expression (what a terminal shows can be pasted back): `sigmoid(x)`, `⌊x⌋`, `max(0, x)`,
/// `atan2(y, x)`, `f'(x²)`, `∂₂g(x, y²)`. Built from sums, products and integer powers only, so
/// that it tests these forms.
#[test]
fn text_form_of_the_new_functions_reads_back() {
    const NEW: [&str; 8] = ["sigmoid", "softplus", "relu", "erf", "floor", "ceil", "sign", "abs"];
    let leaf = prop_oneof![4 => (0usize..3).prop_map(Ast::Var), 2 => (-4i64..10).prop_map(Ast::Int)];
    let tree = leaf.prop_recursive(4, 16, 2, |inner| {
        let b = |a: Ast| Box::new(a);
        prop_oneof![
            2 => (inner.clone(), inner.clone()).prop_map(move |(x, y)| Ast::Add(b(x), b(y))),
            2 => (inner.clone(), inner.clone(), any::<bool>()).prop_map(move |(x, y, j)| Ast::Mul(b(x), b(y), j)),
            1 => (inner.clone(), 1i64..4).prop_map(move |(x, n)| Ast::Powi(b(x), n)),
            3 => (prop::sample::select(&NEW[..]), inner.clone()).prop_map(move |(f, x)| Ast::Call(f, b(x))),
            2 => (prop::sample::select(&FUNCS2[..]), inner.clone(), inner.clone())
                .prop_map(move |(f, x, y)| Ast::Call2(f, b(x), b(y))),
            1 => inner.clone().prop_map(move |x| Ast::F(b(x))),
            1 => (inner.clone(), inner).prop_map(move |(x, y)| Ast::G(b(x), b(y))),
        ]
    });
    run_law("text form of the new functions reads back", tree, 0.8, |a, checked| {
        let src = a.text();
        let Some((mut pool, f)) = parse_fresh(&src)? else { return Ok(()) };
        let mut d = Deriver::new();
        let dx = d.derive(&mut pool, f, SymId(0));
        let dxy = d.derive(&mut pool, dx, SymId(1));
        if pool.limit_hit().is_some() {
            return Ok(());
        }
        for e in [f, dx, dxy] {
            let text = Printer::new(&pool, Style::Text).expr(e);
            let back = parse(&mut pool, &text, &options()).map_err(|err| {
                TestCaseError::fail(format!("text form {text:?} of {src} does not parse: {}", err.message))
            })?;
            prop_assert!(
                back == e,
                "text form of {src} reads back as another expression:\n  printed {text}\n  read as {}",
                plain(&pool, back)
            );
        }
        checked.set(checked.get() + 1);
        Ok(())
    });
}

// ----- one form per result -----

/// The plain forms of the symbolic results a command prints with `--format json`: `key`'s
/// value, a form, a vector or a matrix of forms, flattened row by row. `None` when the
/// command fails (an input the command refuses, or one undefined at the `--at` point).
fn printed_forms(args: &[&str], key: &str) -> Option<Vec<String>> {
    let (code, out, _) = gradcalc::cli::run_args(args);
    if code != 0 {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(out.trim()).ok()?;
    fn flatten(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Array(items) => items.iter().for_each(|i| flatten(i, out)),
            v => out.push(v["plain"].as_str().unwrap_or("?").to_string()),
        }
    }
    let mut forms = Vec::new();
    flatten(json.get(key)?, &mut forms);
    Some(forms)
}

/// A CSV file of one point, (1/2, 3), for `--points`.
fn points_file() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("gradcalc-one-form-{}.csv", std::process::id()));
        std::fs::write(&path, "x,y\n0.5,3\n").expect("a temporary file");
        path.to_string_lossy().into_owned()
    })
}

/// Every partial derivative has one printed form, whatever prints it: the gradient's entry i
/// is `diff f xᵢ`, the Hessian's entry (i, j) is `diff f xᵢ xⱼ` (in either order: the
/// Hessian is symmetric), the Jacobian of f alone is the gradient; and each command prints
/// the same symbolic forms with `--at`, `--steps` or `--points` as without (one of the three
/// per case, in turn).
#[test]
fn one_form_per_result_whatever_the_command_and_flags() {
    let compared = Cell::new(0usize);
    run_law("one form per result", (ast(), 0usize..3), 0.7, |(a, flag), checked| {
        let src = a.text();
        if parse_fresh(&src)?.is_none() {
            return Ok(());
        }
        let points = points_file();
        let extra: &[&str] = match flag {
            0 => &["--at", "1/2,3"],
            1 => &["--steps"],
            _ => &["--points", points],
        };
        let base = ["--vars", "x,y", "--format", "json"];
        let run = |cmd: &[&str], key: &str, flags: &[&str]| {
            let args: Vec<&str> = cmd.iter().chain(&base).chain(flags).copied().collect();
            printed_forms(&args, key)
        };
        let Some(grad) = run(&["grad", &src], "gradient", &[]) else { return Ok(()) };
        let hessian = run(&["hessian", &src], "hessian", &[]);
        let jacobian = run(&["jacobian", &src], "jacobian", &[]);
        prop_assert!(jacobian.as_ref() == Some(&grad), "f = {src}: jacobian {jacobian:?}, gradient {grad:?}");
        let vars = ["x", "y"];
        for (i, xi) in vars.iter().enumerate() {
            let d = run(&["diff", &src, xi], "derivative", &[]);
            prop_assert!(d.as_deref() == Some(&grad[i..=i]), "f = {src}: diff by {xi} {d:?}, gradient {grad:?}");
            for (j, xj) in vars.iter().enumerate() {
                let d = run(&["diff", &src, xi, xj], "derivative", &[]);
                let h = hessian.as_ref().map(|h| h[2 * i + j].clone());
                prop_assert!(
                    d.as_ref().map(|d| &d[0]) == h.as_ref(),
                    "f = {src}: diff by {xi} {xj} {d:?}, Hessian entry ({i}, {j}) {h:?}"
                );
            }
        }
        // With the flag of this case, each command's symbolic forms (when it succeeds: a
        // point may be outside the domain).
        let mut commands: Vec<(Vec<&str>, &str, Vec<String>)> = vec![
            (vec!["grad", &src], "gradient", grad.clone()),
            (vec!["hessian", &src], "hessian", hessian.clone().unwrap_or_default()),
        ];
        for (i, xi) in vars.iter().enumerate() {
            commands.push((vec!["diff", &src, xi], "derivative", grad[i..=i].to_vec()));
            commands.push((
                vec!["diff", &src, xi, "y"],
                "derivative",
                hessian.clone().map(|h| vec![h[2 * i + 1].clone()]).unwrap_or_default(),
            ));
        }
        for (cmd, key, expected) in &commands {
            if let Some(forms) = run(cmd, key, extra) {
                prop_assert!(&forms == expected, "{cmd:?} {extra:?}: {forms:?}, without the flag {expected:?}");
                compared.set(compared.get() + 1);
            }
        }
        checked.set(checked.get() + 1);
        Ok(())
    });
    println!("  {} results compared with a flag", compared.get());
}

/// The textbook form depends on the expression alone, not on what else its pool holds: the
/// pool numbers nodes as it builds them and keeps operands in that order, and a form that
/// followed it would differ between `diff` and the Hessian's entry of the same derivative.
#[test]
fn textbook_form_does_not_depend_on_the_pool() {
    // Found by the one-form law: cos(2y) alone, cos(y)² − sin(y)² after ∂f/∂x was built.
    match pool_independent("sin(log(tan(y), x))", "x") {
        Ok(checked) => assert!(checked, "the regression case could not be checked"),
        Err(e) => panic!("{e}"),
    }
    run_law("textbook form independent of the pool", (ast(), ast()), 0.7, |(a, other), checked| {
        if pool_independent(&a.text(), &other.text())? {
            checked.set(checked.get() + 1);
        }
        Ok(())
    });
}

/// ∂²f/∂y² as printed from a fresh pool and from one where another input's derivatives and
/// f's by x (as the Hessian builds them first) were built before: the same text. `false`
/// when f cannot be checked.
fn pool_independent(src: &str, other: &str) -> Result<bool, TestCaseError> {
    let (x, y) = (SymId(0), SymId(1));
    let vars = [x, y];
    let derivative = gradcalc::calculus::present::derivative;
    let Some((mut alone, f)) = parse_fresh(src)? else { return Ok(false) };
    let t = derivative(&mut Deriver::new(), &mut alone, f, &[y, y], &vars);
    let mut crowded = Pool::default();
    for v in VARS {
        crowded.symbol(v);
    }
    let mut deriver = Deriver::new();
    if let Ok(g) = parse(&mut crowded, other, &options()) {
        for v in vars {
            let gv = deriver.derive(&mut crowded, g, v);
            textbook_form(&mut crowded, gv);
        }
    }
    let Ok(f2) = parse(&mut crowded, src, &options()) else { return Ok(false) };
    for wrt in [&[x][..], &[x, y]] {
        derivative(&mut deriver, &mut crowded, f2, wrt, &vars);
    }
    let t2 = derivative(&mut deriver, &mut crowded, f2, &[y, y], &vars);
    if alone.limit_hit().is_some() || crowded.limit_hit().is_some() {
        return Ok(false);
    }
    prop_assert_eq!(plain(&alone, t), plain(&crowded, t2), "f = {}", src);
    Ok(true)
}

// ----- the domain of the input as written -----

/// Whether the tree as written has a value at `p`, by each operation's own domain, computed
/// without gradcalc: `Some(false)` where some part breaks its condition (a division by
/// exactly 0, a logarithm of a number ≤ 0, …) even if the whole would simplify it away;
/// `None` where floating point cannot tell (a value within 1e-9 of a boundary but not on
/// it, an overflow, a negative base to a power that may be an odd root).
fn written_defined(a: &Ast, p: &[f64; 3]) -> Option<bool> {
    fn go(a: &Ast, p: &[f64; 3], ok: &mut bool, unsure: &mut bool) -> f64 {
        // A condition broken exactly (`broken`), or a value within 1e-9 of its boundary.
        fn check(ok: &mut bool, unsure: &mut bool, broken: bool, distance: f64) {
            if broken {
                *ok = false;
            } else if distance < 1e-9 {
                *unsure = true;
            }
        }
        let v = match a {
            Ast::Var(i) => p[*i],
            Ast::Int(n) => *n as f64,
            Ast::Frac(n, d) => *n as f64 / *d as f64,
            Ast::Pi => std::f64::consts::PI,
            Ast::E => std::f64::consts::E,
            Ast::Neg(x) => -go(x, p, ok, unsure),
            Ast::Add(x, y) => go(x, p, ok, unsure) + go(y, p, ok, unsure),
            Ast::Sub(x, y) => go(x, p, ok, unsure) - go(y, p, ok, unsure),
            Ast::Mul(x, y, _) => go(x, p, ok, unsure) * go(y, p, ok, unsure),
            Ast::Div(x, y) => {
                let (n, d) = (go(x, p, ok, unsure), go(y, p, ok, unsure));
                check(ok, unsure, d == 0.0, d.abs());
                n / d
            }
            Ast::Powi(x, k) => {
                let b = go(x, p, ok, unsure);
                if *k < 0 {
                    check(ok, unsure, b == 0.0, b.abs());
                }
                b.powi(*k as i32)
            }
            Ast::Pow(x, y) => {
                let (b, e) = (go(x, p, ok, unsure), go(y, p, ok, unsure));
                if b < 0.0 || (b == 0.0 && e <= 0.0) || b.abs() < 1e-9 {
                    // An odd root, a rational exponent, 0⁰: gradcalc's rules, not this one's.
                    *unsure = true;
                }
                b.powf(e)
            }
            Ast::Call(f, x) => {
                let u = go(x, p, ok, unsure);
                match *f {
                    "ln" | "log10" | "log2" => check(ok, unsure, u <= 0.0, u.abs()),
                    "log1p" => check(ok, unsure, u <= -1.0, (u + 1.0).abs()),
                    "sqrt" => check(ok, unsure, u < 0.0, u.abs()),
                    "asin" | "acos" => check(ok, unsure, u.abs() > 1.0, (u.abs() - 1.0).abs()),
                    "acosh" => check(ok, unsure, u < 1.0, (u - 1.0).abs()),
                    "atanh" => check(ok, unsure, u.abs() >= 1.0, (u.abs() - 1.0).abs()),
                    "cot" | "csc" => check(ok, unsure, u == 0.0, u.sin().abs()),
                    "tan" | "sec" => check(ok, unsure, false, u.cos().abs()),
                    _ => {}
                }
                match *f {
                    "sin" => u.sin(),
                    "cos" => u.cos(),
                    "tan" => u.tan(),
                    "cot" => 1.0 / u.tan(),
                    "sec" => 1.0 / u.cos(),
                    "csc" => 1.0 / u.sin(),
                    "asin" => u.asin(),
                    "acos" => u.acos(),
                    "atan" => u.atan(),
                    "sinh" => u.sinh(),
                    "cosh" => u.cosh(),
                    "tanh" => u.tanh(),
                    "asinh" => u.asinh(),
                    "acosh" => u.acosh(),
                    "atanh" => u.atanh(),
                    "exp" => u.exp(),
                    "ln" => u.ln(),
                    "sqrt" => u.sqrt(),
                    "cbrt" => u.cbrt(),
                    "abs" => u.abs(),
                    "sign" => u.signum() * (u != 0.0) as i32 as f64,
                    "log10" => u.log10(),
                    "log2" => u.log2(),
                    "sigmoid" => 1.0 / (1.0 + (-u).exp()),
                    "softplus" => u.exp().ln_1p(),
                    "relu" => u.max(0.0),
                    "erf" => libm::erf(u),
                    "floor" => u.floor(),
                    "ceil" => u.ceil(),
                    "log1p" => u.ln_1p(),
                    "expm1" => u.exp_m1(),
                    _ => unreachable!("FUNCS lists these names"),
                }
            }
            Ast::Call2(f, x, y) => {
                let (u, w) = (go(x, p, ok, unsure), go(y, p, ok, unsure));
                match *f {
                    "max" => u.max(w),
                    "min" => u.min(w),
                    _ => {
                        check(ok, unsure, u == 0.0 && w == 0.0, u.abs().max(w.abs()));
                        u.atan2(w)
                    }
                }
            }
            // An unknown function has no value: whether the whole has one cannot be told here.
            Ast::F(x) => {
                go(x, p, ok, unsure);
                *unsure = true;
                f64::NAN
            }
            Ast::G(x, y) => {
                go(x, p, ok, unsure);
                go(y, p, ok, unsure);
                *unsure = true;
                f64::NAN
            }
            Ast::Log(b, x) => {
                let (b, u) = (go(b, p, ok, unsure), go(x, p, ok, unsure));
                check(ok, unsure, b <= 0.0, b.abs());
                check(ok, unsure, u <= 0.0, u.abs());
                check(ok, unsure, b == 1.0, (b - 1.0).abs());
                u.ln() / b.ln()
            }
        };
        if !v.is_finite() && *ok || v.abs() > 1e12 {
            // An overflow, or a value too large to tell a zero from rounding further up.
            *unsure = true;
        }
        v
    }
    let (mut ok, mut unsure) = (true, false);
    go(a, p, &mut ok, &mut unsure);
    if unsure {
        None
    } else {
        Some(ok)
    }
}

/// A value at a point is printed only where the input as written has one: the domain kept
/// by the parser (`eval::domain`) agrees, at points on a grid of small numbers where parts
/// are exactly 0 or 1 often, with each written operation's own condition.
#[test]
fn the_domain_is_that_of_the_input_as_written() {
    use gradcalc::eval::domain::Domain;
    use gradcalc::syntax::parse_written;
    let grid = prop::sample::select(vec![-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]);
    let point = prop::array::uniform3(grid);
    run_law(
        "the domain is that of the input as written",
        (ast(), prop::collection::vec(point, 4)),
        0.3,
        |(a, pts), checked| {
            let src = a.text();
            let Some((mut pool, _)) = parse_fresh(&src)? else { return Ok(()) };
            let parsed = parse_written(&mut pool, &src, &options(), false)
                .map_err(|e| TestCaseError::fail(format!("{src}: {}", e.message)))?;
            let domain = Domain::of_input(&pool, &src, &parsed.written);
            let vars: Vec<SymId> = VARS.iter().map(|v| pool.symbol(v)).collect();
            let mut any = false;
            for p in &pts {
                let Some(want) = written_defined(&a, p) else { continue };
                let got = domain.check_f64(&mut pool, &vars, p).is_ok();
                if pool.limit_hit().is_some() {
                    return Ok(());
                }
                prop_assert_eq!(
                    got,
                    want,
                    "{}\n  at {:?}: the domain says {}, the input as written {}",
                    src,
                    p,
                    got,
                    want
                );
                any = true;
            }
            if any {
                checked.set(checked.get() + 1);
            }
            Ok(())
        },
    );
}
