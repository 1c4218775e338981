//! Runs a rule set over a document's bullets and produces sorted diagnostics plus the outcome summary.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Edit, Suggestion};
use crate::document::{Bullet, Document, Format, SectionKind, TextBuilder};
use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::language::{Tense, is_english, opener_tense, words};
use crate::ruleset::template::{capitalize, fill};
use crate::ruleset::{Matcher, Rule, RuleSet, SignalId, Target};
use crate::span::{LineIndex, Span};
use resume_lint_engine::{Haystack, Pattern};

/// The per-file numbers a reader (or a CI job) wants at a glance.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Bullets found anywhere in the file.
    pub bullets: usize,
    /// Accomplishment bullets (experience, projects, summary) that the English rules checked.
    pub checked: usize,
    /// Accomplishment bullets skipped because they are not in English.
    pub skipped_non_english: usize,
    /// Checked bullets with at least one process-phrasing finding.
    pub process_oriented: usize,
    /// Experience and project bullets that state no outcome.
    pub without_outcome: usize,
    /// Experience and project bullets checked for an outcome (the score's denominator).
    pub outcome_bullets: usize,
    /// Share of experience and project bullets that state an outcome (0–1), if there are any.
    pub outcome_score: Option<f64>,
}

impl Summary {
    /// Add another file's numbers; the outcome score becomes that of all the bullets together
    /// (not an average of the files' scores, which would weigh a one-bullet file like a CV).
    pub fn add(&mut self, other: &Summary) {
        self.bullets += other.bullets;
        self.checked += other.checked;
        self.skipped_non_english += other.skipped_non_english;
        self.process_oriented += other.process_oriented;
        self.without_outcome += other.without_outcome;
        self.outcome_bullets += other.outcome_bullets;
        self.outcome_score = score(self.outcome_bullets, self.without_outcome);
    }
}

/// Share of `bullets` that state an outcome, when there are any.
fn score(bullets: usize, without_outcome: usize) -> Option<f64> {
    (bullets > 0).then(|| (bullets - without_outcome) as f64 / bullets as f64)
}

/// Check every bullet of `doc` with `rules`; diagnostics come back sorted by offset, then code.
pub fn check(doc: &Document, rules: &RuleSet) -> (Vec<Diagnostic>, Summary) {
    let outcome = rules.signal("outcome");
    let mut diagnostics = Vec::new();
    let mut summary = Summary {
        bullets: doc.bullets.len(),
        ..Summary::default()
    };
    let english: Vec<bool> = doc.bullets.iter().map(|b| is_english(&b.text)).collect();
    let per_bullet = |r: &&Rule| r.target == Target::Bullet && !r.matcher.is_group();
    // The per-bullet rules in scope for each kind of section, found once per kind rather than
    // for every bullet: first those that always run, then those a process finding skips.
    let mut in_scope: Vec<(SectionKind, Vec<&Rule>, Vec<&Rule>)> = Vec::new();

    for (index, bullet) in doc.bullets.iter().enumerate() {
        if !english[index] {
            if bullet.kind.is_accomplishment() && !bullet.prose {
                summary.skipped_non_english += 1;
            }
            continue;
        }
        let mut signals = TextMatches::new(rules, &bullet.text);
        let at = match in_scope
            .iter()
            .position(|(kind, _, _)| *kind == bullet.kind)
        {
            Some(at) => at,
            None => {
                let (skippable, always): (Vec<&Rule>, Vec<&Rule>) = rules
                    .rules
                    .iter()
                    .filter(|r| per_bullet(r) && r.scope.contains(&bullet.kind))
                    .partition(|r| r.skip_if_process);
                in_scope.push((bullet.kind, always, skippable));
                in_scope.len() - 1
            }
        };
        let (_, always, skippable) = &in_scope[at];
        // Process rules judge accomplishment claims, which summary prose does not make.
        let applies = |rule: &&&Rule| !(bullet.prose && rule.counts_as_process);
        let mut flagged_as_process = false;
        for &rule in always.iter().filter(applies) {
            let before = diagnostics.len();
            check_rule(
                rule,
                rules,
                bullet,
                Some(index),
                &mut signals,
                &mut diagnostics,
            );
            flagged_as_process |= rule.counts_as_process && diagnostics.len() > before;
        }
        if !flagged_as_process {
            for &rule in skippable.iter().filter(applies) {
                check_rule(
                    rule,
                    rules,
                    bullet,
                    Some(index),
                    &mut signals,
                    &mut diagnostics,
                );
            }
        }
        if bullet.kind.is_accomplishment() && !bullet.prose {
            summary.checked += 1;
            if flagged_as_process {
                summary.process_oriented += 1;
            }
        }
        if matches!(bullet.kind, SectionKind::Experience | SectionKind::Projects) {
            summary.outcome_bullets += 1;
            match outcome {
                Some(id) if signals.matches(rules, id) => {}
                _ => summary.without_outcome += 1,
            }
        }
    }
    for role in &doc.roles {
        let line = role.as_bullet(SectionKind::Experience);
        let mut signals = TextMatches::new(rules, &line.text);
        for rule in rules.rules.iter().filter(|r| r.target == Target::Role) {
            check_rule(rule, rules, &line, None, &mut signals, &mut diagnostics);
        }
    }
    for rule in rules.rules.iter().filter(|r| r.matcher.is_group()) {
        let members: Vec<usize> = (0..doc.bullets.len())
            .filter(|&i| english[i] && rule.scope.contains(&doc.bullets[i].kind))
            .collect();
        check_group(rule, rules, doc, &members, &mut diagnostics);
    }
    crate::suppress::apply(doc, rules, &mut diagnostics);
    summary.outcome_score = score(summary.outcome_bullets, summary.without_outcome);
    diagnostics.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
    (diagnostics, summary)
}

