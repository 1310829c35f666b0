//! The guided `charter init`: questions driven by scripted answers (in French and English,
//! wrong answers asked again, end of input), answer flags for scripts, the common uses of
//! `policies/uses.yaml`, and no question at all without a terminal.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use charter::cli::{Cli, Command as Sub, InitArgs};
use charter::commands::guided_init::{interview, Answers, LineAsk};
use charter::commands::init::scaffold;
use charter::model::charter::Status;
use charter::model::date::Date;
use charter::model::lang::Lang;
use charter::policy::catalogue::Catalogue;
use charter::policy::selection::Selection;
use clap::Parser;
use serde_json::Value;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 28,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn charter() -> Command {
    let mut command = Command::cargo_bin("charter").expect("the charter binary is built");
    command.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    command
}

fn init_args(args: &[&str]) -> InitArgs {
    let cli = Cli::try_parse_from(["charter", "init"].iter().chain(args)).expect("valid args");
    match cli.command {
        Sub::Init(args) => args,
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
    let codes = lint_codes(dir.path());
    (dir, text, codes)
}

fn lint_codes(dir: &Path) -> Vec<String> {
    lint_findings(dir)
        .into_iter()
        .map(|(_, code)| code)
        .collect()
}

/// `(clause, code)` of each finding of `charter lint charter.yaml` in `dir` (an empty
/// clause for a finding about no clause).
fn lint_findings(dir: &Path) -> Vec<(String, String)> {
    let output = charter()
        .current_dir(dir)
        .args([
            "lint",
            "charter.yaml",
            "--format",
            "json",
            "--today",
            "2026-11-28",
        ])
        .output()
        .expect("charter runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| {
            Some((
                d["clause"].as_str().unwrap_or_default().to_owned(),
                d["code"].as_str()?.to_owned(),
            ))
        })
        .collect()
}

#[test]
fn every_common_use_is_complete_in_both_languages() {
    let uses = Catalogue::builtin().expect("policies").uses;
    assert!(uses.uses.len() >= 6);
    let mut ids = std::collections::BTreeSet::new();
    for spec in &uses.uses {
        assert!(ids.insert(spec.id.clone()), "duplicate use id {}", spec.id);
        assert!(
            spec.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            spec.id
        );
        for lang in Lang::all() {
            for text in [&spec.description, &spec.why, &spec.why_forbidden] {
                let text = text.exactly(lang).expect("every shipped language");
                assert!(!text.trim().is_empty(), "{}: empty wording", spec.id);
            }
            let conditions = spec
                .conditions
                .exactly(lang)
                .expect("every shipped language");
            assert!(!conditions.is_empty(), "{}", spec.id);
            assert_eq!(
                conditions.len(),
                spec.conditions.get(Lang::EN).len(),
                "{}",
                spec.id
            );
        }
    }
    assert_eq!(uses.uses.iter().filter(|u| u.public_facing).count(), 1);
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
fn without_a_terminal_init_asks_nothing_and_writes_the_example_scaffold() {
    let dir = tempfile::tempdir().expect("temp dir");
    let piped = charter()
        .current_dir(dir.path())
        .args(["init", "-o", "-"])
        .write_stdin("")
        .output()
        .expect("charter runs");
    assert_eq!(piped.status.code(), Some(0));
    let stderr = String::from_utf8(piped.stderr).expect("UTF-8");
    assert!(!stderr.contains('?'), "a question was asked: {stderr}");
    let plain = charter()
        .current_dir(dir.path())
        .args(["init", "-o", "-", "--pack", "baseline"])
        .output()
        .expect("charter runs");
    assert_eq!(piped.stdout, plain.stdout);
    let text = String::from_utf8(piped.stdout).expect("UTF-8");
    assert!(
        text.contains("organisation: '[Your organisation]'"),
        "{text}"
    );
}

#[test]
fn answer_flags_script_the_charter_without_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = charter()
        .current_dir(dir.path())
        .args([
            "init",
            "--org",
            "Example Newsroom",
            "--team",
            "Newsroom",
            "--public-facing",
            "yes",
            "--tool",
            "Claude",
            "--allow",
            "summaries",
            "--conditional",
            "first-drafts",
            "--forbid",
            "illustrations",
            "--owner",
            "Sam Lee",
            "--contact",
            "ai@example.org",
            "--review-months",
            "12",
        ])
        .write_stdin("")
        .output()
        .expect("charter runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("charter.yaml")).expect("written");
    assert!(text.contains("packs: [baseline, eu-ai-act]\n"), "{text}");
    assert!(text.contains("  - id: summaries\n    description: Summarise long or technical documents\n    status: allowed\n"));
    assert!(text.contains("  - id: illustrations\n"));
    assert!(text.contains("    status: forbidden\n    why: We commission photographers"));
    let codes = lint_codes(dir.path());
    assert!(codes.iter().all(|c| c == "placeholder-text"), "{codes:?}");
}

#[test]
fn an_unknown_use_is_a_usage_error_with_a_suggestion() {
    let run = charter()
        .current_dir(root())
        .args(["init", "-o", "-", "--allow", "summary"])
        .output()
        .expect("charter runs");
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8(run.stderr).expect("UTF-8");
    assert!(stderr.contains("unknown use `summary`"), "{stderr}");
    assert!(stderr.contains("`summaries`"), "{stderr}");
    let twice = charter()
        .current_dir(root())
        .args(["init", "-o", "-", "--allow", "ideas", "--forbid", "ideas"])
        .output()
        .expect("charter runs");
    assert_eq!(twice.status.code(), Some(2));
    let months = charter()
        .current_dir(root())
        .args(["init", "-o", "-", "--review-months", "0"])
        .output()
        .expect("charter runs");
    assert_eq!(months.status.code(), Some(2));
}

/// Runs `charter init` with answer flags, as a script does; returns the charter, the
/// standard error and the lint codes.
fn init_with_flags(args: &[&str]) -> (serde_yaml::Value, String, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = charter()
        .current_dir(dir.path())
        .arg("init")
        .args(args)
        .write_stdin("")
        .output()
        .expect("charter runs");
    let stderr = String::from_utf8(run.stderr).expect("UTF-8");
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("charter.yaml")).expect("written");
    let charter = serde_yaml::from_str(&text).expect("init writes YAML");
    (charter, stderr, lint_codes(dir.path()))
}

