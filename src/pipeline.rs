//! One file through the pipeline: read it, load it, resolve its packs (once per run), check
//! it, into a `FileReport`. Commands call it; it never calls a command.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::check::detect::Analysed;
use crate::check::{self, Context, FileReport, Kind, Sink};
use crate::diag::{Code, Diagnostic, Severity};
use crate::load::charter::{self as charter_loader, LoadedCharter};
use crate::load::draft::{self, paragraphs, DraftFormat, PackageFormat, PackageReadError};
use crate::load::parse_errors;
use crate::load::source::{read_source, size, ReadError, SourceFile, Utf8};
use crate::load::yaml::YamlProblem;
use crate::model::document::Document;
use crate::model::lang::Lang;
use crate::policy::catalogue::Catalogue;
use crate::policy::messages::Messages;
use crate::policy::selection::{self, PackError, Selection};
use crate::text::span::Span;

/// The packs of a run, each list of names resolved once (a user pack file is read once per
/// run, not once per file), shared by the files checked in parallel.
pub struct Packs<'a> {
    catalogue: &'a Catalogue,
    resolved: Mutex<HashMap<(Vec<String>, PathBuf), Selection>>,
}

impl<'a> Packs<'a> {
    pub fn new(catalogue: &'a Catalogue) -> Self {
        Packs {
            catalogue,
            resolved: Mutex::new(HashMap::new()),
        }
    }

