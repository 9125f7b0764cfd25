//! Every LaTeX output the tests show must compile: pdflatex, in a plain amsmath `article`,
//! with no error. The outputs come from
//! - the snapshots: the `--steps` derivations (`steps__*_latex.snap`) and every case run with
//!   `--format latex` in `cases@*.snap`;
//! - the case files (`tests/cases/*.txt`): every command line there run again with
//!   `--format latex`, and with `--format latex --steps` (every command, with and without
//!   `--at`, the way the cases use it);
//! - the README's console examples with `--format latex`.
//!
//! The outputs of one source file are compiled as one document (one pdflatex run each, the
//! documents two at a time), each output between markers, so that an error names the output
//! that broke it: its source file, its command line and the lines of LaTeX around the error.
//! Without pdflatex the test says so on stderr and passes.
//!
//! To extend (overfull boxes, Typst): the outputs are collected once ([`batches`]) for any
//! typesetter; [`Compiled`] keeps the whole log and the line ranges of each output, so a
//! further check reads the log of the same run ([`Compiled::problems`]).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One output to typeset and where it came from.
#[derive(Clone, Debug)]
struct Output {
    /// `tests/cases/hessian.txt:14 (with --steps)`, `steps__12_hessian_latex.snap`…
    origin: String,
    /// The command line, when there is one.
    command: String,
    latex: String,
}

/// The outputs of one source file: one document.
#[derive(Debug)]
struct Batch {
    name: String,
    outputs: Vec<Output>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The files of a folder whose names satisfy `keep`, sorted.
fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .collect();
    v.sort();
    v
}

/// The text of a snapshot after its header.
fn snapshot_body(text: &str) -> &str {
    // The header is `---`, metadata, `---`.
    let mut parts = text.splitn(3, "---\n");
    parts.next();
    parts.next();
    parts.next().unwrap_or("")
}

/// `steps__*_latex.snap`: each a whole derivation.
fn steps_snapshots() -> Batch {
    let outputs = files(&root().join("tests/snapshots"), |n| n.starts_with("steps__") && n.ends_with("_latex.snap"))
        .into_iter()
        .map(|p| {
            let text = read(&p);
            let command = text.lines().find_map(|l| l.strip_prefix("expression: ")).unwrap_or("").to_string();
            Output {
                origin: p.file_name().unwrap().to_string_lossy().into(),
                command,
                latex: snapshot_body(&text).to_string(),
            }
        })
        .collect();
    Batch { name: "steps-snapshots".into(), outputs }
}

/// Whether a command line asks for LaTeX.
fn is_latex(words: &[String]) -> bool {
    words.windows(2).any(|w| w[0] == "--format" && w[1] == "latex")
}

/// `cases@*.snap`: the stdout of every case run with `--format latex`.
fn case_snapshots() -> Vec<Batch> {
    files(&root().join("tests/snapshots"), |n| n.starts_with("cases@") && n.ends_with(".snap"))
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let text = read(&p);
            let mut outputs = Vec::new();
            let mut current: Option<Output> = None;
            for line in snapshot_body(&text).lines() {
                if let Some(cmd) = line.strip_prefix("$ gradcalc ") {
                    let words = common::split_words_utf8(cmd.split(" <<< ").next().unwrap_or(cmd)).unwrap_or_default();
                    current = is_latex(&words).then(|| Output {
                        origin: name.clone(),
                        command: cmd.to_string(),
                        latex: String::new(),
                    });
                } else if line.starts_with("[exit ") {
                    outputs.extend(current.take().filter(|o| !o.latex.trim().is_empty()));
                } else if let Some(o) = current.as_mut() {
                    if !line.starts_with("stderr| ") {
                        o.latex.push_str(line);
                        o.latex.push('\n');
                    }
                }
            }
            Batch { name, outputs }
        })
        .collect()
}

/// A command line of a case file as words, and its standard input.
fn case_line(line: &str) -> Option<(Vec<String>, Option<String>)> {
    let (args, stdin) = match line.split_once(" <<< ") {
        Some((a, s)) => (a, Some(common::split_words_utf8(s).ok()?.first()?.replace("\\n", "\n"))),
        None => (line, None),
    };
    Some((common::split_words_utf8(args).ok()?, stdin))
}

/// The case's command line with `--format latex` (and `--steps`), or `None` when it has
/// no such form (`--steps` on a line that already has it).
fn latex_variant(words: &[String], steps: bool) -> Option<Vec<String>> {
    let mut v: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] == "--format" {
            i += 2;
            continue;
        }
        v.push(words[i].clone());
        i += 1;
    }
    v.extend(["--format".to_string(), "latex".to_string()]);
    if steps {
        let flag = if words.first().map(String::as_str) == Some("descend") { "--show-steps" } else { "--steps" };
        if words.iter().any(|w| w == "--steps" || w == "--show-steps") {
            return None;
        }
        v.push(flag.to_string());
    }
    Some(v)
}

