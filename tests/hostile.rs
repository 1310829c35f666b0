//! Hostile and broken input, end to end: alias bombs, deep nesting, huge, binary, invalid
//! UTF-8 and empty files, symbolic-link loops, FIFOs and dangling links, templates that
//! loop or reach outside their folder, and the inputs the fuzzers found. Each run must end
//! (under a generous timeout, so a hang fails instead of blocking the suite) with exit code
//! 0, 1 or 2 and a clear message, never a panic, and leave every file as it was.
//!
//! Big files are made at test time in a temporary folder (sparse when they can be).

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

/// Long enough for a debug build on a busy machine; a hang fails here instead of blocking.
const TIMEOUT: Duration = Duration::from_secs(20);
/// Address space a bomb may use (`ulimit -v`, KiB): a debug `charter` needs well under this.
const MEMORY_KIB: u64 = 1024 * 1024;
const TODAY: &str = "2026-11-28";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/hostile").join(name)
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("charter")
}

/// What one run printed, and its exit code.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code of {self:#?}");
        self
    }

    /// Panics unless standard output or error holds `text`.
    fn says(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text) || self.stderr.contains(text),
            "`{text}` expected in {self:#?}"
        );
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }
}

fn finish(command: &mut Command) -> Run {
    let output = command
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        // English messages: the locale would choose the language of the expectations.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .timeout(TIMEOUT)
        .output()
        .expect("charter runs");
    let code = output.status.code().unwrap_or_else(|| {
        panic!(
            "killed by a signal or after {TIMEOUT:?} (a hang?): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let run = Run {
        code,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "panic: {run:#?}");
    assert!(
        matches!(code, 0..=2),
        "exit code {code} (a panic?): {run:#?}"
    );
    run
}

/// `charter ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(binary());
    command.current_dir(dir).args(args);
    finish(&mut command)
}

/// `charter ARGS` in `dir` with its address space limited to `MEMORY_KIB` (a bomb that
/// expands fails to allocate and aborts instead of exiting with 2); nothing in `dir` may
/// change.
fn run_bounded(dir: &Path, args: &[&str]) -> Run {
    let before = snapshot(dir);
    let mut command = Command::new("sh");
    command
        .current_dir(dir)
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(binary())
        .args(args);
    let run = finish(&mut command);
    assert_eq!(before, snapshot(dir), "files changed by {args:?}");
    run
}

/// What a folder holds, to compare before and after a run: each entry's kind, size,
/// modification time and a hash of its bytes (of its target for a link). Not followed:
/// links, FIFOs and the like are recorded without being opened.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut entries = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            let kind = meta.file_type();
            let modified = meta.modified().ok();
            let state = if kind.is_symlink() {
                format!(
                    "link to {}",
                    std::fs::read_link(&path).expect("link").display()
                )
            } else if kind.is_dir() {
                pending.push(path.clone());
                "folder".to_owned()
            } else if kind.is_file() {
                format!("file {} {modified:?} {:x}", meta.len(), hash_of(&path))
            } else {
                format!("special {kind:?} {modified:?}")
            };
            entries.insert(path, state);
        }
    }
    entries
}

/// A hash of a file's first MiB (its size and modification time cover the rest).
fn hash_of(path: &Path) -> u64 {
    let file = std::fs::File::open(path).expect("open");
    let mut head = Vec::new();
    file.take(1 << 20).read_to_end(&mut head).expect("read");
    let mut hasher = DefaultHasher::new();
    hasher.write(&head);
    hasher.finish()
}

/// Runs `charter ARGS` in `dir` and checks that nothing in `dir` changed.
fn run_untouched(dir: &Path, args: &[&str]) -> Run {
    let before = snapshot(dir);
    let run = run_in(dir, args);
    assert_eq!(before, snapshot(dir), "files changed by {args:?}");
    run
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write");
    path
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The JSON report's files by path.
fn files(report: &Value) -> BTreeMap<String, &Value> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| (f["path"].as_str().expect("path").to_owned(), f))
        .collect()
}

