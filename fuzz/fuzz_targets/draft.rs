//! Bytes as a free-text draft, read as Markdown and as plain text: parsed into sections,
//! language detected, clauses detected, coverage and waivers checked, reported.

#![no_main]

use charter::load::draft::{self, DraftFormat};
use charter::model::lang::Lang;
use charter::pipeline::{self, Packs};
use charter::policy::selection::Selection;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    // The parsers straight on the text (NUL bytes included, which the file reader refuses).
    let text = String::from_utf8_lossy(data);
    for format in [DraftFormat::Markdown, DraftFormat::PlainText] {
        let document = draft::parse(&text, format);
        for waiver in &document.waivers {
            assert!(waiver.start <= waiver.end && waiver.end <= text.len());
        }
    }
    // The whole lint of a file, with every selected clause in the coverage once.
    let context = common::context(Lang::EN);
    // Every clause for odd lengths, the default pack otherwise.
    let packs = if data.len().is_multiple_of(2) {
        vec![]
    } else {
        vec!["all".to_owned()]
    };
    let selection = Selection::resolve(
        &common::policies().catalogue,
        &[packs.first().map_or("baseline", String::as_str).to_owned()],
        Path::new("."),
    )
    .expect("built-in packs resolve");
    for (name, format) in [
        ("draft.md", DraftFormat::Markdown),
        ("draft.txt", DraftFormat::PlainText),
    ] {
        let path = common::write(name, data);
        let report = pipeline::draft_file(
            &context,
            &Packs::new(context.catalogue),
            &path,
            format,
            &packs,
            common::MAX_BYTES,
        );
        common::check_report(&report);
        if !report.failed {
            assert_eq!(
                report.coverage.len(),
                selection.clauses.len(),
                "coverage of {packs:?}"
            );
        }
    }
});
