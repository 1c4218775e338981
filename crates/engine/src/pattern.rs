//! Patterns built on first use, behind a literal prefilter.
//!
//! Compiling every rule regex costs more than linting a resume. Each pattern has literals that
//! any match must contain; one Aho-Corasick pass over a text tells which patterns could match
//! at all, and only those get engines. Patterns a build script compiled ahead of time
//! ([`Builtins`]: triggers and NFA) skip regex parsing altogether; others are parsed for their
//! triggers and compiled when first needed.

use std::cell::OnceCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use regex_automata::{
    Anchored, Input, MatchKind as SearchKind,
    hybrid::dfa::{Cache as DfaCache, DFA},
    nfa::thompson::{
        self, NFA, WhichCaptures,
        backtrack::{BoundedBacktracker, Cache as BacktrackCache},
        pikevm::{Cache as VmCache, PikeVM},
    },
    util::{captures::Captures, pool::Pool},
};

use crate::prefilter::{Prefilter, PrefilterTables};
use crate::triggers::{Need, triggers};
use crate::{fold, nfa_code, stem};

/// Largest NFA a user pattern may compile to (the `regex` crate's default limit).
const NFA_SIZE_LIMIT: usize = 10 << 20;

/// A pattern compiled ahead of time by a build script: its source, triggers and encoded NFA.
#[derive(Debug)]
pub struct Precompiled {
    /// The regex source it was compiled from.
    pub source: &'static str,
    /// Its trigger literals (`triggers::Need` as nested slices), or `None` for none.
    pub triggers: Option<&'static [&'static [&'static [&'static str]]]>,
    /// Range of the pattern's words (4 bytes each) in `Builtins::nfa_bytes`.
    pub words: (usize, usize),
    /// Capture group names, as `nfa_code::encode` gave them.
    pub names: &'static [Option<&'static str>],
    /// Whether the NFA reads folded text (see `fold`).
    pub folded: bool,
    /// Range of the stem's NFA words (see `stem`), if the pattern has optional parts to drop.
    pub stem: Option<(usize, usize)>,
    /// Range of the reversed stem's NFA words.
    pub reverse: (usize, usize),
    /// Its alternatives' range in `Builtins::prefilter.needs`, or `None` for no trigger.
    pub need: Option<(usize, usize)>,
}

/// Every pattern a build script compiled: the table sorted by source, and the NFA words it
/// points into (little-endian).
#[derive(Debug)]
pub struct Builtins {
    pub patterns: &'static [Precompiled],
    pub nfa_bytes: &'static [u8],
    /// The prefilter's tables over every precompiled pattern's triggers, in `patterns`' order:
    /// a table made only of these patterns needs no automaton built at run time.
    pub prefilter: PrefilterTables,
}

impl Builtins {
    /// The NFA encoded in `words` (a range of `nfa_bytes`), with the group names `names`.
    fn decode(&self, (start, end): (usize, usize), names: &[Option<&str>]) -> Result<NFA, String> {
        let bytes = self
            .nfa_bytes
            .get(start * 4..end * 4)
            .ok_or("precompiled NFA out of range")?;
        let words = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        nfa_code::decode(words, names)
    }

    /// The precompiled entry for `source`, if there is one.
    pub fn find(&self, source: &str) -> Option<&Precompiled> {
        self.patterns
            .binary_search_by(|p| p.source.cmp(source))
            .ok()
            .map(|i| &self.patterns[i])
    }
}

/// Where a pattern's NFA comes from.
#[derive(Debug)]
enum Origin {
    /// Compiled ahead of time.
    Builtin(&'static Builtins, &'static Precompiled),
    /// Compiled from the source on first use (user rule files).
    Source,
}