fn codes(file: &Value) -> Vec<&str> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect()
}

fn messages(file: &Value) -> String {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["message"].as_str().expect("message"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn newsroom() -> String {
    std::fs::read_to_string(root().join("examples/newsroom/charter.yaml")).expect("example")
}

// ---------------------------------------------------------------- YAML bombs and nesting

#[test]
fn a_billion_laughs_charter_is_refused_quickly_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(fixture("billion-laughs.yaml"), dir.path().join("c.yaml")).expect("copy");
    let run = run_bounded(dir.path(), &["lint", "c.yaml"]);
    // Refused from the parser's events, before serde expands anything.
    run.expect_code(2).says("error[alias-expansion]");
    run.says("aliases expand the charter past 16 MiB (an alias bomb?)");
    // Rendering reads it the same way.
    run_bounded(dir.path(), &["render", "c.yaml", "-o", "out.md"])
        .expect_code(2)
        .says("not a valid charter");
    assert!(!dir.path().join("out.md").exists());
}

#[test]
fn a_billion_laughs_pack_hits_the_repetition_limit() {
    // Pack levels go through an untagged enum, which buffers a whole value: the aliases
    // would expand there if the YAML reader did not stop them.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut items = vec![format!("&a [{}]", ["lol"; 9].join(", "))];
    for (name, previous) in "bcdefghi".chars().zip("abcdefgh".chars()) {
        items.push(format!(
            "&{name} [{}]",
            vec![format!("*{previous}"); 9].join(", ")
        ));
    }
    let pack = format!(
        "id: laughs\ntitle: {{ en: Laughs, fr: Rires }}\ndescription: {{ en: x, fr: y }}\nclauses:\n  security: [{}]\n",
        items.join(", ")
    );
    write(dir.path(), "pack.yaml", pack);
    write(dir.path(), "c.yaml", newsroom());
    run_bounded(dir.path(), &["lint", "--pack", "./pack.yaml", "c.yaml"])
        .expect_code(2)
        .says("./pack.yaml:5:")
        .says("alias bomb");
    // The small committed one (aliases under several clauses) fails on its types.
    let committed = fixture("billion-laughs-pack.yaml");
    run_bounded(
        dir.path(),
        &[
            "lint",
            "--pack",
            committed.to_str().expect("path"),
            "c.yaml",
        ],
    )
    .expect_code(2);
}

#[test]
fn a_user_pattern_too_large_to_compile_is_refused_with_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "draft.md",
        "# Charter\n\nKeep secrets in the vault.\n",
    );
    std::fs::copy(
        fixture("pack-regex-bomb.yaml"),
        dir.path().join("bomb.yaml"),
    )
    .expect("copy");
    std::fs::copy(fixture("pack-detect.yaml"), dir.path().join("team.yaml")).expect("copy");
    run_bounded(dir.path(), &["lint", "--pack", "./bomb.yaml", "draft.md"])
        .expect_code(2)
        .says("bomb.yaml:9:")
        .says("exceeds size limit");
    // A well-formed user pack with patterns lints as usual.
    run_bounded(dir.path(), &["lint", "--pack", "./team.yaml", "draft.md"]).expect_code(1);
}

