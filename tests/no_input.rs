//! A run that finds nothing to lint is an error (`no-input`, exit 2) that names the paths
//! looked at and the files skipped, in every format and in the user's language.

mod common;

use std::path::Path;

use common::{root, run_in};

/// A folder holding `files` (name, contents).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("in")).expect("folder created");
    for (name, contents) in files {
        std::fs::write(dir.path().join("in").join(name), contents).expect("file written");
    }
    dir
}

fn lint(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["lint", "in"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn empty_folder_is_no_input_exit_2() {
    let dir = folder(&[]);
    let run = lint(dir.path(), &[]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("empty-folder-human", run.stdout);
}

#[test]
fn folder_without_charter_or_draft_names_what_it_skipped() {
    let dir = folder(&[
        ("config.yaml", "name: not a charter\n"),
        ("notes.rst", "Notes\n=====\n"),
        ("~$draft.docx", "lock"),
    ]);
    let run = lint(dir.path(), &["--lang", "fr"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("skipped-files-human-fr", run.stdout);
    let run = lint(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 2);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    assert_eq!(report["summary"]["files"], 0);
    assert_eq!(report["files"][0]["diagnostics"][0]["code"], "no-input");
    let help = report["files"][0]["diagnostics"][0]["help"]
        .as_str()
        .expect("help");
    for name in ["config.yaml", "notes.rst", "~$draft.docx"] {
        assert!(help.contains(name), "{name} named in {help}");
    }
    for format in ["concise", "github", "sarif"] {
        let run = lint(dir.path(), &["--format", format]);
        assert_eq!(run.code, 2, "{format}: {}", run.stdout);
        assert!(run.stdout.contains("no-input"), "{format}: {}", run.stdout);
    }
    // The matrix shows coverage only (like an unreadable file): the exit code tells.
    assert_eq!(lint(dir.path(), &["--format", "matrix"]).code, 2);
}

#[test]
fn many_skipped_files_are_counted_not_all_listed() {
    let names: Vec<String> = (0..25).map(|i| format!("data-{i:02}.csv")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "a,b\n")).collect();
    let dir = folder(&files);
    let run = lint(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("data-09.csv"), "{}", run.stdout);
    assert!(!run.stdout.contains("data-10.csv"), "{}", run.stdout);
    assert!(run.stdout.contains("and 15 more"), "{}", run.stdout);
}

#[test]
fn a_folder_with_one_draft_is_linted_as_before() {
    let dir = folder(&[
        ("notes.rst", "Notes\n"),
        (
            "charte.md",
            "# Charte\n\nLes agents vérifient les contenus produits par l’IA.\n",
        ),
    ]);
    let run = lint(dir.path(), &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    assert_eq!(report["summary"]["files"], 1);
    assert!(!run.stdout.contains("no-input"), "{}", run.stdout);
}

#[test]
fn the_examples_folder_is_linted_without_no_input() {
    let run = run_in(&root(), &["lint", "examples", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    assert!(
        report["summary"]["files"].as_u64() >= Some(3),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("no-input"));
}
