//! A bank of patterns matched in one pass: a trie of the literal prefixes of every
//! pattern, walked from each place a pattern may start, tells which patterns can match a
//! text and where. A pattern that is a finite set of words (almost all of them) is then
//! checked by comparing its strings there, a sequence of word sets and class runs element
//! by element; only the others run as regexes, anchored at those places, each compiled on
//! first use. A text that mentions nothing of a clause costs one pass.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

use super::lexicon::{build_anchorable, PatternError};
use super::plan::{anchored, plan, prefix, Branch, PREFIX_LEN};
use super::prepared;
use super::sequence::{self, Element};
use super::trie::{self, Trie};
use super::word_set::{self, is_word_byte};

/// What an occurrence of a prefix literal calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Compare string `1` of `strings` there; on success, pattern `0` matches.
    String(u32, u32),
    /// Compare word `1` of the first element of sequence `0` (of `sequences`) there, and
    /// the rest of the sequence after it.
    Sequence(u32, u32),
    /// Run regex branch `0` (of `regex_branches`) anchored there.
    Regex(u32),
}

/// What a check found at one place.
enum Checked {
    /// The pattern with this index matches there.
    Matches(u32),
    /// Regex branch `0` is to be run there.
    Regex(u32),
    No,
}

/// The first bytes of a word, borrowed when the word is.
#[allow(clippy::ptr_arg)] // whether the word is borrowed is the point
fn prefix_of(word: &Cow<'static, [u8]>) -> Cow<'static, [u8]> {
    match word {
        Cow::Borrowed(word) => Cow::Borrowed(prefix(word)),
        Cow::Owned(word) => Cow::Owned(prefix(word).to_vec()),
    }
}

/// Matched patterns found in one text, reused from one text to the next.
#[derive(Debug, Default)]
pub(super) struct BankScratch {
    matched: Vec<u32>,
    /// Regex branches to try: `(branch, start)`, the start `ANYWHERE` for a search.
    candidates: Vec<(u32, u32)>,
}

/// A key that sorts literals of up to `PREFIX_LEN` bytes in byte order: their bytes
/// read as a big-endian number (zeros after the end), then their length.
fn byte_order_key(literal: &[u8]) -> (u64, usize) {
    const _: () = assert!(PREFIX_LEN <= 8, "a literal's bytes fit in a u64");
    let mut bytes = [0u8; 8];
    let len = literal.len().min(PREFIX_LEN);
    bytes[..len].copy_from_slice(&literal[..len]);
    (u64::from_be_bytes(bytes), literal.len())
}

/// A start that stands for a search of the whole text.
const ANYWHERE: u32 = u32::MAX;

/// Patterns with their prefilter; the regexes compiled on demand.
#[derive(Debug)]
pub(super) struct PatternBank {
    /// Where each pattern comes from.
    places: Vec<String>,
    /// The branches that need a regex: their pattern and source; and each one's regex,
    /// once compiled.
    regex_branches: Vec<(u32, Cow<'static, str>)>,
    regexes: Vec<OnceLock<Option<Regex>>>,
    prefilter: Trie,
    /// What the occurrences of each literal of the prefilter call for: those of literal
    /// `i` from `check_starts[i]` to `check_starts[i + 1]`.
    check_starts: Vec<u32>,
    checks: Vec<Check>,
    /// The sequence branches, with their pattern.
    sequences: Vec<(u32, Vec<Element>)>,
    /// The strings of every word-set branch, with their word boundaries.
    strings: Vec<(Cow<'static, [u8]>, u64)>,
    /// Regex branches without a usable literal prefix.
    always: Vec<u32>,
}

impl PatternBank {
    /// Checks the syntax of every `(place, pattern)`, plans it (a built-in pattern was
    /// planned when the binary was built) and builds the prefilter.
    pub(super) fn new(entries: &[(String, String)], ai: &str) -> Result<Self, PatternError> {
        // Each literal with what its occurrences call for, grouped below.
        let mut calls: Vec<(Cow<'static, [u8]>, Check)> = Vec::with_capacity(entries.len() * 16);
        let mut strings: Vec<(Cow<'static, [u8]>, u64)> = Vec::with_capacity(entries.len() * 16);
        let mut always = Vec::new();
        let mut regex_branches: Vec<(u32, Cow<'static, str>)> = Vec::new();
        let mut sequences: Vec<(u32, Vec<Element>)> = Vec::new();
        let prepared = prepared::Plans::for_ai(ai);
        for (id, (place, pattern)) in entries.iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            let branches = match prepared.and_then(|plans| plans.plan_of(pattern)) {
                Some(prepared) => prepared,
                // A user pack's pattern, planned now.
                None => plan(&anchored(pattern, ai)).map_err(|reason| PatternError {
                    place: place.clone(),
                    pattern: pattern.clone(),
                    reason,
                })?,
            };
            for branch in branches {
                let first = branch.first_words().iter().map(|(word, _)| prefix_of(word));
                let first: Vec<Cow<'static, [u8]>> = first.collect();
                match branch {
                    Branch::Words(words) => {
                        for (word, prefix) in words.into_iter().zip(first) {
                            let at = u32::try_from(strings.len()).unwrap_or(u32::MAX);
                            calls.push((prefix, Check::String(id, at)));
                            strings.push(word);
                        }
                    }
                    Branch::Sequence(elements) => {
                        let unit = u32::try_from(sequences.len()).unwrap_or(u32::MAX);
                        let words = first.into_iter().zip(0..);
                        calls.extend(words.map(|(prefix, w)| (prefix, Check::Sequence(unit, w))));
                        sequences.push((id, elements));
                    }
                    Branch::Regex(regex, prefixes) => {
                        let unit = u32::try_from(regex_branches.len()).unwrap_or(u32::MAX);
                        regex_branches.push((id, regex));
                        if prefixes.is_empty() {
                            always.push(unit);
                        }
                        calls.extend(prefixes.into_iter().map(|p| (p, Check::Regex(unit))));
                    }
                }
            }
        }
        // Grouped by literal, in byte order: a bank's literals are a set, and build.rs
        // prepares the trie of each built-in bank's set.
        // Words of one branch often share their prefix: calls in a row with one literal
        // are sorted as one run.
        let mut runs: Vec<(u64, usize, usize, usize)> = Vec::new();
        for (call, (literal, _)) in calls.iter().enumerate() {
            match runs.last_mut() {
                Some(run) if calls[run.2].0 == *literal => run.3 = call + 1,
                _ => {
                    let (key, len) = byte_order_key(literal);
                    runs.push((key, len, call, call + 1));
                }
            }
        }
        runs.sort_unstable();
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut check_starts: Vec<u32> = Vec::new();
        let mut checks: Vec<Check> = Vec::with_capacity(calls.len());
        for (literal, check) in runs.iter().flat_map(|run| &calls[run.2..run.3]) {
            if literals.last() != Some(&&literal[..]) {
                literals.push(literal);
                check_starts.push(u32::try_from(checks.len()).unwrap_or(u32::MAX));
            }
            let same = &checks[*check_starts.last().unwrap_or(&0) as usize..];
            // Two prefixes of one regex branch may be cut to the same literal (strings
            // are checked once each anyway).
            if matches!(check, Check::String(..)) || !same.contains(check) {
                checks.push(*check);
            }
        }
        check_starts.push(u32::try_from(checks.len()).unwrap_or(u32::MAX));
        let prefilter = Trie::new(match prepared::trie_of(&literals) {
            Some(table) => Cow::Borrowed(table),
            None => Cow::Owned(trie::build(&literals)),
        });
        Ok(Self {
            regexes: regex_branches.iter().map(|_| OnceLock::new()).collect(),
            regex_branches,
            places: entries.iter().map(|(place, _)| place.clone()).collect(),
            prefilter,
            check_starts,
            checks,
            sequences,
            strings,
            always,
        })
    }

    /// Calls `found` with the index of each pattern that matches `text`, once each, in
    /// increasing order; `scratch` is reused between calls. A pattern is tried only where
    /// one of its prefix literals starts (every match starts with one): its strings
    /// compared there, or its regex run anchored there; a regex without a prefix
    /// searches the whole text.
    pub(super) fn for_each_match(
        &self,
        text: &str,
        scratch: &mut BankScratch,
        mut found: impl FnMut(usize),
    ) {
        let bytes = text.as_bytes();
        let BankScratch {
            matched,
            candidates,
        } = scratch;
        matched.clear();
        candidates.clear();
        candidates.extend(self.always.iter().map(|&id| (id, ANYWHERE)));
        for start in 0..bytes.len() {
            // Every pattern starts at a word start, and so does its prefix literal
            // when that begins with a word character: the inside of words is skipped.
            let starts_word = bytes[start].is_ascii_alphanumeric();
            if starts_word && start > 0 && is_word_byte(bytes[start - 1]) {
                continue;
            }
            self.prefilter.for_each_at(bytes, start, |literal| {
                for check in self.checks_of(literal) {
                    match self.check_at(*check, bytes, start) {
                        Checked::Matches(id) => matched.push(id),
                        Checked::Regex(unit) => {
                            candidates.push((unit, u32::try_from(start).unwrap_or(ANYWHERE)));
                        }
                        Checked::No => {}
                    }
                }
            });
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut last = None;
        for &(unit, at) in candidates.iter() {
            if last == Some(unit) {
                continue;
            }
            let Some(regex) = self.regex(unit as usize) else {
                continue;
            };
            let input = if at == ANYWHERE {
                Input::new(bytes)
            } else {
                Input::new(bytes)
                    .range(at as usize..)
                    .anchored(Anchored::Yes)
            };
            if regex.is_match(input) {
                last = Some(unit);
                matched.push(self.regex_branches[unit as usize].0);
            }
        }
        matched.sort_unstable();
        matched.dedup();
        for &id in matched.iter() {
            found(id as usize);
        }
    }

    /// Whether a pattern matches at the start of `text`.
    pub(super) fn matches_at_start(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut regexes = self.always.clone();
        let mut found = false;
        self.prefilter.for_each_at(bytes, 0, |literal| {
            if found {
                return;
            }
            for check in self.checks_of(literal) {
                match self.check_at(*check, bytes, 0) {
                    Checked::Matches(_) => found = true,
                    Checked::Regex(unit) => regexes.push(unit),
                    Checked::No => {}
                }
            }
        });
        if found {
            return true;
        }
        regexes.into_iter().any(|unit| {
            self.regex(unit as usize)
                .is_some_and(|regex| regex.is_match(Input::new(bytes).anchored(Anchored::Yes)))
        })
    }

    /// Whether the trie was made when the binary was built.
    #[cfg(test)]
    pub(super) fn is_prepared(&self) -> bool {
        self.prefilter.is_prepared()
    }

    /// What a check says at `start` of `text`: a string or sequence compared there, a
    /// regex branch left to run.
    fn check_at(&self, check: Check, text: &[u8], start: usize) -> Checked {
        let matched = match check {
            Check::String(id, string) => {
                let (word, boundaries) = &self.strings[string as usize];
                word_set::matches_at(word, *boundaries, text, start).then_some(id)
            }
            Check::Sequence(unit, word) => {
                let (id, elements) = &self.sequences[unit as usize];
                let Some((Element::Words(first), rest)) = elements.split_first() else {
                    return Checked::No;
                };
                let (word, boundaries) = &first[word as usize];
                let matches = word_set::matches_at(word, *boundaries, text, start)
                    && sequence::matches_at(rest, text, start + word.len());
                matches.then_some(*id)
            }
            Check::Regex(unit) => return Checked::Regex(unit),
        };
        matched.map_or(Checked::No, Checked::Matches)
    }

    /// What the occurrences of a literal call for.
    fn checks_of(&self, literal: usize) -> &[Check] {
        let start = self.check_starts[literal] as usize;
        &self.checks[start..self.check_starts[literal + 1] as usize]
    }

    /// The compiled pattern. It cannot fail here: a user pack's patterns are compiled
    /// with the same builder when the pack is loaded, and the built-in ones by the tests.
    fn regex(&self, unit: usize) -> Option<&Regex> {
        self.regexes[unit]
            .get_or_init(|| {
                let (pattern, source) = &self.regex_branches[unit];
                let anywhere = self
                    .always
                    .contains(&u32::try_from(unit).unwrap_or(u32::MAX));
                build_anchorable(&self.places[*pattern as usize], source, anywhere).ok()
            })
            .as_ref()
    }
}

/// Checks a pattern against its regex: it compiles, and where it was planned as words,
/// the bank finds it in exactly the texts its regex matches (each string of a branch,
/// alone and between other characters).
#[cfg(test)]
pub(super) fn agrees_with_regex(pattern: &str, ai: &str) -> Result<(), String> {
    const AROUND: [&str; 6] = ["", "x", " ", "'", "9", "_"];
    let source = anchored(pattern, ai);
    let regex = build_anchorable("", &source, true).map_err(|e| e.to_string())?;
    let bank =
        PatternBank::new(&[(String::new(), pattern.to_owned())], ai).map_err(|e| e.to_string())?;
    let mut scratch = BankScratch::default();
    for branch in plan(&source)? {
        let samples = match &branch {
            Branch::Words(words) => [0, words.len() / 2, words.len() - 1]
                .iter()
                .map(|i| String::from_utf8_lossy(&words[*i].0).into_owned())
                .collect(),
            Branch::Sequence(elements) => sequence_samples(elements),
            Branch::Regex(..) => continue,
        };
        for sample in samples {
            for before in AROUND {
                for after in AROUND.iter().chain(&["s", "."]) {
                    let text = format!("{before}{sample}{after}");
                    let mut found = false;
                    bank.for_each_match(&text, &mut scratch, |_| found = true);
                    if found != regex.is_match(text.as_bytes()) {
                        return Err(format!("`{source}` on {text:?}: the bank says {found}"));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Texts a sequence matches, and some it nearly matches: the first, middle and last words
/// of each word set, runs of their least length and one more, and each text cut short.
#[cfg(test)]
fn sequence_samples(elements: &[Element]) -> Vec<String> {
    let mut samples = Vec::new();
    for pick in 0..3 {
        for extra in 0..2 {
            let mut text = String::new();
            for element in elements {
                match element {
                    Element::Words(words) => {
                        let i = [0, words.len() / 2, words.len() - 1][pick];
                        text.push_str(&String::from_utf8_lossy(&words[i].0));
                    }
                    Element::Run { set, min, max } => {
                        let Some(byte) = (b' '..=b'~').find(|b| sequence::in_set(set, *b)) else {
                            return samples;
                        };
                        let len = (*min + extra).min(*max).min(70);
                        text.extend(std::iter::repeat_n(char::from(byte), len as usize));
                    }
                }
            }
            let cut = text.len().saturating_sub(2);
            if text.is_char_boundary(cut) {
                samples.push(text[..cut].to_owned());
            }
            samples.push(text);
        }
    }
    samples
}