#[test]
fn deeply_nested_yaml_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let depth = 10_000;
    let cases = [
        (
            "flow-sequences.yaml",
            format!(
                "charter: 1\ntitle: x\nuses: {}{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            "unclosed.yaml",
            format!("charter: 1\ntitle: {}\n", "[".repeat(100 * depth)),
        ),
        (
            "flow-mappings.yaml",
            format!(
                "charter: 1\ntitle: x\nowner: {}1{}\n",
                "{a: ".repeat(depth),
                "}".repeat(depth)
            ),
        ),
        (
            "block-sequences.yaml",
            format!(
                "charter: 1\ntitle: x\nuses:\n{}",
                (0..1000)
                    .map(|i| format!("{}- \n", "  ".repeat(i)))
                    .collect::<Vec<_>>()
                    .concat()
            ),
        ),
    ];
    for (name, text) in &cases {
        write(dir.path(), name, text);
    }
    for (name, _) in &cases {
        let run = run_bounded(dir.path(), &["lint", name, "--format", "json"]);
        run.expect_code(2);
        let report = run.json();
        let file = &files(&report)[*name];
        assert!(
            codes(file)
                .iter()
                .all(|c| *c == "yaml-syntax" || *c == "invalid-charter"),
            "{name}: {file:#}"
        );
    }
    let deep = run_in(dir.path(), &["lint", "flow-sequences.yaml"]);
    deep.says("recursion limit exceeded: the YAML is nested too deeply");
}

#[test]
fn deeply_nested_markdown_is_linted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let depth = 50_000;
    write(
        dir.path(),
        "quotes.md",
        format!("{} Staff must review AI output.\n", ">".repeat(depth)),
    );
    write(
        dir.path(),
        "lists.md",
        format!("{}never paste personal data\n", "- ".repeat(depth)),
    );
    write(
        dir.path(),
        "links.md",
        format!("{}a{}\n", "[".repeat(depth), "](b)".repeat(depth)),
    );
    write(
        dir.path(),
        "emphasis.md",
        format!("{}a{}\n", "*".repeat(depth), "*".repeat(depth)),
    );
    write(dir.path(), "html.md", "<div>".repeat(depth));
    write(dir.path(), "fences.md", "```\n".repeat(depth));
    write(
        dir.path(),
        "comments.md",
        "<!-- charter: ignore security -- ".repeat(depth / 10),
    );
    let run = run_untouched(dir.path(), &["lint", ".", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(files(&run.json()).len(), 7, "{}", run.stdout);
}

// ---------------------------------------------------------------- size limit

#[test]
fn a_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "# Charter\n\nStaff must never paste personal data into an AI tool.\n".repeat(40);
    assert!(text.len() > 2048);
    write(dir.path(), "draft.md", &text);
    write(dir.path(), "small.md", "# Charter\n");
    let run = run_untouched(
        dir.path(),
        &[
            "lint",
            "draft.md",
            "small.md",
            "--max-size",
            "1K",
            "--format",
            "json",
        ],
    );
    run.expect_code(2);
    let report = run.json();
    let draft = &files(&report)["draft.md"];
    assert_eq!(codes(draft), ["unreadable-file"]);
    let message = messages(draft);
    assert!(
        message.contains("over the size limit of 1 KiB"),
        "{message}"
    );
    assert!(message.contains("--max-size"), "{message}");
    // The other file was linted all the same.
    assert!(codes(files(&report)["small.md"]).contains(&"missing-clause"));

    let raised = run_untouched(dir.path(), &["lint", "draft.md", "--max-size", "4K"]);
    raised.expect_code(1).says("missing-clause");
}

#[test]
fn a_100_mib_file_is_refused_by_default_with_a_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Sparse: 100 MiB on paper, a few bytes on disk; past its first line, NUL bytes.
    let path = write(dir.path(), "huge.md", "# Charter\n");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open")
        .set_len(100 << 20)
        .expect("set_len");
    let run = run_untouched(dir.path(), &["lint", "huge.md"]);
    run.expect_code(2)
        .says("100 MiB is over the size limit of 16 MiB")
        .says("--max-size 101M");
    // Raised, the limit lets it be read: then its NUL bytes make it binary.
    run_untouched(dir.path(), &["lint", "huge.md", "--max-size", "200M"])
        .expect_code(2)
        .says("binary file");
    // The largest size that parses does not overflow.
    run_untouched(dir.path(), &["lint", "huge.md", "--max-size", "16G"])
        .expect_code(2)
        .says("binary file");
    run_in(
        dir.path(),
        &["lint", "huge.md", "--max-size", "18446744073709551615"],
    )
    .expect_code(2)
    .says("binary file");
}

