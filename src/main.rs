//! The `charter` binary: the command line of the process, run by the library.

fn main() -> std::process::ExitCode {
    charter::main()
}
