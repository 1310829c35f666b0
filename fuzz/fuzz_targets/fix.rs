//! Bytes as a free-text draft given to `charter fix` (Markdown and plain text): the file
//! ends up holding its old bytes followed by the added sections, or exactly its old bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    for name in ["fix.md", "fix.txt"] {
        let draft = common::write(name, data);
        let run = charter::run_args([
            "charter",
            "fix",
            &draft.display().to_string(),
            "--no-config",
        ]);
        let after = std::fs::read(&draft).expect("the draft is still there");
        if run.code == 0 {
            assert!(
                after.starts_with(data),
                "fix changed the bytes already there"
            );
        } else {
            assert_eq!(after, data, "a failed fix changed the file: {}", run.stderr);
        }
    }
});
