//! The grammar's corners, one case per line.
//!
//! `same` cases parse both sides into one `Pool` and compare the `ExprId`s: the pool's
//! constructors build one canonical form, so equal ids mean the two inputs were read as
//! the same expression (and different ids that they were not). The right-hand sides are
//! written with explicit `*`, `^` and parentheses, so they do not depend on the rule being
//! tested. `plain` cases pin the printed form; `error` cases must fail with exit-2 errors.

use gradcalc::error::ErrorKind;
use gradcalc::expr::{ExprId, Pool};
use gradcalc::print::{Printer, Style};
use gradcalc::syntax::{parse, parse_list, ParseOptions};

fn opts(declared: &[&str]) -> ParseOptions {
    ParseOptions { declared: declared.iter().map(|s| s.to_string()).collect(), ..Default::default() }
}

fn parse_in(pool: &mut Pool, src: &str, o: &ParseOptions) -> ExprId {
    parse(pool, src, o).unwrap_or_else(|e| panic!("{src:?} does not parse: {}", e.message))
}

/// Every pair must parse to the same id; all failures are reported together.
fn check_same(cases: &[(&str, &str)], declared: &[&str]) {
    let o = opts(declared);
    let mut failures = Vec::new();
    for &(input, want) in cases {
        let mut pool = Pool::default();
        let a = parse_in(&mut pool, input, &o);
        let b = parse_in(&mut pool, want, &o);
        if a != b {
            let p = Printer::new(&pool, Style::Plain);
            failures.push(format!("{input:?} read as {}, expected {want:?} = {}", p.expr(a), p.expr(b)));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every pair must parse to different ids (a reading that must not happen).
fn check_differ(cases: &[(&str, &str)]) {
    for &(input, not) in cases {
        let mut pool = Pool::default();
        let a = parse_in(&mut pool, input, &ParseOptions::default());
        let b = parse_in(&mut pool, not, &ParseOptions::default());
        assert_ne!(a, b, "{input:?} must not be read as {not:?}");
    }
}

fn check_plain(cases: &[(&str, &str)], declared: &[&str]) {
    let o = opts(declared);
    let mut failures = Vec::new();
    for &(input, want) in cases {
        let mut pool = Pool::default();
        let a = parse_in(&mut pool, input, &o);
        let got = Printer::new(&pool, Style::Plain).expr(a);
        if got != want {
            failures.push(format!("{input:?} prints {got:?}, expected {want:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Each input must be rejected as a parse (or input-limit) error whose message contains
/// the given words.
fn check_error(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(input, words) in cases {
        let mut pool = Pool::default();
        match parse(&mut pool, input, &ParseOptions::default()) {
            Ok(id) => failures
                .push(format!("{input:?} parsed as {}, expected an error", Printer::new(&pool, Style::Plain).expr(id))),
            Err(e) => {
                if !(e.kind == ErrorKind::Parse || matches!(e.kind, ErrorKind::Limit { input: true, .. })) {
                    failures.push(format!("{input:?}: error kind {:?}", e.kind));
                }
                if e.exit_code() != 2 {
                    failures.push(format!("{input:?}: exit code {}", e.exit_code()));
                }
                if !e.message.contains(words) {
                    failures.push(format!("{input:?}: message {:?} lacks {words:?}", e.message));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn precedence() {
    check_same(
        &[
            ("-x^2", "-(x^2)"),
            ("-2^2", "-4"),
            ("2^3^2", "2^9"),
            ("2^3^2", "512"),
            ("2**3**2", "512"),
            ("x^y^z", "x^(y^z)"),
            ("1/2x", "x/2"),
            ("1/2x", "(1/2)*x"),
            ("x^2y", "(x^2)*y"),
            ("e^2x", "(e^2)*x"),
            ("e^-x", "e^(-x)"),
            ("2^-1", "1/2"),
            ("x^-2y", "(x^(-2))*y"),
            ("x/y/z", "(x/y)/z"),
            ("x/y*z", "(x/y)*z"),
            ("x-y-z", "(x-y)-z"),
            ("x-y+z", "(x-y)+z"),
            ("2x^2", "2*(x^2)"),
            ("-x*y", "(-x)*y"),
            ("x*-y", "x*(-y)"),
            ("x^2^-1", "x^(2^(-1))"),
            ("a+b*c^d", "a+(b*(c^d))"),
            ("x²y³", "x^2*y^3"),
            ("x⁻¹", "1/x"),
            ("2x²", "2*(x^2)"),
            ("{x+1}^2", "(x+1)^2"),
        ],
        &[],
    );
    check_differ(&[("-x^2", "(-x)^2"), ("2^3^2", "(2^3)^2"), ("1/2x", "1/(2*x)"), ("e^2x", "e^(2*x)")]);
}

#[test]
fn unary_minus_and_plus() {
    check_same(
        &[
            ("-x", "(-1)*x"),
            ("--x", "x"),
            ("-(-x)", "x"),
            ("+x", "x"),
            ("x--y", "x+y"),
            ("x+-y", "x-y"),
            ("-x-y", "-(x+y)"),
            ("-2x", "(-2)*x"),
            ("-sin(x)", "-(sin(x))"),
            ("-x^2y", "-(x^2*y)"),
            ("x^-y", "x^(-y)"),
            ("2*-3", "-6"),
            ("x − y", "x - y"),
        ],
        &[],
    );
}

#[test]
fn implicit_multiplication() {
    check_same(
        &[
            ("2x", "2*x"),
            ("xyz", "x*y*z"),
            ("x y", "x*y"),
            ("x y z", "x*y*z"),
            ("2(x+1)", "2*(x+1)"),
            ("(x+1)(x-1)", "(x+1)*(x-1)"),
            ("(x+1)2", "(x+1)*2"),
            ("x(y+1)", "x*(y+1)"),
            ("xy(x+1)", "x*y*(x+1)"),
            ("x e^(2y)", "x*(e^(2*y))"),
            ("xe^{2y}", "x*(e^(2*y))"),
            ("xe^(2y)", "x*exp(2*y)"),
            ("2sin(x)", "2*sin(x)"),
            ("xsin(x)", "x*sin(x)"),
            ("xysin(x)", "x*y*sin(x)"),
            ("sin(x)cos(x)", "sin(x)*cos(x)"),
            ("2 3", "6"),
            ("2pi", "2*pi"),
            ("pi x", "pi*x"),
            ("xpi", "x*pi"),
            ("2xy^2", "2*x*(y^2)"),
            ("3x1", "3*x1"),
            ("x·y", "x*y"),
            ("x×y", "x*y"),
            ("x⋅y", "x*y"),
            ("x÷y", "x/y"),
        ],
        &[],
    );
}

#[test]
fn functions_without_parentheses() {
    check_same(
        &[
            ("sin x", "sin(x)"),
            ("sin 2x", "sin(2*x)"),
            ("sin x y", "sin(x*y)"),
            ("sin x cos x", "sin(x)*cos(x)"),
            ("sin^2(x)", "sin(x)^2"),
            ("sin²x", "sin(x)^2"),
            ("sin x + 1", "sin(x) + 1"),
            ("ln x^2", "ln(x^2)"),
            ("√x", "sqrt(x)"),
            ("√2x", "sqrt(2*x)"),
        ],
        &[],
    );
}

#[test]
fn scientific_notation_and_numbers() {
    check_same(
        &[
            ("2e3", "2000"),
            ("2E3", "2000"),
            ("2e+3", "2000"),
            ("2e-1", "1/5"),
            ("1e-3", "1/1000"),
            ("2.5e1", "25"),
            ("2e", "2*e"),
            ("2e^x", "2*(e^x)"),
            ("2ex", "2*e*x"),
            ("e2", "e2"),
            ("0.1", "1/10"),
            (".5", "1/2"),
            ("5.", "5"),
            ("0.1+0.2", "3/10"),
            ("1/3", "1/3"),
            ("007", "7"),
        ],
        &[],
    );
    check_differ(&[("2e", "2000"), ("2e^x", "2*(10^x)")]);
}

#[test]
fn subscripts_and_names() {
    check_same(
        &[
            ("x1", "x_1"),
            ("x1", "x_{1}"),
            ("x1", "x₁"),
            ("x12", "x_{12}"),
            ("xy1", "x*y1"),
            ("x_i", "x_{i}"),
            ("alpha", "α"),
            ("theta", "θ"),
            ("\\theta", "θ"),
            ("\\alpha\\beta", "alpha*beta"),
            ("\\varepsilon", "epsilon"),
            ("θ1", "theta_1"),
            ("2alpha", "2*alpha"),
        ],
        &[],
    );
    check_differ(&[("x1", "x"), ("x1", "x*1"), ("x_1", "x_2")]);
    // Names declared with --vars take precedence over splitting.
    check_same(&[("rate", "rate"), ("r theta", "r*theta"), ("rtheta", "r*theta")], &["rate", "r", "theta"]);
    check_plain(&[("rate^2", "rate^2"), ("r^2 theta", "r^2*theta")], &["rate", "r", "theta"]);
    // Undeclared, a run splits into letters, and a lone `e` is Euler's number.
    check_plain(&[("rate", "exp(1)*a*r*t")], &[]);
}

#[test]
fn constants() {
    check_same(
        &[
            ("pi", "π"),
            ("\\pi", "pi"),
            ("e^x", "exp(x)"),
            ("e", "exp(1)"),
            ("ln(e)", "1"),
            ("sin(pi)", "0"),
            ("cos(pi)", "-1"),
        ],
        &[],
    );
}

#[test]
fn every_function() {
    check_plain(
        &[
            ("sin(x)", "sin(x)"),
            ("cos(x)", "cos(x)"),
            ("tan(x)", "tan(x)"),
            ("cot(x)", "cot(x)"),
            ("sec(x)", "sec(x)"),
            ("csc(x)", "csc(x)"),
            ("asin(x)", "asin(x)"),
            ("acos(x)", "acos(x)"),
            ("atan(x)", "atan(x)"),
            ("arcsin(x)", "asin(x)"),
            ("arccos(x)", "acos(x)"),
            ("arctan(x)", "atan(x)"),
            ("sinh(x)", "sinh(x)"),
            ("cosh(x)", "cosh(x)"),
            ("tanh(x)", "tanh(x)"),
            ("asinh(x)", "asinh(x)"),
            ("acosh(x)", "acosh(x)"),
            ("atanh(x)", "atanh(x)"),
            ("arsinh(x)", "asinh(x)"),
            ("arccosh(x)", "acosh(x)"),
            ("artanh(x)", "atanh(x)"),
            ("\\operatorname{arsinh}(x)", "asinh(x)"),
            ("exp(x)", "exp(x)"),
            ("ln(x)", "ln(x)"),
            ("log(x)", "ln(x)"),
            ("log(2, x)", "ln(x)/ln(2)"),
            ("log10(x)", "ln(x)/ln(10)"),
            ("log2(x)", "ln(x)/ln(2)"),
            ("sqrt(x)", "sqrt(x)"),
            ("cbrt(x)", "x^(1/3)"),
            ("abs(x)", "abs(x)"),
            ("|x|", "abs(x)"),
            ("sign(x)", "sign(x)"),
            ("sgn(x)", "sign(x)"),
        ],
        &[],
    );
    check_same(
        &[
            ("log(b, x)", "ln(x)/ln(b)"),
            ("log(2, 8)", "ln(8)/ln(2)"),
            ("log10(x)", "log(10, x)"),
            ("log2(x)", "log(2, x)"),
            // As a document writes them.
            ("\\log_{2} x", "log(2, x)"),
            ("\\log_2 x", "log(2, x)"),
            ("\\log_{10}(x^2)", "log(10, x^2)"),
            ("\\frac{\\log_{2} x}{x}", "log(2, x)/x"),
            ("log(x)", "ln(x)"),
            ("cbrt(x)", "x^(1/3)"),
            ("cbrt(-8)", "-2"),
            ("sqrt(x)", "x^(1/2)"),
            ("exp(x)", "e^x"),
            ("|x|", "abs(x)"),
            ("|x - y|", "abs(x - y)"),
            ("|-x|", "abs(x)"),
            ("|x|y", "abs(x)*y"),
            ("2|x|", "2*abs(x)"),
            ("sin(-x)", "-sin(x)"),
            ("cos(-x)", "cos(x)"),
            ("atan(1)", "pi/4"),
            ("asin(1/2)", "pi/6"),
            ("acos(1/2)", "pi/3"),
        ],
        &[],
    );
}

#[test]
fn latex_subset() {
    check_same(
        &[
            ("\\frac{1}{2}", "1/2"),
            ("\\frac{x}{y}", "x/y"),
            ("\\frac12", "1/2"),
            ("\\frac{x+1}{x-1}", "(x+1)/(x-1)"),
            ("\\dfrac{a}{b}", "a/b"),
            ("\\sqrt{x}", "sqrt(x)"),
            ("\\sqrt{x+1}", "sqrt(x+1)"),
            ("\\sqrt[3]{x}", "x^(1/3)"),
            ("\\sqrt[3]{8}", "2"),
            ("\\ln(x)", "ln(x)"),
            ("\\ln x", "ln(x)"),
            ("\\sin(x)", "sin(x)"),
            ("\\sin x \\cos x", "sin(x)*cos(x)"),
            ("\\exp(x)", "e^x"),
            ("\\log(x)", "ln(x)"),
            ("\\arctan(x)", "atan(x)"),
            ("x \\cdot y", "x*y"),
            ("2 \\times 3", "6"),
            ("x \\div y", "x/y"),
            ("\\left( x + 1 \\right)^2", "(x+1)^2"),
            ("\\left[ x + 1 \\right]", "x+1"),
            ("\\left| x \\right|", "abs(x)"),
            ("\\lvert x \\rvert", "abs(x)"),
            ("\\pi", "pi"),
            ("x^{2y}", "x^(2*y)"),
            ("x^{2}y", "x^2*y"),
            ("e^{x^{2}}", "exp(x^2)"),
            ("x_{1}^{2}", "x1^2"),
            ("\\mathrm{e}^{x}", "exp(x)"),
            ("\\operatorname{sin}(x)", "sin(x)"),
            ("x\\,y", "x*y"),
            ("\\displaystyle x", "x"),
            ("x^{2}y+\\ln(x+y^{2})", "x^2*y + ln(x+y^2)"),
        ],
        &[],
    );
}

#[test]
fn printed_forms() {
    check_plain(
        &[
            ("x+x+2x*y-y*x", "x*y + 2*x"),
            ("x^2y + ln(x+y^2)", "x^2*y + ln(x + y^2)"),
            ("x^3y^2-3xy^3-xy+1", "x^3*y^2 - 3*x*y^3 - x*y + 1"),
            ("-x^2", "-x^2"),
            ("(-x)^2", "x^2"),
            ("1/2x", "x/2"),
            ("2/(3x)", "2/(3*x)"),
            ("x/(y z)", "x/(y*z)"),
            ("1/(x+y)", "1/(x + y)"),
            ("x^(1/2)", "sqrt(x)"),
            ("x^(-1/2)", "1/sqrt(x)"),
            ("x^(3/2)", "x^(3/2)"),
            ("x^(2/3)", "x^(2/3)"),
            ("x^y", "x^y"),
            ("x^(-y)", "x^(-y)"),
            ("x^(y+1)", "x^(y + 1)"),
            ("(x+1)^y", "(x + 1)^y"),
            ("e^x", "exp(x)"),
            ("e^(-x^2/2)", "exp(-x^2/2)"),
            ("e", "exp(1)"),
            ("2e", "2*exp(1)"),
            ("pi", "pi"),
            ("2pi x", "2*pi*x"),
            ("sqrt(8)", "2*sqrt(2)"),
            ("sqrt(1/2)", "sqrt(2)/2"),
            ("x sqrt(2)", "sqrt(2)*x"),
            ("(x+1)(x-1)", "(x + 1)*(x - 1)"),
            ("2(x+1)", "2*x + 2"),
            ("-(x+1)", "-x - 1"),
            ("x1^2 + x_2", "x1^2 + x2"),
            ("θ + 1", "theta + 1"),
            ("sin(x)^2", "sin(x)^2"),
            ("1/sin(x)", "1/sin(x)"),
            ("(2/3)^x", "(2/3)^x"),
            ("2^(1/3)", "2^(1/3)"),
            ("-x/y", "-x/y"),
            ("1e-3", "1/1000"),
        ],
        &[],
    );
}

#[test]
fn lists() {
    let mut pool = Pool::default();
    let o = ParseOptions::default();
    let a = parse_list(&mut pool, "x^2, 3y", &o).unwrap();
    let b = parse_list(&mut pool, "[x^2, 3y]", &o).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.len(), 2);
    let c = parse_list(&mut pool, "log(2, x), x", &o).unwrap();
    assert_eq!(c.len(), 2, "a comma inside a call does not split the list");
}

#[test]
fn errors() {
    check_error(&[
        ("", "empty"),
        ("   ", "empty"),
        ("x^2 +", "end of input"),
        ("x^", "end of input"),
        ("*x", "needs an operand on its left"),
        ("2*/x", "needs an operand on its left"),
        ("(x+1", "unclosed '('"),
        ("x+1)", "unmatched ')'"),
        ("(x+1]", "does not match"),
        ("lnn(x)", "did you mean 'ln'"),
        ("sine(x)", "did you mean 'sin'"),
        ("foo(x)", "unknown function 'foo'"),
        ("sin()", "unexpected ')'"),
        ("sin", "needs an argument"),
        ("sin(x, y)", "takes 1 argument, not 2"),
        ("log(1, 2, 3)", "takes 1 or 2 arguments, not 3"),
        ("(x, y)", "a list of 2 values"),
        ("x $ y", "unexpected '$'"),
        ("3!", "unexpected '!'"),
        ("|x", "'|'"),
        ("\\foo{x}", "unknown LaTeX command '\\foo'"),
        ("\\left( x", "unclosed '('"),
        ("²", "superscript"),
    ]);
}

#[test]
fn deep_nesting_is_an_input_error_not_a_crash() {
    // Input up to the depth limit (500) recurses that deep: in a debug build that takes
    // about 2 MB of stack, a test thread's default. The command line parses on a thread with
    // 1 GiB reserved; so does this test, with 64 MB.
    std::thread::Builder::new().stack_size(64 << 20).spawn(deep_nesting).unwrap().join().unwrap();
}

fn deep_nesting() {
    let deep = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
    let mut pool = Pool::default();
    let e = parse(&mut pool, &deep, &ParseOptions::default()).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let minus = format!("{}x", "-".repeat(100_000));
    let e = parse(&mut pool, &minus, &ParseOptions::default()).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let tower = vec!["x"; 100_000].join("^");
    let e = parse(&mut pool, &tower, &ParseOptions::default()).unwrap_err();
    assert_eq!(e.exit_code(), 2);
}

/// Regression: `sine(x)` was read as sin(e·x), because a letter run of known names before
/// `(` multiplied even when one of them was a function. The README's input language: a run of 3 or more letters
/// before `(` that is not a function and does not end with one is an unknown function.
#[test]
fn regression_sine_of_x_is_an_unknown_function_not_sin_of_e_x() {
    check_error(&[
        ("sine(x)", "unknown function 'sine'; did you mean 'sin'?"),
        ("cose(x)", "unknown function 'cose'"),
        ("sinpi(x)", "unknown function 'sinpi'"),
        ("lnx(2)", "unknown function 'lnx'"),
    ]);
    // Runs of known constants and Greek letters still multiply, and a run that ends with a
    // function name still splits before it.
    check_same(
        &[("pie(x)", "pi*e*x"), ("alphabeta(x)", "alpha*beta*x"), ("esin(x)", "e*sin(x)"), ("xy(x)", "x*y*x")],
        &[],
    );
}

/// Regression: `-(x + y)/pi` (how the printers write −((x + y)/π)) was read as
/// (−x − y)/π, a different canonical form of the same value, so `simplify` was not
/// idempotent and parse(plain(e)) was not e. A leading minus now negates the whole
/// product after it, like a binary minus.
#[test]
fn regression_leading_minus_negates_the_whole_product() {
    check_same(
        &[
            ("-(x + y)/pi", "-((x + y)/pi)"),
            ("-(x + y)/pi", "0 - (x + y)/pi"),
            ("-(x + 1)(x - 1)", "-((x + 1)*(x - 1))"),
            ("-2x y", "-(2*x*y)"),
            // where an operator binds tighter, the sign's operand stops where it would
            ("x^-2y", "(x^(-2))*y"),
            ("2^-x y", "(2^(-x))*y"),
            ("x*-y*z", "(x*(-y))*z"),
            ("1/-2x", "(1/(-2))*x"),
            ("-x+y", "(-x)+y"),
            ("-x^2", "-(x^2)"),
        ],
        &[],
    );
    check_plain(&[("-((x+y)/pi)", "-(x + y)/pi")], &[]);
}

/// Regression: `\left( … \right)` right after a function was not its argument, so
/// `\sin\left(x\right) y` was read as sin(x·y), and gradcalc's own LaTeX for
/// ln(x + y)²·(x + y) read back as ln((x + y)²)².
#[test]
fn regression_latex_left_right_after_a_function_is_its_argument() {
    check_same(
        &[
            ("\\sin\\left(x\\right) y", "sin(x)*y"),
            ("\\ln^{2}\\left(x + y\\right) \\left(x + y\\right)", "ln(x+y)^2*(x+y)"),
            ("\\cos\\left(x\\right)\\sin\\left(y\\right)", "cos(x)*sin(y)"),
            ("\\left(x+1\\right)\\left(x-1\\right)", "(x+1)*(x-1)"),
            ("2\\left(x+1\\right)", "2*(x+1)"),
        ],
        &[],
    );
}

/// Regression: 0^π was kept as it is, so (x + 1)^(0^π) was not (x + 1)^0 = 1 and its
/// derivative 0^π·(x + 1)^(0^π - 1) was undefined at x = -1 … and NaN in floating point.
#[test]
fn regression_zero_to_a_positive_constant_power_is_zero() {
    check_same(&[("0^pi", "0"), ("0^e", "0"), ("0^sqrt(2)", "0"), ("(x + asin(x))^(0^pi)", "1")], &[]);
    check_differ(&[("0^x", "0")]);
    // 0 to a negative power is refused where written, not kept or folded.
    let e = parse(&mut Pool::default(), "0^(pi - 4)", &ParseOptions::default()).expect_err("0^(pi - 4)");
    assert_eq!(e.exit_code(), 1, "{}", e.message);
}

/// Probing: an undefined constant part vanished in the canonical form (0·ln(0) = 0,
/// ln(0)^0 = 1, x + ln(0) - ln(0) = x) and the command succeeded; it is now refused where it
/// is written, with a caret under it, named by the input's own text (`0/0`, not `1/0`).
#[test]
fn regression_undefined_constants_are_refused_before_they_vanish() {
    for (src, named) in [
        ("0*ln(0)", "ln(0)"),
        ("sqrt(-1)*0", "sqrt(-1)"),
        ("ln(0)^0", "ln(0)"),
        ("x + ln(0) - ln(0)", "ln(0)"),
        ("0/0", "0/0"),
        ("x^(1/0)", "1/0"),
        ("\\frac{1}{0} \\cdot 0", "\\frac{1}{0}"),
    ] {
        let e = parse(&mut Pool::default(), src, &ParseOptions::default()).expect_err(src);
        assert_eq!(e.exit_code(), 1, "{src}: {}", e.message);
        assert!(e.message.starts_with(&format!("{named} is not defined")), "{src}: {}", e.message);
    }
    check_same(&[("0*ln(2)", "0"), ("x^0", "1"), ("0*tan(pi/4)", "0")], &[]);
}

/// Regression: the plain form of (x^(1/3))^(3/2) was `x^(1/3)^(3/2)`, which reads back as
/// x^((1/3)^(3/2)): a cube root written as a power was treated as an atom.
#[test]
fn regression_plain_power_of_a_cube_root_is_parenthesised() {
    check_plain(
        &[
            ("(x^(1/3))^(3/2)", "(x^(1/3))^(3/2)"),
            ("(cbrt(x))^(-1/2)", "1/sqrt(x^(1/3))"),
            ("(x^(1/5))^y", "(x^(1/5))^y"),
        ],
        &[],
    );
    check_differ(&[("(x^(1/3))^(3/2)", "x^(1/3)^(3/2)")]);
}

/// Regression: x·x⁻² stayed uncollected in a product when x came out of combining powers
/// of another base ((x⁻¹)^(-1/3)·(x⁻¹)^(-2/3) = x), so one expression had two canonical
/// forms and a derivative's plain form read back as a different expression.
#[test]
fn regression_powers_that_change_base_are_collected() {
    check_same(&[("(x^-1)^(-1/3) (x^-1)^(-2/3) x^-2", "1/x"), ("(x^-1)^(-1/3) (x^-1)^(-2/3) y x", "x^2 y")], &[]);
}

/// Regression: a sum that is one factor among others kept its content, so (2x + 2)·y and
/// 2(x + 1)·y were different expressions, and the plain `1/(2*(x + y))` and the LaTeX
/// `\frac{2 \left(x + y\right)}{z}` (which group the coefficient with the sum) read back
/// as a different expression than the one printed.
#[test]
fn regression_sums_among_factors_are_primitive() {
    check_same(
        &[
            ("(2x + 2) y", "2 (x + 1) y"),
            ("(-x - y)/pi", "-(x + y)/pi"),
            ("1/(2*(x + y))", "(1/2)/(x + y)"),
            ("\\frac{2 \\left(x + y\\right)}{z}", "2*(x + y)/z"),
            ("(x/2 + y/3) z", "(3x + 2y) z/6"),
            ("(2x + 2)(x + 1)", "2(x + 1)^2"),
            ("(2x + 2)^2", "4(x + 1)^2"),
            ("(-x - 1)^3", "-(x + 1)^3"),
            ("sqrt(4x + 4)", "2 sqrt(x + 1)"),
            ("2(x + 1)y + (x + 1)y", "3(x + 1)y"),
        ],
        &[],
    );
    // A lone coefficient times a sum is still distributed, and the sign of a root's
    // content stays inside: sqrt(-x - 1) is not i·sqrt(x + 1).
    check_plain(
        &[("2(x + 1)", "2*x + 2"), ("sqrt(-x - 1)", "sqrt(-x - 1)"), ("(-2x-2)^(1/3)", "(-2*x - 2)^(1/3)")],
        &[],
    );
}

/// Regression: the order of factors that the printer could not tell apart by shape was
/// the order of their ids, which depends on how the pool was built: `(x + π)(x + πx)` in
/// one pool printed as `(x + πx)(x + π)` in another, so `simplify` was not idempotent.
#[test]
fn regression_printed_order_does_not_depend_on_the_pool() {
    for src in ["pi - (x + pi)*(x + pi*x)", "(x + 1)*(y + 1)*(x + y)", "sin(x + y)*sin(x - y)*cos(x*y)"] {
        let printed: Vec<String> = [false, true]
            .iter()
            .map(|&reversed| {
                let mut pool = Pool::default();
                if reversed {
                    // constants and the variables in the other order, so that ids differ
                    pool.pi();
                    pool.int(1);
                    pool.var_named("y");
                }
                pool.var_named("x");
                pool.var_named("y");
                let id = parse_in(&mut pool, src, &ParseOptions::default());
                Printer::new(&pool, Style::Plain).expr(id)
            })
            .collect();
        assert_eq!(printed[0], printed[1], "{src}");
    }
}

/// Regression: interning a rational with a long continued fraction, like (7/3)^15625,
/// overflowed a 2 MB stack (num-rational hashes the continued fraction recursively), and
/// (7/3)^150000 took 19 s and 2.8 GB in the command line.
#[test]
fn regression_huge_rational_power_does_not_overflow_the_stack() {
    let start = std::time::Instant::now();
    let mut pool = Pool::default();
    let a = parse_in(&mut pool, "(5/3)^15625", &ParseOptions::default());
    parse_in(&mut pool, "(7/3)^15625", &ParseOptions::default());
    let b = parse_in(&mut pool, "((2) -- (((-4/2))/(6)))^(((5)^(-3))^(-2))", &ParseOptions::default());
    assert_eq!(a, b);
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}

/// Regression: the sign of an undefined constant was folded from its floating-point value:
/// `sign(cot(pi))` became -1 and `sign(tan(pi/2))*x` became x, so the command line
/// accepted them instead of reporting cot(π), tan(π/2) as undefined.
#[test]
fn regression_sign_of_an_undefined_constant_is_not_folded() {
    // Refused where written (a mathematical error, exit 1), not folded to ±1.
    for src in ["sign(cot(pi))", "abs(tan(pi/2))", "sign(sec(pi/2)) x", "abs(csc(2pi))"] {
        let mut pool = Pool::default();
        let e = parse(&mut pool, src, &ParseOptions::default()).expect_err(src);
        assert_eq!((e.kind, e.exit_code()), (ErrorKind::Math, 1), "{src}: {}", e.message);
        assert!(e.message.contains("is not defined"), "{src}: {}", e.message);
    }
    check_same(&[("sign(cot(pi/4))", "1"), ("abs(tan(3pi/4))", "1"), ("sign(-sec(pi))", "1")], &[]);
}

/// Fuzzing (pipeline): a subscript of several characters that are not all digits
/// (`x_{1X}`, `x_{ab}`) printed in plain as `x_1X`, which reads back as x₁·X; Greek
/// letters with such subscripts lost the underscore (`θ_{ab}` became `thetaab`, read back
/// as a·b·θ), and LaTeX `\theta_{k}`, how the LaTeX printer writes θ_k, did not parse.
#[test]
fn regression_long_subscripts_print_in_braces_and_read_back() {
    check_plain(
        &[
            ("x_{ab}", "x_{ab}"),
            ("x_{1X}y", "x_{1X}*y"),
            ("x_{12}", "x12"),
            ("x_i", "x_i"),
            ("θ_{ab}", "theta_{ab}"),
            ("θ_1", "theta1"),
            ("\\theta_{k}", "theta_k"),
            ("\\alpha_{12}^2", "alpha12^2"),
            // Fuzzing: e and pi with a subscript are variables, named like any other.
            ("xe_{3y}", "e_{3y}*x"),
            ("pi_{ab}", "pi_{ab}"),
        ],
        &[],
    );
    check_same(
        &[
            ("x_{ab}", "x_{ab}"),
            ("theta_{ab}", "θ_{ab}"),
            ("\\theta_{ab} + \\vartheta_1", "θ_{ab} + θ₁"),
            ("\\theta_k", "θ_k"),
        ],
        &[],
    );
    check_differ(&[("x_{ab}", "x_a*b"), ("θ_{ab}", "a*b*θ")]);
    check_error(&[("\\sin_1 x", "does not take a subscript")]);
}

/// Issue 12: `sin + x` read as sin(+x) and printed cos(x) as its derivative. A sign right
/// after a function name (bare, or with a power) is an error with a caret under the sign and
/// a help line; a bare function still takes the operands juxtaposed after it.
#[test]
fn regression_a_sign_after_a_function_name_is_an_error() {
    for (src, sign, at) in [
        ("sin + x", "+", 4),
        ("sin - x", "-", 4),
        ("sin -x", "-", 4),
        ("sin^2 + x", "+", 6),
        ("\\sin + x", "+", 5),
        ("2 ln − x", "−", 5),
        ("x cos+1", "+", 5),
    ] {
        let e = parse(&mut Pool::default(), src, &ParseOptions::default()).expect_err(src);
        assert_eq!(e.exit_code(), 2, "{src}: {}", e.message);
        assert!(e.message.ends_with(&format!("needs an argument before '{sign}'")), "{src}: {}", e.message);
        assert_eq!(e.span, Some((at, at + sign.len())), "{src}: caret under the sign");
        let help = e.help.unwrap_or_default();
        assert!(help.starts_with("put its argument in parentheses: "), "{src}: {help}");
        assert_eq!(help.contains("(-x) if the minus belongs to the argument"), sign != "+", "{src}: {help}");
    }
    check_error(&[("sin", "needs an argument"), ("sin*x", "needs an argument"), ("cos)", "unmatched ')'")]);
    check_same(
        &[
            ("sin x + y", "sin(x) + y"),
            ("sin(+x)", "sin(x)"),
            ("sin(-x)", "-sin(x)"),
            ("sin 2x y", "sin(2*x*y)"),
            ("sin x cos x", "sin(x)*cos(x)"),
            ("sin cos x", "sin(cos(x))"),
            ("-sin x", "-sin(x)"),
            ("sin^2 x - 1", "sin(x)^2 - 1"),
        ],
        &[],
    );
}

/// Issue 12: `x/0` said `1/0 is not defined`, naming an expression the input does not hold.
/// The message quotes the input under the caret, and the caret spans the whole part.
#[test]
fn regression_undefined_parts_are_named_as_written() {
    for (src, named) in [
        ("x/0", "x/0"),
        ("2x/0", "2x/0"),
        ("x + 1/(2-2)", "1/(2-2)"),
        ("sin(x)/sin(0)", "sin(x)/sin(0)"),
        ("0^(-1)", "0^(-1)"),
        ("ln(2-2)", "ln(2-2)"),
        ("ln 0 + x", "ln 0"),
        // (`ln^(-1)` is refused as ambiguous: the inverse function, or the reciprocal?)
        ("ln^(-2)(1)", "ln^(-2)(1)"),
        ("x^(1/0)", "1/0"),
        ("\\frac{x}{0}", "\\frac{x}{0}"),
        ("\\sqrt[0]{x}", "\\sqrt[0]{x}"),
        ("x  /\n 0", "x / 0"),
    ] {
        let e = parse(&mut Pool::default(), src, &ParseOptions::default()).expect_err(src);
        assert_eq!(e.exit_code(), 1, "{src}: {}", e.message);
        assert!(e.message.starts_with(&format!("{named} is not defined: ")), "{src}: {}", e.message);
        let (start, end) = e.span.unwrap_or_else(|| panic!("{src}: no caret"));
        let under = src[start..end].split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(under, named, "{src}: the caret spans what the message names");
    }
    // A long part is quoted by its ends.
    let long = format!("({})/0", vec!["x"; 100].join(" + "));
    let e = parse(&mut Pool::default(), &long, &ParseOptions::default()).unwrap_err();
    assert!(e.message.starts_with("(x + x + x") && e.message.contains(" … ") && e.message.len() < 120, "{}", e.message);
    assert_eq!(e.span, Some((0, long.len())));
}

/// Version 0.2's functions, by their names and notations.
#[test]
fn machine_learning_and_special_functions() {
    check_same(
        &[
            ("relu(x)", "max(0, x)"),
            ("max(x, y, z)", "max(max(x, y), z)"),
            ("max(y, x)", "max(x, y)"),
            ("min(2, 3)", "2"),
            ("max(x, x)", "x"),
            ("log1p(x)", "ln(1 + x)"),
            ("xlog1p(x)", "x*ln(1 + x)"),
            ("expm1(x)", "e^x - 1"),
            ("atan2(1, 1)", "pi/4"),
            ("atan2(y, 2)", "atan(y/2)"),
            ("atan2(1, -1)", "3*pi/4"),
            ("atan2(-1, 0)", "-pi/2"),
            ("arctan2(y, x)", "atan2(y, x)"),
            ("sigmoid(0)", "1/2"),
            ("sigmoid(ln(3))", "3/4"),
            ("softplus(0)", "ln(2)"),
            ("erf(0)", "0"),
            ("erf(-x)", "-erf(x)"),
            ("floor(7/2)", "3"),
            ("ceil(-7/2)", "-3"),
            ("ceiling(x)", "ceil(x)"),
            ("floor(pi)", "3"),
            ("floor(x + 2)", "floor(x) + 2"),
            ("floor(-x)", "-ceil(x)"),
            ("⌊x⌋ + ⌈y⌉", "floor(x) + ceil(y)"),
            ("\\lfloor x \\rfloor", "floor(x)"),
            ("\\left\\lceil x^2 \\right\\rceil", "ceil(x^2)"),
            ("\\max\\left(x, y\\right)", "max(x, y)"),
            ("\\operatorname{atan2}\\left(y, x\\right)", "atan2(y, x)"),
            ("\\operatorname{softplus}\\left(x\\right)", "softplus(x)"),
            ("\\operatorname{erf}(x)", "erf(x)"),
        ],
        &[],
    );
}

/// Textbook notation: inverse functions, Leibniz's derivatives.
#[test]
fn textbook_notation() {
    check_same(
        &[
            ("sin^-1(x)", "asin(x)"),
            ("sin⁻¹(x)", "asin(x)"),
            ("sin^(-1) x", "asin(x)"),
            ("\\sin^{-1} x", "asin(x)"),
            ("cos^-1(x/2)", "acos(x/2)"),
            ("tan⁻¹ x", "atan(x)"),
            ("sinh^-1(x)", "asinh(x)"),
            ("sec^-1(x)", "acos(1/x)"),
            ("sin^2 x", "sin(x)^2"),
            ("sin(x)^-1", "1/sin(x)"),
            ("d/dx (x^3)", "3x^2"),
            ("d/dx x^2 y", "2x*y"),
            ("d/dx sin(x) + 1", "cos(x) + 1"),
            ("∂/∂y (x^2 y)", "x^2"),
            ("d^2/dx^2 (x^4)", "12x^2"),
            ("d²/dx² (x^4)", "12x^2"),
            ("∂²/∂x∂y (x^2 y^3)", "6x*y^2"),
            ("∂^2/∂x^2 (x^2 y^3)", "2y^3"),
            ("\\frac{d}{dx}(x^3)", "3x^2"),
            ("\\frac{d}{dx} x^3", "3x^2"),
            ("\\frac{\\mathrm{d}}{\\mathrm{d}x}\\left(x^3\\right)", "3x^2"),
            ("\\frac{\\partial}{\\partial x}\\left(x^2 y\\right)", "2x*y"),
            ("\\frac{\\partial^2}{\\partial x \\partial y} x^2 y^3", "6x*y^2"),
            ("\\frac{d^{2}}{dx^{2}} x^4", "12x^2"),
            ("d/dθ sin(θ)", "cos(θ)"),
            ("2 d/dx (x^2)", "4x"),
            ("d/2", "d/2"),
        ],
        &[],
    );
    check_error(&[
        ("ln^-1(x)", "is not read as an inverse function"),
        ("d/dxy (x)", "one variable at a time"),
        ("∂/∂x∂y (x y)", "written with ∂^2 on top"),
        ("d^2/dx (x)", "the orders do not match"),
        ("d/dx", "needs an argument"),
        ("\\frac{\\partial^3}{\\partial x \\partial y} x", "the orders do not match"),
    ]);
}

/// A word that reads as a function but is not one is an error, not a product; one or two
/// other letters before `(` still multiply.
#[test]
fn words_that_read_as_functions() {
    check_error(&[
        ("f(x)", "f(…) reads as a function"),
        ("g(x, y)", "g(…) reads as a function"),
        ("h(x+1)", "h(…) reads as a function"),
        ("xf(x)", "f(…) reads as a function"),
        ("sigma(x)", "σ(…) reads as a function"),
        ("σ(w x + b)", "σ(…) reads as a function"),
        ("\\sigma\\left(x\\right)", "σ(…) reads as a function"),
        ("phi(x)", "φ(…) reads as a function"),
        ("ψ(t)", "ψ(…) reads as a function"),
        ("dot(w, x)", "unknown function 'dot'"),
        ("Sigmoid(x)", "did you mean 'sigmoid'?"),
        ("3,5x", "unexpected ','"),
    ]);
    check_same(&[("x(y+1)", "x*(y+1)"), ("xy(x+1)", "x*y*(x+1)"), ("σ x", "σ*x"), ("f", "f")], &[]);
    // Declared as a factor, they multiply.
    check_same(&[("f(x)", "f*x"), ("sigma(x+1)", "sigma*(x+1)")], &["f", "sigma"]);
}

/// Unknown functions declared with --funcs, and their derivatives in every notation the
/// printers write.
#[test]
fn unknown_functions() {
    let o = ParseOptions { funcs: vec!["f".into(), "g".into(), "phi".into()], ..Default::default() };
    let same = [
        ("f'(x^2)", "D[1](f)(x^2)"),
        ("f''(x)", "D[1,1](f)(x)"),
        ("f″(x)", "f''(x)"),
        ("f⁽⁴⁾(x)", "f''''(x)"),
        ("f^{(4)}(x)", "f''''(x)"),
        ("∂₂g(x, y²)", "D[2](g)(x, y^2)"),
        ("\\partial_{2} g(x, y^{2})", "D[2](g)(x, y^2)"),
        ("∂₁∂₂g(x, y)", "∂₂∂₁g(x, y)"),
        ("D[1,2](g)(x, y)", "D[2,1](g)(x, y)"),
        ("xf(x)", "x*f(x)"),
        ("f x", "f(x)"),
        ("φ(x) + phi(x)", "2phi(x)"),
        ("f(x)^2", "f^2(x)"),
        ("x^{(2)}", "x^2"),
    ];
    let mut failures = Vec::new();
    for (input, want) in same {
        let mut pool = Pool::default();
        let a = parse_in(&mut pool, input, &o);
        let b = parse_in(&mut pool, want, &o);
        if a != b {
            let p = Printer::new(&pool, Style::Plain);
            failures.push(format!("{input:?} read as {}, expected {want:?} = {}", p.expr(a), p.expr(b)));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    for (input, words) in [
        ("f(x) + f(x, y)", "used with 1 argument and with 2 arguments"),
        ("f'(x, y)", "a prime is for a function of one argument"),
        ("∂₃g(x, y)", "no derivative by argument 3"),
        ("∂₀g(x, y)", "numbered from 1"),
        ("D[2](h)(x)", "'h' is not a function declared with --funcs"),
        ("sin'(x)", "a prime marks the derivative of a function declared with --funcs"),
        ("x'", "marks the derivative of a function"),
        ("∂₂sin(x)", "is for functions declared with --funcs"),
        ("f^-1(x)", "is not read as an inverse function"),
        ("f", "needs an argument"),
    ] {
        let e = parse(&mut Pool::default(), input, &o).expect_err(input);
        assert!(e.message.contains(words), "{input:?}: {}", e.message);
        assert_eq!(e.exit_code(), 2, "{input:?}");
    }
    // Printed and read back: text, plain and LaTeX.
    let mut pool = Pool::default();
    let fg = ParseOptions { funcs: vec!["f".into(), "g".into()], ..Default::default() };
    for src in ["2x f'(x^2)", "2y ∂₂g(x, y^2)", "f⁽⁵⁾(x) + ∂₁∂₁∂₂g(x, f(x))", "f(g(x, 1/x)) g(x, x)"]
    {
        let id = parse_in(&mut pool, src, &fg);
        for style in [Style::Text, Style::Plain, Style::Latex] {
            let text = Printer::new(&pool, style).expr(id);
            let back = parse(&mut pool, &text, &fg)
                .unwrap_or_else(|e| panic!("{style:?} form {text:?} of {src} does not parse: {}", e.message));
            assert_eq!(back, id, "{style:?} form {text:?} of {src} reads back as another expression");
        }
    }
    let mut pool = Pool::default();
    let o = ParseOptions { funcs: vec!["f".into(), "g".into()], ..Default::default() };
    let id = parse_in(&mut pool, "2x f'(x^2) + 2y ∂₂g(x, y^2)", &o);
    assert_eq!(Printer::new(&pool, Style::Latex).expr(id), "2 x f'(x^{2}) + 2 y \\partial_{2} g(x, y^{2})");
    assert_eq!(Printer::new(&pool, Style::Text).expr(id), "2x·f'(x²) + 2y·∂₂g(x, y²)");
    assert_eq!(Printer::new(&pool, Style::Plain).expr(id), "2*x*f'(x^2) + 2*y*D[2](g)(x, y^2)");
}
