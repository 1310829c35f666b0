//! `charter import`: drafts moved into charters without losing a word. Every draft of the
//! development corpus (`../shared/corpus-dev`, required) and of
//! `tests/fixtures/import/` is imported, linted, and rendered back to Markdown; every line
//! of the draft must be in the rendered document (white space and Markdown emphasis
//! aside). The YAML of one fixture is pinned by an insta snapshot.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{root, run_in};

/// The drafts of a folder (`.md`, `.txt`), README files left out.
fn drafts(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("readable folder")
        .map(|entry| entry.expect("folder entry").path())
        .filter(|path| {
            let is_draft = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("txt"));
            is_draft && path.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    found.sort();
    found
}

/// Text compared without Markdown markup (link targets, emphasis, heading and quote
/// marks, table pipes and white space runs) and without the typography `render` sets
/// (curly and French quotes, apostrophes, no-break spaces around punctuation).
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at]);
        rest = &rest[at + 2..];
        rest = rest.find(')').map_or("", |end| &rest[end + 1..]);
    }
    out.push_str(rest);
    let kept: String = out
        .chars()
        .map(|c| match c {
            '*' | '_' | '`' | '#' | '>' | '[' | ']' | '|' => ' ',
            '’' | '‘' => '\'',
            '“' | '”' | '«' | '»' => '"',
            c => c,
        })
        .collect();
    let mut words = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    for (spaced, set) in [
        (" :", ":"),
        (" ;", ";"),
        (" !", "!"),
        (" ?", "?"),
        (" \"", "\""),
        ("\" ", "\""),
    ] {
        words = words.replace(spaced, set);
    }
    words
}

/// The lines of a draft that are text of the charter: front matter and waiver comments
/// (carried over as fields) left out.
fn text_lines(draft: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = draft.lines().collect();
    if lines.first().map(|l| l.trim_end()) == Some("---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim_end() == "---") {
            lines.drain(..end + 2);
        }
    }
    lines
        .into_iter()
        .filter(|l| !l.trim_start().starts_with("<!-- charter: ignore"))
        .collect()
}

/// Imports `draft`, lints the charter (it must be valid: exit 0 or 1), renders it as
/// Markdown, and checks that every line of the draft is in the document.
fn round_trip(draft: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    let charter = dir.path().join("charter.yaml");
    let charter_arg = charter.to_str().expect("UTF-8 path");
    let draft_arg = draft.to_str().expect("UTF-8 path");
    let imported = run_in(&root(), &["import", draft_arg, "-o", charter_arg]);
    assert_eq!(imported.code, 0, "import {draft_arg}: {}", imported.stderr);
    let lint = run_in(&root(), &["lint", charter_arg, "--format", "json"]);
    assert!(
        lint.code == 0 || lint.code == 1,
        "lint of the charter imported from {draft_arg} failed ({}):\n{}",
        lint.code,
        lint.stdout
    );
    let report: Value = serde_json::from_str(&lint.stdout).expect("JSON report");
    let codes: Vec<&str> = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    for code in [
        "yaml-syntax",
        "invalid-charter",
        "unknown-field",
        "unknown-clause",
    ] {
        assert!(!codes.contains(&code), "{draft_arg}: {code} in {codes:?}");
    }
    let rendered = run_in(&root(), &["render", charter_arg, "--format", "md"]);
    assert_eq!(rendered.code, 0, "render: {}", rendered.stderr);
    let document = normalise(&rendered.stdout);
    let text = std::fs::read_to_string(draft).expect("draft read");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for line in text_lines(text) {
        let wanted = normalise(line);
        assert!(
            wanted.is_empty() || document.contains(&wanted),
            "{draft_arg}: the rendered charter lost the line {wanted:?}"
        );
    }
}

#[test]
fn import_then_render_keeps_every_line_of_the_dev_corpus() {
    let corpus = common::corpus();
    let found = drafts(&corpus);
    assert!(!found.is_empty(), "no draft in {}", corpus.display());
    for draft in found {
        round_trip(&draft);
    }
}

#[test]
fn import_then_render_keeps_every_line_of_the_fixtures() {
    for draft in drafts(&root().join("tests/fixtures/import")) {
        round_trip(&draft);
    }
}

