//! The project configuration applied to `charter lint`: the file found (or named with
//! `--config`), its packs, clauses and globs checked against the catalogue, its values
//! used where the command line gives none, its excludes and per-path overrides.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use indexmap::IndexMap;

use super::UsageError;
use crate::check::{FileReport, Status};
use crate::cli::LintArgs;
use crate::load::config::{self as config_loader, ConfigError};
use crate::model::config::FailOn;
use crate::model::config::{ProjectConfig, Setting};
use crate::model::lang::Lang;
use crate::policy::catalogue::Catalogue;
use crate::policy::messages::Messages;
use crate::policy::selection::{PackError, Selection};
use crate::text::span::Position;

/// The configuration of this run: `--no-config`, `--config FILE`, or the file discovered
/// from the current folder up to the repository root. Errors are in `lang` when the
/// command line gives it, else in the language the file declares.
pub(crate) fn resolve(
    named: Option<&Path>,
    no_config: bool,
    messages: &Messages,
    lang: Option<Lang>,
) -> Result<ProjectConfig, UsageError> {
    let file = if no_config {
        None
    } else if let Some(file) = named {
        Some(file.to_path_buf())
    } else {
        config_loader::discover(Path::new("")).map_err(|e| {
            let file = PathBuf::from(e.args.first().cloned().unwrap_or_default());
            config_error(
                messages,
                super::message_lang(lang).for_file(None),
                &file,
                &e,
            )
        })?
    };
    match file {
        None => Ok(ProjectConfig::default()),
        Some(file) => {
            config_loader::load(&file).map_err(|e| {
                // The file's own language, when it says one, is the user's; else the locale's.
                let declared = std::fs::read_to_string(&file)
                    .ok()
                    .and_then(|text| config_loader::declared_lang(&text));
                let lang = super::message_lang(lang).for_file(declared.map(Lang::code));
                config_error(messages, lang, &file, &e)
            })
        }
    }
}

/// A configuration error as a usage error: `file:line:col: message`, a did-you-mean and
/// what is expected there.
fn config_error(messages: &Messages, lang: Lang, file: &Path, error: &ConfigError) -> UsageError {
    let unread = error
        .unread
        .as_ref()
        .map(|reason| crate::pipeline::read_error_text(reason, messages, lang));
    let args: Vec<&str> = error
        .args
        .iter()
        .chain(&unread)
        .map(String::as_str)
        .collect();
    let message = messages.text(error.key, lang, &args);
    let mut hint = String::new();
    if let Some((wrong, expected)) = error.expected.as_deref() {
        hint.push_str(&messages.did_you_mean(lang, wrong, expected.iter().copied()));
        let list = if error.key.starts_with("config-unknown") {
            "config-keys"
        } else {
            "config-values"
        };
        hint.push_str(&messages.text(list, lang, &[&expected.join(", ")]));
    }
    hint.push_str(&messages.text("config-hint", lang, &[]));
    UsageError::new(
        messages.text("config-at", lang, &[&place(file, error.at), &message]),
        Some(hint),
    )
}

/// `file:line:col`, or the file alone without a position.
fn place(file: &Path, at: Option<Position>) -> String {
    match at {
        Some(Position { line, column }) => format!("{}:{line}:{column}", file.display()),
        None => file.display().to_string(),
    }
}

/// The configuration compiled for a lint run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Project {
    /// The folder the configuration's paths and globs are relative to.
    dir: PathBuf,
    /// What a bare `charter lint` lints, relative to the current folder.
    paths: Vec<PathBuf>,
    /// The packs when `--pack` is not given (user pack files relative to the current folder).
    packs: Vec<String>,
    fail_on: Option<FailOn>,
    lang: Option<Lang>,
    exclude: GlobSet,
    overrides: Vec<CompiledOverride>,
}

#[derive(Debug, Clone)]
struct CompiledOverride {
    paths: GlobSet,
    packs: Vec<String>,
    ignore: IndexMap<String, String>,
}

