//! Free-text drafts (Markdown and plain text) linted from a fixture folder: coverage,
//! vague and missing clauses, waivers, languages, CRLF, byte-order mark, invalid UTF-8.
//! Human and JSON outputs are pinned by insta snapshots (`tests/snapshots/drafts__*.snap`).

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use assert_cmd::Command;
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/drafts";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `charter lint <paths> --pack all --today 2026-11-28 --format <format>` from `dir`.
fn lint_in(dir: &Path, paths: &[&str], format: &str) -> (i32, String) {
    let output = Command::cargo_bin("charter")
        .expect("the charter binary is built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .arg("lint")
        .args(paths)
        .args(["--pack", "all", "--today", "2026-11-28", "--format", format])
        .output()
        .expect("charter runs");
    let code = output.status.code().expect("exit code (no signal)");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert_ne!(
        code,
        101,
        "charter panicked:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (code, stdout)
}

fn json_in(dir: &Path, paths: &[&str]) -> (i32, Value) {
    let (code, stdout) = lint_in(dir, paths, "json");
    let value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    (code, value)
}

/// One file of a JSON report, by file name.
fn file<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .is_some_and(|p| Path::new(p).file_name().is_some_and(|n| n == name))
        })
        .unwrap_or_else(|| panic!("{name} not in the report"))
}

/// `(status, line)` of one clause in a file's coverage.
fn coverage(file: &Value, clause: &str) -> (String, u64) {
    let entry = file["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .find(|c| c["clause"] == clause)
        .unwrap_or_else(|| panic!("{clause} not in coverage of {}", file["path"]));
    (
        entry["status"].as_str().expect("status").to_owned(),
        entry["line"].as_u64().expect("line"),
    )
}

fn status(file: &Value, clause: &str) -> String {
    coverage(file, clause).0
}

/// The diagnostics of a file with this code and clause.
fn findings<'a>(file: &'a Value, code: &str, clause: &str) -> Vec<&'a Value> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code && d["clause"] == clause)
        .collect()
}

/// The coverage of a file without its lines: what a twin file must match.
fn statuses(file: &Value) -> Vec<(String, String)> {
    file["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .map(|c| {
            (
                c["clause"].as_str().expect("clause").to_owned(),
                c["status"].as_str().expect("status").to_owned(),
            )
        })
        .collect()
}

/// The JSON report of the fixture folder, linted once for all the tests that read it.
static FOLDER: LazyLock<(i32, Value)> = LazyLock::new(|| json_in(&root(), &[FIXTURES]));

fn folder() -> &'static Value {
    &FOLDER.1
}

/// A file's report in a few lines: the status and line of each clause found (a missing
/// one shows as its `missing-clause` finding), each finding's place, severity, code and
/// clause (the wording has its own tests in `tests/wording.rs`).
fn summary(file: &Value) -> String {
    let mut lines = vec![format!("lang: {}", file["lang"])];
    let coverage = file["coverage"].as_array().expect("coverage");
    for c in coverage.iter().filter(|c| c["status"] != "missing") {
        lines.push(format!(
            "{:<24} {:<8} line {}",
            c["clause"].as_str().expect("clause"),
            c["status"].as_str().expect("status"),
            c["line"]
        ));
    }
    for d in file["diagnostics"].as_array().expect("diagnostics") {
        lines.push(format!(
            "{}:{} {} {} {}",
            d["line"], d["column"], d["severity"], d["code"], d["clause"]
        ));
    }
    lines.join("\n") + "\n"
}

