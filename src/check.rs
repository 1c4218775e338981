//! Runs a rule set over a document's bullets and produces sorted diagnostics plus the outcome summary.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Edit, Suggestion};
use crate::document::{Bullet, Document, Format, SectionKind, TextBuilder};
use std::borrow::Cow;
use std::cell::RefCell;

use crate::kinds::Reads;
use crate::language::is_english_given;
use crate::ruleset::template::fill;
use crate::ruleset::{Rule, RuleSet, SignalId, Target};
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
    // Filled in as each bullet is read; the rules that compare bullets read it after.
    let mut english = vec![false; doc.bullets.len()];
    let per_bullet = |r: &&Rule| r.target == Target::Bullet && r.kind.reads() == Reads::Bullet;
    // The per-bullet rules in scope for each kind of section, found once per kind rather than
    // for every bullet: first those that always run, then those a process finding skips.
    let mut in_scope: Vec<(SectionKind, Vec<&Rule>, Vec<&Rule>)> = Vec::new();

    // Every bullet through the prefilter first: its table stays in the processor's cache
    // across the bullets instead of being pushed out by the rules' engines after each one.
    let mut all_matches: Vec<TextMatches> = doc
        .bullets
        .iter()
        .map(|bullet| TextMatches::new(rules, &bullet.text))
        .collect();
    for ((index, bullet), signals) in doc.bullets.iter().enumerate().zip(&mut all_matches) {
        let foreign_word = signals.possible(rules.foreign_function_word);
        english[index] = is_english_given(&bullet.text, foreign_word);
        if !english[index] {
            if bullet.kind.is_accomplishment() && !bullet.prose {
                summary.skipped_non_english += 1;
            }
            continue;
        }
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
            check_rule(rule, rules, bullet, Some(index), signals, &mut diagnostics);
            flagged_as_process |= rule.counts_as_process && diagnostics.len() > before;
        }
        if !flagged_as_process {
            for &rule in skippable.iter().filter(applies) {
                check_rule(rule, rules, bullet, Some(index), signals, &mut diagnostics);
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
    let all_matches = RefCell::new(all_matches);
    for rule in rules
        .rules
        .iter()
        .filter(|r| r.kind.reads() == Reads::Group)
    {
        let members: Vec<usize> = (0..doc.bullets.len())
            .filter(|&i| english[i] && rule.scope.contains(&doc.bullets[i].kind))
            .collect();
        let group = GroupCheck {
            rule,
            rules,
            doc,
            members: &members,
            matches: &all_matches,
        };
        rule.kind.check_group(&group, &mut diagnostics);
    }
    let unused = crate::suppress::apply(doc, rules, &mut diagnostics);
    if !unused.is_empty() {
        for rule in rules
            .rules
            .iter()
            .filter(|r| r.kind.reads() == Reads::UnusedSuppressions)
        {
            rule.kind.check_unused(rule, &unused, &mut diagnostics);
        }
    }
    summary.outcome_score = score(summary.outcome_bullets, summary.without_outcome);
    diagnostics.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
    (diagnostics, summary)
}

/// Run one rule over an example from its rule file, as the `flag`/`pass` tests do.
///
/// A bullet rule reads the example as one bullet in the rule's first scope. A rule that reads
/// role lines or compares bullets reads it as the Markdown body of an Experience section.
pub fn check_example(rules: &RuleSet, rule: &Rule, text: &str) -> Vec<Diagnostic> {
    let mut single = rules.clone();
    single.rules = vec![rule.clone()];
    if rule.target == Target::Role || rule.kind.reads() != Reads::Bullet {
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

    /// Whether the prefilter lets pattern `id` through for this text.
    fn possible(&self, id: usize) -> bool {
        self.possible.get(id).copied().unwrap_or(true)
    }

    /// Pattern `id`, unless the prefilter already ruled it out for this text.
    fn pattern<'r>(&self, rules: &'r RuleSet, id: usize) -> Option<&'r Pattern> {
        self.possible(id).then(|| rules.patterns.get(id))
    }

    fn matches(&mut self, rules: &RuleSet, id: SignalId) -> bool {
        if let Some(known) = self.known[id] {
            return known;
        }
        let signal = &rules.signals[id];
        // Cycles are rejected when rules load, so this recursion ends.
        let found = signal.patterns.iter().any(|&p| {
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

/// Run one per-bullet rule over a bullet or role line, unless one of its `unless` signals is
/// there. The signals are searched for only if the rule could report something at all.
fn check_rule(
    rule: &Rule,
    rules: &RuleSet,
    bullet: &Bullet,
    index: Option<usize>,
    matches: &mut TextMatches,
    out: &mut Vec<Diagnostic>,
) {
    let mut check = BulletCheck {
        rule,
        rules,
        bullet,
        index,
        matches,
    };
    if !rule.kind.could_report(&check) || rule.unless.iter().any(|&id| check.has_signal(id)) {
        return;
    }
    rule.kind.check_bullet(&mut check, out);
}

/// A template hole's value, borrowed from the bullet where it can be.
pub type Hole<'a> = Option<Cow<'a, str>>;

/// One rule reading one bullet (or role line): what a kind's `check_bullet` sees.
pub struct BulletCheck<'a, 't> {
    rule: &'a Rule,
    rules: &'a RuleSet,
    bullet: &'a Bullet,
    index: Option<usize>,
    matches: &'a mut TextMatches<'t>,
}

impl<'a, 't> BulletCheck<'a, 't> {
    /// The bullet's plain text.
    pub fn text(&self) -> &'a str {
        &self.bullet.text
    }

    /// The bullet read.
    pub fn bullet(&self) -> &'a Bullet {
        self.bullet
    }

    /// The text as patterns search it.
    pub fn haystack(&self) -> &Haystack<'t> {
        &self.matches.haystack
    }

    /// Pattern `id`, unless the prefilter already ruled it out for this text.
    pub fn pattern(&self, id: usize) -> Option<&'a Pattern> {
        self.matches.pattern(self.rules, id)
    }

    /// Whether the text has signal `id`.
    pub fn has_signal(&mut self, id: SignalId) -> bool {
        self.matches.matches(self.rules, id)
    }

    /// The holes every bullet rule can fill: `{text}`, the bullet without trailing punctuation.
    pub fn hole(&self, name: &str) -> Hole<'a> {
        let text = self.text();
        match name {
            "text" => Some(text.trim_end_matches(['.', ';', ',', ' ']).into()),
            _ => None,
        }
    }

    /// A finding of the rule on bytes `start..end` of the text.
    pub fn report<'h>(
        &self,
        start: usize,
        end: usize,
        lookup: &dyn Fn(&str) -> Hole<'h>,
        edit: Option<Edit>,
    ) -> Diagnostic {
        diagnostic(self.rule, self.bullet, self.index, start, end, lookup, edit)
    }
}

