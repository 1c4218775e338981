//! `resume-lint server` spoken to as an editor would: JSON-RPC over the binary's stdin/stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

/// How long a test waits for one message before failing (generous: CI machines are slow).
const WAIT: Duration = Duration::from_secs(20);

/// A running server and the messages it has sent.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    /// Start the server in `dir` and initialize it with `capabilities`.
    fn start(dir: &Path, capabilities: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_resume-lint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
        };
        let root = url(dir);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "resumes"}],
                "capabilities": capabilities,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response's `result` (panics on an error response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait(|m| m["id"] == id && m.get("method").is_none());
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    /// The next message that satisfies `wanted` (others are dropped).
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(WAIT)
                .expect("the server did not send what was expected in time");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics(uri, 1)
    }

    /// Replace the whole text, as version `version`.
    fn replace(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri, version)
    }

    /// Replace `start..end` (each `[line, character]`) with `text`, as version `version`.
    fn edit(
        &mut self,
        uri: &str,
        version: i64,
        [start, end]: [[u32; 2]; 2],
        text: &str,
    ) -> Vec<Value> {
        let at = |[line, character]: [u32; 2]| json!({"line": line, "character": character});
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": at(start), "end": at(end)}, "text": text}]
            }),
        );
        self.diagnostics(uri, version)
    }

    /// `shutdown` then `exit`; the server must stop with status 0.
    fn shut_down(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    let mut codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort();
    codes
}

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:?}"))
}

/// Apply LSP text edits (positions in `utf16` or bytes) to `text`, last first.
fn apply(text: &str, edits: &[Value], utf16: bool) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        if !utf16 {
            return start + character;
        }
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

/// The code actions the server offers at `range` of `uri`.
fn code_actions(client: &mut Client, uri: &str, range: &Value) -> Vec<Value> {
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    actions.as_array().unwrap().clone()
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect()
}

