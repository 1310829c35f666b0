//! A bank of patterns matched in one pass: an Aho-Corasick automaton over the literal
//! prefixes of every pattern tells which patterns can match a text and where. A pattern
//! that is a finite set of words (almost all of them) is then checked by comparing its
//! strings there; only the others run as regexes, anchored at those places, each compiled
//! on first use. A text that mentions nothing of a clause costs one linear scan.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Hir;

use super::lexicon::{anchored, build_anchorable, PatternError};
use super::word_set::{self, is_word_byte, WordString};

/// Patterns whose prefixes cannot be listed in this many literals run on every text.
const MAX_PREFIXES: usize = 64;

/// Prefix literals are cut to this many bytes: fewer, shorter literals build faster
/// and still leave few candidates.
const PREFIX_LEN: usize = 5;

/// What an occurrence of a prefix literal calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Compare string `1` of `strings` there; on success, pattern `0` matches.
    String(u32, u32),
    /// Run the regex of pattern `0` anchored there.
    Regex(u32),
}

/// How one pattern is matched, worked out from its syntax.
#[derive(Debug)]
enum Plan {
    /// A finite set of words, compared where their prefixes occur.
    Words(Vec<WordString>),
    /// A regex, tried where one of these prefixes occurs (anywhere when there are none).
    Regex(Vec<Vec<u8>>),
}

impl Plan {
    /// Plans a pattern (already folded and anchored) from its syntax tree.
    fn of(hir: &Hir) -> Self {
        if let Some(strings) = word_set::expand(hir) {
            return Plan::Words(strings);
        }
        let mut extractor = Extractor::new();
        extractor
            .kind(ExtractKind::Prefix)
            .limit_class(8)
            .limit_repeat(2)
            .limit_literal_len(PREFIX_LEN)
            .limit_total(MAX_PREFIXES);
        let prefixes = match extractor.extract(hir).literals() {
            Some(prefixes)
                if !prefixes.is_empty() && prefixes.iter().all(|l| !l.as_bytes().is_empty()) =>
            {
                prefixes.iter().map(|l| l.as_bytes().to_vec()).collect()
            }
            _ => Vec::new(),
        };
        Plan::Regex(prefixes)
    }

    /// Parses `source`, the folded and anchored form of `pattern` from `place`, and plans it.
    fn parse(place: &str, pattern: &str, source: &str) -> Result<Self, PatternError> {
        regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(source)
            .map(|hir| Plan::of(&hir))
            .map_err(|e| PatternError {
                place: place.to_owned(),
                pattern: pattern.to_owned(),
                reason: e.to_string(),
            })
    }
}

/// Matched patterns found in one text, reused from one text to the next.
#[derive(Debug, Default)]
pub(super) struct BankScratch {
    matched: Vec<u32>,
    /// Regex patterns to try: `(pattern, start)`, the start `ANYWHERE` for a search.
    candidates: Vec<(u32, u32)>,
}

/// A start that stands for a search of the whole text.
const ANYWHERE: u32 = u32::MAX;

/// Patterns with their prefilter; the regex ones compiled on demand.
#[derive(Debug)]
pub(super) struct PatternBank {
    sources: Vec<String>,
    places: Vec<String>,
    regexes: Vec<OnceLock<Option<Regex>>>,
    prefilter: Option<AhoCorasick>,
    /// For each literal of the prefilter, what its occurrences call for.
    checks: Vec<Vec<Check>>,
    /// The strings of every word-set pattern.
    strings: Vec<WordString>,
    /// Regex patterns without a usable literal prefix.
    always: Vec<u32>,
}

