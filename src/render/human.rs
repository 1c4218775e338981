//! The human format: ariadne compiler-style reports counted in bytes, then a summary per file.

use std::io::{self, Write};

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use super::RenderOptions;
use crate::FileReport;
use crate::diagnostic::{Applicability, Severity};

/// One file's reports and its summary line.
pub(super) fn file(
    report: &FileReport,
    options: RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    // Byte indices: our spans are bytes, and char indexing would drift on any non-ASCII line.
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(options.color);
    let doc = &report.document;
    let path = doc.path.as_str();
    for d in &report.diagnostics {
        let (kind, color) = match d.severity {
            Severity::Error => (ReportKind::Error, Color::Red),
            Severity::Warning => (ReportKind::Warning, Color::Yellow),
            Severity::Info => (ReportKind::Advice, Color::Cyan),
        };
        let mut builder = Report::build(kind, (path, d.span.range()))
            .with_config(config)
            .with_message(format!("{} {}", d.code, d.message))
            .with_label(
                Label::new((path, d.span.range()))
                    .with_message(&d.name)
                    .with_color(color),
            )
            .with_help(&d.help);
        for s in &d.suggestions {
            let label = match s.applicability {
                Applicability::DisplayOnly => "rewrite",
                Applicability::Safe => "fix",
                Applicability::Unsafe => "unsafe fix",
            };
            builder = builder.with_note(format!("{label}: {}", s.title));
        }
        builder
            .finish()
            .write((path, Source::from(doc.source.as_str())), &mut *w)?;
    }
    summary_line(report, options, w)
}

/// The closing line: findings by severity over all files.
pub(super) fn total(files: usize, totals: [usize; 3], w: &mut dyn Write) -> io::Result<()> {
    let [info, warning, error] = totals;
    let found = info + warning + error;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if found == 0 {
        writeln!(w, "No findings in {}.", plural(files, "file"))
    } else {
        writeln!(
            w,
            "Found {} ({} error, {} warning, {} info) in {}.",
            plural(found, "finding"),
            error,
            warning,
            info,
            plural(files, "file")
        )
    }
}

fn summary_line(
    report: &FileReport,
    options: RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let s = &report.summary;
    let score = match s.outcome_score {
        Some(score) => format!("outcome score {:.0}%", score * 100.0),
        None => "outcome score n/a (no experience bullets)".to_string(),
    };
    let skipped = if s.skipped_non_english > 0 {
        format!(", {} skipped (not English)", s.skipped_non_english)
    } else {
        String::new()
    };
    let (bold, reset) = if options.color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    writeln!(
        w,
        "{bold}{}{reset}: {} bullets, {} checked{skipped}, {} process-oriented, {} without an outcome, {bold}{score}{reset}",
        report.document.path, s.bullets, s.checked, s.process_oriented, s.without_outcome,
    )
}
