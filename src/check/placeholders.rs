//! Placeholder text in drafts: where it is, and the draft as written without it.
//!
//! A marker (« [À adapter] », TODO, « à compléter »…) or a `[Bracket]` leaves its whole
//! section unwritten, as `charter fix` adds it; a sentence of suggested wording left
//! unchanged leaves its own block unwritten, so that editing one bullet clears that bullet.

use super::clause_text::{marker_in, suggested_in, TextProblem};
use super::detect::Folding;
use crate::model::document::{Block, Document};
use crate::policy::catalogue::Catalogue;
use crate::policy::lexicon::Lexicon;
use crate::text::fold::Folded;

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

/// The placeholders of `document` (its headings and blocks folded in `folding`), or
/// `None` when it holds none.
pub fn find(
    document: &Document,
    folding: &Folding,
    catalogue: &Catalogue,
    lexicon: &Lexicon,
) -> Option<Placeholders> {
    let suggested = catalogue.suggested_sentences();
    // Whether a block holds a placeholder, judged once: a marker (`true`) leaves its whole
    // section unwritten, suggested wording only its block; with what was found and where.
    let problem = |(block, folded): (&Block, &Folded)| -> Option<(bool, String, usize)> {
        let (marked, problem) = marker_in(&block.text, folded, lexicon)
            .map(|marked| (true, marked))
            .or_else(|| suggested_in(&block.text, folded, suggested).map(|left| (false, left)))?;
        let TextProblem::Placeholder(found, range) = problem else {
            return None;
        };
        Some((marked, found, block.line_of(range.map_or(0, |r| r.start))))
    };
    let judged: Vec<_> = document
        .sections
        .iter()
        .zip(folding.headings.iter().zip(&folding.blocks))
        .map(|(section, (heading, blocks))| {
            let heading = section.heading.as_ref().zip(heading.as_ref());
            let blocks = section.blocks.iter().zip(blocks);
            (
                heading.and_then(problem),
                blocks.map(problem).collect::<Vec<_>>(),
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