#[test]
fn a_large_yaml_data_file_in_a_folder_is_not_taken_for_a_charter() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "data.yaml",
        "rows:\n".to_owned() + &"  - {a: 1, b: two}\n".repeat(200),
    );
    write(
        dir.path(),
        "big-charter.yaml",
        "charter: 1\ntitle: x\n".to_owned() + &"# padding\n".repeat(400),
    );
    write(dir.path(), "charter.yaml", newsroom());
    let run = run_untouched(
        dir.path(),
        &[
            "lint",
            ".",
            "--max-size",
            "2K",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    run.expect_code(2);
    let report = run.json();
    let files = files(&report);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["./big-charter.yaml", "./charter.yaml"],
        "{}",
        run.stdout
    );
    assert_eq!(codes(files["./big-charter.yaml"]), ["unreadable-file"]);
    // Raised, the limit lets the big charter be read.
    run_untouched(
        dir.path(),
        &["lint", ".", "--max-size", "1M", "--today", TODAY],
    )
    .expect_code(2)
    .says("error[invalid-charter]");
}

// ---------------------------------------------------------------- binary, UTF-8, empty

#[test]
fn binary_files_are_refused_and_other_files_linted() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(dir.path(), "charter.yaml", b"charter: 1\0\0");
    write(dir.path(), "notes.txt", b"text\0more");
    write(
        dir.path(),
        "ok.md",
        "# Charter\n\nStaff must review AI output.\n",
    );
    let run = run_untouched(dir.path(), &["lint", ".", "--format", "json"]);
    run.expect_code(2);
    let report = run.json();
    let files = files(&report);
    for name in ["./image.md", "./charter.yaml", "./notes.txt"] {
        assert_eq!(codes(files[name]), ["unreadable-file"], "{name}");
        assert!(messages(files[name]).contains("binary file (contains NUL bytes)"));
    }
    assert!(codes(files["./ok.md"]).contains(&"missing-clause"));
}

#[test]
fn invalid_utf8_charters_are_refused_and_drafts_read_lossily() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "latin1.yaml",
        b"charter: 1\ntitle: Charte d'utilisation \xe9thique\n",
    );
    write(
        dir.path(),
        "latin1.md",
        b"# Charte \xe9thique\n\nLes agents doivent relire tout texte produit par une IA.\n\xff\xfe\xc3",
    );
    let run = run_untouched(
        dir.path(),
        &["lint", "latin1.yaml", "latin1.md", "--format", "json"],
    );
    run.expect_code(2);
    let report = run.json();
    let files = files(&report);
    assert_eq!(codes(files["latin1.yaml"]), ["unreadable-file"]);
    assert!(
        messages(files["latin1.yaml"]).contains("not UTF-8 text (invalid byte at offset 39)"),
        "{}",
        messages(files["latin1.yaml"])
    );
    let draft = files["latin1.md"];
    assert!(!codes(draft).contains(&"unreadable-file"), "{draft:#}");
    assert_eq!(draft["lang"], "fr");

    // Alone, the draft only has findings (exit 1), in every format.
    for format in [
        "human",
        "json",
        "sarif",
        "github",
        "concise",
        "matrix",
        "matrix-csv",
        "matrix-html",
    ] {
        run_untouched(dir.path(), &["lint", "latin1.md", "--format", format]).expect_code(1);
    }
}

