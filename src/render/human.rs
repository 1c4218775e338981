//! The human format: ariadne compiler-style reports counted in bytes, then a summary per file.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;

use ariadne::{Color, Config, Fmt, IndexType, Label, Report, ReportKind, Source};

use super::{escape_controls, is_terminal_control, push_escaped};
use crate::FileReport;
use crate::check::Summary;
use crate::diagnostic::Severity;

/// One file's reports and its summary line.
pub(super) fn file(report: &FileReport, color: bool, w: &mut dyn Write) -> io::Result<()> {
    // Byte indices: our spans are bytes, and char indexing would drift on any non-ASCII line.
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(color);
    let doc = &report.document;
    let path = escape_controls(&doc.path);
    let path = path.as_ref();
    let shown = Shown::new(&doc.source);
    // Indexed once per file: built per finding it made the report quadratic in findings.
    let whole = Source::from(shown.text.as_ref());
    // A PDF's findings are shown within their page (`cv.pdf:2:14:3`): one source per page,
    // numbered from the page's first line.
    let pages = crate::pdf::Pages::of(doc);
    let mut page_sources: HashMap<usize, (String, Range<usize>, Source<&str>)> = HashMap::new();
    for d in &report.diagnostics {
        let (kind, paint) = match d.severity {
            Severity::Error => (ReportKind::Error, Color::Red),
            Severity::Warning => (ReportKind::Warning, Color::Yellow),
            Severity::Info => (ReportKind::Advice, Color::Cyan),
        };
        let notes: Vec<String> = super::suggestion_lines(&d.suggestions)
            .map(|line| escape_controls(&line).into_owned())
            .collect();
        if let Some(mut window) = window(doc, d.span.range()) {
            let colors = color.then_some(paint);
            let (page, position) = super::place(doc, pages.as_ref(), d.span.start);
            (window.line, window.column) = (position.line, position.column);
            let label = page.map_or_else(|| path.to_string(), |p| format!("{path}:{p}"));
            write_window(&label, d, &kind, colors, &notes, &window, w)?;
            continue;
        }
        let (path, shown_range, source) = match &pages {
            None => (path, 0..shown.text.len(), &whole),
            Some(pages) => {
                let page = pages.page(d.span.start);
                let (label, shown_range, source) = page_sources.entry(page).or_insert_with(|| {
                    let range = pages.range(page, doc.source.len());
                    let shown_range = shown.map(range.start)..shown.map(range.end);
                    let text = &shown.text[shown_range.clone()];
                    (format!("{path}:{page}"), shown_range, Source::from(text))
                });
                (label.as_str(), shown_range.clone(), &*source)
            }
        };
        // Relative to the source shown (a page of a PDF); a span never leaves its page.
        let at = |offset: usize| {
            shown.map(offset).clamp(shown_range.start, shown_range.end) - shown_range.start
        };
        let span = at(d.span.start)..at(d.span.end);
        let builder = Report::build(kind, (path, span.clone()))
            .with_config(config)
            .with_message(format!("{} {}", d.code, escape_controls(&d.message)))
            .with_label(
                Label::new((path, span))
                    .with_message(&d.name)
                    .with_color(paint),
            )
            .with_help(escape_controls(&d.help));
        notes
            .iter()
            .fold(builder, |builder, note| builder.with_note(note))
            .finish()
            .write((path, source), &mut *w)?;
    }
    summary_line(report, color, w)
}

/// The source as the report shows it: terminal controls escaped (see `escape_controls`), with
/// where each source offset moved to.
struct Shown<'s> {
    text: Cow<'s, str>,
    /// (source offset just past an escaped char, bytes the escapes added up to there).
    shifts: Vec<(usize, usize)>,
}

