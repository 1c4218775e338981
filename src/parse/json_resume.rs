//! JSON Resume parser: a small JSON reader that keeps the byte span of every string (escapes
//! mapped), and the JSON Resume shape → bullets, summaries and role lines.

use super::Parsed;
use crate::document::{Bullet, RoleLine, SectionKind, Segment, TextBuilder};
use crate::span::Span;

/// Deepest nesting accepted; deeper input is an error rather than a stack overflow.
const MAX_DEPTH: usize = 256;

/// Why a `.json` file could not be read as a JSON Resume.
#[derive(Debug)]
pub(crate) enum JsonProblem {
    /// Not valid JSON: what, at which byte.
    Syntax(String, usize),
    /// Valid JSON, but not a JSON Resume.
    NotResume,
}

/// A JSON value with the spans the linter needs.
enum Value {
    Object(Vec<(String, Value)>),
    Array(Vec<Value>),
    /// A string: its decoded text, the segment map into the source, and the literal's span.
    Str(String, Vec<Segment>, Span),
    Other,
}

struct Reader<'s> {
    src: &'s str,
    pos: usize,
}

impl Reader<'_> {
    fn error<T>(&self, what: &str) -> Result<T, JsonProblem> {
        Err(JsonProblem::Syntax(
            what.to_string(),
            self.pos.min(self.src.len()),
        ))
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonProblem> {
        if depth > MAX_DEPTH {
            return self.error("nesting is too deep");
        }
        self.space();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string(),
            Some(b't') => self.word("true"),
            Some(b'f') => self.word("false"),
            Some(b'n') => self.word("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => self.error("expected a JSON value"),
            None => self.error("unexpected end of file"),
        }
    }

    fn word(&mut self, word: &str) -> Result<Value, JsonProblem> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(Value::Other)
        } else {
            self.error("expected a JSON value")
        }
    }

    fn number(&mut self) -> Result<Value, JsonProblem> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.pos += 1;
        }
        if self.src[start..self.pos].parse::<f64>().is_err() {
            self.pos = start;
            return self.error("invalid number");
        }
        Ok(Value::Other)
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonProblem> {
        self.pos += 1;
        let mut fields = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(fields));
        }
        loop {
            self.space();
            let Value::Str(key, _, _) = (if self.peek() == Some(b'"') {
                self.string()?
            } else {
                return self.error("expected a string key");
            }) else {
                return self.error("expected a string key");
            };
            self.space();
            if self.peek() != Some(b':') {
                return self.error("expected `:` after the key");
            }
            self.pos += 1;
            let value = self.value(depth + 1)?;
            fields.push((key, value));
            self.space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(fields));
                }
                _ => return self.error("expected `,` or `}`"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonProblem> {
        self.pos += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return self.error("expected `,` or `]`"),
            }
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.src.get(at..at + 4)?;
        u32::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    /// A string literal: decoded text with every escape mapped to its source bytes.
    fn string(&mut self) -> Result<Value, JsonProblem> {
        let open = self.pos;
        self.pos += 1;
        let mut text = TextBuilder::default();
        let mut run = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return self.error("unterminated string");
            };
            match b {
                b'"' => {
                    text.push_verbatim(&self.src[run..self.pos], Span::new(run, self.pos));
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    text.push_verbatim(&self.src[run..self.pos], Span::new(run, self.pos));
                    let at = self.pos;
                    let (decoded, len) = match self.src.as_bytes().get(at + 1) {
                        Some(b'"') => ('"', 2),
                        Some(b'\\') => ('\\', 2),
                        Some(b'/') => ('/', 2),
                        Some(b'b') => ('\u{8}', 2),
                        Some(b'f') => ('\u{c}', 2),
                        Some(b'n') => ('\n', 2),
                        Some(b'r') => ('\r', 2),
                        Some(b't') => ('\t', 2),
                        Some(b'u') => {
                            let Some(high) = self.hex4(at + 2) else {
                                self.pos = at;
                                return self.error("invalid \\u escape");
                            };
                            // A surrogate pair is two escapes for one character.
                            let low = (0xD800..0xDC00)
                                .contains(&high)
                                .then(|| {
                                    (self.src.get(at + 6..at + 8) == Some("\\u"))
                                        .then(|| self.hex4(at + 8))
                                        .flatten()
                                        .filter(|l| (0xDC00..0xE000).contains(l))
                                })
                                .flatten();
                            match low {
                                Some(low) => {
                                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                                    (char::from_u32(code).unwrap_or('\u{fffd}'), 12)
                                }
                                None => (char::from_u32(high).unwrap_or('\u{fffd}'), 6),
                            }
                        }
                        _ => {
                            self.pos = at;
                            return self.error("invalid escape in string");
                        }
                    };
                    text.push_synthetic(&decoded.to_string(), Span::new(at, at + len));
                    self.pos = at + len;
                    run = self.pos;
                }
                0x00..=0x1f => return self.error("control character in string"),
                _ => self.pos += 1,
            }
        }
        let span = Span::new(open, self.pos);
        let (decoded, segments) = text.into_parts();
        Ok(Value::Str(decoded, segments, span))
    }
}

