//! The workloads of `shared/bench` (W1-W6) run in-process, phase by phase: parse,
//! differentiate, print (and for W4, evaluating the compiled tape at 10^6 points already in
//! memory, the one figure a whole-process timing cannot give).
//!
//!     cargo bench --bench workloads                   # every workload, a table of medians
//!     cargo bench --bench workloads -- W1b W4         # only these (prefix match on the id)
//!     cargo bench --bench workloads -- --jsonl W4     # peers.py's JSON lines instead of a table
//!
//! Inputs are the committed copies in `benches/workloads/` (see its README). Each figure is
//! the median of up to 7 runs (at least 3, stopping once 3 s are spent). The whole-process
//! figures beside the peers come from `scripts/bench-vs-peers.sh`, which also appends this
//! bench's W4 `eval` line so that the ratio table has it. Not a test: nothing is asserted
//! about time, only that the W4 values add up to the figure every peer agrees on.

use gradcalc::calculus::{self, Deriver};
use gradcalc::eval::tape::Tape;
use gradcalc::expr::{ExprId, Pool, SymId};
use gradcalc::limits::Limits;
use gradcalc::print::{sort_vars, Printer, Style};
use gradcalc::syntax::{parse, ParseOptions};
use std::time::{Duration, Instant};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/workloads");

fn input(name: &str) -> String {
    let path = format!("{DIR}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")).trim().to_string()
}

#[derive(Clone, Copy)]
enum Task {
    Grad,
    Hessian,
    Diff(usize),
}

struct Case {
    id: &'static str,
    param: String,
    file: String,
    task: Task,
    style: Style,
}

fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    let case = |id, param: String, file: String, task, style| Case { id, param, file, task, style };
    for n in [10, 100, 400] {
        v.push(case("W1a", n.to_string(), format!("w1_{n}.txt"), Task::Grad, Style::Plain));
    }
    for n in [10, 100, 400] {
        v.push(case("W1b", n.to_string(), format!("w1_{n}.txt"), Task::Hessian, Style::Plain));
    }
    for k in [4, 8, 12] {
        v.push(case("W2", k.to_string(), "w2.txt".into(), Task::Diff(k), Style::Plain));
    }
    for s in [5000, 50000] {
        v.push(case("W3", s.to_string(), format!("w3_{s}.txt"), Task::Grad, Style::Plain));
    }
    v.push(case("W6", "100".into(), "w1_100.txt".into(), Task::Hessian, Style::Latex));
    v
}

/// Seconds of each phase of one run, and the printed size.
struct Run {
    parse: f64,
    derive: f64,
    print: f64,
    chars: usize,
}

