//! `charter lint`: find the files, load each, check it against the selected packs, report.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Output, UsageError};
use crate::check::{Context, FileReport, Kind, Sink};
use crate::cli::{LintArgs, LintFormat};
use crate::diag::{Code, Severity};
use crate::load::draft::{DraftFormat, PackageFormat};
use crate::load::source::{read_source, ReadError, Utf8};
use crate::model::config::FailOn;
use crate::model::date::Date;
use crate::model::lang::MessageLang;
use crate::pipeline::{self, pack_error_text, Packs};
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;
use crate::policy::selection::{PackError, Selection};
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

/// Batches whose files hold fewer bytes than this are written while the next is linted.
const PIPELINED_BYTES: usize = 4 << 20;

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
pub(crate) fn run(
    args: &LintArgs,
    catalogue: &Catalogue,
    lexicon: &Lexicon,
    detector: &Detector,
    packs: &Packs,
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
    let write_error = |e: std::io::Error| {
        let text = catalogue.messages.text(
            "report-write-failed",
            lang.for_file(None),
            &[&e.to_string()],
        );
        UsageError::new(text, None)
    };
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
    let lint_batch = |chunk: Vec<Input>| -> Vec<Result<FileReport, Skip>> {
        chunk
            .par_iter()
            .map(|input| lint_input(&context, packs, input, args))
            .collect()
    };
    let mut chunks = batches(found).into_iter();
    let mut linted = chunks.next().map(lint_batch);
    while let Some(results) = linted.take() {
        // While a batch of small files is written, the next one is linted; after big
        // files, memory comes first.
        let bytes: usize = results
            .iter()
            .filter_map(|r| r.as_ref().ok()?.source.as_ref())
            .map(|source| source.text.len())
            .sum();
        let mut next = None;
        let mut written = Ok(());
        let mut write = |results: Vec<Result<FileReport, Skip>>| {
            let (reports, skips): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
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
                reporter.file(out, report)?;
            }
            Ok(())
        };
        match chunks.next() {
            Some(chunk) if bytes < PIPELINED_BYTES => rayon::in_place_scope(|scope| {
                scope.spawn(|_| next = Some(lint_batch(chunk)));
                written = write(results);
            }),
            chunk => {
                written = write(results);
                next = chunk.map(lint_batch);
            }
        }
        if let Err(error) = written {
            return closed_output(error, failed, findings)
                .map(|code| Output::code(code, notes))
                .map_err(write_error);
        }
        linted = next;
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
    pipeline::failed_report(shown.join(", "), Kind::Draft, sink.diagnostics)
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
fn lint_input(
    context: &Context,
    packs: &Packs,
    input: &Input,
    args: &LintArgs,
) -> Result<FileReport, Skip> {
    let names = &input.path().map_or_else(
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
            pipeline::charter_file(context, packs, path, names, args.max_size)
        }
        Input::Draft(path, format) => {
            pipeline::draft_file(context, packs, path, *format, names, args.max_size)
        }
        Input::Package(path, format) => {
            pipeline::package_file(context, packs, path, *format, names, args.max_size)
        }
        Input::Unusable(path, reason) => {
            let reason = context.catalogue.messages.text(reason, context.lang, &[]);
            pipeline::unreadable(context, path, Kind::Draft, &reason)
        }
        Input::Stdin => super::lint_stdin::lint(context, packs, args),
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
pub(crate) fn command_line_packs(
    args: &LintArgs,
    catalogue: &Catalogue,
    packs: &Packs,
) -> Result<Selection, UsageError> {
    packs
        .resolve(&args.packs, Path::new("."))
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
            UsageError::new(pack_error_text(error, messages, lang), Some(help))
        }
        _ => UsageError::new(pack_error_text(error, messages, lang), None),
    }
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
