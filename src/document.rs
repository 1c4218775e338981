//! The parsed form of one resume: source text, sections, role lines and bullets with their segment maps.

use serde::Serialize;

use crate::span::{LineIndex, Span};

/// The input format a document was parsed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CommonMark, parsed with pulldown-cmark.
    Markdown,
    /// Plain text, including text copied out of a PDF.
    Text,
    /// LaTeX (`\item`, resume macros).
    Latex,
    /// JSON Resume (`work[].highlights[]` and friends).
    #[serde(rename = "json-resume")]
    JsonResume,
    /// A Word document: its paragraphs, one per line, read as plain text.
    Docx,
    /// A PDF's text layer, page by page, read as plain text.
    Pdf,
}

impl Format {
    /// Whether the text linted is extracted from a binary file, so fixes have nowhere to go.
    pub fn is_extracted(self) -> bool {
        matches!(self, Format::Docx | Format::Pdf)
    }
}

impl Format {
    /// The format implied by a file name's extension, if any is known.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "tex" => Some(Format::Latex),
            "json" => Some(Format::JsonResume),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// What a section of a resume is about, found from its heading's words.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Work history: the bullets that must state outcomes.
    Experience,
    /// Projects, portfolio, selected work.
    Projects,
    /// Summary, profile, about.
    Summary,
    /// Skills, tools, technologies.
    Skills,
    /// Education, courses.
    Education,
    /// Certifications, licences, awards.
    Certifications,
    /// Contact details and anything else.
    Other,
}

impl SectionKind {
    /// Every kind, in a stable order.
    pub const ALL: [SectionKind; 7] = [
        SectionKind::Experience,
        SectionKind::Projects,
        SectionKind::Summary,
        SectionKind::Skills,
        SectionKind::Education,
        SectionKind::Certifications,
        SectionKind::Other,
    ];

    /// The lowercase name used in rule files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Experience => "experience",
            SectionKind::Projects => "projects",
            SectionKind::Summary => "summary",
            SectionKind::Skills => "skills",
            SectionKind::Education => "education",
            SectionKind::Certifications => "certifications",
            SectionKind::Other => "other",
        }
    }

    /// Whether bullets of this kind are accomplishments (and so should state outcomes).
    pub fn is_accomplishment(self) -> bool {
        matches!(
            self,
            SectionKind::Experience | SectionKind::Projects | SectionKind::Summary
        )
    }
}

/// A heading and the kind of section it starts.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The heading's plain text.
    pub title: String,
    /// Where the heading is in the source.
    pub span: Span,
    /// What the section is about.
    pub kind: SectionKind,
}

/// The line naming a job that a group of bullets sits under.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleLine {
    /// The line's plain text.
    pub text: String,
    /// Where the line is in the source.
    pub span: Span,
    /// The job title, when the line could be split.
    pub title: Option<String>,
    /// The employer, when the line could be split.
    pub company: Option<String>,
    /// The dates as written (`2019 – Present`), when the line has any.
    pub dates: Option<String>,
    /// `Some(true)` when the dates end in Present/Current, `Some(false)` when they end in a date.
    pub current: Option<bool>,
    /// Map from `text` back to source bytes (empty until the parser fills it).
    #[serde(skip)]
    pub segments: Vec<Segment>,
}

impl RoleLine {
    /// The role line as a bullet-shaped text, so the same rules and span mapping apply to it.
    pub fn as_bullet(&self, kind: SectionKind) -> Bullet {
        let segments = if self.segments.is_empty() {
            vec![Segment {
                text_start: 0,
                text_end: self.text.len(),
                source: self.span,
                verbatim: false,
            }]
        } else {
            self.segments.clone()
        };
        Bullet {
            text: self.text.clone(),
            segments,
            span: self.span,
            section: None,
            kind,
            role: None,
            group: usize::MAX,
            pointer: None,
            prose: false,
        }
    }
}

