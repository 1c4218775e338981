//! Fixture tests: each input under `fixtures/` is linted and rendered, and the result must match
//! its `.expected` file. `BLESS=1 cargo test --test fixtures` rewrites the expected files.
//!
//! A fixture named after a rule code (`fixtures/rules/PRC001.md`) runs with that rule alone;
//! every other fixture runs with all built-in rules.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use resume_lint::document::Format;
use resume_lint::render::{OutputFormat, RenderOptions, render};
use resume_lint::ruleset::RuleSet;

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

/// The bullets as parsed, then the human rendering.
fn actual(path: &Path, rules: &RuleSet) -> String {
    let name = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    let selected = match rules.find(&stem) {
        Some(_) => rules.clone().select(&[stem], &[]).unwrap(),
        None => rules.clone(),
    };
    let format = Format::from_path(&name).unwrap();
    // Read as the CLI reads it: a .docx fixture's paragraphs, any other fixture's text.
    let source =
        resume_lint::input::read_input(path, resume_lint::input::DEFAULT_MAX_FILE_SIZE, format)
            .expect("fixture reads");
    let report = resume_lint::lint(&name, source, format, &selected).expect("fixture parses");
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

#[test]
fn fixtures_match_their_expected_output() {
    let rules = RuleSet::builtin().unwrap();
    let bless = std::env::var_os("BLESS").is_some();
    let mut files = Vec::new();
    inputs(&fixtures_dir(), &mut files);
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in files {
        let got = actual(&path, &rules);
        let expected_path = path.with_extension(format!(
            "{}.expected",
            path.extension().unwrap().to_string_lossy()
        ));
        if bless {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        match fs::read_to_string(&expected_path) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!(
                "{}: output differs\n--- expected\n{want}\n--- actual\n{got}",
                path.display()
            )),
            Err(_) => failures.push(format!(
                "{}: no expected file; run BLESS=1 cargo test --test fixtures",
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_rule_has_a_fixture_that_flags_it() {
    let rules = RuleSet::builtin().unwrap();
    for rule in &rules.rules {
        let path = fixtures_dir()
            .join("rules")
            .join(format!("{}.md", rule.code));
        let source = fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("missing fixture {}", path.display()));
        let selected = rules.clone().select(&[rule.code.to_string()], &[]).unwrap();
        let report = resume_lint::lint("fixture.md", source, Format::Markdown, &selected)
            .expect("fixture parses");
        assert!(
            !report.diagnostics.is_empty(),
            "{} fixture flags nothing",
            rule.code
        );
        let flagged: std::collections::HashSet<usize> =
            report.diagnostics.iter().filter_map(|d| d.bullet).collect();
        let accomplishments = report
            .document
            .bullets
            .iter()
            .filter(|b| rule.scope.contains(&b.kind))
            .count();
        assert!(
            flagged.len() < accomplishments,
            "{} fixture has no bullet that must pass",
            rule.code
        );
    }
}