/// Whether the line after the one holding byte `at` of `source` has any text.
fn next_line_has_text(source: &str, at: usize) -> bool {
    let rest = source.get(at..).unwrap_or("");
    rest.split_once('\n')
        .is_some_and(|(_, after)| !after.split('\n').next().unwrap_or("").trim().is_empty())
}

/// Byte range of the first word of `text` (letters, digits, apostrophes and hyphens).
fn first_word(text: &str) -> Option<(usize, usize)> {
    let start = text.find(|c: char| c.is_alphanumeric())?;
    let len = text[start..]
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .unwrap_or(text.len() - start);
    Some((start, start + len))
}

/// Rules that compare bullets with each other: repeated openers, trailing periods, tense.
fn check_group(
    rule: &Rule,
    rules: &RuleSet,
    doc: &Document,
    members: &[usize],
    out: &mut Vec<Diagnostic>,
) {
    let bullets = &doc.bullets;
    match &rule.matcher {
        Matcher::RepeatedOpener { min } => {
            // Bullets under one role (or, without a role line, one section) form a group.
            let mut groups: BTreeMap<(bool, usize), Vec<usize>> = BTreeMap::new();
            for &i in members {
                let key = match bullets[i].role {
                    Some(role) => (true, role),
                    None => (false, bullets[i].section.unwrap_or(usize::MAX)),
                };
                groups.entry(key).or_default().push(i);
            }
            for group in groups.values() {
                let mut by_opener: BTreeMap<String, Vec<(usize, usize, usize)>> = BTreeMap::new();
                for &i in group {
                    if let Some((start, end)) = first_word(&bullets[i].text) {
                        by_opener
                            .entry(bullets[i].text[start..end].to_lowercase())
                            .or_default()
                            .push((i, start, end));
                    }
                }
                for uses in by_opener.values().filter(|uses| uses.len() >= *min) {
                    for &(i, start, end) in &uses[1..] {
                        let word = &bullets[i].text[start..end];
                        let lookup = |name: &str| -> Hole {
                            match name {
                                "match" => Some(word.into()),
                                "count" => Some(uses.len().to_string().into()),
                                _ => None,
                            }
                        };
                        out.push(diagnostic(
                            rule,
                            &bullets[i],
                            Some(i),
                            start,
                            end,
                            &lookup,
                            None,
                        ));
                    }
                }
            }
        }
        Matcher::PeriodConsistency => {
            let mut lists: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &i in members {
                // A bullet ending in a colon introduces what follows, and one ending in an
                // ellipsis, `?` or `!` has its own punctuation: they take no side.
                let text = bullets[i].text.as_str();
                let own_punctuation = text.ends_with([':', '?', '!', '…']) || text.ends_with("..");
                if !own_punctuation {
                    lists.entry(bullets[i].group).or_default().push(i);
                }
            }
            for list in lists.values().filter(|l| l.len() >= 2) {
                let ends_with_period = |i: &usize| bullets[*i].text.ends_with('.');
                let with = list.iter().filter(|i| ends_with_period(i)).count();
                let without = list.len() - with;
                if with == 0 || without == 0 {
                    continue;
                }
                // The majority sets the style; on a tie, the list's first bullet does.
                let majority_period =
                    with > without || (with == without && ends_with_period(&list[0]));
                for &i in list
                    .iter()
                    .filter(|i| ends_with_period(i) != majority_period)
                {
                    let bullet = &bullets[i];
                    let len = bullet.text.len();
                    let last = bullet.text.chars().next_back().map_or(0, char::len_utf8);
                    let edit = if majority_period {
                        let at = bullet.source_span(len, len).end;
                        Some(Edit {
                            span: Span::new(at, at),
                            replacement: ".".into(),
                        })
                    } else {
                        // In plain text a line that ends a sentence ends its bullet: without
                        // the period, a text line right below would join the bullet, so the
                        // fix would change what the bullets are (and need another pass).
                        let joins_next = doc.format == Format::Text
                            && next_line_has_text(&doc.source, bullet.span.end);
                        (bullet.is_verbatim(len - last, len) && !joins_next).then(|| Edit {
                            span: bullet.source_span(len - last, len),
                            replacement: String::new(),
                        })
                    };
                    let lookup = |name: &str| -> Hole {
                        match name {
                            "expected" => Some(
                                if majority_period {
                                    "end with a period"
                                } else {
                                    "have no trailing period"
                                }
                                .into(),
                            ),
                            "count" => Some(
                                if majority_period { with } else { without }
                                    .to_string()
                                    .into(),
                            ),
                            "total" => Some(list.len().to_string().into()),
                            "action" => Some(
                                if majority_period {
                                    "add a period"
                                } else {
                                    "remove the period"
                                }
                                .into(),
                            ),
                            _ => None,
                        }
                    };
                    out.push(diagnostic(
                        rule,
                        bullet,
                        Some(i),
                        len - last,
                        len,
                        &lookup,
                        edit,
                    ));
                }
            }
        }
        Matcher::Tense { current } => {
            for &i in members {
                let bullet = &bullets[i];
                let Some(role) = doc.role_of(bullet).filter(|r| r.current == Some(*current)) else {
                    continue;
                };
                let Some((start, end)) = first_word(&bullet.text) else {
                    continue;
                };
                let word = &bullet.text[start..end];
                let wrong = if *current {
                    Tense::Past
                } else {
                    Tense::Present
                };
                if opener_tense(word) == Some(wrong) {
                    // Few bullets get here, so their signals are checked only now.
                    let mut signals = TextMatches::new(rules, &bullet.text);
                    if rule.unless.iter().any(|&id| signals.matches(rules, id)) {
                        continue;
                    }
                    let lookup = |name: &str| -> Hole {
                        match name {
                            "match" => Some(word.into()),
                            "dates" => role.dates.as_deref().map(Cow::Borrowed),
                            _ => None,
                        }
                    };
                    out.push(diagnostic(rule, bullet, Some(i), start, end, &lookup, None));
                }
            }
        }
        _ => {}
    }
}

