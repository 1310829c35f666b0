//! `placeholder-text` in drafts and charters: markers and suggested wording left unchanged,
//! judged sentence by sentence, so that rewriting one bullet clears that bullet only; and a
//! section added by `charter fix` covers its clause only once it is written.

mod common;

use std::path::Path;

use charter::policy::catalogue::Catalogue;
use serde_json::Value;

use common::{root, run_in};

/// The suggested French bullets of `clause`, without their list marker.
fn suggested_fr(clause: &str) -> Vec<String> {
    let catalogue = Catalogue::builtin().expect("policy files load");
    let spec = catalogue.clause(clause).expect("known clause");
    spec.suggested
        .get(charter::model::lang::Lang::new("fr").unwrap())
        .lines()
        .map(|line| line.trim_start_matches("- ").to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

/// Our own wording for bullet `i`: a rule, about the same topic, not the suggested one.
fn rewritten(i: usize) -> String {
    format!("Règle {i} de notre équipe : chaque contenu produit avec l’IA est relu par un rédacteur nommé, qui en répond.")
}

fn lint_json(dir: &Path, file: &str) -> (i32, Value) {
    let run = run_in(dir, &["lint", file, "--format", "json"]);
    let report = serde_json::from_str(&run.stdout).expect("JSON report");
    (run.code, report)
}

/// The placeholder-text diagnostics of `clause`: their line and what they say.
fn placeholders(report: &Value, clause: &str) -> Vec<(u64, String)> {
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "placeholder-text" && d["clause"] == clause)
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect()
}

fn status(report: &Value, clause: &str) -> String {
    report["files"][0]["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .find(|c| c["clause"] == clause)
        .and_then(|c| c["status"].as_str())
        .expect("clause in coverage")
        .to_owned()
}

/// A French draft whose « Contrôle humain » section holds `lines`, from line 5.
fn draft(dir: &Path, lines: &[String]) {
    let mut text = "# Charte de l’IA\n\n## Contrôle humain\n\n".to_owned();
    for line in lines {
        text.push_str("- ");
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(dir.join("charte.md"), text).expect("draft written");
}

#[test]
fn unchanged_suggested_wording_in_a_draft_is_cleared_bullet_by_bullet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bullets = suggested_fr("human-oversight");
    assert!(bullets.len() >= 3, "{bullets:?}");
    draft(dir.path(), &bullets);
    let (code, report) = lint_json(dir.path(), "charte.md");
    assert_eq!(code, 1);
    assert_eq!(status(&report, "human-oversight"), "missing");
    assert_eq!(placeholders(&report, "human-oversight")[0].0, 5);
    // Rewriting the first bullet clears it: it covers the clause, and the second bullet,
    // still as suggested, is now the one reported.
    bullets[0] = rewritten(0);
    draft(dir.path(), &bullets);
    let (_, report) = lint_json(dir.path(), "charte.md");
    assert_eq!(status(&report, "human-oversight"), "covered");
    let lines: Vec<u64> = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "placeholder-text")
        .filter_map(|d| d["line"].as_u64())
        .collect();
    assert!(lines.contains(&6) && !lines.contains(&5), "{lines:?}");
    // Written through: no placeholder left.
    let bullets: Vec<String> = (0..bullets.len()).map(rewritten).collect();
    draft(dir.path(), &bullets);
    let (_, report) = lint_json(dir.path(), "charte.md");
    assert!(placeholders(&report, "human-oversight").is_empty());
    assert!(!report.to_string().contains("placeholder-text"), "{report}");
}

#[test]
fn a_marker_leaves_its_whole_section_unwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lines: Vec<String> = (0..3).map(rewritten).collect();
    lines.insert(0, "[À adapter]".to_owned());
    draft(dir.path(), &lines);
    let (code, report) = lint_json(dir.path(), "charte.md");
    assert_eq!(code, 1);
    assert_eq!(status(&report, "human-oversight"), "missing");
    let found = placeholders(&report, "human-oversight");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("À adapter"), "{}", found[0].1);
    lines.remove(0);
    draft(dir.path(), &lines);
    let (_, report) = lint_json(dir.path(), "charte.md");
    assert_eq!(status(&report, "human-oversight"), "covered");
}

#[test]
fn fixed_draft_is_not_green_until_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        root().join("tests/fixtures/fix/draft.md"),
        dir.path().join("charte.md"),
    )
    .expect("fixture copied");
    assert_eq!(
        run_in(dir.path(), &["fix", "charte.md", "--lang", "fr"]).code,
        0
    );
    let run = run_in(dir.path(), &["lint", "charte.md", "--lang", "fr"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let first: String = run
        .stdout
        .split("\n\n")
        .find(|block| block.starts_with("erreur[placeholder-text]"))
        .expect("a placeholder-text error")
        .to_owned();
    insta::assert_snapshot!("fixed-draft-first-diagnostic-fr", first);
}

#[test]
fn charter_clause_with_one_suggested_bullet_left_is_still_a_placeholder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let init = run_in(
        dir.path(),
        &[
            "init",
            "--lang",
            "fr",
            "--org",
            "Ville d’Exemple",
            "-o",
            "charte.yaml",
        ],
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    let path = dir.path().join("charte.yaml");
    let original = std::fs::read_to_string(&path).expect("charter written");
    assert!(original.contains("    [À adapter]\n"), "{original}");
    let bullets = suggested_fr("human-oversight");
    // The markers `init` writes are removed: only suggested wording is left.
    let mut text = original.replace("    [À adapter]\n", "");
    for (i, bullet) in bullets.iter().enumerate().skip(1) {
        assert!(text.contains(bullet.as_str()), "init writes `{bullet}`");
        text = text.replace(bullet.as_str(), &rewritten(i));
    }
    std::fs::write(&path, &text).expect("edited");
    let (_, report) = lint_json(dir.path(), "charte.yaml");
    let found = placeholders(&report, "human-oversight");
    assert_eq!(found.len(), 1, "{found:?}");
    let line = text
        .lines()
        .position(|l| l.contains(bullets[0].as_str()))
        .expect("first bullet kept");
    assert_eq!(
        found[0].0,
        line as u64 + 1,
        "points at the bullet left as suggested"
    );
    text = text.replace(bullets[0].as_str(), &rewritten(0));
    std::fs::write(&path, &text).expect("edited");
    let (_, report) = lint_json(dir.path(), "charte.yaml");
    assert!(placeholders(&report, "human-oversight").is_empty());
}
