//! Trigger literals: lower-case strings one of which every match of a pattern must contain.
//!
//! Shared with `build.rs`, which computes them for the built-in patterns ahead of time, so this
//! file depends on nothing but `regex_syntax` and `std`.

use regex_syntax::ast::{Ast, Flag, Flags, FlagsItemKind, GroupKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Largest set of alternative literals worth keeping as a trigger (a signal joins dozens of
/// verb stems; one Aho-Corasick pass finds any of them).
const MAX_TRIGGERS: usize = 256;
/// Largest character class expanded into single-character literals.
const MAX_CLASS_CHARS: u32 = 10;
/// Shortest literal worth scanning for: one- and two-letter literals occur in nearly every
/// bullet, and scanning for them costs more than it saves...
const MIN_TRIGGER_LEN: usize = 3;
/// ...unless the pattern has no longer ones: a two-letter word (`by`) still rules out some
/// bullets, where having no trigger scans every one.
const MIN_FALLBACK_TRIGGER_LEN: usize = 2;

/// The trigger standing for "any digit": patterns that need a number (`\d+%`) are only run
/// on text that has one. It is checked apart from the literals and never occurs in a pattern.
pub const DIGIT: &str = "\u{0}digit";

/// Marks a literal that every match has at the start of a word (the pattern puts `\b` or `^`
/// before it): `"\u{1}led"` is "led" with no ASCII letter, digit or underscore before it, so
/// "handled" does not trigger it. Short stems and words are common inside longer words.
pub const WORD_START: char = '\u{1}';

/// The literal a trigger stands for, without its `WORD_START` mark.
pub fn literal_of(trigger: &str) -> &str {
    trigger.strip_prefix(WORD_START).unwrap_or(trigger)
}

/// Check `source`'s syntax (cheaply, without compiling) and find its trigger literals;
/// `None` when no useful set exists.
pub fn triggers(source: &str) -> Result<Option<Vec<String>>, String> {
    // One parse both validates the syntax and yields the triggers. It reads the pattern
    // case-sensitively: triggers are matched ignoring case anyway, a case-folded literal is a
    // chain of one-letter classes no literal can be read from, and folding costs more than
    // the rest of the parse.
    let mut ast = regex_syntax::ast::parse::Parser::new()
        .parse(source)
        .map_err(|e| e.to_string())?;
    drop_case_insensitivity(&mut ast);
    let hir = regex_syntax::hir::translate::Translator::new()
        .translate(source, &ast)
        .map_err(|e| e.to_string())?;
    let with_min =
        |min: usize| required(&hir, min, false).filter(|set| !set.is_empty() && usable(set, min));
    Ok(with_min(MIN_TRIGGER_LEN).or_else(|| with_min(MIN_FALLBACK_TRIGGER_LEN)))
}

/// Remove every `i` flag (`(?i)`, `(?i:…)`, `(?-i)`) from `ast`.
fn drop_case_insensitivity(ast: &mut Ast) {
    let drop_from = |flags: &mut Flags| {
        flags
            .items
            .retain(|item| item.kind != FlagsItemKind::Flag(Flag::CaseInsensitive));
    };
    match ast {
        Ast::Flags(set) => drop_from(&mut set.flags),
        Ast::Group(group) => {
            if let GroupKind::NonCapturing(flags) = &mut group.kind {
                drop_from(flags);
            }
            drop_case_insensitivity(&mut group.ast);
        }
        Ast::Repetition(repetition) => drop_case_insensitivity(&mut repetition.ast),
        Ast::Alternation(alternation) => alternation
            .asts
            .iter_mut()
            .for_each(drop_case_insensitivity),
        Ast::Concat(concat) => concat.asts.iter_mut().for_each(drop_case_insensitivity),
        _ => {}
    }
}

/// Whether every literal of `set` is worth scanning for and safe to match ignoring ASCII case
/// only (a literal with a non-ASCII cased letter could miss a match the regex finds).
fn usable(set: &[String], min: usize) -> bool {
    set.iter()
        .all(|s| s == DIGIT || (literal_of(s).len() >= min && !has_non_ascii_case(literal_of(s))))
}

/// How well a usable set filters: its shortest literal (a digit counts as one character, as
/// digits are common), then fewer alternatives.
fn selectivity(set: &[String]) -> (usize, usize) {
    let shortest = set
        .iter()
        .map(|s| if s == DIGIT { 1 } else { literal_of(s).len() })
        .min()
        .unwrap_or(0);
    (shortest, usize::MAX - set.len())
}

fn has_non_ascii_case(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && (c.is_uppercase() || c.is_lowercase()))
}

/// Literals (lower case) one of which any match of `hir` must contain, choosing among the
/// parts of a sequence only sets whose literals are at least `min` bytes long. `at_word_start`:
/// every match of `hir` starts at a word boundary or the start of a line.
fn required(hir: &Hir, min: usize, at_word_start: bool) -> Option<Vec<String>> {
    let literal = |text: String| {
        let word = text.starts_with(is_word_char);
        if at_word_start && word {
            format!("{WORD_START}{text}")
        } else {
            text
        }
    };
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![literal(
            String::from_utf8_lossy(&lit.0).to_lowercase(),
        )]),
        HirKind::Class(Class::Unicode(class)) => {
            let chars = || class.ranges().iter().flat_map(|r| r.start()..=r.end());
            // `\d`, `[0-9]` and the like need a digit.
            if chars().all(char::is_numeric) {
                return Some(vec![DIGIT.to_string()]);
            }
            let size: u32 = class
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if size > MAX_CLASS_CHARS {
                return None;
            }
            let mut chars: Vec<String> = chars()
                .map(|c| literal(c.to_lowercase().to_string()))
                .collect();
            chars.sort();
            chars.dedup();
            Some(chars)
        }
        HirKind::Class(Class::Bytes(_)) | HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Repetition(rep) if rep.min > 0 => required(&rep.sub, min, at_word_start),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required(&capture.sub, min, at_word_start),
        HirKind::Concat(parts) => {
            // A part starts a word when what comes before it (a word boundary, a line start,
            // or text ending in a space or punctuation) leaves no word character before it.
            let mut starts_word = at_word_start;
            let mut sets = Vec::new();
            for part in parts {
                let set = required(part, min, starts_word);
                starts_word = match part.kind() {
                    HirKind::Look(look) => starts_word || starts_a_word(*look),
                    // A part that may match nothing leaves the position as it was.
                    _ if part.properties().minimum_len() == Some(0) => {
                        starts_word && ends_in_non_word(part)
                    }
                    _ => ends_in_non_word(part),
                };
                sets.extend(set.filter(|set| usable(set, min)));
            }
            sets.into_iter().max_by_key(|set| selectivity(set))
        }
        HirKind::Alternation(alternatives) => {
            let mut all = Vec::new();
            for alternative in alternatives {
                all.extend(required(alternative, min, at_word_start)?);
                if all.len() > MAX_TRIGGERS {
                    return None;
                }
            }
            all.sort();
            all.dedup();
            Some(all)
        }
    }
}

