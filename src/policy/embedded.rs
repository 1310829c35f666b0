//! The policy files compiled into the binary, in catalogue order: the YAML files of
//! `policies/`, written as JSON by `build.rs` (the binary parses them at every start, and
//! JSON parses several times faster), except the two smallest.

macro_rules! files {
    ($dir:literal: $($id:literal),* $(,)?) => {
        &[$((
            $id,
            include_str!(concat!(env!("OUT_DIR"), "/policies/", $dir, "/", $id, ".json")),
        ),)*]
    };
}

/// Clause sheets, `(id, JSON text)`, in the order of the clause catalogue: every file of
/// `policies/clauses/`, ordered by its `order:` (listed by `build.rs`).
pub const CLAUSES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/clauses.rs"));

/// Built-in packs, `(id, JSON text)`.
pub const PACKS: &[(&str, &str)] =
    files!("packs": "baseline", "public-comms", "eu-ai-act", "gdpr", "oss-contrib");

/// Shared detection vocabulary (JSON).
pub const LEXICON: &str = include_str!(concat!(env!("OUT_DIR"), "/policies/lexicon.json"));

/// Detection weights fitted from labelled charters (`charter-eval --fit`).
pub const MODEL: &str = include_str!("../../policies/detection-model.yaml");

/// Wording of diagnostics and interface text (JSON).
pub const MESSAGES: &str = include_str!(concat!(env!("OUT_DIR"), "/policies/messages.json"));

/// Common uses of AI that the guided `charter init` asks about (JSON).
pub const USES: &str = include_str!(concat!(env!("OUT_DIR"), "/policies/uses.json"));
