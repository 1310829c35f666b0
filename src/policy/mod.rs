//! The policies in force for a run: the clause catalogue, packs resolved into levels,
//! compiled patterns, and the wording of messages.

pub mod catalogue;
pub mod detector;
pub mod embedded;
mod gather;
pub mod lexicon;
pub mod messages;
pub mod model;
mod plan;
pub(crate) mod prefilter;
mod prepared;
pub mod selection;
mod sequence;
pub mod suggested;
mod trie;
mod word_set;
