//! `resume-lint server`: the Language Server Protocol over stdio. Open documents are linted on
//! open and save and, debounced, as they change; findings come back as diagnostics with hovers
//! and code actions.
//!
//! Built on `lsp-server` and `lsp-types` (rust-analyzer's crates, also under ruff's server): a
//! synchronous loop over a channel, which suits a linter whose every request takes a few
//! milliseconds, with no async runtime to carry.

mod findings;
mod position;
mod workspace;

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeParams, InitializeResult, LogMessageParams, MarkupContent, MarkupKind, MessageType,
    OneOf, PositionEncodingKind, PublishDiagnosticsParams, Registration, RegistrationParams,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TraceValue, Url,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use crate::config::Resolved;
use crate::diagnostic::Diagnostic;
use crate::document::Format;
use crate::input::DEFAULT_MAX_FILE_SIZE;
use crate::span::LineIndex;
use findings::ActionContext;
use position::{Encoding, Lines};
use workspace::Workspace;

/// How long after the last change a document waits before it is linted, so that a burst of
/// keystrokes costs one lint.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit`: the process exits 0.
    AfterShutdown,
    /// `exit` without `shutdown`: the protocol asks for exit status 1.
    WithoutShutdown,
}

/// Serve one client on stdin/stdout until it says `exit`. The error is what to tell the user
/// (the connection broke or the client broke the protocol).
pub fn run() -> Result<Ended, String> {
    let (connection, io_threads) = Connection::stdio();
    let ended = serve(&connection)?;
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())?;
    Ok(ended)
}

