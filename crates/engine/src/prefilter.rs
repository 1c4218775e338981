//! The literal prefilter: one pass over a text tells which patterns could match it at all.
//!
//! Each pattern needs some trigger literals (see `triggers`); the literals of all patterns are
//! compiled into one Aho-Corasick automaton, stored as a plain table that reads the text's raw
//! bytes. Each byte goes to one of a few classes (word edge, digit, underscore, letter, case
//! folded), so the text needs no lower-cased copy, and the states where literals end are
//! numbered last, so that "did a literal end here" is one comparison per byte.

use std::borrow::Cow;
use std::collections::HashMap;

use memchr::memmem::Finder;

use crate::triggers::{DIGIT, Need, WORD_END, WORD_START, is_symbol, literal_of};

/// One alternative of a pattern's `Need`, filed under its most selective trigger set.
#[derive(Debug)]
struct Alternative {
    pattern: usize,
    /// The alternative's other trigger sets, all of which a text must hit too.
    rest: Vec<usize>,
}

/// The part of a prefilter that depends only on its patterns' triggers: the automaton over
/// every trigger literal, which trigger sets digits and symbols hit, and each pattern's
/// alternatives as trigger set ids. A build script computes it for the precompiled patterns
/// (`PrefilterTables::new`) and writes it out as static data, so that a rule set made only
/// of those starts without building an automaton (see `Prefilter::from_tables`).
#[derive(Debug, Clone)]
pub struct PrefilterTables {
    /// The automaton over every trigger literal.
    pub automaton: Automaton,
    /// How many distinct trigger sets the patterns need.
    pub set_count: u32,
    /// Trigger sets that a digit hits (`DIGIT` is one of their triggers).
    pub digit_sets: Cow<'static, [u32]>,
    /// Trigger sets with a symbol (see `triggers::SYMBOL`), with the symbol.
    pub symbols: Cow<'static, [(u32, Cow<'static, str>)]>,
    /// Each pattern's alternatives, one after another: the number of its trigger sets, then
    /// their ids, most selective first. `PrefilterTables::new` gives each pattern's range.
    pub needs: Cow<'static, [u32]>,
}

impl PrefilterTables {
    /// The tables for the patterns whose trigger needs are `needs` (`None` for a pattern with
    /// no trigger), and each pattern's range in `needs` (`None` for those without).
    pub fn new<'n>(
        needs: impl IntoIterator<Item = Option<&'n Need>>,
    ) -> (PrefilterTables, Vec<Option<(usize, usize)>>) {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut digit_sets = Vec::new();
        let mut literal_ids: HashMap<Vec<u8>, usize> = HashMap::new();
        // Patterns often need the same set (a shared signal): it is checked once.
        let mut set_ids: HashMap<&[String], u32> = HashMap::new();
        let mut symbols = Vec::new();
        let mut encoded = Vec::new();
        let mut ranges = Vec::new();
        for need in needs {
            let Some(need) = need else {
                ranges.push(None);
                continue;
            };
            let from = encoded.len();
            for all in need {
                encoded.push(all.len() as u32);
                for set in all {
                    let next = set_ids.len() as u32;
                    let id = *set_ids.entry(set.as_slice()).or_insert(next);
                    encoded.push(id);
                    if id < next {
                        continue;
                    }
                    for trigger in set {
                        if trigger == DIGIT {
                            digit_sets.push(id);
                        } else if is_symbol(trigger) {
                            symbols.push((id, Cow::Owned(literal_of(trigger).to_string())));
                        } else {
                            let literal = scan_literal(trigger);
                            let at = *literal_ids.entry(literal.clone()).or_insert_with(|| {
                                literals.push(literal);
                                owners.push(Vec::new());
                                literals.len() - 1
                            });
                            owners[at].push(id);
                        }
                    }
                }
            }
            ranges.push(Some((from, encoded.len())));
        }
        // States are numbered in 32 bits, times the classes: past that (over a hundred million
        // bytes of literals) there is no automaton, and every pattern is always possible.
        let bytes: usize = literals.iter().map(Vec::len).sum();
        if bytes >= u32::MAX as usize / CLASSES {
            return PrefilterTables::new(vec![None; ranges.len()]);
        }
        let tables = PrefilterTables {
            automaton: Automaton::new(&literals, &owners),
            set_count: set_ids.len() as u32,
            digit_sets: Cow::Owned(digit_sets),
            symbols: Cow::Owned(symbols),
            needs: Cow::Owned(encoded),
        };
        (tables, ranges)
    }
}

