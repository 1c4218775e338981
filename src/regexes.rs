//! The fixed regexes of the parsers and the suppression scanner.
//!
//! They live in this dependency-free file so `build.rs` precompiles them like the built-in
//! rule patterns (see `crate::precompiled`), instead of compiling them at every start.

/// One date in a range: an optional month name, an optional day or month number, a year.
/// Digits are ASCII, as in the rule patterns: Unicode's dozens of digit ranges would double the
/// size of the lazy DFA's states, for dates no resume writes.
macro_rules! date {
    () => {
        r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s*)?(?:[0-9]{1,2}[/.])?(?:19|20)[0-9]{2}"
    };
}

/// A job's date range (`Jan 2020 – Present`): it ends in a year or in a word.
pub const DATE_RANGE: &str = concat!(
    r"(?i)(?:",
    date!(),
    r")\s*(?:-+|–|—|~|(?-u:\b)to(?-u:\b)|(?-u:\b)until(?-u:\b)|(?-u:\b)through(?-u:\b))\s*(?:",
    date!(),
    r"|present|current|now|today|ongoing|date)(?-u:\b)"
);

/// A four-digit year on its own.
pub const SINGLE_YEAR: &str = r"(?-u:\b)(?:19|20)[0-9]{2}(?-u:\b)";

/// A word that names a job title.
pub const JOB_TITLE: &str = r"(?i)(?-u:\b)(?:manager|owner|engineer|developer|analyst|lead|leader|director|consultant|designer|intern|internship|scrum master|specialist|coordinator|architect|officer|head of|vp|vice president|president|administrator|technician|associate|assistant|founder|co-founder|cto|ceo|coo|cpo|programmer|scientist|researcher|teacher|advisor|adviser|executive|supervisor|representative|accountant|trainee|fellow|contractor|freelancer?|strategist|principal|staff|chief|partner|product owner|product manager|coach|instructor|writer|editor|auditor|clerk|nurse|recruiter|mentor)(?-u:\b)";

/// A plain-text bullet marker, the gap after it, and the first content character. Word's
/// second-level glyph is a letter `o`, which counts only with the tab Word puts after it.
pub const BULLET: &str = r"^\s*(?:(?:[-*•●◦▪‣➢►·–○■□➤✓✔]|\d{1,2}[.)])[ \t\u{a0}]+|o\t+)\S";

/// A Markdown suppression comment: group 1 the directive, group 2 the codes.
pub const MARKDOWN_DIRECTIVE: &str =
    r"<!--\s*resume-lint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)\s*-->";

/// A LaTeX suppression comment line.
pub const LATEX_DIRECTIVE: &str = r"(?mR)^[ \t]*%[ \t]*resume-lint-(disable-next-line|disable-file|disable|enable)\b([^\r\n]*?)[ \t]*$";

/// A plain-text suppression comment line.
pub const TEXT_DIRECTIVE: &str = r"(?mR)^[ \t]*#[ \t]*resume-lint-(disable-next-line|disable-file|disable|enable)\b([^\r\n]*?)[ \t]*$";

/// A function word of another language: the ASCII words of `language::FOREIGN_FUNCTION_WORDS`
/// that are not English function words too (a test keeps the lists alike). It is never
/// searched: the prefilter tells whether a bullet has one of its words, and an ASCII bullet
/// with none is English without counting its words (`language::is_english_given`).
pub const FOREIGN_FUNCTION_WORD: &str = r"(?i)(?-u:\b)(?:au|aux|avec|che|com|con|dans|das|de|del|der|des|di|die|dos|du|een|el|em|en|et|het|il|im|la|las|le|les|los|mit|nos|para|por|pour|sur|um|uma|un|una|und|une|van|von|y|zu)(?-u:\b)";

/// Every regex above, for `build.rs` (and the test that checks they are precompiled).
#[cfg_attr(not(test), allow(dead_code))]
pub const ALL: &[&str] = &[
    DATE_RANGE,
    SINGLE_YEAR,
    JOB_TITLE,
    BULLET,
    MARKDOWN_DIRECTIVE,
    LATEX_DIRECTIVE,
    TEXT_DIRECTIVE,
    FOREIGN_FUNCTION_WORD,
];
