//! The project configuration (`charter.toml`): what a bare `charter lint` checks, and where
//! each value was set. The JSON Schema of the file is generated from these types.

use std::path::PathBuf;

use indexmap::IndexMap;
use schemars::JsonSchema;

use crate::model::lang::Lang;
use crate::text::span::Position;

/// The lowest severity that makes `charter lint` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, schemars::JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
}

/// A configuration value and the place in the file that set it (`None`: the default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub at: Option<Position>,
}

impl<T> Setting<T> {
    pub fn at(value: T, at: Position) -> Self {
        Self {
            value,
            at: Some(at),
        }
    }
}

/// `charter.toml`: the configuration of `charter` for a project.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields, title = "charter.toml")]
pub struct ProjectConfig {
    /// The file the configuration was read from (`None`: no file, every value is a default).
    #[schemars(skip)]
    pub file: Option<PathBuf>,
    /// What `charter lint` checks.
    #[schemars(default)]
    pub lint: LintConfig,
}

/// The `[lint]` table.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LintConfig {
    /// What a bare `charter lint` lints: files and folders, relative to this file.
    #[schemars(with = "Vec<String>", default)]
    pub paths: Setting<Vec<String>>,
    /// Globs (relative to this file) of files never linted, e.g. `docs/archive/**`.
    #[schemars(with = "Vec<String>", default)]
    pub exclude: Setting<Vec<String>>,
    /// Packs to check against when `--pack` is not given (added to a charter's own packs).
    #[schemars(with = "Vec<String>", default)]
    pub packs: Setting<Vec<String>>,
    /// Exit with 1 when there are findings at or above this severity (`--fail-on`).
    #[schemars(rename = "fail-on", with = "FailOn", default)]
    pub fail_on: Setting<Option<FailOn>>,
    /// Language of messages (`--lang`).
    #[schemars(with = "Lang", default)]
    pub lang: Setting<Option<Lang>>,
    /// Settings for the files under some paths.
    #[schemars(default)]
    pub overrides: Vec<Override>,
}

/// One `[[lint.overrides]]` table: packs and ignored clauses for the files its globs match.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Override {
    /// Globs (relative to this file) of the files this override is for.
    #[schemars(with = "Vec<String>")]
    pub paths: Setting<Vec<String>>,
    /// Packs these files are also checked against.
    #[schemars(with = "Vec<String>", default)]
    pub packs: Setting<Vec<String>>,
    /// Clauses not checked in these files, each with the reason why (required).
    #[schemars(with = "IndexMap<String, String>", default)]
    pub ignore: Setting<IndexMap<String, String>>,
}