/// A run of a bullet's plain text and the source bytes it came from.
///
/// A verbatim segment's text equals its source bytes; a synthetic one (a joined line break,
/// a masked code span, an unescaped character) stands for its whole source range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Start of the run in the plain text.
    pub text_start: usize,
    /// End of the run in the plain text.
    pub text_end: usize,
    /// The source bytes the run came from.
    pub source: Span,
    /// Whether the run is a byte-for-byte copy of its source.
    pub verbatim: bool,
}

/// One accomplishment line: its plain text and where every byte of it came from.
#[derive(Debug, Clone)]
pub struct Bullet {
    /// Plain text with markup stripped and soft line breaks joined by a space.
    pub text: String,
    /// Map from plain-text ranges back to source bytes, in text order.
    pub segments: Vec<Segment>,
    /// The source span from the bullet's first to its last text byte.
    pub span: Span,
    /// Index into `Document::sections`, if the bullet is under a heading.
    pub section: Option<usize>,
    /// The kind of section the bullet is in.
    pub kind: SectionKind,
    /// Index into `Document::roles`, if the bullet sits under a role line.
    pub role: Option<usize>,
    /// Which list the bullet belongs to (bullets of one list share it).
    pub group: usize,
    /// JSON Pointer of the string the bullet came from (JSON Resume only).
    pub pointer: Option<String>,
    /// A paragraph of summary prose rather than a list item. Its aims and self-descriptions
    /// ("keen to contribute to…") are not accomplishment claims, so process rules skip it.
    pub prose: bool,
}

impl Bullet {
    /// The source span for a plain-text range of this bullet; always on char boundaries.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        Span::new(self.map_start(start), self.map_end(end.max(start)))
    }

    /// Whether a plain-text range lies inside a single verbatim segment (so it can be edited in place).
    pub fn is_verbatim(&self, start: usize, end: usize) -> bool {
        self.segments
            .iter()
            .any(|s| s.verbatim && s.text_start <= start && end <= s.text_end)
    }

    fn map_start(&self, offset: usize) -> usize {
        // The first segment that still has text at or after `offset`.
        match self.segments.iter().find(|s| offset < s.text_end) {
            Some(s) if s.verbatim => s.source.start + offset.saturating_sub(s.text_start),
            Some(s) => s.source.start,
            None => self.span.end,
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        // The last segment that has text before `offset`.
        match self.segments.iter().rev().find(|s| offset > s.text_start) {
            Some(s) if s.verbatim => s.source.start + (offset.min(s.text_end) - s.text_start),
            Some(s) => s.source.end,
            None => self.span.start,
        }
    }
}

/// Builds a bullet's plain text and its segment map, one piece at a time.
#[derive(Debug, Default, Clone)]
pub struct TextBuilder {
    text: String,
    segments: Vec<Segment>,
}

impl TextBuilder {
    /// An empty builder with room for `bytes` of text in `segments` pieces.
    pub fn with_capacity(bytes: usize, segments: usize) -> TextBuilder {
        TextBuilder {
            text: String::with_capacity(bytes),
            segments: Vec::with_capacity(segments),
        }
    }

    /// Append text copied verbatim from `source` at `span`.
    pub fn push_verbatim(&mut self, text: &str, span: Span) {
        self.push(text, span, true);
    }

    /// Append text that stands for the whole of `span` (an unescaped char, a masked code span).
    pub fn push_synthetic(&mut self, text: &str, span: Span) {
        self.push(text, span, false);
    }

    fn push(&mut self, text: &str, span: Span, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.segments.push(Segment {
            text_start: start,
            text_end: self.text.len(),
            source: span,
            verbatim,
        });
    }

