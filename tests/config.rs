//! `charter.toml`: discovered up to the repository root, applied by a bare `charter lint`
//! (paths, exclude, packs, fail-on, lang, per-path overrides), `--config` / `--no-config`,
//! errors with `file:line:col` and a did-you-mean, `charter config`, and the committed schema.

mod common;

use std::fmt::Write as _;

use serde_json::Value;

use common::{root, run_in, Run};

const SCHEMA: &str = "policies/schema/charter-toml.schema.json";

const DRAFT: &str = "# Policy\n\nStaff may use AI tools to draft text.\n";

const CONFIG: &str = r#"[lint]
paths = ["docs"]                  # what a bare `charter lint` lints
exclude = ["docs/archive/**"]
packs = ["baseline"]
fail-on = "warning"
lang = "fr"

[[lint.overrides]]
paths = ["docs/policies/**"]
packs = ["gdpr"]
ignore = { public-interaction = "we run no public chatbot" }
"#;

/// A repository (a `.git` folder) with drafts under docs/, an archive and a policies folder.
fn repository(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for folder in [".git", "docs/archive", "docs/policies", "src/deep"] {
        std::fs::create_dir_all(dir.path().join(folder)).expect("folder");
    }
    for file in [
        "docs/a.md",
        "docs/archive/old.md",
        "docs/policies/p.md",
        "top.md",
    ] {
        std::fs::write(dir.path().join(file), DRAFT).expect("draft");
    }
    std::fs::write(dir.path().join("charter.toml"), config).expect("config");
    dir
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

fn clauses_of(file: &Value) -> Vec<&str> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["clause"].as_str())
        .collect()
}

