//! Text utilities shared by loading, checking and reporting: spans and folding.

pub mod fold;
pub mod sentences;
pub mod span;
pub mod visible;
