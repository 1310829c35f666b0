//! Charters as documents: one context, laid out by minijinja templates (Markdown, HTML) or as Word.
//!
//! Pure: no file is read or written here. A custom template's includes are read through a
//! function the caller gives, which checks with [`include_path`] that the name stays beside it.

pub(crate) mod context;
pub(crate) mod docx;
pub(crate) mod markdown;
pub(crate) mod typography;

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};

use context::RenderContext;

/// Built-in templates, embedded in the binary.
const BUILTIN: &[(&str, &str)] = &[
    ("charter.md.j2", include_str!("templates/charter.md.j2")),
    ("charter.html.j2", include_str!("templates/charter.html.j2")),
];

/// Instructions a template may run: the built-in ones use well under a tenth of this on a
/// large charter; a custom template that loops without end stops here instead of hanging.
pub(crate) const FUEL: u64 = 5_000_000;

/// The text formats laid out by templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextFormat {
    Markdown,
    Html,
}

impl TextFormat {
    fn builtin_name(self) -> &'static str {
        match self {
            TextFormat::Markdown => "charter.md.j2",
            TextFormat::Html => "charter.html.j2",
        }
    }
}

/// Reads a file a custom template names (checked with [`include_path`] by the reader):
/// `None` when there is no such file, else why it cannot or may not be read, as the user
/// is told.
pub(crate) type IncludeReader = Arc<dyn Fn(&str) -> Result<Option<String>, String> + Send + Sync>;

/// A template given with `--template`.
pub(crate) struct CustomTemplate {
    /// The file name, as other templates and error messages name it.
    pub name: String,
    pub source: String,
    /// Reads the templates it includes, imports or extends.
    pub include: IncludeReader,
}

/// Why a template could not be laid out.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RenderError {
    /// A file a custom template includes cannot or may not be read: the reader's reason.
    #[error("{0}")]
    Include(String),
    /// Any other failure, in the words of minijinja or of the Word writer.
    #[error("{0}")]
    Other(String),
}

impl From<minijinja::Error> for RenderError {
    /// The error, where it happened, the failing expression and the causes (an include's error).
    fn from(error: minijinja::Error) -> Self {
        let mut text = match error.detail() {
            Some(detail) => format!("template error: {}: {detail}", error.kind()),
            None => format!("template error: {}", error.kind()),
        };
        if let (Some(name), Some(line)) = (error.name(), error.line()) {
            let _ = write!(text, " (in {name}:{line}");
            let failing = error
                .template_source()
                .zip(error.range())
                .and_then(|(source, range)| source.get(range));
            if let Some(expression) = failing.filter(|e| !text.contains(*e)) {
                let _ = write!(text, ", at `{expression}`");
            }
            text.push(')');
        }
        if error.kind() == ErrorKind::OutOfFuel {
            let _ = write!(
                text,
                ": a template may run at most {FUEL} instructions (an endless or huge loop?)"
            );
        }
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        RenderError::Other(text)
    }
}

/// Lays out the context as Markdown or HTML, with the built-in template or a custom one.
pub(crate) fn render_text(
    context: &RenderContext,
    format: TextFormat,
    custom: Option<CustomTemplate>,
) -> Result<String, RenderError> {
    let mut env = environment(format)?;
    let unread: Arc<Mutex<Option<String>>> = Arc::default();
    let name = match custom {
        None => {
            for (name, source) in BUILTIN {
                env.add_template(name, source)?;
            }
            format.builtin_name().to_owned()
        }
        Some(custom) => {
            let include = custom.include;
            let failed = Arc::clone(&unread);
            env.set_loader(move |name| {
                include(name).map_err(|reason| {
                    let error = minijinja::Error::new(ErrorKind::InvalidOperation, reason.clone());
                    *failed.lock().unwrap_or_else(PoisonError::into_inner) = Some(reason);
                    error
                })
            });
            env.add_template_owned(custom.name.clone(), custom.source)?;
            custom.name
        }
    };
    let rendered = env
        .get_template(&name)
        .and_then(|template| template.render(Value::from(Serde(context))));
    // An include that could not be read is said as its reader said it.
    let unread = unread.lock().unwrap_or_else(PoisonError::into_inner).take();
    match (rendered, unread) {
        (Ok(text), _) => Ok(text),
        (Err(_), Some(reason)) => Err(RenderError::Include(reason)),
        (Err(error), None) => Err(error.into()),
    }
}

/// The environment every template runs in: strict about undefined values, bounded, HTML
/// escaped for HTML output and `*.html.j2` templates.
fn environment(format: TextFormat) -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_debug(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    let html = format == TextFormat::Html;
    env.set_auto_escape_callback(move |name| {
        if html || is_html_name(name) {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_filter("markdown", |text: &str| {
        Value::from_safe_string(markdown::to_html(text))
    });
    env.add_filter("md_cell", md_cell);
    env.add_filter("css_string", |text: &str| {
        Value::from_safe_string(css_string(text))
    });
    env.add_filter("page_counters", |label: &str| {
        Value::from_safe_string(page_counters(label))
    });
    Ok(env)
}

/// Whether a template's name says it writes HTML (`*.html.j2`, `*.html`, `*.htm`).
fn is_html_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".html.j2", ".html", ".htm"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// Text that fits in one cell of a Markdown table: pipes escaped, lines joined (no-break
/// spaces kept).
fn md_cell(text: &str) -> String {
    // ASCII white space only: French no-break spaces (before « : », inside « ») stay.
    text.split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// Text as a quoted CSS string, safe inside a `<style>` element (no quote, backslash, `<` or
/// line break of the text ends it).
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '\n' | '\r' => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A page label ("Page {0} of {1}") as the CSS `content` of a page margin box: `{0}` is the
/// page number, `{1}` the number of pages.
fn page_counters(label: &str) -> String {
    label
        .split("{0}")
        .map(|part| {
            part.split("{1}")
                .map(css_string)
                .collect::<Vec<_>>()
                .join(" counter(pages) ")
        })
        .collect::<Vec<_>>()
        .join(" counter(page) ")
}

/// The relative path of a template a custom template names: plain names only, no absolute
/// path, no `..` or `.`, no drive or backslash, so it stays in the template's folder;
/// `None` for any other name.
pub(crate) fn include_path(name: &str) -> Option<PathBuf> {
    if name.is_empty() || name.contains(['\\', ':', '\0']) {
        return None;
    }
    let path = Path::new(name);
    if path
        .components()
        .all(|part| matches!(part, Component::Normal(_)))
    {
        Some(path.to_path_buf())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_paths_stay_beside_the_template() {
        assert!(include_path("part.md.j2").is_some());
        assert!(include_path("parts/head.j2").is_some());
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "./x",
            "",
            "C:\\x",
            "a\\..\\x",
        ] {
            assert!(include_path(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn css_strings_cannot_end_the_style_element() {
        assert_eq!(css_string(r#"a"b</style>"#), r#""a\22 b\3c /style\3e ""#);
        assert_eq!(
            page_counters("Page {0} sur {1}"),
            r#""Page " counter(page) " sur " counter(pages) """#
        );
    }

    #[test]
    fn table_cells_stay_on_one_line() {
        assert_eq!(md_cell("a | b\nc"), "a \\| b c");
        assert_eq!(md_cell("a\u{202f}; b\u{a0}:"), "a\u{202f}; b\u{a0}:");
    }
}
