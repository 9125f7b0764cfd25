//! The command line, and nothing but: clap's arguments (`args`) → one validated
//! `request::Request` → for each input, the command's file in `commands/` (a library call
//! and the formatting of its result, or `points/` for many points) → a `report::Report`
//! → stdout, with warnings and errors on stderr and the exit code: 0, 1 for a mathematical
//! error, 2 for bad usage or input (see the README's "Exit codes and errors").
//!
//! The only module that sees all the others; none of them imports it.

mod args;
mod checks;
mod commands;
mod coordinates;
#[cfg(test)]
mod flag_effects;
mod format;
mod input;
mod integration;
mod points;
mod problem;
mod report;
mod request;
mod stack;
pub use stack::longest_on_the_main_thread;
#[cfg(debug_assertions)]
mod test_panic;

use crate::diagnostic;
use crate::error::Error;
use args::{Cli, ColorChoice, TopLevel};
use clap::Parser;
use report::Report;
use request::{CommandLine, Request, Source};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Deep expressions recurse deeply in parsing, differentiation and printing; the work runs
/// on a thread with a stack sized for the nesting limit instead of the default 8 MB. The
/// stack is reserved address space: only the pages a deep input touches become memory.
pub const STACK_BYTES: usize = 1 << 30;

pub fn main() -> ExitCode {
    install_panic_hook();
    let cli = match Cli::from_process_args() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let command = match cli.command {
        TopLevel::Math(command) => command,
        other => {
            // `completions` and `man`: a script or a page on standard output.
            let out = integration::output(&other).unwrap_or_default();
            return ExitCode::from(if std::io::stdout().write_all(&out).is_ok() { 0 } else { 1 });
        }
    };
    ExitCode::from(if stack::fits_the_main_thread() {
        // Everything the request reads so far is on the command line: checking it here
        // cannot nest deeper than the command line is long.
        match caught(|| prepare(command)).and_then(|prepared| prepared) {
            Err(code) => code,
            Ok(request) if request.source == Source::StandardInput || request.options.points.is_some() => {
                // Lines of standard input or a file can nest as deep as the limits allow.
                on_a_large_stack(move || execute(request))
            }
            Ok(request) => caught(|| execute(request)).unwrap_or_else(|code| code),
        }
    } else {
        on_a_large_stack(move || prepare(command).map_or_else(|code| code, execute))
    })
}

/// Runs `work` on a new thread with a stack of [`STACK_BYTES`] and returns its exit code (101
/// after a panic). Under a tight `ulimit -v` a 1 GiB stack cannot be reserved: tries a
/// smaller one, then this thread's own, rather than fail before reading the input.
fn on_a_large_stack(work: impl FnOnce() -> u8 + Send + 'static) -> u8 {
    let work = std::sync::Arc::new(std::sync::Mutex::new(Some(work)));
    for stack in [STACK_BYTES, STACK_BYTES / 16] {
        let work = work.clone();
        let spawned = std::thread::Builder::new().stack_size(stack).spawn(move || {
            let work = work.lock().ok().and_then(|mut w| w.take());
            work.map_or(101, |w| w())
        });
        if let Ok(handle) = spawned {
            // The panic hook has already printed the message.
            return handle.join().unwrap_or(101);
        }
    }
    let work = work.lock().ok().and_then(|mut w| w.take());
    match work {
        Some(work) => caught(work).unwrap_or_else(|code| code),
        None => 101,
    }
}

/// `work`'s result, or `Err(101)` if it panicked (the panic hook has printed the message).
fn caught<T>(work: impl FnOnce() -> T) -> Result<T, u8> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|_| 101)
}

/// A panic is a bug: one `error: internal error: …, please report this` line (exit 101 is
/// set by `main`), no backtrace unless `RUST_BACKTRACE` asks for Rust's own report.
fn install_panic_hook() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        // Not eprintln!: it panics itself when stderr is closed.
        let _ = writeln!(std::io::stderr(), "error: internal error: {msg}{at}, please report this");
    }));
}

