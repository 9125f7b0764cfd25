//! The textbook form (`gradcalc::simplify`), one rule per line: each case is an input, the
//! variables to differentiate by (none: the input itself), and the plain form expected.
//! Every case is also checked to keep its value at a few points and to be its own textbook
//! form (the properties in `tests/properties.rs` check both on random expressions).

use gradcalc::calculus::Deriver;
use gradcalc::expr::approx::approx;
use gradcalc::expr::{ExprId, Pool};
use gradcalc::print::{Printer, Style};
use gradcalc::simplify::{textbook, textbook_form, StageKind};
use gradcalc::syntax::{parse, ParseOptions};

/// (input, differentiate by, textbook form in plain)
const CASES: &[(&str, &str, &str)] = &[
    // exact constants
    ("sqrt(pi^2)", "", "pi"),
    ("sqrt(4 pi^2)", "", "2*pi"),
    ("(x^2)^(1/2)", "", "abs(x)"),
    ("(x^3)^(1/3)", "", "x"),
    ("(x^4)^(1/2)", "", "x^2"),
    ("ln(1/4)/2", "", "-ln(2)"),
    ("ln(8)/ln(2)", "", "3"),
    ("ln(8) + ln(2)", "", "4*ln(2)"),
    ("e^(2 ln(3))", "", "9"),
    ("e^(3 ln(x))", "", "x^3"),
    ("e^(x + ln(2))", "", "2*exp(x)"),
    ("sqrt(3+2 sqrt(2))", "", "sqrt(2) + 1"),
    ("sqrt(5-2 sqrt(6))", "", "sqrt(3) - sqrt(2)"),
    ("sqrt(5) sqrt(pi^2)/2", "", "sqrt(5)*pi/2"),
    // logarithms of positive factors
    ("ln(x e^y)", "", "y + ln(x)"),
    ("ln(sqrt(x))", "", "ln(x)/2"),
    // a negative constant factor is not split off (it would leave ln(-1), undefined)
    ("ln(-2^x)", "", "ln(-2^x)"),
    ("abs(x^2+1)", "", "x^2 + 1"),
    ("abs(e^x)", "", "exp(x)"),
    // the rational normal form
    ("(x^2-4)/(x-2)", "", "x + 2"),
    ("(x-2)/(x^2-4)", "", "1/(x + 2)"),
    ("x/(x+1) + 1/(x+1)", "", "1"),
    ("1/(x-1) - 1/(x+1)", "", "2/(x^2 - 1)"),
    ("(x^3-1)/(x-1)", "", "x^2 + x + 1"),
    ("-1/(x-1)", "", "1/(1 - x)"),
    ("y/(x^2 (1 + y^2/x^2))", "", "y/(x^2 + y^2)"),
    ("x+x+2x*y-y*x", "", "x*y + 2*x"),
    // roots and exponentials as generators
    ("sqrt(x) sqrt(x)", "", "x"),
    ("1/sqrt(x) - sqrt(x)", "", "(1 - x)/sqrt(x)"),
    ("e^(2x)/e^x", "", "exp(x)"),
    ("(e^(2x)-1)/(e^x-1)", "", "exp(x) + 1"),
    // identities
    ("sin(x)^2 + cos(x)^2", "", "1"),
    ("3 sin(x)^2 + 3 cos(x)^2 + 1", "", "4"),
    ("cosh(x)^2 - sinh(x)^2", "", "1"),
    ("1 - cos(x)^2", "", "sin(x)^2"),
    ("sin(x)/cos(x)", "", "tan(x)"),
    ("cos(x)/sin(x)", "", "cot(x)"),
    ("1/cos(x)", "", "sec(x)"),
    ("2 sin(x) cos(x)", "", "sin(2*x)"),
    ("cos(x)^2 - sin(x)^2", "", "cos(2*x)"),
    ("tan(x) cos(x)", "", "sin(x)"),
    ("2/(e^x + e^(-x))^2", "", "1/(2*cosh(x)^2)"),
    // what terms share, taken out
    ("x e^x + e^x", "", "exp(x)*(x + 1)"),
    ("x^2 e^x + 2 x e^x", "", "x*exp(x)*(x + 2)"),
    // a complement as one unit: 1 − σ(u) (which is σ(−u)) and 1 ± sign(u) (twice a unit step)
    ("sigmoid(z) - sigmoid(z)^2", "", "sigmoid(z)*(1 - sigmoid(z))"),
    ("sigmoid(z)", "z", "sigmoid(z)*(1 - sigmoid(z))"),
    ("softplus(x y)", "xy", "sigmoid(x*y)*(x*y*(1 - sigmoid(x*y)) + 1)"),
    ("x - x sign(x^2 - y)", "", "x*(1 - sign(x^2 - y))"),
    // derivatives (the examples first)
    ("(x-1)/(x+1)", "x", "2/(x + 1)^2"),
    ("atan(y/x)", "x", "-y/(x^2 + y^2)"),
    ("(x^2-4)/(x-2)", "x", "1"),
    ("x/(x+1) + 1/(x+1)", "x", "0"),
    ("ln((1+x)/(1-x))", "x", "2/(1 - x^2)"),
    ("ln(x + sqrt(x^2+1))", "x", "1/sqrt(x^2 + 1)"),
    ("e^(x y)", "xy", "exp(x*y)*(x*y + 1)"),
    ("x^(3/2) y", "x", "3*sqrt(x)*y/2"),
    ("x/sqrt(1+x^2)", "x", "1/(x^2 + 1)^(3/2)"),
    ("x^2 sqrt(1+x)", "x", "x*(5*x + 4)/(2*sqrt(x + 1))"),
    ("(x-y)^2/(x+y)", "x", "(x - y)*(x + 3*y)/(x + y)^2"),
    ("x^3 e^(2x)", "x", "x^2*exp(2*x)*(2*x + 3)"),
    ("1/(1+e^(-2x))", "x", "1/(2*cosh(x)^2)"),
    ("ln(sin(2x))", "x", "2*cot(2*x)"),
    ("(cos(x)-sin(x))^2", "x", "-2*cos(2*x)"),
    ("atan(2x) + atan(1/(2x))", "x", "0"),
    ("sin(x)/(1+cos(x))", "x", "1/(cos(x) + 1)"),
    ("ln(tan(x))", "x", "2/sin(2*x)"),
    ("tan(x)", "x", "sec(x)^2"),
    ("sec(x)", "x", "tan(x)*sec(x)"),
    ("ln(sec(x) + tan(x))", "x", "sec(x)"),
    ("x^3y^2-3xy^3-xy+1", "yy", "2*x^3 - 18*x*y"),
    ("sin(x)*exp(x^2)/(1+x^2)", "xx", "exp(x^2)*(sin(x)*(4*x^6 + x^4 + 4*x^2 - 1) + 4*cos(x)*(x^5 + x^3))/(x^2 + 1)^3"),
];

