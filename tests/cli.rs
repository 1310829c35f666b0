//! The `charter` binary end to end: exit codes (0 clean, 1 findings, 2 bad input or
//! usage), messages, formats, `init`, `explain`, `packs`, conditional clauses and
//! positions (line and character column) of findings.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use charter::policy::catalogue::Catalogue;
use charter::policy::embedded::CLAUSES;
use charter::policy::selection::Selection;
use serde_json::Value;

/// The repository root: examples and policies are named relative to it.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `charter` run from the repository root, without colour.
fn charter() -> Command {
    let mut command = Command::cargo_bin("charter").expect("the charter binary is built");
    command
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    command
}

/// What one run printed, and its exit code.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Panics with the whole output unless the exit code is `code`.
    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = charter()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("charter runs");
    Run {
        code: output
            .status
            .code()
            .expect("exit code (not killed by a signal)"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

/// The diagnostics of the only file of a JSON report.
/// How many clauses a built-in pack asks for (those of the packs it extends included).
fn pack_clauses(pack: &str) -> usize {
    let catalogue = Catalogue::builtin().expect("built-in policies");
    Selection::resolve(&catalogue, &[pack.to_owned()], Path::new("."))
        .expect("a built-in pack")
        .clauses
        .len()
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "one file expected in {report:#}");
    files[0]["diagnostics"].as_array().expect("diagnostics")
}

/// The diagnostics with this code (and clause, when given).
fn find<'a>(report: &'a Value, code: &str, clause: Option<&str>) -> Vec<&'a Value> {
    diagnostics(report)
        .iter()
        .filter(|d| d["code"] == code && clause.is_none_or(|c| d["clause"] == c))
        .collect()
}

/// The one diagnostic with this code (and clause).
fn only<'a>(report: &'a Value, code: &str, clause: Option<&str>) -> &'a Value {
    let found = find(report, code, clause);
    assert_eq!(
        found.len(),
        1,
        "exactly one {code} {clause:?} expected in {:#}",
        report["files"][0]["diagnostics"]
    );
    found[0]
}

fn position(diagnostic: &Value) -> (u64, u64) {
    (
        diagnostic["line"].as_u64().expect("line"),
        diagnostic["column"].as_u64().expect("column"),
    )
}

/// A temporary folder holding one file.
fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write temp file");
    (dir, path)
}

const TODAY: &str = "2026-11-28";

// ---------------------------------------------------------------- lint: exit codes

#[test]
fn complete_examples_lint_clean() {
    for example in ["ville-exemple", "newsroom"] {
        let path = format!("examples/{example}/charter.yaml");
        let run = run(&["lint", &path, "--today", TODAY, "--lang", "en"]);
        run.expect_code(0);
        assert!(
            run.stdout.contains("0 error(s)"),
            "{example}: {}",
            run.stdout
        );
    }
}

#[test]
fn incomplete_example_fails_with_every_expected_code() {
    let path = "examples/draft-incomplete/charter.yaml";
    let human = run(&["lint", path, "--today", TODAY, "--lang", "en"]);
    human.expect_code(1);
    assert!(human.stdout.contains("error[missing-clause]"));

    let json = run(&["lint", path, "--today", TODAY, "--format", "json"]);
    json.expect_code(1);
    let report = json.json();
    assert_eq!(report["version"], 1);
    assert!(report["summary"]["errors"].as_u64().expect("errors") > 0);
    assert_eq!(report["files"][0]["kind"], "charter");
    assert_eq!(report["files"][0]["lang"], "fr");
    let codes: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    for code in [
        "missing-clause",
        "empty-clause",
        "placeholder-text",
        "vague-clause",
        "missing-why",
        "unknown-tool",
        "missing-conditions",
        "duplicate-id",
        "unapproved-tool",
        "review-overdue",
        "owner-contact",
        "waiver-without-reason",
        "unknown-clause",
    ] {
        assert!(codes.contains(&code), "{code} not reported: {codes:?}");
    }
    // A few positions that the example's comments point at.
    assert_eq!(
        position(only(&report, "review-overdue", None)),
        (17, 34),
        "review.next value"
    );
    assert_eq!(
        position(only(&report, "unknown-tool", None)),
        (38, 13),
        "tools: [generateur-images]"
    );
    assert_eq!(
        position(only(&report, "empty-clause", Some("prohibited-uses"))).0,
        70
    );
    let unknown = only(&report, "unknown-clause", Some("human-oversigth"));
    assert!(
        unknown["help"]
            .as_str()
            .is_some_and(|h| h.contains("human-oversight")),
        "did-you-mean hint: {unknown}"
    );
}

