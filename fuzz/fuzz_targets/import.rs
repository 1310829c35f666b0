//! Bytes as a free-text draft given to `charter import` (Markdown and plain text): the
//! import never fails its own read-back ("This is a bug"), and what it writes is a charter.

#![no_main]

use charter::load::charter::parse;
use charter::load::source::SourceFile;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    for name in ["draft.md", "draft.txt"] {
        let draft = common::write(name, data);
        let draft = draft.display().to_string();
        let run = charter::run_args(["charter", "import", &draft, "-o", "-", "--no-config"]);
        if run.code == 0 {
            let source = SourceFile::new("imported.yaml".to_owned(), run.stdout);
            assert!(
                parse(source).is_ok(),
                "import wrote a charter that does not parse"
            );
        } else {
            assert!(!run.stderr.contains("This is a bug"), "{}", run.stderr);
        }
    }
});
