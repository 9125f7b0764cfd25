//! Shell integration as a user installs it: `gradcalc completions SHELL` gives a script for
//! each shell; bash reads the bash one (`bash -n`), and sourced, it completes `gradcalc gr` to
//! `grad` and the values of `--format`; `gradcalc man` is a manual page that `groff -man`
//! (and `man -l`) render without a warning, listing every command. The README's installation
//! lines run as written in an empty home folder, and what they install works: the bash script
//! completes, `man gradcalc` finds the page. Where bash, groff or man are missing, the checks
//! that need them say so on stderr and pass.

mod common;

use std::ffi::OsString;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What gradcalc prints for these arguments (exit 0 required).
fn gradcalc(args: &[&str]) -> String {
    let args: Vec<OsString> = args.iter().map(Into::into).collect();
    let run = common::run(&common::Invocation { args: &args, ..Default::default() });
    assert_eq!(run.code, Some(0), "{args:?}: {}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8(run.stdout).expect("UTF-8")
}

fn found(program: &str) -> bool {
    Command::new(program).arg("--version").output().map(|o| o.status.success()).unwrap_or(false)
}

fn skip(test: &str, what: &str) {
    let _ = writeln!(std::io::stderr(), "{test}: SKIPPED, {what} not found");
}

/// A file under the target directory with these contents.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shell");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn every_shell_gets_a_completion_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = gradcalc(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: a script of {} bytes", script.len());
        for word in ["gradcalc", "hessian", "format", "standalone", "completions"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
}

/// Runs `compgen`-style completion in bash: the script sourced, the words of the command
/// line so far, the completion function called; what it offers.
fn bash_complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        "source {}\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _gradcalc gradcalc '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
        words.len() - 1,
        words.last().unwrap_or(&""),
        words.get(words.len().wrapping_sub(2)).unwrap_or(&""),
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "bash: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

#[test]
fn bash_reads_its_script_and_completes_commands_and_values() {
    if !found("bash") {
        return skip("bash_reads_its_script_and_completes_commands_and_values", "bash");
    }
    let script = temp_file("gradcalc.bash", &gradcalc(&["completions", "bash"]));
    let syntax = Command::new("bash").arg("-n").arg(&script).output().expect("bash runs");
    assert!(syntax.status.success(), "bash -n: {}", String::from_utf8_lossy(&syntax.stderr));
    assert_eq!(bash_complete(&script, &["gradcalc", "gr"]), ["grad"]);
    let commands = bash_complete(&script, &["gradcalc", "d"]);
    for c in ["diff", "dir", "differential", "descend"] {
        assert!(commands.contains(&c.to_string()), "gradcalc d<TAB>: {commands:?}");
    }
    let formats = bash_complete(&script, &["gradcalc", "grad", "x", "--format", ""]);
    for f in ["text", "plain", "latex", "typst", "json", "csv"] {
        assert!(formats.contains(&f.to_string()), "--format <TAB>: {formats:?}");
    }
}

#[test]
fn the_manual_page_renders_without_warnings() {
    let page = gradcalc(&["man"]);
    assert!(page.contains(".TH gradcalc 1"), "{}", &page[..page.len().min(300)]);
    for command in ["diff", "grad", "dir", "hessian", "jacobian", "differential", "descend", "plot", "eval", "simplify"]
    {
        assert!(page.contains(command), "the manual page does not list {command}");
    }
    if !found("groff") {
        return skip("the_manual_page_renders_without_warnings", "groff");
    }
    let path = temp_file("gradcalc.1", &page);
    // -ww: every warning; -z: no output, only the diagnostics.
    let out = Command::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).arg(&path).output().expect("groff runs");
    assert!(out.status.success() && out.stderr.is_empty(), "groff: {}", String::from_utf8_lossy(&out.stderr));
    let text = Command::new("groff").args(["-man", "-Tutf8"]).arg(&path).output().expect("groff runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("gradcalc") && text.contains("hessian"), "{text}");
    if found("man") {
        let out = Command::new("man")
            .args(["--warnings", "-l"])
            .arg(&path)
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .expect("man runs");
        assert!(out.status.success(), "man -l: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "man -l warned: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The README's installation lines for the shells (the `sh` block after "Shell completions
/// and the manual page"), all but PowerShell's.
fn readme_install_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let from = readme.find("Shell completions and the manual page come from").expect("the README's install section");
    let block = &readme[from..];
    let start = block.find("```sh\n").expect("an sh block") + "```sh\n".len();
    let end = start + block[start..].find("```").expect("the block's end");
    block[start..end].lines().filter(|l| !l.trim().is_empty() && !l.contains("powershell")).map(String::from).collect()
}

#[test]
fn the_readme_install_lines_install_what_bash_and_man_find() {
    if !found("bash") {
        return skip("the_readme_install_lines_install_what_bash_and_man_find", "bash");
    }
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shell-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_gradcalc"));
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let lines = readme_install_lines();
    assert!(lines.len() >= 5, "{lines:?}");
    for line in &lines {
        let out = Command::new("bash")
            .args(["--norc", "--noprofile", "-c", line])
            .env("HOME", &home)
            .env("PATH", &path)
            .stdin(Stdio::null())
            .output()
            .expect("bash runs");
        assert!(out.status.success(), "{line}: {}", String::from_utf8_lossy(&out.stderr));
    }
    for file in [
        ".local/share/bash-completion/completions/gradcalc",
        ".zfunc/_gradcalc",
        ".config/fish/completions/gradcalc.fish",
        ".config/elvish/lib/gradcalc.elv",
        ".local/share/man/man1/gradcalc.1",
    ] {
        let len = std::fs::metadata(home.join(file)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 1000, "~/{file}: {len} bytes after the README's lines");
    }
    // The installed bash script completes.
    let installed = home.join(".local/share/bash-completion/completions/gradcalc");
    assert_eq!(bash_complete(&installed, &["gradcalc", "hes"]), ["hessian"]);
    // `man gradcalc` finds the page by name with the MANPATH the README gives.
    if !found("man") {
        return skip("the_readme_install_lines_install_what_bash_and_man_find (man)", "man");
    }
    let out = Command::new("man")
        .arg("gradcalc")
        .env("HOME", &home)
        .env("MANPATH", format!("{}:", home.join(".local/share/man").display()))
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .expect("man runs");
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && page.contains("hessian") && page.contains("completions"),
        "man gradcalc: {}{page}",
        String::from_utf8_lossy(&out.stderr)
    );
}
