//! Trigger literals: lower-case strings that every match of a pattern must contain.
//!
//! A pattern's `Need` is a list of alternatives; each alternative is a list of trigger sets,
//! and a text can match only if, for some alternative, it contains a trigger of every set.
//! `\b(?:ran|led)\s+\w+\s+(?:tests|studies)` needs one of `ran`/`led` *and* one of
//! `tests`/`studies`: a bullet with "led" alone is not worth running the regex on.

use regex_syntax::ast::{Ast, Flag, Flags, FlagsItemKind, GroupKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Most trigger literals worth keeping for one pattern (a signal joins dozens of verb stems;
/// one Aho-Corasick pass finds any of them).
const MAX_TRIGGERS: usize = 256;
/// Most trigger sets one alternative needs all of: past the three rarest, another set rules
/// out little more and adds literals to scan for.
const MAX_SETS: usize = 3;
/// Largest character class expanded into single-character literals.
const MAX_CLASS_CHARS: u32 = 10;
/// How rare a literal must be to be worth scanning for, as a `rarity` score: one- and
/// two-letter fragments occur in nearly every bullet, and scanning for them costs more than it
/// saves...
const MIN_RARITY: usize = 3;
/// ...unless the pattern has nothing rarer: a two-letter fragment, a digit or a common word
/// still rules out some bullets, where having no trigger scans every one.
const MIN_FALLBACK_RARITY: usize = 2;

/// Words so common in English that, as triggers, they would let nearly every bullet through.
const COMMON_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "that", "the", "this", "to", "was", "were", "with",
];

/// The trigger standing for "any digit": patterns that need a number (`\d+%`) are only run
/// on text that has one. It is checked apart from the literals and never occurs in a pattern.
pub const DIGIT: &str = "\u{0}digit";

/// Marks a literal that every match has at the start of a word (the pattern puts `\b` or `^`
/// before it): `"\u{1}led"` is "led" with no ASCII letter, digit or underscore before it, so
/// "handled" does not trigger it. Short stems and words are common inside longer words.
pub const WORD_START: char = '\u{1}';

/// Marks a literal that every match has at the end of a word (the pattern puts `\b`, `$` or a
/// space after it): `"we\u{2}"` is "we" with no ASCII letter, digit or underscore after it.
pub const WORD_END: char = '\u{2}';

/// Marks a literal with no ASCII letter, digit or underscore (`%`, `#`, `->`, `€`): the
/// prefilter's automaton reads every such character as a space, so the text is searched for
/// it directly, and only once the rest of its alternative's triggers are there.
pub const SYMBOL: char = '\u{3}';

/// Characters too common in resumes for a symbol made only of them to rule anything out.
const COMMON_SYMBOL_CHARS: &str = ".,;:-–—'’\"()[]/&!?*|•·";

/// The literal a trigger stands for, without its `WORD_START`, `WORD_END` and `SYMBOL` marks.
pub fn literal_of(trigger: &str) -> &str {
    if let Some(symbol) = trigger.strip_prefix(SYMBOL) {
        return symbol;
    }
    let trigger = trigger.strip_prefix(WORD_START).unwrap_or(trigger);
    trigger.strip_suffix(WORD_END).unwrap_or(trigger)
}

/// Whether `trigger` is a symbol (see `SYMBOL`).
pub fn is_symbol(trigger: &str) -> bool {
    trigger.starts_with(SYMBOL)
}

/// Triggers one of which a text must contain.
pub type TriggerSet = Vec<String>;
/// Trigger sets a text must contain a trigger of each of.
pub type AllOf = Vec<TriggerSet>;
/// What a match of a pattern needs: one of these alternatives.
pub type Need = Vec<AllOf>;

/// What is known about the place of a part of a pattern.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    /// Every match of the part starts where no word character precedes it.
    start: bool,
    /// Every match of the part ends where no word character follows it.
    end: bool,
    /// Another alternative already needs a digit, so needing one here costs nothing more.
    digit_taken: bool,
}

