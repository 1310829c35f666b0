//! The shared lexicon compiled once: normative markers, imperatives, AI words, placeholders.

use rayon::prelude::*;
use regex::bytes::Regex;

use super::plan::{ai_alternation, anchored, expand};
use super::prefilter::{BankScratch, PatternBank};
use crate::model::lang::{Lang, Localized};
use crate::model::policy::LexiconSpec;
use crate::text::fnv::FnvHashMap;
use crate::text::sentences::sentences;

/// A pattern that does not compile, with the file and list it came from.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{place}: invalid pattern `{pattern}`: {reason}")]
pub struct PatternError {
    pub place: String,
    pub pattern: String,
    pub reason: String,
}

/// Largest compiled size of one pattern set, so that a user pattern cannot exhaust memory.
const SIZE_LIMIT: usize = 8 << 20;

/// Compiles folded patterns, each anchored at a word start, into one regex alternation.
fn compile_alternation(
    place: &str,
    patterns: &[String],
    ai: &str,
) -> Result<Option<Regex>, PatternError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let parts: Vec<String> = patterns
        .iter()
        .map(|p| format!("(?:{})", expand(p, ai)))
        .collect();
    build_bytes(place, &format!("\\b(?:{})", parts.join("|")))
        .map(Some)
        .map_err(|error| first_bad_pattern(place, patterns, ai).unwrap_or(error))
}

/// The first pattern that does not compile on its own, to name it in the error.
fn first_bad_pattern(place: &str, patterns: &[String], ai: &str) -> Option<PatternError> {
    patterns.iter().find_map(|p| {
        build_bytes(place, &anchored(p, ai)).err().map(|mut error| {
            error.pattern.clone_from(p);
            error
        })
    })
}

/// Compiles a pattern for folded text: bytes, ASCII classes, bounded size.
fn build_bytes(place: &str, pattern: &str) -> Result<Regex, PatternError> {
    regex::bytes::RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| PatternError {
            place: place.to_owned(),
            pattern: pattern.to_owned(),
            reason: e.to_string(),
        })
}

/// Compiles a pattern for folded text as the engine behind `regex`, for searches that
/// only ask whether it matches: anchored at a given place (verification of a prefilter
/// hit) or, with `anywhere`, through a text.
pub fn build_anchorable(
    place: &str,
    pattern: &str,
    anywhere: bool,
) -> Result<regex_automata::meta::Regex, PatternError> {
    regex_automata::meta::Builder::new()
        .syntax(
            regex_automata::util::syntax::Config::new()
                .unicode(false)
                .utf8(false),
        )
        // Only `is_match` is asked: no captures, and the lazy DFA alone (the one-pass DFA
        // and the backtracker help with captures and cost time to build); a prefilter of
        // its own only for a pattern searched `anywhere` in a text, not anchored at a hit.
        .configure(
            regex_automata::meta::Regex::config()
                .nfa_size_limit(Some(SIZE_LIMIT))
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
                .onepass(false)
                .backtrack(false)
                .auto_prefilter(anywhere),
        )
        .build(pattern)
        .map_err(|e| PatternError {
            place: place.to_owned(),
            pattern: pattern.to_owned(),
            // The builder's own words name no cause; its parts do.
            reason: match (e.syntax_error(), e.size_limit()) {
                (Some(syntax), _) => syntax.to_string(),
                (None, Some(limit)) => {
                    format!("compiled pattern exceeds size limit of {limit} bytes")
                }
                (None, None) => {
                    std::error::Error::source(&e).map_or_else(|| e.to_string(), ToString::to_string)
                }
            },
        })
}

/// Each frequent short word of the lexicon with the bits of its languages: bit `i` for
/// the `i`-th language read, then one bit per language recognised but not read (64 in all
/// at most: the others are not counted).
fn word_languages(spec: &LexiconSpec, read: &[Lang]) -> WordLanguages {
    let mut map = WordLanguages::default();
    let words = read
        .iter()
        .map(|lang| spec.stopwords.exactly(*lang).map_or(&[][..], Vec::as_slice))
        .chain(spec.unsupported.values().map(Vec::as_slice));
    for (words, bit) in words.zip((0..64).map(|bit| 1u64 << bit)) {
        for word in words {
            *map.entry(word.clone()).or_default() |= bit;
        }
    }
    map
}

