//! Splitting folded text into sentences and list items, as byte ranges.

use std::ops::Range;

/// The sentences of `text`, in order: split after `.`, `!`, `?`, `;` or `:` followed by
/// a space, at line breaks, and before list markers; leading markers and spaces are
/// skipped.
pub(crate) fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    // The bytes that may end a sentence, found with memchr in two sets of three and
    // taken in order.
    let mut common = memchr::memchr3_iter(b'\n', b'.', b':', bytes).peekable();
    let mut rare = memchr::memchr3_iter(b'!', b'?', b';', bytes).peekable();
    let mut finished = false;
    std::iter::from_fn(move || loop {
        if finished {
            return None;
        }
        let end = match (common.peek(), rare.peek()) {
            (Some(c), Some(r)) if r < c => rare.next(),
            (Some(_), _) => common.next(),
            (None, _) => rare.next(),
        };
        let piece = match end {
            Some(i)
                if bytes[i] == b'\n' || bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace) =>
            {
                let from = std::mem::replace(&mut start, i + 1);
                from..i + 1
            }
            Some(_) => continue,
            None => {
                finished = true;
                start..text.len()
            }
        };
        if let Some(sentence) = trimmed(text, piece) {
            return Some(sentence);
        }
    })
}

/// A piece of text without its leading list marker and spaces and trailing spaces, if
/// anything is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let piece = &text[range.clone()];
    let lead = piece.len()
        - piece
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '*' | '+' | '>' | '#' | '|' | '•')
            })
            .len();
    let mut start = range.start + lead;
    // A numbered item ("1. ", "2) ") starts after its number.
    let rest = &text[start..range.end];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) {
        start += digits + 1;
        start += text[start..range.end].len() - text[start..range.end].trim_start().len();
    }
    let end = start + text[start..range.end].trim_end().len();
    (end > start).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_and_list_items() {
        let text = "we use ai. it helps: - check facts\n2. never paste data; ask first";
        let pieces: Vec<&str> = sentences(text).map(|r| &text[r]).collect();
        assert_eq!(
            pieces,
            [
                "we use ai.",
                "it helps:",
                "check facts",
                "never paste data;",
                "ask first"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn splits_where_a_byte_by_byte_scan_does(text in "[a.!?;: \n-]{0,40}") {
            // The ends a scan of every byte finds.
            let bytes = text.as_bytes();
            let mut expected = Vec::new();
            let mut start = 0;
            for i in 0..bytes.len() {
                let ends = bytes[i] == b'\n'
                    || matches!(bytes[i], b'.' | b'!' | b'?' | b';' | b':')
                        && bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace);
                if ends {
                    expected.extend(trimmed(&text, start..i + 1));
                    start = i + 1;
                }
            }
            expected.extend(trimmed(&text, start..text.len()));
            proptest::prop_assert_eq!(sentences(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn keeps_decimals_and_abbreviations_inside() {
        let text = "version 1.2 applies. art. 4 too";
        let pieces: Vec<&str> = sentences(text).map(|r| &text[r]).collect();
        assert_eq!(pieces, ["version 1.2 applies.", "art.", "4 too"]);
    }
}
