//! Trigger literals: lower-case strings one of which every match of a pattern must contain.
//!
//! Shared with `build.rs`, which computes them for the built-in patterns ahead of time, so this
//! file depends on nothing but `regex_syntax` and `std`.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Largest set of alternative literals worth keeping as a trigger.
const MAX_TRIGGERS: usize = 64;
/// Largest character class expanded into single-character literals.
const MAX_CLASS_CHARS: u32 = 10;
/// Shortest literal worth scanning for: one- and two-letter literals occur in nearly every
/// bullet, and scanning for them costs more than it saves.
const MIN_TRIGGER_LEN: usize = 3;

/// Check `source`'s syntax (cheaply, without compiling) and find its trigger literals;
/// `None` when no useful set exists.
pub fn triggers(source: &str) -> Result<Option<Vec<String>>, String> {
    // One parse both validates the syntax and yields the triggers. It reads the pattern
    // case-sensitively (translating Unicode case folding costs more than the rest of the
    // parse); triggers are matched ignoring case anyway.
    let plain = source.strip_prefix("(?i)").unwrap_or(source);
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(plain)
        .map_err(|e| e.to_string())?;
    Ok(required(&hir)
        // Literals are matched ignoring ASCII case only, so a literal with a non-ASCII cased
        // letter could miss a match the case-insensitive regex finds: no trigger then.
        .filter(|t| {
            !t.is_empty()
                && t.iter()
                    .all(|s| s.len() >= MIN_TRIGGER_LEN && !has_non_ascii_case(s))
        }))
}

fn has_non_ascii_case(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && (c.is_uppercase() || c.is_lowercase()))
}

/// Literals (lower case) one of which any match of `hir` must contain.
fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![String::from_utf8_lossy(&lit.0).to_lowercase()]),
        HirKind::Class(Class::Unicode(class)) => {
            let size: u32 = class
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if size > MAX_CLASS_CHARS {
                return None;
            }
            let mut chars: Vec<String> = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(|c| c.to_lowercase().to_string())
                .collect();
            chars.sort();
            chars.dedup();
            Some(chars)
        }
        HirKind::Class(Class::Bytes(_)) | HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Repetition(rep) if rep.min > 0 => required(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(required)
            // The longest shortest-literal filters best; fewer alternatives break ties.
            .max_by_key(|set| {
                (
                    set.iter().map(String::len).min().unwrap_or(0),
                    usize::MAX - set.len(),
                )
            }),
        HirKind::Alternation(alternatives) => {
            let mut all = Vec::new();
            for alternative in alternatives {
                all.extend(required(alternative)?);
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
