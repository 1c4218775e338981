//! Markdown parser: pulldown-cmark events with byte offsets → sections, role lines and bullets.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Parsed, classify_heading, is_bare_section_name, role_line, typed_bullet_content};
use crate::document::{Bullet, SectionKind, TextBuilder};
use crate::span::Span;

/// What inline text is being collected for.
enum Collector {
    /// A heading of this level.
    Heading(HeadingLevel, TextBuilder),
    /// A paragraph outside any list: a role line, typed bullets (`• …` lines) or, under a
    /// Summary heading, prose to check. `all_strong` tracks "only strong text"; `line_starts`
    /// holds where each source line after the first starts in the text.
    Paragraph {
        text: TextBuilder,
        all_strong: bool,
        line_starts: Vec<usize>,
    },
}

/// An open list item.
struct Item {
    text: TextBuilder,
    section: Option<usize>,
    kind: SectionKind,
    role: Option<usize>,
    /// The list the item belongs to.
    group: usize,
    /// Set when the item's own text turned out to be a role line for its nested list.
    became_role: bool,
}

struct State<'s> {
    source: &'s str,
    out: Parsed,
    items: Vec<Item>,
    collector: Option<Collector>,
    /// Depth of constructs whose text is never linted (code blocks, HTML, images, tables, front matter).
    skip_depth: usize,
    strong_depth: usize,
    /// Open lists, innermost last, by id; `lists_seen` hands out ids.
    lists: Vec<usize>,
    lists_seen: usize,
    section: Option<usize>,
    section_level: Option<HeadingLevel>,
    kind: SectionKind,
    role: Option<usize>,
}

/// Parse Markdown `source`, starting at byte `start` (after a BOM).
pub(super) fn parse(source: &str, start: usize) -> Parsed {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let body = &source[start..];
    let mut state = State {
        source,
        out: Parsed::default(),
        items: Vec::new(),
        collector: None,
        skip_depth: 0,
        strong_depth: 0,
        lists: Vec::new(),
        lists_seen: 0,
        section: None,
        section_level: None,
        kind: SectionKind::Other,
        role: None,
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let span = Span::new(range.start + start, range.end + start);
        state.event(event, span);
    }
    state.out
}

