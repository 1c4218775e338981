//! Plain-text parser: bullet glyphs, numbered items, wrapped lines, ALL-CAPS or underlined headings,
//! and bullet-less text copied out of a PDF.

use std::sync::LazyLock;

use crate::regexes;
use resume_lint_engine::{Haystack, Pattern};

use super::{Parsed, classify_heading, role_line};
use crate::document::{Bullet, SectionKind, Segment, TextBuilder};
use crate::span::{LineIndex, Span};

/// One physical line: where its content is (without the line ending) and how it was classified.
#[derive(Debug)]
struct Line<'s> {
    /// The line's content, without `\r\n`/`\n`.
    text: &'s str,
    /// Byte offset of `text` in the source.
    start: usize,
    /// Width of leading whitespace in chars (a tab counts as 4).
    indent: usize,
    /// Its length in chars (counted once: wrapping reads it for every line, and again for
    /// each line a bullet may continue past).
    width: usize,
    class: Class,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Blank,
    /// A heading; `Some(kind)` when it names a known section.
    Heading(Option<SectionKind>),
    /// A `===`/`---` underline that made the line above a heading.
    Underline,
    /// A bullet; the byte length of the marker and the whitespace after it.
    Bullet {
        content_at: usize,
    },
    /// A suppression or comment line (`# …`); never a bullet.
    Comment,
    Text,
}

static BULLET: LazyLock<Pattern> = LazyLock::new(|| crate::precompiled::fixed(regexes::BULLET));

/// Parse plain text `source`, starting at byte `start` (after a BOM); `headings` are lines
/// (0-based) the document's styles mark as section headings.
pub(super) fn parse(source: &str, start: usize, index: &LineIndex, headings: &[usize]) -> Parsed {
    let mut lines = split_lines(source, start, index);
    classify(&mut lines);
    for &at in headings {
        if let Some(line) = lines.get_mut(at)
            && matches!(line.class, Class::Text | Class::Heading(_))
        {
            line.class = Class::Heading(classify_heading(line.text.trim()));
        }
    }
    let wrap_width = wrap_width(&lines);
    let mut out = Parsed::default();

    // Sections first, so each knows whether it uses bullet glyphs at all.
    let mut section_of_line = vec![None; lines.len()];
    let mut current: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Class::Heading(kind) = line.class {
            // An unknown ALL-CAPS line under Experience ("OPERATIONS MANAGER") is a job title:
            // it stays in the section and is read as a role line below.
            let in_job_section = current.is_some_and(|s| {
                matches!(
                    out.sections[s].kind,
                    SectionKind::Experience | SectionKind::Projects
                )
            });
            if kind.is_none() && in_job_section {
                section_of_line[i] = current;
                continue;
            }
            let text = line.text.trim();
            let offset = line.start + (line.text.len() - line.text.trim_start().len());
            let title = text.trim_end_matches(':').to_string();
            current = Some(
                out.add_section(title, Span::new(offset, offset + text.len()), kind)
                    .0,
            );
        }
        section_of_line[i] = current;
    }
    let mut has_glyphs = vec![false; out.sections.len()];
    for (i, line) in lines.iter().enumerate() {
        if let (Class::Bullet { .. }, Some(s)) = (line.class, section_of_line[i]) {
            has_glyphs[s] = true;
        }
    }

    let mut role = None;
    // Bullets share a group (a list) until a non-blank line that is not a bullet intervenes.
    let (mut group, mut in_list) = (0usize, false);
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let section = section_of_line[i];
        let kind = section.map_or(SectionKind::Other, |s| out.sections[s].kind);
        if i > 0 && section != section_of_line[i - 1] {
            role = None;
        }
        let in_job_section = matches!(kind, SectionKind::Experience | SectionKind::Projects);
        let bulletless = in_job_section && section.is_some_and(|s| !has_glyphs[s]);
        // Prose under a Summary heading is checked too: each paragraph (a run of text lines)
        // as one bullet.
        let prose = kind == SectionKind::Summary && line.class == Class::Text;
        let starts_bullet = match line.class {
            Class::Bullet { .. } => true,
            Class::Text => prose || bulletless && is_sentence_like(line.text),
            _ => false,
        };
        if starts_bullet {
            if !in_list {
                group += 1;
                in_list = true;
            }
            let mut end = i + 1;
            while end < lines.len()
                && if prose {
                    lines[end].class == Class::Text
                } else {
                    continues(&lines[end - 1], &lines[end], line, bulletless, wrap_width)
                }
            {
                end += 1;
            }
            // Room for every line and the space between two, so the text does not grow (and
            // copy itself) line by line.
            let bytes = lines[i..end].iter().map(|l| l.text.len() + 1).sum();
            let mut text = TextBuilder::with_capacity(bytes, 2 * (end - i));
            let content_at = match line.class {
                Class::Bullet { content_at } => content_at,
                _ => 0,
            };
            push_line(&mut text, line, content_at);
            for next in i + 1..end {
                let (prev, next) = (&lines[next - 1], &lines[next]);
                let content_at = next.text.len() - next.text.trim_start().len();
                text.push_break(Span::new(
                    prev.start + prev.text.len(),
                    next.start + content_at,
                ));
                push_line(&mut text, next, content_at);
            }
            if let Some((text, segments, span)) = text.finish() {
                out.bullets.push(Bullet {
                    text,
                    segments,
                    span,
                    section,
                    kind,
                    role,
                    group,
                    pointer: None,
                    prose,
                });
            }
            i = end;
            continue;
        }
        if line.class != Class::Blank {
            in_list = false;
        }
        if line.class == Class::Text || matches!(line.class, Class::Heading(None)) && in_job_section
        {
            let text = line.text.trim();
            let offset = line.start + (line.text.len() - line.text.trim_start().len());
            let assume = matches!(line.class, Class::Heading(None));
            let span = Span::new(offset, offset + text.len());
            if in_job_section && let Some(mut found) = role_line(text, span, assume) {
                found.segments = vec![Segment {
                    text_start: 0,
                    text_end: text.len(),
                    source: span,
                    verbatim: true,
                }];
                role = Some(out.add_role(found));
            }
        }
        i += 1;
    }
    out
}

