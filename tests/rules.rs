//! Tests over the built-in rule sets, one per rule (`PRC001 examples`: its inline flag/pass
//! examples and its bad/good example hold), plus the checks that codes are well formed and that
//! the README's rule table lists every rule as it is.

use std::collections::HashSet;
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use resume_lint::check::check_example;
use resume_lint::ruleset::RuleSet;

fn main() {
    let args = Arguments::from_args();
    let rules = Arc::new(RuleSet::builtin().expect("built-in rules load"));
    let mut trials = Vec::new();
    for rule in &rules.rules {
        let (rules, code) = (rules.clone(), rule.code.to_string());
        trials.push(Trial::test(format!("{} examples", rule.code), move || {
            examples(&rules, &code)
        }));
    }
    let all = rules.clone();
    trials.push(Trial::test(
        "codes are unique and match their set, messages are styled",
        move || well_formed(&all),
    ));
    let all = rules.clone();
    trials.push(Trial::test(
        "README rule table lists every rule",
        move || readme_table(&all),
    ));
    libtest_mimic::run(&args, trials).exit();
}

/// Every `flag` example is flagged, every `pass` example is not, and so for `example_bad` and
/// `example_good`.
fn examples(rules: &RuleSet, code: &str) -> Result<(), Failed> {
    let rule = rules.find(code).unwrap();
    let mut failures = Vec::new();
    for text in rule.flag.iter().chain([&rule.example_bad]) {
        if check_example(rules, rule, text).is_empty() {
            failures.push(format!("should flag: {text}"));
        }
    }
    for text in rule.pass.iter().chain([&rule.example_good]) {
        if let Some(d) = check_example(rules, rule, text).first() {
            failures.push(format!("should pass: {text}  (flagged: {})", d.message));
        }
    }
    if rule.flag.is_empty() || rule.pass.is_empty() {
        failures.push("needs both flag and pass examples".into());
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(failures.join("\n").into()),
    }
}

fn well_formed(rules: &RuleSet) -> Result<(), Failed> {
    if rules.rules.len() < 7 {
        return Err("expected the built-in sets to be loaded".into());
    }
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for rule in &rules.rules {
        let problem = if !codes.insert(rule.code.clone()) {
            Some("duplicate code")
        } else if !names.insert(rule.name.clone()) {
            Some("duplicate name")
        } else if !rule.code.starts_with(&rule.set_prefix)
            || rule.code.len() != rule.set_prefix.len() + 3
        {
            Some("code outside its set, or not PREFIX + three digits")
        } else if rule.message.starts_with(char::is_uppercase) {
            Some("message starts with a capital")
        } else if rule.message.ends_with('.') {
            Some("message ends with a period")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(format!("{} ({}): {problem}", rule.code, rule.name).into());
        }
    }
    Ok(())
}

/// The README's `| code | name | severity | flags |` table has one row per rule, with the rule's
/// name and default severity (the `flags` column is prose).
fn readme_table(rules: &RuleSet) -> Result<(), Failed> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme
        .split("| code | name | severity | flags |")
        .nth(1)
        .ok_or("no rule table in the README")?;
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('|').map(str::trim).skip(1).take(3).collect())
        .collect();
    let mut failures = Vec::new();
    for rule in &rules.rules {
        let row = rows.iter().find(|r| r[0] == &*rule.code);
        let want = [&*rule.code, &*rule.name, rule.severity.as_str()];
        match row {
            None => failures.push(format!("{} is missing", rule.code)),
            Some(row) if row[..] != want => {
                failures.push(format!("{} reads {row:?}, the rule is {want:?}", rule.code));
            }
            Some(_) => {}
        }
    }
    for row in &rows {
        if rules.find(row[0]).is_none() {
            failures.push(format!("{} is not a rule", row[0]));
        }
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(format!("README rule table:\n{}", failures.join("\n")).into()),
    }
}
