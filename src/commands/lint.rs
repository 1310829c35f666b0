//! `charter lint`: load each file, check it against the selected packs, report.

use std::path::Path;

use super::{Output, UsageError};
use crate::check::{self, Context, FileReport, Kind, Sink};
use crate::cli::{FailOn, LintArgs, LintFormat};
use crate::diag::{Code, Diagnostic, Severity};
use crate::load::charter::{self as charter_loader, LoadedCharter};
use crate::load::source::{read_text, SourceFile};
use crate::load::yaml::YamlProblem;
use crate::model::date::Date;
use crate::policy::catalogue::Catalogue;
use crate::policy::lexicon::Lexicon;
use crate::policy::selection::{PackError, Selection};
use crate::report;

/// Runs `charter lint`.
pub fn run(args: &LintArgs, catalogue: &Catalogue, lexicon: &Lexicon) -> Result<Output, UsageError> {
    let cwd = Path::new(".");
    Selection::resolve(catalogue, &args.packs, cwd).map_err(|e| pack_usage_error(catalogue, args, &e))?;
    let context = Context {
        catalogue,
        lexicon,
        lang: args.lang,
        today: args.today.unwrap_or_else(Date::today),
    };
    let reports: Vec<FileReport> = args
        .paths
        .iter()
        .map(|path| lint_charter_file(&context, path, &args.packs))
        .collect();
    let stdout = match args.format {
        LintFormat::Human => report::human::render(&reports, &catalogue.messages, args.lang),
        LintFormat::Json => report::json::render(&reports),
    };
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    let code = if reports.iter().any(|r| r.failed) {
        2
    } else if reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold)
    {
        1
    } else {
        0
    };
    Ok(Output {
        stdout,
        stderr: String::new(),
        code,
    })
}

fn pack_usage_error(catalogue: &Catalogue, args: &LintArgs, error: &PackError) -> UsageError {
    let hint = match error {
        PackError::Unknown { name, hint } | PackError::UnknownClause { clause: name, hint, .. } => {
            let suggestion = hint
                .as_deref()
                .map(|h| catalogue.messages.did_you_mean(args.lang, name, [h]))
                .unwrap_or_default();
            let packs: Vec<&str> = catalogue.packs.keys().map(String::as_str).collect();
            Some(format!("{suggestion}built-in packs: {}, all; a user pack is a path to a .yaml file", packs.join(", ")))
        }
        _ => None,
    };
    UsageError::new(error.to_string(), hint)
}

/// Lints one YAML charter file.
pub fn lint_charter_file(context: &Context, path: &Path, extra_packs: &[String]) -> FileReport {
    let display = path.display().to_string();
    let mut report = FileReport {
        path: display.clone(),
        kind: Kind::Charter,
        lang: None,
        packs: Vec::new(),
        coverage: Vec::new(),
        diagnostics: Vec::new(),
        source: None,
        failed: true,
    };
    let mut sink = Sink::new(context);
    let text = match read_text(path) {
        Ok(text) => text,
        Err(reason) => {
            sink.push(Code::UnreadableFile, Severity::Error, None, None, &[("path", &display), ("reason", &reason)]);
            report.diagnostics = sink.diagnostics;
            return report;
        }
    };
    let loaded = match charter_loader::parse(SourceFile::new(display, text)) {
        Ok(loaded) => loaded,
        Err((source, problem)) => {
            report.diagnostics.push(problem_diagnostic(context, &problem));
            report.source = Some(source);
            return report;
        }
    };
    report.lang = Some(loaded.charter.lang.code().to_owned());
    let base = path.parent().unwrap_or(Path::new("."));
    let selection = select_packs(&mut sink, &loaded, extra_packs, base);
    report.failed = sink.diagnostics.iter().any(|d| d.code == Code::UnknownPack);
    if loaded.charter.charter != 1 {
        let reason = format!("unsupported charter format version {} (this tool reads version 1)", loaded.charter.charter);
        sink.push(Code::InvalidCharter, Severity::Error, None, loaded.locator.value("charter"), &[("reason", &reason)]);
        report.failed = true;
    }
    report.coverage = check::charter::check(&mut sink, &loaded, &selection);
    report.packs = selection.packs;
    report.diagnostics = sink.diagnostics;
    report.source = Some(loaded.source);
    report
}

/// The charter's packs plus the command line's (baseline when none); unusable names are reported.
fn select_packs(sink: &mut Sink, loaded: &LoadedCharter, extra: &[String], base: &Path) -> Selection {
    let catalogue = sink.context().catalogue;
    let mut names = Vec::new();
    for (i, name) in loaded.charter.packs.iter().enumerate() {
        match Selection::resolve(catalogue, std::slice::from_ref(name), base) {
            Ok(_) => names.push(name.clone()),
            Err(error) => {
                let hint = match &error {
                    PackError::Unknown { hint: Some(h), .. } => catalogue.messages.did_you_mean(sink.context().lang, name, [h.as_str()]),
                    PackError::Unknown { .. } => String::new(),
                    other => format!("{other}. "),
                };
                let packs: Vec<&str> = catalogue.packs.keys().map(String::as_str).collect();
                sink.push(
                    Code::UnknownPack,
                    Severity::Error,
                    None,
                    loaded.locator.value(&format!("packs.{i}")),
                    &[("pack", name), ("hint", &hint), ("packs", &packs.join(", "))],
                );
            }
        }
    }
    names.extend(extra.iter().filter(|n| !names.contains(n)).cloned().collect::<Vec<_>>());
    if names.is_empty() {
        names.push("baseline".to_owned());
    }
    Selection::resolve(catalogue, &names, base).unwrap_or_default()
}

/// The diagnostic for a charter that does not parse.
fn problem_diagnostic(context: &Context, problem: &YamlProblem) -> Diagnostic {
    let mut sink = Sink::new(context);
    match &problem.unknown {
        Some((field, expected)) => {
            let hint = context
                .catalogue
                .messages
                .did_you_mean(context.lang, field, expected.iter().map(String::as_str));
            let expected = expected.join(", ");
            sink.push(Code::UnknownField, Severity::Error, None, Some(problem.span), &[("field", field), ("hint", &hint), ("expected", &expected)]);
        }
        None => sink.push(problem.code, Severity::Error, None, Some(problem.span), &[("reason", &problem.reason)]),
    }
    sink.diagnostics.remove(0)
}