fn pool() -> Pool {
    let mut pool = Pool::default();
    for v in ["x", "y", "z"] {
        pool.symbol(v);
    }
    pool
}

fn plain(pool: &Pool, id: ExprId) -> String {
    Printer::new(pool, Style::Plain).expr(id)
}

/// The expression of a case: the input, differentiated by each letter of `wrt` (the raw
/// derivative, as the engine builds it).
fn expression(pool: &mut Pool, src: &str, wrt: &str) -> ExprId {
    let f = parse(pool, src, &ParseOptions::default()).unwrap_or_else(|e| panic!("{src}: {}", e.message));
    let vars: Vec<_> = wrt.chars().map(|c| pool.symbol(&c.to_string())).collect();
    Deriver::new().derive_seq(pool, f, &vars)
}

#[test]
fn every_rule_gives_the_textbook_form() {
    let mut wrong = Vec::new();
    for &(src, wrt, want) in CASES {
        let mut pool = pool();
        let e = expression(&mut pool, src, wrt);
        let t = textbook_form(&mut pool, e);
        let got = plain(&pool, t);
        if got != want {
            wrong.push(format!("{src} (d/{wrt}): got {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases differ:\n{}", wrong.len(), CASES.len(), wrong.join("\n"));
}

#[test]
fn every_case_keeps_its_value_and_is_its_own_textbook_form() {
    for &(src, wrt, _) in CASES {
        let mut pool = pool();
        let e = expression(&mut pool, src, wrt);
        let t = textbook_form(&mut pool, e);
        assert_eq!(textbook_form(&mut pool, t), t, "{src}: not idempotent");
        for p in [[0.3, 0.7, 1.1], [1.7, 0.4, 2.3], [0.6, 1.9, 0.2]] {
            let at = |pool: &Pool, id| approx(pool, id, &|s| p[s.0 as usize]);
            let (u, v) = (at(&pool, e), at(&pool, t));
            if u.is_finite() {
                assert!((u - v).abs() <= 1e-9 * u.abs().max(1.0), "{src} (d/{wrt}) at {p:?}: {u} vs {v}");
            }
        }
    }
}

#[test]
fn the_stages_are_recorded_in_order() {
    let mut pool = pool();
    // 1/(x + 1) - (x - 1)/(x + 1)² (d/dx (x-1)/(x+1) by the product rule): over (x + 1)² it
    // is 2/(x + 1)², already the answer (a stage that repeats the one before is not recorded
    // twice).
    let e = expression(&mut pool, "1/(x+1) - (x-1)/(x+1)^2", "");
    let tb = textbook(&mut pool, e);
    let kinds: Vec<StageKind> = tb.stages.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, vec![StageKind::CommonDenominator], "{:?}", tb.stages);
    assert_eq!(plain(&pool, tb.result), "2/(x + 1)^2");
    assert_eq!(tb.stages.last().map(|s| s.expr), Some(tb.result));
    // d/dx (x - y)²/(x + y) by the product rule: over (x + y)², the numerator multiplied
    // out, then factored.
    let e = expression(&mut pool, "2(x-y)/(x+y) - (x-y)^2/(x+y)^2", "");
    let tb = textbook(&mut pool, e);
    let shown: Vec<(StageKind, String)> = tb.stages.iter().map(|s| (s.kind, plain(&pool, s.expr))).collect();
    assert_eq!(shown.first().map(|s| s.0), Some(StageKind::CommonDenominator), "{shown:?}");
    assert_eq!(shown.last().map(|s| s.1.as_str()), Some("(x - y)*(x + 3*y)/(x + y)^2"), "{shown:?}");
    // (x² - 4)/(x - 2): the gcd x - 2 cancelled.
    let e = expression(&mut pool, "(x^2-4)/(x-2)", "");
    let tb = textbook(&mut pool, e);
    assert!(tb.stages.iter().any(|s| s.kind == StageKind::Cancel), "{:?}", tb.stages);
    assert_eq!(plain(&pool, tb.result), "x + 2");
    // sin² + cos²: the identity stage.
    let e = expression(&mut pool, "sin(x)^2 + cos(x)^2 + x", "");
    let tb = textbook(&mut pool, e);
    assert!(tb.stages.iter().any(|s| s.kind == StageKind::Identities), "{:?}", tb.stages);
    // already in textbook form: no stages
    let e = expression(&mut pool, "x^2 + 1", "");
    assert!(textbook(&mut pool, e).stages.is_empty());
}

#[test]
fn large_results_are_left_as_they_are() {
    let mut pool = pool();
    // A sum of 3,000 distinct terms: over the node limit, returned unchanged at once.
    let src: Vec<String> = (1..=3000).map(|k| format!("x^{k}/(y+{k})")).collect();
    let e = parse(&mut pool, &src.join(" + "), &ParseOptions::default()).unwrap();
    assert_eq!(textbook_form(&mut pool, e), e);
}
