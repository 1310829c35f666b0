//! The `charter` binary: parse arguments, run the command, print, exit 0/1/2.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match charter::cli::Cli::parse_command_line() {
        Ok(cli) => cli,
        Err(failed) => {
            if let Some(text) = failed.text {
                let _ = anstream::stderr().write_all(text.as_bytes());
                return ExitCode::from(2);
            }
            let _ = failed.error.print();
            return ExitCode::from(if failed.error.use_stderr() { 2 } else { 0 });
        }
    };
    charter::cli::color_choice(cli.color).write_global();
    let mut stdout = anstream::stdout();
    let mut stderr = anstream::stderr();
    let lang = charter::commands::message_lang(cli.lang()).for_file(None);
    let output = charter::run(cli, &mut stdout);
    match output {
        Ok(output) => {
            let written = stdout
                .write_all(output.stdout.as_bytes())
                .and_then(|()| stdout.flush());
            let _ = stderr.write_all(output.stderr.as_bytes());
            // Output that did not reach its destination (`> /dev/full`) is a failure; a
            // reader that stopped reading (`| head`) is not.
            match written {
                Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                    let _ = writeln!(stderr, "error: cannot write to standard output: {error}");
                    ExitCode::from(2)
                }
                _ => ExitCode::from(output.code),
            }
        }
        Err(error) => {
            let lang = error.lang.unwrap_or(lang);
            let _ = stderr.write_all(charter::usage_error_text(lang, &error).as_bytes());
            ExitCode::from(2)
        }
    }
}
