//! User packs given with `--pack FILE`: levels, `extends`, and detection patterns they
//! add, with faulty patterns rejected at their position in the pack file.

use assert_cmd::Command;

const PACK: &str = "id: team
title: { en: Team pack, fr: Pack équipe }
description: { en: Our own rules, fr: Nos règles }
extends: baseline
clauses:
  security: required
detect:
  security:
    en:
      strong: ['vaults?\\b', PATTERN]
";

fn pack_with(pattern: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("team.yaml"),
        PACK.replace("PATTERN", pattern),
    )
    .expect("pack");
    std::fs::write(
        dir.path().join("draft.md"),
        "# Policy\n\nSecrets must be kept in the team vault.\n",
    )
    .expect("draft");
    dir
}

fn lint(dir: &tempfile::TempDir, format: &str) -> std::process::Output {
    Command::cargo_bin("charter")
        .expect("binary")
        .current_dir(dir.path())
        .args([
            "lint",
            "--pack",
            "./team.yaml",
            "--format",
            format,
            "draft.md",
        ])
        .output()
        .expect("runs")
}

#[test]
fn added_patterns_detect_the_team_vocabulary() {
    let dir = pack_with("'strongbox'");
    let output = lint(&dir, "json");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let security = report["files"][0]["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .find(|c| c["clause"] == "security")
        .expect("security is asked for by the pack")
        .clone();
    assert_eq!(security["status"], "covered");
    assert_eq!(
        security["level"], "error",
        "the pack makes security required"
    );
    assert_eq!(security["line"], 3);
    assert_eq!(report["files"][0]["packs"][0], "team");
}

#[test]
fn an_invalid_pattern_is_rejected_with_its_position() {
    let dir = pack_with("'bad(regex'");
    let output = lint(&dir, "human");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("team.yaml:10:30"), "{stderr}");
    assert!(stderr.contains("unclosed group"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_pattern_too_large_to_compile_is_rejected_with_its_position() {
    let dir = pack_with("'(a{100}){100}{100}'");
    let output = lint(&dir, "human");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("team.yaml:10:30"), "{stderr}");
    assert!(stderr.contains("size limit"), "{stderr}");
}

#[test]
fn patterns_for_an_unknown_clause_are_rejected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = PACK
        .replace("  security:\n    en:", "  securty:\n    en:")
        .replace("PATTERN", "'x'");
    std::fs::write(dir.path().join("team.yaml"), pack).expect("pack");
    std::fs::write(dir.path().join("draft.md"), "# P\n").expect("draft");
    let output = lint(&dir, "human");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown clause `securty`"), "{stderr}");
    assert!(stderr.contains("security"), "did-you-mean hint: {stderr}");
}
