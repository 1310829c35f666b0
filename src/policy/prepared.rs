//! The plans of the built-in detection patterns, made by `build.rs` when the binary is
//! built (with `plan.rs`), so that a run parses none of them.

/// One branch of a built-in pattern's plan (see `plan::Branch`).
#[derive(Debug)]
pub(super) enum Prepared {
    /// Its strings, each with the bit set of its word boundaries.
    Words(&'static [(&'static [u8], u64)]),
    /// A regex source and its literal prefixes.
    Regex(&'static str, &'static [&'static [u8]]),
}

/// Every built-in pattern's source, as `plan::anchored` makes it, with its branches;
/// sorted by source.
#[allow(clippy::unreadable_literal)]
static PLANS: &[(&str, &[Prepared])] = include!(concat!(env!("OUT_DIR"), "/plans.rs"));

/// The prepared plan of a pattern source, when it is a built-in one.
pub(super) fn plan_of(source: &str) -> Option<&'static [Prepared]> {
    PLANS
        .binary_search_by(|(prepared, _)| (*prepared).cmp(source))
        .ok()
        .map(|at| PLANS[at].1)
}
