//! Byte offsets to LSP positions and back, in the encoding the client and server agreed on,
//! and incremental edits applied to an open document's text.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::span::{LineIndex, Span};

/// How a position's `character` counts: UTF-16 code units (the LSP default) or bytes (when the
/// client offers `utf-8`, which saves the server a conversion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// An open document's text with its line index (the linted document's own, when there is
/// one), for converting positions.
pub struct Lines<'a> {
    text: &'a str,
    index: &'a LineIndex,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, index: &'a LineIndex, encoding: Encoding) -> Self {
        Lines {
            text,
            index,
            encoding,
        }
    }

    /// The LSP position of byte `offset` (moved back to a char boundary if inside one).
    pub fn position(&self, offset: usize) -> Position {
        let at = self.index.position(self.text, offset);
        let line = at.line - 1;
        let character = match self.encoding {
            Encoding::Utf16 => at.column_utf16 - 1,
            Encoding::Utf8 => {
                let mut offset = offset.min(self.text.len());
                while !self.text.is_char_boundary(offset) {
                    offset -= 1;
                }
                offset - self.index.line_start(line)
            }
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`: a character past the end of its line is the line's end,
    /// a line past the end of the text is the text's end, and a position inside a character
    /// (half a surrogate pair, a byte inside a UTF-8 sequence) is that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let starts = self.index.starts();
        let Some(&start) = starts.get(line) else {
            return self.text.len();
        };
        let end = starts.get(line + 1).copied().unwrap_or(self.text.len());
        let content = self.text[start..end].trim_end_matches(['\n', '\r']);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (i, c) in content.char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if counted + width > wanted {
                return start + i;
            }
            counted += width;
        }
        start + content.len()
    }

    /// The byte span of `range`, start and end in order.
    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Apply one `didChange` event to `text`: a whole new text, or a range replaced.
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let span = Lines::new(text, &index, encoding).span(range);
            text.replace_range(span.range(), &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "a’ – é 中文 🚀 z\r\nnext";

    fn lines_of(encoding: Encoding) -> Lines<'static> {
        static INDEX: std::sync::LazyLock<LineIndex> =
            std::sync::LazyLock::new(|| LineIndex::new(LINE));
        Lines::new(LINE, &INDEX, encoding)
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let z = LINE.find('z').unwrap();
        let utf16 = lines_of(Encoding::Utf16);
        assert_eq!(utf16.position(z), Position::new(0, 13));
        assert_eq!(utf16.offset(Position::new(0, 13)), z);
        let utf8 = lines_of(Encoding::Utf8);
        assert_eq!(utf8.position(z), Position::new(0, z as u32));
        assert_eq!(utf8.offset(Position::new(0, z as u32)), z);
        let next = LINE.find("next").unwrap();
        assert_eq!(utf16.position(next), Position::new(1, 0));
    }

    #[test]
    fn out_of_range_and_mid_character_positions_land_on_boundaries() {
        let lines = lines_of(Encoding::Utf16);
        let rocket = LINE.find('🚀').unwrap();
        // Half of the surrogate pair: the rocket's start.
        assert_eq!(lines.offset(Position::new(0, 11)), rocket);
        // Past the line's end: before the CRLF.
        assert_eq!(
            lines.offset(Position::new(0, 999)),
            LINE.find('\r').unwrap()
        );
        assert_eq!(lines.offset(Position::new(9, 0)), LINE.len());
        let utf8 = lines_of(Encoding::Utf8);
        assert_eq!(utf8.offset(Position::new(0, rocket as u32 + 2)), rocket);
    }

    #[test]
    fn incremental_changes_replace_ranges_in_either_encoding() {
        let mut text = LINE.to_string();
        let change = |range: Option<Range>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_string(),
        };
        apply_change(
            &mut text,
            change(
                Some(Range::new(Position::new(0, 12), Position::new(0, 13))),
                "Z",
            ),
            Encoding::Utf16,
        );
        assert!(text.starts_with("a’ – é 中文 🚀Zz"), "{text}");
        apply_change(&mut text, change(None, "whole"), Encoding::Utf8);
        assert_eq!(text, "whole");
    }
}