/// The label of a per-use sentence: « Idées » in « Idées : l’IA peut servir… ».
fn label(sentence: &str) -> &str {
    sentence.split(':').next().unwrap_or(sentence).trim()
}

#[test]
fn use_clauses_follow_the_answers_in_both_languages() {
    let uses = Catalogue::builtin().expect("policies").uses;
    let answers: [&[&str]; 3] = [
        &[
            "--forbid",
            "ideas",
            "--forbid",
            "summaries",
            "--allow",
            "illustrations",
            "--conditional",
            "first-drafts",
            "--allow",
            "realistic-people",
        ],
        &[
            "--forbid",
            "ideas",
            "--forbid",
            "summaries",
            "--forbid",
            "first-drafts",
            "--forbid",
            "editing-translation",
            "--forbid",
            "accessibility-aids",
            "--forbid",
            "illustrations",
            "--public-facing",
            "no",
        ],
        &["--allow", "personal-data", "--public-facing", "yes"],
    ];
    for lang in ["en", "fr"] {
        for flags in answers {
            let mut args = vec!["--lang", lang, "--tool", "Canva"];
            args.extend_from_slice(flags);
            let (charter, stderr, codes) = init_with_flags(&args);
            let clause = |id: &str| charter["clauses"][id].as_str().unwrap_or("").to_owned();
            let permitted = clause(&uses.wording.permitted_clause);
            let prohibited = clause(&uses.wording.prohibited_clause);
            let lang = if lang == "fr" {
                Lang::new("fr").unwrap()
            } else {
                Lang::EN
            };
            let listed = charter["uses"].as_sequence().expect("uses").clone();
            assert!(!listed.is_empty());
            for written in &listed {
                let id = written["id"].as_str().expect("id");
                let spec = uses.uses.iter().find(|u| u.id == id).expect("a common use");
                let (allowed, forbidden) = (spec.permitted.get(lang), spec.prohibited.get(lang));
                if written["status"].as_str() == Some("forbidden") {
                    assert!(
                        prohibited.contains(forbidden.as_str()),
                        "{id} [{args:?}]:\n{prohibited}"
                    );
                    assert!(
                        !permitted.contains(allowed.as_str()),
                        "{id} [{args:?}]:\n{permitted}"
                    );
                    assert!(
                        !permitted.contains(label(allowed)),
                        "{id} [{args:?}]:\n{permitted}"
                    );
                } else {
                    assert!(
                        permitted.contains(allowed.as_str()),
                        "{id} [{args:?}]:\n{permitted}"
                    );
                    assert!(
                        !prohibited.contains(label(forbidden)),
                        "{id} [{args:?}]:\n{prohibited}"
                    );
                }
                assert!(
                    written["tools"].is_null(),
                    "{id}: a tool nobody chose for it"
                );
            }
            if listed
                .iter()
                .all(|u| u["status"].as_str() == Some("forbidden"))
            {
                assert!(permitted.contains(uses.wording.none_permitted.get(lang).as_str()));
            }
            for always in uses.wording.always_prohibited.get(lang) {
                assert!(prohibited.contains(always.as_str()), "{always}");
            }
            assert!(
                stderr.contains("Canva") && stderr.contains("`canva`"),
                "{stderr}"
            );
            assert!(codes.iter().all(|c| c == "placeholder-text"), "{codes:?}");
        }
    }
}

