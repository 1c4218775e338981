//! Command-line interface: arguments and dispatch; the lint run and the rule subcommands live in
//! their own modules.

mod lint;
mod rules;
mod values;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use values::{FormatArg, OutputFormatArg, SeverityArg};

/// Exit code when nothing at or above the fail level was found.
pub(crate) const EXIT_CLEAN: u8 = 0;
/// Exit code when findings at or above the fail level were found.
pub(crate) const EXIT_FINDINGS: u8 = 1;
/// Exit code for usage, configuration and I/O errors.
pub(crate) const EXIT_ERROR: u8 = 2;

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

/// Which config the rule subcommands read: the one found from the current directory upward,
/// `--config FILE`, or none.
#[derive(Debug, clap::Args)]
struct ConfigSource {
    /// Read this config file (and the rule files it loads) instead of looking for one.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every config file: the built-in rules with their default severities.
    #[arg(long)]
    isolated: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule: code, name, set, default severity, kind and fix.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        config: ConfigSource,
    },
    /// Explain one rule: why it exists, a bad → good example, and what its fix does.
    Explain {
        /// A rule code (PRC001) or name (backlog-mechanics).
        rule: String,
        #[command(flatten)]
        config: ConfigSource,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish) to stdout.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout: `resume-lint man | man -l -`.
    Man,
    /// Run the language server on stdin/stdout, for editors (see the README's Editors section).
    Server,
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
    #[arg(long, value_enum, default_value_t = OutputFormatArg::Human)]
    format: OutputFormatArg,

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

    /// List the files that would be linted and why (and those `exclude` skips), then exit.
    #[arg(long, help_heading = "File selection")]
    show_files: bool,

    /// Apply `exclude` to files named on the command line too (for pre-commit and editors,
    /// which name every changed file).
    #[arg(long, help_heading = "File selection")]
    force_exclude: bool,

    /// Exit 1 when a finding at or above this severity is reported (default: warning).
    #[arg(long, value_enum)]
    fail_on: Option<SeverityArg>,

    /// Hide findings below this severity in every output format (exit codes still follow
    /// --fail-on), like Vale's --minAlertLevel.
    #[arg(long, value_enum)]
    min_severity: Option<SeverityArg>,

    /// Always exit 0 when linting ran, whatever was found (I/O errors still exit 2).
    #[arg(long)]
    exit_zero: bool,

    /// Apply safe fixes in place (with `-`, print the fixed text to stdout).
    #[arg(long, help_heading = "Fixes")]
    fix: bool,

    /// Also apply unsafe fixes (with --fix or --diff); the config key `unsafe-fixes = true` does the same.
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
    input_format: Option<FormatArg>,

    /// Lint with this many threads (default: one per core). Output order never depends on it.
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,

    /// Skip files larger than this many bytes (a resume is kilobytes; this stops stray logs and devices).
    #[arg(long, value_name = "BYTES", default_value_t = resume_lint::input::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Parse arguments and run; every outcome becomes an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules { format, config }) => rules::list_rules(*format, config),
        Some(Command::Explain { rule, config }) => rules::explain(rule, config),
        Some(Command::TestRules { files }) => rules::test_rules(files),
        Some(Command::Completions { shell }) => {
            let mut command = Cli::command();
            clap_complete::generate(*shell, &mut command, "resume-lint", &mut io::stdout());
            Ok(EXIT_CLEAN)
        }
        Some(Command::Man) => clap_mangen::Man::new(Cli::command())
            .render(&mut io::stdout().lock())
            .map(|()| EXIT_CLEAN),
        Some(Command::Server) => Ok(match resume_lint::server::run() {
            Ok(resume_lint::server::Ended::AfterShutdown) => EXIT_CLEAN,
            // The status the protocol asks for when `exit` comes without `shutdown`.
            Ok(resume_lint::server::Ended::WithoutShutdown) => 1,
            Err(message) => {
                eprintln!("error: language server: {message}");
                EXIT_ERROR
            }
        }),
        None => lint::check(&cli.check),
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
