//! Meta-tests over the built-in rule sets: every rule's inline examples hold, codes are well formed.

use std::collections::HashSet;

use resume_lint::check::check_example;
use resume_lint::ruleset::RuleSet;

#[test]
fn every_rule_flags_its_flag_examples_and_passes_its_pass_examples() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut failures = Vec::new();
    for rule in &rules.rules {
        for text in &rule.flag {
            let found = check_example(&rules, rule, text);
            if found.is_empty() {
                failures.push(format!("{} should flag: {text}", rule.code));
            }
        }
        for text in &rule.pass {
            let found = check_example(&rules, rule, text);
            if let Some(d) = found.first() {
                failures.push(format!(
                    "{} should pass: {text}  (flagged: {})",
                    rule.code, d.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "rule examples failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn codes_are_unique_match_their_set_prefix_and_every_rule_has_both_example_kinds() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    assert!(
        rules.rules.len() >= 7,
        "expected the built-in sets to be loaded"
    );
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for rule in &rules.rules {
        assert!(
            codes.insert(rule.code.clone()),
            "duplicate code {}",
            rule.code
        );
        assert!(
            names.insert(rule.name.clone()),
            "duplicate name {}",
            rule.name
        );
        assert!(
            rule.code.starts_with(&rule.set_prefix),
            "{} outside its set {}",
            rule.code,
            rule.set_prefix
        );
        assert_eq!(rule.code.len(), rule.set_prefix.len() + 3, "{}", rule.code);
        assert!(
            !rule.flag.is_empty() && !rule.pass.is_empty(),
            "{} lacks examples",
            rule.code
        );
        let first = rule.message.chars().next().unwrap_or('A');
        assert!(
            !first.is_uppercase() || rule.message.starts_with('`'),
            "{}: message starts lowercase",
            rule.code
        );
        assert!(
            !rule.message.ends_with('.'),
            "{}: message has no trailing period",
            rule.code
        );
    }
}

#[test]
fn the_bad_example_of_every_rule_is_flagged_and_the_good_one_is_not() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    for rule in &rules.rules {
        assert!(
            !check_example(&rules, rule, &rule.example_bad).is_empty(),
            "{}: bad example not flagged",
            rule.code
        );
        assert!(
            check_example(&rules, rule, &rule.example_good).is_empty(),
            "{}: good example flagged",
            rule.code
        );
    }
}
