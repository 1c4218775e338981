//! Parsing: turns a source text into a `Document` (sections, role lines, bullets), one module per format.

mod json_resume;
mod latex;
mod markdown;
mod plain;

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::document::{Document, Format, RoleLine, SectionKind};
use crate::error::Error;
use crate::input::Text;
use crate::regexes;
use crate::span::{LineIndex, Span};
use resume_lint_engine::{Haystack, Pattern};

/// Parse `source` as `format` into a document named `path`.
///
/// Markdown, text and LaTeX always parse; a JSON file that is malformed or not a JSON Resume
/// is an error naming the file (and line and column for malformed JSON).
pub fn parse(path: &str, source: impl Into<Text>, format: Format) -> Result<Document, Error> {
    let Text {
        text: source,
        headings,
    } = source.into();
    // Parsers start after a UTF-8 byte order mark; spans still index the full source.
    let body_start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let line_index = LineIndex::new(&source);
    let parsed = match format {
        Format::Markdown => {
            let parsed = markdown::parse(&source, body_start);
            // A `.md` file with no heading and no list is plain text saved under that name
            // (often a word-processor export: ALL-CAPS headings, `•` lines).
            if parsed.sections.is_empty() && parsed.bullets.is_empty() {
                plain::parse(&source, body_start, &line_index, &headings)
            } else {
                parsed
            }
        }
        Format::Text | Format::Docx | Format::Pdf => {
            plain::parse(&source, body_start, &line_index, &headings)
        }
        Format::Latex => latex::parse(&source, body_start),
        Format::JsonResume => match json_resume::parse(&source, body_start) {
            Ok(parsed) => parsed,
            Err(json_resume::JsonProblem::NotResume) => {
                return Err(Error::NotResume {
                    path: path.to_string(),
                });
            }
            Err(json_resume::JsonProblem::Syntax(message, offset)) => {
                let (line, column) = json_resume::line_col(&source, offset);
                return Err(Error::Syntax {
                    path: path.to_string(),
                    line,
                    column,
                    message,
                });
            }
        },
    };
    let mut doc = Document {
        path: path.to_string(),
        source,
        format,
        sections: parsed.sections,
        roles: parsed.roles,
        bullets: parsed.bullets,
        line_index,
    };
    doc.bullets.sort_by_key(|b| b.span.start);
    // A bare list with no recognised section headings is a list of accomplishments.
    if !parsed.has_known_section {
        for bullet in &mut doc.bullets {
            bullet.kind = SectionKind::Experience;
        }
    }
    Ok(doc)
}

/// What a format parser hands back.
#[derive(Debug, Default)]
struct Parsed {
    sections: Vec<crate::document::Section>,
    roles: Vec<RoleLine>,
    bullets: Vec<crate::document::Bullet>,
    has_known_section: bool,
}

impl Parsed {
    /// Record a section heading (`known` is its keyword kind, if any); returns its index and kind.
    fn add_section(
        &mut self,
        title: String,
        span: Span,
        known: Option<SectionKind>,
    ) -> (usize, SectionKind) {
        let kind = known.unwrap_or(SectionKind::Other);
        self.has_known_section |= known.is_some();
        self.sections
            .push(crate::document::Section { title, span, kind });
        (self.sections.len() - 1, kind)
    }

    /// Record a role line; returns its index.
    fn add_role(&mut self, role: RoleLine) -> usize {
        self.roles.push(role);
        self.roles.len() - 1
    }
}