#[test]
fn empty_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "empty.yaml", "");
    write(dir.path(), "blank.yaml", "\n  \n\t\n");
    write(dir.path(), "bom.yaml", "\u{feff}");
    write(dir.path(), "empty.md", "");
    write(dir.path(), "blank.txt", " \r\n\r\n");
    for name in ["empty.yaml", "blank.yaml", "bom.yaml"] {
        run_untouched(dir.path(), &["lint", name])
            .expect_code(2)
            .says("error[invalid-charter]")
            .says("the file is empty");
    }
    for name in ["empty.md", "blank.txt"] {
        let run = run_untouched(dir.path(), &["lint", name, "--format", "json"]);
        run.expect_code(1);
        let report = run.json();
        let file = &files(&report)[name];
        assert!(
            codes(file).iter().all(|c| *c == "missing-clause"),
            "{file:#}"
        );
        assert!(!codes(file).is_empty());
    }
    // A folder of empty files: only the charter-looking YAML is linted (none here).
    run_untouched(dir.path(), &["lint", "."]).expect_code(1);
    // Rendering an empty charter renders nothing.
    run_in(dir.path(), &["render", "empty.yaml", "-o", "out.md"])
        .expect_code(2)
        .says("the file is empty");
    assert!(!dir.path().join("out.md").exists());
}

// ---------------------------------------------------------------- links, FIFOs, unreadable

#[test]
fn a_symlink_loop_in_a_folder_does_not_hang_the_walk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(&docs, docs.join("loop")).expect("symlink");
    std::os::unix::fs::symlink("..", docs.join("sub/up")).expect("symlink");
    std::os::unix::fs::symlink("self.md", docs.join("self.md")).expect("symlink");
    write(&docs, "a.md", "# Charter\n\nStaff must review AI output.\n");
    write(
        &docs.join("sub"),
        "b.md",
        "# Charte\n\nLes agents relisent tout texte produit par une IA.\n",
    );
    let run = run_untouched(dir.path(), &["lint", "docs", "--format", "json"]);
    run.expect_code(1);
    let report = run.json();
    let names: Vec<String> = files(&report).into_keys().collect();
    assert_eq!(names, ["docs/a.md", "docs/sub/b.md"], "{}", run.stdout);

    // Given by name, a looping link is a failure of that file only.
    let run = run_untouched(
        dir.path(),
        &["lint", "docs/self.md", "docs/a.md", "--format", "json"],
    );
    run.expect_code(2);
    let report = run.json();
    assert_eq!(codes(files(&report)["docs/self.md"]), ["unreadable-file"]);
    assert!(codes(files(&report)["docs/a.md"]).contains(&"missing-clause"));
    // A link to the folder is walked once, without following the links inside.
    run_untouched(dir.path(), &["lint", "docs/loop"]).expect_code(1);
}

