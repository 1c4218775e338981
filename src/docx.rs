//! Word documents (.docx): the package's paragraphs as text, one line per paragraph, with list
//! paragraphs marked by a `• ` as Word draws them and the lines its heading styles mark, for the
//! plain-text parser.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::input::Text;

/// What a paragraph style says about its paragraphs.
#[derive(Debug, Clone, Default)]
struct Style {
    /// A list style, or one that carries list numbering.
    list: bool,
    /// Word's `Title` or `Heading 1` style: a section heading whatever its words.
    heading: bool,
    /// The style it inherits from.
    based_on: Option<String>,
}

/// The text of a .docx package: every paragraph of the body (tables and text boxes included),
/// in document order, one per line; list paragraphs start with `• `. `limit` caps the bytes
/// decompressed from the package, so a zip bomb is an error rather than a full memory.
pub fn extract(bytes: &[u8], limit: u64) -> Result<Text, String> {
    let mut package = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a Word document (the .docx package does not open: {e})"))?;
    let mut budget = limit;
    let document = read_part(&mut package, "word/document.xml", &mut budget, limit)?
        .ok_or("not a Word document (the package has no word/document.xml)")?;
    let styles = read_part(&mut package, "word/styles.xml", &mut budget, limit)?;
    from_parts(&document, styles.as_deref())
}

/// The text of a package's `word/document.xml`, with its `word/styles.xml` if it has one.
pub fn from_parts(document: &str, styles_xml: Option<&str>) -> Result<Text, String> {
    let styles = match styles_xml {
        Some(xml) => styles(xml).map_err(|e| format!("word/styles.xml is malformed: {e}"))?,
        None => HashMap::new(),
    };
    paragraphs(document, &styles).map_err(|e| format!("word/document.xml is malformed: {e}"))
}

