//! Splitting folded text into sentences and list items, as byte ranges.

use std::ops::Range;

/// The sentences of `text`: split after `.`, `!`, `?`, `;` or `:` followed by a space,
/// at line breaks, and before list markers; leading markers and spaces are skipped.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let ends_here = match ENDS[usize::from(b)] {
            End::Never => false,
            End::Always => true,
            End::BeforeSpace => bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace),
        };
        if ends_here {
            push_trimmed(text, start..i + 1, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Whether a sentence ends after a byte: a line break, or `.`, `!`, `?`, `;` or `:`
/// followed by a space or the end.
#[derive(Clone, Copy)]
enum End {
    Never,
    Always,
    BeforeSpace,
}

/// What each byte says about a sentence's end.
const ENDS: [End; 256] = {
    let mut ends = [End::Never; 256];
    ends[b'\n' as usize] = End::Always;
    ends[b'.' as usize] = End::BeforeSpace;
    ends[b'!' as usize] = End::BeforeSpace;
    ends[b'?' as usize] = End::BeforeSpace;
    ends[b';' as usize] = End::BeforeSpace;
    ends[b':' as usize] = End::BeforeSpace;
    ends
};

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

    #[test]
    fn keeps_decimals_and_abbreviations_inside() {
        let text = "version 1.2 applies. art. 4 too";
        let pieces: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(pieces, ["version 1.2 applies.", "art.", "4 too"]);
    }
}