    /// The selection of `names` (the default pack when empty); user pack paths are
    /// relative to `base`.
    pub fn resolve(&self, names: &[String], base: &Path) -> Result<Selection, PackError> {
        let key = (names.to_vec(), base.to_path_buf());
        if let Some(selection) = self.lock().get(&key) {
            return Ok(selection.clone());
        }
        let selection = Selection::resolve_or_default(self.catalogue, names, base)?;
        self.lock().insert(key, selection.clone());
        Ok(selection)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Vec<String>, PathBuf), Selection>> {
        // A panic elsewhere cannot leave the map half-written: insertions are whole.
        self.resolved
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The report of an input that was not read: its diagnostics only (exit code 2).
pub fn failed_report(path: String, kind: Kind, diagnostics: Vec<Diagnostic>) -> FileReport {
    FileReport {
        path,
        kind,
        lang: None,
        packs: Vec::new(),
        coverage: Vec::new(),
        diagnostics,
        source: None,
        failed: true,
    }
}

/// Reads a file to lint; a file over the limit says how to raise it.
fn read_input(
    context: &Context,
    path: &Path,
    max_bytes: u64,
    utf8: Utf8,
) -> Result<String, String> {
    read_source(path, max_bytes, utf8)
        .map_err(|error| read_reason(&error, max_bytes, &context.catalogue.messages, context.lang))
}

/// Why a file was not read, in `lang`; a file over the limit says how to raise it.
pub fn read_reason(error: &ReadError, max_bytes: u64, messages: &Messages, lang: Lang) -> String {
    let reason = read_error_text(error, messages, lang);
    match error {
        ReadError::TooLarge { size, .. } => {
            let mebibytes = size.map_or(2 * max_bytes, |s| s + 1).div_ceil(1 << 20);
            let raise = messages.text("read-raise-limit", lang, &[&mebibytes.to_string()]);
            format!("{reason} ({raise})")
        }
        _ => reason,
    }
}

/// Why a file was not read, in `lang`, sizes in its units (`100 octets`, `1,5 Kio`).
pub fn read_error_text(error: &ReadError, messages: &Messages, lang: Lang) -> String {
    let (key, values) = error.message(|n| {
        let (number, unit) = size(n);
        let number = number.replace('.', &messages.text("decimal-mark", lang, &[]));
        messages.text(unit, lang, &[&number])
    });
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    messages.text(key, lang, &values)
}

/// The report of a file that could not be read (exit code 2).
pub fn unreadable(context: &Context, path: &Path, kind: Kind, reason: &str) -> FileReport {
    let display = path.display().to_string();
    let mut sink = Sink::new(context);
    sink.push(
        Code::UnreadableFile,
        Severity::Error,
        None,
        None,
        &[("path", &display), ("reason", reason)],
    );
    failed_report(display, kind, sink.diagnostics)
}

/// Lints one free-text draft file.
pub fn draft_file(
    context: &Context,
    packs: &Packs,
    path: &Path,
    format: DraftFormat,
    names: &[String],
    max_bytes: u64,
) -> FileReport {
    let text = match read_input(context, path, max_bytes, Utf8::Lossy) {
        Ok(text) => text,
        Err(reason) => return unreadable(context, path, Kind::Draft, &reason),
    };
    let source = SourceFile::new(path.display().to_string(), text);
    let document = draft::parse(&source.text, format);
    draft(context, packs, source, &document, names)
}

/// Lints one word-processor draft: its paragraphs are its lines.
pub fn package_file(
    context: &Context,
    packs: &Packs,
    path: &Path,
    format: PackageFormat,
    names: &[String],
    max_bytes: u64,
) -> FileReport {
    let paragraphs = match draft::read_package(path, format, max_bytes) {
        Ok(paragraphs) => paragraphs,
        Err(error) => {
            let reason = package_reason(error, &context.catalogue.messages, context.lang, |e| {
                read_reason(&e, max_bytes, &context.catalogue.messages, context.lang)
            });
            return unreadable(context, path, Kind::Draft, &reason);
        }
    };
    let (text, document, headings) = paragraphs::lint_view(&paragraphs);
    let mut source = SourceFile::new(path.display().to_string(), text);
    source.paragraph_headings = Some(headings);
    draft(context, packs, source, &document, names)
}

/// Why a word-processor draft was not read, in the user's language.
pub fn package_reason(
    error: PackageReadError,
    messages: &Messages,
    lang: Lang,
    read_reason: impl FnOnce(ReadError) -> String,
) -> String {
    match error {
        PackageReadError::Read(error) => read_reason(error),
        PackageReadError::Package(error) => {
            let (key, values) = error.message();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            messages.text(key, lang, &values)
        }
    }
}

/// Checks a draft read into a document against the packs `names` (the default pack when
/// none).
pub fn draft(
    context: &Context,
    packs: &Packs,
    source: SourceFile,
    document: &Document,
    names: &[String],
) -> FileReport {
    let (lang, analysed) = Analysed::detect(document, context.lexicon, context.detector);
    if let Some(code) = &analysed.unsupported {
        return unsupported_language(context, source, code);
    }
    let context = &context.for_file(Some(lang));
    let mut sink = Sink::new(context);
    let selection = match packs.resolve(names, Path::new(".")) {
        Ok(selection) => selection,
        Err(error) => {
            pack_problem(&mut sink, &error, None);
            return failed_report(source.path, Kind::Draft, sink.diagnostics);
        }
    };
    let coverage = check::draft::check(&mut sink, document, (lang, &analysed), &source, &selection);
    FileReport {
        path: source.path.clone(),
        kind: Kind::Draft,
        lang: Some(lang.to_owned()),
        packs: selection.packs,
        coverage,
        diagnostics: sink.diagnostics,
        source: Some(source),
        failed: false,
    }
}

/// The report of a draft written in a language charter cannot read: one error, no coverage.
fn unsupported_language(context: &Context, source: SourceFile, code: &str) -> FileReport {
    let mut sink = Sink::new(context);
    let name = context
        .catalogue
        .messages
        .text(&format!("language-{code}"), context.lang, &[]);
    sink.push(
        Code::UnsupportedLanguage,
        Severity::Error,
        None,
        None,
        &[("path", &source.path), ("language", &name)],
    );
    FileReport {
        path: source.path.clone(),
        kind: Kind::Draft,
        lang: Some(code.to_owned()),
        packs: Vec::new(),
        coverage: Vec::new(),
        diagnostics: sink.diagnostics,
        source: Some(source),
        failed: true,
    }
}

/// Lints one YAML charter file.
pub fn charter_file(
    context: &Context,
    packs: &Packs,
    path: &Path,
    extra_packs: &[String],
    max_bytes: u64,
) -> FileReport {
    let text = match read_input(context, path, max_bytes, Utf8::Strict) {
        Ok(text) => text,
        Err(reason) => return unreadable(context, path, Kind::Charter, &reason),
    };
    let source = SourceFile::new(path.display().to_string(), text);
    charter(context, packs, source, path.parent(), extra_packs)
}

/// Lints a charter's text; user packs it names are relative to `folder` (default `.`).
pub fn charter(
    context: &Context,
    packs: &Packs,
    source: SourceFile,
    folder: Option<&Path>,
    extra_packs: &[String],
) -> FileReport {
    let mut report = FileReport {
        path: source.path.clone(),
        kind: Kind::Charter,
        lang: None,
        packs: Vec::new(),
        coverage: Vec::new(),
        diagnostics: Vec::new(),
        source: None,
        failed: true,
    };
    let declared = charter_loader::declared_lang(&source.text);
    let loaded = match charter_loader::parse(source) {
        Ok(loaded) => loaded,
        Err(failure) => {
            let (source, problem) = *failure;
            let context = &context.for_file(declared.map(Lang::code));
            report.lang = declared.map(|lang| lang.code().to_owned());
            report
                .diagnostics
                .push(problem_diagnostic(context, &problem));
            report.source = Some(source);
            return report;
        }
    };
    let context = &context.for_file(Some(loaded.charter.lang.code()));
    let mut sink = Sink::new(context);
    report.lang = Some(loaded.charter.lang.code().to_owned());
    let base = folder.unwrap_or(Path::new("."));
    let selection = select_packs(&mut sink, packs, &loaded, extra_packs, base);
    report.failed = sink.diagnostics.iter().any(|d| d.code == Code::UnknownPack);
    if loaded.charter.charter != 1 {
        let version = loaded.charter.charter.to_string();
        let reason =
            context
                .catalogue
                .messages
                .text("parse-unsupported-version", context.lang, &[&version]);
        sink.push(
            Code::InvalidCharter,
            Severity::Error,
            None,
            loaded.locator.value("charter"),
            &[("reason", &reason)],
        );
        report.failed = true;
    }
    report.coverage = check::charter::check(&mut sink, &loaded, &selection);
    report.packs = selection.packs;
    report.diagnostics = sink.diagnostics;
    report.source = Some(loaded.source);
    report
}

/// The charter's packs plus the command line's (the default pack when none); unusable
/// names are reported at their place in the charter.
fn select_packs(
    sink: &mut Sink,
    packs: &Packs,
    loaded: &LoadedCharter,
    extra: &[String],
    base: &Path,
) -> Selection {
    let catalogue = sink.context().catalogue;
    let mut names: Vec<String> = Vec::new();
    for (i, name) in loaded.charter.packs.iter().enumerate() {
        let resolved = selection::confine(catalogue, name, base)
            .and_then(|()| packs.resolve(std::slice::from_ref(name), base));
        match resolved {
            Ok(_) => names.push(name.clone()),
            Err(error) => {
                let span = loaded.locator.value(&format!("packs.{i}"));
                pack_problem(sink, &error, Some((name, span)));
            }
        }
    }
    for name in extra {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    packs.resolve(&names, base).unwrap_or_else(|error| {
        pack_problem(sink, &error, None);
        Selection::default()
    })
}

/// Why packs cannot be resolved, in `lang`: a pack file's read and parser errors as for a
/// charter.
pub fn pack_error_text(error: &PackError, messages: &Messages, lang: Lang) -> String {
    match error {
        PackError::Unknown { name, .. } => messages.text("pack-unknown", lang, &[name]),
        PackError::Unreadable { path, reason } => messages.text(
            "pack-unreadable",
            lang,
            &[path, &read_error_text(reason, messages, lang)],
        ),
        PackError::Invalid(invalid) => {
            let at = format!("{}:{}:{}", invalid.file, invalid.line, invalid.column);
            let reason = parser_reason(messages, lang, &invalid.reason);
            messages.text("pack-invalid", lang, &[&at, &reason])
        }
        PackError::UnknownClause { pack, clause, .. } => {
            messages.text("pack-unknown-clause", lang, &[pack, clause])
        }
        PackError::Cycle(pack) => messages.text("pack-cycle", lang, &[pack]),
        PackError::Outside(name) => messages.text("pack-outside-file", lang, &[name]),
    }
}

/// An `unknown-pack` error for packs that cannot be resolved: the charter's entry `entry`
/// at `span` when known, else the pack the error names.
fn pack_problem(sink: &mut Sink, error: &PackError, entry: Option<(&str, Option<Span>)>) {
    let catalogue = sink.context().catalogue;
    let lang = sink.context().lang;
    let problem = |error| format!("{}. ", pack_error_text(error, &catalogue.messages, lang));
    let (name, hint) = match error {
        PackError::Unknown { name, hint } => (
            name.as_str(),
            hint.as_deref()
                .map(|h| catalogue.messages.did_you_mean(lang, name, [h]))
                .unwrap_or_default(),
        ),
        PackError::Outside(name) => (
            name.as_str(),
            catalogue.messages.text("pack-outside", lang, &[]),
        ),
        PackError::Unreadable { path, .. } => (path.as_str(), problem(error)),
        PackError::UnknownClause { pack, .. } | PackError::Cycle(pack) => {
            (pack.as_str(), problem(error))
        }
        PackError::Invalid(_) => ("", problem(error)),
    };
    let (name, span) = entry.map_or((name, None), |(entry, span)| (entry, span));
    let known: Vec<&str> = catalogue.packs.keys().map(String::as_str).collect();
    sink.push(
        Code::UnknownPack,
        Severity::Error,
        None,
        span,
        &[
            ("pack", name),
            ("hint", &hint),
            ("packs", &known.join(", ")),
        ],
    );
}

/// The diagnostic for a charter that does not parse.
fn problem_diagnostic(context: &Context, problem: &YamlProblem) -> Diagnostic {
    let mut sink = Sink::new(context);
    if let Some((field, expected)) = &problem.unknown {
        let hint = context.catalogue.messages.did_you_mean(
            context.lang,
            field,
            expected.iter().map(String::as_str),
        );
        let expected = expected.join(", ");
        sink.push(
            Code::UnknownField,
            Severity::Error,
            None,
            Some(problem.span),
            &[("field", field), ("hint", &hint), ("expected", &expected)],
        );
    } else {
        let reason = parser_reason(&context.catalogue.messages, context.lang, &problem.reason);
        let args: Vec<(&str, &str)> = std::iter::once(("reason", reason.as_str()))
            .chain(
                problem
                    .args
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            )
            .collect();
        sink.push(
            problem.code,
            Severity::Error,
            None,
            Some(problem.span),
            &args,
        );
    }
    sink.diagnostics.remove(0)
}

/// A parser's words in the user's language: a known kind translated, the original kept as
/// a detail.
fn parser_reason(messages: &Messages, lang: Lang, reason: &str) -> String {
    let Some(kind) = parse_errors::kind(reason) else {
        return messages.text("parse-unknown", lang, &[&reason.replace('`', "'"), reason]);
    };
    let typed = kind.key.starts_with("parse-invalid-");
    let values: Vec<String> = kind
        .values
        .iter()
        .map(
            |value| match parse_errors::type_word(value).filter(|_| typed) {
                Some((key, shown)) => {
                    let word = messages.text(&key, lang, &[]);
                    shown.map_or_else(|| word.clone(), |shown| format!("{word} {shown}"))
                }
                None => value.clone(),
            },
        )
        .collect();
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let said = messages.text(kind.key, lang, &values);
    let said = match &kind.at {
        Some(at) => messages.text("parse-at", lang, &[at, &said]),
        None => said,
    };
    messages.text(
        "parse-detail",
        lang,
        &[&said, &reason.replace('`', "'"), reason],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Date;
    use crate::policy::detector::Detector;
    use crate::policy::lexicon::Lexicon;

    const USER_PACK: &str = "id: team\ntitle: { en: Team, fr: Équipe }\n\
                             description: { en: Ours., fr: Le nôtre. }\n\
                             clauses:\n  security: required\n";

    #[test]
    fn a_user_pack_file_is_read_once_per_run() {
        let catalogue = Catalogue::builtin().expect("built-in policies");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let pack = dir.path().join("team.yaml");
        std::fs::write(&pack, USER_PACK).expect("the pack is written");
        let names = [pack.display().to_string()];
        let packs = Packs::new(&catalogue);
        let first = packs
            .resolve(&names, Path::new("."))
            .expect("the pack resolves");
        std::fs::remove_file(&pack).expect("the pack is removed");
        let second = packs
            .resolve(&names, Path::new("."))
            .expect("resolved once, kept");
        assert_eq!(first.packs, second.packs);
        assert!(second.clauses.contains_key("security"));
        assert!(Packs::new(&catalogue)
            .resolve(&names, Path::new("."))
            .is_err());
    }

    #[test]
    fn a_draft_whose_packs_do_not_resolve_fails_instead_of_passing() {
        let catalogue = Catalogue::builtin().expect("built-in policies");
        let lexicon = Lexicon::compile(&catalogue.lexicon).expect("the lexicon compiles");
        let detector = Detector::compile(&catalogue, &lexicon, &[]).expect("patterns compile");
        let context = Context {
            catalogue: &catalogue,
            lexicon: &lexicon,
            detector: &detector,
            lang: Lang::EN,
            lang_from_file: false,
            today: "2026-06-01".parse::<Date>().expect("a date"),
        };
        let text = "# AI policy\n\nStaff must check every AI output before it is published.\n";
        let source = SourceFile::new("draft.md".to_owned(), text.to_owned());
        let document = draft::parse(&source.text, DraftFormat::Markdown);
        let names = ["no-such-pack".to_owned()];
        let report = draft(&context, &Packs::new(&catalogue), source, &document, &names);
        assert!(report.failed);
        assert!(report.coverage.is_empty());
        assert_eq!(report.diagnostics.len(), 1);
        assert_eq!(report.diagnostics[0].code, Code::UnknownPack);
        assert!(report.diagnostics[0].message.contains("no-such-pack"));
    }
}
