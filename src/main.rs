//! The `resume-lint` binary: parses arguments, runs the library, prints, and sets the exit code.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: linting allocates many small strings per bullet
/// on several threads at once, which glibc's malloc serves slowly.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
