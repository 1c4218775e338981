//! The `resume-lint` binary: parses arguments, runs the library, prints, and sets the exit code.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: linting allocates many small strings per bullet
/// on several threads at once, which glibc's malloc serves slowly.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic inside the PDF extractor is contained and reported as that file's error; its
    // message would only repeat it, out of place.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(resume_lint::pdf::EXTRACTOR_THREAD) {
            default_hook(info);
        }
    }));
    cli::run()
}