/// Check `source`'s syntax (cheaply, without compiling) and find what its matches need;
/// `None` when no useful trigger set exists.
pub fn triggers(source: &str) -> Result<Option<Need>, String> {
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
    let with_min = |min: usize| {
        required(&hir, min, Context::default())
            .and_then(|need| only_usable(need, min))
            .and_then(|need| fileable(need, min))
            .and_then(within_limit)
    };
    Ok(with_min(MIN_RARITY).or_else(|| with_min(MIN_FALLBACK_RARITY)))
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

/// Whether every literal of `set` is rare enough (`rarity` at least `min`) and safe to match
/// ignoring ASCII case only (a literal with a non-ASCII cased letter could miss a match the
/// regex finds).
fn usable(set: &[String], min: usize) -> bool {
    set.iter()
        .all(|s| rarity(s) >= min && (s == DIGIT || !has_non_ascii_case(literal_of(s))))
}

/// How few texts a trigger is likely to occur in: its length, plus two for a whole word
/// (`we` as a word is rarer than the letters `we`); 2, the fallback, for a digit, a common
/// word or a symbol; 1 for one or two characters that may be part of a word (`ed`) and for
/// punctuation every text has (`,`, `-`).
fn rarity(trigger: &str) -> usize {
    let literal = literal_of(trigger);
    let whole_word = trigger.starts_with(WORD_START) && trigger.ends_with(WORD_END);
    // " it" is as common as "it".
    let word = literal.trim_matches(|c: char| !is_word_char(c));
    if is_symbol(trigger) {
        let common = |c: char| c.is_whitespace() || COMMON_SYMBOL_CHARS.contains(c);
        if literal.chars().all(common) {
            1
        } else {
            MIN_FALLBACK_RARITY
        }
    } else if trigger == DIGIT || COMMON_WORDS.contains(&word) {
        MIN_FALLBACK_RARITY
    } else if whole_word {
        literal.len() + 2
    } else if literal.len() < MIN_RARITY {
        1
    } else {
        literal.len()
    }
}

/// `need` with only its usable sets; `None` if an alternative is left with none (it could
/// match any text). Besides the sets of rarity `min` or more, those whose rarer triggers are
/// only a digit or symbols stay: the prefilter checks them only for texts that hit an
/// alternative's first set (see `fileable`), at little cost, and they still rule some out
/// ("→" in a text with digits).
fn only_usable(need: Need, min: usize) -> Option<Need> {
    let keep = |set: &TriggerSet| {
        usable(set, min) || usable(set, MIN_FALLBACK_RARITY) && cheap_to_check(set)
    };
    need.into_iter()
        .map(|all| {
            let all: AllOf = all.into_iter().filter(keep).collect();
            (!all.is_empty()).then_some(all)
        })
        .collect()
}

/// Whether every trigger of `set` is a digit, a symbol, rare, or a common word many texts lack
/// (`is_occasional_word`): a word nearly every text has would cost the automaton a match in
/// each.
fn cheap_to_check(set: &[String]) -> bool {
    set.iter()
        .all(|t| t == DIGIT || is_symbol(t) || rarity(t) >= MIN_RARITY || is_occasional_word(t))
}

/// Whether `trigger` is a whole common word that many bullets still lack ("is", "was",
/// "that"): bullets open with a verb and drop the verb "to be", so as a further set it rules
/// out most of them, where the other `COMMON_WORDS`, which nearly every bullet has ("the",
/// "and"), would not.
fn is_occasional_word(trigger: &str) -> bool {
    const OCCASIONAL: &[&str] = &[
        "are", "be", "from", "is", "it", "that", "this", "was", "were",
    ];
    trigger.starts_with(WORD_START)
        && trigger.ends_with(WORD_END)
        && OCCASIONAL.contains(&literal_of(trigger))
}

/// `need` if every alternative has a set the prefilter can file it under, put first: one of
/// rarity `min` or more, without symbols (the prefilter's automaton finds the first set; the
/// others it checks after).
fn fileable(mut need: Need, min: usize) -> Option<Need> {
    for all in &mut need {
        sort_for_filing(all);
        let first = all.first()?;
        if !usable(first, min) || first.iter().any(|t| is_symbol(t)) {
            return None;
        }
    }
    Some(need)
}

/// `sets` most selective first, except that a set with a symbol never comes first while one
/// without does (the prefilter files an alternative under its first set, which its automaton
/// must be able to find).
fn sort_for_filing(sets: &mut AllOf) {
    sets.sort_by_key(|set| {
        let has_symbol = set.iter().any(|t| is_symbol(t));
        (has_symbol, std::cmp::Reverse(selectivity(set)))
    });
}

/// The most selective set of an alternative.
fn best(all: &AllOf) -> Option<&TriggerSet> {
    all.iter().max_by_key(|set| selectivity(set))
}

/// One set that any match of `need` has a trigger of: the union of each alternative's best
/// set, if that stays within `MAX_TRIGGERS`. `None` for no alternatives (their union would be
/// a set no text hits).
fn union_of_best(need: &Need) -> Option<TriggerSet> {
    if need.is_empty() {
        return None;
    }
    let mut union = Vec::new();
    for all in need {
        union.extend(best(all)?.iter().cloned());
        if union.len() > MAX_TRIGGERS {
            return None;
        }
    }
    union.sort();
    union.dedup();
    Some(union)
}

/// `need` if its distinct sets have at most `MAX_TRIGGERS` literals; otherwise only each
/// alternative's first set, if those do.
fn within_limit(need: Need) -> Option<Need> {
    let literals = |need: &Need| {
        let mut sets: Vec<&TriggerSet> = need.iter().flatten().collect();
        sets.sort();
        sets.dedup();
        sets.iter().map(|set| set.len()).sum::<usize>()
    };
    if literals(&need) <= MAX_TRIGGERS {
        return Some(need);
    }
    // Each alternative's first set is the one it is filed under (see `fileable`).
    let first: Need = need
        .iter()
        .map(|all| Some(vec![all.first()?.clone()]))
        .collect::<Option<_>>()?;
    (literals(&first) <= MAX_TRIGGERS).then_some(first)
}

/// How well a usable set filters: its least rare literal, then fewer alternatives.
fn selectivity(set: &[String]) -> (usize, usize) {
    let rarest = set.iter().map(|s| rarity(s)).min().unwrap_or(0);
    (rarest, usize::MAX - set.len())
}

fn has_non_ascii_case(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && (c.is_uppercase() || c.is_lowercase()))
}

