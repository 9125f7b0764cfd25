//! Every LaTeX output the tests show must compile: pdflatex, in a plain amsmath `article`,
//! with no error and nothing running off the page (no overfull box over 1 pt). The outputs
//! come from
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
//! The Typst outputs (`--format typst`: the case files run again in Typst with and without
//! `--steps`, the Typst cases' snapshots, the README's Typst examples) are compiled the same
//! way by the Typst compiler (the `typst` package of PyPI, through python3), one page per
//! output, and must give no error and no warning, and leave nothing in the page's margins
//! (Typst does not report an overfull line: the pages are rendered and the margins looked at).
//! Without python3's `typst` the Typst test says so on stderr and passes. Whole documents
//! (`--standalone`) are compiled as they are, in both.

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
    source: String,
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
                source: snapshot_body(&text).to_string(),
            }
        })
        .collect();
    Batch { name: "steps-snapshots".into(), outputs }
}

/// Whether a command line asks for `format`, as a fragment (not `--standalone`).
fn is_format(words: &[String], format: &str) -> bool {
    words.windows(2).any(|w| w[0] == "--format" && w[1] == format) && !words.iter().any(|w| w == "--standalone")
}

/// `cases@*.snap`: the stdout of every case run with `--format FORMAT`.
fn case_snapshots(format: &str) -> Vec<Batch> {
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
                    current = is_format(&words, format).then(|| Output {
                        origin: name.clone(),
                        command: cmd.to_string(),
                        source: String::new(),
                    });
                } else if line.starts_with("[exit ") {
                    outputs.extend(current.take().filter(|o| !o.source.trim().is_empty()));
                } else if let Some(o) = current.as_mut() {
                    if !line.starts_with("stderr| ") {
                        o.source.push_str(line);
                        o.source.push('\n');
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

/// The case's command line with `--format FORMAT` (and `--steps`), as a fragment (without
/// `--standalone`), or `None` when it has no such form (`--steps` on a line that already has
/// it).
fn variant(words: &[String], steps: bool, format: &str) -> Option<Vec<String>> {
    // Help, completions and the manual page print no math.
    let first = words.first().map(String::as_str);
    if words.iter().any(|w| w == "--help" || w == "-h") || matches!(first, Some("completions" | "man" | "help")) {
        return None;
    }
    let mut v: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] == "--format" {
            i += 2;
            continue;
        }
        if words[i] != "--standalone" {
            v.push(words[i].clone());
        }
        i += 1;
    }
    v.extend(["--format".to_string(), format.to_string()]);
    if steps {
        let flag = if words.first().map(String::as_str) == Some("descend") { "--show-steps" } else { "--steps" };
        if words.iter().any(|w| w == "--steps" || w == "--show-steps") {
            return None;
        }
        v.push(flag.to_string());
    }
    Some(v)
}

/// Every case file's command lines run in `format`, without and with `--steps`.
fn case_files(format: &str) -> Vec<Batch> {
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
                let Some(args) = variant(&words, steps, format) else { continue };
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
                    source: stdout,
                });
            }
        }
        batches.push(Batch { name: format!("cases-{name}"), outputs });
    }
    batches
}

/// The README's console examples in `format`, as the README shows them.
fn readme(format: &str) -> Batch {
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
            current = is_format(&words, format).then(|| Output {
                origin: format!("README.md:{}", k + 1),
                command: cmd.to_string(),
                source: String::new(),
            });
        } else if let Some(o) = current.as_mut() {
            if !line.starts_with("error:") && !line.starts_with("warning:") && !line.starts_with("  help:") {
                o.source.push_str(line);
                o.source.push('\n');
            }
        }
    }
    Batch { name: "readme".into(), outputs }
}

