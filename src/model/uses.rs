//! The common uses of AI that the guided `charter init` asks about (`policies/uses.yaml`).

use serde::Deserialize;

use super::charter::Status;
use super::lang::Localized;

/// The list of common uses, in the order they are asked about.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsesSpec {
    pub wording: UsesWording,
    pub uses: Vec<UseSpec>,
}

/// What the `permitted-uses` and `prohibited-uses` clauses say besides the per-use sentences.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsesWording {
    /// The clause that lists the uses the team allows.
    #[serde(rename = "permitted-clause")]
    pub permitted_clause: String,
    /// The clause that lists the uses the team forbids.
    #[serde(rename = "prohibited-clause")]
    pub prohibited_clause: String,
    /// Follows the `permitted` sentence of a conditional use; `{0}` is its conditions.
    pub conditions: Localized,
    /// Between two conditions.
    pub and: Localized,
    /// `permitted-uses` when the team allows no use.
    #[serde(rename = "none-permitted")]
    pub none_permitted: Localized,
    /// What `prohibited-uses` forbids whatever the answers.
    #[serde(rename = "always-prohibited")]
    pub always_prohibited: Localized<Vec<String>>,
}

/// One common use and the wording a charter gets for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UseSpec {
    /// Identifier, as `--allow`, `--conditional` and `--forbid` name it (kebab-case).
    pub id: String,
    pub description: Localized,
    /// Why a team uses AI for it (allowed or conditional).
    pub why: Localized,
    /// Why a team forbids it.
    #[serde(rename = "why-forbidden")]
    pub why_forbidden: Localized,
    /// The conditions of a conditional use.
    pub conditions: Localized<Vec<String>>,
    /// The sentence of `permitted-uses` when the team allows it.
    pub permitted: Localized,
    /// The sentence of `prohibited-uses` when the team forbids it.
    pub prohibited: Localized,
    /// The answer suggested by default.
    pub suggested: Status,
    /// AI answers or publishes to the public directly.
    #[serde(default, rename = "public-facing")]
    pub public_facing: bool,
    /// The AI Act's transparency duties apply (selects the eu-ai-act pack when allowed).
    #[serde(default, rename = "eu-ai-act")]
    pub eu_ai_act: bool,
}