/// The lines of `source` from byte `start` on, cut where `index` (the document's line index,
/// built once for every format) says lines start.
fn split_lines<'s>(source: &'s str, start: usize, index: &LineIndex) -> Vec<Line<'s>> {
    let starts = index.starts();
    let mut lines = Vec::with_capacity(starts.len());
    for (i, &line_start) in starts.iter().enumerate() {
        // The first line begins after a byte order mark, which holds no newline.
        let line_start = line_start.max(start);
        let end = starts.get(i + 1).copied().unwrap_or(source.len());
        // The text's end, right after a final newline or at `start`, begins no line.
        if end <= line_start {
            break;
        }
        let raw = &source[line_start..end];
        let text = raw.strip_suffix('\n').unwrap_or(raw);
        let text = text.strip_suffix('\r').unwrap_or(text);
        let indent = text
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        lines.push(Line {
            text,
            start: line_start,
            indent,
            width: text.chars().count(),
            class: Class::Text,
        });
    }
    lines
}

fn classify(lines: &mut [Line<'_>]) {
    for i in 0..lines.len() {
        let text = lines[i].text.trim();
        let class = if text.is_empty() {
            Class::Blank
        } else if text.starts_with('#') {
            Class::Comment
        } else if is_underline(text) && i > 0 && lines[i - 1].class == Class::Text {
            let above = lines[i - 1].text.trim();
            lines[i - 1].class = Class::Heading(classify_heading(above));
            Class::Underline
        } else if let Some(found) = bullet_marker(lines[i].text) {
            let m = found.end;
            // `content_at` points at the first content char (the pattern matched one past the gap).
            let last = lines[i].text[..m]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8);
            Class::Bullet {
                content_at: m - last,
            }
        } else if let Some(kind) = standalone_section_word(text) {
            Class::Heading(Some(kind))
        } else if is_all_caps(text) {
            Class::Heading(classify_heading(text))
        } else {
            Class::Text
        };
        lines[i].class = class;
    }
}

