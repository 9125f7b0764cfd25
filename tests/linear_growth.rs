//! Guards against superlinear work on big input that do not depend on the machine's speed.
//!
//! The 16 shapes of `../shared/stress/big_inputs.py` (the same formulas, at a few KB instead
//! of 1 MB) each run through the whole command line in this process (`cli::run_args`), at
//! size n and 4n, and what they cost is counted, not timed:
//!
//! - bytes and calls of heap allocation (a counting global allocator; deterministic, since
//!   everything here runs on one thread): linear work grows about 4× from n to 4n, quadratic
//!   16×, and the hangs this guards against all allocated their way there (letter runs tried
//!   every prefix as a new string, flat sums interned every partial union of free variables);
//! - the pool's size (nodes plus operands) after parsing: at most one unit per byte of input,
//!   and growing at most in proportion.
//!
//! The fixed cost of a command (argument parsing, tables) is measured on `x` and taken off
//! first, so that it does not hide growth at these small sizes. The full-size run, with
//! times and peak memory, is `python3 ../shared/stress/big_inputs.py target/release/gradcalc`
//! (README, "Performance").
//!
//! One test function on purpose: the allocator counts the whole process, so nothing else may
//! run beside it.

use gradcalc::expr::Pool;
use gradcalc::syntax::{parse, ParseOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// The system allocator, counting what is asked of it.
struct Counting;

static BYTES: AtomicU64 = AtomicU64::new(0);
static CALLS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed on unchanged to the system allocator; the counters are atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        CALLS.fetch_add(1, Relaxed);
        // SAFETY: the caller's contract for `alloc` is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        CALLS.fetch_add(1, Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation may copy the whole block: it counts its new size.
        BYTES.fetch_add(new_size as u64, Relaxed);
        CALLS.fetch_add(1, Relaxed);
        // SAFETY: as for `dealloc`; `new_size` is the caller's, under the same contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// (bytes, calls) allocated while `f` runs.
fn allocation_of<T>(f: impl FnOnce() -> T) -> (u64, u64, T) {
    let (b0, c0) = (BYTES.load(Relaxed), CALLS.load(Relaxed));
    let out = f();
    (BYTES.load(Relaxed) - b0, CALLS.load(Relaxed) - c0, out)
}

/// One shape of big_inputs.py: its name, the command line (with `EXPR` for the input) and
/// the input at about `n` bytes.
struct Shape {
    name: &'static str,
    args: &'static [&'static str],
    text: String,
}

