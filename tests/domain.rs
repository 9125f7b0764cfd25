//! No value where none exists: the domain of the input as written, and the kinks of what
//! was differentiated (issue 12).
//!
//! - regressions, one per case the issue names and per command: `eval "x/x" --at 0` and
//!   `diff "x^2/x" x --at 0` are errors (simplification cancelled the cause, the input as
//!   written still has none), `diff "abs(x)" x --at 0` is `|x| is not differentiable at x = 0`,
//!   for every command that prints a value at a point, at `--at` points, at the rows of
//!   `--points` (nan with a warning) and on the way of `descend`;
//! - a law on random inputs: an input whose simplified form lost a condition
//!   (`(A)·B/(A)`, `ln(A) - ln(A) + B`, `sqrt(A)^2 - A + B`, …) has no value where A breaks the
//!   condition, and elsewhere the value of B.

use gradcalc::cli::run_args;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};

/// (exit code, stdout, stderr) of one command line, run in this process.
fn run(args: &[&str]) -> (u8, String, String) {
    run_args(args)
}

/// The command fails with exit 1 and a message holding `what`.
fn refused(args: &[&str], what: &str) {
    let (code, out, err) = run(args);
    assert_eq!(code, 1, "{args:?}: exit {code}\nstdout: {out}\nstderr: {err}");
    assert!(err.contains(what), "{args:?}: stderr lacks {what:?}:\n{err}");
}

/// The command succeeds and its plain output is `want`.
fn plain(args: &[&str], want: &str) {
    let mut a = args.to_vec();
    a.extend(["--format", "plain"]);
    let (code, out, err) = run(&a);
    assert_eq!(code, 0, "{a:?}: exit {code}\nstderr: {err}");
    assert_eq!(out.trim_end(), want, "{a:?}");
}

#[test]
fn the_input_as_written_has_no_value_where_simplification_removed_the_cause() {
    // The two examples.
    refused(&["eval", "x/x", "--at", "0"], "is not defined at x = 0: division by zero");
    refused(&["diff", "x^2/x", "x", "--at", "0"], "is not defined at x = 0: division by zero");
    // Elsewhere they have the simplified value.
    plain(&["eval", "x/x", "--at", "2"], "1");
    plain(&["diff", "x^2/x", "x", "--at", "2"], "1");
    // Logarithms, roots, inverse sines and quotients that cancel.
    refused(&["eval", "ln(x) - ln(x) + 1", "--at", "0"], "logarithm of zero");
    refused(&["eval", "ln(x) - ln(x) + 1", "--at", "-2"], "logarithm of a negative number");
    refused(&["eval", "sqrt(x)^2", "--at", "-1"], "even root of a negative number");
    plain(&["eval", "sqrt(x)^2", "--at", "4"], "4");
    refused(&["eval", "exp(ln(x))", "--at", "-1"], "logarithm of a negative number");
    refused(&["eval", "asin(x)/asin(x)", "--at", "3"], "outside [-1, 1]");
    refused(&["eval", "asin(x)/asin(x)", "--at", "0"], "division by zero");
    refused(&["eval", "(x-1)(x+2)/(x-1)", "--at", "1"], "division by zero");
    refused(&["eval", "y (x-y)/(x-y)", "--at", "3,3"], "is not defined at (x, y) = (3, 3)");
    // Every command that prints a value at a point.
    refused(&["grad", "x y/x", "--at", "0,1"], "division by zero");
    refused(&["hessian", "x^3/x", "--at", "0"], "division by zero");
    refused(&["jacobian", "x/x, y", "--at", "0,1"], "division by zero");
    refused(&["differential", "x^2/x + y", "--at", "0,1"], "division by zero");
    refused(&["dir", "x^2/x + y", "--at", "0,1", "--along", "1,1"], "division by zero");
    refused(&["descend", "x^2/x", "--from", "0", "--rate", "0.1"], "--from: ");
}

#[test]
fn a_derivative_has_no_value_at_a_kink() {
    refused(&["diff", "abs(x)", "x", "--at", "0"], "|x| is not differentiable at x = 0");
    plain(&["diff", "abs(x)", "x", "--at", "-3"], "-1");
    refused(&["grad", "abs(x) + y", "--at", "0,5"], "|x| is not differentiable at (x, y) = (0, 5)");
    plain(&["grad", "abs(x) + y", "--at", "2,0"], "[1, 1]");
    // |y| holds no x: its kink does not touch ∂/∂x.
    plain(&["diff", "abs(y) + x", "x", "--vars", "x,y", "--at", "1,0"], "1");
    refused(&["diff", "abs(x - y)", "y", "--at", "2,2"], "|x - y| is not differentiable");
    refused(&["hessian", "x abs(y)", "--at", "1,0"], "|y| is not differentiable");
    refused(&["jacobian", "abs(x), y", "--at", "0,1"], "|x| is not differentiable");
    refused(&["differential", "abs(x)", "--at", "0"], "|x| is not differentiable");
    refused(&["dir", "abs(x) + y", "--at", "0,0", "--along", "1,0"], "|x| is not differentiable");
    // The second derivative passes sign(x), which jumps at 0.
    refused(&["diff", "x abs(x)", "x", "x", "--at", "0"], "not differentiable at x = 0");
    // Values of f itself are defined at a kink.
    plain(&["eval", "abs(x)", "--at", "0"], "0");
}