/// Every batch of LaTeX outputs the tests show.
fn batches() -> Vec<Batch> {
    let mut all = vec![steps_snapshots(), readme("latex")];
    all.extend(case_snapshots("latex"));
    all.extend(case_files("latex"));
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
    /// line `l.N` of the .tex file), boxes more than 1 pt wider than the line (`Overfull
    /// \hbox (12.3pt too wide) … at lines N--M`: something runs off the page), and pages
    /// more than 1 pt too full (`Overfull \vbox (…pt too high)`: off the bottom).
    fn problems(&self, batch: &Batch) -> Vec<String> {
        let mut out = Vec::new();
        let lines: Vec<&str> = self.log.lines().collect();
        for l in &lines {
            if let Some((points, at)) = overfull(l) {
                if points > 1.0 {
                    out.push(self.describe(batch, l.trim(), at));
                }
            }
            // `Overfull \vbox (123.7pt too high) has occurred while \output is active`: a
            // display or table taller than what was left of its page ran off the bottom.
            if let Some(points) = l
                .strip_prefix("Overfull \\vbox (")
                .and_then(|r| r.split_once("pt too high)"))
                .and_then(|(p, _)| p.parse::<f64>().ok())
            {
                if points > 1.0 {
                    out.push(format!(
                        "{}: {} (something taller than the rest of its page ran off the bottom)",
                        batch.name,
                        l.trim()
                    ));
                }
            }
        }
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

/// `Overfull \hbox (12.3pt too wide) in paragraph at lines 40--41` (or `detected at line 40`)
/// → (12.3, Some(40)).
fn overfull(line: &str) -> Option<(f64, Option<usize>)> {
    let rest = line.strip_prefix("Overfull \\hbox (")?;
    let (points, rest) = rest.split_once("pt too wide)")?;
    let points: f64 = points.parse().ok()?;
    let at = rest
        .rsplit_once("line")
        .and_then(|(_, n)| n.trim_start_matches('s').trim().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok());
    Some((points, at))
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
        tex.push_str(o.source.trim_end());
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
        .flat_map(|o| {
            o.source.lines().filter(|l| inline_dollars(l) % 2 == 1).map(move |l| format!("{}: {l}", o.origin))
        })
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
    let problems = on_two_workers(&batches, |b| compile(b, &base.join(&b.name)).problems(b));
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
    let good = Output { origin: "good".into(), command: "diff x x".into(), source: "\\[ x^{2} \\]\n".into() };
    let bad =
        Output { origin: "bad".into(), command: "hessian …".into(), source: "\\[ \\text{∇f ≠ 0} \\]\n".into() };
    let batch = Batch { name: "probe".into(), outputs: vec![good.clone(), bad, good] };
    let c = compile(&batch, &PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typeset-probe"));
    let p = c.problems(&batch);
    // Two errors (∇ and ≠), both in the bad output, none in the good ones.
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p.iter().all(|p| p.contains("from bad: gradcalc hessian")), "{p:?}");
    // A line that runs off the page is found and named too.
    let wide = Output {
        origin: "wide".into(),
        command: "eval 2^2000".into(),
        source: format!("\\[ {} \\]\n", "1".repeat(200)),
    };
    let batch = Batch { name: "probe-wide".into(), outputs: vec![good_line(), wide] };
    let c = compile(&batch, &PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typeset-probe-wide"));
    let p = c.problems(&batch);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("Overfull") && p[0].contains("from wide: gradcalc eval"), "{p:?}");
}

fn good_line() -> Output {
    Output { origin: "good".into(), command: "diff x x".into(), source: "\\[ x^{2} \\]\n".into() }
}

#[test]
fn overfull_boxes_are_read_from_the_log() {
    assert_eq!(overfull("Overfull \\hbox (12.5pt too wide) in paragraph at lines 40--41"), Some((12.5, Some(40))));
    assert_eq!(overfull("Overfull \\hbox (0.5pt too wide) detected at line 7"), Some((0.5, Some(7))));
    assert_eq!(overfull("Underfull \\hbox (badness 10000) in paragraph at lines 1--2"), None);
}

// ----- Typst -----

/// Every batch of Typst outputs the tests show.
fn typst_batches() -> Vec<Batch> {
    let mut all = vec![readme("typst")];
    all.extend(case_snapshots("typst"));
    all.extend(case_files("typst"));
    for b in &mut all {
        b.name = format!("typst-{}", b.name);
    }
    all.retain(|b| !b.outputs.is_empty());
    all
}

/// The page every Typst output is set on: A4 with margins of 2.5 cm, 11 pt (Typst's own
/// defaults, written out so that the margins can be looked at).
const TYPST_PAGE: &str = "#set page(width: 21cm, height: auto, margin: 2.5cm)\n#set text(size: 11pt)\n";
const TYPST_PPI: f64 = 40.0;
const MARGIN_CM: f64 = 2.5;

fn typst_found() -> bool {
    Command::new("python3").args(["-c", "import typst"]).output().map(|o| o.status.success()).unwrap_or(false)
}

/// Compiles `doc.typ` in `dir` to one PNG a page (`page-N.png`) and returns what the compiler
/// said: `error: …` and `warning: …` lines, and the number of pages.
fn run_typst(dir: &Path) -> (Vec<String>, usize) {
    let script = format!(
        "import typst, sys\n\
         try:\n    pages, warnings = typst.compile_with_warnings('doc.typ', format='png', ppi={TYPST_PPI})\n\
         except Exception as e:\n    print('error: ' + str(e).replace('\\n', ' | ')); sys.exit(0)\n\
         pages = pages if isinstance(pages, list) else [pages]\n\
         for i, p in enumerate(pages):\n    open('page-%d.png' % i, 'wb').write(p)\n\
         for w in warnings:\n    print('warning: ' + str(w).replace('\\n', ' | '))\n\
         print('pages: %d' % len(pages))\n"
    );
    let out = Command::new("python3").args(["-c", &script]).current_dir(dir).output().expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let pages = text.lines().find_map(|l| l.strip_prefix("pages: ")?.trim().parse().ok()).unwrap_or(0);
    let said = text.lines().filter(|l| l.starts_with("error: ") || l.starts_with("warning: ")).map(String::from);
    let mut said: Vec<String> = said.collect();
    if pages == 0 && said.is_empty() {
        said.push(format!("the Typst compiler gave no pages: {text}"));
    }
    (said, pages)
}

/// Whether a rendered page has ink in its left or right margin (a line wider than the page:
/// Typst centres an equation that is too wide and lets it run over both sides).
fn ink_in_margins(png_path: &Path) -> Option<String> {
    let file = std::fs::File::open(png_path).ok()?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.color_type.samples();
    // A pixel's worth of slack on each side for antialiasing.
    let margin = (MARGIN_CM / 2.54 * TYPST_PPI) as usize - 2;
    for y in 0..h {
        for x in (0..margin).chain(w.saturating_sub(margin)..w) {
            let px = &buf[(y * w + x) * channels..(y * w + x) * channels + channels.min(3)];
            if px.iter().any(|&c| c < 160) {
                let side = if x < margin { "left" } else { "right" };
                return Some(format!("ink in the {side} margin at ({x}, {y}) of {w}×{h}: a line runs off the page"));
            }
        }
    }
    None
}

/// Compiles a batch of Typst outputs, one page each, and returns its problems, each named by
/// its output.
fn compile_typst(batch: &Batch, dir: &Path) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let _ = std::fs::remove_file(entry.path());
    }
    let mut doc = String::from(TYPST_PAGE);
    for (k, o) in batch.outputs.iter().enumerate() {
        if k > 0 {
            doc.push_str("\n#pagebreak()\n");
        }
        doc.push_str(&format!("// output {k}: {}\n", o.origin.replace('\n', " ")));
        doc.push_str(o.source.trim_end());
        doc.push('\n');
    }
    std::fs::write(dir.join("doc.typ"), &doc).unwrap();
    let (said, pages) = run_typst(dir);
    let name = |k: usize| {
        let o = &batch.outputs[k];
        format!("{}: from {}: gradcalc {}", batch.name, o.origin, o.command)
    };
    if said.iter().any(|l| l.starts_with("error: ")) || pages != batch.outputs.len() {
        // Which output broke it: each compiled alone.
        let mut problems = Vec::new();
        for (k, o) in batch.outputs.iter().enumerate() {
            let one = Batch { name: batch.name.clone(), outputs: vec![o.clone()] };
            let alone = dir.join(format!("alone-{k}"));
            std::fs::create_dir_all(&alone).unwrap();
            std::fs::write(alone.join("doc.typ"), format!("{TYPST_PAGE}{}\n", o.source.trim_end())).unwrap();
            let (said, _) = run_typst(&alone);
            problems
                .extend(said.into_iter().map(|l| format!("{}\n  {l}\n{}", name(k), indent(&one.outputs[0].source))));
        }
        if problems.is_empty() {
            problems.push(format!("{}: {} pages for {} outputs: {said:?}", batch.name, pages, batch.outputs.len()));
        }
        return problems;
    }
    let mut problems: Vec<String> = said.iter().map(|l| format!("{}: {l}", batch.name)).collect();
    for k in 0..pages {
        if let Some(p) = ink_in_margins(&dir.join(format!("page-{k}.png"))) {
            problems.push(format!("{}\n  {p} (page {k} in {})", name(k), dir.display()));
        }
    }
    problems
}

