//! The `ferry` binary: a subcommand, or the app.

fn main() -> std::process::ExitCode {
    ferry::cli::main()
}