/// Which patterns could match a text, from the trigger literals it contains.
#[derive(Debug)]
pub(crate) struct Prefilter {
    /// The automaton, and which sets digits hit.
    tables: PrefilterTables,
    /// Trigger sets with a symbol, each with a searcher for it: the text is searched for them
    /// only when an alternative that needs one is otherwise possible.
    symbols: Vec<(usize, Finder<'static>)>,
    /// Whether each trigger set has a symbol.
    has_symbol: Vec<bool>,
    /// For each trigger set, the alternatives whose most selective set it is: only texts that
    /// hit it need their other sets checked.
    anchored: Vec<Vec<Alternative>>,
    /// Patterns with no trigger: always possible.
    always: Vec<usize>,
    /// How many patterns there are.
    patterns: usize,
}

impl Prefilter {
    /// The prefilter over the patterns whose trigger needs are `needs` (pattern `i` has the
    /// `i`-th; `None` for a pattern with no trigger, which is always possible).
    pub(crate) fn new<'n>(needs: impl IntoIterator<Item = Option<&'n Need>>) -> Prefilter {
        let (tables, ranges) = PrefilterTables::new(needs);
        Prefilter::from_tables(tables, ranges)
    }

    /// The prefilter over patterns whose alternatives are ranges of `tables.needs` (pattern
    /// `i` has the `i`-th; `None` for a pattern with no trigger).
    pub(crate) fn from_tables(
        tables: PrefilterTables,
        ranges: impl IntoIterator<Item = Option<(usize, usize)>>,
    ) -> Prefilter {
        let mut anchored: Vec<Vec<Alternative>> =
            (0..tables.set_count).map(|_| Vec::new()).collect();
        let mut always = Vec::new();
        let mut patterns = 0;
        // The sets these patterns need: precompiled tables cover other patterns too.
        let mut needed = vec![false; tables.set_count as usize];
        for (pattern, range) in ranges.into_iter().enumerate() {
            patterns += 1;
            let Some((from, to)) = range else {
                always.push(pattern);
                continue;
            };
            let mut rest = &tables.needs[from..to];
            while let Some((&count, after)) = rest.split_first() {
                let (ids, after) = after.split_at(count as usize);
                rest = after;
                // `triggers` lists an alternative's most selective set first.
                if let Some((&anchor, others)) = ids.split_first() {
                    let rest: Vec<usize> = others.iter().map(|&id| id as usize).collect();
                    rest.iter().for_each(|&id| needed[id] = true);
                    anchored[anchor as usize].push(Alternative { pattern, rest });
                }
            }
        }
        // A symbol is searched for only to complete an alternative's other sets.
        let symbols: Vec<(usize, Finder<'static>)> = tables
            .symbols
            .iter()
            .filter(|(set, _)| needed[*set as usize])
            .map(|(set, symbol)| (*set as usize, Finder::new(symbol.as_bytes()).into_owned()))
            .collect();
        Prefilter {
            has_symbol: (0..tables.set_count as usize)
                .map(|set| symbols.iter().any(|&(with, _)| with == set))
                .collect(),
            tables,
            symbols,
            anchored,
            always,
            patterns,
        }
    }

    /// Whether its automaton is static data (precompiled tables) rather than built at run time.
    pub(crate) fn is_precompiled(&self) -> bool {
        matches!(self.tables.automaton.next, Cow::Borrowed(_))
    }

    /// Which patterns could match `text` (by id).
    pub(crate) fn possible(&self, text: &str) -> Vec<bool> {
        let mut possible = vec![false; self.patterns];
        for &id in &self.always {
            possible[id] = true;
        }
        // Which trigger sets the text hits, and the list of them.
        let mut hit = vec![false; self.tables.set_count as usize];
        // Room for the sets a typical bullet hits, so that pushing rarely grows it.
        let mut hits = Vec::with_capacity(32);
        let mut mark = |set: usize| {
            if !hit[set] {
                hit[set] = true;
                hits.push(set);
            }
        };
        let classes = self.tables.automaton.scan(text.as_bytes(), |sets| {
            sets.iter().for_each(|&set| mark(set as usize));
        });
        // `is_numeric` covers every Unicode digit `\d` matches.
        let has_digit =
            classes & DIGIT_CLASSES != 0 || !text.is_ascii() && text.chars().any(char::is_numeric);
        if has_digit {
            self.tables
                .digit_sets
                .iter()
                .for_each(|&set| mark(set as usize));
        }
        // A set not hit yet may still be by one of its symbols: the text is searched for all
        // of them once, the first time that could make an alternative possible.
        let mut symbols_searched = false;
        for &set in &hits {
            for alternative in &self.anchored[set] {
                let Some(&missing) = alternative.rest.iter().find(|&&other| !hit[other]) else {
                    possible[alternative.pattern] = true;
                    continue;
                };
                if symbols_searched || !self.has_symbol[missing] {
                    continue;
                }
                symbols_searched = true;
                for (other, finder) in &self.symbols {
                    if !hit[*other] && finder.find(text.as_bytes()).is_some() {
                        hit[*other] = true;
                    }
                }
                if alternative.rest.iter().all(|&other| hit[other]) {
                    possible[alternative.pattern] = true;
                }
            }
        }
        possible
    }
}

// How the automaton reads a byte. Every byte that is not an ASCII letter, digit or underscore
// reads as a space, so every word edge is one: a trigger that needs one (`\u{1}led` is "led"
// at the start of a word) is a literal with the space (" led"), and the automaton reports only
// matches that count, where a check after each match would see half of them thrown away
// ("me" in "team", "i" in "with"). Letters read the same in either case (triggers are
// case-insensitive), and all digits read as one: a literal with a digit ("24/7") is then found
// with any digits in its place, which costs a prefilter nothing but a search, while 29 classes
// padded to 32 make the table a sixth smaller than one with a class per digit (fewer cache
// misses: the prefilter of the corpus's bullets took 4% less time).
const SPACE: u8 = 0;
const DIGIT_CLASS: u8 = 1;
const UNDERSCORE: u8 = 2;
const FIRST_LETTER: u8 = 3;
const CLASSES: usize = 32;
/// Texts shorter than this beyond twice the longest literal are read as one chain.
const TWO_CHAINS_FROM: usize = 32;
/// The digits' class as a bit in a set of classes (`Automaton::scan`'s answer).
const DIGIT_CLASSES: u64 = 1 << DIGIT_CLASS;

/// The class of each byte.
const CLASS: [u8; 256] = {
    let mut class = [SPACE; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        class[byte] = match b {
            b'0'..=b'9' => DIGIT_CLASS,
            b'_' => UNDERSCORE,
            b'a'..=b'z' => FIRST_LETTER + (b - b'a'),
            b'A'..=b'Z' => FIRST_LETTER + (b - b'A'),
            _ => SPACE,
        };
        byte += 1;
    }
    class
};

/// `text` as the automaton reads it, one byte for each class: letters in lower case, `0` for
/// every digit, a space for every other byte that is not an underscore, and a space at each
/// end. Literals are written this way.
fn scan_copy(text: &str) -> Vec<u8> {
    let mut scan = Vec::with_capacity(text.len() + 2);
    scan.push(b' ');
    scan.extend(text.bytes().map(|b| match b {
        b'A'..=b'Z' => b.to_ascii_lowercase(),
        b'0'..=b'9' => b'0',
        b'a'..=b'z' | b'_' => b,
        _ => b' ',
    }));
    scan.push(b' ');
    scan
}

/// The literal to scan for a trigger: its text as `scan_copy` writes it, with a space before
/// it if it must start a word (`WORD_START`) and after it if it must end one (`WORD_END`).
fn scan_literal(trigger: &str) -> Vec<u8> {
    let mut literal = scan_copy(literal_of(trigger));
    if !trigger.starts_with(WORD_START) {
        literal.remove(0);
    }
    if !trigger.ends_with(WORD_END) {
        literal.pop();
    }
    literal
}

/// An Aho-Corasick automaton over byte classes, as a complete transition table (a DFA), that
/// reports the trigger sets of every literal ending at each byte, overlaps included.
///
/// Its fields are public so that a build script can write one out as static data (see
/// `PrefilterTables`), in which case the tables are borrowed.
#[derive(Debug, Clone)]
pub struct Automaton {
    /// The next state: `next[state + class]`. A state is its row's first index (a multiple of
    /// `CLASSES`), so reading a byte is one load.
    pub next: Cow<'static, [u32]>,
    /// The state after the leading space every text is read with.
    pub start: u32,
    /// The root: the state before anything is read.
    pub root: u32,
    /// The length of the longest literal.
    pub longest: u32,
    /// States from here on end at least one literal; the others none.
    pub first_match: u32,
    /// The trigger sets of match state `first_match + i * CLASSES` are
    /// `sets[ends[i]..ends[i + 1]]`: those of every literal that ends there.
    pub ends: Cow<'static, [u32]>,
    pub sets: Cow<'static, [u32]>,
}

impl Automaton {
    /// The automaton for `literals` (each written as `scan_copy` writes text, no two alike),
    /// where `owners[i]` are the trigger sets that literal `i` hits.
    ///
    /// The trie is kept sparse (each state's edges as a short list) and only the finished
    /// table is dense: it is the one large allocation (630 KB for the built-in rules, which
    /// take it precompiled instead), and a dense trie beside it cost a run on one resume 150
    /// more page faults.
    fn new(literals: &[Vec<u8>], owners: &[Vec<u32>]) -> Automaton {
        let mut trie = Trie::new(literals, owners);
        let mut output = std::mem::take(&mut trie.output);
        let states = output.len();
        // Breadth first, so that a state's failure state (the longest proper suffix that is in
        // the trie, nearer the root) is known before its children need it.
        let mut fail = vec![0u32; states];
        let mut order = vec![0u32];
        let mut at = 0;
        while let Some(&state) = order.get(at) {
            at += 1;
            for &(class, child) in trie.children(state) {
                // The root's children fail to the root; others to the longest suffix the
                // failure chain can extend by this class.
                let mut via = fail[state as usize];
                let child_fail = if state == 0 {
                    0
                } else {
                    loop {
                        match trie.child(via, class) {
                            Some(next) => break next,
                            None if via == 0 => break 0,
                            None => via = fail[via as usize],
                        }
                    }
                };
                fail[child as usize] = child_fail;
                // A state ends the literals its failure state ends too.
                if !output[child_fail as usize].is_empty() {
                    let inherited = output[child_fail as usize].clone();
                    let own = &mut output[child as usize];
                    own.extend(inherited);
                    own.sort_unstable();
                    own.dedup();
                }
                order.push(child);
            }
        }
        // States that end no literal first, then those that do, each in breadth-first order.
        let (plain, matching): (Vec<u32>, Vec<u32>) =
            order.iter().partition(|&&s| output[s as usize].is_empty());
        let mut id = vec![0u32; states];
        for (new, &old) in plain.iter().chain(&matching).enumerate() {
            id[old as usize] = (new * CLASSES) as u32;
        }
        // Each row starts as its failure state's (earlier in breadth-first order, so done),
        // then gets its own edges; the root's other edges lead back to the root.
        let mut next = vec![id[0]; states * CLASSES];
        for &state in &order {
            let row = id[state as usize] as usize;
            if state != 0 {
                let from = id[fail[state as usize] as usize] as usize;
                next.copy_within(from..from + CLASSES, row);
            }
            for &(class, child) in trie.children(state) {
                next[row + usize::from(class)] = id[child as usize];
            }
        }
        let (mut ends, mut sets) = (vec![0u32], Vec::new());
        for &state in &matching {
            sets.extend(&output[state as usize]);
            ends.push(sets.len() as u32);
        }
        Automaton {
            start: next[id[0] as usize + usize::from(SPACE)],
            root: id[0],
            longest: literals.iter().map(Vec::len).max().unwrap_or(0) as u32,
            next: Cow::Owned(next),
            first_match: (plain.len() * CLASSES) as u32,
            ends: Cow::Owned(ends),
            sets: Cow::Owned(sets),
        }
    }

