//! The guided `charter init` from the command line: answer flags for scripts, the common
//! uses of `policies/uses.yaml`, and no question at all without a terminal (the questions
//! themselves, driven by scripted answers, are tested in `src/commands/guided_init/`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use charter::model::lang::Lang;
use charter::policy::catalogue::Catalogue;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn charter() -> Command {
    let mut command = Command::cargo_bin("charter").expect("the charter binary is built");
    command.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    command
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