fn indent(s: &str) -> String {
    s.lines().take(12).map(|l| format!("    | {l}")).collect::<Vec<_>>().join("\n")
}

/// The problems `check` finds in each batch, the batches shared out to two threads (the
/// compilers are separate processes; two keep a 2-core machine busy).
fn on_two_workers<B: Sync>(batches: &[B], check: impl Fn(&B) -> Vec<String> + Sync) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut found = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(b) = batches.get(k) else { break };
                        found.extend(check(b));
                    }
                    found
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a typesetting thread")).collect()
    })
}

#[test]
fn every_typst_output_compiles_without_warnings_or_overflow() {
    use std::io::Write;
    if !typst_found() {
        let _ = writeln!(
            std::io::stderr(),
            "every_typst_output_compiles_without_warnings_or_overflow: SKIPPED, python3's typst \
             package not found (pip install typst to run it)"
        );
        return;
    }
    let batches = typst_batches();
    let total: usize = batches.iter().map(|b| b.outputs.len()).sum();
    assert!(total > 200, "only {total} Typst outputs found: the collection is broken");
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typeset-typst");
    let problems = on_two_workers(&batches, |b| compile_typst(b, &base.join(&b.name)));
    assert!(
        problems.is_empty(),
        "{} Typst problem(s) in {total} outputs (documents in {}):\n\n{}",
        problems.len(),
        base.display(),
        problems.join("\n\n")
    );
}

