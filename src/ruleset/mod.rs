//! Rule sets: loading the built-in and user TOML rule files, compiling them, and selecting rules.

mod file;
pub(crate) use file::toml_problem;
pub(crate) mod template;

use resume_lint_engine::{PatternTable, source};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Applicability, Severity};
use crate::document::SectionKind;
use crate::error::{Error, Result};
use crate::kinds::Kind;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A rule set file's header.
#[derive(Debug, Clone)]
pub struct SetInfo {
    /// Code prefix, e.g. `PRC`.
    pub prefix: String,
    /// Set name, e.g. `process`.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// The file it came from.
    pub file: String,
}

/// A named signal as written: patterns plus other signals it includes.
#[derive(Debug, Clone)]
pub(crate) struct SignalDef {
    pub(crate) description: String,
    pub(crate) patterns: Vec<String>,
    pub(crate) include: Vec<String>,
}

/// Index of a compiled signal in a `RuleSet`.
pub type SignalId = usize;

/// A compiled signal: its own patterns, plus the signals it includes.
///
/// Each pattern is a regex of its own, with its own trigger literals: the prefilter rules most
/// of them out for a given text, one that starts with `^` stops at the first bytes that do not
/// fit, and none multiplies the lazy DFA states of another. Included signals are matched through
/// their own patterns rather than copied in, so a composite like `outcome` costs no extra
/// compilation.
#[derive(Debug, Clone)]
pub struct Signal {
    /// The signal's name.
    pub name: String,
    /// What it detects.
    pub description: String,
    /// Its own patterns (ids in `RuleSet::patterns`).
    pub patterns: Vec<usize>,
    /// Signals whose match counts as a match of this one.
    pub include: Vec<SignalId>,
}

/// What a rule reads: accomplishment bullets, or the role lines above them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Bullets (the default).
    Bullet,
    /// Role lines (job headings); `scope` does not apply.
    Role,
}

/// A suggestion template and how safe its result is.
#[derive(Debug, Clone)]
pub struct SuggestionTemplate {
    /// Text with `{capture}` holes.
    pub template: String,
    /// Applicability of the filled suggestion.
    pub applicability: Applicability,
}

/// One compiled, validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Code, e.g. `PRC001` (shared with its findings, as are `name` and `help`).
    pub code: Arc<str>,
    /// Kebab-case name of the pattern flagged.
    pub name: Arc<str>,
    /// Prefix of the set it belongs to.
    pub set_prefix: String,
    /// Name of the set it belongs to.
    pub set_name: String,
    /// Default severity.
    pub severity: Severity,
    /// Section kinds whose bullets it checks.
    pub scope: Vec<SectionKind>,
    /// Whether it reads bullets or role lines.
    pub target: Target,
    /// Its kind, with the kind's parameters: how it decides what to flag.
    pub kind: Kind,
    /// Signals whose presence in a bullet suppresses the rule.
    pub unless: Vec<SignalId>,
    /// Message template.
    pub message: String,
    /// Help text.
    pub help: Arc<str>,
    /// Suggested rewrite, if any.
    pub suggestion: Option<SuggestionTemplate>,
    /// Why the rule exists (for `explain`).
    pub why: String,
    /// A bullet the rule flags.
    pub example_bad: String,
    /// The same bullet rewritten.
    pub example_good: String,
    /// Bullets that must be flagged.
    pub flag: Vec<String>,
    /// Bullets that must not be flagged.
    pub pass: Vec<String>,
    /// Whether a finding marks its bullet as process-oriented in the summary.
    pub counts_as_process: bool,
    /// Whether the rule stays quiet on a bullet that already has a process finding.
    pub skip_if_process: bool,
}

/// All loaded rules, sorted by code, plus the signals they refer to.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Rules, sorted by code.
    pub rules: Vec<Rule>,
    /// Compiled signals, by `SignalId`.
    pub signals: Vec<Signal>,
    /// The set files loaded.
    pub sets: Vec<SetInfo>,
    /// Every pattern of every rule and signal, compiled on first use behind a prefilter.
    pub patterns: PatternTable,
    /// The id in `patterns` of `regexes::FOREIGN_FUNCTION_WORD`, which only the prefilter
    /// reads (see `language::is_english_given`).
    pub foreign_function_word: usize,
}