/// The languages of each frequent short word, as bits.
type WordLanguages = FnvHashMap<String, u64>;

/// The lexicon of one language, compiled.
#[derive(Debug)]
pub struct LangLexicon {
    /// The normative markers, then the AI vocabulary (to tell whether AI is in a
    /// rule's scope), in one bank so that a sentence is scanned once for both.
    markers: PatternBank,
    /// How many of `markers` are normative markers.
    normative_markers: usize,
    /// Imperatives and conditions, matched at the start of a text only.
    imperative: PatternBank,
    condition: PatternBank,
    /// The AI vocabulary as one alternation, for `{ai}` in clause patterns.
    pub ai: String,
}

impl LangLexicon {
    /// Whether each bank was gathered when the binary was built.
    #[cfg(test)]
    pub(super) fn banks_are_prepared(&self) -> bool {
        [&self.markers, &self.imperative, &self.condition]
            .iter()
            .all(|bank| bank.is_prepared())
    }
}

/// What one scan of a sentence's markers says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading {
    /// It states a rule (see `Lexicon::is_normative_sentence`).
    pub rule: bool,
    /// It names AI.
    pub names_ai: bool,
}

/// The lexicon of every language read, compiled.
#[derive(Debug)]
pub struct Lexicon {
    /// The languages read, in `policies/languages.yaml` order.
    read: Vec<Lang>,
    /// The lexicon of each language of `read`, in the same order.
    langs: Vec<LangLexicon>,
    /// Codes of the languages recognised but not read.
    unsupported: Vec<String>,
    /// Appended to a sentence whose AI subject is in its heading, lead-in or paragraph:
    /// ` .` and the word for AI of each language read.
    ai_in_scope: String,
    /// For each frequent short word, the languages it belongs to (bit `i` for `read[i]`,
    /// then bit `read.len() + j` for `unsupported[j]`).
    word_languages: WordLanguages,
    /// The length of the longest frequent short word: a longer word is none.
    longest_frequent_word: usize,
    placeholder_words: Option<Regex>,
    placeholder_brackets: regex::Regex,
}

impl Lexicon {
    pub fn compile(spec: &LexiconSpec) -> Result<Self, PatternError> {
        let words = |list: &Localized<Vec<String>>, lang: Lang| -> Vec<String> {
            list.exactly(lang).cloned().unwrap_or_default()
        };
        let lang = |lang: Lang| -> Result<LangLexicon, PatternError> {
            let ai = ai_alternation(&words(&spec.ai, lang));
            let entries =
                |list: &str, patterns: &Localized<Vec<String>>| -> Vec<(String, String)> {
                    let place = format!("lexicon.yaml {list}");
                    words(patterns, lang)
                        .into_iter()
                        .map(|pattern| (place.clone(), pattern))
                        .collect()
                };
            let normative = entries("normative", &spec.normative);
            let normative_markers = normative.len();
            // AI words hold no `{ai}`: planned with the language's alternation or without,
            // they are the same patterns.
            let markers = [normative, entries("ai", &spec.ai)].concat();
            Ok(LangLexicon {
                markers: PatternBank::new(&markers, &ai)?,
                normative_markers,
                imperative: PatternBank::new(&entries("imperative", &spec.imperative), &ai)?,
                condition: PatternBank::new(&entries("condition", &spec.condition), &ai)?,
                ai,
            })
        };
        let brackets =
            regex::Regex::new(&spec.placeholders.brackets).map_err(|e| PatternError {
                place: "lexicon.yaml placeholders.brackets".to_owned(),
                pattern: spec.placeholders.brackets.clone(),
                reason: e.to_string(),
            })?;
        // A language is read when the lexicon gives its frequent words (English always:
        // `Localized` holds it).
        let read: Vec<Lang> = Lang::all()
            .into_iter()
            .filter(|lang| spec.stopwords.exactly(*lang).is_some())
            .collect();
        let ai_in_scope = read.iter().fold(" .".to_owned(), |text, lang| {
            text + " " + spec.ai_subject.get(*lang)
        });
        let frequent = word_languages(spec, &read);
        Ok(Self {
            ai_in_scope,
            langs: read
                .par_iter()
                .map(|l| lang(*l))
                .collect::<Result<_, _>>()?,
            longest_frequent_word: frequent.keys().map(String::len).max().unwrap_or(0),
            word_languages: frequent,
            read,
            placeholder_words: compile_alternation(
                "lexicon.yaml placeholders.words",
                &spec.placeholders.words,
                "",
            )?,
            placeholder_brackets: brackets,
            unsupported: spec.unsupported.keys().cloned().collect(),
        })
    }

