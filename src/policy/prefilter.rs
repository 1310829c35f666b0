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

use super::gather::{gather, index, Check, Gathered};
use super::lexicon::{build_anchorable, PatternError};
use super::plan::{anchored, plan};
use super::prepared;
use super::sequence::{self, Element};
use super::trie::{self, Trie};
use super::word_set::{self, is_word_byte};
use crate::text::ascii::alphanumeric_run;

/// What a check found at one place.
enum Checked {
    /// The pattern with this index matches there.
    Matches(u32),
    /// Regex branch `0` is to be run there.
    Regex(u32),
    No,
}

/// The string last compared at a place and whether it matched: checks of one string
/// are adjacent, each string is compared once.
type LastString = Option<(u32, bool)>;

/// Matched patterns found in one text, reused from one text to the next.
#[derive(Debug, Default)]
pub(crate) struct BankScratch {
    matched: Vec<u32>,
    /// Regex branches to try: `(branch, start)`, the start `ANYWHERE` for a search.
    candidates: Vec<(u32, u32)>,
}

/// A start that stands for a search of the whole text.
const ANYWHERE: u32 = u32::MAX;

/// Patterns with their prefilter; the regexes compiled on demand.
#[derive(Debug)]
pub(super) struct PatternBank {
    /// Where each distinct pattern first comes from.
    places: Vec<String>,
    /// The entries of distinct pattern `p`: `entries[entry_starts[p]..entry_starts[p + 1]]`.
    entry_starts: Vec<u32>,
    entries: Vec<u32>,
    /// Each regex branch's regex, once compiled.
    regexes: Vec<OnceLock<Option<Regex>>>,
    prefilter: Trie,
    /// The checks, strings, sequences and regexes, the patterns numbered in byte order.
    gathered: Gathered,
}

impl PatternBank {
    /// Checks the syntax of every `(place, pattern)` and builds the prefilter of the
    /// distinct patterns: a built-in bank was gathered when the binary was built, a bank
    /// with a user pack's patterns is gathered now (its built-in patterns planned then).
    pub(super) fn new(entries: &[(String, String)], ai: &str) -> Result<Self, PatternError> {
        let mut order: Vec<u32> = (0..entries.len()).map(index).collect();
        order.sort_by(|a, b| entries[*a as usize].1.cmp(&entries[*b as usize].1));
        let mut patterns: Vec<&str> = Vec::new();
        let mut places = Vec::new();
        let mut entry_starts = Vec::new();
        for (at, entry) in order.iter().enumerate() {
            let (place, pattern) = &entries[*entry as usize];
            if patterns.last() != Some(&pattern.as_str()) {
                patterns.push(pattern);
                places.push(place.clone());
                entry_starts.push(index(at));
            }
        }
        entry_starts.push(index(order.len()));
        let (gathered, table) = if let Some((gathered, table)) = prepared::bank(ai, &patterns) {
            (gathered, Cow::Borrowed(table))
        } else {
            let (gathered, table) = gather_now(&patterns, &places, ai)?;
            (gathered, Cow::Owned(table))
        };
        Ok(Self {
            regexes: gathered
                .regex_branches
                .iter()
                .map(|_| OnceLock::new())
                .collect(),
            places,
            entry_starts,
            entries: order,
            prefilter: Trie::new(table),
            gathered,
        })
    }

