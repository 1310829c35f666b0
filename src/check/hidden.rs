//! Bidirectional control characters in a checked file (`bidi-control`): reversed or
//! reordered text reads differently from what the detector sees.

use super::Sink;
use crate::diag::{Code, Severity};
use crate::text::span::Span;
use crate::text::visible::is_bidi_control;

/// One warning per line that holds a bidi control character, at its first one.
pub(super) fn check(sink: &mut Sink, text: &str) {
    let bytes = text.as_bytes();
    let mut reported_line_start = None;
    // The start of the line of the last character looked at, and where it was.
    let (mut line_start, mut scanned) = (0, 0);
    // Every bidi control character is encoded from a lead byte 0xD8 (U+061C) or 0xE2.
    for start in memchr::memchr2_iter(0xD8, 0xE2, bytes) {
        let Some(c) = text.get(start..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if !is_bidi_control(c) {
            continue;
        }
        if let Some(at) = bytes[scanned..start].iter().rposition(|b| *b == b'\n') {
            line_start = scanned + at + 1;
        }
        scanned = start;
        if reported_line_start == Some(line_start) {
            continue;
        }
        reported_line_start = Some(line_start);
        let code_point = format!("U+{:04X}", u32::from(c));
        sink.push(
            Code::BidiControl,
            Severity::Warning,
            None,
            Some(Span::new(start, start + c.len_utf8())),
            &[("char", &code_point)],
        );
    }
}
