//! The questions of the guided `charter init`, driven by scripted answers: French and
//! English, wrong answers asked again, the end of input, flags that answer questions.

use std::io::Cursor;
use std::path::Path;

use clap::Parser;
use serde_json::Value;

use super::{interview, slug, tools, Answers, LineAsk};
use crate::cli::{Cli, InitArgs};
use crate::commands::init::scaffold;
use crate::model::charter::Status;
use crate::model::date::Date;
use crate::policy::catalogue::Catalogue;
use crate::policy::selection::Selection;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 28,
};

/// The arguments of `charter init ARGS` (in English unless ARGS say `--lang`).
fn init_args(args: &[&str]) -> InitArgs {
    let english = ["--lang", "en"];
    let lang = if args.contains(&"--lang") {
        &[][..]
    } else {
        &english[..]
    };
    let cli = Cli::try_parse_from(["charter", "init"].iter().chain(lang).chain(args))
        .expect("valid args");
    match cli.command {
        crate::cli::Command::Init(args) => args,
        other => panic!("not init: {other:?}"),
    }
}

/// Runs the questions with `answers` typed one per line; returns the answers and what was
/// shown.
fn scripted(args: &[&str], answers: &[&str]) -> (Answers, String) {
    let catalogue = Catalogue::builtin().expect("policies");
    let mut typed = answers.join("\n");
    typed.push('\n');
    let mut ask = LineAsk::new(Cursor::new(typed), Vec::new());
    let answers = interview(&init_args(args), &catalogue, Some(&mut ask)).expect("interview");
    let shown = String::from_utf8(ask.into_output()).expect("UTF-8");
    (answers, shown)
}

/// The charter the answers make, written to a folder, and the codes `lint` reports on it.
fn charter_of(answers: &Answers, args: &[&str]) -> (tempfile::TempDir, String, Vec<String>) {
    let catalogue = Catalogue::builtin().expect("policies");
    let lang = init_args(args).lang;
    let selection = Selection::resolve(&catalogue, &answers.packs(&catalogue.uses), Path::new("."))
        .expect("packs");
    let profile = answers.profile(&catalogue, lang);
    let text = scaffold(&catalogue, &selection, &profile, lang, TODAY);
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("charter.yaml"), &text).expect("written");
    let path = dir.path().join("charter.yaml");
    let run = crate::run_args([
        "charter",
        "lint",
        &path.display().to_string(),
        "--no-config",
        "--format",
        "json",
        "--today",
        "2026-11-28",
    ]);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let codes = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| Some(d["code"].as_str()?.to_owned()))
        .collect();
    (dir, text, codes)
}

