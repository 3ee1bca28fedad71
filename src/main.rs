//! The `cgraph` binary: everything happens in [`cgraph::cli`].

fn main() -> std::process::ExitCode {
    cgraph::cli::main()
}
