//! `charter fix`: sections appended for the missing clauses, the bytes already there kept
//! exactly, the `--dry-run` diff (insta snapshot), a file changed meanwhile left alone, and
//! every draft of the development corpus (`../shared/corpus-dev`, required) completed
//! until `lint` finds no missing clause, only placeholder text to rewrite.

mod common;

use std::path::{Path, PathBuf};

use charter::write::replace::{ensure_unchanged, write_if_unchanged, ReplaceError};
use serde_json::Value;

use common::{root, run_in};

/// The clauses `lint` reports missing in a draft, for `packs`.
fn missing(dir: &Path, draft: &str, packs: &[&str]) -> Vec<String> {
    with_code(dir, draft, packs, "missing-clause")
}

/// The clauses whose only evidence in a draft is placeholder text, for `packs`.
fn unwritten(dir: &Path, draft: &str, packs: &[&str]) -> Vec<String> {
    with_code(dir, draft, packs, "placeholder-text")
}

/// The clauses of the diagnostics with `code` that `lint` reports in a draft, for `packs`.
fn with_code(dir: &Path, draft: &str, packs: &[&str], code: &str) -> Vec<String> {
    let mut args = vec!["lint", draft, "--format", "json"];
    for pack in packs {
        args.extend(["--pack", pack]);
    }
    let run = run_in(dir, &args);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .filter_map(|d| d["clause"].as_str().map(str::to_owned))
        .collect()
}

/// Copies a fixture into a fresh folder.
fn copy(fixture: &str, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::copy(root().join(fixture), &path).expect("fixture copied");
    (dir, path)
}

