//! Bytes as a free-text draft given to `charter import` (Markdown and plain text): the
//! import never fails its own read-back ("This is a bug"), and what it writes is a charter.

#![no_main]

use charter::cli::ImportArgs;
use charter::commands::import;
use charter::load::charter::parse;
use charter::load::source::SourceFile;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let p = common::policies();
    for name in ["draft.md", "draft.txt"] {
        let args = ImportArgs {
            draft: common::write(name, data),
            output: PathBuf::from("-"),
            lang: None,
            packs: Vec::new(),
            force: false,
        };
        match import::run(&args, &p.catalogue, &p.lexicon, &p.detector) {
            Ok(output) => {
                let source = SourceFile::new("imported.yaml".to_owned(), output.stdout);
                assert!(
                    parse(source).is_ok(),
                    "import wrote a charter that does not parse"
                );
            }
            Err(error) => assert!(
                !error.message.contains("This is a bug"),
                "{}",
                error.message
            ),
        }
    }
});