    /// Read `text` (with a space before and after it), calling `found` with the trigger sets
    /// of the literals that end at each byte. Returns the set of classes read, as bits.
    ///
    /// A text of some length is read as two halves at once: each byte's next state is a load
    /// that waits for the one before, and with two chains of them the processor waits for two
    /// at a time (the walk's share of a single-threaded corpus run fell from 13.2% to 10.6%). The second half starts
    /// from the root the length of the longest literal early, where the state it reaches by
    /// the end of the first half is the one reading from the start would have (it depends
    /// only on the last bytes read); literals found twice in that overlap are reported twice,
    /// which marks nothing more.
    fn scan(&self, text: &[u8], mut found: impl FnMut(&[u32])) -> u64 {
        if self.start >= self.first_match {
            found(self.sets_of(self.start));
        }
        let mut matched = Vec::with_capacity(32);
        let longest = self.longest as usize;
        let (state, classes) = if text.len() >= 2 * longest + TWO_CHAINS_FROM {
            // Both chains read the same number of bytes.
            let middle = (text.len() + longest) / 2;
            let (first, second) = (&text[..middle], &text[middle - longest..]);
            self.two_chains(first, second, &mut matched)
        } else {
            self.one_chain(text, self.start, &mut matched)
        };
        let last = self.next[state as usize + usize::from(SPACE)];
        if last >= self.first_match {
            matched.push(last);
        }
        for &state in &matched {
            found(self.sets_of(state));
        }
        classes
    }

