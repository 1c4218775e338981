//! Findings as the editor sees them: LSP diagnostics, hovers that explain the rule, and code
//! actions (a rule's fix, a suppression comment for the line, every safe fix at once).

use std::collections::HashMap;
use std::sync::LazyLock;

use lsp_types::{
    CodeAction, CodeActionKind, CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString,
    Position, Range, TextEdit, Url, WorkspaceEdit,
};

use crate::diagnostic::{self, Applicability, Severity};
use crate::document::Format;
use crate::ruleset::RuleSet;
use crate::span::Span;
use crate::{explain, fix, render};

use super::position::Lines;

/// The `source` of every diagnostic, so an editor can tell ours apart.
pub const SOURCE: &str = "resume-lint";

/// The code-action kind of "fix all safe fixes" (`source.fixAll` with our name, as ruff does).
pub const FIX_ALL: &str = "source.fixAll.resume-lint";

/// A finding as an LSP diagnostic: the message with the rewrite or fix under it, the rule code
/// linking to the rule table.
pub fn to_lsp(finding: &diagnostic::Diagnostic, lines: &Lines) -> Diagnostic {
    let mut message = finding.message.clone();
    for line in render::suggestion_lines(&finding.suggestions) {
        message.push('\n');
        message.push_str(&line);
    }
    Diagnostic {
        range: lines.range(finding.span),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(finding.code.to_string())),
        code_description: RULES_PAGE.clone().map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
}

/// Where the README lists the rules (the crate's repository), for `codeDescription`.
static RULES_PAGE: LazyLock<Option<Url>> =
    LazyLock::new(|| Url::parse(&format!("{}#rules", env!("CARGO_PKG_REPOSITORY"))).ok());

/// The hover over a finding: its message, then `explain`'s text for its rule.
pub fn hover_text(findings: &[&diagnostic::Diagnostic], rules: &RuleSet) -> String {
    findings
        .iter()
        .map(|finding| {
            let explanation = rules
                .find(&finding.code)
                .map(|rule| explain::explain(rule, rules, finding.severity.as_str()))
                .unwrap_or_default();
            format!("{}: {}\n\n{}", finding.code, finding.message, explanation)
        })
        .collect::<Vec<_>>()
        .join("\n---\n\n")
}

/// Whether the byte span `span` touches `range` (a zero-width range at a finding's edge counts,
/// so a cursor at either end of the underline gets its actions).
pub fn overlaps(span: Span, range: Span) -> bool {
    span.start <= range.end && range.start <= span.end
}

/// What the code actions of one document need.
pub struct ActionContext<'a> {
    pub uri: &'a Url,
    pub text: &'a str,
    pub format: Format,
    pub lines: &'a Lines<'a>,
    pub unsafe_fixes: bool,
}

/// The quick fixes for one finding: each fix the config allows, then "disable for this line"
/// where the format has a comment syntax.
pub fn quick_fixes(finding: &diagnostic::Diagnostic, cx: &ActionContext) -> Vec<CodeAction> {
    let lsp = to_lsp(finding, cx.lines);
    let mut actions = Vec::new();
    for suggestion in &finding.suggestions {
        let allowed = match suggestion.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => cx.unsafe_fixes,
            // A rewrite with <placeholders> is for the writer to fill, not an edit.
            Applicability::DisplayOnly => false,
        };
        if !allowed || suggestion.edits.is_empty() {
            continue;
        }
        let edits = suggestion
            .edits
            .iter()
            .map(|e| TextEdit::new(cx.lines.range(e.span), e.replacement.clone()))
            .collect();
        let unsafe_note = match suggestion.applicability {
            Applicability::Unsafe => ", unsafe",
            _ => "",
        };
        actions.push(CodeAction {
            title: format!(
                "{} ({}{unsafe_note})",
                capitalized(&suggestion.title),
                finding.code
            ),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp.clone()]),
            edit: Some(workspace_edit(cx.uri, edits)),
            is_preferred: Some(suggestion.applicability == Applicability::Safe),
            ..CodeAction::default()
        });
    }
    if let Some(edit) = disable_line(finding, cx) {
        actions.push(CodeAction {
            title: format!("Disable {} for this line", finding.code),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp]),
            edit: Some(workspace_edit(cx.uri, vec![edit])),
            ..CodeAction::default()
        });
    }
    actions
}

/// A `disable-next-line` comment for the finding's code, on a line of its own above the line
/// the finding starts on, indented like it. JSON has no comments.
fn disable_line(finding: &diagnostic::Diagnostic, cx: &ActionContext) -> Option<TextEdit> {
    let code = &finding.code;
    let comment = match cx.format {
        Format::Markdown => format!("<!-- resume-lint-disable-next-line {code} -->"),
        Format::Latex => format!("% resume-lint-disable-next-line {code}"),
        Format::Text => format!("# resume-lint-disable-next-line {code}"),
        Format::JsonResume | Format::Docx | Format::Pdf => return None,
    };
    let line = cx.lines.position(finding.span.start).line;
    let start = cx.lines.offset(Position::new(line, 0));
    let rest = &cx.text[start..];
    let indent: String = rest
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    // The comment line ends as the line it goes above does.
    let newline = match rest.find('\n') {
        Some(end) if rest[..end].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let at = Position::new(line, 0);
    Some(TextEdit::new(
        Range::new(at, at),
        format!("{indent}{comment}{newline}"),
    ))
}

/// "Fix all safe fixes" (and the unsafe ones when the config allows them): the fixed text as
/// edits of the lines that changed, or `None` when nothing changes or the fixes do not settle.
pub fn fix_all(cx: &ActionContext, name: &str, rules: &RuleSet) -> Option<CodeAction> {
    let fixed = fix::fix_source(name, cx.text, cx.format, rules, cx.unsafe_fixes);
    if fixed.applied == 0 || !fixed.settled {
        return None;
    }
    let which = if cx.unsafe_fixes { "fix" } else { "safe fix" };
    Some(CodeAction {
        // With unsafe fixes allowed by the config, they are among those applied.
        title: format!(
            "Apply {} {which}{} (resume-lint)",
            fixed.applied,
            if fixed.applied == 1 { "" } else { "es" }
        ),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(workspace_edit(
            cx.uri,
            line_edits(cx.text, &fixed.text, cx.lines),
        )),
        ..CodeAction::default()
    })
}

/// Edits that turn `old` into `new`, one per run of changed lines, so the editor keeps the
/// cursor and folds of the lines that did not change.
fn line_edits(old: &str, new: &str, lines: &Lines) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let old_starts = starts(diff.iter_old_slices());
    let new_starts = starts(diff.iter_new_slices());
    diff.ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| {
            let (old_lines, new_lines) = (op.old_range(), op.new_range());
            let span = Span::new(old_starts[old_lines.start], old_starts[old_lines.end]);
            let text = &new[new_starts[new_lines.start]..new_starts[new_lines.end]];
            TextEdit::new(lines.range(span), text.to_string())
        })
        .collect()
}

/// Byte offset of each of the diff's lines, plus the end of the text.
fn starts<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    starts.push(at);
    for line in lines {
        at += line.len();
        starts.push(at);
    }
    starts
}

fn workspace_edit(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
