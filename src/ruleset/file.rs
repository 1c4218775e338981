//! The rule-file format (TOML) and its validation into compiled rules.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Matcher, Rule, SetInfo, SignalDef, SuggestionTemplate, Target};
use crate::diagnostic::{Applicability, Severity};
use crate::document::SectionKind;
use crate::error::{Error, Result};
use resume_lint_engine::PatternTable;
use resume_lint_engine::source;

/// One rule set file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct SetFile {
    prefix: String,
    name: String,
    description: String,
    /// `"process"` when a finding of this set marks a bullet as process-oriented in the summary.
    #[serde(default)]
    counts_as: Option<String>,
    /// The sections the set's rules check unless a rule names its own `scope`.
    #[serde(default)]
    scope: Option<Vec<SectionKind>>,
    /// Named regex fragments that patterns in this file use as `{name}`.
    #[serde(default)]
    macros: BTreeMap<String, String>,
    /// Named word lists (plain words and phrases, `*` for any ending) used as `{name}`, so a
    /// user extends a class of verbs or objects without writing a regex.
    #[serde(default)]
    classes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    signals: BTreeMap<String, SignalFile>,
    #[serde(default)]
    rules: Vec<RuleFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SignalFile {
    #[serde(default)]
    description: String,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    include: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleFile {
    code: String,
    name: String,
    severity: Severity,
    kind: String,
    #[serde(default)]
    scope: Option<Vec<SectionKind>>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    swap: Vec<[String; 2]>,
    #[serde(default)]
    signals: Vec<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    min_count: Option<usize>,
    #[serde(default)]
    role_state: Option<String>,
    #[serde(default)]
    min_words: Option<usize>,
    #[serde(default)]
    max_words: Option<usize>,
    #[serde(default)]
    unless: Vec<String>,
    /// Stay quiet on bullets that a process rule already flagged (its help covers the same ground).
    #[serde(default)]
    skip_if_process: bool,
    message: String,
    help: String,
    #[serde(default)]
    suggestion: Option<SuggestionFile>,
    why: String,
    example: ExampleFile,
    flag: Vec<String>,
    pass: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestionFile {
    template: String,
    applicability: Applicability,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleFile {
    bad: String,
    good: String,
}

/// Rules of a set, before signal references are resolved.
pub(super) struct LoadedSet {
    pub(super) info: SetInfo,
    pub(super) signals: Vec<(String, SignalDef)>,
    pub(super) rules: Vec<(Rule, Vec<String>, Vec<String>)>,
}

/// What is wrong with a settings file `text` that `e` rejected: its line and a short message
/// if it is TOML at all; else only that it is not TOML (the file may be anything, and its
/// contents are not echoed).
pub(crate) fn toml_problem(text: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    if text.parse::<toml::Table>().is_err() {
        return match line {
            Some(line) => format!("not TOML (line {line})"),
            None => "not TOML".to_string(),
        };
    }
    let message = crate::input::short_problem(e.message());
    match line {
        Some(line) => format!("line {line}: {message}"),
        None => message,
    }
}

/// Parse and validate one rule file. Signal names are checked later, across all files.
pub(super) fn load(file: &str, text: &str, table: &mut PatternTable) -> Result<LoadedSet> {
    let set: SetFile = toml::from_str(text).map_err(|e| Error::RuleFileSyntax {
        file: file.to_string(),
        message: toml_problem(text, &e),
    })?;
    let invalid = |item: &str, problem: String| Error::RuleInvalid {
        file: file.to_string(),
        item: item.to_string(),
        problem,
    };
    let valid_prefix =
        (2..=4).contains(&set.prefix.len()) && set.prefix.bytes().all(|b| b.is_ascii_uppercase());
    if !valid_prefix {
        return Err(invalid(
            "prefix",
            format!("`{}` must be 2 to 4 upper-case ASCII letters", set.prefix),
        ));
    }
    if !is_kebab(&set.name) {
        return Err(invalid(
            "name",
            format!("set name `{}` must be kebab-case", set.name),
        ));
    }
    let counts_as_process = match set.counts_as.as_deref() {
        None => false,
        Some("process") => true,
        Some(other) => {
            return Err(invalid(
                "counts-as",
                format!("unknown value `{other}`; the only one is \"process\""),
            ));
        }
    };
    let macros = source::fragments(&set.macros, &set.classes)
        .map_err(|problem| invalid("classes", problem))?;
    let expand = |p: &String| source::expand_macros(p, &macros);
    let info = SetInfo {
        prefix: set.prefix.clone(),
        name: set.name.clone(),
        description: set.description,
        file: file.to_string(),
    };

    let mut signals = Vec::new();
    for (name, def) in set.signals {
        if !is_kebab(&name) {
            return Err(invalid(
                &format!("signal `{name}`"),
                "signal names must be kebab-case".into(),
            ));
        }
        if def.patterns.is_empty() && def.include.is_empty() {
            return Err(invalid(
                &format!("signal `{name}`"),
                "needs `patterns` or `include`".into(),
            ));
        }
        // Syntax is checked when the signal's patterns are compiled together.
        let patterns: Vec<String> = def.patterns.iter().map(expand).collect();
        signals.push((
            name,
            SignalDef {
                description: def.description,
                patterns,
                include: def.include,
            },
        ));
    }

    let mut rules = Vec::new();
    for rule in set.rules {
        let item = if rule.code.is_empty() {
            "rule without a code".to_string()
        } else {
            format!("rule {}", rule.code)
        };
        let fail = |problem: String| invalid(&item, problem);
        let digits = rule.code.strip_prefix(set.prefix.as_str()).unwrap_or("");
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail(format!(
                "code must be the set prefix `{}` and 3 digits",
                set.prefix
            )));
        }
        if !is_kebab(&rule.name) {
            return Err(fail(format!("name `{}` must be kebab-case", rule.name)));
        }
        for (field, value) in [
            ("message", &rule.message),
            ("help", &rule.help),
            ("why", &rule.why),
        ] {
            if value.trim().is_empty() {
                return Err(fail(format!("`{field}` must not be empty")));
            }
        }
        if rule.flag.is_empty() || rule.pass.is_empty() {
            return Err(fail(
                "needs at least one `flag` and one `pass` example".into(),
            ));
        }
        const KINDS: [&str; 8] = [
            "phrase",
            "substitution",
            "requires",
            "length",
            "repeated-opener",
            "period-consistency",
            "tense",
            "unused-suppression",
        ];
        if !KINDS.contains(&rule.kind.as_str()) {
            return Err(fail(format!(
                "unknown kind \"{}\"; the kinds are {}",
                rule.kind,
                KINDS.join(", ")
            )));
        }
        // Each kind takes its own parameters; any other is a mistake worth naming.
        let parameters = [
            ("patterns", !rule.patterns.is_empty()),
            ("swap", !rule.swap.is_empty()),
            ("signals", !rule.signals.is_empty()),
            (
                "min-words/max-words",
                rule.min_words.is_some() || rule.max_words.is_some(),
            ),
            ("min-count", rule.min_count.is_some()),
            ("role-state", rule.role_state.is_some()),
        ];
        let allowed: &[&str] = match rule.kind.as_str() {
            "phrase" => &["patterns"],
            "substitution" => &["swap"],
            "requires" => &["signals"],
            "length" => &["min-words/max-words"],
            "repeated-opener" => &["min-count"],
            "tense" => &["role-state"],
            _ => &[],
        };
        if let Some((field, _)) = parameters
            .iter()
            .find(|(f, present)| *present && !allowed.contains(f))
        {
            return Err(fail(format!(
                "`{field}` does not apply to kind \"{}\"",
                rule.kind
            )));
        }
        let mut compile_all = |patterns: &[String]| -> Result<Vec<usize>> {
            let mut ids = Vec::with_capacity(patterns.len());
            for p in patterns {
                if p.trim().is_empty() {
                    return Err(fail("an empty pattern flags nothing: remove it".into()));
                }
                let id = table.add(source::expand(p)).map_err(|e| {
                    fail(format!(
                        "bad pattern `{}`: {e}",
                        crate::input::short_problem(p)
                    ))
                })?;
                ids.push(id);
            }
            Ok(ids)
        };
        let mut required_signals = Vec::new();
        let target = match rule.target.as_deref() {
            None | Some("bullet") => Target::Bullet,
            Some("role") if matches!(rule.kind.as_str(), "phrase" | "substitution") => Target::Role,
            Some("role") => {
                return Err(fail(
                    "only phrase and substitution rules can target role lines".into(),
                ));
            }
            Some(other) => {
                return Err(fail(format!(
                    "unknown target \"{other}\"; use \"bullet\" or \"role\""
                )));
            }
        };
        let matcher = match rule.kind.as_str() {
            "phrase" => {
                if rule.patterns.is_empty() {
                    return Err(fail("kind \"phrase\" needs `patterns`".into()));
                }
                let patterns: Vec<String> = rule.patterns.iter().map(expand).collect();
                Matcher::Phrase(compile_all(&patterns)?)
            }
            "substitution" => {
                if rule.swap.is_empty() {
                    return Err(fail(
                        "kind \"substitution\" needs `swap = [[pattern, replacement], …]`".into(),
                    ));
                }
                let patterns: Vec<String> = rule.swap.iter().map(|[p, _]| expand(p)).collect();
                let compiled = compile_all(&patterns)?;
                Matcher::Substitution(
                    compiled
                        .into_iter()
                        .zip(rule.swap.iter().map(|[_, r]| r.clone()))
                        .collect(),
                )
            }
            "requires" => {
                if rule.signals.is_empty() {
                    return Err(fail("kind \"requires\" needs `signals`".into()));
                }
                required_signals = rule.signals.clone();
                Matcher::Requires(Vec::new())
            }
            "length" => {
                if rule.min_words.is_none() && rule.max_words.is_none() {
                    return Err(fail(
                        "kind \"length\" needs `min-words` or `max-words`".into(),
                    ));
                }
                Matcher::Length {
                    min: rule.min_words,
                    max: rule.max_words,
                }
            }
            "repeated-opener" => Matcher::RepeatedOpener {
                min: match rule.min_count {
                    Some(n) if n >= 2 => n,
                    Some(_) => return Err(fail("`min-count` must be at least 2".into())),
                    None => 3,
                },
            },
            "period-consistency" => Matcher::PeriodConsistency,
            "unused-suppression" => Matcher::UnusedSuppression,
            "tense" => Matcher::Tense {
                current: match rule.role_state.as_deref() {
                    Some("current") => true,
                    Some("ended") => false,
                    _ => {
                        return Err(fail(
                            "kind \"tense\" needs `role-state = \"current\"` or `\"ended\"`".into(),
                        ));
                    }
                },
            },
            other => {
                return Err(fail(format!(
                    "unknown kind \"{other}\"; the kinds are phrase, substitution, requires, length, repeated-opener, period-consistency, tense, unused-suppression"
                )));
            }
        };
        let suggestion = match rule.suggestion {
            Some(s) => {
                if s.template.trim().is_empty() {
                    return Err(fail("suggestion `template` must not be empty".into()));
                }
                let fixable = matches!(
                    matcher,
                    Matcher::Substitution(_) | Matcher::PeriodConsistency
                );
                if s.applicability != Applicability::DisplayOnly && !fixable {
                    return Err(fail(
                        "only substitution and period-consistency rules have safe or unsafe fixes; use \"display-only\"".into(),
                    ));
                }
                Some(SuggestionTemplate {
                    template: s.template,
                    applicability: s.applicability,
                })
            }
            None if matches!(matcher, Matcher::Substitution(_)) => Some(SuggestionTemplate {
                template: "{replacement}".into(),
                applicability: Applicability::Safe,
            }),
            None => None,
        };
        let compiled = Rule {
            code: rule.code.as_str().into(),
            name: rule.name.into(),
            set_prefix: set.prefix.clone(),
            set_name: set.name.clone(),
            severity: rule.severity,
            scope: rule.scope.or_else(|| set.scope.clone()).unwrap_or_else(|| {
                vec![
                    SectionKind::Experience,
                    SectionKind::Projects,
                    SectionKind::Summary,
                ]
            }),
            target,
            matcher,
            unless: Vec::new(),
            message: rule.message,
            help: rule.help.into(),
            suggestion,
            why: rule.why,
            example_bad: rule.example.bad,
            example_good: rule.example.good,
            flag: rule.flag,
            pass: rule.pass,
            counts_as_process,
            skip_if_process: rule.skip_if_process,
        };
        rules.push((compiled, required_signals, rule.unless));
    }
    Ok(LoadedSet {
        info,
        signals,
        rules,
    })
}

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
