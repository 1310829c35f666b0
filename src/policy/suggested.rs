//! The sentences of suggested wording, folded: a text that repeats one is not written yet.

use std::borrow::Cow;
use std::ops::Range;

use crate::model::lang::Localized;
use crate::model::policy::ClauseSpec;
use crate::model::uses::UsesSpec;
use crate::text::fnv::FnvHashSet;
use crate::text::fold::{fold, Folded};
use crate::text::sentences::sentences;

/// Sentences shorter than this are not compared with suggested wording ("Objet :").
const MIN_SUGGESTED_WORDS: usize = 5;

/// The first bytes of a key that a sentence is compared on before it is folded whole.
const START_LEN: usize = 12;

/// Source bytes folded to find a sentence's start: folding shrinks text little.
const START_SOURCE_LEN: usize = 4 * START_LEN;

/// The sentences of suggested wording, folded.
#[derive(Debug, Clone, Default)]
pub struct SuggestedSentences {
    keys: FnvHashSet<String>,
    /// The start of each key, so that most sentences are told apart by their start.
    starts: FnvHashSet<String>,
}

impl SuggestedSentences {
    /// The sentences of the suggested wording of `specs` and of the per-use wording the
    /// guided init writes (`uses`), in both languages.
    pub fn of<'a>(specs: impl IntoIterator<Item = &'a ClauseSpec>, uses: &UsesSpec) -> Self {
        let mut set = FnvHashSet::default();
        let mut add = |text: &str| {
            set.extend(sentences(text).filter_map(|r| key(&text[r])));
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
        Self {
            starts: set.iter().map(|key| start(key).to_owned()).collect(),
            keys: set,
        }
    }

    /// The byte range of the first sentence of `text` (folded: `folded`) left as
    /// suggested.
    pub(crate) fn first_in(&self, text: &str, folded: &Folded) -> Option<Range<usize>> {
        sentences(text).find(|r| {
            let sentence = &text[r.clone()];
            // Folding is character by character, so the folded start of a sentence is
            // the start of its key: a start no key has rules the sentence out.
            let head_end = r.start + prefix(sentence, START_SOURCE_LEN).len();
            let head = &folded.text[folded.folded_offset(r.start)..folded.folded_offset(head_end)];
            let head = normalized(head);
            if head.len() >= START_LEN && !self.starts.contains(start(&head)) {
                return false;
            }
            key(sentence).is_some_and(|k| self.keys.contains(&k))
        })
    }
}

/// The first `len` bytes of `text`, or fewer to end on a character.
fn prefix(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The start a key is compared on.
fn start(key: &str) -> &str {
    prefix(key, START_LEN)
}

/// Folded text with its words separated by one space. Folding already makes every run of
/// white space one space (` `); only a spacing accent alone (« ¨ ») folds to a second one.
fn normalized(folded: &str) -> Cow<'_, str> {
    if folded.contains("  ") {
        Cow::Owned(folded.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(folded.trim_matches(' '))
    }
}

/// A sentence folded, spaces collapsed; `None` when too short to compare.
fn key(sentence: &str) -> Option<String> {
    let folded = fold(sentence).text;
    (folded.split_whitespace().count() >= MIN_SUGGESTED_WORDS)
        .then(|| normalized(&folded).into_owned())
}
