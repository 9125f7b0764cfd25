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
        TopLevel::Man => {
            let page = clap_mangen::Man::new(Cli::command());
            // Writing into a Vec cannot fail.
            page.render(&mut out).ok()?;
            // The commands' own pages would be more files; the manual lists them with their
            // summaries, and `gradcalc COMMAND --help` has the rest.
        }
        TopLevel::Math(_) => return None,
    }
    Some(out)
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
