//! Typed errors of the library: rule files, selectors and input files.

use std::fmt;

/// Everything that can go wrong outside of a lint finding.
#[derive(Debug)]
pub enum Error {
    /// A rule file is not valid TOML or does not have the rule-file shape.
    RuleFileSyntax {
        /// The rule file.
        file: String,
        /// The parser's message (with line and column).
        message: String,
    },
    /// A rule file parsed but one of its rules or signals is wrong.
    RuleInvalid {
        /// The rule file.
        file: String,
        /// The rule code or signal name.
        item: String,
        /// What is wrong.
        problem: String,
    },
    /// A `--select`/`--ignore` selector matches no rule.
    UnknownSelector(String),
    /// A selector in a config file matches no rule.
    UnknownSelectorAt {
        /// The selector.
        selector: String,
        /// `file:line` where it was written.
        origin: String,
    },
    /// A config file is malformed.
    Config {
        /// The config file (or `file:line`).
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// A file saved as UTF-16 (Windows "Unicode" text).
    Utf16 {
        /// The path.
        path: String,
    },
    /// A baseline file is malformed.
    Baseline {
        /// The baseline file.
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// A file to fix changed on disk after it was read; nothing was written.
    Changed {
        /// The file.
        path: String,
    },
    /// An input file could not be read.
    Io {
        /// The path.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// An input file is not valid UTF-8.
    InvalidUtf8 {
        /// The path.
        path: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// An input file is not well-formed (malformed JSON).
    Syntax {
        /// The path.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A `.json` file that is not a JSON Resume.
    NotResume {
        /// The path.
        path: String,
    },
    /// An input file is larger than the size limit.
    TooLarge {
        /// The path.
        path: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A Word or PDF file that cannot be read as one.
    Document {
        /// The path.
        path: String,
        /// What is wrong with it.
        problem: String,
    },
    /// An input file holds NUL bytes, so it is binary.
    Binary {
        /// The path.
        path: String,
        /// Byte offset of the first NUL.
        offset: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::RuleFileSyntax { file, message } => {
                write!(f, "{file}: invalid rule file: {}", message.trim_end())
            }
            Error::RuleInvalid {
                file,
                item,
                problem,
            } => write!(f, "{file}: {item}: {problem}"),
            Error::UnknownSelector(s) => write!(
                f,
                "unknown rule selector `{s}`: use a code (PRC001), a prefix (PRC), a rule name, a set name or ALL; `resume-lint rules` lists them"
            ),
            Error::UnknownSelectorAt { selector, origin } => write!(
                f,
                "{origin}: unknown rule `{selector}`: use a code (PRC001), a prefix (PRC), a rule name, a set name or ALL"
            ),
            Error::Config { file, problem } => write!(f, "{file}: invalid config: {problem}"),
            Error::Utf16 { path } => write!(
                f,
                "{path}: UTF-16 text, not UTF-8; save it as UTF-8 (for example `iconv -f UTF-16 -t UTF-8`), skipped"
            ),
            Error::Baseline { file, problem } => write!(f, "{file}: invalid baseline: {problem}"),
            Error::Changed { path } => write!(
                f,
                "{path}: the file changed since it was read; not writing fixes"
            ),
            Error::Io { path, source } => write!(f, "{path}: {source}"),
            Error::InvalidUtf8 { path, offset } => {
                write!(
                    f,
                    "{path}: not valid UTF-8 (first bad byte at offset {offset}); save the file as UTF-8"
                )
            }
            Error::Syntax {
                path,
                line,
                column,
                message,
            } => write!(f, "{path}:{line}:{column}: malformed JSON: {message}"),
            Error::NotResume { path } => write!(
                f,
                "{path}: not a JSON Resume (no basics, work, education, skills or projects), skipped"
            ),
            Error::TooLarge { path, limit } => write!(
                f,
                "{path}: larger than {limit} bytes, skipped (raise --max-file-size to lint it)"
            ),
            Error::Document { path, problem } => write!(f, "{path}: {problem}"),
            Error::Binary { path, offset } => {
                write!(
                    f,
                    "{path}: binary file (NUL byte at offset {offset}), skipped"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
