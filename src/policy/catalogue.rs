//! The built-in policy files, parsed: clause sheets, packs, lexicon and messages.

use indexmap::IndexMap;

use super::embedded;
use super::messages::Messages;
use crate::load::yaml::{self, YamlProblem};
use crate::model::policy::{ClauseSpec, LexiconSpec, MessagesSpec, PackSpec};
use crate::text::span::LineIndex;

/// A built-in policy file that does not parse (a bug in `policies/`, caught by the tests).
#[derive(Debug, thiserror::Error)]
#[error("policies/{file}:{line}:{column}: {reason}")]
pub struct PolicyFileError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

impl PolicyFileError {
    /// Describes `problem` in `source`, a file named `file`.
    pub fn new(file: &str, source: &str, problem: &YamlProblem) -> Self {
        let lines = LineIndex::new(source);
        let position = lines.position(source, problem.span.start);
        Self {
            file: file.to_owned(),
            line: position.line,
            column: position.column,
            reason: problem.reason.clone(),
        }
    }
}

/// Everything shipped in `policies/`.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Clause sheets by id, in catalogue order.
    pub clauses: IndexMap<String, ClauseSpec>,
    /// Built-in packs by id.
    pub packs: IndexMap<String, PackSpec>,
    pub lexicon: LexiconSpec,
    pub messages: Messages,
}

/// Parses one policy file.
pub fn parse_file<T: serde::de::DeserializeOwned>(
    file: &str,
    source: &str,
) -> Result<T, PolicyFileError> {
    let lines = LineIndex::new(source);
    yaml::parse::<T>(source, &lines)
        .map(|parsed| parsed.value)
        .map_err(|problem| PolicyFileError::new(file, source, &problem))
}

impl Catalogue {
    /// Parses the policy files embedded in the binary.
    pub fn builtin() -> Result<Self, PolicyFileError> {
        let clauses = embedded::CLAUSES
            .iter()
            .map(|(id, text)| {
                let spec: ClauseSpec = parse_file(&format!("clauses/{id}.yaml"), text)?;
                Ok(((*id).to_owned(), spec))
            })
            .collect::<Result<_, PolicyFileError>>()?;
        let packs = embedded::PACKS
            .iter()
            .map(|(id, text)| {
                let spec: PackSpec = parse_file(&format!("packs/{id}.yaml"), text)?;
                Ok(((*id).to_owned(), spec))
            })
            .collect::<Result<_, PolicyFileError>>()?;
        Ok(Self {
            clauses,
            packs,
            lexicon: parse_file("lexicon.yaml", embedded::LEXICON)?,
            messages: Messages::new(parse_file::<MessagesSpec>(
                "messages.yaml",
                embedded::MESSAGES,
            )?),
        })
    }

    /// The clause sheet with this id.
    pub fn clause(&self, id: &str) -> Option<&ClauseSpec> {
        self.clauses.get(id)
    }
}
