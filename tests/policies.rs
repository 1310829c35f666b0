//! The policy files under `policies/`: every clause sheet, pack, lexicon pattern and
//! message loads and compiles, and every clause's `covers`/`misses` examples are judged
//! as their authors say by the real detection engine.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

use charter::check::detect::{Analysed, Verdict};
use charter::diag::Code;
use charter::load::draft::{self, DraftFormat};
use charter::model::date::Date;
use charter::model::lang::Lang;
use charter::model::policy::{LevelSpec, Reference};
use charter::policy::catalogue::{parse_file, Catalogue};
use charter::policy::detector::Detector;
use charter::policy::embedded;
use charter::policy::lexicon::Lexicon;

/// Every shipped language (`policies/languages.yaml`).
fn langs() -> Vec<Lang> {
    Lang::all()
}

struct Engine {
    catalogue: Catalogue,
    lexicon: Lexicon,
    detector: Detector,
}

/// The policies loaded and compiled once for all tests (compiling takes a while in debug builds).
static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let catalogue = Catalogue::builtin().unwrap_or_else(|e| panic!("policy files load: {e}"));
    let lexicon =
        Lexicon::compile(&catalogue.lexicon).unwrap_or_else(|e| panic!("lexicon compiles: {e}"));
    let detector = Detector::compile(&catalogue, &lexicon, &[])
        .unwrap_or_else(|e| panic!("detection patterns compile: {e}"));
    Engine {
        catalogue,
        lexicon,
        detector,
    }
});

fn engine() -> &'static Engine {
    &ENGINE
}

/// The verdict of one clause on `text` read as a Markdown draft in `lang`.
fn verdict(engine: &Engine, id: &str, text: &str, lang: Lang) -> Verdict {
    let clause = engine
        .detector
        .position(id)
        .unwrap_or_else(|| panic!("no detector for clause {id}"));
    let document = draft::parse(text, DraftFormat::Markdown);
    Analysed::new(&document, &engine.lexicon, &engine.detector, &[lang]).verdict(clause)
}

#[test]
fn every_policy_file_loads_and_compiles() {
    let engine = engine();
    assert_eq!(engine.catalogue.clauses.len(), embedded::CLAUSES.len());
    assert_eq!(engine.detector.clauses.len(), embedded::CLAUSES.len());
    let packs: Vec<&str> = engine.catalogue.packs.keys().map(String::as_str).collect();
    assert_eq!(
        packs,
        [
            "baseline",
            "public-comms",
            "eu-ai-act",
            "gdpr",
            "oss-contrib"
        ]
    );
}

#[test]
fn clause_files_are_exactly_the_catalogue() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/clauses");
    let mut on_disk: Vec<(u32, String)> = std::fs::read_dir(&dir)
        .expect("policies/clauses is readable")
        .map(|entry| entry.expect("directory entry").path())
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let spec = parse_file::<charter::model::policy::ClauseSpec>(
                &path.display().to_string(),
                &text,
            )
            .expect("a clause sheet");
            let stem = path.file_stem().expect("a name").to_string_lossy();
            assert_eq!(spec.id, stem, "`id:` of {}", path.display());
            (spec.order, spec.id)
        })
        .collect();
    on_disk.sort();
    let orders: Vec<u32> = on_disk.iter().map(|(order, _)| *order).collect();
    let expected: Vec<u32> = (1..=u32::try_from(on_disk.len()).expect("a few clauses")).collect();
    assert_eq!(orders, expected, "`order:` numbers the clauses 1, 2, 3…");

    let embedded_ids: Vec<&str> = embedded::CLAUSES.iter().map(|(id, _)| *id).collect();
    let disk_ids: Vec<&str> = on_disk.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(
        embedded_ids, disk_ids,
        "policy::embedded::CLAUSES: every file, in `order:`"
    );
    // That each embedded sheet (JSON written by build.rs) reads as its file is checked by
    // `policy::catalogue::tests::every_embedded_policy_file_reads_as_its_yaml_file`.
}

#[test]
fn each_clause_id_equals_its_file_name() {
    let engine = engine();
    for (file_id, spec) in &engine.catalogue.clauses {
        assert_eq!(
            &spec.id, file_id,
            "`id:` in policies/clauses/{file_id}.yaml"
        );
    }
}

