//! Bytes as a free-text draft given to `charter fix` (Markdown and plain text): the file
//! ends up holding its old bytes followed by the added sections, or exactly its old bytes.

#![no_main]

use charter::cli::FixArgs;
use charter::commands::fix;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let p = common::policies();
    for name in ["fix.md", "fix.txt"] {
        let args = FixArgs {
            draft: common::write(name, data),
            dry_run: false,
            packs: Vec::new(),
            lang: None,
        };
        let result = fix::run(&args, &p.catalogue, &p.lexicon, &p.detector);
        let after = std::fs::read(&args.draft).expect("the draft is still there");
        match result {
            Ok(_) => assert!(
                after.starts_with(data),
                "fix changed the bytes already there"
            ),
            Err(error) => {
                assert_eq!(
                    after, data,
                    "a failed fix changed the file: {}",
                    error.message
                );
            }
        }
    }
});
