//! A YAML charter read into the typed model, with the positions of its keys.

use super::source::SourceFile;
use super::yaml::{self, YamlProblem};
use super::yaml_locator::Locator;
use crate::diag::Code;
use crate::model::charter::Charter;
use crate::model::lang::Lang;
use crate::text::span::Span;

/// A charter that parsed, with its source and locator.
pub struct LoadedCharter {
    pub source: SourceFile,
    pub charter: Charter,
    pub locator: Locator,
}

/// The `lang` a charter declares on a top-level line, read without parsing it (for the
/// messages about a charter that does not parse).
pub fn declared_lang(text: &str) -> Option<Lang> {
    text.lines()
        .find_map(|line| line.strip_prefix("lang:"))
        .and_then(|value| Lang::from_locale(value.trim().trim_matches(['"', '\''])))
}

/// Parses a charter; on failure, returns the source with the problem.
pub fn parse(source: SourceFile) -> Result<LoadedCharter, Box<(SourceFile, YamlProblem)>> {
    if source.text.trim().is_empty() {
        let problem = YamlProblem {
            code: Code::InvalidCharter,
            reason:
                "the file is empty (a charter starts with `charter: 1`; `charter init` writes one)"
                    .to_owned(),
            span: Span::new(0, 0),
            unknown: None,
            args: Vec::new(),
        };
        return Err(Box::new((source, problem)));
    }
    match yaml::parse::<Charter>(&source.text, &source.lines) {
        Ok(parsed) => Ok(LoadedCharter {
            charter: parsed.value,
            locator: parsed.locator,
            source,
        }),
        Err(problem) => Err(Box::new((source, problem))),
    }
}
