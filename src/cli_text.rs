//! The command line's own words in the message language: the help of every command and
//! option, and clap's errors (unknown argument, invalid value…), from
//! `policies/messages.yaml`. English keeps clap's text and the doc comments of `cli.rs`.

use std::ffi::OsString;
use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use crate::model::lang::Lang;
use crate::policy::messages::Messages;

/// The language of the command line's words: `--lang` anywhere in `args`, else the locale's
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
pub(crate) fn lang_of(args: &[OsString]) -> Lang {
    let given = args.iter().enumerate().find_map(|(i, arg)| {
        let arg = arg.to_str()?;
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.get(i + 1)?.to_str()?,
            Some(rest) => rest.strip_prefix('=')?,
            None => return None,
        };
        Lang::from_locale(value)
    });
    crate::commands::message_lang(given).for_file(None)
}

/// `command` with its help in `lang` (English: as written in `cli.rs`).
pub(crate) fn localize(command: Command, messages: &Messages, lang: Lang) -> Command {
    if lang == Lang::EN {
        return command;
    }
    let mut command = command;
    command.build();
    localize_command(command, "", messages, lang)
}

/// The key of a command's help text: `cli` for `charter`, `cli-lint` for `charter lint`.
fn command_key(path: &str) -> String {
    if path.is_empty() {
        "cli".to_owned()
    } else {
        format!("cli-{path}")
    }
}

/// The key of an option's help text: `cli-lint--format`; `cli--color` for the options of
/// every command, `cli-help` and `cli-version` for clap's own.
fn arg_key(command_key: &str, arg: &Arg) -> String {
    let id = arg.get_id().as_str();
    match id {
        "help" | "version" => format!("cli-{id}"),
        _ if arg.is_global_set() => format!("cli--{id}"),
        _ => format!("{command_key}--{id}"),
    }
}

/// The path of subcommand `name` of the command at `path`: `lint`, `config-show`.
fn sub_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}-{name}")
    }
}

/// Whether `path` is clap's `help` command, whose own subcommands are not shown.
fn is_help(path: &str) -> bool {
    path == "help"
}

fn localize_command(command: Command, path: &str, messages: &Messages, lang: Lang) -> Command {
    let t = |key: &str| messages.text(key, lang, &[]);
    let key = command_key(path);
    let mut command = command
        .about(t(&key))
        .long_about(None::<&str>)
        .help_template(t("cli-help-template"))
        .subcommand_help_heading(t("cli-heading-commands"))
        .subcommand_value_name(t("cli-value-COMMAND"));
    let ids: Vec<(String, String)> = command
        .get_arguments()
        .map(|a| (a.get_id().to_string(), arg_key(&key, a)))
        .collect();
    for (id, arg_key) in ids {
        command = command.mut_arg(id.as_str(), |arg| {
            localize_arg(arg, &arg_key, &format!("{key}-heading"), messages, lang)
        });
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        let sub = sub_path(path, &name);
        command = if is_help(path) {
            // `charter help NAME`: clap copied each command's English description.
            command.mut_subcommand(name.as_str(), |c| c.about(t(&command_key(&name))))
        } else {
            command.mut_subcommand(name.as_str(), |c| localize_command(c, &sub, messages, lang))
        };
    }
    command
}

fn localize_arg(arg: Arg, key: &str, heading_key: &str, messages: &Messages, lang: Lang) -> Arg {
    let t = |key: &str, values: &[&str]| messages.text(key, lang, values);
    let mut help = t(key, &[]);
    let takes_values = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        help += &t("cli-default", &[&quoted(&defaults)]);
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if takes_values && !possible.is_empty() && !arg.is_hide_possible_values_set() {
        help += &t("cli-possible", &[&quoted(&possible)]);
    }
    let names: Vec<String> = arg
        .get_value_names()
        .unwrap_or_default()
        .iter()
        .map(|name| {
            let key = format!("cli-value-{name}");
            if messages.has_text(&key) {
                t(&key, &[])
            } else {
                name.to_string()
            }
        })
        .collect();
    let heading = if arg.is_positional() {
        t("cli-heading-arguments", &[])
    } else if arg.get_help_heading().is_some() {
        t(heading_key, &[])
    } else {
        t("cli-heading-options", &[])
    };
    let arg = arg
        .help(help)
        .long_help(None::<&str>)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading);
    if names.is_empty() {
        arg
    } else {
        arg.value_names(names)
    }
}

