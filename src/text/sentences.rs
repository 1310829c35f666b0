//! Splitting folded text into sentences and list items, as byte ranges.

use std::ops::Range;

/// The sentences of `text`: split after `.`, `!`, `?`, `;` or `:` followed by a space,
/// at line breaks, and before list markers; leading markers and spaces are skipped.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    // The bytes that may end a sentence, found with memchr in two sets of three and
    // taken in order.
    let mut common = memchr::memchr3_iter(b'\n', b'.', b':', bytes).peekable();
    let mut rare = memchr::memchr3_iter(b'!', b'?', b';', bytes).peekable();
    while let Some(i) = match (common.peek(), rare.peek()) {
        (Some(c), Some(r)) if r < c => rare.next(),
        (Some(_), _) => common.next(),
        (None, _) => rare.next(),
    } {
        let ends_here = bytes[i] == b'\n' || bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace);
        if ends_here {
            push_trimmed(text, start..i + 1, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
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
    if end > start {
        out.push(start..end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_and_list_items() {
        let text = "we use ai. it helps: - check facts\n2. never paste data; ask first";
        let pieces: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
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
                    push_trimmed(&text, start..i + 1, &mut expected);
                    start = i + 1;
                }
            }
            push_trimmed(&text, start..text.len(), &mut expected);
            proptest::prop_assert_eq!(sentences(&text), expected);
        }
    }

    #[test]
    fn keeps_decimals_and_abbreviations_inside() {
        let text = "version 1.2 applies. art. 4 too";
        let pieces: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(pieces, ["version 1.2 applies.", "art.", "4 too"]);
    }
}
