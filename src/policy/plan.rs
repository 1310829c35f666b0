//! How each detection pattern is matched, worked out from its syntax: its source (folded,
//! `{ai}` expanded, anchored at a word start) and, for each branch of its top
//! alternation, the finite set of words it stands for, else the sequence of word sets and
//! class runs it is, else a regex with the literal prefixes its matches start with.
//! Shared with `build.rs`, which plans the built-in patterns when the binary is built.

use std::borrow::Cow;

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

use super::sequence::{self, Element};
use super::word_set;
use crate::text::fold::fold_pattern;

/// A word start on folded text, which is matched as bytes without Unicode classes:
/// folded text is almost all ASCII, and ASCII classes compile and match much faster.
const WORD_START: &str = r"\b";

/// Regexes whose prefixes cannot be listed in this many literals run on every text.
const MAX_PREFIXES: usize = 256;

/// Classes of up to this many bytes are listed in prefixes (`\d` is ten).
const MAX_CLASS: usize = 10;

/// Prefix literals are cut to this many bytes: fewer, shorter literals build faster
/// and still leave few candidates.
pub(crate) const PREFIX_LEN: usize = 8;

/// A pattern folded, with `{ai}` expanded, anchored at a word start.
pub(crate) fn anchored(pattern: &str, ai: &str) -> String {
    format!("{WORD_START}(?:{})", expand(pattern, ai))
}

/// The folded pattern with `{ai}` expanded and word boundaries made ASCII.
pub(crate) fn expand(pattern: &str, ai: &str) -> String {
    fold_pattern(pattern).replace("{ai}", &format!("(?:{ai})"))
}

/// The alternation `{ai}` stands for, from a language's AI words.
pub(crate) fn ai_alternation(words: &[String]) -> String {
    words
        .iter()
        .map(|p| format!("(?:{})", expand(p, "")))
        .collect::<Vec<_>>()
        .join("|")
}

/// How one branch of a pattern is matched: worked out now, or borrowed from the plans
/// `build.rs` prepared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Branch {
    /// A finite set of words, compared where their prefixes occur: each word with the
    /// bit set of its word boundaries (see `WordString`).
    Words(Vec<(Cow<'static, [u8]>, u64)>),
    /// A sequence of small word sets and class runs, tried where one of its first
    /// element's words occurs.
    Sequence(Vec<Element>),
    /// A regex (its source), tried where one of its prefixes occurs, anywhere when
    /// it has none.
    Regex(Cow<'static, str>, Vec<Cow<'static, [u8]>>),
}

/// The prefix of a word that the prefilter looks for.
pub(crate) fn prefix(word: &[u8]) -> &[u8] {
    &word[..word.len().min(PREFIX_LEN)]
}

impl Branch {
    /// Plans a branch from its syntax tree.
    fn of(hir: &Hir) -> Self {
        if let Some(strings) = word_set::expand(hir) {
            return Branch::Words(word_set::owned(strings));
        }
        if let Some(elements) = sequence::elements(hir) {
            return Branch::Sequence(elements);
        }
        let mut extractor = Extractor::new();
        extractor
            .kind(ExtractKind::Prefix)
            .limit_class(MAX_CLASS)
            .limit_repeat(2)
            .limit_literal_len(PREFIX_LEN)
            .limit_total(MAX_PREFIXES);
        let prefixes = match extractor.extract(hir).literals() {
            Some(prefixes)
                if !prefixes.is_empty() && prefixes.iter().all(|l| !l.as_bytes().is_empty()) =>
            {
                prefixes
                    .iter()
                    .map(|l| Cow::Owned(l.as_bytes().to_vec()))
                    .collect()
            }
            _ => Vec::new(),
        };
        Branch::Regex(Cow::Owned(hir.to_string()), prefixes)
    }
}

/// Parses a pattern's source as bytes, without Unicode classes, as folded text is matched.
/// The error is the parser's.
pub(crate) fn parse(source: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(source)
        .map_err(|e| e.to_string())
}

/// Parses `source` (a pattern as `anchored` made it) and plans each branch of its top
/// alternation on its own: a pattern matches where one does, so one branch that needs a
/// regex leaves the others to plain comparison. The error is the parser's.
pub(crate) fn plan(source: &str) -> Result<Vec<Branch>, String> {
    let hir = parse(source)?;
    // `anchored` wraps every pattern as `\b(?:…)`.
    let branches = match hir.kind() {
        HirKind::Concat(parts) if parts.len() == 2 => {
            let body = match parts[1].kind() {
                HirKind::Capture(capture) => &capture.sub,
                _ => &parts[1],
            };
            match body.kind() {
                HirKind::Alternation(branches) => branches
                    .iter()
                    .map(|b| Hir::concat(vec![parts[0].clone(), b.clone()]))
                    .collect(),
                _ => vec![hir],
            }
        }
        _ => vec![hir],
    };
    Ok(branches.iter().map(Branch::of).collect())
}
