//! Output formats: each renderer writes every file's findings to a writer; none knows about parsing.

mod concise;
mod github;
mod human;
mod json;
mod sarif;
mod statistics;

use std::borrow::Cow;
use std::io::{self, Write};

use crate::FileReport;
use crate::check::Summary;
use crate::diagnostic::{Applicability, Suggestion};

/// How text output introduces a suggestion: the outcome `rewrite` a writer fills in, or a `fix`
/// that `--fix` (or `--unsafe-fixes`) applies.
pub(crate) fn suggestion_label(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::DisplayOnly => "rewrite",
        Applicability::Safe => "fix",
        Applicability::Unsafe => "unsafe fix",
    }
}

/// Where `offset` is as text output names it: line and column, with the page first for a PDF
/// (whose line then counts within the page, as a reader finds it: `cv.pdf:2:14:3`).
pub(crate) fn place(
    doc: &crate::document::Document,
    pages: Option<&crate::pdf::Pages>,
    offset: usize,
) -> (Option<usize>, crate::span::Position) {
    match pages {
        Some(pages) => {
            let (page, position) = pages.place(doc, offset);
            (Some(page), position)
        }
        None => (None, doc.line_index.position(&doc.source, offset)),
    }
}

/// The suggestions as `label: title` lines, in the order the rule offers them.
pub(crate) fn suggestion_lines(suggestions: &[Suggestion]) -> impl Iterator<Item = String> + '_ {
    suggestions
        .iter()
        .map(|s| format!("{}: {}", suggestion_label(s.applicability), s.title))
}

/// Whether `c` would act on a terminal instead of showing: C0 controls other than tab and line
/// breaks, DEL, and C1 controls (ESC starts colour and OSC sequences, BEL rings).
pub(crate) fn is_terminal_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `text` with every terminal control shown as an escape (`\x1b`, `\u{9b}`), so that a resume
/// or a file name cannot drive the terminal that reads the report.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    // Controls are C0 bytes, DEL, and C1 (U+0080–U+009F, which UTF-8 writes after a 0xC2
    // byte): a text with none of those bytes has none, and most have none, so the chars are
    // decoded only for the rest. The check is branch-free per chunk so that it vectorises.
    let maybe_control = |b: u8| (b < 0x20) | (b == 0x7f) | (b == 0xc2);
    let suspect = text
        .as_bytes()
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |any, &b| any | maybe_control(b)));
    if !suspect || !text.chars().any(is_terminal_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    text.chars().for_each(|c| push_escaped(c, &mut out));
    Cow::Owned(out)
}

/// Append `c` to `out`, as an escape if it is a terminal control.
pub(crate) fn push_escaped(c: char, out: &mut String) {
    use std::fmt::Write as _;
    let _ = match c as u32 {
        code if is_terminal_control(c) && code < 0x80 => write!(out, "\\x{code:02x}"),
        code if is_terminal_control(c) => write!(out, "\\u{{{code:x}}}"),
        _ => {
            out.push(c);
            Ok(())
        }
    };
}

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

/// Writes one report at a time, so memory stays bounded by the largest file.
#[derive(Debug)]
pub struct Renderer<'a> {
    format: OutputFormat,
    options: RenderOptions<'a>,
    files: usize,
    totals: [usize; 3],
    /// The files' summaries added up.
    run: Summary,
    first: bool,
    counts: std::collections::BTreeMap<String, (usize, bool)>,
}

impl<'a> Renderer<'a> {
    /// A renderer for `format`.
    pub fn new(format: OutputFormat, options: RenderOptions<'a>) -> Self {
        Renderer {
            format,
            options,
            files: 0,
            totals: [0; 3],
            run: Summary::default(),
            first: true,
            counts: std::collections::BTreeMap::new(),
        }
    }

    /// Write what comes before the first file.
    pub fn begin(&mut self, w: &mut dyn Write) -> io::Result<()> {
        match self.format {
            _ if self.options.statistics => Ok(()),
            OutputFormat::Json => json::begin(w),
            OutputFormat::Sarif => sarif::begin(self.options.rules, w),
            _ => Ok(()),
        }
    }

