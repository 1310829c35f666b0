//! The built-in policy files, parsed: clause sheets, packs, lexicon and messages.

use indexmap::IndexMap;
use rayon::prelude::*;

use super::embedded;
use super::messages::Messages;
use super::model::Model;
use crate::load::yaml::reason_of;
use crate::model::policy::{ClauseSpec, LexiconSpec, MessagesSpec, PackSpec};
use crate::model::uses::UsesSpec;

/// A built-in policy file that does not parse (a bug in `policies/`, caught by the tests).
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {reason}")]
pub struct PolicyFileError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// Where the fitted detection weights live.
pub const MODEL_FILE: &str = "policies/detection-model.yaml";

/// Everything shipped in `policies/`.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Clause sheets by id, in catalogue order.
    pub clauses: IndexMap<String, ClauseSpec>,
    /// Built-in packs by id.
    pub packs: IndexMap<String, PackSpec>,
    pub lexicon: LexiconSpec,
    pub messages: Messages,
    /// The common uses the guided `charter init` asks about, and their wording.
    pub uses: UsesSpec,
    /// The fitted detection weights.
    pub model: Model,
}

/// Parses one policy file (positions come from the parser's error, if any).
pub fn parse_file<T: serde::de::DeserializeOwned>(
    file: &str,
    source: &str,
) -> Result<T, PolicyFileError> {
    serde_yaml::from_str::<T>(source).map_err(|error| {
        let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
        PolicyFileError {
            file: file.to_owned(),
            line,
            column,
            reason: reason_of(&error),
        }
    })
}

impl Catalogue {
    /// Parses the policy files embedded in the binary.
    pub fn builtin() -> Result<Self, PolicyFileError> {
        let clauses: Vec<(String, ClauseSpec)> = embedded::CLAUSES
            .par_iter()
            .map(|(id, text)| {
                let spec: ClauseSpec = parse_file(&format!("policies/clauses/{id}.yaml"), text)?;
                Ok(((*id).to_owned(), spec))
            })
            .collect::<Result<_, PolicyFileError>>()?;
        let clauses = clauses.into_iter().collect();
        let packs = embedded::PACKS
            .iter()
            .map(|(id, text)| {
                let spec: PackSpec = parse_file(&format!("policies/packs/{id}.yaml"), text)?;
                Ok(((*id).to_owned(), spec))
            })
            .collect::<Result<_, PolicyFileError>>()?;
        let model: Model = parse_file(MODEL_FILE, embedded::MODEL)?;
        model.check().map_err(|reason| PolicyFileError {
            file: MODEL_FILE.to_owned(),
            line: 1,
            column: 1,
            reason: reason.to_owned(),
        })?;
        Ok(Self {
            model,
            clauses,
            packs,
            lexicon: parse_file("policies/lexicon.yaml", embedded::LEXICON)?,
            messages: Messages::new(parse_file::<MessagesSpec>(
                "messages.yaml",
                embedded::MESSAGES,
            )?),
            uses: parse_file("policies/uses.yaml", embedded::USES)?,
        })
    }

    /// The clause sheet with this id.
    pub fn clause(&self, id: &str) -> Option<&ClauseSpec> {
        self.clauses.get(id)
    }
}
