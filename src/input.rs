//! Reading inputs: files and settings files read with size limits, decoded as UTF-8 text.

use std::fs;
use std::path::Path;

use crate::document::Format;
use crate::error::{Error, Result};

/// Decode bytes read from `path` as text: binary data and invalid UTF-8 are errors naming the offset.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String> {
    if is_utf16(&bytes) {
        return Err(Error::Utf16 {
            path: path.to_string(),
        });
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(Error::Binary {
            path: path.to_string(),
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        path: path.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Whether `bytes` look like UTF-16 text: a byte order mark, or ASCII letters with a NUL byte
/// beside every one (Windows tools save "Unicode" text so).
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    let pairs = head.chunks_exact(2);
    let total = pairs.len();
    let ascii_with_nul = pairs
        .filter(|p| matches!(p, [0, b] | [b, 0] if b.is_ascii_graphic() || *b == b' '))
        .count();
    total >= 8 && ascii_with_nul * 10 >= total * 9
}

/// Default largest file linted: a resume is kilobytes; this stops a stray log or device.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The text to lint, and the lines a document's own styles mark as section headings (a Word
/// document's `Title` and `Heading 1` paragraphs; none for text files).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    /// The text; for a .docx one paragraph per line, for a .pdf the pages' lines.
    pub text: String,
    /// Line numbers (0-based), ascending.
    pub headings: Vec<usize>,
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::from(text.to_string())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text {
            text,
            headings: Vec::new(),
        }
    }
}

/// Read one input as text: a text file decoded as UTF-8, a Word document's paragraphs, a PDF's
/// text layer.
pub fn read_input(path: &Path, limit: u64, format: Format) -> Result<Text> {
    if format.is_extracted() {
        let bytes = read_bytes(path, limit)?;
        return document_text(&path.display().to_string(), &bytes, limit, format);
    }
    read_file(path, limit).map(Text::from)
}

/// The text of an input read from its bytes (`.docx` and `.pdf` extracted, text decoded);
/// `limit` also caps what a .docx may decompress to.
pub fn document_text(shown: &str, bytes: &[u8], limit: u64, format: Format) -> Result<Text> {
    let problem = |problem| Error::Document {
        path: shown.to_string(),
        problem,
    };
    match format {
        Format::Docx => crate::docx::extract(bytes, limit).map_err(problem),
        Format::Pdf => crate::pdf::extract(bytes, crate::pdf::TIME_LIMIT)
            .map(Text::from)
            .map_err(problem),
        _ => decode(shown, bytes.to_vec()).map(Text::from),
    }
}

/// Read and decode one file of at most `limit` bytes. Works on FIFOs and other streams (so
/// `resume-lint <(cmd)` works): the limit is enforced while reading, not from metadata alone.
pub fn read_file(path: &Path, limit: u64) -> Result<String> {
    decode(&path.display().to_string(), read_bytes(path, limit)?)
}

/// Read one file of at most `limit` bytes.
fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let shown = path.display().to_string();
    let io = |source| Error::Io {
        path: shown.clone(),
        source,
    };
    let too_big = || Error::TooLarge {
        path: shown.clone(),
        limit,
    };
    let file = fs::File::open(path).map_err(io)?;
    // The size of a regular file, to read it in one go; special files say 0 and grow the buffer.
    let mut expected = 0;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(io(std::io::Error::other("is a directory")));
        }
        if meta.is_file() && meta.len() > limit {
            return Err(too_big());
        }
        expected = meta.len();
    }
    // One byte more, so that reading the end of the file needs no second allocation.
    let mut bytes = Vec::with_capacity(usize::try_from(expected.saturating_add(1)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Read a settings file (a config, rule file or baseline): a regular file within the size
/// limit, never a FIFO or device, which could block forever or never end.
pub fn read_settings_file(path: &Path) -> Result<String> {
    let meta = fs::metadata(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    if !meta.is_file() {
        return Err(Error::Io {
            path: path.display().to_string(),
            source: std::io::Error::other("not a regular file"),
        });
    }
    read_file(path, DEFAULT_MAX_FILE_SIZE)
}

/// A parser's complaint about a settings file, cut short: it may quote the file, and a path
/// given by mistake can name one that must not be echoed (`/etc/shadow`, a `.env`).
pub fn short_problem(message: &str) -> String {
    const MOST: usize = 120;
    let first = message.lines().next().unwrap_or("").trim();
    match first.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{}…", &first[..cut]),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_binary_and_bad_utf8_offsets() {
        let err = decode("a.txt", b"ab\0c".to_vec()).unwrap_err().to_string();
        assert!(err.contains("a.txt") && err.contains("offset 2"), "{err}");
        let err = decode("b.txt", b"ok \xff".to_vec())
            .unwrap_err()
            .to_string();
        assert!(err.contains("b.txt") && err.contains("offset 3"), "{err}");
        assert_eq!(decode("c.txt", "é".as_bytes().to_vec()).unwrap(), "é");
    }
}
