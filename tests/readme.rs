//! Every `$ gradcalc …` example in README.md's console blocks is run, and its output
//! (stdout, then stderr) must be exactly what the README shows.

use std::process::Command;

/// Splits a shell command line: double and single quotes, backslash escapes in double quotes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_word = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"') | Some('\\') | Some('$')) => {
                            cur.push(chars.next().unwrap())
                        }
                        _ => cur.push(d),
                    }
                }
            }
            '\'' => {
                in_word = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    cur.push(d);
                }
            }
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            _ => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// (command line, expected output) for each example.
fn examples(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_console = false;
    let mut current: Option<(String, Vec<String>)> = None;
    for line in readme.lines() {
        if line.starts_with("```") {
            if let Some((cmd, lines)) = current.take() {
                out.push((cmd, lines.join("\n").trim_end().to_string()));
            }
            in_console = line.trim() == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            if let Some((c, lines)) = current.take() {
                out.push((c, lines.join("\n").trim_end().to_string()));
            }
            current = Some((cmd.to_string(), Vec::new()));
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line.to_string());
        }
    }
    out
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let cases = examples(&readme);
    assert!(cases.len() >= 15, "found only {} examples", cases.len());
    let mut failures = Vec::new();
    for (cmd, want) in &cases {
        let words = shell_words(cmd);
        assert_eq!(words[0], "gradcalc", "README example does not run gradcalc: {cmd}");
        let run = Command::new(env!("CARGO_BIN_EXE_gradcalc")).args(&words[1..]).env("NO_COLOR", "1").output().unwrap();
        let got = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        if got.trim_end() != want {
            failures.push(format!("$ {cmd}\n--- README\n{want}\n--- actual\n{}", got.trim_end()));
        }
    }
    assert!(failures.is_empty(), "{} README example(s) differ:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn shell_words_handles_quotes() {
    assert_eq!(shell_words(r#"gradcalc diff "x^2 y" x --at 1,2"#), ["gradcalc", "diff", "x^2 y", "x", "--at", "1,2"]);
    assert_eq!(shell_words(r#"a 'b c' "d\"e""#), ["a", "b c", "d\"e"]);
}