/// The edits of `uri` that the action titled `title` makes.
fn edits_of(actions: &[Value], title: &str, uri: &str) -> Vec<Value> {
    let action = actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` in {:?}", titles(actions)));
    action["edit"]["changes"][uri].as_array().unwrap().clone()
}

/// A server started in a fresh directory, and the URI of `cv.md` there (the directory lives as
/// long as the returned guard).
fn start_with_cv_md() -> (tempfile::TempDir, Client, String) {
    let dir = tempfile::tempdir().unwrap();
    let (client, _) = Client::start(dir.path(), json!({}));
    let uri = url(&dir.path().join("cv.md"));
    (dir, client, uri)
}

const RESUME: &str = "## Experience\n\n- Café ’ – é 中文 🚀: prioritized the product backlog for the login team\n- I successfully cut costs by 9%.\n";

#[test]
fn diagnostics_carry_exact_utf16_ranges_and_follow_incremental_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, init) = Client::start(dir.path(), json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    let uri = url(&dir.path().join("cv.md"));

    let diagnostics = client.open(&uri, "markdown", RESUME);
    assert_eq!(
        codes(&diagnostics),
        ["OUT001", "PRC001", "STY003", "WRD002", "WRD006"]
    );
    let prc = find(&diagnostics, "PRC001");
    // `- Café ’ – é 中文 🚀: ` is 19 chars but 20 UTF-16 units (the rocket is two).
    assert_eq!(
        prc["range"],
        json!({"start": {"line": 2, "character": 20}, "end": {"line": 2, "character": 51}})
    );
    assert_eq!(prc["severity"], 2);
    assert_eq!(prc["source"], "resume-lint");
    let message = prc["message"].as_str().unwrap();
    assert!(
        message.contains("describes backlog mechanics")
            && message.contains("\nrewrite: Steered the login team toward"),
        "{message}"
    );

    // Type "Cut churn 12% by " before "prioritized": an outcome silences PRC001, and the
    // finding that stays moves with the text.
    let diagnostics = client.edit(&uri, 2, [[2, 2], [2, 2]], "Cut churn 12% for ");
    assert!(!codes(&diagnostics).contains(&"PRC001"), "{diagnostics:?}");
    assert_eq!(find(&diagnostics, "WRD002")["range"]["start"]["line"], 3);

    client.shut_down();
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, init) = Client::start(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = url(&dir.path().join("cv.md"));
    let diagnostics = client.open(&uri, "markdown", RESUME);
    let line = RESUME.lines().nth(2).unwrap();
    let start = line.find("prioritized").unwrap();
    assert_eq!(
        find(&diagnostics, "PRC001")["range"]["start"],
        json!({"line": 2, "character": start})
    );
    client.shut_down();
}

#[test]
fn code_actions_fix_disable_and_fix_all() {
    let (_dir, mut client, uri) = start_with_cv_md();
    let diagnostics = client.open(&uri, "markdown", RESUME);
    let wrd002 = find(&diagnostics, "WRD002").clone();

    let actions = code_actions(&mut client, &uri, &wrd002["range"]);
    let titles = titles(&actions);
    assert!(
        titles.contains(&"Remove `I` and start with the verb (WRD002)")
            && titles.contains(&"Disable WRD002 for this line"),
        "{titles:?}"
    );
    let edits = |title: &str| edits_of(&actions, title, &uri);

    // The fix, applied as the editor would, leaves no WRD002.
    let fixed = apply(
        RESUME,
        &edits("Remove `I` and start with the verb (WRD002)"),
        true,
    );
    assert!(
        fixed.contains("\n- Successfully cut costs by 9%."),
        "{fixed}"
    );
    assert!(!codes(&client.replace(&uri, 2, &fixed)).contains(&"WRD002"));

    // The suppression comment silences WRD002 on that line only.
    let disabled = apply(RESUME, &edits("Disable WRD002 for this line"), true);
    assert!(
        disabled.contains("<!-- resume-lint-disable-next-line WRD002 -->\n- I successfully"),
        "{disabled}"
    );
    let after = client.replace(&uri, 3, &disabled);
    assert!(!codes(&after).contains(&"WRD002") && codes(&after).contains(&"WRD006"));

    // Fix all: every safe fix at once, as edits of the changed lines.
    client.replace(&uri, 4, RESUME);
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]}
        }),
    );
    // `only` leaves the quick fixes out.
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    let action = &actions[0];
    assert_eq!(action["kind"], "source.fixAll.resume-lint");
    assert_eq!(action["title"], "Apply 3 safe fixes (resume-lint)");
    let all = apply(
        RESUME,
        action["edit"]["changes"][&uri].as_array().unwrap(),
        true,
    );
    assert!(all.contains("\n- Cut costs by 9%\n"), "{all}");
    assert_eq!(
        codes(&client.replace(&uri, 5, &all)),
        ["OUT001", "PRC001", "STY001"],
        "only findings without a fix remain"
    );
    client.shut_down();
}

#[test]
fn hover_explains_the_rule_under_the_cursor() {
    let (_dir, mut client, uri) = start_with_cv_md();
    client.open(&uri, "markdown", RESUME);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 25}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("PRC001 (backlog-mechanics)") && text.contains("Why"),
        "{text}"
    );
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(nothing, Value::Null);
    client.shut_down();
}

#[test]
fn a_broken_config_is_shown_once_and_the_last_good_settings_stay() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("resume-lint.toml");
    std::fs::write(&config, "select = [\"PRC\"]\n").unwrap();
    let (mut client, _) = Client::start(
        dir.path(),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    // The server asks to watch TOML files.
    let registration = client.wait(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let uri = url(&dir.path().join("cv.md"));
    assert_eq!(codes(&client.open(&uri, "markdown", RESUME)), ["PRC001"]);

    std::fs::write(&config, "select = [\"PRC\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&config), "type": 2}]}),
    );
    let shown = client.wait(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("resume-lint.toml") && message.contains("last settings"),
        "{message}"
    );
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["PRC001"]);
    // Still serving: a change is linted with the last good settings.
    assert_eq!(codes(&client.replace(&uri, 2, RESUME)), ["PRC001"]);

    std::fs::write(&config, "select = [\"WRD\"]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&config), "type": 2}]}),
    );
    assert_eq!(codes(&client.diagnostics(&uri, 2)), ["WRD002", "WRD006"]);

    // Saving a config in the editor re-reads it too, watcher or not.
    std::fs::write(&config, "select = [\"PRC\"]\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": url(&config)}}),
    );
    assert_eq!(codes(&client.diagnostics(&uri, 2)), ["PRC001"]);
    client.shut_down();
}

#[test]
fn odd_documents_and_requests_never_stop_the_server() {
    let (dir, mut client, uri) = start_with_cv_md();
    let huge = "- Managed stakeholders and the backlog\n".repeat(20_000);
    let odd = format!("\u{0}\u{7}\r\r\n- é\u{200b}中文\r- 🚀\n{huge}");
    assert!(!client.open(&uri, "markdown", &odd).is_empty());
    // A change whose range lies past the end of the text lands at the end.
    client.edit(
        &uri,
        2,
        [[999_999, 5], [999_999, 9]],
        "\n- Facilitated stand-ups",
    );
    // JSON that is not (yet) a JSON Resume, and a format we do not read, publish nothing.
    let json_uri = url(&dir.path().join("cv.json"));
    assert!(client.open(&json_uri, "json", "{\"basics\": ").is_empty());
    let other = url(&dir.path().join("notes.rs"));
    assert!(client.open(&other, "rust", "fn main() {}").is_empty());
    // README.md is excluded by default, as in a directory walk.
    let readme = url(&dir.path().join("README.md"));
    assert!(client.open(&readme, "markdown", RESUME).is_empty());
    // An unknown request gets an error, not silence.
    client.send(json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/rename", "params": {}}));
    let answer = client.wait(|m| m["id"] == 99);
    assert_eq!(answer["error"]["code"], -32601);
    client.shut_down();
}

#[test]
fn latex_text_and_json_resumes_get_findings_and_their_own_comment_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let bullet = "Prioritized the product backlog for the login team";
    let cases = [
        (
            "cv.tex",
            "latex",
            format!(
                "\\section{{Experience}}\n\\begin{{itemize}}\n  \\item {bullet}\n\\end{{itemize}}\n"
            ),
            Some("  % resume-lint-disable-next-line PRC001\n"),
        ),
        (
            "cv.txt",
            "plaintext",
            format!("EXPERIENCE\n\n- {bullet}\n"),
            Some("# resume-lint-disable-next-line PRC001\n"),
        ),
        (
            "cv.json",
            "json",
            format!(
                r#"{{"work":[{{"name":"Acme","position":"Product Owner","highlights":["{bullet}"]}}]}}"#
            ),
            None,
        ),
    ];
    for (name, language, text, comment) in cases {
        let uri = url(&dir.path().join(name));
        let diagnostics = client.open(&uri, language, &text);
        let prc = find(&diagnostics, "PRC001");
        let actions = code_actions(&mut client, &uri, &prc["range"]);
        let disable = "Disable PRC001 for this line";
        // JSON has no comments, so no suppression is offered there.
        assert_eq!(
            titles(&actions).contains(&disable),
            comment.is_some(),
            "{name}: {:?}",
            titles(&actions)
        );
        if let Some(comment) = comment {
            let edits = edits_of(&actions, disable, &uri);
            assert_eq!(edits[0]["newText"], comment, "{name}");
            let silenced = apply(&text, &edits, true);
            assert!(
                !codes(&client.replace(&uri, 2, &silenced)).contains(&"PRC001"),
                "{name}: {silenced}"
            );
        }
    }
    client.shut_down();
}

#[test]
fn unsafe_fixes_are_offered_only_when_the_config_enables_them() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        r#"{"work":[{"name":"Acme","position":"Product Owner","highlights":["Cut churn 12%."]}]}"#;
    let uri = url(&dir.path().join("cv.json"));
    let unsafe_title = "Product Owner / Product Manager (ROL001, unsafe)";

    let (mut client, _) = Client::start(dir.path(), json!({}));
    let rol = find(&client.open(&uri, "json", text), "ROL001").clone();
    let actions = code_actions(&mut client, &uri, &rol["range"]);
    assert!(!titles(&actions).contains(&unsafe_title));
    client.shut_down();

    std::fs::write(dir.path().join("resume-lint.toml"), "unsafe-fixes = true\n").unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let rol = find(&client.open(&uri, "json", text), "ROL001").clone();
    let actions = code_actions(&mut client, &uri, &rol["range"]);
    assert!(titles(&actions).contains(&unsafe_title));
    client.shut_down();
}

#[test]
fn exclusions_follow_the_workspace_folders() {
    let dir = tempfile::tempdir().unwrap();
    let build = dir.path().join("build");
    std::fs::create_dir(&build).unwrap();
    // With `build/` itself the workspace folder, its files are linted…
    let (mut client, init) = Client::start(&build, json!({}));
    assert_eq!(
        init["capabilities"]["workspace"]["workspaceFolders"]["changeNotifications"],
        true
    );
    let uri = url(&build.join("cv.md"));
    assert!(!client.open(&uri, "markdown", RESUME).is_empty());
    // …and once the folder above it replaces it, `build` is a build directory to skip.
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {
            "added": [{"uri": url(dir.path()), "name": "repo"}],
            "removed": [{"uri": url(&build), "name": "build"}]
        }}),
    );
    assert!(client.diagnostics(&uri, 1).is_empty());
    client.shut_down();
}
