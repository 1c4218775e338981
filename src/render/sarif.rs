//! SARIF 2.1.0: one run, every selected rule with its help, every finding with its region.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::FileReport;
use crate::diagnostic::Severity;
use crate::ruleset::RuleSet;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a SARIF URI reference (forward slashes, spaces and `%` escaped).
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}

pub(super) fn render(reports: &[FileReport], rules: &RuleSet, w: &mut dyn Write) -> io::Result<()> {
    let descriptors: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": format!("{} ({} set)", r.name, r.set_name) },
                "fullDescription": { "text": r.why.trim() },
                "help": { "text": format!("{}\n\nbad:  {}\ngood: {}", r.help, r.example_bad, r.example_good) },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "set": r.set_name },
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let doc = &report.document;
        for d in &report.diagnostics {
            let start = doc.line_index.position(&doc.source, d.span.start);
            let end = doc.line_index.position(&doc.source, d.span.end);
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": format!("{} ({})", d.message, d.help) },
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
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}
