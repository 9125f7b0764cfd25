//! No input breaks gradcalc: regression tests for what fuzzing and probing found (each named
//! after the bug it pins), one test per resource limit (its default, its flag, its
//! environment variable), the panic hook, and messages that `--points` once had of its own.
//!
//! Every run here must end within a few seconds: a regression of an exponential parse or an
//! unbounded computation shows up as a timeout, not as a hung test.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs gradcalc with `args` (and `stdin`, if any) and extra environment variables; kills it
/// after 20 s so that a hang fails the test instead of stalling the suite.
fn run_env(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradcalc"));
    cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for var in [
        "GRADCALC_MAX_DEPTH",
        "GRADCALC_MAX_INPUT",
        "GRADCALC_MAX_BITS",
        "GRADCALC_MAX_NODES",
        "GRADCALC_MAX_ORDER",
        "GRADCALC_MAX_OUTPUT",
        "RUST_BACKTRACE",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("gradcalc starts");
    let mut input = child.stdin.take().expect("piped stdin");
    let data = stdin.unwrap_or_default().to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(20));
        // Still running after 20 s: a hang. (Harmless if it already ended: the pid is gone
        // or, at worst, reused by an unrelated process we have no right to signal.)
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
    });
    let out = child.wait_with_output().expect("gradcalc runs");
    let elapsed = start.elapsed();
    drop(watchdog);
    let _ = feeder.join();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed,
    }
}

/// How long a run pinned here may take before the test calls it a regression. Not a
/// measurement (performance is measured against the peers, outside the tests): each bug
/// pinned here made its input 10× slower or worse, so the bound is set well above the fixed
/// time in a debug build on a loaded 2-core machine (the slowest, 0.6 s) and well below the
/// watchdog's 20 s, so that only a return of such a bug trips it.
const SLOW: Duration = Duration::from_secs(10);

fn run(args: &[&str]) -> Run {
    run_env(args, None, &[])
}

fn run_stdin(args: &[&str], stdin: &str) -> Run {
    run_env(args, Some(stdin.as_bytes()), &[])
}

/// The run failed with `code`, one `error:` line first, nothing on stdout, quickly.
#[track_caller]
fn assert_error(r: &Run, code: i32, message: &str) {
    assert_eq!(r.code, code, "exit code; stderr: {}", r.stderr);
    assert!(r.stderr.starts_with("error: "), "stderr: {}", r.stderr);
    assert!(r.stderr.contains(message), "wanted {message:?} in: {}", r.stderr);
    assert!(r.stdout.is_empty(), "stdout: {}", r.stdout);
    assert!(!r.stderr.contains("panicked"), "stderr: {}", r.stderr);
    assert!(r.elapsed < SLOW, "took {:?}", r.elapsed);
}

#[track_caller]
fn assert_quick_ok(r: &Run) -> &str {
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(r.elapsed < SLOW, "took {:?}", r.elapsed);
    r.stdout.trim_end()
}

// ----- fuzzing and probing findings -----

/// `|x|+|x|+…` took time exponential in the number of bars: pest tried every `|` both as
/// the end of one absolute value and as the start of another.
#[test]
fn bug_abs_bars_parse_in_exponential_time() {
    let many = "|x|+".repeat(5000) + "x";
    let r = run_stdin(&["simplify", "-", "--format", "plain"], &many);
    assert_eq!(assert_quick_ok(&r), "x + 5000*abs(x)");
    let r = run_stdin(&["simplify", "-", "--format", "plain"], &"|x".repeat(3000));
    assert_quick_ok(&r);
    let nested = format!("{}x{}", "|".repeat(100_000), "|".repeat(100_000));
    assert_error(&run_stdin(&["simplify", "-"], &nested), 2, "the input nests too deeply (limit: 500 levels)");
}

