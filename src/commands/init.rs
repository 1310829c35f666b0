//! `charter init`: a charter scaffold with every clause of the chosen packs, pre-filled
//! with the suggested wording and marked "to adapt", written atomically.

use std::fmt::Write as _;
use std::path::Path;

use super::{Output, UsageError};
use crate::cli::InitArgs;
use crate::model::date::Date;
use crate::policy::catalogue::Catalogue;
use crate::policy::selection::Selection;
use crate::write::write_new_file;

/// Runs `charter init`.
pub fn run(args: &InitArgs, catalogue: &Catalogue, today: Date) -> Result<Output, UsageError> {
    let packs = if args.packs.is_empty() {
        vec!["baseline".to_owned()]
    } else {
        args.packs.clone()
    };
    let selection = Selection::resolve(catalogue, &packs, Path::new(".")).map_err(|e| {
        UsageError::new(
            e.to_string(),
            Some("run `charter packs` for the built-in packs".to_owned()),
        )
    })?;
    let text = scaffold(catalogue, &selection, args, today);
    if args.output == Path::new("-") {
        return Ok(Output::stdout(text));
    }
    write_new_file(&args.output, &text, args.force)?;
    let shown = args.output.display().to_string();
    let note = catalogue.messages.text(
        "init-written",
        args.lang,
        &[
            &shown,
            &selection.clauses.len().to_string(),
            &selection.packs.join(", "),
        ],
    );
    Ok(Output {
        stderr: format!("{note}\n"),
        ..Output::default()
    })
}

/// A YAML scalar, quoted when needed.
fn scalar(text: &str) -> String {
    serde_yaml::to_string(text).map_or_else(|_| format!("{text:?}"), |s| s.trim_end().to_owned())
}

/// The scaffold text.
pub fn scaffold(
    catalogue: &Catalogue,
    selection: &Selection,
    args: &InitArgs,
    today: Date,
) -> String {
    let lang = args.lang;
    let t = |key: &str| catalogue.messages.text(key, lang, &[]);
    let marker = t("init-marker");
    let placeholder = |key: &str| format!("[{}]", t(key));
    let mut out = String::new();
    let _ = writeln!(out, "# yaml-language-server: $schema=./charter.schema.json");
    let _ = writeln!(out, "# (charter schema > charter.schema.json)");
    for line in t("init-header").lines() {
        let _ = writeln!(out, "# {line}");
    }
    let organisation = args
        .org
        .clone()
        .unwrap_or_else(|| placeholder("init-organisation"));
    let next_review = Date {
        year: today.year + 1,
        month: today.month,
        day: today.day.min(28),
    };
    let _ = writeln!(out, "charter: 1");
    let _ = writeln!(out, "title: {}", scalar(&t("init-title")));
    let _ = writeln!(out, "organisation: {}", scalar(&organisation));
    let _ = writeln!(out, "team: {}", scalar(&t("init-team")));
    let _ = writeln!(out, "lang: {}", lang.code());
    let _ = writeln!(out, "packs: [{}]", selection.packs.join(", "));
    let _ = writeln!(out, "owner:");
    let _ = writeln!(out, "  name: {}", scalar(&placeholder("init-owner-name")));
    let _ = writeln!(out, "  role: {}", scalar(&t("init-owner-role")));
    let _ = writeln!(
        out,
        "  contact: {}",
        scalar(&placeholder("init-owner-contact"))
    );
    let _ = writeln!(out, "review:\n  every_months: 12\n  next: {next_review}");
    let _ = writeln!(out, "\n# {}", t("init-tools-comment"));
    let _ = writeln!(
        out,
        "tools:\n  - id: assistant\n    name: {}",
        scalar(&t("init-tool-name"))
    );
    let _ = writeln!(
        out,
        "    approved: true\n    accounts: {}",
        scalar(&t("init-tool-accounts"))
    );
    let _ = writeln!(out, "    data: [public, internal]");
    let _ = writeln!(out, "\n# {}", t("init-uses-comment"));
    let _ = writeln!(
        out,
        "uses:\n  - id: summaries\n    description: {}",
        scalar(&t("init-use-summaries"))
    );
    let _ = writeln!(
        out,
        "    status: conditional\n    why: {}",
        scalar(&t("init-use-summaries-why"))
    );
    let _ = writeln!(
        out,
        "    tools: [assistant]\n    conditions:\n      - {}",
        scalar(&t("init-use-summaries-condition"))
    );
    let _ = writeln!(
        out,
        "  - id: realistic-images\n    description: {}",
        scalar(&t("init-use-images"))
    );
    let _ = writeln!(
        out,
        "    status: forbidden\n    why: {}",
        scalar(&t("init-use-images-why"))
    );
    let _ = writeln!(out, "\n# {}", t("init-clauses-comment"));
    let _ = writeln!(out, "clauses:");
    for id in selection.clauses.keys() {
        let Some(spec) = catalogue.clause(id) else {
            continue;
        };
        let _ = writeln!(out, "  # {}", spec.title.get(lang));
        let _ = writeln!(out, "  {id}: |");
        let _ = writeln!(out, "    {marker}");
        for line in spec.suggested.get(lang).trim_end().lines() {
            if line.trim().is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}