/// Keywords that name a section kind, most specific kinds first.
const SECTION_KEYWORDS: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Skills,
        &[
            "skills",
            "skill",
            "technologies",
            "technology",
            "tools",
            "tech stack",
            "stack",
            "competencies",
            "competences",
            "expertise",
            "toolbox",
            "languages",
            "strengths",
            "proficiencies",
            "compétences",
            "habilidades",
            "技能",
            "专业技能",
        ],
    ),
    (
        SectionKind::Education,
        &[
            "education",
            "academic",
            "academics",
            "qualifications",
            "coursework",
            "courses",
            "training",
            "degrees",
            "formation",
            "educación",
            "ausbildung",
            "教育",
            "教育经历",
        ],
    ),
    (
        SectionKind::Certifications,
        &[
            "certifications",
            "certification",
            "certificates",
            "certificate",
            "licenses",
            "licences",
            "awards",
            "honors",
            "honours",
            "scholastic",
            "credentials",
        ],
    ),
    (
        SectionKind::Projects,
        &[
            "projects",
            "project",
            "portfolio",
            "selected work",
            "open source",
            "side projects",
            "projets",
            "proyectos",
            "项目",
            "项目经历",
            "项目经验",
        ],
    ),
    (
        SectionKind::Summary,
        &[
            "summary",
            "profile",
            "about",
            "about me",
            "objective",
            "overview",
            "introduction",
            "career focus",
            "highlights",
            "profil",
            "perfil",
            "个人简介",
        ],
    ),
    (
        SectionKind::Experience,
        &[
            "experience",
            "experiences",
            "employment",
            "work history",
            "career history",
            "work",
            "career",
            "positions",
            "accomplishments",
            "achievements",
            "internship",
            "internships",
            "leadership",
            "volunteer",
            "volunteering",
            "expérience",
            "expériences",
            "experiencia",
            "berufserfahrung",
            "工作经历",
            "工作经验",
        ],
    ),
    (
        SectionKind::Other,
        &[
            "contact",
            "references",
            "interests",
            "hobbies",
            "publications",
            "personal",
            "activities",
            "links",
            "info",
            "information",
            "declaration",
        ],
    ),
];

/// The first word of every section keyword, for ruling lines out quickly.
static KEYWORD_STARTS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let starts = SECTION_KEYWORDS
        .iter()
        .flat_map(|(_, keywords)| keywords.iter())
        .filter_map(|k| k.split(' ').next());
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        // Cheaper to build than the DFA the builder would pick, which start-up would pay.
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(starts)
        .expect("section keywords build an automaton")
});

/// Whether a heading is only a section name (two words at most, no separator or year), as
/// opposed to a job title that happens to contain a section word.
/// Glyphs that open a bullet typed as text rather than written as a list: `regexes::BULLET`'s
/// glyphs less `-`, `*` and numbers, which Markdown reads as lists itself.
const TYPED_BULLET_GLYPHS: &[char] = &[
    '•', '●', '◦', '▪', '‣', '➢', '►', '·', '–', '○', '■', '□', '➤', '✓', '✔',
];

/// Where the content starts in `line` if it opens with a typed bullet glyph and a blank
/// ("• Led the…", "●\tLed the…", and Word's second level, "o\tLed the…", where only a tab
/// makes the letter a glyph): the byte offset of the first content char.
pub(crate) fn typed_bullet_content(line: &str) -> Option<usize> {
    let rest = line.trim_start();
    let word_second_level = rest.starts_with("o\t");
    let glyph = rest
        .chars()
        .next()
        .filter(|c| TYPED_BULLET_GLYPHS.contains(c) || word_second_level)?;
    let after = &rest[glyph.len_utf8()..];
    let content = after.trim_start_matches([' ', '\t', '\u{a0}']);
    (content.len() < after.len() && !content.trim().is_empty()).then(|| line.len() - content.len())
}

pub(crate) fn is_bare_section_name(title: &str) -> bool {
    const SEPARATORS: [&str; 8] = ["|", "@", " at ", " – ", " — ", " - ", ",", "/"];
    title.split_whitespace().count() <= 2
        && !SEPARATORS.iter().any(|s| title.contains(s))
        && !title.bytes().any(|b| b.is_ascii_digit())
}