/// A regex source, its trigger literals, and its matching engines once needed.
pub struct Pattern {
    source: String,
    /// The trigger literals every match needs; `None` when none could be found. A precompiled
    /// pattern's are copied out of its entry only if a prefilter is built from them (a table
    /// that mixes it with patterns of a user's rule file).
    triggers: OnceLock<Option<Need>>,
    origin: Origin,
    engines: OnceLock<Option<Engines>>,
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("source", &self.source)
            .field("triggers", &self.triggers)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// One thread's search state for a pattern, each part made on first need (most patterns never
/// need captures).
#[derive(Default)]
struct Caches {
    dfa: Option<DfaCache>,
    reverse: Option<DfaCache>,
    backtracker: Option<BacktrackCache>,
    vm: Option<VmCache>,
}

/// A lazy DFA answers "does it match?" fast; on a match, a bounded backtracker (short texts)
/// or the Pike VM (long ones; its cache is large) gives the capture groups. All come from one
/// NFA, so none needs the regex parsed again.
struct Engines {
    /// Whether the NFA was compiled to read folded text (see `fold`).
    folded: bool,
    /// Whether every match starts at the start of the text (`^…`).
    anchored: bool,
    /// A lazy DFA of the pattern's stem (see `stem`): whether there is a match and, with
    /// `reverse`, where the leftmost one starts. `None` if the NFA has something a DFA cannot
    /// handle (a Unicode word boundary).
    dfa: Option<DFA>,
    /// Whether the stem is the whole pattern, so that the DFA's match ends are the pattern's.
    whole: bool,
    /// The capture engines, from the whole pattern's NFA. A pattern with a stem gets them on
    /// its first capture search: many (most signals) are only ever asked whether they match.
    capturing: OnceLock<Option<Capturing>>,
    /// A reverse lazy DFA of the stem that finds where a match starts from where the stem's
    /// match ends, so that the capture search runs from there instead of trying every earlier
    /// position. Built after `REVERSE_AFTER_SEARCHES` capture searches.
    reverse: OnceLock<Option<DFA>>,
    /// Capture searches so far.
    capture_searches: AtomicUsize,
    /// Caches shared by all threads, so that the lazy DFA's states are computed once, not
    /// once per thread: a thread that finds them in use takes its own from `spare`.
    shared: Mutex<Caches>,
    /// Per-thread caches, kept across bullets and files so the lazy DFA's states are reused.
    spare: Pool<Caches, fn() -> Caches>,
}

/// The engines that find capture groups: a bounded backtracker (short texts) or the Pike VM
/// (long ones; its cache is large).
struct Capturing {
    backtracker: BoundedBacktracker,
    vm: PikeVM,
}

impl Capturing {
    fn new(nfa: NFA) -> Option<Capturing> {
        Some(Capturing {
            backtracker: BoundedBacktracker::new_from_nfa(nfa.clone()).ok()?,
            vm: PikeVM::new_from_nfa(nfa).ok()?,
        })
    }
}

/// Capture searches a pattern runs before it builds its reverse DFA: for one resume, a few
/// searches from every position cost less than building the DFA's first states.
pub const REVERSE_AFTER_SEARCHES: usize = 8;

/// How a stem's NFA (`reverse`: reversed) is compiled: without groups, since only DFAs read it.
pub(crate) fn stem_config(reverse: bool) -> thompson::Config {
    thompson::Config::new()
        .reverse(reverse)
        .which_captures(WhichCaptures::None)
}

impl Engines {
    /// Engines for a pattern whose DFA reads `searched` (its stem's NFA, or the whole
    /// pattern's when `whole`); `nfa` is the whole pattern's if it is at hand.
    fn new(searched: NFA, whole: bool, nfa: Option<NFA>, folded: bool) -> Option<Engines> {
        let capturing = OnceLock::new();
        if let Some(nfa) = nfa {
            let _ = capturing.set(Some(Capturing::new(nfa)?));
        }
        Some(Engines {
            folded,
            anchored: searched.is_always_start_anchored(),
            whole,
            dfa: DFA::builder().build_from_nfa(searched).ok(),
            capturing,
            reverse: OnceLock::new(),
            capture_searches: AtomicUsize::new(0),
            shared: Mutex::new(Caches::default()),
            spare: Pool::new(Caches::default),
        })
    }

    /// Run `search` with the shared caches, or this thread's spare ones if another thread is
    /// using them.
    fn with_caches<T>(&self, search: impl FnOnce(&mut Caches) -> T) -> T {
        match self.shared.try_lock() {
            Ok(mut caches) => search(&mut caches),
            Err(_) => search(&mut self.spare.get()),
        }
    }

    /// Where the DFA finds the leftmost-first match of `text` from byte `from` on ending
    /// (`earliest`: any match end, which is all "does it match" needs); `None` when there is no
    /// DFA or it could not decide, and the other engines must answer.
    fn dfa_end(
        &self,
        caches: &mut Caches,
        text: &str,
        from: usize,
        earliest: bool,
    ) -> Option<Option<usize>> {
        let dfa = self.dfa.as_ref()?;
        let cache = caches.dfa.get_or_insert_with(|| dfa.create_cache());
        let mut input = Input::new(text).range(from..).earliest(earliest);
        // A pattern that starts with `^` can only match at the start: without this, an
        // unanchored DFA reads the whole text before giving up.
        if self.anchored {
            input = input.anchored(Anchored::Yes);
        }
        let found = dfa.try_search_fwd(cache, &input).ok()?;
        Some(found.map(|m| m.offset()))
    }

    /// The leftmost-first match in `text` from byte `from` on, with its groups, if any.
    /// `pattern` is the one these engines are for, which its reverse DFA and capture engines
    /// are made from on first need.
    fn captures(
        &self,
        pattern: &Pattern,
        caches: &mut Caches,
        text: &str,
        from: usize,
    ) -> Option<Captures> {
        // Where a match starting at `from` ends matters only if the DFA's ends are the pattern's.
        let earliest = self.anchored && !self.whole;
        let input = match self.dfa_end(caches, text, from, earliest) {
            Some(None) => return None,
            // No DFA, or it gave up: search everything.
            None => Input::new(text).range(from..),
            Some(Some(stem_end)) => {
                // The pattern's match may run past the stem's: then only the text's end bounds it.
                let end = if self.whole { stem_end } else { text.len() };
                match self.match_start(pattern, caches, text, from, stem_end) {
                    Some(start) => Input::new(text).span(start..end).anchored(Anchored::Yes),
                    // Look-around still sees the text past `end`; the search just stops there.
                    None => Input::new(text).range(from..end),
                }
            }
        };
        self.captures_in(pattern, caches, &input)
    }

    /// Where the leftmost match from byte `from` on starts, given where the stem's
    /// leftmost-first match ends (`end`), when that is cheap to tell.
    fn match_start(
        &self,
        pattern: &Pattern,
        caches: &mut Caches,
        text: &str,
        from: usize,
        end: usize,
    ) -> Option<usize> {
        if self.anchored {
            return Some(from);
        }
        let reverse = self.reverse(pattern)?;
        let cache = caches.reverse.get_or_insert_with(|| reverse.create_cache());
        let input = Input::new(text).range(from..end).anchored(Anchored::Yes);
        Some(reverse.try_search_rev(cache, &input).ok()??.offset())
    }

