fn main() -> std::process::ExitCode {
    gradcalc::cli::main()
}
