//! What detection weighs for one clause of one document: where its topic cues stand
//! (in a rule, under a rule's lead-in, under a heading naming the clause, with AI in
//! scope) and how much of the document speaks of it. The same numbers for every clause.

use super::detect::Analysed;
use crate::policy::model::Features;

/// A clause's features with the line that best shows a rule about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub features: Features,
    /// The sentence stating the rule; else a block of cues, a heading or a mention.
    pub line: Option<usize>,
    /// Whether a strong cue, a heading or enough cues name the clause's topic (else a
    /// clause the model does not find covered is missing, not vague).
    pub mentioned: bool,
    /// Whether a heading names the clause.
    pub named_by_heading: bool,
    /// Whether more than a passing mention speaks of the clause: a rule, a heading
    /// with rules under it, or several sentences naming its topic (one sentence
    /// without a rule never covers it). French (any language but English) often states a rule in the plain
    /// present, with no rule word: there one strong cue, or a heading naming the
    /// clause with any rule under it, is enough for the fitted model to weigh.
    pub rule: bool,
}

/// The cues one block holds of a clause, and whether a rule stands among them.
#[derive(Default)]
struct BlockCues {
    /// The block's number; `None` before the first.
    number: Option<usize>,
    cues: u64,
    /// The line of its first sentence with a cue.
    line: Option<usize>,
    rule: bool,
}

impl BlockCues {
    /// Counts a block once its sentences are read: enough cues make it evidence, of a
    /// rule when one stands among them.
    fn end(
        &self,
        min_cues: u32,
        all_cues: &mut u64,
        cues_rule: &mut bool,
        note: &mut impl FnMut(usize, usize),
    ) {
        *all_cues |= self.cues;
        if self.cues.count_ones() >= min_cues {
            *cues_rule |= self.rule;
            note(if self.rule { 3 } else { 5 }, self.line.unwrap_or(1));
        }
    }
}

/// Grows with a count, slower and slower: 0, 0.69, 1.10, 1.39…
#[allow(clippy::cast_precision_loss)]
fn damped(count: usize) -> f64 {
    (count as f64).ln_1p()
}

impl Analysed<'_> {
    /// The features and evidence of the clause at `clause` (its index in the detector).
    #[allow(clippy::cast_precision_loss)]
    pub fn evidence(&self, clause: usize) -> Evidence {
        let min_cues = self.detector.clauses[clause].min_cues;
        let mut strong_rule = 0;
        let mut strong_rule_ai = false;
        let mut strong_led = 0;
        let mut strong_plain = 0;
        let mut heading = false;
        let mut heading_rules = false;
        let mut rules_under_heading = 0;
        let mut cues_rule = false;
        let mut all_cues = 0u64;
        let mut mentioning = 0usize;
        let mut strong_mentions = 0usize;
        // Best evidence first: a rule sentence with AI in scope, a rule sentence, a
        // sentence under a lead-in, a block of cues with a rule, a heading, a strong
        // cue or block of cues without a rule, any cue.
        let mut lines: [Option<usize>; 7] = [None; 7];
        let mut note = |rank: usize, line: usize| {
            lines[rank] = Some(lines[rank].map_or(line, |l: usize| l.min(line)));
        };
        for lang in 0..self.langs {
            for (i, section) in self.sections.iter().enumerate() {
                if let Some(h) = &section.heading {
                    if self.heading_names(h, lang, clause) {
                        heading = true;
                        let end = self.document.subtree_end(i);
                        let rules: Vec<usize> = self.sections[i..end]
                            .iter()
                            .flat_map(|s| s.blocks.iter().cloned().flatten())
                            .filter(|&s| self.sentences[s].normative || self.sentences[s].led)
                            .collect();
                        rules_under_heading += rules.len();
                        // A rule under the heading that speaks of its topic: an unrelated
                        // rule under "Data protection" is no data protection rule.
                        heading_rules |= h.normative
                            || rules
                                .iter()
                                .any(|&s| self.sentence_match(s, lang, clause).mentions());
                        note(4, h.line);
                    }
                }
            }
            // Only the sentences that say something of the clause count, block by block.
            let mut block = BlockCues::default();
            for &(s, found) in self.mentions_of(lang, clause) {
                let sentence = &self.sentences[s];
                if block.number != Some(sentence.block) {
                    block.end(min_cues, &mut all_cues, &mut cues_rule, &mut note);
                    block = BlockCues {
                        number: Some(sentence.block),
                        ..BlockCues::default()
                    };
                }
                mentioning += 1;
                note(6, sentence.line);
                if found.strong {
                    strong_mentions += 1;
                    note(5, sentence.line);
                    if sentence.normative {
                        strong_rule += 1;
                        strong_rule_ai |= sentence.ai;
                        note(usize::from(!sentence.ai), sentence.line);
                    } else if sentence.led {
                        strong_led += 1;
                        note(2, sentence.line);
                    } else {
                        strong_plain += 1;
                    }
                }
                if found.cues != 0 {
                    block.cues |= found.cues;
                    block.line.get_or_insert(sentence.line);
                    block.rule |= sentence.normative || sentence.led;
                }
            }
            block.end(min_cues, &mut all_cues, &mut cues_rule, &mut note);
        }
        let sentences = self.sentences.len().max(1);
        let features = [
            damped(strong_rule),
            f64::from(u8::from(strong_rule_ai)),
            damped(strong_led),
            damped(strong_plain),
            f64::from(u8::from(heading)),
            f64::from(u8::from(heading_rules)),
            damped(rules_under_heading),
            f64::from(u8::from(cues_rule)),
            damped(all_cues.count_ones() as usize),
            (10.0 * mentioning as f64 / sentences as f64).min(3.0),
            damped(sentences) / 5.0,
            f64::from(u8::from(self.not_english)),
        ];
        Evidence {
            features,
            rule: lines[..4].iter().any(Option::is_some)
                || heading_rules
                || (self.not_english && heading && rules_under_heading > 0)
                || strong_mentions > usize::from(!self.not_english)
                || mentioning > 1,
            named_by_heading: heading,
            mentioned: lines[..6].iter().any(Option::is_some),
            line: lines.into_iter().flatten().next(),
        }
    }
}
