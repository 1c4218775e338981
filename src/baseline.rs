//! Baselines: record today's findings so that only new ones are reported, keyed by path, rule
//! and a hash of the bullet's text (not line numbers, so edits elsewhere do not break it).
//! Paths are relative to the baseline file's directory, so a baseline works from any directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::FileReport;
use crate::error::{Error, Result};

/// Version of the baseline file format.
const VERSION: u32 = 1;

/// One recorded finding (with how many times it occurred).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    code: String,
    hash: String,
    count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// Known findings: (path, code, text hash) → how many.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    known: BTreeMap<(String, String, String), usize>,
    /// The baseline file's directory (canonical), which recorded paths are relative to; without
    /// one, paths are recorded as shown.
    root: Option<PathBuf>,
}

/// A path as recorded: forward slashes, no leading `./`.
fn normal_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).to_string()
}

/// FNV-1a 64 over the text with whitespace runs collapsed, as 16 hex digits.
fn hash_text(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut last_space = true;
    for c in text.trim().chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        let mut buf = [0u8; 4];
        for byte in c.encode_utf8(&mut buf).bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// `path` relative to the directory `base` (both absolute), with `..` where it lies outside.
fn relative(path: &Path, base: &Path) -> String {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let up = std::iter::repeat_n("..".to_string(), base.len() - common);
    let down = path[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    up.chain(down).collect::<Vec<_>>().join("/")
}

/// `path` made absolute: canonical when it exists, else joined to the current directory.
fn absolute(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| {
        let joined = std::env::current_dir().unwrap_or_default().join(path);
        // Lexically, for a name that is not on disk (stdin's --stdin-filename).
        let mut clean = PathBuf::new();
        for component in joined.components() {
            match component {
                Component::CurDir => {}
                Component::ParentDir => {
                    clean.pop();
                }
                other => clean.push(other),
            }
        }
        clean
    })
}

fn keys(report: &FileReport, path: String) -> impl Iterator<Item = (String, String, String)> + '_ {
    let doc = &report.document;
    report.diagnostics.iter().map(move |d| {
        // A bullet's text identifies a finding across edits elsewhere in the file.
        let text = match d.bullet.and_then(|i| doc.bullets.get(i)) {
            Some(bullet) => bullet.text.as_str(),
            None => &doc.source[d.span.range()],
        };
        (path.clone(), d.code.to_string(), hash_text(text))
    })
}

impl Baseline {
    /// Key paths relative to the directory of the baseline file at `file` (which need not exist
    /// yet), so that it matches the same files linted from any directory.
    pub fn rooted_at(mut self, file: &Path) -> Baseline {
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
        self.root = Some(absolute(dir.unwrap_or(Path::new("."))));
        self
    }

    /// Record every finding in `reports`.
    pub fn from_reports(reports: &[FileReport]) -> Baseline {
        let mut baseline = Baseline::default();
        for report in reports {
            baseline.add(report);
        }
        baseline
    }

    /// The path a file shown as `shown` is recorded under.
    fn path_key(&self, shown: &str) -> String {
        match &self.root {
            Some(root) if shown != "-" => relative(&absolute(Path::new(shown)), root),
            _ => normal_path(shown),
        }
    }

    /// Whether any finding is recorded for the file of `report`.
    pub fn records_file(&self, report: &FileReport) -> bool {
        let path = self.path_key(&report.document.path);
        let from = (path.clone(), String::new(), String::new());
        self.known
            .range(from..)
            .next()
            .is_some_and(|((p, _, _), _)| *p == path)
    }

    /// Record one file's findings.
    pub fn add(&mut self, report: &FileReport) {
        for key in keys(report, self.path_key(&report.document.path)) {
            *self.known.entry(key).or_insert(0) += 1;
        }
    }

    /// How many findings it records.
    pub fn len(&self) -> usize {
        self.known.values().sum()
    }

    /// Whether it records nothing.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// The baseline file's text (pretty JSON, sorted, so it diffs well).
    pub fn to_json(&self) -> String {
        let file = BaselineFile {
            version: VERSION,
            findings: self
                .known
                .iter()
                .map(|((path, code, hash), count)| Entry {
                    path: path.clone(),
                    code: code.clone(),
                    hash: hash.clone(),
                    count: *count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Read a baseline file's text; `path` names it in errors.
    pub fn parse(path: &str, text: &str) -> Result<Baseline> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|e| Error::Baseline {
            file: path.to_string(),
            // A file that is not JSON at all may be anything: its contents are not echoed.
            problem: if e.is_data() {
                crate::input::short_problem(&e.to_string())
            } else {
                format!("not JSON (line {})", e.line())
            },
        })?;
        if file.version != VERSION {
            return Err(Error::Baseline {
                file: path.to_string(),
                problem: format!(
                    "baseline version {} is not supported (expected {VERSION})",
                    file.version
                ),
            });
        }
        let mut known = BTreeMap::new();
        for e in file.findings {
            *known
                .entry((normal_path(&e.path), e.code, e.hash))
                .or_insert(0) += e.count;
        }
        Ok(Baseline { known, root: None })
    }

    /// Remove the findings the baseline knows about (each recorded one absorbs one finding).
    /// Returns how many were removed.
    pub fn filter(&self, reports: &mut [FileReport]) -> usize {
        let mut budget = self.clone();
        reports.iter_mut().map(|r| budget.absorb(r)).sum()
    }

    /// Remove from `report` the findings still recorded here, using them up; returns how many.
    pub fn absorb(&mut self, report: &mut FileReport) -> usize {
        let keep: Vec<bool> = keys(report, self.path_key(&report.document.path))
            .map(|key| match self.known.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        let removed = keep.iter().filter(|k| !**k).count();
        let mut flags = keep.into_iter();
        report.diagnostics.retain(|_| flags.next().unwrap_or(true));
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::ruleset::RuleSet;

    #[test]
    fn survives_edits_elsewhere_and_catches_new_findings() {
        let rules = RuleSet::builtin()
            .unwrap()
            .select(&["PRC".into()], &[])
            .unwrap();
        let before = "- Groomed the backlog for the app team.\n";
        let reports = vec![crate::lint("./cv.md", before, Format::Markdown, &rules).unwrap()];
        let baseline = Baseline::from_reports(&reports);
        let round_trip = Baseline::parse("b.json", &baseline.to_json()).unwrap();
        assert_eq!(round_trip, baseline);

        let after = "# Jane\n\nIntro line.\n\n- Groomed   the backlog\n  for the app team.\n- Wrote user stories for the app.\n";
        let mut reports = vec![crate::lint("cv.md", after, Format::Markdown, &rules).unwrap()];
        assert_eq!(round_trip.filter(&mut reports), 1);
        let left: Vec<_> = reports[0].diagnostics.iter().map(|d| &*d.code).collect();
        assert_eq!(left, vec!["PRC002"]);
    }

    #[test]
    fn paths_are_relative_to_the_baseline_directory() {
        let at = |p: &str| relative(Path::new(p), Path::new("/repo/cvs"));
        assert_eq!(at("/repo/cvs/cv.md"), "cv.md");
        assert_eq!(at("/repo/cvs/2024/cv.md"), "2024/cv.md");
        assert_eq!(at("/repo/other/cv.md"), "../other/cv.md");
        assert_eq!(at("/elsewhere/cv.md"), "../../elsewhere/cv.md");
    }

    #[test]
    fn malformed_baselines_name_the_file() {
        let err = Baseline::parse("b.json", "{\"version\": 1}")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("b.json") && err.contains("baseline"),
            "{err}"
        );
    }
}
