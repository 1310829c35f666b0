//! The built-in policy files, parsed: clause sheets, packs, lexicon and messages.

use std::path::Path;
use std::sync::OnceLock;

use indexmap::IndexMap;
use rayon::prelude::*;

use super::embedded;
use super::messages::Messages;
use super::model::Model;
use super::suggested::SuggestedSentences;
use crate::load::yaml::reason_of;
use crate::model::lang::{Lang, LanguageSpec, BUILTIN_LANGUAGES};
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

/// Parses a languages file; a code is two or three lower-case ASCII letters (ISO 639).
fn parse_languages(file: &str, text: &str) -> Result<Vec<LanguageSpec>, PolicyFileError> {
    let specs: Vec<LanguageSpec> = parse_file(file, text)?;
    match specs.iter().find(|spec| {
        !(2..=3).contains(&spec.code.len()) || !spec.code.bytes().all(|b| b.is_ascii_lowercase())
    }) {
        Some(bad) => Err(PolicyFileError {
            file: file.to_owned(),
            line: 1,
            column: 1,
            reason: format!(
                "`{}` is not a language code (two or three lower-case letters, ISO 639)",
                bad.code
            ),
        }),
        None => Ok(specs),
    }
}

/// Reads an overlay file.
fn read_overlay(path: &Path, file: &str) -> Result<String, PolicyFileError> {
    std::fs::read_to_string(path).map_err(|error| PolicyFileError {
        file: file.to_owned(),
        line: 1,
        column: 1,
        reason: error.to_string(),
    })
}

