//! What the file-driven tests share: shell-like word splitting for command lines written in
//! test files, and running the real gradcalc binary in a clean environment with a time limit.
//!
//! Each test binary includes this module (`mod common;`) and uses part of it.
#![allow(dead_code)]

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Splits a command line into words the way a POSIX shell (bash) would for the quoting used
/// in test files:
/// - `'…'` is literal;
/// - `"…"` is literal except for `\"`, `\\`, `\$` and `` \` ``;
/// - `$'…'` is bash's ANSI-C quoting: `\n`, `\t`, `\r`, `\e`, `\0`, `\\`, `\'`, `\"` and
///   `\xHH` (one byte, so a word may hold bytes that are not UTF-8);
/// - outside quotes, a backslash is kept as it is (`c\d` is `c\d`, unlike a shell; the test
///   files use it for LaTeX).
pub fn split_words(line: &str) -> Result<Vec<OsString>, String> {
    let mut words = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    let push = |cur: &mut Vec<u8>, c: char| {
        let mut buf = [0; 4];
        cur.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    while let Some(c) = chars.next() {
        match c {
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => cur.push(b'\n'),
                            Some('t') => cur.push(b'\t'),
                            Some('r') => cur.push(b'\r'),
                            Some('e') => cur.push(0x1b),
                            Some('0') => cur.push(0),
                            Some(q @ ('\\' | '\'' | '"')) => push(&mut cur, q),
                            Some('x') => {
                                let hex: String = (0..2).filter_map(|_| chars.next()).collect();
                                let b = u8::from_str_radix(&hex, 16)
                                    .map_err(|_| format!("\\x needs two hex digits in: {line}"))?;
                                cur.push(b);
                            }
                            other => return Err(format!("unknown escape \\{other:?} in $'…' in: {line}")),
                        },
                        Some(ch) => push(&mut cur, ch),
                        None => return Err(format!("unclosed $' in: {line}")),
                    }
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => push(&mut cur, ch),
                        None => return Err(format!("unclosed ' in: {line}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                            let q = chars.next().unwrap_or('\\');
                            push(&mut cur, q);
                        }
                        Some(ch) => push(&mut cur, ch),
                        None => return Err(format!("unclosed \" in: {line}")),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(OsString::from_vec(std::mem::take(&mut cur)));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                push(&mut cur, c);
            }
        }
    }
    if in_word {
        words.push(OsString::from_vec(cur));
    }
    Ok(words)
}

/// [`split_words`] for lines whose words are all UTF-8.
pub fn split_words_utf8(line: &str) -> Result<Vec<String>, String> {
    split_words(line)?
        .into_iter()
        .map(|w| w.into_string().map_err(|w| format!("{w:?} is not UTF-8 in: {line}")))
        .collect()
}

/// How one run of gradcalc ended.
pub struct Run {
    /// The exit code; `None` if a signal ended the process (or the time limit killed it).
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
    /// The time limit was reached and the process was killed.
    pub timed_out: bool,
}

/// What to run: the arguments after `gradcalc`, and what surrounds the process.
#[derive(Default)]
pub struct Invocation<'a> {
    pub args: &'a [OsString],
    /// Standard input; `None` connects it to /dev/null.
    pub stdin: Option<&'a [u8]>,
    /// Environment variables set after the clean-up below.
    pub env: &'a [(String, String)],
    /// The working directory (the test's own if `None`).
    pub cwd: Option<&'a Path>,
    /// Killed after this long (default 20 s).
    pub timeout: Option<Duration>,
}

/// Runs the real binary with `NO_COLOR=1`, without `GRADCALC_*`, `RUST_BACKTRACE` and
/// `CLICOLOR_FORCE` from the environment, and kills it when the time limit is reached (so a
/// hang fails the test instead of stalling the suite).
pub fn run(inv: &Invocation) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradcalc"));
    cmd.args(inv.args).env("NO_COLOR", "1").env_remove("RUST_BACKTRACE").env_remove("CLICOLOR_FORCE");
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("GRADCALC_") {
            cmd.env_remove(k);
        }
    }
    for (k, v) in inv.env {
        cmd.env(k, v);
    }
    if let Some(dir) = inv.cwd {
        cmd.current_dir(dir);
    }
    cmd.stdin(if inv.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the gradcalc binary runs");
    // Feed stdin and drain stdout/stderr on their own threads so that no pipe can fill up
    // and block the child while this thread watches the clock.
    let feeder = inv.stdin.map(|data| {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let data = data.to_vec();
        std::thread::spawn(move || {
            // The child may exit before reading everything (an early error): that is fine.
            let _ = pipe.write_all(&data);
        })
    });
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let err = drain(Box::new(child.stderr.take().expect("stderr is piped")));
    let limit = inv.timeout.unwrap_or(Duration::from_secs(20));
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for gradcalc works") {
            break status;
        }
        if start.elapsed() > limit {
            // Not yet reaped, so the pid is still ours: killing it cannot hit another process.
            let _ = child.kill();
            timed_out = true;
            break child.wait().expect("gradcalc ends after kill");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = start.elapsed();
    if let Some(f) = feeder {
        let _ = f.join();
    }
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout is read"),
        stderr: err.join().expect("stderr is read"),
        elapsed,
        timed_out,
    }
}

/// Renders a run for a snapshot: stdout as it is (marked if it lacks a final newline),
/// each stderr line prefixed with `stderr| `, then the exit code.
pub fn render(stdout: &str, stderr: &str, code: Option<i32>) -> String {
    let mut s = String::new();
    s.push_str(stdout);
    if !stdout.is_empty() && !stdout.ends_with('\n') {
        s.push_str("[no newline at the end]\n");
    }
    for l in stderr.lines() {
        s.push_str("stderr| ");
        s.push_str(l);
        s.push('\n');
    }
    match code {
        Some(c) => s.push_str(&format!("[exit {c}]\n")),
        None => s.push_str("[killed by a signal]\n"),
    }
    s
}

#[test]
fn words_split_like_a_shell() {
    let w = split_words_utf8(r#"diff "x^2+xy" x --at '-1,2' "a\"b" c\d"#).unwrap();
    assert_eq!(w, ["diff", "x^2+xy", "x", "--at", "-1,2", "a\"b", "c\\d"]);
    assert_eq!(split_words_utf8(r#"simplify "\frac{1}{2}""#).unwrap(), ["simplify", "\\frac{1}{2}"]);
    assert_eq!(split_words_utf8(r#"a "\$x" '\$x'"#).unwrap(), ["a", "$x", "\\$x"]);
    assert_eq!(split_words_utf8("eval ''").unwrap(), ["eval", ""]);
    assert_eq!(split_words_utf8(r"$'x\x01y\n' $'\e[1m'").unwrap(), ["x\u{1}y\n", "\u{1b}[1m"]);
    let raw = split_words(r"$'x\xffy'").unwrap();
    assert_eq!(raw, [OsString::from_vec(vec![b'x', 0xff, b'y'])]);
    assert!(split_words_utf8(r"$'\xff'").is_err());
    assert!(split_words("diff 'x").is_err());
    assert!(split_words("diff $'x").is_err());
}