#[test]
fn a_clause_whose_wording_disagrees_with_the_answers_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = charter()
        .current_dir(dir.path())
        .args([
            "init",
            "-o",
            "-",
            "--forbid",
            "illustrations",
            "--lang",
            "fr",
        ])
        .write_stdin("")
        .output()
        .expect("charter runs");
    let text = String::from_utf8(run.stdout).expect("UTF-8");
    let note =
        "  # Adaptez cette rédaction\u{a0}: l’usage «\u{a0}Générer des images d’illustration";
    let synthetic = text.find("  synthetic-media: |").expect("synthetic-media");
    let before = &text[..synthetic];
    let last = before.lines().last().unwrap_or_default();
    assert!(last.starts_with(note), "{last}");
    assert!(!text[..text.find("  permitted-uses:").expect("permitted-uses")].contains("Adaptez"));
}

#[test]
fn the_use_wording_follows_french_typography() {
    let uses = Catalogue::builtin().expect("policies").uses;
    let fr = Lang::new("fr").unwrap();
    let mut french: Vec<&String> = uses
        .uses
        .iter()
        .flat_map(|u| [u.permitted.get(fr), u.prohibited.get(fr)])
        .collect();
    french.extend(uses.wording.always_prohibited.get(fr));
    french.extend([
        uses.wording.none_permitted.get(fr),
        uses.wording.conditions.get(fr),
    ]);
    for text in french {
        assert!(!text.contains('\''), "straight apostrophe: {text}");
        for (i, c) in text.char_indices() {
            if matches!(c, ':' | ';' | '?' | '!') {
                let before = text[..i].chars().last();
                let expected = if c == ':' { '\u{a0}' } else { '\u{202f}' };
                assert_eq!(before, Some(expected), "space before {c}: {text}");
            }
        }
    }
}

#[test]
fn per_use_sentences_left_unchanged_stay_placeholder_text_once_the_marker_is_gone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = charter()
        .current_dir(dir.path())
        .args([
            "init",
            "--lang",
            "fr",
            "--forbid",
            "ideas",
            "--allow",
            "summaries",
        ])
        .write_stdin("")
        .output()
        .expect("charter runs");
    assert_eq!(run.status.code(), Some(0));
    let path = dir.path().join("charter.yaml");
    let text = std::fs::read_to_string(&path).expect("written");
    let mut unmarked = String::new();
    for line in text.lines().filter(|l| l.trim() != "[À adapter]") {
        unmarked.push_str(line);
        unmarked.push('\n');
    }
    let clauses_of = |text: &str| -> Vec<(String, String)> {
        std::fs::write(&path, text).expect("written");
        lint_findings(dir.path())
    };
    let found = clauses_of(&unmarked);
    for clause in ["permitted-uses", "prohibited-uses"] {
        assert!(
            found.contains(&(clause.to_owned(), "placeholder-text".to_owned())),
            "{clause}: {found:?}"
        );
    }
    // Rewritten by the team, the use clauses are rules about their topic: nothing to report.
    let rewritten = unmarked
        .replace("l’IA peut servir", "l’IA peut être utilisée")
        .replace("il est interdit d’", "il est strictement interdit d’")
        .replace("il est interdit de ", "il est strictement interdit de ")
        .replace("tout contenu à caractère", "tout contenu de caractère")
        .replace(
            "aucune information confidentielle",
            "nulle information confidentielle",
        );
    let found = clauses_of(&rewritten);
    assert!(
        found
            .iter()
            .all(|(clause, _)| clause != "permitted-uses" && clause != "prohibited-uses"),
        "{found:?}"
    );
}
