//! Standard input read as a source (`charter lint -`): the same size limit and decoding as files.

use std::io::Read;

use super::source::{decode, ReadError, Utf8};

/// Reads standard input to its end as UTF-8 text, refusing more than `max_bytes`.
pub fn read_stdin(max_bytes: u64, utf8: Utf8) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::from_io(&e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge {
            size: None,
            limit: max_bytes,
        });
    }
    decode(bytes, utf8)
}