    /// Append a single space standing for a line break at `span`, unless the text already ends in whitespace.
    pub fn push_break(&mut self, span: Span) {
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.push_synthetic(" ", span);
        }
    }

    /// The plain text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The part of the text in `start..end` (char boundaries of the text built so far) with
    /// the segments that cover it; a verbatim segment is cut to the bytes it keeps.
    pub fn slice(&self, start: usize, end: usize) -> TextBuilder {
        let mut part = TextBuilder::with_capacity(end.saturating_sub(start), self.segments.len());
        for seg in &self.segments {
            let (from, to) = (seg.text_start.max(start), seg.text_end.min(end));
            if from >= to {
                continue;
            }
            let source = if seg.verbatim {
                Span::new(
                    seg.source.start + (from - seg.text_start),
                    seg.source.start + (to - seg.text_start),
                )
            } else {
                seg.source
            };
            part.push(&self.text[from..to], source, seg.verbatim);
        }
        part
    }

    /// Whether nothing but whitespace has been added.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The text and segments as built, untrimmed.
    pub fn into_parts(self) -> (String, Vec<Segment>) {
        (self.text, self.segments)
    }

    /// Finish: trim surrounding whitespace and return the text, its segments and its source span.
    pub fn finish(self) -> Option<(String, Vec<Segment>, Span)> {
        let trimmed = self.text.trim_start();
        if trimmed.is_empty() {
            return None;
        }
        let leading = self.text.len() - trimmed.len();
        let end = self.text.trim_end().len();
        // Nothing to trim (the usual case): the slice would be a copy of the whole.
        let part = if leading == 0 && end == self.text.len() {
            self
        } else {
            self.slice(leading, end)
        };
        let span = Span::new(
            part.segments.first()?.source.start,
            part.segments.last()?.source.end,
        );
        Some((part.text, part.segments, span))
    }
}

/// One input file parsed once.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path (or `-`/stdin name) shown in output.
    pub path: String,
    /// The full source text, exactly as read.
    pub source: String,
    /// The format it was parsed as.
    pub format: Format,
    /// Headings that start sections, in source order.
    pub sections: Vec<Section>,
    /// Role lines, in source order.
    pub roles: Vec<RoleLine>,
    /// Bullets, in source order.
    pub bullets: Vec<Bullet>,
    /// Line starts of `source`.
    pub line_index: LineIndex,
}

impl Document {
    /// The role line a bullet sits under, if any.
    pub fn role_of(&self, bullet: &Bullet) -> Option<&RoleLine> {
        bullet.role.and_then(|i| self.roles.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bullet_from(builder: TextBuilder) -> Bullet {
        let (text, segments, span) = builder.finish().unwrap();
        Bullet {
            text,
            segments,
            span,
            section: None,
            kind: SectionKind::Experience,
            role: None,
            group: 0,
            pointer: None,
            prose: false,
        }
    }

    #[test]
    fn maps_across_verbatim_and_synthetic_segments() {
        // Source: "- **Led** `x` team" ; plain text: "Led _ team"
        let mut b = TextBuilder::default();
        b.push_verbatim("Led", Span::new(4, 7));
        b.push_verbatim(" ", Span::new(9, 10));
        b.push_synthetic("_", Span::new(10, 13));
        b.push_verbatim(" team", Span::new(13, 18));
        let bullet = bullet_from(b);
        assert_eq!(bullet.text, "Led _ team");
        assert_eq!(bullet.source_span(0, 3), Span::new(4, 7));
        assert_eq!(bullet.source_span(4, 5), Span::new(10, 13));
        assert_eq!(bullet.source_span(6, 10), Span::new(14, 18));
        assert_eq!(bullet.source_span(0, 10), Span::new(4, 18));
        assert!(bullet.is_verbatim(6, 10));
        assert!(!bullet.is_verbatim(0, 10));
    }

    #[test]
    fn finish_trims_and_shifts_segments() {
        let mut b = TextBuilder::default();
        b.push_verbatim("  Led é  ", Span::new(10, 20));
        let bullet = bullet_from(b);
        assert_eq!(bullet.text, "Led é");
        assert_eq!(bullet.span, Span::new(12, 18));
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path("a/b.MD"), Some(Format::Markdown));
        assert_eq!(Format::from_path("cv.txt"), Some(Format::Text));
        assert_eq!(Format::from_path("cv"), None);
    }
}
