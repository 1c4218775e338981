//! resume-lint: finds resume bullets, checks them against rule sets, and reports process-oriented phrasing.
//!
//! The library never prints; the binary owns I/O, colour and exit codes.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod docx;
pub mod error;
pub mod explain;
pub mod fix;
pub mod input;
pub mod invariants;
pub mod kinds;
pub mod language;
pub mod parse;
pub mod pdf;
mod precompiled;
mod regexes;
pub mod render;
pub mod ruleset;
pub mod server;
pub mod span;
pub mod suppress;
pub mod walk;

use document::Format;

/// One file after linting: the parsed document, its findings and its summary.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The parsed document (owns the source text).
    pub document: document::Document,
    /// Findings sorted by offset, then code.
    pub diagnostics: Vec<diagnostic::Diagnostic>,
    /// Bullet and outcome counts.
    pub summary: check::Summary,
}

/// Parse `source` (a `String`, or an [`input::Text`] with the lines its styles mark as headings)
/// as `format` and check it with `rules`.
///
/// Fails only for JSON that is malformed or not a JSON Resume.
pub fn lint(
    path: &str,
    source: impl Into<input::Text>,
    format: Format,
    rules: &ruleset::RuleSet,
) -> error::Result<FileReport> {
    let document = parse::parse(path, source, format)?;
    let (diagnostics, summary) = check::check(&document, rules);
    Ok(FileReport {
        document,
        diagnostics,
        summary,
    })
}
