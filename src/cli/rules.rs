//! Rule subcommands: `rules` (list), `explain CODE`, and `test-rules FILE…`.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use resume_lint::check::check_example;
use resume_lint::config::Settings;
use resume_lint::explain;
use resume_lint::ruleset::{Rule, RuleSet};

use super::{ConfigSource, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, ListFormat};

/// The rules a config loads (built-in and its `rule-files`, with its severities and options),
/// and the codes its selection enables.
struct Loaded {
    rules: RuleSet,
    enabled: HashSet<String>,
}

fn load_rules(source: &ConfigSource) -> Result<Loaded, u8> {
    let config = if source.isolated {
        None
    } else {
        source
            .config
            .clone()
            .or_else(|| Settings::discover(Path::new(".")))
    };
    let loaded = Settings::of(config.as_deref()).and_then(|settings| {
        let (rules, _) = settings.loaded_rules()?;
        let enabled = settings.rule_set()?;
        Ok(Loaded {
            rules,
            enabled: enabled.rules.iter().map(|r| r.code.to_string()).collect(),
        })
    });
    loaded.map_err(|e| {
        eprintln!("error: {e}");
        EXIT_ERROR
    })
}

/// The severity a rule reports at, or `off` when the config does not enable it.
fn severity(rule: &Rule, loaded: &Loaded) -> &'static str {
    if loaded.enabled.contains(&*rule.code) {
        rule.severity.as_str()
    } else {
        "off"
    }
}

fn fix_kind(rule: &Rule) -> &'static str {
    match &rule.suggestion {
        Some(s) => s.applicability.as_str(),
        None => "none",
    }
}

pub(super) fn list_rules(format: ListFormat, source: &ConfigSource) -> io::Result<u8> {
    let loaded = match load_rules(source) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let rules = &loaded.rules;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ListFormat::Table => {
            let width = rules.rules.iter().map(|r| r.name.len()).max().unwrap_or(4);
            writeln!(
                out,
                "{:<7} {:<width$} {:<12} {:<8} {:<19} FIX",
                "CODE", "NAME", "SET", "SEVERITY", "KIND"
            )?;
            for r in &rules.rules {
                writeln!(
                    out,
                    "{:<7} {:<width$} {:<12} {:<8} {:<19} {}",
                    r.code,
                    r.name,
                    r.set_name,
                    severity(r, &loaded),
                    r.kind.name(),
                    fix_kind(r)
                )?;
            }
        }
        ListFormat::Json => {
            let list: Vec<_> = rules.rules.iter().map(|r| rule_json(r, &loaded)).collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

fn rule_json(r: &Rule, loaded: &Loaded) -> serde_json::Value {
    let rules = &loaded.rules;
    serde_json::json!({
        "code": r.code,
        "name": r.name,
        "set": r.set_name,
        "file": explain::set_file(r, rules),
        "severity": r.severity.as_str(),
        "enabled": loaded.enabled.contains(&*r.code),
        "kind": r.kind.name(),
        "scope": r.scope.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "message": r.message,
        "help": r.help,
        "why": r.why.trim(),
        "example": { "bad": r.example_bad, "good": r.example_good },
        "fix": fix_kind(r),
        "unless": r.unless.iter().map(|&i| rules.signals[i].name.as_str()).collect::<Vec<_>>(),
    })
}

pub(super) fn explain(code: &str, source: &ConfigSource) -> io::Result<u8> {
    let loaded = match load_rules(source) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let rules = &loaded.rules;
    let Some(rule) = rules.find(code) else {
        eprintln!("error: no rule `{code}`; `resume-lint rules` lists them");
        return Ok(EXIT_ERROR);
    };
    let text = explain::explain(rule, rules, severity(rule, &loaded));
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(EXIT_CLEAN)
}

/// `test-rules`: load the user files beside the built-in sets (so shared signals resolve) and
/// run each user rule's examples. A file with a built-in set's prefix (an edited copy of
/// `rules/process.toml`, say) takes that set's place.
pub(super) fn test_rules(files: &[PathBuf]) -> io::Result<u8> {
    let mut user = Vec::new();
    for path in files {
        match resume_lint::input::read_settings_file(path) {
            Ok(text) => user.push((path.display().to_string(), text)),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(EXIT_ERROR);
            }
        }
    }
    let user_prefixes: Vec<String> = user.iter().filter_map(|(_, t)| set_prefix(t)).collect();
    let mut sources: Vec<_> = resume_lint::ruleset::builtin_files()
        .into_iter()
        .filter(|(_, text)| set_prefix(text).is_none_or(|p| !user_prefixes.contains(&p)))
        .collect();
    sources.extend(user);
    let rules = match RuleSet::from_files(sources) {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(EXIT_ERROR);
        }
    };
    let user_sets: Vec<&str> = rules
        .sets
        .iter()
        .filter(|s| files.iter().any(|f| f.display().to_string() == s.file))
        .map(|s| s.prefix.as_str())
        .collect();
    let mut out = io::stdout().lock();
    let mut failures = 0;
    let mut tested = 0;
    for rule in rules
        .rules
        .iter()
        .filter(|r| user_sets.contains(&r.set_prefix.as_str()))
    {
        tested += 1;
        let mut problems = Vec::new();
        for text in &rule.flag {
            if check_example(&rules, rule, text).is_empty() {
                problems.push(format!("  should flag: {}", text.trim()));
            }
        }
        for text in &rule.pass {
            if let Some(d) = check_example(&rules, rule, text).first() {
                problems.push(format!("  should pass: {}  ({})", text.trim(), d.message));
            }
        }
        if problems.is_empty() {
            writeln!(
                out,
                "ok    {} {} ({} flag, {} pass)",
                rule.code,
                rule.name,
                rule.flag.len(),
                rule.pass.len()
            )?;
        } else {
            failures += 1;
            writeln!(
                out,
                "FAIL  {} {}\n{}",
                rule.code,
                rule.name,
                problems.join("\n")
            )?;
        }
    }
    writeln!(out, "{} rules ok, {failures} failing", tested - failures)?;
    Ok(if failures > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// The `prefix` a rule file declares, if it parses that far (errors are reported on load).
fn set_prefix(text: &str) -> Option<String> {
    let table: toml::Table = text.parse().ok()?;
    table.get("prefix")?.as_str().map(str::to_string)
}
