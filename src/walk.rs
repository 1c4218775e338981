//! Which files a run lints: directory walks, and the `include`/`exclude` patterns that pick the
//! resumes out of a repository (ruff's semantics).

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::Error;

/// Skipped when walking unless `exclude` replaces the list: build and dependency directories,
/// and the files a resume repository keeps beside its resumes.
pub const DEFAULT_EXCLUDE: &[&str] = &[
    "node_modules",
    "target",
    "vendor",
    "_site",
    "dist",
    "build",
    "README.*",
    "CHANGELOG.*",
    "CHANGES.*",
    "HISTORY.*",
    "LICENSE*",
    "LICENCE*",
    "CONTRIBUTING.*",
    "CODE_OF_CONDUCT.*",
    "SECURITY.*",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
];

/// The files a walk picks up unless `include` replaces the list: the extensions resume-lint
/// reads.
pub const DEFAULT_INCLUDE: &[&str] = &[
    "*.md",
    "*.markdown",
    "*.txt",
    "*.text",
    "*.tex",
    "*.json",
    "*.docx",
    "*.pdf",
];

/// One `include` or `exclude` glob, with where it was written.
#[derive(Debug, Clone)]
pub struct FilePattern {
    /// The glob as written.
    pub glob: String,
    /// `file:line` of the config that wrote it, or `default`.
    pub origin: String,
    /// The directory a pattern with a `/` is relative to (that of its config file, canonical);
    /// `None` for the defaults, which match file and directory names only.
    base: Option<PathBuf>,
}

impl FilePattern {
    /// A pattern written in a config file in `base`; an error names what is wrong with the glob.
    pub fn new(glob: &str, origin: String, base: &Path) -> Result<FilePattern, String> {
        Glob::new(glob).map_err(|e| format!("bad glob `{glob}`: {e}"))?;
        Ok(FilePattern {
            glob: glob.to_string(),
            origin,
            base: Some(fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf())),
        })
    }

    fn defaults(globs: &[&str]) -> Vec<Arc<FilePattern>> {
        globs
            .iter()
            .map(|glob| {
                Arc::new(FilePattern {
                    glob: glob.to_string(),
                    origin: "default".into(),
                    base: None,
                })
            })
            .collect()
    }

    /// The globs it compiles to: one for the name, and one for the path under its base (as
    /// ruff does, a pattern matches either a file or directory name anywhere, or a path
    /// relative to its config's directory).
    fn globs(&self) -> Vec<Glob> {
        let glob = self.glob.trim_end_matches('/');
        let build = |text: &str| {
            GlobBuilder::new(text)
                // The defaults name files as people spell them: `readme.md`, `License.txt`.
                .case_insensitive(self.base.is_none())
                .build()
                .ok()
        };
        let anchored = self.base.as_ref().map(|base| {
            let base = globset::escape(&base.to_string_lossy());
            format!("{}/{}", base.trim_end_matches('/'), glob)
        });
        [build(glob), anchored.as_deref().and_then(build)]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Compiled patterns: each glob of the set maps back to the pattern that wrote it.
#[derive(Debug)]
struct Compiled {
    set: GlobSet,
    owner: Vec<usize>,
    /// Whether any pattern is relative to a directory (otherwise names alone decide).
    anchored: bool,
}

impl Compiled {
    fn new(patterns: &[Arc<FilePattern>]) -> Compiled {
        let mut builder = GlobSetBuilder::new();
        let mut owner = Vec::new();
        for (i, pattern) in patterns.iter().enumerate() {
            for glob in pattern.globs() {
                builder.add(glob);
                owner.push(i);
            }
        }
        Compiled {
            set: builder.build().unwrap_or_else(|_| GlobSet::empty()),
            owner,
            anchored: patterns.iter().any(|p| p.base.is_some()),
        }
    }

    /// The first pattern matching the entry's name or its absolute path.
    fn first_match(&self, name: &OsStr, absolute: impl FnOnce() -> PathBuf) -> Option<usize> {
        let by_name = self.set.matches(Path::new(name));
        let hits = if by_name.is_empty() && self.anchored {
            self.set.matches(absolute())
        } else {
            by_name
        };
        hits.first().map(|&glob| self.owner[glob])
    }
}

/// The `include`, `exclude` and `force-exclude` settings that apply in one directory.
#[derive(Debug, Clone)]
pub struct FileSelection {
    /// Files a walk picks up.
    pub include: Vec<Arc<FilePattern>>,
    /// Files and directories a walk skips (and, with `force_exclude`, named files too).
    pub exclude: Vec<Arc<FilePattern>>,
    /// Whether `exclude` also applies to files named on the command line.
    pub force_exclude: bool,
    compiled: OnceLock<Arc<(Compiled, Compiled)>>,
}

impl Default for FileSelection {
    fn default() -> Self {
        FileSelection {
            include: FilePattern::defaults(DEFAULT_INCLUDE),
            exclude: FilePattern::defaults(DEFAULT_EXCLUDE),
            force_exclude: false,
            compiled: OnceLock::new(),
        }
    }
}

/// Why an entry is linted or skipped, for `--show-files`.
#[derive(Debug, Clone)]
pub enum Reason {
    /// Named on the command line.
    Named,
    /// Found by a walk and matched this `include` pattern.
    Included(Arc<FilePattern>),
    /// Matched this `exclude` pattern.
    Excluded(Arc<FilePattern>),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Named => f.write_str("named on the command line"),
            Reason::Included(p) => write!(f, "include `{}` ({})", p.glob, p.origin),
            Reason::Excluded(p) => write!(f, "exclude `{}` ({})", p.glob, p.origin),
        }
    }
}

