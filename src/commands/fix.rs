//! `charter fix`: appends to a draft one section per clause of the packs that the draft
//! lacks (by the detection `lint` uses), with the suggested wording in the draft's language
//! marked as to be adapted. The bytes already there are kept exactly (byte-order mark and
//! line endings included); the file is replaced atomically, and only if it still holds the
//! bytes that were read.

mod diff;

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use super::{Output, UsageError};
use crate::check::detect::{Analysed, Verdict};
use crate::cli::FixArgs;
use crate::load::draft::{self, DraftFormat, PackageFormat};
use crate::load::source::DEFAULT_MAX_BYTES;
use crate::model::lang::Lang;
use crate::model::policy::ClauseSpec;
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;
use crate::policy::selection::Selection;
use crate::write::replace::{self, write_if_unchanged, ReplaceError};

/// Runs `charter fix`.
pub(crate) fn run(
    args: &FixArgs,
    catalogue: &Catalogue,
    lexicon: &Lexicon,
    detector: &Detector,
) -> Result<Output, UsageError> {
    let message_lang = super::message_lang(args.lang).for_file(None);
    let t = |key: &str, values: &[&str]| catalogue.messages.text(key, message_lang, values);
    let shown = args.draft.display().to_string();
    if PackageFormat::of(&args.draft).is_some() {
        return Err(UsageError::new(t("fix-package", &[&shown]), None));
    }
    let format = DraftFormat::of(&args.draft)
        .ok_or_else(|| UsageError::new(t("fix-not-draft", &[&shown]), None))?;
    let refused = |error: ReplaceError| match error {
        ReplaceError::Changed => UsageError::new(t("fix-changed", &[&shown]), None),
        ReplaceError::ReadOnly => UsageError::new(t("fix-read-only", &[&shown]), None),
        ReplaceError::Links(links) => {
            UsageError::new(t("fix-links", &[&shown, &links.to_string()]), None)
        }
        ReplaceError::Io(reason) => {
            UsageError::new(t("fix-cannot-write", &[&shown, &reason]), None)
        }
    };
    // Held from reading the draft to replacing it: concurrent runs take turns.
    let _lock = if args.dry_run {
        None
    } else {
        replace::lock_folder(&args.draft).ok()
    };
    let original = read_bytes(&args.draft)
        .map_err(|reason| UsageError::new(t("import-unreadable", &[&shown, &reason]), None))?;
    let text = std::str::from_utf8(&original)
        .map_err(|_| UsageError::new(t("fix-not-utf8", &[&shown]), None))?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let selection =
        Selection::resolve_or_default(catalogue, &args.packs, Path::new(".")).map_err(|e| {
            UsageError::new(
                crate::pipeline::pack_error_text(&e, &catalogue.messages, message_lang),
                Some(t("import-packs-hint", &[])),
            )
        })?;
    let document = draft::parse(body, format);
    let (detected, analysed) = Analysed::detect(&document, lexicon, detector);
    // A mixed draft gets its sections in English.
    let lang = args
        .lang
        .unwrap_or_else(|| Lang::new(detected).unwrap_or_default());
    let missing: Vec<&ClauseSpec> = selection
        .clauses
        .keys()
        .filter(|id| document.waivers.iter().all(|w| &w.clause != *id))
        .filter(|id| {
            detector
                .position(id)
                .is_none_or(|c| analysed.verdict(c) == Verdict::Missing)
        })
        .filter_map(|id| catalogue.clause(id))
        .collect();
    let packs = selection.packs.join(", ");
    if missing.is_empty() {
        return Ok(Output {
            stderr: format!(
                "{}\n",
                catalogue
                    .messages
                    .text("fix-nothing", lang, &[&shown, &packs])
            ),
            ..Output::default()
        });
    }
    let marker = catalogue.messages.text("init-marker", lang, &[]);
    let addition = sections(body, &missing, lang, format, &marker);
    if args.dry_run {
        return Ok(Output::stdout(diff::appended(&shown, body, &addition)));
    }
    let mut fixed = original.clone();
    fixed.extend_from_slice(addition.as_bytes());
    write_if_unchanged(&args.draft, &original, &fixed).map_err(refused)?;
    let titles: Vec<&str> = missing.iter().map(|c| c.title.get(lang).as_str()).collect();
    let note = catalogue.messages.text(
        "fix-written",
        lang,
        &[
            &missing.len().to_string(),
            &shown,
            &titles.join(", "),
            &marker,
        ],
    );
    Ok(Output {
        stderr: format!("{note}\n"),
        ..Output::default()
    })
}

/// The text to append: a blank line after what is there, then one section per clause,
/// in the line ending of the file's first line.
fn sections(
    body: &str,
    missing: &[&ClauseSpec],
    lang: Lang,
    format: DraftFormat,
    marker: &str,
) -> String {
    let mut text = String::new();
    for (i, clause) in missing.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let title = clause.title.get(lang);
        match format {
            DraftFormat::Markdown => {
                let _ = writeln!(text, "## {title}");
            }
            DraftFormat::PlainText => {
                let _ = writeln!(text, "{title}\n{}", "-".repeat(title.chars().count()));
            }
        }
        let _ = writeln!(text, "\n{marker}\n");
        for line in clause.suggested.get(lang).trim_end().lines() {
            let _ = writeln!(text, "{}", line.trim_end());
        }
    }
    let unix = body.replace("\r\n", "\n").replace('\r', "\n");
    let separator = if unix.is_empty() || unix.ends_with("\n\n") {
        ""
    } else if unix.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let appended = format!("{separator}{text}");
    match body.find(['\n', '\r']).map(|i| &body[i..]) {
        Some(rest) if rest.starts_with("\r\n") => appended.replace('\n', "\r\n"),
        Some(rest) if rest.starts_with('\r') => appended.replace('\n', "\r"),
        _ => appended,
    }
}

/// The bytes of a regular file no larger than the default limit.
fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !metadata.is_file() {
        return Err("not a regular file".to_owned());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(DEFAULT_MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > DEFAULT_MAX_BYTES {
        return Err(format!(
            "larger than the limit of {DEFAULT_MAX_BYTES} bytes"
        ));
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), not text".to_owned());
    }
    Ok(bytes)
}