#[test]
fn unreadable_files_are_listed_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    // As root, permissions do not stop reading: a dangling link, FIFOs (which would block
    // a reader for ever) and a folder named like a draft stand for unreadable files.
    std::os::unix::fs::symlink("nowhere.md", dir.path().join("dangling.md")).expect("symlink");
    mkfifo(&dir.path().join("pipe.md"));
    mkfifo(&dir.path().join("pipe.yaml"));
    std::fs::create_dir(dir.path().join("folder.md")).expect("mkdir");
    write(dir.path(), "charter.yaml", newsroom());
    write(
        dir.path(),
        "draft.md",
        "# Charter\n\nStaff must review AI output.\n",
    );
    let run = run_untouched(
        dir.path(),
        &[
            "lint",
            "dangling.md",
            "pipe.md",
            "pipe.yaml",
            "charter.yaml",
            "missing.md",
            "draft.md",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    run.expect_code(2);
    let report = run.json();
    let files = files(&report);
    for (name, reason) in [
        ("dangling.md", "No such file or directory"),
        ("pipe.md", "not a regular file"),
        ("pipe.yaml", "not a regular file"),
        ("missing.md", "No such file or directory"),
    ] {
        assert_eq!(codes(files[name]), ["unreadable-file"], "{name}");
        assert!(
            messages(files[name]).contains(reason),
            "{name}: {}",
            messages(files[name])
        );
    }
    assert!(
        codes(files["charter.yaml"]).is_empty(),
        "{:#}",
        files["charter.yaml"]
    );
    assert!(codes(files["draft.md"]).contains(&"missing-clause"));
    // The human report lists the failures and counts them.
    let human = run_untouched(
        dir.path(),
        &[
            "lint",
            "dangling.md",
            "pipe.md",
            "draft.md",
            "--today",
            TODAY,
        ],
    );
    human
        .expect_code(2)
        .says("cannot read `dangling.md`")
        .says("cannot read `pipe.md`: not a regular file")
        .says("3 file(s)");

    // Walked, FIFOs and links are skipped without being opened.
    let walked = run_untouched(
        dir.path(),
        &["lint", ".", "--today", TODAY, "--format", "json"],
    );
    walked.expect_code(1);
    let names: Vec<String> = crate::files(&walked.json()).into_keys().collect();
    assert_eq!(names, ["./charter.yaml", "./draft.md"]);
}

#[test]
fn a_fifo_template_or_pack_is_not_opened() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "charter.yaml", newsroom());
    mkfifo(&dir.path().join("pipe.md.j2"));
    mkfifo(&dir.path().join("pipe.yaml"));
    run_untouched(
        dir.path(),
        &["render", "charter.yaml", "--template", "pipe.md.j2"],
    )
    .expect_code(2)
    .says("not a regular file");
    run_untouched(
        dir.path(),
        &["lint", "--pack", "./pipe.yaml", "charter.yaml"],
    )
    .expect_code(2)
    .says("not a regular file");
    // A pack named inside the charter, too.
    let charter = newsroom().replace(
        "packs: [baseline, eu-ai-act]",
        "packs: [baseline, ./pipe.yaml]",
    );
    write(dir.path(), "piped.yaml", charter);
    run_untouched(dir.path(), &["lint", "piped.yaml", "--today", TODAY])
        .expect_code(2)
        .says("not a regular file");
}

#[test]
fn commands_that_write_refuse_unreadable_drafts_and_leave_them_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    mkfifo(&dir.path().join("pipe.md"));
    std::os::unix::fs::symlink("nowhere.md", dir.path().join("dangling.md")).expect("symlink");
    std::fs::create_dir(dir.path().join("folder.md")).expect("mkdir");
    write(
        dir.path(),
        "latin1.md",
        b"# Charte \xe9thique\n\nLes agents relisent.\n",
    );
    write(dir.path(), "binary.md", b"# Charter\n\0\0\0");
    let huge = write(dir.path(), "huge.md", "# Charter\n");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&huge)
        .expect("open")
        .set_len(100 << 20)
        .expect("set_len");
    for name in [
        "pipe.md",
        "dangling.md",
        "folder.md",
        "latin1.md",
        "binary.md",
        "huge.md",
    ] {
        run_untouched(dir.path(), &["fix", name]).expect_code(2);
        run_untouched(dir.path(), &["import", name, "-o", "charter.yaml"]).expect_code(2);
    }
}

// ---------------------------------------------------------------- custom templates

#[test]
fn a_template_that_loops_or_recurses_ends_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "charter.yaml", newsroom());
    let templates = [
        ("range.md.j2", "{% for i in range(1000000000) %}{{ i }}{% endfor %}"),
        ("nested.md.j2", "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}"),
        ("macro.md.j2", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"),
        ("self.md.j2", "{% include \"self.md.j2\" %}"),
        (
            "doubling.md.j2",
            &(1..40)
                .map(|i| format!("{{% set a{i} = a{} ~ a{} %}}", i - 1, i - 1))
                .fold("{% set a0 = \"xxxxxxxxxxxxxxxx\" %}".to_owned(), |t, s| t + &s),
        ),
    ];
    for (name, text) in &templates {
        write(dir.path(), name, text);
    }
    for (name, _) in &templates {
        let out = format!("{name}.md");
        let run = run_bounded(
            dir.path(),
            &["render", "charter.yaml", "--template", name, "-o", &out],
        );
        run.expect_code(2).says("template error");
        assert!(
            !dir.path().join(&out).exists(),
            "{name}: no output on failure"
        );
    }
    run_in(
        dir.path(),
        &["render", "charter.yaml", "--template", "range.md.j2"],
    )
    .says("range has too many elements");
    run_in(
        dir.path(),
        &["render", "charter.yaml", "--template", "nested.md.j2"],
    )
    .says("ran out of fuel");
    run_in(
        dir.path(),
        &["render", "charter.yaml", "--template", "macro.md.j2"],
    )
    .says("recursion limit exceeded");
}

