//! Drafts in a language charter cannot read get one `unsupported-language` error (exit
//! 2) instead of a run of English patterns; the other files are still linted. Coverage
//! in JSON quotes its evidence.

mod common;

use common::{root, run_in};

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).expect("JSON report")
}

fn file<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
        .unwrap_or_else(|| panic!("{name} in the report"))
}

#[test]
fn a_german_or_spanish_draft_gets_one_unsupported_language_error_and_the_others_are_linted() {
    let dir = root().join("tests/fixtures/languages");
    let run = run_in(&dir, &["lint", ".", "--format", "json", "--pack", "all"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = json(&run.stdout);
    for (name, lang) in [("richtlinie.md", "de"), ("politica.md", "es")] {
        let draft = file(&report, name);
        assert_eq!(draft["lang"], lang);
        assert!(draft["coverage"].as_array().expect("coverage").is_empty());
        let codes: Vec<&str> = draft["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert_eq!(codes, ["unsupported-language"], "{name}");
    }
    let english = file(&report, "policy-en.md");
    assert_eq!(english["lang"], "en");
    assert_eq!(
        english["coverage"].as_array().expect("coverage").len(),
        charter::policy::embedded::CLAUSES.len()
    );
}

#[test]
fn the_unsupported_language_message_speaks_the_users_language() {
    let dir = root().join("tests/fixtures/languages");
    let run = run_in(&dir, &["lint", "richtlinie.md", "--lang", "fr"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("unsupported-language-fr", run.stdout);
    let run = run_in(&dir, &["lint", "politica.md"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("unsupported-language-en", run.stdout);
}

#[test]
fn coverage_quotes_the_sentence_that_states_the_rule() {
    let dir = root().join("tests/fixtures/languages");
    let run = run_in(&dir, &["lint", "policy-en.md", "--format", "json"]);
    let report = json(&run.stdout);
    let coverage = file(&report, "policy-en.md")["coverage"]
        .as_array()
        .expect("coverage")
        .clone();
    let human = coverage
        .iter()
        .find(|c| c["clause"] == "human-oversight")
        .expect("human-oversight");
    assert_eq!(human["status"], "covered");
    assert_eq!(human["line"], 7, "the rule, not the heading at line 5");
    assert!(human["evidence"]
        .as_str()
        .is_some_and(|e| e.starts_with("Every AI-assisted article must be read in full")));
    for c in &coverage {
        let evidence = c["evidence"].as_str().unwrap_or_default();
        assert!(evidence.chars().count() <= 201, "{evidence}");
        if c["status"] == "missing" {
            assert!(c.get("evidence").is_none(), "{c}");
        }
    }
}

/// A third language is data only: `tests/fixtures/toy-language/` lays a toy language
/// (`xx`) over the shipped policies — its words, one clause's patterns, two titles, one
/// message — and a draft written in it is read in it, its clause found, its findings
/// said in it (English where the toy gives no text). No Rust code names it.
#[test]
fn a_third_language_is_data_only() {
    use charter::check::{Context, Status};
    use charter::load::draft::DraftFormat;
    use charter::model::lang::Lang;
    use charter::pipeline::{self, Packs};
    use charter::policy::catalogue::Catalogue;
    use charter::policy::detector::Detector;
    use charter::policy::lexicon::Lexicon;

    let catalogue = Catalogue::with_overlay(&root().join("tests/fixtures/toy-language"))
        .expect("the toy overlay loads");
    let toy = Lang::new("xx").expect("the overlay makes xx a language");
    let lexicon = Lexicon::compile(&catalogue.lexicon).expect("lexicon");
    assert!(lexicon.read().contains(&toy), "{:?}", lexicon.read());
    let detector = Detector::compile(&catalogue, &lexicon, &[]).expect("detector");
    let context = Context {
        catalogue: &catalogue,
        lexicon: &lexicon,
        detector: &detector,
        lang: Lang::EN,
        lang_from_file: true,
        today: "2026-12-05".parse().expect("date"),
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("karto.md");
    std::fs::write(
        &path,
        "# Lo karto pa robo\n\n## Datumoj\n\nMi kon tu ne rajtas doni datumoj personaj al robo. \
         Lo datumoj sekretaj ro su dal ni devas resti ka sen.\n",
    )
    .expect("write the draft");
    let report = pipeline::draft_file(
        &context,
        &Packs::new(&catalogue),
        &path,
        DraftFormat::Markdown,
        &["baseline".to_owned()],
        1 << 20,
    );
    assert_eq!(
        report.lang.as_deref(),
        Some("xx"),
        "{:?}",
        report.diagnostics
    );
    let status = |clause: &str| {
        report
            .coverage
            .iter()
            .find(|c| c.clause == clause)
            .map(|c| c.status)
    };
    assert_eq!(status("data-protection"), Some(Status::Covered));
    assert_eq!(status("human-oversight"), Some(Status::Missing));
    let message = |clause: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.clause.as_deref() == Some(clause))
            .map(|d| d.message.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        message("human-oversight"),
        "mankas klauzo `human-oversight` (Homa kontrolo)"
    );
    // A title the toy language does not give is said in English.
    assert!(
        message("accuracy-verification").starts_with("mankas klauzo `accuracy-verification` ("),
        "{}",
        message("accuracy-verification")
    );
    assert!(Catalogue::builtin()
        .expect("shipped policies")
        .clause("human-oversight")
        .and_then(|c| c.title.exactly(toy))
        .is_none());
}

/// An overlay whose language code is not one (two or three lower-case letters) is refused
/// with the file and the code, before anything is registered.
#[test]
fn an_overlay_with_a_bad_language_code_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("languages.yaml"),
        "- code: Toy!\n  name: Toy\n  typography: english\n",
    )
    .expect("write");
    let error = charter::policy::catalogue::Catalogue::with_overlay(dir.path())
        .expect_err("a bad code is refused");
    let text = error.to_string();
    assert!(text.contains("languages.yaml"), "{text}");
    assert!(text.contains("`Toy!` is not a language code"), "{text}");
    assert!(charter::model::lang::Lang::new("Toy!").is_none());
}

#[test]
fn a_word_repeated_is_no_language_it_cannot_read() {
    // « é » folds to "e", a frequent word of Portuguese and Italian: eleven of them, and
    // no other word of those languages, are a list of formulas, not a Portuguese draft.
    let dir = tempfile::tempdir().expect("temporary folder");
    let formulas = "# Formulas\n\n| é é | staff |\n|---|:-:|\n| staff | é é |\n\né  \né\\\né\n\n| é | staff |\n|---|:-:|\n| staff | é |\n\n[é](https://example.org/2) and more\n";
    std::fs::write(dir.path().join("formulas.md"), formulas).expect("draft written");
    let portuguese = "A equipa deve usar as ferramentas com cuidado e os dados pessoais nao sao partilhados. Isso vale para os colegas e para os parceiros, com uma regra por projeto.\n";
    std::fs::write(dir.path().join("regras.md"), portuguese).expect("draft written");
    let run = run_in(dir.path(), &["lint", ".", "--format", "json"]);
    let report = json(&run.stdout);
    let formulas = file(&report, "formulas.md");
    assert_eq!(formulas["lang"], "en");
    assert!(!formulas["coverage"]
        .as_array()
        .expect("coverage")
        .is_empty());
    let codes = |draft: &serde_json::Value| -> Vec<String> {
        let diagnostics = draft["diagnostics"].as_array().expect("diagnostics");
        let codes = diagnostics.iter().filter_map(|d| d["code"].as_str());
        codes.map(str::to_owned).collect()
    };
    assert!(!codes(formulas).contains(&"unsupported-language".to_owned()));
    let portuguese = file(&report, "regras.md");
    assert_eq!(portuguese["lang"], "pt");
    assert_eq!(codes(portuguese), ["unsupported-language"]);
}
