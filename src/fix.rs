//! Fixes: applying safe (and on request unsafe) edits until the text stops changing, and
//! writing the result atomically.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::FileReport;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::document::Format;
use crate::error::{Error, Result};
use crate::ruleset::RuleSet;

/// Passes over a file before giving up on convergence.
const MAX_PASSES: usize = 10;

/// The edits that may be applied, sorted and without overlaps (the earlier edit wins).
pub fn applicable_edits(diagnostics: &[Diagnostic], allow_unsafe: bool) -> Vec<Edit> {
    let mut edits: Vec<Edit> = diagnostics
        .iter()
        .flat_map(|d| &d.suggestions)
        .filter(|s| match s.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => allow_unsafe,
            Applicability::DisplayOnly => false,
        })
        .flat_map(|s| s.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut chosen: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        let overlaps = chosen.last().is_some_and(|last| {
            edit.span.start < last.span.end
                || (edit.span.is_empty()
                    && edit.span.start == last.span.end
                    && last.span.is_empty())
        });
        if !overlaps {
            chosen.push(edit);
        }
    }
    chosen
}

/// `source` with `edits` (sorted, non-overlapping, on char boundaries) applied.
pub fn apply_edits(source: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for edit in edits {
        if edit.span.start < at || edit.span.end > source.len() {
            continue;
        }
        out.push_str(&source[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&source[at..]);
    out
}

/// What fixing one text produced.
#[derive(Debug)]
pub struct Fixed {
    /// The text with every applicable edit applied (the source itself when they did not
    /// settle).
    pub text: String,
    /// How many edits were applied.
    pub applied: usize,
    /// The lint of `text`, when the last pass already made it (so callers need not lint again).
    pub report: Option<FileReport>,
    /// Whether the fixes settled within `MAX_PASSES`. Each pass lints the text the last one
    /// fixed; when every pass finds something new (a fix that changes where a bullet ends can
    /// expose the next line), the text is left as it was rather than half fixed, so that
    /// fixing twice is the same as fixing once.
    pub settled: bool,
}

/// Lint and fix `source` until no applicable edit is left; if that takes more than
/// `MAX_PASSES`, or a fix leaves text that no longer parses, `source` comes back unchanged.
pub fn fix_source(
    path: &str,
    source: &str,
    format: Format,
    rules: &RuleSet,
    allow_unsafe: bool,
) -> Fixed {
    let unchanged = |settled| Fixed {
        text: source.to_string(),
        applied: 0,
        report: None,
        settled,
    };
    let mut text = source.to_string();
    let mut applied = 0;
    for pass in 0..MAX_PASSES {
        let Ok(report) = crate::lint(path, text.clone(), format, rules) else {
            // Nothing to fix in text that does not parse (the caller's lint reports why).
            return unchanged(pass == 0);
        };
        let edits = applicable_edits(&report.diagnostics, allow_unsafe);
        let next = apply_edits(&text, &edits);
        if edits.is_empty() || next == text {
            return Fixed {
                text,
                applied,
                report: Some(report),
                settled: true,
            };
        }
        applied += edits.len();
        text = next;
    }
    unchanged(false)
}

/// Replace the file at `path` with `new`: atomically (a temporary file in the same directory,
/// then a rename, keeping permissions and, where the process may, owner and group). A symlink
/// is written through, not replaced; a file with other hard links is rewritten in place so the
/// links stay one file. Refused when the file no longer holds `original`.
pub fn write_atomic(path: &Path, original: &str, new: &str) -> Result<()> {
    let io_at = |at: &Path| {
        let shown = at.display().to_string();
        move |source| Error::Io {
            path: shown.clone(),
            source,
        }
    };
    let target = fs::canonicalize(path).map_err(io_at(path))?;
    let current = fs::read(&target).map_err(io_at(path))?;
    if current != original.as_bytes() {
        return Err(Error::Changed {
            path: path.display().to_string(),
        });
    }
    let meta = fs::metadata(&target).map_err(io_at(path))?;
    if has_other_links(&meta) {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&target)
            .map_err(io_at(path))?;
        return file
            .write_all(new.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io_at(path));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    // Unique per call, so two writers in one process never share a temporary file.
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let temp = dir.join(format!(
        ".{name}.resume-lint-{}-{}.tmp",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(new.as_bytes())?;
        file.sync_all()?;
        fs::set_permissions(&temp, meta.permissions())?;
        keep_owner(&temp, &meta);
        Ok(())
    })()
    .map_err(io_at(&temp))
    .and_then(|()| fs::rename(&temp, &target).map_err(io_at(path)));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Whether the file has hard links besides the one being fixed.
fn has_other_links(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Give `temp` the owner and group of the file it replaces, when the process may (root may;
/// others keep their own, as any editor would).
fn keep_owner(temp: &Path, meta: &fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::chown(temp, Some(meta.uid()), Some(meta.gid()));
    }
    #[cfg(not(unix))]
    let _ = (temp, meta);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn overlapping_edits_keep_the_first() {
        let edit = |s, e, r: &str| Edit {
            span: Span::new(s, e),
            replacement: r.into(),
        };
        let d = Diagnostic {
            code: "X".into(),
            name: "x".into(),
            severity: crate::diagnostic::Severity::Info,
            message: String::new(),
            help: "".into(),
            span: Span::new(0, 1),
            bullet: None,
            suggestions: vec![crate::diagnostic::Suggestion {
                title: String::new(),
                applicability: Applicability::Safe,
                edits: vec![edit(4, 6, "B"), edit(0, 3, "A"), edit(2, 5, "no")],
            }],
        };
        let edits = applicable_edits(&[d], false);
        assert_eq!(apply_edits("abcdefg", &edits), "AdBg");
    }

    #[test]
    fn fixes_converge_and_are_idempotent() {
        let rules = RuleSet::builtin().unwrap();
        let source = "## Experience\n\n- I successfully launched the app.\n- Cut costs by 9%.\n- Hired four engineers\n";
        let Fixed {
            text: fixed,
            applied,
            ..
        } = fix_source("cv.md", source, Format::Markdown, &rules, false);
        assert!(applied >= 3, "{applied}");
        assert_eq!(
            fixed,
            "## Experience\n\n- Launched the app.\n- Cut costs by 9%.\n- Hired four engineers.\n"
        );
        let Fixed {
            text: again,
            applied,
            ..
        } = fix_source("cv.md", &fixed, Format::Markdown, &rules, false);
        assert_eq!((again.as_str(), applied), (fixed.as_str(), 0));
    }

    #[test]
    fn atomic_write_refuses_a_changed_file_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cv.md");
        fs::write(&path, "old").unwrap();
        assert!(write_atomic(&path, "something else", "new").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        write_atomic(&path, "old", "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
    }
}