    /// Read `text` from `state`, noting each match state reached in `matched`: the state at
    /// the end and the classes read (as bits).
    #[inline(never)]
    fn one_chain(&self, text: &[u8], mut state: u32, matched: &mut Vec<u32>) -> (u32, u64) {
        let next: &[u32] = &self.next;
        let mut classes = 0u64;
        for &byte in text {
            let class = CLASS[usize::from(byte)];
            classes |= 1 << class;
            state = next[state as usize + usize::from(class)];
            if state >= self.first_match {
                matched.push(state);
            }
        }
        (state, classes)
    }

    /// `one_chain` over `first` from the start and over `second` from the root, at once
    /// (`second` no shorter): the state at the end of `second`, and the classes read.
    #[inline(never)]
    fn two_chains(&self, first: &[u8], second: &[u8], matched: &mut Vec<u32>) -> (u32, u64) {
        let next: &[u32] = &self.next;
        let (mut a, mut b, mut classes) = (self.start, self.root, 0u64);
        let (second, rest) = second.split_at(first.len());
        for (&x, &y) in first.iter().zip(second) {
            let (cx, cy) = (CLASS[usize::from(x)], CLASS[usize::from(y)]);
            classes |= (1 << cx) | (1 << cy);
            a = next[a as usize + usize::from(cx)];
            b = next[b as usize + usize::from(cy)];
            if a >= self.first_match {
                matched.push(a);
            }
            if b >= self.first_match {
                matched.push(b);
            }
        }
        let (end, more) = self.one_chain(rest, b, matched);
        (end, classes | more)
    }

