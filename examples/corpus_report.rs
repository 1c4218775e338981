//! Corpus report: lints a directory of real resumes and prints, per rule, how many bullets it
//! flagged and the share of bullets each set flags, plus the total time.
//!
//! Run: `cargo run --release --example corpus_report -- ../shared/corpus [--sample PREFIX N]`.
//! `--sample PRC 60` also prints 60 findings of rules starting with PRC, spread evenly over
//! the corpus, with their bullet text, for hand-checking precision.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use resume_lint::document::Format;
use resume_lint::input;
use resume_lint::ruleset::RuleSet;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = args
        .first()
        .map(String::as_str)
        .unwrap_or("../shared/corpus");
    let sample = args.iter().position(|a| a == "--sample").map(|i| {
        let prefix = args.get(i + 1).cloned().unwrap_or_default();
        let n: usize = args.get(i + 2).and_then(|n| n.parse().ok()).unwrap_or(50);
        (prefix, n)
    });

    let started = Instant::now();
    let rules = RuleSet::builtin().expect("built-in rules load");
    let (files, walk_errors) = walk_all(Path::new(root));
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_set_bullets: BTreeMap<String, usize> = BTreeMap::new();
    let (mut bullets, mut checked, mut skipped, mut bytes, mut linted, mut errors) =
        (0, 0, 0, 0, 0, 0);
    let (mut outcome_bullets, mut with_outcome) = (0usize, 0f64);
    let mut findings: Vec<(String, String, String, String)> = Vec::new();
    let mut by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut off_scope: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_format: BTreeMap<String, usize> = BTreeMap::new();
    let mut coverage: Vec<(String, usize, usize)> = Vec::new();
    for path in &files {
        let text = match input::read_file(path, input::DEFAULT_MAX_FILE_SIZE) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: {e}");
                errors += 1;
                continue;
            }
        };
        bytes += text.len();
        let name = path.display().to_string();
        let format = Format::from_path(&name).unwrap_or(Format::Text);
        let expected = expected_bullets(format, &text);
        let report = match resume_lint::lint(&name, text, format, &rules) {
            Ok(report) => report,
            Err(e) => {
                eprintln!("error: {e}");
                errors += 1;
                continue;
            }
        };
        if let Some(expected) = expected {
            let found = report
                .document
                .bullets
                .iter()
                .filter(|b| {
                    b.kind != resume_lint::document::SectionKind::Summary
                        || format != Format::JsonResume
                })
                .count();
            coverage.push((name.clone(), expected, found));
        }
        *per_format.entry(format!("{format:?}")).or_default() += 1;
        linted += 1;
        bullets += report.summary.bullets;
        checked += report.summary.checked;
        skipped += report.summary.skipped_non_english;
        for b in &report.document.bullets {
            *by_kind.entry(b.kind.as_str()).or_default() += 1;
        }
        if let Some(score) = report.summary.outcome_score {
            let n = report
                .document
                .bullets
                .iter()
                .filter(|b| matches!(b.kind.as_str(), "experience" | "projects"))
                .count();
            outcome_bullets += n;
            with_outcome += score * n as f64;
        }
        let mut set_seen: BTreeMap<String, std::collections::BTreeSet<usize>> = BTreeMap::new();
        for d in &report.diagnostics {
            *per_rule.entry(d.code.to_string()).or_default() += 1;
            let text = match d.bullet {
                Some(i) if !report.document.bullets[i].kind.is_accomplishment() => {
                    *off_scope.entry(d.code[..3].to_string()).or_default() += 1;
                    set_seen
                        .entry(d.code[..3].to_string())
                        .or_default()
                        .insert(i);
                    report.document.bullets[i].text.clone()
                }
                Some(i) => {
                    set_seen
                        .entry(d.code[..3].to_string())
                        .or_default()
                        .insert(i);
                    report.document.bullets[i].text.clone()
                }
                None => format!("(role line) {}", &report.document.source[d.span.range()]),
            };
            findings.push((d.code.to_string(), name.clone(), d.message.clone(), text));
        }
        for (set, seen) in set_seen {
            *per_set_bullets.entry(set).or_default() += seen.len();
        }
    }
    let elapsed = started.elapsed();

    println!("corpus: {root}");
    let formats: Vec<String> = per_format.iter().map(|(f, n)| format!("{f} {n}")).collect();
    println!(
        "files: {linted} linted ({}), {errors} errors, {walk_errors} walk errors",
        formats.join(", ")
    );
    println!(
        "bullets: {bullets} found, {checked} accomplishment bullets checked, {skipped} skipped as not English"
    );
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("bullets by section: {}", kinds.join(", "));
    if outcome_bullets > 0 {
        println!(
            "outcome score over all experience/project bullets: {:.1}%",
            100.0 * with_outcome / outcome_bullets as f64
        );
    }
    let off: Vec<String> = ["PRC", "OUT", "STY", "WRD", "ROL"]
        .iter()
        .map(|set| format!("{set} {}", off_scope.get(*set).copied().unwrap_or(0)))
        .collect();
    println!(
        "findings on skills/education/certifications/other bullets: {}",
        off.join(", ")
    );
    println!("\n{:<8} {:<28} {:>8}", "rule", "name", "findings");
    for rule in &rules.rules {
        println!(
            "{:<8} {:<28} {:>8}",
            rule.code,
            rule.name,
            per_rule.get(&*rule.code).copied().unwrap_or(0)
        );
    }
    println!(
        "\n{:<6} {:>16} {:>18}",
        "set", "bullets flagged", "share of checked"
    );
    for (set, n) in &per_set_bullets {
        println!(
            "{set:<6} {n:>16} {:>17.1}%",
            100.0 * *n as f64 / checked.max(1) as f64
        );
    }
    println!(
        "\ntotal time: {:.0} ms for {:.1} MB ({:.1} MB/s, single thread, including rule loading)",
        elapsed.as_secs_f64() * 1000.0,
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );

    if args.iter().any(|a| a == "--coverage") {
        println!(
            "\n{:<55} {:>8} {:>6} {:>7}",
            "LaTeX / JSON Resume file", "expected", "found", "share"
        );
        let (mut all_expected, mut all_found) = (0, 0);
        for (name, expected, found) in &coverage {
            all_expected += expected;
            all_found += (*found).min(*expected);
            println!(
                "{name:<55} {expected:>8} {found:>6} {:>6.0}%",
                100.0 * (*found).min(*expected) as f64 / (*expected).max(1) as f64
            );
        }
        println!(
            "{:<55} {all_expected:>8} {all_found:>6} {:>6.1}%",
            "total",
            100.0 * all_found as f64 / all_expected.max(1) as f64
        );
    }

    if let Some((prefix, n)) = sample {
        let chosen: Vec<_> = findings
            .iter()
            .filter(|f| f.0.starts_with(&prefix))
            .collect();
        let step = (chosen.len() as f64 / n as f64).max(1.0);
        println!(
            "\nsample of {} of {} {prefix} findings:",
            n.min(chosen.len()),
            chosen.len()
        );
        for i in 0..n.min(chosen.len()) {
            let (code, file, message, text) = chosen[(i as f64 * step) as usize];
            println!("{:>3}. {code} {file}\n     {message}\n     | {text}", i + 1);
        }
    }
}

