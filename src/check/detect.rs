//! Whether a document covers each clause: topic cues that co-occur with a rule
//! (covered), topic without a rule (vague), or nothing (missing).

use crate::model::document::Document;
use crate::model::lang::Lang;
use crate::policy::detector::{ClauseDetector, Detector};
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
    text: String,
    line: usize,
    normative: bool,
}

struct AnalysedBlock {
    sentences: Vec<Sentence>,
}

struct AnalysedSection {
    heading: Option<(String, usize, bool)>,
    blocks: Vec<AnalysedBlock>,
}

/// A document folded and split into sentences once, ready to test every clause.
pub struct Analysed<'d> {
    document: &'d Document,
    sections: Vec<AnalysedSection>,
    langs: Vec<Lang>,
}

/// The language of a text from its frequent short words: `fr`, `en` or `mixed`.
pub fn detect_lang(document: &Document, lexicon: &Lexicon) -> &'static str {
    let mut counts = [0usize; 2];
    for block in document
        .sections
        .iter()
        .flat_map(|s| s.heading.iter().chain(&s.blocks))
    {
        let folded = fold(&block.text);
        for word in folded.text.split(|c: char| !c.is_alphanumeric()) {
            if lexicon.is_stopword(word, Lang::En) {
                counts[0] += 1;
            }
            if lexicon.is_stopword(word, Lang::Fr) {
                counts[1] += 1;
            }
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

impl<'d> Analysed<'d> {
    pub fn new(document: &'d Document, lexicon: &Lexicon, langs: Vec<Lang>) -> Self {
        let normative = |sentence: &str| {
            langs
                .iter()
                .any(|l| lexicon.is_normative_sentence(sentence, *l))
        };
        let sections = document
            .sections
            .iter()
            .map(|section| AnalysedSection {
                heading: section.heading.as_ref().map(|h| {
                    let folded = fold(&h.text).text;
                    let is_rule = normative(&folded);
                    (folded, h.line, is_rule)
                }),
                blocks: section
                    .blocks
                    .iter()
                    .map(|block| {
                        let folded = fold(&block.text);
                        AnalysedBlock {
                            sentences: sentences(&folded.text)
                                .into_iter()
                                .map(|range| {
                                    let text = folded.text[range.clone()].to_owned();
                                    Sentence {
                                        line: block.line_of(folded.original(range.start)),
                                        normative: normative(&text),
                                        text,
                                    }
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect();
        Self {
            document,
            sections,
            langs,
        }
    }

    /// The verdict of every clause of the detector, in its order.
    pub fn verdicts(&self, detector: &Detector) -> Vec<(String, Verdict)> {
        detector
            .clauses
            .iter()
            .map(|clause| (clause.id.clone(), self.verdict(clause)))
            .collect()
    }

    /// The verdict for one clause.
    pub fn verdict(&self, clause: &ClauseDetector) -> Verdict {
        let mut covered: Option<usize> = None;
        let mut vague: Option<usize> = None;
        let mut note = |is_rule: bool, line: usize| {
            let slot = if is_rule { &mut covered } else { &mut vague };
            *slot = Some(slot.map_or(line, |l: usize| l.min(line)));
        };
        for lang in &self.langs {
            let patterns = clause.langs.get(*lang);
            for (i, section) in self.sections.iter().enumerate() {
                if let Some((heading, line, heading_is_rule)) = &section.heading {
                    if patterns.heading_matches(heading) {
                        let end = self.document.subtree_end(i);
                        let any_rule = *heading_is_rule
                            || self.sections[i..end]
                                .iter()
                                .flat_map(|s| &s.blocks)
                                .flat_map(|b| &b.sentences)
                                .any(|s| s.normative);
                        note(any_rule, *line);
                    }
                }
                for block in &section.blocks {
                    let mut cues = 0u64;
                    let mut cue_line = None;
                    let mut rule_with_cue = false;
                    for sentence in &block.sentences {
                        let found = patterns.sentence(&sentence.text);
                        if found.strong {
                            note(sentence.normative, sentence.line);
                        }
                        if found.cues != 0 {
                            cues |= found.cues;
                            cue_line.get_or_insert(sentence.line);
                            rule_with_cue |= sentence.normative;
                        }
                    }
                    if cues.count_ones() >= clause.min_cues {
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

    /// Whether any cue, strong cue or heading of the clause appears at all (topic present).
    pub fn mentions(&self, clause: &ClauseDetector) -> bool {
        self.langs.iter().any(|lang| {
            let patterns = clause.langs.get(*lang);
            self.sections.iter().any(|section| {
                section
                    .heading
                    .as_ref()
                    .is_some_and(|(h, _, _)| patterns.heading_matches(h))
                    || section.blocks.iter().flat_map(|b| &b.sentences).any(|s| {
                        let found = patterns.sentence(&s.text);
                        found.strong || found.cues != 0
                    })
            })
        })
    }
}
