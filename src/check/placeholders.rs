//! Placeholder text in drafts: where it is, and the draft as written without it.
//!
//! A marker (« [À adapter] », TODO, « à compléter »…) or a `[Bracket]` leaves its whole
//! section unwritten, as `charter fix` adds it; a sentence of suggested wording left
//! unchanged leaves its own block unwritten, so that editing one bullet clears that bullet.

use super::clause_text::{placeholder_in, suggested_in, TextProblem};
use crate::model::document::{Block, Document};
use crate::policy::catalogue::Catalogue;
use crate::policy::lexicon::Lexicon;

/// The first placeholder of one section of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Index of the section in the document.
    pub section: usize,
    /// 1-based source line.
    pub line: usize,
    /// The placeholder as written (its first words when long).
    pub found: String,
}

/// The placeholders of a draft and the draft without them.
#[derive(Debug, Clone)]
pub struct Placeholders {
    /// The first placeholder of each section that holds one.
    pub first: Vec<Placeholder>,
    /// The draft with unwritten sections and blocks emptied: what may cover clauses.
    pub written: Document,
}

impl Placeholders {
    /// The first placeholder of the section holding source line `line`, if any.
    pub fn at_line(&self, document: &Document, line: usize) -> Option<&Placeholder> {
        let section = section_of(document, line)?;
        self.first.iter().find(|p| p.section == section)
    }
}

/// The placeholders of `document`, or `None` when it holds none.
pub fn find(document: &Document, catalogue: &Catalogue, lexicon: &Lexicon) -> Option<Placeholders> {
    let suggested = catalogue.suggested_sentences();
    // Whether a block holds a placeholder, judged once: a marker (`true`) leaves its whole
    // section unwritten, suggested wording only its block; with what was found and where.
    let problem = |block: &Block| -> Option<(bool, String, usize)> {
        let (marked, problem) = placeholder_in(&block.text, None, lexicon)
            .map(|marked| (true, marked))
            .or_else(|| suggested_in(&block.text, suggested).map(|left| (false, left)))?;
        let TextProblem::Placeholder(found, range) = problem else {
            return None;
        };
        Some((marked, found, block.line_of(range.map_or(0, |r| r.start))))
    };
    let judged: Vec<_> = document
        .sections
        .iter()
        .map(|section| {
            let heading = section.heading.as_ref().and_then(problem);
            (
                heading,
                section.blocks.iter().map(problem).collect::<Vec<_>>(),
            )
        })
        .collect();
    if judged
        .iter()
        .all(|(heading, blocks)| heading.is_none() && blocks.iter().all(Option::is_none))
    {
        return None;
    }
    let mut written = document.clone();
    let mut first = Vec::new();
    for (i, (section, (heading, blocks))) in written.sections.iter_mut().zip(judged).enumerate() {
        let mut kept = blocks.iter().map(Option::is_none);
        section.blocks.retain(|_| kept.next().unwrap_or(true));
        let heading_unwritten = heading.is_some();
        let mut problems = heading.into_iter().chain(blocks.into_iter().flatten());
        let found = problems.next();
        let whole_section = found.as_ref().is_some_and(|(marked, ..)| *marked)
            || problems.any(|(marked, ..)| marked);
        if whole_section || heading_unwritten || section.blocks.is_empty() && found.is_some() {
            section.heading = None;
            section.blocks.clear();
        }
        first.extend(found.map(|(_, found, line)| Placeholder {
            section: i,
            line,
            found,
        }));
    }
    Some(Placeholders { first, written })
}

/// The index of the section that holds source line `line`.
fn section_of(document: &Document, line: usize) -> Option<usize> {
    let start = |i: usize| {
        let section = &document.sections[i];
        section
            .heading
            .as_ref()
            .or(section.blocks.first())
            .map(|block| block.line)
    };
    (0..document.sections.len())
        .rev()
        .find(|&i| start(i).is_some_and(|s| s <= line))
}