#[test]
fn fail_on_warning_turns_warnings_into_exit_1() {
    // In 2030 the newsroom example's review date (2027-10-01) is past: one warning, no error.
    let path = "examples/newsroom/charter.yaml";
    let by_default = run(&["lint", path, "--today", "2030-01-01", "--format", "json"]);
    by_default.expect_code(0);
    let report = by_default.json();
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(only(&report, "review-overdue", None)["severity"], "warning");

    run(&[
        "lint",
        path,
        "--today",
        "2030-01-01",
        "--fail-on",
        "warning",
    ])
    .expect_code(1);
}

#[test]
fn fail_on_warning_with_a_small_charter() {
    // A user pack of recommended clauses only: a missing clause is a warning.
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = "id: mine\ntitle: { en: Mine, fr: Le mien }\n\
        description: { en: Mine, fr: Le mien }\nclauses:\n  bias-fairness: recommended\n";
    std::fs::write(dir.path().join("mine.yaml"), pack).expect("write pack");
    let only_warnings = "charter: 1\ntitle: Small\nlang: en\npacks: [./mine.yaml]\n\
        owner: { name: Ann, contact: ann@example.org }\nreview: { next: 2027-01-01 }\n";
    std::fs::write(dir.path().join("small.yaml"), only_warnings).expect("write charter");
    let warned = run_in(
        dir.path(),
        &["lint", "small.yaml", "--today", TODAY, "--format", "json"],
    );
    warned.expect_code(0);
    let report = warned.json();
    assert_eq!(
        only(&report, "missing-clause", Some("bias-fairness"))["severity"],
        "warning"
    );
    assert_eq!(report["summary"]["errors"], 0);
    run_in(
        dir.path(),
        &[
            "lint",
            "small.yaml",
            "--today",
            TODAY,
            "--fail-on",
            "warning",
        ],
    )
    .expect_code(1);
}

// ---------------------------------------------------------------- lint: bad input

/// Lints one bad charter: exit 2, and the human report points at `file:line:column`
/// (any column when `column` is 0).
fn bad_charter(contents: &[u8], code: &str, line: usize, column: usize) -> Run {
    let (dir, _) = temp_file("bad.yaml", contents);
    let run = run_in(dir.path(), &["lint", "bad.yaml", "--today", TODAY]);
    run.expect_code(2);
    let header = format!("error[{code}]");
    assert!(run.stdout.contains(&header), "{header} in:\n{}", run.stdout);
    let place = if column == 0 {
        format!("--> bad.yaml:{line}:")
    } else {
        format!("--> bad.yaml:{line}:{column}\n")
    };
    assert!(run.stdout.contains(&place), "{place} in:\n{}", run.stdout);
    run
}

#[test]
fn unknown_field_is_exit_2_with_did_you_mean() {
    let run = bad_charter(b"charter: 1\ntitel: X\nlang: en\n", "unknown-field", 2, 1);
    assert!(
        run.stdout.contains("unknown field `titel`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Did you mean `title`?"),
        "{}",
        run.stdout
    );
}

#[test]
fn nested_unknown_field_points_at_its_key() {
    let run = bad_charter(
        b"charter: 1\ntitle: X\nlang: en\nowner:\n  name: Ann\n  contcat: a@b.c\n",
        "unknown-field",
        6,
        3,
    );
    assert!(
        run.stdout.contains("Did you mean `contact`?"),
        "{}",
        run.stdout
    );
}

