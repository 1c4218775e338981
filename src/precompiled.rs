//! The patterns `build.rs` compiled ahead of time (every built-in rule pattern and the
//! parsers' fixed regexes in `regexes`), and the engine's entry points that use them.

use std::borrow::Cow;

use resume_lint_engine::{
    Automaton, Builtins, Pattern, PatternTable, Precompiled, PrefilterTables,
};

include!(concat!(env!("OUT_DIR"), "/precompiled.rs"));

/// The precompiled patterns, for the engine to look sources up in.
pub(crate) static BUILTINS: Builtins = Builtins {
    patterns: PRECOMPILED,
    nfa_bytes: PRECOMPILED_NFAS_BYTES,
    prefilter: PREFILTER,
};

/// One of the linter's own fixed regexes (`crate::regexes`), precompiled by `build.rs`.
pub(crate) fn fixed(source: &'static str) -> Pattern {
    Pattern::new(source.to_string(), Some(&BUILTINS)).expect("built-in regexes are valid")
}

/// An empty pattern table that takes precompiled patterns from `BUILTINS`.
pub(crate) fn table() -> PatternTable {
    PatternTable::new(Some(&BUILTINS))
}

/// Whether `build.rs` compiled `source` ahead of time.
pub(crate) fn contains(source: &str) -> bool {
    BUILTINS.find(source).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::nfa::thompson::Config as NfaConfig;
    use resume_lint_engine::{Haystack, REVERSE_AFTER_SEARCHES};

    /// The built-in rule set, the `regex` crate's compile of each of its patterns, the words
    /// of every rule's examples, and a table of the same patterns compiled at run time (whose
    /// prefilter is built from their triggers, not taken from the precompiled tables).
    #[allow(clippy::type_complexity)]
    static BUILTIN: std::sync::LazyLock<(
        crate::ruleset::RuleSet,
        Vec<regex::Regex>,
        Vec<String>,
        PatternTable,
    )> = std::sync::LazyLock::new(|| {
        let rules = crate::ruleset::RuleSet::builtin().unwrap();
        let regexes = rules
            .patterns
            .iter()
            .map(|p| regex::Regex::new(p.as_str()).unwrap())
            .collect();
        let mut words: Vec<String> = rules
            .rules
            .iter()
            .flat_map(|r| r.flag.iter().chain(&r.pass))
            .flat_map(|e| e.split_whitespace().map(str::to_string))
            .collect();
        words.sort();
        words.dedup();
        let mut runtime = PatternTable::new(None);
        for pattern in rules.patterns.iter() {
            runtime.add(pattern.as_str().to_string()).unwrap();
        }
        runtime.seal();
        (rules, regexes, words, runtime)
    });

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256, ..proptest::prelude::ProptestConfig::default()
        })]
        /// Texts of example words in any case, sometimes run together or split by non-ASCII
        /// text: the prefilter may let through what does not match, never hold back what
        /// does, and each pattern (most of them reading the folded text) matches where the
        /// `regex` crate does on the original. The precompiled prefilter lets through exactly
        /// what one built at run time from the same patterns does.
        #[test]
        fn prefilter_never_rules_out_a_match_and_folded_patterns_match_the_same(
            picks in proptest::collection::vec((0usize..10_000, 0usize..10, 0usize..3), 1..24),
        ) {
            let (rules, regexes, words, runtime) = &*BUILTIN;
            let separators = [" ", " ", "", "-", "’", "é", ", ", "\u{a0}", "\u{2009}", "\u{85}"];
            let text: String = picks
                .iter()
                .flat_map(|&(w, s, case)| {
                    let word = &words[w % words.len()];
                    let word = match case {
                        0 => word.clone(),
                        1 => word.to_uppercase(),
                        _ => word.to_lowercase(),
                    };
                    [word, separators[s].to_string()]
                })
                .collect();
            let haystack = Haystack::new(&text);
            let possible = rules.patterns.possible(&haystack);
            proptest::prop_assert_eq!(&possible, &runtime.possible(&haystack));
            for (id, regex) in regexes.iter().enumerate() {
                let matches = regex.is_match(&text);
                proptest::prop_assert!(
                    possible[id] || !matches,
                    "{} ruled out on {text:?}", regex.as_str()
                );
                proptest::prop_assert_eq!(
                    rules.patterns.get(id).is_match(&haystack),
                    matches,
                    "{} on {:?}", regex.as_str(), text
                );
            }
        }
    }

    #[test]
    fn only_a_table_of_precompiled_patterns_takes_the_precompiled_prefilter() {
        let (rules, _, _, runtime) = &*BUILTIN;
        assert!(rules.patterns.has_precompiled_prefilter());
        assert!(!runtime.has_precompiled_prefilter());
        let mut mixed = table();
        mixed.add(crate::regexes::ALL[0].to_string()).unwrap();
        mixed.add("(?i)a pattern no rule has".to_string()).unwrap();
        mixed.seal();
        assert!(!mixed.has_precompiled_prefilter());
        let haystack = Haystack::new("a Pattern no rule has");
        assert!(mixed.possible(&haystack)[1]);
    }

    #[test]
    fn every_builtin_pattern_is_precompiled_and_rebuilds_to_the_same_nfa() {
        for pattern in &builtin_and_fixed_patterns() {
            assert!(
                pattern.is_precompiled(),
                "not precompiled: {}",
                pattern.as_str()
            );
            // The parsers' regexes read the original text; the rest, folded text if they can.
            let fold = !crate::regexes::ALL.contains(&pattern.as_str());
            let fresh =
                resume_lint_engine::fold::nfa(pattern.as_str(), fold, NfaConfig::new()).unwrap();
            assert_eq!(
                format!("{:?}", pattern.nfa().unwrap()),
                format!("{fresh:?}")
            );
        }
    }

    /// Fresh copies of every built-in rule pattern and every fixed regex of `crate::regexes`.
    fn builtin_and_fixed_patterns() -> Vec<Pattern> {
        let rules = crate::ruleset::RuleSet::builtin().unwrap();
        let sources = rules.patterns.iter().map(|p| p.as_str().to_string());
        let fixed = crate::regexes::ALL.iter().map(|s| s.to_string());
        sources
            .chain(fixed)
            .map(|s| Pattern::new(s, Some(&BUILTINS)).unwrap())
            .collect()
    }

    /// Every group's span in the leftmost-first match, as `regex` finds them.
    fn reference_groups(regex: &regex::Regex, text: &str) -> Option<Vec<Option<(usize, usize)>>> {
        let found = regex.captures(text)?;
        Some(
            found
                .iter()
                .map(|g| g.map(|m| (m.start(), m.end())))
                .collect(),
        )
    }

    /// Every group's span in the leftmost-first match, as `pattern` finds them.
    fn our_groups(pattern: &Pattern, text: &str) -> Option<Vec<Option<(usize, usize)>>> {
        let found = pattern.captures(&Haystack::new(text))?;
        Some(
            (0..found.group_len())
                .map(|i| found.get_group(i).map(|s| (s.start, s.end)))
                .collect(),
        )
    }

    #[test]
    fn capture_groups_and_spans_match_the_regex_crate_before_and_after_the_reverse_dfa() {
        let rules = crate::ruleset::RuleSet::builtin().unwrap();
        let mut samples: Vec<String> = rules
            .rules
            .iter()
            .flat_map(|r| r.flag.iter().chain(&r.pass).cloned())
            .collect();
        // Matches late in the text, after partial matches, and around non-ASCII text.
        samples.extend(
            [
                "Owner of the roadmap – then, in 2021, I was responsible for grooming the backlog",
                "Jan 2019 – Mar 2021 · Product Owner, Zürich 中文 🎉",
                "Groomed and prioritized the product backlog for the payments team",
                "Facilitated daily stand-ups, sprint planning and retrospectives",
                "I was responsible for writing user stories; increased revenue by 12%",
                "Helped the team ship 3 releases – cut churn 8 % (中文 émoji 🎉)",
                // Upper case and Unicode spaces, which folded patterns read folded.
                "GROOMED\u{2009}THE\u{a0}BACKLOG for the PAYMENTS team\u{202f}– US, We, My",
                "Wrote USER STORIES\u{3000}for the DEV TEAM; Increased Revenue by 12\u{a0}%",
            ]
            .map(String::from),
        );
        let mut with_reverse = 0;
        for pattern in &builtin_and_fixed_patterns() {
            let regex = regex::Regex::new(pattern.as_str()).unwrap();
            let expected: Vec<_> = samples
                .iter()
                .map(|t| reference_groups(&regex, t))
                .collect();
            let check_all = |when: &str| {
                for (text, expected) in samples.iter().zip(&expected) {
                    let ours = our_groups(pattern, text);
                    assert_eq!(&ours, expected, "{} on {text:?} {when}", pattern.as_str());
                    // `find` gives the whole match's span, from the DFAs once it can.
                    let span = pattern.find(&Haystack::new(text)).map(|s| (s.start, s.end));
                    let whole = expected.as_ref().and_then(|groups| groups[0]);
                    assert_eq!(span, whole, "find: {} on {text:?} {when}", pattern.as_str());
                }
            };
            check_all("before the reverse DFA");
            // Searching a matching text often enough builds the reverse DFA.
            let Some(matching) = samples.iter().zip(&expected).find(|(_, e)| e.is_some()) else {
                continue;
            };
            for _ in 0..=REVERSE_AFTER_SEARCHES {
                pattern.captures(&Haystack::new(matching.0));
            }
            if pattern.has_reverse_dfa() {
                with_reverse += 1;
            }
            check_all("with the reverse DFA");
        }
        assert!(
            with_reverse >= 30,
            "only {with_reverse} patterns used a reverse DFA"
        );
    }
}
