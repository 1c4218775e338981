//! Configuration files (`resume-lint.toml`, `.resume-lint.toml`): discovery, `extend`, validation,
//! and turning settings into the rule set that lints one file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::error::{Error, Result};
use crate::ruleset::{RuleSet, selects};
use crate::span::LineIndex;
use crate::walk::{FilePattern, FileSelection, PatternList};

/// File names searched for, in order, in each directory.
pub const CONFIG_NAMES: [&str; 2] = ["resume-lint.toml", ".resume-lint.toml"];

/// How deep `extend` chains may go before we call it a cycle.
const MAX_EXTEND_DEPTH: usize = 16;

/// A config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    extend: Option<Spanned<String>>,
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    fail_on: Option<Severity>,
    #[serde(default)]
    min_severity: Option<Severity>,
    #[serde(default)]
    unsafe_fixes: Option<bool>,
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<RuleOptions>>,
    #[serde(default)]
    rule_files: Vec<Spanned<String>>,
    #[serde(default)]
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_exclude: Vec<Spanned<String>>,
    #[serde(default)]
    force_exclude: Option<bool>,
}

/// Per-rule settings under `[rules.CODE]`.
#[derive(Debug, Default, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub struct RuleOptions {
    /// `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub severity: Option<String>,
    /// The options of the rule's kind (`min-words` for a length rule…), which the kind reads.
    #[serde(flatten)]
    pub options: toml::Table,
}

/// A selector as written, with where it was written (for error messages).
#[derive(Debug, Clone)]
pub struct Located {
    /// The value.
    pub value: String,
    /// `file:line` where it came from, or `command line`.
    pub origin: String,
}

/// Effective settings: a chain of config files merged, then command-line options on top.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The config files that contributed, closest last.
    pub files: Vec<PathBuf>,
    /// Directory that `per-file-ignores` globs are relative to.
    pub root: Option<PathBuf>,
    /// `select`, when narrowed (all rules otherwise).
    pub select: Option<Vec<Located>>,
    /// Added to `select`.
    pub extend_select: Vec<Located>,
    /// Rules turned off.
    pub ignore: Vec<Located>,
    /// Lowest severity that fails the run.
    pub fail_on: Option<Severity>,
    /// Lowest severity shown; findings below it are hidden (they still count for `fail_on`).
    pub min_severity: Option<Severity>,
    /// Whether `--fix` (and the language server's code actions) also apply unsafe fixes.
    pub unsafe_fixes: Option<bool>,
    /// Per-file ignores, each glob relative to the directory of the config that wrote it.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// `[rules.CODE]` options, keyed by code or name as written.
    pub rules: Vec<(Located, RuleOptions)>,
    /// Extra rule files (absolute paths).
    pub rule_files: Vec<PathBuf>,
    /// Which files a directory walk lints (`include`, `exclude`, `force-exclude`).
    pub selection: FileSelection,
}

/// Settings and the rule set they select, built once per config file and shared by the files
/// it governs (in a run, or in an editor).
#[derive(Debug)]
pub struct Resolved {
    pub settings: Settings,
    pub rules: RuleSet,
}

impl Resolved {
    /// Compile the rule set `settings` select.
    pub fn new(settings: Settings) -> Result<Resolved> {
        let rules = settings.rule_set()?;
        Ok(Resolved { settings, rules })
    }
}

/// One `per-file-ignores` entry.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    /// The directory the glob is relative to (canonical when it could be resolved).
    pub dir: PathBuf,
    /// The glob as written.
    pub glob: String,
    matcher: GlobMatcher,
    /// Selectors turned off for matching files.
    pub codes: Vec<Located>,
}

/// Where a config file says something.
fn origin(file: &Path, index: &LineIndex, text: &str, offset: usize) -> String {
    format!("{}:{}", file.display(), index.position(text, offset).line)
}

fn invalid(file: &Path, problem: String) -> Error {
    Error::Config {
        file: file.display().to_string(),
        problem,
    }
}

impl Settings {
    /// The settings of config file `config` (with what it `extend`s), or the defaults for none.
    pub fn of(config: Option<&Path>) -> Result<Settings> {
        config.map_or_else(|| Ok(Settings::default()), Settings::load)
    }

    /// Load `path` and everything it `extend`s, merged with the closest file winning.
    pub fn load(path: &Path) -> Result<Settings> {
        let mut settings = Settings::default();
        settings.merge_file(path, 0)?;
        settings.root = path.parent().map(Path::to_path_buf);
        Ok(settings)
    }

