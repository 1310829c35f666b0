//! Helpers shared by the CLI test files: run the `charter` binary and read its output.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The labelled development corpus beside the project; a test that needs it fails
/// (with the reason) when it is missing, rather than passing without running.
#[allow(dead_code)]
pub fn corpus() -> PathBuf {
    let corpus = root().join("../shared/corpus-dev");
    assert!(
        corpus.join("labels.yaml").is_file(),
        "{} is missing: this test runs on the labelled development corpus, which sits beside the repository",
        corpus.display()
    );
    corpus
}

/// What one run printed, and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `charter` in `dir`, without colour and with no locale.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, &[], args)
}

/// Runs `charter` in `dir`, without colour, with only the locale variables of `env`.
pub fn run_with_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut command = Command::cargo_bin("charter").expect("the charter binary is built");
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .envs(env.iter().copied());
    let output = command.args(args).output().expect("charter runs");
    Run {
        code: output.status.code().expect("exit code (no signal)"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}
