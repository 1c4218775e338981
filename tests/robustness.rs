//! Bad and extreme inputs through the real binary: size limits, huge files and lines, deep
//! nesting, symlink loops, FIFOs, special files, and the promise never to modify files unasked.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("big.md"),
        "- Wrote user stories for the team.\n".repeat(100),
    )
    .unwrap();
    fs::write(
        dir.path().join("ok.md"),
        "- Wrote user stories for the team.\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "big.md",
            "ok.md",
            "--max-file-size",
            "1000",
            "--format",
            "concise",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("big.md: larger than 1000 bytes, skipped"),
        "{}",
        stderr(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok.md:1:3"));
}

#[test]
fn a_large_file_and_a_single_huge_line_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    let bullet = "- Groomed the backlog for the app team, then wrote user stories for it.\n";
    let big = "## Experience\n\n".to_string() + &bullet.repeat(10 * 1024 * 1024 / bullet.len());
    fs::write(dir.path().join("ten-mb.md"), &big).unwrap();
    let line = "x".repeat(5 * 1024 * 1024);
    fs::write(dir.path().join("one-line.txt"), format!("- {line}\n")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "ten-mb.md",
            "one-line.txt",
            "--format",
            "jsonl",
            "--select",
            "PRC001",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(findings, 10 * 1024 * 1024 / bullet.len());
}

#[test]
fn lists_nested_ten_thousand_deep_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let deep: String = (0..10_000)
        .map(|i| format!("{}- level {i} wrote user stories\n", "  ".repeat(i)))
        .collect();
    fs::write(dir.path().join("deep.md"), deep).unwrap();
    let brackets = "- ".repeat(10_000) + "Wrote user stories\n";
    fs::write(dir.path().join("dashes.md"), brackets).unwrap();
    let nested_tex = "\\begin{itemize}\\item x ".repeat(5_000);
    fs::write(dir.path().join("deep.tex"), nested_tex).unwrap();
    let nested_json = "[".repeat(50_000);
    fs::write(dir.path().join("deep.json"), nested_json).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "deep.md",
            "dashes.md",
            "deep.tex",
            "deep.json",
            "--format",
            "concise",
        ],
    );
    assert!(
        out.status.code() == Some(2),
        "only the JSON is an error: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("deep.json:1:"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn groups_nested_a_hundred_thousand_deep_in_every_format_do_not_crash() {
    const DEEP: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let tex = |body: String| {
        format!("\\begin{{document}}\\section{{Experience}}\n{body}\n\\end{{document}}\n")
    };
    let files = [
        (
            "braces.tex",
            tex(format!(
                "\\begin{{itemize}}\\item {}Wrote user stories{}\\end{{itemize}}",
                "\\textbf{".repeat(DEEP),
                "}".repeat(DEEP)
            )),
        ),
        (
            "item-macro.tex",
            tex(format!(
                "\\resumeItem{{{}Wrote user stories{}}}",
                "{".repeat(DEEP),
                "}".repeat(DEEP)
            )),
        ),
        (
            "cvitem-lists.tex",
            tex(format!(
                "{}Wrote user stories{}",
                "\\cvitem{}{\\begin{itemize}\\item ".repeat(DEEP),
                "\\end{itemize}}".repeat(DEEP)
            )),
        ),
        (
            "quotes.md",
            format!(
                "# Experience\n\n{} - Wrote user stories\n",
                ">".repeat(DEEP)
            ),
        ),
        (
            "lists.md",
            format!("# Experience\n\n{}Wrote user stories\n", "- ".repeat(DEEP)),
        ),
        (
            "indent.txt",
            format!("EXPERIENCE\n{}- Wrote user stories\n", " ".repeat(DEEP)),
        ),
        ("arrays.json", "[".repeat(DEEP) + &"]".repeat(DEEP)),
        (
            "ok.md",
            "# Experience\n\n- Wrote user stories for the team\n".into(),
        ),
    ];
    for (name, text) in &files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let mut args: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    args.extend(["--format", "concise", "--select", "PRC002", "-j", "2"]);
    let out = run_in(dir.path(), &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(2),
        "only the JSON is an error: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("arrays.json:1:"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked") && !stderr(&out).contains("overflow"));
    for name in ["braces.tex", "item-macro.tex", "cvitem-lists.tex", "ok.md"] {
        assert!(
            stdout.contains(&format!("{name}:")) && stdout.contains("PRC002"),
            "{name} keeps its finding: {stdout}"
        );
    }
}