/// Job nouns that end a job title, never a section heading.
const JOB_NOUNS: &[&str] = &[
    "accountant",
    "administrator",
    "adviser",
    "advisor",
    "agent",
    "analyst",
    "architect",
    "assistant",
    "associate",
    "attendant",
    "auditor",
    "banker",
    "buyer",
    "cashier",
    "chef",
    "clerk",
    "coach",
    "consultant",
    "controller",
    "cook",
    "coordinator",
    "designer",
    "developer",
    "director",
    "driver",
    "editor",
    "engineer",
    "executive",
    "fellow",
    "founder",
    "inspector",
    "instructor",
    "intern",
    "investigator",
    "lead",
    "leader",
    "lecturer",
    "manager",
    "mechanic",
    "nurse",
    "officer",
    "operator",
    "owner",
    "planner",
    "president",
    "professor",
    "programmer",
    "receptionist",
    "recruiter",
    "representative",
    "researcher",
    "scientist",
    "secretary",
    "specialist",
    "strategist",
    "supervisor",
    "teacher",
    "technician",
    "teller",
    "therapist",
    "trainee",
    "tutor",
    "volunteer",
    "writer",
];

/// The section kind a heading names, if any of its words is a section keyword.
pub(crate) fn classify_heading(title: &str) -> Option<SectionKind> {
    // Most lines are sentences: rule them out before allocating. Normalising below only splits
    // words with letters or digits further, so seven such raw words are at least seven after.
    let mut words_with_text = title
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric));
    if words_with_text.nth(6).is_some() {
        return None;
    }
    // In ASCII text, a line without any keyword's first word as a substring (ignoring case)
    // cannot match below; one automaton pass rules out most lines without allocating.
    if title.is_ascii() && !KEYWORD_STARTS.is_match(title) {
        return None;
    }
    let normal: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = normal.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    // "Information Technology Specialist" or "Training Coordinator" names a job, whatever
    // section words it holds: a heading does not end with a job noun.
    if words.len() > 1 && words.last().is_some_and(|last| JOB_NOUNS.contains(last)) {
        return None;
    }
    let joined = words.join(" ");
    let (single_words, phrases) = &*KEYWORD_INDEX;
    // The most specific kind any keyword names: the lowest index in `SECTION_KEYWORDS`.
    let by_word = words.iter().filter_map(|word| {
        single_words
            .binary_search_by(|(keyword, _)| keyword.cmp(word))
            .ok()
            .map(|at| single_words[at].1)
    });
    let (phrases, phrase_kinds) = phrases;
    let by_phrase = phrases
        .find_overlapping_iter(&joined)
        .map(|found| phrase_kinds[found.pattern().as_usize()]);
    by_word
        .chain(by_phrase)
        .min()
        .map(|kind| SECTION_KEYWORDS[kind].0)
}

/// Keywords, each with its kind's index in `SECTION_KEYWORDS`.
type KeywordKinds = Vec<(&'static str, usize)>;

/// The section keywords for lookup: ASCII single words sorted, each with its kind's index in
/// `SECTION_KEYWORDS` (a heading must have the whole word); and an automaton over phrases and
/// non-ASCII keywords with their kinds' indexes (found anywhere in the heading, as CJK text
/// has no spaces between words).
static KEYWORD_INDEX: LazyLock<(KeywordKinds, (AhoCorasick, Vec<usize>))> = LazyLock::new(|| {
    let all = SECTION_KEYWORDS
        .iter()
        .enumerate()
        .flat_map(|(kind, (_, keywords))| keywords.iter().map(move |&k| (k, kind)));
    let (mut single_words, phrases): (Vec<_>, Vec<_>) =
        all.partition(|(k, _)| k.is_ascii() && !k.contains(' '));
    // Stable, so a word listed under two kinds keeps the more specific one first.
    single_words.sort_by_key(|&(k, _)| k);
    single_words.dedup_by_key(|(k, _)| *k);
    let automaton = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(phrases.iter().map(|(phrase, _)| phrase))
        .expect("section keyword phrases build an automaton");
    let kinds = phrases.iter().map(|&(_, kind)| kind).collect();
    (single_words, (automaton, kinds))
});

static DATE_RANGE: LazyLock<Pattern> =
    LazyLock::new(|| crate::precompiled::fixed(regexes::DATE_RANGE));

/// Whether `text` has the digits of a year from 1900 to 2099, which every date range and
/// single year has: most lines with digits have none (a phone number, "5 years", "30%"), and
/// this tells them apart without a regex search.
fn has_year(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'1', b'2', bytes).any(|at| {
        matches!(bytes.get(at..at + 4), Some([b'1', b'9', c, d] | [b'2', b'0', c, d])
            if c.is_ascii_digit() && d.is_ascii_digit())
    })
}

