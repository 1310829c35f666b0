//! `charter config`: the project configuration as resolved, each value with where it comes
//! from (`file:line:col` or the default), printed as TOML; or the JSON Schema of the file.

use std::fmt::Write as _;

use super::Output;
use crate::model::config::{ProjectConfig, Setting};
use crate::model::lang::Lang;
use crate::policy::messages::Messages;
use crate::text::span::Position;

/// The JSON Schema of `charter.toml`, pretty-printed, ending with a newline.
pub(crate) fn schema_json() -> String {
    let schema = schemars::schema_for!(ProjectConfig);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The resolved configuration as TOML, each value followed by a comment saying where it was set.
pub(crate) fn show(config: &ProjectConfig, messages: &Messages, lang: Lang) -> Output {
    let file = config.file.as_ref().map(|f| f.display().to_string());
    let mut out = match &file {
        Some(file) => format!("# {}\n", messages.text("config-file", lang, &[file])),
        None => format!("# {}\n", messages.text("config-none", lang, &[])),
    };
    out.push_str("[lint]\n");
    let origin = |at: Option<Position>| match (&file, at) {
        (Some(file), Some(Position { line, column })) => format!("{file}:{line}:{column}"),
        _ => messages.text("config-default", lang, &[]),
    };
    let mut setting = |key: &str, value: String, at: Option<Position>| {
        let _ = writeln!(out, "{key} = {value}  # {}", origin(at));
    };
    let lint = &config.lint;
    setting(
        "paths",
        strings(&lint.paths.value, "[\".\"]"),
        lint.paths.at,
    );
    setting(
        "exclude",
        strings(&lint.exclude.value, "[]"),
        lint.exclude.at,
    );
    setting("packs", strings(&lint.packs.value, "[]"), lint.packs.at);
    let fail_on = lint.fail_on.value.map_or("error", |f| match f {
        crate::model::config::FailOn::Error => "error",
        crate::model::config::FailOn::Warning => "warning",
    });
    setting("fail-on", quoted(fail_on), lint.fail_on.at);
    setting(
        "lang",
        quoted(lint.lang.value.unwrap_or_default().code()),
        lint.lang.at,
    );
    for entry in &lint.overrides {
        out.push_str("\n[[lint.overrides]]\n");
        let mut setting = |key: &str, value: String, setting_at: Option<Position>| {
            let _ = writeln!(out, "{key} = {value}  # {}", origin(setting_at));
        };
        setting("paths", strings(&entry.paths.value, "[]"), entry.paths.at);
        setting("packs", strings(&entry.packs.value, "[]"), entry.packs.at);
        setting("ignore", reasons(&entry.ignore), entry.ignore.at);
    }
    Output::stdout(out)
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn strings(values: &[String], default: &str) -> String {
    if values.is_empty() {
        return default.to_owned();
    }
    let quoted: Vec<String> = values.iter().map(|v| quoted(v)).collect();
    format!("[{}]", quoted.join(", "))
}

fn reasons(ignore: &Setting<indexmap::IndexMap<String, String>>) -> String {
    let pairs: Vec<String> = ignore
        .value
        .iter()
        .map(|(clause, reason)| format!("{clause} = {}", quoted(reason)))
        .collect();
    format!("{{ {} }}", pairs.join(", "))
}
