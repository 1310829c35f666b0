//! Clause detection patterns compiled once per run, and the closed set of detection
//! kinds: heading match, strong cue, co-occurring cues (`together`), distinct cues
//! with a minimum count, and excluding cues.
//!
//! All the body patterns of one language go into one `PatternBank`, so a sentence is
//! scanned once for every clause; headings into another.

use rayon::prelude::*;

use super::catalogue::Catalogue;
use super::lexicon::{build_anchorable, Lexicon, PatternError};
use super::model::Model;
use super::plan::anchored;
use super::prefilter::{BankScratch, PatternBank};
use super::selection::Addition;
use crate::model::lang::Lang;

/// Cues beyond this many per clause and language are ignored (they are kept in a bit set).
const MAX_CUES: usize = 64;

/// What a body pattern means for its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Strong,
    Cue(u8),
    /// Member of the `together` group with this index.
    Together(u16),
    Exclude,
}

/// A clause and its detection settings.
#[derive(Debug, Clone)]
pub struct ClauseInfo {
    pub id: String,
    pub min_cues: u32,
}

/// What one folded sentence says about one clause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SentenceMatch {
    /// A strong cue or a complete `together` group matched.
    pub strong: bool,
    /// Bit set of the distinct cues that matched.
    pub cues: u64,
}

impl SentenceMatch {
    /// Whether anything about the clause was found.
    pub fn mentions(self) -> bool {
        self.strong || self.cues != 0
    }
}

/// Every clause's patterns in one language, in two banks.
#[derive(Debug)]
struct LangIndex {
    body: PatternBank,
    /// Clause and role of each body pattern; a `Together` role holds the group's
    /// index in `group_sizes`.
    roles: Vec<(usize, Role)>,
    /// The number of members of each `together` group, all clauses one after the other.
    group_sizes: Vec<u8>,
    headings: PatternBank,
    heading_clause: Vec<usize>,
}

/// Buffers reused from one sentence to the next.
#[derive(Debug, Default)]
pub struct Scratch {
    excluded: Vec<bool>,
    members: Vec<u8>,
    bank: BankScratch,
}

/// Every clause of the catalogue, compiled.
#[derive(Debug)]
pub struct Detector {
    pub clauses: Vec<ClauseInfo>,
    /// How the features of a clause decide its verdict.
    pub model: Model,
    /// The index of each language the lexicon reads, in its order.
    langs: Vec<(Lang, LangIndex)>,
}

