//! Every example charter linted in both formats, pinned by insta snapshots
//! (`tests/snapshots/examples__*.snap`; review changes with `cargo insta review`).

use std::path::PathBuf;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `charter lint examples/<name>/charter.yaml --today 2026-11-28 --format <format>`.
fn lint(name: &str, format: &str) -> (i32, String) {
    let output = Command::cargo_bin("charter")
        .expect("the charter binary is built")
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .args(["lint", &format!("examples/{name}/charter.yaml")])
        .args(["--today", "2026-11-28", "--format", format])
        .output()
        .expect("charter runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "{name} {format}: stderr: {stderr}");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
    )
}

/// The example folders, sorted.
fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ is readable")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.join("charter.yaml").is_file())
        .map(|path| {
            path.file_name()
                .expect("folder name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn the_examples_are_the_expected_ones() {
    assert_eq!(
        examples(),
        ["draft-incomplete", "newsroom", "ville-exemple"],
        "a new example needs its expected exit code below"
    );
}

#[test]
fn every_example_lints_as_snapshotted() {
    for name in examples() {
        let expected_code = i32::from(name == "draft-incomplete");

        let (code, human) = lint(&name, "human");
        assert_eq!(code, expected_code, "{name} human exit code:\n{human}");
        assert!(!human.contains('\x1b'), "{name}: colour with NO_COLOR");
        insta::assert_snapshot!(format!("{name}-human"), human);

        let (code, json) = lint(&name, "json");
        assert_eq!(code, expected_code, "{name} json exit code");
        let report: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
        assert_eq!(report["version"], 1);
        assert_eq!(
            report["files"][0]["path"],
            format!("examples/{name}/charter.yaml")
        );
        insta::assert_snapshot!(format!("{name}-json"), json);
    }
}