/// Whether `text` holds a job's date range.
pub(crate) fn has_date_range(text: &str) -> bool {
    has_year(text) && DATE_RANGE.is_match(&Haystack::new(text))
}

static SINGLE_YEAR: LazyLock<Pattern> =
    LazyLock::new(|| crate::precompiled::fixed(regexes::SINGLE_YEAR));

/// Whether `text` holds a year on its own (`SINGLE_YEAR`).
fn is_single_year(text: &str) -> bool {
    has_year(text) && SINGLE_YEAR.is_match(&Haystack::new(text))
}

static JOB_TITLE: LazyLock<Pattern> =
    LazyLock::new(|| crate::precompiled::fixed(regexes::JOB_TITLE));

/// A role line built from `text` at `span`, if the text names a job (a title or a date range).
///
/// `assume` accepts a short line without a title word or date (a sub-heading or bold line
/// under Experience is a role line by position).
pub(crate) fn role_line(text: &str, span: Span, assume: bool) -> Option<RoleLine> {
    let text = text.trim();
    // Counting stops past 20: longer lines are never role lines.
    let words = crate::language::words_up_to(text, 21);
    if words == 0 || words > 20 {
        return None;
    }
    // "Product Owner · Lisbon · dana@example.com" is a contact line under the name, not a job.
    // Most lines have none of the marks, which three whole-line searches tell quickly.
    let marked = text.contains('@') || text.contains("://") || text.contains("www.");
    let contact = marked
        && text.split_whitespace().any(|w| {
            w.contains("://")
                || w.starts_with("www.")
                || w.split_once('@')
                    .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
        });
    if contact {
        return None;
    }
    let range = if has_year(text) {
        DATE_RANGE.find(&Haystack::new(text))
    } else {
        None
    };
    let sentence = text.ends_with('.') && words > 6;
    // Only a line without a date range needs a title word (or its position) to be a role; a
    // long line is none, which is cheaper to tell than the title search.
    let names_a_job = || words <= 12 && (assume || JOB_TITLE.is_match(&Haystack::new(text)));
    if range.is_none() && (sentence || !names_a_job()) {
        return None;
    }
    let (dates, current, rest) = match &range {
        Some(found) => {
            let whole = found.range();
            // A range ends in a year or in a word (`present`, `now`…): a word means it runs on.
            let current = !text[whole.clone()]
                .chars()
                .next_back()
                .is_some_and(char::is_numeric);
            let rest = format!("{} {}", &text[..whole.start], &text[whole.end..]);
            (Some(text[whole].to_string()), Some(current), rest)
        }
        None => (None, None, text.to_string()),
    };
    let mut parts = rest
        .split(['|', '@', ',', '–', '—', '(', ')', '·', '•'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" at "))
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_'))
        .filter(|p| !p.is_empty() && !is_single_year(p) || p.len() > 12)
        .map(str::to_string);
    let first = parts.next();
    let second = parts.next();
    let (title, company) = match (first, second) {
        (Some(a), Some(b))
            if !JOB_TITLE.is_match(&Haystack::new(&a))
                && JOB_TITLE.is_match(&Haystack::new(&b)) =>
        {
            (Some(b), Some(a))
        }
        (a, b) => (a, b),
    };
    Some(RoleLine {
        text: text.to_string(),
        span,
        title,
        company,
        dates,
        current,
        segments: Vec::new(),
    })
}

