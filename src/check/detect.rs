//! Whether a document covers each clause: topic cues that co-occur with a rule
//! (covered), topic without a rule (vague), or nothing (missing).

use super::features::Evidence;
use crate::model::document::Document;
use crate::model::lang::Lang;
use crate::policy::detector::{Detector, Scratch, SentenceMatch};
use crate::policy::lexicon::{Lexicon, Reading};
use crate::policy::model::Model;
use crate::policy::prefilter::BankScratch;
use crate::text::ascii::alphanumeric_run;
use crate::text::fold::{fold, Folded};
use crate::text::sentences::sentences;

/// The detection verdict for one clause, with the line of its best evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Covered(usize),
    Vague(usize),
    Missing,
}

pub(super) struct Sentence {
    pub(super) line: usize,
    /// The sentence itself states a rule (a question never does).
    pub(super) normative: bool,
    /// It sits under a rule it does not repeat: a lead-in such as "You must:" or
    /// « Interdit : », or a heading such as « Ce qui est autorisé ».
    pub(super) led: bool,
    /// AI is in its scope: named in the sentence, its block or its heading.
    pub(super) ai: bool,
    /// The number of its block in the document.
    pub(super) block: usize,
}

pub(super) struct Heading {
    pub(super) line: usize,
    pub(super) normative: bool,
    /// Where its names start in `Analysed::heading_names`.
    at: usize,
}

pub(super) struct AnalysedSection {
    pub(super) heading: Option<Heading>,
    /// Ranges of `Analysed::sentences`, one per block.
    pub(super) blocks: Vec<std::ops::Range<usize>>,
}

/// A document folded, split into sentences and matched against every clause once.
pub struct Analysed<'a> {
    pub(super) document: &'a Document,
    pub(super) detector: &'a Detector,
    pub(super) sections: Vec<AnalysedSection>,
    pub(super) sentences: Vec<Sentence>,
    /// What the sentences say about each clause, only where they say something: for
    /// language index `l` and clause index `c`, `mentions[l * clauses + c]` holds
    /// `(sentence, match)` by sentence. Sparse, so a huge draft stays small.
    mentions: Vec<Vec<(usize, SentenceMatch)>>,
    /// For heading at `a`, language `l`, clause `c`: `heading_names[a + l * clauses + c]`.
    heading_names: Vec<bool>,
    pub(super) langs: usize,
    /// Whether a language other than English is among those read (rules are phrased
    /// differently; fitted on French).
    pub(super) not_english: bool,
    /// The code of the language the document is written in, when charter cannot read it.
    pub unsupported: Option<String>,
    /// The document's headings and blocks, folded.
    pub folding: Folding,
}

/// A document's headings and blocks, folded once.
#[derive(Default)]
pub struct Folding {
    pub(super) headings: Vec<Option<Folded>>,
    pub(super) blocks: Vec<Vec<Folded>>,
}

impl Folding {
    pub fn new(document: &Document) -> Self {
        Self {
            headings: document
                .sections
                .iter()
                .map(|s| s.heading.as_ref().map(|h| fold(&h.text)))
                .collect(),
            blocks: document
                .sections
                .iter()
                .map(|s| s.blocks.iter().map(|b| fold(&b.text)).collect())
                .collect(),
        }
    }

