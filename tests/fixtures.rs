//! Fixture tests, one test per file: each input under `fixtures/` is linted and rendered, and the
//! result must match its `.expected` file. A fixture named after a rule code
//! (`fixtures/rules/PRC001.md`) runs with that rule alone, must flag a bullet and pass another,
//! and, when the rule's fixes change it, must match its `.fixed` file (safe and unsafe fixes
//! applied). `cargo test PRC001` runs that rule's fixture tests and its examples
//! (`tests/rules.rs`); `BLESS=1 cargo test --test fixtures` rewrites the expected files.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use resume_lint::document::Format;
use resume_lint::render::{OutputFormat, RenderOptions, render};
use resume_lint::ruleset::RuleSet;

fn main() {
    let args = Arguments::from_args();
    let rules = Arc::new(RuleSet::builtin().expect("built-in rules load"));
    let mut files = Vec::new();
    inputs(&fixtures_dir(), &mut files);
    files.sort();
    let mut trials = Vec::new();
    for path in files {
        let name = shown_name(&path);
        let code = path.file_stem().unwrap().to_string_lossy().to_string();
        let rule_fixture = rules.find(&code).is_some();
        let (rules_for_test, path_for_test) = (rules.clone(), path.clone());
        trials.push(Trial::test(name.clone(), move || {
            expect(
                &expected_path(&path_for_test, "expected"),
                &actual(&path_for_test, &rules_for_test),
            )
        }));
        if rule_fixture {
            let (rules, path) = (rules.clone(), path.clone());
            trials.push(Trial::test(
                format!("{name} flags one bullet and passes another"),
                move || flags_and_passes(&path, &code, &rules),
            ));
        }
    }
    for rule in &rules.rules {
        let path = fixtures_dir()
            .join("rules")
            .join(format!("{}.md", rule.code));
        let rules = rules.clone();
        let code = rule.code.to_string();
        trials.push(Trial::test(
            format!("{} fixture and fixes", rule.code),
            move || {
                if !path.is_file() {
                    return Err(format!("{code} has no fixture {}", path.display()).into());
                }
                fixed(&path, &code, &rules)
            },
        ));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn inputs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("fixtures dir readable") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            inputs(&path, out);
        } else if Format::from_path(&path.to_string_lossy()).is_some() {
            out.push(path);
        }
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// `fixtures/rules/PRC001.md`, as the reports name it.
fn shown_name(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// `PRC001.md.expected`, `PRC001.md.fixed`.
fn expected_path(path: &Path, suffix: &str) -> PathBuf {
    path.with_extension(format!(
        "{}.{suffix}",
        path.extension().unwrap().to_string_lossy()
    ))
}

/// The rule set a fixture runs with: its rule alone, or every rule.
fn rules_for(path: &Path, rules: &RuleSet) -> RuleSet {
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    match rules.find(&stem) {
        Some(_) => rules.clone().select(&[stem], &[]).unwrap(),
        None => rules.clone(),
    }
}

/// The fixture's text as the CLI reads it: a .docx fixture's paragraphs, any other's text.
fn source(path: &Path) -> resume_lint::input::Text {
    let format = Format::from_path(&path.to_string_lossy()).unwrap();
    resume_lint::input::read_input(path, resume_lint::input::DEFAULT_MAX_FILE_SIZE, format)
        .expect("fixture reads")
}

/// Compare with the expected file, or write it under `BLESS=1`.
fn expect(expected: &Path, got: &str) -> Result<(), Failed> {
    if std::env::var_os("BLESS").is_some() {
        fs::write(expected, got).unwrap();
        return Ok(());
    }
    match fs::read_to_string(expected) {
        Ok(want) if want == got => Ok(()),
        Ok(want) => Err(format!(
            "{}: output differs\n--- expected\n{want}\n--- actual\n{got}",
            expected.display()
        )
        .into()),
        Err(_) => Err(format!(
            "no {}; run BLESS=1 cargo test --test fixtures",
            expected.display()
        )
        .into()),
    }
}

/// The bullets as parsed, then the human rendering.
fn actual(path: &Path, rules: &RuleSet) -> String {
    let name = shown_name(path);
    let selected = rules_for(path, rules);
    let format = Format::from_path(&name).unwrap();
    let report = resume_lint::lint(&name, source(path), format, &selected).expect("fixture parses");
    let mut out = String::from("# bullets\n");
    let doc = &report.document;
    for b in &doc.bullets {
        let line = doc.line_index.position(&doc.source, b.span.start).line;
        let role = doc
            .role_of(b)
            .map(|r| format!("  (role: {})", r.text))
            .unwrap_or_default();
        writeln!(out, "{line:>3} [{}] {}{role}", b.kind.as_str(), b.text).unwrap();
    }
    out.push_str("# report\n");
    let mut rendered = Vec::new();
    render(
        OutputFormat::Human,
        std::slice::from_ref(&report),
        &[],
        RenderOptions {
            color: false,
            rules: &selected,
            statistics: false,
        },
        &mut rendered,
    )
    .unwrap();
    let rendered = String::from_utf8(rendered).unwrap();
    for line in rendered.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A rule's fixture flags at least one bullet and leaves at least one in its scope alone.
fn flags_and_passes(path: &Path, code: &str, rules: &RuleSet) -> Result<(), Failed> {
    let selected = rules_for(path, rules);
    let rule = rules.find(code).unwrap();
    let report = resume_lint::lint("fixture.md", source(path), Format::Markdown, &selected)
        .expect("fixture parses");
    if report.diagnostics.is_empty() {
        return Err(format!("{code} fixture flags nothing").into());
    }
    let flagged: HashSet<usize> = report.diagnostics.iter().filter_map(|d| d.bullet).collect();
    let in_scope = report
        .document
        .bullets
        .iter()
        .filter(|b| rule.scope.contains(&b.kind))
        .count();
    if flagged.len() >= in_scope {
        return Err(format!("{code} fixture has no bullet that must pass").into());
    }
    Ok(())
}

/// When the rule's fixes (safe and unsafe) change its fixture, the result is pinned in
/// `.fixed`; when they change nothing, there is no `.fixed` file.
fn fixed(path: &Path, code: &str, rules: &RuleSet) -> Result<(), Failed> {
    let selected = rules_for(path, rules);
    let text = source(path).text;
    let fixed =
        resume_lint::fix::fix_source("fixture.md", &text, Format::Markdown, &selected, true);
    let expected = expected_path(path, "fixed");
    if fixed.text == text {
        if expected.is_file() {
            return Err(format!(
                "{code}'s fixes change nothing, but {} exists",
                expected.display()
            )
            .into());
        }
        return Ok(());
    }
    if !fixed.settled {
        return Err(format!("{code}'s fixes do not settle").into());
    }
    expect(&expected, &fixed.text)
}