/// A long Typst result is broken into lines by an estimate of each piece's width; a piece
/// that ended in `, ` (inside `frac(…, …)`) made the estimate push empty arguments until
/// memory ran out (4 GiB asked, exit 134) — found at 141 nested fractions.
#[test]
fn bug_typst_line_breaking_inside_a_fraction_ran_out_of_memory() {
    for n in [140, 141, 200] {
        let nested = format!("{}x{}", "1/(1+".repeat(n), ")".repeat(n));
        let out = assert_quick_ok(&run(&["diff", &nested, "x", "--format", "typst"])).to_string();
        assert!(out.contains("frac("), "{n}: {out:.200}");
    }
}

/// A failing `\left(`, `\frac{…}` or `\sqrt{…}` was parsed again as a plain LaTeX command,
/// doubling the work per level (`\left(` × 20 took 3 s).
#[test]
fn bug_failing_latex_structures_parse_in_exponential_time() {
    let lefts = format!("{}x{}", "\\left(".repeat(40), ")".repeat(40));
    assert_error(&run(&["simplify", &lefts]), 2, "expected an operand or operator or '\\right'");
    let fracs = format!("{}x{}", "\\frac{".repeat(40), "}".repeat(40));
    assert_error(&run(&["simplify", &fracs]), 2, "expected an argument in braces, like {x}");
    let bars = "\\left|".repeat(100_000) + "x";
    assert_error(&run_stdin(&["simplify", "-"], &bars), 2, "the input nests too deeply");
}

/// Absolute values still read the way they did before bars were decided ahead of pest.
#[test]
fn abs_bars_read_as_before() {
    for (input, want) in [
        ("|x|", "abs(x)"),
        ("||x||", "abs(x)"),
        ("|x||y|", "abs(x)*abs(y)"),
        ("|x - |y||", "abs(x - abs(y))"),
        ("2|x|", "2*abs(x)"),
        ("|sin|x||", "abs(sin(abs(x)))"),
        ("\\left| x \\right|", "abs(x)"),
        ("\\left\\vert x \\right\\vert", "abs(x)"),
        ("\\lvert x \\rvert", "abs(x)"),
        ("\\frac{|x|}{2}", "abs(x)/2"),
    ] {
        let r = run(&["simplify", input, "--format", "plain"]);
        assert_eq!(assert_quick_ok(&r), want, "{input}");
    }
}

/// A 100,000-character line in an error was printed whole; now a window around the caret.
#[test]
fn bug_error_on_a_long_line_printed_the_whole_line() {
    let deep = "(".repeat(100_000) + "x";
    let r = run_stdin(&["simplify", "-"], &deep);
    assert_error(&r, 2, "the input nests too deeply");
    assert!(r.stderr.len() < 1000, "{} bytes of stderr", r.stderr.len());
    assert!(r.stderr.contains('…'), "{}", r.stderr);
}

/// Fuzzing (parse): `0.546^0.22323` is (273/500)^(22323/100000); putting it in radical normal
/// form built a 900,000-bit radicand and divided out 100000th powers one prime at a time.
/// (The fuzzer's input was `+45.53.546^.22323.5`; a number running into a second decimal
/// point is now an error, so the same product is written with spaces.)
#[test]
fn bug_decimal_power_with_a_large_root_hangs() {
    let r = run(&["simplify", "+45.53 .546^.22323 .5", "--format", "plain"]);
    assert_eq!(assert_quick_ok(&r), "4553*(273/500)^(22323/100000)/200");
}

/// Interning a big rational hashed its continued fraction (num-rational's `Hash`), one big
/// division and one stack frame per term: seconds of work, and a stack overflow on 8 MB.
#[test]
fn bug_big_rationals_hash_through_their_continued_fraction() {
    let r = run(&["eval", "(3/7)^20000 + (5/11)^20000", "--format", "json"]);
    assert_quick_ok(&r);
}