/// The initialize handshake, then the message loop.
pub fn serve(connection: &Connection) -> Result<Ended, String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("bad initialize params: {e}"))?;
    let mut server = Server::new(connection, &params);
    let result = InitializeResult {
        capabilities: server.capabilities(),
        server_info: Some(ServerInfo {
            name: "resume-lint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    server.watch_config_files();
    server.run()
}

/// An open document.
struct Open {
    text: String,
    version: i32,
    language: String,
    /// When a debounced lint is due, if the text changed since the last one.
    due: Option<Instant>,
}

/// One document's lint, with what code actions and hovers need.
struct Linted {
    findings: Vec<Diagnostic>,
    /// The linted text's line index, for positions.
    line_index: LineIndex,
    resolved: Arc<Resolved>,
    format: Format,
    name: String,
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    /// Workspace folders (the client's roots): exclusions apply below them.
    roots: Vec<PathBuf>,
    documents: HashMap<Url, Open>,
    workspace: Workspace,
    /// Whether the client wants `$/logTrace` messages (`trace` is not `off`).
    trace: bool,
    /// Whether the client can watch files for us (dynamic registration).
    can_watch: bool,
    /// The id of the last request we sent the client.
    next_id: i32,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, params: &InitializeParams) -> Self {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        #[allow(deprecated)] // root_uri is what older clients send
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()));
        }
        let can_watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|c| c.dynamic_registration)
            .unwrap_or(false);
        Server {
            connection,
            encoding: if offers_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            roots,
            documents: HashMap::new(),
            workspace: Workspace::default(),
            trace: params.trace.is_some_and(|t| t != TraceValue::Off),
            can_watch,
            next_id: 0,
        }
    }

    fn capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(findings::FIX_ALL),
                ]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        }
    }

    /// Ask the client to tell us when a config or rule file changes (all `*.toml`: rule files
    /// can be named anything).
    fn watch_config_files(&mut self) {
        if !self.can_watch {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.toml".into()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "resume-lint-config".into(),
                method: note::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_id += 1;
        let request = Request::new(
            RequestId::from(self.next_id),
            req::RegisterCapability::METHOD.into(),
            params,
        );
        self.send(request.into());
    }

    fn run(&mut self) -> Result<Ended, String> {
        loop {
            let next_due = self.documents.values().filter_map(|d| d.due).min();
            let message = match next_due {
                Some(due) => {
                    match self
                        .connection
                        .receiver
                        .recv_timeout(due.saturating_duration_since(Instant::now()))
                    {
                        Ok(message) => Some(message),
                        Err(e) if e.is_timeout() => None,
                        Err(_) => return Err("the client closed the connection".into()),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(message) => Some(message),
                    Err(_) => return Err("the client closed the connection".into()),
                },
            };
            match message {
                None => self.lint_due(),
                Some(Message::Request(request)) => {
                    if self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|e| e.to_string())?
                    {
                        return Ok(Ended::AfterShutdown);
                    }
                    self.contained_request(request);
                }
                Some(Message::Notification(notification)) => {
                    if notification.method == note::Exit::METHOD {
                        return Ok(Ended::WithoutShutdown);
                    }
                    self.contained_notification(notification);
                }
                // Responses to our requests (registration) need nothing.
                Some(Message::Response(_)) => {}
            }
        }
    }

    /// Answer a request; a panic while answering is logged and answered with an error, and the
    /// server goes on.
    fn contained_request(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let answered = panic::catch_unwind(AssertUnwindSafe(|| self.request(request)));
        let response = match answered {
            Ok(response) => response,
            Err(panic) => {
                let message = format!("{method} failed: {}", panic_message(&panic));
                self.log(MessageType::ERROR, &message);
                Response::new_err(id, ErrorCode::InternalError as i32, message)
            }
        };
        self.send(response.into());
    }

    fn contained_notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        if let Err(panic) =
            panic::catch_unwind(AssertUnwindSafe(|| self.notification(notification)))
        {
            let message = format!("{method} failed: {}", panic_message(&panic));
            self.log(MessageType::ERROR, &message);
        }
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            req::CodeActionRequest::METHOD => params::<CodeActionParams>(request.params)
                .map(|params| serde_json::to_value(self.code_actions(params))),
            req::HoverRequest::METHOD => params::<HoverParams>(request.params)
                .map(|params| serde_json::to_value(self.hover(params))),
            // Lets the tests check that a panic is contained.
            #[cfg(test)]
            "$/resumeLint/panic" => panic!("a deliberate panic"),
            method => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("resume-lint does not handle {method}"),
                );
            }
        };
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(e)) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        }
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Ok(params) = params::<DidOpenTextDocumentParams>(notification.params) {
                    let doc = params.text_document;
                    self.documents.insert(
                        doc.uri.clone(),
                        Open {
                            text: doc.text,
                            version: doc.version,
                            language: doc.language_id,
                            due: None,
                        },
                    );
                    self.publish(&doc.uri);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(params) = params::<DidChangeTextDocumentParams>(notification.params) {
                    let encoding = self.encoding;
                    if let Some(open) = self.documents.get_mut(&params.text_document.uri) {
                        for change in params.content_changes {
                            position::apply_change(&mut open.text, change, encoding);
                        }
                        open.version = params.text_document.version;
                        open.due = Some(Instant::now() + DEBOUNCE);
                    }
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Ok(params) = params::<DidSaveTextDocumentParams>(notification.params) {
                    let uri = params.text_document.uri;
                    if let (Some(text), Some(open)) = (params.text, self.documents.get_mut(&uri)) {
                        open.text = text;
                    }
                    if is_config_file(&uri) {
                        self.config_changed();
                    } else {
                        self.publish(&uri);
                    }
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(params) = params::<DidCloseTextDocumentParams>(notification.params) {
                    let uri = params.text_document.uri;
                    self.documents.remove(&uri);
                    self.send_diagnostics(uri, Vec::new(), None);
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                if let Ok(params) = params::<DidChangeWatchedFilesParams>(notification.params)
                    && params.changes.iter().any(|c| is_config_file(&c.uri))
                {
                    self.config_changed();
                }
            }
            note::DidChangeWorkspaceFolders::METHOD => {
                if let Ok(params) = params::<DidChangeWorkspaceFoldersParams>(notification.params) {
                    let folder_path = |f: &lsp_types::WorkspaceFolder| f.uri.to_file_path().ok();
                    let removed: Vec<PathBuf> = params
                        .event
                        .removed
                        .iter()
                        .filter_map(folder_path)
                        .collect();
                    self.roots.retain(|root| !removed.contains(root));
                    self.roots
                        .extend(params.event.added.iter().filter_map(folder_path));
                    // Exclusions are relative to the folders: lint open documents again.
                    self.config_changed();
                }
            }
            note::SetTrace::METHOD => {
                if let Ok(params) = params::<lsp_types::SetTraceParams>(notification.params) {
                    self.trace = params.value != TraceValue::Off;
                }
            }
            // Cancellation has nothing to stop (every request is answered at once), and the
            // rest we do not use.
            _ => {}
        }
    }

    /// A config or rule file changed: read configs again and lint every open document.
    fn config_changed(&mut self) {
        self.workspace.config_changed();
        let uris: Vec<Url> = self.documents.keys().cloned().collect();
        for uri in uris {
            self.publish(&uri);
        }
    }

    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> = self
            .documents
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|due| due <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            self.publish(&uri);
        }
    }

    /// Lint `uri` now and send its diagnostics.
    fn publish(&mut self, uri: &Url) {
        let started = Instant::now();
        let linted = self.lint(uri);
        let Some(open) = self.documents.get_mut(uri) else {
            return;
        };
        open.due = None;
        let version = open.version;
        let diagnostics = linted
            .as_ref()
            .map(|l| {
                let lines = Lines::new(&open.text, &l.line_index, self.encoding);
                l.findings
                    .iter()
                    .map(|f| findings::to_lsp(f, &lines))
                    .collect()
            })
            .unwrap_or_default();
        self.send_diagnostics(uri.clone(), diagnostics, Some(version));
        if self.trace {
            let message = format!(
                "linted {uri} (version {version}) in {:.2} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
            self.send(
                Notification::new(
                    "$/logTrace".into(),
                    serde_json::json!({ "message": message }),
                )
                .into(),
            );
        }
    }

    /// Lint an open document with the settings that govern it; `None` when it is not a resume
    /// format, excluded by the config, too large, or JSON that is not a JSON Resume.
    fn lint(&mut self, uri: &Url) -> Option<Linted> {
        let open = self.documents.get(uri)?;
        let path = uri.to_file_path().ok();
        let format = path
            .as_deref()
            .and_then(|p| Format::from_path(&p.to_string_lossy()))
            .or_else(|| language_format(&open.language))
            .filter(|f| !f.is_extracted())?;
        let (resolved, problem) = self
            .workspace
            .settings(path.as_deref().and_then(Path::parent));
        if let Some(problem) = problem {
            self.show_error(&format!(
                "{problem} (resume-lint keeps using the last settings that loaded)"
            ));
        }
        let open = self.documents.get(uri)?;
        if let Some(path) = &path {
            let root = self.root_of(path, &resolved);
            if let Some(reason) = resolved
                .settings
                .selection
                .excluded_path(path, root.as_deref())
            {
                self.log(MessageType::LOG, &format!("not linting {uri}: {reason}"));
                return None;
            }
        }
        if open.text.len() as u64 > DEFAULT_MAX_FILE_SIZE {
            self.log(
                MessageType::WARNING,
                &format!("not linting {uri}: larger than {DEFAULT_MAX_FILE_SIZE} bytes"),
            );
            return None;
        }
        let name = path
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| uri.to_string());
        let rules = resolved
            .settings
            .rules_for(&resolved.rules, path.as_deref());
        let report = match crate::lint(&name, open.text.as_str(), format, &rules) {
            Ok(report) => report,
            Err(e) => {
                // Half-typed JSON does not parse; say why in the log, not as a diagnostic.
                self.log(MessageType::LOG, &e.to_string());
                return None;
            }
        };
        let mut findings = report.diagnostics;
        if let Some(shown) = resolved.settings.min_severity {
            findings.retain(|d| d.severity >= shown);
        }
        Some(Linted {
            findings,
            line_index: report.document.line_index,
            resolved: resolved.clone(),
            format,
            name,
        })
    }

    /// The folder exclusions are relative to: the workspace folder holding `path`, else the
    /// directory of the config that governs it, else the file's own directory.
    fn root_of(&self, path: &Path, resolved: &Resolved) -> Option<PathBuf> {
        self.roots
            .iter()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.as_os_str().len())
            .cloned()
            .or_else(|| {
                resolved
                    .settings
                    .files
                    .last()
                    .and_then(|f| f.parent())
                    .map(Path::to_path_buf)
            })
            .or_else(|| path.parent().map(Path::to_path_buf))
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some(linted) = self.lint(&uri) else {
            return Vec::new();
        };
        let Some(open) = self.documents.get(&uri) else {
            return Vec::new();
        };
        let lines = Lines::new(&open.text, &linted.line_index, self.encoding);
        let cx = ActionContext {
            uri: &uri,
            text: &open.text,
            format: linted.format,
            lines: &lines,
            unsafe_fixes: linted.resolved.settings.unsafe_fixes == Some(true),
        };
        let wanted = |kind: &CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        let range = lines.span(params.range);
        let mut actions = Vec::new();
        if wanted(&CodeActionKind::QUICKFIX) {
            for finding in linted
                .findings
                .iter()
                .filter(|f| findings::overlaps(f.span, range))
            {
                actions.extend(findings::quick_fixes(finding, &cx));
            }
        }
        if wanted(&CodeActionKind::new(findings::FIX_ALL)) {
            let path = uri.to_file_path().ok();
            let rules = linted
                .resolved
                .settings
                .rules_for(&linted.resolved.rules, path.as_deref());
            actions.extend(findings::fix_all(&cx, &linted.name, &rules));
        }
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }

    fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let linted = self.lint(&uri)?;
        let open = self.documents.get(&uri)?;
        let lines = Lines::new(&open.text, &linted.line_index, self.encoding);
        let at = lines.offset(params.text_document_position_params.position);
        let here: Vec<&Diagnostic> = linted
            .findings
            .iter()
            .filter(|f| f.span.start <= at && at < f.span.end.max(f.span.start + 1))
            .collect();
        if here.is_empty() {
            return None;
        }
        let range = lines.range(here[0].span);
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::PlainText,
                value: findings::hover_text(&here, &linted.resolved.rules),
            }),
            range: Some(range),
        })
    }

    fn send_diagnostics(
        &self,
        uri: Url,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(note::PublishDiagnostics::METHOD.into(), params).into());
    }

    fn show_error(&self, message: &str) {
        let params = ShowMessageParams {
            typ: MessageType::ERROR,
            message: format!("resume-lint: {message}"),
        };
        self.send(Notification::new(note::ShowMessage::METHOD.into(), params).into());
    }

    fn log(&self, typ: MessageType, message: &str) {
        let params = LogMessageParams {
            typ,
            message: message.to_string(),
        };
        self.send(Notification::new(note::LogMessage::METHOD.into(), params).into());
    }

    /// Send a message; if the client has gone, the next receive ends the loop.
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }
}