/// Run one rule over an example from its rule file, as the `flag`/`pass` tests do.
///
/// A bullet rule reads the example as one bullet in the rule's first scope. A rule that reads
/// role lines or compares bullets reads it as the Markdown body of an Experience section.
pub fn check_example(rules: &RuleSet, rule: &Rule, text: &str) -> Vec<Diagnostic> {
    let mut single = rules.clone();
    single.rules = vec![rule.clone()];
    if rule.target == Target::Role || rule.matcher.is_group() {
        let source = format!("## Experience\n\n{text}\n");
        return match crate::parse::parse("example.md", source, Format::Markdown) {
            Ok(doc) => check(&doc, &single).0,
            Err(_) => Vec::new(),
        };
    }
    let mut builder = TextBuilder::default();
    builder.push_verbatim(text, Span::new(0, text.len()));
    let Some((plain, segments, span)) = builder.finish() else {
        return Vec::new();
    };
    let kind = rule
        .scope
        .first()
        .copied()
        .unwrap_or(SectionKind::Experience);
    let bullet = Bullet {
        text: plain,
        segments,
        span,
        section: None,
        kind,
        role: None,
        group: 0,
        pointer: None,
        prose: false,
    };
    let doc = Document {
        path: "example".into(),
        source: text.to_string(),
        format: Format::Text,
        sections: Vec::new(),
        roles: Vec::new(),
        bullets: vec![bullet],
        line_index: LineIndex::new(text),
    };
    check(&doc, &single).0
}

