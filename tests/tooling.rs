//! The tools around `charter lint` that editors, shells and terminals use: shell completions,
//! manual pages, `--color` with `NO_COLOR` / `CLICOLOR_FORCE`, and linting standard input.

use std::path::PathBuf;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `charter` run from the repository root, with none of the colour or locale variables set.
fn charter() -> Command {
    let mut command = Command::cargo_bin("charter").expect("the charter binary is built");
    command.current_dir(root());
    for variable in [
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "CLICOLOR",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
    ] {
        command.env_remove(variable);
    }
    command
}

fn stdout_of(command: &mut Command, code: i32) -> String {
    let output = command.output().expect("charter runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stdout
}

#[test]
fn bash_completions_are_valid_bash() {
    let script = stdout_of(charter().args(["completions", "bash"]), 0);
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), &script).expect("script written");
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(file.path())
        .status()
        .expect("bash runs");
    assert!(status.success(), "bash -n rejects the completion script");
    assert!(script.contains("complete -F _charter"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = charter()
        .args(["completions", "tcsh"])
        .output()
        .expect("charter runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bash") && stderr.contains("powershell"),
        "{stderr}"
    );
}

#[test]
fn the_manual_page_is_pinned() {
    let page = stdout_of(charter().arg("man"), 0);
    insta::assert_snapshot!("man-charter", page);
}

#[test]
fn a_manual_page_for_an_unknown_command_suggests_the_closest() {
    let output = charter().args(["man", "lnt"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no command `lnt`"), "{stderr}");
    assert!(stderr.contains("Did you mean `lint`?"), "{stderr}");
}

const CHARTER: &str = "examples/draft-incomplete/charter.yaml";
const ESC: char = '\u{1b}';

#[test]
fn color_always_colours_through_a_pipe_and_never_does_not() {
    let always = stdout_of(charter().args(["lint", CHARTER, "--color", "always"]), 1);
    assert!(always.contains(ESC), "{always}");
    let never = stdout_of(
        charter()
            .env("CLICOLOR_FORCE", "1")
            .args(["lint", CHARTER, "--color=never"]),
        1,
    );
    assert!(!never.contains(ESC), "{never}");
    // Placed before the subcommand too: the flag is global.
    let before = stdout_of(charter().args(["--color", "always", "lint", CHARTER]), 1);
    assert_eq!(before, always);
}

#[test]
fn auto_colour_follows_no_color_and_clicolor_force() {
    let piped = stdout_of(charter().args(["lint", CHARTER]), 1);
    assert!(!piped.contains(ESC), "a pipe is not coloured: {piped}");
    let forced = stdout_of(
        charter().env("CLICOLOR_FORCE", "1").args(["lint", CHARTER]),
        1,
    );
    assert!(forced.contains(ESC), "CLICOLOR_FORCE colours a pipe");
    let both = stdout_of(
        charter()
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
            .args(["lint", CHARTER]),
        1,
    );
    assert!(!both.contains(ESC), "NO_COLOR wins over CLICOLOR_FORCE");
    // Without colour, the text is the same.
    let stripped: String = strip_ansi(&forced);
    assert_eq!(stripped, piped);
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == ESC {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_bad_color_value_is_a_usage_error() {
    let output = charter()
        .args(["lint", CHARTER, "--color", "sometimes"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

/// `charter lint - ARGS` with `input` on standard input, expecting exit `code`.
fn lint_stdin(args: &[&str], input: impl Into<Vec<u8>>, code: i32) -> String {
    stdout_of(
        charter()
            .args(["lint", "-"])
            .args(args)
            .write_stdin(input.into()),
        code,
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn stdin_with_a_filename_reports_like_the_file() {
    let text = std::fs::read_to_string(root().join(CHARTER)).expect("example");
    let from_file = stdout_of(charter().args(["lint", CHARTER, "--format", "json"]), 1);
    let from_stdin = lint_stdin(&["--stdin-filename", CHARTER, "--format", "json"], text, 1);
    assert_eq!(json(&from_stdin), json(&from_file));
}

#[test]
fn stdin_without_a_filename_is_sniffed_and_named_stdin() {
    let draft = "# Charte\n\nNous utilisons l’IA pour résumer des documents.\n";
    let concise = lint_stdin(&["--format", "concise", "--lang", "fr"], draft, 1);
    assert!(
        concise.starts_with("<stdin>:1:1: erreur[missing-clause]"),
        "{concise}"
    );
    let charter_text = std::fs::read_to_string(root().join(CHARTER)).expect("example");
    let report = json(&lint_stdin(&["--format", "json"], charter_text, 1));
    let file = &report["files"][0];
    assert_eq!(file["path"], "<stdin>");
    assert_eq!(file["kind"], "charter");
}

#[test]
fn stdin_filename_gives_the_format_and_positions() {
    // Named .txt, a line starting with `charter:` is text, not YAML.
    let named = ["--stdin-filename", "docs/note.txt", "--format", "json"];
    let report = json(&lint_stdin(&named, "charter: notes on AI\n", 1));
    assert_eq!(report["files"][0]["kind"], "draft");
    assert_eq!(report["files"][0]["path"], "docs/note.txt");
    // A broken charter on standard input: file, line and column of the error.
    let named = [
        "--stdin-filename",
        "team/charter.yaml",
        "--format",
        "concise",
    ];
    let concise = lint_stdin(&named, "charter: 1\nlang: en\nbogus: [\n", 2);
    assert!(concise.starts_with("team/charter.yaml:"), "{concise}");
}

#[test]
fn stdin_refuses_what_it_cannot_read() {
    let docx = ["--stdin-filename", "charte.docx", "--format", "concise"];
    let concise = lint_stdin(&docx, "PK", 2);
    assert!(
        concise.contains("charte.docx") && concise.contains("unreadable-file"),
        "{concise}"
    );
    let concise = lint_stdin(
        &["--max-size", "1K", "--format", "concise"],
        "a".repeat(2048),
        2,
    );
    assert!(concise.contains("--max-size"), "{concise}");
    let yaml = ["--stdin-filename", "c.yaml", "--format", "concise"];
    let concise = lint_stdin(&yaml, b"charter: 1\nlang: \xff\n".to_vec(), 2);
    assert!(concise.contains("not UTF-8"), "{concise}");
}

#[test]
fn quiet_prints_the_findings_without_the_summary() {
    let full = stdout_of(charter().args(["lint", CHARTER, "--lang", "en"]), 1);
    let quiet = stdout_of(charter().args(["lint", CHARTER, "--lang", "en", "-q"]), 1);
    let summary = full.lines().last().expect("a summary line");
    assert!(summary.contains("file(s)"), "{full}");
    assert_eq!(
        quiet,
        full.strip_suffix(&format!("{summary}\n"))
            .expect("ends with it")
    );
    assert!(quiet.contains("error[placeholder-text]"), "{quiet}");
    let clean = stdout_of(
        charter().args(["lint", "examples/ville-exemple/charter.yaml", "--quiet"]),
        0,
    );
    assert_eq!(clean, "");
}