impl PatternBank {
    /// Checks the syntax of every `(place, pattern)`, plans it and builds the prefilter.
    pub(super) fn new(entries: &[(String, String)], ai: &str) -> Result<Self, PatternError> {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut slots: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut checks: Vec<Vec<Check>> = Vec::new();
        let mut strings = Vec::new();
        let mut always = Vec::new();
        let mut sources = Vec::with_capacity(entries.len());
        let mut add = |literal: &[u8], check: Check| {
            let slot = *slots.entry(literal.to_vec()).or_insert_with(|| {
                literals.push(literal.to_vec());
                checks.push(Vec::new());
                literals.len() - 1
            });
            // Two prefixes of one regex pattern may be cut to the same literal.
            if checks[slot].last() != Some(&check) {
                checks[slot].push(check);
            }
        };
        for (id, (place, pattern)) in entries.iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            let source = anchored(pattern, ai);
            match Plan::parse(place, pattern, &source)? {
                Plan::Words(words) => {
                    for word in words {
                        let at = u32::try_from(strings.len()).unwrap_or(u32::MAX);
                        add(
                            &word.bytes[..word.bytes.len().min(PREFIX_LEN)],
                            Check::String(id, at),
                        );
                        strings.push(word);
                    }
                }
                Plan::Regex(prefixes) if prefixes.is_empty() => always.push(id),
                Plan::Regex(prefixes) => {
                    for prefix in prefixes {
                        add(&prefix, Check::Regex(id));
                    }
                }
            }
            sources.push(source);
        }
        let prefilter = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
                    .map_err(|e| PatternError {
                        place: "detection patterns".to_owned(),
                        pattern: String::new(),
                        reason: e.to_string(),
                    })?,
            )
        };
        Ok(Self {
            regexes: sources.iter().map(|_| OnceLock::new()).collect(),
            places: entries.iter().map(|(place, _)| place.clone()).collect(),
            sources,
            prefilter,
            checks,
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
        if let Some(prefilter) = &self.prefilter {
            for m in prefilter.find_overlapping_iter(bytes) {
                // Every pattern starts at a word start, and so does its prefix literal
                // when that begins with a word character.
                let start = m.start();
                let starts_word = bytes[start].is_ascii_alphanumeric();
                let after_word = start > 0 && is_word_byte(bytes[start - 1]);
                if starts_word && after_word {
                    continue;
                }
                let at = u32::try_from(start).unwrap_or(ANYWHERE);
                for check in &self.checks[m.pattern().as_usize()] {
                    match *check {
                        Check::String(id, string) => {
                            if self.strings[string as usize].matches_at(bytes, start) {
                                matched.push(id);
                            }
                        }
                        Check::Regex(id) => candidates.push((id, at)),
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut last = None;
        for &(id, at) in candidates.iter() {
            if last == Some(id) {
                continue;
            }
            let Some(regex) = self.regex(id as usize) else {
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
                last = Some(id);
                matched.push(id);
            }
        }
        matched.sort_unstable();
        matched.dedup();
        for &id in matched.iter() {
            found(id as usize);
        }
    }

    /// The compiled pattern. It cannot fail here: a user pack's patterns are compiled
    /// with the same builder when the pack is loaded, and the built-in ones by the tests.
    fn regex(&self, id: usize) -> Option<&Regex> {
        self.regexes[id]
            .get_or_init(|| build_anchorable(&self.places[id], &self.sources[id]).ok())
            .as_ref()
    }

    /// Checks every pattern against its regex: each compiles, and where a pattern was
    /// planned as words, the bank finds it in exactly the texts its regex matches
    /// (its strings, alone and between other characters).
    #[cfg(test)]
    pub(super) fn agrees_with_regexes(&self) -> Result<(), String> {
        const AROUND: [&str; 6] = ["", "x", " ", "'", "9", "_"];
        let mut scratch = BankScratch::default();
        for (id, source) in self.sources.iter().enumerate() {
            let regex = build_anchorable(&self.places[id], source).map_err(|e| e.to_string())?;
            let Ok(Plan::Words(words)) = Plan::parse("", "", source) else {
                continue;
            };
            let samples = [0, words.len() / 2, words.len() - 1];
            for word in samples.iter().map(|&i| &words[i]) {
                let word = String::from_utf8_lossy(&word.bytes);
                for before in AROUND {
                    for after in AROUND.iter().chain(&["s", "."]) {
                        let text = format!("{before}{word}{after}");
                        let mut found = false;
                        self.for_each_match(&text, &mut scratch, |p| found |= p == id);
                        if found != regex.is_match(text.as_bytes()) {
                            return Err(format!("`{source}` on {text:?}: bank says {found}"));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
