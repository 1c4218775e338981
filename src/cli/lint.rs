//! The lint run: settings per file, reading and linting files in parallel, fixing, and
//! streaming reports in path order.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use resume_lint::baseline::Baseline;
use resume_lint::config::{Located, Resolved, Settings};
use resume_lint::diagnostic::Severity;
use resume_lint::document::Format;
use resume_lint::error::Error;
use resume_lint::render::{FileError, OutputFormat, RenderOptions, Rendered, Renderer};
use resume_lint::ruleset::RuleSet;
use resume_lint::walk::{self, Entry, FileSelection, Reason};
use resume_lint::{FileReport, fix, input, lint};

use super::{CheckArgs, ColorChoice, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Resolves the settings that apply to each file, caching by config file.
struct Resolver<'a> {
    args: &'a CheckArgs,
    cache: HashMap<Option<PathBuf>, Result<Arc<Resolved>, String>>,
    /// Config file found for each directory, so siblings do not repeat the upward search.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// Which files each config file's walk picks, by config file.
    selections: HashMap<Option<PathBuf>, Arc<FileSelection>>,
}

impl<'a> Resolver<'a> {
    fn new(args: &'a CheckArgs) -> Self {
        Resolver {
            args,
            cache: HashMap::new(),
            discovered: HashMap::new(),
            selections: HashMap::new(),
        }
    }

    /// The `include`/`exclude` settings that govern directory `dir`. A config that does not
    /// load selects as the defaults do; its error is reported when its files are linted.
    fn selection(&mut self, dir: &Path) -> Arc<FileSelection> {
        let key = self.config_for(dir);
        let force_exclude = self.args.force_exclude;
        self.selections
            .entry(key)
            .or_insert_with_key(|key| {
                let mut selection = key
                    .as_deref()
                    .and_then(|path| Settings::load(path).ok())
                    .map(|settings| settings.selection)
                    .unwrap_or_default();
                selection.force_exclude |= force_exclude;
                Arc::new(selection)
            })
            .clone()
    }

    /// The config file that governs a file in `dir`, per --config / --isolated / discovery.
    fn config_for(&mut self, dir: &Path) -> Option<PathBuf> {
        if self.args.isolated {
            None
        } else if let Some(path) = &self.args.config {
            Some(path.clone())
        } else {
            self.discovered
                .entry(dir.to_path_buf())
                .or_insert_with(|| Settings::discover(dir))
                .clone()
        }
    }

    fn resolve(&mut self, dir: &Path) -> Result<Arc<Resolved>, String> {
        let key = self.config_for(dir);
        if let Some(found) = self.cache.get(&key) {
            return found.clone();
        }
        let built = self
            .build(key.as_deref())
            .map(Arc::new)
            .map_err(|e| e.to_string());
        if let Err(message) = &built {
            eprintln!("error: {message}");
        }
        self.cache.insert(key, built.clone());
        built
    }