/// One part of the package, decompressed within what is left of `budget` (of `limit`).
fn read_part(
    package: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    limit: u64,
) -> Result<Option<String>, String> {
    let entry = match package.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name} cannot be read: {e}")),
    };
    let mut bytes = Vec::new();
    entry
        .take(budget.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name} cannot be decompressed: {e}"))?;
    if bytes.len() as u64 > *budget {
        return Err(format!(
            "its text decompresses to more than {limit} bytes (a zip bomb, or raise --max-file-size)"
        ));
    }
    *budget -= bytes.len() as u64;
    String::from_utf8(bytes).map(Some).map_err(|e| {
        format!(
            "{name} is not UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The value of attribute `w:<key>` (any prefix) of an element.
fn attribute(element: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Paragraph styles by id: which are lists, and what each inherits from.
fn styles(xml: &str) -> Result<HashMap<String, Style>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut styles = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    loop {
        match reader.read_event()? {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => {
                    current = attribute(&e, b"styleId").map(|id| {
                        let style = Style {
                            list: id.starts_with("List"),
                            heading: is_heading_name(&id),
                            based_on: None,
                        };
                        (id, style)
                    });
                }
                b"name" => {
                    if let (Some((_, style)), Some(name)) = (&mut current, attribute(&e, b"val")) {
                        style.list |= name.starts_with("List") || name.starts_with("list");
                        style.heading |= is_heading_name(&name);
                    }
                }
                b"basedOn" => {
                    if let Some((_, style)) = &mut current {
                        style.based_on = attribute(&e, b"val");
                    }
                }
                b"numId" => {
                    if let Some((_, style)) = &mut current {
                        style.list |= attribute(&e, b"val").is_some_and(|v| v != "0");
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            _ => {}
        }
    }
    Ok(styles)
}

/// Whether a style id or name is Word's `Title` or `Heading 1` (`heading 1` in styles.xml,
/// `Heading1` as an id). Heading 2 and below are left to the text: résumé templates use them for
/// job titles, companies and dates, which are role lines inside a section.
fn is_heading_name(name: &str) -> bool {
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    compact.eq_ignore_ascii_case("title") || compact.eq_ignore_ascii_case("heading1")
}

/// Whether style `id`, or a style it is based on, says `is` (a `basedOn` cycle ends the walk).
fn style_says(styles: &HashMap<String, Style>, id: &str, is: fn(&Style) -> bool) -> bool {
    let mut at = styles.get(id);
    for _ in 0..16 {
        match at {
            Some(style) if is(style) => return true,
            Some(style) => at = style.based_on.as_deref().and_then(|b| styles.get(b)),
            None => return false,
        }
    }
    false
}

/// Whether paragraphs of style `id` are list items.
fn is_list_style(styles: &HashMap<String, Style>, id: &str) -> bool {
    style_says(styles, id, |s| s.list)
}

/// Whether paragraphs of style `id` are section headings (a package without styles.xml still
/// names its built-in heading styles by id).
fn is_heading_style(styles: &HashMap<String, Style>, id: &str) -> bool {
    is_heading_name(id) || style_says(styles, id, |s| s.heading)
}

/// A paragraph being read; text boxes put paragraphs inside paragraphs, so they stack.
#[derive(Default)]
struct Paragraph {
    text: String,
    list: bool,
    heading: bool,
}

/// The body's paragraphs as lines.
fn paragraphs(xml: &str, styles: &HashMap<String, Style>) -> Result<Text, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = Text {
        text: String::with_capacity(xml.len() / 8),
        headings: Vec::new(),
    };
    let mut line = 0usize;
    let mut open: Vec<Paragraph> = Vec::new();
    // Depth inside elements whose text is not shown: deleted runs, field instructions, and the
    // fallback copy of a text box (`mc:Fallback` repeats what `mc:Choice` holds).
    let mut hidden = 0usize;
    let mut in_text = false;
    loop {
        let event = reader.read_event()?;
        let name = match &event {
            Event::Start(e) | Event::Empty(e) => Some(e.local_name().as_ref().to_vec()),
            Event::End(e) => Some(e.local_name().as_ref().to_vec()),
            _ => None,
        };
        let hides = |n: &[u8]| matches!(n, b"del" | b"instrText" | b"delText" | b"Fallback");
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = name.unwrap_or_default();
                if hidden > 0 || hides(&name) {
                    hidden += 1;
                    continue;
                }
                match name.as_slice() {
                    b"p" => open.push(Paragraph::default()),
                    b"t" => in_text = true,
                    b"pStyle" | b"numId" => mark(&e, &name, &mut open, styles),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let name = name.unwrap_or_default();
                if hidden > 0 {
                    continue;
                }
                if name == b"p" {
                    push_line(&mut out, &mut line, &Paragraph::default());
                    continue;
                }
                let Some(paragraph) = open.last_mut() else {
                    continue;
                };
                match name.as_slice() {
                    b"tab" | b"ptab" => paragraph.text.push('\t'),
                    // A line break inside a paragraph stays on the paragraph's line.
                    b"br" | b"cr" => paragraph.text.push(' '),
                    b"noBreakHyphen" => paragraph.text.push('-'),
                    b"pStyle" | b"numId" => mark(&e, &name, &mut open, styles),
                    _ => {}
                }
            }
            Event::End(_) => {
                let name = name.unwrap_or_default();
                if hidden > 0 {
                    hidden -= 1;
                    continue;
                }
                match name.as_slice() {
                    b"p" => {
                        if let Some(paragraph) = open.pop() {
                            push_line(&mut out, &mut line, &paragraph);
                        }
                    }
                    b"t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text && hidden == 0 => {
                if let Some(paragraph) = open.last_mut() {
                    paragraph
                        .text
                        .push_str(&t.xml10_content().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) if in_text && hidden == 0 => {
                if let Some(paragraph) = open.last_mut() {
                    let entity: &[u8] = &r;
                    let c = match entity {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => r.resolve_char_ref().ok().flatten(),
                    };
                    paragraph.text.extend(c);
                }
            }
            _ => {}
        }
    }
    // An unclosed paragraph at the end of a damaged file still counts.
    while let Some(paragraph) = open.pop() {
        push_line(&mut out, &mut line, &paragraph);
    }
    Ok(out)
}

/// Note a paragraph property: its style (`w:pStyle`: a list or a heading) or list numbering
/// (`w:numId` not 0).
fn mark(e: &BytesStart<'_>, name: &[u8], open: &mut [Paragraph], styles: &HashMap<String, Style>) {
    let Some(paragraph) = open.last_mut() else {
        return;
    };
    let value = attribute(e, b"val").unwrap_or_default();
    if name == b"pStyle" {
        paragraph.list |= is_list_style(styles, &value);
        paragraph.heading |= is_heading_style(styles, &value);
    } else {
        paragraph.list |= value != "0";
    }
}

/// Append a paragraph as one line: controls dropped (a stray CR or form feed would split it),
/// `• ` in front of a list item that does not already start with a typed glyph.
fn push_line(out: &mut Text, line: &mut usize, paragraph: &Paragraph) {
    let text = paragraph.text.trim_end();
    if paragraph.heading && !paragraph.list && !text.is_empty() {
        out.headings.push(*line);
    }
    *line += 1;
    if paragraph.list && !text.is_empty() && crate::parse::typed_bullet_content(text).is_none() {
        out.text.push_str("• ");
    }
    out.text
        .extend(text.chars().filter(|&c| c == '\t' || !c.is_control()));
    out.text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(xml: &str) -> String {
        let document = format!(
            "<w:document xmlns:w=\"w\" xmlns:mc=\"mc\"><w:body>{xml}</w:body></w:document>"
        );
        paragraphs(&document, &HashMap::new()).unwrap().text
    }

    #[test]
    fn paragraphs_tables_text_boxes_and_runs_become_lines() {
        let xml = "<w:p><w:r><w:t>Experience</w:t></w:r></w:p>\
            <w:p><w:pPr><w:numPr><w:numId w:val=\"3\"/></w:numPr></w:pPr>\
              <w:r><w:t xml:space=\"preserve\">Cut costs </w:t></w:r><w:hyperlink><w:r><w:t>30% &amp; more</w:t></w:r></w:hyperlink></w:p>\
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell</w:t><w:tab/><w:t>two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></mc:Choice>\
              <mc:Fallback><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>\
              <w:r><w:t>Outer</w:t><w:br/><w:t>wrapped</w:t></w:r></w:p>\
            <w:p/><w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>kept</w:t></w:r></w:p>";
        assert_eq!(
            body(xml),
            "Experience\n• Cut costs 30% & more\nCell\ttwo\nIn a box\nOuter wrapped\n\nkept\n"
        );
    }

    #[test]
    fn list_styles_count_through_based_on() {
        let styles_xml = "<w:styles xmlns:w=\"w\">\
            <w:style w:type=\"paragraph\" w:styleId=\"Bulleted\"><w:name w:val=\"Bulleted\"/><w:pPr><w:numPr><w:numId w:val=\"4\"/></w:numPr></w:pPr></w:style>\
            <w:style w:type=\"paragraph\" w:styleId=\"Achievement\"><w:name w:val=\"Achievement\"/><w:basedOn w:val=\"Bulleted\"/></w:style>\
            <w:style w:type=\"paragraph\" w:styleId=\"Loop\"><w:basedOn w:val=\"Loop\"/></w:style></w:styles>";
        let styles = styles(styles_xml).unwrap();
        assert!(is_list_style(&styles, "Achievement"));
        assert!(!is_list_style(&styles, "Loop"));
        let document = "<w:document xmlns:w=\"w\"><w:body>\
            <w:p><w:pPr><w:pStyle w:val=\"Achievement\"/></w:pPr><w:r><w:t>Shipped it</w:t></w:r></w:p>\
            <w:p><w:pPr><w:pStyle w:val=\"Loop\"/></w:pPr><w:r><w:t>• Typed glyph</w:t></w:r></w:p></w:body></w:document>";
        assert_eq!(
            paragraphs(document, &styles).unwrap().text,
            "• Shipped it\n• Typed glyph\n"
        );
    }

    #[test]
    fn title_and_heading_1_styles_mark_heading_lines() {
        let styles_xml = "<w:styles xmlns:w=\"w\">\
            <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style>\
            <w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style>\
            <w:style w:type=\"paragraph\" w:styleId=\"SectionHead\"><w:name w:val=\"Section Head\"/><w:basedOn w:val=\"Heading1\"/></w:style></w:styles>";
        let styles = styles(styles_xml).unwrap();
        let p = |style: &str, text: &str| {
            format!(
                "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
            )
        };
        let document = format!(
            "<w:document xmlns:w=\"w\"><w:body>{}{}{}{}{}</w:body></w:document>",
            p("Title", "Ana Ruiz"),
            p("SectionHead", "Where I made a difference"),
            p("Heading2", "Analyst, Northwind"),
            p("Normal", "Cut month-end close from 9 to 4 days."),
            p("Heading1", "")
        );
        let text = paragraphs(&document, &styles).unwrap();
        // Paragraph N is still line N; the headings ride beside the text.
        assert_eq!(text.text.lines().count(), 5);
        assert_eq!(text.headings, vec![0, 1]);
    }

    #[test]
    fn damaged_packages_are_errors_not_panics() {
        assert!(
            extract(b"not a zip", 1 << 20)
                .unwrap_err()
                .contains("does not open")
        );
        assert!(paragraphs("<w:p><w:t>a</w:x>", &HashMap::new()).is_err());
    }
}
