//! `charter packs`: the built-in packs, their clauses and levels (`extends` applied).

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use super::explain::{level_wording, trigger_name};
use super::Output;
use crate::cli::{ListFormat, PacksArgs};
use crate::policy::catalogue::Catalogue;
use crate::policy::selection::{Requirement, Selection};

#[derive(Serialize)]
struct PackEntry<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    extends: Option<&'a str>,
    clauses: Vec<ClauseEntry<'a>>,
}

#[derive(Serialize)]
struct ClauseEntry<'a> {
    clause: &'a str,
    title: &'a str,
    level: &'static str,
    when: Option<&'static str>,
}

fn level(requirement: &Requirement) -> (&'static str, Option<&'static str>) {
    match (requirement.required, requirement.when.first()) {
        (true, _) => ("required", None),
        (false, Some(trigger)) => ("conditional", Some(trigger_name(*trigger))),
        (false, None) => ("recommended", None),
    }
}

/// Runs `charter packs`.
pub(crate) fn run(args: &PacksArgs, catalogue: &Catalogue) -> Output {
    let lang = super::message_lang(args.lang).for_file(None);
    let selections: Vec<Selection> = catalogue
        .packs
        .keys()
        .map(|id| {
            Selection::resolve(catalogue, std::slice::from_ref(id), Path::new("."))
                .unwrap_or_default()
        })
        .collect();
    let entries: Vec<PackEntry> = catalogue
        .packs
        .values()
        .zip(&selections)
        .map(|(spec, selection)| PackEntry {
            id: &spec.id,
            title: spec.title.get(lang),
            description: spec.description.get(lang),
            extends: spec.extends.as_deref(),
            clauses: selection
                .clauses
                .iter()
                .map(|(id, requirement)| {
                    let (level, when) = level(requirement);
                    ClauseEntry {
                        clause: id,
                        title: catalogue.clause(id).map_or("", |c| c.title.get(lang)),
                        level,
                        when,
                    }
                })
                .collect(),
        })
        .collect();
    match args.format {
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&serde_json::json!({ "packs": entries }))
                .unwrap_or_default();
            text.push('\n');
            Output::stdout(text)
        }
        ListFormat::Human => {
            let messages = &catalogue.messages;
            let mut out = String::new();
            for (pack, selection) in entries.iter().zip(&selections) {
                let _ = write!(out, "{} — {}", pack.id, pack.title);
                if let Some(parent) = pack.extends {
                    let _ = write!(
                        out,
                        " ({})",
                        messages.text("packs-extends", lang, &[parent])
                    );
                }
                let _ = writeln!(out, "\n  {}", pack.description);
                for (clause, requirement) in pack.clauses.iter().zip(selection.clauses.values()) {
                    let level = level_wording(messages, lang, requirement);
                    let _ = writeln!(
                        out,
                        "    {:<24} {:<28} {}",
                        clause.clause, level, clause.title
                    );
                }
                out.push('\n');
            }
            Output::stdout(out)
        }
    }
}
