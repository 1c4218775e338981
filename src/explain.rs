//! The long description of one rule, as `resume-lint explain` prints it and the language
//! server's hover shows it.

use std::fmt::Write;

use crate::diagnostic::Applicability;
use crate::ruleset::{Rule, RuleSet, SignalId};

/// Why `rule` exists, a bad → good example, what its fix does and what silences it;
/// `severity` is the level it reports at under the caller's config (or `off`).
pub fn explain(rule: &Rule, rules: &RuleSet, severity: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_explanation(&mut out, rule, rules, severity);
    out
}

fn write_explanation(
    out: &mut String,
    rule: &Rule,
    rules: &RuleSet,
    severity: &str,
) -> std::fmt::Result {
    writeln!(out, "{} ({})", rule.code, rule.name)?;
    writeln!(
        out,
        "set: {} ({})   severity: {severity}   kind: {}",
        rule.set_name,
        set_file(rule, rules),
        rule.kind.name()
    )?;
    let scope: Vec<_> = rule.scope.iter().map(|k| k.as_str()).collect();
    writeln!(out, "checks bullets in: {}", scope.join(", "))?;
    writeln!(out, "\nWhy\n{}", indent(rule.why.trim()))?;
    // Group and role rules have multi-line Markdown examples; indent their lines.
    let example = |text: &str| text.replace('\n', "\n        ");
    writeln!(
        out,
        "\nExample\n  bad:  {}\n  good: {}",
        example(&rule.example_bad),
        example(&rule.example_good)
    )?;
    let fix = match &rule.suggestion {
        Some(s) => match s.applicability {
            Applicability::Safe => format!("safe fix, applied by --fix: {}", s.template),
            Applicability::Unsafe => {
                format!(
                    "unsafe fix, applied only with --fix --unsafe-fixes: {}",
                    s.template
                )
            }
            Applicability::DisplayOnly => format!(
                "display-only rewrite (shown, never applied; fill the <placeholders>):\n  {}",
                s.template
            ),
        },
        None => "none".to_string(),
    };
    writeln!(out, "\nFix\n  {fix}")?;
    if !rule.unless.is_empty() {
        writeln!(
            out,
            "\nNot reported when the bullet has\n{}",
            signal_list(rules, &rule.unless)
        )?;
    }
    if let Some(more) = rule.kind.explain(rules) {
        writeln!(out, "\n{more}")?;
    }
    Ok(())
}

/// What each of the signals `ids` detects, one indented line each.
pub(crate) fn signal_list(rules: &RuleSet, ids: &[SignalId]) -> String {
    let descriptions: Vec<_> = ids
        .iter()
        .map(|&i| rules.signals[i].description.as_str())
        .collect();
    indent(&descriptions.join("\n"))
}

/// The file a rule's set came from: `built-in` for the embedded sets, else the path of the
/// rule file the config loads.
pub fn set_file<'a>(rule: &Rule, rules: &'a RuleSet) -> &'a str {
    let set = rules.sets.iter().find(|s| s.prefix == rule.set_prefix);
    match set {
        Some(set) if !crate::ruleset::is_builtin_file(&set.file) => &set.file,
        _ => "built-in",
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