/// Where `BULLET` matches `line`. A marker is a glyph or a digit, or Word's `o` and a tab, so a
/// line whose first character is another letter (most lines) is ruled out without a search.
fn bullet_marker(line: &str) -> Option<resume_lint_engine::Span> {
    let rest = line.trim_start();
    let first = rest.chars().next()?;
    if first.is_alphabetic() && !rest.starts_with("o\t") {
        return None;
    }
    BULLET.find(&Haystack::new(line))
}

fn is_underline(text: &str) -> bool {
    text.len() >= 3 && (text.bytes().all(|b| b == b'=') || text.bytes().all(|b| b == b'-'))
}

/// A known section word alone on a line ("Experience", "Work History:").
fn standalone_section_word(text: &str) -> Option<SectionKind> {
    let text = text.trim_end_matches(':').trim();
    // `nth` stops at the fifth word; most lines are long sentences.
    if text.ends_with('.') || crate::language::more_words_than(text, 4) {
        return None;
    }
    // "Complex problem solving skills" in a list of strengths is a phrase, not a heading:
    // headings are capitalised or have at most one lower-case content word ("Work history").
    const MINOR: [&str; 6] = ["and", "of", "the", "for", "in", "&"];
    let lowercase_words = text
        .split_whitespace()
        .skip(1)
        .filter(|w| !MINOR.contains(w) && w.starts_with(|c: char| c.is_lowercase()))
        .count();
    if lowercase_words >= 2 {
        return None;
    }
    classify_heading(text)
}

/// An ALL-CAPS line: some cased letters and none of them lowercase.
fn is_all_caps(text: &str) -> bool {
    let mut upper = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        // Most lines have a lowercase letter within a few characters.
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            upper += 1;
        }
    }
    upper >= 3 && !crate::language::more_words_than(text, 8)
}

/// A line that reads like an accomplishment sentence (for bullet-less PDF text).
fn is_sentence_like(text: &str) -> bool {
    let starts_with_letter = text
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_alphabetic);
    if !starts_with_letter {
        return false;
    }
    let words = crate::language::words(text);
    // Sentences are mostly lower-case words; names, titles and memberships are capitalised.
    let mostly_lowercase = words.lowercase * 10 >= words.total * 3;
    let reads_as_sentence =
        mostly_lowercase && (text.trim_end().ends_with('.') || words.lowercase >= 2);
    words.total >= 4
        && (reads_as_sentence || opens_in_past_tense(text))
        && !super::has_date_range(text)
}

/// Whether a line opens with a past-tense verb, after an optional -ly adverb: a sentence even
/// in Title Case ("Wrote Test Protocols and Plans").
fn opens_in_past_tense(text: &str) -> bool {
    let mut opening = text.split_whitespace();
    let first = opening
        .next()
        .filter(|w| !w.ends_with("ly"))
        .or_else(|| opening.next())
        .unwrap_or("");
    crate::language::opener_tense(first) == Some(crate::language::Tense::Past)
}

