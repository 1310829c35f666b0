//! The shared lexicon compiled once: normative markers, imperatives, AI words, placeholders.

use regex::{Regex, RegexSet};

use crate::model::lang::{Lang, Localized};
use crate::model::policy::LexiconSpec;
use crate::text::fold::fold_pattern;
use crate::text::sentences::sentences;

/// A pattern that does not compile, with the file and list it came from.
#[derive(Debug, thiserror::Error)]
#[error("{place}: invalid pattern `{pattern}`: {reason}")]
pub struct PatternError {
    pub place: String,
    pub pattern: String,
    pub reason: String,
}

/// Largest compiled size of one pattern set, so that a user pattern cannot exhaust memory.
const SIZE_LIMIT: usize = 8 << 20;

/// Compiles folded patterns, each anchored at a word start, into one regex alternation.
pub fn compile_alternation(
    place: &str,
    patterns: &[String],
    ai: &str,
) -> Result<Option<Regex>, PatternError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let parts: Vec<String> = patterns
        .iter()
        .map(|p| compile_one(place, p, ai).map(|_| format!("(?:{})", expand(p, ai))))
        .collect::<Result<_, _>>()?;
    build(place, &format!(r"\b(?:{})", parts.join("|")))
}

/// Compiles each pattern on its own, to tell which of them match (distinct cues).
pub fn compile_set(place: &str, patterns: &[String], ai: &str) -> Result<RegexSet, PatternError> {
    let expanded: Vec<String> = patterns
        .iter()
        .map(|p| compile_one(place, p, ai).map(|_| format!(r"\b(?:{})", expand(p, ai))))
        .collect::<Result<_, _>>()?;
    regex::RegexSetBuilder::new(&expanded)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| PatternError {
            place: place.to_owned(),
            pattern: patterns.join(" | "),
            reason: e.to_string(),
        })
}

fn compile_one(place: &str, pattern: &str, ai: &str) -> Result<Regex, PatternError> {
    build(place, &format!(r"\b(?:{})", expand(pattern, ai))).map(|r| r.expect("non-empty"))
}

fn expand(pattern: &str, ai: &str) -> String {
    fold_pattern(pattern).replace("{ai}", &format!("(?:{ai})"))
}

fn build(place: &str, pattern: &str) -> Result<Option<Regex>, PatternError> {
    regex::RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .build()
        .map(Some)
        .map_err(|e| PatternError {
            place: place.to_owned(),
            pattern: pattern.to_owned(),
            reason: e.to_string(),
        })
}

/// The lexicon of one language, compiled.
#[derive(Debug, Clone)]
pub struct LangLexicon {
    normative: Option<Regex>,
    imperative: Option<Regex>,
    /// The AI vocabulary as one alternation, for `{ai}` in clause patterns.
    pub ai: String,
    stopwords: Vec<String>,
}

/// The lexicon in both languages, compiled.
#[derive(Debug, Clone)]
pub struct Lexicon {
    langs: Localized<LangLexicon>,
    placeholder_words: Option<Regex>,
    placeholder_brackets: Regex,
}

impl Lexicon {
    pub fn compile(spec: &LexiconSpec) -> Result<Self, PatternError> {
        let lang = |lang: Lang| -> Result<LangLexicon, PatternError> {
            let ai = spec
                .ai
                .get(lang)
                .iter()
                .map(|p| format!("(?:{})", fold_pattern(p)))
                .collect::<Vec<_>>()
                .join("|");
            build("lexicon.yaml ai", &ai)?;
            Ok(LangLexicon {
                normative: compile_alternation(
                    "lexicon.yaml normative",
                    spec.normative.get(lang),
                    &ai,
                )?,
                imperative: compile_alternation(
                    "lexicon.yaml imperative",
                    spec.imperative.get(lang),
                    &ai,
                )?,
                ai,
                stopwords: spec.stopwords.get(lang).clone(),
            })
        };
        let brackets = build(
            "lexicon.yaml placeholders.brackets",
            &spec.placeholders.brackets,
        )?
        .expect("non-empty");
        Ok(Self {
            langs: Localized {
                en: lang(Lang::En)?,
                fr: lang(Lang::Fr)?,
            },
            placeholder_words: compile_alternation(
                "lexicon.yaml placeholders.words",
                &spec.placeholders.words,
                "",
            )?,
            placeholder_brackets: brackets,
        })
    }

    /// Whether a folded word is a frequent short word of `lang`.
    pub fn is_stopword(&self, word: &str, lang: Lang) -> bool {
        self.lang(lang).stopwords.iter().any(|w| w == word)
    }

    pub fn lang(&self, lang: Lang) -> &LangLexicon {
        self.langs.get(lang)
    }

    /// Whether a folded sentence states a rule in `lang`.
    pub fn is_normative_sentence(&self, sentence: &str, lang: Lang) -> bool {
        let lexicon = self.lang(lang);
        lexicon
            .normative
            .as_ref()
            .is_some_and(|r| r.is_match(sentence))
            || lexicon
                .imperative
                .as_ref()
                .is_some_and(|r| r.find(sentence).is_some_and(|m| m.start() == 0))
    }

    /// Whether any sentence of a folded text states a rule, in either language.
    pub fn is_normative_text(&self, folded: &str) -> bool {
        sentences(folded).into_iter().any(|range| {
            let sentence = &folded[range];
            self.is_normative_sentence(sentence, Lang::En)
                || self.is_normative_sentence(sentence, Lang::Fr)
        })
    }

    /// The first placeholder in a text: a marker word (in folded text) as a folded byte
    /// range, or a `[Bracketed]` placeholder (in the original text) that is not a link.
    pub fn placeholder_word(&self, folded: &str) -> Option<std::ops::Range<usize>> {
        self.placeholder_words
            .as_ref()?
            .find(folded)
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
