//! SARIF 2.1.0: one run, every selected rule with its help, every finding with its region.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ruleset::RuleSet;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a SARIF URI reference: forward slashes, and every byte that may not
/// stand in a URI (`%`, spaces, controls, non-ASCII) percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A result's message: what is wrong and what to do, then each rewrite or fix on its own line
/// (the rewrites are display-only, so `fixes` holds only the suggestions that edit the file).
fn message(d: &Diagnostic) -> String {
    let mut text = format!("{} ({})", d.message, d.help);
    for suggestion in super::suggestion_lines(&d.suggestions) {
        text.push('\n');
        text.push_str(&suggestion);
    }
    text
}

/// `text` safe inside a Markdown table cell: pipes escaped, line breaks as spaces.
fn markdown_cell(text: &str) -> String {
    text.trim().replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The log up to the opening of `results`, with every rule that can report.
pub(super) fn begin(rules: &RuleSet, w: &mut dyn Write) -> io::Result<()> {
    let descriptors: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": format!("{} ({} set)", r.name, r.set_name) },
                "fullDescription": { "text": r.why.trim() },
                "help": {
                    "text": format!("{}\n\nbad:  {}\ngood: {}", r.help, r.example_bad, r.example_good),
                    "markdown": format!(
                        "{}\n\n| | |\n| --- | --- |\n| bad | {} |\n| good | {} |",
                        r.help,
                        markdown_cell(&r.example_bad),
                        markdown_cell(&r.example_good)
                    ),
                },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "set": r.set_name },
            })
        })
        .collect();
    let driver = json!({
        "name": env!("CARGO_PKG_NAME"),
        "version": env!("CARGO_PKG_VERSION"),
        "rules": descriptors,
    });
    write!(
        w,
        "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{{\n    \"tool\": {{ \"driver\": "
    )?;
    serde_json::to_writer(&mut *w, &driver)?;
    write!(
        w,
        " }},\n    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": ["
    )
}

/// One file's results; `first` says whether the array is still empty.
pub(super) fn file(
    report: &FileReport,
    rules: &RuleSet,
    first: &mut bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    let doc = &report.document;
    for d in &report.diagnostics {
        let start = doc.line_index.position(&doc.source, d.span.start);
        let end = doc.line_index.position(&doc.source, d.span.end);
        let mut result = json!({
            "ruleId": d.code,
            "level": level(d.severity),
            "message": { "text": message(d) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&doc.path) },
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column,
                        "byteOffset": d.span.start,
                        "byteLength": d.span.len(),
                    }
                }
            }],
        });
        if let Some(index) = rules.rules.iter().position(|r| r.code == d.code) {
            result["ruleIndex"] = json!(index);
        }
        let fixes: Vec<Value> = d
            .suggestions
            .iter()
            .filter(|s| !s.edits.is_empty())
            .map(|s| {
                json!({
                    "description": { "text": s.title },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri(&doc.path) },
                        "replacements": s.edits.iter().map(|e| json!({
                            "deletedRegion": { "byteOffset": e.span.start, "byteLength": e.span.len() },
                            "insertedContent": { "text": e.replacement },
                        })).collect::<Vec<_>>(),
                    }],
                })
            })
            .collect();
        if !fixes.is_empty() {
            result["fixes"] = json!(fixes);
        }
        write!(w, "{}\n      ", if *first { "" } else { "," })?;
        *first = false;
        serde_json::to_writer(&mut *w, &result)?;
    }
    Ok(())
}

pub(super) fn finish(w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "\n    ]\n  }}]\n}}")
}
