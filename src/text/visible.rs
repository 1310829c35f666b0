//! Control, bidirectional and invisible characters, and their visible `\u{…}` escapes for
//! the text reports (a draft must not drive the reader's terminal or hide reversed text).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Characters that reorder the text around them (U+202A–U+202E, U+2066–U+2069 and the marks).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no room on screen: zero-width spaces and joiners, word joiner, BOM.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Whether a report shows `c` as an escape: control characters other than line feed and
/// tab (escape sequences, OSC 52 clipboard writes, carriage returns), line separators,
/// bidi controls and invisible characters.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}')
        || is_bidi_control(c)
        || is_invisible(c)
}

/// `text` with every hidden character written `\u{1b}`, `\u{202e}`…
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey_or_hide() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(visible("\u{202e}abc\u{202c}"), "\\u{202e}abc\\u{202c}");
        assert_eq!(visible("é\u{9b}\u{200b}"), "é\\u{9b}\\u{200b}");
        assert_eq!(visible("line\n\ttab"), "line\n\ttab");
        assert!(matches!(visible("plain « texte »"), Cow::Borrowed(_)));
    }
}