    /// The text to search in `haystack`: its folded copy if the NFA reads folded text.
    fn text<'h>(&self, haystack: &'h Haystack<'_>) -> &'h str {
        if self.folded {
            haystack.folded()
        } else {
            haystack.text
        }
    }

    /// The reverse DFA, once this pattern has been searched for captures often enough.
    fn reverse(&self, pattern: &Pattern) -> Option<&DFA> {
        if let Some(reverse) = self.reverse.get() {
            return reverse.as_ref();
        }
        if self.capture_searches.fetch_add(1, Ordering::Relaxed) < REVERSE_AFTER_SEARCHES {
            return None;
        }
        self.reverse
            .get_or_init(|| {
                DFA::builder()
                    // The longest reverse match from the end is the leftmost start.
                    .configure(DFA::config().match_kind(SearchKind::All))
                    .build_from_nfa(pattern.reverse_nfa().ok()?)
                    .ok()
            })
            .as_ref()
    }

    /// The capture engines, made on first need.
    fn capturing(&self, pattern: &Pattern) -> Option<&Capturing> {
        self.capturing
            .get_or_init(|| Capturing::new(pattern.nfa().ok()?.0))
            .as_ref()
    }

    /// The leftmost-first match within `input`'s span, with its groups.
    fn captures_in(
        &self,
        pattern: &Pattern,
        caches: &mut Caches,
        input: &Input<'_>,
    ) -> Option<Captures> {
        let Capturing { backtracker, vm } = self.capturing(pattern)?;
        if input.get_span().len() <= backtracker.max_haystack_len() {
            let cache = caches
                .backtracker
                .get_or_insert_with(|| backtracker.create_cache());
            let mut captures = backtracker.create_captures();
            if backtracker.try_search(cache, input, &mut captures).is_ok() {
                return captures.is_match().then_some(captures);
            }
        }
        let cache = caches.vm.get_or_insert_with(|| vm.create_cache());
        let mut captures = vm.create_captures();
        vm.search(cache, input, &mut captures);
        captures.is_match().then_some(captures)
    }

    /// Every successive non-overlapping match in `text` with its groups. Each is found as
    /// `captures` finds one, so the capture engines run only where the DFAs found a match,
    /// instead of trying every position of the text.
    fn captures_all(&self, pattern: &Pattern, caches: &mut Caches, text: &str) -> Vec<Captures> {
        let mut all = Vec::new();
        let mut from = 0;
        while let Some(captures) = self.captures(pattern, caches, text, from) {
            let Some(found) = captures.get_match() else {
                break;
            };
            if found.is_empty() {
                // Where the search goes on after an empty match has rules of its own (it must
                // not split a char, nor match empty where the last match ended): the capture
                // engines' own iterators keep them.
                return self.captures_iter(pattern, caches, text);
            }
            from = found.end();
            all.push(captures);
        }
        all
    }

    /// `captures_all` by the capture engines' own iterators, which try every position.
    fn captures_iter(&self, pattern: &Pattern, caches: &mut Caches, text: &str) -> Vec<Captures> {
        let Some(Capturing { backtracker, vm }) = self.capturing(pattern) else {
            return Vec::new();
        };
        if text.len() <= backtracker.max_haystack_len() {
            let cache = caches
                .backtracker
                .get_or_insert_with(|| backtracker.create_cache());
            let found: Result<Vec<Captures>, _> =
                backtracker.try_captures_iter(cache, text).collect();
            if let Ok(found) = found {
                return found;
            }
        }
        let cache = caches.vm.get_or_insert_with(|| vm.create_cache());
        vm.captures_iter(cache, text).collect()
    }
}

impl Pattern {
    /// Check `source`'s syntax (cheaply, without compiling) and find its trigger literals; a
    /// source that `builtins` holds takes its triggers and NFA from there.
    pub fn new(source: String, builtins: Option<&'static Builtins>) -> Result<Pattern, String> {
        if let Some((table, builtin)) = builtins.and_then(|b| Some((b, b.find(&source)?))) {
            return Ok(Pattern {
                triggers: OnceLock::new(),
                source,
                origin: Origin::Builtin(table, builtin),
                engines: OnceLock::new(),
            });
        }
        Ok(Pattern {
            triggers: OnceLock::from(triggers(&source)?),
            source,
            origin: Origin::Source,
            engines: OnceLock::new(),
        })
    }

    /// The trigger literals every match needs; `None` when none could be found.
    fn triggers(&self) -> Option<&Need> {
        self.triggers
            .get_or_init(|| match self.origin {
                Origin::Builtin(_, builtin) => builtin.triggers.map(|need| {
                    need.iter()
                        .map(|all| {
                            all.iter()
                                .map(|set| set.iter().map(|t| t.to_string()).collect())
                                .collect()
                        })
                        .collect()
                }),
                // Set when the pattern was made.
                Origin::Source => None,
            })
            .as_ref()
    }

    /// The regex source.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether it was compiled ahead of time.
    pub fn is_precompiled(&self) -> bool {
        matches!(self.origin, Origin::Builtin(..))
    }

    /// The pattern's NFA, decoded or compiled, and whether it reads folded text.
    pub fn nfa(&self) -> Result<(NFA, bool), String> {
        match self.origin {
            Origin::Builtin(table, p) => Ok((table.decode(p.words, p.names)?, p.folded)),
            Origin::Source => fold::nfa(
                &self.source,
                true,
                NFA::config().nfa_size_limit(Some(NFA_SIZE_LIMIT)),
            ),
        }
    }

