//! Whether a document covers each clause: topic cues that co-occur with a rule
//! (covered), topic without a rule (vague), or nothing (missing).

use crate::model::document::Document;
use crate::model::lang::Lang;
use crate::policy::detector::{Detector, SentenceMatch};
use crate::policy::lexicon::Lexicon;
use crate::text::fold::fold;
use crate::text::sentences::sentences;

/// The detection verdict for one clause, with the line of its best evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Covered(usize),
    Vague(usize),
    Missing,
}

struct Sentence {
    line: usize,
    normative: bool,
    /// Per language analysed, per clause.
    matches: Vec<Vec<SentenceMatch>>,
}

struct Heading {
    line: usize,
    normative: bool,
    /// Per language analysed, per clause.
    names: Vec<Vec<bool>>,
}

struct AnalysedSection {
    heading: Option<Heading>,
    /// Sentences of each block.
    blocks: Vec<Vec<Sentence>>,
}

/// A document folded, split into sentences and matched against every clause once.
pub struct Analysed<'a> {
    document: &'a Document,
    detector: &'a Detector,
    sections: Vec<AnalysedSection>,
    langs: usize,
}

/// The language of a document from its frequent short words: `fr`, `en` or `mixed`.
pub fn detect_lang(document: &Document, lexicon: &Lexicon) -> &'static str {
    let mut counts = [0usize; 2];
    for block in document
        .sections
        .iter()
        .flat_map(|s| s.heading.iter().chain(&s.blocks))
    {
        let folded = fold(&block.text);
        for word in folded.text.split(|c: char| !c.is_alphanumeric()) {
            counts[0] += usize::from(lexicon.is_stopword(word, Lang::En));
            counts[1] += usize::from(lexicon.is_stopword(word, Lang::Fr));
        }
    }
    match counts {
        [en, fr] if fr > 2 * en => "fr",
        [en, fr] if en > 2 * fr || fr == 0 => "en",
        _ => "mixed",
    }
}

/// The languages whose patterns apply to a document of language `code`.
pub fn langs_of(code: &str) -> Vec<Lang> {
    match code {
        "fr" => vec![Lang::Fr],
        "en" => vec![Lang::En],
        _ => vec![Lang::Fr, Lang::En],
    }
}

impl<'a> Analysed<'a> {
    pub fn new(
        document: &'a Document,
        lexicon: &Lexicon,
        detector: &'a Detector,
        langs: &[Lang],
    ) -> Self {
        let normative = |text: &str| {
            langs
                .iter()
                .any(|l| lexicon.is_normative_sentence(text, *l))
        };
        let sections = document
            .sections
            .iter()
            .map(|section| AnalysedSection {
                heading: section.heading.as_ref().map(|h| {
                    let folded = fold(&h.text).text;
                    Heading {
                        line: h.line,
                        normative: normative(&folded),
                        names: langs
                            .iter()
                            .map(|l| detector.heading(*l, &folded))
                            .collect(),
                    }
                }),
                blocks: section
                    .blocks
                    .iter()
                    .map(|block| {
                        let folded = fold(&block.text);
                        sentences(&folded.text)
                            .into_iter()
                            .map(|range| {
                                let text = &folded.text[range.clone()];
                                Sentence {
                                    line: block.line_of(folded.original(range.start)),
                                    normative: normative(text),
                                    matches: langs
                                        .iter()
                                        .map(|l| detector.sentence(*l, text))
                                        .collect(),
                                }
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        Self {
            document,
            detector,
            sections,
            langs: langs.len(),
        }
    }

    /// The verdict for the clause at `clause` (its index in the detector).
    pub fn verdict(&self, clause: usize) -> Verdict {
        let min_cues = self.detector.clauses[clause].min_cues;
        let mut covered: Option<usize> = None;
        let mut vague: Option<usize> = None;
        let mut note = |is_rule: bool, line: usize| {
            let slot = if is_rule { &mut covered } else { &mut vague };
            *slot = Some(slot.map_or(line, |l: usize| l.min(line)));
        };
        for lang in 0..self.langs {
            for (i, section) in self.sections.iter().enumerate() {
                if let Some(heading) = &section.heading {
                    if heading.names[lang][clause] {
                        let end = self.document.subtree_end(i);
                        let any_rule = heading.normative
                            || self.sections[i..end]
                                .iter()
                                .flat_map(|s| s.blocks.iter().flatten())
                                .any(|s| s.normative);
                        note(any_rule, heading.line);
                    }
                }
                for block in &section.blocks {
                    let mut cues = 0u64;
                    let mut cue_line = None;
                    let mut rule_with_cue = false;
                    for sentence in block {
                        let found = sentence.matches[lang][clause];
                        if found.strong {
                            note(sentence.normative, sentence.line);
                        }
                        if found.cues != 0 {
                            cues |= found.cues;
                            cue_line.get_or_insert(sentence.line);
                            rule_with_cue |= sentence.normative;
                        }
                    }
                    if cues.count_ones() >= min_cues {
                        note(rule_with_cue, cue_line.unwrap_or(1));
                    }
                }
            }
        }
        match (covered, vague) {
            (Some(line), _) => Verdict::Covered(line),
            (None, Some(line)) => Verdict::Vague(line),
            (None, None) => Verdict::Missing,
        }
    }

    /// Whether any heading, strong cue or cue of the clause appears at all.
    pub fn mentions(&self, clause: usize) -> bool {
        self.sections.iter().any(|section| {
            section
                .heading
                .as_ref()
                .is_some_and(|h| h.names.iter().any(|n| n[clause]))
                || section
                    .blocks
                    .iter()
                    .flatten()
                    .any(|s| s.matches.iter().any(|m| m[clause].mentions()))
        })
    }
}