    /// The language of the document from its frequent short words: the code of a
    /// language read when its words are more than twice those of any other, else
    /// `mixed`; and the code of a language it cannot read, where such a language's words
    /// outnumber those of every language read.
    pub fn lang(&self, lexicon: &Lexicon) -> (&'static str, Option<String>) {
        let read = lexicon.read();
        let unsupported = lexicon.unsupported();
        // One bit per language in `word_languages`: 64 of them at most.
        let mut counts = vec![0usize; (read.len() + unsupported.len()).min(64)];
        let mut distinct = vec![0usize; counts.len()];
        // The frequent words seen of languages it cannot read (a few dozen at most).
        let mut seen_unsupported: Vec<&str> = Vec::new();
        let texts = self
            .headings
            .iter()
            .flatten()
            .chain(self.blocks.iter().flatten())
            .map(|f| f.text.as_str());
        for text in texts {
            for word in words(text) {
                let bits = lexicon.word_languages(word);
                if bits == 0 {
                    continue;
                }
                let first_seen = bits >> read.len() != 0 && !seen_unsupported.contains(&word);
                if first_seen {
                    seen_unsupported.push(word);
                }
                let mut languages = bits;
                while languages != 0 {
                    let i = languages.trailing_zeros() as usize;
                    languages &= languages - 1;
                    if let (Some(count), Some(distinct)) = (counts.get_mut(i), distinct.get_mut(i))
                    {
                        *count += 1;
                        *distinct += usize::from(first_seen);
                    }
                }
            }
        }
        let (read_counts, other_counts) = counts.split_at(read.len().min(counts.len()));
        let most_read = read_counts.iter().copied().max().unwrap_or(0);
        let other = other_counts
            .iter()
            .zip(&distinct[read_counts.len()..])
            .zip(unsupported)
            .filter(|((count, distinct), _)| {
                **count >= MIN_UNSUPPORTED_WORDS
                    && **distinct >= MIN_UNSUPPORTED_DISTINCT
                    && **count > most_read
            })
            .max_by_key(|((count, _), _)| **count)
            .map(|(_, code)| code.clone());
        // The first language read with the most words (English when there are none),
        // unless another has more than half as many.
        let top = read_counts
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|(_, count)| **count)
            .map_or(0, |(i, _)| i);
        let clear = read_counts
            .iter()
            .enumerate()
            .all(|(i, count)| i == top || most_read > 2 * count || most_read == 0);
        let lang = if clear { read[top].code() } else { MIXED };
        (lang, other)
    }
}

/// The language code of a document whose words belong to several languages read.
const MIXED: &str = "mixed";

/// How many frequent words of a language it cannot read make a draft unsupported.
const MIN_UNSUPPORTED_WORDS: usize = 10;

/// How many different ones among them: a word repeated (« é », folded to the Portuguese
/// and Italian "e", in a list of formulas) is no language.
const MIN_UNSUPPORTED_DISTINCT: usize = 3;

/// The language of a document: the code of a language read, or `mixed`.
pub fn detect_lang(document: &Document, lexicon: &Lexicon) -> &'static str {
    Folding::new(document).lang(lexicon).0
}

/// The words of a text: its runs of letters and digits (ASCII ones read eight bytes at a time).
fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Whether the character at `at` is a letter or digit, and its length.
    let letter_at = move |at: usize| -> (bool, usize) {
        let byte = bytes[at];
        if byte < 0x80 {
            return (byte.is_ascii_alphanumeric(), 1);
        }
        text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
    };
    std::iter::from_fn(move || {
        // Past what is not a word: ASCII punctuation and spaces a byte at a time.
        loop {
            let byte = *bytes.get(at)?;
            if byte < 0x80 && !byte.is_ascii_alphanumeric() {
                at += 1;
                continue;
            }
            let (letter, len) = letter_at(at);
            if letter {
                break;
            }
            at += len;
        }
        let start = at;
        loop {
            at += alphanumeric_run(bytes, at);
            match bytes.get(at) {
                Some(byte) if *byte >= 0x80 => {}
                _ => break,
            }
            let (letter, len) = letter_at(at);
            if !letter {
                break;
            }
            at += len;
        }
        Some(&text[start..at])
    })
}

/// The languages whose patterns apply to a document of language `code`: that language,
/// or every language read when it is mixed.
pub fn langs_of(code: &str, lexicon: &Lexicon) -> Vec<Lang> {
    match Lang::new(code) {
        Some(lang) => vec![lang],
        None => lexicon.read().to_vec(),
    }
}