#[test]
fn fixture_folder_snapshots() {
    // `waivers.md` has an unknown clause and a waiver without reason: errors.
    assert_eq!(FOLDER.0, 1);
    for file in folder()["files"].as_array().expect("files") {
        let path = file["path"].as_str().expect("path");
        let name = Path::new(path).file_name().expect("a file name");
        insta::assert_snapshot!(format!("summary-{}", name.to_string_lossy()), summary(file));
    }
    // The human report and the JSON shape, on two small drafts.
    for name in ["heading-no-rule.md", "waivers.md"] {
        let path = format!("{FIXTURES}/{name}");
        let (_, human) = lint_in(&root(), &[&path], "human");
        assert!(!human.contains('\x1b'));
        insta::assert_snapshot!(format!("human-{name}"), human);
    }
    let (code, json) = lint_in(
        &root(),
        &[&format!("{FIXTURES}/heading-no-rule.md")],
        "json",
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("json-heading-no-rule.md", json);
}

#[test]
fn fixture_folder_facts() {
    let report = folder();
    let names: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    // Directory walking: every draft, sorted, and nothing else (.gitattributes).
    let expected: Vec<String> = [
        "charte-fr-bom.md",
        "charte-fr.md",
        "heading-no-rule.md",
        "invalid-utf8.md",
        "numbered.txt",
        "passing-mention.md",
        "policy-en-crlf.md",
        "policy-en.md",
        "waivers.md",
    ]
    .iter()
    .map(|n| format!("{FIXTURES}/{n}"))
    .collect();
    assert_eq!(names, expected);
    for file in report["files"].as_array().expect("files") {
        assert_eq!(file["kind"], "draft");
        assert_eq!(file["packs"], serde_json::json!(["all"]));
        assert_eq!(
            file["coverage"].as_array().expect("coverage").len(),
            charter::policy::embedded::CLAUSES.len(),
            "--pack all: every clause, in {}",
            file["path"]
        );
    }
}

#[test]
fn french_draft_with_accents_and_ligatures() {
    let report = folder();
    let fr = file(report, "charte-fr.md");
    assert_eq!(fr["lang"], "fr");
    assert_eq!(coverage(fr, "human-oversight"), ("covered".into(), 7));
    assert_eq!(coverage(fr, "data-protection"), ("covered".into(), 11));
    assert_eq!(coverage(fr, "synthetic-media"), ("covered".into(), 19));
    assert_eq!(status(fr, "transparency-disclosure"), "covered");
    assert_eq!(status(fr, "security"), "missing");
    assert_eq!(status(fr, "environment-sobriety"), "missing");
    // A missing clause is reported once, at the title line.
    let missing = findings(fr, "missing-clause", "security");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["line"], 1);
    assert_eq!(missing[0]["severity"], "warning");
}

#[test]
fn english_draft() {
    let report = folder();
    let en = file(report, "policy-en.md");
    assert_eq!(en["lang"], "en");
    assert_eq!(coverage(en, "purpose-scope"), ("covered".into(), 3));
    assert_eq!(coverage(en, "human-oversight"), ("covered".into(), 7));
    assert_eq!(
        coverage(en, "accuracy-verification"),
        ("covered".into(), 11)
    );
    assert_eq!(coverage(en, "data-protection"), ("covered".into(), 15));
    assert_eq!(coverage(en, "approved-tools"), ("covered".into(), 19));
    assert_eq!(status(en, "transparency-disclosure"), "missing");
    assert_eq!(status(en, "synthetic-media"), "missing");
}

#[test]
fn a_passing_mention_does_not_cover_a_clause() {
    let report = folder();
    let notes = file(report, "passing-mention.md");
    let (data, _) = coverage(notes, "data-protection");
    assert!(
        data == "missing" || data == "vague",
        "\"personal data came up in last year's audit\" is no rule: {data}"
    );
    let covered: Vec<(String, String)> = statuses(notes)
        .into_iter()
        .filter(|(_, s)| s == "covered")
        .collect();
    assert!(covered.is_empty(), "nothing is covered: {covered:?}");
}

#[test]
fn a_heading_without_a_rule_is_vague_at_the_heading_and_coverage_points_at_the_rule() {
    let report = folder();
    let draft = file(report, "heading-no-rule.md");
    assert_eq!(coverage(draft, "human-oversight"), ("covered".into(), 5));
    assert_eq!(
        coverage(draft, "transparency-disclosure"),
        ("vague".into(), 7)
    );
    let vague = findings(draft, "vague-clause", "transparency-disclosure");
    assert_eq!(vague.len(), 1);
    assert_eq!(
        (&vague[0]["line"], &vague[0]["column"]),
        (&7.into(), &1.into())
    );
    assert_eq!(vague[0]["severity"], "warning");
    assert!(findings(draft, "missing-clause", "transparency-disclosure").is_empty());
}

