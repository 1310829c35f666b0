//! `charter`: build, lint and render AI-usage charters.
//!
//! Data flows one way: `load` (files → model) → `policy` (packs resolved, patterns
//! compiled) → `check` (diagnostics and coverage) → `report`; `commands` wire them up.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod cli;
pub mod cli_text;
pub mod commands;
pub mod diag;
pub mod eval;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod policy;
pub mod render;
pub mod report;
pub mod text;
pub mod write;

use commands::{Output, UsageError};
use policy::catalogue::Catalogue;
use policy::detector::Detector;
use policy::lexicon::Lexicon;
use text::visible::visible;

/// A usage error as printed on standard error, in `lang`: `error: …` and `hint: …` lines.
pub fn usage_error_text(lang: model::lang::Lang, error: &UsageError) -> String {
    let line = |key: &str, text: &str| match Catalogue::builtin() {
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

/// Runs one parsed command line; `lint` streams its report to `out`, other commands
/// return their output.
pub fn run(cli: cli::Cli, out: &mut dyn std::io::Write) -> Result<Output, UsageError> {
    let catalogue = Catalogue::builtin().map_err(|e| UsageError::new(e.to_string(), None))?;
    let engine =
        |additions: &[policy::selection::Addition]| -> Result<(Lexicon, Detector), UsageError> {
            let lexicon = Lexicon::compile(&catalogue.lexicon)
                .map_err(|e| UsageError::new(e.to_string(), None))?;
            let detector = Detector::compile(&catalogue, &lexicon, additions).map_err(|e| {
            UsageError::new(
                e.to_string(),
                Some("patterns are Rust regular expressions over folded text; see policies/README.md".to_owned()),
            )
        })?;
            Ok((lexicon, detector))
        };
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
        cli::Command::Init(args) => {
            commands::init::run(&args, &catalogue, model::date::Date::today())
        }
        cli::Command::Lint(mut args) => {
            let (config, lang) = project(args.lang)?;
            commands::project::Project::compile(&config, &catalogue, lang)?.apply_to(&mut args);
            // Resolved once for the run: the patterns user packs add, then every file.
            let packs = pipeline::Packs::new(&catalogue);
            let selection = commands::lint::command_line_packs(&args, &catalogue, &packs)?;
            let (lexicon, detector) = engine(&selection.additions)?;
            commands::lint::run(&args, &catalogue, &lexicon, &detector, &packs, out)
        }
        cli::Command::Render(args) => {
            let (lexicon, detector) = engine(&[])?;
            commands::render::run(&args, &catalogue, &lexicon, &detector)
        }
        cli::Command::Explain(args) => commands::explain::run(&args, &catalogue),
        cli::Command::Packs(args) => Ok(commands::packs::run(&args, &catalogue)),
        cli::Command::Schema => Ok(Output::stdout(commands::schema::schema_json())),
        cli::Command::Import(args) => {
            let (lexicon, detector) = engine(&[])?;
            commands::import::run(&args, &catalogue, &lexicon, &detector)
        }
        cli::Command::Fix(args) => {
            let (lexicon, detector) = engine(&[])?;
            commands::fix::run(&args, &catalogue, &lexicon, &detector)
        }
        cli::Command::Config(args) if args.schema => {
            Ok(Output::stdout(commands::config::schema_json()))
        }
        cli::Command::Config(args) => {
            let (config, lang) = project(args.lang)?;
            commands::project::Project::compile(&config, &catalogue, lang)?;
            Ok(commands::config::show(&config, &catalogue.messages, lang))
        }
        cli::Command::Completions(args) => Ok(commands::completions::completions(
            &args,
            &catalogue.messages,
        )),
        cli::Command::Man(args) => commands::completions::man(&args, &catalogue.messages),
        cli::Command::Serve(args) => {
            let (lexicon, detector) = engine(&[])?;
            commands::serve::run(&args, &catalogue, &lexicon, &detector, out)
        }
    }
}

/// The layers' import rules, as the README's "Project layout" states them.
#[cfg(test)]
mod layers {
    use std::path::Path;

    /// Each layer (a folder or a file of `src/`) and the modules of the crate it never uses.
    const NEVER: &[(&str, &[&str])] = &[
        (
            "text",
            &[
                "model", "load", "policy", "check", "pipeline", "report", "render", "commands",
                "cli",
            ],
        ),
        (
            "model",
            &[
                "load", "policy", "check", "pipeline", "report", "render", "commands", "cli",
            ],
        ),
        (
            "load",
            &[
                "policy", "check", "pipeline", "report", "render", "commands", "cli",
            ],
        ),
        (
            "policy",
            &["check", "pipeline", "report", "render", "commands", "cli"],
        ),
        (
            "check",
            &["pipeline", "report", "render", "commands", "cli"],
        ),
        ("pipeline.rs", &["report", "render", "commands", "cli"]),
        ("report", &["load", "pipeline", "render", "commands", "cli"]),
        (
            "render",
            &["check", "pipeline", "report", "commands", "cli"],
        ),
        ("eval", &["pipeline", "report", "render", "commands", "cli"]),
        (
            "write.rs",
            &[
                "model", "load", "policy", "check", "pipeline", "report", "render", "commands",
                "cli",
            ],
        ),
    ];

    fn sources(path: &Path, out: &mut Vec<(String, String)>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).expect("a source folder") {
                sources(&entry.expect("an entry").path(), out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(path).expect("a source file");
            out.push((path.display().to_string(), text));
        }
    }

    #[test]
    fn no_layer_imports_a_layer_above_it() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut broken = Vec::new();
        for (layer, never) in NEVER {
            let mut files = Vec::new();
            sources(&src.join(layer), &mut files);
            assert!(!files.is_empty(), "no source under src/{layer}");
            for (file, text) in &files {
                for module in *never {
                    if text.contains(&format!("crate::{module}::"))
                        || text.contains(&format!("crate::{module};"))
                    {
                        broken.push(format!("{file} uses crate::{module}"));
                    }
                }
            }
        }
        assert!(
            broken.is_empty(),
            "layer rules broken:\n{}",
            broken.join("\n")
        );
    }
}
