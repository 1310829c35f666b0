//! `charter.toml` found and read: discovery from the current folder up to the repository
//! root, TOML parsed with positions, every key and value checked (unknown keys and bad
//! values are errors with line, column and a did-you-mean).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::load::source::ReadError;
use crate::model::config::FailOn;
use crate::model::config::{LintConfig, Override, ProjectConfig, Setting};
use crate::model::lang::Lang;
use crate::text::span::{LineIndex, Position};

/// The names a project configuration file may have, in order of preference.
pub const NAMES: [&str; 2] = ["charter.toml", ".charter.toml"];

/// Why the configuration cannot be used: a message key of `policies/messages.yaml` with its
/// values, the place in the file, and the words the wrong one may be a typo of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub at: Option<Position>,
    pub key: &'static str,
    pub args: Vec<String>,
    /// The word the user wrote and the words expected there.
    pub expected: Option<Box<(String, Vec<&'static str>)>>,
    /// Why the file could not be read: its wording is the last value of the message.
    pub unread: Option<ReadError>,
}

/// Finds the configuration file for a run in `start`: in it or a parent folder, up to the
/// repository root (the folder holding `.git`) or the file-system root.
pub fn discover(start: &Path) -> Result<Option<PathBuf>, ConfigError> {
    let mut dir = start.to_path_buf();
    loop {
        let found: Vec<PathBuf> = NAMES
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| path.is_file())
            .collect();
        match found.as_slice() {
            [one] => return Ok(Some(one.clone())),
            [first, second] => {
                return Err(error_at(
                    None,
                    "config-ambiguous",
                    vec![first.display().to_string(), second.display().to_string()],
                ))
            }
            _ => {}
        }
        let here = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        };
        let at_top = here.join(".git").exists()
            || here.canonicalize().map_or(true, |d| d.parent().is_none());
        if at_top {
            return Ok(None);
        }
        dir = dir.join("..");
    }
}

/// Reads and checks a configuration file.
pub fn load(file: &Path) -> Result<ProjectConfig, ConfigError> {
    let text = crate::load::read_text(file).map_err(|reason| ConfigError {
        unread: Some(reason),
        ..error_at(None, "config-unreadable", vec![file.display().to_string()])
    })?;
    parse(file, &text)
}

/// Checks the text of a configuration file.
pub fn parse(file: &Path, text: &str) -> Result<ProjectConfig, ConfigError> {
    let reader = Reader {
        text,
        lines: LineIndex::new(text),
    };
    let root = DeTable::parse(text).map_err(|error| {
        let at = error.span().map(|span| reader.position(span.start));
        error_at(at, "config-syntax", vec![error.message().trim().to_owned()])
    })?;
    let mut config = ProjectConfig {
        file: Some(file.to_path_buf()),
        ..ProjectConfig::default()
    };
    for (key, value) in reader.entries(root.get_ref(), "", &["lint"])? {
        if key == "lint" {
            config.lint = reader.lint(&value)?;
        }
    }
    Ok(config)
}

/// The language a configuration file asks for (`lint.lang`), read even when the rest of the
/// file is wrong: its errors are shown in that language.
pub fn declared_lang(text: &str) -> Option<Lang> {
    let root = DeTable::parse(text).ok()?;
    let DeValue::Table(lint) = root.get_ref().get("lint")?.get_ref() else {
        return None;
    };
    match lint.get("lang")?.get_ref() {
        DeValue::String(code) => Lang::new(code),
        _ => None,
    }
}

fn error_at(at: Option<Position>, key: &'static str, args: Vec<String>) -> ConfigError {
    ConfigError {
        at,
        key,
        args,
        expected: None,
        unread: None,
    }
}