    fn build(&self, config: Option<&Path>) -> Result<Resolved, Error> {
        let mut settings = Settings::of(config)?;
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
            settings.fail_on = Some(level.into());
        }
        if let Some(level) = self.args.min_severity {
            settings.min_severity = Some(level.into());
        }
        settings.selection.force_exclude |= self.args.force_exclude;
        Resolved::new(settings)
    }

    /// Every rule any resolved config enabled, for formats that list rules (SARIF).
    fn all_rules(&self) -> RuleSet {
        let mut all: Option<RuleSet> = None;
        for resolved in self.cache.values().flatten() {
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
}

/// One input to lint: a file on disk, or stdin already read.
struct Job {
    /// Name shown in output.
    name: String,
    /// The file on disk, unless it is stdin.
    path: Option<PathBuf>,
    /// Stdin's text (or why it could not be read).
    stdin: Option<Result<input::Text, String>>,
    format: Format,
    /// The directory whose config governs it.
    dir: PathBuf,
    /// Found by walking a directory rather than named on the command line.
    walked: bool,
    /// Why it is linted (for `--show-files`).
    reason: Reason,
}

/// What linting one job produced.
#[derive(Default)]
struct JobOutput {
    report: Option<FileReport>,
    /// The report written out by the worker instead (see `WriteAhead`).
    written: Option<Written>,
    notes: Vec<String>,
    fixed: usize,
    diff: String,
    /// Fixed stdin text, printed instead of a report.
    echo: Option<String>,
}

/// Every input the command line leads to, sorted by the name shown (so output is sorted); the
/// files `exclude` skips go to `skipped`.
fn jobs(
    args: &CheckArgs,
    resolver: &mut Resolver,
    skipped: &mut Vec<Entry>,
    errors: &mut Vec<FileError>,
) -> Vec<Job> {
    let forced = args.input_format.map(Format::from);
    let format_of = |name: &str| {
        forced
            .or_else(|| Format::from_path(name))
            .unwrap_or(Format::Text)
    };
    let parent = |path: &Path| {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        }
    };
    let mut jobs = Vec::new();
    for arg in &args.paths {
        if arg.as_os_str() == "-" {
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "-".to_string());
            let mut bytes = Vec::new();
            let text = match io::stdin()
                .lock()
                .take(args.max_file_size.saturating_add(1))
                .read_to_end(&mut bytes)
            {
                Err(source) => Err(Error::Io {
                    path: name.clone(),
                    source,
                }),
                Ok(_) if bytes.len() as u64 > args.max_file_size => Err(Error::TooLarge {
                    path: name.clone(),
                    limit: args.max_file_size,
                }),
                Ok(_) => input::document_text(&name, &bytes, args.max_file_size, format_of(&name)),
            }
            .map_err(|e| e.to_string());
            let dir = args
                .stdin_filename
                .as_deref()
                .map_or_else(|| PathBuf::from("."), |n| parent(Path::new(n)));
            jobs.push(Job {
                format: format_of(&name),
                name,
                path: None,
                stdin: Some(text),
                dir,
                walked: false,
                reason: Reason::Named,
            });
            continue;
        }
        let (entries, walk_errors) = walk::expand_path(arg, &mut |dir| resolver.selection(dir));
        for e in walk_errors {
            record(errors, &e);
        }
        for entry in entries {
            if !entry.linted {
                skipped.push(entry);
                continue;
            }
            let name = entry.path.display().to_string();
            jobs.push(Job {
                format: format_of(&name),
                dir: parent(&entry.path),
                name,
                path: Some(entry.path),
                stdin: None,
                walked: entry.walked,
                reason: entry.reason,
            });
        }
    }
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    // The same file named twice (`cv.md ./cv.md`, a link) is linted, and fixed, once.
    if args.paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        jobs.retain(|job| {
            job.path
                .as_deref()
                .and_then(file_id)
                .is_none_or(|id| seen.insert(id))
        });
    }
    jobs
}

/// What identifies a file however it is named: device and inode, or the canonical path.
fn file_id(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(path).ok()?;
        Some(format!("{}:{}", meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        Some(fs::canonicalize(path).ok()?.display().to_string())
    }
}

/// Stdout that goes quiet once its reader has gone (`resume-lint --fix … | head -1`): every
/// file is still linted and fixed, and the exit code still tells the result.
struct UntilClosed<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> Write for UntilClosed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            written => written,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            flushed => flushed,
        }
    }
}

/// Whether `a` and `b` name the same existing file, by any path (relative, `./`, a symlink,
/// a hard link).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
    }
}

/// Records a file that could not be linted, on stderr and for the JSON report.
fn record(errors: &mut Vec<FileError>, e: &Error) {
    eprintln!("error: {e}");
    let path = match e {
        Error::Io { path, .. }
        | Error::InvalidUtf8 { path, .. }
        | Error::Binary { path, .. }
        | Error::Utf16 { path }
        | Error::TooLarge { path, .. }
        | Error::Syntax { path, .. } => path.clone(),
        _ => String::new(),
    };
    errors.push(FileError {
        path,
        message: e.to_string(),
    });
}

/// How workers write out the findings of the files they lint, when nothing the main thread
/// does between files (a baseline) changes them and the format writes each file apart: the
/// report is then dropped on the thread that made it, and written while it is in its cache.
#[derive(Debug, Clone, Copy)]
struct WriteAhead {
    format: OutputFormat,
    color: bool,
}

/// A report a worker wrote out, with what the run's counts need from it.
struct Written {
    rendered: Rendered,
    findings: usize,
    failing: bool,
}

/// A report's findings (all of them) and whether one is at or above the file's `--fail-on`
/// level; then the findings below its `--min-severity` are hidden, from every format.
fn settle(report: &mut FileReport, settings: &Settings) -> (usize, bool) {
    let fail_on = settings.fail_on.unwrap_or(Severity::Warning);
    let failing = report.diagnostics.iter().any(|d| d.severity >= fail_on);
    let findings = report.diagnostics.len();
    if let Some(shown) = settings.min_severity {
        report.diagnostics.retain(|d| d.severity >= shown);
    }
    (findings, failing)
}