    /// The trigger sets of match state `state`.
    #[inline]
    fn sets_of(&self, state: u32) -> &[u32] {
        let (ends, sets): (&[u32], &[u32]) = (&self.ends, &self.sets);
        let i = ((state - self.first_match) as usize) / CLASSES;
        &sets[ends[i] as usize..ends[i + 1] as usize]
    }
}

/// The literals as a trie: state 0 is the root, and each state has an edge per class that
/// continues some literal.
struct Trie {
    /// The edges out of state `s`: `edges[starts[s]..starts[s + 1]]`, as (class, state), by class.
    starts: Vec<usize>,
    edges: Vec<(u8, u32)>,
    /// The trigger sets of the literals each state ends.
    output: Vec<Vec<u32>>,
}

impl Trie {
    fn new(literals: &[Vec<u8>], owners: &[Vec<u32>]) -> Trie {
        // In sorted order, a literal shares its path from the root with the one before it for
        // as long as they agree, and each state's edges come in order of class (classes sort
        // as their bytes do).
        let mut sorted: Vec<usize> = (0..literals.len()).collect();
        sorted.sort_by(|&a, &b| literals[a].cmp(&literals[b]));
        let (mut parent, mut class_in) = (vec![0u32], vec![0u8]);
        let mut output: Vec<Vec<u32>> = vec![Vec::new()];
        // The states along the previous literal, root first.
        let mut path = vec![0u32];
        let mut previous: &[u8] = &[];
        for &i in &sorted {
            let literal = literals[i].as_slice();
            let shared = literal
                .iter()
                .zip(previous)
                .take_while(|(a, b)| a == b)
                .count();
            path.truncate(shared + 1);
            for &byte in &literal[shared..] {
                let state = parent.len() as u32;
                parent.push(path[path.len() - 1]);
                class_in.push(CLASS[usize::from(byte)]);
                output.push(Vec::new());
                path.push(state);
            }
            output[path[path.len() - 1] as usize].extend(&owners[i]);
            previous = literal;
        }
        // Edges by parent: states were made parent first, and a parent's children in order.
        let mut starts = vec![0usize; parent.len() + 1];
        for &p in &parent[1..] {
            starts[p as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut edges = vec![(0u8, 0u32); parent.len() - 1];
        let mut fill = starts.clone();
        for (state, &p) in parent.iter().enumerate().skip(1) {
            edges[fill[p as usize]] = (class_in[state], state as u32);
            fill[p as usize] += 1;
        }
        Trie {
            starts,
            edges,
            output,
        }
    }

    fn children(&self, state: u32) -> &[(u8, u32)] {
        &self.edges[self.starts[state as usize]..self.starts[state as usize + 1]]
    }

    fn child(&self, state: u32, class: u8) -> Option<u32> {
        let children = self.children(state);
        children
            .binary_search_by_key(&class, |&(c, _)| c)
            .ok()
            .map(|at| children[at].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The literals found in `text`, by the automaton and by looking for each in its scan copy.
    fn both_ways(literals: &[&str], text: &str) -> (Vec<u32>, Vec<u32>) {
        let literals: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_vec()).collect();
        let owners: Vec<Vec<u32>> = (0..literals.len() as u32).map(|i| vec![i]).collect();
        let automaton = Automaton::new(&literals, &owners);
        let mut found = Vec::new();
        automaton.scan(text.as_bytes(), |sets| found.extend(sets));
        found.sort_unstable();
        found.dedup();
        let scan = scan_copy(text);
        let expected = (0..literals.len() as u32)
            .filter(|&i| {
                let literal = &literals[i as usize];
                scan.windows(literal.len()).any(|w| w == literal.as_slice())
            })
            .collect();
        (found, expected)
    }

    #[test]
    fn finds_every_literal_overlaps_included_in_any_case() {
        let literals = [
            " led ",
            "led",
            " le",
            "ed",
            " the backlog",
            "backlog",
            // Digits as `scan_copy` writes them: any two digits at a word start.
            " 00",
            "_x",
        ];
        for text in [
            "Led the BACKLOG",
            "ledger, bled",
            "Café–led it 20%",
            "since 1999",
            "a_x",
            "",
            " ",
            "中文 🎉 led",
        ] {
            let (found, expected) = both_ways(&literals, text);
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn a_long_text_read_as_two_halves_finds_a_literal_anywhere() {
        let literals = [" the backlog", "backlog ", " led", "x"];
        for before in 0..90 {
            let text = format!(
                "{} The Backlog led{}",
                "y".repeat(before),
                "z".repeat(90 - before)
            );
            let (found, expected) = both_ways(&literals, &text);
            assert_eq!(found, expected, "{before}");
            assert_eq!(found, vec![0, 1, 2]);
        }
    }

    #[test]
    fn reports_each_literal_under_all_its_sets_once_per_end() {
        let literals = vec![b" led ".to_vec(), b"ed ".to_vec()];
        let owners = vec![vec![3, 1], vec![1, 2]];
        let automaton = Automaton::new(&literals, &owners);
        let mut calls = Vec::new();
        let classes = automaton.scan(b"Led 7", |sets| calls.push(sets.to_vec()));
        assert_eq!(
            calls,
            vec![vec![1, 2, 3]],
            "both literals end at the same space"
        );
        assert_ne!(classes & DIGIT_CLASSES, 0);
        assert_eq!(automaton.scan(b"Led", |_| {}) & DIGIT_CLASSES, 0);
    }

    proptest::proptest! {
        /// Short literals over a small alphabet, so that texts hit them often and overlap;
        /// texts long enough to be read as two halves at once too.
        #[test]
        fn finds_what_a_substring_search_of_the_scan_copy_finds(
            literals in proptest::collection::vec("[ abAB1_]{1,4}", 1..12),
            text in "[ abAB1_.é–中]{0,120}",
        ) {
            let literals: Vec<String> = literals.iter().map(|l| {
                String::from_utf8(scan_copy(l)[1..=l.len()].to_vec()).unwrap()
            }).collect();
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            let (found, expected) = both_ways(&literals, &text);
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
