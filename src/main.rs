//! The `charter` binary: parse arguments, run the command, print, exit 0/1/2.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match charter::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let mut stdout = anstream::stdout();
    let mut stderr = anstream::stderr();
    let lang = charter::commands::message_lang(cli.lang()).for_file(None);
    let output = charter::run(cli, &mut stdout);
    match output {
        Ok(output) => {
            let _ = stdout.write_all(output.stdout.as_bytes());
            let _ = stderr.write_all(output.stderr.as_bytes());
            ExitCode::from(output.code)
        }
        Err(error) => {
            let lang = error.lang.unwrap_or(lang);
            let _ = stderr.write_all(charter::usage_error_text(lang, &error).as_bytes());
            ExitCode::from(2)
        }
    }
}
