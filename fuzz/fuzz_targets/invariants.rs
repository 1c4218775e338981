//! Invariants every fuzz target checks: no panic, spans in bounds and on char boundaries,
//! lines and columns consistent with spans, safe fixes keep UTF-8 and converge.

use std::sync::LazyLock;

use resume_lint::document::Format;
use resume_lint::ruleset::RuleSet;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().expect("built-in rules load"));

fn on_boundary(text: &str, at: usize) -> bool {
    at <= text.len() && text.is_char_boundary(at)
}

pub fn check(data: &[u8], format: Format) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(report) = resume_lint::lint("fuzz", source.to_string(), format, &RULES) else {
        return;
    };
    let doc = &report.document;
    for bullet in &doc.bullets {
        assert!(on_boundary(source, bullet.span.start) && on_boundary(source, bullet.span.end));
        for seg in &bullet.segments {
            assert!(on_boundary(source, seg.source.start) && on_boundary(source, seg.source.end));
            assert!(bullet.text.is_char_boundary(seg.text_start) && bullet.text.is_char_boundary(seg.text_end));
            if seg.verbatim {
                assert_eq!(&source[seg.source.range()], &bullet.text[seg.text_start..seg.text_end]);
            }
        }
    }
    for d in &report.diagnostics {
        assert!(d.span.start <= d.span.end);
        assert!(on_boundary(source, d.span.start) && on_boundary(source, d.span.end), "{d:?}");
        let pos = doc.line_index.position(source, d.span.start);
        let before = &source[..d.span.start];
        assert_eq!(pos.line, before.matches('\n').count() + 1);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(pos.column, source[line_start..d.span.start].chars().count() + 1);
        for edit in d.suggestions.iter().flat_map(|s| &s.edits) {
            assert!(on_boundary(source, edit.span.start) && on_boundary(source, edit.span.end));
        }
    }
    let (fixed, _) = resume_lint::fix::fix_source("fuzz", source, format, &RULES, false);
    let (again, _) = resume_lint::fix::fix_source("fuzz", &fixed, format, &RULES, false);
    assert_eq!(fixed, again, "a second --fix changed the text again");
}
