//! No sentence of the labelled corpus is copied into `policies/`: a run of eight or
//! more consecutive words of any `../shared/corpus-dev/` document found in a policy
//! file fails (a pattern written from one charter's sentence only ever matches that
//! charter). The corpus is required: without it the test fails and says why.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

const RUN: usize = 8;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn files(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ext.contains(&e))
        {
            out.push(path);
        }
    }
}

/// Every run of `RUN` words of the corpus, and the document it comes from.
fn corpus_runs(corpus: &Path) -> std::collections::HashMap<Vec<String>, String> {
    let mut documents = Vec::new();
    files(corpus, &["md", "txt"], &mut documents);
    documents.retain(|p| p.file_name().is_some_and(|n| n != "README.md"));
    assert!(
        documents.len() >= 30,
        "{}: expected the labelled charters, found {} documents",
        corpus.display(),
        documents.len()
    );
    let mut runs = std::collections::HashMap::new();
    for document in documents {
        let text = std::fs::read_to_string(&document).expect("corpus document is UTF-8");
        let name = document
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        for run in words(&text).windows(RUN) {
            runs.entry(run.to_vec())
                .or_insert_with(|| name.clone().unwrap_or_default());
        }
    }
    runs
}

#[test]
fn no_run_of_eight_corpus_words_is_copied_into_policies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus-dev");
    assert!(
        corpus.join("labels.yaml").is_file(),
        "{} is missing: this test needs the labelled corpus beside the project to check that no corpus sentence is copied into policies/",
        corpus.display()
    );
    let runs = corpus_runs(&corpus);
    let mut policy_files = Vec::new();
    files(
        &root.join("policies"),
        &["yaml", "yml", "md"],
        &mut policy_files,
    );
    let mut copies = HashSet::new();
    for file in &policy_files {
        let text = std::fs::read_to_string(file).expect("policy file is UTF-8");
        for run in words(&text).windows(RUN) {
            if let Some(document) = runs.get(run) {
                copies.insert(format!(
                    "{}: \"{}\" (from {document})",
                    file.strip_prefix(root).unwrap_or(file).display(),
                    run.join(" ")
                ));
            }
        }
    }
    let mut copies: Vec<String> = copies.into_iter().collect();
    copies.sort();
    assert!(
        copies.is_empty(),
        "{} run(s) of {RUN} corpus words copied into policies/ (write fresh, general wording):\n{}",
        copies.len(),
        copies.join("\n")
    );
}
