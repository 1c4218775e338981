//! Folded text: rule patterns read a copy of each bullet with ASCII letters lower-cased and
//! every non-ASCII space replaced by one canonical space of the same UTF-8 length.
//!
//! Folding keeps every byte offset and char boundary, so a match in the folded copy is a match
//! at the same span of the original. A pattern whose classes cannot tell folded characters
//! apart (`(?i)` letters, `\s`) matches the folded copy exactly where it matches the original.
//! Compiled for it, it needs no upper-case letters and two of the nineteen non-ASCII spaces, so
//! its lazy DFA splits the input into fewer byte classes (for most rule patterns, few enough to
//! halve the memory of each DFA state; figures in BENCHMARKS.md), and `A` shares `a`'s
//! transitions instead of having its own computed. Patterns that do tell them apart
//! (`(?-i:I)`) read the original.

use std::sync::LazyLock;

use regex_automata::nfa::thompson::{self, NFA};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Repetition,
};

/// The two-byte space folded text keeps (no-break space)...
const TWO_BYTE_SPACE: char = '\u{a0}';
/// ...and the three-byte one (en quad, the first of them; it shares its first two bytes with
/// the `’` the rules match, so that the two split off fewer byte classes). No space takes four
/// bytes.
const THREE_BYTE_SPACE: char = '\u{2000}';

/// What `c` becomes in folded text.
fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        c if !c.is_ascii() && c.is_whitespace() => match c.len_utf8() {
            2 => TWO_BYTE_SPACE,
            _ => THREE_BYTE_SPACE,
        },
        c => c,
    }
}

/// `text` folded: the same length, with char boundaries at the same offsets.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

/// The characters that fold together, each group with at least two members: a letter's two
/// cases, and the spaces of each length. A class must hold all of a group or none of it.
static FOLD_GROUPS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    let spaces = (0x80..=0x3000)
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace());
    let mut groups: Vec<Vec<char>> = Vec::new();
    for c in ('A'..='Z').chain('a'..='z').chain(spaces) {
        match groups.iter_mut().find(|g| fold_char(g[0]) == fold_char(c)) {
            Some(group) => group.push(c),
            None => groups.push(vec![c]),
        }
    }
    groups
});

/// The characters folded text never has: those that fold to another.
static NEVER_FOLDED: LazyLock<ClassUnicode> = LazyLock::new(|| {
    ClassUnicode::new(
        FOLD_GROUPS
            .iter()
            .flatten()
            .copied()
            .filter(|&c| fold_char(c) != c)
            .map(|c| ClassUnicodeRange::new(c, c)),
    )
});

/// Whether `class` has some but not all of a group of characters that fold together: it tells
/// folded characters apart and cannot read folded text.
fn splits_a_fold(class: &ClassUnicode) -> bool {
    let has = |c: char| class.iter().any(|r| (r.start()..=r.end()).contains(&c));
    FOLD_GROUPS.iter().any(|group| {
        let inside = group.iter().filter(|&&c| has(c)).count();
        inside != 0 && inside != group.len()
    })
}

/// Whether `c` is the only character that folds to itself: a literal of it matches the same in
/// folded text.
fn folds_alone(c: char) -> bool {
    !c.is_ascii_alphabetic() && (c.is_ascii() || !c.is_whitespace())
}

/// Characters that `(?i)` matches for an ASCII letter: the Kelvin sign for `k`, the long s
/// for `s`. Their UTF-8 bytes split four more byte classes off, for characters no resume
/// writes for a `k` or an `s`.
const CASE_VARIANTS: [char; 2] = ['\u{212a}', '\u{17f}'];

