//! Bytes as a user pack file: read, parsed, its clauses checked against the catalogue,
//! its `extends` chain flattened, alone and together with a built-in pack.

#![no_main]

use charter::policy::selection::Selection;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::write("pack.yaml", data);
    let catalogue = &common::policies().catalogue;
    let base = common::scratch();
    for names in [&["pack.yaml"][..], &["baseline", "./pack.yaml"][..]] {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        if let Ok(selection) = Selection::resolve(catalogue, &names, base) {
            for id in selection.clauses.keys() {
                assert!(catalogue.clause(id).is_some(), "unknown clause {id} selected");
            }
        }
    }
});