impl Value {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            Value::Str(text, _, _) => Some(text),
            _ => None,
        }
    }
}

/// Sections of a JSON Resume whose entries carry bullets, with the section kind of each field.
const SECTIONS: &[(&str, SectionKind)] = &[
    ("work", SectionKind::Experience),
    ("volunteer", SectionKind::Experience),
    ("projects", SectionKind::Projects),
];

/// Parse a JSON Resume; a syntax error or another JSON shape is a `JsonProblem`.
pub(super) fn parse(source: &str, start: usize) -> Result<Parsed, JsonProblem> {
    let mut reader = Reader {
        src: source,
        pos: start,
    };
    let root = reader.value(0)?;
    reader.space();
    if reader.pos < source.len() {
        return reader.error("unexpected content after the JSON value");
    }
    let known = [
        "basics",
        "work",
        "volunteer",
        "education",
        "skills",
        "projects",
    ];
    if !matches!(&root, Value::Object(fields) if fields.iter().any(|(k, _)| known.contains(&k.as_str())))
    {
        return Err(JsonProblem::NotResume);
    }
    let mut out = Parsed {
        has_known_section: true,
        ..Parsed::default()
    };
    let mut group = 0;
    let push = |out: &mut Parsed,
                value: &Value,
                kind: SectionKind,
                role: Option<usize>,
                pointer: String,
                group: usize| {
        if let Value::Str(text, segments, span) = value {
            let mut builder = TextBuilder::default();
            for seg in segments {
                let piece = &text[seg.text_start..seg.text_end];
                if seg.verbatim {
                    builder.push_verbatim(piece, seg.source);
                } else {
                    builder.push_synthetic(piece, seg.source);
                }
            }
            let _ = span; // the literal's quotes are not part of the bullet
            if let Some((text, segments, span)) = builder.finish() {
                out.bullets.push(Bullet {
                    text,
                    segments,
                    span,
                    section: out.sections.len().checked_sub(1),
                    kind,
                    role,
                    group,
                    // The résumé's own summary is prose; an entry's summary describes its job.
                    prose: pointer == "/basics/summary",
                    pointer: Some(pointer),
                });
            }
        }
    };
    if let Some(summary) = root.get("basics").and_then(|b| b.get("summary")) {
        section(&mut out, "basics", SectionKind::Summary, summary);
        group += 1;
        push(
            &mut out,
            summary,
            SectionKind::Summary,
            None,
            "/basics/summary".into(),
            group,
        );
    }
    for &(key, kind) in SECTIONS {
        let Some(Value::Array(entries)) = root.get(key) else {
            continue;
        };
        section(&mut out, key, kind, &Value::Other);
        for (i, entry) in entries.iter().enumerate() {
            let role = role_of(entry).map(|role| out.add_role(role));
            group += 1;
            let summary_field = if key == "projects" {
                "description"
            } else {
                "summary"
            };
            if let Some(summary) = entry.get(summary_field) {
                push(
                    &mut out,
                    summary,
                    SectionKind::Summary,
                    role,
                    format!("/{key}/{i}/{summary_field}"),
                    group,
                );
            }
            if let Some(Value::Array(highlights)) = entry.get("highlights") {
                group += 1;
                for (j, highlight) in highlights.iter().enumerate() {
                    push(
                        &mut out,
                        highlight,
                        kind,
                        role,
                        format!("/{key}/{i}/highlights/{j}"),
                        group,
                    );
                }
            }
        }
    }
    Ok(out)
}

/// Record a section for a top-level key (its span is the value's, when it is a string).
fn section(out: &mut Parsed, key: &str, kind: SectionKind, value: &Value) {
    let span = match value {
        Value::Str(_, _, span) => *span,
        _ => Span::new(0, 0),
    };
    out.add_section(key.to_string(), span, Some(kind));
}

