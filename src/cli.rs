//! Command-line interface: arguments, settings per file, reading inputs, fixing, printing
//! reports and errors, exit codes.

use std::collections::HashMap;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use resume_lint::baseline::Baseline;
use resume_lint::check::check_example;
use resume_lint::config::{Located, Settings};
use resume_lint::diagnostic::{Applicability, Severity};
use resume_lint::document::Format;
use resume_lint::error::Error;
use resume_lint::fix;
use resume_lint::render::{self, FileError, OutputFormat, RenderOptions};
use resume_lint::ruleset::{Matcher, Rule, RuleSet};
use resume_lint::{FileReport, input, lint};

/// Exit code when nothing at or above the fail level was found.
const EXIT_CLEAN: u8 = 0;
/// Exit code when findings at or above the fail level were found.
const EXIT_FINDINGS: u8 = 1;
/// Exit code for usage, configuration and I/O errors.
const EXIT_ERROR: u8 = 2;

/// Lint resume bullets: find process-oriented phrasing and suggest outcome-oriented rewrites.
#[derive(Debug, Parser)]
#[command(
    name = "resume-lint",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule: code, name, set, default severity, kind and fix.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Explain one rule: why it exists, a bad → good example, and what its fix does.
    Explain {
        /// A rule code (PRC001) or name (backlog-mechanics).
        rule: String,
    },
    /// Run the `flag`/`pass` examples of user rule files, to check rules you write.
    TestRules {
        /// Rule files in the same TOML format as the built-in ones.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to lint (`.md`, `.markdown`, `.txt`, `.tex`, `.json` found recursively); `-` reads stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,

    /// Write the report to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output_file: Option<PathBuf>,

    /// Only run these rules: codes, prefixes, names, set names or ALL (comma-separated, repeatable).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        help_heading = "Rule selection"
    )]
    select: Option<Vec<String>>,

    /// Run these rules in addition to those selected.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        help_heading = "Rule selection"
    )]
    extend_select: Vec<String>,

    /// Skip these rules: codes, prefixes, names or set names (comma-separated, repeatable).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        help_heading = "Rule selection"
    )]
    ignore: Vec<String>,

    /// Use this config file instead of looking for `resume-lint.toml` near each file.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "isolated",
        help_heading = "Configuration"
    )]
    config: Option<PathBuf>,

    /// Ignore every config file; use defaults and the command line only.
    #[arg(long, help_heading = "Configuration")]
    isolated: bool,

    /// Print the effective settings for the first path and exit.
    #[arg(long, help_heading = "Configuration")]
    show_settings: bool,

    /// Exit 1 when a finding at or above this severity is reported (default: warning).
    #[arg(long, value_enum)]
    fail_on: Option<Level>,

    /// Always exit 0 when linting ran, whatever was found (I/O errors still exit 2).
    #[arg(long)]
    exit_zero: bool,

    /// Apply safe fixes in place (with `-`, print the fixed text to stdout).
    #[arg(long, help_heading = "Fixes")]
    fix: bool,

    /// Also apply unsafe fixes (with --fix or --diff).
    #[arg(long, help_heading = "Fixes")]
    unsafe_fixes: bool,

    /// Print the fixes as a unified diff and write nothing; exit 1 if there is any.
    #[arg(long, conflicts_with = "fix", help_heading = "Fixes")]
    diff: bool,

    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    baseline: Option<PathBuf>,

    /// Record the current findings in this baseline file and exit 0.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "baseline",
        help_heading = "Baseline"
    )]
    write_baseline: Option<PathBuf>,

    /// Print how many findings each rule made instead of the findings.
    #[arg(long)]
    statistics: bool,

    /// When to colour output; `auto` means when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// The file name to show (and take the format and config from) when reading stdin.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,

    /// Parse every input as this format instead of going by extension.
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Human,
    Concise,
    Json,
    Jsonl,
    Github,
    Sarif,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Level {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum InputFormat {
    Markdown,
    Text,
    Latex,
    Json,
}

/// Parse arguments and run; every outcome becomes an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules { format }) => list_rules(*format),
        Some(Command::Explain { rule }) => explain(rule),
        Some(Command::TestRules { files }) => test_rules(files),
        None => check(&cli.check),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`resume-lint … | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_CLEAN),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// One input to lint.
struct Input {
    /// Name shown in output.
    name: String,
    /// The file on disk, unless it is stdin.
    path: Option<PathBuf>,
    text: String,
    format: Format,
}

/// Settings and compiled rules for one config file (or none), built once and shared.
struct Resolved {
    settings: Settings,
    rules: RuleSet,
}

/// Resolves the settings that apply to each file, caching by config file.
struct Resolver<'a> {
    args: &'a CheckArgs,
    cache: HashMap<Option<PathBuf>, Result<std::rc::Rc<Resolved>, String>>,
}

impl<'a> Resolver<'a> {
    fn new(args: &'a CheckArgs) -> Self {
        Resolver {
            args,
            cache: HashMap::new(),
        }
    }

    /// The config file that governs a file in `dir`, per --config / --isolated / discovery.
    fn config_for(&self, dir: &Path) -> Option<PathBuf> {
        if self.args.isolated {
            None
        } else if let Some(path) = &self.args.config {
            Some(path.clone())
        } else {
            Settings::discover(dir)
        }
    }

    fn resolve(&mut self, dir: &Path) -> Result<std::rc::Rc<Resolved>, String> {
        let key = self.config_for(dir);
        if let Some(found) = self.cache.get(&key) {
            return found.clone();
        }
        let built = self
            .build(key.as_deref())
            .map(std::rc::Rc::new)
            .map_err(|e| e.to_string());
        if let Err(message) = &built {
            eprintln!("error: {message}");
        }
        self.cache.insert(key, built.clone());
        built
    }

    fn build(&self, config: Option<&Path>) -> Result<Resolved, Error> {
        let mut settings = match config {
            Some(path) => Settings::load(path)?,
            None => Settings::default(),
        };
        let cli = |values: &[String]| {
            values
                .iter()
                .map(|v| Located {
                    value: v.clone(),
                    origin: "command line".into(),
                })
                .collect::<Vec<_>>()
        };
        // The command line wins over config files, as in ruff.
        if let Some(select) = &self.args.select {
            settings.select = Some(cli(select));
        }
        settings.extend_select.extend(cli(&self.args.extend_select));
        settings.ignore.extend(cli(&self.args.ignore));
        if let Some(level) = self.args.fail_on {
            settings.fail_on = Some(severity(level));
        }
        let rules = settings.rule_set()?;
        Ok(Resolved { settings, rules })
    }
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info => Severity::Info,
    }
}

/// Records a file that could not be linted, on stderr and for the JSON report.
fn record(errors: &mut Vec<FileError>, path: &str, message: String) {
    eprintln!("error: {message}");
    errors.push(FileError {
        path: path.to_string(),
        message,
    });
}

fn error_path(e: &Error) -> String {
    match e {
        Error::Io { path, .. } | Error::InvalidUtf8 { path, .. } | Error::Binary { path, .. } => {
            path.clone()
        }
        _ => String::new(),
    }
}

/// Read every input named on the command line.
fn read_inputs(args: &CheckArgs, errors: &mut Vec<FileError>) -> Vec<Input> {
    let forced = args.input_format.map(|f| match f {
        InputFormat::Markdown => Format::Markdown,
        InputFormat::Text => Format::Text,
        InputFormat::Latex => Format::Latex,
        InputFormat::Json => Format::JsonResume,
    });
    let format_of = |name: &str| {
        forced
            .or_else(|| Format::from_path(name))
            .unwrap_or(Format::Text)
    };
    let mut inputs = Vec::new();
    for arg in &args.paths {
        if arg.as_os_str() == "-" {
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "-".to_string());
            let mut bytes = Vec::new();
            if let Err(source) = io::stdin().lock().read_to_end(&mut bytes) {
                let e = Error::Io {
                    path: name.clone(),
                    source,
                };
                record(errors, &name, e.to_string());
                continue;
            }
            match input::decode(&name, bytes) {
                Ok(text) => inputs.push(Input {
                    format: format_of(&name),
                    name,
                    path: None,
                    text,
                }),
                Err(e) => record(errors, &name, e.to_string()),
            }
            continue;
        }
        let (files, walk_errors) = input::expand_path(arg);
        for e in walk_errors {
            record(errors, &error_path(&e), e.to_string());
        }
        for file in files {
            let name = file.display().to_string();
            match input::read_file(&file) {
                Ok(text) => inputs.push(Input {
                    format: format_of(&name),
                    name,
                    path: Some(file),
                    text,
                }),
                Err(e) => record(errors, &name, e.to_string()),
            }
        }
    }
    inputs
}

/// The directory whose config governs `input`.
fn dir_of(input: &Input, args: &CheckArgs) -> PathBuf {
    let named = input
        .path
        .clone()
        .or_else(|| args.stdin_filename.as_ref().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."));
    let dir = if named.is_dir() {
        named
    } else {
        named.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    }
}

fn check(args: &CheckArgs) -> io::Result<u8> {
    let mut resolver = Resolver::new(args);
    if args.show_settings {
        let first = args
            .paths
            .first()
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        let dir = if first.is_dir() {
            first
        } else {
            first.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        return match resolver.resolve(&dir) {
            Ok(resolved) => {
                let mut out = io::stdout().lock();
                out.write_all(resolved.settings.describe(&resolved.rules).as_bytes())?;
                Ok(EXIT_CLEAN)
            }
            Err(_) => Ok(EXIT_ERROR),
        };
    }

    let mut errors: Vec<FileError> = Vec::new();
    let inputs = read_inputs(args, &mut errors);
    let mut reports: Vec<(FileReport, Severity)> = Vec::new();
    let mut diffs = String::new();
    let (mut fixed_edits, mut fixed_files) = (0usize, 0usize);
    for input in inputs {
        let resolved = match resolver.resolve(&dir_of(&input, args)) {
            Ok(resolved) => resolved,
            Err(message) => {
                errors.push(FileError {
                    path: input.name.clone(),
                    message,
                });
                continue;
            }
        };
        let ignored = input
            .path
            .as_deref()
            .map(|p| resolved.settings.ignored_for(p))
            .unwrap_or_default();
        let owned;
        let rules = if ignored.is_empty() {
            &resolved.rules
        } else {
            // Selectors were validated when the config loaded; one that only named rules the
            // selection already dropped leaves the set as it is.
            owned = resolved
                .rules
                .clone()
                .select(&[], &ignored)
                .unwrap_or_else(|_| resolved.rules.clone());
            &owned
        };
        let fail_on = resolved.settings.fail_on.unwrap_or(Severity::Warning);
        if input.text.trim().is_empty() {
            eprintln!("note: {}: file is empty, nothing to lint", input.name);
        }
        let mut text = input.text.clone();
        if args.fix || args.diff {
            let (fixed, applied) = fix::fix_source(
                &input.name,
                &input.text,
                input.format,
                rules,
                args.unsafe_fixes,
            );
            if applied > 0 {
                if args.diff {
                    diffs.push_str(&unified_diff(&input.name, &input.text, &fixed));
                } else if let Some(path) = &input.path {
                    if let Err(e) = fix::write_atomic(path, &input.text, &fixed) {
                        record(&mut errors, &input.name, e.to_string());
                        continue;
                    }
                    fixed_edits += applied;
                    fixed_files += 1;
                    text = fixed;
                } else {
                    fixed_edits += applied;
                    fixed_files += 1;
                    text = fixed;
                }
            } else if args.fix && input.path.is_none() {
                // stdin with --fix always echoes the (unchanged) text.
                text = input.text.clone();
            }
        }
        if args.fix && input.path.is_none() {
            io::stdout().lock().write_all(text.as_bytes())?;
        }
        match lint(&input.name, text, input.format, rules) {
            Ok(report) => reports.push((report, fail_on)),
            // Another JSON file beside the resumes (package.json …) is skipped, not an error.
            Err(e @ Error::NotResume { .. }) => eprintln!("note: {e}"),
            Err(e) => record(&mut errors, &input.name, e.to_string()),
        }
    }
    reports.sort_by(|a, b| a.0.document.path.cmp(&b.0.document.path));
    let (mut reports, fail_levels): (Vec<FileReport>, Vec<Severity>) = reports.into_iter().unzip();

    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::from_reports(&reports);
        if let Err(source) = fs::write(path, baseline.to_json()) {
            eprintln!("error: {}: {source}", path.display());
            return Ok(EXIT_ERROR);
        }
        eprintln!(
            "wrote {} finding{} to baseline {}",
            baseline.len(),
            plural(baseline.len()),
            path.display()
        );
        return Ok(if errors.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_ERROR
        });
    }
    if let Some(path) = &args.baseline {
        let shown = path.display().to_string();
        let loaded = fs::read_to_string(path)
            .map_err(|source| Error::Io {
                path: shown.clone(),
                source,
            })
            .and_then(|text| Baseline::parse(&shown, &text));
        match loaded {
            Ok(baseline) => {
                baseline.filter(&mut reports);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(EXIT_ERROR);
            }
        }
    }

    if args.diff {
        let mut out = io::stdout().lock();
        out.write_all(diffs.as_bytes())?;
        out.flush()?;
        let code = if !errors.is_empty() {
            EXIT_ERROR
        } else if diffs.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_FINDINGS
        };
        return Ok(code);
    }

    let stdin_fixed = args.fix && args.paths.iter().any(|p| p.as_os_str() == "-");
    if !stdin_fixed {
        let format = match args.format {
            FormatArg::Human => OutputFormat::Human,
            FormatArg::Concise => OutputFormat::Concise,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Jsonl => OutputFormat::Jsonl,
            FormatArg::Github => OutputFormat::Github,
            FormatArg::Sarif => OutputFormat::Sarif,
        };
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                args.output_file.is_none()
                    && io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let all_rules = resolver_rules(&resolver);
        let options = RenderOptions {
            color,
            rules: &all_rules,
            statistics: args.statistics,
        };
        match &args.output_file {
            Some(path) => {
                let mut buffer = Vec::new();
                render::render(format, &reports, &errors, options, &mut buffer)?;
                if let Err(source) = fs::write(path, buffer) {
                    eprintln!("error: {}: {source}", path.display());
                    return Ok(EXIT_ERROR);
                }
            }
            None => {
                let mut out = io::BufWriter::new(io::stdout().lock());
                render::render(format, &reports, &errors, options, &mut out)?;
                out.flush()?;
            }
        }
    }
    if args.fix {
        let remaining: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
        eprintln!(
            "fixed {fixed_edits} finding{} in {fixed_files} file{}; {remaining} remaining",
            plural(fixed_edits),
            plural(fixed_files)
        );
    }

    if !errors.is_empty() {
        return Ok(EXIT_ERROR);
    }
    let failing = reports
        .iter()
        .zip(&fail_levels)
        .any(|(r, level)| r.diagnostics.iter().any(|d| d.severity >= *level));
    Ok(if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// Every rule any resolved config enabled, for formats that list rules (SARIF).
fn resolver_rules(resolver: &Resolver<'_>) -> RuleSet {
    let mut all: Option<RuleSet> = None;
    for resolved in resolver.cache.values().flatten() {
        match &mut all {
            None => all = Some(resolved.rules.clone()),
            Some(set) => {
                for rule in &resolved.rules.rules {
                    if set.find(&rule.code).is_none() {
                        set.rules.push(rule.clone());
                    }
                }
            }
        }
    }
    let mut set = all.unwrap_or_else(|| RuleSet::builtin().unwrap_or_default());
    set.rules.sort_by(|a, b| a.code.cmp(&b.code));
    set
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A unified diff of one file's fixes.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

fn load_rules() -> Result<RuleSet, u8> {
    RuleSet::builtin().map_err(|e| {
        eprintln!("error: {e}");
        EXIT_ERROR
    })
}

fn fix_kind(rule: &Rule) -> &'static str {
    match &rule.suggestion {
        Some(s) => s.applicability.as_str(),
        None => "none",
    }
}

fn list_rules(format: ListFormat) -> io::Result<u8> {
    let rules = match load_rules() {
        Ok(rules) => rules,
        Err(code) => return Ok(code),
    };
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
                    r.severity.as_str(),
                    r.matcher.kind(),
                    fix_kind(r)
                )?;
            }
        }
        ListFormat::Json => {
            let list: Vec<_> = rules.rules.iter().map(|r| rule_json(r, &rules)).collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

fn rule_json(r: &Rule, rules: &RuleSet) -> serde_json::Value {
    serde_json::json!({
        "code": r.code,
        "name": r.name,
        "set": r.set_name,
        "severity": r.severity.as_str(),
        "kind": r.matcher.kind(),
        "scope": r.scope.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "message": r.message,
        "help": r.help,
        "why": r.why.trim(),
        "example": { "bad": r.example_bad, "good": r.example_good },
        "fix": fix_kind(r),
        "unless": r.unless.iter().map(|&i| rules.signals[i].name.as_str()).collect::<Vec<_>>(),
    })
}

fn explain(code: &str) -> io::Result<u8> {
    let rules = match load_rules() {
        Ok(rules) => rules,
        Err(code) => return Ok(code),
    };
    let Some(rule) = rules.find(code) else {
        eprintln!("error: no rule `{code}`; `resume-lint rules` lists them");
        return Ok(EXIT_ERROR);
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(out, "{} ({})", rule.code, rule.name)?;
    writeln!(
        out,
        "set: {}   default severity: {}   kind: {}",
        rule.set_name,
        rule.severity.as_str(),
        rule.matcher.kind()
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
        let names: Vec<_> = rule
            .unless
            .iter()
            .map(|&i| rules.signals[i].description.as_str())
            .collect();
        writeln!(
            out,
            "\nNot reported when the bullet has\n{}",
            indent(&names.join("\n"))
        )?;
    }
    if let Matcher::Requires(ids) = &rule.matcher {
        let names: Vec<_> = ids
            .iter()
            .map(|&i| rules.signals[i].description.as_str())
            .collect();
        writeln!(
            out,
            "\nReported when the bullet has none of\n{}",
            indent(&names.join("\n"))
        )?;
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

/// `test-rules`: load the user files beside the built-in sets (so shared signals resolve) and
/// run each user rule's examples.
fn test_rules(files: &[PathBuf]) -> io::Result<u8> {
    let mut sources = resume_lint::ruleset::builtin_files();
    for path in files {
        match fs::read_to_string(path) {
            Ok(text) => sources.push((path.display().to_string(), text)),
            Err(source) => {
                eprintln!("error: {}: {source}", path.display());
                return Ok(EXIT_ERROR);
            }
        }
    }
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

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