/// Bullets a LaTeX or JSON Resume file holds by a plain count, to compare with what the parser
/// found: `\item`/`\resumeItem`-style commands outside comments, or JSON `highlights` entries.
fn expected_bullets(format: Format, text: &str) -> Option<usize> {
    match format {
        Format::Latex => {
            let body = text.split("\\begin{document}").last().unwrap_or(text);
            let count = body
                .lines()
                .map(|line| line.split('%').next().unwrap_or(""))
                .map(|line| {
                    line.matches("\\item").count()
                        + line.matches("\\resumeItem{").count()
                        + line.matches("\\resumeSubItem{").count()
                        + line.matches("\\cvitem{").count()
                })
                .sum();
            Some(count)
        }
        Format::JsonResume => {
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            let count = ["work", "volunteer", "projects"]
                .iter()
                .filter_map(|k| value.get(*k)?.as_array())
                .flatten()
                .filter_map(|entry| entry.get("highlights")?.as_array())
                .map(Vec::len)
                .sum();
            Some(count)
        }
        _ => None,
    }
}

/// Resume files: Markdown, text, LaTeX and JSON, but not the corpus's own README/MANIFEST notes.
fn is_resume(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_uppercase())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    !name.starts_with("README")
        && !name.starts_with("MANIFEST")
        && ["md", "markdown", "txt", "tex", "json"].contains(&ext.as_str())
}

/// Every resume file below `root`.
fn walk_all(root: &Path) -> (Vec<std::path::PathBuf>, usize) {
    let mut files = Vec::new();
    let mut errors = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            errors += 1;
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_resume(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    (files, errors)
}