    /// The engines' parts: the NFA their DFA reads (the stem's, or the whole pattern's if the
    /// pattern has no stem: see `stem`), whether that is the whole pattern, the whole
    /// pattern's NFA if it is at hand (a precompiled pattern with a stem decodes it only when
    /// a capture search needs it), and whether they read folded text.
    fn engine_parts(&self) -> Result<(NFA, bool, Option<NFA>, bool), String> {
        match self.origin {
            Origin::Builtin(table, p) => match p.stem {
                Some(stem) => Ok((table.decode(stem, &[])?, false, None, p.folded)),
                None => {
                    let nfa = table.decode(p.words, p.names)?;
                    Ok((nfa.clone(), true, Some(nfa), p.folded))
                }
            },
            // Compiled now, so that a pattern over the size limit is an error when it loads.
            Origin::Source => {
                let (hir, folded) = fold::hir(&self.source, true)?;
                let limit = Some(NFA_SIZE_LIMIT);
                let nfa = fold::compile(&hir, NFA::config().nfa_size_limit(limit))?;
                Ok(match stem::stem(&hir) {
                    Some(stem) => {
                        let stem = fold::compile(&stem, stem_config(false).nfa_size_limit(limit))?;
                        (stem, false, Some(nfa), folded)
                    }
                    None => (nfa.clone(), true, Some(nfa), folded),
                })
            }
        }
    }

    /// The stem's NFA reversed (see `stem`).
    pub fn reverse_nfa(&self) -> Result<NFA, String> {
        match self.origin {
            Origin::Builtin(table, p) => table.decode(p.reverse, &[]),
            Origin::Source => {
                let (hir, _) = fold::hir(&self.source, true)?;
                let stem = stem::stem(&hir).unwrap_or(hir);
                fold::compile(
                    &stem,
                    stem_config(true).nfa_size_limit(Some(NFA_SIZE_LIMIT)),
                )
            }
        }
    }

    /// The engines; `None` only if the pattern exceeds the regex size limits.
    fn engines(&self) -> Option<&Engines> {
        self.engines
            .get_or_init(|| {
                let (searched, whole, nfa, folded) = self.engine_parts().ok()?;
                Engines::new(searched, whole, nfa, folded)
            })
            .as_ref()
    }

    /// Whether capture searches now start from the reverse DFA (built after
    /// `REVERSE_AFTER_SEARCHES` searches), for tests that compare answers before and after.
    pub fn has_reverse_dfa(&self) -> bool {
        self.engines
            .get()
            .and_then(Option::as_ref)
            .is_some_and(|e| e.reverse.get().is_some_and(Option::is_some))
    }

    /// Whether the pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &Haystack<'_>) -> bool {
        let Some(engines) = self.engines() else {
            return false;
        };
        let text = engines.text(haystack);
        engines.with_caches(|caches| match engines.dfa_end(caches, text, 0, true) {
            Some(found) => found.is_some(),
            None => engines
                .captures_in(self, caches, &Input::new(text))
                .is_some(),
        })
    }

    /// The leftmost-first match with its capture groups.
    pub fn captures(&self, haystack: &Haystack<'_>) -> Option<Captures> {
        let engines = self.engines()?;
        let text = engines.text(haystack);
        engines.with_caches(|caches| engines.captures(self, caches, text, 0))
    }

    /// The span of the leftmost-first match.
    pub fn find(&self, haystack: &Haystack<'_>) -> Option<regex_automata::Span> {
        let engines = self.engines()?;
        // The DFA's match ends are the stem's, not the pattern's: the capture search tells.
        if !engines.whole {
            return self.captures(haystack)?.get_match().map(|m| m.span());
        }
        let text = engines.text(haystack);
        // The DFAs give the span without a capture search when they can: the forward one where
        // the match ends, the reverse one (or a `^`) where it starts.
        let from_dfas =
            engines.with_caches(|caches| match engines.dfa_end(caches, text, 0, false)? {
                None => Some(None),
                Some(end) => engines
                    .match_start(self, caches, text, 0, end)
                    .map(|start| Some(regex_automata::Span { start, end })),
            });
        match from_dfas {
            Some(found) => found,
            None => self.captures(haystack)?.get_match().map(|m| m.span()),
        }
    }

    /// Every successive non-overlapping match with its capture groups.
    pub fn captures_all(&self, haystack: &Haystack<'_>) -> Vec<Captures> {
        let Some(engines) = self.engines() else {
            return Vec::new();
        };
        let text = engines.text(haystack);
        engines.with_caches(|caches| engines.captures_all(self, caches, text))
    }
}

/// All patterns of a rule set plus the prefilter over their triggers.
#[derive(Debug, Clone, Default)]
pub struct PatternTable {
    /// Where patterns compiled ahead of time are looked up.
    builtins: Option<&'static Builtins>,
    patterns: Vec<Arc<Pattern>>,
    prefilter: Option<Arc<Prefilter>>,
}

impl PatternTable {
    /// An empty table whose patterns come from `builtins` when it holds them.
    pub fn new(builtins: Option<&'static Builtins>) -> PatternTable {
        PatternTable {
            builtins,
            ..PatternTable::default()
        }
    }