/// Every case file's command lines run in LaTeX, without and with `--steps`.
fn case_files() -> Vec<Batch> {
    let mut batches = Vec::new();
    for p in files(&root().join("tests/cases"), |n| n.ends_with(".txt")) {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let mut seen: BTreeSet<(Vec<String>, Option<String>)> = BTreeSet::new();
        let mut outputs = Vec::new();
        for (k, line) in read(&p).lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((words, stdin)) = case_line(line) else { continue };
            for steps in [false, true] {
                let Some(args) = latex_variant(&words, steps) else { continue };
                if !seen.insert((args.clone(), stdin.clone())) {
                    continue;
                }
                let os: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
                let run = common::run(&common::Invocation {
                    args: &os,
                    stdin: stdin.as_deref().map(str::as_bytes),
                    ..Default::default()
                });
                let stdout = String::from_utf8_lossy(&run.stdout).to_string();
                // A refused combination prints nothing; a failed computation may still print
                // (a diverging descent's table), and that must compile too.
                if stdout.trim().is_empty() {
                    continue;
                }
                outputs.push(Output {
                    origin: format!("tests/cases/{name}:{}{}", k + 1, if steps { " (with --steps)" } else { "" }),
                    command: args.join(" "),
                    latex: stdout,
                });
            }
        }
        batches.push(Batch { name: format!("cases-{name}"), outputs });
    }
    batches
}

/// The README's console examples in LaTeX, as the README shows them.
fn readme() -> Batch {
    let text = read(&root().join("README.md"));
    let mut outputs = Vec::new();
    let mut in_console = false;
    let mut current: Option<Output> = None;
    for (k, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            outputs.extend(current.take());
            in_console = line.trim() == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ gradcalc ") {
            outputs.extend(current.take());
            let words = common::split_words_utf8(cmd).unwrap_or_default();
            current = is_latex(&words).then(|| Output {
                origin: format!("README.md:{}", k + 1),
                command: cmd.to_string(),
                latex: String::new(),
            });
        } else if let Some(o) = current.as_mut() {
            if !line.starts_with("error:") && !line.starts_with("warning:") && !line.starts_with("  help:") {
                o.latex.push_str(line);
                o.latex.push('\n');
            }
        }
    }
    Batch { name: "readme".into(), outputs }
}

/// Every batch of LaTeX outputs the tests show.
fn batches() -> Vec<Batch> {
    let mut all = vec![steps_snapshots(), readme()];
    all.extend(case_snapshots());
    all.extend(case_files());
    all.retain(|b| !b.outputs.is_empty());
    all
}

/// A document compiled: the log, and the lines of the `.tex` file each output occupies.
struct Compiled {
    ok: bool,
    log: String,
    tex: String,
    /// (first line, last line) of each output, counting from 1.
    ranges: Vec<(usize, usize)>,
}

impl Compiled {
    /// The problems the log reports, each with the output it is in: errors (`! …` with the
    /// line `l.N` of the .tex file).
    fn problems(&self, batch: &Batch) -> Vec<String> {
        let mut out = Vec::new();
        let lines: Vec<&str> = self.log.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let Some(message) = l.strip_prefix("! ") else { continue };
            if message.starts_with(" ==> Fatal error") || message.starts_with("Emergency stop") {
                continue; // the consequence of an error reported already
            }
            let at = lines[i..].iter().take(30).find_map(|l| {
                l.strip_prefix("l.").and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next()?.parse::<usize>().ok())
            });
            out.push(self.describe(batch, message, at));
        }
        if !self.ok && out.is_empty() {
            out.push(format!("pdflatex failed without an error message; the end of its log:\n{}", tail(&self.log)));
        }
        out
    }

    /// A problem at line `at` of the .tex file, with the output it is in.
    fn describe(&self, batch: &Batch, message: &str, at: Option<usize>) -> String {
        let which = at.and_then(|n| self.ranges.iter().position(|&(a, b)| (a..=b).contains(&n)));
        let tex: Vec<&str> = self.tex.lines().collect();
        match (which, at) {
            (Some(k), Some(n)) => {
                let o = &batch.outputs[k];
                let context: Vec<String> = (n.saturating_sub(2)..=(n + 1).min(tex.len()))
                    .filter(|&j| j >= 1)
                    .map(|j| format!("    {j:>5} | {}", tex[j - 1]))
                    .collect();
                format!(
                    "{}: {message}\n  from {}: gradcalc {}\n{}",
                    batch.name,
                    o.origin,
                    o.command,
                    context.join("\n")
                )
            }
            _ => format!("{}: {message} (line {at:?} of the document, outside any output)", batch.name),
        }
    }
}

