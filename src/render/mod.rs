//! Output formats: each renderer writes every file's findings to a writer; none knows about parsing.

mod concise;
mod github;
mod human;
mod json;
mod sarif;
mod statistics;

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
    /// One JSON object per finding, one per line.
    Jsonl,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
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
pub struct RenderOptions<'a> {
    /// Emit ANSI colour.
    pub color: bool,
    /// The rules that ran (SARIF lists them).
    pub rules: &'a crate::ruleset::RuleSet,
    /// Print counts per rule instead of the findings.
    pub statistics: bool,
}

/// Write `reports` (sorted by path) and `errors` in `format`.
///
/// Errors are part of the JSON document; the other formats leave them to the caller's stderr.
pub fn render(
    format: OutputFormat,
    reports: &[FileReport],
    errors: &[FileError],
    options: RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    if options.statistics {
        return statistics::render(reports, options.rules, format == OutputFormat::Json, w);
    }
    match format {
        OutputFormat::Human => human::render(reports, options, w),
        OutputFormat::Concise => concise::render(reports, w),
        OutputFormat::Json => json::render(reports, errors, w),
        OutputFormat::Jsonl => json::render_lines(reports, w),
        OutputFormat::Github => github::render(reports, w),
        OutputFormat::Sarif => sarif::render(reports, options.rules, w),
    }
}