    /// Write one file's findings (files must come sorted by path).
    pub fn file(&mut self, report: &FileReport, w: &mut dyn Write) -> io::Result<()> {
        self.count(report);
        if self.options.statistics {
            statistics::record(report, &mut self.counts);
            return Ok(());
        }
        match self.format {
            OutputFormat::Json => {
                let first = std::mem::replace(&mut self.first, false);
                json::file(report, first, w)
            }
            OutputFormat::Sarif => sarif::file(report, self.options.rules, &mut self.first, w),
            format => write_apart(format, self.options.color, report, w),
        }
    }

    /// Write one file's findings that `Rendered::new` wrote ahead of time.
    pub fn rendered(&mut self, rendered: &Rendered, w: &mut dyn Write) -> io::Result<()> {
        self.files += 1;
        self.run.add(&rendered.summary);
        for (total, more) in self.totals.iter_mut().zip(rendered.totals) {
            *total += more;
        }
        w.write_all(&rendered.bytes)
    }

    /// Add a file to the run's counts.
    fn count(&mut self, report: &FileReport) {
        self.files += 1;
        self.run.add(&report.summary);
        for d in &report.diagnostics {
            self.totals[d.severity as usize] += 1;
        }
    }

    /// Write what comes after the last file; `errors` are the files that could not be linted.
    pub fn finish(&mut self, errors: &[FileError], w: &mut dyn Write) -> io::Result<()> {
        if self.options.statistics {
            return statistics::finish(
                &self.counts,
                self.options.rules,
                self.format == OutputFormat::Json,
                w,
            );
        }
        match self.format {
            OutputFormat::Human => human::total(self.files, self.totals, &self.run, w),
            OutputFormat::Json => json::finish(self.files, &self.run, errors, w),
            OutputFormat::Sarif => sarif::finish(w),
            _ => Ok(()),
        }
    }
}

/// One file's findings written ahead of time by the thread that linted it, with what the
/// run's totals need from the report, so that the report is dropped where it was made.
#[derive(Debug)]
pub struct Rendered {
    bytes: Vec<u8>,
    summary: Summary,
    totals: [usize; 3],
}

impl Rendered {
    /// Whether files in `format` can be written ahead of time, each apart from the others:
    /// not JSON or SARIF, whose files are parts of one document, and not a count per rule
    /// (`statistics`).
    pub fn possible(format: OutputFormat, statistics: bool) -> bool {
        !statistics && !matches!(format, OutputFormat::Json | OutputFormat::Sarif)
    }

    /// `report` in `format` (with ANSI colour if `color`); see `possible`.
    pub fn new(format: OutputFormat, color: bool, report: &FileReport) -> io::Result<Rendered> {
        let mut bytes = Vec::new();
        write_apart(format, color, report, &mut bytes)?;
        let mut totals = [0; 3];
        for d in &report.diagnostics {
            totals[d.severity as usize] += 1;
        }
        Ok(Rendered {
            bytes,
            summary: report.summary.clone(),
            totals,
        })
    }
}

/// Write one file's findings in a format that writes each file apart from the others.
fn write_apart(
    format: OutputFormat,
    color: bool,
    report: &FileReport,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::file(report, color, w),
        OutputFormat::Concise => concise::file(report, w),
        OutputFormat::Jsonl => json::lines_file(report, w),
        OutputFormat::Github => github::file(report, w),
        OutputFormat::Json | OutputFormat::Sarif => Err(io::Error::other(
            "JSON and SARIF files are parts of one document",
        )),
    }
}

/// Write `reports` (sorted by path) and `errors` in `format`, all at once.
///
/// Errors are part of the JSON document; the other formats leave them to the caller's stderr.
pub fn render(
    format: OutputFormat,
    reports: &[FileReport],
    errors: &[FileError],
    options: RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut renderer = Renderer::new(format, options);
    renderer.begin(w)?;
    for report in reports {
        renderer.file(report, w)?;
    }
    renderer.finish(errors, w)
}

#[cfg(test)]
mod tests {
    use super::{escape_controls, is_terminal_control};
    use proptest::prelude::*;

    proptest! {
        /// The byte pre-check never lets a control through: the escaped text has none, and a
        /// text without any comes back as it was.
        #[test]
        fn escapes_every_control_and_nothing_else(text in "(\\PC|[\\x00-\\x1f\\x7f\\u{80}-\\u{a0}]|é|中){0,80}") {
            let escaped = escape_controls(&text);
            prop_assert!(!escaped.chars().any(is_terminal_control));
            if !text.chars().any(is_terminal_control) {
                prop_assert_eq!(&*escaped, text.as_str());
            }
        }
    }
}
