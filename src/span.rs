//! Byte spans and the line index that turns byte offsets into lines and columns at the edges.

use serde::Serialize;

/// An end-exclusive byte range into a document's source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; the two are swapped if given backwards.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range`, for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A position in a text, computed from a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column counted in Unicode scalar values.
    pub column: usize,
    /// 1-based column counted in UTF-16 code units (what LSP editors use).
    pub column_utf16: usize,
}

/// Line-start table for one source text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// On lines longer than `CHECKPOINT_EVERY` bytes, a column count every so many bytes, so
    /// that a position on a long line counts from the nearest one instead of the line start
    /// (many findings on one long line would otherwise cost the line once each).
    checkpoints: Vec<Checkpoint>,
}

/// Bytes between two column checkpoints of a long line.
const CHECKPOINT_EVERY: usize = 4096;

/// A char boundary on a long line with the columns (0-based) it is at.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    chars: usize,
    utf16: usize,
}

impl LineIndex {
    /// Index the line starts of `text`. Lines end at `\n`, `\r\n` or a lone `\r` (old Mac
    /// files and some exports); a line's terminator stays on the line.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        let mut checkpoints = Vec::new();
        let ends = line_starts.iter().skip(1).copied().chain([text.len()]);
        for (start, end) in line_starts.iter().copied().zip(ends) {
            let mut at = Checkpoint {
                offset: start,
                chars: 0,
                utf16: 0,
            };
            while end - at.offset > CHECKPOINT_EVERY {
                let mut next = at.offset + CHECKPOINT_EVERY;
                while !text.is_char_boundary(next) {
                    next -= 1;
                }
                let piece = &text[at.offset..next];
                at = Checkpoint {
                    offset: next,
                    chars: at.chars + piece.chars().count(),
                    utf16: at.utf16 + piece.encode_utf16().count(),
                };
                checkpoints.push(at);
            }
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    /// Byte offset where each line starts, the first at 0.
    pub fn starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// 0-based line that contains byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    /// Line and columns of byte `offset` in `text` (the text this index was built from).
    /// An offset inside a character is moved back to that character's start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let line_start = self.line_start(line);
        let from = match self.checkpoints.partition_point(|c| c.offset <= offset) {
            0 => None,
            n => Some(self.checkpoints[n - 1]).filter(|c| c.offset > line_start),
        }
        .unwrap_or(Checkpoint {
            offset: line_start,
            chars: 0,
            utf16: 0,
        });
        let rest = &text[from.offset..offset];
        Position {
            line: line + 1,
            column: from.chars + rest.chars().count() + 1,
            column_utf16: from.utf16 + rest.encode_utf16().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_utf16_units() {
        let text = "ab\n– é😀x\r\nz";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0).line, 1);
        let x = text.find('x').unwrap();
        let pos = index.position(text, x);
        assert_eq!((pos.line, pos.column, pos.column_utf16), (2, 5, 6));
        let z = text.find('z').unwrap();
        assert_eq!(index.position(text, z).line, 3);
        assert_eq!(index.position(text, z).column, 1);
    }

    #[test]
    fn positions_on_long_lines_match_counting_from_the_line_start() {
        let long = "café – 中文 🚀 x".repeat(2_000);
        let text = format!("short\r\n{long}\n{long}\rnext");
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).step_by(997).chain([text.len()]) {
            let mut at = offset;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let line = index.line_of(at);
            let prefix = &text[index.line_start(line)..at];
            let pos = index.position(&text, offset);
            assert_eq!(
                (pos.line, pos.column, pos.column_utf16),
                (
                    line + 1,
                    prefix.chars().count() + 1,
                    prefix.encode_utf16().count() + 1
                ),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn offset_inside_a_char_snaps_back() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1).column, 1);
        assert_eq!(index.position(text, 99).column, 2);
    }

    #[test]
    fn backwards_span_is_normalised() {
        assert_eq!(Span::new(5, 2), Span { start: 2, end: 5 });
    }
}
