//! The whole pipeline: parse → canonical form → derivatives → every printer, and the plain
//! form must parse back to the same expression (the README: `plain` is what gradcalc reads
//! back). Then the command line itself (`gradcalc::cli::run_args`) on the same input, with
//! a command and format picked by the first byte: exit 0, 1 or 2, and an `error:` line
//! whenever it is not 0.
//!
//! Input: one selector byte, then the expression.
#![no_main]

use gradcalc::calculus::Deriver;
use gradcalc::error::ErrorKind;
use gradcalc::eval::exact;
use gradcalc::expr::{ExprId, Pool, SymId};
use gradcalc::print::{printed_size, Printer, Style};
use gradcalc::syntax::{parse, ParseOptions};
use libfuzzer_sys::fuzz_target;

/// What `gradcalc` would print: within the limits, and not too large to print.
fn printable(pool: &Pool, ids: &[ExprId]) -> bool {
    pool.limit_hit().is_none() && printed_size(pool, ids) <= pool.limits().output_bytes as u64
}

/// plain(e) parses back to e in the same pool.
fn round_trip(pool: &mut Pool, id: ExprId, declared: &[String]) {
    let plain = Printer::new(pool, Style::Plain).expr(id);
    let opts = ParseOptions { declared: declared.to_vec(), funcs: unknown_functions() };
    match parse(pool, &plain, &opts) {
        Ok(back) => {
            if pool.limit_hit().is_none() && back != id {
                let again = Printer::new(pool, Style::Plain).expr(back);
                panic!("plain form does not parse back: {plain:?} reads as {again:?}");
            }
        }
        // A limit is cumulative over the pool (work on large numbers), so reading the
        // print back may cross it where the first reading did not: not a failure.
        Err(e) if matches!(e.kind, ErrorKind::Limit { .. }) => {}
        Err(e) => panic!("plain form {plain:?} does not parse: {}", e.message),
    }
}

/// The unknown functions every run declares.
fn unknown_functions() -> Vec<String> {
    vec!["f".to_string(), "g".to_string()]
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(src) = std::str::from_utf8(rest) else { return };
    if src.contains('\n') {
        return;
    }

    // ----- the library: parse, differentiate, print, parse back -----
    let mut pool = Pool::default();
    // f and g are unknown functions (--funcs), so that their derivatives are fuzzed too.
    let opts = ParseOptions { funcs: unknown_functions(), ..Default::default() };
    let Ok(f) = parse(&mut pool, src, &opts) else { return };
    if !printable(&pool, &[f]) {
        return;
    }
    // The command line refuses an expression with an undefined constant part (`x/0`): its
    // printed form (`x/(0*f)` for `x/0/f`) need not read back as the same unevaluated node.
    if exact::value_at(&mut pool, f, &Default::default()).is_err() || pool.limit_hit().is_some() {
        return;
    }
    let vars: Vec<SymId> = {
        let mut v: Vec<SymId> = (0..pool.symbol_count() as u32).map(SymId).collect();
        gradcalc::print::sort_vars(&pool, &mut v);
        v
    };
    // Names the parser must be told about to read the plain form back (`theta` is known).
    let declared: Vec<String> = vars.iter().map(|&v| pool.name(v).to_string()).filter(|n| n.len() > 1).collect();
    round_trip(&mut pool, f, &declared);
    let mut deriver = Deriver::new();
    let mut results = vec![f];
    for &v in vars.iter().take(4) {
        let d = deriver.derive(&mut pool, f, v);
        results.push(d);
        if sel & 1 == 1 {
            results.push(deriver.derive(&mut pool, d, v));
        }
    }
    if printable(&pool, &results) {
        for &r in &results {
            for style in [Style::Text, Style::Plain, Style::Latex] {
                let _ = Printer::new(&pool, style).expr(r);
            }
            // The command line refuses a result with an undefined constant part (ln(-2) in
            // the derivative of (-2)^x); the parser refuses it where written.
            if exact::undefined_part(&mut pool, &[r]).is_none() {
                round_trip(&mut pool, r, &declared);
            }
        }
    }

    // ----- the command line -----
    let format = ["text", "plain", "latex", "json"][(sel >> 1) as usize % 4];
    let first = vars.first().map(|&v| pool.name(v).to_string()).unwrap_or_else(|| "x".into());
    // Orders 1 to 4 (by the input's length, so that the input format stays as it is): from
    // the third order on, the orders between the first and the last are taken within the
    // rational normal form.
    let by = match src.len() % 4 {
        0 => first.clone(),
        k => format!("{first}^{}", k + 1),
    };
    let args: Vec<&str> = match (sel >> 3) % 6 {
        0 => vec!["simplify", src],
        1 => vec!["diff", src, &by],
        2 => vec!["grad", src],
        3 => vec!["hessian", src],
        4 => vec!["differential", src],
        _ => vec!["jacobian", src],
    };
    let mut args = args;
    args.extend(["--format", format]);
    let declared_flag = declared.join(",");
    if !declared.is_empty() {
        args.extend(["--vars", &declared_flag]);
    }
    args.extend(["--funcs", "f,g"]);
    let (code, stdout, stderr) = gradcalc::cli::run_args(&args);
    assert!(code <= 2, "exit {code}");
    if code != 0 {
        assert!(stderr.starts_with("error: "), "exit {code} without an error line: {stderr:?}");
        assert!(stdout.is_empty());
    }
});