impl<'a> Analysed<'a> {
    /// Analyses a document in the given languages.
    pub fn new(
        document: &'a Document,
        lexicon: &Lexicon,
        detector: &'a Detector,
        langs: &[Lang],
    ) -> Self {
        Self::with_folding(document, Folding::new(document), lexicon, detector, langs)
    }

    /// Detects the document's language, then analyses it in that language (both when mixed).
    pub fn detect(
        document: &'a Document,
        lexicon: &Lexicon,
        detector: &'a Detector,
    ) -> (&'static str, Self) {
        let folding = Folding::new(document);
        let (lang, unsupported) = folding.lang(lexicon);
        // A language it cannot read is not matched against patterns of another.
        let langs = if unsupported.is_some() {
            Vec::new()
        } else {
            langs_of(lang, lexicon)
        };
        let mut analysed = Self::with_folding(document, folding, lexicon, detector, &langs);
        analysed.unsupported = unsupported;
        (lang, analysed)
    }

    fn with_folding(
        document: &'a Document,
        folding: Folding,
        lexicon: &Lexicon,
        detector: &'a Detector,
        langs: &[Lang],
    ) -> Self {
        let clauses = detector.clauses.len();
        let read = |text: &str, markers: &mut BankScratch| {
            langs.iter().fold(Reading::default(), |read, lang| {
                let reading = lexicon.read_sentence(text, *lang, markers);
                Reading {
                    rule: read.rule || reading.rule,
                    names_ai: read.names_ai || reading.names_ai,
                }
            })
        };
        let mut analysed = Self {
            document,
            detector,
            sections: Vec::with_capacity(document.sections.len()),
            sentences: Vec::new(),
            mentions: vec![Vec::new(); langs.len() * clauses],
            heading_names: Vec::new(),
            langs: langs.len(),
            not_english: langs.iter().any(|lang| *lang != Lang::EN),
            unsupported: None,
            folding: Folding::default(),
        };
        let mut scratch = Scratch::default();
        let mut markers = BankScratch::default();
        let mut in_scope = String::new();
        let mut dense = vec![SentenceMatch::default(); clauses];
        let mut block_number = 0;
        // Each block's sentences and what their markers say, reused from block to block.
        let mut ranges = Vec::new();
        let mut readings: Vec<Reading> = Vec::new();
        for (i, section) in document.sections.iter().enumerate() {
            // One scan of the heading's markers: whether it states a rule (a question
            // never does) and whether it names AI.
            let heading_reading = folding.headings[i]
                .as_ref()
                .map(|h| read(&h.text, &mut markers))
                .unwrap_or_default();
            let heading = section
                .heading
                .as_ref()
                .zip(folding.headings[i].as_ref().map(|h| h.text.as_str()))
                .map(|(h, folded)| {
                    let at = analysed.heading_names.len();
                    for lang in langs {
                        analysed
                            .heading_names
                            .extend(detector.heading(*lang, folded));
                    }
                    Heading {
                        line: h.line,
                        normative: heading_reading.rule && !folded.trim_end().ends_with('?'),
                        at,
                    }
                });
            let heading_ai = heading_reading.names_ai;
            let mut led = heading.as_ref().is_some_and(|h| h.normative);
            let mut lead_ai = false;
            let mut blocks = Vec::with_capacity(section.blocks.len());
            for (block, folded) in section.blocks.iter().zip(&folding.blocks[i]) {
                let first = analysed.sentences.len();
                ranges.clear();
                ranges.extend(sentences(&folded.text));
                // One scan of each sentence's markers: whether it states a rule and whether
                // it names AI, in any language read.
                readings.clear();
                readings.extend(
                    ranges
                        .iter()
                        .map(|range| read(&folded.text[range.clone()], &mut markers)),
                );
                // The sentences hold all the words of the block.
                let block_names_ai = readings.iter().any(|reading| reading.names_ai);
                let scope_ai = heading_ai || lead_ai || block_names_ai;
                let mut lead_in = false;
                for (range, reading) in ranges.iter().zip(&readings) {
                    let text = &folded.text[range.clone()];
                    // A question asks rather than says: it states no rule, and its topic
                    // words mention none.
                    let question = text.trim_end().ends_with('?');
                    let rule = reading.rule && !question;
                    lead_in = rule && text.trim_end().ends_with(':');
                    let asked = if question { &[][..] } else { langs };
                    let sentence = analysed.sentences.len();
                    analysed.sentences.push(Sentence {
                        line: block.line_of(folded.original(range.start)),
                        normative: rule,
                        led,
                        ai: scope_ai,
                        block: block_number,
                    });
                    // AI named in the heading, the lead-in or the paragraph is the
                    // subject of a sentence that does not repeat it.
                    let text = if scope_ai && !reading.names_ai {
                        in_scope.clear();
                        in_scope.push_str(text);
                        in_scope.push_str(lexicon.ai_in_scope());
                        in_scope.as_str()
                    } else {
                        text
                    };
                    for (l, lang) in asked.iter().enumerate() {
                        detector.sentence(*lang, text, &mut dense, &mut scratch);
                        let found = dense.iter().enumerate().filter(|(_, m)| m.mentions());
                        for (c, m) in found {
                            analysed.mentions[l * clauses + c].push((sentence, *m));
                        }
                    }
                }
                blocks.push(first..analysed.sentences.len());
                block_number += 1;
                if folded.text.trim_end().ends_with(':') {
                    led = lead_in;
                    lead_ai = block_names_ai;
                }
            }
            analysed.sections.push(AnalysedSection { heading, blocks });
        }
        analysed.folding = folding;
        analysed
    }

