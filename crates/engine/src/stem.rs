//! A pattern's stem: the pattern without the optional parts it ends with.
//!
//! A rule pattern often ends in an optional tail that only fills a message's holes (`(?: for
//! (?P<object>…))?`). A part that can always match nothing never decides whether a match
//! starts at a position, so the stem matches at exactly the pattern's start positions: its
//! DFA answers "is there a match?" and "where does the leftmost one start?", and only the
//! capture search, anchored there, needs the whole pattern. Without the tail the lazy DFA has
//! far fewer states to build: a search no longer tracks, next to every partial match of the
//! head, where the tail could be.

use regex_syntax::hir::{Capture, Hir, HirKind};

/// `hir`'s stem, or `None` when it ends in nothing optional (the stem is the whole pattern).
pub fn stem(hir: &Hir) -> Option<Hir> {
    let stemmed = strip(hir);
    (stemmed != *hir).then_some(stemmed)
}

/// `hir` with the optional parts at its end dropped, recursively.
fn strip(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Concat(parts) => {
            let mut kept = parts.len();
            while kept > 0 && always_empty_matchable(&parts[kept - 1]) {
                kept -= 1;
            }
            let mut parts = parts[..kept].to_vec();
            // What is now the last part may end in optional parts of its own.
            if let Some(last) = parts.pop() {
                parts.push(strip(&last));
            }
            Hir::concat(parts)
        }
        // Each branch starts where the pattern can; the union of their stems, where it can.
        HirKind::Alternation(branches) => Hir::alternation(branches.iter().map(strip).collect()),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(strip(&capture.sub)),
            ..capture.clone()
        }),
        _ => hir.clone(),
    }
}

/// Whether `hir` can match the empty string whatever surrounds it: a look-around (`\b`, `$`)
/// matches nothing too, but only in some places, so it is never dropped.
fn always_empty_matchable(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Repetition(repetition) => repetition.min == 0,
        HirKind::Capture(capture) => always_empty_matchable(&capture.sub),
        HirKind::Concat(parts) => parts.iter().all(always_empty_matchable),
        HirKind::Alternation(branches) => branches.iter().any(always_empty_matchable),
        HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem_of(pattern: &str) -> Option<String> {
        let hir = regex_syntax::parse(pattern).unwrap();
        stem(&hir).map(|s| s.to_string())
    }

    fn same(a: &str, b: &str) -> bool {
        regex_syntax::parse(a).unwrap().to_string() == regex_syntax::parse(b).unwrap().to_string()
    }

    #[test]
    fn drops_trailing_optional_parts_only() {
        let stemmed =
            stem_of(r"groom\w* the backlog(?: for (?P<object>[a-z ]+?)(?:,|$))?").unwrap();
        assert!(same(&stemmed, r"groom\w* the backlog"), "{stemmed}");
        // Inside the last group too, and in every branch.
        let stemmed = stem_of(r"(?P<flag>led (?:the )?team(?: of \d+)?)x?|ran( it)*").unwrap();
        assert!(
            same(&stemmed, r"(?P<flag>led (?:the )?team)|ran"),
            "{stemmed}"
        );
        // Nothing optional at the end: the stem is the pattern.
        assert_eq!(stem_of(r"led (?:the )?team"), None);
        // A look-around matches nothing, but not everywhere: it stays.
        assert_eq!(stem_of(r"led\b"), None);
        assert_eq!(stem_of(r"^\d+%$"), None);
        let stemmed = stem_of(r"led\b(?: it)?").unwrap();
        assert!(same(&stemmed, r"led\b"), "{stemmed}");
    }

    #[test]
    fn the_stem_matches_where_the_pattern_starts() {
        let patterns = [
            r"groom\w* the backlog(?: for (?P<object>[a-z ]+?)(?:,|$))?",
            r"(?P<flag>led (?:the )?team(?: of \d+)?)x?|ran( it)*",
            r"a(?:bc)?|abd",
            r"(?:x|y)(?:z|)",
        ];
        let texts = [
            "groom the backlog for us",
            "we led the team of 4x",
            "ran it",
            "abd abc",
            "yz",
            "",
        ];
        for pattern in patterns {
            let whole = regex::Regex::new(pattern).unwrap();
            let stemmed = regex::Regex::new(&stem_of(pattern).unwrap()).unwrap();
            for text in texts {
                assert_eq!(
                    whole.find(text).map(|m| m.start()),
                    stemmed.find(text).map(|m| m.start()),
                    "{pattern} on {text:?}"
                );
            }
        }
    }
}