/// Runs one command line in this process, on this thread, and returns the exit code,
/// stdout and stderr it would give (without colour). EXPR `-` and `--points -` see no
/// standard input. For fuzzing the whole pipeline and for tests.
pub fn run_args(args: &[&str]) -> (u8, String, String) {
    colored::control::set_override(false);
    let cli = match Cli::try_parse_from(std::iter::once("gradcalc").chain(args.iter().copied())) {
        Ok(c) => c,
        Err(e) => return (if e.use_stderr() { 2 } else { 0 }, String::new(), e.to_string()),
    };
    let cli = match cli.command {
        TopLevel::Math(command) => command,
        other => {
            let out = integration::output(&other).unwrap_or_default();
            return (0, String::from_utf8_lossy(&out).into_owned(), String::new());
        }
    };
    let failed = |e: Error| (e.exit_code(), String::new(), diagnostic::render(&e) + "\n");
    let request = match Request::new(CommandLine::from(cli)) {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let Source::Argument(expression) = &request.source else {
        return (2, String::new(), "error: run_args has no standard input".into());
    };
    let points = match request.options.points.as_deref() {
        Some("-") => return (2, String::new(), "error: run_args has no standard input".into()),
        Some(path) => match input::read_bytes(path) {
            Ok(bytes) => Some(bytes),
            Err(e) => return failed(e),
        },
        None => None,
    };
    match commands::execute(&request, expression, points.as_deref()) {
        Ok(report) => {
            let mut stderr: String = report.rendered_warnings().map(|w| w + "\n").collect();
            if let Some(e) = &report.failure {
                stderr.push_str(&(diagnostic::render(e) + "\n"));
            }
            let stdout = if report.output.is_empty() { String::new() } else { report.output.concat() + "\n" };
            let stdout = match request.options.standalone && !stdout.is_empty() {
                true => crate::print::document::whole(format::style_of(request.options.format), &stdout),
                false => stdout,
            };
            (report.code, stdout, stderr)
        }
        Err(e) => failed(e),
    }
}

fn set_color(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    colored::control::set_override(on);
}

/// The validated request of the command line, or the exit code of its error (printed).
fn prepare(cli: args::Command) -> Result<Request, u8> {
    #[cfg(debug_assertions)]
    if test_panic::requested("start") {
        panic!("a panic requested by GRADCALC_TEST_PANIC");
    }
    let line = CommandLine::from(cli);
    set_color(line.color());
    Request::new(line)
        .and_then(|r| r.check_output(std::io::stdout().is_terminal()).map(|()| r))
        .map_err(|e| report_error(&e))
}

/// Runs the request on its input (or on each line of standard input for `-`) and returns
/// the exit code: the highest of the inputs'.
fn execute(request: Request) -> u8 {
    let inputs: Vec<input::Line> = match &request.source {
        Source::Argument(text) => vec![input::Line { number: 0, text: text.clone() }],
        Source::StandardInput => match input::expression_lines() {
            Ok(lines) => lines,
            Err(e) => return report_error(&e),
        },
    };
    // The rows of --points are read once, whatever the number of expressions.
    let points = match request.options.points.as_deref().map(input::read_bytes).transpose() {
        Ok(p) => p,
        Err(e) => return report_error(&e),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut code = 0u8;
    // --standalone: one whole document around the reports of every input, begun with the
    // first report (an input that fails at once prints nothing).
    let document = request.options.standalone.then(|| format::style_of(request.options.format));
    let mut begun = false;
    for (k, line) in inputs.iter().enumerate() {
        // On standard input every message names its line, so that it can be matched to it.
        let named = |message: &str| match line.number {
            0 => message.to_string(),
            n => format!("line {n}: {message}"),
        };
        match commands::execute(&request, &line.text, points.as_deref()) {
            Ok(report) => {
                if !report.warnings.is_empty() {
                    let _ = out.flush();
                    for w in &report.warnings {
                        let _ = writeln!(std::io::stderr(), "{}", diagnostic::render_warning(&named(w)));
                    }
                }
                if let Some(style) = document.filter(|_| !begun && !report.output.is_empty()) {
                    begun = true;
                    if out.write_all(crate::print::document::start(style).as_bytes()).is_err() {
                        return code;
                    }
                }
                if write_report(&mut out, &report, k > 0 && request.options.format == args::Format::Text).is_err() {
                    return code; // A closed pipe (`| head -1`): stop quietly.
                }
                if let Some(e) = &report.failure {
                    let _ = out.flush();
                    report_error(&Error { message: named(&e.message), ..e.clone() });
                }
                code = code.max(report.code);
            }
            Err(e) => {
                let _ = out.flush();
                code = code.max(report_error(&Error { message: named(&e.message), ..e }));
            }
        }
    }
    if let Some(style) = document.filter(|_| begun) {
        if out.write_all(crate::print::document::end(style).as_bytes()).is_err() {
            return code;
        }
    }
    if out.flush().is_err() {
        return code;
    }
    code
}

/// The report's output, after a blank line between the reports of several inputs in text;
/// nothing for a report without output (a picture written to its file).
fn write_report(out: &mut impl Write, report: &Report, separated: bool) -> std::io::Result<()> {
    if report.output.is_empty() {
        return Ok(());
    }
    if separated {
        out.write_all(b"\n")?;
    }
    for piece in &report.output {
        out.write_all(piece.as_bytes())?;
    }
    out.write_all(b"\n")
}

/// Prints an error on stderr (a closed stderr is ignored: eprintln! would panic) and returns
/// its exit code.
fn report_error(e: &Error) -> u8 {
    let _ = writeln!(std::io::stderr(), "{}", diagnostic::render(e));
    e.exit_code()
}