/// The format of a document with no telling file extension, from the client's language id.
fn language_format(language: &str) -> Option<Format> {
    match language {
        "markdown" => Some(Format::Markdown),
        "plaintext" | "text" => Some(Format::Text),
        "latex" | "tex" | "plaintex" => Some(Format::Latex),
        "json" => Some(Format::JsonResume),
        _ => None,
    }
}

/// Whether a changed file can change settings: a config file or a rule file (any TOML).
fn is_config_file(uri: &Url) -> bool {
    uri.path().ends_with(".toml")
}

/// A request's or notification's params as `P`.
fn params<P: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(value).map_err(|e| format!("bad params: {e}"))
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_request_is_logged_and_answered_and_the_server_goes_on() {
        let (server_side, client_side) = Connection::memory();
        let mut server = Server::new(&server_side, &InitializeParams::default());
        server.contained_request(Request::new(
            RequestId::from(1),
            "$/resumeLint/panic".into(),
            serde_json::Value::Null,
        ));
        let hover = serde_json::json!({
            "textDocument": {"uri": "file:///nowhere/cv.md"},
            "position": {"line": 0, "character": 0}
        });
        server.contained_request(Request::new(
            RequestId::from(2),
            req::HoverRequest::METHOD.into(),
            hover,
        ));
        let sent: Vec<Message> = client_side.receiver.try_iter().collect();
        let logged = sent.iter().any(|m| {
            matches!(m, Message::Notification(n)
                if n.method == note::LogMessage::METHOD
                    && n.params["message"].as_str().is_some_and(|t| t.contains("a deliberate panic")))
        });
        assert!(logged, "{sent:?}");
        let responses: Vec<&Response> = sent
            .iter()
            .filter_map(|m| match m {
                Message::Response(r) => Some(r),
                _ => None,
            })
            .collect();
        assert_eq!(responses.len(), 2, "{sent:?}");
        assert_eq!(
            responses[0].response_result.as_ref().err().map(|e| e.code),
            Some(ErrorCode::InternalError as i32)
        );
        assert!(responses[1].response_result.is_ok(), "{:?}", responses[1]);
    }
}