/// A path a command-line argument led to, and whether it is linted.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The path, under the argument as given.
    pub path: PathBuf,
    /// Linted, or skipped (an excluded file or directory).
    pub linted: bool,
    /// Why.
    pub reason: Reason,
    /// Found by walking a directory rather than named.
    pub walked: bool,
}

impl FileSelection {
    fn compiled(&self) -> &(Compiled, Compiled) {
        self.compiled
            .get_or_init(|| Arc::new((Compiled::new(&self.include), Compiled::new(&self.exclude))))
    }

    /// Replace the patterns of one list (`exclude = […]`), or add to it (`extend-exclude`).
    pub fn set(&mut self, list: PatternList, patterns: Vec<FilePattern>, replace: bool) {
        let patterns = patterns.into_iter().map(Arc::new);
        let target = match list {
            PatternList::Include => &mut self.include,
            PatternList::Exclude => &mut self.exclude,
        };
        if replace {
            target.clear();
        }
        target.extend(patterns);
        self.compiled = OnceLock::new();
    }

    /// The `exclude` pattern that matches `path` (named `name`), if any.
    fn excluded(&self, path: &Path, name: &OsStr) -> Option<Reason> {
        let (_, exclude) = self.compiled();
        exclude
            .first_match(name, || absolute(path))
            .map(|i| Reason::Excluded(self.exclude[i].clone()))
    }

    /// The `include` pattern that matches the file `path` (named `name`), if any.
    fn included(&self, path: &Path, name: &OsStr) -> Option<Reason> {
        let (include, _) = self.compiled();
        include
            .first_match(name, || absolute(path))
            .map(|i| Reason::Included(self.include[i].clone()))
    }

    /// The `exclude` pattern that matches `path` or a directory on it as given (below `root`,
    /// when given: the folder a project lives in does not exclude it), if any.
    pub fn excluded_path(&self, path: &Path, root: Option<&Path>) -> Option<Reason> {
        path.ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && root.is_none_or(|root| *a != root))
            .find_map(|a| self.excluded(a, a.file_name()?))
    }

    /// Whether a file named on the command line is still linted: always, unless
    /// `force_exclude` is on and the file or a directory on its path as given is excluded.
    pub fn named(&self, path: &Path) -> Entry {
        let excluded = self
            .force_exclude
            .then(|| self.excluded_path(path, None))
            .flatten();
        match excluded {
            Some(reason) => Entry {
                path: path.to_path_buf(),
                linted: false,
                reason,
                walked: false,
            },
            None => Entry {
                path: path.to_path_buf(),
                linted: true,
                reason: Reason::Named,
                walked: false,
            },
        }
    }
}

/// Which list of patterns a setting changes.
#[derive(Debug, Clone, Copy)]
pub enum PatternList {
    /// `include`, `extend-include`.
    Include,
    /// `exclude`, `extend-exclude`.
    Exclude,
}

/// The path made absolute for anchored patterns (canonical when it can be resolved, so that it
/// compares with the canonical directory of a config file).
fn absolute(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    })
}

/// Everything one command-line path leads to, in no particular order: the file itself, or every file below a
/// directory that `include` picks and `exclude` does not skip (hidden directories skipped,
/// symlinked directories not followed). `selection` gives the settings that govern a directory.
pub fn expand_path(
    path: &Path,
    selection: &mut dyn FnMut(&Path) -> Arc<FileSelection>,
) -> (Vec<Entry>, Vec<Error>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    match fs::metadata(path) {
        Err(source) => errors.push(Error::Io {
            path: path.display().to_string(),
            source,
        }),
        Ok(meta) if meta.is_dir() => walk(path, selection, &mut entries, &mut errors),
        Ok(_) => {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            entries.push(selection(dir.unwrap_or(Path::new("."))).named(path));
        }
    }
    (entries, errors)
}

fn walk(
    dir: &Path,
    selection: &mut dyn FnMut(&Path) -> Arc<FileSelection>,
    found: &mut Vec<Entry>,
    errors: &mut Vec<Error>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(Error::Io {
                path: dir.display().to_string(),
                source,
            });
            return;
        }
    };
    let here = selection(dir);
    let mut subdirs = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let is_dir = kind.is_dir();
        if is_dir && name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let is_file = kind.is_file() || kind.is_symlink() && path.is_file();
        if !is_dir && !is_file {
            continue;
        }
        // Only files `include` picks are worth a line in `--show-files`, excluded or not.
        let included = if is_dir {
            None
        } else {
            match here.included(&path, &name) {
                Some(reason) => Some(reason),
                None => continue,
            }
        };
        if let Some(reason) = here.excluded(&path, &name) {
            found.push(Entry {
                path,
                linted: false,
                reason,
                walked: true,
            });
            continue;
        }
        match included {
            None => subdirs.push(path),
            Some(reason) => found.push(Entry {
                path,
                linted: true,
                reason,
                walked: true,
            }),
        }
    }
    for sub in subdirs {
        walk(&sub, selection, found, errors);
    }
}
