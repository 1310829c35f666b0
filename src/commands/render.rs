//! `charter render`: lint the charter, lay it out as Markdown, HTML or Word, and write it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Output, UsageError};
use crate::check::{Context, FileReport};
use crate::cli::{RenderArgs, RenderFormat};
use crate::diag::Severity;
use crate::load::charter::{self as charter_loader, LoadedCharter};
use crate::load::source::{read_text_limited, Utf8, DEFAULT_MAX_BYTES};
use crate::model::date::Date;
use crate::model::lang::Lang;
use crate::pipeline::{self, Packs};
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;
use crate::policy::messages::Messages;
use crate::policy::selection::Selection;
use crate::render::{self, context, CustomTemplate, TextFormat};
use crate::report;
use crate::write::write_new_file;

/// Largest custom template (or included file) read, in bytes.
const TEMPLATE_MAX_BYTES: u64 = 1024 * 1024;

/// Runs `charter render`.
pub fn run(
    args: &RenderArgs,
    catalogue: &Catalogue,
    lexicon: &Lexicon,
    detector: &Detector,
) -> Result<Output, UsageError> {
    // Messages speak the charter's language.
    let lang = charter_lang(&args.charter);
    let usage = |key: &str, values: &[&str]| {
        let text = |key: &str| catalogue.messages.text(key, lang, values);
        UsageError::new(text(key), Some(text(&format!("{key}-hint")))).in_lang(lang)
    };
    let output = args.output.as_deref().filter(|o| *o != Path::new("-"));
    let format = format_of(args.format, output)
        .map_err(|path| usage("render-unknown-extension", &[&path.display().to_string()]))?;
    if format == RenderFormat::Docx {
        if output.is_none() {
            return Err(usage("render-docx-stdout", &[]));
        }
        if args.template.is_some() {
            return Err(usage("render-docx-template", &[]));
        }
    }
    let today = args.today.unwrap_or_else(Date::today);
    let context = |lang| Context {
        catalogue,
        lexicon,
        detector,
        lang,
        lang_from_file: false,
        today,
    };
    let packs = Packs::new(catalogue);
    let report = pipeline::charter_file(
        &context(lang),
        &packs,
        &args.charter,
        &[],
        DEFAULT_MAX_BYTES,
    );
    let loaded = match parse(&report) {
        Some(loaded) if !report.failed => loaded,
        _ => return Ok(invalid(&report, catalogue, lang)),
    };
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if args.is_final && errors > 0 {
        let lints = report::human::render(std::slice::from_ref(&report), &catalogue.messages, lang);
        return Ok(Output {
            stderr: format!(
                "{lints}{}\n",
                catalogue.messages.text(
                    "render-final-refused",
                    lang,
                    &[&args.charter.display().to_string(), &errors.to_string()]
                )
            ),
            code: 1,
            ..Output::default()
        });
    }
    let base = args.charter.parent().unwrap_or(Path::new("."));
    let custom = args.template.as_deref().map(custom_template).transpose()?;
    let bytes =
        document(&report, &loaded, base, format, custom, catalogue, today).map_err(|e| {
            UsageError::new(
                e,
                args.template.as_ref().map(|t| {
                    format!(
                        "check the template {}; docs/templates.md lists the variables",
                        t.display()
                    )
                }),
            )
        })?;
    if output.is_none() {
        return Ok(Output {
            stdout: String::from_utf8_lossy(&bytes).into_owned(),
            stderr: draft_note(args, &catalogue.messages, lang, errors),
            code: 0,
        });
    }
    if let Some(path) = output {
        write_new_file(path, &bytes, args.force)?;
    }
    Ok(Output {
        stderr: draft_note(args, &catalogue.messages, lang, errors),
        ..Output::default()
    })
}

