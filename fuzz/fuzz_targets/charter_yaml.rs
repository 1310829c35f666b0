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
    for lang in [Lang::En, Lang::Fr] {
        let context = common::context(lang);
        let report = lint_charter_file(&context, &path, &[], common::MAX_BYTES);
        common::check_report(&report);
    }
});
