//! Thin binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    opsloop::cli::main()
}
