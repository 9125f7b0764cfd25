//! The `gradcalc` binary: the command line lives in the library ([`gradcalc::cli`]).

fn main() -> std::process::ExitCode {
    gradcalc::cli::main()
}