/// A clap error in `lang`, as printed on standard error; `None` when clap's own text is
/// right (English, or help and version, which the localized command already speaks).
pub(crate) fn error_text(error: &clap::Error, messages: &Messages, lang: Lang) -> Option<String> {
    if lang == Lang::EN
        || matches!(
            error.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        return None;
    }
    let t = |key: &str, values: &[&str]| messages.text(key, lang, values);
    let one = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let argument = one(ContextKind::InvalidArg);
    let value = one(ContextKind::InvalidValue);
    let message = match error.kind() {
        ErrorKind::UnknownArgument => t("cli-error-unknown-argument", &[&argument]),
        ErrorKind::InvalidSubcommand => t(
            "cli-error-unknown-command",
            &[&one(ContextKind::InvalidSubcommand)],
        ),
        ErrorKind::InvalidValue if value.is_empty() => t("cli-error-missing-value", &[&argument]),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            t("cli-error-invalid-value", &[&value, &argument])
        }
        ErrorKind::MissingRequiredArgument => t("cli-error-missing-argument", &[&argument]),
        ErrorKind::ArgumentConflict => t(
            "cli-error-conflict",
            &[&argument, &one(ContextKind::PriorArg)],
        ),
        ErrorKind::NoEquals | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            t("cli-error-missing-value", &[&argument])
        }
        ErrorKind::TooManyValues => t("cli-error-too-many-values", &[&value, &argument]),
        ErrorKind::MissingSubcommand => t("cli-error-missing-command", &[]),
        ErrorKind::InvalidUtf8 => t("cli-error-not-utf8", &[]),
        _ => t("cli-error-other", &[]),
    };
    let mut out = t("usage-error", &[&message]);
    out.push('\n');
    let valid = match error.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(values)) => quoted(values),
        _ => String::new(),
    };
    if !valid.is_empty() {
        let _ = writeln!(out, "  {}", t("cli-possible-values", &[&valid]));
    }
    // Several suggestions: `a`, `b` (the message quotes the whole).
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) if !list.is_empty() => Some(list.join("`, `")),
        _ => None,
    });
    if let Some(suggested) = suggested {
        let _ = writeln!(out, "\n  {}", t("did-you-mean", &[&suggested]).trim_end());
    }
    let usage = one(ContextKind::Usage);
    if let Some((_, usage)) = usage.split_once(':') {
        let _ = writeln!(out, "\n{}", t("cli-usage", &[usage.trim()]));
    }
    let _ = writeln!(out, "\n{}", t("cli-more", &[]));
    Some(out)
}

/// Values as typed, each in backquotes: `` `human`, `json` ``.
fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of `policies/messages.yaml` the help of `command` (built) needs and that is
    /// missing: the test suite checks there is none.
    fn missing_keys(command: &Command, messages: &Messages) -> Vec<String> {
        let mut missing = Vec::new();
        walk(command, "", &mut |key| {
            if !messages.has_text(key) {
                missing.push(key.to_owned());
            }
        });
        missing.sort();
        missing.dedup();
        missing
    }

    fn walk(command: &Command, path: &str, found: &mut dyn FnMut(&str)) {
        let key = command_key(path);
        found(&key);
        for arg in command.get_arguments() {
            let arg_key = arg_key(&key, arg);
            found(&arg_key);
            if arg.get_help_heading().is_some() && !arg.is_positional() {
                found(&format!("{key}-heading"));
            }
            if arg.get_action().takes_values() {
                for name in arg.get_value_names().unwrap_or_default() {
                    found(&format!("cli-value-{name}"));
                }
            }
        }
        for sub in command.get_subcommands().filter(|_| !is_help(path)) {
            walk(sub, &sub_path(path, sub.get_name()), found);
        }
    }

    #[test]
    fn every_command_and_option_has_french_help() {
        use clap::CommandFactory;
        let catalogue = crate::policy::catalogue::Catalogue::builtin().expect("policies");
        let mut command = crate::cli::Cli::command();
        command.build();
        let missing = missing_keys(&command, &catalogue.messages);
        assert!(
            missing.is_empty(),
            "keys missing from messages.yaml:\n{}",
            missing.join("\n")
        );
    }

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_is_read_wherever_it_stands() {
        assert_eq!(
            lang_of(&args(&["charter", "lint", "--lang", "fr"])),
            Lang::new("fr").unwrap()
        );
        assert_eq!(
            lang_of(&args(&["charter", "--lang=fr", "lint"])),
            Lang::new("fr").unwrap()
        );
        assert_eq!(lang_of(&args(&["charter", "lint", "--lang=en"])), Lang::EN);
    }

    #[test]
    fn values_are_quoted_one_by_one() {
        assert_eq!(quoted(&["a".to_owned(), "b".to_owned()]), "`a`, `b`");
    }
}