impl RuleSet {
    /// The rule sets built into the binary: loaded once per process, and each caller gets a
    /// copy that shares its patterns (and the patterns' engines, built on first use).
    pub fn builtin() -> Result<RuleSet> {
        static BUILTIN: OnceLock<Option<RuleSet>> = OnceLock::new();
        match BUILTIN.get_or_init(|| RuleSet::from_files(builtin_files()).ok()) {
            Some(rules) => Ok(rules.clone()),
            // Loading again gives the error to report (a test makes sure there is none).
            None => RuleSet::from_files(builtin_files()),
        }
    }

    /// Load rule sets from `(file name, TOML text)` pairs; signals are shared across files.
    pub fn from_files(files: impl IntoIterator<Item = (String, String)>) -> Result<RuleSet> {
        let mut patterns = crate::precompiled::table();
        let mut loaded = Vec::new();
        for (name, text) in files {
            loaded.push(file::load(&name, &text, &mut patterns)?);
        }
        let mut defs: Vec<(String, String, SignalDef)> = Vec::new();
        for set in &loaded {
            for (name, def) in &set.signals {
                if let Some((_, other, _)) = defs.iter().find(|(n, _, _)| n == name) {
                    return Err(Error::RuleInvalid {
                        file: set.info.file.clone(),
                        item: format!("signal `{name}`"),
                        problem: format!("already defined in {other}"),
                    });
                }
                defs.push((name.clone(), set.info.file.clone(), def.clone()));
            }
        }
        let signals = compile_signals(&defs, &mut patterns)?;
        let foreign_function_word = patterns
            .add(crate::regexes::FOREIGN_FUNCTION_WORD.to_string())
            .expect("built-in regexes are valid");
        patterns.seal();
        let lookup = |name: &str| -> std::result::Result<SignalId, String> {
            signals
                .iter()
                .position(|s| s.name == name)
                .ok_or_else(|| format!("unknown signal `{name}`"))
        };
        let mut rules: Vec<Rule> = Vec::new();
        let mut sets = Vec::new();
        for set in loaded {
            for (mut rule, unless) in set.rules {
                for other in &rules {
                    let clash = if other.code == rule.code {
                        Some("code")
                    } else if other.name == rule.name {
                        Some("name")
                    } else {
                        None
                    };
                    if let Some(what) = clash {
                        return Err(Error::RuleInvalid {
                            file: set.info.file.clone(),
                            item: format!("rule {}", rule.code),
                            problem: format!(
                                "duplicate {what}: rule {} already uses it",
                                other.code
                            ),
                        });
                    }
                }
                let invalid = |problem| Error::RuleInvalid {
                    file: set.info.file.clone(),
                    item: format!("rule {}", rule.code),
                    problem,
                };
                rule.kind.link(&lookup).map_err(invalid)?;
                for name in &unless {
                    rule.unless.push(lookup(name).map_err(invalid)?);
                }
                rules.push(rule);
            }
            sets.push(set.info);
        }
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(RuleSet {
            rules,
            signals,
            sets,
            patterns,
            foreign_function_word,
        })
    }

    /// The rule with this code or name.
    pub fn find(&self, code_or_name: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || &*r.name == code_or_name)
    }

    /// The signal with this name.
    pub fn signal(&self, name: &str) -> Option<SignalId> {
        self.signals.iter().position(|s| s.name == name)
    }

    /// Keep the rules chosen by `select` (all when empty) minus those chosen by `ignore`.
    ///
    /// A selector is `ALL`, a code, a code prefix, a rule name or a set name; one that matches
    /// nothing is an error, so a typo never silently disables checking.
    pub fn select(mut self, select: &[String], ignore: &[String]) -> Result<RuleSet> {
        for selector in select.iter().chain(ignore) {
            if !self.rules.iter().any(|r| selects(selector, r)) {
                return Err(Error::UnknownSelector(selector.clone()));
            }
        }
        self.rules.retain(|rule| {
            let chosen = select.is_empty() || select.iter().any(|s| selects(s, rule));
            chosen && !ignore.iter().any(|s| selects(s, rule))
        });
        Ok(self)
    }
}