    fn merge_file(&mut self, path: &Path, depth: usize) -> Result<()> {
        if depth > MAX_EXTEND_DEPTH {
            return Err(invalid(
                path,
                "`extend` chain is too deep (is there a cycle?)".into(),
            ));
        }
        let text = crate::input::read_settings_file(path)?;
        let file: ConfigFile = toml::from_str(&text)
            .map_err(|e| invalid(path, crate::ruleset::toml_problem(&text, &e)))?;
        let index = LineIndex::new(&text);
        let dir = path.parent().unwrap_or(Path::new("."));
        let at = |offset: usize| origin(path, &index, &text, offset);
        let located = |v: &Spanned<String>| Located {
            value: v.get_ref().clone(),
            origin: at(v.span().start),
        };
        if let Some(base) = &file.extend {
            let base_path = dir.join(base.get_ref());
            if !base_path.is_file() {
                return Err(invalid(
                    path,
                    format!(
                        "line {}: `extend`: no such file {}",
                        index.position(&text, base.span().start).line,
                        base_path.display()
                    ),
                ));
            }
            self.merge_file(&base_path, depth + 1)?;
        }
        self.files.push(path.to_path_buf());
        if let Some(select) = &file.select {
            self.select = Some(select.iter().map(located).collect());
        }
        self.extend_select
            .extend(file.extend_select.iter().map(located));
        self.ignore.extend(file.ignore.iter().map(located));
        if file.fail_on.is_some() {
            self.fail_on = file.fail_on;
        }
        if file.min_severity.is_some() {
            self.min_severity = file.min_severity;
        }
        if file.unsafe_fixes.is_some() {
            self.unsafe_fixes = file.unsafe_fixes;
        }
        for (glob, codes) in &file.per_file_ignores {
            let matcher = Glob::new(glob)
                .map_err(|e| invalid(path, format!("`per-file-ignores`: bad glob `{glob}`: {e}")))?
                .compile_matcher();
            self.per_file_ignores.push(PerFileIgnore {
                dir: fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
                glob: glob.clone(),
                matcher,
                codes: codes.iter().map(located).collect(),
            });
        }
        for (code, options) in &file.rules {
            if let Some(severity) = &options.get_ref().severity
                && !matches!(severity.as_str(), "error" | "warning" | "info" | "off")
            {
                return Err(invalid(
                    path,
                    format!(
                        "line {}: `rules.{code}.severity` must be \"error\", \"warning\", \"info\" or \"off\", not \"{severity}\"",
                        index.position(&text, options.span().start).line
                    ),
                ));
            }
            let key = Located {
                value: code.clone(),
                origin: at(options.span().start),
            };
            self.rules.push((key, options.get_ref().clone()));
        }
        for file_name in &file.rule_files {
            self.rule_files.push(dir.join(file_name.get_ref()));
        }
        let patterns = |key: &str, globs: &[Spanned<String>]| {
            globs
                .iter()
                .map(|g| {
                    FilePattern::new(g.get_ref(), at(g.span().start), dir).map_err(|problem| {
                        let line = index.position(&text, g.span().start).line;
                        invalid(path, format!("line {line}: `{key}`: {problem}"))
                    })
                })
                .collect::<Result<Vec<_>>>()
        };
        for (key, list, replace, globs) in [
            (
                "include",
                PatternList::Include,
                true,
                file.include.as_deref(),
            ),
            (
                "extend-include",
                PatternList::Include,
                false,
                Some(&file.extend_include[..]),
            ),
            (
                "exclude",
                PatternList::Exclude,
                true,
                file.exclude.as_deref(),
            ),
            (
                "extend-exclude",
                PatternList::Exclude,
                false,
                Some(&file.extend_exclude[..]),
            ),
        ] {
            if let Some(globs) = globs {
                self.selection.set(list, patterns(key, globs)?, replace);
            }
        }
        if let Some(force) = file.force_exclude {
            self.selection.force_exclude = force;
        }
        Ok(())
    }

