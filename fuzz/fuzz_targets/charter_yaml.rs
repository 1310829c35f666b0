//! Bytes as a YAML charter file: read (size, UTF-8), parsed (YAML locator and typed
//! model), its packs resolved, checked, and reported in every format.

#![no_main]

use charter::commands::lint::lint_charter_file;
use charter::model::lang::Lang;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::write("charter.yaml", data);
    // Messages in French for odd lengths: both catalogues of messages get filled.
    let lang = if data.len().is_multiple_of(2) {
        Lang::En
    } else {
        Lang::Fr
    };
    let report = lint_charter_file(&common::context(lang), &path, &[], common::MAX_BYTES);
    common::check_report(&report);
});
