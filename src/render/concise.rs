//! The concise format: `path:line:col: severity[CODE] message`, one finding per line, with the
//! rewrite or fix on offer after the message (`…; rewrite: …`).

use std::io::{self, Write};

use super::escape_controls;
use crate::FileReport;

/// Bytes of output put together before they are written.
const CHUNK: usize = 1 << 16;

pub(super) fn file(report: &FileReport, w: &mut dyn Write) -> io::Result<()> {
    let doc = &report.document;
    let pages = crate::pdf::Pages::of(doc);
    // Put together piece by piece rather than with `write!`: this runs once per finding, and
    // the formatting machinery would be most of its cost (figures in BENCHMARKS.md).
    // Room for the file's findings at a typical line length (or one chunk of them), so that
    // the string does not grow, copying itself, line by line.
    let mut lines = String::with_capacity((report.diagnostics.len() * 240).min(CHUNK + 1024));
    let path = escape_controls(&doc.path);
    for d in &report.diagnostics {
        let (page, pos) = super::place(doc, pages.as_ref(), d.span.start);
        lines.push_str(&path);
        lines.push(':');
        if let Some(page) = page {
            push_number(&mut lines, page);
            lines.push(':');
        }
        push_number(&mut lines, pos.line);
        lines.push(':');
        push_number(&mut lines, pos.column);
        lines.push_str(": ");
        lines.push_str(d.severity.as_str());
        lines.push('[');
        lines.push_str(&d.code);
        lines.push_str("] ");
        lines.push_str(&escape_controls(&d.message));
        for suggestion in &d.suggestions {
            lines.push_str("; ");
            lines.push_str(super::suggestion_label(suggestion.applicability));
            lines.push_str(": ");
            // A line break in a title would read as the start of another finding.
            let title = escape_controls(&suggestion.title);
            if memchr::memchr2(b'\n', b'\r', title.as_bytes()).is_some() {
                lines.push_str(&title.replace(['\n', '\r'], " "));
            } else {
                lines.push_str(&title);
            }
        }
        lines.push('\n');
        // Written in pieces, so a file with millions of findings never holds its output.
        if lines.len() >= CHUNK {
            w.write_all(lines.as_bytes())?;
            lines.clear();
        }
    }
    w.write_all(lines.as_bytes())
}

/// `n` in decimal.
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_as_format_writes_them() {
        for n in [0, 7, 10, 99, 1_000, 40_312, usize::MAX] {
            let mut out = String::from("x");
            super::push_number(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }
}
