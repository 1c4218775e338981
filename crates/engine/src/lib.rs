//! resume-lint's matching engine: the syntax of rule patterns, folded text, trigger literals and
//! the prefilter over them, pattern stems, regex engines built on first use, and NFAs compiled
//! ahead of time by a build script.
//!
//! It knows nothing of resumes or rules, so the parsers and the rule sets both use it without
//! depending on each other, and a build script can use it to precompile patterns.

pub mod fold;
pub mod nfa_code;
mod pattern;
mod prefilter;
pub mod source;
pub mod stem;
mod trie;
pub mod triggers;

pub use pattern::{Builtins, Haystack, Pattern, PatternTable, Precompiled, REVERSE_AFTER_SEARCHES};
pub use prefilter::{Automaton, PrefilterTables};
pub use regex_automata::Span;
pub use regex_automata::util::captures::Captures;

/// A pattern compiled and encoded for a [`Precompiled`] entry.
#[derive(Debug)]
pub struct Encoded {
    /// The NFA as words (see `nfa_code`).
    pub words: Vec<u32>,
    /// Capture group names, index 0 being the whole match.
    pub names: Vec<Option<String>>,
    /// Whether the NFA reads folded text.
    pub folded: bool,
    /// The NFA of the pattern's stem (see `stem`), when it has optional parts to drop.
    pub stem: Option<Vec<u32>>,
    /// The stem's NFA reversed, which finds where a match starts from where it ends.
    pub reverse: Vec<u32>,
}

/// Compile `source` and encode its NFA, its stem's and the stem's reverse, as a build script
/// stores them in a [`Precompiled`] entry (`fold` asks for folded text where the pattern
/// allows it).
pub fn precompile(source: &str, fold: bool) -> Result<Encoded, String> {
    let (hir, folded) = fold::hir(source, fold)?;
    let (words, names) = nfa_code::encode(&fold::compile(&hir, Default::default())?)?;
    let stemmed = stem::stem(&hir);
    let stem = match &stemmed {
        Some(stem) => Some(nfa_code::encode(&fold::compile(stem, pattern::stem_config(false))?)?.0),
        None => None,
    };
    let reversed = fold::compile(stemmed.as_ref().unwrap_or(&hir), pattern::stem_config(true))?;
    Ok(Encoded {
        words,
        names,
        folded,
        stem,
        reverse: nfa_code::encode(&reversed)?.0,
    })
}