fn tail(s: &str) -> &str {
    let cut = s.len().saturating_sub(2000);
    let cut = (cut..s.len()).find(|&i| s.is_char_boundary(i)).unwrap_or(s.len());
    &s[cut..]
}

/// The document for a batch: a plain amsmath article, each output in its own paragraph.
fn document(batch: &Batch) -> (String, Vec<(usize, usize)>) {
    let mut tex = String::from("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n");
    let mut ranges = Vec::new();
    for (k, o) in batch.outputs.iter().enumerate() {
        tex.push_str(&format!("% output {k}: {}\n", o.origin.replace('\n', " ")));
        let first = tex.lines().count() + 1;
        tex.push_str(o.latex.trim_end());
        tex.push('\n');
        ranges.push((first, tex.lines().count()));
        tex.push_str("\\par\n");
    }
    tex.push_str("\\end{document}\n");
    (tex, ranges)
}

/// Compiles a batch in its own folder under the target directory.
fn compile(batch: &Batch, dir: &Path) -> Compiled {
    let (tex, ranges) = document(batch);
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("doc.tex"), &tex).unwrap();
    let out = Command::new("pdflatex")
        // Not -halt-on-error: every error of the document is reported, not just the first.
        .args(["-interaction=nonstopmode", "doc.tex"])
        .current_dir(dir)
        .output()
        .expect("pdflatex runs");
    let log =
        std::fs::read_to_string(dir.join("doc.log")).unwrap_or_else(|_| String::from_utf8_lossy(&out.stdout).into());
    let ok = out.status.success() && dir.join("doc.pdf").exists();
    Compiled { ok, log, tex, ranges }
}

/// The `$` signs of a line that open or close inline math (not `\$`).
fn inline_dollars(line: &str) -> usize {
    let b = line.as_bytes();
    (0..b.len()).filter(|&i| b[i] == b'$' && (i == 0 || b[i - 1] != b'\\')).count()
}

fn pdflatex_found() -> bool {
    Command::new("pdflatex").arg("--version").output().map(|o| o.status.success()).unwrap_or(false)
}

#[test]
fn every_latex_output_compiles_with_pdflatex() {
    use std::io::Write;
    let batches = batches();
    // What compiles can still read wrong: inline math that does not close on its line (a
    // `\neq` written as a line break and `eq` compiled, and printed "aeq1").
    let open_math: Vec<String> = batches
        .iter()
        .flat_map(|b| &b.outputs)
        .flat_map(|o| o.latex.lines().filter(|l| inline_dollars(l) % 2 == 1).map(move |l| format!("{}: {l}", o.origin)))
        .collect();
    assert!(open_math.is_empty(), "inline math left open at the end of a line:\n{}", open_math.join("\n"));
    if !pdflatex_found() {
        // Straight to the terminal: the harness captures println!.
        let _ = writeln!(
            std::io::stderr(),
            "every_latex_output_compiles_with_pdflatex: SKIPPED, pdflatex not found \
             (apt-get install texlive-latex-base texlive-latex-recommended to run it)"
        );
        return;
    }
    let total: usize = batches.iter().map(|b| b.outputs.len()).sum();
    assert!(total > 200, "only {total} LaTeX outputs found: the collection is broken");
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typeset");
    let next = std::sync::atomic::AtomicUsize::new(0);
    let problems: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut found = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(b) = batches.get(k) else { break };
                        let compiled = compile(b, &base.join(&b.name));
                        found.extend(compiled.problems(b));
                    }
                    found
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a typesetting thread")).collect()
    });
    assert!(
        problems.is_empty(),
        "{} LaTeX problem(s) in {total} outputs (documents in {}):\n\n{}",
        problems.len(),
        base.display(),
        problems.join("\n\n")
    );
}

/// The collection itself: each kind of source gives outputs, and a broken formula is found
/// and named (so the test above cannot pass by compiling nothing).
#[test]
fn a_broken_formula_is_found_and_named() {
    let b = batches();
    for prefix in ["steps-snapshots", "readme", "cases@", "cases-"] {
        assert!(b.iter().any(|b| b.name.starts_with(prefix)), "no outputs from {prefix}");
    }
    if !pdflatex_found() {
        return;
    }
    let good = Output { origin: "good".into(), command: "diff x x".into(), latex: "\\[ x^{2} \\]\n".into() };
    let bad =
        Output { origin: "bad".into(), command: "hessian …".into(), latex: "\\[ \\text{∇f ≠ 0} \\]\n".into() };
    let batch = Batch { name: "probe".into(), outputs: vec![good.clone(), bad, good] };
    let c = compile(&batch, &PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typeset-probe"));
    let p = c.problems(&batch);
    // Two errors (∇ and ≠), both in the bad output, none in the good ones.
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p.iter().all(|p| p.contains("from bad: gradcalc hessian")), "{p:?}");
}
