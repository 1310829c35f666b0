//! `charter render`: the committed renders of the examples (`examples/*/rendered/`, their
//! snapshots) kept equal to fresh renders, drafts and `--final`, safe HTML from a hostile charter, and the
//! sandbox of custom templates (strict undefined, fuel, includes beside the template only).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use assert_cmd::Command;

const TODAY: &str = "2026-11-28";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run printed, and its exit code.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `charter ARGS` from the repository root.
fn charter(args: &[&str]) -> Run {
    let output = Command::cargo_bin("charter")
        .expect("the charter binary is built")
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("charter runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `charter render CHARTER --format FORMAT --today TODAY [EXTRA]`, which must succeed.
fn render(charter_file: &str, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["render", charter_file, "--format", format, "--today", TODAY];
    args.extend_from_slice(extra);
    let run = charter(&args);
    assert_eq!(run.code, 0, "{charter_file} ({format}): {}", run.stderr);
    run.stdout
}

fn example(name: &str) -> String {
    format!("examples/{name}/charter.yaml")
}

/// The examples' folders that hold a charter.
fn example_folders() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("charter.yaml").is_file())
        .collect();
    folders.sort();
    folders
}

#[test]
fn committed_renders_equal_fresh_renders() {
    let folders = example_folders();
    assert!(folders.len() >= 3, "examples: {folders:?}");
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        for format in ["md", "html"] {
            let committed = folder.join("rendered").join(format!("charter.{format}"));
            let committed = std::fs::read_to_string(&committed).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; run scripts/render-examples.sh",
                    committed.display()
                )
            });
            assert!(
                committed == render(&example(&name), format, &[]),
                "examples/{name}/rendered/charter.{format} is out of date: run scripts/render-examples.sh"
            );
        }
        let committed = folder.join("rendered").join("charter.docx");
        let committed = std::fs::read(&committed).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run scripts/render-examples.sh",
                committed.display()
            )
        });
        assert!(
            committed == render_docx(&example(&name)),
            "examples/{name}/rendered/charter.docx is out of date: run scripts/render-examples.sh"
        );
    }
}

/// The bytes of `charter render CHARTER -o FILE.docx`.
fn render_docx(charter_file: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("charter.docx");
    let run = charter(&[
        "render",
        charter_file,
        "--today",
        TODAY,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    std::fs::read(out).unwrap()
}

/// A part of a `.docx` (a zip archive) as text.
fn docx_part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip archive");
    let mut part = archive.by_name(name).expect("the part exists");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut part, &mut text).unwrap();
    text
}

