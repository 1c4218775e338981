//! CLI tests for CI and editor integration: config files, suppressions, baselines, fixes and
//! the machine formats, each on real files in a temporary directory.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn codes(out: &Output) -> Vec<String> {
    text(&out.stdout)
        .lines()
        .filter_map(|l| l.split('[').nth(1)?.split(']').next().map(str::to_string))
        .collect()
}

fn write(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

const PROCESS: &str =
    "- Groomed the backlog for the app team.\n- Wrote user stories for the app team.\n";

#[test]
fn closest_config_wins_and_command_line_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "resume-lint.toml",
        "select = [\"PRC\"]\nignore = [\"PRC001\"]\n",
    );
    write(root, "sub/.resume-lint.toml", "select = [\"PRC001\"]\n");
    write(root, "cv.md", PROCESS);
    write(root, "sub/cv.md", PROCESS);
    let out = run_in(root, &["cv.md", "sub/cv.md", "--format", "concise"]);
    assert_eq!(
        codes(&out),
        vec!["PRC002", "PRC001"],
        "{}",
        text(&out.stdout)
    );

    let out = run_in(
        root,
        &["sub/cv.md", "--format", "concise", "--select", "PRC002"],
    );
    assert_eq!(
        codes(&out),
        vec!["PRC002"],
        "--select replaces the config's select"
    );

    let out = run_in(
        root,
        &[
            "sub/cv.md",
            "--format",
            "concise",
            "--config",
            "resume-lint.toml",
        ],
    );
    assert_eq!(codes(&out), vec!["PRC002"], "--config replaces discovery");

    let out = run_in(
        root,
        &[
            "sub/cv.md",
            "--format",
            "concise",
            "--isolated",
            "--select",
            "PRC",
        ],
    );
    assert_eq!(
        codes(&out),
        vec!["PRC001", "PRC002"],
        "--isolated ignores config files"
    );

    let out = run_in(root, &["sub/cv.md", "--show-settings"]);
    let shown = text(&out.stdout);
    assert!(
        shown.contains(".resume-lint.toml")
            && shown.contains("select = [\"PRC001\"]")
            && shown.contains("PRC001  backlog-mechanics"),
        "{shown}"
    );
}

#[test]
fn bad_configs_are_errors_naming_file_line_and_key_and_other_files_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "bad/resume-lint.toml",
        "select = [\"PRC\"]\nfial-on = \"info\"\n",
    );
    write(root, "bad/cv.md", PROCESS);
    write(root, "good/cv.md", PROCESS);
    let out = run_in(
        root,
        &[
            "bad/cv.md",
            "good/cv.md",
            "--format",
            "concise",
            "--select",
            "PRC001",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("resume-lint.toml") && err.contains("line 2") && err.contains("fial-on"),
        "{err}"
    );
    assert!(text(&out.stdout).contains("good/cv.md:1:3: warning[PRC001]"));

    write(root, "bad/resume-lint.toml", "ignore = [\"PRC042\"]\n");
    let err = text(&run_in(root, &["bad/cv.md"]).stderr);
    assert!(
        err.contains("resume-lint.toml:1") && err.contains("PRC042"),
        "{err}"
    );
}

#[test]
fn rule_options_severities_per_file_ignores_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "resume-lint.toml",
        "select = [\"STY001\", \"PRC\"]\nfail-on = \"error\"\n[rules.STY001]\nmin-words = 2\nmax-words = 4\nseverity = \"error\"\n[rules.PRC002]\nseverity = \"off\"\n[per-file-ignores]\n\"drafts/**\" = [\"STY\"]\n",
    );
    write(root, "cv.md", PROCESS);
    write(root, "drafts/old.md", PROCESS);
    let out = run_in(root, &["cv.md", "drafts/old.md", "--format", "concise"]);
    let lines = text(&out.stdout);
    assert!(
        lines.contains(
            "cv.md:1:3: error[STY001] a 7-word bullet is too long (aim for 2 to 4 words)"
        ),
        "{lines}"
    );
    assert!(
        !lines.contains("PRC002"),
        "severity off disables the rule: {lines}"
    );
    assert!(
        !lines.contains("drafts/old.md:1:3: error[STY001]"),
        "per-file-ignores: {lines}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error-level finding fails with fail-on = error"
    );
    write(
        root,
        "resume-lint.toml",
        "select = [\"PRC\"]\nfail-on = \"error\"\n",
    );
    assert_eq!(
        run_in(root, &["cv.md"]).status.code(),
        Some(0),
        "warnings do not fail with fail-on = error"
    );
}