/// One rule reading the bullets of a document together: what a kind's `check_group` sees.
pub struct GroupCheck<'a, 't> {
    rule: &'a Rule,
    rules: &'a RuleSet,
    /// The document.
    pub doc: &'a Document,
    /// The bullets the rule reads (English, in its scope), by index in `doc.bullets`.
    pub members: &'a [usize],
    /// What the prefilter and the signals searched so far found in each bullet.
    matches: &'a RefCell<Vec<TextMatches<'t>>>,
}

impl GroupCheck<'_, '_> {
    /// Whether bullet `index` has one of the signals that silence the rule (`unless`).
    pub fn silenced(&self, index: usize) -> bool {
        let mut all = self.matches.borrow_mut();
        let matches = &mut all[index];
        self.rule
            .unless
            .iter()
            .any(|&id| matches.matches(self.rules, id))
    }

    /// A finding of the rule on bytes `start..end` of bullet `index`'s text.
    pub fn report<'h>(
        &self,
        index: usize,
        start: usize,
        end: usize,
        lookup: &dyn Fn(&str) -> Hole<'h>,
        edit: Option<Edit>,
    ) -> Diagnostic {
        let bullet = &self.doc.bullets[index];
        diagnostic(self.rule, bullet, Some(index), start, end, lookup, edit)
    }
}

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
    use proptest::strategy::Strategy;

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

    /// Texts of function words (English and foreign), other words and separators, `_` among
    /// them, in any case.
    fn mixed_text() -> impl Strategy<Value = String> {
        let word = proptest::sample::select(vec![
            "de",
            "La",
            "DES",
            "und",
            "y",
            "aux",
            "the",
            "and",
            "of",
            "per",
            "für",
            "não",
            "team",
            "Led",
            "dashboards",
            "ventas",
            "2024",
            "x",
        ]);
        let gap = proptest::sample::select(vec![" ", ", ", "_", "-", " – ", "’", "/", "  "]);
        proptest::collection::vec((word, gap), 0..14)
            .prop_map(|parts| parts.iter().map(|(w, g)| format!("{w}{g}")).collect())
    }

    proptest::proptest! {
        /// The prefilter's word check stands in for counting function words only where the
        /// count could not say otherwise.
        #[test]
        fn the_prefilter_tells_english_as_the_word_count_does(text in mixed_text()) {
            let rules = RuleSet::builtin().unwrap();
            let matches = TextMatches::new(&rules, &text);
            let foreign_word = matches.possible(rules.foreign_function_word);
            proptest::prop_assert_eq!(
                crate::language::is_english_given(&text, foreign_word),
                crate::language::is_english(&text),
                "{:?}", text
            );
        }
    }

    #[test]
    fn a_phrase_rule_reports_its_earliest_match_and_the_first_pattern_on_a_tie() {
        let rules = RuleSet::from_files([(
            "test.toml".to_string(),
            r#"
prefix = "TST"
name = "test"
description = "phrase under test"

[[rules]]
code = "TST001"
name = "ceremonies"
severity = "warning"
kind = "phrase"
patterns = ['(?P<flag>ran) stand-ups', '(?P<flag>led) \w+', '(?P<flag>led the) \w+']
message = "`{match}`"
help = "say what changed"
why = "outcomes"
example = { bad = "Ran stand-ups", good = "Cut cycle time" }
flag = ["Ran stand-ups"]
pass = ["Cut cycle time"]
"#
            .to_string(),
        )])
        .unwrap();
        let found = |source: &str| {
            let doc = parse("t.md", source, Format::Markdown).unwrap();
            let (found, _) = check(&doc, &rules);
            found.iter().map(|d| d.message.clone()).collect::<Vec<_>>()
        };
        // The second pattern matches before the first does.
        assert_eq!(found("- Led the team and ran stand-ups\n"), ["`Led`"]);
        // Both of the last two match at the start: the earlier pattern wins.
        assert_eq!(found("- Led the team\n"), ["`Led`"]);
        assert_eq!(found("- Then ran stand-ups, led the team\n"), ["`ran`"]);
    }

    #[test]
    fn unless_signals_are_searched_for_only_when_the_rule_could_report() {
        let rules = RuleSet::builtin().unwrap();
        let rule = rules.rules.iter().find(|r| &*r.code == "PRC001").unwrap();
        let unless = rule.unless[0];
        let doc = parse(
            "t.md",
            "# Experience\n\n- Cut checkout time 40% for 2M users\n- Groomed the product backlog every week\n",
            Format::Markdown,
        )
        .unwrap();
        let searched = |bullet: &Bullet| {
            let mut matches = TextMatches::new(&rules, &bullet.text);
            let could_report = rule.kind.could_report(&BulletCheck {
                rule,
                rules: &rules,
                bullet,
                index: None,
                matches: &mut matches,
            });
            check_rule(rule, &rules, bullet, None, &mut matches, &mut Vec::new());
            (could_report, matches.known[unless].is_some())
        };
        // None of PRC001's patterns can match the first bullet: its `unless` signal is spared.
        assert_eq!(searched(&doc.bullets[0]), (false, false));
        assert_eq!(searched(&doc.bullets[1]), (true, true));
    }

    #[test]
    fn the_prefilter_finds_foreign_function_words_as_whole_words() {
        let rules = RuleSet::builtin().unwrap();
        let found =
            |text: &str| TextMatches::new(&rules, text).possible(rules.foreign_function_word);
        assert!(found("Gestion de projets et suivi des ventes"));
        assert!(found("Leitung DER Abteilung"));
        assert!(!found("Led the design of the payments API"));
        assert!(
            !found("Cut deploy time, delivered dashboards"),
            "inside words"
        );
    }
}
