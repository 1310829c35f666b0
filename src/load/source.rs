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
    /// For a word-processor draft, whose lines are its paragraphs: the heading each
    /// paragraph is under (`None` before the first heading), by line.
    pub paragraph_headings: Option<Vec<Option<String>>>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let lines = LineIndex::new(&text);
        Self {
            path: path.into(),
            text,
            lines,
            paragraph_headings: None,
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

/// Why a file was not read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("No such file or directory")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("{0}")]
    Io(String),
    #[error("is a directory")]
    Directory,
    /// A FIFO, socket or device: opening or reading it could wait forever or never end.
    #[error("not a regular file (a pipe, socket or device is not read)")]
    NotRegular,
    #[error("{} over the size limit of {limit} bytes", size.map_or_else(|| "larger than".to_owned(), |s| format!("{s} bytes is")))]
    TooLarge { size: Option<u64>, limit: u64 },
    #[error("binary file (contains NUL bytes), not text")]
    Binary,
    #[error("UTF-16 text: save it as UTF-8")]
    Utf16,
    #[error("not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
}

impl ReadError {
    /// The error of a failed read: not found and permission denied are said in the user's
    /// language, other errors keep the system's words.
    pub fn from_io(error: &std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::NotFound => Self::NotFound,
            std::io::ErrorKind::PermissionDenied => Self::PermissionDenied,
            _ => Self::Io(error.to_string()),
        }
    }

    /// The key of its wording in `policies/messages.yaml`, and the values it takes; sizes are
    /// said by `size` (see [`size`]).
    pub fn message(&self, size: impl Fn(u64) -> String) -> (&'static str, Vec<String>) {
        match self {
            Self::NotFound => ("read-not-found", vec![]),
            Self::PermissionDenied => ("read-permission-denied", vec![]),
            Self::Io(detail) => ("read-io", vec![detail.clone()]),
            Self::Directory => ("read-directory", vec![]),
            Self::NotRegular => ("read-not-regular", vec![]),
            Self::TooLarge {
                size: Some(found),
                limit,
            } => ("read-too-large", vec![size(*found), size(*limit)]),
            Self::TooLarge { size: None, limit } => ("read-too-large-unknown", vec![size(*limit)]),
            Self::Binary => ("read-binary", vec![]),
            Self::Utf16 => ("read-utf16", vec![]),
            Self::NotUtf8(offset) => ("read-not-utf8", vec![offset.to_string()]),
        }
    }
}

/// A byte count for people, as a number and the key of its unit in
/// `policies/messages.yaml`: (`16`, `size-mib`), (`1.5`, `size-kib`), (`100`, `size-bytes`).
pub fn size(n: u64) -> (String, &'static str) {
    for (unit, size) in [
        ("size-gib", 1u64 << 30),
        ("size-mib", 1 << 20),
        ("size-kib", 1 << 10),
    ] {
        if n >= size {
            let number = if n.is_multiple_of(size) {
                (n / size).to_string()
            } else {
                #[allow(clippy::cast_precision_loss)] // one decimal is shown
                let value = n as f64 / size as f64;
                format!("{value:.1}")
            };
            return (number, unit);
        }
    }
    (n.to_string(), "size-bytes")
}

/// Reads a file as UTF-8 text (without a leading byte-order mark), refusing files over
/// `max_bytes` and anything but a regular file (checked before opening: opening a FIFO
/// waits for a writer, and a device may never end).
pub fn read_source(path: &Path, max_bytes: u64, utf8: Utf8) -> Result<String, ReadError> {
    decode(read_bytes(path, max_bytes)?, utf8)
}

/// Bytes read as UTF-8 text, without a leading byte-order mark; NUL bytes mean binary.
pub fn decode(bytes: Vec<u8>, utf8: Utf8) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(ReadError::Utf16);
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    let text = match utf8 {
        Utf8::Lossy => String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        Utf8::Strict => String::from_utf8(bytes)
            .map_err(|e| ReadError::NotUtf8(e.utf8_error().valid_up_to()))?,
    };
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// Reads a regular file's bytes, refusing files over `max_bytes` (see [`read_source`]).
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let io = |e: std::io::Error| ReadError::from_io(&e);
    let metadata = std::fs::metadata(path).map_err(io)?;
    if metadata.is_dir() {
        return Err(ReadError::Directory);
    }
    if !metadata.is_file() {
        return Err(ReadError::NotRegular);
    }
    if metadata.len() > max_bytes {
        return Err(ReadError::TooLarge {
            size: Some(metadata.len()),
            limit: max_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::new();
    // The limit holds for files that grow or report no size (`/proc`), too.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge {
            size: None,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text with the default size limit.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    read_source(path, DEFAULT_MAX_BYTES, Utf8::Strict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        let said = |n| {
            let (number, unit) = size(n);
            format!("{number} {unit}")
        };
        assert_eq!(said(100), "100 size-bytes");
        assert_eq!(said(1024), "1 size-kib");
        assert_eq!(said(2050), "2.0 size-kib");
        assert_eq!(said(16 << 20), "16 size-mib");
        assert_eq!(said((100 << 20) + 1), "100.0 size-mib");
        assert_eq!(said(u64::MAX), "17179869184.0 size-gib");
    }

    #[test]
    fn refuses_what_is_not_a_regular_file_before_opening_it() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_source(dir.path(), DEFAULT_MAX_BYTES, Utf8::Strict),
            Err(ReadError::Directory)
        );
        assert_eq!(
            read_source(Path::new("/dev/zero"), u64::MAX, Utf8::Lossy),
            Err(ReadError::NotRegular)
        );
        let file = dir.path().join("a.md");
        std::fs::write(&file, "\u{feff}été").unwrap();
        assert_eq!(read_source(&file, u64::MAX, Utf8::Strict).unwrap(), "été");
        assert_eq!(
            read_source(&file, 4, Utf8::Strict),
            Err(ReadError::TooLarge {
                size: Some(8),
                limit: 4
            })
        );
    }
}