/// What any match of `hir` needs, keeping among the parts of a sequence only sets whose
/// literals (lower case) have a `rarity` of at least `min`. `context` says where `hir` sits:
/// whether its matches start or end at a word edge, and whether another alternative already
/// needs a digit.
fn required(hir: &Hir, min: usize, context: Context) -> Option<Need> {
    let literal = |mut text: String| {
        if !text.contains(is_word_char) {
            text.insert(0, SYMBOL);
            return text;
        }
        if context.end && text.ends_with(is_word_char) {
            text.push(WORD_END);
        }
        if context.start && text.starts_with(is_word_char) {
            text.insert(0, WORD_START);
        }
        text
    };
    let one = |set: TriggerSet| Some(vec![vec![set]]);
    match hir.kind() {
        HirKind::Literal(lit) => one(vec![literal(
            String::from_utf8_lossy(&lit.0).to_lowercase(),
        )]),
        HirKind::Class(Class::Unicode(class)) => {
            let chars = || class.ranges().iter().flat_map(|r| r.start()..=r.end());
            // `\d`, `[0-9]` and the like need a digit.
            if chars().all(char::is_numeric) {
                return one(vec![DIGIT.to_string()]);
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
            one(chars)
        }
        HirKind::Class(Class::Bytes(_)) | HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Repetition(rep) if rep.min > 0 => {
            // With more than one round, the first starts the match and the last ends it.
            let single = rep.max == Some(1);
            let inner = Context {
                end: context.end && single,
                ..context
            };
            required(&rep.sub, min, inner)
        }
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required(&capture.sub, min, context),
        HirKind::Concat(parts) => {
            // A part starts a word when what comes before it (a word boundary, a line start,
            // or text ending in a space or punctuation) leaves no word character before it;
            // it ends one when what comes after it does the same.
            let mut ends = vec![context.end; parts.len()];
            let mut after = context.end;
            for (i, part) in parts.iter().enumerate().rev() {
                ends[i] = after;
                after = clear_past(part, after, Reading::Backward);
            }
            let mut before = context.start;
            // Every part's needs hold at once. One part with alternatives of its own (often
            // the whole pattern after the parser lifted a shared `\b` out of them) keeps
            // them, each joined with the other parts' sets; any other such part adds the one
            // set all its alternatives have a trigger of.
            let mut shared: AllOf = Vec::new();
            let mut branches: Need = Vec::new();
            for (part, &end) in parts.iter().zip(&ends) {
                let inner = Context {
                    start: before,
                    end,
                    ..context
                };
                let need = required(part, min, inner).and_then(|need| only_usable(need, min));
                before = clear_past(part, before, Reading::Forward);
                let Some(mut need) = need else { continue };
                if need.len() == 1 {
                    shared.append(&mut need[0]);
                } else if need.iter().all(|all| all.len() == 1) || need.len() <= branches.len() {
                    // Alternatives of one set each are that one set, their union.
                    shared.extend(union_of_best(&need));
                } else {
                    // The part with the most alternatives keeps them; the earlier one (if
                    // any) adds its union.
                    shared.extend(union_of_best(&std::mem::replace(&mut branches, need)));
                }
            }
            if branches.is_empty() {
                branches.push(Vec::new());
            }
            let branches: Need = branches
                .into_iter()
                .map(|mut sets| {
                    sets.extend(shared.iter().cloned());
                    // Past the digit, only symbols are worth checking: a word list would be
                    // more to scan for in every text.
                    if context.digit_taken && sets.iter().any(|set| set == &[DIGIT]) {
                        let symbols = |set: &TriggerSet| set.iter().all(|t| is_symbol(t));
                        sets.retain(|set| set == &[DIGIT] || symbols(set));
                    }
                    sort_for_filing(&mut sets);
                    sets.dedup();
                    // Past the first set, only those cheap to check are worth it.
                    let mut sets = sets.into_iter();
                    let first = sets.next();
                    let cheap = sets.filter(|set| cheap_to_check(set));
                    first.into_iter().chain(cheap.take(MAX_SETS - 1)).collect()
                })
                .collect();
            // An alternative with no set could match anything.
            branches
                .iter()
                .all(|sets| !sets.is_empty())
                .then_some(branches)
        }
        HirKind::Alternation(alternatives) => {
            // Alternatives that each need one set need, together, the union of those sets.
            let union = |context: Context| -> Option<Need> {
                let (mut single, mut all) = (Vec::new(), Vec::new());
                for alternative in alternatives {
                    for sets in required(alternative, min, context)? {
                        match <[TriggerSet; 1]>::try_from(sets) {
                            Ok([set]) => single.extend(set),
                            Err(sets) => all.push(sets),
                        }
                    }
                }
                if !single.is_empty() {
                    single.sort();
                    single.dedup();
                    all.insert(0, vec![single]);
                }
                Some(all)
            };
            let all = union(context)?;
            // Once one alternative needs a digit, the others may as well need one instead of
            // a list of words: texts with a digit are scanned anyway.
            let needs_digit = all.iter().flatten().flatten().any(|t| t == DIGIT);
            if !context.digit_taken && needs_digit {
                let digit_taken = Context {
                    digit_taken: true,
                    ..context
                };
                return union(digit_taken).or(Some(all));
            }
            Some(all)
        }
    }
}

/// Which way `clear_past` and `non_word_last` read a part of a pattern: forward, from the
/// position before it to the one after, or backward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Forward,
    Backward,
}