#[test]
fn waiver_comments() {
    let report = folder();
    let draft = file(report, "waivers.md");
    assert_eq!(coverage(draft, "public-interaction"), ("waived".into(), 3));
    assert!(findings(draft, "missing-clause", "public-interaction").is_empty());
    assert!(findings(draft, "waiver-without-reason", "public-interaction").is_empty());

    let unknown = findings(draft, "unknown-clause", "human-oversigth");
    assert_eq!(unknown.len(), 1, "{:#}", draft["diagnostics"]);
    assert_eq!(unknown[0]["line"], 4);
    assert_eq!(unknown[0]["severity"], "error");
    assert!(
        unknown[0]["help"]
            .as_str()
            .is_some_and(|h| h.contains("human-oversight")),
        "did-you-mean: {}",
        unknown[0]
    );
    // The misspelt waiver waives nothing.
    assert_eq!(coverage(draft, "human-oversight"), ("covered".into(), 9));

    let no_reason = findings(draft, "waiver-without-reason", "security");
    assert_eq!(no_reason.len(), 1, "{:#}", draft["diagnostics"]);
    assert_eq!(no_reason[0]["line"], 5);
    assert_eq!(no_reason[0]["severity"], "error");
    assert_eq!(status(draft, "security"), "waived");
}

#[test]
fn a_waiver_without_reason_does_not_swallow_the_next_comment() {
    // The same waivers as `waivers.md`, the one without a reason first.
    let draft = "# AI charter\n\n\
        <!-- charter: ignore security -->\n\
        <!-- charter: ignore public-interaction -- we run no chatbot -->\n\
        <!-- charter: ignore human-oversigth -- all texts are reviewed -->\n\n\
        Every AI-assisted text must be reviewed by a named librarian before publication.\n";
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("waivers.md"), draft).expect("write");
    let (code, report) = json_in(dir.path(), &["waivers.md"]);
    let report = &report;
    let draft = file(report, "waivers.md");
    let no_reason = findings(draft, "waiver-without-reason", "security");
    assert_eq!(no_reason.len(), 1, "{:#}", draft["diagnostics"]);
    assert_eq!(no_reason[0]["line"], 3);
    assert_eq!(
        (
            no_reason[0]["end_line"].as_u64(),
            no_reason[0]["end_column"].as_u64()
        ),
        (Some(3), Some(34)),
        "the waiver comment ends on its own line"
    );
    assert_eq!(coverage(draft, "public-interaction"), ("waived".into(), 4));
    assert_eq!(
        findings(draft, "unknown-clause", "human-oversigth").len(),
        1
    );
    assert_eq!(code, 1);
}

#[test]
fn crlf_and_bom_give_the_same_coverage_as_their_twins() {
    let dir = root().join(FIXTURES);
    let crlf = std::fs::read(dir.join("policy-en-crlf.md")).expect("read");
    let lf = std::fs::read(dir.join("policy-en.md")).expect("read");
    assert!(
        crlf.windows(2).any(|w| w == b"\r\n"),
        "policy-en-crlf.md has CRLF line ends"
    );
    assert!(!lf.contains(&b'\r'));
    let bom = std::fs::read(dir.join("charte-fr-bom.md")).expect("read");
    let plain = std::fs::read(dir.join("charte-fr.md")).expect("read");
    assert_eq!(
        &bom[..3],
        b"\xef\xbb\xbf",
        "charte-fr-bom.md starts with a BOM"
    );
    assert_eq!(
        &bom[3..],
        &plain[..],
        "charte-fr-bom.md is charte-fr.md with a BOM"
    );

    let report = folder();
    for (twin, original) in [
        ("policy-en-crlf.md", "policy-en.md"),
        ("charte-fr-bom.md", "charte-fr.md"),
    ] {
        let a = file(report, twin);
        let b = file(report, original);
        assert_eq!(a["lang"], b["lang"], "{twin}");
        assert_eq!(a["coverage"], b["coverage"], "{twin}: statuses and lines");
        let positions = |f: &Value| -> Vec<(Value, Value, Value, Value)> {
            f["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|d| {
                    (
                        d["code"].clone(),
                        d["clause"].clone(),
                        d["line"].clone(),
                        d["column"].clone(),
                    )
                })
                .collect()
        };
        assert_eq!(positions(a), positions(b), "{twin}: diagnostics");
    }
}

