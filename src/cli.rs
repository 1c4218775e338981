//! Command-line interface: arguments, reading inputs, printing reports and errors, exit codes.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use resume_lint::diagnostic::Severity;
use resume_lint::document::Format;
use resume_lint::error::Error;
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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to lint (`.md`, `.markdown`, `.txt` found recursively); `-` reads stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,

    /// Only run these rules: codes, prefixes, names, set names or ALL (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Vec<String>,

    /// Skip these rules: codes, prefixes, names or set names (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,

    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = Level::Warning)]
    fail_on: Level,

    /// Always exit 0 when linting ran, whatever was found (I/O errors still exit 2).
    #[arg(long)]
    exit_zero: bool,

    /// When to colour output; `auto` means when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// The file name to show (and take the format from) when reading stdin.
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
}

/// Parse arguments and run; every outcome becomes an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules { format }) => list_rules(*format),
        Some(Command::Explain { rule }) => explain(rule),
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

fn load_rules() -> Result<RuleSet, u8> {
    RuleSet::builtin().map_err(|e| {
        eprintln!("error: {e}");
        EXIT_ERROR
    })
}

fn check(args: &CheckArgs) -> io::Result<u8> {
    let rules = match load_rules().map(|r| r.select(&args.select, &args.ignore)) {
        Ok(Ok(rules)) => rules,
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            return Ok(EXIT_ERROR);
        }
        Err(code) => return Ok(code),
    };
    let forced = args.input_format.map(|f| match f {
        InputFormat::Markdown => Format::Markdown,
        InputFormat::Text => Format::Text,
    });

    let mut reports: Vec<FileReport> = Vec::new();
    let mut errors: Vec<FileError> = Vec::new();
    let fail = |e: Error, errors: &mut Vec<FileError>| {
        eprintln!("error: {e}");
        let path = match &e {
            Error::Io { path, .. }
            | Error::InvalidUtf8 { path, .. }
            | Error::Binary { path, .. } => path.clone(),
            _ => String::new(),
        };
        errors.push(FileError {
            path,
            message: e.to_string(),
        });
    };
    for arg in &args.paths {
        if arg.as_os_str() == "-" {
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "-".to_string());
            let mut bytes = Vec::new();
            if let Err(source) = io::stdin().lock().read_to_end(&mut bytes) {
                fail(Error::Io { path: name, source }, &mut errors);
                continue;
            }
            match input::decode(&name, bytes) {
                Ok(text) => {
                    let format = forced
                        .or_else(|| Format::from_path(&name))
                        .unwrap_or(Format::Text);
                    reports.push(lint_one(&name, text, format, &rules));
                }
                Err(e) => fail(e, &mut errors),
            }
            continue;
        }
        let (files, walk_errors) = input::expand_path(arg);
        for e in walk_errors {
            fail(e, &mut errors);
        }
        for file in files {
            let name = file.display().to_string();
            match input::read_file(&file) {
                Ok(text) => {
                    let format = forced
                        .or_else(|| Format::from_path(&name))
                        .unwrap_or(Format::Text);
                    reports.push(lint_one(&name, text, format, &rules));
                }
                Err(e) => fail(e, &mut errors),
            }
        }
    }
    reports.sort_by(|a, b| a.document.path.cmp(&b.document.path));

    let format = match args.format {
        FormatArg::Human => OutputFormat::Human,
        FormatArg::Concise => OutputFormat::Concise,
        FormatArg::Json => OutputFormat::Json,
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    render::render(format, &reports, &errors, RenderOptions { color }, &mut out)?;
    out.flush()?;

    if !errors.is_empty() {
        return Ok(EXIT_ERROR);
    }
    let threshold = match args.fail_on {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info => Severity::Info,
    };
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold);
    Ok(if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn lint_one(name: &str, text: String, format: Format, rules: &RuleSet) -> FileReport {
    if text.trim().is_empty() {
        eprintln!("note: {name}: file is empty, nothing to lint");
    }
    lint(name, text, format, rules)
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
                "{:<7} {:<width$} {:<8} {:<8} {:<12} FIX",
                "CODE", "NAME", "SET", "SEVERITY", "KIND"
            )?;
            for r in &rules.rules {
                writeln!(
                    out,
                    "{:<7} {:<width$} {:<8} {:<8} {:<12} {}",
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
            resume_lint::diagnostic::Applicability::Safe => {
                format!("safe fix, applied by --fix: {}", s.template)
            }
            resume_lint::diagnostic::Applicability::Unsafe => format!(
                "unsafe fix, applied only with --unsafe-fixes: {}",
                s.template
            ),
            resume_lint::diagnostic::Applicability::DisplayOnly => {
                format!(
                    "display-only rewrite (shown, never applied; fill the <placeholders>):\n  {}",
                    s.template
                )
            }
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

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
