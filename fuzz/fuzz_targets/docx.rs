//! Fuzz target: arbitrary bytes as a .docx package, and arbitrary text as its document and
//! styles parts (split at the first NUL); whatever text comes out is linted with the invariants
//! checked. Nothing may panic, loop, or read past the decompression cap.
#![no_main]

#[path = "invariants.rs"]
mod invariants;

use resume_lint::document::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = resume_lint::docx::extract(data, 1 << 20) {
        invariants::check(text.text.as_bytes(), Format::Docx);
    }
    let Ok(parts) = std::str::from_utf8(data) else {
        return;
    };
    let (document, styles) = match parts.split_once('\0') {
        Some((document, styles)) => (document, Some(styles)),
        None => (parts, None),
    };
    if let Ok(text) = resume_lint::docx::from_parts(document, styles) {
        invariants::check(text.text.as_bytes(), Format::Docx);
    }
});