/// A sum of many fractions with different denominators ran a gcd on an ever larger
/// denominator per term: 3,000 primes took 12 s. Work on large numbers is now bounded.
#[test]
fn bug_sum_of_many_fractions_runs_for_minutes() {
    let mut primes = Vec::new();
    let mut n = 2u32;
    while primes.len() < 3000 {
        if primes.iter().take_while(|&&p| p * p <= n).all(|&p| !n.is_multiple_of(p)) {
            primes.push(n);
        }
        n += 1;
    }
    let sum: Vec<String> = primes.iter().map(|p| format!("1/{p}")).collect();
    let r = run_stdin(&["simplify", "-", "--max-work", "5000000"], &sum.join("+"));
    assert_error(&r, 1, "exact arithmetic on large numbers takes too long (limit: 5000000 steps)");
    assert!(r.stderr.contains("--max-work N or the environment variable GRADCALC_MAX_WORK"), "{}", r.stderr);
}

/// Fuzzing (parse): `22e-244444` reduced 22/10^244444 with num-bigint's binary gcd, which
/// shifts the 812,000-bit power one step at a time: 0.8 s in release, over the fuzzer's 2 s
/// with sanitizers. The gcd now starts with one division.
#[test]
fn bug_decimal_with_a_large_negative_exponent_is_slow() {
    let r = run(&["simplify", "22e-244444", "--format", "plain"]);
    let out = assert_quick_ok(&r);
    assert!(out.starts_with("11/5000") && out.len() == 244_447, "{}", &out[..40]);
}

/// Fuzzing (eval): the gradient of 492·x^(3648r) at r = -73/16, x = 71/16 multiplied and
/// took the content of rationals of 100,000+ bits with num-bigint's binary gcd (a bit at a
/// time when one number is much larger): 0.48 s in release, over 2 s under sanitizers. Now a
/// Euclid step first. (The work limit ended it while it charged w² for any operation on a
/// w-word number; charged by the sizes of both operands, the exact gradient of 100,000-bit
/// rationals now prints, in 50 ms.)
#[test]
fn bug_huge_rational_gradient_at_a_point_is_slow() {
    let r = run(&["grad", "6x^(3648r/1)82", "--at", "r=-73/16,x=71/16"]);
    let out = assert_quick_ok(&r);
    assert!(out.contains("∇f(-73/16, 71/16) = (423653947722644732154560922513524298"), "{}", &out[..200]);
}

