//! GitHub Actions annotations: workflow commands in the shape ruff writes them.

use std::io::{self, Write};

use crate::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::pdf::Pages;

/// Escape a workflow-command message (`%`, CR and LF; terminal controls as for the terminal).
fn escape_data(text: &str) -> String {
    super::escape_controls(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value (also `:` and `,`, which delimit properties).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The annotation's text: ruff's `path:line:col: CODE message`, then each rewrite or fix on a
/// line of its own (GitHub shows the escaped line breaks).
fn message(doc: &Document, pages: Option<&Pages>, d: &Diagnostic) -> String {
    let (page, start) = super::place(doc, pages, d.span.start);
    let page = page.map(|p| format!("{p}:")).unwrap_or_default();
    let mut text = format!(
        "{}:{page}{}:{}: {} {}",
        doc.path, start.line, start.column, d.code, d.message
    );
    for suggestion in super::suggestion_lines(&d.suggestions) {
        text.push('\n');
        text.push_str(&suggestion);
    }
    text
}

pub(super) fn file(report: &FileReport, w: &mut dyn Write) -> io::Result<()> {
    {
        let doc = &report.document;
        let pages = Pages::of(doc);
        for d in &report.diagnostics {
            let start = doc.line_index.position(&doc.source, d.span.start);
            let end = doc.line_index.position(&doc.source, d.span.end);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            // GitHub rejects column properties on spans that cross lines.
            let columns = if start.line == end.line {
                format!(",col={},endColumn={}", start.column, end.column)
            } else {
                String::new()
            };
            writeln!(
                w,
                "::{level} title={},file={},line={},endLine={}{columns}::{}",
                escape_property(&format!("resume-lint ({})", d.code)),
                escape_property(&doc.path),
                start.line,
                end.line,
                escape_data(&message(doc, pages.as_ref(), d)),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
