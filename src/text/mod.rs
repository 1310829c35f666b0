//! Text utilities shared by loading, checking and reporting: spans and folding.

pub(crate) mod fold;
pub(crate) mod sentences;
pub(crate) mod span;
pub(crate) mod visible;
