//! The command line run in-process: parse it, run its command, print, exit code 0/1/2.

use std::ffi::OsString;
use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use crate::cli::{self, Cli, Command};
use crate::commands::{self, Output, UsageError};
use crate::model::lang::Lang;
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::{Lexicon, PatternError};
use crate::policy::selection::Addition;
use crate::text::visible::visible;
use crate::{model, pipeline};

/// Runs `charter` with the process's arguments, standard output and error: the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::parse_command_line(std::env::args_os().collect()) {
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
    cli::color_choice(cli.color).write_global();
    let plain = std::io::stdout();
    // A terminal shows each line as it comes; a pipe or a file takes whole blocks.
    let capacity = if plain.is_terminal() { 0 } else { 64 * 1024 };
    let mut stdout = Stdout {
        styled: anstream::stdout(),
        plain: BufWriter::with_capacity(capacity, plain),
        has_styles: false,
    };
    let (code, errors) = execute(cli, &mut stdout);
    let _ = anstream::stderr().write_all(errors.as_bytes());
    ExitCode::from(code)
}

/// Standard output: from the first style on, text goes through `anstream`, which strips
/// styles where they do not belong; output without any (a JSON report) goes straight
/// out, in blocks unless to a terminal.
struct Stdout {
    styled: anstream::Stdout,
    plain: BufWriter<std::io::Stdout>,
    has_styles: bool,
}

impl Write for Stdout {
    fn write(&mut self, text: &[u8]) -> std::io::Result<usize> {
        if !self.has_styles && text.contains(&0x1b) {
            // What was written plain goes out before the first styled text.
            self.plain.flush()?;
            self.has_styles = true;
        }
        if self.has_styles {
            self.styled.write(text)
        } else {
            self.plain.write(text)
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.plain.flush()?;
        self.styled.flush()
    }
}

/// What a command line run in-process printed, and its exit code.
#[derive(Debug)]
pub struct Outcome {
    pub code: u8,
    /// Standard output (styles kept: nothing strips them for a terminal).
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command line (`["charter", "lint", …]`) in-process, as the binary would, with
/// the built-in policies parsed and compiled once per process (tests, fuzz targets).
pub fn run_args<I, T>(args: I) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let cli = match Cli::parse_command_line(args.into_iter().map(Into::into).collect()) {
        Ok(cli) => cli,
        Err(failed) => {
            let on_stderr = failed.text.is_some() || failed.error.use_stderr();
            let text = failed
                .text
                .unwrap_or_else(|| failed.error.render().to_string());
            let (stdout, stderr) = if on_stderr {
                (String::new(), text)
            } else {
                (text, String::new())
            };
            return Outcome {
                code: u8::from(on_stderr) * 2,
                stdout,
                stderr,
            };
        }
    };
    let mut stdout = Vec::new();
    let (code, stderr) = execute(cli, &mut stdout);
    Outcome {
        code,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr,
    }
}

/// Runs a parsed command line with its output to `out`; returns the exit code and what
/// goes to standard error. Output that did not reach its destination (`> /dev/full`) is a
/// failure; a reader that stopped reading (`| head`) is not.
fn execute(cli: Cli, out: &mut dyn Write) -> (u8, String) {
    let lang = commands::message_lang(cli.lang()).for_file(None);
    match run(cli, out) {
        Ok(output) => {
            let written = out
                .write_all(output.stdout.as_bytes())
                .and_then(|()| out.flush());
            match written {
                Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                    let text = builtin_catalogue().map_or_else(
                        |_| error.to_string(),
                        |c| {
                            c.messages
                                .text("stdout-write-failed", lang, &[&error.to_string()])
                        },
                    );
                    let said = usage_error_text(lang, &UsageError::new(text, None));
                    (2, output.stderr + &said)
                }
                _ => (output.code, output.stderr),
            }
        }
        Err(error) => {
            let lang = error.lang.unwrap_or(lang);
            (2, usage_error_text(lang, &error))
        }
    }
}

/// A usage error as printed on standard error, in `lang`: `error: …` and `hint: …` lines.
fn usage_error_text(lang: Lang, error: &UsageError) -> String {
    let line = |key: &str, text: &str| match builtin_catalogue() {
        Ok(catalogue) => catalogue.messages.text(key, lang, &[text]),
        Err(_) => text.to_owned(),
    };
    // Escaped: a message may quote a path or a value holding control characters.
    let mut out = line("usage-error", &visible(&error.message)) + "\n";
    if let Some(hint) = &error.hint {
        out += &(line("usage-hint", &visible(hint)) + "\n");
    }
    out
}

/// The built-in policies (parsed once per process), or why they do not load.
fn builtin_catalogue() -> Result<&'static Catalogue, UsageError> {
    Catalogue::shared().map_err(|error| UsageError::new(error.to_string(), None))
}

