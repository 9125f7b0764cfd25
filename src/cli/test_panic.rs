//! Panics on request, in debug builds only: `GRADCALC_TEST_PANIC=start` or `=formatter` makes
//! the program panic there, so that tests can check that a panic is an internal error with
//! exit 101 — not a backtrace, a lost chunk of output or a partial report.

/// Whether `GRADCALC_TEST_PANIC` asks for a panic at `place` (`formatter`: in a `--points`
/// formatter thread; any other value: `start`, as the run starts).
pub fn requested(place: &str) -> bool {
    match std::env::var("GRADCALC_TEST_PANIC") {
        Ok(v) if v == "formatter" => place == "formatter",
        Ok(_) => place == "start",
        Err(_) => false,
    }
}