    /// Calls `found` with the index of each entry whose pattern matches `text`, once
    /// each; `scratch` is reused between calls. A pattern is tried only where one of its
    /// literals starts (every match starts with one): its strings compared there, or its
    /// regex run anchored there; a regex without a prefix searches the whole text.
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
        candidates.extend(self.gathered.always.iter().map(|&id| (id, ANYWHERE)));
        let walker = self.prefilter.walker();
        let mut next = 0;
        while let Some(&byte) = bytes.get(next) {
            let start = next;
            next += 1;
            // Every pattern starts at a word start, and so does its prefix literal
            // when that begins with a word character: the inside of words is skipped,
            // the rest of a run of ASCII letters and digits at once.
            if byte.is_ascii_alphanumeric() {
                next += alphanumeric_run(bytes, next);
                if start > 0 && is_word_byte(bytes[start - 1]) {
                    continue;
                }
            }
            if !walker.may_start_with(byte) {
                continue;
            }
            walker.for_each_at(bytes, start, |literal| {
                let mut last = None;
                for check in self.checks_of(literal) {
                    match self.check_at(*check, bytes, start, &mut last) {
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
                matched.push(self.gathered.regex_branches[unit as usize].0);
            }
        }
        matched.sort_unstable();
        matched.dedup();
        for &pattern in matched.iter() {
            let (from, to) = (
                self.entry_starts[pattern as usize],
                self.entry_starts[pattern as usize + 1],
            );
            for &entry in &self.entries[from as usize..to as usize] {
                found(entry as usize);
            }
        }
    }

    /// Whether a pattern matches at the start of `text`.
    pub(super) fn matches_at_start(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut regexes = Vec::new();
        let mut found = false;
        self.prefilter.walker().for_each_at(bytes, 0, |literal| {
            let mut last = None;
            for check in self.checks_of(literal) {
                if found {
                    return;
                }
                match self.check_at(*check, bytes, 0, &mut last) {
                    Checked::Matches(_) => found = true,
                    Checked::Regex(unit) => regexes.push(unit),
                    Checked::No => {}
                }
            }
        });
        if found {
            return true;
        }
        self.gathered.always.iter().chain(&regexes).any(|unit| {
            self.regex(*unit as usize)
                .is_some_and(|regex| regex.is_match(Input::new(bytes).anchored(Anchored::Yes)))
        })
    }

    /// Whether the bank was gathered when the binary was built.
    #[cfg(test)]
    pub(super) fn is_prepared(&self) -> bool {
        self.prefilter.is_prepared()
    }

    /// What a check says at `start` of `text`: a string or sequence compared there, a
    /// regex branch left to run; `last` is the string compared last there.
    fn check_at(&self, check: Check, text: &[u8], start: usize, last: &mut LastString) -> Checked {
        let gathered = &self.gathered;
        let matched = match check {
            Check::String(string, pattern) => {
                let matches = match *last {
                    Some((compared, matches)) if compared == string => matches,
                    _ => {
                        let (word, boundaries) = &gathered.strings[string as usize];
                        let matches = word_set::matches_at(word, *boundaries, text, start);
                        *last = Some((string, matches));
                        matches
                    }
                };
                matches.then_some(pattern)
            }
            Check::Sequence(unit, word) => {
                let (pattern, elements) = &gathered.sequences[unit as usize];
                let Some((Element::Words(first), rest)) = elements.split_first() else {
                    return Checked::No;
                };
                let (word, boundaries) = &first[word as usize];
                let matches = word_set::matches_at(word, *boundaries, text, start)
                    && sequence::matches_at(rest, text, start + word.len());
                matches.then_some(*pattern)
            }
            Check::Regex(unit) => return Checked::Regex(unit),
        };
        matched.map_or(Checked::No, Checked::Matches)
    }

    /// What the occurrences of a literal call for.
    fn checks_of(&self, literal: usize) -> &[Check] {
        let starts = &self.gathered.check_starts;
        &self.gathered.checks[starts[literal] as usize..starts[literal + 1] as usize]
    }

    /// The compiled pattern. It cannot fail here: a user pack's patterns are compiled
    /// with the same builder when the pack is loaded, and the built-in ones by the tests.
    fn regex(&self, unit: usize) -> Option<&Regex> {
        self.regexes[unit]
            .get_or_init(|| {
                let (pattern, source) = &self.gathered.regex_branches[unit];
                let anywhere = self.gathered.always.contains(&index(unit));
                build_anchorable(&self.places[*pattern as usize], source, anywhere).ok()
            })
            .as_ref()
    }
}

/// Gathers a bank that holds a user pack's patterns, and builds its trie: the built-in
/// patterns planned when the binary was built, the others now.
fn gather_now(
    patterns: &[&str],
    places: &[String],
    ai: &str,
) -> Result<(Gathered, Vec<u8>), PatternError> {
    let prepared = prepared::Plans::for_ai(ai);
    let plans = patterns.iter().zip(places).map(|(pattern, place)| {
        match prepared.and_then(|plans| plans.plan_of(pattern)) {
            Some(branches) => Ok(branches),
            None => plan(&anchored(pattern, ai)).map_err(|reason| PatternError {
                place: place.clone(),
                pattern: (*pattern).to_owned(),
                reason,
            }),
        }
    });
    let (literals, gathered) = gather(plans.collect::<Result<_, _>>()?);
    Ok((gathered, trie::build(&literals)))
}

/// Checks a pattern against its regex: it compiles, and where it was planned as words,
/// the bank finds it in exactly the texts its regex matches (each string of a branch,
/// alone and between other characters).
#[cfg(test)]
pub(super) fn agrees_with_regex(pattern: &str, ai: &str) -> Result<(), String> {
    use super::plan::Branch;
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
