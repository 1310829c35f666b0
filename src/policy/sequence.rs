//! Patterns with too many strings to list that are still a sequence of small word sets
//! and runs of one class of bytes (`\w*`, `.{0,60}`): matched element by element where
//! one of the first element's words occurs, so they need no regex.

use std::borrow::Cow;

use regex_syntax::hir::{Class, Hir, HirKind};

use super::word_set::{self, WordString};

/// Adjacent word sets whose product has at most this many strings are made one.
const MAX_MERGED: usize = 16;

/// One element of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Element {
    /// A finite set of strings (the empty one among them when the element is optional),
    /// each with the bit set of its word boundaries (see `WordString`).
    Words(Vec<(Cow<'static, [u8]>, u64)>),
    /// From `min` to `max` bytes of a class (`max` `u32::MAX`: no limit), the class as
    /// a 256-bit set in eight numbers.
    Run { set: [u32; 8], min: u32, max: u32 },
}

impl Element {
    /// Whether the element may match nothing.
    fn optional(&self) -> bool {
        match self {
            Element::Words(words) => words.iter().any(|(w, b)| w.is_empty() && *b == 0),
            Element::Run { min, .. } => *min == 0,
        }
    }
}

/// A run of one class of bytes, if `hir` is one.
fn run(hir: &Hir) -> Option<Element> {
    let (class, min, max) = match hir.kind() {
        HirKind::Capture(capture) => return run(&capture.sub),
        HirKind::Class(class) => (class, 1, 1),
        HirKind::Repetition(repetition) => match repetition.sub.kind() {
            HirKind::Class(class) => (class, repetition.min, repetition.max.unwrap_or(u32::MAX)),
            _ => return None,
        },
        _ => return None,
    };
    let Class::Bytes(class) = class else {
        return None;
    };
    let mut set = [0u32; 8];
    for range in class.ranges() {
        for byte in range.start()..=range.end() {
            set[usize::from(byte / 32)] |= 1 << (byte % 32);
        }
    }
    Some(Element::Run { set, min, max })
}

/// The parts of a concatenation, nested ones and groups opened.
fn parts<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
    match hir.kind() {
        HirKind::Concat(parts_of) => parts_of.iter().for_each(|part| parts(part, out)),
        HirKind::Capture(capture) if matches!(capture.sub.kind(), HirKind::Concat(_)) => {
            parts(&capture.sub, out);
        }
        _ => out.push(hir),
    }
}

/// The sequence a branch is, if each of its parts is a small word set or a run of one
/// class and its first element is a word set that never matches nothing.
pub(crate) fn elements(hir: &Hir) -> Option<Vec<Element>> {
    let mut all = Vec::new();
    parts(hir, &mut all);
    let last = all.len().checked_sub(1)?;
    let mut sets: Vec<Result<Vec<WordString>, Element>> = Vec::new();
    for (i, part) in all.into_iter().enumerate() {
        let element = match word_set::strings(part, i == last) {
            Some(strings) => Ok(strings),
            None => Err(run(part)?),
        };
        // Word sets in a row are made one while they stay small, and until the first
        // one never matches nothing (its words are the prefilter's).
        let leading = sets.len() == 1;
        match (sets.last_mut(), element) {
            (Some(Ok(previous)), Ok(strings))
                if previous.len() * strings.len() <= MAX_MERGED
                    || (leading && previous.iter().any(|s| s.bytes.is_empty())) =>
            {
                *previous = word_set::product(previous, &strings)?;
            }
            (_, element) => sets.push(element),
        }
    }
    let mut elements: Vec<Element> = sets
        .into_iter()
        .map(|set| {
            set.map_or_else(
                |run| run,
                |mut strings| {
                    // In byte order, so that a match looks only at the words starting
                    // with the byte it is at.
                    strings.sort();
                    strings.dedup();
                    Element::Words(word_set::owned(strings))
                },
            )
        })
        .collect();
    // A match needs only its start: what may match nothing at the end is left out.
    while elements.last().is_some_and(Element::optional) {
        elements.pop();
    }
    // Trying each length of more than one run would multiply: a regex is linear.
    let tried_runs = elements
        .iter()
        .zip(elements.iter().skip(1))
        .filter(|(run, next)| tries_lengths(run, next))
        .count();
    match elements.first() {
        Some(Element::Words(first))
            if first.iter().all(|(w, _)| !w.is_empty()) && tried_runs <= 1 =>
        {
            Some(elements)
        }
        _ => None,
    }
}

