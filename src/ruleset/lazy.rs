//! Patterns compiled on first use, behind a literal prefilter.
//!
//! Compiling every rule regex costs tens of milliseconds, more than linting a resume. Each
//! pattern's source is parsed (cheap) to find literals that any match must contain; one
//! Aho-Corasick pass over a bullet then tells which patterns could match at all, and only those
//! are compiled and run.

use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Largest set of alternative literals worth keeping as a trigger.
const MAX_TRIGGERS: usize = 64;
/// Largest character class expanded into single-character literals.
const MAX_CLASS_CHARS: u32 = 10;
/// Shortest literal worth scanning for: one- and two-letter literals occur in nearly every
/// bullet, and scanning for them costs more than it saves.
const MIN_TRIGGER_LEN: usize = 3;

/// A regex source, its trigger literals, and its compiled form once needed.
#[derive(Debug)]
pub struct Pattern {
    source: String,
    /// Lower-case literals one of which every match contains; `None` when none could be found.
    triggers: Option<Vec<String>>,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// Check `source`'s syntax (cheaply, without compiling) and find its trigger literals.
    pub fn new(source: String) -> Result<Pattern, String> {
        // One parse both validates the syntax and yields the triggers. It reads the pattern
        // case-sensitively (translating Unicode case folding costs more than the rest of the
        // parse); triggers are matched ignoring case anyway.
        let plain = source.strip_prefix("(?i)").unwrap_or(&source);
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(plain)
            .map_err(|e| e.to_string())?;
        let triggers = required(&hir)
            // Literals are matched ignoring ASCII case only, so a literal with a non-ASCII cased
            // letter could miss a match the case-insensitive regex finds: no trigger then.
            .filter(|t| {
                !t.is_empty()
                    && t.iter()
                        .all(|s| s.len() >= MIN_TRIGGER_LEN && !has_non_ascii_case(s))
            });
        Ok(Pattern {
            source,
            triggers,
            compiled: OnceLock::new(),
        })
    }

    /// The regex source.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex; `None` only if it exceeds the regex size limits.
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
    }

    /// Compile now and report a failure (for validating rule files eagerly in tests).
    pub fn compile_error(&self) -> Option<String> {
        Regex::new(&self.source).err().map(|e| e.to_string())
    }
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

/// All patterns of a rule set plus the prefilter over their triggers.
#[derive(Debug, Clone, Default)]
pub struct PatternTable {
    patterns: Vec<Arc<Pattern>>,
    prefilter: Option<Arc<Prefilter>>,
}

#[derive(Debug)]
struct Prefilter {
    automaton: AhoCorasick,
    /// For each literal, the patterns it triggers.
    owners: Vec<Vec<usize>>,
    /// Patterns with no trigger: always possible.
    always: Vec<usize>,
}

impl PatternTable {
    /// Add a pattern; returns its id.
    pub fn add(&mut self, source: String) -> Result<usize, String> {
        self.patterns.push(Arc::new(Pattern::new(source)?));
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

    /// Build the prefilter once all patterns are added.
    pub fn seal(&mut self) {
        let mut literals: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (id, pattern) in self.patterns.iter().enumerate() {
            match &pattern.triggers {
                None => always.push(id),
                Some(triggers) => {
                    for literal in triggers {
                        match literals.iter().position(|l| l == literal) {
                            Some(i) => owners[i].push(id),
                            None => {
                                literals.push(literal.clone());
                                owners.push(vec![id]);
                            }
                        }
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .ok();
        // If the automaton cannot be built, every pattern is simply always possible.
        self.prefilter = Some(Arc::new(match automaton {
            Some(automaton) => Prefilter {
                automaton,
                owners,
                always,
            },
            None => Prefilter {
                automaton: AhoCorasick::new(Vec::<String>::new()).expect("empty automaton builds"),
                owners: Vec::new(),
                always: (0..self.patterns.len()).collect(),
            },
        }));
    }

    /// Which patterns could match `text` (by id).
    pub fn possible(&self, text: &str) -> Vec<bool> {
        let mut possible = vec![false; self.patterns.len()];
        let Some(prefilter) = &self.prefilter else {
            return vec![true; self.patterns.len()];
        };
        for &id in &prefilter.always {
            possible[id] = true;
        }
        for found in prefilter.automaton.find_overlapping_iter(text) {
            for &id in &prefilter.owners[found.pattern().as_usize()] {
                possible[id] = true;
            }
        }
        possible
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triggers(source: &str) -> Option<Vec<String>> {
        Pattern::new(source.to_string()).unwrap().triggers
    }

    #[test]
    fn finds_the_literals_every_match_needs() {
        assert_eq!(
            triggers(r"(?i)\b(?:groom\w* the backlog)"),
            Some(vec![" the backlog".into()])
        );
        assert_eq!(
            triggers(r"(?i)groom\w*\s+the\s+backlog"),
            Some(vec!["backlog".into()])
        );
        assert_eq!(
            triggers(r"(?i)(?:prioriti[sz]e|rank) it"),
            Some(vec!["prioriti".into(), "rank".into()])
        );
        assert_eq!(
            triggers(r"(?i)(?:prioriti[sz]e|ranked)"),
            Some(vec!["prioriti".into(), "ranked".into()])
        );
        assert_eq!(triggers(r"(?i)\d+ percent"), Some(vec![" percent".into()]));
        assert_eq!(
            triggers(r"(?i)\d+%"),
            None,
            "too short to be worth scanning for"
        );
        assert_eq!(triggers(r"(?i)(?:\w+ )?"), None);
        assert_eq!(triggers(r"(?i)(?:a|\w+)"), None);
    }

    #[test]
    fn prefilter_marks_only_possible_patterns() {
        let mut table = PatternTable::default();
        let backlog = table.add(r"(?i)groom\w* the backlog".into()).unwrap();
        let anything = table.add(r"(?i)\w+".into()).unwrap();
        table.seal();
        let possible = table.possible("Built the API");
        assert!(!possible[backlog] && possible[anything]);
        assert!(table.possible("Groomed THE BACKLOG")[backlog]);
        assert!(
            table
                .get(backlog)
                .regex()
                .unwrap()
                .is_match("Groomed THE BACKLOG")
        );
    }
}
