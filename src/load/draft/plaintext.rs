//! Plain-text drafts: the usual heading shapes of charters ("1.", "2.3", "Article 4 –",
//! "I.", short lines in capitals, a line ending with ":" before a list), paragraphs and list items.

use std::sync::LazyLock;

use regex::Regex;

use super::{block_of_lines, SectionBuilder};
use crate::model::document::Document;

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.|(?i:article|section|chapitre|chapter|titre|partie|part)\s+[0-9IVXLC]{1,6}\s*[.:)\-–—]?)\s+\S")
        .expect("valid regex")
});
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-*•–+]|\d{1,3}[.)]|[a-z][.)])\s+").expect("valid regex"));
static UNDERLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:=+|-+)\s*$").expect("valid regex"));

/// The heading level of a line, if it reads as a heading.
fn heading_level(line: &str, next: Option<&str>) -> Option<u8> {
    let line = line.trim();
    let chars = line.chars().count();
    if chars == 0 || chars > 90 {
        return None;
    }
    let ends_like_sentence =
        line.ends_with(['.', ';', ',']) && !NUMBERED.is_match(&format!("{line} x"));
    if NUMBERED.is_match(line) && chars <= 80 && !line.ends_with(['.', ';', ',']) {
        let depth = line
            .split_whitespace()
            .next()
            .map_or(1, |n| n.trim_end_matches('.').matches('.').count() + 1);
        return Some(u8::try_from(depth.min(5)).unwrap_or(5) + 1);
    }
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) && !ends_like_sentence {
        return Some(2);
    }
    if line.ends_with(':')
        && chars <= 80
        && next.is_some_and(|n| LIST_ITEM.is_match(n.trim_start()))
    {
        return Some(3);
    }
    if next.is_some_and(|n| UNDERLINE.is_match(n.trim()) && !n.trim().is_empty())
        && !ends_like_sentence
    {
        return Some(if next.is_some_and(|n| n.trim_start().starts_with('=')) {
            1
        } else {
            2
        });
    }
    None
}

pub(super) fn parse(text: &str) -> Document {
    let lines: Vec<&str> = text.lines().collect();
    let mut builder = SectionBuilder::default();
    let mut pending: Vec<&str> = Vec::new();
    let mut pending_start = 0;
    let flush = |builder: &mut SectionBuilder, pending: &mut Vec<&str>, start: usize| {
        if !pending.is_empty() {
            builder.block(block_of_lines(start, pending.drain(..)));
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let number = i + 1;
        let next = lines.get(i + 1).copied();
        if line.trim().is_empty() {
            flush(&mut builder, &mut pending, pending_start);
        } else if UNDERLINE.is_match(line.trim()) && pending.is_empty() {
            // The underline of a heading already taken.
        } else if let Some(level) = heading_level(line, next)
            .filter(|_| pending.is_empty() || !LIST_ITEM.is_match(line.trim_start()))
        {
            flush(&mut builder, &mut pending, pending_start);
            builder.heading(level, block_of_lines(number, [line]));
        } else {
            if LIST_ITEM.is_match(line.trim_start()) {
                flush(&mut builder, &mut pending, pending_start);
            }
            if pending.is_empty() {
                pending_start = number;
            }
            pending.push(line);
        }
        i += 1;
    }
    flush(&mut builder, &mut pending, pending_start);
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(text: &str) -> Vec<String> {
        parse(text)
            .sections
            .iter()
            .filter_map(|s| s.heading.as_ref().map(|h| h.text.clone()))
            .collect()
    }

    #[test]
    fn recognises_charter_heading_shapes() {
        let text = "CHARTE IA\n\n1. Objet\nLa charte s'applique aux agents.\n\n2.3 Données\nTexte.\n\nArticle 4 – Transparence\nTexte.\n\nII. Gouvernance\nTexte.\n\nNous nous engageons à :\n- relire\n- vérifier\n";
        assert_eq!(
            headings(text),
            [
                "CHARTE IA",
                "1. Objet",
                "2.3 Données",
                "Article 4 – Transparence",
                "II. Gouvernance",
                "Nous nous engageons à :"
            ]
        );
    }

    #[test]
    fn list_items_are_blocks_and_sentences_are_not_headings() {
        let text = "Rules\n=====\n\n1. Never paste personal data into a tool.\n2. Check facts.\nA long paragraph line\nthat continues.\n";
        let document = parse(text);
        assert_eq!(headings(text), ["Rules"]);
        let texts: Vec<&str> = document.sections[0]
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "1. Never paste personal data into a tool.",
                "2. Check facts. A long paragraph line that continues."
            ]
        );
    }
}
