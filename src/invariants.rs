//! Invariants every lint result must hold, checked by the fuzz targets and the property tests:
//! spans in bounds and on char boundaries, segment maps exact, line/column consistent with
//! spans, and safe fixes that keep UTF-8 and converge.

use crate::document::Format;
use crate::ruleset::RuleSet;

fn on_boundary(text: &str, at: usize) -> bool {
    at <= text.len() && text.is_char_boundary(at)
}

/// Lint `source` and check every invariant; the error says which one broke.
pub fn verify(source: &str, format: Format, rules: &RuleSet) -> Result<(), String> {
    let Ok(report) = crate::lint("input", source.to_string(), format, rules) else {
        // Malformed JSON is reported as an error, which is the invariant for it.
        return Ok(());
    };
    let doc = &report.document;
    for bullet in &doc.bullets {
        if !on_boundary(source, bullet.span.start) || !on_boundary(source, bullet.span.end) {
            return Err(format!("bullet span {:?} off a char boundary", bullet.span));
        }
        for seg in &bullet.segments {
            if !on_boundary(source, seg.source.start) || !on_boundary(source, seg.source.end) {
                return Err(format!("segment {seg:?} off a char boundary"));
            }
            let text = bullet
                .text
                .get(seg.text_start..seg.text_end)
                .ok_or("segment outside its text")?;
            if seg.verbatim && source[seg.source.range()] != *text {
                return Err(format!("verbatim segment {seg:?} differs from its source"));
            }
        }
    }
    for d in &report.diagnostics {
        if d.span.start > d.span.end
            || !on_boundary(source, d.span.start)
            || !on_boundary(source, d.span.end)
        {
            return Err(format!("{} span {:?} off a char boundary", d.code, d.span));
        }
        let pos = doc.line_index.position(source, d.span.start);
        // Counted afresh: lines end at `\n`, `\r\n` or a lone `\r`.
        let bytes = source.as_bytes();
        let breaks: Vec<usize> = (0..d.span.start)
            .filter(|&i| bytes[i] == b'\n' || bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            .collect();
        let line_start = breaks.last().map_or(0, |i| i + 1);
        let expected = (
            breaks.len() + 1,
            source[line_start..d.span.start].chars().count() + 1,
        );
        if (pos.line, pos.column) != expected {
            return Err(format!(
                "{} at {:?}: line/column {:?}, expected {expected:?}",
                d.code,
                d.span,
                (pos.line, pos.column)
            ));
        }
        for edit in d.suggestions.iter().flat_map(|s| &s.edits) {
            if !on_boundary(source, edit.span.start) || !on_boundary(source, edit.span.end) {
                return Err(format!(
                    "{} edit {:?} off a char boundary",
                    d.code, edit.span
                ));
            }
        }
    }
    let fixed = crate::fix::fix_source("input", source, format, rules, false).text;
    let again = crate::fix::fix_source("input", &fixed, format, rules, false).text;
    if fixed != again {
        return Err("a second --fix changed the text again".into());
    }
    Ok(())
}
