//! Evaluation at random points: the exact value (substitution with the domain checked at
//! every node) of an expression and of its gradient, its floating-point approximation and
//! the compiled tape, then `gradcalc eval`/`grad --at` on the command line. Never a panic
//! or a hang; exit 0, 1 or 2 with an `error:` line.
//!
//! Input: four coordinate bytes (each k/16 - 8, so -8 … 7.9375 in sixteenths, zero
//! included), one selector byte, then the expression.
#![no_main]

use gradcalc::calculus::Deriver;
use gradcalc::eval::{exact, tape::Tape};
use gradcalc::expr::{number, Pool, SymId};
use gradcalc::syntax::{parse, ParseOptions};
use libfuzzer_sys::fuzz_target;
use rustc_hash::FxHashMap;

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let (head, rest) = data.split_at(5);
    let Ok(src) = std::str::from_utf8(rest) else { return };
    if src.contains('\n') {
        return;
    }
    let mut pool = Pool::default();
    let Ok(f) = parse(&mut pool, src, &ParseOptions::default()) else { return };
    let mut vars: Vec<SymId> = (0..pool.symbol_count() as u32).map(SymId).collect();
    gradcalc::print::sort_vars(&pool, &mut vars);
    vars.truncate(4);
    let coords: Vec<(i64, i64)> = head[..vars.len()].iter().map(|&b| (i64::from(b) - 128, 16)).collect();
    let point: FxHashMap<SymId, _> = vars
        .iter()
        .zip(&coords)
        .map(|(&v, &(n, d))| (v, pool.num(number::frac(n, d))))
        .collect();
    let mut deriver = Deriver::new();
    let mut exprs = vec![f];
    for &v in &vars {
        exprs.push(deriver.derive(&mut pool, f, v));
    }
    if pool.limit_hit().is_some() {
        return;
    }
    for &e in &exprs {
        if let Ok(v) = exact::value_at(&mut pool, e, &point) {
            let _ = pool.approx_const(v);
        }
        if pool.limit_hit().is_some() {
            return;
        }
    }
    let tape = Tape::compile(&pool, &exprs, &vars);
    let x: Vec<f64> = coords.iter().map(|&(n, d)| n as f64 / d as f64).collect();
    let mut out = vec![0.0; exprs.len()];
    tape.eval(&x, &mut out);

    // The command line at the same point.
    let at: Vec<String> = coords.iter().map(|&(n, d)| format!("{n}/{d}")).collect();
    let at = at.join(",");
    let names: Vec<String> = vars.iter().map(|&v| pool.name(v).to_string()).collect();
    let names = names.join(",");
    let sel = head[4];
    let command = if sel & 1 == 0 { "eval" } else { "grad" };
    let format = ["text", "plain", "latex", "json"][(sel >> 1) as usize % 4];
    let mut args = vec![command, src, "--format", format];
    if !vars.is_empty() {
        args.extend(["--vars", &names, "--at", &at]);
    }
    let (code, stdout, stderr) = gradcalc::cli::run_args(&args);
    assert!(code <= 2, "exit {code}");
    if code != 0 {
        assert!(stderr.starts_with("error: "), "exit {code} without an error line: {stderr:?}");
        assert!(stdout.is_empty());
    }
});
