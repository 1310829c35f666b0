//! `charter render`: lint the charter, lay it out as Markdown, HTML or Word, and write it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Output, UsageError};
use crate::check::{Context, FileReport};
use crate::cli::{RenderArgs, RenderFormat};
use crate::diag::Severity;
use crate::load::charter::{self as charter_loader, LoadedCharter};
use crate::load::source::{read_source, read_text, ReadError, Utf8, DEFAULT_MAX_BYTES};
use crate::model::date::Date;
use crate::model::lang::Lang;
use crate::pipeline::{self, Packs};
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;
use crate::policy::messages::Messages;
use crate::policy::selection::Selection;
use crate::render::{self, context, CustomTemplate, RenderError, TextFormat};
use crate::report;
use crate::write::write_new_file;

/// Largest custom template (or included file) read, in bytes.
const TEMPLATE_MAX_BYTES: u64 = 1024 * 1024;

/// Runs `charter render`.
pub(crate) fn run(
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
    let custom = args
        .template
        .as_deref()
        .map(|path| custom_template(path, &catalogue.messages, lang))
        .transpose()?;
    let bytes =
        document(&report, &loaded, base, format, custom, catalogue, today).map_err(|e| {
            render_failed(e, args.template.as_deref(), &catalogue.messages, lang).in_lang(lang)
        })?;
    if output.is_none() {
        return Ok(Output {
            stdout: String::from_utf8_lossy(&bytes).into_owned(),
            stderr: draft_note(args, &catalogue.messages, lang, errors),
            code: 0,
        });
    }
    if let Some(path) = output {
        write_new_file(path, &bytes, args.force)
            .map_err(|e| UsageError::not_written(&e, &catalogue.messages, lang))?;
    }
    Ok(Output {
        stderr: draft_note(args, &catalogue.messages, lang, errors),
        ..Output::default()
    })
}

/// The document of a linted charter (`report`, parsed as `loaded`) in `format`: what
/// `charter render` writes and `charter serve` downloads. User packs are relative to `folder`.
pub(crate) fn document(
    report: &FileReport,
    loaded: &LoadedCharter,
    folder: &Path,
    format: RenderFormat,
    custom: Option<CustomTemplate>,
    catalogue: &Catalogue,
    today: Date,
) -> Result<Vec<u8>, RenderError> {
    let charter = &loaded.charter;
    let selection = Selection::resolve_charter(catalogue, &charter.packs, folder)
        .map_err(|e| RenderError::Other(e.to_string()))?;
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
        RenderFormat::Docx => return render::docx::render(&document),
    };
    render::render_text(&document, text_format, custom).map(String::into_bytes)
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
    let declared = read_text(path)
        .ok()
        .and_then(|text| charter_loader::declared_lang(&text));
    super::message_lang(None).for_file(declared.map(Lang::code))
}

/// The charter of a report that read it, if it parses.
pub(crate) fn parse(report: &FileReport) -> Option<LoadedCharter> {
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

/// The usage error of a document that could not be laid out, in `lang`: a template's own
/// error keeps minijinja's words as a detail.
fn render_failed(
    error: RenderError,
    template: Option<&Path>,
    messages: &Messages,
    lang: Lang,
) -> UsageError {
    match (error, template) {
        (RenderError::Include(reason), _) => UsageError::new(reason, None),
        (RenderError::Other(detail), Some(template)) => UsageError::new(
            messages.text(
                "render-template-error",
                lang,
                &[&detail.replace('`', "'"), &detail],
            ),
            Some(messages.text(
                "render-template-hint",
                lang,
                &[&template.display().to_string()],
            )),
        ),
        (RenderError::Other(detail), None) => UsageError::new(detail, None),
    }
}

/// Reads a custom template; its includes are read from its folder only, symbolic links
/// leading out of it refused. Its errors are said in `lang`.
fn custom_template(
    path: &Path,
    messages: &Messages,
    lang: Lang,
) -> Result<CustomTemplate, UsageError> {
    let said = |error: &ReadError| crate::pipeline::read_error_text(error, messages, lang);
    let unreadable = |error: &ReadError| {
        UsageError::new(
            messages.text(
                "render-template-unreadable",
                lang,
                &[&path.display().to_string(), &said(error)],
            ),
            None,
        )
        .in_lang(lang)
    };
    let source = read_source(path, TEMPLATE_MAX_BYTES, Utf8::Strict).map_err(|e| unreadable(&e))?;
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
        .map_err(|e| unreadable(&ReadError::from_io(&e)))?;
    let (messages, lang) = (messages.clone(), lang);
    let include = move |name: &str| {
        let t = |key: &str, values: &[&str]| messages.text(key, lang, values);
        let Some(relative) = render::include_path(name) else {
            return Err(t("render-template-refused", &[name]));
        };
        let unreadable = |reason: String| t("render-template-include-unreadable", &[name, &reason]);
        let real = match folder.join(relative).canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                let error = ReadError::from_io(&e);
                return Err(unreadable(crate::pipeline::read_error_text(
                    &error, &messages, lang,
                )));
            }
        };
        if !real.starts_with(&folder) {
            return Err(unreadable(t("render-template-outside", &[])));
        }
        read_source(&real, TEMPLATE_MAX_BYTES, Utf8::Strict)
            .map(Some)
            .map_err(|e| unreadable(crate::pipeline::read_error_text(&e, &messages, lang)))
    };
    Ok(CustomTemplate {
        name,
        source,
        include: Arc::new(include),
    })
}
