//! `gradcalc completions SHELL` and `gradcalc man`: shell completion scripts and the manual
//! page, made from the same clap definition as the parser ([`super::args::Cli`]), so that they
//! list exactly the commands and flags gradcalc reads.

use super::args::{Cli, TopLevel};
use clap::CommandFactory;

/// What `completions` or `man` prints on standard output (`None` for a mathematical command).
pub fn output(top: &TopLevel) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match top {
        TopLevel::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "gradcalc", &mut out);
        }
        TopLevel::Man => out = manual_page().into_bytes(),
        TopLevel::Math(_) => return None,
    }
    Some(out)
}

/// The manual page: the name, synopsis, description and options of gradcalc, then a section
/// COMMANDS with each command's synopsis, description, arguments, options and examples (one
/// page, so that `man gradcalc` holds everything `--help` does), written in ASCII (other
/// characters as troff's `\[uXXXX]`, which every troff reads without a preprocessor).
pub fn manual_page() -> String {
    let mut top = Cli::command();
    top.build();
    let page = |man: &clap_mangen::Man, part: fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>| {
        let mut v = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = part(man, &mut v);
        String::from_utf8_lossy(&v).into_owned()
    };
    let man = clap_mangen::Man::new(top.clone());
    let mut roff = String::new();
    roff.push_str(&page(&man, clap_mangen::Man::render_title));
    roff.push_str(&page(&man, clap_mangen::Man::render_name_section));
    roff.push_str(&page(&man, clap_mangen::Man::render_synopsis_section));
    roff.push_str(&page(&man, clap_mangen::Man::render_description_section));
    roff.push_str(&page(&man, clap_mangen::Man::render_options_section));
    roff.push_str(".SH COMMANDS\n");
    for sub in top.get_subcommands().filter(|s| s.get_name() != "help") {
        let man = clap_mangen::Man::new(sub.clone());
        roff.push_str(&format!(".SS \"gradcalc {}\"\n", sub.get_name()));
        for part in [
            clap_mangen::Man::render_synopsis_section,
            clap_mangen::Man::render_description_section,
            clap_mangen::Man::render_options_section,
            clap_mangen::Man::render_extra_section,
        ] {
            // The command's own sections become paragraphs under its heading.
            for line in page(&man, part).lines() {
                match line.strip_prefix(".SH ") {
                    Some("SYNOPSIS") | Some("DESCRIPTION") | Some("EXTRA") => roff.push_str(".PP\n"),
                    Some(heading) => roff.push_str(&format!(".PP\n\\fB{}\\fR\n", heading.trim_matches('"'))),
                    None => {
                        roff.push_str(line);
                        roff.push('\n');
                    }
                }
            }
        }
    }
    roff.push_str(&page(&man, clap_mangen::Man::render_extra_section).replace(".SH EXTRA", ".SH EXAMPLES"));
    roff.push_str(&page(&man, clap_mangen::Man::render_version_section));
    roff.chars().map(|c| if c.is_ascii() { c.to_string() } else { format!("\\[u{:04X}]", c as u32) }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn run(args: &[&str]) -> String {
        let cli = Cli::try_parse_from(std::iter::once("gradcalc").chain(args.iter().copied())).unwrap();
        String::from_utf8(output(&cli.command).unwrap()).unwrap()
    }

    #[test]
    fn each_shell_gets_a_script_that_knows_the_commands() {
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            let script = run(&["completions", shell]);
            for command in ["diff", "grad", "hessian", "descend", "plot", "completions"] {
                assert!(script.contains(command), "{shell}: no {command}");
            }
            assert!(script.contains("--format"), "{shell}");
        }
    }

    #[test]
    fn the_manual_page_is_roff_with_every_command() {
        let page = run(&["man"]);
        assert!(page.starts_with(".ie") || page.contains(".TH gradcalc"), "{}", &page[..200.min(page.len())]);
        for command in
            ["diff", "grad", "dir", "hessian", "jacobian", "differential", "descend", "plot", "eval", "simplify"]
        {
            assert!(page.contains(command), "no {command}");
        }
    }
}
