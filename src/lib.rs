//! `charter`: build, lint and render AI-usage charters.
//!
//! Data flows one way: `load` (files → model) → `policy` (packs resolved, patterns
//! compiled) → `check` (diagnostics and coverage) → `report`; `commands` wire them up,
//! private to the binary: `main` runs it, `run_args` runs a command line in-process.
#![warn(clippy::print_stdout, clippy::print_stderr, unreachable_pub)]

mod app;
pub mod check;
mod cli;
mod cli_text;
mod commands;
pub mod diag;
pub mod eval;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod policy;
mod render;
pub mod report;
mod text;
pub mod write;

pub use app::{main, run_args, Outcome};

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
        (
            "write",
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