#[test]
fn french_answers_make_a_public_comms_charter_that_only_waits_for_rewording() {
    let (answers, shown) = scripted(
        &["--lang", "fr"],
        &[
            "Ville d'Exemple",
            "Direction de la communication",
            "oui",
            "o",
            "Mistral Le Chat, Assistant interne",
            "",  // summaries: the suggestion (conditional)
            "1", // … with Mistral Le Chat
            "i", // first drafts: forbidden (no tool asked)
            "a", // editing and translation: allowed
            "9", // not a tool of the list: asked again
            "assistant interne",
            "-", // ideas: does not concern us
            "c", // accessibility aids
            "",  // … no tool
            "",  // illustrations: the suggestion (conditional)
            "2, 1",
            "", // realistic people: forbidden
            "", // personal data: forbidden
            "", // public answers (AI answers the public): no tool
            "Jeanne Martin",
            "ia@exemple.fr",
            "6",
        ],
    );
    assert!(
        shown.contains("Nom de votre organisation\u{202f}?"),
        "{shown}"
    );
    assert!(shown.contains("Rédiger des premiers jets"), "{shown}");
    assert!(shown.contains("[a/C/i/-]"), "{shown}");
    assert_eq!(answers.organisation.as_deref(), Some("Ville d'Exemple"));
    assert!(answers.public_body && answers.public_facing);
    assert_eq!(answers.tools, ["Mistral Le Chat", "Assistant interne"]);
    assert_eq!(answers.review_months, 6);
    let status = |id: &str| answers.uses.iter().find(|(u, _)| u == id).map(|(_, s)| *s);
    assert_eq!(status("summaries"), Some(Status::Conditional));
    assert_eq!(status("first-drafts"), Some(Status::Forbidden));
    assert_eq!(status("editing-translation"), Some(Status::Allowed));
    assert_eq!(status("ideas"), None);
    assert_eq!(status("public-answers"), Some(Status::Conditional));
    assert!(
        shown.contains("Outils pour cet usage\u{202f}? 1 = Mistral Le Chat, 2 = Assistant interne"),
        "{shown}"
    );
    assert!(shown.contains("Indiquez des numéros"), "{shown}");
    let tools = |id: &str| {
        answers
            .use_tools
            .iter()
            .find(|(u, _)| u == id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    assert_eq!(tools("summaries"), ["Mistral Le Chat"]);
    assert_eq!(tools("editing-translation"), ["Assistant interne"]);
    assert!(tools("accessibility-aids").is_empty());
    assert_eq!(
        tools("illustrations"),
        ["Assistant interne", "Mistral Le Chat"]
    );
    let (_dir, text, codes) = charter_of(&answers, &["--lang", "fr"]);
    assert!(
        text.contains("packs: [public-comms, eu-ai-act]\n"),
        "{text}"
    );
    assert!(text.contains("owner:\n  name: Jeanne Martin\n  contact: ia@exemple.fr\n"));
    assert!(text.contains("review:\n  every_months: 6\n  next: 2027-05-28\n"));
    assert!(
        text.contains("  - id: mistral-le-chat\n    name: Mistral Le Chat\n    approved: true\n")
    );
    assert!(text.contains("    public-facing: true\n"));
    let charter: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let use_tools = |id: &str| -> Vec<String> {
        charter["uses"]
            .as_sequence()
            .expect("uses")
            .iter()
            .find(|u| u["id"].as_str() == Some(id))
            .and_then(|u| u["tools"].as_sequence())
            .map(|t| {
                t.iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(use_tools("summaries"), ["mistral-le-chat"], "{text}");
    assert_eq!(use_tools("editing-translation"), ["assistant-interne"]);
    assert!(use_tools("accessibility-aids").is_empty());
    assert!(use_tools("first-drafts").is_empty());
    assert!(text.contains("  public-interaction: |\n"));
    assert!(!codes.is_empty());
    assert!(
        codes.iter().all(|c| c == "placeholder-text"),
        "only the [À adapter] markers are left: {codes:?}"
    );
}

#[test]
fn wrong_answers_are_asked_again_and_the_end_of_input_keeps_suggestions() {
    let (answers, shown) = scripted(&[], &["Acme", "", "maybe", "yes", "", ""]);
    assert!(
        shown.contains("Please answer y (yes) or n (no)."),
        "{shown}"
    );
    assert!(
        !shown.contains("Who owns the charter"),
        "nothing is asked after the end of input: {shown}"
    );
    assert!(answers.public_body);
    assert!(!answers.public_facing);
    assert!(answers.tools.is_empty());
    assert_eq!(answers.review_months, 12);
    let uses = Catalogue::builtin().expect("policies").uses;
    let expected: Vec<(String, Status)> = uses
        .uses
        .iter()
        .filter(|u| !u.public_facing)
        .map(|u| (u.id.clone(), u.suggested))
        .collect();
    assert_eq!(answers.uses, expected);
    let (_dir, text, codes) = charter_of(&answers, &[]);
    assert!(text.contains("organisation: Acme\n"));
    assert!(
        text.contains("packs: [public-comms, eu-ai-act]\n"),
        "{text}"
    );
    assert!(text.contains("tools: []\n"));
    assert!(codes.iter().all(|c| c == "placeholder-text"), "{codes:?}");
}

#[test]
fn flags_answer_their_questions_and_the_rest_are_asked() {
    let (answers, shown) = scripted(
        &[
            "--team",
            "Newsroom",
            "--public-body",
            "no",
            "--public-facing",
            "no",
            "--tool",
            "Claude",
            "--forbid",
            "illustrations",
            "--review-months",
            "24",
        ],
        &["The Daily"],
    );
    assert!(!shown.contains("Team or department"), "{shown}");
    assert!(!shown.contains("public body"), "{shown}");
    assert_eq!(answers.team.as_deref(), Some("Newsroom"));
    assert_eq!(answers.organisation.as_deref(), Some("The Daily"));
    assert_eq!(answers.tools, ["Claude"]);
    assert_eq!(answers.review_months, 24);
    let uses = Catalogue::builtin().expect("policies").uses;
    assert_eq!(answers.packs(&uses), ["baseline"]);
}

#[test]
fn slugs_are_kebab_case() {
    assert_eq!(slug("Mistral Le Chat"), "mistral-le-chat");
    assert_eq!(slug("  Génial IA! (v2)"), "genial-ia-v2");
    let ids: Vec<String> = tools(&["A".into(), "a".into(), "!!".into()])
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, ["a", "a-2", "tool"]);
}