/// The lexicon and detector: the built-in ones compiled once per process, or with the
/// patterns user packs add; a pattern that does not compile is said in `lang`.
fn engine(
    catalogue: &Catalogue,
    additions: &[Addition],
    lang: Lang,
) -> Result<Arc<(Lexicon, Detector)>, UsageError> {
    static BUILTIN: OnceLock<Result<Arc<(Lexicon, Detector)>, PatternError>> = OnceLock::new();
    let compiled = if additions.is_empty() {
        BUILTIN.get_or_init(|| compile(catalogue, &[])).clone()
    } else {
        compile(catalogue, additions)
    };
    compiled.map_err(|error| {
        let messages = &catalogue.messages;
        // The regex parser's last line says what is wrong (the others repeat the pattern).
        let reason = error
            .reason
            .lines()
            .rfind(|line| !line.trim().is_empty())
            .map_or(error.reason.as_str(), |line| {
                line.trim().trim_start_matches("error: ")
            });
        UsageError::new(
            messages.text(
                "pattern-invalid",
                lang,
                &[&error.place, &error.pattern, reason],
            ),
            Some(messages.text("pattern-hint", lang, &[])),
        )
    })
}

fn compile(
    catalogue: &Catalogue,
    additions: &[Addition],
) -> Result<Arc<(Lexicon, Detector)>, PatternError> {
    let lexicon = Lexicon::compile(&catalogue.lexicon)?;
    let detector = Detector::compile(catalogue, &lexicon, additions)?;
    Ok(Arc::new((lexicon, detector)))
}

/// Runs one parsed command line; `lint` streams its report to `out`, other commands
/// return their output.
fn run(cli: Cli, out: &mut dyn Write) -> Result<Output, UsageError> {
    let catalogue = builtin_catalogue()?;
    let lang = commands::message_lang(cli.lang()).for_file(None);
    let engine = |additions: &[Addition]| engine(catalogue, additions, lang);
    // The project configuration, and the message language: `--lang`, else the
    // configuration's, else the locale's.
    let project = |lang: Option<model::lang::Lang>| {
        let config = commands::project::resolve(
            cli.config.as_deref(),
            cli.no_config,
            &catalogue.messages,
            lang,
        )?;
        let lang = lang
            .or(config.lint.lang.value)
            .unwrap_or_else(|| commands::message_lang(None).for_file(None));
        Ok::<_, UsageError>((config, lang))
    };
    match cli.command {
        Command::Init(args) => commands::init::run(&args, catalogue, model::date::Date::today()),
        Command::Lint(mut args) => {
            let (config, lang) = project(args.lang)?;
            commands::project::Project::compile(&config, catalogue, lang)?.apply_to(&mut args);
            // Resolved once for the run: the patterns user packs add, then every file.
            let packs = pipeline::Packs::new(catalogue);
            let selection = commands::lint::command_line_packs(&args, catalogue, &packs)?;
            let engine = engine(&selection.additions)?;
            let (lexicon, detector) = (&engine.0, &engine.1);
            commands::lint::run(&args, catalogue, lexicon, detector, &packs, out)
        }
        Command::Render(args) => {
            let engine = engine(&[])?;
            let (lexicon, detector) = (&engine.0, &engine.1);
            commands::render::run(&args, catalogue, lexicon, detector)
        }
        Command::Explain(args) => commands::explain::run(&args, catalogue),
        Command::Packs(args) => Ok(commands::packs::run(&args, catalogue)),
        Command::Schema => Ok(Output::stdout(commands::schema::schema_json())),
        Command::Import(args) => {
            let engine = engine(&[])?;
            let (lexicon, detector) = (&engine.0, &engine.1);
            commands::import::run(&args, catalogue, lexicon, detector)
        }
        Command::Fix(args) => {
            let engine = engine(&[])?;
            let (lexicon, detector) = (&engine.0, &engine.1);
            commands::fix::run(&args, catalogue, lexicon, detector)
        }
        Command::Config(args) if args.schema => Ok(Output::stdout(commands::config::schema_json())),
        Command::Config(args) => {
            let (config, lang) = project(args.lang)?;
            commands::project::Project::compile(&config, catalogue, lang)?;
            Ok(commands::config::show(&config, &catalogue.messages, lang))
        }
        Command::Completions(args) => Ok(commands::completions::completions(
            &args,
            &catalogue.messages,
        )),
        Command::Man(args) => commands::completions::man(&args, &catalogue.messages),
        Command::Serve(args) => {
            let engine = engine(&[])?;
            let (lexicon, detector) = (&engine.0, &engine.1);
            commands::serve::run(&args, catalogue, lexicon, detector, out)
        }
    }
}
