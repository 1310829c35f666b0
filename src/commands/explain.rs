//! `charter explain`: a clause sheet or a diagnostic code, in the chosen language.

use std::fmt::Write;

use super::{Output, UsageError};
use crate::cli::ExplainArgs;
use crate::diag::Code;
use crate::model::lang::Lang;
use crate::policy::catalogue::Catalogue;
use crate::policy::messages::{closest, Messages};
use crate::policy::selection::{Requirement, Selection};

/// Runs `charter explain`.
pub(crate) fn run(args: &ExplainArgs, catalogue: &Catalogue) -> Result<Output, UsageError> {
    let lang = super::message_lang(args.lang).for_file(None);
    let messages = &catalogue.messages;
    let heading = |key: &str| messages.text(key, lang, &[]);
    let mut out = String::new();
    if let Some(spec) = catalogue.clause(&args.id) {
        let _ = writeln!(out, "{} — {}\n", spec.id, spec.title.get(lang));
        let _ = writeln!(
            out,
            "{}\n  {}\n",
            heading("explain-summary"),
            spec.summary.get(lang)
        );
        let _ = writeln!(
            out,
            "{}\n  {}\n",
            heading("explain-why"),
            spec.why.get(lang).trim()
        );
        let colon = messages.text("render-colon", lang, &[]);
        let _ = writeln!(out, "{}", heading("explain-packs"));
        for pack in catalogue.packs.keys() {
            let selection = Selection::resolve(
                catalogue,
                std::slice::from_ref(pack),
                std::path::Path::new("."),
            )
            .unwrap_or_default();
            if let Some(requirement) = selection.requirement(&spec.id) {
                let level = level_wording(messages, lang, requirement);
                let _ = writeln!(out, "  {pack}{colon} {level}");
            }
        }
        let _ = writeln!(out, "\n{}", heading("explain-references"));
        for reference in &spec.references {
            let _ = write!(out, "  - {}", reference.cite.get(lang));
            if let Some(date) = reference.date {
                let _ = write!(out, " ({})", messages.date(lang, date));
            }
            if let Some(note) = &reference.note {
                let _ = write!(out, "{colon} {}", note.get(lang));
            }
            let checked = messages.date(lang, reference.checked);
            let _ = writeln!(
                out,
                "\n    {} ({})",
                reference.link,
                messages.text("reference-checked", lang, &[&checked])
            );
        }
        let _ = writeln!(out, "\n{}\n", heading("explain-suggested"));
        for line in spec.suggested.get(lang).trim_end().lines() {
            let _ = writeln!(out, "  {line}");
        }
        return Ok(Output::stdout(out));
    }
    if let Some(code) = Code::from_name(&args.id) {
        let (_, help) = messages.diagnostic(code, lang, &[]);
        let help = help.replace("{hint}", "").replace("{summary} ", "");
        let _ = writeln!(out, "{} — {}\n", code, heading("explain-code"));
        let _ = writeln!(out, "  {}\n", messages.description(code, lang));
        let _ = writeln!(out, "{}\n  {}", heading("help"), help);
        return Ok(Output::stdout(out));
    }
    let names = catalogue
        .clauses
        .keys()
        .map(String::as_str)
        .chain(Code::ALL.iter().map(|c| c.as_str()));
    let hint = closest(&args.id, names).map_or_else(
        || messages.text("explain-unknown-hint", lang, &[]),
        |best| {
            messages
                .text("did-you-mean", lang, &[best])
                .trim()
                .to_owned()
        },
    );
    Err(UsageError::new(
        messages.text("explain-unknown", lang, &[&args.id]),
        Some(hint),
    ))
}

/// How strongly a pack asks for a clause, in words: « obligatoire si un outil est à haut risque ».
pub(crate) fn level_wording(messages: &Messages, lang: Lang, requirement: &Requirement) -> String {
    if requirement.required {
        messages.text("level-required", lang, &[])
    } else if let Some(trigger) = requirement.when.first() {
        let trigger = messages.text(&format!("trigger-{}", trigger_name(*trigger)), lang, &[]);
        messages.text("level-conditional", lang, &[&trigger])
    } else {
        messages.text("level-recommended", lang, &[])
    }
}

/// The kebab-case name of a trigger, as packs write it.
pub(crate) fn trigger_name(trigger: crate::model::policy::Trigger) -> &'static str {
    match trigger {
        crate::model::policy::Trigger::PublicFacing => "public-facing",
        crate::model::policy::Trigger::HighRisk => "high-risk",
    }
}
