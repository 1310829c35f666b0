//! `charter lint`: find the files, load each, check it against the selected packs, report.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Output, UsageError};
use crate::check::detect::Analysed;
use crate::check::{self, Context, FileReport, Kind, Sink};
use crate::cli::{FailOn, LintArgs, LintFormat};
use crate::diag::{Code, Diagnostic, Severity};
use crate::load::charter::{self as charter_loader, LoadedCharter};
use crate::load::draft::{self, paragraphs, DraftFormat, PackageFormat, PackageReadError};
use crate::load::parse_errors;
use crate::load::source::{read_source, ReadError, SourceFile, Utf8};
use crate::load::yaml::YamlProblem;
use crate::model::date::Date;
use crate::model::document::Document;
use crate::model::lang::{Lang, MessageLang};
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;
use crate::policy::messages::Messages;
use crate::policy::selection::{self, PackError, Selection};
use crate::report::concise::ConciseReporter;
use crate::report::github::GithubReporter;
use crate::report::gitlab::GitlabReporter;
use crate::report::human::HumanReporter;
use crate::report::json::JsonReporter;
use crate::report::matrix::{MatrixFormat, MatrixReporter};
use crate::report::quiet::FindingsOnly;
use crate::report::sarif::SarifReporter;
use crate::report::{self, Reporter};

/// What a path on the command line or in a walked folder is.
enum Input {
    /// A YAML file; `walked` when found in a folder, where only files with a
    /// top-level `charter:` key are linted (other YAML is not a charter).
    Charter {
        path: PathBuf,
        walked: bool,
    },
    Draft(PathBuf, DraftFormat),
    /// A word-processor draft (.docx, .odt).
    Package(PathBuf, PackageFormat),
    /// A path that cannot be linted, with the reason: a key of `policies/messages.yaml`,
    /// or the walker's own words.
    Unusable(PathBuf, String),
    /// Standard input (`-`).
    Stdin,
    /// A walked file that is not linted, with the reason.
    Skipped(Skip),
}

/// A walked file that was not linted: named when a run finds nothing to lint.
#[derive(Clone)]
struct Skip {
    path: PathBuf,
    /// The key in `policies/messages.yaml` of the reason.
    reason: &'static str,
}

impl Input {
    /// The file's path (`None` for standard input).
    fn path(&self) -> Option<&Path> {
        match self {
            Input::Charter { path, .. }
            | Input::Draft(path, _)
            | Input::Package(path, _)
            | Input::Unusable(path, _)
            | Input::Skipped(Skip { path, .. }) => Some(path),
            Input::Stdin => None,
        }
    }
}

pub(super) fn is_charter(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The files to lint: explicit files as given, folders walked (honouring .gitignore and
/// .ignore, reading hidden folders such as `.github/` and linked files); with the files a
/// walk passed over and why (a message key), for `--verbose`.
fn inputs(paths: &[PathBuf], verbose: bool) -> (Vec<Input>, Vec<(PathBuf, &'static str)>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push(Input::Stdin);
        } else if path.is_dir() {
            let first = found.len();
            for entry in walk(path, true) {
                match entry {
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                        found.push(walked(entry.into_path()));
                    }
                    Ok(entry) if entry.path_is_symlink() => match std::fs::metadata(entry.path()) {
                        Ok(target) if target.is_file() => {
                            found.push(walked(entry.into_path()));
                        }
                        Ok(_) => skipped.push((entry.into_path(), "lint-skip-folder-link")),
                        Err(_) => skipped.push((entry.into_path(), "lint-skip-broken-link")),
                    },
                    Ok(_) => {}
                    Err(error) => {
                        let at = error_path(&error).unwrap_or_else(|| path.clone());
                        found.push(Input::Unusable(at, error.to_string()));
                    }
                }
            }
            if verbose {
                let taken: std::collections::HashSet<PathBuf> = found[first..]
                    .iter()
                    .filter_map(|input| match input {
                        Input::Charter { path, .. }
                        | Input::Draft(path, _)
                        | Input::Package(path, _) => Some(path.clone()),
                        Input::Unusable(..) | Input::Stdin | Input::Skipped(_) => None,
                    })
                    .collect();
                for entry in walk(path, false).flatten() {
                    let file = entry.path();
                    let lintable = is_charter(file)
                        || DraftFormat::of(file).is_some()
                        || PackageFormat::of(file).is_some();
                    if lintable
                        && entry.file_type().is_some_and(|t| t.is_file())
                        && !taken.contains(file)
                    {
                        skipped.push((entry.into_path(), "lint-skip-ignored"));
                    }
                }
            }
        } else if is_charter(path) {
            found.push(Input::Charter {
                path: path.clone(),
                walked: false,
            });
        } else if let Some(format) = DraftFormat::of(path) {
            found.push(Input::Draft(path.clone(), format));
        } else if let Some(format) = PackageFormat::of(path) {
            found.push(Input::Package(path.clone(), format));
        } else if path.exists() {
            found.push(Input::Unusable(
                path.clone(),
                "unusable-not-charter-or-draft".to_owned(),
            ));
        } else {
            found.push(Input::Unusable(
                path.clone(),
                "unusable-no-such-path".to_owned(),
            ));
        }
    }
    (found, skipped)
}