#[test]
fn plain_text_draft_with_numbered_headings() {
    let report = folder();
    let txt = file(report, "numbered.txt");
    assert_eq!(txt["lang"], "en");
    assert_eq!(coverage(txt, "purpose-scope"), ("covered".into(), 5));
    assert_eq!(coverage(txt, "human-oversight"), ("covered".into(), 9));
    assert_eq!(coverage(txt, "data-protection"), ("covered".into(), 13));
    // Missing clauses point at the title line.
    let missing = findings(txt, "missing-clause", "security");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["line"], 1);
}

#[test]
fn invalid_utf8_is_read_lossily_without_panic() {
    let bytes = std::fs::read(root().join(FIXTURES).join("invalid-utf8.md")).expect("read");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    let (code, report) = json_in(&root(), &[&format!("{FIXTURES}/invalid-utf8.md")]);
    let report = &report;
    assert_eq!(code, 0, "only warnings under --pack all");
    let draft = file(report, "invalid-utf8.md");
    assert_eq!(coverage(draft, "human-oversight"), ("covered".into(), 5));
    let (_, human) = lint_in(&root(), &[&format!("{FIXTURES}/invalid-utf8.md")], "human");
    assert!(human.contains("1 file(s)"), "{human}");
}

/// The classes of sentences real charters use (`tests/fixtures/classes/`, written for these
/// tests in both languages): a rule carried by a lead-in or a heading (1), an AI subject
/// named only in the heading (2), passive, negated and future rules (3), French inclusive
/// writing and typography (4), and what must not count as covered (5): an unrelated rule
/// under a topic heading, "may" stating no rule, a question.
#[test]
fn each_class_of_rule_is_read_as_a_rule_and_nothing_else() {
    const CLASSES: &str = "tests/fixtures/classes";
    let (_, report) = json_in(&root(), &[CLASSES]);
    let expectations: [(&str, &[&str], &[&str]); 11] = [
        (
            "1-lead-in-en.md",
            &["accuracy-verification", "human-oversight"],
            &[],
        ),
        (
            "1-lead-in-fr.md",
            &["accuracy-verification", "human-oversight"],
            &[],
        ),
        (
            "1-dont-en.md",
            &["data-protection"],
            &["public-interaction"],
        ),
        ("1-a-eviter-fr.md", &["data-protection"], &[]),
        ("2-scope-en.md", &["transparency-disclosure"], &[]),
        ("2-scope-fr.md", &["transparency-disclosure"], &[]),
        ("3-future-en.md", &["synthetic-media"], &[]),
        (
            "3-negated-fr.md",
            &["synthetic-media", "data-protection"],
            &[],
        ),
        (
            "4-inclusive-fr.md",
            &["human-oversight", "transparency-disclosure"],
            &[],
        ),
        (
            "5-false-en.md",
            &[],
            &["data-protection", "synthetic-media"],
        ),
        ("5-false-fr.md", &[], &["data-protection"]),
    ];
    for (name, covered, not_covered) in expectations {
        let draft = file(&report, name);
        for clause in covered {
            assert_eq!(status(draft, clause), "covered", "{clause} in {name}");
        }
        for clause in not_covered {
            assert_ne!(status(draft, clause), "covered", "{clause} in {name}");
        }
        if name.starts_with('5') {
            let covered: Vec<(String, String)> = statuses(draft)
                .into_iter()
                .filter(|(_, s)| s == "covered")
                .collect();
            assert!(
                covered.is_empty(),
                "nothing is covered in {name}: {covered:?}"
            );
        }
    }
}