/// Whether `file` names one of the embedded sets, as `builtin_files` names them.
pub fn is_builtin_file(file: &str) -> bool {
    file.strip_prefix("rules/")
        .is_some_and(|name| BUILTIN_RULE_FILES.iter().any(|(n, _)| *n == name))
}

/// The built-in rule files as `(name, TOML text)` pairs.
pub fn builtin_files() -> Vec<(String, String)> {
    BUILTIN_RULE_FILES
        .iter()
        .map(|(name, text)| (format!("rules/{name}"), text.to_string()))
        .collect()
}

/// Whether `selector` (a code, code prefix, rule name, set name or `ALL`) chooses `rule`.
pub fn selects(selector: &str, rule: &Rule) -> bool {
    let upper = selector.to_ascii_uppercase();
    upper == "ALL"
        || rule.code.starts_with(&upper) && !upper.is_empty()
        || &*rule.name == selector
        || rule.set_name == selector
}

/// Compile signals and resolve `include` references to ids (unknown names and cycles are errors).
fn compile_signals(
    defs: &[(String, String, SignalDef)],
    table: &mut PatternTable,
) -> Result<Vec<Signal>> {
    let invalid = |index: usize, problem: String| {
        let (name, file, _) = &defs[index];
        Error::RuleInvalid {
            file: file.clone(),
            item: format!("signal `{name}`"),
            problem,
        }
    };
    let mut signals = Vec::new();
    for (index, (name, _, def)) in defs.iter().enumerate() {
        let mut patterns = Vec::new();
        for p in &def.patterns {
            let expanded = source::expand(p);
            // Built-in patterns were checked when they were precompiled.
            if !crate::precompiled::contains(&expanded) {
                if p.trim().is_empty() {
                    return Err(invalid(
                        index,
                        "an empty pattern would make the signal match every text".into(),
                    ));
                }
                source::check_syntax(p).map_err(|e| {
                    invalid(
                        index,
                        format!("bad pattern `{}`: {e}", crate::input::short_problem(p)),
                    )
                })?;
            }
            patterns.push(table.add(expanded).map_err(|e| invalid(index, e))?);
        }
        let mut include = Vec::new();
        for included in &def.include {
            match defs.iter().position(|(n, _, _)| n == included) {
                Some(id) => include.push(id),
                None => {
                    return Err(invalid(
                        index,
                        format!("includes unknown signal `{included}`"),
                    ));
                }
            }
        }
        signals.push(Signal {
            name: name.clone(),
            description: def.description.clone(),
            patterns,
            include,
        });
    }
    for start in 0..signals.len() {
        let mut stack = vec![start];
        let mut seen = vec![false; signals.len()];
        while let Some(id) = stack.pop() {
            for &next in &signals[id].include {
                if next == start {
                    return Err(invalid(start, "includes itself (through `include`)".into()));
                }
                if !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
    }
    Ok(signals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet> {
        RuleSet::from_files([("test.toml".to_string(), text.to_string())])
    }

    const MINIMAL: &str = r#"
prefix = "TST"
name = "test"
description = "test set"

[signals.metric]
patterns = ['\d+%']

[[rules]]
code = "TST001"
name = "says-foo"
severity = "warning"
kind = "phrase"
patterns = ["foo"]
unless = ["metric"]
message = "foo"
help = "say bar"
why = "because"
example = { bad = "foo", good = "bar" }
flag = ["foo here"]
pass = ["bar here"]
"#;

    #[test]
    fn signal_include_cycles_are_errors() {
        let text = MINIMAL.replace(
            "[signals.metric]",
            "[signals.a]\ninclude = [\"b\"]\n[signals.b]\ninclude = [\"a\"]\n[signals.metric]",
        );
        let err = load(&text).unwrap_err().to_string();
        assert!(err.contains("includes itself"), "{err}");
    }

    #[test]
    fn loads_a_minimal_set() {
        let set = load(MINIMAL).unwrap();
        assert_eq!(set.rules.len(), 1);
        assert_eq!(set.rules[0].unless, vec![0]);
    }

    #[test]
    fn malformed_files_name_file_rule_and_problem() {
        let err = load("prefix = ").unwrap_err().to_string();
        assert!(err.starts_with("test.toml: invalid rule file"), "{err}");
        let err = load(&MINIMAL.replace("TST001", "TST01"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("rule TST01") && err.contains("3 digits"),
            "{err}"
        );
        let err = load(&MINIMAL.replace("unless = [\"metric\"]", "unless = [\"nope\"]"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown signal `nope`"), "{err}");
        let err = load(&MINIMAL.replace("patterns = [\"foo\"]", "patterns = [\"(foo\"]"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("TST001") && err.contains("bad pattern"),
            "{err}"
        );
        let err = load(&MINIMAL.replace("kind = \"phrase\"", "kind = \"magic\""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown kind"), "{err}");
        let err = load(&MINIMAL.replace("why = \"because\"", "why = \"because\"\nbogus = 1"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("bogus"), "{err}");
    }

    #[test]
    fn each_kind_names_what_it_does_not_take() {
        let problem =
            |from: &str, to: &str| load(&MINIMAL.replace(from, to)).unwrap_err().to_string();
        let phrase = "kind = \"phrase\"\npatterns = [\"foo\"]";
        // Another kind's parameter, or a parameter of the wrong type.
        let err = problem("patterns = [\"foo\"]", "swap = [[\"a\", \"b\"]]");
        assert!(
            err.contains("rule TST001: kind \"phrase\": unknown field `swap`, expected `patterns`"),
            "{err}"
        );
        let err = problem("patterns = [\"foo\"]", "patterns = \"foo\"");
        assert!(err.contains("kind \"phrase\": invalid type"), "{err}");
        // A parameter a kind needs, and one whose value it does not know.
        let err = problem(phrase, "kind = \"tense\"");
        assert!(err.contains("missing field `role-state`"), "{err}");
        let err = problem(phrase, "kind = \"length\"");
        assert!(err.contains("needs `min-words` or `max-words`"), "{err}");
        let err = problem(phrase, "kind = \"repeated-opener\"\nmin-count = 1");
        assert!(err.contains("`min-count` must be at least 2"), "{err}");
        // What only some kinds can do.
        let err = problem(
            phrase,
            "kind = \"length\"\nmax-words = 3\ntarget = \"role\"",
        );
        assert!(
            err.contains("kind \"length\": cannot target role lines"),
            "{err}"
        );
        let err = problem(
            "why = \"because\"",
            "why = \"because\"\nsuggestion = { template = \"bar\", applicability = \"safe\" }",
        );
        assert!(err.contains("makes no edits"), "{err}");
        let err = problem(phrase, "");
        assert!(
            err.contains("no `kind`; the kinds are phrase, substitution"),
            "{err}"
        );
    }

    #[test]
    fn every_kind_has_a_built_in_rule() {
        for name in Kind::NAMES {
            assert!(
                builtin_files()
                    .iter()
                    .any(|(_, text)| text.contains(&format!("kind = \"{name}\""))),
                "no built-in rule of kind {name}, so nothing tests it"
            );
        }
    }

    #[test]
    fn selection_by_code_prefix_name_and_set() {
        let set = load(MINIMAL).unwrap();
        for selector in ["TST001", "TST", "tst0", "says-foo", "test", "ALL"] {
            assert_eq!(
                set.clone()
                    .select(&[selector.into()], &[])
                    .unwrap()
                    .rules
                    .len(),
                1,
                "{selector}"
            );
        }
        assert!(
            set.clone()
                .select(&[], &["TST".into()])
                .unwrap()
                .rules
                .is_empty()
        );
        assert!(set.select(&["XYZ".into()], &[]).is_err());
    }
}