#[test]
fn a_bare_lint_runs_the_configured_checks() {
    let repo = repository(CONFIG);
    let run = run_in(repo.path(), &["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let files = report["files"].as_array().expect("files");
    let paths: Vec<&str> = files.iter().filter_map(|f| f["path"].as_str()).collect();
    // docs only (not top.md), without the excluded archive.
    assert_eq!(paths, ["docs/a.md", "docs/policies/p.md"]);
    assert_eq!(files[0]["packs"], serde_json::json!(["baseline"]));
    assert_eq!(files[1]["packs"], serde_json::json!(["baseline", "gdpr"]));
    // The override ignores public-interaction under docs/policies only.
    assert!(clauses_of(&files[0]).contains(&"public-interaction"));
    assert!(!clauses_of(&files[1]).contains(&"public-interaction"));
    let coverage = files[1]["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .find(|c| c["clause"] == "public-interaction")
        .expect("public-interaction in the coverage")
        .clone();
    assert_eq!(coverage["status"], "waived");
}

#[test]
fn the_configured_language_and_fail_on_apply_unless_the_command_line_says_otherwise() {
    let config = CONFIG.replace("packs = [\"baseline\"]", "packs = [\"public-comms\"]");
    let repo = repository(&config);
    let concise = run_in(repo.path(), &["lint", "docs/a.md", "--format", "concise"]);
    assert!(
        concise.stdout.contains("clause manquante"),
        "{}",
        concise.stdout
    );
    let english = run_in(
        repo.path(),
        &["lint", "docs/a.md", "--format", "concise", "--lang", "en"],
    );
    assert!(
        english.stdout.contains("missing clause"),
        "{}",
        english.stdout
    );
    assert!(!english.stdout.contains("manquante"));
    // fail-on = "warning": warnings alone fail the run; --fail-on error overrides it.
    let only_warnings = "[lint]\nfail-on = \"warning\"\n";
    let repo = repository(only_warnings);
    let charter =
        std::fs::read_to_string(root().join("examples/newsroom/charter.yaml")).expect("example");
    std::fs::write(repo.path().join("c.yaml"), charter).expect("charter");
    let strict = run_in(repo.path(), &["lint", "c.yaml", "--today", "2031-01-01"]);
    let lenient = run_in(
        repo.path(),
        &[
            "lint",
            "c.yaml",
            "--today",
            "2031-01-01",
            "--fail-on",
            "error",
        ],
    );
    assert_eq!(
        (strict.code, lenient.code),
        (1, 0),
        "{}\n{}",
        strict.stdout,
        lenient.stdout
    );
}

#[test]
fn the_file_is_found_from_a_subfolder_up_to_the_repository_root_only() {
    let repo = repository(CONFIG);
    let run = run_in(&repo.path().join("src/deep"), &["config"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("../../charter.toml:2:9"),
        "{}",
        run.stdout
    );
    let lint = run_in(&repo.path().join("src/deep"), &["lint", "--format", "json"]);
    let paths: Vec<String> = json(&lint)["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(paths, ["../../docs/a.md", "../../docs/policies/p.md"]);
    // A nested repository does not see the outer configuration.
    std::fs::create_dir_all(repo.path().join("src/deep/.git")).expect("folder");
    let run = run_in(&repo.path().join("src/deep"), &["config", "--lang", "en"]);
    assert!(
        run.stdout.starts_with("# no configuration file"),
        "{}",
        run.stdout
    );
}

#[test]
fn config_and_no_config_choose_the_file() {
    let repo = repository("[lint]\nlang = \"fr\"\n");
    std::fs::write(
        repo.path().join("other.toml"),
        "[lint]\npacks = [\"gdpr\"]\n",
    )
    .expect("w");
    let named = run_in(repo.path(), &["config", "--config", "other.toml"]);
    assert!(
        named
            .stdout
            .contains("packs = [\"gdpr\"]  # other.toml:2:9"),
        "{}",
        named.stdout
    );
    let none = run_in(
        repo.path(),
        &["lint", "top.md", "--no-config", "--format", "concise"],
    );
    assert!(none.stdout.contains("missing clause"), "{}", none.stdout);
    let both = run_in(
        repo.path(),
        &["config", "--config", "other.toml", "--no-config"],
    );
    assert_eq!(both.code, 2);
    let missing = run_in(repo.path(), &["lint", "--config", "nowhere.toml"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("nowhere.toml"),
        "{}",
        missing.stderr
    );
    std::fs::write(repo.path().join(".charter.toml"), "").expect("w");
    let ambiguous = run_in(repo.path(), &["config", "--lang", "en"]);
    assert_eq!(ambiguous.code, 2);
    assert!(
        ambiguous.stderr.contains("keep one"),
        "{}",
        ambiguous.stderr
    );
}

#[test]
fn bad_configurations_are_errors_with_place_and_suggestion() {
    let cases = [
        (
            "unknown-key-fr",
            "[lint]\nlang = \"fr\"\npakcs = [\"gdpr\"]\n",
        ),
        ("unknown-key-en", "[lint]\npakcs = [\"gdpr\"]\n"),
        ("unknown-table", "[lnt]\npaths = []\n"),
        ("bad-fail-on", "[lint]\nfail-on = \"warn\"\n"),
        ("bad-lang", "[lint]\nlang = \"de\"\n"),
        ("not-a-list", "[lint]\npaths = \"docs\"\n"),
        (
            "unknown-pack-fr",
            "[lint]\nlang = \"fr\"\npacks = [\"gdrp\"]\n",
        ),
        (
            "unknown-clause",
            "[[lint.overrides]]\npaths = [\"docs/**\"]\nignore = { securty = \"n/a\" }\n",
        ),
        (
            "no-reason",
            "[[lint.overrides]]\npaths = [\"docs/**\"]\nignore = { security = \"\" }\n",
        ),
        (
            "override-without-paths",
            "[[lint.overrides]]\npacks = [\"gdpr\"]\n",
        ),
        ("bad-glob", "[lint]\nexclude = [\"docs/[a\"]\n"),
        ("syntax", "[lint\npaths = []\n"),
    ];
    let mut shown = String::new();
    for (name, config) in cases {
        let repo = repository(config);
        let run = run_in(repo.path(), &["lint"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}");
        assert!(
            run.stderr.starts_with("error: charter.toml:"),
            "{name}: {}",
            run.stderr
        );
        let _ = writeln!(shown, "## {name}\n{}", run.stderr);
    }
    insta::assert_snapshot!("config-errors", shown);
}

#[test]
fn charter_config_shows_each_value_and_where_it_comes_from() {
    let repo = repository(CONFIG);
    let run = run_in(repo.path(), &["config", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("config-shown", run.stdout);
    // What it prints is TOML that reads back to the same configuration.
    let shown: Value = toml::from_str(&run.stdout).expect("TOML");
    let written: Value = toml::from_str(CONFIG).expect("TOML");
    assert_eq!(shown, written);
}

#[test]
fn committed_schema_is_up_to_date_and_validates_configurations() {
    let run = run_in(&root(), &["config", "--schema"]);
    assert_eq!(run.code, 0);
    let committed = std::fs::read_to_string(root().join(SCHEMA)).expect("committed schema");
    assert!(
        committed == run.stdout,
        "{SCHEMA} differs: regenerate it with `cargo run -- config --schema > {SCHEMA}`"
    );
    let schema: Value = serde_json::from_str(&committed).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let good: Value = toml::from_str(CONFIG).expect("TOML");
    assert!(validator.is_valid(&good));
    for bad in [
        "[lint]\npakcs = []\n",
        "[lint]\nfail-on = \"warn\"\n",
        "[[lint.overrides]]\npacks = []\n",
    ] {
        let value: Value = toml::from_str(bad).expect("TOML");
        assert!(!validator.is_valid(&value), "the schema accepts {bad}");
    }
}
