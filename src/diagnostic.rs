//! What a check reports: diagnostics, their severity, and suggested rewrites with applicability.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// How serious a finding is; ordered so that `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice worth reading.
    Info,
    /// Phrasing that weakens the resume.
    Warning,
    /// A problem that should block.
    Error,
}

impl Severity {
    /// The lowercase name used in output and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether a suggestion may be applied without a human reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// A mechanical change that keeps the meaning; `--fix` may apply it.
    Safe,
    /// A change that may alter meaning; applied only on request.
    Unsafe,
    /// A rewrite with placeholders only the writer can fill; shown, never applied.
    DisplayOnly,
}

impl Applicability {
    /// The kebab-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// A replacement of the source bytes in `span`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The bytes to replace.
    #[serde(flatten)]
    pub span: Span,
    /// What to put there.
    pub replacement: String,
}

/// A rewrite offered for a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The rewrite as the user should read it.
    pub title: String,
    /// How safe it is to apply.
    pub applicability: Applicability,
    /// The source edits that apply it (empty for display-only rewrites).
    pub edits: Vec<Edit>,
}

/// One finding: a rule that matched a span of a bullet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule code, e.g. `PRC001`.
    pub code: Arc<str>,
    /// Rule name, e.g. `backlog-mechanics`.
    pub name: Arc<str>,
    /// Effective severity.
    pub severity: Severity,
    /// What is wrong, with the matched words filled in.
    pub message: String,
    /// What to do about it.
    pub help: Arc<str>,
    /// The source bytes the finding is about.
    pub span: Span,
    /// Index of the bullet in `Document::bullets`; `None` for a finding on a role line.
    pub bullet: Option<usize>,
    /// Rewrites on offer.
    pub suggestions: Vec<Suggestion>,
}
