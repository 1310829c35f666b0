//! `charter completions` and `charter man`: shell completions and manual pages, generated
//! from the clap definitions so that they never drift from the real command line.

use clap::CommandFactory;

use super::{Output, UsageError};
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::model::lang::Lang;
use crate::policy::messages::Messages;

/// The completion script for one shell.
pub fn completions(args: &CompletionsArgs) -> Output {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "charter", &mut script);
    Output::stdout(String::from_utf8_lossy(&script).into_owned())
}

/// The manual page of `charter` (sections 1), or of one of its subcommands (`charter-lint`).
pub fn man(args: &ManArgs, messages: &Messages) -> Result<Output, UsageError> {
    let mut command = Cli::command();
    command.build();
    let command = match &args.command {
        None => command,
        Some(name) => {
            let names: Vec<String> = command
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .filter(|name| name != "help")
                .collect();
            let Some(sub) = command.find_subcommand(name) else {
                let hint = messages.did_you_mean(Lang::EN, name, names.iter().map(String::as_str));
                return Err(UsageError::new(
                    format!("no command `{name}`"),
                    Some(format!("{hint}commands: {}", names.join(", "))),
                ));
            };
            // Built, a subcommand is displayed as `charter-NAME`: the page's title.
            sub.clone()
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| UsageError::new(format!("cannot write the manual page: {e}"), None))?;
    Ok(Output::stdout(String::from_utf8_lossy(&page).into_owned()))
}