const USER_RULES: &str = r#"
prefix = "USR"
name = "house-style"
description = "our own rules"

[[rules]]
code = "USR001"
name = "says-ninja"
severity = "warning"
kind = "phrase"
patterns = ["ninja"]
unless = ["stated-outcome"]
message = "`{match}` is not a job title"
help = "say what you did"
why = "titles"
example = { bad = "Excel ninja", good = "Built the Excel model" }
flag = ["Excel ninja on the finance team"]
pass = ["Built the Excel model", "Excel ninja who cut close time 30%"]
"#;

#[test]
fn user_rule_files_load_from_config_and_test_rules_runs_their_examples() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "rules/house.toml", USER_RULES);
    write(
        root,
        "resume-lint.toml",
        "rule-files = [\"rules/house.toml\"]\nselect = [\"USR\"]\n",
    );
    write(root, "cv.md", "- Excel ninja for the sales team.\n");
    assert_eq!(
        codes(&run_in(root, &["cv.md", "--format", "concise"])),
        vec!["USR001"]
    );

    let out = run_in(root, &["test-rules", "rules/house.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("ok    USR001 says-ninja (1 flag, 2 pass)"));

    write(
        root,
        "rules/broken.toml",
        &USER_RULES.replace("\"Built the Excel model\", ", "\"Excel ninja\", "),
    );
    let out = run_in(root, &["test-rules", "rules/broken.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("FAIL  USR001")
            && text(&out.stdout).contains("should pass: Excel ninja")
    );

    write(
        root,
        "rules/malformed.toml",
        &USER_RULES.replace("kind = \"phrase\"", "kind = \"phrasee\""),
    );
    let out = run_in(root, &["test-rules", "rules/malformed.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("rules/malformed.toml: rule USR001: unknown kind"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn rules_and_explain_see_the_rules_and_severities_the_config_loads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "rules/house.toml", USER_RULES);
    write(
        root,
        "resume-lint.toml",
        "rule-files = [\"rules/house.toml\"]\nignore = [\"PRC001\"]\n\n[rules.OUT001]\nseverity = \"error\"\n",
    );
    let table = text(&run_in(root, &["rules"]).stdout);
    let row = |code: &str| {
        table
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("no {code} in\n{table}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(row("USR001")[..2], ["USR001", "says-ninja"]);
    assert_eq!(row("OUT001")[3], "error", "the configured severity");
    assert_eq!(row("PRC001")[3], "off", "not enabled by the config");
    let json: serde_json::Value =
        serde_json::from_slice(&run_in(root, &["rules", "--format", "json"]).stdout).unwrap();
    let user = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "USR001")
        .unwrap();
    assert_eq!(user["enabled"], true);
    assert!(user["file"].as_str().unwrap().ends_with("rules/house.toml"));

    let out = run_in(root, &["explain", "USR001"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let explained = text(&out.stdout);
    assert!(
        explained.starts_with("USR001 (says-ninja)") && explained.contains("rules/house.toml"),
        "{explained}"
    );
    // From elsewhere with --config, the same; --isolated sees the built-in rules only.
    let elsewhere = tempfile::tempdir().unwrap();
    let config = root.join("resume-lint.toml");
    let out = run_in(
        elsewhere.path(),
        &[
            "explain",
            "says-ninja",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run_in(root, &["explain", "USR001", "--isolated"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run_in(root, &["rules", "--isolated"]);
    assert!(!text(&out.stdout).contains("USR001"));
    assert!(
        text(&out.stdout)
            .lines()
            .any(|l| l.starts_with("PRC001") && l.contains(" warning "))
    );
}

#[test]
fn test_rules_runs_the_shipped_rule_files_in_place_of_the_built_in_sets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run_in(
        root,
        &["test-rules", "rules/process.toml", "rules/outcome.toml"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("ok    PRC001 backlog-mechanics"),
        "{stdout}"
    );
    assert!(stdout.contains("ok    OUT001 no-outcome"), "{stdout}");
    assert!(
        !stdout.contains("WRD001"),
        "only the named files' rules run: {stdout}"
    );
}

#[test]
fn suppression_directives_in_markdown_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "cv.md",
        "<!-- resume-lint-disable-next-line PRC001 -->\n- Groomed the backlog for the app team.\n\
         <!-- resume-lint-disable PRC002 -->\n- Wrote user stories for the app team.\n<!-- resume-lint-enable PRC002 -->\n\
         - Wrote user stories for the web team.\n<!-- resume-lint-disable-next-line OUT002 -->\n- Groomed the backlog for the web team.\n",
    );
    write(
        root,
        "cv.txt",
        "# resume-lint-disable-file PRC\n- Groomed the backlog for the app team\n",
    );
    let out = run_in(
        root,
        &[
            "cv.md", "cv.txt", "--format", "concise", "--select", "PRC,SUP",
        ],
    );
    let lines = text(&out.stdout);
    let got: Vec<&str> = lines
        .lines()
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    assert_eq!(got, vec!["cv.md:6:3", "cv.md:7:1", "cv.md:8:3"], "{lines}");
    assert!(lines.contains("cv.md:7:1: info[SUP001] `<!-- resume-lint-disable-next-line OUT002 -->` suppressed nothing (OUT002)"), "{lines}");
}

#[test]
fn baseline_round_trip_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "cv.md", PROCESS);
    let out = run_in(
        root,
        &[
            "cv.md",
            "--select",
            "PRC",
            "--write-baseline",
            "baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("wrote 2 findings to baseline baseline.json"));
    write(
        root,
        "cv.md",
        &format!(
            "# Jane Doe\n\nNew intro.\n\n{PROCESS}- Facilitated daily stand-ups for the team.\n"
        ),
    );
    let out = run_in(
        root,
        &[
            "cv.md",
            "--select",
            "PRC",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(codes(&out), vec!["PRC003"]);
    write(root, "broken.json", "{\"version\": 9, \"findings\": []}");
    let out = run_in(root, &["cv.md", "--baseline", "broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("broken.json"));
}

#[test]
fn a_baseline_matches_from_any_directory_and_warns_when_it_knows_no_linted_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("cvs/2024")).unwrap();
    write(root, "cvs/2024/cv.md", PROCESS);
    write(root, "cvs/other.md", PROCESS);
    // Written from the repository root, with the baseline in a subdirectory…
    let out = run_in(
        root,
        &[
            "cvs/2024/cv.md",
            "--select",
            "PRC",
            "--write-baseline",
            "cvs/baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = fs::read_to_string(root.join("cvs/baseline.json")).unwrap();
    assert!(written.contains("\"path\": \"2024/cv.md\""), "{written}");
    // …it matches the same file linted from the subdirectory, the file's own directory, or
    // through `./` and `..`.
    for (cwd, file, baseline) in [
        ("cvs", "2024/cv.md", "baseline.json"),
        ("cvs/2024", "cv.md", "../baseline.json"),
        ("cvs/2024", "./../2024/cv.md", "../baseline.json"),
        ("", "./cvs/2024/cv.md", "cvs/baseline.json"),
    ] {
        let out = run_in(
            &root.join(cwd),
            &[
                file,
                "--select",
                "PRC",
                "--baseline",
                baseline,
                "--format",
                "concise",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "from {cwd:?}: {}",
            text(&out.stdout)
        );
        assert!(codes(&out).is_empty(), "from {cwd:?}");
        assert!(
            text(&out.stderr).is_empty(),
            "from {cwd:?}: {}",
            text(&out.stderr)
        );
    }
    // A baseline that records none of the linted files says so (the findings are reported).
    let out = run_in(
        root,
        &[
            "cvs/other.md",
            "--select",
            "PRC",
            "--baseline",
            "cvs/baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(codes(&out), vec!["PRC001", "PRC002"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "warning: baseline cvs/baseline.json records 2 findings but none in the files linted"
        ),
        "{stderr}"
    );
}

#[test]
fn fix_diff_idempotence_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let original = "## Experience\n\n### Product Owner, Acme (2020 – Present)\n\n- I successfully cut costs by 9%.\n- Hired four engineers.\n";
    write(root, "cv.md", original);

    let out = run_in(root, &["cv.md", "--diff"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = text(&out.stdout);
    assert!(
        diff.contains("--- a/cv.md")
            && diff.contains("-- I successfully cut costs by 9%.")
            && diff.contains("+- Cut costs by 9%."),
        "{diff}"
    );
    assert_eq!(
        fs::read_to_string(root.join("cv.md")).unwrap(),
        original,
        "--diff writes nothing"
    );

    let out = run_in(root, &["cv.md", "--fix", "--format", "concise"]);
    let fixed = fs::read_to_string(root.join("cv.md")).unwrap();
    assert!(
        fixed.contains("- Cut costs by 9%.") && fixed.contains("### Product Owner, Acme"),
        "{fixed}"
    );
    assert!(
        text(&out.stderr).contains("fixed 2 findings in 1 file"),
        "{}",
        text(&out.stderr)
    );

    let mtime = fs::metadata(root.join("cv.md"))
        .unwrap()
        .modified()
        .unwrap();
    let out = run_in(root, &["cv.md", "--fix"]);
    assert!(text(&out.stderr).contains("fixed 0 findings in 0 files"));
    assert_eq!(
        fs::metadata(root.join("cv.md"))
            .unwrap()
            .modified()
            .unwrap(),
        mtime,
        "second --fix writes nothing"
    );

    // The config key does what the flag does.
    fs::write(root.join("resume-lint.toml"), "unsafe-fixes = true\n").unwrap();
    run_in(root, &["cv.md", "--fix"]);
    fs::remove_file(root.join("resume-lint.toml")).unwrap();
    assert!(
        fs::read_to_string(root.join("cv.md"))
            .unwrap()
            .contains("### Product Owner / Product Manager, Acme")
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .args(["-", "--fix", "--stdin-filename", "cv.md"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"- I successfully shipped it\n- Cut costs 9%.\n- Hired four engineers.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        text(&out.stdout),
        "- Shipped it.\n- Cut costs 9%.\n- Hired four engineers.\n"
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cv.md", "- I cut costs by 9%.\n");
    let path = dir.path().join("cv.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    run_in(dir.path(), &["cv.md", "--fix"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), "- Cut costs by 9%.\n");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn github_annotations_follow_ruffs_syntax() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cv.md",
        "- Groomed the backlog for the app team.\n- Prioritized the\n  backlog for web.\n",
    );
    let out = run_in(
        dir.path(),
        &["cv.md", "--format", "github", "--select", "PRC001"],
    );
    let lines = text(&out.stdout);
    let lines: Vec<&str> = lines.lines().collect();
    assert!(
        lines[0].starts_with(
        "::warning title=resume-lint (PRC001),file=cv.md,line=1,endLine=1,col=3,endColumn=22::cv.md:1:3: PRC001 `Groomed the backlog` describes backlog mechanics, not what changed%0Arewrite: "),
        "the rewrite follows the message on an escaped line break: {}",
        lines[0]
    );
    assert!(lines[0].contains("%0Arewrite: Steered the app team toward <goal"));
    assert!(
        lines[1].starts_with("::warning title=resume-lint (PRC001),file=cv.md,line=2,endLine=3::"),
        "no columns on a multi-line span: {}",
        lines[1]
    );
    let out = run_in(
        dir.path(),
        &[
            "cv.md",
            "--format",
            "github",
            "--select",
            "OUT001",
            "--isolated",
        ],
    );
    assert!(text(&out.stdout).starts_with("::notice "), "info → notice");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "my cv.md",
        "## Experience\n\n- I groomed the backlog for the app team.\n- Built the admin app for the support staff.\n",
    );
    let out = run_in(dir.path(), &["my cv.md", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let validator = common::schema("tests/data/sarif-2.1.0.json");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "PRC001" && r["level"] == "warning")
    );
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "OUT001" && r["level"] == "note")
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20cv.md"
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "PRC001" && r["help"]["text"].as_str().unwrap().contains("bad:"))
    );
    assert!(rules.iter().all(|r| {
        r["help"]["markdown"]
            .as_str()
            .is_some_and(|m| m.contains("| bad |") && m.contains("| good |"))
    }));
    // The outcome rewrite is in the message; `fixes` holds only suggestions that edit the file.
    let backlog = results.iter().find(|r| r["ruleId"] == "PRC001").unwrap();
    let message = backlog["message"]["text"].as_str().unwrap();
    assert!(
        message.contains("\nrewrite: Steered the app team toward <goal"),
        "{message}"
    );
    assert!(
        backlog.get("fixes").is_none(),
        "a display-only rewrite is no fix"
    );
    let pronoun = results.iter().find(|r| r["ruleId"] == "WRD002").unwrap();
    assert!(
        pronoun["message"]["text"]
            .as_str()
            .unwrap()
            .contains("\nfix: ")
    );
    let edits = &pronoun["fixes"][0]["artifactChanges"][0]["replacements"];
    assert!(!edits.as_array().unwrap().is_empty());
}

#[test]
fn concise_lines_end_with_the_rewrite_or_fix_on_offer() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cv.md",
        "## Experience\n\n- I groomed the backlog for the app team.\n- Cut refund time 40% (9 → 5 days).\n",
    );
    let out = run_in(
        dir.path(),
        &["cv.md", "--format", "concise", "--select", "PRC001,WRD002"],
    );
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cv.md:3:5: warning[PRC001] ")
                && l.contains(", not what changed; rewrite: Steered the app team toward <goal")),
        "{stdout}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("cv.md:3:3: ")
            && l.contains("[WRD002]")
            && l.contains("; fix: ")),
        "{stdout}"
    );
}

#[test]
fn jsonl_output_file_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cv.md", PROCESS);
    let out = run_in(
        dir.path(),
        &["cv.md", "--format", "jsonl", "--select", "PRC"],
    );
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["path"], "cv.md");
    assert_eq!(lines[1]["code"], "PRC002");

    let out = run_in(
        dir.path(),
        &[
            "cv.md",
            "--select",
            "PRC",
            "--output-file",
            "report.json",
            "--format",
            "json",
        ],
    );
    assert!(out.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(
        report["files"][0]["diagnostics"].as_array().unwrap().len(),
        2
    );

    let out = run_in(dir.path(), &["cv.md", "--statistics"]);
    let stats = text(&out.stdout);
    assert!(
        stats.contains("1\tPRC001\tbacklog-mechanics") && stats.contains("Found "),
        "{stats}"
    );
}

#[test]
fn a_full_config_validates_against_the_published_schema_and_loads() {
    let config = "extend = \"base.toml\"\nselect = [\"PRC\", \"OUT\", \"STY\"]\nextend-select = [\"ROL\"]\nignore = [\"PRC005\"]\nfail-on = \"warning\"\nmin-severity = \"info\"\nrule-files = []\nextend-include = [\"*.resume\"]\nextend-exclude = [\"drafts/\"]\nforce-exclude = true\n\n[per-file-ignores]\n\"drafts/*.md\" = [\"OUT001\"]\n\n[rules.STY001]\nmin-words = 4\nmax-words = 30\n\n[rules.repeated-opener]\nmin-count = 4\nseverity = \"warning\"\n";
    let as_json: serde_json::Value = toml::from_str::<toml::Value>(config)
        .map(|v| serde_json::to_value(v).unwrap())
        .unwrap();
    let validator = common::schema("schemas/config.schema.json");
    assert!(validator.is_valid(&as_json));
    let mut bogus = as_json.clone();
    bogus["fial-on"] = serde_json::json!("info");
    assert!(
        !validator.is_valid(&bogus),
        "unknown keys are rejected by the schema too"
    );

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", "");
    write(dir.path(), "resume-lint.toml", config);
    let out = run_in(dir.path(), &["--show-settings"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("STY001  bullet-length") && shown.contains("min-words = 4, max-words = 30"),
        "{shown}"
    );
    assert!(
        shown.contains("STY002  repeated-opener                warning   min-count = 4"),
        "{shown}"
    );
}

#[test]
fn latex_and_json_resume_inputs_work_like_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "cv.tex",
        "\\section{Experience}\n\\begin{itemize}\n  \\item Groomed the \\textbf{product backlog} for the app team\n\\end{itemize}\n",
    );
    write(
        root,
        "resume.json",
        "{\"work\": [{\"name\": \"Acme\", \"position\": \"Analyst\", \"highlights\": [\"Wrote \\\"user stories\\\" daily\", \"Groomed the backlog for the web team\"]}]}",
    );
    write(
        root,
        "site.json",
        "{\"name\": \"site\", \"version\": \"1.0.0\"}",
    );
    let out = run_in(root, &[".", "--format", "json", "--select", "PRC001"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("site.json: not a JSON Resume"),
        "{}",
        text(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let tex = files.iter().find(|f| f["path"] == "./cv.tex").unwrap();
    assert_eq!(tex["format"], "latex");
    assert_eq!(tex["diagnostics"][0]["line"], 3);
    let json = files.iter().find(|f| f["path"] == "./resume.json").unwrap();
    assert_eq!(json["format"], "json-resume");
    let d = &json["diagnostics"][0];
    assert_eq!(d["pointer"], "/work/0/highlights/1");
    let source = fs::read_to_string(root.join("resume.json")).unwrap();
    let (start, end) = (
        d["start"].as_u64().unwrap() as usize,
        d["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[start..end], "Groomed the backlog");
    assert!(common::schema("schemas/report.schema.json").is_valid(&report));

    write(
        root,
        "broken.json",
        "{\n  \"work\": [\n    {\"highlights\": [\"x\",]}\n",
    );
    let out = run_in(root, &["broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("broken.json:3:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn walks_skip_repository_files_and_include_exclude_follow_ruff() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let bullet = "## Experience\n\n- Groomed the backlog for the app team.\n";
    for name in [
        "README.md",
        "CHANGELOG.md",
        "LICENSE.md",
        "CONTRIBUTING.md",
        "CODE_OF_CONDUCT.md",
        "docs/readme.txt",
        "cv.md",
        "cv.tex",
        "drafts/old.md",
        "archive/2019/cv.md",
        "notes/archive/cv.md",
        "build/cv.md",
    ] {
        if let Some(parent) = Path::new(name).parent() {
            fs::create_dir_all(root.join(parent)).unwrap();
        }
        let text = if name.ends_with(".tex") {
            "\\section{Experience}\n\\begin{itemize}\n\\item Groomed the backlog for the app team.\n\\end{itemize}\n"
        } else {
            bullet
        };
        write(root, name, text);
    }
    let linted = |args: &[&str]| {
        let mut all = vec!["--format", "concise", "--select", "PRC001"];
        all.extend(args);
        let out = run_in(root, &all);
        let mut files: Vec<String> = text(&out.stdout)
            .lines()
            .filter_map(|l| l.split(':').next().map(str::to_string))
            .collect();
        files.dedup();
        files
    };
    // By default a walk skips what a repository keeps beside resumes (any case) and build
    // directories; a file named explicitly is linted all the same.
    assert_eq!(
        linted(&["."]),
        [
            "./archive/2019/cv.md",
            "./cv.md",
            "./cv.tex",
            "./drafts/old.md",
            "./notes/archive/cv.md"
        ]
    );
    assert_eq!(linted(&["README.md", "cv.md"]), ["README.md", "cv.md"]);
    assert_eq!(
        linted(&["README.md", "build/cv.md", "cv.md", "--force-exclude"]),
        ["cv.md"],
        "--force-exclude applies exclude to named files and the directories on their path"
    );

    // `extend-exclude` adds: a bare name matches anywhere, a pattern with `/` is relative to
    // the config's directory; `extend-include` picks more files up.
    write(
        root,
        "resume-lint.toml",
        "extend-exclude = [\"drafts\", \"archive/*/cv.md\"]\nextend-include = [\"*.resume\"]\n",
    );
    write(root, "cv.resume", bullet);
    assert_eq!(
        linted(&["."]),
        [
            "./cv.md",
            "./cv.resume",
            "./cv.tex",
            "./notes/archive/cv.md"
        ]
    );
    // `exclude` and `include` replace the defaults.
    write(
        root,
        "resume-lint.toml",
        "exclude = []\ninclude = [\"*.tex\", \"README.md\"]\n",
    );
    assert_eq!(linted(&["."]), ["./README.md", "./cv.tex"]);

    // --show-files lists what would be linted and what is skipped, with why, and lints nothing.
    write(root, "resume-lint.toml", "extend-exclude = [\"drafts/\"]\n");
    let out = run_in(root, &["--show-files"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("lint  ./cv.md  (include `*.md` (default))"),
        "{shown}"
    );
    assert!(
        shown.contains("skip  ./README.md  (exclude `README.*` (default))"),
        "{shown}"
    );
    assert!(
        shown.contains("skip  ./drafts  (exclude `drafts/` (")
            && shown.contains("resume-lint.toml:1))"),
        "{shown}"
    );
    assert!(
        !shown.contains("PRC001") && !shown.contains("cv.resume"),
        "{shown}"
    );

    // A glob that does not parse is an error naming the file, line and key.
    write(root, "resume-lint.toml", "\nextend-exclude = [\"a[\"]\n");
    let out = run_in(root, &["cv.md"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("resume-lint.toml")
            && stderr.contains("line 2: `extend-exclude`: bad glob `a[`"),
        "{stderr}"
    );
}

/// The `run:` script of the action step with `id: <id>`.
fn action_step_script(action: &str, id: &str) -> String {
    let lines: Vec<&str> = action.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == format!("id: {id}"))
        .unwrap_or_else(|| panic!("no step {id}"));
    let run = at
        + lines[at..]
            .iter()
            .position(|l| l.trim() == "run: |")
            .unwrap();
    lines[run + 1..]
        .iter()
        .take_while(|l| l.starts_with("        ") || l.trim().is_empty())
        .map(|l| l.trim_start())
        .collect::<Vec<_>>()
        .join("\n")
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap();
    }
}

#[test]
fn the_action_caches_its_build_by_the_sources_it_is_built_from() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let action = fs::read_to_string(repo.join("action.yml")).unwrap();
    assert!(action.contains("uses: actions/cache@v4"));
    assert!(action.contains("key: ${{ steps.key.outputs.key }}"));
    assert!(action.contains("if: steps.cache.outputs.cache-hit != 'true'"));
    let script = action_step_script(&action, "key");
    let sources = tempfile::tempdir().unwrap();
    for part in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "src",
        "crates",
        "rules",
    ] {
        copy_tree(&repo.join(part), &sources.path().join(part));
    }
    let key = || {
        let output = tempfile::NamedTempFile::new().unwrap();
        let status = Command::new("bash")
            .args(["-euo", "pipefail", "-c", &script])
            .env("GITHUB_ACTION_PATH", sources.path())
            .env("GITHUB_OUTPUT", output.path())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .status()
            .unwrap();
        assert!(status.success());
        fs::read_to_string(output.path()).unwrap()
    };
    let first = key();
    assert!(
        first.starts_with("key=resume-lint-Linux-X64-") && first.len() > 40,
        "{first}"
    );
    assert_eq!(key(), first, "the same sources give the same key");
    write(sources.path(), "rules/process.toml", "# edited\n");
    let second = key();
    assert_ne!(second, first, "a changed rule file is a new build");
    write(sources.path(), "crates/engine/src/lib.rs", "// edited\n");
    assert_ne!(key(), second, "so is a changed engine crate");
}

#[test]
fn the_adoption_kit_names_the_repository_in_cargo_toml() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Value =
        toml::from_str(&fs::read_to_string(repo.join("Cargo.toml")).unwrap()).unwrap();
    let package = &manifest["package"];
    let url = package["repository"].as_str().unwrap();
    for key in ["homepage", "readme", "keywords", "categories"] {
        assert!(package.get(key).is_some(), "Cargo.toml lacks package.{key}");
    }
    let slug = url.strip_prefix("https://github.com/").unwrap();
    let readme = fs::read_to_string(repo.join("README.md")).unwrap();
    assert!(readme.contains(&format!("uses: {slug}@")));
    assert!(readme.contains(&format!("repo: {url}\n")));
    for file in [
        "README.md",
        "schemas/config.schema.json",
        "schemas/report.schema.json",
    ] {
        let text = fs::read_to_string(repo.join(file)).unwrap();
        assert!(
            !text.contains("OWNER/") && !text.contains("example.invalid/"),
            "{file} has a placeholder"
        );
    }
    for schema in ["config", "report"] {
        let text = fs::read_to_string(repo.join(format!("schemas/{schema}.schema.json"))).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed["$id"],
            format!("https://raw.githubusercontent.com/{slug}/main/schemas/{schema}.schema.json")
        );
    }
    let hooks = fs::read_to_string(repo.join(".pre-commit-hooks.yaml")).unwrap();
    assert_eq!(
        hooks
            .matches("types_or: [markdown, plain-text, tex, json]")
            .count(),
        2
    );
    assert_eq!(
        hooks.matches("entry: resume-lint --force-exclude").count(),
        2
    );
}
