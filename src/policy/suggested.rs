//! The sentences of suggested wording, folded: a text that repeats one is not written yet.

use std::collections::HashSet;
use std::ops::Range;

use crate::model::lang::Localized;
use crate::model::policy::ClauseSpec;
use crate::model::uses::UsesSpec;
use crate::text::fold::fold;
use crate::text::sentences::sentences;

/// Sentences shorter than this are not compared with suggested wording ("Objet :").
const MIN_SUGGESTED_WORDS: usize = 5;

/// The sentences of suggested wording, folded.
#[derive(Debug, Clone, Default)]
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