/// Read, fix (when asked) and lint one job. Runs on a worker thread: it prints nothing.
fn process(
    job: &Job,
    resolved: &Resolved,
    args: &CheckArgs,
    ahead: Option<WriteAhead>,
) -> Result<JobOutput, String> {
    let input::Text { text, headings } = match (&job.stdin, &job.path) {
        (Some(text), _) => text.clone()?,
        (None, Some(path)) => {
            input::read_input(path, args.max_file_size, job.format).map_err(|e| e.to_string())?
        }
        (None, None) => input::Text::default(),
    };
    let mut output = JobOutput::default();
    let rules = resolved
        .settings
        .rules_for(&resolved.rules, job.path.as_deref());
    let rules = &*rules;
    if text.trim().is_empty() {
        output
            .notes
            .push(format!("{}: file is empty, nothing to lint", job.name));
    }
    let mut linted = text.clone();
    // Fixing lints as it goes; its last pass is the report of the fixed text.
    let mut report = None;
    // A Word or PDF file's text is extracted, not its bytes: an edit has nowhere to go.
    let editable = !job.format.is_extracted();
    if (args.fix || args.diff) && !editable {
        output.notes.push(format!(
            "{}: fixes are not applied to Word or PDF files (nothing was written)",
            job.name
        ));
    }
    if (args.fix || args.diff) && editable {
        let unsafe_fixes = args.unsafe_fixes || resolved.settings.unsafe_fixes == Some(true);
        let fixed = fix::fix_source(&job.name, &text, job.format, rules, unsafe_fixes);
        if !fixed.settled {
            output.notes.push(format!(
                "{}: fixes did not settle (each pass of fixes found new ones); the file was left unchanged",
                job.name
            ));
        }
        if fixed.applied > 0 {
            if args.diff {
                output.diff = unified_diff(&job.name, &text, &fixed.text);
            } else {
                if let Some(path) = &job.path {
                    fix::write_atomic(path, &text, &fixed.text).map_err(|e| e.to_string())?;
                }
                output.fixed = fixed.applied;
                linted = fixed.text;
            }
        }
        if args.fix && job.path.is_none() {
            output.echo = Some(linted.clone());
        }
        report = fixed.report;
    }
    let linted = match report {
        Some(report) => Ok(report),
        None => lint(
            &job.name,
            input::Text {
                text: linted,
                headings,
            },
            job.format,
            rules,
        ),
    };
    match (linted, ahead) {
        (Ok(mut report), Some(ahead)) => {
            let (findings, failing) = settle(&mut report, &resolved.settings);
            let rendered =
                Rendered::new(ahead.format, ahead.color, &report).map_err(|e| e.to_string())?;
            output.written = Some(Written {
                rendered,
                findings,
                failing,
            });
        }
        (Ok(report), None) => output.report = Some(report),
        // Another JSON file beside the resumes (package.json …) is skipped, not an error.
        (Err(e @ Error::NotResume { .. }), _) => output.notes.push(e.to_string()),
        (Err(e), _) => return Err(e.to_string()),
    }
    Ok(output)
}

