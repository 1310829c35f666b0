//! One module per subcommand; each returns its output for `main` to print.

pub mod completions;
pub mod config;
pub mod explain;
pub mod fix;
pub mod guided_init;
pub mod import;
pub mod init;
pub mod lint;
pub mod lint_stdin;
pub mod packs;
pub mod project;
pub mod render;
pub mod schema;
pub mod yaml_out;

/// What a command prints and its exit code.
#[derive(Debug, Default)]
pub struct Output {
    /// Printed to standard output (may hold ANSI styles, stripped when not on a terminal).
    pub stdout: String,
    /// Printed to standard error.
    pub stderr: String,
    pub code: u8,
}

impl Output {
    pub fn stdout(text: String) -> Self {
        Self {
            stdout: text,
            ..Self::default()
        }
    }

    /// An exit code with notes for standard error (the output went out already).
    pub fn code(code: u8, stderr: String) -> Self {
        Self {
            stderr,
            code,
            ..Self::default()
        }
    }
}

/// A usage error or unusable input: printed as `error: …` with a hint, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    pub message: String,
    pub hint: Option<String>,
}

impl UsageError {
    pub fn new(message: impl Into<String>, hint: Option<String>) -> Self {
        Self {
            message: message.into(),
            hint,
        }
    }
}
