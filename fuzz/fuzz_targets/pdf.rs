//! Fuzz target: arbitrary bytes as a PDF. The extractor may panic on them (it often does), but
//! `pdf::extract` must contain that and return, an error at worst, and whatever text comes out
//! must lint with the invariants kept. libFuzzer's panic hook aborts on any panic, so the hook
//! is narrowed, as the binary's is, to let the extractor's own thread panic.
#![no_main]

#[path = "invariants.rs"]
mod invariants;

use std::time::Duration;

libfuzzer_sys::fuzz_target!(init: {
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(resume_lint::pdf::EXTRACTOR_THREAD) {
            abort(info);
        }
    }));
}, |data: &[u8]| {
    if let Ok(text) = resume_lint::pdf::extract(data, Duration::from_secs(5)) {
        invariants::check(text.as_bytes(), resume_lint::document::Format::Pdf);
    }
});