/// A folder's entries in name order, `.git` left out, links not followed; with `rules`,
/// files that .gitignore or .ignore rules exclude are left out too.
fn walk(path: &Path, rules: bool) -> ignore::Walk {
    ignore::WalkBuilder::new(path)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .require_git(false)
        .standard_filters(rules)
        .hidden(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build()
}

/// A file met in a walked folder: a charter or a draft, else why it is skipped.
fn walked(file: PathBuf) -> Input {
    if is_charter(&file) {
        Input::Charter {
            path: file,
            walked: true,
        }
    } else if let Some(format) = DraftFormat::of(&file) {
        Input::Draft(file, format)
    } else if let Some(format) = PackageFormat::of(&file) {
        if PackageFormat::is_lock_file(&file) {
            Input::Skipped(Skip {
                path: file,
                reason: "skipped-lock-file",
            })
        } else {
            Input::Package(file, format)
        }
    } else {
        Input::Skipped(Skip {
            path: file,
            reason: "skipped-not-charter-or-draft",
        })
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// How many files are linted in parallel before their reports are written and dropped.
const CHUNK: usize = 64;
/// How many bytes of files are linted in parallel before their reports are written and
/// dropped: peak memory follows a few big files, not a batch of them.
const CHUNK_BYTES: u64 = 32 << 20;

/// The inputs cut into batches of at most `CHUNK` files and, past the first file, about
/// `CHUNK_BYTES` bytes.
fn batches(inputs: Vec<Input>) -> Vec<Vec<Input>> {
    let mut batches: Vec<Vec<Input>> = Vec::new();
    let mut bytes = 0;
    for input in inputs {
        let size = match &input {
            Input::Charter { path, .. } | Input::Draft(path, _) | Input::Package(path, _) => {
                std::fs::metadata(path).map_or(0, |m| m.len())
            }
            Input::Unusable(..) | Input::Stdin | Input::Skipped(_) => 0,
        };
        match batches.last_mut() {
            Some(batch) if batch.len() < CHUNK && bytes + size <= CHUNK_BYTES => {
                bytes += size;
                batch.push(input);
            }
            _ => {
                bytes = size;
                batches.push(vec![input]);
            }
        }
    }
    batches
}

/// Runs `charter lint`, writing the report to `out` as files are done; returns the exit code.
pub fn run(
    args: &LintArgs,
    catalogue: &Catalogue,
    lexicon: &Lexicon,
    detector: &Detector,
    out: &mut dyn Write,
) -> Result<Output, UsageError> {
    let lang = super::message_lang(args.lang);
    let context = Context {
        catalogue,
        lexicon,
        detector,
        lang: lang.for_file(None),
        lang_from_file: args.lang.is_none(),
        today: args.today.unwrap_or_else(Date::today),
    };
    let mut reporter = reporter(args, lang, catalogue);
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    let write_error =
        |e: std::io::Error| UsageError::new(format!("cannot write the report: {e}"), None);
    let mut summary = report::Summary::default();
    let (mut failed, mut findings) = (false, false);
    let (mut found, walk_skipped) = inputs(&args.paths, args.verbose);
    found.retain(|input| !input.path().is_some_and(|p| args.project.excludes(p)));
    let mut notes = String::new();
    for (path, reason) in walk_skipped {
        let reason = catalogue.messages.text(reason, context.lang, &[]);
        let shown = path.display().to_string();
        notes.push_str(
            &catalogue
                .messages
                .text("lint-skipped", context.lang, &[&shown, &reason]),
        );
        notes.push('\n');
    }
    // The first skipped files and how many there were, while nothing has been linted.
    let (mut skipped, mut skipped_count): (Vec<Skip>, usize) = (Vec::new(), 0);
    for chunk in batches(found) {
        let (reports, skips): (Vec<_>, Vec<_>) = chunk
            .par_iter()
            .map(|input| lint_input(&context, input, args))
            .partition(Result::is_ok);
        if summary.files == 0 {
            skipped_count += skips.len();
            skipped.extend(
                skips
                    .into_iter()
                    .filter_map(Result::err)
                    .take(SKIPPED_SHOWN),
            );
            skipped.truncate(SKIPPED_SHOWN);
        }
        for report in reports.iter().filter_map(|r| r.as_ref().ok()) {
            summary.add(report);
            failed |= report.failed;
            findings |= report.diagnostics.iter().any(|d| d.severity >= threshold);
            if let Err(error) = reporter.file(out, report) {
                return closed_output(error, failed, findings)
                    .map(|code| Output::code(code, notes))
                    .map_err(write_error);
            }
        }
    }
    if summary.files == 0 {
        let report = no_input(&context, &args.paths, &skipped, skipped_count);
        summary.errors += report.diagnostics.len();
        failed = true;
        if let Err(error) = reporter.file(out, &report) {
            return closed_output(error, failed, findings)
                .map(|code| Output::code(code, notes))
                .map_err(write_error);
        }
    }
    if let Err(error) = reporter.finish(out, &summary).and_then(|()| out.flush()) {
        return closed_output(error, failed, findings)
            .map(|code| Output::code(code, notes))
            .map_err(write_error);
    }
    Ok(Output::code(exit_code(failed, findings), notes))
}

/// How many skipped files a `no-input` error names.
const SKIPPED_SHOWN: usize = 10;

/// The report of a run that found nothing to lint: the paths looked at and what was skipped
/// (not counted as a file in the summary).
fn no_input(context: &Context, paths: &[PathBuf], skipped: &[Skip], count: usize) -> FileReport {
    let messages = &context.catalogue.messages;
    let lang = context.lang;
    let looked: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    let looked = looked.join(", ");
    let mut names: Vec<String> = skipped
        .iter()
        .map(|skip| {
            let reason = messages.text(skip.reason, lang, &[]);
            messages.text(
                "skipped-file",
                lang,
                &[&skip.path.display().to_string(), &reason],
            )
        })
        .collect();
    if count > skipped.len() {
        let more = (count - skipped.len()).to_string();
        names.push(messages.text("skipped-more", lang, &[&more]));
    }
    let skipped = if names.is_empty() {
        messages.text("skipped-nothing", lang, &[])
    } else {
        messages.text("skipped-list", lang, &[&names.join(", ")])
    };
    let mut sink = Sink::new(context);
    sink.push(
        Code::NoInput,
        Severity::Error,
        None,
        None,
        &[("paths", &looked), ("skipped", &skipped)],
    );
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    failed_report(shown.join(", "), Kind::Draft, sink.diagnostics)
}

/// The report of an input that was not read: its diagnostics only (exit code 2).
fn failed_report(path: String, kind: Kind, diagnostics: Vec<Diagnostic>) -> FileReport {
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

fn exit_code(failed: bool, findings: bool) -> u8 {
    match (failed, findings) {
        (true, _) => 2,
        (false, true) => 1,
        (false, false) => 0,
    }
}

/// A reader that stopped reading (`charter lint … | head`) ends the run quietly.
fn closed_output(
    error: std::io::Error,
    failed: bool,
    findings: bool,
) -> Result<u8, std::io::Error> {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(exit_code(failed, findings))
    } else {
        Err(error)
    }
}

fn reporter<'a>(
    args: &LintArgs,
    lang: MessageLang,
    catalogue: &'a Catalogue,
) -> Box<dyn Reporter + 'a> {
    let matrix = |format| Box::new(MatrixReporter::new(catalogue, lang, format));
    match args.format {
        LintFormat::Human => {
            let human = HumanReporter {
                messages: &catalogue.messages,
                lang,
            };
            if args.quiet {
                Box::new(FindingsOnly(human))
            } else {
                Box::new(human)
            }
        }
        LintFormat::Json => Box::new(JsonReporter::default()),
        LintFormat::Sarif => Box::new(SarifReporter {
            catalogue,
            lang,
            results_written: 0,
        }),
        LintFormat::Github => Box::new(GithubReporter),
        LintFormat::Gitlab => Box::new(GitlabReporter::default()),
        LintFormat::Concise => Box::new(ConciseReporter {
            messages: &catalogue.messages,
            lang,
        }),
        LintFormat::Matrix => matrix(MatrixFormat::Terminal),
        LintFormat::MatrixCsv => matrix(MatrixFormat::Csv),
        LintFormat::MatrixHtml => matrix(MatrixFormat::Html),
    }
}

/// The report of one input, or why it was skipped (a walked YAML file that is not a
/// charter, a walked file of another type).
fn lint_input(context: &Context, input: &Input, args: &LintArgs) -> Result<FileReport, Skip> {
    let packs = &input.path().map_or_else(
        || args.packs.clone(),
        |path| args.project.packs_for(path, &args.packs),
    );
    let mut report = match input {
        Input::Charter { path, walked } => {
            if *walked && !looks_like_charter(path, args.max_size) {
                return Err(Skip {
                    path: path.clone(),
                    reason: "skipped-not-charter-yaml",
                });
            }
            lint_charter_file(context, path, packs, args.max_size)
        }
        Input::Draft(path, format) => lint_draft_file(context, path, *format, packs, args.max_size),
        Input::Package(path, format) => {
            lint_package_file(context, path, *format, packs, args.max_size)
        }
        Input::Unusable(path, reason) => {
            let reason = context.catalogue.messages.text(reason, context.lang, &[]);
            unreadable(context, path, Kind::Draft, &reason)
        }
        Input::Stdin => super::lint_stdin::lint(context, args),
        Input::Skipped(skip) => return Err(skip.clone()),
    };
    args.project.ignore(&mut report);
    Ok(report)
}

/// Whether a YAML file has a top-level `charter:` key (unreadable files count, to be
/// reported). A file over the size limit is a charter only if its first 64 KiB say so: a
/// large YAML data file in the folder is not one.
fn looks_like_charter(path: &Path, max_bytes: u64) -> bool {
    let has_key = |text: &str| text.lines().any(|line| line.starts_with("charter:"));
    match read_source(path, max_bytes, Utf8::Lossy) {
        Ok(text) => has_key(&text),
        Err(ReadError::TooLarge { .. }) => {
            let mut head = Vec::new();
            std::fs::File::open(path)
                .and_then(|file| file.take(64 * 1024).read_to_end(&mut head))
                .map_or(true, |_| has_key(&String::from_utf8_lossy(&head)))
        }
        Err(_) => true,
    }
}

/// The packs given with `--pack`, resolved (with the patterns user packs add).
pub fn command_line_packs(args: &LintArgs, catalogue: &Catalogue) -> Result<Selection, UsageError> {
    Selection::resolve(catalogue, &args.packs, Path::new("."))
        .map_err(|e| pack_usage_error(catalogue, args, &e))
}

fn pack_usage_error(catalogue: &Catalogue, args: &LintArgs, error: &PackError) -> UsageError {
    let lang = super::message_lang(args.lang).for_file(None);
    let messages = &catalogue.messages;
    let suggestion = |name: &str, hint: Option<&str>| {
        hint.map(|h| messages.did_you_mean(lang, name, [h]))
            .unwrap_or_default()
    };
    let packs: Vec<&str> = catalogue.packs.keys().map(String::as_str).collect();
    let packs = packs.join(", ");
    match error {
        PackError::Unknown { name, hint } => {
            let hint = suggestion(name, hint.as_deref());
            let (message, help) = messages.diagnostic(
                Code::UnknownPack,
                lang,
                &[("pack", name), ("hint", &hint), ("packs", &packs)],
            );
            UsageError::new(message, Some(help))
        }
        PackError::UnknownClause {
            clause: name, hint, ..
        } => {
            let hint = suggestion(name, hint.as_deref());
            let (_, help) = messages.diagnostic(
                Code::UnknownPack,
                lang,
                &[("pack", name), ("hint", &hint), ("packs", &packs)],
            );
            UsageError::new(error.to_string(), Some(help))
        }
        _ => UsageError::new(error.to_string(), None),
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
pub(super) fn read_reason(
    error: &ReadError,
    max_bytes: u64,
    messages: &Messages,
    lang: Lang,
) -> String {
    let (key, values) = error.message();
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let reason = messages.text(key, lang, &values);
    match error {
        ReadError::TooLarge { size, .. } => {
            let mebibytes = size.map_or(2 * max_bytes, |s| s + 1).div_ceil(1 << 20);
            let raise = messages.text("read-raise-limit", lang, &[&mebibytes.to_string()]);
            format!("{reason} ({raise})")
        }
        _ => reason,
    }
}

/// The report of a file that could not be read (exit code 2).
pub(super) fn unreadable(context: &Context, path: &Path, kind: Kind, reason: &str) -> FileReport {
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

/// Lints one free-text draft.
pub fn lint_draft_file(
    context: &Context,
    path: &Path,
    format: DraftFormat,
    packs: &[String],
    max_bytes: u64,
) -> FileReport {
    let text = match read_input(context, path, max_bytes, Utf8::Lossy) {
        Ok(text) => text,
        Err(reason) => return unreadable(context, path, Kind::Draft, &reason),
    };
    let source = SourceFile::new(path.display().to_string(), text);
    let document = draft::parse(&source.text, format);
    lint_document(context, source, &document, packs)
}

/// Lints one word-processor draft: its paragraphs are its lines.
pub fn lint_package_file(
    context: &Context,
    path: &Path,
    format: PackageFormat,
    packs: &[String],
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
    lint_document(context, source, &document, packs)
}

/// Why a word-processor draft was not read, in the user's language.
pub(super) fn package_reason(
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

/// Checks a draft read into a document against the packs.
pub(super) fn lint_document(
    context: &Context,
    source: SourceFile,
    document: &Document,
    packs: &[String],
) -> FileReport {
    let (lang, analysed) = Analysed::detect(document, context.lexicon, context.detector);
    if let Some(code) = &analysed.unsupported {
        return unsupported_language(context, source, code);
    }
    let context = &context.for_file(Some(lang));
    let selection =
        Selection::resolve_or_default(context.catalogue, packs, Path::new(".")).unwrap_or_default();
    let mut sink = Sink::new(context);
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
pub fn lint_charter_file(
    context: &Context,
    path: &Path,
    extra_packs: &[String],
    max_bytes: u64,
) -> FileReport {
    let text = match read_input(context, path, max_bytes, Utf8::Strict) {
        Ok(text) => text,
        Err(reason) => return unreadable(context, path, Kind::Charter, &reason),
    };
    let source = SourceFile::new(path.display().to_string(), text);
    lint_charter_source(context, source, path.parent(), extra_packs)
}

/// Lints a charter's text; user packs it names are relative to `folder` (default `.`).
pub fn lint_charter_source(
    context: &Context,
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
    let selection = select_packs(&mut sink, &loaded, extra_packs, base);
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

/// The charter's packs plus the command line's (baseline when none); unusable names are reported.
fn select_packs(
    sink: &mut Sink,
    loaded: &LoadedCharter,
    extra: &[String],
    base: &Path,
) -> Selection {
    let catalogue = sink.context().catalogue;
    let mut names: Vec<String> = Vec::new();
    for (i, name) in loaded.charter.packs.iter().enumerate() {
        let resolved = selection::confine(catalogue, name, base)
            .and_then(|()| Selection::resolve(catalogue, std::slice::from_ref(name), base));
        match resolved {
            Ok(_) => names.push(name.clone()),
            Err(error) => {
                let hint =
                    match &error {
                        PackError::Unknown { hint: Some(h), .. } => catalogue
                            .messages
                            .did_you_mean(sink.context().lang, name, [h.as_str()]),
                        PackError::Unknown { .. } => String::new(),
                        PackError::Outside(_) => {
                            catalogue
                                .messages
                                .text("pack-outside", sink.context().lang, &[])
                        }
                        other => format!("{other}. "),
                    };
                let packs: Vec<&str> = catalogue.packs.keys().map(String::as_str).collect();
                sink.push(
                    Code::UnknownPack,
                    Severity::Error,
                    None,
                    loaded.locator.value(&format!("packs.{i}")),
                    &[
                        ("pack", name),
                        ("hint", &hint),
                        ("packs", &packs.join(", ")),
                    ],
                );
            }
        }
    }
    for name in extra {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    Selection::resolve_or_default(catalogue, &names, base).unwrap_or_default()
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

    #[test]
    fn batches_hold_a_few_big_files_or_many_small_ones() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        for (i, size) in [20u64 << 20, 20 << 20, 1 << 10, 1 << 10, 40 << 20]
            .into_iter()
            .chain(std::iter::repeat_n(1, 70))
            .enumerate()
        {
            let path = dir.path().join(format!("{i}.md"));
            std::fs::File::create(&path).unwrap().set_len(size).unwrap();
            inputs.push(Input::Draft(path, DraftFormat::Markdown));
        }
        let sizes: Vec<usize> = batches(inputs).iter().map(Vec::len).collect();
        assert_eq!(sizes, [1, 3, 1, 64, 6]);
    }
}