fn join(items: impl Iterator<Item = String>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

/// The shapes of `big_inputs.py`, by the same formulas. The nesting shapes, fixed at 400 and
/// 450 levels there, grow with n here (n/40 levels, within the depth limit at 4n).
fn shapes(n: usize) -> Vec<Shape> {
    let k = (n / 8).max(1);
    let shape = |name, args, text| Shape { name, args, text };
    let depth = n / 40;
    vec![
        shape("letter-run", &["diff", "EXPR", "x"], "x".repeat(n)),
        shape("two-letter-run", &["diff", "EXPR", "a"], "ab".repeat(n / 2)),
        shape("flat-sum", &["diff", "EXPR", "x1"], join((0..k).map(|i| format!("x{i}")), "+")),
        shape("flat-product", &["diff", "EXPR", "x1"], join((0..k).map(|i| format!("x{i}")), "*")),
        shape(
            "sum-of-squares",
            &["grad", "EXPR", "--format", "json"],
            join((0..n / 14).map(|i| format!("(x{}-{i})^2", i % 64)), "+"),
        ),
        shape("repeated-x-sum", &["diff", "EXPR", "x"], join((0..n / 2).map(|_| "x".to_string()), "+")),
        shape("repeated-x-product", &["diff", "EXPR", "x"], join((0..n / 2).map(|_| "x".to_string()), "*")),
        shape("juxtaposed-terms", &["diff", "EXPR", "x"], join((0..n / 3).map(|_| "2x".to_string()), " ")),
        shape(
            "polynomial-terms",
            &["diff", "EXPR", "y"],
            join((0..n / 14).map(|i| format!("{i}x^{}y^{}", i % 50, i % 7)), "+"),
        ),
        shape("long-integer", &["eval", "EXPR", "--at", "1"], format!("x*{}", "7".repeat(n))),
        shape("long-decimal", &["simplify", "EXPR"], format!("0.{}", "3".repeat(n))),
        shape("nested-sin", &["diff", "EXPR", "x"], format!("{}x{}", "sin(".repeat(depth), ")".repeat(depth))),
        shape("deep-parens", &["diff", "EXPR", "x"], format!("{}x{}", "(".repeat(depth), ")".repeat(depth))),
        shape("many-calls", &["diff", "EXPR", "x"], join((0..n / 12).map(|i| format!("sin({i}x)")), "+")),
        shape(
            "latex-fracs",
            &["diff", "EXPR", "x"],
            join((0..n / 12).map(|i| format!("\\frac{{x}}{{{}}}", i + 1)), "+"),
        ),
        shape("unknown-letters", &["diff", "EXPR", "a"], "abcdefghijklmnopqrstuvw".repeat(n / 23)),
    ]
}

/// What one command line cost.
struct Cost {
    /// Heap bytes and calls allocated.
    bytes: u64,
    calls: u64,
    /// Bytes read and written: the input and what was printed.
    size: u64,
    code: u8,
}

/// The command line of `shape` with `text` for EXPR.
fn run(shape: &Shape, text: &str) -> Cost {
    let args: Vec<&str> = shape.args.iter().map(|&a| if a == "EXPR" { text } else { a }).collect();
    let (bytes, calls, (code, out, err)) = allocation_of(|| gradcalc::cli::run_args(&args));
    assert!(!err.contains("internal error"), "{}: {err}", shape.name);
    Cost { bytes, calls, size: (text.len() + out.len() + err.len()) as u64, code }
}

/// Pool size (nodes plus operands) after parsing `text`.
fn parsed_size(text: &str) -> usize {
    let mut pool = Pool::default();
    let _ = parse(&mut pool, text, &ParseOptions::default());
    pool.size()
}

/// How much faster than the text read and written (or than the input, 4×, when the text
/// grows slower) the cost may grow from n to 4n. Linear work grows with the text: the shapes
/// stay within 1.15× of it. A part quadratic in the input grows 4× faster: the free-variable
/// sets of a flat sum, interned pairwise, made its cost grow 8.8× (1.9× the text's 4.6×)
/// from 4,000 to 16,000 bytes; splitting letter runs by every prefix, 63×.
const MAX_EXCESS: f64 = 1.3;

/// The same for the shapes that are one long number: multiplying and converting n-digit
/// numbers costs n^1.58 (num-bigint's Karatsuba), 2.25× faster than the text from n to 4n.
const MAX_EXCESS_NUMBERS: f64 = 2.5;

/// Pool units (nodes plus operands) per byte of input at most: every shape parses into at
/// most one per byte.
const MAX_POOL_PER_BYTE: f64 = 1.0;

#[test]
fn big_input_shapes_grow_linearly() {
    // Deep inputs recurse: run on a stack sized like the binary's worker thread.
    std::thread::Builder::new()
        .stack_size(gradcalc::cli::STACK_BYTES / 4)
        .spawn(check_every_shape)
        .expect("a thread to run the shapes on")
        .join()
        .expect("the shapes ran without a panic");
}

fn check_every_shape() {
    let n = 4_000;
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (small, large) in shapes(n).into_iter().zip(shapes(4 * n)) {
        // The first run fills tables built once per process (the automaton of known names).
        run(&small, &small.text);
        let base = run(&small, "x");
        let (one, four) = (run(&small, &small.text), run(&large, &large.text));
        let growth = |f: fn(&Cost) -> u64| {
            f(&four).saturating_sub(f(&base)) as f64 / f(&one).saturating_sub(f(&base)).max(1) as f64
        };
        let text = four.size as f64 / one.size as f64;
        let (bytes, calls) = (growth(|c| c.bytes), growth(|c| c.calls));
        let (p1, p4) = (parsed_size(&small.text), parsed_size(&large.text));
        report.push(format!(
            "{:18} exit {}/{}  text {:>7} → {:>8} ({text:4.1}×)  alloc bytes {:>9} → {:>10} ({bytes:4.1}×)  calls {:>6} → {:>7} ({calls:4.1}×)  pool {p1:>5} → {p4:>5}",
            small.name, one.code, four.code, one.size, four.size, one.bytes, four.bytes, one.calls, four.calls
        ));
        // Against the input's growth (4×) or the text's, whichever is larger: an output
        // that grows faster than the input (nested-sin's) may take its cost with it.
        let allowed = text.max(4.0) * if small.name.starts_with("long-") { MAX_EXCESS_NUMBERS } else { MAX_EXCESS };
        if bytes > allowed || calls > allowed {
            failures.push(format!("{}: the cost grows more than {allowed:.1}× from n to 4n", small.name));
        }
        if p4 as f64 > MAX_POOL_PER_BYTE * large.text.len() as f64 + 100.0 || p4 as f64 > 4.0 * MAX_EXCESS * p1 as f64 {
            failures.push(format!(
                "{}: {p1} → {p4} pool units for {} → {} bytes",
                small.name,
                small.text.len(),
                large.text.len()
            ));
        }
    }
    let report = report.join("\n");
    println!("{report}");
    assert!(failures.is_empty(), "{}\n\n{report}", failures.join("\n"));
}