/// Fuzzing (pipeline): printing a product multiplied its rational coefficients with
/// num-rational's `*=`, whose binary gcd crawls when one number is much larger than the
/// other: the gradient of s·0.5444444^4222·… took 0.42 s in release (over 2 s in the
/// fuzzer). Now the size-aware product of `number::mul`: 13 ms.
#[test]
fn bug_printing_a_product_with_a_huge_coefficient_is_slow() {
    let r = run(&["grad", "s.5444444**4222expr**444qsqr", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.elapsed < SLOW, "took {:?}", r.elapsed);
}

/// Fuzzing (eval): ordering the terms of a sum added the exponents of each monomial with
/// num-rational's `+`, whose gcd crawled on a 290,000-bit exponent (k6^2576^25703): the
/// gradient at a point took 2.9 s. Integer exponents now add without a gcd: 0.27 s, most of
/// it writing the 87,000-digit number in decimal. (Since 0.2 a value at a point needs the
/// parameters k6, o, q too, so the symbolic gradient, whose terms are sorted the same way,
/// is what is timed: 0.2 s.)
#[test]
fn bug_sorting_terms_with_a_huge_exponent_is_slow() {
    let src = "oiiiqabsiiiaqqqqqbabsiiiiiabsiabXXXXXabXXbk6^2576^25703";
    let r = run(&["grad", src, "--vars", "X,a,b,i", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.elapsed < SLOW, "took {:?}", r.elapsed);
}

/// Fuzzing (parse): the radical normal form of a decimal to a decimal power
/// (`2.1126^22727.2`) reduced its fraction with num-rational's binary gcd: 1.1 s in release,
/// over 2 s in the fuzzer. Now the size-aware gcd: the work limit ends it at once.
#[test]
fn bug_radical_of_a_decimal_power_is_slow() {
    for src in ["02.1126^22727.2b", "7.33xy666667^26666^2663301^.66^61331.665"] {
        let r = run(&["simplify", src]);
        assert!(r.elapsed < SLOW, "{src}: took {:?}", r.elapsed);
        assert!(r.code == 0 || r.stderr.starts_with("error: "), "{src}: {}", r.stderr);
    }
}

/// Fuzzing (pipeline): the term order adds the exponents of a monomial; a fractional
/// exponent of 60,000 digits (444.8888888^8874) went through num-rational's `+` and its
/// binary gcd: simplify took 3.9 s. Now `number::add` (gcds on the smaller numbers): 10 ms.
#[test]
fn bug_adding_huge_fractional_exponents_is_slow() {
    let r = run(&["simplify", "sig**444.8888888**8874*44nn pp^4oKKξ*8-xKKvi", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.elapsed < SLOW, "took {:?}", r.elapsed);
}

/// Fuzzing (parse, round 6): a leading minus on a sum with a 183,000-bit coefficient
/// (`-(… - 3e55055 …)`, six signs deep) multiplied each coefficient by -1 with num-rational's
/// `*`, whose binary gcd with 1 shifts the large number a bit at a time: 0.5 s in the command
/// line, over 5 s in the fuzzer. (The work limit had hidden it while it charged w² for any
/// operation on a w-word number.) Now `number::mul`: 6 ms.
#[test]
fn bug_negating_a_sum_with_a_huge_coefficient_is_slow() {
    let r = run(&["simplify", "------(--{-a\\quad-55055-\r16^-3x12-3e55055--33^-33})+0", "--format", "plain"]);
    let out = assert_quick_ok(&r);
    assert!(
        out.starts_with("-a - x12/4096 - 38733012026328308351884808980399360661801155014153900000"),
        "{}",
        &out[..80]
    );
}

/// Fuzzing (pipeline, round 7): x to the power 5^99099 (230,000 bits) times eleven other
/// variables. Its gradient used to stop at the work limit; charged by both operands' sizes,
/// it now prints (each component holds the 69,000-digit exponent) in a fraction of a second.
#[test]
fn fuzz_gradient_with_a_huge_integer_exponent_prints() {
    let r = run(&["grad", "XsgMCcexpUUrUUUWx**(5)^99099nsrct", "--format", "plain"]);
    let out = assert_quick_ok(&r);
    assert!(out.starts_with("[M*X*c*g*s*exp(U^5*W*c*n*r^2*s*t*x^169223118895886725168929999"), "{}", &out[..80]);
    assert!(out.ends_with(']'), "{}", &out[out.len() - 80..]);
}

// ----- one source for each message, and panics -----

/// `--points` was a second pipeline with messages of its own that had drifted:
/// `diff "5" --points f.csv` said "which variable? the expression has none", and
/// `grad "5" --points f.csv` complained about the CSV header. A command now gives `--points`
/// its own symbolic part, so both paths say the same thing.
#[test]
fn bug_points_had_messages_of_their_own() {
    let cases: &[&[&str]] = &[
        &["diff", "5"],
        &["diff", "x*y"],
        &["diff", "x^2", "x^0"],
        &["grad", "5"],
        &["hessian", "5"],
        &["jacobian", "5, 6"],
        &["diff", "(-2)^x", "x"],
        &["dir", "x^2+y^2+z^2", "--at", "1,2,3", "--angle", "1"],
        &["dir", "x^2+y^2", "--at", "1,2", "--along", "0,0"],
        &["dir", "x^2+y^2", "--at", "1,2", "--along", "1,2,3"],
        &["dir", "x^2+y^2", "--at", "1,2"],
    ];
    for args in cases {
        let alone = run(args);
        let with_points = run_stdin(&[*args, &["--points", "-"]].concat(), "1,2\n");
        assert_ne!(alone.code, 0, "{args:?}");
        let first_line = |r: &Run| r.stderr.lines().next().unwrap_or("").to_string();
        assert_eq!(first_line(&alone), first_line(&with_points), "{args:?}");
        assert_eq!(alone.code, with_points.code, "{args:?}");
    }
}

/// A panic is a bug: one `error: internal error: …, please report this` line, exit 101, no
/// backtrace. (Debug builds panic on request, with GRADCALC_TEST_PANIC.)
#[cfg(debug_assertions)]
#[test]
fn a_panic_is_an_internal_error_with_exit_101() {
    let r = run_env(&["diff", "x^2", "x"], None, &[("GRADCALC_TEST_PANIC", "start")]);
    assert_eq!(r.code, 101, "{}", r.stderr);
    assert!(r.stderr.starts_with("error: internal error: a panic requested by GRADCALC_TEST_PANIC"), "{}", r.stderr);
    assert!(r.stdout.is_empty() && !r.stderr.contains("backtrace"), "{}", r.stderr);
}

/// `--points` formats a large output in parallel chunks; a formatter thread that panicked
/// lost its chunk, and the rest was printed with exit 0. Now the panic is an internal error.
#[cfg(debug_assertions)]
#[test]
fn bug_a_panicking_formatter_thread_lost_its_chunk() {
    let rows: String = (0..6000).map(|i| format!("{i}\n")).collect();
    let env = [("GRADCALC_TEST_PANIC", "formatter"), ("GRADCALC_THREADS", "4")];
    for format in ["text", "json", "csv", "plain"] {
        let r = run_env(&["eval", "x^2", "--points", "-", "--format", format], Some(rows.as_bytes()), &env);
        assert_eq!(r.code, 101, "--format {format}: {}", r.stderr);
        assert!(r.stderr.contains("error: internal error: a panic in a formatter thread"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "--format {format}: printed {} bytes", r.stdout.len());
    }
    // Without the request, the same run prints every row.
    let r = run_env(&["eval", "x^2", "--points", "-", "--format", "csv"], Some(rows.as_bytes()), &env[1..]);
    assert_eq!((r.code, r.stdout.lines().count()), (0, 6001), "{}", r.stderr);
}

/// Fuzzing (pipeline, round 8): q to the power 4^90000 (a 54,000-digit exponent) among a dozen
/// variables; its gradient and differential print in a fraction of a second (the fuzzer's
/// timeout came from a loaded machine).
#[test]
fn fuzz_gradient_with_a_54000_digit_exponent_prints() {
    for command in ["grad", "differential"] {
        let r = run(&[command, "CMCCrMAXxT ALCAeCCst**ClCCsq**(4)^90000Y01", "--format", "json"]);
        assert_quick_ok(&r);
    }
}

/// Fuzzing (pipeline, issue 13): the decimal-comma hint looked back from the comma for the
/// start of the number by bytes, and cut `θ` in half (`\tθ0,5`): a panic. Digits after a letter
/// are a subscript, and get no hint.
#[test]
fn bug_decimal_comma_hint_after_a_greek_letter_panicked() {
    for src in ["\tθ0,5", "θ10,5", "σ1,2", "3,5x"] {
        let r = run(&["simplify", src]);
        assert_eq!(r.code, 2, "{src}: {}", r.stderr);
        assert!(r.stderr.starts_with("error:") && !r.stderr.contains("internal error"), "{src}: {}", r.stderr);
    }
}

/// Fuzzing (pipeline, issue 13): `Ilog1p p` split its run with `log` as the known name and the
/// `1` of `log1p` as a variable named "1" (printed `ln(1*p)`, read back as ln(p)). A run ending
/// in `log1p` now splits its prefix and then takes log1p whole.
#[test]
fn bug_letters_before_log1p_made_a_variable_named_one() {
    let r = run(&["simplify", "Ilog1p p", "--format", "plain"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "I*ln(p + 1)");
    let r = run(&["simplify", " xs Ilog1p+ y"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("function 'log1p' needs an argument before '+'"), "{}", r.stderr);
}

/// Fuzzing (pipeline, issue 13): a power of the variable d over something (`d^2/C`, printed
/// so by gradcalc) was read as the start of Leibniz's `d^2/dx^2` and refused, so the plain
/// form did not read back. Leibniz's notation needs `d…` right after the slash.
#[test]
fn bug_a_power_of_d_divided_was_read_as_leibniz_notation() {
    for (src, plain) in
        [("2 a d^2/C", "2*a*d^2/C"), ("d^2/c^2", "d^2/c^2"), ("d^23/sqrt(d^24 + 1)", "d^23/sqrt(d^24 + 1)")]
    {
        let r = run(&["simplify", src, "--format", "plain"]);
        assert_eq!(r.code, 0, "{src}: {}", r.stderr);
        assert_eq!(r.stdout.trim(), plain, "{src}");
    }
}

/// Profiling (issue 13): the text printer asked whether the letters before each `(` would read
/// back as a call (`xyz(x - 1)`, `f(x + 1)`) by searching everything printed so far for a
/// LaTeX name: quadratic in the output, 76 s for the W3 gradient (0.3 s before). It looks at
/// the end of the output only. A sum of 50,000 products `x(y + k)` prints in text with each
/// `(` after a letter (0.4 s in release, about 3 s in a debug build).
#[test]
fn bug_printing_a_bracket_after_letters_looked_at_the_whole_output() {
    let src: Vec<String> = (1..=50_000).map(|k| format!("x(y + {k})")).collect();
    let r = run_stdin(&["simplify", "-"], &src.join(" + "));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.trim_end().ends_with("x(y + 50000)"), "{}", &r.stdout[r.stdout.len().saturating_sub(80)..]);
    assert!(r.elapsed < Duration::from_secs(15), "took {:?}", r.elapsed);
}

/// A short command line runs on the main thread, not on the thread with the large stack
/// (src/cli/stack.rs): bracket nesting, the input that takes the most stack per byte, as long
/// as the longest command line that runs there still gets its answer, under a small, the usual
/// and a large stack limit (`ulimit -s`); one byte more goes to the large stack and gets it too.
#[cfg(unix)]
#[test]
fn nesting_as_long_as_the_main_thread_takes_fits_its_stack() {
    let bin = env!("CARGO_BIN_EXE_gradcalc");
    let hard = Command::new("sh").args(["-c", "ulimit -H -s"]).output().expect("sh runs");
    let hard = String::from_utf8_lossy(&hard.stdout).trim().parse::<u64>().unwrap_or(u64::MAX);
    let mut tested = 0;
    for kib in [1024u64, 8192, 32768] {
        if kib > hard {
            continue; // A hard limit lower than that cannot be raised without privileges.
        }
        let longest = gradcalc::cli::longest_on_the_main_thread(kib << 10);
        for (command, answer) in [("diff", "f(x) = x\n∂f/∂x = 1\n"), ("simplify", "x\n")] {
            let args_before = [bin, command];
            let args_after: &[&str] = if command == "diff" { &["x"] } else { &[] };
            // Each argument counts its length and one byte more.
            let fixed: usize = args_before.iter().chain(args_after).map(|a| a.len() + 1).sum();
            for extra in [0, 1] {
                let Some(room) = (longest + extra).checked_sub(fixed + 1).filter(|&r| r >= 1) else {
                    continue;
                };
                let depth = (room - 1) / 2;
                let expr = format!("{}x{}{}", "(".repeat(depth), ")".repeat(depth), " ".repeat(room - 1 - 2 * depth));
                assert_eq!(expr.len(), room);
                let script = format!("ulimit -S -s {kib} && exec \"$0\" \"$@\"");
                let mut argv = vec!["-c", &script, bin, command, &expr];
                argv.extend(args_after);
                let out = Command::new("sh")
                    .args(&argv)
                    .env("GRADCALC_MAX_DEPTH", "1000000")
                    .stdin(Stdio::null())
                    .output()
                    .expect("sh runs");
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(0), "{command}, {kib} KiB, depth {depth}: {stderr}");
                assert_eq!(String::from_utf8_lossy(&out.stdout), answer, "{command}, {kib} KiB, depth {depth}");
                tested += 1;
            }
        }
    }
    assert!(tested > 0, "no stack limit could be set");
}
