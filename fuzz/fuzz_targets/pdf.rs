//! Fuzz target: arbitrary bytes as a PDF. The extractor may fail on them, but `pdf::extract`
//! must return (an error at worst) and whatever text comes out must lint with the invariants
//! kept. Built with panic=abort, a panic inside the extractor shows up here as a crash: such
//! inputs belong in tests/data/pdf, where the release binary must contain them.
#![no_main]

#[path = "invariants.rs"]
mod invariants;

use std::time::Duration;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = resume_lint::pdf::extract(data, Duration::from_secs(5)) {
        invariants::check(text.as_bytes(), resume_lint::document::Format::Pdf);
    }
});
