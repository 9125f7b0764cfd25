//! The command line: clap arguments → validated request → command → report on stdout,
//! errors on stderr with exit codes 0/1/2 (cli.md). The only module that sees all others.

mod args;
mod commands;
mod many;
mod more;
mod output;
mod points;
mod request;
mod steps;

use crate::diagnostic;
use crate::error::Error;
use args::{Cli, ColorChoice, Command, Common};
use clap::Parser;
use commands::Job;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Deep expressions recurse deeply in parsing, differentiation and printing; the work runs
/// on a thread with a stack sized for the nesting limit instead of the default 8 MB.
const STACK_BYTES: usize = 1 << 30;

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
    let worker = std::thread::Builder::new().stack_size(STACK_BYTES).spawn(move || run(cli));
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => ExitCode::from(code),
        // The panic hook has already printed the message.
        _ => ExitCode::from(101),
    }
}

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
        eprintln!("error: internal error: {msg}{at}, please report this");
    }));
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
    let common = common(&cli.command).clone();
    set_color(common.color);
    let job = Job { common: &common, digits: common.digits as usize, steps: show_steps(&cli.command) };
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
            eprintln!("{}", diagnostic::render(&Error::usage("EXPR and --points cannot both read standard input")));
            return 2;
        }
        match points_stdin_lines() {
            Ok(lines) => lines,
            Err(e) => {
                eprintln!("{}", diagnostic::render(&e));
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
                eprintln!("{}", diagnostic::render(&e));
                code = code.max(e.exit_code());
            }
        }
    }
    if out.flush().is_err() {
        return code;
    }
    code
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