/// What is known about one text: which patterns could match it (from the prefilter) and which
/// signals it has (evaluated lazily).
struct TextMatches<'t> {
    haystack: Haystack<'t>,
    known: Vec<Option<bool>>,
    possible: Vec<bool>,
}

impl<'t> TextMatches<'t> {
    fn new(rules: &RuleSet, text: &'t str) -> Self {
        let haystack = Haystack::new(text);
        TextMatches {
            known: vec![None; rules.signals.len()],
            possible: rules.patterns.possible(&haystack),
            haystack,
        }
    }

    /// Pattern `id`, unless the prefilter already ruled it out for this text.
    fn pattern<'r>(&self, rules: &'r RuleSet, id: usize) -> Option<&'r Pattern> {
        self.possible
            .get(id)
            .copied()
            .unwrap_or(true)
            .then(|| rules.patterns.get(id))
    }

    fn matches(&mut self, rules: &RuleSet, id: SignalId) -> bool {
        if let Some(known) = self.known[id] {
            return known;
        }
        let signal = &rules.signals[id];
        // Cycles are rejected when rules load, so this recursion ends.
        let found = signal.regex.is_some_and(|p| {
            self.pattern(rules, p)
                .is_some_and(|p| p.is_match(&self.haystack))
        }) || signal
            .include
            .iter()
            .any(|&inner| self.matches(rules, inner));
        self.known[id] = Some(found);
        found
    }
}

