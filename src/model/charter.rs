//! The charter format, version 1: what a team writes in `charter.yaml`.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::lang::Lang;

/// An AI-usage charter: who it binds, which tools and uses it allows, and its clauses.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "AI-usage charter (charter format 1)")]
pub struct Charter {
    /// Version of the charter format; always 1.
    pub charter: u32,
    /// Title of the charter as it appears on the document.
    pub title: String,
    /// Organisation adopting the charter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Team or department the charter binds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Language of the charter and of its rendered document.
    pub lang: Lang,
    /// Policy packs the charter is checked against (baseline, public-comms, eu-ai-act, gdpr, oss-contrib).
    #[serde(default)]
    pub packs: Vec<String>,
    /// Who owns the charter and answers questions about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// Date the charter was adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<Date>,
    /// When the charter is reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// AI tools the team may consider, approved or not.
    #[serde(default)]
    pub tools: Vec<Tool>,
    /// What AI is used for, with the reason and the conditions.
    #[serde(default)]
    pub uses: Vec<Use>,
    /// Clause texts (Markdown), keyed by clause id.
    #[serde(default)]
    pub clauses: IndexMap<String, Option<String>>,
    /// Clauses a pack asks for that do not apply, with the reason.
    #[serde(default)]
    pub waivers: IndexMap<String, Option<String>>,
    /// Provisions outside the clause catalogue (e.g. the sections of a draft `charter import` matched to no clause, kept word for word), rendered after the clauses under "Other provisions".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<Extra>,
}

/// A provision outside the clause catalogue: a heading and its Markdown text.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extra {
    /// Heading of the provision (the draft's own heading); absent for text that had none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Text of the provision (Markdown), as written.
    #[serde(default)]
    pub text: String,
}

/// The person who owns the charter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    /// Name of the owner.
    pub name: String,
    /// Role or position of the owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// How to reach the owner (e-mail address or page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// The review cadence of the charter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Months between two reviews (at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_months: Option<std::num::NonZeroU32>,
    /// Date of the next review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Date>,
}

/// An AI tool or service.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Identifier used by uses (kebab-case).
    pub id: String,
    /// Name of the tool as people know it.
    pub name: String,
    /// Whether the tool is approved for use.
    pub approved: bool,
    /// Which accounts and settings must be used (e.g. organisation account, history off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<String>,
    /// Data classes that may go into prompts (e.g. public, internal).
    #[serde(default)]
    pub data: Vec<String>,
    /// A high-risk AI system under the AI Act (switches on the eu-ai-act conditional clauses).
    #[serde(default, rename = "high-risk")]
    pub high_risk: bool,
}

/// A use of AI and the team's position on it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Use {
    /// Identifier of the use (kebab-case).
    pub id: String,
    /// What the use is.
    pub description: String,
    /// Whether the use is allowed, allowed under conditions, or forbidden.
    pub status: Status,
    /// Why the team uses AI for this (or why it does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Tools (ids from `tools`) used for it.
    #[serde(default)]
    pub tools: Vec<String>,
    /// Conditions that must hold (required when the status is conditional).
    #[serde(default)]
    pub conditions: Vec<String>,
    /// AI answers or publishes to the public directly (makes public-interaction required).
    #[serde(default, rename = "public-facing")]
    pub public_facing: bool,
}

/// The team's position on a use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Allowed,
    Conditional,
    Forbidden,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Allowed => "allowed",
            Status::Conditional => "conditional",
            Status::Forbidden => "forbidden",
        }
    }
}
