//! `charter lint -`: lint what standard input holds, named and typed by `--stdin-filename`
//! (what editor integrations send: the unsaved buffer and the file's path).

use std::path::Path;

use super::lint::is_charter;
use crate::check::{Context, FileReport, Kind};
use crate::cli::LintArgs;
use crate::load::draft::{self, DraftFormat, PackageFormat};
use crate::load::source::{SourceFile, Utf8};
use crate::load::stdin::read_stdin;
use crate::pipeline::{self, read_reason, unreadable, Packs};

/// The name of standard input in reports when `--stdin-filename` is not given.
const STDIN_NAME: &str = "<stdin>";

/// What standard input holds, by the extension of its name or, without one, by its text.
enum Format {
    Charter,
    Draft(DraftFormat),
}

/// The report of standard input.
pub(crate) fn lint(context: &Context, packs: &Packs, args: &LintArgs) -> FileReport {
    let name = args
        .stdin_filename
        .as_deref()
        .unwrap_or(Path::new(STDIN_NAME));
    let extension = args.stdin_filename.as_deref().and_then(Path::extension);
    let declared = match extension {
        None => None,
        Some(_) if is_charter(name) => Some(Format::Charter),
        Some(_) => {
            let Some(format) = DraftFormat::of(name) else {
                let reason = if PackageFormat::of(name).is_some() {
                    "a word-processor draft (.docx, .odt) is not read from standard input: pass the file"
                } else {
                    "not a charter (.yaml, .yml) or a draft (.md, .markdown, .txt)"
                };
                return unreadable(context, name, Kind::Draft, reason);
            };
            Some(Format::Draft(format))
        }
    };
    let utf8 = match declared {
        Some(Format::Charter) => Utf8::Strict,
        _ => Utf8::Lossy,
    };
    let text = match read_stdin(args.max_size, utf8) {
        Ok(text) => text,
        Err(error) => {
            let kind = match declared {
                Some(Format::Charter) => Kind::Charter,
                _ => Kind::Draft,
            };
            return unreadable(
                context,
                name,
                kind,
                &read_reason(
                    &error,
                    args.max_size,
                    &context.catalogue.messages,
                    context.lang,
                ),
            );
        }
    };
    let format = declared.unwrap_or_else(|| {
        if text.lines().any(|line| line.starts_with("charter:")) {
            Format::Charter
        } else {
            Format::Draft(DraftFormat::Markdown)
        }
    });
    let source = SourceFile::new(name.display().to_string(), text);
    let names = args.project.packs_for(name, &args.packs);
    match format {
        Format::Charter => pipeline::charter(context, packs, source, name.parent(), &names),
        Format::Draft(format) => {
            let document = draft::parse(&source.text, format);
            pipeline::draft(context, packs, source, &document, &names)
        }
    }
}
