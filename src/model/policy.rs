//! The policy files: clause sheets, packs, the shared lexicon and the diagnostic wording.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;

use super::charter::Status;
use super::date::Date;
use super::lang::{Lang, Localized};

/// One clause of the catalogue (`policies/clauses/<id>.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseSpec {
    pub id: String,
    /// Place in the clause catalogue (read by `build.rs`).
    pub order: u32,
    pub title: Localized,
    pub summary: Localized,
    pub why: Localized,
    pub references: Vec<Reference>,
    pub suggested: Localized,
    /// What the suggested wording says of the common uses of `policies/uses.yaml`, by use id,
    /// so that the clauses of a pack can be checked not to contradict each other.
    #[serde(default)]
    pub stances: IndexMap<String, Status>,
    pub detect: Detect,
    pub examples: Examples,
}

/// A law article, guideline or practice behind a clause, checkable by a reader.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// How the source is cited, in each language (« Règlement (UE) 2024/1689, art. 50, § 4 »).
    pub cite: Localized,
    /// The official text (ELI, EUR-Lex, Légifrance) or the publisher's page.
    pub link: String,
    /// When the citation and note were last checked against `link`.
    pub checked: Date,
    /// The date from the facts table (applies from / adopted / published).
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub note: Option<Localized>,
}

/// How a clause is recognised in free text.
#[derive(Debug, Clone, Deserialize)]
pub struct Detect {
    #[serde(default = "default_min_cues")]
    pub min_cues: usize,
    /// The patterns of each language (a key that is not a known language is refused).
    #[serde(flatten)]
    pub langs: BTreeMap<Lang, Patterns>,
}

/// No patterns: a language a clause sheet or pack gives none for.
static NO_PATTERNS: Patterns = Patterns {
    headings: Vec::new(),
    strong: Vec::new(),
    cues: Vec::new(),
    together: Vec::new(),
    exclude: Vec::new(),
};

impl Detect {
    /// The patterns of one language.
    pub fn get(&self, lang: Lang) -> &Patterns {
        self.langs.get(&lang).unwrap_or(&NO_PATTERNS)
    }
}

fn default_min_cues() -> usize {
    2
}

/// The detection patterns of a clause in one language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    #[serde(default)]
    pub headings: Vec<String>,
    #[serde(default)]
    pub strong: Vec<String>,
    #[serde(default)]
    pub cues: Vec<String>,
    #[serde(default)]
    pub together: Vec<Vec<String>>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl Patterns {
    /// Every pattern, whatever its role.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.headings
            .iter()
            .chain(&self.strong)
            .chain(&self.cues)
            .chain(&self.exclude)
            .chain(self.together.iter().flatten())
    }
}

/// Sentences the test suite checks detection against.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub covers: Localized<Vec<String>>,
    pub misses: Localized<Vec<String>>,
}

/// A policy pack (`policies/packs/<id>.yaml` or a user file).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    pub id: String,
    pub title: Localized,
    pub description: Localized,
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub clauses: IndexMap<String, LevelSpec>,
    /// Extra detection patterns for some clauses, added to the built-in ones.
    #[serde(default)]
    pub detect: IndexMap<String, PackDetect>,
}

/// Detection patterns a pack adds to one clause, by language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct PackDetect(pub BTreeMap<Lang, Patterns>);

impl PackDetect {
    /// The added patterns of one language.
    pub fn get(&self, lang: Lang) -> &Patterns {
        self.0.get(&lang).unwrap_or(&NO_PATTERNS)
    }
}

/// How strongly a pack asks for a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum LevelSpec {
    Plain(Level),
    Conditional(ConditionalLevel),
}

/// The levels a pack gives a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Required,
    Recommended,
}

/// Required when the charter declares `when`, recommended otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionalLevel {
    pub level: ConditionalTag,
    pub when: Trigger,
}

/// The only level written in the long form: `level: conditional`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConditionalTag {
    Conditional,
}

/// What a charter declares that makes a conditional clause required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trigger {
    /// A use with `public-facing: true`.
    PublicFacing,
    /// A tool with `high-risk: true`.
    HighRisk,
}

/// Shared vocabulary (`policies/lexicon.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    pub normative: Localized<Vec<String>>,
    pub imperative: Localized<Vec<String>>,
    /// Openers of a leading condition or purpose ("If …,", « Si …, »): an imperative
    /// after its comma opens the rule.
    pub condition: Localized<Vec<String>>,
    pub ai: Localized<Vec<String>>,
    /// The word for AI appended to a sentence whose AI subject is said before it.
    pub ai_subject: Localized,
    pub placeholders: PlaceholderSpec,
    pub stopwords: Localized<Vec<String>>,
    /// Frequent words of languages charter recognises but cannot read, by code.
    #[serde(default)]
    pub unsupported: IndexMap<String, Vec<String>>,
}

/// Markers of text not yet written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceholderSpec {
    pub words: Vec<String>,
    pub brackets: String,
}

/// Wording of diagnostics and interface text (`policies/messages.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessagesSpec {
    pub diagnostics: IndexMap<String, DiagnosticWording>,
    pub text: IndexMap<String, Localized>,
}

/// The wording of one diagnostic code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticWording {
    pub description: Localized,
    pub message: Localized,
    pub help: Localized,
}
