//! Output formats: each renderer writes every file's findings to a writer; none knows about parsing.

mod concise;
mod human;
mod json;

use std::io::{self, Write};

use crate::FileReport;

/// The output formats on offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Compiler-style reports with underlined spans (ariadne), then a summary per file.
    Human,
    /// `path:line:col: severity[CODE] message`, one per line.
    Concise,
    /// One versioned JSON document for editors and scripts.
    Json,
}

/// A file that could not be linted, and why.
#[derive(Debug, Clone)]
pub struct FileError {
    /// The path as given or found.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Rendering options that do not depend on the format.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Emit ANSI colour.
    pub color: bool,
}

/// Write `reports` (sorted by path) and `errors` in `format`.
///
/// Errors are part of the JSON document; the other formats leave them to the caller's stderr.
pub fn render(
    format: OutputFormat,
    reports: &[FileReport],
    errors: &[FileError],
    options: RenderOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render(reports, options, w),
        OutputFormat::Concise => concise::render(reports, w),
        OutputFormat::Json => json::render(reports, errors, w),
    }
}
