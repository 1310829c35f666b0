//! Text utilities shared by loading, checking and reporting: spans, folding and hashing.

pub(crate) mod ascii;
pub(crate) mod fnv;
pub(crate) mod fold;
pub(crate) mod sentences;
pub(crate) mod span;
pub(crate) mod visible;