#[test]
fn yaml_syntax_error_is_exit_2() {
    let run = bad_charter(b"charter: 1\ntitle: [X\nlang: en\n", "yaml-syntax", 3, 0);
    assert!(run.stdout.contains("invalid YAML"), "{}", run.stdout);
}

#[test]
fn wrong_type_is_exit_2() {
    let run = bad_charter(b"charter: 1\ntitle: X\nlang: de\n", "invalid-charter", 3, 7);
    assert!(run.stdout.contains("`de`"), "{}", run.stdout);
}

#[test]
fn invalid_date_is_exit_2() {
    let run = bad_charter(
        b"charter: 1\ntitle: X\nlang: en\nreview: { next: 2027-13-01 }\n",
        "invalid-charter",
        4,
        9,
    );
    assert!(run.stdout.contains("2027-13-01"), "{}", run.stdout);
}

#[test]
fn unsupported_format_version_is_exit_2() {
    let run = bad_charter(
        b"charter: 2\ntitle: X\nlang: en\n",
        "invalid-charter",
        1,
        10,
    );
    assert!(run.stdout.contains("version 2"), "{}", run.stdout);
}

#[test]
fn unknown_pack_in_charter_is_exit_2_with_did_you_mean() {
    let run = bad_charter(
        b"charter: 1\ntitle: X\nlang: en\npacks: [baseline, public-coms]\n",
        "unknown-pack",
        4,
        19,
    );
    assert!(
        run.stdout.contains("Did you mean `public-comms`?"),
        "{}",
        run.stdout
    );
}

#[test]
fn empty_file_is_exit_2() {
    let run = bad_charter(b"", "invalid-charter", 1, 1);
    assert!(run.stdout.contains("charter"), "{}", run.stdout);
}

#[test]
fn binary_file_is_exit_2() {
    let (dir, _) = temp_file("bad.yaml", b"\x00\x01\x02charter: 1\xff\xfe");
    let run = run_in(dir.path(), &["lint", "bad.yaml", "--format", "json"]);
    run.expect_code(2);
    let report = run.json();
    let unreadable = only(&report, "unreadable-file", None);
    assert!(
        unreadable["message"]
            .as_str()
            .is_some_and(|m| m.contains("binary")),
        "{unreadable}"
    );
}

#[test]
fn charter_with_invalid_utf8_is_exit_2() {
    let (dir, _) = temp_file("bad.yaml", b"charter: 1\ntitle: caf\xe9\nlang: fr\n");
    let run = run_in(dir.path(), &["lint", "bad.yaml", "--format", "json"]);
    run.expect_code(2);
    only(&run.json(), "unreadable-file", None);
}