fn check_rule(
    rule: &Rule,
    rules: &RuleSet,
    bullet: &Bullet,
    index: Option<usize>,
    signals: &mut TextMatches,
    out: &mut Vec<Diagnostic>,
) {
    if rule.unless.iter().any(|&id| signals.matches(rules, id)) {
        return;
    }
    let text = bullet.text.as_str();
    let sentence = text.trim_end_matches(['.', ';', ',', ' ']);
    let base = |name: &str| -> Hole {
        match name {
            "text" => Some(sentence.into()),
            _ => None,
        }
    };
    match &rule.matcher {
        Matcher::Phrase(patterns) => {
            // One finding per rule and bullet, at the earliest match: a bullet listing three
            // ceremonies is one process claim, not three.
            let first = patterns
                .iter()
                .filter_map(|&id| signals.pattern(rules, id)?.captures(&signals.haystack))
                .filter_map(|caps| {
                    caps.get_match()
                        .filter(|m| !m.is_empty())
                        .map(|m| (m, caps))
                })
                .min_by_key(|(m, _)| m.start());
            if let Some((whole, caps)) = first {
                // A `flag` group narrows the underline to the process phrase itself.
                let flagged = caps
                    .get_group_by_name("flag")
                    .filter(|s| !s.is_empty())
                    .unwrap_or(whole.span());
                let lookup = |name: &str| -> Hole {
                    match name {
                        "match" => Some(text[flagged.range()].into()),
                        _ => caps
                            .get_group_by_name(name)
                            .map(|s| text[s.range()].into())
                            .or_else(|| base(name)),
                    }
                };
                out.push(diagnostic(
                    rule,
                    bullet,
                    index,
                    flagged.start,
                    flagged.end,
                    &lookup,
                    None,
                ));
            }
        }
        Matcher::Substitution(swaps) => {
            for (id, replacement) in swaps {
                let Some(pattern) = signals.pattern(rules, *id) else {
                    continue;
                };
                for caps in pattern.captures_all(&signals.haystack) {
                    let Some(whole) = caps.get_match().filter(|m| !m.is_empty()) else {
                        continue;
                    };
                    let matched = &text[whole.range()];
                    let mut expanded = String::new();
                    caps.interpolate_string_into(text, replacement, &mut expanded);
                    if matched.chars().next().is_some_and(char::is_uppercase) {
                        expanded = capitalize(&expanded);
                    }
                    let lookup = |name: &str| -> Hole {
                        match name {
                            "match" => Some(matched.into()),
                            "replacement" => Some(expanded.as_str().into()),
                            _ => caps
                                .get_group_by_name(name)
                                .map(|s| text[s.range()].into())
                                .or_else(|| base(name)),
                        }
                    };
                    let edit = bullet
                        .is_verbatim(whole.start(), whole.end())
                        .then(|| Edit {
                            span: bullet.source_span(whole.start(), whole.end()),
                            replacement: expanded.clone(),
                        });
                    out.push(diagnostic(
                        rule,
                        bullet,
                        index,
                        whole.start(),
                        whole.end(),
                        &lookup,
                        edit,
                    ));
                }
            }
        }
        Matcher::Requires(required) => {
            if !required.iter().any(|&id| signals.matches(rules, id)) {
                out.push(diagnostic(rule, bullet, index, 0, text.len(), &base, None));
            }
        }
        Matcher::Length { min, max } => {
            let words = words(text).with_text;
            let too_short = min.is_some_and(|m| words < m);
            let too_long = max.is_some_and(|m| words > m);
            if too_short || too_long {
                let number = |n: usize| Cow::Owned(n.to_string());
                let lookup = |name: &str| -> Hole {
                    match name {
                        "words" => Some(number(words)),
                        "min" => min.map(number),
                        "max" => max.map(number),
                        "bound" => if too_long { *max } else { *min }.map(number),
                        "direction" => Some(if too_long { "long" } else { "short" }.into()),
                        _ => base(name),
                    }
                };
                out.push(diagnostic(
                    rule,
                    bullet,
                    index,
                    0,
                    text.len(),
                    &lookup,
                    None,
                ));
            }
        }
        // Group matchers compare bullets with each other; `check_group` runs them.
        Matcher::RepeatedOpener { .. }
        | Matcher::PeriodConsistency
        | Matcher::Tense { .. }
        | Matcher::UnusedSuppression => {}
    }
}

/// A template hole's value, borrowed from the bullet where it can be.
type Hole<'a> = Option<Cow<'a, str>>;

