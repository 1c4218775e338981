//! End-to-end tests of the built `resume-lint` binary: exit codes, formats, colour, stdin, errors.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_resume-lint"));
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/product-owner.md");

#[test]
fn example_resume_reports_process_phrases_and_exits_1() {
    let out = run(&[EXAMPLE, "--color", "never"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    for code in [
        "PRC001", "PRC002", "PRC003", "PRC004", "PRC005", "OUT001", "OUT002",
    ] {
        assert!(text.contains(code), "missing {code} in:\n{text}");
    }
    assert!(
        text.contains("product-owner.md:14:3"),
        "file:line:col header"
    );
    assert!(
        text.contains("rewrite: Steered the claims team toward"),
        "rewrite reuses the bullet's object"
    );
    assert!(text.contains("outcome score"), "summary line");
    assert!(!text.contains('\x1b'), "--color never has no escape bytes");
}

#[test]
fn fail_on_and_exit_zero_control_the_exit_code() {
    assert_eq!(run(&[EXAMPLE, "--exit-zero"]).status.code(), Some(0));
    assert_eq!(run(&[EXAMPLE, "--fail-on", "error"]).status.code(), Some(0));
    assert_eq!(
        run(&[EXAMPLE, "--fail-on", "info", "--select", "OUT001"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&[EXAMPLE, "--fail-on", "warning", "--select", "OUT001"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn colour_always_emits_escapes_and_no_color_is_honoured() {
    assert!(stdout(&run(&[EXAMPLE, "--color", "always"])).contains('\x1b'));
    let out = bin()
        .env("NO_COLOR", "1")
        .args([EXAMPLE, "--color", "auto"])
        .output()
        .unwrap();
    assert!(!stdout(&out).contains('\x1b'));
}

#[test]
fn json_output_validates_against_the_published_schema() {
    let out = run(&[EXAMPLE, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON parses");
    let validator = common::schema("schemas/report.schema.json");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
    let file = &report["files"][0];
    let source = fs::read_to_string(EXAMPLE).unwrap();
    for d in file["diagnostics"].as_array().unwrap() {
        let (start, end) = (
            d["start"].as_u64().unwrap() as usize,
            d["end"].as_u64().unwrap() as usize,
        );
        assert!(source.is_char_boundary(start) && source.is_char_boundary(end));
    }
    assert!(file["summary"]["outcome_score"].as_f64().unwrap() < 0.5);
}

#[test]
fn non_ascii_and_crlf_spans_and_columns_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let text = "## Experience\r\n\r\n- Café “Zoë” – 中文 😀 prioritized the backlog for the Zürich team\r\n";
    fs::write(dir.path().join("cv.md"), text).unwrap();
    let out = run_in(
        dir.path(),
        &["cv.md", "--format", "json", "--select", "PRC001"],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["files"][0]["diagnostics"][0];
    let (start, end) = (
        d["start"].as_u64().unwrap() as usize,
        d["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "prioritized the backlog");
    let prefix = &text[text.find("- ").unwrap()..start];
    assert_eq!(d["line"], 3);
    assert_eq!(
        d["column"].as_u64().unwrap() as usize,
        prefix.chars().count() + 1
    );
    assert_eq!(
        d["column_utf16"].as_u64().unwrap() as usize,
        prefix.encode_utf16().count() + 1
    );

    let out = run_in(
        dir.path(),
        &["cv.md", "--format", "concise", "--select", "PRC001"],
    );
    let expected_col = prefix.chars().count() + 1;
    let concise = stdout(&out);
    assert!(
        concise.trim().starts_with(&format!(
            "cv.md:3:{expected_col}: warning[PRC001] `prioritized the backlog` describes backlog mechanics, not what changed; rewrite: "
        )),
        "{concise}"
    );
    let human = stdout(&run_in(
        dir.path(),
        &["cv.md", "--color", "never", "--select", "PRC001"],
    ));
    // The underline starts under the `p` of "prioritized", in terminal columns: 中, 文 and 😀 are
    // two columns wide, the other characters one.
    let source_line = human.lines().find(|l| l.contains("Café")).unwrap();
    let underline = human
        .lines()
        .skip_while(|l| !l.contains("Café"))
        .nth(1)
        .unwrap();
    let bar = |line: &str| line.find('│').unwrap() + '│'.len_utf8();
    let width = |s: &str| {
        s.chars().count()
            + s.chars()
                .filter(|c| matches!(c, '中' | '文' | '😀'))
                .count()
    };
    let text_col = width(&source_line[bar(source_line)..source_line.find("prioritized").unwrap()]);
    let underline_col = width(&underline[bar(underline)..underline.find('─').unwrap()]);
    assert_eq!(text_col, underline_col, "\n{source_line}\n{underline}");
}

#[test]
fn stdin_is_linted_with_the_given_filename_and_format() {
    let mut child = bin()
        .args(["-", "--stdin-filename", "resume.md", "--format", "concise"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"- **Groomed** the sprint backlog\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("resume.md:1:5: warning[PRC001]")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_inputs_get_clear_errors_and_the_other_files_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("good.md"),
        "- Wrote user stories for the app\n",
    )
    .unwrap();
    fs::write(dir.path().join("latin1.txt"), b"- Caf\xe9 owner\n").unwrap();
    fs::write(dir.path().join("binary.txt"), b"PK\x03\x04\x00\x00").unwrap();
    fs::write(dir.path().join("empty.md"), "").unwrap();
    let out = run_in(
        dir.path(),
        &[
            "missing.md",
            "latin1.txt",
            "binary.txt",
            "empty.md",
            "good.md",
            "--format",
            "concise",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("missing.md") && err.contains("No such file"),
        "{err}"
    );
    assert!(
        err.contains("latin1.txt: not valid UTF-8 (first bad byte at offset 5)"),
        "{err}"
    );
    assert!(
        err.contains("binary.txt: binary file (NUL byte at offset 4), skipped"),
        "{err}"
    );
    assert!(err.contains("empty.md: file is empty"), "{err}");
    assert!(
        stdout(&out).contains("good.md:1:3: warning[PRC002]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/nested")).unwrap();
    fs::create_dir_all(root.join(".hidden")).unwrap();
    let bullet = "- Facilitated daily stand-ups\n";
    for name in [
        "z.md",
        "a.txt",
        "b/nested/c.markdown",
        ".hidden/h.md",
        "b/notes.pdf",
    ] {
        fs::write(root.join(name), bullet).unwrap();
    }
    let out = run_in(root, &[".", "--format", "concise", "--select", "PRC"]);
    let text = stdout(&out);
    let paths: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(paths, vec!["./a.txt", "./b/nested/c.markdown", "./z.md"]);
}

#[test]
fn selectors_filter_rules_and_unknown_ones_are_usage_errors() {
    let out = run(&[
        EXAMPLE,
        "--format",
        "concise",
        "--select",
        "PRC",
        "--ignore",
        "order-taking,PRC005",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("PRC001")
            && !text.contains("PRC004")
            && !text.contains("PRC005")
            && !text.contains("OUT")
    );
    let out = run(&[EXAMPLE, "--select", "PRX"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown rule `PRX`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rules_and_explain_subcommands() {
    let out = run(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("PRC001  backlog-mechanics"));
    let list: serde_json::Value =
        serde_json::from_slice(&run(&["rules", "--format", "json"]).stdout).unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "OUT001" && r["fix"] == "display-only")
    );
    let out = run(&["explain", "PRC003"]);
    let text = stdout(&out);
    assert!(
        text.contains("ceremony-running")
            && text.contains("Why")
            && text.contains("bad:")
            && text.contains("display-only")
    );
    assert_eq!(stdout(&run(&["explain", "ceremony-running"])), text);
    assert_eq!(run(&["explain", "NOPE999"]).status.code(), Some(2));
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big: String = (0..3000)
        .map(|i| format!("- Wrote user stories for team {i}\n"))
        .collect();
    fs::write(dir.path().join("big.md"), big).unwrap();
    let mut child = bin()
        .current_dir(dir.path())
        .args(["big.md", "--format", "concise"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn explain_works_for_every_rule() {
    let list: serde_json::Value =
        serde_json::from_slice(&run(&["rules", "--format", "json"]).stdout).unwrap();
    let rules = list.as_array().unwrap();
    assert!(rules.len() >= 21, "all built-in sets are listed");
    for rule in rules {
        let code = rule["code"].as_str().unwrap();
        let out = run(&["explain", code]);
        assert_eq!(out.status.code(), Some(0), "explain {code}");
        let text = stdout(&out);
        assert!(
            text.starts_with(code) && text.contains("Why") && text.contains("bad:"),
            "explain {code}:\n{text}"
        );
    }
}

#[test]
fn summary_counts_process_outcome_and_non_english_bullets() {
    let dir = tempfile::tempdir().unwrap();
    let text = "## Experience\n\n\
        - Prioritized the backlog for the search team.\n\
        - Cut search latency from 900 ms to 200 ms for 2M users.\n\
        - Built the admin console for the support staff.\n\
        - Gestioné el backlog del producto y las ceremonias con dos equipos.\n\n\
        ## Skills\n\n- Scrum, Jira, SQL\n";
    fs::write(dir.path().join("cv.md"), text).unwrap();
    let out = run_in(dir.path(), &["cv.md", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let summary = &report["files"][0]["summary"];
    assert_eq!(summary["bullets"], 5);
    assert_eq!(summary["checked"], 3);
    assert_eq!(summary["skipped_non_english"], 1);
    assert_eq!(summary["process_oriented"], 1);
    assert_eq!(summary["without_outcome"], 2);
    assert!((summary["outcome_score"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
    // Nothing on the skills line, nothing on the Spanish bullet.
    assert!(
        diagnostics.iter().all(|d| d["bullet"].as_u64() < Some(3)),
        "{diagnostics:#?}"
    );
    let human = stdout(&run_in(dir.path(), &["cv.md", "--color", "never"]));
    assert!(human.contains("cv.md: 5 bullets, 3 checked, 1 skipped (not English), 1 process-oriented, 2 without an outcome, outcome score 33%"), "{human}");
}

#[test]
fn min_severity_hides_findings_below_it_in_every_format_but_not_from_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    // One info finding only (no outcome), so --fail-on info decides the exit code alone.
    let cv = dir.path().join("cv.md");
    fs::write(
        &cv,
        "## Experience\n\n- Rebuilt the café’s stock sheet – 中文 menus too 🚀\n",
    )
    .unwrap();
    let path = cv.to_str().unwrap();
    for format in ["concise", "json", "sarif", "github", "human"] {
        let args = [
            path,
            "--format",
            format,
            "--fail-on",
            "info",
            "--color",
            "never",
        ];
        let all = run(&args);
        let hidden = run(&[&args[..], &["--min-severity", "warning"]].concat());
        // SARIF lists every rule in its driver; a result names its rule as `ruleId`.
        let finding = if format == "sarif" {
            "\"ruleId\":\"OUT001\""
        } else {
            "OUT001"
        };
        assert!(stdout(&all).contains(finding), "{format}: {}", stdout(&all));
        assert!(
            !stdout(&hidden).contains(finding),
            "{format}: {}",
            stdout(&hidden)
        );
        assert_eq!(
            hidden.status.code(),
            Some(1),
            "{format}: hidden findings still fail the run"
        );
    }
    // The config key does the same; the command line wins over it.
    fs::write(
        dir.path().join("resume-lint.toml"),
        "min-severity = \"warning\"\n",
    )
    .unwrap();
    let from_config = run_in(dir.path(), &["cv.md", "--format", "concise", "--exit-zero"]);
    assert!(
        !stdout(&from_config).contains("OUT001"),
        "{}",
        stdout(&from_config)
    );
    let overridden = run_in(
        dir.path(),
        &[
            "cv.md",
            "--format",
            "concise",
            "--exit-zero",
            "--min-severity",
            "info",
        ],
    );
    assert!(
        stdout(&overridden).contains("OUT001"),
        "{}",
        stdout(&overridden)
    );
}

#[test]
fn a_usage_error_prints_one_line_on_stderr_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("cv.md"),
        "- Wrote user stories for the café\n",
    )
    .unwrap();
    fs::write(dir.path().join("broken.toml"), "select = [\n").unwrap();
    for args in [
        ["cv.md", "--select", "FOO", "--format", "human"],
        ["cv.md", "--select", "FOO", "--format", "json"],
        ["cv.md", "--config", "broken.toml", "--format", "json"],
    ] {
        let out = run_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn diff_headers_are_a_and_b_before_the_path_without_a_double_slash() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.md");
    fs::write(
        &cv,
        "# Experience\n\n- I wrote user stories for the café team\n",
    )
    .unwrap();
    let absolute = cv.to_str().unwrap();
    let out = run_in(dir.path(), &[absolute, "--diff"]);
    let diff = stdout(&out);
    let shown = absolute.trim_start_matches('/');
    assert!(
        diff.starts_with(&format!("--- a/{shown}\n+++ b/{shown}\n")),
        "{diff}"
    );
    let out = run_in(dir.path(), &["./cv.md", "--diff"]);
    assert!(
        stdout(&out).starts_with("--- a/cv.md\n+++ b/cv.md\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        fs::read_to_string(&cv).unwrap().lines().nth(2),
        Some("- I wrote user stories for the café team")
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_parser() {
    let out = run(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("resume-lint.bash");
    fs::write(&script, &out.stdout).unwrap();
    // Completing in a real bash: options, their values and subcommands.
    let complete = |words: &str, cword: usize| {
        let probe = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD={cword}; \
             _resume__lint resume-lint \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; \
             echo \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let out = Command::new("bash").args(["-c", &probe]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(complete("resume-lint --show-f", 1), "--show-files");
    assert_eq!(
        complete("resume-lint --format ''", 2),
        "human concise json jsonl github sarif"
    );
    assert_eq!(complete("resume-lint expl", 1), "explain");

    for (shell, marker) in [
        ("zsh", "#compdef resume-lint"),
        ("fish", "complete -c resume-lint"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[resume-lint]"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(
            script.contains(marker) && script.contains("force-exclude"),
            "{shell}"
        );
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));

    let man = stdout(&run(&["man"]));
    assert!(man.contains(".TH resume-lint 1"), "{man}");
    for option in [
        "\\-\\-show\\-files",
        "\\-\\-fail\\-on",
        "explain",
        "completions",
    ] {
        assert!(man.contains(option), "the man page lacks {option}");
    }
}

#[test]
fn a_run_over_several_files_ends_with_totals_in_human_and_json() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        "## Experience\n\n- Groomed the backlog for the app team.\n- Cut refund time 40% (9 → 5 days) for 3,000 customers.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("b.md"),
        "## Experience\n\n- Wrote user stories for the café team.\n- Facilitated daily stand-ups.\n- Raised NPS from 31 to 52 by rebuilding onboarding.\n\n## Skills\n\n- Jira\n",
    )
    .unwrap();
    let human = stdout(&run_in(dir.path(), &["a.md", "b.md", "--color", "never"]));
    assert_eq!(
        human.lines().last().unwrap(),
        "All 2 files: 6 bullets, 5 checked, 3 process-oriented, 3 without an outcome, outcome score 40%",
        "{human}"
    );
    let one = stdout(&run_in(dir.path(), &["a.md", "--color", "never"]));
    assert!(
        !one.contains("All 1 files"),
        "one file: its own line says it all"
    );

    let out = run_in(dir.path(), &["a.md", "b.md", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(common::schema("schemas/report.schema.json").is_valid(&report));
    let total = &report["summary"];
    assert_eq!(total["files"], 2);
    for key in [
        "bullets",
        "checked",
        "process_oriented",
        "without_outcome",
        "outcome_bullets",
    ] {
        let sum: u64 = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["summary"][key].as_u64().unwrap())
            .sum();
        assert_eq!(total[key].as_u64().unwrap(), sum, "{key}");
    }
    // The score of all the bullets together, not the mean of the files' scores (50% and 33%).
    assert_eq!(total["outcome_score"].as_f64().unwrap(), 0.4);
}

/// The README's option table lists exactly the options `--help` shows (so neither goes stale).
#[test]
fn readme_option_table_matches_help() {
    let help = Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .arg("--help")
        .output()
        .unwrap();
    let long_names = |text: &str| -> std::collections::BTreeSet<String> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|word| word.starts_with("--") && word.len() > 2)
            .map(str::to_string)
            .collect()
    };
    let mut from_help: std::collections::BTreeSet<String> = String::from_utf8_lossy(&help.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .flat_map(|l| long_names(l.split("  ").find(|s| !s.trim().is_empty()).unwrap_or("")))
        .collect();
    from_help.remove("--help");
    from_help.remove("--version");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme.split("| option | meaning |").nth(1).unwrap();
    let from_readme: std::collections::BTreeSet<String> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .flat_map(|l| long_names(l.split('|').nth(1).unwrap_or("")))
        .collect();
    assert_eq!(from_readme, from_help, "README option table vs --help");
}
