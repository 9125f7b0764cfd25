//! Snapshot tests of everything a user sees, driven by the files in `tests/cases/`.
//!
//! Each `tests/cases/*.txt` file holds one gradcalc command line per line (the arguments
//! after `gradcalc`, quoted as in a POSIX shell: `'…'` literal, `"…"` literal except for
//! `\"` and `\\`, `$'…'` with escapes; see `split_words` in `tests/common/mod.rs`). `#`
//! starts a comment line; blank lines are skipped. A line may end with `<<< '…'` to feed
//! standard input, with `\n` in it meaning a newline.
//!
//! Every case runs the real binary with `NO_COLOR=1` and no `GRADCALC_*` limits from the
//! environment; its stdout, its stderr (each line prefixed with `stderr| `) and its exit
//! code go into one snapshot per file, `tests/snapshots/cases@<file>.txt.snap`. Output that
//! is JSON must also parse as JSON, one document per line.
//!
//! Review a changed snapshot by reading it (the math must be right), then accept it:
//! `INSTA_UPDATE=always cargo test --test cases` or `cargo insta review`.

mod common;

use std::time::Duration;

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
            let words = common::split_words_utf8(s).unwrap_or_else(|e| panic!("{where_}: {e}"));
            assert_eq!(words.len(), 1, "{where_}: <<< takes one quoted word");
            (a, Some(words[0].replace("\\n", "\n")))
        }
        None => (line, None),
    };
    let args = common::split_words(args_text).unwrap_or_else(|e| panic!("{where_}: {e}"));
    let run = common::run(&common::Invocation {
        args: &args,
        stdin: stdin.as_deref().map(str::as_bytes),
        timeout: Some(Duration::from_secs(60)),
        ..Default::default()
    });
    assert!(!run.timed_out, "{where_}: no result after {:?}", run.elapsed);
    let stdout = String::from_utf8(run.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(run.stderr).expect("stderr is UTF-8");
    let code = run.code.expect("gradcalc exits by itself, not by a signal");

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

    format!("$ gradcalc {line}\n{}", common::render(&stdout, &stderr, Some(code)))
}
