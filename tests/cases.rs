//! Snapshot tests of everything a user sees, driven by the files in `tests/cases/`.
//!
//! Each `tests/cases/*.txt` file holds one gradcalc command line per line (the arguments
//! after `gradcalc`, quoted as in a POSIX shell: `'…'` literal, `"…"` literal except for
//! `\"` and `\\`). `#` starts a comment line; blank lines are skipped. A line may end with
//! `<<< '…'` to feed standard input, with `\n` in it meaning a newline.
//!
//! Every case runs the real binary with `NO_COLOR=1` and no `GRADCALC_*` limits from the
//! environment; its stdout, its stderr (each line prefixed with `stderr| `) and its exit
//! code go into one snapshot per file, `tests/snapshots/cases@<file>.txt.snap`. Output that
//! is JSON must also parse as JSON, one document per line.
//!
//! Review a changed snapshot by reading it (the math must be right), then accept it:
//! `INSTA_UPDATE=always cargo test --test cases` or `cargo insta review`.

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn cases() {
    insta::glob!("cases/*.txt", |path| {
        let text = std::fs::read_to_string(path).expect("a case file is readable UTF-8");
        let mut snapshot = String::new();
        for (lineno, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let where_ = format!("{}:{}", path.display(), lineno + 1);
            snapshot.push_str(&run_case(line, &where_));
            snapshot.push('\n');
        }
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(snapshot);
        });
    });
}

/// Runs one command line and renders what it printed.
fn run_case(line: &str, where_: &str) -> String {
    let (args_text, stdin) = match line.split_once(" <<< ") {
        Some((a, s)) => {
            let words = split_words(s).unwrap_or_else(|e| panic!("{where_}: {e}"));
            assert_eq!(words.len(), 1, "{where_}: <<< takes one quoted word");
            (a, Some(words[0].replace("\\n", "\n")))
        }
        None => (line, None),
    };
    let args = split_words(args_text).unwrap_or_else(|e| panic!("{where_}: {e}"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradcalc"));
    cmd.args(&args).env("NO_COLOR", "1").env_remove("RUST_BACKTRACE").env_remove("CLICOLOR_FORCE");
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("GRADCALC_") {
            cmd.env_remove(k);
        }
    }
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the gradcalc binary runs");
    if let Some(s) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(s.as_bytes()).expect("stdin accepts the input");
    }
    let out = child.wait_with_output().expect("gradcalc finishes");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    let code = out.status.code().expect("gradcalc exits by itself, not by a signal");

    assert!(!stderr.contains("panicked") && !stderr.contains("internal error"), "{where_}: a panic\n{stderr}");
    assert!(code == 0 || code == 1 || code == 2, "{where_}: exit code {code}");
    assert!(!stdout.contains('\x1b') && !stderr.contains('\x1b'), "{where_}: colour with NO_COLOR=1");
    if !stderr.is_empty() && code != 0 {
        assert!(stderr.starts_with("error:") || stderr.contains("\nerror:"), "{where_}: stderr without 'error:'");
    }
    if args.windows(2).any(|w| w[0] == "--format" && w[1] == "json") {
        for doc in stdout.lines() {
            serde_json::from_str::<serde_json::Value>(doc)
                .unwrap_or_else(|e| panic!("{where_}: stdout is not JSON Lines ({e}): {doc}"));
        }
    }

    let mut s = format!("$ gradcalc {line}\n");
    s.push_str(&stdout);
    if !stdout.is_empty() && !stdout.ends_with('\n') {
        s.push_str("[no newline at the end]\n");
    }
    for l in stderr.lines() {
        s.push_str("stderr| ");
        s.push_str(l);
        s.push('\n');
    }
    s.push_str(&format!("[exit {code}]\n"));
    s
}

/// Splits a command line into words the way a POSIX shell would for the quoting used in
/// the case files.
fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err(format!("unclosed ' in: {line}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if matches!(chars.peek(), Some('"') | Some('\\')) => {
                            cur.push(chars.next().unwrap_or('\\'));
                        }
                        Some(ch) => cur.push(ch),
                        None => return Err(format!("unclosed \" in: {line}")),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

#[test]
fn words_split_like_a_shell() {
    let w = split_words(r#"diff "x^2+xy" x --at '-1,2' "a\"b" c\d"#).unwrap();
    assert_eq!(w, ["diff", "x^2+xy", "x", "--at", "-1,2", "a\"b", "c\\d"]);
    assert_eq!(split_words(r#"simplify "\frac{1}{2}""#).unwrap(), ["simplify", "\\frac{1}{2}"]);
    assert_eq!(split_words("eval ''").unwrap(), ["eval", ""]);
    assert!(split_words("diff 'x").is_err());
}
