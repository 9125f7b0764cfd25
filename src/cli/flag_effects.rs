//! The table of flags without effect ([`super::request::NO_EFFECT`]) checked against what
//! the commands print: every command with every format, 0, 1 or 2 `--at` points, with and
//! without `--points` and `--steps`, and each of `--at`, `--format csv`, `--steps`,
//! `--digits` and `--standalone`. Where the table refuses a flag, the command run without the refusal prints
//! the same with and without the flag (or, for `--format csv`, no row of values); where it
//! accepts a flag, some input shows its effect.

use super::args::Cli;
use super::args::Format;
use super::commands;
use super::request::{no_effect, CommandLine, Flag, Request, Situation};
use clap::{Parser, ValueEnum};

/// Each command with its own flags, and inputs whose values are not integers (so that
/// `--digits` shows).
const COMMANDS: &[(&str, &[&str], &[&str])] = &[
    ("diff", &["x"], &["sqrt(2) x^2 y + x y", "x^3 y/3 + ln(x + y)"]),
    ("grad", &[], &["sqrt(2) x^2 y + x y", "x^3 y/3 + ln(x + y)"]),
    ("dir", &["--toward", "2,3"], &["sqrt(2) x^2 y + x y", "x^3 y/3 + ln(x + y)"]),
    ("hessian", &[], &["sqrt(2) x^2 y + x y", "x^3 y/3 + ln(x + y)"]),
    ("jacobian", &[], &["sqrt(2) x^2 y, x y", "x^3 y/3, ln(x + y)"]),
    ("differential", &[], &["sqrt(2) x^2 y + x y", "x^3 y/3 + ln(x + y)"]),
    ("descend", &["--from", "1,1/3", "--rate", "0.1", "--steps", "2"], &["x^2 + 3y^2", "x^2/7 + y^2"]),
    ("eval", &[], &["sqrt(2) x^2 y + x y", "x^3 y/3 + ln(x + y)"]),
    ("simplify", &[], &["sqrt(2) x^2 y + x y", "x^3 y/3 + ln(x + y)"]),
];

const FORMATS: &[&str] = &["text", "plain", "latex", "typst", "json", "csv"];
const AT: &[&str] = &["1,1", "2,1/3"];
const POINTS: &[u8] = b"x,y\n1,1\n0.5,0.25\n";

/// The command line for one situation, with or without `flag` (`--digits 3` for digits).
fn args(
    command: &(&str, &[&str], &[&str]),
    expr: &str,
    format: &str,
    at: usize,
    points: bool,
    steps: bool,
    extra: Option<Flag>,
) -> Vec<String> {
    let (name, own, _) = command;
    let mut a: Vec<String> = vec![name.to_string(), expr.to_string()];
    a.extend(own.iter().map(|s| s.to_string()));
    a.extend(["--vars".into(), "x,y".into(), "--format".into(), format.into()]);
    for p in &AT[..at] {
        a.extend(["--at".into(), p.to_string()]);
    }
    if points {
        a.extend(["--points".into(), "points.csv".into()]);
    }
    if steps {
        a.push(if *name == "descend" { "--show-steps" } else { "--steps" }.into());
    }
    if extra == Some(Flag::Digits) {
        a.extend(["--digits".into(), "3".into()]);
    }
    if extra == Some(Flag::Standalone) {
        a.push("--standalone".into());
    }
    a
}

fn line(args: &[String]) -> Option<CommandLine> {
    Cli::try_parse_from(std::iter::once("gradcalc").chain(args.iter().map(String::as_str)))
        .ok()
        .and_then(Cli::math)
        .map(CommandLine::from)
}

/// What the command prints (or its error), run without the refusal of flags.
fn output(args: &[String]) -> String {
    let Some(line) = line(args) else { return "clap refused it".into() };
    let request = match Request::unchecked(line) {
        Ok(r) => r,
        Err(e) => return format!("invalid: {}", e.message),
    };
    let points = request.options.points.is_some().then_some(POINTS);
    let expr = &args[1];
    match commands::execute(&request, expr, points) {
        // --standalone wraps the output as the command line does (cli::run).
        Ok(r) if request.options.standalone => {
            crate::print::document::whole(super::format::style_of(request.options.format), &r.output.concat())
        }
        Ok(r) => r.output.concat(),
        Err(e) => format!("error: {}", e.message),
    }
}

/// Whether the output holds a row of values (CSV: a line after the header).
fn has_values(out: &str) -> bool {
    !out.starts_with("error:") && out.lines().count() > 1
}

#[test]
fn every_flag_refused_as_without_effect_has_none_and_every_accepted_one_has_one() {
    let mut problems = Vec::new();
    let mut refusals = 0;
    for command in COMMANDS {
        for &format in FORMATS {
            for at in 0..=2 {
                for points in [false, true] {
                    for steps in [false, true] {
                        let situation = Situation {
                            command: command.0,
                            at,
                            points,
                            format: Format::from_str(format, false).unwrap(),
                            steps,
                        };
                        let present = [
                            (Flag::Digits, true),
                            (Flag::At, at > 0),
                            (Flag::Steps, steps),
                            (Flag::FormatCsv, format == "csv"),
                            (Flag::Standalone, true),
                        ];
                        for (flag, _) in present.into_iter().filter(|&(_, p)| p) {
                            let runs: Vec<(Vec<String>, String, String)> = command
                                .2
                                .iter()
                                .map(|e| {
                                    let with = args(command, e, format, at, points, steps, Some(flag));
                                    let without = without_flag(command, e, format, at, points, steps, flag);
                                    let (a, b) = (output(&with), output(&without));
                                    (with, a, b)
                                })
                                .collect();
                            let shown = |(_, with, without): &(Vec<String>, String, String)| match flag {
                                Flag::FormatCsv => has_values(with),
                                _ => with != without,
                            };
                            // Flags that do not go together (--steps with CSV, --points on
                            // simplify) are refused for that, whatever this flag does.
                            if runs.iter().any(|r| r.1.starts_with("invalid:")) {
                                continue;
                            }
                            match no_effect(flag, &situation) {
                                Some(message) => {
                                    refusals += 1;
                                    let line = line(&runs[0].0).expect("clap reads the line");
                                    if Request::new(line).is_ok() {
                                        problems.push(format!("not refused: {:?}", runs[0].0));
                                    }
                                    for run in runs.iter().filter(|r| shown(r)) {
                                        problems.push(format!("refused ({message}) but it has an effect: {:?}", run.0));
                                    }
                                }
                                None => {
                                    // A situation that fails whatever the flag (dir without --at)
                                    // says nothing about it.
                                    if runs.iter().all(|r| r.1.starts_with("error:")) {
                                        continue;
                                    }
                                    if !runs.iter().any(shown) {
                                        problems.push(format!("accepted but without effect: {:?}", runs[0].0));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(refusals > 50, "only {refusals} refusals: the table was not exercised");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The same command line without `flag`.
fn without_flag(
    command: &(&str, &[&str], &[&str]),
    expr: &str,
    format: &str,
    at: usize,
    points: bool,
    steps: bool,
    flag: Flag,
) -> Vec<String> {
    match flag {
        Flag::Digits => args(command, expr, format, at, points, steps, None),
        Flag::At => args(command, expr, format, 0, points, steps, None),
        Flag::Steps => args(command, expr, format, at, points, false, None),
        Flag::FormatCsv => args(command, expr, "text", at, points, steps, None),
        Flag::Standalone => args(command, expr, format, at, points, steps, None),
    }
}