/// Whether a match tries several lengths of `run` before `next`: a run of varying length
/// that the next element's words may start inside of.
fn tries_lengths(run: &Element, next: &Element) -> bool {
    let Element::Run { set, min, max } = run else {
        return false;
    };
    min < max
        && match next {
            Element::Words(words) => words
                .iter()
                .any(|(word, _)| word.first().is_none_or(|first| in_set(set, *first))),
            Element::Run { .. } => true,
        }
}

/// Whether `byte` is in a run's class.
pub(crate) fn in_set(set: &[u32; 8], byte: u8) -> bool {
    set[usize::from(byte / 32)] >> (byte % 32) & 1 == 1
}

/// The bytes the words of a word set start with, as a 256-bit set; `None` when one of
/// them is empty (it may start anywhere) or the element is not a word set.
fn first_bytes(element: Option<&Element>) -> Option<[u32; 8]> {
    let Some(Element::Words(words)) = element else {
        return None;
    };
    let mut set = [0u32; 8];
    for (word, _) in words {
        let byte = *word.first()?;
        set[usize::from(byte / 32)] |= 1 << (byte % 32);
    }
    Some(set)
}

/// The words of a word set (in byte order) that may match before `next`: the empty ones,
/// and those starting with `next`.
fn starting_with<'w>(
    words: &'w [(Cow<'static, [u8]>, u64)],
    next: Option<u8>,
) -> impl Iterator<Item = &'w (Cow<'static, [u8]>, u64)> {
    let empty = words.partition_point(|(word, _)| word.is_empty());
    let (from, to) = next.map_or((empty, empty), |byte| {
        let rest = &words[empty..];
        (
            empty + rest.partition_point(|(word, _)| word[0] < byte),
            empty + rest.partition_point(|(word, _)| word[0] <= byte),
        )
    });
    words[..empty].iter().chain(&words[from..to])
}

/// Whether `elements` match `text` from `at` on.
pub(crate) fn matches_at(elements: &[Element], text: &[u8], at: usize) -> bool {
    let Some((first, rest)) = elements.split_first() else {
        return true;
    };
    match first {
        Element::Words(words) => {
            starting_with(words, text.get(at).copied()).any(|(word, boundaries)| {
                word_set::matches_at(word, *boundaries, text, at)
                    && matches_at(rest, text, at + word.len())
            })
        }
        Element::Run { set, min, max } => {
            let limit = usize::try_from(*max).unwrap_or(usize::MAX);
            let longest = text
                .get(at..)
                .unwrap_or_default()
                .iter()
                .take(limit)
                .take_while(|byte| in_set(set, **byte))
                .count();
            let shortest = *min as usize;
            if shortest > longest {
                return false;
            }
            // A shorter run leaves a byte of the class next: when no word that follows
            // starts with one (`\w*` then a space), only the longest run can match.
            if rest.first().is_none_or(|next| !tries_lengths(first, next)) {
                return matches_at(rest, text, at + longest);
            }
            // The longest run first, as a greedy regex would (any will do); only where the
            // next element's words may start.
            let next_starts = first_bytes(rest.first());
            (shortest..=longest).rev().any(|len| {
                next_starts.is_none_or(|set| text.get(at + len).is_some_and(|b| in_set(&set, *b)))
                    && matches_at(rest, text, at + len)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequence(pattern: &str) -> Option<Vec<Element>> {
        elements(&super::super::plan::parse(pattern).unwrap())
    }

    #[test]
    fn word_sets_and_class_runs_make_a_sequence() {
        let stems = sequence(r"\b(?:check|verif)\w* (?:the |your )?(?:grammar|spelling|tone)");
        let stems = stems.expect("a sequence");
        assert_eq!(stems.len(), 3, "{stems:?}");
        for text in [
            "check the grammar",
            "verifying your tone",
            "checks spelling",
        ] {
            assert!(matches_at(&stems, text.as_bytes(), 0), "{text}");
        }
        for text in ["rechecking the tone", "check the weather", "checking  tone"] {
            assert!(!matches_at(&stems, text.as_bytes(), 0), "{text}");
        }
        let gap = sequence(r"\bcode\b.{0,10}\btested\b").expect("a sequence");
        assert!(matches_at(&gap, b"code is well tested", 0));
        assert!(!matches_at(&gap, b"code is not at all well tested", 0));
        assert!(!matches_at(&gap, b"code is untested", 0));
    }

    #[test]
    fn what_cannot_start_with_words_is_left_to_regexes() {
        assert_eq!(sequence(r"\w+@\w+"), None);
        // Two gaps whose lengths would both be tried.
        assert_eq!(sequence(r"\ba.{0,60}b.{0,60}c"), None);
        assert!(sequence(r"\ba.{0,60}b\w* c").is_some());
        assert_eq!(sequence(r"\A(?:the )?environment"), None);
        assert_eq!(sequence(r"(?:a|b)?\w*"), None);
    }
}
