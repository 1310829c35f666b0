//! Judging one clause text on its own: empty, placeholder, or stating no rule.

use crate::policy::lexicon::Lexicon;
use crate::policy::suggested::SuggestedSentences;
use crate::text::fold::{fold, Folded};

/// What is wrong with a clause text, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    /// Placeholder text: what was found, and its byte range in the clause text when known.
    Placeholder(String, Option<std::ops::Range<usize>>),
    /// The text states no rule.
    Vague,
}

/// The first problem of a clause text, or `None` when it reads as a rule.
pub fn judge(
    text: Option<&str>,
    suggested: Option<&SuggestedSentences>,
    lexicon: &Lexicon,
) -> Option<TextProblem> {
    let text = text.unwrap_or("").trim();
    if text.is_empty() {
        return Some(TextProblem::Empty);
    }
    if let Some(found) = placeholder_in(text, suggested, lexicon) {
        return Some(found);
    }
    if lexicon.is_normative_text(&fold(text).text) {
        None
    } else {
        Some(TextProblem::Vague)
    }
}

/// Placeholder text: marker words, `[Brackets]`, or a sentence of `suggested` left unchanged.
pub fn placeholder_in(
    text: &str,
    suggested: Option<&SuggestedSentences>,
    lexicon: &Lexicon,
) -> Option<TextProblem> {
    let folded = fold(text);
    marker_in(text, &folded, lexicon)
        .or_else(|| suggested.and_then(|s| suggested_in(text, &folded, s)))
}

/// Placeholder text: marker words (looked for in `folded`, the text folded) or `[Brackets]`.
pub(crate) fn marker_in(text: &str, folded: &Folded, lexicon: &Lexicon) -> Option<TextProblem> {
    if let Some(range) = lexicon.placeholder_word(&folded.text) {
        let start = folded.original(range.start);
        let end = folded.original(range.end);
        let end = if end > start { end } else { text.len() };
        return Some(TextProblem::Placeholder(
            text[start..end].to_owned(),
            Some(start..end),
        ));
    }
    lexicon
        .placeholder_bracket(text)
        .map(|range| TextProblem::Placeholder(text[range.clone()].to_owned(), Some(range)))
}

/// The first sentence of `text` (folded: `folded`) left as `suggested` wording, as a
/// placeholder.
pub(crate) fn suggested_in(
    text: &str,
    folded: &Folded,
    suggested: &SuggestedSentences,
) -> Option<TextProblem> {
    suggested.first_in(text, folded).map(|range| {
        let sentence = &text[range.clone()];
        let mut shown: String = sentence.chars().take(40).collect();
        if shown.len() < sentence.len() {
            shown.push('…');
        }
        TextProblem::Placeholder(shown, Some(range))
    })
}