    /// Add a pattern; returns its id. A pattern from a user's rule file is compiled now, so
    /// that one over the engine's size limit is an error when the file loads, not a rule that
    /// silently never matches.
    pub fn add(&mut self, source: String) -> Result<usize, String> {
        let pattern = Pattern::new(source, self.builtins)?;
        if !pattern.is_precompiled() && pattern.engines().is_none() {
            return Err(format!(
                "too large for the regex engine (its compiled size is over {} MB): split it into several patterns",
                NFA_SIZE_LIMIT >> 20
            ));
        }
        self.patterns.push(Arc::new(pattern));
        self.prefilter = None;
        Ok(self.patterns.len() - 1)
    }

    /// The pattern with id `id`.
    pub fn get(&self, id: usize) -> &Pattern {
        &self.patterns[id]
    }

    /// Every pattern.
    pub fn iter(&self) -> impl Iterator<Item = &Pattern> {
        self.patterns.iter().map(|p| &**p)
    }

    /// Build the prefilter once all patterns are added: from the precompiled tables if every
    /// pattern is precompiled (the built-in rules), else from the patterns' triggers.
    pub fn seal(&mut self) {
        let precompiled_need = |pattern: &Arc<Pattern>| match pattern.origin {
            Origin::Builtin(table, precompiled) => self
                .builtins
                .filter(|builtins| std::ptr::eq(table, *builtins))
                .map(|_| precompiled.need),
            Origin::Source => None,
        };
        let needs: Option<Vec<_>> = self.patterns.iter().map(precompiled_need).collect();
        let prefilter = match (self.builtins, needs) {
            (Some(builtins), Some(needs)) => {
                Prefilter::from_tables(builtins.prefilter.clone(), needs)
            }
            _ => Prefilter::new(self.patterns.iter().map(|p| p.triggers())),
        };
        self.prefilter = Some(Arc::new(prefilter));
    }

    /// Whether the prefilter was built from precompiled tables (see `seal`).
    pub fn has_precompiled_prefilter(&self) -> bool {
        self.prefilter.as_ref().is_some_and(|p| p.is_precompiled())
    }

    /// Which patterns could match `haystack` (by id).
    pub fn possible(&self, haystack: &Haystack<'_>) -> Vec<bool> {
        match &self.prefilter {
            Some(prefilter) => prefilter.possible(haystack.text),
            None => vec![true; self.patterns.len()],
        }
    }
}

/// A text to search, with its folded copy (see `fold`), made when a pattern first needs it.
pub struct Haystack<'t> {
    text: &'t str,
    folded: OnceCell<String>,
}

