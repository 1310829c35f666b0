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

    /// The top of the house, which no layer below uses.
    const TOP: &[&str] = &["app", "commands", "cli", "cli_text"];

    /// Each layer (its folders and files under `src/`) and the other modules of the crate
    /// it never uses, besides `TOP`.
    const NEVER: &[(&[&str], &[&str])] = &[
        (
            &["text"],
            &[
                "model", "load", "policy", "check", "pipeline", "report", "render",
            ],
        ),
        (
            &["model"],
            &["load", "policy", "check", "pipeline", "report", "render"],
        ),
        (
            &["load"],
            &["policy", "check", "pipeline", "report", "render"],
        ),
        (&["policy"], &["check", "pipeline", "report", "render"]),
        (&["check"], &["pipeline", "report", "render"]),
        (&["pipeline.rs"], &["report", "render"]),
        (&["report"], &["load", "pipeline", "render"]),
        (&["render"], &["check", "pipeline", "report"]),
        (&["eval"], &["pipeline", "report", "render"]),
        (
            &["write.rs", "write"],
            &[
                "model", "load", "policy", "check", "pipeline", "report", "render",
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
        for (paths, never) in NEVER {
            let mut files = Vec::new();
            for path in *paths {
                let before = files.len();
                sources(&src.join(path), &mut files);
                assert!(files.len() > before, "no source under src/{path}");
            }
            for (file, text) in &files {
                for module in never.iter().chain(TOP) {
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
