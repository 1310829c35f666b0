//! Packs resolved into the clauses a run asks for and at which level (`extends`,
//! several packs at once, `all`, user pack files).

use std::path::Path;

use indexmap::IndexMap;

use super::catalogue::{parse_file, Catalogue, PolicyFileError};
use crate::diag::Severity;
use crate::load::source::ReadError;
use crate::model::policy::{Level, LevelSpec, PackSpec, Trigger};

/// The name that selects every clause of the catalogue.
pub const ALL: &str = "all";

/// The pack used when a charter or a command names none.
pub const DEFAULT_PACK: &str = "baseline";

/// How strongly the selected packs ask for one clause.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirement {
    /// Some pack requires it outright.
    pub required: bool,
    /// Situations that make it required.
    pub when: Vec<Trigger>,
}

/// What a charter declares that can switch conditional clauses on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Triggers {
    pub public_facing: bool,
    pub high_risk: bool,
}

impl Triggers {
    fn fires(self, trigger: Trigger) -> bool {
        match trigger {
            Trigger::PublicFacing => self.public_facing,
            Trigger::HighRisk => self.high_risk,
        }
    }
}

impl Requirement {
    /// Error when required (outright or by a trigger that fires), warning otherwise.
    pub fn severity(&self, triggers: Triggers) -> Severity {
        if self.required || self.when.iter().any(|t| triggers.fires(*t)) {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    fn add(&mut self, spec: LevelSpec) {
        match spec {
            LevelSpec::Plain(Level::Required) => self.required = true,
            LevelSpec::Plain(Level::Recommended) => {}
            LevelSpec::Conditional(conditional) => {
                if !self.when.contains(&conditional.when) {
                    self.when.push(conditional.when);
                }
            }
        }
    }
}

/// The packs of a run and the clauses they ask for, in catalogue order.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Pack ids, in the order given.
    pub packs: Vec<String>,
    pub clauses: IndexMap<String, Requirement>,
    /// Detection patterns added by user packs.
    pub additions: Vec<Addition>,
}

/// Detection patterns a user pack adds to a clause, with the file they come from.
#[derive(Debug, Clone)]
pub struct Addition {
    pub clause: String,
    pub patterns: crate::model::policy::PackDetect,
    pub file: String,
    /// The pack file's text, to give the position of a faulty pattern.
    pub source: std::sync::Arc<str>,
}

impl Addition {
    /// `file:line:column` of a pattern's first occurrence in the pack file.
    pub fn place(&self, pattern: &str) -> String {
        let lines = crate::text::span::LineIndex::new(&self.source);
        let at = self
            .source
            .find(pattern)
            .or_else(|| self.source.find("detect:"))
            .unwrap_or(0);
        let position = lines.position(&self.source, at);
        format!("{}:{}:{}", self.file, position.line, position.column)
    }
}

/// Why packs could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("unknown pack `{name}`")]
    Unknown { name: String, hint: Option<String> },
    #[error("cannot read pack file {path}: {reason}")]
    Unreadable { path: String, reason: ReadError },
    #[error(transparent)]
    Invalid(#[from] PolicyFileError),
    #[error("pack `{pack}` asks for unknown clause `{clause}`")]
    UnknownClause {
        pack: String,
        clause: String,
        hint: Option<String>,
    },
    #[error("pack `{0}` extends itself through `extends`")]
    Cycle(String),
    #[error("pack file `{0}` is not a .yaml file inside the charter's folder")]
    Outside(String),
}

impl Selection {
    /// Resolves pack names (built-in ids, `all`, or paths to user pack files, relative to `base`).
    pub fn resolve(
        catalogue: &Catalogue,
        names: &[String],
        base: &Path,
    ) -> Result<Self, PackError> {
        let mut packs = Vec::new();
        let mut additions = Vec::new();
        let mut asked: IndexMap<String, Requirement> = IndexMap::new();
        for name in names {
            let (id, levels) = if name == ALL {
                let levels = catalogue
                    .clauses
                    .keys()
                    .map(|id| (id.clone(), LevelSpec::Plain(Level::Recommended)))
                    .collect();
                (ALL.to_owned(), levels)
            } else {
                let (spec, added) = load_pack(catalogue, name, base)?;
                additions.extend(added);
                (spec.id.clone(), flatten(catalogue, &spec, &mut Vec::new())?)
            };
            for (clause, level) in levels {
                asked.entry(clause).or_default().add(level);
            }
            if !packs.contains(&id) {
                packs.push(id);
            }
        }
        let clauses = catalogue
            .clauses
            .keys()
            .filter_map(|id| asked.shift_remove(id).map(|r| (id.clone(), r)))
            .collect();
        Ok(Self {
            packs,
            clauses,
            additions,
        })
    }

    /// Resolves `names`, or the default pack when the list is empty.
    pub fn resolve_or_default(
        catalogue: &Catalogue,
        names: &[String],
        base: &Path,
    ) -> Result<Self, PackError> {
        if names.is_empty() {
            Self::resolve(catalogue, &[DEFAULT_PACK.to_owned()], base)
        } else {
            Self::resolve(catalogue, names, base)
        }
    }

    /// Resolves the packs a charter names (the default pack when none): each is a built-in
    /// name or a regular `.yaml` file inside `base`, the charter's folder tree.
    pub fn resolve_charter(
        catalogue: &Catalogue,
        names: &[String],
        base: &Path,
    ) -> Result<Self, PackError> {
        for name in names {
            confine(catalogue, name, base)?;
        }
        Self::resolve_or_default(catalogue, names, base)
    }

