//! Judging one clause text on its own: empty, placeholder, or stating no rule.

use crate::model::policy::ClauseSpec;
use crate::policy::lexicon::Lexicon;
use crate::text::fold::fold;

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
    spec: Option<&ClauseSpec>,
    lexicon: &Lexicon,
) -> Option<TextProblem> {
    let text = text.unwrap_or("").trim();
    if text.is_empty() {
        return Some(TextProblem::Empty);
    }
    if let Some(found) = placeholder(text, spec, lexicon) {
        return Some(found);
    }
    if lexicon.is_normative_text(&fold(text).text) {
        None
    } else {
        Some(TextProblem::Vague)
    }
}

/// Placeholder text in any field: marker words, `[Brackets]`, or unchanged suggested wording.
pub fn placeholder(
    text: &str,
    spec: Option<&ClauseSpec>,
    lexicon: &Lexicon,
) -> Option<TextProblem> {
    let folded = fold(text);
    if let Some(range) = lexicon.placeholder_word(&folded.text) {
        let start = folded.original(range.start);
        let end = folded.original(range.end);
        let end = if end > start { end } else { text.len() };
        return Some(TextProblem::Placeholder(
            text[start..end].to_owned(),
            Some(start..end),
        ));
    }
    if let Some(range) = lexicon.placeholder_bracket(text) {
        return Some(TextProblem::Placeholder(
            text[range.clone()].to_owned(),
            Some(range),
        ));
    }
    let unchanged = spec.is_some_and(|spec| {
        [&spec.suggested.en, &spec.suggested.fr]
            .iter()
            .any(|suggested| fold(suggested.trim()).text == folded.text)
    });
    unchanged.then(|| {
        let first_line = text.lines().next().unwrap_or(text);
        let shown: String = first_line.chars().take(40).collect();
        TextProblem::Placeholder(shown, None)
    })
}