/// Width that lines wrap at: the 90th percentile of non-blank line lengths in chars.
fn wrap_width(lines: &[Line<'_>]) -> usize {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| l.class != Class::Blank)
        .map(|l| l.width)
        .collect();
    if widths.is_empty() {
        return 80;
    }
    widths.sort_unstable();
    widths[(widths.len() * 9 / 10).min(widths.len() - 1)]
}

/// Whether `next` continues the bullet whose previous line is `prev` and first line is `first`.
fn continues(
    prev: &Line<'_>,
    next: &Line<'_>,
    first: &Line<'_>,
    bulletless: bool,
    wrap_width: usize,
) -> bool {
    if next.class != Class::Text {
        return false;
    }
    let marker_indent = if matches!(first.class, Class::Bullet { .. }) {
        first.indent
    } else {
        0
    };
    if !bulletless && next.indent > marker_indent {
        return true;
    }
    let prev_text = prev.text.trim_end();
    let ended_sentence = prev_text.ends_with(['.', '!', '?', ':', ';']);
    if ended_sentence || super::has_date_range(next.text) {
        return false;
    }
    let starts_lower = next
        .text
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    let trailing_space = prev.text[prev_text.len()..].chars().count();
    let near_wrap = (prev.width - trailing_space) * 10 >= wrap_width * 8;
    // In bullet-less text a capitalised verb opening a sentence ("Wrote the test plans…")
    // starts the next bullet, unless the line before stops mid-phrase ("…worked with").
    if bulletless && !starts_lower && opens_with_verb(next.text) && !ends_mid_phrase(prev_text) {
        return false;
    }
    starts_lower || near_wrap
}

/// Whether a line opens with a capitalised resume verb and reads like a sentence.
fn opens_with_verb(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    first.starts_with(char::is_uppercase)
        && crate::language::opener_tense(first).is_some()
        && is_sentence_like(text)
}

/// Whether a line stops where a sentence cannot: on a comma, a hyphen or a joining word
/// ("…worked with", "…for the"). Not the English function words of `language`: a sentence
/// can end on "up" or "over" ("…basic system set up").
fn ends_mid_phrase(text: &str) -> bool {
    const JOINING: &[&str] = &[
        "a", "an", "the", "and", "or", "of", "to", "for", "with", "in", "on", "at", "by", "from",
        "into", "as", "via", "such", "our", "their", "its", "both",
    ];
    if text.ends_with([',', '-', '–', '/', '(', '&']) {
        return true;
    }
    let last = text.rsplit(char::is_whitespace).next().unwrap_or("");
    last.eq_ignore_ascii_case("including") || JOINING.iter().any(|w| last.eq_ignore_ascii_case(w))
}

fn push_line(text: &mut TextBuilder, line: &Line<'_>, content_at: usize) {
    let content = &line.text[content_at..];
    text.push_verbatim(
        content,
        Span::new(line.start + content_at, line.start + line.text.len()),
    );
}

#[cfg(test)]
mod tests {
    use crate::document::{Format, SectionKind};
    use crate::parse::parse;

    fn texts(source: &str) -> Vec<String> {
        parse("t.txt", source.to_string(), Format::Text)
            .unwrap()
            .bullets
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn glyph_bullets_and_wrapped_continuations() {
        let source = "EXPERIENCE\n• Led the checkout\n  redesign for 2M users\n– Cut costs 10%\n1. Third item\n";
        assert_eq!(
            texts(source),
            vec![
                "Led the checkout redesign for 2M users",
                "Cut costs 10%",
                "Third item"
            ]
        );
    }

    #[test]
    fn every_marker_glyph_is_found_past_the_letter_check() {
        // `bullet_marker` skips the regex for lines starting with a letter: no marker may be one.
        // The glyphs are read from the regex itself, so a glyph added there is checked here.
        let glyphs = crate::regexes::BULLET
            .split_once("(?:[")
            .and_then(|(_, rest)| rest.split_once(']'))
            .map_or("", |(glyphs, _)| glyphs);
        assert!(glyphs.contains('•'), "{glyphs:?}");
        let numbers = ["12.".to_string(), "3)".to_string()];
        for marker in glyphs.chars().map(String::from).chain(numbers) {
            let line = format!("  {marker}\u{a0}Shipped it");
            assert!(super::bullet_marker(&line).is_some(), "{line:?}");
        }
        for line in [
            "Shipped it",
            "  Équipe",
            "中文 - item",
            "",
            "o shipped",
            "of\tit",
            "o\t",
        ] {
            assert!(super::bullet_marker(line).is_none(), "{line:?}");
        }
        // Word's second-level glyph, pasted with its tab.
        assert!(super::bullet_marker("  o\tShipped it").is_some());
    }

    #[test]
    fn spans_point_at_source_bytes_with_crlf_and_non_ascii() {
        let source = "Experience\r\n• Café – led the 中文 team 😀\r\n  and shipped it\r\n";
        let doc = parse("t.txt", source.to_string(), Format::Text).unwrap();
        let bullet = &doc.bullets[0];
        assert_eq!(bullet.text, "Café – led the 中文 team 😀 and shipped it");
        let at = bullet.text.find("中文").unwrap();
        let span = bullet.source_span(at, at + "中文".len());
        assert_eq!(&doc.source[span.range()], "中文");
        let at = bullet.text.find("shipped").unwrap();
        let span = bullet.source_span(at, at + 7);
        assert_eq!(&doc.source[span.range()], "shipped");
        assert_eq!(bullet.kind, SectionKind::Experience);
    }

    #[test]
    fn headings_underlined_caps_and_words() {
        let source = "Jane Doe\n========\n\nSKILLS\n- Jira, Scrum\n\nWork History:\nProduct Owner, Acme, 2019 - Present\n- Ran stand-ups\n";
        let doc = parse("t.txt", source.to_string(), Format::Text).unwrap();
        let kinds: Vec<_> = doc.sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![
                SectionKind::Other,
                SectionKind::Skills,
                SectionKind::Experience
            ]
        );
        assert_eq!(doc.bullets[0].kind, SectionKind::Skills);
        let role = doc.role_of(&doc.bullets[1]).unwrap();
        assert_eq!(role.current, Some(true));
    }

    #[test]
    fn job_titles_and_skill_phrases_are_not_headings() {
        // A job title holding a section word, and a strength phrase ending in "skills", stay
        // inside the Experience section.
        let source = "Experience\nINFORMATION TECHNOLOGY SPECIALIST\nJan 2018 to Current Acme\nComplex problem solving skills\nCoordinated the rollout of new laptops to every branch.\n";
        let doc = parse("t.txt", source.to_string(), Format::Text).unwrap();
        let kinds: Vec<_> = doc.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![SectionKind::Experience]);
        let last = doc.bullets.last().unwrap();
        assert!(
            last.text.starts_with("Coordinated the rollout"),
            "{}",
            last.text
        );
        assert_eq!(last.kind, SectionKind::Experience);
    }

    #[test]
    fn pdf_text_without_glyphs_becomes_bullets() {
        let source = "Experience\nAnalyst Jan 2018 to Current\nAcme Corp City , State\nReviewed vendor contracts and negotiated renewals with the largest\nsuppliers in the region.\nBuilt the monthly sales dashboard used by the leadership team.\nSkills\nExcel, SQL\n";
        let doc = parse("t.txt", source.to_string(), Format::Text).unwrap();
        let texts: Vec<_> = doc.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Reviewed vendor contracts and negotiated renewals with the largest suppliers in the region.",
                "Built the monthly sales dashboard used by the leadership team."
            ]
        );
        assert_eq!(doc.role_of(&doc.bullets[0]).unwrap().current, Some(true));
    }

    #[test]
    fn pdf_text_splits_on_verb_openers_and_title_case_sentences() {
        // Short lines near the wrap width: a capitalised verb starts the next bullet unless the
        // line before stops mid-phrase; a Title Case line opened by a past-tense verb is a bullet.
        let source = "Experience
Clerk Jan 2018 to Current
Booked travel for the regional sales managers
Answer phones and route calls to staff
Ordered stationery for the office with
Microsoft Teams purchasing workflows
Wrote Monthly Payroll Summaries
";
        let doc = parse("t.txt", source.to_string(), Format::Text).unwrap();
        let texts: Vec<_> = doc.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Booked travel for the regional sales managers",
                "Answer phones and route calls to staff",
                "Ordered stationery for the office with Microsoft Teams purchasing workflows",
                "Wrote Monthly Payroll Summaries",
            ]
        );
    }
}