/// The document of a linted charter (`report`, parsed as `loaded`) in `format`: what
/// `charter render` writes and `charter serve` downloads. User packs are relative to `folder`.
pub fn document(
    report: &FileReport,
    loaded: &LoadedCharter,
    folder: &Path,
    format: RenderFormat,
    custom: Option<CustomTemplate>,
    catalogue: &Catalogue,
    today: Date,
) -> Result<Vec<u8>, String> {
    let charter = &loaded.charter;
    let selection =
        Selection::resolve_charter(catalogue, &charter.packs, folder).map_err(|e| e.to_string())?;
    let document = context::build(&context::Input {
        charter,
        catalogue,
        pack_clauses: selection.clauses.keys().map(String::as_str).collect(),
        packs: &selection.packs,
        diagnostics: &report.diagnostics,
        today,
    });
    let text_format = match format {
        RenderFormat::Md => TextFormat::Markdown,
        RenderFormat::Html => TextFormat::Html,
        RenderFormat::Docx => return render::docx::render(&document).map_err(|e| e.to_string()),
    };
    render::render_text(&document, text_format, custom)
        .map(String::into_bytes)
        .map_err(|e| e.to_string())
}

/// The format asked for, else the one of the output file's extension, else Markdown.
fn format_of(asked: Option<RenderFormat>, output: Option<&Path>) -> Result<RenderFormat, &Path> {
    if let Some(format) = asked {
        return Ok(format);
    }
    let Some(path) = output else {
        return Ok(RenderFormat::Md);
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("md" | "markdown") => Ok(RenderFormat::Md),
        Some("html" | "htm") => Ok(RenderFormat::Html),
        Some("docx") => Ok(RenderFormat::Docx),
        _ => Err(path),
    }
}

/// The language the charter at `path` declares, else the locale's.
fn charter_lang(path: &Path) -> Lang {
    let declared = read_text_limited(path, DEFAULT_MAX_BYTES, Utf8::Strict)
        .ok()
        .and_then(|text| charter_loader::declared_lang(&text));
    super::message_lang(None).for_file(declared.map(Lang::code))
}

/// The charter of a report that read it, if it parses.
pub fn parse(report: &FileReport) -> Option<LoadedCharter> {
    report
        .source
        .clone()
        .and_then(|source| charter_loader::parse(source).ok())
}

/// Exit 2 with the lint diagnostics of a charter that cannot be rendered.
fn invalid(report: &FileReport, catalogue: &Catalogue, lang: Lang) -> Output {
    let lints = report::human::render(std::slice::from_ref(report), &catalogue.messages, lang);
    Output {
        stderr: format!(
            "{lints}{}\n",
            catalogue
                .messages
                .text("render-invalid", lang, &[&report.path])
        ),
        code: 2,
        ..Output::default()
    }
}

/// A note on standard error when the document is marked as a draft.
fn draft_note(args: &RenderArgs, messages: &Messages, lang: Lang, errors: usize) -> String {
    if errors == 0 {
        String::new()
    } else {
        let path = args.charter.display().to_string();
        let note = messages.text("render-draft-note", lang, &[&errors.to_string(), &path]);
        format!("{note}\n")
    }
}

/// Reads a custom template; its includes are read from its folder only, symbolic links
/// leading out of it refused.
fn custom_template(path: &Path) -> Result<CustomTemplate, UsageError> {
    let unreadable = |reason: String| {
        UsageError::new(
            format!("cannot read template {}: {reason}", path.display()),
            None,
        )
    };
    let source = read_text_limited(path, TEMPLATE_MAX_BYTES, Utf8::Strict).map_err(unreadable)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder: PathBuf = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let folder = folder
        .canonicalize()
        .map_err(|e| unreadable(e.to_string()))?;
    let include = move |relative: &Path| {
        let real = match folder.join(relative).canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        if !real.starts_with(&folder) {
            return Err("it leads outside the template's folder".to_owned());
        }
        read_text_limited(&real, TEMPLATE_MAX_BYTES, Utf8::Strict).map(Some)
    };
    Ok(CustomTemplate {
        name,
        source,
        include: Arc::new(include),
    })
}
