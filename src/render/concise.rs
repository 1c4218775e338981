//! The concise format: `path:line:col: severity[CODE] message`, one finding per line.

use std::io::{self, Write};

use crate::FileReport;

pub(super) fn file(report: &FileReport, w: &mut dyn Write) -> io::Result<()> {
    {
        let doc = &report.document;
        for d in &report.diagnostics {
            let pos = doc.line_index.position(&doc.source, d.span.start);
            writeln!(
                w,
                "{}:{}:{}: {}[{}] {}",
                doc.path,
                pos.line,
                pos.column,
                d.severity.as_str(),
                d.code,
                d.message
            )?;
        }
    }
    Ok(())
}
