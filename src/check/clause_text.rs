//! Judging one clause text on its own: empty, placeholder, or stating no rule.

use std::collections::HashSet;
use std::ops::Range;

use crate::model::lang::Localized;
use crate::model::policy::ClauseSpec;
use crate::model::uses::UsesSpec;
use crate::policy::lexicon::Lexicon;
use crate::text::fold::fold;
use crate::text::sentences::sentences;

/// Sentences shorter than this are not compared with suggested wording ("Objet :").
const MIN_SUGGESTED_WORDS: usize = 5;

/// The sentences of suggested wording, folded: a text that repeats one is not written yet.
#[derive(Debug, Default)]
pub struct SuggestedSentences(HashSet<String>);

impl SuggestedSentences {
    /// The sentences of the suggested wording of `specs` and of the per-use wording the
    /// guided init writes (`uses`), in both languages.
    pub fn of<'a>(specs: impl IntoIterator<Item = &'a ClauseSpec>, uses: &UsesSpec) -> Self {
        let mut set = HashSet::new();
        let mut add = |text: &str| {
            set.extend(sentences(text).into_iter().filter_map(|r| key(&text[r])));
        };
        let localized = specs
            .into_iter()
            .map(|spec| &spec.suggested)
            .chain([&uses.wording.none_permitted])
            .chain(uses.uses.iter().flat_map(|u| [&u.permitted, &u.prohibited]));
        for (_, text) in localized.flat_map(Localized::iter) {
            add(text);
        }
        for (_, texts) in uses.wording.always_prohibited.iter() {
            for text in texts {
                add(text);
            }
        }
        Self(set)
    }

    /// The byte range of the first sentence of `text` left as suggested.
    pub fn first_in(&self, text: &str) -> Option<Range<usize>> {
        sentences(text)
            .into_iter()
            .find(|r| key(&text[r.clone()]).is_some_and(|k| self.0.contains(&k)))
    }
}

/// A sentence folded, spaces collapsed; `None` when too short to compare.
fn key(sentence: &str) -> Option<String> {
    let folded = fold(sentence).text;
    let words: Vec<&str> = folded.split_whitespace().collect();
    (words.len() >= MIN_SUGGESTED_WORDS).then(|| words.join(" "))
}

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
    suggested.and_then(|s| s.first_in(text)).map(|range| {
        let sentence = &text[range.clone()];
        let mut shown: String = sentence.chars().take(40).collect();
        if shown.len() < sentence.len() {
            shown.push('…');
        }
        TextProblem::Placeholder(shown, Some(range))
    })
}