    /// The requirement on a clause, if a selected pack asks for it.
    pub fn requirement(&self, clause: &str) -> Option<&Requirement> {
        self.clauses.get(clause)
    }
}

fn is_path(name: &str) -> bool {
    let extension = Path::new(name).extension().and_then(|e| e.to_str());
    extension.is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        || name.contains('/')
        || name.contains('\\')
}

/// Refuses a pack file a charter names unless it is a `.yaml` file inside `base`'s tree: no
/// absolute path, no `..`, no symbolic link leading out (a charter from a pull request must
/// not make `charter` read `../.env`). Built-in names pass; a missing file fails later.
pub fn confine(catalogue: &Catalogue, name: &str, base: &Path) -> Result<(), PackError> {
    if name == ALL || catalogue.packs.contains_key(name) || !is_path(name) {
        return Ok(());
    }
    let outside = || PackError::Outside(name.to_owned());
    let path = Path::new(name);
    let yaml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let plain = path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    if !yaml || !plain || name.contains('\\') {
        return Err(outside());
    }
    let base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    let (Ok(root), Ok(target)) = (base.canonicalize(), base.join(path).canonicalize()) else {
        return Ok(());
    };
    if target.starts_with(&root) {
        Ok(())
    } else {
        Err(outside())
    }
}

/// A parser's reason with the quoted bits of the file replaced by `…`, keeping short names
/// such as a misspelt field: a pack file's content never reaches a report.
fn without_content(reason: &str) -> String {
    static QUOTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""(?:[^"\\]|\\.)*"|`[^`]*`"#).expect("valid pattern")
    });
    QUOTED
        .replace_all(reason, |found: &regex::Captures| {
            let quoted = &found[0];
            let inner = &quoted[1..quoted.len() - 1];
            let name = !inner.is_empty()
                && inner.len() <= 24
                && inner
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if name {
                quoted.to_owned()
            } else {
                "…".to_owned()
            }
        })
        .into_owned()
}

/// A built-in pack, or a user pack file with the detection patterns it adds.
fn load_pack(
    catalogue: &Catalogue,
    name: &str,
    base: &Path,
) -> Result<(PackSpec, Vec<Addition>), PackError> {
    if let Some(spec) = catalogue.packs.get(name) {
        return Ok((spec.clone(), Vec::new()));
    }
    if !is_path(name) {
        let candidates = catalogue.packs.keys().map(String::as_str).chain([ALL]);
        return Err(PackError::Unknown {
            name: name.to_owned(),
            hint: super::messages::closest(name, candidates).map(str::to_owned),
        });
    }
    let path = if base == Path::new(".") {
        Path::new(name).to_path_buf()
    } else {
        base.join(name)
    };
    let source = crate::load::read_text(&path).map_err(|reason| PackError::Unreadable {
        path: path.display().to_string(),
        reason,
    })?;
    let file = path.display().to_string();
    // Keys given twice and alias bombs are refused before serde builds anything.
    if let Err((reason, at)) = crate::load::yaml_locator::Locator::new(&source) {
        let position = crate::text::span::LineIndex::new(&source).position(&source, at);
        return Err(PackError::Invalid(PolicyFileError {
            file,
            line: position.line,
            column: position.column,
            reason: without_content(&reason.to_string()),
        }));
    }
    let spec: PackSpec = parse_file(&file, &source).map_err(|mut error| {
        error.reason = without_content(&error.reason);
        error
    })?;
    for clause in spec.clauses.keys().chain(spec.detect.keys()) {
        if catalogue.clause(clause).is_none() {
            return Err(PackError::UnknownClause {
                pack: spec.id.clone(),
                clause: clause.clone(),
                hint: super::messages::closest(
                    clause,
                    catalogue.clauses.keys().map(String::as_str),
                )
                .map(str::to_owned),
            });
        }
    }
    let source: std::sync::Arc<str> = source.into();
    let additions = spec
        .detect
        .iter()
        .map(|(clause, patterns)| Addition {
            clause: clause.clone(),
            patterns: patterns.clone(),
            file: file.clone(),
            source: source.clone(),
        })
        .collect();
    Ok((spec, additions))
}

/// The levels of a pack with its `extends` chain applied (the pack's own entries win).
fn flatten(
    catalogue: &Catalogue,
    spec: &PackSpec,
    seen: &mut Vec<String>,
) -> Result<IndexMap<String, LevelSpec>, PackError> {
    if seen.contains(&spec.id) {
        return Err(PackError::Cycle(spec.id.clone()));
    }
    seen.push(spec.id.clone());
    let mut levels = match &spec.extends {
        None => IndexMap::new(),
        Some(parent) => {
            let parent_spec = catalogue
                .packs
                .get(parent)
                .ok_or_else(|| PackError::Unknown {
                    name: parent.clone(),
                    hint: super::messages::closest(
                        parent,
                        catalogue.packs.keys().map(String::as_str),
                    )
                    .map(str::to_owned),
                })?;
            flatten(catalogue, parent_spec, seen)?
        }
    };
    for (clause, level) in &spec.clauses {
        levels.insert(clause.clone(), *level);
    }
    Ok(levels)
}
