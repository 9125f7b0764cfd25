//! The bad-input corpus: one case per file in `tests/bad_input/`, each run through the real
//! binary and snapshot-tested, and each held to what the README promises for bad input whatever
//! its snapshot says.
//!
//! A case file `tests/bad_input/<descriptive-name>.txt`:
//!
//! ```text
//! # Why this case exists (at least one comment line).
//! eval "ln(x)" --at 0
//! exit: 1
//! stderr: logarithm of zero
//! ```
//!
//! - `#` lines are comments; blank lines are skipped.
//! - The one line that is not a comment or a `key:` line is the command line: the arguments
//!   after `gradcalc`, quoted as in a shell (`'…'`, `"…"`, and `$'…'` with `\n`, `\t`, `\e`,
//!   `\0`, `\xHH` escapes for control characters and bytes that are not UTF-8; see
//!   `tests/common/mod.rs`).
//! - `exit: N` (required): the exit code this input must give, 1 (mathematics) or 2
//!   (usage, input). `exit: 0` marks a valid edge case that belongs next to the bad ones.
//! - `stderr: TEXT` (any number): stderr must contain TEXT.
//! - `env: NAME=value` (any number): set in the environment (after `GRADCALC_*` is cleared),
//!   e.g. `env: GRADCALC_MAX_INPUT=100` to test a limit without a large file.
//! - `stdin: WORDS`: standard input, the quoted words concatenated; a word `*N` repeats the
//!   word before it N times, so `stdin: '(' *100000 'x'` is 100,001 bytes from one line.
//!   Without it, standard input is /dev/null (empty).
//! - `stdout: some`: stdout may hold output although the exit code is not 0 (EXPR `-` with
//!   several lines: the good lines print). Without it an error leaves stdout empty.
//!
//! The binary runs in `tests/bad_input/` (so `--points NAME.csv` finds the CSV beside the
//! case and its name in messages is stable), with `NO_COLOR=1` and without `GRADCALC_*`,
//! `RUST_BACKTRACE` and `CLICOLOR_FORCE` from the environment.
//!
//! Whatever the snapshot holds, every case must: exit with the code its file states (never
//! by a signal, never 101); on an error, print `error:` first on stderr (or as a line of it,
//! after the output of earlier good lines) and nothing on stdout (unless `stdout: some`);
//! keep its error short (at most 4 KiB); print no panic, backtrace or "internal error";
//! print UTF-8 without colour; and end in under 5 s (10 s in a debug build, which runs the
//! unoptimised binary on a machine that may be busy). That is no measurement, only a bound
//! that a hang or a tenfold slowdown trips; a run still going after 20 s is killed and fails.
//!
//! The snapshot of `<name>.txt` is `tests/snapshots/bad_input/bad_input@<name>.txt.snap`: the
//! command line, then lines prefixed `env| ` and `stdin| ` for what it was given, `stdout| `
//! and `stderr| ` for what it printed, and the exit code. Read it before accepting it
//! (`INSTA_UPDATE=always cargo test --test bad_input`, or `cargo insta review`): the message
//! must be right, and a caret must sit under the place it names.

mod common;

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

/// One case, as read from its file.
struct Case {
    line: String,
    args: Vec<OsString>,
    exit: i32,
    stderr_has: Vec<String>,
    env: Vec<(String, String)>,
    /// The `stdin:` line as written, and the bytes it stands for.
    stdin: Option<(String, Vec<u8>)>,
    stdout_allowed: bool,
}

fn parse_case(path: &Path) -> Case {
    let where_ = path.display();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{where_}: {e}"));
    let mut line = None;
    let mut exit = None;
    let mut stderr_has = Vec::new();
    let mut env = Vec::new();
    let mut stdin = None;
    let mut stdout_allowed = false;
    let mut comments = 0;
    for (k, raw) in text.lines().enumerate() {
        let l = raw.trim();
        let at = format!("{where_}:{}", k + 1);
        if l.is_empty() {
            continue;
        }
        if l.starts_with('#') {
            comments += 1;
            continue;
        }
        let directive =
            l.split_once(':').filter(|(key, _)| matches!(*key, "exit" | "stderr" | "env" | "stdin" | "stdout"));
        match directive {
            Some(("exit", v)) => {
                let code: i32 = v.trim().parse().unwrap_or_else(|_| panic!("{at}: exit: takes a number"));
                assert!(matches!(code, 0..=2), "{at}: gradcalc has exit codes 0, 1 and 2 only");
                assert!(exit.replace(code).is_none(), "{at}: a second exit: line");
            }
            Some(("stderr", v)) => stderr_has.push(v.trim().to_string()),
            Some(("env", v)) => {
                let (k, v) = v.trim().split_once('=').unwrap_or_else(|| panic!("{at}: env: NAME=value"));
                env.push((k.to_string(), v.to_string()));
            }
            Some(("stdin", v)) => {
                let bytes = stdin_bytes(v.trim()).unwrap_or_else(|e| panic!("{at}: {e}"));
                assert!(stdin.replace((v.trim().to_string(), bytes)).is_none(), "{at}: a second stdin: line");
            }
            Some(("stdout", v)) => {
                assert_eq!(v.trim(), "some", "{at}: the only stdout: line is 'stdout: some'");
                stdout_allowed = true;
            }
            _ => {
                assert!(line.replace(l.to_string()).is_none(), "{at}: a second command line");
            }
        }
    }
    let line = line.unwrap_or_else(|| panic!("{where_}: no command line"));
    let args = common::split_words(&line).unwrap_or_else(|e| panic!("{where_}: {e}"));
    let exit = exit.unwrap_or_else(|| panic!("{where_}: no 'exit: N' line"));
    assert!(comments > 0, "{where_}: say in a # comment what the case is about");
    Case { line, args, exit, stderr_has, env, stdin, stdout_allowed }
}