impl Project {
    /// Checks the configuration's packs, clauses and globs against the catalogue.
    pub(crate) fn compile(
        config: &ProjectConfig,
        catalogue: &Catalogue,
        lang: Lang,
    ) -> Result<Self, UsageError> {
        let file = config.file.clone().unwrap_or_default();
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let checker = Checker {
            catalogue,
            lang,
            file: &file,
            dir: &dir,
        };
        let lint = &config.lint;
        let mut overrides = Vec::new();
        for entry in &lint.overrides {
            for clause in entry.ignore.value.keys() {
                if !catalogue.clauses.contains_key(clause) {
                    let ids = catalogue.clauses.keys().map(String::as_str);
                    return Err(checker.error(
                        &entry.ignore,
                        "config-unknown-clause",
                        &[clause, "lint.overrides.ignore"],
                        &catalogue.messages.did_you_mean(lang, clause, ids),
                    ));
                }
            }
            overrides.push(CompiledOverride {
                paths: checker.globs(&entry.paths, "lint.overrides.paths")?,
                packs: checker.packs(&entry.packs, "lint.overrides.packs")?,
                ignore: entry.ignore.value.clone(),
            });
        }
        let mut paths: Vec<PathBuf> = lint.paths.value.iter().map(|p| dir.join(p)).collect();
        if paths.is_empty() {
            paths.push(if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir.clone()
            });
        }
        Ok(Self {
            paths,
            packs: checker.packs(&lint.packs, "lint.packs")?,
            fail_on: lint.fail_on.value,
            lang: lint.lang.value,
            exclude: checker.globs(&lint.exclude, "lint.exclude")?,
            overrides,
            dir,
        })
    }

    /// Uses the configuration where the command line says nothing (paths, packs, `fail-on`,
    /// language); the run keeps the project for excludes and overrides.
    pub(crate) fn apply_to(self, args: &mut LintArgs) {
        if args.paths.is_empty() {
            args.paths.clone_from(&self.paths);
        }
        if args.packs.is_empty() {
            args.packs.clone_from(&self.packs);
        }
        if let (false, Some(fail_on)) = (args.given.fail_on, self.fail_on) {
            args.fail_on = fail_on;
        }
        if let (None, Some(lang)) = (args.lang, self.lang) {
            args.lang = Some(lang);
        }
        args.project = self;
    }

    /// Whether the configuration excludes a file from linting.
    pub(crate) fn excludes(&self, path: &Path) -> bool {
        self.exclude.is_match(self.relative(path))
    }

    /// The packs a file is checked against: `packs` plus those of the overrides matching it.
    pub(crate) fn packs_for(&self, path: &Path, packs: &[String]) -> Vec<String> {
        let relative = self.relative(path);
        let mut all = packs.to_vec();
        for entry in self
            .overrides
            .iter()
            .filter(|o| o.paths.is_match(&relative))
        {
            for pack in &entry.packs {
                if !all.contains(pack) {
                    all.push(pack.clone());
                }
            }
        }
        all
    }

    /// Drops the findings of the clauses the overrides matching the file ignore; their
    /// coverage is marked waived.
    pub(crate) fn ignore(&self, report: &mut FileReport) {
        let relative = self.relative(Path::new(&report.path));
        let ignored: Vec<&String> = self
            .overrides
            .iter()
            .filter(|o| o.paths.is_match(&relative))
            .flat_map(|o| o.ignore.keys())
            .collect();
        if ignored.is_empty() {
            return;
        }
        let is_ignored = |clause: Option<&String>| clause.is_some_and(|c| ignored.contains(&c));
        report
            .diagnostics
            .retain(|d| !is_ignored(d.clause.as_ref()));
        for coverage in &mut report.coverage {
            if is_ignored(Some(&coverage.clause)) {
                coverage.status = Status::Waived;
            }
        }
    }

    /// A path relative to the configuration's folder, as its globs are written.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = |p: &Path| {
            let p = if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            };
            std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
        };
        let (path, dir) = (absolute(path), absolute(&self.dir));
        path.strip_prefix(&dir)
            .map(Path::to_path_buf)
            .unwrap_or(path)
    }
}

/// Checks the values of one configuration file, with its positions for errors.
struct Checker<'a> {
    catalogue: &'a Catalogue,
    lang: Lang,
    file: &'a Path,
    dir: &'a Path,
}

impl Checker<'_> {
    fn error<T>(&self, setting: &Setting<T>, key: &str, args: &[&str], hint: &str) -> UsageError {
        let messages = &self.catalogue.messages;
        let message = messages.text(key, self.lang, args);
        let hint = format!("{hint}{}", messages.text("config-hint", self.lang, &[]));
        UsageError::new(
            messages.text(
                "config-at",
                self.lang,
                &[&place(self.file, setting.at), &message],
            ),
            Some(hint),
        )
    }

    fn globs(&self, setting: &Setting<Vec<String>>, name: &str) -> Result<GlobSet, UsageError> {
        let mut set = GlobSetBuilder::new();
        for text in &setting.value {
            let glob: Result<Glob, _> = GlobBuilder::new(text).literal_separator(true).build();
            match glob {
                Ok(glob) => {
                    set.add(glob);
                }
                Err(e) => {
                    let reason = e.kind().to_string();
                    return Err(self.error(setting, "config-bad-glob", &[text, name, &reason], ""));
                }
            }
        }
        set.build().map_err(|e| {
            self.error(
                setting,
                "config-bad-glob",
                &[&setting.value.join(", "), name, &e.to_string()],
                "",
            )
        })
    }

    /// Pack names, checked; a user pack file is made relative to the configuration file.
    fn packs(&self, setting: &Setting<Vec<String>>, name: &str) -> Result<Vec<String>, UsageError> {
        setting
            .value
            .iter()
            .map(|pack| {
                match Selection::resolve(self.catalogue, std::slice::from_ref(pack), self.dir) {
                    Ok(_) if self.catalogue.packs.contains_key(pack) || pack == "all" => {
                        Ok(pack.clone())
                    }
                    Ok(_) => Ok(self.dir.join(pack).display().to_string()),
                    Err(error) => {
                        let hint = match &error {
                            PackError::Unknown { hint: Some(h), .. } => self
                                .catalogue
                                .messages
                                .did_you_mean(self.lang, pack, [h.as_str()]),
                            _ => String::new(),
                        };
                        Err(self.error(setting, "config-unknown-pack", &[pack, name], &hint))
                    }
                }
            })
            .collect()
    }
}
