//! The reproducers of the hostile-files audit (issue 15), one test each: a charter cannot
//! read files outside its folder, hidden text and escapes stay visible, nothing is lost.

mod common;

use std::path::PathBuf;

use common::{root, run_in};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/repro")
}

/// S1: a charter's `packs:` cannot read `../.env` or `/etc/shadow`, and no report quotes it.
#[test]
fn a_charter_cannot_name_a_pack_outside_its_folder() {
    let repo = fixtures().join("leak/repo");
    for format in ["github", "json", "sarif", "human"] {
        let run = run_in(&repo, &["lint", "--format", format, "docs/charter.yaml"]);
        assert_eq!(run.code, 2, "{format}: {}{}", run.stdout, run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains("ghp_") && !all.contains("hunter2"), "{all}");
        assert!(all.contains("inside its own folder"), "{format}: {all}");
    }
    let run = run_in(&fixtures(), &["lint", "--format", "json", "S1_abs.yaml"]);
    assert!(!run.stdout.contains("root:"), "{}", run.stdout);
    assert!(run.stdout.contains("unknown pack `/etc/shadow`"));
    let run = run_in(&fixtures(), &["lint", "--lang", "fr", "S1_abs.yaml"]);
    assert!(run.stdout.contains("de son propre dossier"), "{}", run.stdout);
    let run = run_in(&repo, &["render", "docs/charter.yaml"]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("ghp_"), "{}", run.stderr);
}

/// S1: a symbolic link inside the charter's folder that leads out is refused; a pack file
/// inside the folder is used; `--pack` names any file but its content is never quoted.
#[test]
fn pack_files_stay_inside_the_charter_folder_and_are_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.yaml");
    std::fs::write(&secret, "TOKEN_abcdef0123456789abcdef0123456789: x\n").unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("packs")).unwrap();
    std::os::unix::fs::symlink(&secret, repo.join("packs/link.yaml")).unwrap();
    std::fs::write(
        repo.join("packs/ours.yaml"),
        "id: ours\ntitle: {en: Ours, fr: Nous}\ndescription: {en: Ours, fr: Nous}\nclauses: {human-oversight: required}\n",
    )
    .unwrap();
    let charter = "charter: 1\ntitle: T\nlang: en\npacks: [packs/link.yaml, packs/ours.yaml]\n";
    std::fs::write(repo.join("charter.yaml"), charter).unwrap();
    let run = run_in(&repo, &["lint", "--format", "json", "charter.yaml"]);
    assert!(!run.stdout.contains("TOKEN_"), "{}", run.stdout);
    assert!(run.stdout.contains("unknown pack `packs/link.yaml`"));
    assert!(run.stdout.contains("\"ours\""), "{}", run.stdout);
    let run = run_in(
        &repo,
        &["lint", "--pack", secret.to_str().unwrap(), "charter.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("TOKEN_"), "{}", run.stderr);
}

/// The first diagnostic block of a human report.
fn first_block(report: &str) -> &str {
    report.split("\n\n").next().unwrap_or_default()
}

/// S3: escape sequences in a draft (window title, erase line, OSC 52 clipboard) are shown
/// as visible escapes, never sent to the terminal, in every text format.
#[test]
fn terminal_escapes_from_a_draft_are_shown_not_obeyed() {
    for format in ["human", "concise", "github"] {
        let run = run_in(&fixtures(), &["lint", "--format", format, "S3_term.md"]);
        assert!(!run.stdout.contains('\u{1b}'), "{format}: {}", run.stdout);
        assert!(!run.stdout.contains('\u{7}'), "{format}: {}", run.stdout);
    }
    let run = run_in(&fixtures(), &["lint", "S3_term.md"]);
    insta::assert_snapshot!(first_block(&run.stdout));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a\u{1b}[2Jb.md"), "# T\n").unwrap();
    let run = run_in(dir.path(), &["lint", "--format", "concise", "."]);
    assert!(run.stdout.contains("a\\u{1b}[2Jb.md"), "{}", run.stdout);
}

/// S5: text wrapped in U+202E is flagged `bidi-control`, in drafts and in charters.
#[test]
fn bidi_controls_are_flagged() {
    let run = run_in(&fixtures(), &["lint", "--pack", "all", "S5_bidi.md"]);
    let block = run
        .stdout
        .split("\n\n")
        .find(|b| b.contains("bidi-control"))
        .expect("a bidi-control warning");
    insta::assert_snapshot!(block);
    let run = run_in(&fixtures(), &["lint", "--lang", "fr", "S5_bidi.md"]);
    assert!(run.stdout.contains("le texte affiché n’est pas le texte vérifié"));
    let dir = tempfile::tempdir().unwrap();
    let charter = "charter: 1\ntitle: \"T \u{2067}x\u{2069}\"\nlang: en\n";
    std::fs::write(dir.path().join("c.yaml"), charter).unwrap();
    let run = run_in(dir.path(), &["lint", "--format", "concise", "c.yaml"]);
    assert!(
        run.stdout.contains("c.yaml:2:11: warning[bidi-control]"),
        "{}",
        run.stdout
    );
}

/// S4: a waiver comment shown in a code block waives nothing, and `import` keeps it in the
/// code block.
#[test]
fn waiver_comments_in_code_waive_nothing() {
    let run = run_in(&fixtures(), &["lint", "--format", "json", "S4_codewaiver.md"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let statuses: Vec<&str> = report["files"][0]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert!(!statuses.contains(&"waived"), "{statuses:?}");
    let run = run_in(&fixtures(), &["import", "S4_codewaiver.md", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(
        "      ```\n      <!-- charter: ignore security -- example only, replace with your reason -->\n      ```"
    ));
    assert!(!run.stdout.contains("waivers:"), "{}", run.stdout);
}
