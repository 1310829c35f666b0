//! The language of messages: `--lang`, else the language of the file reported on, else
//! `LC_ALL` / `LC_MESSAGES` / `LANG`, else English; and a French run that prints no English.

mod common;

use std::path::Path;

use common::root;

/// Runs `charter` at the project root with the given locale variables only.
fn run_with(locale: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let run = common::run_with_env(&root(), locale, args);
    (run.code, run.stdout, run.stderr)
}

const FRENCH_CHARTER: &str = "examples/draft-incomplete/charter.yaml";
const ENGLISH_CHARTER: &str = "examples/newsroom/charter.yaml";
const TODAY: &str = "2026-11-28";

#[test]
fn a_french_charter_is_reported_in_french_without_lang() {
    let (code, out, _) = run_with(&[], &["lint", FRENCH_CHARTER, "--today", TODAY]);
    assert_eq!(code, 1);
    assert!(
        out.contains("erreur[missing-clause]: clause manquante"),
        "{out}"
    );
    assert!(out.contains("fichier(s)"), "{out}");
}

#[test]
fn the_file_language_wins_over_the_locale_and_lang_over_both() {
    let fr = [("LANG", "fr_FR.UTF-8")];
    let (_, out, _) = run_with(&fr, &["lint", ENGLISH_CHARTER, "--today", TODAY]);
    assert!(out.contains("file(s)"), "{out}");
    let (_, out, _) = run_with(
        &fr,
        &["lint", FRENCH_CHARTER, "--lang", "en", "--today", TODAY],
    );
    assert!(
        out.contains("error[missing-clause]: missing clause"),
        "{out}"
    );
}

