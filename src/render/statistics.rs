//! `--statistics`: how many findings each rule made, most frequent first.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::FileReport;
use crate::diagnostic::Applicability;
use crate::ruleset::RuleSet;

/// Count one file's findings into `counts` (code → count, has a safe fix).
pub(super) fn record(report: &FileReport, counts: &mut BTreeMap<String, (usize, bool)>) {
    for d in &report.diagnostics {
        let fixable = d
            .suggestions
            .iter()
            .any(|s| s.applicability == Applicability::Safe && !s.edits.is_empty());
        let entry = counts.entry(d.code.to_string()).or_default();
        entry.0 += 1;
        entry.1 |= fixable;
    }
}

/// Print the counts, most frequent first (JSON when `json`).
pub(super) fn finish(
    counts: &BTreeMap<String, (usize, bool)>,
    rules: &RuleSet,
    json: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut rows: Vec<_> = counts.iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let name = |code: &str| rules.find(code).map_or("", |r| &*r.name).to_string();
    if json {
        let list: Vec<_> = rows
            .iter()
            .map(|(code, (count, fixable))| {
                serde_json::json!({ "code": code, "name": name(code), "count": count, "fixable": fixable })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *w, &list)?;
        return writeln!(w);
    }
    for (code, (count, fixable)) in &rows {
        let mark = if *fixable { "[*] " } else { "" };
        writeln!(w, "{count:>6}\t{code}\t{mark}{}", name(code))?;
    }
    let total: usize = rows.iter().map(|r| r.1.0).sum();
    writeln!(
        w,
        "Found {total} finding{}.",
        if total == 1 { "" } else { "s" }
    )
}