impl Reading {
    /// `parts` in reading order.
    fn order(self, parts: &[Hir]) -> Vec<&Hir> {
        let mut ordered: Vec<&Hir> = parts.iter().collect();
        if self == Reading::Backward {
            ordered.reverse();
        }
        ordered
    }
}

/// Whether the position past a match of `hir`, read in `reading` order, has no word character
/// on the match's side, given whether the position before it (in that order) had none
/// (`clear`). Read forward: is what follows the match at a word start; backward: is what
/// precedes it at a word end.
fn clear_past(hir: &Hir, clear: bool, reading: Reading) -> bool {
    match hir.kind() {
        HirKind::Empty => clear,
        HirKind::Look(look) => {
            clear
                || match reading {
                    Reading::Forward => starts_a_word(*look),
                    Reading::Backward => ends_a_word(*look),
                }
        }
        HirKind::Capture(capture) => clear_past(&capture.sub, clear, reading),
        HirKind::Alternation(alternatives) => alternatives
            .iter()
            .all(|alternative| clear_past(alternative, clear, reading)),
        HirKind::Concat(parts) => reading
            .order(parts)
            .into_iter()
            .fold(clear, |clear, part| clear_past(part, clear, reading)),
        // A part that may match nothing leaves the position as it was.
        _ if hir.properties().minimum_len() == Some(0) => clear && non_word_last(hir, reading),
        _ => non_word_last(hir, reading),
    }
}

