//! Diagnostics: findings as values with a stable code, a severity, a span and help.

use std::fmt;

use serde::Serialize;

use crate::text::span::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal,)*) => {
        /// The closed set of diagnostic codes; their wording lives in `policies/messages.yaml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name shown to users and tools.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The code with this name, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    UnreadableFile => "unreadable-file",
    YamlSyntax => "yaml-syntax",
    InvalidCharter => "invalid-charter",
    UnknownField => "unknown-field",
    UnknownPack => "unknown-pack",
    MissingClause => "missing-clause",
    EmptyClause => "empty-clause",
    PlaceholderText => "placeholder-text",
    VagueClause => "vague-clause",
    OffTopicClause => "off-topic-clause",
    UnknownClause => "unknown-clause",
    MissingWhy => "missing-why",
    UnknownTool => "unknown-tool",
    MissingConditions => "missing-conditions",
    DuplicateId => "duplicate-id",
    UnapprovedTool => "unapproved-tool",
    ReviewOverdue => "review-overdue",
    MissingReview => "missing-review",
    MissingOwner => "missing-owner",
    OwnerContact => "owner-contact",
    WaiverWithoutReason => "waiver-without-reason",
    UnusedWaiver => "unused-waiver",
    UnsupportedLanguage => "unsupported-language",
    BidiControl => "bidi-control",
    MalformedWaiver => "malformed-waiver",
    DuplicateKey => "duplicate-key",
    AliasExpansion => "alias-expansion",
    NoInput => "no-input",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub clause: Option<String>,
    pub message: String,
    pub span: Option<Span>,
    pub help: String,
}