#[test]
fn dry_run_prints_one_hunk_and_writes_nothing() {
    let (dir, path) = copy("tests/fixtures/fix/draft.md", "draft.md");
    let before = std::fs::read(&path).expect("read");
    std::fs::copy(
        root().join("tests/fixtures/fix/small-pack.yaml"),
        dir.path().join("small-pack.yaml"),
    )
    .expect("pack copied");
    let run = run_in(
        dir.path(),
        &["fix", "draft.md", "--dry-run", "--pack", "small-pack.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(run.stdout.matches("\n@@ ").count(), 1);
    insta::assert_snapshot!("fix-dry-run", run.stdout);
}

#[test]
fn fix_appends_the_missing_clauses_until_lint_finds_none() {
    let (dir, path) = copy("tests/fixtures/fix/draft.md", "draft.md");
    let before = std::fs::read(&path).expect("read");
    let missing_before = missing(dir.path(), "draft.md", &[]);
    assert!(missing_before.contains(&"purpose-scope".to_owned()));
    let run = run_in(dir.path(), &["fix", "draft.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stderr
        .contains(&format!("added {} section(s)", missing_before.len())));
    let after = std::fs::read(&path).expect("read");
    assert!(after.starts_with(&before));
    let added = String::from_utf8(after[before.len()..].to_vec()).expect("UTF-8");
    assert!(
        added.starts_with("\n## Purpose and scope\n\n[To adapt]\n\n"),
        "{added}"
    );
    assert!(missing(dir.path(), "draft.md", &[]).is_empty());
    // The added sections are not written yet: each clause is reported until it is.
    let mut unwritten = unwritten(dir.path(), "draft.md", &[]);
    unwritten.sort();
    let mut expected = missing_before.clone();
    expected.sort();
    assert_eq!(unwritten, expected);
    assert_eq!(run_in(dir.path(), &["lint", "draft.md"]).code, 1);
    let again = run_in(dir.path(), &["fix", "draft.md"]);
    assert_eq!(again.code, 0);
    assert!(again.stderr.contains("nothing to add"), "{}", again.stderr);
    assert_eq!(std::fs::read(&path).expect("read"), after);
}

#[test]
fn the_bytes_already_there_stay_identical_crlf_and_bom_included() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source =
        std::fs::read_to_string(root().join("tests/fixtures/fix/draft.md")).expect("fixture");
    let mut original = b"\xef\xbb\xbf".to_vec();
    original.extend_from_slice(source.trim_end().replace('\n', "\r\n").as_bytes());
    let path = dir.path().join("brouillon.md");
    std::fs::write(&path, &original).expect("written");
    let run = run_in(dir.path(), &["fix", "brouillon.md", "--lang", "fr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read(&path).expect("read");
    assert!(after.starts_with(&original), "the original bytes changed");
    let added = String::from_utf8(after[original.len()..].to_vec()).expect("UTF-8");
    assert!(added.starts_with("\r\n\r\n## Objet et champ d’application\r\n\r\n[À adapter]\r\n"));
    assert!(added.ends_with("\r\n"));
    assert_eq!(
        added.matches('\n').count(),
        added.matches("\r\n").count(),
        "every appended line ends with CRLF"
    );
    assert!(missing(dir.path(), "brouillon.md", &[]).is_empty());
}

#[test]
fn a_file_changed_since_it_was_read_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("draft.md");
    std::fs::write(&path, "# Read\n").expect("written");
    let read = std::fs::read(&path).expect("read");
    ensure_unchanged(&path, &read).expect("unchanged so far");
    std::fs::write(&path, "# Saved by someone else\n").expect("written");
    assert!(matches!(
        ensure_unchanged(&path, &read),
        Err(ReplaceError::Changed)
    ));
    let result = write_if_unchanged(&path, &read, b"# Read\n\n## Added\n");
    assert!(matches!(result, Err(ReplaceError::Changed)), "{result:?}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "# Saved by someone else\n"
    );
    let leftovers = std::fs::read_dir(dir.path()).expect("folder").count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
    write_if_unchanged(&path, b"# Saved by someone else\n", b"new\n").expect("written");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "new\n");
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = copy("tests/fixtures/fix/draft.md", "draft.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    assert_eq!(run_in(dir.path(), &["fix", "draft.md"]).code, 0);
    let mode = std::fs::metadata(&path)
        .expect("metadata")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn fix_refuses_what_it_cannot_safely_append_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("latin1.md"), b"# Caf\xe9\n").expect("written");
    std::fs::write(dir.path().join("draft.docx"), "x").expect("written");
    let latin1 = run_in(dir.path(), &["fix", "latin1.md"]);
    assert_eq!(latin1.code, 2);
    assert!(latin1.stderr.contains("not UTF-8"), "{}", latin1.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("latin1.md")).expect("read"),
        b"# Caf\xe9\n"
    );
    assert_eq!(run_in(dir.path(), &["fix", "draft.docx"]).code, 2);
    assert_eq!(run_in(dir.path(), &["fix", "absent.md"]).code, 2);
}

#[test]
fn fix_completes_every_draft_of_the_dev_corpus() {
    let corpus = common::corpus();
    let mut drafts: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    drafts.sort();
    for source in drafts {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("draft.md");
        std::fs::copy(&source, &path).expect("copied");
        // The corpus is read-only, and `fix` refuses a read-only file.
        let writable = std::os::unix::fs::PermissionsExt::from_mode(0o644);
        std::fs::set_permissions(&path, writable).expect("writable copy");
        let before = std::fs::read(&path).expect("read");
        for packs in [&[][..], &["public-comms", "eu-ai-act"][..]] {
            let mut args = vec!["fix", "draft.md"];
            for pack in packs {
                args.extend(["--pack", pack]);
            }
            let run = run_in(dir.path(), &args);
            assert_eq!(run.code, 0, "{}: {}", source.display(), run.stderr);
            assert_eq!(
                missing(dir.path(), "draft.md", packs),
                Vec::<String>::new(),
                "{} still misses clauses of {packs:?}",
                source.display()
            );
            if run.stderr.contains("section(s)") {
                assert!(
                    !unwritten(dir.path(), "draft.md", packs).is_empty(),
                    "{}: the added sections are placeholder text",
                    source.display()
                );
            }
        }
        let after = std::fs::read(&path).expect("read");
        assert!(after.starts_with(&before), "{}", source.display());
        let again = run_in(dir.path(), &["fix", "draft.md", "--dry-run"]);
        assert_eq!((again.code, again.stdout.as_str()), (0, ""));
    }
}