/// Whether an ASCII letter, digit or underscore (a word character as the prefilter reads it)
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether every non-empty match of `hir` ends with a character that is not a word character.
fn ends_in_non_word(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => {
            // A non-ASCII last character ends in a byte of 0x80 or more: not a word byte.
            lit.0.last().is_some_and(|&b| !is_word_char(char::from(b)))
        }
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .all(|r| !(r.start()..=r.end()).any(is_word_char)),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| !(r.start()..=r.end()).any(|b| is_word_char(char::from(b)))),
        HirKind::Repetition(rep) => ends_in_non_word(&rep.sub),
        HirKind::Capture(capture) => ends_in_non_word(&capture.sub),
        HirKind::Alternation(alternatives) => alternatives.iter().all(ends_in_non_word),
        HirKind::Concat(parts) => {
            // The last part decides, unless it may match nothing: then the one before it too.
            for part in parts.iter().rev() {
                if !ends_in_non_word(part) {
                    return false;
                }
                if part.properties().minimum_len() != Some(0) {
                    return true;
                }
            }
            true
        }
    }
}

/// Whether text right after `look` that starts with a word character starts a word in the
/// sense the prefilter checks: no ASCII letter, digit or underscore before it. A Unicode word
/// boundary implies that too, as ASCII word characters are Unicode word characters.
fn starts_a_word(look: Look) -> bool {
    matches!(
        look,
        Look::Start
            | Look::StartLF
            | Look::StartCRLF
            | Look::WordAscii
            | Look::WordStartAscii
            | Look::WordStartHalfAscii
            | Look::WordUnicode
            | Look::WordStartUnicode
            | Look::WordStartHalfUnicode
    )
}
