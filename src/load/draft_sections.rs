//! The text of a draft cut at its section headings, line for line as written, so that a
//! command moving a draft into a charter (`charter import`) can account for every line.
//!
//! A section runs from its heading line to the line before the next section's heading; the
//! text before the first heading is its own part. Front matter is set apart, and lines that
//! hold nothing but a `<!-- charter: ignore … -->` comment are left out (the comment is a
//! waiver, carried over as such).

use crate::model::document::Document;

/// The lines of one part of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionText {
    /// The section of the document this part holds (`None`: lines before the first section
    /// that no section of the document covers, such as a code block or an HTML comment).
    pub section: Option<usize>,
    /// 1-based line of the part's first line.
    pub first_line: usize,
    /// The lines as written, each ending with `\n` (a `\r\n` ending becomes `\n`).
    pub text: String,
    /// The 1-based draft line of each line of `text` (a waiver line left out is skipped).
    pub lines: Vec<usize>,
    /// How many of the first lines are the heading (2 for an underlined heading), 0 without one.
    pub heading_lines: usize,
}

/// A draft cut into parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftText {
    /// The front matter between its `---` lines, if the draft starts with one.
    pub front_matter: Option<String>,
    /// Every other line, in order, in parts.
    pub parts: Vec<SectionText>,
}

/// Cuts `text`, the text `document` was parsed from, at the document's section headings.
pub fn cut(text: &str, document: &Document) -> DraftText {
    let lines: Vec<&str> = text.lines().collect();
    let front_end = front_matter_end(&lines);
    let front_matter = front_end.map(|end| join(&lines[1..end - 1]));
    let body_start = front_end.map_or(1, |end| end + 1);
    let skipped = waiver_lines(text, document);
    let starts: Vec<(Option<usize>, usize)> = document
        .sections
        .iter()
        .enumerate()
        .map(|(i, section)| {
            let start = section.heading.as_ref().map_or(body_start, |h| h.line);
            (Some(i), start.max(body_start))
        })
        .collect();
    let mut bounds = Vec::with_capacity(starts.len() + 1);
    let first_start = starts.first().map_or(lines.len() + 1, |s| s.1);
    if first_start > body_start {
        bounds.push((None, body_start));
    }
    bounds.extend(starts);
    let mut parts = Vec::with_capacity(bounds.len());
    for (k, &(section, start)) in bounds.iter().enumerate() {
        let end = bounds.get(k + 1).map_or(lines.len() + 1, |b| b.1);
        if end <= start {
            continue;
        }
        let numbers: Vec<usize> = (start..end)
            .filter(|n| !skipped.contains(n) && *n <= lines.len())
            .collect();
        let kept: Vec<&str> = numbers.iter().map(|n| lines[n - 1]).collect();
        if section.is_none() && kept.iter().all(|l| l.trim().is_empty()) {
            continue;
        }
        let heading_lines = match section.map(|i| &document.sections[i].heading) {
            Some(Some(_))
                if !lines
                    .get(start - 1)
                    .is_some_and(|l| l.trim_start().starts_with('#'))
                    && lines.get(start).is_some_and(|next| is_underline(next)) =>
            {
                2
            }
            Some(Some(_)) => 1,
            _ => 0,
        };
        parts.push(SectionText {
            section,
            first_line: start,
            text: join(&kept),
            lines: numbers,
            heading_lines,
        });
    }
    DraftText {
        front_matter,
        parts,
    }
}

/// The 1-based line of the closing `---` of a front matter block at the top, if any.
fn front_matter_end(lines: &[&str]) -> Option<usize> {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return None;
    }
    lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "---")
        .map(|p| p + 2)
}

/// Whether a line underlines the heading above it (`===` or `---`).
fn is_underline(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && (line.chars().all(|c| c == '=') || line.chars().all(|c| c == '-'))
}

/// The 1-based lines that hold a waiver comment and nothing else.
fn waiver_lines(text: &str, document: &Document) -> Vec<usize> {
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut found = Vec::new();
    for waiver in &document.waivers {
        let (Some(before), Some(after)) = (text.get(..waiver.start), text.get(waiver.end..)) else {
            continue;
        };
        let alone_before = before.rsplit('\n').next().unwrap_or("").trim().is_empty();
        let alone_after = after.split('\n').next().unwrap_or("").trim().is_empty();
        if alone_before && alone_after {
            found.extend(line_of(waiver.start)..=line_of(waiver.end));
        }
    }
    found
}

/// Lines joined, each ending with `\n`.
fn join(lines: &[&str]) -> String {
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::draft::{parse, DraftFormat};

    fn parts(text: &str) -> DraftText {
        cut(text, &parse(text, DraftFormat::Markdown))
    }

    #[test]
    fn every_line_lands_in_one_part() {
        let text = "---\ntitle: T\n---\n<!-- note -->\n\n# Title\r\nIntro.\n\n## A\n\ntext a\n<!-- charter: ignore security -- no IT -->\n\nB\n---\n\ntext b\n";
        let cut = parts(text);
        assert_eq!(cut.front_matter.as_deref(), Some("title: T\n"));
        let texts: Vec<(Option<usize>, usize, &str, usize)> = cut
            .parts
            .iter()
            .map(|p| (p.section, p.first_line, p.text.as_str(), p.heading_lines))
            .collect();
        assert_eq!(
            texts,
            [
                (None, 4, "<!-- note -->\n\n", 0),
                (Some(0), 6, "# Title\nIntro.\n\n", 1),
                (Some(1), 9, "## A\n\ntext a\n\n", 1),
                (Some(2), 14, "B\n---\n\ntext b\n", 2),
            ]
        );
    }

    #[test]
    fn a_draft_without_headings_is_one_part() {
        let cut = parts("Just a paragraph.\n\n```\ncode\n```\n");
        assert_eq!(cut.parts.len(), 1);
        assert_eq!(cut.parts[0].text, "Just a paragraph.\n\n```\ncode\n```\n");
    }

    #[test]
    fn code_only_text_is_kept_too() {
        let cut = parts("```\ncode\n```\n");
        assert_eq!(cut.parts.len(), 1);
        assert_eq!(cut.parts[0].section, None);
    }
}