    /// The nearest config file for a file in `dir`: the closest directory upward that has one.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let start = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        start
            .ancestors()
            .flat_map(|d| CONFIG_NAMES.iter().map(move |name| d.join(name)))
            .find(|candidate| candidate.is_file())
    }

    /// Every rule these settings load (built-in plus `rule-files`) with `[rules.CODE]` options
    /// and severities applied, before selection; also the codes `severity = "off"` turns off.
    pub fn loaded_rules(&self) -> Result<(RuleSet, Vec<String>)> {
        let mut rules = if self.rule_files.is_empty() {
            RuleSet::builtin()?
        } else {
            let mut files: Vec<(String, String)> = crate::ruleset::builtin_files();
            for path in &self.rule_files {
                let text = crate::input::read_settings_file(path)?;
                files.push((path.display().to_string(), text));
            }
            RuleSet::from_files(files)?
        };
        let mut off = Vec::new();
        for (key, options) in &self.rules {
            let Some(rule) = rules
                .rules
                .iter_mut()
                .find(|r| r.code.eq_ignore_ascii_case(&key.value) || *r.name == *key.value)
            else {
                return Err(Error::UnknownSelectorAt {
                    selector: key.value.clone(),
                    origin: key.origin.clone(),
                });
            };
            let (code, kind) = (rule.code.clone(), rule.kind.name());
            rule.kind
                .configure(options.options.clone())
                .map_err(|problem| Error::Config {
                    file: key.origin.clone(),
                    problem: format!("`rules.{}`: {problem} ({code} is a {kind} rule)", key.value),
                })?;
            match options.severity.as_deref() {
                Some("off") => off.push(rule.code.to_string()),
                Some("error") => rule.severity = Severity::Error,
                Some("warning") => rule.severity = Severity::Warning,
                Some("info") => rule.severity = Severity::Info,
                _ => {}
            }
        }
        Ok((rules, off))
    }

    /// Build the rule set these settings ask for: built-in plus `rule-files`, options and
    /// severities applied, then selection. Unknown codes anywhere are errors naming where.
    pub fn rule_set(&self) -> Result<RuleSet> {
        let (mut rules, off) = self.loaded_rules()?;
        let check_known = |s: &Located| -> Result<()> {
            if rules.rules.iter().any(|r| selects(&s.value, r)) {
                Ok(())
            } else {
                Err(Error::UnknownSelectorAt {
                    selector: s.value.clone(),
                    origin: s.origin.clone(),
                })
            }
        };
        for s in self
            .select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
        {
            check_known(s)?;
        }
        for entry in &self.per_file_ignores {
            entry.codes.iter().try_for_each(check_known)?;
        }
        let values = |list: &[Located]| list.iter().map(|l| l.value.clone()).collect::<Vec<_>>();
        let mut select = self.select.as_deref().map(values).unwrap_or_default();
        if !select.is_empty() || self.select.is_some() {
            select.extend(values(&self.extend_select));
        }
        let mut ignore = values(&self.ignore);
        ignore.extend(off);
        if self.select.as_ref().is_some_and(|s| s.is_empty()) && self.extend_select.is_empty() {
            rules.rules.clear();
            return Ok(rules);
        }
        rules.select(&select, &ignore)
    }

    /// `rules` with the rules `per-file-ignores` turns off for `path` taken out (`None`, for
    /// stdin or an unsaved buffer, matches no glob).
    pub fn rules_for<'a>(&self, rules: &'a RuleSet, path: Option<&Path>) -> Cow<'a, RuleSet> {
        let ignored = path.map(|p| self.ignored_for(p)).unwrap_or_default();
        if ignored.is_empty() {
            return Cow::Borrowed(rules);
        }
        // Selectors were validated when the config loaded; one that only named rules the
        // selection already dropped leaves the set as it is.
        Cow::Owned(
            rules
                .clone()
                .select(&[], &ignored)
                .unwrap_or_else(|_| rules.clone()),
        )
    }

    /// The selectors that `per-file-ignores` turns off for `path`.
    pub fn ignored_for(&self, path: &Path) -> Vec<String> {
        // Resolving the path costs system calls; most configs have no per-file ignores.
        if self.per_file_ignores.is_empty() {
            return Vec::new();
        }
        let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.per_file_ignores
            .iter()
            .filter(|entry| {
                absolute
                    .strip_prefix(&entry.dir)
                    .is_ok_and(|relative| entry.matcher.is_match(relative))
            })
            .flat_map(|entry| entry.codes.iter().map(|c| c.value.clone()))
            .collect()
    }

    /// A readable dump of the effective settings (`--show-settings`).
    pub fn describe(&self, rules: &RuleSet) -> String {
        let mut out = String::new();
        let list = |l: &[Located]| {
            l.iter()
                .map(|s| format!("{:?}", s.value))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let files: Vec<String> = self.files.iter().map(|f| f.display().to_string()).collect();
        out.push_str(&format!(
            "# config files: {}\n",
            if files.is_empty() {
                "none".to_string()
            } else {
                files.join(" → ")
            }
        ));
        match &self.select {
            Some(s) => out.push_str(&format!("select = [{}]\n", list(s))),
            None => out.push_str("select = [\"ALL\"]\n"),
        }
        out.push_str(&format!(
            "extend-select = [{}]\n",
            list(&self.extend_select)
        ));
        out.push_str(&format!("ignore = [{}]\n", list(&self.ignore)));
        out.push_str(&format!(
            "fail-on = \"{}\"\n",
            self.fail_on.unwrap_or(Severity::Warning).as_str()
        ));
        out.push_str(&format!(
            "min-severity = \"{}\"\n",
            self.min_severity.unwrap_or(Severity::Info).as_str()
        ));
        out.push_str(&format!(
            "unsafe-fixes = {}\n",
            self.unsafe_fixes.unwrap_or(false)
        ));
        let rule_files: Vec<String> = self
            .rule_files
            .iter()
            .map(|f| format!("{:?}", f.display().to_string()))
            .collect();
        out.push_str(&format!("rule-files = [{}]\n", rule_files.join(", ")));
        let globs = |patterns: &[std::sync::Arc<FilePattern>]| {
            patterns
                .iter()
                .map(|p| format!("{:?}", p.glob))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!("include = [{}]\n", globs(&self.selection.include)));
        out.push_str(&format!("exclude = [{}]\n", globs(&self.selection.exclude)));
        out.push_str(&format!(
            "force-exclude = {}\n",
            self.selection.force_exclude
        ));
        if !self.per_file_ignores.is_empty() {
            out.push_str("\n[per-file-ignores]\n");
            for entry in &self.per_file_ignores {
                out.push_str(&format!(
                    "{:?} = [{}]  # relative to {}\n",
                    entry.glob,
                    list(&entry.codes),
                    entry.dir.display()
                ));
            }
        }
        out.push_str("\n# enabled rules\n");
        for rule in &rules.rules {
            let options = match rule.kind.options() {
                options if options.is_empty() => options,
                options => format!("  {options}"),
            };
            out.push_str(&format!(
                "{:<7} {:<30} {:<8}{options}\n",
                rule.code,
                rule.name,
                rule.severity.as_str()
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    }

    /// The error building the rule set of a `resume-lint.toml` with `text` gives.
    fn rule_set_error(dir: &Path, text: &str) -> String {
        let path = write(dir, "resume-lint.toml", text);
        Settings::load(&path)
            .unwrap()
            .rule_set()
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn unknown_keys_and_bad_values_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "resume-lint.toml",
            "select = [\"PRC\"]\n\nbogus = 1\n",
        );
        let err = Settings::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("resume-lint.toml") && err.contains("line 3") && err.contains("bogus"),
            "{err}"
        );

        let path = write(
            dir.path(),
            "resume-lint.toml",
            "[rules.PRC001]\nseverity = \"loud\"\n",
        );
        let err = Settings::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("line 1") && err.contains("severity") && err.contains("loud"),
            "{err}"
        );

        let err = rule_set_error(dir.path(), "\nignore = [\"PRC999\"]\n");
        assert!(
            err.contains("resume-lint.toml:2") && err.contains("PRC999"),
            "{err}"
        );

        let err = rule_set_error(dir.path(), "[rules.PRC001]\nmin-words = 3\n");
        assert!(
            err.contains("`rules.PRC001`: `min-words` does not apply")
                && err.contains("PRC001 is a phrase rule"),
            "{err}"
        );

        // A kind with options names those it takes.
        let err = rule_set_error(dir.path(), "[rules.STY001]\nmin-count = 3\n");
        assert!(
            err.contains("unknown field `min-count`, expected `min-words` or `max-words`"),
            "{err}"
        );
    }

    #[test]
    fn extend_merges_with_the_closest_file_winning() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "base.toml",
            "select = [\"PRC\", \"STY\"]\nfail-on = \"info\"\n[rules.STY001]\nmax-words = 20\n",
        );
        let path = write(
            dir.path(),
            "resume-lint.toml",
            "extend = \"base.toml\"\nignore = [\"PRC005\"]\n[rules.STY001]\nmin-words = 3\nseverity = \"error\"\n",
        );
        let settings = Settings::load(&path).unwrap();
        assert_eq!(settings.files.len(), 2);
        assert_eq!(settings.fail_on, Some(Severity::Info));
        let rules = settings.rule_set().unwrap();
        assert!(
            rules.find("PRC001").is_some()
                && rules.find("PRC005").is_none()
                && rules.find("OUT001").is_none()
        );
        let sty = rules.find("STY001").unwrap();
        assert_eq!(sty.severity, Severity::Error);
        assert_eq!(sty.kind.options(), "min-words = 3, max-words = 20");
    }

    #[test]
    fn discovery_walks_up_to_the_closest_config() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a/b")).unwrap();
        write(dir.path(), "resume-lint.toml", "");
        write(&dir.path().join("a"), ".resume-lint.toml", "");
        let found = Settings::discover(&dir.path().join("a/b")).unwrap();
        assert!(
            found.ends_with("a/.resume-lint.toml"),
            "{}",
            found.display()
        );
    }

    #[test]
    fn per_file_ignores_match_relative_to_the_config() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("drafts")).unwrap();
        let cv = write(&dir.path().join("drafts"), "old.md", "- x\n");
        let path = write(
            dir.path(),
            "resume-lint.toml",
            "[per-file-ignores]\n\"drafts/*.md\" = [\"OUT\"]\n",
        );
        let settings = Settings::load(&path).unwrap();
        assert_eq!(settings.ignored_for(&cv), vec!["OUT".to_string()]);
        assert!(settings.ignored_for(&dir.path().join("cv.md")).is_empty());
    }
}
