//! A real editor as the language server's client: Neovim, headless, with its built-in LSP
//! client and `tests/nvim/lsp.lua`. CI installs Neovim; elsewhere the test says it skipped.

use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

#[test]
fn neovim_shows_findings_and_applies_a_quick_fix() {
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs this test for real: install Neovim (apt-get install neovim)"
        );
        eprintln!("skipped: nvim is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cv.md");
    std::fs::write(
        &file,
        "## Experience\n\n- Café ’ – é 中文 🚀: prioritized the product backlog for the login team\n- I successfully cut costs by 9%.\n",
    )
    .unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nvim/lsp.lua");
    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {script}"))
        .env("RESUME_LINT_BIN", env!("CARGO_BIN_EXE_resume-lint"))
        .env("RESUME_LINT_FILE", &file)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = nvim.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            nvim.kill().unwrap();
            panic!("Neovim did not finish within 90 s");
        }
        thread::sleep(Duration::from_millis(50));
    };
    let output = nvim.wait_with_output().unwrap();
    assert!(
        status.success(),
        "{status}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
