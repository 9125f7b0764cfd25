//! The command line: clap arguments → validated request → command → report on stdout,
//! errors on stderr with exit codes 0/1/2 (cli.md). The only module that sees all others.

mod args;
mod commands;
mod format;
mod many;
mod more;
mod points;
mod request;

use crate::diagnostic;
use crate::error::Error;
use args::{Cli, ColorChoice, Command, Common};
use clap::Parser;
use commands::Job;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Deep expressions recurse deeply in parsing, differentiation and printing; the work runs
/// on a thread with a stack sized for the nesting limit instead of the default 8 MB. The
/// stack is reserved address space: only the pages a deep input touches become memory.
pub const STACK_BYTES: usize = 1 << 30;

pub fn main() -> ExitCode {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // Under a tight `ulimit -v` a 1 GiB stack cannot be reserved: try a smaller one, then
    // this thread's own, rather than fail before reading the input.
    let cli = std::sync::Arc::new(std::sync::Mutex::new(Some(cli)));
    for stack in [STACK_BYTES, STACK_BYTES / 16] {
        let cli = cli.clone();
        let spawned = std::thread::Builder::new().stack_size(stack).spawn(move || {
            let cli = cli.lock().ok().and_then(|mut c| c.take());
            cli.map_or(0, run)
        });
        if let Ok(handle) = spawned {
            return match handle.join() {
                Ok(code) => ExitCode::from(code),
                // The panic hook has already printed the message.
                Err(_) => ExitCode::from(101),
            };
        }
    }
    let cli = cli.lock().ok().and_then(|mut c| c.take());
    match cli {
        Some(cli) => match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli))) {
            Ok(code) => ExitCode::from(code),
            Err(_) => ExitCode::from(101),
        },
        None => ExitCode::from(101),
    }
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
/// stdout and stderr it would give (without colour). EXPR `-` and `--points -` see an empty
/// standard input. For fuzzing the whole pipeline and for tests.
pub fn run_args(args: &[&str]) -> (u8, String, String) {
    colored::control::set_override(false);
    let cli = match Cli::try_parse_from(std::iter::once("gradcalc").chain(args.iter().copied())) {
        Ok(c) => c,
        Err(e) => return (if e.use_stderr() { 2 } else { 0 }, String::new(), e.to_string()),
    };
    let common = common(&cli.command).clone();
    let job = Job { common: &common, digits: common.digits as usize, steps: show_steps(&cli.command) };
    if let Err(e) = check_env() {
        return (e.exit_code(), String::new(), diagnostic::render(&e) + "\n");
    }
    let src = input(&cli.command);
    if src == "-" || common.points.as_deref() == Some("-") {
        return (2, String::new(), "error: run_args has no standard input".into());
    }
    let result = match &common.points {
        Some(path) => many::read_bytes(path).and_then(|data| many::run(&cli.command, &job, src, &data)),
        None => dispatch(&cli.command, &job, src).map(|r| vec![r]),
    };
    match result {
        Ok(parts) => (0, parts.concat() + "\n", String::new()),
        Err(e) => (e.exit_code(), String::new(), diagnostic::render(&e) + "\n"),
    }
}

/// A limit set in the environment must be a number (see [`crate::limits::bad_env`]).
fn check_env() -> Result<(), Error> {
    match crate::limits::bad_env() {
        None => Ok(()),
        Some((limit, value)) => {
            Err(Error::usage(format!("the environment variable {}='{value}' is not a whole number", limit.env_var()))
                .with_help(format!("give a number of {}, or unset it for the default", limit.unit())))
        }
    }
}

fn common(cmd: &Command) -> &Common {
    match cmd {
        Command::Diff { common, .. }
        | Command::Grad { common, .. }
        | Command::Dir { common, .. }
        | Command::Hessian { common, .. }
        | Command::Jacobian { common, .. }
        | Command::Differential { common, .. }
        | Command::Descend { common, .. }
        | Command::Eval { common, .. }
        | Command::Simplify { common, .. } => common,
    }
}

/// `--steps` (or `--show-steps` on `descend`).
fn show_steps(cmd: &Command) -> bool {
    match cmd {
        Command::Descend { show_steps, .. } => *show_steps,
        Command::Diff { show, .. }
        | Command::Grad { show, .. }
        | Command::Dir { show, .. }
        | Command::Hessian { show, .. }
        | Command::Jacobian { show, .. }
        | Command::Differential { show, .. }
        | Command::Eval { show, .. }
        | Command::Simplify { show, .. } => show.steps,
    }
}

