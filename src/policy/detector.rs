//! Clause detection patterns compiled once per run, and the closed set of detection
//! kinds: heading match, strong cue, co-occurring cues (`together`), distinct cues
//! with a minimum count, and excluding cues.

use regex::{Regex, RegexSet};

use super::catalogue::Catalogue;
use super::lexicon::{compile_alternation, compile_set, Lexicon, PatternError};
use crate::model::lang::{Lang, Localized};
use crate::model::policy::Patterns;

/// One clause's patterns in one language.
#[derive(Debug, Clone)]
pub struct LangPatterns {
    headings: Option<Regex>,
    strong: Option<Regex>,
    cues: RegexSet,
    together: Vec<Vec<Regex>>,
    exclude: Option<Regex>,
}

/// What one folded sentence says about a clause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SentenceMatch {
    /// A strong cue or a `together` group matched.
    pub strong: bool,
    /// Bit set of the distinct cues that matched (cue index < 64).
    pub cues: u64,
    /// Folded byte offset of the first match, for the evidence line.
    pub at: Option<usize>,
}

impl LangPatterns {
    fn compile(place: &str, spec: &Patterns, ai: &str) -> Result<Self, PatternError> {
        let together = spec
            .together
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|p| {
                        compile_alternation(place, std::slice::from_ref(p), ai)
                            .map(|r| r.expect("one pattern"))
                    })
                    .collect()
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            headings: compile_alternation(&format!("{place} headings"), &spec.headings, ai)?,
            strong: compile_alternation(&format!("{place} strong"), &spec.strong, ai)?,
            cues: compile_set(
                &format!("{place} cues"),
                &spec.cues[..spec.cues.len().min(64)],
                ai,
            )?,
            together,
            exclude: compile_alternation(&format!("{place} exclude"), &spec.exclude, ai)?,
        })
    }

    /// Whether a folded heading names the clause.
    pub fn heading_matches(&self, heading: &str) -> bool {
        self.headings.as_ref().is_some_and(|r| r.is_match(heading))
    }

    /// The clause's cues in one folded sentence (nothing if an excluding cue matches).
    pub fn sentence(&self, sentence: &str) -> SentenceMatch {
        if self.exclude.as_ref().is_some_and(|r| r.is_match(sentence)) {
            return SentenceMatch::default();
        }
        let mut found = SentenceMatch::default();
        if let Some(m) = self.strong.as_ref().and_then(|r| r.find(sentence)) {
            found.strong = true;
            found.at = Some(m.start());
        }
        if !found.strong {
            for group in &self.together {
                if group.iter().all(|r| r.is_match(sentence)) {
                    found.strong = true;
                    found.at = group
                        .first()
                        .and_then(|r| r.find(sentence))
                        .map(|m| m.start());
                    break;
                }
            }
        }
        for index in self.cues.matches(sentence) {
            found.cues |= 1 << index;
        }
        if found.at.is_none() && found.cues != 0 {
            found.at = Some(0);
        }
        found
    }
}

/// One clause's detection in both languages.
#[derive(Debug, Clone)]
pub struct ClauseDetector {
    pub id: String,
    pub min_cues: u32,
    pub langs: Localized<LangPatterns>,
}

/// Every clause of the catalogue, compiled.
#[derive(Debug, Clone)]
pub struct Detector {
    pub clauses: Vec<ClauseDetector>,
}

impl Detector {
    pub fn compile(catalogue: &Catalogue, lexicon: &Lexicon) -> Result<Self, PatternError> {
        let clauses = catalogue
            .clauses
            .values()
            .map(|spec| {
                let place = |lang: Lang| format!("clauses/{}.yaml detect.{}", spec.id, lang.code());
                Ok(ClauseDetector {
                    id: spec.id.clone(),
                    min_cues: u32::try_from(spec.detect.min_cues.max(1)).unwrap_or(u32::MAX),
                    langs: Localized {
                        en: LangPatterns::compile(
                            &place(Lang::En),
                            &spec.detect.en,
                            &lexicon.lang(Lang::En).ai,
                        )?,
                        fr: LangPatterns::compile(
                            &place(Lang::Fr),
                            &spec.detect.fr,
                            &lexicon.lang(Lang::Fr).ai,
                        )?,
                    },
                })
            })
            .collect::<Result<_, PatternError>>()?;
        Ok(Self { clauses })
    }

    pub fn clause(&self, id: &str) -> Option<&ClauseDetector> {
        self.clauses.iter().find(|c| c.id == id)
    }
}