#[test]
fn the_locale_decides_when_no_file_says_lc_all_first() {
    let missing = ["lint", "no/such/charter.yaml"];
    let (code, out, _) = run_with(&[("LANG", "fr_FR.UTF-8")], &missing);
    assert_eq!(code, 2);
    assert!(out.contains("impossible de lire"), "{out}");
    let (_, out, _) = run_with(
        &[("LC_MESSAGES", "fr_CA.UTF-8"), ("LANG", "en_GB.UTF-8")],
        &missing,
    );
    assert!(out.contains("impossible de lire"), "{out}");
    let (_, out, _) = run_with(
        &[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_FR.UTF-8")],
        &missing,
    );
    assert!(out.contains("cannot read"), "{out}");
    let (_, out, _) = run_with(&[("LANG", "de_DE.UTF-8")], &missing);
    assert!(out.contains("cannot read"), "{out}");
    let (_, out, _) = run_with(&[], &missing);
    assert!(out.contains("cannot read"), "{out}");
    let (_, out, _) = run_with(&[("LANG", "fr_FR.UTF-8")], &["explain", "human-oversight"]);
    assert!(out.contains("Contrôle humain"), "{out}");
}

#[test]
fn init_writes_a_charter_in_the_locales_language_unless_lang_says() {
    let (code, out, err) = run_with(&[("LANG", "fr_FR.UTF-8")], &["init", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\nlang: fr\n"), "{out}");
    assert!(out.contains("[Votre organisation]"), "{out}");
    let (_, out, _) = run_with(
        &[("LANG", "fr_FR.UTF-8")],
        &["init", "-o", "-", "--lang", "en"],
    );
    assert!(out.contains("\nlang: en\n"), "{out}");
    let (_, out, _) = run_with(&[("LANG", "de_DE.UTF-8")], &["init", "-o", "-"]);
    assert!(out.contains("\nlang: en\n"), "{out}");
}

/// English words that no French message holds, outside `code` spans.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "not",
    "of",
    "and",
    "with",
    "error",
    "errors",
    "warning",
    "warnings",
    "missing",
    "covered",
    "waived",
    "file",
    "files",
    "hint",
    "help",
    "run",
    "see",
    "draft",
    "marked",
    "nothing",
    "cannot",
    "did",
    "you",
    "mean",
    "no",
    "named",
    "coverage",
    "this",
    "tool",
    "reads",
    "unsupported",
    "invalid",
    "expected",
    "found",
    "unknown",
    "field",
    "unexpected",
    "value",
    "values",
    "required",
    "print",
    "information",
    "try",
    "default",
    "binary",
    "text",
    "such",
    "directory",
    "over",
    "limit",
    "raise",
    "output",
    "commands",
    "when",
    "language",
    "bytes",
    "already",
    "read",
    "write",
    "template",
    "parsing",
    "name",
    "subcommands",
];

/// Proper nouns a French message may name in English: the README's section titles, and
/// clap's `help` command in the list of commands.
const ALLOWED: &[&str] = &["The charter format", "  help  "];

/// The English words of `text`, outside backquoted spans, paths and the allowed names.
fn english_words(text: &str) -> Vec<String> {
    let text = ALLOWED
        .iter()
        .fold(text.to_owned(), |text, name| text.replace(name, " "));
    let prose: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ");
    prose
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '/' && c != '.' && c != '_')
        .filter(|word| !word.contains('/') && !word.contains('.'))
        .filter(|word| ENGLISH.contains(&word.to_lowercase().as_str()))
        .map(str::to_owned)
        .collect()
}

/// French charters that do not parse, each with a known kind of parser error.
fn invalid_charters(dir: &Path) -> Vec<String> {
    let valid = std::fs::read_to_string(root().join("examples/ville-exemple/charter.yaml"))
        .expect("example");
    let cases = [
        (
            "date.yaml",
            valid.replace("adopted: 2026-10-01", "adopted: 2026-13-45"),
        ),
        (
            "date-fr.yaml",
            valid.replace("adopted: 2026-10-01", "adopted: 01/10/2026"),
        ),
        (
            "variant.yaml",
            valid.replacen("status: allowed", "status: autorisé", 1),
        ),
        (
            "boolean.yaml",
            valid.replacen("approved: true", "approved: oui", 1),
        ),
        ("tab.yaml", valid.replacen("\nteam:", "\n\tteam:", 1)),
        ("missing.yaml", valid.replacen("title: ", "titre: ", 1)),
        (
            "version.yaml",
            valid.replacen("charter: 1", "charter: 2", 1),
        ),
    ];
    cases
        .iter()
        .map(|(name, text)| {
            assert_ne!(text, &valid, "{name} differs from the valid example");
            let path = dir.join(name);
            std::fs::write(&path, text).expect("written");
            path.to_str().expect("UTF-8 path").to_owned()
        })
        .collect()
}

/// Files `lint` cannot read: too large for 1 KiB, binary, UTF-16, not UTF-8 (a draft),
/// missing, a folder named as a charter.
fn unreadable_files(dir: &Path) -> Vec<String> {
    let latin1: Vec<u8> = b"# Charte\n\nL'IA est interdite \xe0 l'\xe9cole.\n".to_vec();
    let files: [(&str, Vec<u8>); 4] = [
        ("large.md", "# Charte\n\n".repeat(300).into_bytes()),
        ("binary.md", b"# Charte\0\0\n".to_vec()),
        ("utf16.md", vec![0xff, 0xfe, b'#', 0, b' ', 0, b'C', 0]),
        ("latin1.md", latin1),
    ];
    let mut paths: Vec<String> = files
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).expect("written");
            path.to_str().expect("UTF-8 path").to_owned()
        })
        .collect();
    let folder = dir.join("folder.yaml");
    std::fs::create_dir_all(&folder).expect("folder");
    paths.push(
        dir.join("missing.md")
            .to_str()
            .expect("UTF-8 path")
            .to_owned(),
    );
    paths.push(folder.to_str().expect("UTF-8 path").to_owned());
    paths
}