    /// The languages a folded word is a frequent short word of, as bits: `1 << i` for
    /// the `i`-th language of `read()`, then `1 << (read().len() + j)` for the `j`-th code
    /// of `unsupported()`.
    pub fn word_languages(&self, word: &str) -> u64 {
        if word.len() > self.longest_frequent_word {
            return 0;
        }
        self.word_languages.get(word).copied().unwrap_or(0)
    }

    /// The codes of the languages recognised but not read.
    pub fn unsupported(&self) -> &[String] {
        &self.unsupported
    }

    /// What is appended to a sentence whose AI subject is said before it, so that clause
    /// patterns asking for `{ai}` see it.
    pub fn ai_in_scope(&self) -> &str {
        &self.ai_in_scope
    }

    /// The languages read, in `policies/languages.yaml` order.
    pub fn read(&self) -> &[Lang] {
        &self.read
    }

    /// The lexicon of a language read (of the first one, English, for any other).
    pub fn lang(&self, lang: Lang) -> &LangLexicon {
        let at = self.read.iter().position(|l| *l == lang).unwrap_or(0);
        &self.langs[at]
    }

    /// Whether a folded sentence states a rule in `lang`: a normative marker anywhere, or
    /// an imperative that opens it or its main clause after a leading condition ("If you
    /// use one, say so", « Si vous l’utilisez, mentionnez-le »).
    pub fn is_normative_sentence(&self, sentence: &str, lang: Lang) -> bool {
        self.read_sentence(sentence, lang, &mut BankScratch::default())
            .rule
    }

    /// Whether a folded sentence states a rule and whether it names AI, in `lang`, from
    /// one scan of its markers; `scratch` is reused from one sentence to the next.
    pub(crate) fn read_sentence(
        &self,
        sentence: &str,
        lang: Lang,
        scratch: &mut BankScratch,
    ) -> Reading {
        let lexicon = self.lang(lang);
        let mut reading = Reading::default();
        lexicon.markers.for_each_match(sentence, scratch, |marker| {
            if marker < lexicon.normative_markers {
                reading.rule = true;
            } else {
                reading.names_ai = true;
            }
        });
        let opens = |text: &str| lexicon.imperative.matches_at_start(text);
        let main_clause = || {
            let conditional = lexicon.condition.matches_at_start(sentence);
            conditional
                && sentence
                    .split_once(", ")
                    .is_some_and(|(_, main)| opens(main))
        };
        reading.rule = reading.rule || opens(sentence) || main_clause();
        reading
    }

    /// Whether any sentence of a folded text states a rule, in any language read.
    pub fn is_normative_text(&self, folded: &str) -> bool {
        sentences(folded).any(|range| {
            let sentence = &folded[range];
            self.read
                .iter()
                .any(|lang| self.is_normative_sentence(sentence, *lang))
        })
    }

    /// The first placeholder in a text: a marker word (in folded text) as a folded byte
    /// range, or a `[Bracketed]` placeholder (in the original text) that is not a link.
    pub fn placeholder_word(&self, folded: &str) -> Option<std::ops::Range<usize>> {
        self.placeholder_words
            .as_ref()?
            .find(folded.as_bytes())
            .map(|m| m.range())
    }

    /// The first `[Bracketed]` placeholder of an original text that is not a Markdown link or checkbox.
    pub fn placeholder_bracket(&self, text: &str) -> Option<std::ops::Range<usize>> {
        self.placeholder_brackets
            .find_iter(text)
            .find(|m| {
                let after = &text[m.end()..];
                !after.starts_with('(') && !after.starts_with('[') && !after.starts_with(':')
            })
            .map(|m| m.range())
    }
}