/// Lint every job on all cores; `emit` receives the outcomes in job order.
fn run_parallel(
    jobs: &[Job],
    resolved: &[Result<Arc<Resolved>, String>],
    args: &CheckArgs,
    ahead: Option<WriteAhead>,
    mut emit: impl FnMut(usize, Result<JobOutput, String>) -> io::Result<()>,
) -> io::Result<()> {
    let run = |i: usize| match &resolved[i] {
        Ok(settings) => process(&jobs[i], settings, args, ahead),
        Err(message) => Err(message.clone()),
    };
    // One file (an editor's save) or one thread: no worker threads to start.
    if jobs.len() <= 1 || args.threads == Some(1) {
        for i in 0..jobs.len() {
            emit(i, run(i))?;
        }
        return Ok(());
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = args.threads.unwrap_or(cores).min(jobs.len()).max(1);
    let next = AtomicUsize::new(0);
    // Bounded, so that reports cannot pile up while the main thread lints a long file.
    let (send, receive) = mpsc::sync_channel::<(usize, Result<JobOutput, String>)>(64);
    std::thread::scope(|scope| {
        // The main thread lints too, between printing: a printer thread of its own would
        // compete with the workers for the cores and be woken for every file.
        for _ in 0..threads - 1 {
            let send = send.clone();
            let (next, run) = (&next, &run);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= jobs.len() || send.send((i, run(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Emit in job order; out-of-order results wait in a small buffer.
        let mut pending = BTreeMap::new();
        let mut expected = 0;
        let mut result = Ok(());
        let mut flush = |pending: &mut BTreeMap<usize, Result<JobOutput, String>>| {
            while let Some(output) = pending.remove(&expected) {
                if result.is_ok() {
                    result = emit(expected, output);
                }
                expected += 1;
            }
            if result.is_err() {
                // Stop handing out work (a closed pipe, say); workers finish their current file.
                next.store(jobs.len(), Ordering::Relaxed);
            }
        };
        loop {
            pending.extend(receive.try_iter());
            flush(&mut pending);
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= jobs.len() {
                break;
            }
            pending.insert(i, run(i));
        }
        // The workers' last files.
        for (i, output) in receive {
            pending.insert(i, output);
            flush(&mut pending);
        }
        result
    })
}

pub(super) fn check(args: &CheckArgs) -> io::Result<u8> {
    // Never dropped: freeing the rule sets' engines and caches one by one costs about half a
    // millisecond, a twentieth of a one-file run, and the process exits right after.
    let mut resolver = ManuallyDrop::new(Resolver::new(args));
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
                io::stdout()
                    .lock()
                    .write_all(resolved.settings.describe(&resolved.rules).as_bytes())?;
                Ok(EXIT_CLEAN)
            }
            Err(_) => Ok(EXIT_ERROR),
        };
    }

    // Walking a large directory takes about as long as loading the built-in rules: load them
    // on another core meanwhile. Resolving the first job's settings
    // waits for them if they are not ready.
    if args.paths.iter().any(|p| p.is_dir()) {
        std::thread::spawn(|| drop(RuleSet::builtin()));
    }
    let mut errors: Vec<FileError> = Vec::new();
    let mut skipped = Vec::new();
    let mut jobs = jobs(args, &mut resolver, &mut skipped, &mut errors);
    if args.show_files {
        return show_files(&jobs, &skipped, &errors);
    }
    // A report or baseline is never written over an input: a directory walk leaves out the
    // file being written (a report from an earlier run), and an input named explicitly is an
    // error before anything is opened for writing.
    for target in [&args.output_file, &args.write_baseline]
        .into_iter()
        .flatten()
    {
        let is_target = |job: &Job| job.path.as_deref().is_some_and(|p| same_file(p, target));
        jobs.retain(|job| !(job.walked && is_target(job)));
        if let Some(job) = jobs.iter().find(|job| is_target(job)) {
            eprintln!(
                "error: {}: this file is also an input ({}); write to another path",
                target.display(),
                job.name
            );
            return Ok(EXIT_ERROR);
        }
    }
    let resolved: ManuallyDrop<Vec<Result<Arc<Resolved>, String>>> =
        ManuallyDrop::new(jobs.iter().map(|job| resolver.resolve(&job.dir)).collect());
    // When no file has usable settings (`--select FOO`, a broken config), the error printed
    // while resolving is the whole answer: no report, not even an empty one, on stdout.
    if !resolved.is_empty() && resolved.iter().all(Result::is_err) {
        return Ok(EXIT_ERROR);
    }
    let baseline = match &args.baseline {
        None => None,
        Some(path) => {
            let shown = path.display().to_string();
            let loaded =
                input::read_settings_file(path).and_then(|text| Baseline::parse(&shown, &text));
            match loaded {
                Ok(baseline) => Some(baseline.rooted_at(path)),
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(EXIT_ERROR);
                }
            }
        }
    };
    let recorded_findings = baseline.as_ref().map_or(0, Baseline::len);
    let mut budget = baseline;
    let mut files_recorded = 0;
    let mut recorded = match &args.write_baseline {
        Some(path) => Baseline::default().rooted_at(path),
        None => Baseline::default(),
    };

    let format = OutputFormat::from(args.format);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output_file.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let all_rules = resolver.all_rules();
    let mut renderer = Renderer::new(
        format,
        RenderOptions {
            color,
            rules: &all_rules,
            statistics: args.statistics,
        },
    );
    let mut out: Box<dyn Write> = match &args.output_file {
        Some(path) => match fs::File::create(path) {
            Ok(file) => Box::new(io::BufWriter::new(file)),
            Err(source) => {
                eprintln!("error: {}: {source}", path.display());
                return Ok(EXIT_ERROR);
            }
        },
        // A lint stops quietly when its reader goes (`| head`); a fix goes on to every file.
        None if args.fix => Box::new(UntilClosed {
            inner: io::BufWriter::new(io::stdout().lock()),
            closed: false,
        }),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let stdin_fixed = args.fix && args.paths.iter().any(|p| p.as_os_str() == "-");
    let reports_shown = !args.diff && args.write_baseline.is_none() && !stdin_fixed;
    if reports_shown {
        renderer.begin(&mut out)?;
    }
    let (mut fixed_edits, mut fixed_files, mut remaining, mut failing, mut changed) =
        (0, 0, 0, false, false);
    // Workers write out the findings themselves when nothing between files changes them.
    let ahead =
        (reports_shown && args.baseline.is_none() && Rendered::possible(format, args.statistics))
            .then_some(WriteAhead { format, color });
    run_parallel(&jobs, &resolved, args, ahead, |i, output| {
        let output = match output {
            Ok(output) => output,
            Err(message) => {
                // Config errors were printed once when the config was resolved.
                if resolved[i].is_ok() {
                    eprintln!("error: {message}");
                }
                errors.push(FileError {
                    path: jobs[i].name.clone(),
                    message,
                });
                return Ok(());
            }
        };
        for note in &output.notes {
            eprintln!("note: {note}");
        }
        if let Some(text) = &output.echo {
            io::stdout().lock().write_all(text.as_bytes())?;
        }
        if !output.diff.is_empty() {
            changed = true;
            out.write_all(output.diff.as_bytes())?;
        }
        if output.fixed > 0 {
            fixed_edits += output.fixed;
            fixed_files += 1;
        }
        if let Some(written) = output.written {
            remaining += written.findings;
            failing |= written.failing;
            return renderer.rendered(&written.rendered, &mut out);
        }
        let Some(mut report) = output.report else {
            return Ok(());
        };
        if let Some(budget) = &mut budget {
            files_recorded += usize::from(budget.records_file(&report));
            budget.absorb(&mut report);
        }
        if args.write_baseline.is_some() {
            recorded.add(&report);
        }
        // A job's output means its settings resolved (or it is an error, handled above).
        if let Ok(resolved) = &resolved[i] {
            let (findings, fails) = settle(&mut report, &resolved.settings);
            remaining += findings;
            failing |= fails;
        }
        if reports_shown {
            renderer.file(&report, &mut out)?;
        }
        Ok(())
    })?;
    if reports_shown {
        renderer.finish(&errors, &mut out)?;
    }
    out.flush()?;
    drop(out);
    // A baseline that knows none of the linted files was most likely written for other files
    // (or moved away from them); saying so beats reporting every old finding as new in silence.
    if let Some(path) = &args.baseline
        && recorded_findings > 0
        && files_recorded == 0
    {
        eprintln!(
            "warning: baseline {} records {recorded_findings} finding{} but none in the files linted; \
             its paths are relative to its own directory, so check that it was written for these files",
            path.display(),
            plural(recorded_findings)
        );
    }

    if let Some(path) = &args.write_baseline {
        if let Err(source) = fs::write(path, recorded.to_json()) {
            eprintln!("error: {}: {source}", path.display());
            return Ok(EXIT_ERROR);
        }
        eprintln!(
            "wrote {} finding{} to baseline {}",
            recorded.len(),
            plural(recorded.len()),
            path.display()
        );
        return Ok(if errors.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_ERROR
        });
    }
    if args.fix {
        eprintln!(
            "fixed {fixed_edits} finding{} in {fixed_files} file{}; {remaining} remaining",
            plural(fixed_edits),
            plural(fixed_files)
        );
    }
    Ok(if !errors.is_empty() {
        EXIT_ERROR
    } else if args.diff {
        if changed { EXIT_FINDINGS } else { EXIT_CLEAN }
    } else if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// `--show-files`: every file the run would lint and why, then the ones `exclude` skips.
fn show_files(jobs: &[Job], skipped: &[Entry], errors: &[FileError]) -> io::Result<u8> {
    let mut lines: Vec<(String, String)> = jobs
        .iter()
        .map(|job| {
            (
                job.name.clone(),
                format!("lint  {}  ({})", job.name, job.reason),
            )
        })
        .chain(skipped.iter().map(|entry| {
            let name = entry.path.display().to_string();
            let line = format!("skip  {name}  ({})", entry.reason);
            (name, line)
        }))
        .collect();
    lines.sort();
    let mut out = io::stdout().lock();
    for (_, line) in lines {
        writeln!(out, "{}", resume_lint::render::escape_controls(&line))?;
    }
    for e in errors {
        eprintln!("error: {}", e.message);
    }
    Ok(if errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_ERROR
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A unified diff of one file's fixes, headed `a/<path>` and `b/<path>` as git writes them
/// (`/tmp/cv.md` gives `a/tmp/cv.md`, `./cv.md` gives `a/cv.md`).
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let path = name.trim_start_matches("./").trim_start_matches('/');
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
