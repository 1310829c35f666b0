//! The wording a user reads: one term per concept (the terminology table of
//! `policies/README.md`), and suggested wordings that do not contradict each other in
//! the charter `charter init` writes for each pack and language.

mod common;

use std::collections::BTreeMap;

use charter::model::charter::Status;
use charter::model::lang::Lang;
use charter::model::policy::MessagesSpec;
use charter::model::uses::UsesSpec;
use charter::policy::catalogue::{parse_file, Catalogue};
use charter::policy::embedded;
use common::{root, run_in};

/// Every shipped language (`policies/languages.yaml`).
fn langs() -> Vec<Lang> {
    Lang::all()
}

fn catalogue() -> Catalogue {
    Catalogue::builtin().unwrap_or_else(|e| panic!("policy files load: {e}"))
}

/// One row of the terminology table: the forms to avoid, per language.
struct Term {
    concept: String,
    avoid: BTreeMap<&'static str, Vec<String>>,
}

/// The terminology table of `policies/README.md`.
fn terminology() -> Vec<Term> {
    let readme = std::fs::read_to_string(root().join("policies/README.md")).expect("readable");
    let section = readme
        .split("## Terminology")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a `## Terminology` section in policies/README.md");
    let forms = |cell: &str| -> Vec<String> {
        cell.split(';')
            .map(str::trim)
            .filter(|form| !form.is_empty() && *form != "—")
            .map(str::to_owned)
            .collect()
    };
    let terms: Vec<Term> = section
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| concept"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(cells.len(), 5, "terminology row with 5 cells: {line}");
            Term {
                concept: cells[0].to_owned(),
                avoid: BTreeMap::from([("en", forms(cells[2])), ("fr", forms(cells[4]))]),
            }
        })
        .collect();
    assert!(terms.len() >= 10, "the terminology table has its rows");
    terms
}

/// Every string a user reads in `lang`, with where it comes from.
fn displayed(catalogue: &Catalogue, lang: Lang) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (id, spec) in &catalogue.clauses {
        for (field, text) in [
            ("title", spec.title.get(lang)),
            ("summary", spec.summary.get(lang)),
            ("why", spec.why.get(lang)),
            ("suggested", spec.suggested.get(lang)),
        ] {
            out.push((format!("clauses/{id}.yaml {field}"), text.clone()));
        }
        for (n, reference) in spec.references.iter().enumerate() {
            out.push((
                format!("clauses/{id}.yaml references[{n}].cite"),
                reference.cite.get(lang).clone(),
            ));
            if let Some(note) = &reference.note {
                out.push((
                    format!("clauses/{id}.yaml references[{n}].note"),
                    note.get(lang).clone(),
                ));
            }
        }
    }
    for (id, pack) in &catalogue.packs {
        out.push((
            format!("packs/{id}.yaml title"),
            pack.title.get(lang).clone(),
        ));
        out.push((
            format!("packs/{id}.yaml description"),
            pack.description.get(lang).clone(),
        ));
    }
    let uses: UsesSpec = parse_file("policies/uses.yaml", embedded::USES).expect("uses load");
    for spec in &uses.uses {
        for (field, text) in [
            ("description", spec.description.get(lang)),
            ("why", spec.why.get(lang)),
            ("why-forbidden", spec.why_forbidden.get(lang)),
        ] {
            out.push((format!("uses.yaml {} {field}", spec.id), text.clone()));
        }
        for condition in spec.conditions.get(lang) {
            out.push((
                format!("uses.yaml {} conditions", spec.id),
                condition.clone(),
            ));
        }
    }
    let messages: MessagesSpec =
        parse_file("policies/messages.yaml", embedded::MESSAGES).expect("messages load");
    // `*-labels` are words recognised in drafts, not shown to the user.
    for (key, text) in messages
        .text
        .iter()
        .filter(|(k, _)| !k.ends_with("-labels"))
    {
        out.push((format!("messages.yaml {key}"), text.get(lang).clone()));
    }
    for (code, wording) in &messages.diagnostics {
        for (field, text) in [
            ("description", &wording.description),
            ("message", &wording.message),
            ("help", &wording.help),
        ] {
            out.push((
                format!("messages.yaml {code}.{field}"),
                text.get(lang).clone(),
            ));
        }
    }
    out
}