/// Files the system reads around a charter, each wrong: a project configuration and user
/// packs that cannot be read or parsed or hold a pattern that does not compile, custom templates that fail (missing, including a
/// folder, including outside their folder, bad syntax), an output file that exists, and a
/// draft of a few bytes over a smaller limit. By name.
fn wrong_surroundings(dir: &Path) -> std::collections::HashMap<&'static str, String> {
    let utf16 = vec![0xff, 0xfe, b'[', 0];
    let files: [(&str, Vec<u8>); 9] = [
        ("config.toml", utf16.clone()),
        ("pack-utf16.yaml", utf16),
        ("pack-bad.yaml", b"id: [unclosed\n".to_vec()),
        (
            "pack-bad-pattern.yaml",
            b"id: mine\ntitle: { en: Mine, fr: Le mien }\ndescription: { en: Mine, fr: Le mien }\nextends: baseline\ndetect:\n  security:\n    fr:\n      cues: ['(unclosed']\n".to_vec(),
        ),
        (
            "tpl/include-folder.md.j2",
            b"{% include \"parts\" %}".to_vec(),
        ),
        (
            "tpl/include-outside.md.j2",
            b"{% include \"../x.j2\" %}".to_vec(),
        ),
        ("tpl/syntax.md.j2", b"{{ title( }}".to_vec()),
        ("existing.md", b"notes".to_vec()),
        ("tiny.md", b"# Charte\n\nTexte.\n".to_vec()),
    ];
    std::fs::create_dir_all(dir.join("tpl/parts")).expect("folders");
    let path = |name: &str| dir.join(name).to_str().expect("UTF-8 path").to_owned();
    let mut paths: std::collections::HashMap<&'static str, String> = files
        .iter()
        .map(|(name, bytes)| {
            std::fs::write(dir.join(name), bytes).expect("written");
            (*name, path(name))
        })
        .collect();
    paths.insert("missing.toml", path("missing.toml"));
    paths.insert("missing-pack.yaml", path("missing-pack.yaml"));
    paths.insert("tpl/missing.md.j2", path("tpl/missing.md.j2"));
    paths
}