fn diagnostic<'a>(
    rule: &Rule,
    bullet: &Bullet,
    index: Option<usize>,
    start: usize,
    end: usize,
    lookup: &dyn Fn(&str) -> Hole<'a>,
    edit: Option<Edit>,
) -> Diagnostic {
    let suggestions = rule
        .suggestion
        .iter()
        .filter_map(|template| {
            let title = fill(&template.template, lookup);
            // A fix that cannot be applied in place is still worth reading.
            let (applicability, edits) = match (&edit, template.applicability) {
                (_, crate::diagnostic::Applicability::DisplayOnly) => {
                    (template.applicability, Vec::new())
                }
                (Some(edit), applicability) => (applicability, vec![edit.clone()]),
                (None, _) => (crate::diagnostic::Applicability::DisplayOnly, Vec::new()),
            };
            (!title.trim().is_empty()).then_some(Suggestion {
                title,
                applicability,
                edits,
            })
        })
        .collect();
    Diagnostic {
        code: rule.code.clone(),
        name: rule.name.clone(),
        severity: rule.severity,
        message: fill(&rule.message, lookup),
        help: crate::ruleset::template::fill_shared(&rule.help, lookup),
        span: bullet.source_span(start, end),
        bullet: index,
        suggestions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;
    use crate::parse::parse;

    const RULES: &str = r#"
prefix = "TST"
name = "test"
description = "kinds under test"
counts-as = "process"

[signals.outcome]
patterns = ['\d+%']

[[rules]]
code = "TST001"
name = "utilize"
severity = "warning"
kind = "substitution"
swap = [['utiliz(e|ed|es|ing)', 'us$1']]
message = "`{match}` is a longer way to say `{replacement}`"
help = "use the short word"
why = "shorter"
example = { bad = "Utilized Excel", good = "Used Excel" }
flag = ["Utilized Excel"]
pass = ["Used Excel"]

[[rules]]
code = "TST002"
name = "too-long"
severity = "info"
kind = "length"
max-words = 5
message = "{words} words is too {direction} (at most {bound})"
help = "cut it"
why = "skimmers"
example = { bad = "one two three four five six", good = "one two" }
flag = ["one two three four five six"]
pass = ["one two"]

[[rules]]
code = "TST003"
name = "no-percent"
severity = "info"
kind = "requires"
signals = ["outcome"]
skip-if-process = true
message = "no outcome"
help = "add one"
why = "outcomes"
example = { bad = "did a thing", good = "did 5%" }
flag = ["did a thing"]
pass = ["did 5%"]
"#;

    fn rules() -> RuleSet {
        RuleSet::from_files([("test.toml".to_string(), RULES.to_string())]).unwrap()
    }

    #[test]
    fn substitution_offers_a_safe_edit_on_verbatim_text_only() {
        let doc = parse(
            "t.md",
            "- Utilized Excel and **utilizing** R\n",
            Format::Markdown,
        )
        .unwrap();
        let (found, _) = check(&doc, &rules().select(&["TST001".into()], &[]).unwrap());
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].message, "`Utilized` is a longer way to say `Used`");
        let fix = &found[0].suggestions[0];
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(&doc.source[fix.edits[0].span.range()], "Utilized");
        assert_eq!(fix.edits[0].replacement, "Used");
        // Inside bold the match is still verbatim source, so it is editable too.
        assert_eq!(
            &doc.source[found[1].suggestions[0].edits[0].span.range()],
            "utilizing"
        );
    }

    #[test]
    fn a_substitution_across_markup_is_shown_but_not_applied() {
        let doc = parse("t.md", "- Utili*zed* Excel\n", Format::Markdown).unwrap();
        let (found, _) = check(&doc, &rules().select(&["TST001".into()], &[]).unwrap());
        assert_eq!(
            found[0].suggestions[0].applicability,
            Applicability::DisplayOnly
        );
        assert!(found[0].suggestions[0].edits.is_empty());
    }

    #[test]
    fn length_fills_its_holes() {
        let doc = parse(
            "t.md",
            "- Moved the data of the team to the cloud\n",
            Format::Markdown,
        )
        .unwrap();
        let (found, _) = check(&doc, &rules().select(&["TST002".into()], &[]).unwrap());
        assert_eq!(found[0].message, "9 words is too long (at most 5)");
        assert_eq!(
            &doc.source[found[0].span.range()],
            "Moved the data of the team to the cloud"
        );
    }

    #[test]
    fn summary_counts_bullets_outcomes_and_skips() {
        let source = "## Experience\n- did a thing\n- Utilized R to cut cost 5%\n- 负责产品需求分析和用户故事编写\n## Skills\n- Excel\n";
        let doc = parse("t.md", source, Format::Markdown).unwrap();
        let (found, summary) = check(&doc, &rules());
        assert_eq!(summary.bullets, 4);
        assert_eq!(summary.checked, 2);
        assert_eq!(summary.skipped_non_english, 1);
        assert_eq!(summary.process_oriented, 1);
        assert_eq!(summary.without_outcome, 1);
        assert_eq!(summary.outcome_score, Some(0.5));
        // TST003 stays quiet on the bullet TST001 (a process rule here) flagged.
        assert!(
            found
                .iter()
                .all(|d| !(&*d.code == "TST003" && d.bullet == Some(1)))
        );
        assert!(
            found
                .iter()
                .any(|d| &*d.code == "TST003" && d.bullet == Some(0))
        );
        // Sorted by offset, then code.
        assert!(
            found
                .windows(2)
                .all(|w| (w[0].span.start, &w[0].code) <= (w[1].span.start, &w[1].code))
        );
    }
}
