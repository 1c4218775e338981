//! The `resume-lint` binary: parses arguments, runs the library, prints, and sets the exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