/// `'(' *3 'x'` → `(((x`.
fn stdin_bytes(spec: &str) -> Result<Vec<u8>, String> {
    let mut out: Vec<u8> = Vec::new();
    let mut last: Option<Vec<u8>> = None;
    for w in common::split_words(spec)? {
        let w = w.into_encoded_bytes();
        match w.strip_prefix(b"*").and_then(|n| std::str::from_utf8(n).ok()?.parse::<usize>().ok()) {
            Some(n) => {
                let piece = last.take().ok_or("*N needs a quoted word before it")?;
                out.truncate(out.len() - piece.len());
                out.extend(piece.repeat(n));
            }
            None => {
                out.extend_from_slice(&w);
                last = Some(w);
            }
        }
    }
    Ok(out)
}

/// The time a case may take: generous in a debug build (see the module comment).
fn time_limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(10)
    } else {
        Duration::from_secs(5)
    }
}

#[test]
fn bad_input() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input");
    let mut problems: Vec<String> = Vec::new();
    insta::glob!("bad_input/*.txt", |path| {
        let case = parse_case(path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let run = common::run(&common::Invocation {
            args: &case.args,
            stdin: case.stdin.as_ref().map(|(_, b)| b.as_slice()),
            env: &case.env,
            cwd: Some(&dir),
            timeout: Some(Duration::from_secs(20)),
        });
        let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        problems.extend(check(&case, &run, &stdout, &stderr).into_iter().map(|p| format!("{name}: {p}\n{stderr}")));

        let mut snapshot = format!("$ gradcalc {}\n", case.line);
        for (k, v) in &case.env {
            snapshot.push_str(&format!("env| {k}={v}\n"));
        }
        if let Some((spec, bytes)) = &case.stdin {
            snapshot.push_str(&format!("stdin| {spec}   ({} bytes)\n", bytes.len()));
        }
        for l in stdout.lines() {
            snapshot.push_str(&format!("stdout| {l}\n"));
        }
        if !stdout.is_empty() && !stdout.ends_with('\n') {
            snapshot.push_str("[no newline at the end of stdout]\n");
        }
        snapshot.push_str(&common::render("", &stderr, run.code));
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            omit_expression => true,
            snapshot_path => "snapshots/bad_input",
        }, {
            insta::assert_snapshot!(snapshot);
        });
    });
    assert!(problems.is_empty(), "{} case(s) break the rules:\n\n{}", problems.len(), problems.join("\n"));
}

/// What every case must do, whatever its snapshot says (see the module comment).
fn check(case: &Case, run: &common::Run, stdout: &str, stderr: &str) -> Vec<String> {
    let mut p = Vec::new();
    if run.timed_out {
        p.push(format!("still running after {:?}, killed", run.elapsed));
        return p;
    }
    let Some(code) = run.code else {
        p.push("ended by a signal".into());
        return p;
    };
    if std::str::from_utf8(&run.stdout).is_err() || std::str::from_utf8(&run.stderr).is_err() {
        p.push("output that is not UTF-8".into());
    }
    for bad in ["panicked", "RUST_BACKTRACE", "internal error", "stack backtrace"] {
        if stderr.contains(bad) || stdout.contains(bad) {
            p.push(format!("'{bad}' in the output"));
        }
    }
    if code != case.exit {
        p.push(format!("exit code {code}, the case says {}", case.exit));
    }
    if stdout.contains('\x1b') || stderr.contains('\x1b') {
        p.push("colour with NO_COLOR=1".into());
    }
    if code != 0 {
        if !(stderr.starts_with("error: ") || stderr.contains("\nerror: ")) {
            p.push("an error that does not say 'error: '".into());
        }
        if stderr.len() > 4096 {
            p.push(format!("{} bytes of error", stderr.len()));
        }
        if !case.stdout_allowed && !stdout.is_empty() {
            p.push(format!("output on stdout with an error:\n{stdout}"));
        }
    }
    for want in &case.stderr_has {
        if !stderr.contains(want.as_str()) {
            p.push(format!("wanted {want:?} in stderr"));
        }
    }
    if case.args.windows(2).any(|w| w[0] == "--format" && w[1] == "json") {
        for doc in stdout.lines() {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(doc) {
                p.push(format!("stdout is not JSON Lines ({e}): {doc}"));
            }
        }
    }
    if run.elapsed >= time_limit() {
        p.push(format!("took {:?}", run.elapsed));
    }
    p
}

#[test]
fn stdin_spec() {
    assert_eq!(stdin_bytes("'(' *3 'x'").unwrap(), b"(((x");
    assert_eq!(stdin_bytes(r"$'x\0y\xff\n'").unwrap(), b"x\0y\xff\n");
    assert_eq!(stdin_bytes("'ab' *0 'c' *2").unwrap(), b"cc");
    assert!(stdin_bytes("*3").is_err());
}
