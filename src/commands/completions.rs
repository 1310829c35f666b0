//! `charter completions` and `charter man`: shell completions and manual pages, generated
//! from the clap definitions so that they never drift from the real command line, with the
//! help of `--help` in the message language.

use clap::{Command, CommandFactory};

use super::{Output, UsageError};
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::model::lang::Lang;
use crate::policy::messages::Messages;

/// The command line of `charter` with its help in `lang`, as `--help` shows it.
fn command_in(messages: &Messages, lang: Lang) -> Command {
    let mut command = crate::cli_text::localize(Cli::command(), messages, lang);
    command.build();
    command
}

/// The completion script for one shell, its descriptions in the message language.
pub(crate) fn completions(args: &CompletionsArgs, messages: &Messages) -> Output {
    let lang = super::message_lang(args.lang).for_file(None);
    let mut command = command_in(messages, lang);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "charter", &mut script);
    Output::stdout(String::from_utf8_lossy(&script).into_owned())
}

/// The manual page of `charter` (sections 1), or of one of its subcommands (`charter-lint`),
/// in the message language.
pub(crate) fn man(args: &ManArgs, messages: &Messages) -> Result<Output, UsageError> {
    let lang = super::message_lang(args.lang).for_file(None);
    let t = |key: &str, values: &[&str]| messages.text(key, lang, values);
    let command = command_in(messages, lang);
    let command = match &args.command {
        None => command,
        Some(name) => {
            let names: Vec<String> = command
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .filter(|name| name != "help")
                .collect();
            let Some(sub) = command.find_subcommand(name) else {
                let hint = messages.did_you_mean(lang, name, names.iter().map(String::as_str));
                return Err(UsageError::new(
                    t("man-no-command", &[name]),
                    Some(t("man-commands", &[&hint, &names.join(", ")])),
                )
                .in_lang(lang));
            };
            // Built, a subcommand is displayed as `charter-NAME`: the page's title.
            sub.clone()
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| UsageError::new(t("man-write-failed", &[&e.to_string()]), None))?;
    let page = String::from_utf8_lossy(&page);
    Ok(Output::stdout(section_titles(&page, messages, lang)))
}

/// The page with its section titles (`.SH NAME`) in `lang`.
fn section_titles(page: &str, messages: &Messages, lang: Lang) -> String {
    page.split_inclusive('\n')
        .map(|line| {
            let title = line.strip_prefix(".SH ").map(str::trim_end);
            match title.map(|title| format!("man-section-{title}")) {
                Some(key) if messages.has_text(&key) => {
                    format!(".SH {}\n", messages.text(&key, lang, &[]))
                }
                _ => line.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `charter` in-process and returns its standard output, checking it exits 0.
    fn stdout_of(args: &[&str]) -> String {
        let run = crate::run_args(["charter"].iter().chain(args));
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    }

    #[test]
    fn completions_name_every_command_and_flag_in_every_shell() {
        let command = Cli::command();
        let mut words: Vec<&str> = command.get_subcommands().map(Command::get_name).collect();
        let lint = command.find_subcommand("lint").expect("a lint subcommand");
        words.extend(lint.get_arguments().filter_map(clap::Arg::get_long));
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            let script = stdout_of(&["completions", shell]);
            for word in &words {
                assert!(script.contains(word), "{shell} completions lack `{word}`");
            }
        }
    }

    #[test]
    fn each_subcommand_has_a_manual_page_with_its_options() {
        for sub in Cli::command().get_subcommands() {
            let name = sub.get_name();
            let page = stdout_of(&["man", name]);
            assert!(
                page.contains(&format!(".TH charter-{name} 1")),
                "page of {name}:\n{page}"
            );
            for arg in sub.get_arguments().filter_map(clap::Arg::get_long) {
                let roff = arg.replace('-', "\\-");
                assert!(
                    page.contains(&format!("\\fB\\-\\-{roff}\\fR")),
                    "the page of {name} lacks --{arg}"
                );
            }
        }
    }
}