/// Whether `c` is an ASCII letter, digit or underscore: a word character as the prefilter
/// reads it.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether the code points `start..=end` include a word character (without walking a range
/// that may span all of Unicode).
fn has_word_char(start: u32, end: u32) -> bool {
    let words = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
    words
        .iter()
        .any(|&(low, high)| start <= u32::from(high) && u32::from(low) <= end)
}

/// Whether every non-empty match of `hir` has a character that is not a word character last in
/// `reading` order: its last character read forward, its first read backward.
fn non_word_last(hir: &Hir, reading: Reading) -> bool {
    let non_word = |b: &u8| !is_word_char(char::from(*b));
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        // A non-ASCII character starts and ends with bytes of 0x80 or more: not word bytes.
        HirKind::Literal(lit) => match reading {
            Reading::Forward => lit.0.last(),
            Reading::Backward => lit.0.first(),
        }
        .is_some_and(non_word),
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .all(|r| !has_word_char(r.start().into(), r.end().into())),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| !has_word_char(r.start().into(), r.end().into())),
        HirKind::Repetition(rep) => non_word_last(&rep.sub, reading),
        HirKind::Capture(capture) => non_word_last(&capture.sub, reading),
        HirKind::Alternation(alternatives) => alternatives
            .iter()
            .all(|alternative| non_word_last(alternative, reading)),
        HirKind::Concat(parts) => {
            // The last part decides, unless it may match nothing: then the one before it too.
            for part in reading.order(parts).into_iter().rev() {
                if !non_word_last(part, reading) {
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

/// Whether text right before `look` that ends with a word character ends a word, in the
/// sense the prefilter checks: no ASCII letter, digit or underscore after it.
fn ends_a_word(look: Look) -> bool {
    matches!(
        look,
        Look::End
            | Look::EndLF
            | Look::EndCRLF
            | Look::WordAscii
            | Look::WordEndAscii
            | Look::WordEndHalfAscii
            | Look::WordUnicode
            | Look::WordEndUnicode
            | Look::WordEndHalfUnicode
    )
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