impl<'t> Haystack<'t> {
    pub fn new(text: &'t str) -> Haystack<'t> {
        Haystack {
            text,
            folded: OnceCell::new(),
        }
    }

    /// The text folded: ASCII letters lower-cased, non-ASCII spaces made canonical.
    fn folded(&self) -> &str {
        self.folded.get_or_init(|| fold::fold(self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triggers::{DIGIT, SYMBOL, WORD_END, WORD_START};

    fn triggers(source: &str) -> Option<Need> {
        Pattern::new(source.to_string(), None)
            .unwrap()
            .triggers()
            .cloned()
    }

    /// A need of one alternative with one trigger set.
    fn one(set: Vec<String>) -> Option<Need> {
        Some(vec![vec![set]])
    }

    #[test]
    fn finds_the_literals_every_match_needs() {
        assert_eq!(
            triggers(r"(?i)\b(?:groom\w* the backlog)"),
            Some(vec![vec![
                vec![" the backlog".into()],
                vec![format!("{WORD_START}groom")]
            ]]),
            "every part's literal is needed, the most selective first"
        );
        assert_eq!(
            triggers(r"(?i)groom\w*\s+the\s+backlog"),
            Some(vec![vec![
                vec![format!("{WORD_START}backlog")],
                vec!["groom".into()]
            ]]),
            "`the` is too common to scan for"
        );
        assert_eq!(
            triggers(r"(?i)(?:prioriti[sz]e|rank) it"),
            one(vec!["prioriti".into(), format!("rank{WORD_END}")])
        );
        assert_eq!(
            triggers(r"(?i)(?:prioriti[sz]e|ranked)"),
            one(vec!["prioriti".into(), "ranked".into()])
        );
        assert_eq!(
            triggers(r"(?i)\d+ percent"),
            Some(vec![vec![vec![" percent".into()], vec![DIGIT.into()]]]),
            "past the first set, a digit is checked too: it costs the automaton nothing"
        );
        assert_eq!(
            triggers(r"(?i)\d+%"),
            Some(vec![vec![vec![DIGIT.into()], vec![format!("{SYMBOL}%")]]]),
            "`%` is no letter for the automaton to find, but a text with a number is searched for it"
        );
        assert_eq!(
            triggers(r"(?i)(?:top|#)\s?\d+"),
            Some(vec![vec![
                vec![DIGIT.into()],
                vec![format!("{SYMBOL}#"), "top".into()]
            ]]),
            "a set with a symbol is never the one an alternative is filed under"
        );
        assert_eq!(
            triggers(r"(?i)\d+\s?(?:->|→)\s?\d"),
            Some(vec![vec![
                vec![DIGIT.into()],
                vec![format!("{SYMBOL}->"), format!("{SYMBOL}→")]
            ]])
        );
        assert_eq!(
            triggers(r"(?i)\d+[,.]\d"),
            one(vec![DIGIT.into()]),
            "punctuation every text has is no trigger"
        );
        assert_eq!(triggers(r"(?i)[0-9]x"), one(vec![DIGIT.into()]));
        assert_eq!(
            triggers(r"(?i)(?:was|is)\s+\w+ed\s+by\b"),
            one(vec![format!("{WORD_START}by{WORD_END}")]),
            "two letters when nothing longer is required"
        );
        assert_eq!(
            triggers(r"(?i)(?:percent)|(?i)(?:revenue)"),
            one(vec!["percent".into(), "revenue".into()]),
            "inner case-insensitive flags do not hide literals"
        );
        let whole = |s: &str| format!("{WORD_START}{s}{WORD_END}");
        assert_eq!(
            triggers(r"(?i)\b(?:(?:ran|run)\s+\w+\s+tests|interviewed\s+users|revenue|churn)\b"),
            Some(vec![
                vec![vec![whole("churn"), whole("revenue")]],
                vec![vec![whole("tests")], vec![whole("ran"), whole("run")]],
                vec![vec![whole("interviewed")], vec![whole("users")]],
            ]),
            "alternatives needing one set share it; the others keep each of theirs"
        );
        assert_eq!(triggers(r"(?i)(?:\w+ )?"), None);
        assert_eq!(triggers(r"(?i)(?:a|\w+)"), None);
    }

    #[test]
    fn marks_literals_that_start_or_end_a_word() {
        let start = |s: &str| format!("{WORD_START}{s}");
        let whole = |s: &str| format!("{WORD_START}{s}{WORD_END}");
        assert_eq!(
            triggers(r"(?i)\b(?:led|cut)\s+\w+"),
            one(vec![whole("cut"), whole("led")])
        );
        assert_eq!(
            triggers(r"(?i)\b(?:led|cut)\w*\s+\w+"),
            one(vec![start("cut"), start("led")])
        );
        assert_eq!(triggers(r"(?i)^help"), one(vec![start("help")]));
        assert_eq!(triggers(r"(?i)^help$"), one(vec![whole("help")]));
        assert_eq!(
            triggers(r"(?i)\bto\s+(?:really\s+)?(?:cut|grow)\w"),
            one(vec![start("cut"), start("grow")]),
            "after a space, even past an optional word, a literal starts a word"
        );
        assert_eq!(
            triggers(r"(?i)(?:re)?(?:cut|grow)"),
            one(vec!["cut".into(), "grow".into()]),
            "an optional word part before it: not a word start"
        );
        assert_eq!(
            triggers(r"(?i)\w+(?:cut|grow)\w"),
            one(vec!["cut".into(), "grow".into()])
        );
        assert_eq!(
            triggers(r"(?i)\b-(?:cut|grow)s?\b"),
            one(vec![start("cut"), start("grow")]),
            "a hyphen ends in a non-word character; an optional `s` may follow"
        );
        assert_eq!(
            triggers(r"(?:^|[\s(,;])(?:I|we)\b"),
            one(vec![whole("i"), whole("we")]),
            "one- and two-letter literals when they are whole words"
        );
        assert_eq!(triggers(r"(?:I|we)\w"), None, "but not inside words");
        assert_eq!(
            triggers(r"[^A-Za-z0-9_]led\b"),
            one(vec![whole("led")]),
            "a negated class of all non-word characters, up to U+10FFFF"
        );
        assert_eq!(
            triggers(r"[^a-z]led\b"),
            one(vec![format!("led{WORD_END}")])
        );
        assert_eq!(
            triggers(r"(?i)\b(?:\d+%|\d+\s+(?:users|clients)|doubled)\b"),
            Some(vec![
                vec![vec![DIGIT.to_string(), whole("doubled")]],
                vec![vec![DIGIT.to_string()], vec![format!("{SYMBOL}%")]],
            ]),
            "once one alternative needs a digit, the digit serves the others too (with a symbol)"
        );
        assert_eq!(
            triggers(r"(?i)\band\s+so\s+on\b"),
            one(vec![whole("so")]),
            "a rarer word before a common one (`and`, `on`)"
        );
        assert_eq!(
            triggers(r"\b(?:cut\s+)+costs"),
            Some(vec![vec![vec![whole("cut")], vec![start("costs")]]]),
            "nothing after `costs` says the word ends"
        );
        assert_eq!(
            triggers(r"\bco-(?:cut|grow)s?\b"),
            Some(vec![vec![
                vec![start("co-")],
                vec![start("cut"), start("grow")]
            ]]),
            "a literal ending in punctuation: what follows starts a word"
        );
        assert_eq!(
            triggers(r"\b(?:cut|grow)-ed\b"),
            Some(vec![vec![
                vec![whole("cut"), whole("grow")],
                vec![format!("-ed{WORD_END}")]
            ]]),
            "a literal starting with punctuation: what precedes it ends a word"
        );
        assert_eq!(
            triggers(r"\b(?:grew)+\b"),
            one(vec![start("grew")]),
            "a repeated part ends the match only in its last round"
        );
    }

    #[test]
    fn a_text_must_hit_every_set_of_an_alternative() {
        let mut table = PatternTable::default();
        let tests = table
            .add(r"(?i)\b(?:(?:ran|run)\s+(?:\w+\s+){0,2}tests|interviewed\s+users)\b".into())
            .unwrap();
        table.seal();
        assert!(table.possible(&Haystack::new("Ran usability tests weekly"))[tests]);
        assert!(table.possible(&Haystack::new("Interviewed 40 users"))[tests]);
        assert!(!table.possible(&Haystack::new("Ran the sprint reviews"))[tests]);
        assert!(!table.possible(&Haystack::new("Wrote tests for users"))[tests]);
        assert!(
            table.possible(&Haystack::new("Tests ran green"))[tests],
            "a prefilter: order is the regex's business"
        );
    }

    #[test]
    fn a_common_word_most_bullets_lack_is_a_further_set_and_the_most_common_are_not() {
        let mut table = PatternTable::default();
        let passive = table
            .add(r"(?i)\b(?:was|were|is)\s+\w+ed\s+by\b".into())
            .unwrap();
        let article = table.add(r"(?i)\bmanaged\s+the\s+\w+".into()).unwrap();
        table.seal();
        assert!(table.possible(&Haystack::new("Reports were reviewed by the board"))[passive]);
        assert!(!table.possible(&Haystack::new("Reviewed by the board"))[passive]);
        assert!(
            table.possible(&Haystack::new("Managed a budget"))[article],
            "\"the\" is in nearly every text: not worth a set of its own"
        );
    }

    #[test]
    fn one_letter_words_are_scanned_for_with_their_word_edges() {
        let mut table = PatternTable::default();
        let pronoun = table.add(r"(?:^|\s)(?-i:I)\b".into()).unwrap();
        let either = table.add(r"\b(?i:a)\b|\ballocated\b".into()).unwrap();
        table.seal();
        assert!(table.possible(&Haystack::new("I led the rollout"))[pronoun]);
        assert!(
            table.possible(&Haystack::new("Then i led it"))[pronoun],
            "a prefilter: case is the regex's"
        );
        assert!(table.possible(&Haystack::new("Café–I led it"))[pronoun]);
        assert!(
            table.possible(&Haystack::new("led it, said I"))[pronoun],
            "at the very end"
        );
        assert!(!table.possible(&Haystack::new("Built AI tooling in Iowa"))[pronoun]);
        assert!(!table.possible(&Haystack::new("Ixi_I2"))[pronoun]);
        assert!(table.possible(&Haystack::new("Ran a pilot"))[either]);
        assert!(
            table.possible(&Haystack::new("Allocated budget"))[either],
            "the other alternative"
        );
        assert!(!table.possible(&Haystack::new("Ran pilots"))[either]);
        assert!(
            table.possible(&Haystack::new("a"))[either],
            "the whole text"
        );
    }

    #[test]
    fn marked_literals_need_a_word_edge_in_the_text() {
        let mut table = PatternTable::default();
        let led = table.add(r"(?i)\bled\w*\s+\w+".into()).unwrap();
        let we = table.add(r"(?:^|\s)we\b".into()).unwrap();
        table.seal();
        assert!(!table.possible(&Haystack::new("Handled the rollout"))[led]);
        assert!(table.possible(&Haystack::new("Led the rollout"))[led]);
        assert!(table.possible(&Haystack::new("Hired, then LED the rollout"))[led]);
        assert!(
            table.possible(&Haystack::new("ledgers"))[led],
            "a prefilter, not the match"
        );
        assert!(table.possible(&Haystack::new("Café—led the rollout"))[led]);
        assert!(!table.possible(&Haystack::new("re_led the rollout"))[led]);
        assert!(table.possible(&Haystack::new("we shipped"))[we]);
        assert!(table.possible(&Haystack::new("Then we"))[we]);
        assert!(!table.possible(&Haystack::new("Weekly west-coast answers"))[we]);
        assert!(
            table.possible(&Haystack::new("we’d"))[we],
            "a non-ASCII apostrophe is not a word byte"
        );
        // A trigger with a character that is not a word byte is scanned for as written there.
        let go_between = table_of(r"(?i)\bgo-between\b");
        assert!(go_between.possible(&Haystack::new("A Go-Between for sales"))[0]);
        assert!(
            go_between.possible(&Haystack::new("go between"))[0],
            "a prefilter"
        );
        assert!(!go_between.possible(&Haystack::new("ago-between"))[0]);
    }

    /// A sealed table of one pattern.
    fn table_of(source: &str) -> PatternTable {
        let mut table = PatternTable::default();
        table.add(source.into()).unwrap();
        table.seal();
        table
    }

    #[test]
    fn a_pattern_with_a_stem_finds_the_regex_crates_groups_before_and_after_its_reverse_dfa() {
        let tail = r"(?: for (?:the )?(?P<object>[^,.;]{2,}?)(?:[,.;]| and |$))?";
        let head = r"(?P<flag>(?:groom|refin)\w* (?:the )?backlogs?)";
        // An ASCII word boundary, as rule files get, and a Unicode one, which no DFA reads.
        for boundary in [r"(?-u:\b)", r"\b"] {
            let source = format!("(?i){boundary}{head}{tail}");
            let pattern = Pattern::new(source.clone(), None).unwrap();
            assert!(
                !pattern.engines().unwrap().whole,
                "the tail is not the DFA's"
            );
            let regex = regex::Regex::new(&source).unwrap();
            let texts = [
                "Groomed the backlog for the payments team, weekly",
                "Refined backlogs",
                "We groom; then REFINED THE BACKLOG for Zürich and Köln",
                "groomer backlog for x",
                "No backlog here – 中文 🎉",
                "Groomed the backlog for A, refined backlogs for B. groom backlog",
            ];
            // Each group's span, as the engine and as the `regex` crate give them.
            let spans = |found: &Captures| {
                let group = |i| found.get_group(i).map(|s| s.range());
                (0..found.group_len()).map(group).collect::<Vec<_>>()
            };
            let reference =
                |c: regex::Captures<'_>| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>();
            for round in 0..=REVERSE_AFTER_SEARCHES {
                for text in texts {
                    let haystack = Haystack::new(text);
                    assert_eq!(
                        pattern.captures(&haystack).as_ref().map(spans),
                        regex.captures(text).map(reference),
                        "{source} on {text:?} ({round})"
                    );
                    let all = pattern.captures_all(&haystack);
                    let every = regex.captures_iter(text).map(reference);
                    assert_eq!(
                        all.iter().map(spans).collect::<Vec<_>>(),
                        every.collect::<Vec<_>>(),
                        "{text:?}"
                    );
                    let span = pattern.find(&Haystack::new(text)).map(|s| s.range());
                    assert_eq!(span, regex.find(text).map(|m| m.range()), "{text:?}");
                    let matches = pattern.is_match(&Haystack::new(text));
                    assert_eq!(matches, regex.is_match(text), "{text:?}");
                }
            }
            assert_eq!(pattern.has_reverse_dfa(), boundary != r"\b");
        }
    }

    #[test]
    fn every_match_is_the_regex_crates_also_when_anchored_or_empty() {
        for source in [r"^\w+", r"(?i)\bx*", r"(?P<n>\d+)(?:%|x)?", r"é|(?:)"] {
            let pattern = Pattern::new(source.into(), None).unwrap();
            let regex = regex::Regex::new(source).unwrap();
            for text in ["", "abc 12% 3x 40", "xx yx – é中文 🎉", "\r\n4x\r\n"] {
                let spans = |found: Vec<Captures>| {
                    let span = |c: &Captures| c.get_match().map(|m| m.range());
                    found.iter().map(span).collect::<Vec<_>>()
                };
                let expected = regex.find_iter(text).map(|m| Some(m.range()));
                assert_eq!(
                    spans(pattern.captures_all(&Haystack::new(text))),
                    expected.collect::<Vec<_>>(),
                    "{source} on {text:?}"
                );
            }
        }
    }

    #[test]
    fn user_patterns_read_folded_text_unless_they_tell_cases_apart() {
        let folded = Pattern::new(r"(?i)led\s+the\s+team".into(), None).unwrap();
        let cased = Pattern::new(r"(?i)(?-i:We)\s+led".into(), None).unwrap();
        assert!(!folded.is_precompiled() && !cased.is_precompiled());
        let text = "We LED\u{2009}The\u{a0}Team";
        let span = |p: &Pattern| p.find(&Haystack::new(text)).map(|s| (s.start, s.end));
        assert_eq!(span(&folded), Some((3, text.len())));
        assert!(folded.engines().unwrap().folded);
        assert_eq!(span(&cased), Some((0, 6)));
        assert!(!cased.engines().unwrap().folded);
        assert_eq!(cased.find(&Haystack::new("we led")), None);
    }

    #[test]
    fn prefilter_marks_only_possible_patterns() {
        let mut table = PatternTable::default();
        let backlog = table.add(r"(?i)groom\w* the backlog".into()).unwrap();
        let anything = table.add(r"(?i)\w+".into()).unwrap();
        let percent = table.add(r"(?i)\d+%".into()).unwrap();
        table.seal();
        let possible = table.possible(&Haystack::new("Built the API"));
        assert!(!possible[backlog] && possible[anything] && !possible[percent]);
        assert!(table.possible(&Haystack::new("Cut costs 12%"))[percent]);
        assert!(
            !table.possible(&Haystack::new("Cut costs 12 times"))[percent],
            "a number without the symbol"
        );
        assert!(
            table.possible(&Haystack::new("Cut costs ٣٠%"))[percent],
            "any Unicode digit"
        );
        assert!(table.possible(&Haystack::new("Groomed THE BACKLOG"))[backlog]);
        assert!(
            table
                .get(backlog)
                .is_match(&Haystack::new("Groomed THE BACKLOG"))
        );
        let anchored = table.add(r"^\s*-\s+\S".into()).unwrap();
        assert_eq!(
            table
                .get(anchored)
                .find(&Haystack::new("  - item"))
                .map(|s| s.range()),
            Some(0..5)
        );
        assert_eq!(table.get(anchored).find(&Haystack::new("item - x")), None);
    }

    #[test]
    fn symbols_are_searched_for_in_texts_that_have_the_rest() {
        let mut table = PatternTable::default();
        let arrow = table.add(r"(?i)\d+\s?(?:->|→)\s?\d".into()).unwrap();
        let money = table
            .add(r"(?i)(?:[$€£]|\busd\s?)\d+\s?[km]?\s+(?:in\s+)?(?:revenue|savings)".into())
            .unwrap();
        let other = table.add(r"(?i)\bduties\b".into()).unwrap();
        table.seal();
        let possible = |text: &str| table.possible(&Haystack::new(text));
        assert!(possible("Cut load time 12 → 3 s")[arrow]);
        assert!(possible("Cut load time 12->3 s")[arrow]);
        assert!(!possible("Cut load time from 12 to 3 s")[arrow]);
        assert!(
            !possible("→ no number here")[arrow],
            "the digit is needed too"
        );
        assert!(possible("Added €40k in revenue")[money]);
        assert!(possible("Added USD 40k revenue")[money]);
        assert!(!possible("Added 40k in revenue")[money]);
        // Symbols never decide alone, and other patterns are as before.
        let found = possible("Handled duties: €, $, →");
        assert!(found[other] && !found[arrow] && !found[money]);
    }
}