/// The source bytes under the plain-text occurrence of `needle` in bullet `i` (for parser tests).
#[cfg(test)]
pub(crate) fn source_of(doc: &Document, i: usize, needle: &str) -> String {
    let bullet = &doc.bullets[i];
    let at = bullet.text.find(needle).expect("needle in bullet text");
    doc.source[bullet.source_span(at, at + needle.len()).range()].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_four_digits_from_1900_to_2099() {
        for text in [
            "Jan 2019",
            "01/1999",
            "2020–Present",
            "since 2001.",
            "中文 2024 🎉",
        ] {
            assert!(has_year(text), "{text}");
        }
        for text in [
            "5 years",
            "call 555-1234",
            "30%",
            "2100 users",
            "1899",
            "20",
            "19 9",
        ] {
            assert!(!has_year(text), "{text}");
        }
    }

    #[test]
    fn contact_lines_and_job_titles_are_not_roles_or_headings() {
        let span = Span::new(0, 0);
        assert!(role_line("Product Owner · Lisbon · dana@example.com", span, false).is_none());
        assert!(role_line("Product Owner · https://dana.example", span, false).is_none());
        assert!(role_line("Product Owner, Acme, 2019 – 2022", span, false).is_some());
        assert_eq!(classify_heading("Information Technology Specialist"), None);
        assert_eq!(classify_heading("Training Coordinator"), None);
        assert_eq!(
            classify_heading("Technical Projects"),
            Some(SectionKind::Projects)
        );
        assert_eq!(
            classify_heading("Internships"),
            Some(SectionKind::Experience)
        );
    }

    #[test]
    fn classifies_headings() {
        assert_eq!(
            classify_heading("Professional Experience"),
            Some(SectionKind::Experience)
        );
        assert_eq!(
            classify_heading("WORK HISTORY"),
            Some(SectionKind::Experience)
        );
        assert_eq!(
            classify_heading("Technical Skills:"),
            Some(SectionKind::Skills)
        );
        assert_eq!(classify_heading("Projects"), Some(SectionKind::Projects));
        assert_eq!(classify_heading("About Me"), Some(SectionKind::Summary));
        assert_eq!(
            classify_heading("Education & Training"),
            Some(SectionKind::Education)
        );
        assert_eq!(
            classify_heading("Certifications"),
            Some(SectionKind::Certifications)
        );
        assert_eq!(classify_heading("工作经历"), Some(SectionKind::Experience));
        assert_eq!(
            classify_heading("Career Summary"),
            Some(SectionKind::Summary),
            "the more specific kind wins whatever the word order"
        );
        assert_eq!(
            classify_heading("Selected Work – 2024"),
            Some(SectionKind::Projects),
            "a phrase keyword beats a single word of a later kind"
        );
        assert_eq!(classify_heading("项目经历"), Some(SectionKind::Projects));
        assert_eq!(classify_heading("Frameworks"), None, "whole words only");
        assert_eq!(classify_heading("Jane Doe"), None);
        assert_eq!(
            classify_heading("Networking within a busy team is what I do"),
            None
        );
    }

    #[test]
    fn finds_role_lines_with_dates() {
        let role = role_line(
            "Product Owner | Acme Bank | 2019 – Present",
            Span::new(0, 1),
            false,
        )
        .unwrap();
        assert_eq!(role.title.as_deref(), Some("Product Owner"));
        assert_eq!(role.company.as_deref(), Some("Acme Bank"));
        assert_eq!(role.dates.as_deref(), Some("2019 – Present"));
        assert_eq!(role.current, Some(true));

        let ended = role_line(
            "Acme Corp, Senior Analyst, Jan 2015 - Mar 2018",
            Span::new(0, 1),
            false,
        )
        .unwrap();
        assert_eq!(ended.current, Some(false));
        assert_eq!(ended.title.as_deref(), Some("Senior Analyst"));
        assert_eq!(ended.company.as_deref(), Some("Acme Corp"));
        // Whether a range runs on is read from how it ends: a word, or a year.
        for (line, current) in [
            ("Analyst, Jan 2015 – now", true),
            ("Analyst, 2015 – 2018", false),
            ("Analyst, Mar 2015 – Dec. 2018", false),
            ("Analyst, 2015 to CURRENT", true),
        ] {
            let role = role_line(line, Span::new(0, 1), false).unwrap();
            assert_eq!(role.current, Some(current), "{line}");
        }
    }

    #[test]
    fn sentences_are_not_role_lines() {
        assert!(
            role_line(
                "Prioritized the backlog for the payments team every single sprint.",
                Span::new(0, 1),
                false
            )
            .is_none()
        );
        assert!(role_line("Acme Corp", Span::new(0, 1), false).is_none());
        assert!(role_line("Acme Corp", Span::new(0, 1), true).is_some());
    }
}
