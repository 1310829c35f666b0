//! Markdown drafts through comrak: headings, paragraphs, list items and table cells;
//! code, HTML and front matter are left out of matching.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{parse_document, Arena, Options};

use std::ops::Range;

use super::SectionBuilder;
use crate::model::document::{Block, Document};
use crate::text::span::LineIndex;

/// The document, and the byte ranges of its HTML blocks and inline HTML (where waiver
/// comments count).
pub(super) fn parse(text: &str) -> (Document, Vec<Range<usize>>) {
    let arena = Arena::new();
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.front_matter_delimiter = Some("---".to_owned());
    let root = parse_document(&arena, text, &options);
    let mut builder = SectionBuilder::default();
    let lines = LineIndex::new(text);
    let mut html = Vec::new();
    for node in root.descendants() {
        // What the node is, without copying its text: headings and blocks read their
        // descendants after the borrow ends.
        let (kind, position) = {
            let data = node.data.borrow();
            let kind = match &data.value {
                NodeValue::Heading(heading) => Kind::Heading(heading.level),
                NodeValue::Paragraph | NodeValue::TableCell => Kind::Block,
                NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => Kind::Html,
                _ => Kind::Other,
            };
            (kind, data.sourcepos)
        };
        let line = position.start.line;
        // The node's bytes in the source: columns are 1-based bytes, the end one inclusive.
        let source = || {
            let at = |line, column: usize| lines.line_start(text, line) + column;
            at(position.start.line, position.start.column.saturating_sub(1))
                ..at(position.end.line, position.end.column)
        };
        match kind {
            Kind::Heading(level) => {
                builder.heading(level, inline_text(node, line, source().len()));
            }
            Kind::Block => builder.block(inline_text(node, line, source().len())),
            Kind::Html => html.push(source()),
            Kind::Other => {}
        }
    }
    (builder.finish(), html)
}

/// The nodes the walk reads.
enum Kind {
    Heading(u8),
    Block,
    Html,
    Other,
}

/// The text of a node's inline descendants, soft and hard breaks as spaces; `capacity`
/// is the length of its source, which the text seldom exceeds.
fn inline_text<'a>(node: &'a AstNode<'a>, line: usize, capacity: usize) -> Block {
    let mut block = Block {
        text: String::with_capacity(capacity),
        line,
        breaks: Vec::new(),
    };
    for child in node.descendants().skip(1) {
        let data = child.data.borrow();
        match &data.value {
            NodeValue::Text(text) => block.text.push_str(text),
            NodeValue::Code(code) => block.text.push_str(&code.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => {
                block.text.push(' ');
                block.breaks.push(block.text.len());
            }
            NodeValue::Paragraph if !block.text.is_empty() => block.text.push(' '),
            _ => {}
        }
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_blocks_and_lines() {
        let text = "---\ntitle: x\n---\n# Charte\n\nIntro **forte**\nsuite.\n\n## Données\n\n- ne collez *jamais* de données\n- deux\n\n```\ncode ignored\n```\n\n| a | b |\n|---|---|\n| c | d |\n";
        let (document, _) = parse(text);
        assert_eq!(document.title_line, 4);
        assert_eq!(document.sections.len(), 2);
        let intro = &document.sections[0].blocks[0];
        assert_eq!(intro.text, "Intro forte suite.");
        assert_eq!(intro.line_of(intro.text.find("suite").unwrap()), 7);
        let data = &document.sections[1];
        assert_eq!(data.heading.as_ref().unwrap().text, "Données");
        let texts: Vec<&str> = data.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["ne collez jamais de données", "deux", "a", "b", "c", "d"]
        );
    }
}
