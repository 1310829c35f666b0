//! Bytes as a user pack file: read, parsed, its clauses checked against the catalogue,
//! its `extends` chain flattened, alone and together with a built-in pack; the detection
//! patterns it adds compiled (user regular expressions) and run on a short draft.

#![no_main]

use charter::check::Context;
use charter::load::draft::DraftFormat;
use charter::model::lang::Lang;
use charter::pipeline::{self, Packs};
use charter::policy::detector::Detector;
use charter::policy::selection::Selection;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const DRAFT: &str = "# AI charter\n\nStaff must never paste personal data into an AI tool.\n\n\
## Usage\n\nLes agents relisent tout texte produit par une IA avant publication.\n";

fuzz_target!(|data: &[u8]| {
    common::write("pack.yaml", data);
    let draft = common::write("draft.md", DRAFT.as_bytes());
    let policies = common::policies();
    let catalogue = &policies.catalogue;
    let base = common::scratch();
    for names in [&["pack.yaml"][..], &["baseline", "./pack.yaml"][..]] {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let Ok(selection) = Selection::resolve(catalogue, &names, base) else {
            continue;
        };
        for id in selection.clauses.keys() {
            assert!(
                catalogue.clause(id).is_some(),
                "unknown clause {id} selected"
            );
        }
        if selection.additions.is_empty() {
            continue;
        }
        // Each added pattern is compiled here, so a faulty one is refused now, not when a
        // draft's words first call for it.
        let Ok(detector) = Detector::compile(catalogue, &policies.lexicon, &selection.additions)
        else {
            continue;
        };
        let context = Context {
            catalogue,
            lexicon: &policies.lexicon,
            detector: &detector,
            ..common::context(Lang::EN)
        };
        // The user pack by its full path, the built-in one by name.
        let packs: Vec<String> = names
            .iter()
            .map(|n| {
                if n == "baseline" {
                    n.clone()
                } else {
                    base.join(n).display().to_string()
                }
            })
            .collect();
        let report = pipeline::draft_file(
            &context,
            &Packs::new(catalogue),
            &draft,
            DraftFormat::Markdown,
            &packs,
            common::MAX_BYTES,
        );
        common::check_report(&report);
        break;
    }
});
