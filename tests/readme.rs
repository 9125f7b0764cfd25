//! Every `$ gradcalc …` example in README.md's console blocks is run, and its output
//! (stdout, then stderr) must be exactly what the README shows.

mod common;

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
        let words = common::split_words(cmd).unwrap_or_else(|e| panic!("README: {e}"));
        assert_eq!(words[0], "gradcalc", "README example does not run gradcalc: {cmd}");
        let run = common::run(&common::Invocation { args: &words[1..], ..Default::default() });
        assert!(!run.timed_out, "README example ran for {:?}: {cmd}", run.elapsed);
        let got = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        if got.trim_end() != want {
            failures.push(format!("$ {cmd}\n--- README\n{want}\n--- actual\n{}", got.trim_end()));
        }
    }
    assert!(failures.is_empty(), "{} README example(s) differ:\n\n{}", failures.len(), failures.join("\n\n"));
}