impl Detector {
    /// Compiles the catalogue's patterns and those `additions` from user packs; the
    /// added patterns are compiled at once, so a faulty one is reported with its place.
    pub fn compile(
        catalogue: &Catalogue,
        lexicon: &Lexicon,
        additions: &[Addition],
    ) -> Result<Self, PatternError> {
        let clauses = catalogue
            .clauses
            .values()
            .map(|spec| ClauseInfo {
                id: spec.id.clone(),
                min_cues: u32::try_from(spec.detect.min_cues.max(1)).unwrap_or(u32::MAX),
            })
            .collect();
        let index = |lang: Lang| -> Result<LangIndex, PatternError> {
            let ai = &lexicon.lang(lang).ai;
            // Added patterns are compiled now, and a faulty one is located in its file.
            for addition in additions {
                for pattern in addition.patterns.get(lang).all() {
                    build_anchorable(&addition.file, &anchored(pattern, ai), false).map_err(
                        |mut error| {
                            error.place = addition.place(pattern);
                            error
                        },
                    )?;
                }
            }
            let mut body = Vec::new();
            let mut roles = Vec::new();
            let mut group_sizes: Vec<u8> = Vec::new();
            let mut headings = Vec::new();
            let mut heading_clause = Vec::new();
            for (clause, spec) in catalogue.clauses.values().enumerate() {
                let builtin = format!("policies/clauses/{}.yaml detect.{}", spec.id, lang.code());
                let added = additions.iter().filter(|a| a.clause == spec.id);
                let sources = std::iter::once((spec.detect.get(lang), None))
                    .chain(added.map(|a| (a.patterns.get(lang), Some(a))));
                let mut cues = 0;
                for (patterns, addition) in sources {
                    let place = addition.map_or_else(|| builtin.clone(), |a| a.file.clone());
                    let mut add = |list: &[String], role: Role| {
                        for pattern in list {
                            body.push((place.clone(), pattern.clone()));
                            roles.push((clause, role));
                        }
                    };
                    add(&patterns.strong, Role::Strong);
                    add(&patterns.exclude, Role::Exclude);
                    for cue in &patterns.cues {
                        if cues < MAX_CUES {
                            add(
                                std::slice::from_ref(cue),
                                Role::Cue(u8::try_from(cues).unwrap_or(u8::MAX)),
                            );
                            cues += 1;
                        }
                    }
                    for group in &patterns.together {
                        let index = u16::try_from(group_sizes.len()).unwrap_or(u16::MAX);
                        add(group, Role::Together(index));
                        group_sizes.push(u8::try_from(group.len()).unwrap_or(u8::MAX));
                    }
                    for pattern in &patterns.headings {
                        headings.push((place.clone(), pattern.clone()));
                        heading_clause.push(clause);
                    }
                }
            }
            Ok(LangIndex {
                body: PatternBank::new(&body, ai)?,
                roles,
                group_sizes,
                headings: PatternBank::new(&headings, ai)?,
                heading_clause,
            })
        };
        let langs = lexicon
            .read()
            .par_iter()
            .map(|lang| index(*lang).map(|index| (*lang, index)))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            clauses,
            model: catalogue.model.clone(),
            langs,
        })
    }

    /// The patterns of a language read (of the first one, English, for any other).
    fn index(&self, lang: Lang) -> &LangIndex {
        let at = self.langs.iter().position(|(l, _)| *l == lang).unwrap_or(0);
        &self.langs[at].1
    }

    /// The index of a clause id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.clauses.iter().position(|c| c.id == id)
    }

    /// Writes, for each clause, what a folded sentence says about it in `lang` into
    /// `found` (one entry per clause); `scratch` is reused between calls.
    pub fn sentence(
        &self,
        lang: Lang,
        sentence: &str,
        found: &mut [SentenceMatch],
        scratch: &mut Scratch,
    ) {
        let index = self.index(lang);
        found.fill(SentenceMatch::default());
        scratch.excluded.clear();
        scratch.excluded.resize(self.clauses.len(), false);
        scratch.members.clear();
        scratch.members.resize(index.group_sizes.len(), 0);
        let Scratch {
            excluded,
            members,
            bank,
        } = scratch;
        index.body.for_each_match(sentence, bank, |pattern| {
            let (clause, role) = index.roles[pattern];
            match role {
                Role::Strong => found[clause].strong = true,
                Role::Cue(i) => found[clause].cues |= 1 << i,
                Role::Together(g) => {
                    let g = usize::from(g);
                    members[g] = members[g].saturating_add(1);
                    if members[g] >= index.group_sizes[g] {
                        found[clause].strong = true;
                    }
                }
                Role::Exclude => excluded[clause] = true,
            }
        });
        for (found, excluded) in found.iter_mut().zip(excluded.iter()) {
            if *excluded {
                *found = SentenceMatch::default();
            }
        }
    }

    /// For each clause, whether a folded heading names it in `lang`.
    pub fn heading(&self, lang: Lang, heading: &str) -> Vec<bool> {
        let index = self.index(lang);
        let mut found = vec![false; self.clauses.len()];
        index
            .headings
            .for_each_match(heading, &mut BankScratch::default(), |pattern| {
                found[index.heading_clause[pattern]] = true;
            });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::super::{plan, prefilter, prepared};
    use super::*;
    use crate::model::lang::Localized;

    #[test]
    fn every_builtin_bank_was_gathered_when_the_binary_was_built() {
        let catalogue = Catalogue::shared().unwrap();
        let lexicon = Lexicon::compile(&catalogue.lexicon).unwrap();
        let detector = Detector::compile(catalogue, &lexicon, &[]).unwrap();
        for (lang, index) in &detector.langs {
            assert!(index.body.is_prepared(), "{} body", lang.code());
            assert!(index.headings.is_prepared(), "{} headings", lang.code());
            assert!(
                lexicon.lang(*lang).banks_are_prepared(),
                "{} lexicon",
                lang.code()
            );
        }
    }

    #[test]
    fn every_builtin_pattern_compiles_and_matches_as_its_regex() {
        let catalogue = Catalogue::shared().unwrap();
        let lexicon = Lexicon::compile(&catalogue.lexicon).unwrap();
        let spec = &catalogue.lexicon;
        for lang in lexicon.read() {
            let ai = lexicon.lang(*lang).ai.as_str();
            let clause_patterns = catalogue.clauses.values().flat_map(|clause| {
                let place = format!("clauses/{}.yaml", clause.id);
                clause
                    .detect
                    .get(*lang)
                    .all()
                    .map(move |p| (place.clone(), p))
            });
            let words = |list: &'static str, patterns: &'static Localized<Vec<String>>| {
                let patterns = patterns.exactly(*lang).into_iter().flatten();
                patterns.map(move |p| (format!("lexicon.yaml {list}"), p))
            };
            let lexicon_patterns = words("normative", &spec.normative)
                .chain(words("imperative", &spec.imperative))
                .chain(words("condition", &spec.condition))
                .chain(words("ai", &spec.ai));
            for (place, pattern) in clause_patterns.chain(lexicon_patterns) {
                let source = anchored(pattern, ai);
                // The table build.rs wrote reads back as the plan worked out now.
                assert_eq!(
                    prepared::Plans::for_ai(ai).and_then(|plans| plans.plan_of(pattern)),
                    plan::plan(&source).ok(),
                    "{place} {}: `{source}` is not planned by build.rs as now",
                    lang.code()
                );
                if let Err(problem) = prefilter::agrees_with_regex(pattern, ai) {
                    panic!("{place} {}: {problem}", lang.code());
                }
            }
        }
    }
}