#[test]
fn a_template_cannot_include_files_outside_its_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).expect("mkdir");
    write(dir.path(), "charter.yaml", newsroom());
    write(dir.path(), "secret.txt", "SECRET");
    std::os::unix::fs::symlink("/etc/passwd", templates.join("passwd.j2")).expect("symlink");
    std::os::unix::fs::symlink("..", templates.join("up")).expect("symlink");
    let cases = [
        (
            "dotdot.md.j2",
            "{% include \"../../etc/passwd\" %}",
            "is refused",
        ),
        (
            "absolute.md.j2",
            "{% include \"/etc/passwd\" %}",
            "is refused",
        ),
        (
            "import.md.j2",
            "{% import \"../secret.txt\" as s %}",
            "is refused",
        ),
        (
            "extends.md.j2",
            "{% extends \"../secret.txt\" %}",
            "is refused",
        ),
        (
            "link.md.j2",
            "{% include \"passwd.j2\" %}",
            "leads outside the template's folder",
        ),
        (
            "folder-link.md.j2",
            "{% include \"up/secret.txt\" %}",
            "leads outside the template's folder",
        ),
    ];
    for (name, text, _) in &cases {
        write(&templates, name, text);
    }
    for (name, _, reason) in &cases {
        let template = format!("templates/{name}");
        let run = run_untouched(
            dir.path(),
            &["render", "charter.yaml", "--template", &template],
        );
        run.expect_code(2).says(reason);
        assert!(
            !run.stdout.contains("root:") && !run.stdout.contains("SECRET"),
            "{run:#?}"
        );
    }
}

#[test]
fn rendering_never_overwrites_a_file_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "charter.yaml", newsroom());
    write(dir.path(), "charter.md", "my own notes");
    run_untouched(
        dir.path(),
        &[
            "render",
            "charter.yaml",
            "-o",
            "charter.md",
            "--today",
            TODAY,
        ],
    )
    .expect_code(2)
    .says("--force");
}

// ---------------------------------------------------------------- fuzz regressions

/// Inputs the fuzzers found (tests/fixtures/hostile/fuzz/), each linted as a charter, a
/// Markdown draft and a plain-text draft: no panic, spans inside the text.
#[test]
fn inputs_found_by_fuzzing_are_handled() {
    let folder = fixture("fuzz");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("fuzz fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let dir = tempfile::tempdir().expect("temp dir");
    for path in &names {
        let bytes = std::fs::read(path).expect("fixture");
        for name in ["input.yaml", "input.md", "input.txt"] {
            write(dir.path(), name, &bytes);
        }
        for name in ["input.yaml", "input.md", "input.txt"] {
            let run = run_in(
                dir.path(),
                &["lint", name, "--format", "json", "--today", TODAY],
            );
            let report = run.json();
            let text = String::from_utf8_lossy(&bytes);
            let lines = text.split('\n').count() as u64;
            for d in report["files"][0]["diagnostics"]
                .as_array()
                .expect("diagnostics")
            {
                let line = d["line"].as_u64().expect("line");
                let end = d["end_line"].as_u64().expect("end_line");
                assert!(
                    line >= 1 && line <= end && end <= lines,
                    "{}: {d:#}",
                    path.display()
                );
            }
        }
    }
}