impl<'s> Shown<'s> {
    fn new(source: &'s str) -> Shown<'s> {
        let mut shifts = Vec::new();
        if !source.chars().any(is_terminal_control) {
            return Shown {
                text: Cow::Borrowed(source),
                shifts,
            };
        }
        // One pass: the escaped text, and how far each escape moved what follows it.
        let mut text = String::with_capacity(source.len() + 16);
        for (at, c) in source.char_indices() {
            let before = text.len();
            push_escaped(c, &mut text);
            if text.len() - before != c.len_utf8() {
                shifts.push((at + c.len_utf8(), text.len() - (at + c.len_utf8())));
            }
        }
        Shown {
            text: Cow::Owned(text),
            shifts,
        }
    }

    /// Where source offset `at` is in the shown text.
    fn map(&self, at: usize) -> usize {
        match self.shifts.partition_point(|&(after, _)| after <= at) {
            0 => at,
            n => at + self.shifts[n - 1].1,
        }
    }
}

/// A line longer than this many bytes is shown cut to a window around the finding, as
/// compilers do, so that output stays bounded per finding.
const LONG_LINE: usize = 300;
/// Bytes of the line kept before the finding, and most bytes of the finding and after it.
const BEFORE: usize = 60;
const FROM: usize = 180;

/// The part of a long line a report shows.
struct Window {
    /// The excerpt, with `…` where the line was cut.
    text: String,
    /// The finding's span within `text` (cut at its end if the finding runs past it).
    span: Range<usize>,
    /// The finding's real line and column (1-based, in characters).
    line: usize,
    column: usize,
}

/// The window around `span` if the line it starts on is long; `None` for a normal line.
fn window(doc: &crate::document::Document, span: Range<usize>) -> Option<Window> {
    let text = doc.source.as_str();
    let index = &doc.line_index;
    let line = index.line_of(span.start);
    let line_start = index.line_start(line);
    let next_line = index.line_start(line + 1);
    let line_end = if next_line > line_start {
        next_line - 1
    } else {
        text.len()
    };
    if line_end - line_start <= LONG_LINE {
        return None;
    }
    let floor = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let from = floor(span.start.saturating_sub(BEFORE).max(line_start));
    let to = floor((span.start + FROM).min(line_end));
    let before = if from > line_start { "… " } else { "" };
    let after = if to < line_end { " …" } else { "" };
    let flagged_end = span.end.clamp(span.start, to);
    let (lead, flagged, rest) = (
        escape_controls(&text[from..span.start]),
        escape_controls(&text[span.start..flagged_end]),
        escape_controls(text[flagged_end..to].trim_end_matches('\r')),
    );
    let excerpt = format!("{before}{lead}{flagged}{rest}{after}");
    let start = before.len() + lead.len();
    let end = start + flagged.len();
    let position = index.position(text, span.start);
    Some(Window {
        span: start.min(excerpt.len())..end.min(excerpt.len()),
        text: excerpt,
        line: position.line,
        column: position.column,
    })
}

/// A report on a long line, drawn like ariadne's (which numbers lines by its own source, so it
/// cannot show a window with the line's real number).
fn write_window(
    path: &str,
    d: &crate::diagnostic::Diagnostic,
    kind: &ReportKind<'_>,
    color: Option<Color>,
    notes: &[String],
    window: &Window,
    w: &mut dyn Write,
) -> io::Result<()> {
    let paint = |text: &str, fixed: u8| {
        let color = color.map(|_| Color::Fixed(fixed));
        text.fg(color).to_string()
    };
    let number = window.line.to_string();
    let pad = " ".repeat(number.len() + 2);
    let bar = paint("│", 246);
    let chars = |range: Range<usize>| window.text[range].chars().count();
    let (indent, width) = (
        chars(0..window.span.start),
        chars(window.span.clone()).max(1),
    );
    let mid = width / 2;
    let underline = format!("{}┬{}", "─".repeat(mid), "─".repeat(width - mid - 1));
    let pointer = format!("╰{} {}", "─".repeat(width - mid + 1), d.name);
    writeln!(
        w,
        "{} {} {}",
        format!("{kind}:").fg(color),
        d.code,
        escape_controls(&d.message)
    )?;
    writeln!(
        w,
        "{pad}{} {}:{}:{} {}",
        paint("╭─[", 246),
        path,
        window.line,
        window.column,
        paint("]", 246)
    )?;
    writeln!(w, "{pad}{bar}")?;
    writeln!(w, " {} {}", paint(&format!("{number} │"), 246), window.text)?;
    writeln!(
        w,
        "{pad}{bar} {}{}",
        " ".repeat(indent),
        underline.fg(color)
    )?;
    writeln!(
        w,
        "{pad}{bar} {}{}",
        " ".repeat(indent + mid),
        pointer.fg(color)
    )?;
    writeln!(w, "{pad}{bar} ")?;
    writeln!(
        w,
        "{pad}{bar} {}: {}",
        paint("Help", 115),
        escape_controls(&d.help)
    )?;
    for note in notes {
        writeln!(w, "{pad}{bar} ")?;
        writeln!(w, "{pad}{bar} {}: {note}", paint("Note", 115))?;
    }
    writeln!(w, "{}", paint(&format!("{}╯", "─".repeat(pad.len())), 246))
}

/// The closing lines: findings by severity over all files, then (after several files) the
/// files' summaries added up.
pub(super) fn total(
    files: usize,
    totals: [usize; 3],
    run: &Summary,
    w: &mut dyn Write,
) -> io::Result<()> {
    let [info, warning, error] = totals;
    let found = info + warning + error;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if found == 0 {
        writeln!(w, "No findings in {}.", plural(files, "file"))?;
    } else {
        writeln!(
            w,
            "Found {} ({} error, {} warning, {} info) in {}.",
            plural(found, "finding"),
            error,
            warning,
            info,
            plural(files, "file")
        )?;
    }
    if files > 1 {
        writeln!(
            w,
            "All {files} files: {}, {} checked, {} process-oriented, {} without an outcome, {}",
            plural(run.bullets, "bullet"),
            run.checked,
            run.process_oriented,
            run.without_outcome,
            score_text(run)
        )?;
    }
    Ok(())
}

/// `outcome score 64%`, or why there is none.
fn score_text(s: &Summary) -> String {
    match s.outcome_score {
        Some(score) => format!("outcome score {:.0}%", score * 100.0),
        None => "outcome score n/a (no experience bullets)".to_string(),
    }
}

fn summary_line(report: &FileReport, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let score = score_text(s);
    let skipped = if s.skipped_non_english > 0 {
        format!(", {} skipped (not English)", s.skipped_non_english)
    } else {
        String::new()
    };
    let (bold, reset) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    writeln!(
        w,
        "{bold}{}{reset}: {} bullets, {} checked{skipped}, {} process-oriented, {} without an outcome, {bold}{score}{reset}",
        escape_controls(&report.document.path),
        s.bullets,
        s.checked,
        s.process_oriented,
        s.without_outcome,
    )
}