#[test]
fn crlf_and_bom_drafts_import_like_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source =
        std::fs::read_to_string(root().join("tests/fixtures/import/policy.txt")).expect("fixture");
    let crlf = format!("\u{feff}{}", source.replace('\n', "\r\n"));
    std::fs::write(dir.path().join("policy.txt"), crlf).expect("written");
    std::fs::write(dir.path().join("plain.txt"), &source).expect("written");
    let windows = run_in(dir.path(), &["import", "policy.txt", "-o", "-"]);
    let unix = run_in(dir.path(), &["import", "plain.txt", "-o", "-"]);
    assert_eq!(windows.code, 0, "{}", windows.stderr);
    assert_eq!(
        windows.stdout.replace("policy.txt", "plain.txt"),
        unix.stdout
    );
    round_trip(&dir.path().join("policy.txt"));
}

#[test]
fn import_maps_sections_to_clauses_and_keeps_the_rest() {
    let run = run_in(
        &root(),
        &[
            "import",
            "tests/fixtures/import/charte-mairie.md",
            "-o",
            "-",
            "--pack",
            "tests/fixtures/fix/small-pack.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("import-charte-mairie", run.stdout);
    let charter: serde_yaml::Value = serde_yaml::from_str(&run.stdout).expect("YAML");
    assert_eq!(charter["title"], "Charte d'usage de l'IA générative");
    assert_eq!(charter["organisation"], "Ville d'Exemple");
    assert_eq!(charter["lang"], "fr");
    let data = charter["clauses"]["data-protection"]
        .as_str()
        .expect("data-protection text");
    assert!(data.starts_with("## Protection des données\n\n- Il est interdit"));
    assert_eq!(charter["extra"][0]["heading"], "Organisation du service");
    assert_eq!(
        charter["waivers"]["suppliers-contractors"],
        "nous ne confions aucune mission d'IA à des prestataires"
    );
}

#[test]
fn missing_clauses_are_listed_as_comments_with_suggested_wording() {
    let run = run_in(
        &root(),
        &[
            "import",
            "tests/fixtures/import/policy.txt",
            "-o",
            "-",
            "--pack",
            "eu-ai-act",
            "--lang",
            "fr",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("lang: fr\npacks: [eu-ai-act]\n"));
    assert!(run.stdout.contains("  # Formation et maîtrise de l’IA (obligatoire)\n  # training-literacy: |\n  #   [À adapter]\n"));
    let charter: serde_yaml::Value = serde_yaml::from_str(&run.stdout).expect("YAML");
    assert!(charter["clauses"].get("training-literacy").is_none());
}

#[test]
fn import_refuses_what_it_cannot_read_and_existing_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("draft.md"),
        "# T\n\nWe must review AI output.\n",
    )
    .expect("written");
    std::fs::write(dir.path().join("draft.pdf"), "x").expect("written");
    std::fs::write(dir.path().join("draft.docx"), "x").expect("written");
    std::fs::write(dir.path().join("latin1.md"), b"caf\xe9\n").expect("written");
    let wrong = run_in(dir.path(), &["import", "draft.pdf"]);
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("is not a draft"), "{}", wrong.stderr);
    let fake = run_in(dir.path(), &["import", "draft.docx"]);
    assert_eq!(fake.code, 2);
    assert!(fake.stderr.contains("not a zip file"), "{}", fake.stderr);
    let latin1 = run_in(dir.path(), &["import", "latin1.md"]);
    assert_eq!(latin1.code, 2);
    assert!(latin1.stderr.contains("not UTF-8"), "{}", latin1.stderr);
    let first = run_in(dir.path(), &["import", "draft.md"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stderr.contains("wrote charter.yaml"),
        "{}",
        first.stderr
    );
    let again = run_in(dir.path(), &["import", "draft.md"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        run_in(dir.path(), &["import", "draft.md", "--force"]).code,
        0
    );
    let pack = run_in(
        dir.path(),
        &["import", "draft.md", "-o", "-", "--pack", "nope"],
    );
    assert_eq!(pack.code, 2);
}

#[test]
fn hostile_characters_are_kept_escaped_and_nothing_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = "# Ti\u{2028}tle: \"quoted\" #x\r\rIntro\u{7} bell\u{85}nel.\r\n## Data\r\n\tcode\u{2029}\n\n   \n## : weird [x]\n\n- item\n- # heading in a list\n<!-- charter: ignore security\n -- multi\n line -->\n";
    std::fs::write(dir.path().join("h.md"), draft).expect("written");
    let run = run_in(dir.path(), &["import", "h.md", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let charter: serde_yaml::Value = serde_yaml::from_str(&run.stdout).expect("YAML");
    assert_eq!(charter["title"], "Ti\u{2028}tle: \"quoted\" #x");
    assert_eq!(charter["extra"][0]["text"], "Intro\u{7} bell\u{85}nel.\n");
    assert_eq!(charter["extra"][1]["text"], "\tcode\u{2029}\n");
    assert_eq!(charter["waivers"]["security"], "multi\n line");
    for empty in ["", "  \n\t\n"] {
        std::fs::write(dir.path().join("e.md"), empty).expect("written");
        let run = run_in(dir.path(), &["import", "e.md", "-o", "-"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("clauses: {}\n"), "{}", run.stdout);
    }
}

/// The clauses that `lint` finds missing in each file of a report.
fn missing_by_file(report: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let report: Value = serde_json::from_str(report).expect("JSON report");
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| {
            let name = Path::new(file["path"].as_str().expect("path"))
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("file name")
                .to_owned();
            let missing = file["coverage"]
                .as_array()
                .expect("coverage")
                .iter()
                .filter(|c| c["status"] == "missing")
                .filter_map(|c| c["clause"].as_str().map(str::to_owned))
                .collect();
            (name, missing)
        })
        .collect()
}

/// Lint of an imported charter never reports more missing clauses than lint of its draft:
/// text the draft shares between two clauses is under both (a copy under the second).
#[test]
fn an_imported_charter_misses_no_clause_its_draft_covers() {
    let corpus = common::corpus();
    let dir = tempfile::tempdir().expect("temp dir");
    for draft in drafts(&corpus) {
        let name = draft.file_stem().and_then(|s| s.to_str()).expect("name");
        let output = dir.path().join(format!("{name}.yaml"));
        let run = run_in(
            &root(),
            &[
                "import",
                draft.to_str().expect("UTF-8 path"),
                "-o",
                output.to_str().expect("UTF-8 path"),
            ],
        );
        assert_eq!(run.code, 0, "import {name}: {}", run.stderr);
    }
    let lint = |path: &Path| {
        let run = run_in(
            &root(),
            &[
                "lint",
                path.to_str().expect("UTF-8 path"),
                "--format",
                "json",
                "--today",
                "2026-11-28",
            ],
        );
        assert!(run.code <= 1, "lint {}: {}", path.display(), run.stderr);
        missing_by_file(&run.stdout)
    };
    let drafts = lint(&corpus);
    let imported = lint(dir.path());
    let mut worse = Vec::new();
    for (name, missing) in &imported {
        let before = drafts.get(name).expect("the draft was linted");
        let lost: Vec<&String> = missing.iter().filter(|c| !before.contains(c)).collect();
        if missing.len() > before.len() {
            worse.push(format!(
                "{name}: {} clause(s) missing in the draft, {} in its charter; lost {lost:?}",
                before.len(),
                missing.len()
            ));
        }
    }
    assert_eq!(imported.len(), drafts.len() - 1, "README.md aside");
    assert!(worse.is_empty(), "{}", worse.join("\n"));
}

#[test]
fn a_section_keeps_its_subsections_unless_their_heading_names_another_clause() {
    let run = run_in(
        &root(),
        &[
            "import",
            "tests/fixtures/import/reorder.md",
            "-o",
            "-",
            "--pack",
            "tests/fixtures/fix/small-pack.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let charter: serde_yaml::Value = serde_yaml::from_str(&run.stdout).expect("YAML");
    let clause = |id: &str| {
        charter["clauses"][id]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let oversight = clause("human-oversight");
    let at = |text: &str, what: &str| {
        text.find(what)
            .unwrap_or_else(|| panic!("{what} in:\n{text}"))
    };
    // The subsection whose heading names no clause stays under its section, after it.
    assert!(at(&oversight, "## Contrôle humain") < at(&oversight, "### Cas particuliers"));
    assert!(oversight.contains("vérifiés auprès de la source"));
    assert!(
        charter["clauses"]["accuracy-verification"].is_null(),
        "{}",
        run.stdout
    );
    // A subsection whose heading names another clause goes to it.
    assert!(clause("transparency-disclosure").starts_with("### Transparence envers le public"));
    assert!(!oversight.contains("Transparence"));
    // A subsection that speaks of no clause stays with its section rather than `extra`.
    let governance = clause("governance-review");
    assert!(at(&governance, "## Révision de la charte") < at(&governance, "### Historique"));
    assert!(charter["extra"].is_null(), "{}", run.stdout);
}
