//! The `foro` command.

fn main() -> std::process::ExitCode {
    foro::cli::main()
}
