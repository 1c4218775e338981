//! The command line's value enums (`--format`, `--fail-on`, `--input-format` …), mapped onto
//! the library's types, so that the library knows nothing of clap.

use clap::ValueEnum;
use resume_lint::diagnostic::Severity;
use resume_lint::document::Format;
use resume_lint::render::OutputFormat;

/// The values of `--fail-on` and `--min-severity`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum SeverityArg {
    /// Advice worth reading.
    Info,
    /// Phrasing that weakens the resume.
    Warning,
    /// A problem that should block.
    Error,
}

impl From<SeverityArg> for Severity {
    fn from(value: SeverityArg) -> Self {
        match value {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Error => Severity::Error,
        }
    }
}

/// The values of `--input-format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    /// CommonMark, parsed with pulldown-cmark.
    Markdown,
    /// Plain text, including text copied out of a PDF.
    Text,
    /// LaTeX (`\item`, resume macros).
    Latex,
    /// JSON Resume (`work[].highlights[]` and friends).
    #[value(name = "json")]
    JsonResume,
    /// A Word document: its paragraphs, one per line, read as plain text.
    Docx,
    /// A PDF's text layer, page by page, read as plain text.
    Pdf,
}

impl From<FormatArg> for Format {
    fn from(value: FormatArg) -> Self {
        match value {
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Text => Format::Text,
            FormatArg::Latex => Format::Latex,
            FormatArg::JsonResume => Format::JsonResume,
            FormatArg::Docx => Format::Docx,
            FormatArg::Pdf => Format::Pdf,
        }
    }
}

/// The values of `--format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormatArg {
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

impl From<OutputFormatArg> for OutputFormat {
    fn from(value: OutputFormatArg) -> Self {
        match value {
            OutputFormatArg::Human => OutputFormat::Human,
            OutputFormatArg::Concise => OutputFormat::Concise,
            OutputFormatArg::Json => OutputFormat::Json,
            OutputFormatArg::Jsonl => OutputFormat::Jsonl,
            OutputFormatArg::Github => OutputFormat::Github,
            OutputFormatArg::Sarif => OutputFormat::Sarif,
        }
    }
}
