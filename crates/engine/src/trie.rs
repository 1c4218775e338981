//! Alternations rewritten as tries: branches that start with the same text share it, and
//! neighbours that end in the same part share that.
//!
//! Rule patterns are long alternations of words and phrases (`attend|conduct|participat\w*
//! in|…`), made from word classes. The regex compiler shares the prefixes of an alternation
//! only when every branch is a plain literal, and one branch with a space (`\s+`) or a class
//! in it leaves all of them side by side. Then every position where a word could start puts
//! every branch into the NFA state set of the lazy DFA, so each DFA state costs an epsilon
//! closure over all of them to build and memory to store, and the capture search tries every
//! branch in turn. Factored, `conduct|coordinat\w*|…` reads `co(?:nduct|ordinat\w*)|…`, and
//! a word's first letters leave only the branches that start with them.
//!
//! The rewrite keeps every match and every group of leftmost-first search: branches that
//! start with different characters never match at the same position, so their order does not
//! matter, and those that share a start keep their order behind it. A branch that does not
//! start with a literal (a class, a group, a look-around) may match where any other does, so
//! branches are regrouped only between two such.

use regex_syntax::hir::{Capture, Hir, HirKind, Literal, Repetition};

/// `hir` with each of its alternations factored into a trie.
pub fn factor(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Alternation(branches) => alternation(branches.iter().map(factor).collect()),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(factor).collect()),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(factor(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(factor(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// The alternation of `branches` (each already factored): neighbours that end in the same
/// part share it, then runs of branches that start with a literal are grouped by their first
/// character and each group's common start is shared.
fn alternation(branches: Vec<Hir>) -> Hir {
    let mut out = Vec::new();
    let mut run: Vec<(String, Hir)> = Vec::new();
    for branch in share_ends(branches) {
        match split_literal(&branch) {
            Some(split) => run.push(split),
            None => {
                out.extend(factor_run(std::mem::take(&mut run)));
                out.push(branch);
            }
        }
    }
    out.extend(factor_run(run));
    Hir::alternation(out)
}

/// `branches` with each run of neighbours that end in the same part other than a literal
/// written once, `the\s+|our\s+` as `(?:the|our)\s+`. The paths through the run are tried in
/// the same order either way (all of the first branch's, then the next one's), so matches and
/// groups are the same; and the lazy DFA reaches one state after "the " and "our " instead of
/// one for each branch's copy of the part.
fn share_ends(branches: Vec<Hir>) -> Vec<Hir> {
    /// The last part of `branch` and the parts before it, if it has a last part to share.
    fn split_end(branch: &Hir) -> Option<(&[Hir], &Hir)> {
        match branch.kind() {
            HirKind::Concat(parts) => match parts.split_last()? {
                (last, _) if matches!(last.kind(), HirKind::Literal(_)) => None,
                (last, head) => Some((head, last)),
            },
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(branches.len());
    let mut rest = branches.as_slice();
    while let Some((first, after)) = rest.split_first() {
        let Some((_, end)) = split_end(first) else {
            out.push(first.clone());
            rest = after;
            continue;
        };
        let same = 1 + after
            .iter()
            .take_while(|b| split_end(b).is_some_and(|(_, e)| e == end))
            .count();
        let (run, after) = rest.split_at(same);
        out.push(match run {
            [one] => one.clone(),
            _ => Hir::concat(vec![
                alternation(
                    run.iter()
                        .filter_map(split_end)
                        .map(|(head, _)| Hir::concat(head.to_vec()))
                        .collect(),
                ),
                end.clone(),
            ]),
        });
        rest = after;
    }
    out
}

/// The branches of one run, each `(its leading literal, the rest)`, as tries: grouped by
/// first character in the order each character first appears, order kept within a group.
fn factor_run(run: Vec<(String, Hir)>) -> Vec<Hir> {
    let mut groups: Vec<(char, Vec<(String, Hir)>)> = Vec::new();
    for (literal, rest) in run {
        let first = literal.chars().next().unwrap_or_default();
        match groups.iter_mut().find(|(c, _)| *c == first) {
            Some((_, group)) => group.push((literal, rest)),
            None => groups.push((first, vec![(literal, rest)])),
        }
    }
    groups
        .into_iter()
        .map(|(_, group)| {
            if let [(literal, rest)] = group.as_slice() {
                return join(literal, rest.clone());
            }
            let shared = common_prefix(group.iter().map(|(literal, _)| literal.as_str()));
            let suffixes = group
                .into_iter()
                .map(|(literal, rest)| join(&literal[shared.len()..], rest))
                .collect();
            join(&shared, alternation(suffixes))
        })
        .collect()
}

/// `branch` as its leading literal (whole characters, non-empty) and the rest, if it starts
/// with one.
fn split_literal(branch: &Hir) -> Option<(String, Hir)> {
    let text = |literal: &Literal| std::str::from_utf8(&literal.0).ok().map(str::to_string);
    match branch.kind() {
        HirKind::Literal(literal) => Some((text(literal)?, Hir::empty())),
        HirKind::Concat(parts) => match parts.first()?.kind() {
            HirKind::Literal(literal) => Some((text(literal)?, Hir::concat(parts[1..].to_vec()))),
            _ => None,
        },
        _ => None,
    }
    .filter(|(literal, _)| !literal.is_empty())
}

/// The longest start, in whole characters, that all `literals` share.
fn common_prefix<'a>(mut literals: impl Iterator<Item = &'a str>) -> String {
    let first = literals.next().unwrap_or_default();
    let mut len = first.len();
    for literal in literals {
        // Where the first character differs, or the end of the shorter one (a prefix of the
        // other, so that end falls between characters of both).
        len = first[..len]
            .char_indices()
            .zip(literal.chars())
            .find(|((_, a), b)| a != b)
            .map_or(len.min(literal.len()), |((at, _), _)| at);
    }
    first[..len].to_string()
}

/// `literal` followed by `rest`.
fn join(literal: &str, rest: Hir) -> Hir {
    if literal.is_empty() {
        return rest;
    }
    Hir::concat(vec![Hir::literal(literal.as_bytes()), rest])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .unwrap()
    }

    /// Whether factoring `pattern` gives the regex `factored` (compared as printed).
    fn factors_to(pattern: &str, factored: &str) -> bool {
        factor(&parse(pattern)).to_string() == parse(factored).to_string()
    }

    #[test]
    fn branches_that_start_alike_share_their_start_in_order() {
        assert!(factors_to(
            r"conduct|host\s+x|coordinat\w*",
            r"co(?:nduct|ordinat\w*)|host\s+x"
        ));
        // The shorter word first stays first: leftmost-first prefers it.
        assert!(factors_to(r"develop|developed\s+x", r"develop(?:|ed\s+x)"));
        assert!(factors_to(r"developed\s+x|develop", r"develop(?:ed\s+x|)"));
        assert!(factors_to(
            r"led\s|lead\w|lean\d",
            r"le(?:d\s|a(?:d\w|n\d))"
        ));
    }

    #[test]
    fn neighbours_that_end_alike_share_their_end() {
        assert!(factors_to(r"the\s+|an\s+|our\s+", r"(?:the|an|our)\s+"));
        assert!(factors_to(
            r"led\s|lead\s|lean\s",
            r"(?:le(?:d|a(?:d|n)))\s"
        ));
        // Only neighbours: the order of the branches is kept.
        assert!(factors_to(
            r"extend\w*|provid\w*|lent|offer\w*",
            r"(?:extend|provid)\w*|lent|offer\w*"
        ));
        // Only whole parts other than literals: starts are shared instead.
        assert!(factors_to(r"ab\s+x|cb\s+x", r"ab\s+x|cb\s+x"));
    }

    #[test]
    fn a_branch_without_a_leading_literal_keeps_the_branches_around_it_apart() {
        assert!(factors_to(r"ab\s|[a-z]x|ac\w", r"ab\s|[a-z]x|ac\w"));
        assert!(factors_to(r"ab\s|ac\w|\bx|ad\s", r"a(?:b\s|c\w)|\bx|ad\s"));
    }

    #[test]
    fn shared_starts_end_on_a_character_boundary() {
        // é and è share their first UTF-8 byte, which is no character.
        assert!(factors_to(r"é\s|è\w", r"é\s|è\w"));
        assert!(factors_to(r"café\s|cafè\w", r"caf(?:é\s|è\w)"));
    }

    #[test]
    fn groups_and_repetitions_are_factored_inside() {
        assert!(factors_to(
            r"(?P<flag>led\s|lead\w)+",
            r"(?P<flag>le(?:d\s|ad\w))+"
        ));
        assert!(factors_to(
            r"x(?:ran\s|run\s){0,2}",
            r"x(?:r(?:an|un)\s){0,2}"
        ));
    }

    /// Every match of `pattern` with every group, by the Pike VM, from the NFA of `hir`.
    fn matches(hir: &Hir, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let nfa = regex_automata::nfa::thompson::Compiler::new()
            .build_from_hir(hir)
            .unwrap();
        let vm = regex_automata::nfa::thompson::pikevm::PikeVM::new_from_nfa(nfa).unwrap();
        let mut cache = vm.create_cache();
        vm.captures_iter(&mut cache, text)
            .map(|caps| {
                (0..caps.group_len())
                    .map(|i| caps.get_group(i).map(|s| (s.start, s.end)))
                    .collect()
            })
            .collect()
    }

    /// What may follow a word in a branch.
    const TAILS: &[&str] = &[r"\s+", r"\w*", "(b)", "(a)?", " x|ab", r"b\s+"];

    proptest::proptest! {
        // Cheap cases, and a reordering shows only in some: more of them than the default.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// Alternations of words from a few letters (so that they share starts), some with a
        /// space, a class or a group after them and some starting with a class, find the same
        /// matches and groups factored as not.
        #[test]
        fn factoring_keeps_every_match_and_group(
            branches in proptest::collection::vec(
                (
                    "[ab]{1,3}|[abé]{1,4}",
                    proptest::option::of(proptest::sample::select(TAILS)),
                    proptest::bool::weighted(0.15),
                    proptest::bool::weighted(0.3),
                ),
                1..8,
            ),
            text in "[abé x]{0,30}",
        ) {
            let branches: Vec<String> = branches
                .into_iter()
                .map(|(word, tail, barrier, group)| {
                    let word = if barrier { format!("[a-b]{word}") } else { word };
                    // A group shows which branch matched where branches match alike.
                    let word = if group { format!("({word})") } else { word };
                    format!("{word}{}", tail.unwrap_or(""))
                })
                .collect();
            let pattern = format!("(?:{})+", branches.join("|"));
            let hir = parse(&pattern);
            proptest::prop_assert_eq!(matches(&factor(&hir), &text), matches(&hir, &text), "{}", pattern);
        }
    }
}
