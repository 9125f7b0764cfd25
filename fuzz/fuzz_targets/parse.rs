//! The parser on arbitrary bytes: parsing any text, as one expression or as a Jacobian's
//! list, either succeeds or fails with an error that renders (caret included) — never a
//! panic, a hang or runaway memory. Default limits, as the command line has them.
#![no_main]

use gradcalc::diagnostic::render;
use gradcalc::expr::Pool;
use gradcalc::syntax::{parse, parse_list, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    // Some runs declare multi-letter variables, as --vars does.
    let declared = if data.first().is_some_and(|b| b % 2 == 1) {
        vec!["theta".to_string(), "rate".to_string(), "x_i".to_string()]
    } else {
        Vec::new()
    };
    // Some declare unknown functions, as --funcs does (f'(x), ∂₂g(x, y), D[1,2](g)(x, y)).
    let funcs = if data.first().is_some_and(|b| b % 4 >= 2) { vec!["f".to_string(), "g".to_string()] } else { Vec::new() };
    let opts = ParseOptions { declared, funcs };
    let mut pool = Pool::default();
    if let Err(e) = parse(&mut pool, &src, &opts) {
        let text = render(&e);
        assert!(!text.is_empty());
    }
    let mut pool = Pool::default();
    if let Err(e) = parse_list(&mut pool, &src, &opts) {
        let _ = render(&e);
    }
});
