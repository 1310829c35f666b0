//! Bytes as a YAML charter file: read (size, UTF-8), parsed (YAML locator and typed
//! model), its packs resolved, checked, and reported in every format.

#![no_main]

use charter::model::lang::Lang;
use charter::pipeline::{self, Packs};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::write("charter.yaml", data);
    // Messages in French for odd lengths: both catalogues of messages get filled.
    let lang = if data.len().is_multiple_of(2) {
        Lang::EN
    } else {
        Lang::new("fr").unwrap()
    };
    let context = common::context(lang);
    let packs = Packs::new(context.catalogue);
    let report = pipeline::charter_file(&context, &packs, &path, &[], common::MAX_BYTES);
    common::check_report(&report);
});
