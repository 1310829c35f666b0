//! A bank of patterns matched through a literal prefilter: an Aho-Corasick automaton
//! over the literal prefixes of every pattern tells which patterns can match a text
//! and where their matches can start; only those run, anchored at those places, each
//! compiled on first use. Start-up stays small and a text
//! that mentions nothing of a clause costs one linear scan.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::lexicon::{anchored, build_anchorable, PatternError};

/// Patterns whose prefixes cannot be listed in this many literals run on every text.
const MAX_PREFIXES: usize = 64;

/// Prefix literals are cut to this many bytes: fewer, shorter literals build faster
/// and still leave few candidates.
const PREFIX_LEN: usize = 5;

/// Compiled-on-demand patterns with their prefilter.
#[derive(Debug)]
pub(super) struct PatternBank {
    sources: Vec<String>,
    places: Vec<String>,
    regexes: Vec<OnceLock<Option<Regex>>>,
    prefilter: Option<AhoCorasick>,
    /// For each literal of the prefilter, the patterns it stands for.
    literal_patterns: Vec<Vec<u32>>,
    /// Patterns without a usable literal prefix.
    always: Vec<u32>,
}

/// A byte that `\b` counts as part of a word in ASCII mode.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

impl PatternBank {
    /// Checks the syntax of every `(place, pattern)` and builds the prefilter.
    pub(super) fn new(entries: &[(String, String)], ai: &str) -> Result<Self, PatternError> {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
        let mut literal_patterns: Vec<Vec<u32>> = Vec::new();
        let mut always = Vec::new();
        let mut sources = Vec::with_capacity(entries.len());
        let mut extractor = Extractor::new();
        extractor
            .kind(ExtractKind::Prefix)
            .limit_class(8)
            .limit_repeat(2)
            .limit_literal_len(PREFIX_LEN)
            .limit_total(MAX_PREFIXES);
        for (id, (place, pattern)) in entries.iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            let source = anchored(pattern, ai);
            let hir = regex_syntax::ParserBuilder::new()
                .unicode(false)
                .utf8(false)
                .build()
                .parse(&source)
                .map_err(|e| PatternError {
                    place: place.clone(),
                    pattern: pattern.clone(),
                    reason: e.to_string(),
                })?;
            let seq = extractor.extract(&hir);
            match seq.literals() {
                Some(prefixes)
                    if !prefixes.is_empty()
                        && prefixes.iter().all(|l| !l.as_bytes().is_empty()) =>
                {
                    for literal in prefixes {
                        let bytes = literal.as_bytes().to_vec();
                        let slot = *index.entry(bytes.clone()).or_insert_with(|| {
                            literals.push(bytes);
                            literal_patterns.push(Vec::new());
                            literals.len() - 1
                        });
                        if literal_patterns[slot].last() != Some(&id) {
                            literal_patterns[slot].push(id);
                        }
                    }
                }
                _ => always.push(id),
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
            literal_patterns,
            always,
        })
    }

    /// Calls `found` with the index of each pattern that matches `text`, in increasing
    /// order; `candidates` is a buffer reused between calls. A pattern with a prefix
    /// literal is tried only where one of its literals starts (every match starts with
    /// one), anchored there; the others search the whole text.
    pub(super) fn for_each_match(
        &self,
        text: &str,
        candidates: &mut Vec<(u32, u32)>,
        mut found: impl FnMut(usize),
    ) {
        const ANYWHERE: u32 = u32::MAX;
        let bytes = text.as_bytes();
        candidates.clear();
        candidates.extend(self.always.iter().map(|&id| (id, ANYWHERE)));
        if let Some(prefilter) = &self.prefilter {
            for m in prefilter.find_overlapping_iter(bytes) {
                // Every pattern starts at a word start, and so does its prefix literal
                // when that begins with a word character.
                let starts_word = bytes[m.start()].is_ascii_alphanumeric();
                let after_word = m.start() > 0 && is_word_byte(bytes[m.start() - 1]);
                if starts_word && after_word {
                    continue;
                }
                let at = u32::try_from(m.start()).unwrap_or(ANYWHERE);
                candidates.extend(
                    self.literal_patterns[m.pattern().as_usize()]
                        .iter()
                        .map(|&id| (id, at)),
                );
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
                found(id as usize);
            }
        }
    }

    /// The compiled pattern. It cannot fail here: a user pack's patterns are compiled
    /// with the same builder when the pack is loaded, and the built-in ones by the tests.
    fn regex(&self, id: usize) -> Option<&Regex> {
        self.regexes[id]
            .get_or_init(|| build_anchorable(&self.places[id], &self.sources[id]).ok())
            .as_ref()
    }

    /// Compiles every pattern now (the test suite checks that all of them compile).
    pub(super) fn compile_all(&self) -> Result<(), PatternError> {
        for (id, source) in self.sources.iter().enumerate() {
            build_anchorable(&self.places[id], source)?;
        }
        Ok(())
    }
}
