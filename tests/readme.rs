//! Every `$ gradcalc …` example in the console blocks of README.md and of the documents in
//! `docs/` is run, and its output (stdout, then stderr) must be exactly what the page shows.
//! Only a line starting `$ gradcalc ` starts an example (Typst output lines start with `$`).

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
        if let Some(cmd) = line.strip_prefix("$ ").filter(|c| c.starts_with("gradcalc ")) {
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

/// README.md and the Markdown documents in `docs/`, with their names.
fn pages() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![("README.md".to_string(), std::fs::read_to_string(root.join("README.md")).unwrap())];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    for p in docs {
        let name = format!("docs/{}", p.file_name().unwrap().to_string_lossy());
        pages.push((name, std::fs::read_to_string(&p).unwrap()));
    }
    pages
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let mut cases = Vec::new();
    for (name, text) in pages() {
        cases.extend(examples(&text).into_iter().map(|(c, w)| (name.clone(), c, w)));
    }
    assert!(cases.iter().filter(|c| c.0 == "README.md").count() >= 15, "found only {} examples", cases.len());
    let mut failures = Vec::new();
    for (page, cmd, want) in &cases {
        let words = common::split_words(cmd).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert_eq!(words[0], "gradcalc", "{page}: the example does not run gradcalc: {cmd}");
        let run = common::run(&common::Invocation { args: &words[1..], ..Default::default() });
        assert!(!run.timed_out, "{page}: the example ran for {:?}: {cmd}", run.elapsed);
        let got = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        if got.trim_end() != want {
            failures.push(format!("{page}: $ {cmd}\n--- {page}\n{want}\n--- actual\n{}", got.trim_end()));
        }
    }
    assert!(failures.is_empty(), "{} example(s) differ:\n\n{}", failures.len(), failures.join("\n\n"));
}