/// Whether `form` occurs in `text` as whole words; a form in lower case matches any case,
/// a form with a capital (« DPO », « Omnibus numérique ») matches only as written.
fn contains_form(text: &str, form: &str) -> bool {
    let text = text.replace('’', "'");
    let (text, form) = if form.chars().any(char::is_uppercase) {
        (text, form.to_owned())
    } else {
        (text.to_lowercase(), form.to_owned())
    };
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text.match_indices(&form).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + form.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn displayed_strings_follow_the_terminology() {
    let catalogue = catalogue();
    let terms = terminology();
    let mut problems = Vec::new();
    for lang in langs() {
        for (place, text) in displayed(&catalogue, lang) {
            for term in &terms {
                for form in &term.avoid[lang.code()] {
                    if contains_form(&text, form) {
                        problems.push(format!(
                            "[{}] {place}: « {form} » (concept: {})",
                            lang.code(),
                            term.concept
                        ));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "terms outside the terminology of policies/README.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_terminology_check_finds_a_form_to_avoid() {
    assert!(contains_form("Le DPO valide l’outil.", "DPO"));
    assert!(contains_form("l'AI Act impose", "AI Act"));
    assert!(contains_form(
        "un agent conversationnel répond",
        "agent conversationnel"
    ));
    assert!(!contains_form(
        "les agents conversent",
        "agent conversationnel"
    ));
    assert!(!contains_form("DPOs", "DPO"));
    assert!(!contains_form("infrastructure", "structure"));
    assert!(contains_form(
        "Agent conversationnel : non",
        "agent conversationnel"
    ));
    assert!(contains_form("l'Omnibus numérique", "Omnibus numérique"));
    assert!(!contains_form("l'omnibus numérique", "Omnibus numérique"));
}

/// Uses on which two clauses of one scaffold disagree: forbidden in one, allowed or
/// conditional in another.
fn contradictions(catalogue: &Catalogue, clause_ids: &[String]) -> Vec<String> {
    let mut stances: BTreeMap<&str, Vec<(&str, Status)>> = BTreeMap::new();
    for id in clause_ids {
        let spec = catalogue.clause(id).expect("init writes catalogue clauses");
        for (use_id, status) in &spec.stances {
            stances.entry(use_id).or_default().push((id, *status));
        }
    }
    let mut found = Vec::new();
    for (use_id, by_clause) in stances {
        let forbidding: Vec<&str> = by_clause
            .iter()
            .filter(|(_, s)| *s == Status::Forbidden)
            .map(|(c, _)| *c)
            .collect();
        let permitting: Vec<&str> = by_clause
            .iter()
            .filter(|(_, s)| *s != Status::Forbidden)
            .map(|(c, _)| *c)
            .collect();
        if !forbidding.is_empty() && !permitting.is_empty() {
            found.push(format!(
                "`{use_id}` forbidden by {forbidding:?}, allowed or conditional in {permitting:?}"
            ));
        }
    }
    found
}

/// The clause ids and texts of the charter `charter init` writes.
fn scaffold(pack: &str, lang: Lang) -> BTreeMap<String, String> {
    let dir = std::env::temp_dir().join(format!("charter-wording-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let file = format!("{pack}-{}.yaml", lang.code());
    let run = run_in(
        &dir,
        &[
            "init",
            "--pack",
            pack,
            "--lang",
            lang.code(),
            "-o",
            &file,
            "--force",
        ],
    );
    assert_eq!(
        run.code, 0,
        "init --pack {pack}: {}{}",
        run.stdout, run.stderr
    );
    let text = std::fs::read_to_string(dir.join(&file)).expect("init wrote the charter");
    let charter: serde_yaml::Value = serde_yaml::from_str(&text).expect("init writes YAML");
    charter["clauses"]
        .as_mapping()
        .expect("a `clauses:` mapping")
        .iter()
        .map(|(id, text)| {
            (
                id.as_str().expect("clause id").to_owned(),
                text.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn no_pack_scaffold_forbids_a_use_that_another_clause_permits() {
    let catalogue = catalogue();
    let mut problems = Vec::new();
    for pack in catalogue.packs.keys() {
        for lang in langs() {
            let clauses = scaffold(pack, lang);
            for (id, text) in &clauses {
                let spec = catalogue.clause(id).expect("a catalogue clause");
                if spec.stances.is_empty() {
                    continue;
                }
                // The stances describe the wording init writes: every suggested line is there.
                for line in spec.suggested.get(lang).lines().map(str::trim) {
                    let line = line.trim_start_matches("- ");
                    assert!(
                        text.contains(line),
                        "{pack} [{}] {id}: init does not write the suggested line « {line} »",
                        lang.code()
                    );
                }
            }
            let ids: Vec<String> = clauses.into_keys().collect();
            for contradiction in contradictions(&catalogue, &ids) {
                problems.push(format!("{pack} [{}]: {contradiction}", lang.code()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "suggested wordings that contradict each other:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_use_forbidden_in_one_clause_and_permitted_in_another_is_found() {
    let mut catalogue = catalogue();
    let ids = ["prohibited-uses".to_owned(), "synthetic-media".to_owned()];
    assert!(contradictions(&catalogue, &ids).is_empty());
    catalogue
        .clauses
        .get_mut("synthetic-media")
        .expect("clause")
        .stances
        .insert("realistic-people".to_owned(), Status::Conditional);
    let found = contradictions(&catalogue, &ids);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("realistic-people"), "{found:?}");
}

#[test]
fn stances_name_uses_of_uses_yaml() {
    let catalogue = catalogue();
    let uses: UsesSpec = parse_file("policies/uses.yaml", embedded::USES).expect("uses load");
    for (id, spec) in &catalogue.clauses {
        for use_id in spec.stances.keys() {
            assert!(
                uses.uses.iter().any(|u| &u.id == use_id),
                "clauses/{id}.yaml: stance on unknown use `{use_id}`"
            );
        }
    }
}

/// The French example as rendered: the terminology of `policies/README.md`, typographic
/// apostrophes and no-break spaces before high punctuation (code and links aside).
#[test]
fn the_rendered_french_example_follows_the_terminology_and_french_typography() {
    let md = std::fs::read_to_string(root().join("examples/ville-exemple/rendered/charter.md"))
        .expect("the committed render");
    let terms = terminology();
    let mut problems = Vec::new();
    for (n, line) in md.lines().enumerate() {
        let prose: String = line
            .split('`')
            .step_by(2)
            .flat_map(|part| part.split(' '))
            .filter(|word| {
                !word.contains("://") && !word.starts_with("(#") && !word.contains("](#")
            })
            .collect::<Vec<_>>()
            .join(" ");
        for term in &terms {
            for form in &term.avoid["fr"] {
                if contains_form(&prose, form) {
                    problems.push(format!("line {}: « {form} »", n + 1));
                }
            }
        }
        if prose.contains('\'') {
            problems.push(format!("line {}: straight apostrophe", n + 1));
        }
        for mark in [" :", " ;", " !", " ?", "« ", " »"] {
            if prose.contains(mark) {
                problems.push(format!("line {}: ordinary space in « {mark} »", n + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
