//! One module per subcommand; each returns its output for `main` to print.

pub(crate) mod completions;
pub(crate) mod config;
pub(crate) mod explain;
pub(crate) mod fix;
pub(crate) mod guided_init;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod lint;
pub(crate) mod lint_stdin;
pub(crate) mod packs;
pub(crate) mod project;
pub(crate) mod render;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod yaml_out;

/// The language of messages: `--lang`, else the file's, else the user's locale.
pub(crate) fn message_lang(
    forced: Option<crate::model::lang::Lang>,
) -> crate::model::lang::MessageLang {
    let vars = ["LC_ALL", "LC_MESSAGES", "LANG"].map(|name| std::env::var(name).ok());
    crate::model::lang::MessageLang::new(forced, &vars)
}

/// What a command prints and its exit code.
#[derive(Debug, Default)]
pub(crate) struct Output {
    /// Printed to standard output (may hold ANSI styles, stripped when not on a terminal).
    pub stdout: String,
    /// Printed to standard error.
    pub stderr: String,
    pub code: u8,
}

impl Output {
    pub(crate) fn stdout(text: String) -> Self {
        Self {
            stdout: text,
            ..Self::default()
        }
    }

    /// An exit code with notes for standard error (the output went out already).
    pub(crate) fn code(code: u8, stderr: String) -> Self {
        Self {
            stderr,
            code,
            ..Self::default()
        }
    }
}

/// A usage error or unusable input: printed as `error: …` with a hint, exit code 2.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub(crate) struct UsageError {
    pub message: String,
    pub hint: Option<String>,
    /// The language the message is in, when not the command line's (`render` speaks the
    /// charter's): `error:` and `hint:` are printed in it.
    pub lang: Option<crate::model::lang::Lang>,
}

impl UsageError {
    /// An output file that was not written, said in `lang`.
    pub(crate) fn not_written(
        error: &crate::write::WriteError,
        messages: &crate::policy::messages::Messages,
        lang: crate::model::lang::Lang,
    ) -> Self {
        use crate::write::WriteError;
        let t = |key: &str, values: &[&str]| messages.text(key, lang, values);
        let (key, values) = error.message();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        let hint = match error {
            WriteError::Exists(_) | WriteError::NotRegular(_) => {
                Some(t(&format!("{key}-hint"), &[]))
            }
            WriteError::Io { .. } => None,
        };
        UsageError::new(t(key, &values), hint).in_lang(lang)
    }

    pub(crate) fn new(message: impl Into<String>, hint: Option<String>) -> Self {
        Self {
            message: message.into(),
            hint,
            lang: None,
        }
    }

    /// The same error, said in `lang`.
    #[must_use]
    pub(crate) fn in_lang(self, lang: crate::model::lang::Lang) -> Self {
        Self {
            lang: Some(lang),
            ..self
        }
    }
}
