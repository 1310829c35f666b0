//! Bidirectional control characters in a checked file (`bidi-control`): reversed or
//! reordered text reads differently from what the detector sees.

use super::Sink;
use crate::diag::{Code, Severity};
use crate::text::span::Span;
use crate::text::visible::is_bidi_control;

/// One warning per line that holds a bidi control character, at its first one.
pub(super) fn check(sink: &mut Sink, text: &str) {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        // Every bidi control character is encoded from a lead byte 0xD8 (U+061C) or 0xE2.
        let may_hold_one = line.bytes().any(|b| b == 0xD8 || b == 0xE2);
        let first = may_hold_one
            .then(|| line.char_indices().find(|(_, c)| is_bidi_control(*c)))
            .flatten();
        if let Some((at, c)) = first {
            let start = line_start + at;
            let code_point = format!("U+{:04X}", u32::from(c));
            sink.push(
                Code::BidiControl,
                Severity::Warning,
                None,
                Some(Span::new(start, start + c.len_utf8())),
                &[("char", &code_point)],
            );
        }
        line_start += line.len();
    }
}
