//! The rule-file format (TOML) and its validation into compiled rules.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Rule, SetInfo, SignalDef, SuggestionTemplate, Target};
use crate::diagnostic::{Applicability, Severity};
use crate::document::SectionKind;
use crate::error::{Error, Result};
use crate::kinds::{Kind, Patterns};
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

/// A rule as written. The keys every kind shares are fields; `kind` and the keys that kind
/// takes are left in `parameters` for the kind to read (serde cannot both collect the rest and
/// refuse unknown keys, so the kind's own type refuses them).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RuleFile {
    code: String,
    name: String,
    severity: Severity,
    #[serde(default)]
    scope: Option<Vec<SectionKind>>,
    #[serde(default)]
    target: Option<String>,
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
    #[serde(flatten)]
    parameters: toml::Table,
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
    pub(super) rules: Vec<(Rule, Vec<String>)>,
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
        let written = rule.parameters.get("kind").and_then(toml::Value::as_str);
        let Some(&kind_name) = Kind::NAMES.iter().find(|name| Some(**name) == written) else {
            let problem = match rule.parameters.get("kind") {
                Some(value) => format!("unknown kind {value}"),
                None => "no `kind`".to_string(),
            };
            return Err(fail(format!(
                "{problem}; the kinds are {}",
                Kind::NAMES.join(", ")
            )));
        };
        let kind_problem = |problem: String| fail(format!("kind \"{kind_name}\": {problem}"));
        let mut kind: Kind = toml::Value::Table(rule.parameters)
            .try_into()
            .map_err(|e: toml::de::Error| kind_problem(e.message().to_string()))?;
        let mut patterns = Patterns {
            table,
            macros: &macros,
        };
        kind.compile(&mut patterns).map_err(&fail)?;
        let target = match rule.target.as_deref() {
            None | Some("bullet") => Target::Bullet,
            Some("role") if kind.can_target_roles() => Target::Role,
            Some("role") => {
                return Err(kind_problem("cannot target role lines".into()));
            }
            Some(other) => {
                return Err(fail(format!(
                    "unknown target \"{other}\"; use \"bullet\" or \"role\""
                )));
            }
        };
        let suggestion = match rule.suggestion {
            Some(s) => {
                if s.template.trim().is_empty() {
                    return Err(fail("suggestion `template` must not be empty".into()));
                }
                if s.applicability != Applicability::DisplayOnly && !kind.makes_edits() {
                    return Err(kind_problem(
                        "makes no edits, so its suggestion must be \"display-only\"".into(),
                    ));
                }
                Some(SuggestionTemplate {
                    template: s.template,
                    applicability: s.applicability,
                })
            }
            None => kind.default_suggestion(),
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
            kind,
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
        rules.push((compiled, rule.unless));
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