/// Lays `overlay` over `base`: mappings are merged key by key, anything else replaced.
fn merge(base: &mut serde_yaml::Value, overlay: serde_yaml::Value) {
    match (base, overlay) {
        (serde_yaml::Value::Mapping(base), serde_yaml::Value::Mapping(overlay)) => {
            for (key, value) in overlay {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, overlay) => *base = overlay,
    }
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
    /// The sentences of all suggested wording, worked out on first use.
    suggested: OnceLock<SuggestedSentences>,
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

/// A policy file's text.
enum PolicyText {
    /// The embedded one, as JSON.
    Embedded(&'static str),
    /// An overlay's version of it, as YAML.
    Overlaid(String),
}

/// A policy file's text from its path and embedded JSON: the embedded one, or an
/// overlay's version of it.
type Source<'a> = dyn Fn(&str, &'static str) -> Result<PolicyText, PolicyFileError> + Sync + 'a;

/// Parses the policy file at `path` (its embedded text, or the overlay's version of it).
fn load<T: serde::de::DeserializeOwned>(
    source: &Source,
    path: &str,
    embedded: &'static str,
) -> Result<T, PolicyFileError> {
    match source(path, embedded)? {
        PolicyText::Embedded(json) => parse_embedded(path, json),
        PolicyText::Overlaid(yaml) => parse_file(path, &yaml),
    }
}

/// Parses an embedded policy file (JSON written by `build.rs` from the YAML file).
fn parse_embedded<T: serde::de::DeserializeOwned>(
    path: &str,
    json: &str,
) -> Result<T, PolicyFileError> {
    serde_json::from_str(json).map_err(|error| PolicyFileError {
        file: path.to_owned(),
        line: error.line(),
        column: error.column(),
        reason: error.to_string(),
    })
}

impl Catalogue {
    /// Parses the policy files embedded in the binary.
    pub fn builtin() -> Result<Self, PolicyFileError> {
        Self::parse(&|_, embedded| Ok(PolicyText::Embedded(embedded)))
    }

    /// The embedded policy files with those of `dir` laid over them: `languages.yaml`
    /// adds languages, and a file at the path of a policy file (`messages.yaml`,
    /// `clauses/security.yaml`…) is merged into it, mapping by mapping (so a language is
    /// added by giving its text beside each `en:`). How a new language is tried before
    /// it ships.
    pub fn with_overlay(dir: &Path) -> Result<Self, PolicyFileError> {
        let languages = dir.join("languages.yaml");
        if languages.exists() {
            let file = languages.display().to_string();
            let text = read_overlay(&languages, &file)?;
            let specs = parse_languages(&file, &text)?;
            for spec in specs {
                Lang::register(spec);
            }
        }
        Self::parse(&|path, embedded| {
            let overlay = dir.join(path.trim_start_matches("policies/"));
            if !overlay.exists() {
                return Ok(PolicyText::Embedded(embedded));
            }
            let file = overlay.display().to_string();
            let mut merged: serde_yaml::Value = parse_embedded(path, embedded)?;
            let text = read_overlay(&overlay, &file)?;
            merge(&mut merged, parse_file(&file, &text)?);
            serde_yaml::to_string(&merged)
                .map(PolicyText::Overlaid)
                .map_err(|error| PolicyFileError {
                    file,
                    line: 1,
                    column: 1,
                    reason: error.to_string(),
                })
        })
    }

    fn parse(source: &Source) -> Result<Self, PolicyFileError> {
        parse_languages("policies/languages.yaml", BUILTIN_LANGUAGES)?;
        let clauses: Vec<(String, ClauseSpec)> = embedded::CLAUSES
            .par_iter()
            .map(|(id, text)| {
                let spec: ClauseSpec = load(source, &format!("policies/clauses/{id}.yaml"), text)?;
                Ok(((*id).to_owned(), spec))
            })
            .collect::<Result<_, PolicyFileError>>()?;
        let clauses = clauses.into_iter().collect();
        let packs = embedded::PACKS
            .iter()
            .map(|(id, text)| {
                let spec: PackSpec = load(source, &format!("policies/packs/{id}.yaml"), text)?;
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
            lexicon: load(source, "policies/lexicon.yaml", embedded::LEXICON)?,
            messages: Messages::new(load::<MessagesSpec>(
                source,
                "policies/messages.yaml",
                embedded::MESSAGES,
            )?),
            uses: load(source, "policies/uses.yaml", embedded::USES)?,
            suggested: OnceLock::new(),
        })
    }

    /// The built-in policies, parsed once per process.
    pub fn shared() -> Result<&'static Catalogue, &'static PolicyFileError> {
        static BUILTIN: OnceLock<Result<Catalogue, PolicyFileError>> = OnceLock::new();
        BUILTIN.get_or_init(Catalogue::builtin).as_ref()
    }

    /// The clause sheet with this id.
    pub fn clause(&self, id: &str) -> Option<&ClauseSpec> {
        self.clauses.get(id)
    }

    /// The sentences of every clause's suggested wording and of the per-use wording.
    pub fn suggested_sentences(&self) -> &SuggestedSentences {
        self.suggested
            .get_or_init(|| SuggestedSentences::of(self.clauses.values(), &self.uses))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded JSON of `path` reads as its YAML file does.
    fn reads_as_yaml<T: serde::de::DeserializeOwned + std::fmt::Debug>(path: &str, json: &str) {
        let yaml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let from_yaml: T = parse_file(path, &yaml).unwrap();
        let from_json: T = parse_embedded(path, json).unwrap();
        assert_eq!(format!("{from_yaml:?}"), format!("{from_json:?}"), "{path}");
    }

    #[test]
    fn every_embedded_policy_file_reads_as_its_yaml_file() {
        for (id, json) in embedded::CLAUSES {
            reads_as_yaml::<ClauseSpec>(&format!("policies/clauses/{id}.yaml"), json);
        }
        for (id, json) in embedded::PACKS {
            reads_as_yaml::<PackSpec>(&format!("policies/packs/{id}.yaml"), json);
        }
        reads_as_yaml::<LexiconSpec>("policies/lexicon.yaml", embedded::LEXICON);
        reads_as_yaml::<MessagesSpec>("policies/messages.yaml", embedded::MESSAGES);
        reads_as_yaml::<UsesSpec>("policies/uses.yaml", embedded::USES);
    }
}
