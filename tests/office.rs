//! Word (.docx) and OpenDocument (.odt) drafts: the fixtures LibreOffice made
//! (`tests/fixtures/office/`) lint and import like their Markdown twins, hostile packages are
//! refused cleanly, and every draft of the development corpus keeps its coverage verdicts
//! when LibreOffice turns it into .docx and .odt (skipped, with the reason printed, when
//! LibreOffice or `../shared/corpus-dev` is missing).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{root, run_in, Run};
use serde_json::Value;

fn office() -> PathBuf {
    root().join("tests/fixtures/office")
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).expect("JSON report")
}

/// (clause, status) of the one file of a JSON report.
fn statuses(report: &Value) -> Vec<(String, String)> {
    report["files"][0]["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .map(|c| {
            (
                c["clause"].as_str().unwrap_or_default().to_owned(),
                c["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn fixtures_lint_the_same_as_docx_and_odt() {
    for name in ["charte-fr", "policy-en"] {
        let docx = run_in(
            &office(),
            &["lint", &format!("{name}.docx"), "--format", "json"],
        );
        let odt = run_in(
            &office(),
            &["lint", &format!("{name}.odt"), "--format", "json"],
        );
        assert_eq!(docx.code, 1, "{}", docx.stderr);
        assert_eq!(statuses(&json(&docx)), statuses(&json(&odt)), "{name}");
        insta::assert_snapshot!(format!("{name}-docx-json"), docx.stdout);
    }
}

#[test]
fn french_fixture_reads_styles_changes_and_waivers() {
    let report = json(&run_in(
        &office(),
        &["lint", "charte-fr.docx", "--format", "json"],
    ));
    let status = |clause: &str| {
        statuses(&report)
            .into_iter()
            .find(|(c, _)| c == clause)
            .map(|(_, s)| s)
    };
    // Headings styled « Titre 1 », the annotation waiver, the insertion read.
    assert_eq!(status("human-oversight").as_deref(), Some("covered"));
    assert_eq!(status("data-protection").as_deref(), Some("covered"));
    assert_eq!(status("public-interaction").as_deref(), Some("waived"));
    // Its table of uses (« Autorisé ») covers permitted-uses, which the Markdown twin
    // has no table for.
    assert_eq!(status("permitted-uses").as_deref(), Some("covered"));
    // Its Markdown twin gives the same verdicts, the waiver and the table aside.
    let twin = json(&run_in(
        &root().join("tests/fixtures/drafts"),
        &["lint", "charte-fr.md", "--format", "json"],
    ));
    for (clause, twin_status) in statuses(&twin) {
        if clause != "public-interaction" && clause != "permitted-uses" {
            assert_eq!(status(&clause), Some(twin_status), "{clause}");
        }
    }
}

#[test]
fn findings_name_the_paragraph_and_its_heading() {
    let human = run_in(&office(), &["lint", "policy-en.docx", "--lang", "fr"]);
    assert!(
        human
            .stdout
            .contains("--> policy-en.docx, § 14, sous «\u{a0}Uses\u{a0}»"),
        "{}",
        human.stdout
    );
    insta::assert_snapshot!("policy-en-docx-human-fr", human.stdout);
    let english = run_in(&office(), &["lint", "policy-en.odt"]);
    assert!(english
        .stdout
        .contains("--> policy-en.odt, § 14, under \"Uses\""));
    assert!(english.stdout.contains("--> policy-en.odt, § 1\n"));
    // In JSON, `line` is the paragraph number: 1 title, 2 introduction, 3 « Contrôle
    // humain », 4 its text, 5 « Données personnelles », 6 the rule under it (coverage
    // points at the sentence that states the rule).
    let report = json(&run_in(
        &office(),
        &["lint", "charte-fr.odt", "--format", "json"],
    ));
    let line = |clause: &str| {
        report["files"][0]["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["clause"] == clause)
            .and_then(|c| c["line"].as_u64())
    };
    assert_eq!(line("public-interaction"), Some(2));
    assert_eq!(line("data-protection"), Some(6));
}

#[test]
fn import_keeps_every_word_as_markdown() {
    let docx = run_in(&office(), &["import", "charte-fr.docx", "-o", "-"]);
    let odt = run_in(&office(), &["import", "charte-fr.odt", "-o", "-"]);
    assert_eq!(docx.code, 0, "{}", docx.stderr);
    insta::assert_snapshot!("charte-fr-docx-import", docx.stdout);
    assert_eq!(
        docx.stdout.replace("charte-fr.docx", "X"),
        odt.stdout.replace("charte-fr.odt", "X")
    );
    for kept in [
        "**relue et validée**",
        "elle ne décide jamais.",
        // French typography (no-break spaces) kept.
        "    - les *courriels* des usagers\u{a0};",
        "«\u{a0}Contenu généré avec l’aide de l’IA\u{a0}»",
        "[site de la CNIL](https://www.cnil.fr/)",
        "| Portraits réalistes | Interdit |",
        "Même à titre d’illustration.",
        "public-interaction: aucun agent conversationnel n’est ouvert au public",
        // Places are paragraph numbers, as in `lint`.
        "# Contrôle humain (brouillon, § 3)",
        "# Usages interdits (brouillon, § 6)",
    ] {
        assert!(docx.stdout.contains(kept), "{kept}");
    }
    assert!(
        !docx.stdout.contains("parfois"),
        "a tracked deletion is not read"
    );
    // Written to a file: the charter lints, and is not overwritten without --force.
    let dir = tempfile::tempdir().unwrap();
    let docx_path = office().join("policy-en.docx");
    let docx_path = docx_path.to_str().unwrap();
    let written = run_in(dir.path(), &["import", docx_path, "-o", "c.yaml"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let again = run_in(dir.path(), &["import", docx_path, "-o", "c.yaml"]);
    assert_eq!(again.code, 2);
    let lint = run_in(dir.path(), &["lint", "c.yaml", "--format", "json"]);
    assert_ne!(lint.code, 2, "{}", lint.stdout);
}

#[test]
fn fix_refuses_a_word_document_and_names_what_works() {
    for lang in ["en", "fr"] {
        let run = run_in(&office(), &["fix", "charte-fr.docx", "--lang", lang]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("charter import charte-fr.docx"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("charter render"), "{}", run.stderr);
    }
}

#[test]
fn a_folder_walk_skips_word_lock_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        office().join("policy-en.docx"),
        dir.path().join("policy-en.docx"),
    )
    .unwrap();
    std::fs::write(dir.path().join("~$policy-en.docx"), b"\x0bowner").unwrap();
    let walked = run_in(dir.path(), &["lint", ".", "--format", "json"]);
    assert_eq!(walked.code, 1, "{}", walked.stdout);
    assert_eq!(json(&walked)["files"].as_array().map(Vec::len), Some(1));
    // Named on the command line, it is read, and refused.
    let named = run_in(dir.path(), &["lint", "~$policy-en.docx"]);
    assert_eq!(named.code, 2);
}

#[test]
fn a_folder_walk_finds_docx_and_odt() {
    let run = run_in(&office(), &["lint", ".", "--format", "json"]);
    let report = json(&run);
    let mut paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "./README.md",
            "./charte-fr.docx",
            "./charte-fr.odt",
            "./policy-en.docx",
            "./policy-en.odt"
        ]
    );
}

/// A zip package of the given entries, stored or deflated.
fn package(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn docx_with(document: &str) -> Vec<u8> {
    package(&[("word/document.xml", document.as_bytes())])
}

/// Lints `bytes` saved as `name`; returns the exit code and the reason of the one
/// `unreadable-file` finding.
fn refused(name: &str, bytes: &[u8], extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let mut args = vec!["lint", name, "--format", "json"];
    args.extend_from_slice(extra);
    let run = run_in(dir.path(), &args);
    let report = json(&run);
    let finding = &report["files"][0]["diagnostics"][0];
    assert_eq!(finding["code"], "unreadable-file", "{name}: {}", run.stdout);
    (
        run.code,
        finding["message"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn hostile_packages_are_refused_cleanly() {
    let body =
        |inner: &str| format!(r#"<w:document xmlns:w="w"><w:body>{inner}</w:body></w:document>"#);
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>{}"#,
        body("<w:p><w:r><w:t>&b;</w:t></w:r></w:p>")
    );
    let deep = body(&format!(
        "{}{}",
        "<w:p>".repeat(100_000),
        "</w:p>".repeat(100_000)
    ));
    let zeros = vec![b' '; 3 << 20];
    let mut bomb_document = body("<w:p><w:r><w:t>x</w:t></w:r></w:p>").into_bytes();
    bomb_document.extend_from_slice(&zeros);
    let many: Vec<(String, &[u8])> = (0..10_001).map(|i| (format!("f{i}"), &b""[..])).collect();
    let many: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let mut protected = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    protected.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let manifest = br#"<manifest:manifest xmlns:manifest="m"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"#;
    let cases: Vec<(&str, Vec<u8>, Vec<&str>, &str)> = vec![
        ("bomb.docx", docx_with(&laughs), vec![], "declares a DTD"),
        (
            "deep.docx",
            docx_with(&deep),
            vec![],
            "nests elements more than 256 deep",
        ),
        (
            "big.docx",
            package(&[("word/document.xml", &bomb_document)]),
            vec!["--max-size", "1M"],
            "over the size limit once decompressed",
        ),
        ("many.docx", package(&many), vec![], "10001 entries"),
        (
            "empty.docx",
            package(&[("word/other.xml", b"<a/>")]),
            vec![],
            "has no word/document.xml",
        ),
        (
            "empty.odt",
            package(&[("mimetype", b"application/vnd.oasis.opendocument.text")]),
            vec![],
            "has no content.xml",
        ),
        (
            "locked.odt",
            package(&[
                ("META-INF/manifest.xml", manifest),
                ("content.xml", b"garbage"),
            ]),
            vec![],
            "cannot read a protected document",
        ),
        (
            "locked.docx",
            protected,
            vec![],
            "cannot read a protected document",
        ),
        (
            "old.docx",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            vec![],
            "old binary Word document (.doc)",
        ),
        (
            "scan.docx",
            b"%PDF-1.7\n%binary".to_vec(),
            vec![],
            "PDF file",
        ),
        ("text.odt", b"just text".to_vec(), vec![], "not a zip file"),
        (
            "cut.docx",
            docx_with(&body(""))[..40].to_vec(),
            vec![],
            "zip package is damaged",
        ),
        (
            "broken.docx",
            docx_with("<w:document><w:body></w:p>"),
            vec![],
            "not well-formed XML",
        ),
    ];
    for (name, bytes, mut extra, expected) in cases {
        let (code, message) = refused(name, &bytes, &extra);
        assert_eq!(code, 2, "{name}");
        assert!(message.contains(expected), "{name}: {message}");
        // In French, in French only.
        extra.extend(["--lang", "fr"]);
        let (code, message) = refused(name, &bytes, &extra);
        assert_eq!(code, 2, "{name}");
        assert!(
            message.starts_with("impossible de lire"),
            "{name}: {message}"
        );
        assert!(!message.contains(expected), "{name}: {message}");
    }
}

#[test]
fn a_refusal_speaks_french_in_a_french_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scan.docx"), b"%PDF-1.7").unwrap();
    let run = run_in(dir.path(), &["lint", "scan.docx", "--lang", "fr"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("c’est un fichier PDF"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("PDF file"), "{}", run.stdout);
}

/// The coverage verdicts of a lint run over a folder, by file stem.
fn verdicts(dir: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let run = run_in(dir, &["lint", ".", "--format", "json"]);
    let report = json(&run);
    let mut found: Vec<(String, Vec<(String, String)>)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let path = Path::new(file["path"].as_str().unwrap_or_default());
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let single = serde_json::json!({ "files": [file] });
            (stem, statuses(&single))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn corpus_drafts_keep_their_verdicts_through_libreoffice() {
    let corpus = root().join("../shared/corpus-dev");
    if !corpus.is_dir() {
        println!("skipped: no {}", corpus.display());
        return;
    }
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let (markdown, html) = (work.path().join("md"), work.path().join("html"));
    std::fs::create_dir_all(&markdown).unwrap();
    std::fs::create_dir_all(&html).unwrap();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.front_matter_delimiter = Some("---".to_owned());
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            std::fs::write(markdown.join(format!("{name}.md")), &text).unwrap();
            let page = format!(
                "<html><head><meta charset=\"utf-8\"></head><body>{}</body></html>",
                comrak::markdown_to_html(&text, &options)
            );
            std::fs::write(html.join(format!("{name}.html")), page).unwrap();
        }
    }
    let expected = verdicts(&markdown);
    assert!(expected.len() > 10, "{} drafts", expected.len());
    for format in ["docx", "odt"] {
        let out = work.path().join(format);
        let pages: Vec<PathBuf> = std::fs::read_dir(&html)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let status = std::process::Command::new("soffice")
            .args([
                "--headless",
                "--infilter=HTML (StarWriter)",
                "--convert-to",
                format,
                "--outdir",
            ])
            .arg(&out)
            .args(&pages)
            .env("HOME", work.path())
            .output()
            .expect("soffice runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let got = verdicts(&out);
        assert_eq!(got.len(), expected.len(), "{format}");
        for ((name, want), (_, have)) in expected.iter().zip(&got) {
            assert_eq!(have, want, "{name}.{format} against {name}.md");
        }
    }
}