fn run_once(c: &Case, text: &str) -> Run {
    let t0 = Instant::now();
    let mut pool = Pool::new(Limits::default());
    let f = parse(&mut pool, text, &ParseOptions::default()).expect("the workload parses");
    let mut vars: Vec<SymId> = (0..pool.symbol_count() as u32).map(SymId).collect();
    sort_vars(&pool, &mut vars);
    let t1 = Instant::now();
    let mut d = Deriver::new();
    let rows: Vec<Vec<ExprId>> = match c.task {
        // As the commands print them: in their presentable (textbook) forms.
        Task::Grad => {
            let g = calculus::gradient(&mut d, &mut pool, f, &vars);
            vec![calculus::present::presentable_all(&mut pool, &g)]
        }
        Task::Hessian => calculus::present::hessian(&mut d, &mut pool, f, &vars),
        Task::Diff(k) => {
            // As `gradcalc diff`: step by step, in the presentable form.
            vec![vec![calculus::present::derivative(&mut d, &mut pool, f, &vec![vars[0]; k], &vars)]]
        }
    };
    assert!(pool.limit_hit().is_none(), "{} {}: a limit was hit", c.id, c.param);
    let t2 = Instant::now();
    let printer = Printer::new(&pool, c.style);
    let mut out = String::new();
    let mut s = printer.session(&mut out);
    for (i, row) in rows.iter().enumerate() {
        s.push_str(if i == 0 { "[" } else { ", [" });
        for (j, &e) in row.iter().enumerate() {
            if j > 0 {
                s.push_str(", ");
            }
            s.write(e);
        }
        s.push_str("]");
    }
    let t3 = Instant::now();
    let chars = out.chars().count();
    Run { parse: secs(t1 - t0), derive: secs(t2 - t1), print: secs(t3 - t2), chars }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Up to 7 runs, at least 3, no more once 3 s are spent (after one warm-up run).
fn repeat<T>(mut f: impl FnMut() -> T) -> Vec<T> {
    f();
    let start = Instant::now();
    let mut runs = Vec::new();
    while runs.len() < 3 || (runs.len() < 7 && start.elapsed() < Duration::from_secs(3)) {
        runs.push(f());
    }
    runs
}

// ------------------------------------------------------------------ W4: evaluation only

/// splitmix64, as gen_workloads.py writes the W4 CSV: the same 10^6 points, in memory.
fn w4_points(n: usize) -> Vec<f64> {
    let mut state: u64 = 20261122;
    let mut next = move || {
        state = state.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    };
    // Integer micro-units, printed with 6 decimals and read back: the nearest double of
    // the CSV's text, as `--points` reads it.
    (0..n * 3).map(|_| ((next() % 2_000_001) as i64 - 1_000_000) as f64 / 1e6).collect()
}

fn w4_eval(jsonl: bool) {
    let n = 1_000_000;
    let mut pool = Pool::new(Limits::default());
    let f = parse(&mut pool, &input("w4.txt"), &ParseOptions::default()).expect("w4 parses");
    let vars: Vec<SymId> = ["x", "y", "z"].iter().map(|v| pool.symbol(v)).collect();
    let mut d = Deriver::new();
    let g = calculus::gradient(&mut d, &mut pool, f, &vars);
    let tape = Tape::compile(&pool, &g, &vars);
    let xs = w4_points(n);
    let mut out = vec![0.0; n * 3];
    let mut timed = |threads: &str| {
        std::env::set_var("GRADCALC_THREADS", threads);
        repeat(|| {
            let t = Instant::now();
            tape.eval_many(&xs, n, &mut out);
            secs(t.elapsed())
        })
    };
    let one = median(timed("1"));
    let all_threads = gradcalc::eval::tape::threads_available().to_string();
    let times = timed(&all_threads);
    std::env::remove_var("GRADCALC_THREADS");
    let check = out.iter().sum::<f64>();
    // Every peer in shared/bench agrees on this sum (results-2026-11-22.md).
    assert!((check - 548501.057).abs() < 1e-2, "W4 check sum {check}, expected 548501.057");
    let med = median(times.clone());
    if jsonl {
        let all: Vec<String> = times.iter().map(|t| format!("{t:.6}")).collect();
        println!(
            "{{\"peer\": \"gradcalc\", \"workload\": \"W4\", \"param\": \"eval\", \"seconds_median\": {med:.6}, \"runs\": {}, \"output_chars\": null, \"status\": \"ok\", \"seconds_all\": [{}], \"one_thread_s\": {one:.6}, \"check\": {check:.4}, \"note\": \"in-process (cargo bench --bench workloads): the f64 tape of the 3 partials over 10^6 points in memory, {all_threads} threads; 1 thread: {:.1} ms\"}}",
            times.len(),
            all.join(", "),
            one * 1e3
        );
    } else {
        println!(
            "| W4 | eval | | | {} ({all_threads} threads), {} (1 thread) | | (tape over 10^6 points in memory; check {check:.3}) |",
            fmt(med),
            fmt(one)
        );
    }
}

fn fmt(t: f64) -> String {
    if t >= 1.0 {
        format!("{t:.2} s")
    } else {
        format!("{:.2} ms", t * 1e3)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let jsonl = args.iter().any(|a| a == "--jsonl");
    let filters: Vec<String> = args.iter().filter(|a| !a.starts_with("--")).cloned().collect();
    let wanted = move |id: &str| filters.is_empty() || filters.iter().any(|f| id.starts_with(f.as_str()));
    // Deep inputs recurse deeply, as in the CLI: run on a thread with a large stack.
    let worker = std::thread::Builder::new().stack_size(1 << 30).spawn(move || {
        if !jsonl {
            println!("| workload | param | parse | differentiate | print | total (median) | output chars |");
            println!("|---|---|---|---|---|---|---|");
        }
        for c in cases().into_iter().filter(|c| wanted(c.id)) {
            let text = input(&c.file);
            let runs = repeat(|| run_once(&c, &text));
            let chars = runs[0].chars;
            let total = median(runs.iter().map(|r| r.parse + r.derive + r.print).collect());
            let (p, d, pr) = (
                median(runs.iter().map(|r| r.parse).collect()),
                median(runs.iter().map(|r| r.derive).collect()),
                median(runs.iter().map(|r| r.print).collect()),
            );
            if jsonl {
                println!(
                    "{{\"peer\": \"gradcalc-inproc\", \"workload\": \"{}\", \"param\": \"{}\", \"seconds_median\": {total:.6}, \"runs\": {}, \"output_chars\": {chars}, \"status\": \"ok\", \"parse_s\": {p:.6}, \"compute_s\": {d:.6}, \"print_s\": {pr:.6}}}",
                    c.id,
                    c.param,
                    runs.len()
                );
            } else {
                println!(
                    "| {} | {} | {} | {} | {} | {} | {chars} |",
                    c.id,
                    c.param,
                    fmt(p),
                    fmt(d),
                    fmt(pr),
                    fmt(total)
                );
            }
        }
        if wanted("W4") {
            w4_eval(jsonl);
        }
    });
    if worker.map(|h| h.join()).map_or(true, |r| r.is_err()) {
        std::process::exit(1);
    }
}