/// `class` for folded text, in its simplest form, since every edge between ranges adds byte
/// classes to the lazy DFA:
/// - characters folded text never has (`A`–`Z`, the non-canonical spaces) may be dropped or
///   added freely: `\s` drops seventeen spaces, `\S` adds them and loses their holes;
/// - `CASE_VARIANTS` are treated as symbols, not letters: a letter class drops them
///   (`[kK\u{212a}]` becomes `[k]`), and a class that leaves them out only because they
///   fold with a letter takes them in (`(?i)[^a-z]`).
fn fold_class(class: &ClassUnicode) -> ClassUnicode {
    let (mut dropped, mut added) = (class.clone(), class.clone());
    dropped.difference(&NEVER_FOLDED);
    added.union(&NEVER_FOLDED);
    // On a tie, fewer characters: fewer UTF-8 sequences to compile.
    let mut simplest = if added.ranges().len() < dropped.ranges().len() {
        added
    } else {
        dropped
    };
    let variants = ClassUnicode::new(CASE_VARIANTS.map(|c| ClassUnicodeRange::new(c, c)));
    let (mut without, mut with) = (simplest.clone(), simplest.clone());
    without.difference(&variants);
    with.union(&variants);
    for candidate in [without, with] {
        if candidate.ranges().len() < simplest.ranges().len() {
            simplest = candidate;
        }
    }
    simplest
}

/// `hir` for folded text, or `None` if it tells folded characters apart.
fn fold_hir(hir: &Hir) -> Option<Hir> {
    let subs = |subs: &[Hir]| subs.iter().map(fold_hir).collect::<Option<Vec<Hir>>>();
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
        // A literal letter matches one case only; a literal space, that space alone.
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) if text.chars().all(folds_alone) => hir.clone(),
            _ => return None,
        },
        HirKind::Class(Class::Unicode(class)) => {
            if splits_a_fold(class) {
                return None;
            }
            Hir::class(Class::Unicode(fold_class(class)))
        }
        // Byte classes come from `(?-u)`; only ASCII ones that keep letter cases together are
        // simple to fold, and the rule patterns have none of any kind.
        HirKind::Class(Class::Bytes(class)) => {
            let letters_together = class.iter().all(|r| {
                (r.start()..=r.end()).all(|b| {
                    !b.is_ascii_alphabetic()
                        || class
                            .iter()
                            .any(|q| (q.start()..=q.end()).contains(&(b ^ 0x20)))
                })
            });
            if !class.is_ascii() || !letters_together {
                return None;
            }
            let mut class = class.clone();
            class.difference(&ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(fold_hir(&repetition.sub)?),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(fold_hir(&capture.sub)?),
            ..capture.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(subs(parts)?),
        HirKind::Alternation(parts) => Hir::alternation(subs(parts)?),
    })
}

/// `source`'s syntax tree: for folded text if `fold` allows and the pattern can read it
/// (`true`), else for the original.
pub fn hir(source: &str, fold: bool) -> Result<(Hir, bool), String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .map_err(|e| e.to_string())?;
    Ok(match fold.then(|| fold_hir(&hir)).flatten() {
        Some(folded) => (folded, true),
        None => (hir, false),
    })
}

/// Compile `source` to an NFA with `config`: for folded text if `fold` allows and the pattern
/// can read it (`true`), else for the original.
pub fn nfa(source: &str, fold: bool, config: thompson::Config) -> Result<(NFA, bool), String> {
    let (hir, folded) = hir(source, fold)?;
    Ok((compile(&hir, config)?, folded))
}

