//! PDF files: the text layer, page by page (pdf-extract on lopdf), for the plain-text parser.
//!
//! The extractor is contained: it runs on a thread of its own, a panic inside it becomes an
//! error, and a file it cannot finish within a time limit is given up on.

use std::ops::Range;
use std::sync::mpsc;
use std::time::Duration;

use crate::document::{Document, Format};
use crate::span::Position;

/// Name of the extraction thread, so the binary's panic hook can keep a contained panic quiet.
pub const EXTRACTOR_THREAD: &str = "resume-lint-pdf";

/// Ends every page but the last: a line of its own holding a form feed, blank to the parser
/// (so a bullet never runs across a page break) and what `page_of` counts.
pub const PAGE_BREAK: &str = "\u{c}\n";

/// How long one file's text extraction may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The text layer of a PDF, pages separated by `PAGE_BREAK`.
pub fn extract(bytes: &[u8], time_limit: Duration) -> Result<String, String> {
    if !bytes.starts_with(b"%PDF-")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err("not a PDF (no %PDF- header)".into());
    }
    let owned = bytes.to_vec();
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(EXTRACTOR_THREAD.into())
        .spawn(move || {
            let pages =
                std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(&owned));
            let _ = send.send(pages.map_err(|_| ()));
        });
    if spawned.is_err() {
        return Err("the PDF could not be read (no thread to read it on)".into());
    }
    let pages = match receive.recv_timeout(time_limit) {
        Ok(Ok(Ok(pages))) => pages,
        Ok(Ok(Err(e))) if contains(bytes, b"/Encrypt") => {
            return Err(format!(
                "the PDF is encrypted ({e}); save a copy without a password"
            ));
        }
        Ok(Ok(Err(e))) => return Err(format!("malformed PDF: {e}")),
        Ok(Err(())) | Err(mpsc::RecvTimeoutError::Disconnected) => {
            return Err("the PDF could not be read (its text extractor failed on it); export it again from your editor".into());
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            return Err(format!(
                "reading the PDF's text took longer than {} s, given up (export it again from your editor)",
                time_limit.as_secs()
            ));
        }
    };
    if pages.iter().all(|page| page.trim().is_empty()) {
        return Err("no text layer; export the PDF from your editor or run OCR first".into());
    }
    Ok(join_pages(&pages))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The pages as one text: controls dropped (the extractor passes some through), blank runs
/// squeezed to one line, `PAGE_BREAK` between pages.
fn join_pages(pages: &[String]) -> String {
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            out.push_str(PAGE_BREAK);
        }
        let mut blank = true;
        for line in page.lines() {
            let line: String = line
                .chars()
                .filter(|&c| c == '\t' || !c.is_control())
                .collect();
            let line = line.trim_end();
            if line.trim().is_empty() {
                if !blank {
                    out.push('\n');
                }
                blank = true;
                continue;
            }
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    out
}

/// The 1-based page of each byte offset in text built by `extract`: one more than the page
/// breaks before it. Build once per document; `page` answers in logarithmic time.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    breaks: Vec<usize>,
}

impl Pages {
    /// Where the pages of `text` break.
    pub fn new(text: &str) -> Pages {
        Pages {
            breaks: memchr::memchr_iter(b'\x0c', text.as_bytes()).collect(),
        }
    }

    /// Where the pages of a document break, if it is a PDF.
    pub fn of(doc: &Document) -> Option<Pages> {
        (doc.format == Format::Pdf).then(|| Pages::new(&doc.source))
    }

    /// The page holding byte `offset`.
    pub fn page(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| b < offset) + 1
    }

    /// The byte range of 1-based `page` in a text of `len` bytes (its first line is the one
    /// after the break line; the last page runs to the end).
    pub fn range(&self, page: usize, len: usize) -> Range<usize> {
        let start = match page {
            0 | 1 => 0,
            n => (self.breaks[n - 2] + PAGE_BREAK.len()).min(len),
        };
        let end = self
            .breaks
            .get(page.max(1) - 1)
            .map_or(len, |&b| b.max(start));
        start..end
    }

    /// Page, line within the page and column (all 1-based) of byte `offset` of `doc`.
    pub fn place(&self, doc: &Document, offset: usize) -> (usize, Position) {
        let page = self.page(offset);
        let first_line = doc
            .line_index
            .line_of(self.range(page, doc.source.len()).start);
        let mut position = doc.line_index.position(&doc.source, offset);
        position.line -= first_line;
        (page, position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_join_with_a_break_line_and_count_from_one() {
        let text = join_pages(&[
            "Experience\n\n\n• Led it\x07\n".into(),
            "\n• Cut it\n".into(),
        ]);
        assert_eq!(text, "Experience\n\n• Led it\n\u{c}\n• Cut it\n");
        let pages = Pages::new(&text);
        assert_eq!(pages.page(0), 1);
        let cut = text.find("Cut").unwrap();
        assert_eq!(pages.page(cut), 2);
        assert_eq!(
            &text[pages.range(1, text.len())],
            "Experience\n\n• Led it\n"
        );
        assert_eq!(&text[pages.range(2, text.len())], "• Cut it\n");
        let doc = crate::parse::parse("cv.pdf", text.clone(), Format::Pdf).unwrap();
        let (page, position) = pages.place(&doc, cut);
        assert_eq!((page, position.line, position.column), (2, 1, 3));
    }

    #[test]
    fn what_is_not_a_pdf_says_so() {
        assert!(
            extract(b"hello", TIME_LIMIT)
                .unwrap_err()
                .contains("not a PDF")
        );
        assert!(extract(b"%PDF-1.7\nnonsense", TIME_LIMIT).is_err());
    }
}