struct Reader<'a> {
    text: &'a str,
    lines: LineIndex,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl Reader<'_> {
    fn position(&self, offset: usize) -> Position {
        self.lines.position(self.text, offset)
    }

    /// The entries of a table in file order; a key not in `known` is an error.
    fn entries<'i>(
        &self,
        table: &DeTable<'i>,
        name: &str,
        known: &[&'static str],
    ) -> Result<Vec<(Cow<'i, str>, Value<'i>)>, ConfigError> {
        let mut entries: Vec<_> = table
            .iter()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        entries
            .into_iter()
            .map(|(key, value)| {
                let start = key.span().start;
                let key = key.into_inner();
                if known.contains(&key.as_ref()) {
                    Ok((key, value))
                } else {
                    let message = if name.is_empty() {
                        "config-unknown-table"
                    } else {
                        "config-unknown-key"
                    };
                    Err(ConfigError {
                        expected: Some(Box::new((key.to_string(), known.to_vec()))),
                        ..error_at(
                            Some(self.position(start)),
                            message,
                            vec![key.to_string(), name.to_owned()],
                        )
                    })
                }
            })
            .collect()
    }

    fn table<'v, 'i>(
        &self,
        value: &'v Value<'i>,
        name: &str,
    ) -> Result<&'v DeTable<'i>, ConfigError> {
        match value.get_ref() {
            DeValue::Table(table) => Ok(table),
            _ => Err(error_at(
                Some(self.position(value.span().start)),
                "config-not-table",
                vec![name.to_owned()],
            )),
        }
    }

    fn lint(&self, value: &Value) -> Result<LintConfig, ConfigError> {
        const KEYS: [&str; 6] = ["paths", "exclude", "packs", "fail-on", "lang", "overrides"];
        let mut lint = LintConfig::default();
        for (key, value) in self.entries(self.table(value, "lint")?, "lint", &KEYS)? {
            let name = format!("lint.{key}");
            match key.as_ref() {
                "paths" => lint.paths = self.strings(&value, &name)?,
                "exclude" => lint.exclude = self.strings(&value, &name)?,
                "packs" => lint.packs = self.strings(&value, &name)?,
                "fail-on" => {
                    let (choice, at) = self.choice(&value, &name, &["error", "warning"])?;
                    let fail_on = if choice == "warning" {
                        FailOn::Warning
                    } else {
                        FailOn::Error
                    };
                    lint.fail_on = Setting::at(Some(fail_on), at);
                }
                "lang" => {
                    let codes: Vec<&str> = Lang::all().into_iter().map(Lang::code).collect();
                    let (choice, at) = self.choice(&value, &name, &codes)?;
                    lint.lang = Setting::at(Lang::new(&choice), at);
                }
                _ => lint.overrides = self.overrides(&value)?,
            }
        }
        Ok(lint)
    }

    fn overrides(&self, value: &Value) -> Result<Vec<Override>, ConfigError> {
        const KEYS: [&str; 3] = ["paths", "packs", "ignore"];
        let name = "lint.overrides";
        let DeValue::Array(items) = value.get_ref() else {
            return Err(error_at(
                Some(self.position(value.span().start)),
                "config-not-tables",
                vec![name.to_owned()],
            ));
        };
        let mut overrides = Vec::new();
        for item in items {
            let table = self.table(item, name)?;
            let mut entry = Override::default();
            for (key, value) in self.entries(table, name, &KEYS)? {
                let key_name = format!("{name}.{key}");
                match key.as_ref() {
                    "paths" => entry.paths = self.strings(&value, &key_name)?,
                    "packs" => entry.packs = self.strings(&value, &key_name)?,
                    _ => entry.ignore = self.reasons(&value, &key_name)?,
                }
            }
            if entry.paths.at.is_none() {
                return Err(error_at(
                    Some(self.position(item.span().start)),
                    "config-missing",
                    vec![format!("{name}.paths")],
                ));
            }
            overrides.push(entry);
        }
        Ok(overrides)
    }

    /// A list of strings.
    fn strings(&self, value: &Value, name: &str) -> Result<Setting<Vec<String>>, ConfigError> {
        let at = self.position(value.span().start);
        let not_strings = |at| error_at(Some(at), "config-not-strings", vec![name.to_owned()]);
        let DeValue::Array(items) = value.get_ref() else {
            return Err(not_strings(at));
        };
        let strings = items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(text) => Ok(text.to_string()),
                _ => Err(not_strings(self.position(item.span().start))),
            })
            .collect::<Result<_, _>>()?;
        Ok(Setting::at(strings, at))
    }

    /// One of a closed set of strings.
    fn choice(
        &self,
        value: &Value,
        name: &str,
        choices: &[&'static str],
    ) -> Result<(String, Position), ConfigError> {
        let at = self.position(value.span().start);
        let text = match value.get_ref() {
            DeValue::String(text) => text.to_string(),
            _ => String::new(),
        };
        if choices.contains(&text.as_str()) {
            Ok((text, at))
        } else {
            Err(ConfigError {
                expected: Some(Box::new((text.clone(), choices.to_vec()))),
                ..error_at(Some(at), "config-bad-value", vec![name.to_owned(), text])
            })
        }
    }

    /// A table of clause ids, each with a non-empty reason.
    fn reasons(
        &self,
        value: &Value,
        name: &str,
    ) -> Result<Setting<IndexMap<String, String>>, ConfigError> {
        let mut entries: Vec<_> = self.table(value, name)?.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let mut reasons = IndexMap::new();
        for (clause, reason) in entries {
            match reason.get_ref() {
                DeValue::String(text) if !text.trim().is_empty() => {
                    reasons.insert(clause.get_ref().to_string(), text.to_string());
                }
                _ => {
                    return Err(error_at(
                        Some(self.position(reason.span().start)),
                        "config-no-reason",
                        vec![clause.get_ref().to_string()],
                    ))
                }
            }
        }
        Ok(Setting::at(reasons, self.position(value.span().start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> ConfigError {
        parse(Path::new("charter.toml"), text).expect_err("an invalid configuration")
    }

    #[test]
    fn reads_every_key_with_its_place() {
        let config = parse(
            Path::new("charter.toml"),
            "[lint]\npaths = [\"docs\"]\nfail-on = \"warning\"\nlang = \"fr\"\n\n[[lint.overrides]]\npaths = [\"docs/policies/**\"]\npacks = [\"gdpr\"]\nignore = { public-interaction = \"no chatbot\" }\n",
        )
        .expect("valid");
        assert_eq!(config.lint.paths.value, ["docs"]);
        assert_eq!(config.lint.paths.at, Some(Position { line: 2, column: 9 }));
        assert_eq!(config.lint.fail_on.value, Some(FailOn::Warning));
        assert_eq!(config.lint.lang.value, Some(Lang::new("fr").unwrap()));
        assert_eq!(config.lint.packs.at, None);
        let entry = &config.lint.overrides[0];
        assert_eq!(entry.packs.value, ["gdpr"]);
        assert_eq!(entry.ignore.value["public-interaction"], "no chatbot");
        assert_eq!(
            entry.ignore.at,
            Some(Position {
                line: 9,
                column: 10
            })
        );
    }

    #[test]
    fn unknown_keys_and_values_say_where_and_what_was_meant() {
        let unknown = error("[lint]\npaths = []\npakcs = [\"gdpr\"]\n");
        assert_eq!(unknown.key, "config-unknown-key");
        assert_eq!(unknown.at, Some(Position { line: 3, column: 1 }));
        assert_eq!(unknown.expected.map(|e| e.0).as_deref(), Some("pakcs"));
        let value = error("[lint]\nfail-on = \"warn\"\n");
        assert_eq!(value.key, "config-bad-value");
        assert_eq!(
            value.at,
            Some(Position {
                line: 2,
                column: 11
            })
        );
        assert_eq!(error("[lnt]\n").key, "config-unknown-table");
        assert_eq!(
            error("[lint]\npaths = \"docs\"\n").key,
            "config-not-strings"
        );
        assert_eq!(
            error("[lint]\npaths = [1]\n").at,
            Some(Position {
                line: 2,
                column: 10
            })
        );
        assert_eq!(error("lint = 3\n").key, "config-not-table");
        assert_eq!(
            error("[[lint.overrides]]\npacks = []\n").key,
            "config-missing"
        );
        assert_eq!(
            error("[[lint.overrides]]\npaths = [\"a\"]\nignore = { security = \"\" }\n").key,
            "config-no-reason"
        );
        let syntax = error("[lint\n");
        assert_eq!(syntax.key, "config-syntax");
        assert_eq!(syntax.at.map(|p| p.line), Some(1));
    }
}