/// The Typst checks find what they look for: an error is named by its output, and a line
/// wider than the page is seen in the margin.
#[test]
fn a_broken_or_overflowing_typst_output_is_found_and_named() {
    if !typst_found() {
        return;
    }
    let out = |origin: &str, source: String| Output { origin: origin.into(), command: "eval x".into(), source };
    let good = out("good", "$ x^2 $".into());
    let broken = out("broken", "$ frac(1, $".into());
    let wide = out("wide", format!("$ {} $", "x + ".repeat(80) + "x"));
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typeset-typst-probe");
    let p = compile_typst(&Batch { name: "probe".into(), outputs: vec![good.clone(), broken] }, &base.join("a"));
    assert!(!p.is_empty() && p.iter().all(|p| p.contains("from broken")), "{p:?}");
    let p = compile_typst(&Batch { name: "probe".into(), outputs: vec![good.clone(), wide, good] }, &base.join("b"));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("from wide") && p[0].contains("margin"), "{p:?}");
}

/// `--standalone`: whole documents that compile as they are (pdflatex; Typst), without
/// errors, overfull boxes or ink in the margins.
#[test]
fn standalone_documents_compile_as_they_are() {
    let commands: &[&[&str]] = &[
        &["hessian", "x^3y^2-3xy^3-xy+1", "--at", "1,2", "--steps"],
        &["grad", "xyz+z^2+5", "--at", "0,1,-1"],
        &["descend", "x^2+y^2", "--from", "3,2", "--rate", "0.1", "--steps", "3", "--show-steps"],
        &["dir", "x e^(2y)", "--at", "1,0", "--toward", "2,-1", "--steps"],
    ];
    for (k, c) in commands.iter().enumerate() {
        for format in ["latex", "typst"] {
            let mut args: Vec<std::ffi::OsString> = c.iter().map(Into::into).collect();
            args.extend(["--format".into(), format.into(), "--standalone".into()]);
            let run = common::run(&common::Invocation { args: &args, ..Default::default() });
            let doc = String::from_utf8_lossy(&run.stdout).to_string();
            assert_eq!(run.code, Some(0), "{c:?} {format}");
            let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("standalone-{format}-{k}"));
            std::fs::create_dir_all(&dir).unwrap();
            if format == "latex" {
                assert!(doc.starts_with("\\documentclass{article}") && doc.trim_end().ends_with("\\end{document}"));
                if !pdflatex_found() {
                    continue;
                }
                std::fs::write(dir.join("doc.tex"), &doc).unwrap();
                let out = Command::new("pdflatex")
                    .args(["-interaction=nonstopmode", "-halt-on-error", "doc.tex"])
                    .current_dir(&dir)
                    .output()
                    .expect("pdflatex runs");
                let log = std::fs::read_to_string(dir.join("doc.log")).unwrap_or_default();
                assert!(out.status.success(), "{c:?}: pdflatex failed:\n{}", tail(&log));
                let over: Vec<&str> = log.lines().filter(|l| overfull(l).is_some_and(|(pt, _)| pt > 1.0)).collect();
                assert!(over.is_empty(), "{c:?}: {over:?}");
            } else {
                assert!(doc.starts_with("#set page"));
                if !typst_found() {
                    continue;
                }
                // The document's own page, with its margins looked at as for the fragments.
                let source = doc.replacen("#set page(paper: \"a4\")", "", 1);
                let batch = Batch {
                    name: format!("standalone-{k}"),
                    outputs: vec![Output { origin: "standalone".into(), command: c.join(" "), source }],
                };
                let p = compile_typst(&batch, &dir);
                assert!(p.is_empty(), "{p:?}");
            }
        }
    }
}
