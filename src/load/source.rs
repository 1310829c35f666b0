//! Source files read as text: size limit, UTF-8, byte-order mark, line index.

use std::io::Read;
use std::path::Path;

use crate::text::span::LineIndex;

/// Largest file `charter` reads by default (bytes).
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// A file's text and its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or found while walking a directory).
    pub path: String,
    pub text: String,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let lines = LineIndex::new(&text);
        Self {
            path: path.into(),
            text,
            lines,
        }
    }
}

/// How to treat bytes that are not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf8 {
    /// Refuse the file (charters: a YAML file must be exact).
    Strict,
    /// Replace them with U+FFFD (drafts: read what can be read).
    Lossy,
}

/// Reads a file as UTF-8 text (without a leading byte-order mark), refusing files over `max_bytes`.
pub fn read_text_limited(path: &Path, max_bytes: u64, utf8: Utf8) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let metadata = file.metadata().map_err(|e| e.to_string())?;
    if metadata.is_dir() {
        return Err("is a directory".to_owned());
    }
    let mut bytes = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "larger than the limit of {max_bytes} bytes (raise it with --max-size)"
        ));
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), not text".to_owned());
    }
    let text = match utf8 {
        Utf8::Lossy => String::from_utf8_lossy(&bytes).into_owned(),
        Utf8::Strict => String::from_utf8(bytes).map_err(|e| {
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?,
    };
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// Reads a file as UTF-8 text with the default size limit.
pub fn read_text(path: &Path) -> Result<String, String> {
    read_text_limited(path, DEFAULT_MAX_BYTES, Utf8::Strict)
}