/// The role line of a `work`/`volunteer`/`projects` entry: position (or name), organisation, dates.
fn role_of(entry: &Value) -> Option<RoleLine> {
    let field = |k: &str| {
        entry
            .get(k)
            .and_then(Value::str)
            .filter(|s| !s.trim().is_empty())
    };
    let title = field("position").or_else(|| field("name"))?;
    let anchor = entry.get("position").or_else(|| entry.get("name"));
    let Some(Value::Str(_, segments, literal)) = anchor else {
        return None;
    };
    let company = field("name")
        .filter(|n| Some(*n) != Some(title))
        .or_else(|| field("organization"));
    let start = field("startDate");
    let end = field("endDate");
    let dates = start.map(|s| format!("{s} – {}", end.unwrap_or("Present")));
    // The role line is the position's string literal; company and dates come from their fields.
    let span = Span::new(literal.start + 1, literal.end - 1);
    let current = start.map(|_| end.is_none());
    Some(RoleLine {
        text: title.to_string(),
        span,
        title: Some(title.to_string()),
        company: company.map(str::to_string),
        dates,
        current,
        segments: segments.clone(),
    })
}

/// 1-based line and column of byte `offset`, for syntax errors.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut at = offset;
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format, SectionKind};
    use crate::parse::parse;

    fn doc(source: &str) -> Document {
        parse("r.json", source.to_string(), Format::JsonResume).unwrap()
    }

    #[test]
    fn highlights_summaries_roles_and_pointers() {
        let source = r#"{
  "basics": { "name": "Ana", "summary": "Product person." },
  "work": [
    { "name": "Acme", "position": "Product Owner", "startDate": "2019-01",
      "summary": "Ran the payments team.",
      "highlights": ["Groomed the \"product\" backlog", "Cut churn 12% \u2014 in Z\u00fcrich \ud83d\ude00 too"] },
    { "name": "Beta", "position": "Analyst", "startDate": "2015", "endDate": "2018", "highlights": [] }
  ],
  "projects": [ { "name": "Tool", "description": "A CLI.", "highlights": ["Built it"] } ]
}"#;
        let d = doc(source);
        let texts: Vec<_> = d
            .bullets
            .iter()
            .map(|b| (b.kind, b.text.as_str(), b.pointer.as_deref().unwrap()))
            .collect();
        assert_eq!(
            texts,
            vec![
                (SectionKind::Summary, "Product person.", "/basics/summary"),
                (
                    SectionKind::Summary,
                    "Ran the payments team.",
                    "/work/0/summary"
                ),
                (
                    SectionKind::Experience,
                    "Groomed the \"product\" backlog",
                    "/work/0/highlights/0"
                ),
                (
                    SectionKind::Experience,
                    "Cut churn 12% — in Zürich 😀 too",
                    "/work/0/highlights/1"
                ),
                (SectionKind::Summary, "A CLI.", "/projects/0/description"),
                (
                    SectionKind::Projects,
                    "Built it",
                    "/projects/0/highlights/0"
                ),
            ]
        );
        let b = &d.bullets[2];
        let at = b.text.find("\"product\"").unwrap();
        assert_eq!(
            &d.source[b.source_span(at, at + 9).range()],
            r#"\"product\""#
        );
        let b = &d.bullets[3];
        let at = b.text.find("Zürich").unwrap();
        assert_eq!(
            &d.source[b.source_span(at, at + "Zürich".len()).range()],
            r"Z\u00fcrich"
        );
        let at = b.text.find('😀').unwrap();
        assert_eq!(
            &d.source[b.source_span(at, at + 4).range()],
            r"\ud83d\ude00"
        );
        let role = d.role_of(&d.bullets[2]).unwrap();
        assert_eq!(
            (role.title.as_deref(), role.company.as_deref(), role.current),
            (Some("Product Owner"), Some("Acme"), Some(true))
        );
        assert_eq!(&d.source[role.span.range()], "Product Owner");
    }

    #[test]
    fn malformed_and_foreign_json_are_reported() {
        let err = parse("r.json", "{\n  \"work\": [1,\n}", Format::JsonResume)
            .unwrap_err()
            .to_string();
        assert!(err.contains("r.json:3:1"), "{err}");
        let err = parse(
            "package.json",
            "{\"name\": \"x\", \"version\": \"1\"}",
            Format::JsonResume,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("not a JSON Resume"), "{err}");
        let deep = "[".repeat(10_000);
        assert!(parse("d.json", deep, Format::JsonResume).is_err());
    }
}