#[test]
fn many_points_get_nan_outside_the_domain_with_a_warning() {
    let dir = std::env::temp_dir().join(format!("gradcalc-domain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("points.csv");
    std::fs::write(&csv, "x\n1\n0\n-2\n").unwrap();
    let path = csv.to_str().unwrap();
    let (code, out, err) = run(&["eval", "x/x", "--points", path, "--format", "plain"]);
    assert_eq!((code, out.as_str()), (0, "1\nnan\n1\n"), "{err}");
    assert!(err.contains("1 of 3 points is outside the domain, printed as nan (first: line 3: "), "{err}");
    assert!(err.contains("is not defined at x = 0: division by zero"), "{err}");
    let (code, out, err) = run(&["diff", "abs(x)", "x", "--points", path, "--format", "plain"]);
    assert_eq!((code, out.as_str()), (0, "1\nnan\n-1\n"), "{err}");
    assert!(err.contains("|x| is not differentiable at x = 0"), "{err}");
    // An overflow is not a point outside the domain: e^1000 is a number.
    std::fs::write(&csv, "x\n1000\n").unwrap();
    let (code, out, err) = run(&["eval", "exp(x) exp(-x)", "--points", path, "--format", "plain"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "1\n", ""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn descent_stops_where_the_function_has_no_gradient() {
    // |x| from 1 with η = 0.5 lands on 0 exactly, where ∇f does not exist.
    let (code, out, err) = run(&["descend", "abs(x)", "--from", "1", "--rate", "0.5", "--steps", "5"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.lines().count() >= 5, "the table up to that row is printed:\n{out}");
    assert!(err.contains("at step 2: |x| is not differentiable at x = 0"), "{err}");
}

/// An input whose simplified form forgets a condition on A, and the value it has elsewhere.
#[derive(Clone, Debug)]
enum Lost {
    /// (A)·B/(A): A ≠ 0.
    Quotient,
    /// ln(A) - ln(A) + B: A > 0.
    Logarithm,
    /// sqrt(A)^2 - A + B: A ≥ 0.
    Root,
}

fn lost() -> impl Strategy<Value = Lost> {
    prop_oneof![Just(Lost::Quotient), Just(Lost::Logarithm), Just(Lost::Root)]
}

#[test]
fn a_condition_that_simplification_removed_still_decides_the_value() {
    // A = x - c (c a small fraction), B a small polynomial in x and y; points: x = c (A = 0),
    // x = c ± 1, each with some y.
    let config = Config { cases: 128, rng_seed: RngSeed::Fixed(12), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let case = (lost(), -4i64..5, 1i64..4, -3i64..4, -3i64..4, -2i64..3, -1i64..2);
    runner
        .run(&case, |(kind, cn, cd, b1, b2, y, dx)| {
            let c = format!("({cn}/{cd})");
            let a = format!("(x - {c})");
            let b = format!("({b1} x^2 + {b2} x y + 1)");
            let input = match kind {
                Lost::Quotient => format!("{a}*{b}/{a}"),
                Lost::Logarithm => format!("ln{a} - ln{a} + {b}"),
                Lost::Root => format!("sqrt{a}^2 - {a} + {b}"),
            };
            let x = format!("{c} + {dx}");
            let point = format!("{x},{y}");
            let (code, out, err) = run(&["eval", &input, "--vars", "x,y", "--at", &point, "--format", "plain"]);
            // A at the point: dx.
            let defined = match kind {
                Lost::Quotient => dx != 0,
                Lost::Logarithm => dx > 0,
                Lost::Root => dx >= 0,
            };
            if defined {
                prop_assert_eq!(code, 0, "{} at {}: {}", input, point, err);
                let (code_b, want, _) = run(&["eval", &b, "--vars", "x,y", "--at", &point, "--format", "plain"]);
                prop_assert_eq!(code_b, 0);
                prop_assert_eq!(out, want, "{} at {}", input, point);
            } else {
                prop_assert_eq!(code, 1, "{} at {} printed {}", input, point, out);
                prop_assert!(err.contains("is not defined at (x, y) = "), "{}", err);
            }
            Ok(())
        })
        .unwrap();
}