    /// The sentences that say something of a clause in a language, by sentence.
    pub(super) fn mentions_of(&self, lang: usize, clause: usize) -> &[(usize, SentenceMatch)] {
        &self.mentions[lang * self.detector.clauses.len() + clause]
    }

    pub(super) fn sentence_match(
        &self,
        sentence: usize,
        lang: usize,
        clause: usize,
    ) -> SentenceMatch {
        let mentions = self.mentions_of(lang, clause);
        mentions
            .binary_search_by_key(&sentence, |(s, _)| *s)
            .map_or_else(|_| SentenceMatch::default(), |at| mentions[at].1)
    }

    pub(super) fn heading_names(&self, heading: &Heading, lang: usize, clause: usize) -> bool {
        self.heading_names[heading.at + lang * self.detector.clauses.len() + clause]
    }

    /// The verdict for the clause at `clause` (its index in the detector).
    pub fn verdict(&self, clause: usize) -> Verdict {
        self.verdict_with(&self.detector.model, clause)
    }

    /// The verdict for the clause at `clause` under another model (for fitting).
    pub fn verdict_with(&self, model: &Model, clause: usize) -> Verdict {
        self.judged(model, clause).0
    }

    /// The verdict for the clause at `clause`, with the evidence it rests on.
    pub fn verdict_and_evidence(&self, clause: usize) -> (Verdict, Evidence) {
        self.judged(&self.detector.model, clause)
    }

    fn judged(&self, model: &Model, clause: usize) -> (Verdict, Evidence) {
        let evidence = self.evidence(clause);
        let verdict = match evidence.line {
            Some(line)
                if evidence.rule
                    && model.covers(&self.detector.clauses[clause].id, &evidence.features) =>
            {
                Verdict::Covered(line)
            }
            Some(line) if evidence.mentioned => Verdict::Vague(line),
            _ => Verdict::Missing,
        };
        (verdict, evidence)
    }

    /// Whether any heading, strong cue or cue of the clause appears at all.
    pub fn mentions(&self, clause: usize) -> bool {
        (0..self.langs).any(|lang| {
            self.sections.iter().any(|s| {
                s.heading
                    .as_ref()
                    .is_some_and(|h| self.heading_names(h, lang, clause))
            }) || !self.mentions_of(lang, clause).is_empty()
        })
    }
}