#[test]
fn a_report_is_never_written_over_an_input_or_linted_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let resume = "# Experience\n\n- Wrote user stories for the café – 中文 🚀\n";
    fs::write(dir.path().join("cv.md"), resume).unwrap();
    let refused = [
        vec!["-o", "cv.md", "cv.md"],
        vec!["-o", "./cv.md", "cv.md"],
        vec!["--write-baseline", "cv.md", "cv.md"],
    ];
    for args in &refused {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("also an input"), "{}", stderr(&out));
        assert_eq!(
            fs::read_to_string(dir.path().join("cv.md")).unwrap(),
            resume
        );
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("cv.md", dir.path().join("link.md")).unwrap();
        let out = run_in(dir.path(), &["-o", "link.md", "cv.md"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        fs::remove_file(dir.path().join("link.md")).unwrap();
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("cv.md")).unwrap(),
        resume
    );
    // Walking a directory leaves out the report being written (an earlier run's report).
    let report = |dir: &Path| {
        let out = run_in(dir, &["-o", "out.json", "--format", "json", "."]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(!stderr(&out).contains("out.json"), "{}", stderr(&out));
        fs::read_to_string(dir.join("out.json")).unwrap()
    };
    let first = report(dir.path());
    assert_eq!(report(dir.path()), first);
    assert!(!first.contains("\"path\": \"./out.json\""), "{first}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_special_files_in_a_walk_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("cvs")).unwrap();
    fs::write(
        root.join("cvs/cv.md"),
        "- Wrote user stories for the app team.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(root.join("cvs"), root.join("cvs/loop")).unwrap();
    let status = Command::new("mkfifo")
        .arg(root.join("cvs/pipe.md"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .current_dir(root)
        .args(["cvs", "--format", "concise"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The walk must neither follow the loop nor block on the FIFO.
    for _ in 0..100 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if child.try_wait().unwrap().is_none() {
        child.kill().unwrap();
        panic!("the walk hung");
    }
    let out = child.wait_with_output().unwrap();
    // The one real file is linted once: its process finding appears once, not again via the loop.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("PRC002").count(), 1, "{stdout}");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_explicitly_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("resume.md");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = std::thread::spawn({
        let fifo = fifo.clone();
        move || {
            let mut f = fs::OpenOptions::new().write(true).open(fifo).unwrap();
            f.write_all(b"- Groomed the backlog for the app team.\n")
                .unwrap();
        }
    });
    let out = run_in(
        dir.path(),
        &["resume.md", "--format", "concise", "--select", "PRC001"],
    );
    writer.join().unwrap();
    assert_eq!(
        without_rewrites(&out.stdout).trim(),
        "resume.md:1:3: warning[PRC001] `Groomed the backlog` describes backlog mechanics, not what changed"
    );
}

#[test]
fn files_are_never_modified_without_fix() {
    let dir = tempfile::tempdir().unwrap();
    let text = "## Experience\n\n- I successfully cut costs by 9%.\n- Hired four engineers\n";
    let path = dir.path().join("cv.md");
    fs::write(&path, text).unwrap();
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    for format in ["human", "concise", "json", "jsonl", "github", "sarif"] {
        run_in(dir.path(), &["cv.md", "--format", format]);
    }
    run_in(dir.path(), &["cv.md", "--diff"]);
    run_in(dir.path(), &["cv.md", "--statistics"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no stray files"
    );
}

#[test]
fn a_directory_named_as_a_file_and_a_missing_path_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("folder.md")).unwrap();
    fs::write(
        dir.path().join("ok.md"),
        "- Wrote user stories for the team.\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["missing.md", "ok.md", "--format", "concise"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.md: No such file or directory"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok.md:1:3"));
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let body = "- Groomed the backlog for the app team.\n".repeat(i % 7 + 1);
        fs::write(dir.path().join(format!("cv-{i:02}.md")), body).unwrap();
    }
    let one = run_in(dir.path(), &[".", "--format", "concise", "--threads", "1"]);
    let many = run_in(dir.path(), &[".", "--format", "concise", "--threads", "4"]);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn findings_written_by_the_workers_read_as_those_the_main_thread_writes() {
    // Without a baseline the workers write each file's findings; with one (here recording
    // another file, so it absorbs nothing) the main thread does. Output and exit code agree.
    let dir = tempfile::tempdir().unwrap();
    let cvs = dir.path().join("cvs");
    fs::create_dir(&cvs).unwrap();
    for i in 0..24 {
        let body = format!(
            "## Experience\n\n- Groomed the backlog for the café – 中文 team.\n- I was responsible for {i} weekly status reports\n- Cut churn by {i}% in a quarter.\n"
        );
        fs::write(
            cvs.join(format!("cv-{i:02}.md")),
            body.replace('\n', "\r\n"),
        )
        .unwrap();
    }
    fs::write(dir.path().join("other.md"), "- Wrote user stories.\n").unwrap();
    let wrote = run_in(dir.path(), &["other.md", "--write-baseline", "base.json"]);
    assert_eq!(wrote.status.code(), Some(0), "{}", stderr(&wrote));
    for format in ["human", "concise", "github", "jsonl"] {
        let args = [
            "cvs",
            "--format",
            format,
            "--color",
            "always",
            "--threads",
            "2",
            "--min-severity",
            "warning",
            "--fail-on",
            "info",
        ];
        let ahead = run_in(dir.path(), &args);
        let on_main = run_in(
            dir.path(),
            &[&args[..], &["--baseline", "base.json"]].concat(),
        );
        assert!(!ahead.stdout.is_empty(), "{format}");
        assert_eq!(
            String::from_utf8_lossy(&ahead.stdout),
            String::from_utf8_lossy(&on_main.stdout),
            "{format}"
        );
        assert_eq!(ahead.status.code(), Some(1), "{format}: {}", stderr(&ahead));
        assert_eq!(ahead.status.code(), on_main.status.code(), "{format}");
    }
}

#[test]
fn fixes_that_never_settle_leave_the_file_as_it_was() {
    // Each fix here moves where the next bullet of a bullet-less paragraph starts, exposing one
    // more finding per pass (a fuzz find): --fix must not write a half-fixed file.
    // (The fuzz input had NUL bytes, which the CLI skips as binary; underscores do as well.)
    let source = "s_Experience\n\nI I s4 bsy ee\nI s\u{510}\u{490}~ u 16\nI so-o nbt ee\nI s\u{490} usy 1%\nI s to ___e\nI I s\u{490}~ y 16\nI s -bt ence\nI s\u{510}~ sy 6%\nI s o r\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cv.txt");
    fs::write(&path, source).unwrap();
    let out = run_in(dir.path(), &["cv.txt", "--fix", "--format", "concise"]);
    assert!(
        stderr(&out).contains("cv.txt: fixes did not settle"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("fixed 0 findings in 0 files"));
    assert_eq!(fs::read_to_string(&path).unwrap(), source);
}

#[test]
fn human_output_shows_a_window_of_a_long_line_with_the_real_column() {
    let dir = tempfile::tempdir().unwrap();
    let item = "\\item Wrote user stories for the café – 中文 🚀 team ";
    let n = 2_000;
    let tex = format!(
        "\\begin{{document}}\\section{{Experience}}\\begin{{itemize}}{}\\end{{itemize}}\\end{{document}}\n",
        item.repeat(n)
    );
    fs::write(dir.path().join("one-line.tex"), &tex).unwrap();
    let out = run_in(
        dir.path(),
        &["one-line.tex", "--select", "PRC002", "--color", "never"],
    );
    let human = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(human.matches("PRC002").count(), n);
    assert!(
        human.len() < n * 1_500,
        "bounded per finding: {} bytes for {n} findings",
        human.len()
    );
    // The last finding's header names its real column, counted in characters.
    let last = tex.rfind("Wrote").unwrap();
    let column = tex[..last].chars().count() + 1;
    assert!(
        human.contains(&format!("one-line.tex:1:{column} ]")),
        "{}",
        &human[human.len() - 1_500..]
    );
    let concise = run_in(
        dir.path(),
        &["one-line.tex", "--select", "PRC002", "--format", "concise"],
    );
    let concise = String::from_utf8_lossy(&concise.stdout);
    assert!(concise.contains(&format!("one-line.tex:1:{column}: ")));
}

#[test]
fn thousands_of_suppression_comments_are_applied_in_one_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let pair = "<!-- resume-lint-disable PRC002 -->\n- Wrote user stories for the café team\n\
                <!-- resume-lint-enable PRC002 -->\n- Wrote user stories for the 中文 team\n";
    let open = "<!-- resume-lint-disable PRC002 -->\n- Wrote user stories for the team\n";
    fs::write(
        dir.path().join("pairs.md"),
        format!("# Experience\n\n{}", pair.repeat(4_000)),
    )
    .unwrap();
    fs::write(
        dir.path().join("unclosed.md"),
        format!("# Experience\n\n{}", open.repeat(8_000)),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "pairs.md",
            "unclosed.md",
            "--select",
            "PRC002,SUP",
            "--format",
            "concise",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Every other bullet of pairs.md is outside a disable; in unclosed.md the first disable
    // covers everything and the 7,999 after it suppress nothing.
    assert_eq!(
        stdout.matches("pairs.md").count(),
        4_000,
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout.matches("unclosed.md").count(), 7_999);
    assert_eq!(stdout.matches("SUP001").count(), 7_999);
}

#[cfg(unix)]
#[test]
fn fix_writes_through_symlinks_keeps_hard_links_and_fixes_a_file_named_twice_once() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let resume = "# Experience\n\n- I wrote user stories for the café – 中文 🚀 team\n";
    let fixed = "# Experience\n\n- Wrote user stories for the café – 中文 🚀 team\n";
    let path = |name: &str| dir.path().join(name);
    for name in ["target.md", "linked.md", "twice.md"] {
        fs::write(path(name), resume).unwrap();
    }
    std::os::unix::fs::symlink("target.md", path("link.md")).unwrap();
    fs::hard_link(path("linked.md"), path("other-name.md")).unwrap();
    let out = run_in(
        dir.path(),
        &["--fix", "link.md", "linked.md", "twice.md", "./twice.md"],
    );
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    // The link is still a link, and its target holds the fix.
    assert!(
        fs::symlink_metadata(path("link.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(path("target.md")).unwrap(), fixed);
    // Both names of a hard-linked file still are one file, fixed.
    let (a, b) = (
        fs::metadata(path("linked.md")).unwrap(),
        fs::metadata(path("other-name.md")).unwrap(),
    );
    assert_eq!((a.ino(), a.nlink()), (b.ino(), 2));
    assert_eq!(fs::read_to_string(path("other-name.md")).unwrap(), fixed);
    // A file named twice is fixed once, with no temporary file left behind.
    assert_eq!(fs::read_to_string(path("twice.md")).unwrap(), fixed);
    assert!(
        stderr(&out).contains("fixed 3 findings in 3 files"),
        "{}",
        stderr(&out)
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[cfg(unix)]
#[test]
fn fix_goes_on_for_every_file_when_stdout_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        fs::write(
            dir.path().join(format!("cv{i}.md")),
            "# Experience\n\n- I wrote user stories for the team\n",
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .current_dir(dir.path())
        .args(["--fix", "."])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    for i in 0..40 {
        let text = fs::read_to_string(dir.path().join(format!("cv{i}.md"))).unwrap();
        assert!(text.contains("- Wrote user stories"), "cv{i}.md: {text}");
    }
}

#[cfg(unix)]
#[test]
fn fix_keeps_owner_and_group_when_it_may() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cv.md");
    fs::write(
        &path,
        "# Experience\n\n- I wrote user stories for the team\n",
    )
    .unwrap();
    // Only root may give a file away; as anyone else the file keeps the runner's ids.
    let root = fs::metadata(dir.path()).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(&path, Some(4321), Some(4321)).unwrap();
    }
    let before = fs::metadata(&path).unwrap();
    let out = run_in(dir.path(), &["--fix", "cv.md"]);
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    let after = fs::metadata(&path).unwrap();
    assert!(fs::read_to_string(&path).unwrap().contains("- Wrote user"));
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.mode(), before.mode());
}

/// Run with a deadline: a run that blocks is killed and reported.
fn run_with_deadline(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_resume-lint"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("{args:?} blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn settings_files_must_be_regular_files_within_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cv.md"), "- Wrote user stories\n").unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(dir.path().join("fifo.toml"))
            .status()
            .unwrap()
            .success()
    );
    fs::write(
        dir.path().join("zero.toml"),
        "rule-files = [\"/dev/zero\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("big.toml"), "# padding\n".repeat(2 << 20)).unwrap();
    let cases: [&[&str]; 5] = [
        &["--config", "fifo.toml", "cv.md"],
        &["--config", "zero.toml", "cv.md"],
        &["--baseline", "/dev/zero", "cv.md"],
        &["test-rules", "fifo.toml"],
        &["--config", "big.toml", "cv.md"],
    ];
    for args in cases {
        let out = run_with_deadline(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains("not a regular file") || message.contains("larger than"),
            "{args:?}: {message}"
        );
    }
}

#[test]
fn a_file_that_is_not_toml_or_json_is_never_quoted_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cv.md"), "- Wrote user stories\n").unwrap();
    let secret = "hunter2-correct-horse";
    fs::write(
        dir.path().join(".env"),
        format!("API_TOKEN={secret}\nDB_PASSWORD=\"{secret}\"\n"),
    )
    .unwrap();
    fs::write(dir.path().join("env.toml"), "rule-files = [\".env\"]\n").unwrap();
    let cases: [&[&str]; 4] = [
        &["--config", "env.toml", "cv.md"],
        &["--config", "env.toml", "--format", "json", "cv.md"],
        &["--baseline", ".env", "cv.md"],
        &["test-rules", ".env"],
    ];
    for args in cases {
        let out = run_in(dir.path(), args);
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
        assert!(
            !all.contains(secret) && !all.contains("API_TOKEN"),
            "{args:?}: {all}"
        );
        assert!(
            all.contains("not TOML") || all.contains("not JSON"),
            "{args:?}: {all}"
        );
    }
    // A baseline error says baseline, not config.
    let out = run_in(dir.path(), &["--baseline", ".env", "cv.md"]);
    assert!(
        stderr(&out).contains("invalid baseline"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rule_files_with_patterns_that_could_never_match_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let rule_file = |pattern: &str| {
        format!(
            "prefix = \"USR\"\nname = \"user\"\ndescription = \"d\"\n\n[[rules]]\ncode = \"USR001\"\n\
             name = \"r\"\nseverity = \"info\"\nkind = \"phrase\"\npatterns = ['{pattern}']\n\
             message = \"m\"\nhelp = \"h\"\nwhy = \"w\"\nexample = {{ bad = \"b\", good = \"g\" }}\n\
             flag = [\"x y\"]\npass = [\"z\"]\n"
        )
    };
    let words: Vec<String> = (0..60_000).map(|i| format!("w{i:05}xyz")).collect();
    let huge = format!("(?:{}){{3}}\\w{{50}}", words.join("|"));
    fs::write(dir.path().join("huge.toml"), rule_file(&huge)).unwrap();
    fs::write(dir.path().join("empty.toml"), rule_file("")).unwrap();
    fs::write(dir.path().join("cv.md"), "- Wrote user stories\n").unwrap();
    for (file, why) in [
        ("huge.toml", "too large for the regex engine"),
        ("empty.toml", "an empty pattern"),
    ] {
        let out = run_in(dir.path(), &["test-rules", file]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(file) && stderr(&out).contains("USR001"));
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
        assert!(stderr(&out).len() < 1_000, "the pattern is abbreviated");
        fs::write(
            dir.path().join("resume-lint.toml"),
            format!("rule-files = [\"{file}\"]\n"),
        )
        .unwrap();
        let out = run_in(dir.path(), &["cv.md"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
    }
}

#[cfg(unix)]
#[test]
fn terminal_controls_from_a_resume_or_a_file_name_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "cv\u{1b}[1m.md";
    fs::write(
        dir.path().join(name),
        "# Experience\n\n- Wrote user stories \u{1b}]0;title\u{7} for the \u{1b}[31mcafé\u{1b}[0m \
         – 中文 🚀 team and \u{9b}2J more\n<!-- resume-lint-disable PRC001 \u{1b}[2J -->\n",
    )
    .unwrap();
    for format in ["human", "concise", "github"] {
        let out = run_in(dir.path(), &[name, "--format", format, "--color", "never"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("PRC002") && stdout.contains("SUP001"),
            "{format}: {stdout}"
        );
        assert!(
            !stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{format}: {stdout:?}"
        );
        assert!(stdout.contains("\\x1b"), "{format}: {stdout}");
        if format == "human" {
            assert!(
                stdout.contains("\\x1b]0;title\\x07 for the \\x1b[31mcafé"),
                "{stdout}"
            );
            assert!(stdout.contains("中文 🚀 team and \\u{9b}2J"), "{stdout}");
        }
    }
    let out = run_in(dir.path(), &[name, "--format", "sarif"]);
    let sarif = String::from_utf8_lossy(&out.stdout);
    assert!(sarif.contains("\"uri\":\"cv%1B%5B1m.md\""), "{sarif}");
}

#[test]
fn a_lone_carriage_return_ends_a_line_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "cr.txt",
            "EXPERIENCE\r- Wrote user stories for the café team\r- Helped with the 中文 launch\r\
             # resume-lint-disable-next-line PRC001\r- Groomed the backlog\r",
        ),
        (
            "cr.md",
            "# Experience\r\r- Wrote user stories for the café team\r- Helped with the 中文 launch 🚀\r",
        ),
        (
            "cr.tex",
            "\\begin{document}\r\\section{Experience}\r% a comment\r\\begin{itemize}\r\
             \\item Wrote user stories for the team\r% resume-lint-disable-next-line PRC006\r\
             \\item Helped with the launch\r\\end{itemize}\r\\end{document}\r",
        ),
    ];
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let out = run_in(
        dir.path(),
        &[
            "cr.txt", "cr.md", "cr.tex", "--format", "concise", "--select", "PRC",
        ],
    );
    assert_eq!(
        without_rewrites(&out.stdout),
        "cr.md:3:3: warning[PRC002] `Wrote user stories` describes writing artefacts, not what they achieved\n\
         cr.md:4:3: warning[PRC006] `Helped with` describes supporting someone else's work, not what you achieved\n\
         cr.tex:5:7: warning[PRC002] `Wrote user stories` describes writing artefacts, not what they achieved\n\
         cr.txt:2:3: warning[PRC002] `Wrote user stories` describes writing artefacts, not what they achieved\n\
         cr.txt:3:3: warning[PRC006] `Helped with` describes supporting someone else's work, not what you achieved\n"
    );
}

/// Concise output with the `; rewrite: …` after each message cut off.
fn without_rewrites(stdout: &[u8]) -> String {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| line.split("; rewrite: ").next().unwrap_or(line).to_string() + "\n")
        .collect()
}

#[cfg(unix)]
#[test]
fn utf16_files_are_named_as_such_and_non_utf8_names_are_linted() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let text = "# Experience\n\n- Wrote user stories for the café team\n";
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    fs::write(dir.path().join("bom.md"), &utf16).unwrap();
    fs::write(dir.path().join("no-bom.md"), &utf16[2..]).unwrap();
    let odd_name = std::ffi::OsStr::from_bytes(b"cv-\xff.md");
    fs::write(dir.path().join(odd_name), text).unwrap();
    let out = run_in(
        dir.path(),
        &[".", "--format", "concise", "--select", "PRC002"],
    );
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    for name in ["bom.md", "no-bom.md"] {
        assert!(
            message.contains(&format!("{name}: UTF-16 text")),
            "{message}"
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("cv-\u{fffd}.md:3:3: warning[PRC002]"),
        "{stdout}"
    );
}
