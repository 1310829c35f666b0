//! YAML text written by hand, so that the files `charter` writes keep their comments and
//! show Markdown as literal block scalars: plain or quoted scalars, block scalars, comments.

use std::fmt::Write as _;

/// A YAML scalar on one line, quoted when needed.
pub(crate) fn scalar(text: &str) -> String {
    if text.contains('\n') || !text.chars().all(fits_block) {
        return quoted(text);
    }
    serde_yaml::to_string(text).map_or_else(|_| quoted(text), |s| s.trim_end().to_owned())
}

/// Whether a character may stand in a literal block scalar as itself: YAML's printable
/// characters, minus those a YAML 1.1 reader takes for line breaks and the byte-order mark.
fn fits_block(c: char) -> bool {
    matches!(c, '\t' | '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A value for the key at column `indent`: a literal block scalar (`|`) whose lines are
/// indented by `indent + 2`, or a quoted scalar when the text cannot be written as one.
/// The value read back is [`block_lines`] of `text`, each line ending with a line break.
pub(crate) fn block(text: &str, indent: usize) -> String {
    let lines = block_lines(text);
    if lines.is_empty() {
        return "\"\"".to_owned();
    }
    if !lines.iter().all(|l| l.chars().all(fits_block)) {
        let mut kept = lines.join("\n");
        kept.push('\n');
        return quoted(&kept);
    }
    let pad = " ".repeat(indent + 2);
    let mut out = if lines[0].starts_with([' ', '\t']) {
        "|2\n".to_owned()
    } else {
        "|\n".to_owned()
    };
    for line in &lines {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out.pop();
    out
}

/// The lines a [`block`] value holds: leading and trailing blank lines dropped, lines of
/// spaces and tabs emptied.
pub(crate) fn block_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.trim_matches([' ', '\t']).is_empty() {
                ""
            } else {
                l
            }
        })
        .collect();
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(first, |l| l + 1);
    lines[first..last.max(first)].to_vec()
}

/// A double-quoted scalar on one line, every line break and control character escaped.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if fits_block(c) => out.push(c),
            c if u32::from(c) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// `text` as comment lines at column `indent` (`# ` before each line, `#` alone for blank
/// ones). Characters a YAML reader may take for a line break (U+2028, U+0085, CR…) and other
/// control characters are written as `\u{…}` escapes: text after them must not become keys.
pub(crate) fn comment(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(&pad);
        if line.trim().is_empty() {
            out.push('#');
        } else {
            out.push_str("# ");
            for c in line.trim_end().chars() {
                if fits_block(c) {
                    out.push(c);
                } else {
                    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
                }
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(value: &str) -> String {
        let document = format!("a:\n  k: {value}\n");
        let parsed: serde_yaml::Value = serde_yaml::from_str(&document).expect("valid YAML");
        parsed["a"]["k"].as_str().expect("a string").to_owned()
    }

    #[test]
    fn block_scalars_read_back_as_written() {
        for (text, expected) in [
            (
                "## Title\n\n- one  \n- two\n",
                "## Title\n\n- one  \n- two\n",
            ),
            (
                "\n\n    code first\nthen text\n\n\n",
                "    code first\nthen text\n",
            ),
            ("# not a comment\n\t tab\n", "# not a comment\n\t tab\n"),
            ("key: value\n- item: x\n", "key: value\n- item: x\n"),
            ("line\u{2028}break\n", "line\u{2028}break\n"),
            (
                "bell\u{7} \"q\" \\ \u{feff}\n",
                "bell\u{7} \"q\" \\ \u{feff}\n",
            ),
            ("", ""),
        ] {
            assert_eq!(read_back(&block(text, 2)), expected, "{text:?}");
        }
    }

    #[test]
    fn comments_keep_blank_lines() {
        assert_eq!(comment("a\n\nb", 2), "  # a\n  #\n  # b\n");
        let hostile = comment("t: x\u{2028}waivers: {a: b}\u{85}c: d\u{c}e\rf", 0);
        assert_eq!(
            hostile,
            "# t: x\\u{2028}waivers: {a: b}\\u{85}c: d\\u{c}e\\u{d}f\n"
        );
        let parsed: serde_yaml::Value = serde_yaml::from_str(&format!("{hostile}k: 1\n")).unwrap();
        assert_eq!(parsed.as_mapping().map(serde_yaml::Mapping::len), Some(1));
    }
}