/// The descriptions of a fish completion script (`-d '…'`): its code and comments are
/// the shell's.
fn fish_descriptions(script: &str) -> String {
    script
        .lines()
        .filter_map(|line| line.split_once(" -d '").map(|(_, d)| d))
        .map(|d| d.split("' ").next().unwrap_or(d).trim_end_matches('\''))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn french_runs_print_no_english() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_md = dir.path().join("charte.md");
    let out_md = out_md.to_str().expect("UTF-8 path");
    let invalid = invalid_charters(dir.path());
    let mut runs: Vec<Vec<&str>> = ["human", "concise", "matrix", "matrix-html"]
        .into_iter()
        .map(|format| {
            let mut args = vec!["lint", FRENCH_CHARTER, "--lang", "fr", "--today", TODAY];
            args.extend(["--format", format]);
            args
        })
        .collect();
    runs.extend([
        vec!["lint", "tests/fixtures/drafts", "--lang", "fr"],
        vec!["lint", "no/such/folder/", "--lang", "fr"],
        vec!["render", FRENCH_CHARTER, "-o", out_md],
        vec!["render", FRENCH_CHARTER, "--final"],
        vec!["render", FRENCH_CHARTER, "-o", "charte.pdf"],
        vec!["render", FRENCH_CHARTER, "--format", "docx"],
        vec!["explain", "human-oversigt", "--lang", "fr"],
        vec!["explain", "zzzzzz", "--lang", "fr"],
        vec!["packs", "--lang", "fr"],
        vec![
            "lint",
            FRENCH_CHARTER,
            "--pack",
            "public-com",
            "--lang",
            "fr",
        ],
    ]);
    // The command line's own words: help, and errors of arguments.
    runs.extend([
        vec!["--help", "--lang", "fr"],
        vec!["-h", "--lang", "fr"],
        vec!["lint", "--help", "--lang", "fr"],
        vec!["init", "--help", "--lang=fr"],
        vec!["render", "-h", "--lang", "fr"],
        vec!["import", "--help", "--lang", "fr"],
        vec!["lint", "--bogus", "--lang", "fr"],
        vec!["lint", "--format", "xml", "--lang", "fr"],
        vec!["lintt", "--lang", "fr"],
        vec!["explain", "--lang", "fr"],
        vec!["lint", "--today", "2026-13-01", "--lang", "fr"],
        vec!["lint", "--max-size", "lots", "--lang", "fr"],
        vec!["init", "--public-body", "maybe", "--lang", "fr"],
        vec!["--config", "a.toml", "--no-config", "lint", "--lang", "fr"],
    ]);
    // Files that cannot be read.
    let unreadable = unreadable_files(dir.path());
    for path in &unreadable {
        runs.push(vec!["lint", path, "--lang", "fr"]);
    }
    let (large, not_utf8) = (&unreadable[0], &unreadable[3]);
    runs.push(vec!["lint", large, "--max-size", "1K", "--lang", "fr"]);
    runs.push(vec!["import", not_utf8, "-o", "-", "--lang", "fr"]);
    for path in &invalid {
        for format in ["human", "concise", "matrix"] {
            runs.push(vec!["lint", path, "--format", format]);
        }
        runs.push(vec!["render", path]);
    }
    // What surrounds a run: configuration, user packs, templates, output files, limits.
    let wrong = wrong_surroundings(dir.path());
    let at = |name: &str| wrong[name].as_str();
    for config in ["config.toml", "missing.toml"] {
        runs.push(vec![
            "--config",
            at(config),
            "lint",
            FRENCH_CHARTER,
            "--lang",
            "fr",
        ]);
    }
    for pack in [
        "pack-utf16.yaml",
        "pack-bad.yaml",
        "pack-bad-pattern.yaml",
        "missing-pack.yaml",
    ] {
        runs.push(vec![
            "lint",
            FRENCH_CHARTER,
            "--pack",
            at(pack),
            "--lang",
            "fr",
        ]);
    }
    runs.push(vec![
        "import",
        at("tiny.md"),
        "--pack",
        at("pack-bad.yaml"),
        "-o",
        "-",
        "--lang",
        "fr",
    ]);
    runs.push(vec![
        "fix",
        at("tiny.md"),
        "--pack",
        at("pack-utf16.yaml"),
        "--lang",
        "fr",
    ]);
    for template in [
        "tpl/missing.md.j2",
        "tpl/include-folder.md.j2",
        "tpl/include-outside.md.j2",
        "tpl/syntax.md.j2",
    ] {
        runs.push(vec!["render", FRENCH_CHARTER, "--template", at(template)]);
    }
    runs.push(vec!["render", FRENCH_CHARTER, "-o", at("existing.md")]);
    runs.push(vec![
        "import",
        at("tiny.md"),
        "-o",
        at("existing.md"),
        "--lang",
        "fr",
    ]);
    runs.push(vec![
        "lint",
        at("tiny.md"),
        "--max-size",
        "9",
        "--lang",
        "fr",
    ]);
    runs.extend([
        vec!["man", "--lang", "fr"],
        vec!["man", "lint", "--lang", "fr"],
        vec!["man", "lnt", "--lang", "fr"],
    ]);
    // `serve` on a file it cannot read stops before serving.
    let folder = &unreadable[5];
    runs.push(vec!["serve", folder, "--lang", "fr"]);
    let mut found = Vec::new();
    for args in &runs {
        let (_, out, err) = run_with(&[], args);
        // The HTML page: only its text, not its tags and styles.
        let out = if out.starts_with("<!DOCTYPE") {
            strip_tags(&out)
        } else {
            out
        };
        for (stream, text) in [("stdout", &out), ("stderr", &err)] {
            // Source snippets (`12 | …`) quote the user's file.
            let is_snippet = |line: &str| {
                let head = line.trim_start();
                head.starts_with('|')
                    || head
                        .split_once(" |")
                        .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
            };
            for line in text.lines().filter(|line| !is_snippet(line)) {
                let words = english_words(line);
                if !words.is_empty() {
                    found.push(format!("{args:?} {stream}: {words:?} in {line}"));
                }
            }
        }
    }
    // A French locale and no `--lang`: the command line's words follow the locale.
    let fish = |locale: &[(&str, &str)], lang: &[&str]| {
        let (_, out, _) = run_with(locale, &[&["completions", "fish"], lang].concat());
        assert!(out.contains("complete -c charter"), "{out}");
        fish_descriptions(&out)
    };
    for (args, script) in [
        ("completions fish --lang fr", fish(&[], &["--lang", "fr"])),
        (
            "LANG=fr completions fish",
            fish(&[("LANG", "fr_FR.UTF-8")], &[]),
        ),
    ] {
        for line in script.lines() {
            let words = english_words(line);
            if !words.is_empty() {
                found.push(format!("{args}: {words:?} in {line}"));
            }
        }
    }
    for args in [
        vec!["lint", "--help"],
        vec!["lint", "--lang"],
        vec!["explain"],
        vec!["man"],
        vec!["--config", at("missing.toml"), "lint", FRENCH_CHARTER],
        vec!["lint", FRENCH_CHARTER, "--pack", at("pack-bad.yaml")],
        vec![
            "render",
            FRENCH_CHARTER,
            "--template",
            at("tpl/missing.md.j2"),
        ],
        vec!["lint", at("tiny.md"), "--max-size", "9"],
    ] {
        let (_, out, err) = run_with(&[("LANG", "fr_FR.UTF-8")], &args);
        for line in out.lines().chain(err.lines()) {
            let words = english_words(line);
            if !words.is_empty() {
                found.push(format!("LANG=fr {args:?}: {words:?} in {line}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English in French runs:\n{}",
        found.join("\n")
    );
    assert!(Path::new(out_md).exists());
}

fn strip_tags(html: &str) -> String {
    let body = html.split("</style>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut inside = false;
    for c in body.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn parser_errors_are_said_in_french_with_the_parser_words_as_detail() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut out = String::new();
    for path in invalid_charters(dir.path()) {
        let name = Path::new(&path).file_name().expect("name");
        let name = name.to_str().expect("UTF-8");
        let run = common::run_in(dir.path(), &["lint", name, "--format", "concise"]);
        assert_eq!(run.code, 2, "{name}: {}{}", run.stdout, run.stderr);
        out.push_str(&run.stdout);
    }
    insta::assert_snapshot!("parser-errors-fr", out);
}

#[test]
fn top_level_invalid_values_point_at_the_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    invalid_charters(dir.path());
    for (name, line, column) in [
        ("date.yaml", 15, 10),
        ("date-fr.yaml", 15, 10),
        ("boolean.yaml", 21, 15),
    ] {
        let run = common::run_in(dir.path(), &["lint", name, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
        let diagnostic = &report["files"][0]["diagnostics"][0];
        assert_eq!(
            (diagnostic["line"].as_u64(), diagnostic["column"].as_u64()),
            (Some(line), Some(column)),
            "{name}: {diagnostic}"
        );
    }
}

#[test]
fn a_duplicate_use_id_is_said_with_elision() {
    let dir = tempfile::tempdir().expect("temp dir");
    let valid = std::fs::read_to_string(root().join("examples/ville-exemple/charter.yaml"))
        .expect("example");
    let text = valid.replacen(
        "  - id: champ-lexical-mots-cles",
        "  - id: resumes-documents-techniques",
        1,
    );
    assert_ne!(text, valid);
    std::fs::write(dir.path().join("charte.yaml"), text).expect("written");
    let run = common::run_in(dir.path(), &["lint", "charte.yaml", "--format", "concise"]);
    assert!(
        run.stdout
            .contains("identifiant d’usage en double `resumes-documents-techniques`"),
        "{}",
        run.stdout
    );
}