#[test]
fn nonexistent_path_is_exit_2() {
    let run = run(&["lint", "no/such/charter.yaml"]);
    run.expect_code(2);
    assert!(
        run.stdout.contains("error[unreadable-file]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("no/such/charter.yaml"),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_pack_option_is_a_usage_error() {
    let run = run(&["lint", "examples/newsroom/charter.yaml", "--pack", "nope"]);
    run.expect_code(2);
    assert!(run.stderr.contains("error:"), "{}", run.stderr);
    assert!(run.stderr.contains("nope"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn bad_command_line_is_exit_2() {
    // A bare `charter lint` is valid: it lints what charter.toml says, or the current folder.
    let run = run(&["lint", "--fail-on"]);
    run.expect_code(2);
    assert!(run.stderr.contains("error:"), "{}", run.stderr);
    run_in(&root(), &["lint", "x.yaml", "--format", "xml"]).expect_code(2);
}

// ---------------------------------------------------------------- lint: wording and colour

#[test]
fn french_messages() {
    let run = run(&[
        "lint",
        "examples/draft-incomplete/charter.yaml",
        "--today",
        TODAY,
        "--lang",
        "fr",
    ]);
    run.expect_code(1);
    assert!(run.stdout.contains("clause manquante"), "{}", run.stdout);
    assert!(
        run.stdout.contains("erreur[missing-clause]"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("missing clause `"), "{}", run.stdout);
}

#[test]
fn no_colour_when_not_a_terminal_or_with_no_color() {
    let path = "examples/draft-incomplete/charter.yaml";
    let with_no_color = run(&["lint", path, "--today", TODAY, "--lang", "en"]);
    assert!(!with_no_color.stdout.contains("\x1b["));
    // Without NO_COLOR, stdout is still a pipe here: no escapes either.
    let output = charter()
        .env_remove("NO_COLOR")
        .args(["lint", path, "--today", TODAY, "--lang", "en"])
        .output()
        .expect("charter runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(stdout.contains("error[missing-clause]"), "{stdout}");
    assert!(!stdout.contains("\x1b["), "{stdout:?}");
    assert_eq!(stdout, with_no_color.stdout);
}

// ---------------------------------------------------------------- init

#[test]
fn init_writes_refuses_to_overwrite_and_forces() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("charter.yaml");
    let written = run_in(dir.path(), &["init"]);
    written.expect_code(0);
    assert!(written.stdout.is_empty(), "{}", written.stdout);
    assert!(
        written.stderr.contains("charter.yaml"),
        "{}",
        written.stderr
    );
    let scaffold = std::fs::read(&file).expect("charter.yaml written");
    let text = String::from_utf8(scaffold.clone()).expect("UTF-8");
    assert!(text.starts_with("# yaml-language-server: $schema="));
    assert!(text.contains("charter: 1\n"));
    assert!(text.contains("packs: [baseline]\n"));
    assert!(text.contains("[To adapt]"), "{text}");

    // Not overwritten without --force, byte for byte.
    std::fs::write(&file, "charter: 1 # mine\n").expect("edit");
    let refused = run_in(dir.path(), &["init"]);
    refused.expect_code(2);
    assert!(refused.stderr.contains("error:"), "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(
        std::fs::read(&file).expect("still there"),
        b"charter: 1 # mine\n"
    );

    run_in(dir.path(), &["init", "--force"]).expect_code(0);
    assert_eq!(std::fs::read(&file).expect("rewritten"), scaffold);
    // No temporary file left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["charter.yaml"]);
}

#[test]
fn init_to_stdout_writes_no_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = run_in(dir.path(), &["init", "-o", "-", "--pack", "oss-contrib"]);
    run.expect_code(0);
    assert!(run.stdout.contains("charter: 1\n"));
    assert!(run.stdout.contains("packs: [oss-contrib]\n"));
    assert!(run.stdout.contains("  human-oversight: |\n"));
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn init_scaffold_is_flagged_until_rewritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scaffold = run_in(
        dir.path(),
        &[
            "init",
            "--pack",
            "public-comms",
            "--lang",
            "fr",
            "--org",
            "Ville X",
            "-o",
            "-",
        ],
    );
    scaffold.expect_code(0);
    let text = scaffold.stdout;
    assert!(text.contains("[À adapter]"), "{text}");
    assert!(text.contains("organisation: Ville X\n"), "{text}");
    assert!(text.contains("lang: fr\n"), "{text}");
    std::fs::write(dir.path().join("charter.yaml"), &text).expect("write");

    let marked = run_in(
        dir.path(),
        &["lint", "charter.yaml", "--today", TODAY, "--format", "json"],
    );
    marked.expect_code(1);
    let report = marked.json();
    let flagged = find(&report, "placeholder-text", Some("human-oversight"));
    assert_eq!(flagged.len(), 1, "{report:#}");
    assert!(
        flagged[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("À adapter")),
        "{}",
        flagged[0]
    );
    let clauses_flagged = find(&report, "placeholder-text", None)
        .iter()
        .filter(|d| !d["clause"].is_null())
        .count();
    assert_eq!(
        clauses_flagged,
        pack_clauses("public-comms"),
        "every public-comms clause is flagged"
    );

    // Remove every marker line and fill every bracket placeholder: the unchanged
    // suggested wording is still reported as placeholder text.
    let rewritten: String = text
        .lines()
        .filter(|line| !matches!(line.trim(), "[À adapter]" | "[To adapt]"))
        .map(|line| {
            if line.starts_with('#') {
                line.to_owned()
            } else if let (Some(start), Some(end)) = (line.find("'["), line.rfind("]'")) {
                format!("{}Jeanne Martin{}", &line[..start], &line[end + 2..])
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!rewritten.contains("À adapter]\n"), "{rewritten}");
    assert!(!rewritten.contains("'["), "{rewritten}");
    std::fs::write(dir.path().join("charter.yaml"), &rewritten).expect("write");
    let unchanged = run_in(
        dir.path(),
        &["lint", "charter.yaml", "--today", TODAY, "--format", "json"],
    );
    unchanged.expect_code(1);
    let report = unchanged.json();
    for diagnostic in diagnostics(&report) {
        assert!(
            diagnostic["clause"].is_string(),
            "only clauses are left to rewrite: {diagnostic}"
        );
    }
    for clause in ["purpose-scope", "human-oversight", "accessibility"] {
        let left = only(&report, "placeholder-text", Some(clause));
        assert_eq!(left["severity"], "error", "{left}");
        assert!(
            !left["message"]
                .as_str()
                .is_some_and(|m| m.contains("À adapter")),
            "{left}"
        );
    }
    assert_eq!(
        find(&report, "placeholder-text", None).len(),
        pack_clauses("public-comms")
    );
}

// ---------------------------------------------------------------- explain, packs

#[test]
fn explain_a_clause_in_english_and_french() {
    let en = run(&["explain", "human-oversight"]);
    en.expect_code(0);
    for part in [
        "human-oversight — Human oversight",
        "Summary",
        "Why it matters",
        "References",
        "Art. 22",
        "Suggested wording",
        "must be read in full and validated by a named person",
    ] {
        assert!(en.stdout.contains(part), "{part} in:\n{}", en.stdout);
    }
    let fr = run(&["explain", "human-oversight", "--lang", "fr"]);
    fr.expect_code(0);
    for part in [
        "human-oversight — Contrôle humain",
        "En bref",
        "Pourquoi c’est important",
        "Références",
        "Rédaction proposée",
        "Règlement (UE) 2024/1689 (RIA), art. 50, § 4, deuxième alinéa (2 août 2026)",
        "https://eur-lex.europa.eu/eli/reg/2024/1689/oj (texte vérifié le 5 décembre 2026)",
        "baseline\u{a0}: obligatoire",
    ] {
        assert!(fr.stdout.contains(part), "{part} in:\n{}", fr.stdout);
    }
    for english in [
        "Why it matters",
        "Regulation",
        "Art. ",
        "checked on",
        "AI Act",
    ] {
        assert!(!fr.stdout.contains(english), "{english} in:\n{}", fr.stdout);
    }
    assert!(en
        .stdout
        .contains("Regulation (EU) 2016/679 (GDPR), Art. 22"));
    assert!(en.stdout.contains("(text checked on 5 December 2026)"));
}

#[test]
fn explain_a_diagnostic_code() {
    let run = run(&["explain", "vague-clause"]);
    run.expect_code(0);
    assert!(run.stdout.contains("vague-clause"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("The clause talks about its topic but states no rule."),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_unknown_id_is_exit_2_with_hint() {
    let run = run(&["explain", "nope"]);
    run.expect_code(2);
    assert!(run.stderr.contains("error:"), "{}", run.stderr);
    assert!(run.stderr.contains("`nope`"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
}

const PACKS: [&str; 5] = [
    "baseline",
    "public-comms",
    "eu-ai-act",
    "gdpr",
    "oss-contrib",
];

#[test]
fn packs_lists_the_five_packs() {
    let run = run(&["packs"]);
    run.expect_code(0);
    for pack in PACKS {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(&format!("{pack} "))),
            "{pack} in:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("required when a use is public-facing"));
    assert!(run
        .stdout
        .contains("public-comms — Public communication (extends baseline)"));
    let fr = self::run(&["packs", "--lang", "fr"]);
    fr.expect_code(0);
    assert!(fr
        .stdout
        .contains("obligatoire si un usage s’adresse directement au public"));
    assert!(fr
        .stdout
        .contains("public-comms — Communication publique (étend baseline)"));
    for english in ["required", "recommended", "conditional", "extends"] {
        assert!(!fr.stdout.contains(english), "{english} in:\n{}", fr.stdout);
    }
}

#[test]
fn packs_as_json() {
    let run = run(&["packs", "--format", "json"]);
    run.expect_code(0);
    let value = run.json();
    let packs = value["packs"].as_array().expect("packs");
    let ids: Vec<&str> = packs
        .iter()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, PACKS);
    let clause = |pack: &str, clause: &str| -> Value {
        let pack = packs.iter().find(|p| p["id"] == pack).expect("pack");
        pack["clauses"]
            .as_array()
            .expect("clauses")
            .iter()
            .find(|c| c["clause"] == clause)
            .unwrap_or_else(|| panic!("{clause} in {pack}"))
            .clone()
    };
    let public = clause("public-comms", "public-interaction");
    assert_eq!(public["level"], "conditional");
    assert_eq!(public["when"], "public-facing");
    let work = clause("eu-ai-act", "work-conditions");
    assert_eq!(work["level"], "conditional");
    assert_eq!(work["when"], "high-risk");
    assert_eq!(clause("baseline", "human-oversight")["level"], "required");
    assert_eq!(clause("baseline", "security")["level"], "recommended");
    let public_comms = packs
        .iter()
        .find(|p| p["id"] == "public-comms")
        .expect("pack");
    assert_eq!(public_comms["extends"], "baseline");
}

// ---------------------------------------------------------------- conditional clauses

/// The severity of the missing-clause finding for `clause` in a charter.
fn missing_severity(charter: &str, clause: &str) -> String {
    let (dir, _) = temp_file("charter.yaml", charter.as_bytes());
    let run = run_in(
        dir.path(),
        &["lint", "charter.yaml", "--today", TODAY, "--format", "json"],
    );
    run.expect_code(1);
    let report = run.json();
    let coverage = report["files"][0]["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .find(|c| c["clause"] == clause)
        .unwrap_or_else(|| panic!("{clause} in coverage"))
        .clone();
    let finding = only(&report, "missing-clause", Some(clause));
    assert_eq!(coverage["status"], "missing");
    assert_eq!(coverage["level"], finding["severity"]);
    finding["severity"].as_str().expect("severity").to_owned()
}

#[test]
fn high_risk_tool_makes_work_conditions_required() {
    let charter = "charter: 1\ntitle: T\nlang: en\npacks: [eu-ai-act]\n\
        owner: { name: Ann, contact: ann@example.org }\nreview: { next: 2027-01-01 }\n\
        tools:\n  - id: scorer\n    name: Scoring system\n    approved: true\n";
    assert_eq!(missing_severity(charter, "work-conditions"), "warning");
    let high_risk = format!("{charter}    high-risk: true\n");
    assert_eq!(missing_severity(&high_risk, "work-conditions"), "error");
}

#[test]
fn public_facing_use_makes_public_interaction_required() {
    let charter = "charter: 1\ntitle: T\nlang: en\npacks: [public-comms]\n\
        owner: { name: Ann, contact: ann@example.org }\nreview: { next: 2027-01-01 }\n\
        tools:\n  - id: bot\n    name: Chatbot\n    approved: true\n\
        uses:\n  - id: answers\n    description: Answer residents\n    status: allowed\n\
        \x20   why: Faster answers\n    tools: [bot]\n";
    assert_eq!(missing_severity(charter, "public-interaction"), "warning");
    let public = format!("{charter}    public-facing: true\n");
    assert_eq!(missing_severity(&public, "public-interaction"), "error");
}

// ---------------------------------------------------------------- drafts, --pack all

#[test]
fn pack_all_covers_every_clause_of_a_draft() {
    let draft = "# AI policy\n\nEvery AI-assisted text must be reviewed by a named editor.\n";
    let (dir, _) = temp_file("draft.md", draft.as_bytes());
    let run = run_in(
        dir.path(),
        &["lint", "draft.md", "--pack", "all", "--format", "json"],
    );
    let report = run.json();
    let file = &report["files"][0];
    assert_eq!(file["kind"], "draft");
    let coverage = file["coverage"].as_array().expect("coverage");
    assert_eq!(coverage.len(), CLAUSES.len(), "{coverage:#?}");
    let oversight = coverage
        .iter()
        .find(|c| c["clause"] == "human-oversight")
        .expect("human-oversight");
    assert_eq!(oversight["status"], "covered");
    assert_eq!(oversight["line"], 3);
    let missing = coverage.iter().filter(|c| c["status"] == "missing").count();
    assert_eq!(missing, 19);
    assert_eq!(find(&report, "missing-clause", None).len(), 19);
}

// ---------------------------------------------------------------- positions

/// A charter whose offending values come after accents, « », curly quotes and emoji.
const NON_ASCII: &str = "\
charter: 1
title: « Charte d’usage de l’IA » — équipe 🚀
lang: fr
packs: [baseline]
owner: { name: Zoé Œuvray, role: Rédactrice, contact: zoe@exemple.fr }
review: { next: 2027-01-01 }
tools:
  - { id: outil-approuvé, name: Outil, approved: true }
uses:
  - { id: résumés, description: « Résumer » 🚀, why: Gagner du temps, status: allowed, tools: [outil-approuvé, générateur-🎨] }
clauses:
  human-oversight: \"Œuvre « relue » 🚀 par [Nom de l’éditeur], qui doit valider.\"
  data-protection: |
    Les données « sensibles » 🔒 ne doivent jamais être saisies.
    Conservation : à compléter avec le DPD.
";

#[test]
fn columns_count_characters_after_non_ascii_text() {
    let (dir, _) = temp_file("charte.yaml", NON_ASCII.as_bytes());
    let run = run_in(
        dir.path(),
        &["lint", "charte.yaml", "--today", TODAY, "--format", "json"],
    );
    run.expect_code(1);
    let report = run.json();
    let column_of = |line: usize, needle: &str| -> u64 {
        let text = NON_ASCII.lines().nth(line - 1).expect("line");
        let byte = text.find(needle).expect("needle");
        (text[..byte].chars().count() + 1) as u64
    };

    let tool = only(&report, "unknown-tool", None);
    assert_eq!(position(tool), (10, column_of(10, "générateur-🎨")));
    assert_eq!(position(tool), (10, 111));
    assert_eq!(tool["end_line"], 10);
    assert_eq!(
        tool["end_column"],
        111 + "générateur-🎨".chars().count() as u64
    );

    let bracket = only(&report, "placeholder-text", Some("human-oversight"));
    assert_eq!(position(bracket), (12, column_of(12, "[Nom")));
    assert_eq!(position(bracket), (12, 43));
    assert_eq!(
        bracket["end_column"],
        43 + "[Nom de l’éditeur]".chars().count() as u64
    );

    let word = only(&report, "placeholder-text", Some("data-protection"));
    assert_eq!(position(word), (15, column_of(15, "à compléter")));
}

#[cfg(unix)]
#[test]
fn init_never_replaces_a_device_or_a_folder_even_with_force() {
    use std::os::unix::fs::FileTypeExt;
    let run = run(&["init", "-o", "/dev/null", "--force"]);
    run.expect_code(2);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    let metadata = std::fs::metadata("/dev/null").expect("/dev/null exists");
    assert!(
        metadata.file_type().is_char_device(),
        "/dev/null is still a device"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("charter.yaml")).expect("folder named like the output");
    run_in(dir.path(), &["init", "--force"]).expect_code(2);
    assert!(dir.path().join("charter.yaml").is_dir());
}

#[cfg(unix)]
#[test]
fn init_with_force_writes_through_a_symbolic_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("real.yaml"), "old").expect("target");
    std::os::unix::fs::symlink("real.yaml", dir.path().join("link.yaml")).expect("link");
    run_in(dir.path(), &["init", "-o", "link.yaml", "--force"]).expect_code(0);
    let link = std::fs::symlink_metadata(dir.path().join("link.yaml")).expect("link");
    assert!(link.file_type().is_symlink(), "the link is kept");
    let text = std::fs::read_to_string(dir.path().join("real.yaml")).expect("target");
    assert!(text.contains("charter: 1"));
}

#[test]
fn snippets_of_long_lines_show_a_window_around_the_finding() {
    let line = format!("title: {} TODO {}", "a".repeat(5000), "b".repeat(5000));
    let (_dir, path) = temp_file(
        "long.yaml",
        format!("charter: 1\n{line}\nlang: en\n").as_bytes(),
    );
    let run = run(&[
        "lint",
        "--today",
        "2026-11-28",
        path.to_str().expect("utf-8 path"),
    ]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("warning[placeholder-text]"))
        .expect("the placeholder is reported");
    let source: Vec<char> = lines[header + 3].chars().collect();
    assert!(source.len() < 200, "{}", lines[header + 3]);
    let caret = lines[header + 4]
        .chars()
        .position(|c| c == '^')
        .expect("caret line");
    let marked: String = source[caret..caret + 4].iter().collect();
    assert_eq!(marked, "TODO");
}

#[test]
fn an_overdue_review_date_is_written_out_in_french() {
    let run = run(&[
        "lint",
        "examples/draft-incomplete/charter.yaml",
        "--lang",
        "fr",
    ]);
    assert!(
        run.stdout
            .contains("la révision prévue le 30 juin 2025 est en retard"),
        "{}",
        run.stdout
    );
    let run = self::run(&[
        "lint",
        "examples/draft-incomplete/charter.yaml",
        "--lang",
        "en",
    ]);
    assert!(run
        .stdout
        .contains("the review planned for 30 June 2025 is overdue"));
}

/// More files than one batch: while one batch's reports are written the next is linted,
/// and the report still lists every file once, in the order of the walk.
#[test]
fn many_files_are_reported_once_each_in_walk_order() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let draft = "# Charte IA\n\nLes agents vérifient chaque contenu produit par une IA avant publication.\n";
    for i in 0..150 {
        let text = if i == 77 {
            format!("{draft}\nTODO : à compléter.\n")
        } else {
            draft.to_owned()
        };
        std::fs::write(dir.path().join(format!("draft-{i:03}.md")), text).expect("written");
    }
    let run = run_in(dir.path(), &["lint", "--format", "json", "."]);
    let report = run.expect_code(1).json();
    let paths: Vec<String> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .expect("a path")
                .trim_start_matches("./")
                .to_owned()
        })
        .collect();
    let expected: Vec<String> = (0..150).map(|i| format!("draft-{i:03}.md")).collect();
    assert_eq!(paths, expected);
    assert_eq!(report["summary"]["files"], 150);
    let placeholders: Vec<&Value> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| {
            f["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "placeholder-text"))
        })
        .collect();
    assert_eq!(placeholders.len(), 1);
    assert_eq!(
        placeholders[0]["path"]
            .as_str()
            .map(|p| p.trim_start_matches("./")),
        Some("draft-077.md")
    );
}
