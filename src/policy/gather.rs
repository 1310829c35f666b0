//! A bank's plans gathered into what its prefilter needs: the literals its trie finds,
//! what an occurrence of each calls for (a string to compare, a sequence to follow, a
//! regex to run), and the strings, sequences and regexes those checks point to. Shared
//! with `build.rs`, which gathers every built-in bank when the binary is built.

use std::borrow::Cow;

use super::plan::{prefix, Branch, PREFIX_LEN};
use super::sequence::Element;
use crate::text::fnv::FnvHashMap;

/// Strings sharing a literal are at most this many where their length allows: a literal
/// shared by more is made longer, so that an occurrence calls for few comparisons.
const MAX_SHARING: usize = 4;

/// What an occurrence of a literal calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Check {
    /// Compare string `0` (of `strings`) there; on success, pattern `1` matches. Checks of
    /// one string are adjacent, so that it is compared once.
    String(u32, u32),
    /// Compare word `1` of the first element of sequence `0` (of `sequences`) there, and
    /// the rest of the sequence after it.
    Sequence(u32, u32),
    /// Run regex branch `0` (of `regex_branches`) anchored there.
    Regex(u32),
}

/// A word with the bit set of its word boundaries (see `WordString`).
pub(crate) type Word = (Cow<'static, [u8]>, u64);

/// What a bank's prefilter needs besides its trie, its patterns numbered in the order
/// they were given.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Gathered {
    /// The checks of literal `i`: from `check_starts[i]` to `check_starts[i + 1]`.
    pub(crate) check_starts: Vec<u32>,
    pub(crate) checks: Vec<Check>,
    /// The distinct strings of the word-set branches.
    pub(crate) strings: Vec<Word>,
    /// The sequence branches, with their pattern.
    pub(crate) sequences: Vec<(u32, Vec<Element>)>,
    /// The branches that need a regex, with their pattern.
    pub(crate) regex_branches: Vec<(u32, Cow<'static, str>)>,
    /// Regex branches without a usable literal prefix: they search every text.
    pub(crate) always: Vec<u32>,
}

/// A count or index as a table number (banks are far below 4 G entries).
pub(crate) fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Gathers the branches of each pattern (pattern `i` is the `i`-th plan); returns the
/// literals for the trie, distinct and in byte order, with what they call for.
pub(crate) fn gather(plans: Vec<Vec<Branch>>) -> (Vec<Cow<'static, [u8]>>, Gathered) {
    let mut gathered = Gathered::default();
    let mut literals: Vec<Cow<'static, [u8]>> = Vec::new();
    let mut string_index: FnvHashMap<Word, u32> = FnvHashMap::default();
    // Each literal with what its occurrences call for; a string's literal comes later.
    let mut calls: Vec<(Cow<'static, [u8]>, Check)> = Vec::new();
    let mut string_calls: Vec<(u32, u32)> = Vec::new();
    for (pattern, branches) in plans.into_iter().enumerate() {
        let pattern = index(pattern);
        for branch in branches {
            match branch {
                Branch::Words(words) => {
                    for word in words {
                        let next = index(gathered.strings.len());
                        let string = *string_index.entry(word.clone()).or_insert(next);
                        if string == next {
                            gathered.strings.push(word);
                        }
                        string_calls.push((string, pattern));
                    }
                }
                Branch::Sequence(elements) => {
                    let unit = index(gathered.sequences.len());
                    if let Some(Element::Words(first)) = elements.first() {
                        for (w, (word, _)) in first.iter().enumerate() {
                            let check = Check::Sequence(unit, index(w));
                            calls.push((cut(word, prefix(word).len()), check));
                        }
                    }
                    gathered.sequences.push((pattern, elements));
                }
                Branch::Regex(regex, prefixes) => {
                    let unit = index(gathered.regex_branches.len());
                    if prefixes.is_empty() {
                        gathered.always.push(unit);
                    }
                    calls.extend(prefixes.into_iter().map(|p| (p, Check::Regex(unit))));
                    gathered.regex_branches.push((pattern, regex));
                }
            }
        }
    }
    let literal_lengths = literal_lengths(&gathered.strings);
    for (string, pattern) in string_calls {
        let word = &gathered.strings[string as usize].0;
        let len = literal_lengths[string as usize];
        calls.push((cut(word, len), Check::String(string, pattern)));
    }
    calls.sort_unstable();
    calls.dedup();
    for (literal, check) in calls {
        if literals.last() != Some(&literal) {
            literals.push(literal);
            gathered.check_starts.push(index(gathered.checks.len()));
        }
        gathered.checks.push(check);
    }
    gathered.check_starts.push(index(gathered.checks.len()));
    (literals, gathered)
}

/// The first `len` bytes of a word, borrowed when the word is.
#[allow(clippy::ptr_arg)] // whether the word is borrowed is the point
fn cut(word: &Cow<'static, [u8]>, len: usize) -> Cow<'static, [u8]> {
    match word {
        Cow::Borrowed(word) => Cow::Borrowed(&word[..len]),
        Cow::Owned(word) => Cow::Owned(word[..len].to_vec()),
    }
}

/// The length of each string's literal: its first `PREFIX_LEN` bytes, more while more
/// than `MAX_SHARING` distinct strings would share them (the whole string at most).
fn literal_lengths(strings: &[Word]) -> Vec<usize> {
    let mut words: Vec<(&[u8], usize)> = strings
        .iter()
        .enumerate()
        .map(|(i, (word, _))| (&word[..], i))
        .collect();
    words.sort_unstable();
    let mut lengths = vec![0; strings.len()];
    for group in words.chunk_by(|a, b| prefix(a.0) == prefix(b.0)) {
        split(group, PREFIX_LEN.min(group[0].0.len()), &mut lengths);
    }
    lengths
}

/// Gives the sorted `group` of strings (with their index) sharing their first `len` bytes
/// literals of `len` bytes, or longer ones for a group of too many distinct strings.
fn split(group: &[(&[u8], usize)], len: usize, lengths: &mut [usize]) {
    // One string with two sets of word boundaries is one literal.
    let distinct = 1 + group
        .windows(2)
        .filter(|pair| pair[0].0 != pair[1].0)
        .count();
    if distinct <= MAX_SHARING {
        for (word, i) in group {
            lengths[*i] = len.min(word.len());
        }
        return;
    }
    // Sorted, the strings of exactly `len` bytes come first: they are their own literal;
    // the others go by one byte more.
    let short = group
        .iter()
        .take_while(|(word, _)| word.len() == len)
        .count();
    for (word, i) in &group[..short] {
        lengths[*i] = word.len();
    }
    for longer in group[short..].chunk_by(|a, b| a.0[len] == b.0[len]) {
        split(longer, len + 1, lengths);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&'static str]) -> Branch {
        Branch::Words(
            list.iter()
                .map(|w| (Cow::Borrowed(w.as_bytes()), 0))
                .collect(),
        )
    }

    fn literal_strings(literals: &[Cow<'static, [u8]>]) -> Vec<String> {
        let literals = literals.iter();
        literals
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    }

    #[test]
    fn a_string_shared_by_patterns_is_compared_once_for_all() {
        let (literals, gathered) =
            gather(vec![vec![words(&["chatbot"])], vec![words(&["chatbot"])]]);
        assert_eq!(gathered.strings.len(), 1);
        assert_eq!(literal_strings(&literals), ["chatbot"]);
        assert_eq!(
            gathered.checks,
            [Check::String(0, 0), Check::String(0, 1)],
            "one string's checks are adjacent"
        );
    }

    #[test]
    fn literals_grow_past_eight_bytes_only_while_many_strings_share_them() {
        let many = [
            "personal data",
            "personal details",
            "personal files",
            "personal information",
            "personal records",
        ];
        let few = ["security policy", "security team"];
        let (literals, gathered) = gather(vec![vec![words(&many)], vec![words(&few)]]);
        assert_eq!(
            literal_strings(&literals),
            [
                "personal d",
                "personal f",
                "personal i",
                "personal r",
                "security"
            ]
        );
        // Every string's check sits under a literal that starts it.
        for (i, literal) in literals.iter().enumerate() {
            let checks = &gathered.checks[gathered.check_starts[i] as usize..];
            let checks =
                &checks[..(gathered.check_starts[i + 1] - gathered.check_starts[i]) as usize];
            for check in checks {
                let Check::String(string, _) = check else {
                    panic!("only strings here");
                };
                assert!(gathered.strings[*string as usize].0.starts_with(literal));
            }
        }
    }

    #[test]
    fn a_string_shorter_than_its_group_s_literals_is_its_own_literal() {
        let list = [
            "personal",
            "personal data",
            "personal details",
            "personal files",
            "personal information",
            "personal records",
        ];
        let (literals, _) = gather(vec![vec![words(&list)]]);
        assert_eq!(
            literal_strings(&literals),
            [
                "personal",
                "personal d",
                "personal f",
                "personal i",
                "personal r"
            ]
        );
    }
}
