//! The JSON format: one versioned document per run, for editors and scripts. Changes are additive only.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use super::FileError;
use crate::FileReport;
use crate::check::Summary;
use crate::diagnostic::Suggestion;
use crate::document::{Document, RoleLine};
use crate::pdf::Pages;
use crate::span::Span;

/// Version of the document shape; bumped only for additions.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// One file's entry; `bullets` and `diagnostics` are `Seq`s, written as they are made.
#[derive(Serialize)]
struct File<'a, B: Serialize, D: Serialize> {
    path: &'a str,
    format: crate::document::Format,
    bullets: B,
    diagnostics: D,
    summary: &'a Summary,
}

/// A JSON array written straight from an iterator, never collected: a file's entry then
/// takes no memory beyond the report itself, however many findings it has.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct Bullet<'a> {
    start: usize,
    end: usize,
    line: usize,
    text: &'a str,
    section: &'static str,
    role: Option<&'a RoleLine>,
    /// JSON Pointer of the string the bullet came from (JSON Resume input only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    /// 1-based index of the Word paragraph of the bullet (.docx input only).
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<usize>,
    /// 1-based page the bullet starts on (.pdf input only).
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    /// Only in JSON Lines, where each line stands alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    code: &'a str,
    name: &'a str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    column_utf16: usize,
    end_column_utf16: usize,
    bullet: Option<usize>,
    /// JSON Pointer of the string the finding is in (JSON Resume input only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    /// 1-based index of the Word paragraph the finding starts in (.docx input only).
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<usize>,
    /// 1-based page the finding starts on (.pdf input only).
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
    suggestions: &'a [Suggestion],
}

/// The Word paragraph of a 1-based line: each paragraph of a .docx is one line of its text.
fn paragraph(doc: &Document, line: usize) -> Option<usize> {
    (doc.format == crate::document::Format::Docx).then_some(line)
}

#[derive(Serialize)]
struct Error<'a> {
    path: &'a str,
    message: &'a str,
}

fn location(doc: &Document, span: Span) -> (crate::span::Position, crate::span::Position) {
    (
        doc.line_index.position(&doc.source, span.start),
        doc.line_index.position(&doc.source, span.end),
    )
}

fn diagnostic<'a>(
    doc: &'a Document,
    pages: Option<&Pages>,
    d: &'a crate::diagnostic::Diagnostic,
    path: Option<&'a str>,
) -> Diagnostic<'a> {
    let (start, end) = location(doc, d.span);
    Diagnostic {
        path,
        code: &d.code,
        name: &d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        help: &d.help,
        start: d.span.start,
        end: d.span.end,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        column_utf16: start.column_utf16,
        end_column_utf16: end.column_utf16,
        bullet: d.bullet,
        pointer: d
            .bullet
            .and_then(|i| doc.bullets.get(i))
            .and_then(|b| b.pointer.as_deref()),
        paragraph: paragraph(doc, start.line),
        page: pages.map(|p| p.page(d.span.start)),
        suggestions: &d.suggestions,
    }
}

/// JSON Lines: one self-contained diagnostic object (with its `path`) per line.
pub(super) fn lines_file(report: &FileReport, w: &mut dyn Write) -> io::Result<()> {
    let doc = &report.document;
    let pages = Pages::of(doc);
    for d in &report.diagnostics {
        serde_json::to_writer(
            &mut *w,
            &diagnostic(doc, pages.as_ref(), d, Some(&doc.path)),
        )?;
        writeln!(w)?;
    }
    Ok(())
}

/// The document is written a file at a time so memory stays bounded by the largest file.
pub(super) fn begin(w: &mut dyn Write) -> io::Result<()> {
    let tool = Tool {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
    };
    write!(
        w,
        "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool\": "
    )?;
    serde_json::to_writer(&mut *w, &tool)?;
    write!(w, ",\n  \"files\": [")
}

/// One entry of `files`; `first` says whether a comma is needed before it.
pub(super) fn file(report: &FileReport, first: bool, w: &mut dyn Write) -> io::Result<()> {
    let doc = &report.document;
    let pages = Pages::of(doc);
    let file = File {
        path: &doc.path,
        format: doc.format,
        bullets: Seq(|| {
            doc.bullets.iter().map(|b| {
                let line = doc.line_index.line_of(b.span.start) + 1;
                Bullet {
                    start: b.span.start,
                    end: b.span.end,
                    line,
                    text: &b.text,
                    section: b.kind.as_str(),
                    role: doc.role_of(b),
                    pointer: b.pointer.as_deref(),
                    paragraph: paragraph(doc, line),
                    page: pages.as_ref().map(|p| p.page(b.span.start)),
                }
            })
        }),
        diagnostics: Seq(|| {
            report
                .diagnostics
                .iter()
                .map(|d| diagnostic(doc, pages.as_ref(), d, None))
        }),
        summary: &report.summary,
    };
    write!(w, "{}\n    ", if first { "" } else { "," })?;
    serde_json::to_writer(&mut *w, &file)?;
    Ok(())
}

/// The run's totals: how many files, and their summaries added up.
#[derive(Serialize)]
struct Totals<'a> {
    files: usize,
    #[serde(flatten)]
    summary: &'a Summary,
}

pub(super) fn finish(
    files: usize,
    run: &Summary,
    errors: &[FileError],
    w: &mut dyn Write,
) -> io::Result<()> {
    let errors: Vec<Error<'_>> = errors
        .iter()
        .map(|e| Error {
            path: &e.path,
            message: &e.message,
        })
        .collect();
    write!(w, "\n  ],\n  \"summary\": ")?;
    serde_json::to_writer(
        &mut *w,
        &Totals {
            files,
            summary: run,
        },
    )?;
    write!(w, ",\n  \"errors\": ")?;
    serde_json::to_writer(&mut *w, &errors)?;
    writeln!(w, "\n}}")
}
