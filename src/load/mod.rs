//! Loading files into the model: the only place that reads files or names YAML and Markdown parser types.

pub mod charter;
pub mod config;
pub mod draft;
pub mod draft_sections;
pub mod parse_errors;
pub mod source;
pub mod stdin;
pub mod yaml;
pub mod yaml_locator;

pub use source::read_text;