fn input(cmd: &Command) -> &str {
    match cmd {
        Command::Diff { expr, .. }
        | Command::Grad { expr, .. }
        | Command::Dir { expr, .. }
        | Command::Hessian { expr, .. }
        | Command::Differential { expr, .. }
        | Command::Descend { expr, .. }
        | Command::Eval { expr, .. }
        | Command::Simplify { expr, .. } => expr,
        Command::Jacobian { exprs, .. } => exprs,
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

/// Runs the command on the input (or on each line of standard input for `-`) and returns
/// the exit code: the highest of the inputs'.
fn run(cli: Cli) -> u8 {
    #[cfg(debug_assertions)]
    if std::env::var_os("GRADCALC_TEST_PANIC").is_some() {
        // Lets tests/robustness.rs check the panic hook (debug builds only).
        panic!("a panic requested by GRADCALC_TEST_PANIC");
    }
    let common = common(&cli.command).clone();
    set_color(common.color);
    let job = Job { common: &common, digits: common.digits as usize, steps: show_steps(&cli.command) };
    if let Err(e) = check_env() {
        report_error(&e);
        return e.exit_code();
    }
    if job.steps && common.format == args::Format::Csv {
        eprintln!(
            "{}",
            diagnostic::render(&Error::usage("--steps shows the work as text, plain, LaTeX or JSON, not CSV"))
        );
        return 2;
    }
    let src = input(&cli.command);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let inputs: Vec<String> = if src == "-" {
        if common.points.as_deref() == Some("-") {
            report_error(&Error::usage("EXPR and --points cannot both read standard input"));
            return 2;
        }
        match points_stdin_lines() {
            Ok(lines) => lines,
            Err(e) => {
                report_error(&e);
                return e.exit_code();
            }
        }
    } else {
        vec![src.to_string()]
    };
    // The rows of --points are read once, whatever the number of expressions.
    let points_data = match &common.points {
        Some(path) => match many::read_bytes(path) {
            Ok(d) => Some(d),
            Err(e) => {
                eprintln!("{}", diagnostic::render(&e));
                return e.exit_code();
            }
        },
        None => None,
    };
    let mut code = 0u8;
    for (k, text) in inputs.iter().enumerate() {
        let result = match &points_data {
            Some(data) => many::run(&cli.command, &job, text, data),
            None => dispatch(&cli.command, &job, text).map(|r| vec![r]),
        };
        match result {
            Ok(parts) => {
                let sep = if k > 0 && matches!(common.format, args::Format::Text) { "\n" } else { "" };
                let written = out
                    .write_all(sep.as_bytes())
                    .and_then(|_| parts.iter().try_for_each(|p| out.write_all(p.as_bytes())))
                    .and_then(|_| out.write_all(b"\n"));
                if written.is_err() {
                    return code; // A closed pipe (`| head -1`): stop quietly.
                }
            }
            Err(e) => {
                let _ = out.flush();
                report_error(&e);
                code = code.max(e.exit_code());
            }
        }
    }
    if out.flush().is_err() {
        return code;
    }
    code
}

/// Prints an error on stderr; a closed stderr is ignored (eprintln! would panic).
fn report_error(e: &Error) {
    let _ = writeln!(std::io::stderr(), "{}", diagnostic::render(e));
}

/// The non-empty lines of standard input.
fn points_stdin_lines() -> Result<Vec<String>, Error> {
    let text = points::read_text("-")?;
    Ok(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect())
}

fn dispatch(cmd: &Command, job: &Job, src: &str) -> Result<String, Error> {
    match cmd {
        Command::Diff { wrt, .. } => commands::diff(job, src, wrt),
        Command::Grad { .. } => commands::grad(job, src),
        Command::Dir { toward, along, angle, .. } => {
            commands::dir(job, src, toward.as_deref(), along.as_deref(), angle.as_deref())
        }
        Command::Hessian { .. } => commands::hessian(job, src),
        Command::Jacobian { .. } => commands::jacobian(job, src),
        Command::Differential { .. } => commands::differential(job, src),
        Command::Descend { from, rate, steps, tol, .. } => commands::descend(job, src, from, rate, *steps, *tol),
        Command::Eval { .. } => commands::eval(job, src),
        Command::Simplify { .. } => commands::simplify(job, src),
    }
}