impl State<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag, span),
            _ if self.skip_depth > 0 => {}
            Event::Text(text) => {
                let raw = &self.source[span.range()];
                if self.strong_depth == 0
                    && !text.trim().is_empty()
                    && let Some(Collector::Paragraph { all_strong, .. }) = &mut self.collector
                {
                    *all_strong = false;
                }
                if let Some(builder) = self.builder() {
                    if raw == text.as_ref() {
                        builder.push_verbatim(raw, span);
                    } else {
                        // Escapes and entities: the text stands for its whole source range.
                        builder.push_synthetic(&text, span);
                    }
                }
            }
            // Inline code is masked with one neutral word so rules never match inside it
            // and the words around it are not joined.
            Event::Code(_) | Event::InlineMath(_) => {
                if let Some(builder) = self.builder() {
                    builder.push_synthetic("_", span);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(builder) = self.builder() {
                    builder.push_break(span);
                }
                if let Some(Collector::Paragraph {
                    text, line_starts, ..
                }) = &mut self.collector
                {
                    line_starts.push(text.text().len());
                }
            }
            Event::InlineHtml(html) => {
                // `<br>` separates words; other inline tags vanish.
                if html.to_ascii_lowercase().starts_with("<br")
                    && let Some(builder) = self.builder()
                {
                    builder.push_break(span);
                }
            }
            _ => {}
        }
    }

    /// Where inline text currently goes: the open heading or paragraph, else the innermost item.
    fn builder(&mut self) -> Option<&mut TextBuilder> {
        match &mut self.collector {
            Some(Collector::Heading(_, text)) => Some(text),
            Some(Collector::Paragraph { text, .. }) => Some(text),
            None => self.items.last_mut().map(|item| &mut item.text),
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        if self.skip_depth > 0 {
            if is_skipped(&tag) {
                self.skip_depth += 1;
            }
            return;
        }
        match tag {
            t if is_skipped(&t) => self.skip_depth += 1,
            Tag::Heading { level, .. } => {
                self.collector = Some(Collector::Heading(level, TextBuilder::default()));
            }
            Tag::Paragraph if self.items.is_empty() => {
                self.collector = Some(Collector::Paragraph {
                    text: TextBuilder::default(),
                    all_strong: true,
                    line_starts: Vec::new(),
                });
            }
            Tag::Paragraph => {
                // A second paragraph of a loose item continues the same bullet.
                if let Some(item) = self.items.last_mut() {
                    item.text.push_break(Span::new(span.start, span.start));
                }
            }
            Tag::Strong => self.strong_depth += 1,
            Tag::List(_) => {
                self.nested_list_starts();
                self.lists.push(self.lists_seen);
                self.lists_seen += 1;
            }
            Tag::Item => self.items.push(Item {
                text: TextBuilder::default(),
                section: self.section,
                kind: self.kind,
                role: self.role,
                group: self.lists.last().copied().unwrap_or(0),
                became_role: false,
            }),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, span: Span) {
        if self.skip_depth > 0 {
            if is_skipped_end(tag) {
                self.skip_depth -= 1;
            }
            return;
        }
        match tag {
            TagEnd::Heading(_) => {
                if let Some(Collector::Heading(level, text)) = self.collector.take() {
                    self.heading(level, text, span);
                }
            }
            TagEnd::Paragraph if self.items.is_empty() => {
                if let Some(Collector::Paragraph {
                    text,
                    all_strong,
                    line_starts,
                }) = self.collector.take()
                {
                    self.paragraph(text, all_strong, &line_starts);
                }
            }
            TagEnd::Strong => self.strong_depth = self.strong_depth.saturating_sub(1),
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Item => {
                if let Some(item) = self.items.pop() {
                    self.finish_item(item);
                }
            }
            _ => {}
        }
    }

    fn heading(&mut self, level: HeadingLevel, text: TextBuilder, span: Span) {
        let Some((title, segments, text_span)) = text.finish() else {
            return;
        };
        let known = classify_heading(&title);
        let in_job_section = matches!(self.kind, SectionKind::Experience | SectionKind::Projects);
        let deeper = self.section_level.is_some_and(|l| level > l);
        // "### Skills Development Lead | Education Trust" or "#### Senior Full Stack Developer"
        // under Experience is a job, not a new section: there a deeper heading is a section only
        // when it is no more than a section name ("### Technical Skills").
        let is_subheading =
            deeper && (known.is_none() || (in_job_section && !is_bare_section_name(&title)));
        if is_subheading {
            // A sub-heading under Experience names a job (or a project) by its position.
            if let Some(mut role) = role_line(&title, text_span, in_job_section) {
                role.segments = segments;
                self.role = Some(self.out.add_role(role));
            }
            return;
        }
        let (index, kind) = self.out.add_section(title, span, known);
        self.section = Some(index);
        self.section_level = Some(level);
        self.kind = kind;
        self.role = None;
    }

    fn paragraph(&mut self, text: TextBuilder, all_strong: bool, line_starts: &[usize]) {
        // Only under a heading: a file with no heading and no list is read as plain text,
        // which knows typed bullets and ALL-CAPS headings (see `parse`).
        let bullets = match self.section {
            Some(_) => typed_bullets(&text, line_starts),
            None => Vec::new(),
        };
        if !bullets.is_empty() {
            let group = self.new_group();
            for bullet in bullets {
                self.push_bullet(bullet, self.section, self.kind, self.role, group, false);
            }
            return;
        }
        if self.kind == SectionKind::Summary {
            let group = self.new_group();
            self.push_bullet(text, self.section, self.kind, None, group, true);
            return;
        }
        let Some((line, segments, span)) = text.finish() else {
            return;
        };
        let in_job_section = matches!(self.kind, SectionKind::Experience | SectionKind::Projects);
        let assume = in_job_section && all_strong;
        if let Some(mut role) = role_line(&line, span, assume) {
            role.segments = segments;
            self.role = Some(self.out.add_role(role));
        }
    }

    /// A group id no list has, for bullets that are not in one.
    fn new_group(&mut self) -> usize {
        self.lists_seen += 1;
        self.lists_seen - 1
    }

    /// A list opening inside an item: the item's text so far may be the role line of its children.
    fn nested_list_starts(&mut self) {
        let Some(role) = self.parent_role() else {
            return;
        };
        self.role = Some(self.out.add_role(role));
        if let Some(parent) = self.items.last_mut() {
            parent.became_role = true;
        }
    }

    fn parent_role(&self) -> Option<crate::document::RoleLine> {
        let parent = self.items.last().filter(|p| !p.became_role)?;
        let (text, segments, span) = parent.text.clone().finish()?;
        let mut role = role_line(&text, span, false)?;
        role.segments = segments;
        Some(role)
    }

    fn finish_item(&mut self, item: Item) {
        if item.became_role {
            // The role belongs to this item's children only.
            self.role = item.role;
            return;
        }
        self.push_bullet(
            item.text,
            item.section,
            item.kind,
            item.role,
            item.group,
            false,
        );
    }

    /// Add `text` as a bullet (`prose`: a summary paragraph), unless it is blank or names a
    /// job ("Consultant (2018 – 2020)" as a list item is a role line, not an accomplishment).
    fn push_bullet(
        &mut self,
        text: TextBuilder,
        section: Option<usize>,
        kind: SectionKind,
        role: Option<usize>,
        group: usize,
        prose: bool,
    ) {
        let Some((text, segments, span)) = text.finish() else {
            return;
        };
        if let Some(mut line) = role_line(&text, span, false)
            .filter(|r| r.dates.is_some() && r.text.split_whitespace().count() <= 12)
        {
            line.segments = segments;
            self.role = Some(self.out.add_role(line));
            return;
        }
        self.out.bullets.push(Bullet {
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
}

/// A paragraph whose first line opens with a typed bullet glyph, cut into one bullet per
/// glyph line (lines without a glyph continue the bullet above); empty for any other paragraph.
fn typed_bullets(text: &TextBuilder, line_starts: &[usize]) -> Vec<TextBuilder> {
    let plain = text.text();
    let starts: Vec<usize> = std::iter::once(0)
        .chain(line_starts.iter().copied())
        .collect();
    let mut bullets = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(plain.len());
        match typed_bullet_content(&plain[start..end]) {
            Some(content) => {
                if let Some(from) = open {
                    bullets.push(text.slice(from, start));
                }
                open = Some(start + content);
            }
            None if i == 0 => return Vec::new(),
            None => {}
        }
    }
    if let Some(from) = open {
        bullets.push(text.slice(from, plain.len()));
    }
    bullets
}

fn is_skipped(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::Image { .. }
            | Tag::Table(_)
            | Tag::MetadataBlock(_)
            | Tag::FootnoteDefinition(_)
    )
}

fn is_skipped_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::Image
            | TagEnd::Table
            | TagEnd::MetadataBlock(_)
            | TagEnd::FootnoteDefinition
    )
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format, SectionKind};
    use crate::parse::{parse, source_of};

    fn doc(source: &str) -> Document {
        parse("t.md", source.to_string(), Format::Markdown).unwrap()
    }

    #[test]
    fn typed_glyph_lines_under_a_heading_are_bullets_and_summary_paragraphs_prose() {
        let source = "## Profile\r\n\r\nCafé lead – keen on 中文 menus 🚀.\r\n\r\n## Experience\r\n\r\n\
                      • Cut waste 18% – café é\r\n  by a par sheet\r\n●\tRan the 中文 launch 🚀\r\n";
        let doc = doc(source);
        let texts: Vec<(&str, SectionKind, bool)> = doc
            .bullets
            .iter()
            .map(|b| (b.text.as_str(), b.kind, b.prose))
            .collect();
        assert_eq!(
            texts,
            vec![
                (
                    "Café lead – keen on 中文 menus 🚀.",
                    SectionKind::Summary,
                    true
                ),
                (
                    "Cut waste 18% – café é by a par sheet",
                    SectionKind::Experience,
                    false
                ),
                ("Ran the 中文 launch 🚀", SectionKind::Experience, false),
            ]
        );
        for (i, needle) in [(1, "Cut waste"), (2, "Ran the")] {
            let b = &doc.bullets[i];
            assert!(source[b.span.range()].starts_with(needle), "{i}");
            assert_eq!(source_of(&doc, i, needle), needle);
        }
        assert_eq!(doc.bullets[1].group, doc.bullets[2].group, "one typed list");
        assert_ne!(doc.bullets[0].group, doc.bullets[1].group);
        // A glyph line in the middle of a paragraph does not make it a list.
        let doc = self::doc("## Experience\n\nLed the team\n• then more\n");
        assert!(doc.bullets.is_empty());
        // Word's second level pastes as `o` and a tab; an `o` without the tab is a word.
        let doc =
            self::doc("## Experience\n\n•\tClub – café:\r\no\tRan 20 中文 talks 🚀\r\no go\r\n");
        let texts: Vec<&str> = doc.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Club – café:", "Ran 20 中文 talks 🚀 o go"]);
    }

    #[test]
    fn markdown_without_headings_or_lists_is_read_as_plain_text() {
        // A word-processor export saved as .md: ALL-CAPS headings and `•` lines, CRLF.
        let d = doc(
            "Jane Doe\r\n\r\nEXPERIENCE\r\nAnalyst, Acme – 2019 – 2023\r\n•\tBuilt the café’s stock sheet\r\n•\tRan the 中文 menu launch 🚀\r\n",
        );
        let kinds: Vec<_> = d.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![SectionKind::Experience]);
        let texts: Vec<_> = d.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Built the café’s stock sheet",
                "Ran the 中文 menu launch 🚀"
            ]
        );
        for b in &d.bullets {
            assert_eq!(&d.source[b.span.start..b.span.end], b.text);
        }
    }

    #[test]
    fn strips_markup_and_maps_back_across_bold_links_and_code() {
        let d =
            doc("- **Led** the [checkout](https://x.example) redesign with `kafka` for 2M users\n");
        let b = &d.bullets[0];
        assert_eq!(b.text, "Led the checkout redesign with _ for 2M users");
        assert_eq!(source_of(&d, 0, "Led the checkout"), "Led** the [checkout");
        assert_eq!(source_of(&d, 0, "redesign"), "redesign");
        assert_eq!(source_of(&d, 0, "_"), "`kafka`");
        assert_eq!(source_of(&d, 0, "2M users"), "2M users");
    }

    #[test]
    fn nested_lists_soft_breaks_and_crlf() {
        let d = doc(
            "## Experience\r\n\r\n- Owned the\r\n  product backlog\r\n  - Nested é – item\r\n- Second\r\n",
        );
        let texts: Vec<_> = d.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["Owned the product backlog", "Nested é – item", "Second"]
        );
        assert_eq!(source_of(&d, 0, "the product"), "the\r\n  product");
        assert_eq!(source_of(&d, 1, "é – item"), "é – item");
        assert!(d.bullets.iter().all(|b| b.kind == SectionKind::Experience));
    }

    #[test]
    fn code_blocks_html_front_matter_and_images_are_never_bullets() {
        let d = doc(
            "---\ntitle: x\n---\n\n```\n- not a bullet\n```\n\n<ul><li>nope</li></ul>\n\n- ![logo](a.png) Real bullet\n",
        );
        let texts: Vec<_> = d.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["Real bullet"]);
    }

    #[test]
    fn escapes_map_to_their_source_range() {
        let d = doc("- Cut cost 10\\% \\& more\n");
        assert_eq!(d.bullets[0].text, "Cut cost 10% & more");
        assert_eq!(source_of(&d, 0, "%"), "%");
        assert_eq!(source_of(&d, 0, "10% & more"), "10\\% \\& more");
    }

    #[test]
    fn sections_and_role_lines() {
        let d = doc(
            "# Jane Doe\n\n## Skills\n\n- Scrum, Jira\n\n## Experience\n\n### Product Owner — Acme Bank (2019 – Present)\n\n- Ran stand-ups\n\n**Acme Insurance** · Analyst · 2015 – 2019\n\n- Wrote reports\n\n- **Beta Corp, Designer, 2012 - 2014**\n  - Drew things\n",
        );
        assert_eq!(d.bullets[0].kind, SectionKind::Skills);
        let role = d.role_of(&d.bullets[1]).expect("role for bullet 1");
        assert_eq!(role.current, Some(true));
        assert_eq!(role.title.as_deref(), Some("Product Owner"));
        let role = d.role_of(&d.bullets[2]).expect("role for bullet 2");
        assert_eq!(role.current, Some(false));
        let texts: Vec<_> = d.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Scrum, Jira",
                "Ran stand-ups",
                "Wrote reports",
                "Drew things"
            ]
        );
        assert_eq!(
            d.role_of(&d.bullets[3]).unwrap().company.as_deref(),
            Some("Beta Corp")
        );
    }

    #[test]
    fn bom_is_skipped_but_spans_index_the_full_source() {
        let d = doc("\u{feff}- Led it\n");
        assert_eq!(source_of(&d, 0, "Led"), "Led");
        assert_eq!(d.bullets[0].span.start, 5);
    }
}