#[test]
fn every_clause_is_complete_in_both_languages() {
    let engine = engine();
    let mut problems = Vec::new();
    for (id, spec) in &engine.catalogue.clauses {
        for lang in langs() {
            let code = lang.code();
            for (field, value) in [
                ("title", spec.title.get(lang)),
                ("summary", spec.summary.get(lang)),
                ("why", spec.why.get(lang)),
                ("suggested", spec.suggested.get(lang)),
            ] {
                if value.trim().is_empty() {
                    problems.push(format!("{id}: empty {field}.{code}"));
                }
            }
            if spec.examples.covers.get(lang).is_empty() {
                problems.push(format!("{id}: no examples.covers.{code}"));
            }
            if spec.examples.misses.get(lang).is_empty() {
                problems.push(format!("{id}: no examples.misses.{code}"));
            }
        }
        if spec.references.len() < 3 {
            problems.push(format!(
                "{id}: {} reference(s), at least 3 expected",
                spec.references.len()
            ));
        }
        for reference in &spec.references {
            for lang in langs() {
                if reference.cite.get(lang).trim().is_empty() {
                    problems.push(format!(
                        "{id}: a reference with an empty `cite.{}`",
                        lang.code()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "incomplete clause sheets:\n{}",
        problems.join("\n")
    );
}

/// Every reference can be checked by a reader: a link to the official text or the
/// publisher's page, the date it was last checked, and a citation in each language,
/// the French one written the French way (« art. 50, § 4 », « Règlement (UE) »).
#[test]
fn every_reference_has_a_link_a_check_date_and_a_french_citation() {
    let engine = engine();
    let today = Date::today();
    let mut problems = Vec::new();
    for (id, spec) in &engine.catalogue.clauses {
        for reference in &spec.references {
            let cite = reference.cite.get(Lang::EN);
            if !reference.link.starts_with("https://") || reference.link.contains(' ') {
                problems.push(format!(
                    "{id}: `{cite}`: link `{}` is not an https URL",
                    reference.link
                ));
            }
            if reference.checked > today || reference.checked.year < 2026 {
                problems.push(format!(
                    "{id}: `{cite}`: checked on {}, not a date of this review cycle",
                    reference.checked
                ));
            }
            let french = reference.cite.get(Lang::new("fr").unwrap());
            for english in ["Art.", "Regulation", "Directive (EU)", "AI Act", "GDPR"] {
                if french.contains(english) {
                    problems.push(format!("{id}: French cite `{french}` contains `{english}`"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "references:\n{}", problems.join("\n"));
}

/// A reference without `link` or `checked` does not load: the loader names the field.
#[test]
fn a_reference_without_link_or_check_date_is_refused() {
    let without_link = "cite: { en: GDPR, fr: RGPD }\nchecked: 2026-12-05\n";
    let error = parse_file::<Reference>("ref.yaml", without_link).expect_err("link is required");
    assert!(error.to_string().contains("link"), "{error}");
    let without_check =
        "cite: { en: GDPR, fr: RGPD }\nlink: https://eur-lex.europa.eu/eli/reg/2016/679/oj\n";
    let error =
        parse_file::<Reference>("ref.yaml", without_check).expect_err("checked is required");
    assert!(error.to_string().contains("checked"), "{error}");
    let bad_date = format!("{without_check}checked: last week\n");
    assert!(parse_file::<Reference>("ref.yaml", &bad_date).is_err());
}

#[test]
fn every_pack_names_existing_clauses_and_packs() {
    let engine = engine();
    for (pack_id, pack) in &engine.catalogue.packs {
        assert_eq!(&pack.id, pack_id, "`id:` in policies/packs/{pack_id}.yaml");
        assert!(!pack.clauses.is_empty(), "pack {pack_id} names no clause");
        for clause in pack.clauses.keys() {
            assert!(
                engine.catalogue.clause(clause).is_some(),
                "pack {pack_id} names unknown clause {clause}"
            );
        }
        if let Some(parent) = &pack.extends {
            assert!(
                engine.catalogue.packs.contains_key(parent),
                "pack {pack_id} extends unknown pack {parent}"
            );
        }
    }
    let public_comms = &engine.catalogue.packs["public-comms"];
    assert_eq!(public_comms.extends.as_deref(), Some("baseline"));
    assert!(matches!(
        public_comms.clauses.get("public-interaction"),
        Some(LevelSpec::Conditional(_))
    ));
}

#[test]
fn every_diagnostic_code_has_wording() {
    let engine = engine();
    let messages = &engine.catalogue.messages;
    assert_eq!(messages.missing_codes(), Vec::<Code>::new());
    assert_eq!(messages.unknown_codes(), Vec::<String>::new());
    let mut names = BTreeSet::new();
    for code in Code::ALL {
        assert!(names.insert(code.as_str()), "duplicate code {code}");
        assert_eq!(Code::from_name(code.as_str()), Some(*code));
        for lang in langs() {
            assert!(
                !messages.description(*code, lang).trim().is_empty(),
                "{code}: no description in {}",
                lang.code()
            );
        }
    }
}

#[test]
fn suggested_wording_covers_its_own_clause() {
    let engine = engine();
    let mut failures = Vec::new();
    for (id, spec) in &engine.catalogue.clauses {
        for lang in langs() {
            let got = verdict(engine, id, spec.suggested.get(lang), lang);
            if !matches!(got, Verdict::Covered(_)) {
                failures.push(format!(
                    "{id} [{}]: suggested wording → {got:?}",
                    lang.code()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "suggested wording not detected as covering its clause:\n{}",
        failures.join("\n")
    );
}

#[test]
fn clause_examples_are_judged_as_written() {
    let engine = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (id, spec) in &engine.catalogue.clauses {
        for lang in langs() {
            let code = lang.code();
            for sentence in spec.examples.covers.get(lang) {
                checked += 1;
                let got = verdict(engine, id, sentence, lang);
                if !matches!(got, Verdict::Covered(_)) {
                    failures.push(format!("{id} covers.{code} → {got:?}: {sentence}"));
                }
            }
            for sentence in spec.examples.misses.get(lang) {
                checked += 1;
                let got = verdict(engine, id, sentence, lang);
                if matches!(got, Verdict::Covered(_)) {
                    failures.push(format!("{id} misses.{code} → {got:?}: {sentence}"));
                }
            }
        }
    }
    assert!(checked >= 80, "only {checked} example sentences");
    assert!(
        failures.is_empty(),
        "{} of {checked} clause examples are misjudged (fix the sentence in \
         policies/clauses/<id>.yaml, or the pattern if it is clearly wrong):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every mapping of the shipped policy files that gives an English text (`en:`) gives it
/// in every shipped language too: a missing translation would fall back to English, so a
/// French run would meet English.
/// Where a policy file gives a text in English (`en:`) but not in every shipped language.
fn missing_languages(file: &str, text: &str) -> Vec<String> {
    fn walk(file: &str, at: &str, value: &serde_yaml::Value, missing: &mut Vec<String>) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                if map.contains_key("en") {
                    for lang in langs() {
                        if !map.contains_key(lang.code()) {
                            missing.push(format!("{file} {at}: no `{}`", lang.code()));
                        }
                    }
                }
                for (key, value) in map {
                    let key = key.as_str().unwrap_or("?");
                    walk(file, &format!("{at}.{key}"), value, missing);
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(file, &format!("{at}[{i}]"), item, missing);
                }
            }
            _ => {}
        }
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).expect("policy YAML");
    let mut missing = Vec::new();
    walk(file, "", &value, &mut missing);
    missing
}

#[test]
fn every_shipped_text_is_given_in_every_shipped_language() {
    assert_eq!(
        missing_languages(
            "sample.yaml",
            "title:\n  en: Title\nlist:\n  - en: One\n    fr: Un\n"
        ),
        ["sample.yaml .title: no `fr`"],
        "the check finds a text without its French"
    );
    let mut files: Vec<(String, &str)> = vec![
        ("lexicon.yaml".to_owned(), embedded::LEXICON),
        ("messages.yaml".to_owned(), embedded::MESSAGES),
        ("uses.yaml".to_owned(), embedded::USES),
    ];
    files.extend(
        embedded::CLAUSES
            .iter()
            .map(|(id, t)| (format!("clauses/{id}.yaml"), *t)),
    );
    files.extend(
        embedded::PACKS
            .iter()
            .map(|(id, t)| (format!("packs/{id}.yaml"), *t)),
    );
    let missing: Vec<String> = files
        .iter()
        .flat_map(|(file, text)| missing_languages(file, text))
        .collect();
    assert!(langs().len() >= 2, "French and English are shipped");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