/// Compile `hir` to an NFA with `config`, its alternations factored into tries (see `trie`).
pub fn compile(hir: &Hir, config: thompson::Config) -> Result<NFA, String> {
    thompson::Compiler::new()
        .configure(config)
        .build_from_hir(&crate::trie::factor(hir))
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text with every kind of character folding touches, and some it must leave alone.
    const MIXED: &str =
        "Led\u{a0}the TEAM\u{2009}– cut Churn 12\u{202f}% ’ • é É 中文 🎉\u{85}\u{212a} ſ\r\n";

    #[test]
    fn folding_keeps_every_offset_and_char_boundary() {
        let folded = fold(MIXED);
        assert_eq!(folded.len(), MIXED.len());
        for at in 0..=MIXED.len() {
            assert_eq!(
                folded.is_char_boundary(at),
                MIXED.is_char_boundary(at),
                "at {at}"
            );
        }
        assert_eq!(
            folded,
            "led\u{a0}the team\u{2000}– cut churn 12\u{2000}% ’ • é É 中文 🎉\u{a0}\u{212a} ſ\r\n"
        );
        assert_eq!(fold("Plain ASCII, CRLF\r\n"), "plain ascii, crlf\r\n");
    }

    proptest::proptest! {
        #[test]
        fn folding_any_text_keeps_its_char_boundaries(text in "\\PC*") {
            let folded = fold(&text);
            proptest::prop_assert_eq!(folded.len(), text.len());
            for at in 0..=text.len() {
                proptest::prop_assert_eq!(folded.is_char_boundary(at), text.is_char_boundary(at));
            }
        }
    }

    /// Whether `source`, compiled as `hir` compiles it, reads folded text.
    fn folds(source: &str) -> bool {
        hir(source, true).unwrap().1
    }

    #[test]
    fn patterns_that_tell_folded_characters_apart_read_the_original() {
        assert!(folds(r"(?i)led\s+the\s+team"));
        assert!(folds(r"(?i)[^,.;:()]{2,60}?\S+"));
        assert!(folds(r"[0-9]+\s?%"), "nothing to tell apart");
        // Case-sensitive letters: a folded `I` would also match `i`.
        assert!(!folds(r"(?-i:I|We)\b"));
        assert!(!folds(r"[A-Z]"));
        assert!(!folds(r"(?i)(?-i:x)"));
        // One space but not another.
        assert!(!folds("a\u{a0}b"));
        assert!(!folds("[ \u{2009}]"));
        assert!(!folds(r"(?i)[\s--\x{85}]"));
        assert!(!folds(r"(?-u:[A-Z])"));
        assert!(folds(r"(?i)(?-u:[A-Z])"));
    }

    /// The folded pattern's classes, as `regex_syntax` prints them.
    fn folded(source: &str) -> String {
        let (hir, folded) = hir(source, true).unwrap();
        assert!(folded, "{source} folds");
        format!("{hir:?}")
    }

    #[test]
    fn folded_classes_take_their_simplest_form() {
        // Eighteen spaces folded text never has are dropped...
        assert_eq!(
            folded(r"\s"),
            format!(
                "{:?}",
                Hir::class(Class::Unicode(ClassUnicode::new(
                    [
                        '\t'..='\r',
                        ' '..=' ',
                        '\u{a0}'..='\u{a0}',
                        '\u{2000}'..='\u{2000}'
                    ]
                    .map(|r| ClassUnicodeRange::new(*r.start(), *r.end()))
                )))
            )
        );
        // ...where `\S` takes them in, leaving no holes but the kept spaces.
        let not_space = hir(r"\S", true).unwrap().0;
        let HirKind::Class(Class::Unicode(class)) = not_space.kind() else {
            panic!("a class: {not_space:?}");
        };
        assert_eq!(class.ranges().len(), 5);
        // Letters lose their upper case and the Kelvin sign and long s with it...
        let literal = |text: &str| format!("{:?}", Hir::literal(text.as_bytes()));
        assert_eq!(folded(r"(?i)k"), literal("k"));
        assert_eq!(folded(r"(?i)Sk"), literal("sk"));
        // ...and a class that excluded those for being letters takes them in.
        let symbols = hir(r"(?i)[^0-9a-z_]", true).unwrap().0;
        let HirKind::Class(Class::Unicode(class)) = symbols.kind() else {
            panic!("a class: {symbols:?}");
        };
        assert_eq!(class.ranges().len(), 4, "{class:?}");
    }
}
