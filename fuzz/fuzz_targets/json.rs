//! Fuzz target: parse and lint arbitrary input as JsonResume, checking the invariants.
#![no_main]

#[path = "invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::check(data, resume_lint::document::Format::JsonResume);
});