/// Text of XML with the five predefined entities decoded.
fn xml_unescape(xml: &str) -> String {
    xml.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[test]
fn docx_has_heading_styles_tables_and_the_clause_titles() {
    let docx = render_docx(&example("newsroom"));
    let document = docx_part(&docx, "word/document.xml");
    let styles = docx_part(&docx, "word/styles.xml");
    for style in ["Title", "Heading1", "Heading2"] {
        assert!(
            document.contains(&format!(r#"<w:pStyle w:val="{style}" />"#)),
            "{style} paragraphs"
        );
        assert!(
            styles.contains(&format!(r#"w:styleId="{style}""#)),
            "{style} defined"
        );
    }
    assert!(styles.contains(r#"<w:name w:val="heading 1" />"#));
    assert!(styles.contains(r#"<w:outlineLvl w:val="0" />"#));
    assert_eq!(document.matches("<w:tbl>").count(), 2, "uses and tools");
    assert!(document.contains("<w:numPr>"), "lists");
    let text = xml_unescape(&document);
    let md = render(&example("newsroom"), "md", &[]);
    let titles: Vec<&str> = md
        .lines()
        .filter_map(|line| line.strip_prefix("### "))
        .collect();
    assert!(titles.len() > 10);
    for title in titles {
        assert!(text.contains(title), "clause title {title}");
    }
    for words in [
        "Uses of AI",
        "Allowed under conditions",
        "Standards Editor",
        "1 October 2026",
    ] {
        assert!(text.contains(words), "{words}");
    }
}

/// The values of `attribute="…"` in a text.
fn attribute_values<'a>(text: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"");
    text.match_indices(&needle)
        .filter_map(|(start, _)| {
            let rest = &text[start + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn every_contents_link_has_its_target() {
    for name in ["ville-exemple", "newsroom", "draft-incomplete"] {
        let html = render(&example(name), "html", &[]);
        let ids = attribute_values(&html, "id");
        let links = attribute_values(&html, "href");
        assert!(links.len() > 5);
        for link in links.iter().filter_map(|l| l.strip_prefix('#')) {
            assert!(ids.contains(&link), "{name}: #{link} has no target");
        }
        let document = docx_part(&render_docx(&example(name)), "word/document.xml");
        let bookmarks = attribute_values(&document, "w:name");
        let anchors = attribute_values(&document, "w:anchor");
        assert!(anchors.len() > 5);
        for anchor in anchors {
            assert!(
                bookmarks.contains(&anchor),
                "{name}: {anchor} has no bookmark"
            );
        }
    }
}

#[test]
fn docx_of_a_hostile_charter_is_well_formed_text() {
    let docx = render_docx("tests/fixtures/render/hostile.yaml");
    let document = docx_part(&docx, "word/document.xml");
    assert!(!document.contains("<script"));
    // Shown as text (in the charter's typography), never as markup.
    assert!(xml_unescape(&document).contains("<script>document.title=’PWNED’</script>"));
    let relationships = docx_part(&docx, "word/_rels/document.xml.rels");
    assert!(!relationships.to_ascii_lowercase().contains("javascript:"));
    assert!(relationships.contains("https://tracker.example/pixel.png"));
}

#[test]
fn a_draft_is_marked_and_lists_its_errors() {
    let md = render(&example("draft-incomplete"), "md", &[]);
    assert!(md.contains("> **Brouillon — "), "{md}");
    assert!(
        md.contains("> - La clause «\u{a0}Fiabilité et vérification\u{a0}» manque."),
        "{md}"
    );
    let html = render(&example("draft-incomplete"), "html", &[]);
    assert!(html.contains(r#"<section class="draft""#));
    let final_md = render(&example("newsroom"), "md", &[]);
    assert!(!final_md.contains("Draft —"));
}

#[test]
fn final_refuses_a_charter_with_errors() {
    let run = charter(&[
        "render",
        &example("draft-incomplete"),
        "--final",
        "--today",
        TODAY,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("--final"), "{}", run.stderr);
    assert!(run.stderr.contains("missing-clause"), "{}", run.stderr);
    let clean = charter(&["render", &example("newsroom"), "--final", "--today", TODAY]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
}

#[test]
fn an_invalid_charter_exits_2_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "charter: 1\ntitle: T\nlang: en\ntittle: typo\n").unwrap();
    let run = charter(&["render", bad.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("unknown-field"), "{}", run.stderr);
    let missing = charter(&["render", "no/such/charter.yaml"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("unreadable-file"),
        "{}",
        missing.stderr
    );
}

#[test]
fn writes_files_atomically_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("charter.html");
    let out_arg = out.to_str().unwrap();
    let args = ["render", "examples/newsroom/charter.yaml", "-o", out_arg];
    assert_eq!(charter(&args).code, 0);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "format from the extension"
    );
    std::fs::write(&out, "keep me").unwrap();
    let again = charter(&args);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let forced = charter(&[&args[..], &["--force"]].concat());
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}

#[test]
fn the_format_comes_from_the_flag_then_the_extension_then_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let md = charter(&["render", "examples/newsroom/charter.yaml"]);
    assert!(md.stdout.starts_with("# Generative AI in the Newsroom"));
    let unknown = dir.path().join("charter.pdf");
    let run = charter(&[
        "render",
        "examples/newsroom/charter.yaml",
        "-o",
        unknown.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--format"), "{}", run.stderr);
    let docx = charter(&[
        "render",
        "examples/newsroom/charter.yaml",
        "--format",
        "docx",
    ]);
    assert_eq!(docx.code, 2, "docx needs -o");
}

/// Every opening tag of an HTML page (text `<` is escaped, so each `<` that is not `</`
/// or `<!` opens an element).
fn tags(html: &str) -> Vec<&str> {
    html.match_indices('<')
        .filter_map(|(start, _)| {
            let end = html[start..].find('>')? + start;
            let tag = &html[start..=end];
            (!tag.starts_with("</") && !tag.starts_with("<!")).then_some(tag)
        })
        .collect()
}

#[test]
fn a_hostile_charter_renders_inert_html() {
    let html = render("tests/fixtures/render/hostile.yaml", "html", &[]);
    assert!(!html.contains("<script"), "a script element");
    assert!(!html.contains("<img"), "an image element");
    assert!(!html.contains("<svg") && !html.contains("<iframe"));
    for tag in tags(&html) {
        let lower = tag.to_ascii_lowercase();
        for attribute in ["onerror=", "onload=", "onclick=", "onmouseover=", " on"] {
            assert!(!lower.contains(attribute), "event handler in {tag}");
        }
        assert!(!lower.contains("javascript:"), "javascript: URL in {tag}");
        assert!(!lower.contains("data:"), "data: URL in {tag}");
    }
    // The payloads are still there, as text.
    assert!(html.contains("&lt;script&gt;document.title="));
    assert!(html.contains("&lt;img src=x onerror="));
    // Markdown links keep only http(s) and mailto targets; images become links.
    assert!(html.contains(r#"<a href="https://tracker.example/pixel.png">tracker</a>"#));
    for tag in tags(&html).iter().filter(|t| t.starts_with("<a ")) {
        assert!(
            tag.contains(r##"href="#"##)
                || tag.contains(r#"href="https://"#)
                || tag.contains(r#"href="mailto:"#),
            "link target not allowed: {tag}"
        );
    }
}

#[test]
fn html_is_self_contained_and_accessible() {
    let html = render(&example("ville-exemple"), "html", &[]);
    assert!(html.contains(r#"<html lang="fr">"#));
    assert_eq!(html.matches("<h1").count(), 1);
    for landmark in ["<header>", "<nav ", "<main ", "<footer>"] {
        assert!(html.contains(landmark), "{landmark}");
    }
    assert!(html.contains(r#"<th scope="col">"#));
    assert!(!html.contains(r"<th>"), "every header cell has a scope");
    assert!(html.contains("@media print"));
    for fetch in ["<script", "<link", "<img", "src=", "url(", "@import"] {
        assert!(
            !html.contains(fetch),
            "{fetch} would fetch or run something"
        );
    }
    // Headings go h1, h2, h3 without skipping a level.
    let mut previous = 1;
    for tag in tags(&html) {
        if let Some(level) = tag
            .strip_prefix("<h")
            .and_then(|rest| rest.chars().next())
            .and_then(|c| c.to_digit(10))
        {
            assert!(level <= previous + 1, "h{level} after h{previous}");
            previous = level;
        }
    }
}

#[test]
fn french_documents_have_no_english_fixed_wording() {
    let docx = xml_unescape(&docx_part(
        &render_docx(&example("ville-exemple")),
        "word/document.xml",
    ));
    let documents = [
        ("md", render(&example("ville-exemple"), "md", &[])),
        ("html", render(&example("ville-exemple"), "html", &[])),
        ("docx", docx),
    ];
    for (format, text) in documents {
        for english in [
            "Table of contents",
            "Uses of AI",
            "AI tools",
            "Approved",
            "Allowed",
            "Forbidden",
            "Appendix",
            "Checked on",
            "October",
            "November",
            "error(s)",
            "Owner",
        ] {
            assert!(!text.contains(english), "{format}: `{english}`");
        }
        assert!(text.contains("1er octobre 2026"), "{format}");
        assert!(text.contains("28 novembre 2026"), "{format}");
    }
    let english = render(&example("newsroom"), "md", &[]);
    assert!(english.contains("1 October 2026"));
}

#[test]
fn clauses_follow_pack_order() {
    let md = render(&example("newsroom"), "md", &[]);
    let position = |title: &str| {
        md.find(&format!("### {title}"))
            .unwrap_or_else(|| panic!("{title}"))
    };
    assert!(position("Purpose and scope") < position("Human oversight"));
    assert!(position("Human oversight") < position("Governance and review"));
}

/// A temporary folder with `templates/main.md.j2` and the other files given (relative to
/// `templates/`); returns the folder and the path of `main.md.j2`.
fn template_folder(main: &str, others: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("main.md.j2"), main).unwrap();
    for (name, text) in others {
        let path = templates.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let main = templates.join("main.md.j2").to_string_lossy().into_owned();
    (dir, main)
}

fn render_with(template: &str) -> Run {
    charter(&[
        "render",
        "examples/newsroom/charter.yaml",
        "--template",
        template,
        "--today",
        TODAY,
    ])
}

#[test]
fn a_custom_template_can_include_files_beside_it() {
    let (_dir, main) = template_folder(
        "{% include \"parts/head.j2\" %}{% for c in clauses %}* {{ c.title }}\n{% endfor %}",
        &[("parts/head.j2", "# {{ charter.title }} ({{ lang }})\n")],
    );
    let run = render_with(&main);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .starts_with("# Generative AI in the Newsroom (en)\n* Purpose and scope\n"));
}

#[test]
fn a_custom_template_with_an_undefined_variable_fails_clearly() {
    let (_dir, main) = template_folder("{{ charter.titel }}", &[]);
    let run = render_with(&main);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("undefined") && run.stderr.contains("charter.titel"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("main.md.j2:1"), "{}", run.stderr);
}

#[test]
fn a_custom_template_cannot_loop_for_ever() {
    for endless in [
        "{% for i in range(100000000) %}x{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    ] {
        let (_dir, main) = template_folder(endless, &[]);
        let started = Instant::now();
        let run = render_with(&main);
        assert_eq!(run.code, 2, "{endless}: {}", run.stderr);
        assert!(run.stderr.contains("main.md.j2"), "{}", run.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{endless} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_custom_template_cannot_include_files_outside_its_folder() {
    let (dir, main) = template_folder("", &[]);
    std::fs::write(dir.path().join("secret.j2"), "SECRET").unwrap();
    for name in ["../secret.j2", "/etc/passwd", "parts/../../secret.j2"] {
        std::fs::write(&main, format!("{{% include \"{name}\" %}}")).unwrap();
        let run = render_with(&main);
        assert_eq!(run.code, 2, "{name}");
        assert!(!run.stdout.contains("SECRET"));
        assert!(run.stderr.contains("refused"), "{name}: {}", run.stderr);
    }
    #[cfg(unix)]
    {
        let link = dir.path().join("templates").join("link.j2");
        std::os::unix::fs::symlink(dir.path().join("secret.j2"), link).unwrap();
        std::fs::write(&main, "{% include \"link.j2\" %}").unwrap();
        let run = render_with(&main);
        assert_eq!(run.code, 2);
        assert!(!run.stdout.contains("SECRET"));
        assert!(run.stderr.contains("outside"), "{}", run.stderr);
    }
}

#[test]
fn a_custom_html_template_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("page.html.j2");
    std::fs::write(&template, "<h1>{{ charter.title }}</h1>").unwrap();
    let run = charter(&[
        "render",
        "tests/fixtures/render/hostile.yaml",
        "--format",
        "html",
        "--template",
        template.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("<h1>&lt;script&gt;"),
        "{}",
        run.stdout
    );
}

/// The text a reader sees in an HTML page: no style, tags or entities.
fn html_text(html: &str) -> String {
    let body = html.split("</style>").last().unwrap_or(html);
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    xml_unescape(&tags.replace_all(body, " "))
}

/// The text a reader sees in a Word file: the `w:t` runs of its body, one a line.
fn docx_text(docx: &[u8]) -> String {
    let runs = regex::Regex::new(r"<w:t[^>]*>([^<]*)</w:t>").unwrap();
    let document = docx_part(docx, "word/document.xml");
    runs.captures_iter(&document)
        .map(|c| xml_unescape(&c[1]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An example rendered in every format, as (format, the text a reader sees).
fn every_format(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("md", render(&example(name), "md", &[])),
        ("html", html_text(&render(&example(name), "html", &[]))),
        ("docx", docx_text(&render_docx(&example(name)))),
    ]
}

/// The words of `policies/messages.yaml` for `render-*` keys in `lang`, by key.
fn render_wording(lang: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("policies/messages.yaml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    yaml["text"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter_map(|(key, value)| {
            let key = key.as_str()?;
            let words = value[lang].as_str()?;
            key.starts_with("render-")
                .then(|| (key.to_owned(), words.to_owned()))
        })
        .collect()
}

/// The catalogue's clause ids (English words joined by `-`).
fn clause_ids() -> Vec<String> {
    std::fs::read_dir(root().join("policies/clauses"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect()
}

/// Markdown lines that `charter` writes itself (not the charter's own clause Markdown).
fn fixed_markdown_lines(md: &str) -> Vec<&str> {
    md.lines()
        .filter(|line| {
            line.starts_with('>')
                || line.starts_with('|')
                || line.starts_with('#')
                || line.starts_with("- **")
                || line.starts_with("- [")
                || line.starts_with("  - [")
        })
        .collect()
}

/// The pieces of the fixed wording in `lang` (between `{0}`-style placeholders, three
/// letters or more) that the `other` language does not share for the same key.
fn foreign_wording(lang: &str, other: &str) -> Vec<String> {
    let others = render_wording(other);
    render_wording(lang)
        .into_iter()
        .filter(|(key, _)| !key.starts_with("render-data-class-"))
        .flat_map(|(key, words)| {
            let theirs = others
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(String::new(), |(_, w)| w.clone());
            regex::Regex::new(r"\{\d\}")
                .unwrap()
                .split(&words)
                .map(str::trim)
                .filter(|piece| piece.chars().filter(|c| c.is_alphabetic()).count() >= 3)
                .filter(|piece| !theirs.contains(piece))
                .map(plain)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Text with typographic apostrophes and no-break spaces made plain, to compare wording.
fn plain(text: &str) -> String {
    text.replace(['’', '‘'], "'")
        .replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn documents_hold_no_wording_id_or_markdown_of_the_other_language_in_any_format() {
    let english = foreign_wording("en", "fr");
    assert!(english.iter().any(|w| w == "Uses of AI"), "{english:?}");
    let french = foreign_wording("fr", "en");
    assert!(french.iter().any(|w| w == "Usages de l'IA"), "{french:?}");
    let ids = clause_ids();
    assert!(ids.iter().any(|id| id == "accuracy-verification"));
    // Link targets are not read (Markdown anchors are slugs of the titles; the appendix's
    // source links are web addresses, which may hold English words or a clause id).
    let targets = regex::Regex::new(r"\]\(#[^)]*\)|https://[^\s>)]+").unwrap();
    for (name, foreign, ids) in [
        ("ville-exemple", &english, ids.clone()),
        ("draft-incomplete", &english, ids.clone()),
        // English prose may say "security": only the ids that are not words count there.
        (
            "newsroom",
            &french,
            ids.iter().filter(|id| id.contains('-')).cloned().collect(),
        ),
    ] {
        for (format, text) in every_format(name) {
            let text = plain(&targets.replace_all(&text, "]"));
            for words in foreign {
                let pattern = format!(r"\b{}\b", regex::escape(words));
                assert!(
                    !regex::Regex::new(&pattern).unwrap().is_match(&text),
                    "{name} ({format}): `{words}` from the other language"
                );
            }
            for id in &ids {
                assert!(
                    !text.contains(id.as_str()),
                    "{name} ({format}): clause id `{id}`"
                );
            }
            let fixed = if format == "md" {
                fixed_markdown_lines(&text).join("\n")
            } else {
                text.clone()
            };
            assert!(
                !fixed.contains('`'),
                "{name} ({format}): a backtick in\n{fixed}"
            );
        }
    }
}

#[test]
fn the_draft_banner_names_clauses_by_title_in_every_format() {
    for (format, text) in every_format("draft-incomplete") {
        for line in [
            "La clause «\u{a0}Fiabilité et vérification\u{a0}» manque.",
            "La clause «\u{a0}Usages interdits\u{a0}» est vide.",
            "La clause «\u{a0}Outils autorisés et comptes\u{a0}» contient encore du texte provisoire.",
            "L’usage «\u{a0}visuels-reseaux\u{a0}» cite l’outil non déclaré «\u{a0}generateur-images\u{a0}»",
        ] {
            assert!(text.contains(line), "{format}: `{line}` in\n{text}");
        }
        // The placeholder itself is not quoted, so nothing is cut mid-sentence.
        assert!(!text.contains("texte provisoire «"), "{format}");
    }
}

#[test]
fn typography_follows_the_language_in_every_format() {
    for (format, text) in every_format("ville-exemple") {
        // The charter's own text and the fixed wording alike.
        for set in [
            "«\u{a0}Image générée par IA\u{a0}»",
            "l’intelligence artificielle",
            "Usages de l’IA",
            "chaque compte\u{202f}; la DSI",
            "Annexe\u{a0}: vérification",
            "publiques, internes",
        ] {
            assert!(text.contains(set), "{format}: `{set:?}`");
        }
        for unset in [" :", " ;", " !", " ?", "« ", " »", "l'IA"] {
            assert!(!text.contains(unset), "{format}: `{unset}` left as typed");
        }
    }
    // Conditions joined on one line (Markdown table cells) with the French semicolon.
    let md = render(&example("ville-exemple"), "md", &[]);
    assert!(
        md.contains("non confidentiels\u{202f}; Chaque chiffre"),
        "{md}"
    );
    for (format, text) in every_format("newsroom") {
        assert!(
            !text.contains("\u{202f}") && !text.contains("\u{a0}:"),
            "{format}"
        );
        assert!(
            text.contains('’'),
            "{format}: English apostrophes are curly"
        );
        assert!(!text.contains(" '"), "{format}");
    }
}

#[test]
fn word_documents_have_page_numbers_contents_language_and_properties() {
    for (name, locale, page, author, title) in [
        (
            "ville-exemple",
            "fr-FR",
            ["Page ", " sur "],
            "Ville d’Exemple",
            "Charte d’usage de l’intelligence artificielle générative",
        ),
        ("newsroom", "en-GB", ["Page ", " of "], "", ""),
    ] {
        let docx = render_docx(&example(name));
        let footer = docx_part(&docx, "word/footer1.xml");
        for needle in [
            "<w:instrText>PAGE</w:instrText>",
            "<w:instrText>NUMPAGES</w:instrText>",
        ] {
            assert!(footer.contains(needle), "{name}: {needle}");
        }
        for word in page {
            assert!(
                footer.contains(&format!(">{word}<")),
                "{name}: footer `{word}`"
            );
        }
        let document = xml_unescape(&docx_part(&docx, "word/document.xml"));
        assert!(
            document.contains(r#" TOC \o "1-2" \h \z \u "#),
            "{name}: a TOC field"
        );
        assert_eq!(
            document
                .matches("w:fldCharType=\"begin\" w:dirty=\"true\"")
                .count(),
            1
        );
        // The cached contents: one linked entry with a PAGEREF per section, under the field.
        let entries = document.matches(" PAGEREF _Toc").count();
        assert!(entries > 5, "{name}: {entries} contents entries");
        assert_eq!(
            document.matches("<w:pStyle w:val=\"ToC1\" />").count()
                + document.matches("<w:pStyle w:val=\"ToC2\" />").count(),
            entries
        );
        // Every table repeats its header row; rows do not split.
        assert_eq!(
            document.matches("<w:tbl>").count(),
            document.matches("<w:tblHeader />").count(),
            "{name}"
        );
        let styles = docx_part(&docx, "word/styles.xml");
        assert!(
            styles.contains(&format!(
                r#"<w:lang w:val="{locale}" w:eastAsia="{locale}" />"#
            )),
            "{name}"
        );
        let core = xml_unescape(&docx_part(&docx, "docProps/core.xml"));
        assert!(
            core.contains(&format!("<dc:language>{locale}</dc:language>")),
            "{name}"
        );
        assert!(core.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-28T00:00:00Z</dcterms:created>"#), "{name}");
        assert!(core.contains(r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-28T00:00:00Z</dcterms:modified>"#), "{name}");
        assert!(
            !core.contains("unknown") && !core.contains("1970"),
            "{name}: {core}"
        );
        if !author.is_empty() {
            assert!(
                core.contains(&format!("<dc:creator>{author}</dc:creator>")),
                "{core}"
            );
            assert!(
                core.contains(&format!("<dc:title>{title}</dc:title>")),
                "{core}"
            );
        }
    }
}

#[test]
fn printed_html_has_a_cover_page_numbers_and_one_block_per_use() {
    let html = render(&example("ville-exemple"), "html", &[]);
    assert!(
        html.contains(
            r#"@bottom-right { content: "Page " counter(page) " sur " counter(pages) "";"#
        ),
        "page numbers"
    );
    assert!(html.contains(
        r#"@bottom-left { content: "Charte d’usage de l’intelligence artificielle générative";"#
    ));
    assert!(
        html.contains("nav { break-after: page; }"),
        "the contents end the cover page"
    );
    assert!(
        !html.contains("nav, .skip { display: none; }"),
        "the contents are printed"
    );
    assert!(
        html.contains(r#"<td data-label="Pourquoi">"#),
        "uses print as labelled blocks"
    );
    let english = render(&example("newsroom"), "html", &[]);
    assert!(english.contains(r#"content: "Page " counter(page) " of " counter(pages) "";"#));
    // The title goes into the style sheet as a CSS string that cannot close it.
    let hostile = render("tests/fixtures/render/hostile.yaml", "html", &[]);
    assert_eq!(hostile.matches("</style").count(), 1);
    assert!(hostile.contains(r#"@bottom-left { content: "\3c script\3e document.title=’PWNED’\3c /script\3e Hostile \3c b\3e charter\3c /b\3e ";"#), "{hostile}");
}

#[test]
fn empty_uses_and_tools_sections_are_left_out_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("charter.yaml");
    std::fs::write(
        &file,
        "charter: 1\ntitle: Charte courte\nlang: fr\npacks: [baseline]\nclauses:\n  purpose-scope: La charte s’applique à toute l’équipe.\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let md = render(file, "md", &[]);
    let html = render(file, "html", &[]);
    let docx = docx_text(&render_docx(file));
    for (format, text) in [("md", md), ("html", html), ("docx", docx)] {
        for gone in [
            "Usages de l’IA",
            "Outils d’IA",
            "Aucun usage",
            "Aucun outil",
        ] {
            assert!(!text.contains(gone), "{format}: `{gone}`");
        }
        assert!(text.contains("Annexe\u{a0}: vérification"), "{format}");
    }
}

#[test]
fn the_appendix_lists_the_sources_with_link_and_check_date_in_the_charter_language() {
    let md = render(&example("ville-exemple"), "md", &[]);
    assert!(md.contains("### Sources des clauses\n"), "{md}");
    assert!(md.contains(
        "- Règlement (UE) 2024/1689 (RIA), art. 50, § 4, deuxième alinéa, \
         <https://eur-lex.europa.eu/eli/reg/2024/1689/oj> (texte vérifié le 5 décembre 2026)\n"
    ));
    let appendix = md.split("## Annexe").nth(1).expect("the appendix");
    for english in ["Regulation", "Art. ", "checked on", "AI Act", "GDPR"] {
        assert!(
            !appendix.contains(english),
            "{english} in the French appendix"
        );
    }
    let html = render(&example("newsroom"), "html", &[]);
    assert!(html.contains(
        "<li><a href=\"https://eur-lex.europa.eu/eli/reg/2024/1689/oj\">Regulation (EU) 2024&#x2f;1689 (AI Act), Art. 4</a> (text checked on 5 December 2026)</li>"
    ));
}
