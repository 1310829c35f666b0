//! The policy files compiled into the binary, in catalogue order.

macro_rules! files {
    ($dir:literal: $($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../policies/", $dir, "/", $id, ".yaml"))),)*]
    };
}

/// Clause sheets, `(id, YAML text)`, in the order of the clause catalogue: every file of
/// `policies/clauses/`, ordered by its `order:` (listed by `build.rs`).
pub const CLAUSES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/clauses.rs"));

/// Built-in packs, `(id, YAML text)`.
pub const PACKS: &[(&str, &str)] =
    files!("packs": "baseline", "public-comms", "eu-ai-act", "gdpr", "oss-contrib");

/// Shared detection vocabulary.
pub const LEXICON: &str = include_str!("../../policies/lexicon.yaml");

/// Detection weights fitted from labelled charters (`charter-eval --fit`).
pub const MODEL: &str = include_str!("../../policies/detection-model.yaml");

/// Wording of diagnostics and interface text.
pub const MESSAGES: &str = include_str!("../../policies/messages.yaml");

/// Common uses of AI that the guided `charter init` asks about.
pub const USES: &str = include_str!("../../policies/uses.yaml");
