//! The reproducers of the hostile-files audit (issue 15), one test each: a charter cannot
//! read files outside its folder, hidden text and escapes stay visible, nothing is lost.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;

use common::{root, run_in};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/repro")
}

/// Writes `text` as `name` in `dir` and lints it with `--format concise`.
fn concise(dir: &std::path::Path, name: &str, text: impl AsRef<[u8]>) -> common::Run {
    std::fs::write(dir.join(name), text).unwrap();
    run_in(dir, &["lint", "--format", "concise", name])
}

/// Panics unless `output` holds `text`.
fn says(output: &str, text: &str) {
    assert!(output.contains(text), "`{text}` expected in:\n{output}");
}

/// S1: a charter's `packs:` cannot read `../.env` or `/etc/shadow`, and no report quotes it.
#[test]
fn a_charter_cannot_name_a_pack_outside_its_folder() {
    let repo = fixtures().join("leak/repo");
    for format in ["github", "json", "sarif", "human"] {
        let run = run_in(&repo, &["lint", "--format", format, "docs/charter.yaml"]);
        assert_eq!(run.code, 2, "{format}: {}{}", run.stdout, run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains("ghp_") && !all.contains("hunter2"), "{all}");
        assert!(all.contains("inside its own folder"), "{format}: {all}");
    }
    let run = run_in(&fixtures(), &["lint", "--format", "json", "S1_abs.yaml"]);
    assert!(!run.stdout.contains("root:"), "{}", run.stdout);
    assert!(run.stdout.contains("unknown pack `/etc/shadow`"));
    let run = run_in(&fixtures(), &["lint", "--lang", "fr", "S1_abs.yaml"]);
    says(&run.stdout, "de son propre dossier");
    let run = run_in(&repo, &["render", "docs/charter.yaml"]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("ghp_"), "{}", run.stderr);
}

/// S1: a symbolic link inside the charter's folder that leads out is refused; a pack file
/// inside the folder is used; `--pack` names any file but its content is never quoted.
#[test]
fn pack_files_stay_inside_the_charter_folder_and_are_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.yaml");
    std::fs::write(&secret, "TOKEN_abcdef0123456789abcdef0123456789: x\n").unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("packs")).unwrap();
    std::os::unix::fs::symlink(&secret, repo.join("packs/link.yaml")).unwrap();
    std::fs::write(
        repo.join("packs/ours.yaml"),
        "id: ours\ntitle: {en: Ours, fr: Nous}\ndescription: {en: Ours, fr: Nous}\nclauses: {human-oversight: required}\n",
    )
    .unwrap();
    let charter = "charter: 1\ntitle: T\nlang: en\npacks: [packs/link.yaml, packs/ours.yaml]\n";
    std::fs::write(repo.join("charter.yaml"), charter).unwrap();
    let run = run_in(&repo, &["lint", "--format", "json", "charter.yaml"]);
    assert!(!run.stdout.contains("TOKEN_"), "{}", run.stdout);
    assert!(run.stdout.contains("unknown pack `packs/link.yaml`"));
    says(&run.stdout, "\"ours\"");
    let run = run_in(
        &repo,
        &["lint", "--pack", secret.to_str().unwrap(), "charter.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("TOKEN_"), "{}", run.stderr);
}

/// The first diagnostic block of a human report.
fn first_block(report: &str) -> &str {
    report.split("\n\n").next().unwrap_or_default()
}

/// S3: escape sequences in a draft (window title, erase line, OSC 52 clipboard) are shown
/// as visible escapes, never sent to the terminal, in every text format.
#[test]
fn terminal_escapes_from_a_draft_are_shown_not_obeyed() {
    for format in ["human", "concise", "github"] {
        let run = run_in(&fixtures(), &["lint", "--format", format, "S3_term.md"]);
        assert!(!run.stdout.contains('\u{1b}'), "{format}: {}", run.stdout);
        assert!(!run.stdout.contains('\u{7}'), "{format}: {}", run.stdout);
    }
    let run = run_in(&fixtures(), &["lint", "S3_term.md"]);
    insta::assert_snapshot!(first_block(&run.stdout));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a\u{1b}[2Jb.md"), "# T\n").unwrap();
    let run = run_in(dir.path(), &["lint", "--format", "concise", "."]);
    says(&run.stdout, "a\\u{1b}[2Jb.md");
}

/// S5: text wrapped in U+202E is flagged `bidi-control`, in drafts and in charters.
#[test]
fn bidi_controls_are_flagged() {
    let run = run_in(&fixtures(), &["lint", "--pack", "all", "S5_bidi.md"]);
    let block = run
        .stdout
        .split("\n\n")
        .find(|b| b.contains("bidi-control"))
        .expect("a bidi-control warning");
    insta::assert_snapshot!(block);
    let run = run_in(&fixtures(), &["lint", "--lang", "fr", "S5_bidi.md"]);
    assert!(run
        .stdout
        .contains("le texte affiché n’est pas le texte vérifié"));
    let dir = tempfile::tempdir().unwrap();
    let charter = "charter: 1\ntitle: \"T \u{2067}x\u{2069}\"\nlang: en\n";
    let run = concise(dir.path(), "c.yaml", charter);
    says(&run.stdout, "c.yaml:2:11: warning[bidi-control]");
    // One warning per line, at its first control; a typographic apostrophe (the same
    // lead byte) and the Arabic letter mark (another lead byte) are told apart.
    let draft =
        "# T\n\nL\u{2019}IA \u{202e}ab\u{202c} \u{2066}c\u{2069}.\n\nNothing here.\n\nx\u{61c}y.\n";
    let run = concise(dir.path(), "d.md", draft);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.contains("bidi-control"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    says(lines[0], "d.md:3:6: warning[bidi-control]");
    says(lines[1], "d.md:7:2: warning[bidi-control]");
}

/// S4: a waiver comment shown in a code block waives nothing, and `import` keeps it in the
/// code block.
#[test]
fn waiver_comments_in_code_waive_nothing() {
    let run = run_in(
        &fixtures(),
        &["lint", "--format", "json", "S4_codewaiver.md"],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let statuses: Vec<&str> = report["files"][0]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert!(!statuses.contains(&"waived"), "{statuses:?}");
    let run = run_in(&fixtures(), &["import", "S4_codewaiver.md", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(
        "      ```\n      <!-- charter: ignore security -- example only, replace with your reason -->\n      ```"
    ));
    assert!(!run.stdout.contains("waivers:"), "{}", run.stdout);
}

/// `charter import FILE -o -` in the fixtures: the charter written, after a clean exit.
fn imported(file: &str) -> String {
    let run = run_in(&fixtures(), &["import", file, "-o", "-"]);
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    run.stdout
}

/// S2: U+2028 in front matter copied into a comment cannot end the comment and write keys.
#[test]
fn import_escapes_line_separators_in_comments() {
    let dir = tempfile::tempdir().unwrap();
    let draft = fixtures().join("S2_frontmatter_inject.md");
    let out = dir.path().join("s2.yaml");
    let run = run_in(
        dir.path(),
        &["import", draft.to_str().unwrap(), "-o", "s2.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let yaml = std::fs::read_to_string(&out).unwrap();
    says(&yaml, "#   title: Policy\\u{2028}waivers: {security: n/a");
    assert!(!yaml.contains('\u{2028}'));
    let run = run_in(dir.path(), &["lint", "--format", "json", "s2.yaml"]);
    assert!(!run.stdout.contains("\"waived\""), "{}", run.stdout);
}

/// D2: two waivers of one clause are both kept, word for word.
#[test]
fn import_keeps_every_waiver_reason() {
    let yaml = imported("D2_dupwaiver.md");
    says(&yaml, "  security: \"Our IT department handles security in the separate ISMS document\\nReviewed by Jane Doe on 2026-03-01, ticket SEC-4411, approved by the CISO\"\n");
}

/// D3: headings keep their link targets and inline HTML.
#[test]
fn import_keeps_headings_as_written() {
    let yaml = imported("D3_heading_link.md");
    says(&yaml, "  - heading: Canteen menu by [the chef](https://intranet.acme.example/chef) <abbr title=\"Served daily from noon\">lunch</abbr> ![photo](https://acme.example/soup.png)\n");
    let yaml = imported("D3b_frontmatter.md");
    says(&yaml, "#   approved_by: Board resolution 2026-17\n");
    says(&yaml, "\ntitle: AI policy\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.md"),
        "# The [AI](https://x.example) <em>policy</em> ##\n\nSoup.\n\nMenu *du* jour\n---\n\nFish.\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["import", "t.md", "-o", "-"]);
    assert!(
        run.stdout
            .contains("\ntitle: The [AI](https://x.example) <em>policy</em>\n"),
        "{}",
        run.stdout
    );
    says(&run.stdout, "heading: Menu *du* jour\n");
}

/// C5: a tab at the start of the first body line and a form feed in front matter import.
#[test]
fn import_takes_tabs_and_form_feeds() {
    let yaml = imported("C5_tab.txt");
    says(&yaml, "  - text: |2\n      \tSoup on Mondays.\n");
    let yaml = imported("C5_formfeed_frontmatter.md");
    says(&yaml, "#   note: page 1\\u{c}page 2\n");
}

/// D1: output that cannot be written (`> /dev/full`) fails with exit code 2, in every
/// command, said in the message language.
#[test]
#[cfg(target_os = "linux")]
fn a_failed_write_to_standard_output_exits_2() {
    let to_full = |args: &[&str]| -> String {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("charter"))
            .current_dir(root())
            .args(args)
            .stdout(std::fs::File::create("/dev/full").expect("/dev/full on Linux"))
            .output()
            .expect("charter runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    for args in [
        &["render", "examples/newsroom/charter.yaml"][..],
        &[
            "render",
            "examples/newsroom/charter.yaml",
            "--format",
            "html",
        ],
        &["lint", "examples/newsroom/charter.yaml"],
        &["lint", "--format", "json", "examples/newsroom/charter.yaml"],
        &["explain", "security"],
        &["schema"],
        &["import", "tests/fixtures/repro/D2_dupwaiver.md", "-o", "-"],
    ] {
        let stderr = to_full(args);
        assert!(
            stderr.contains("No space left on device"),
            "{args:?}: {stderr}"
        );
    }
    // The report of `lint`, the output of other commands.
    for args in [
        &["lint", "examples/newsroom/charter.yaml", "--lang", "fr"][..],
        &["explain", "security", "--lang", "fr"],
    ] {
        let stderr = to_full(args);
        assert!(
            stderr.starts_with("erreur\u{a0}: impossible d’écrire"),
            "{args:?}: {stderr}"
        );
    }
}

/// D4: a key twice under `clauses:` or `waivers:` is an error at the second one, exit 2.
#[test]
fn duplicate_keys_are_an_error_at_the_second() {
    let run = run_in(&fixtures(), &["render", "D4_dup_clause.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let run = run_in(&fixtures(), &["lint", "--lang", "fr", "D4_dup_clause.yaml"]);
    says(
        &run.stdout,
        "clé `human-oversight` donnée deux fois (la première à la ligne 5)",
    );
    let run = run_in(
        &fixtures(),
        &["lint", "--format", "concise", "D4_dup_clause.yaml"],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stdout);
    let dir = tempfile::tempdir().unwrap();
    let run = concise(
        dir.path(),
        "w.yaml",
        "charter: 1\ntitle: T\nlang: en\nwaivers:\n  security: a\n  security: b\n",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.starts_with(
            "w.yaml:6:3: error[duplicate-key] key `security` given twice (first at line 5)"
        ),
        "{}",
        run.stdout
    );
}

/// The XML parts of a `.docx` file, by name.
fn docx_parts(path: &std::path::Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut part = archive.by_index(i).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut part, &mut text).unwrap();
            (part.name().to_owned(), text)
        })
        .collect()
}

/// C1: 1,000 nested `>` or list levels render to Word without overflowing the stack, every
/// item kept; W1: U+FFFE and U+FFFF never reach the XML (XML 1.0 cannot hold them).
#[test]
fn word_output_survives_deep_nesting_and_holds_only_xml_characters() {
    let dir = tempfile::tempdir().unwrap();
    let list: Vec<String> = (0..1000)
        .map(|i| format!("{}- x", "  ".repeat(i)))
        .collect();
    let charter = format!(
        "charter: 1\ntitle: T\nlang: en\nclauses:\n  human-oversight: {:?}\n",
        list.join("\n")
    );
    std::fs::write(dir.path().join("list.yaml"), charter).unwrap();
    let out = dir.path().join("list.docx");
    let run = run_in(
        dir.path(),
        &["render", "list.yaml", "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parts = docx_parts(&out);
    let document = &parts
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap()
        .1;
    assert_eq!(document.matches(">x</w:t>").count(), 1000);
    for (fixture, text) in [
        (
            "C1_deepquote.yaml",
            "Every output must be reviewed by a human.",
        ),
        ("W1_fffe.yaml", "<w:t xml:space=\"preserve\">A</w:t>"),
    ] {
        let out = dir.path().join(format!("{fixture}.docx"));
        let run = run_in(
            &fixtures(),
            &["render", fixture, "-o", out.to_str().unwrap()],
        );
        assert_eq!(run.code, 0, "{fixture}: {}", run.stderr);
        let parts = docx_parts(&out);
        for (name, xml) in &parts {
            let bad = xml.chars().find(|&c| {
                !matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
            });
            assert_eq!(bad, None, "{fixture}: {name}");
        }
        let document = &parts
            .iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1;
        assert!(document.contains(text), "{fixture}");
    }
}

/// How many Markdown sections (`## `) a file holds.
fn sections_in(path: &std::path::Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("## "))
        .count()
}

/// How many sections a `charter fix` run says it added.
fn added(stderr: &[u8]) -> usize {
    let stderr = String::from_utf8_lossy(stderr);
    stderr
        .split_once("added ")
        .and_then(|(_, rest)| rest.split_once(' '))
        .map_or(0, |(n, _)| n.parse().unwrap())
}

/// D5: two `charter fix` runs on one draft at once never lose a section: the file ends
/// with every section either run says it added.
#[test]
fn concurrent_fix_runs_never_lose_a_section() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.md");
    let binary = assert_cmd::cargo::cargo_bin("charter");
    for _ in 0..20 {
        std::fs::write(
            &draft,
            "# Policy\n\nEvery AI output must be reviewed by a human editor.\n",
        )
        .unwrap();
        let start = |pack: &str| {
            std::process::Command::new(&binary)
                .args(["fix", draft.to_str().unwrap(), "--pack", pack])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (start("baseline"), start("oss-contrib"));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(a.status.success() && b.status.success());
        assert_eq!(
            sections_in(&draft),
            added(&a.stderr) + added(&b.stderr),
            "{}",
            std::fs::read_to_string(&draft).unwrap()
        );
    }
}

/// D5: an editor's save that lands while `fix` replaces the file (the rename slowed down
/// with strace) is kept, and `fix` says the file changed.
#[test]
fn a_save_during_the_replace_is_kept() {
    let strace = std::process::Command::new("strace").arg("-V").output();
    if !strace.is_ok_and(|o| o.status.success()) {
        // Straight to standard error: the test harness would hide an `eprintln!`.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"SKIPPED: the editor-race test of `fix` needs strace to slow the rename down:               `apt-get install strace`, as .ci/run does\n",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("w.md");
    std::fs::write(
        &draft,
        "# Policy\n\nEvery AI output must be reviewed by a human editor.\n",
    )
    .unwrap();
    let editor = {
        let draft = draft.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(700));
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(&draft)
                .unwrap();
            std::io::Write::write_all(&mut file, b"LINE SAVED BY EDITOR\n").unwrap();
        })
    };
    let output = std::process::Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "trace=renameat,rename,renameat2",
        ])
        .args(["-e", "inject=renameat,rename,renameat2:delay_enter=1500000"])
        .arg(assert_cmd::cargo::cargo_bin("charter"))
        .args(["fix", draft.to_str().unwrap()])
        .output()
        .unwrap();
    editor.join().unwrap();
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("LINE SAVED BY EDITOR"), "{text}");
    if text.contains("## ") {
        // The save landed before fix read the file: both are there.
        assert!(output.status.success());
    } else {
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("changed while"));
    }
}

/// D6: `fix` refuses a read-only file and one with other hard links, and keeps the owner
/// and mode of the file it replaces.
#[cfg(unix)]
#[test]
fn fix_respects_permissions_owner_and_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("f.md");
    let text = "# Policy\n\nEvery AI output must be reviewed by a human editor.\n";
    std::fs::write(&draft, text).unwrap();
    std::fs::set_permissions(&draft, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = run_in(dir.path(), &["fix", "f.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    says(&run.stderr, "read-only");
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), text);
    std::fs::set_permissions(&draft, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::hard_link(&draft, dir.path().join("g.md")).unwrap();
    let run = run_in(dir.path(), &["fix", "--lang", "fr", "f.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    says(&run.stderr, "a 2 liens physiques");
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), text);
    std::fs::remove_file(dir.path().join("g.md")).unwrap();
    let root = rustix::process::geteuid().is_root();
    if root {
        std::os::unix::fs::chown(&draft, Some(65534), Some(65534)).unwrap();
    }
    let before = std::fs::metadata(&draft).unwrap();
    let run = run_in(dir.path(), &["fix", "f.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::metadata(&draft).unwrap();
    assert!(sections_in(&draft) > 0);
    assert_eq!(
        (after.uid(), after.gid(), after.mode()),
        (before.uid(), before.gid(), before.mode())
    );
}

/// C2: a 1 MB string aliased 3,000 times is refused before it is expanded, in a charter and
/// in a pack file.
#[test]
fn aliases_of_a_large_string_are_refused_before_expansion() {
    let dir = tempfile::tempdir().unwrap();
    let big = "A ".repeat(500_000);
    let refs = vec!["*a"; 3000].join(",");
    let charter = format!(
        "charter: 1\ntitle: T\nlang: en\nuses:\n  - id: u\n    description: &a \"{big}\"\n    status: conditional\n    why: w\n    conditions: [{refs}]\n"
    );
    let run = concise(dir.path(), "c2.yaml", charter);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.starts_with("c2.yaml:9:")
            && run
                .stdout
                .contains("error[alias-expansion] aliases expand the charter past 16 MiB"),
        "{}",
        run.stdout
    );
    let pack = format!("id: p\ntitle: &a {{en: \"{big}\", fr: x}}\ndescription: [{refs}]\n");
    std::fs::write(dir.path().join("p.yaml"), pack).unwrap();
    std::fs::write(dir.path().join("d.md"), "# T\n").unwrap();
    let run = run_in(dir.path(), &["lint", "--pack", "p.yaml", "d.md"]);
    assert_eq!(run.code, 2);
    says(&run.stderr, "p.yaml:3:");
    says(&run.stderr, "more than 16 MiB");
}

/// C3: 64,000 `packs` entries, and 20,000 tools with 20,000 uses naming unknown tools, are
/// linted in linear time (minutes before; a generous bound for a debug build here).
#[test]
fn many_packs_tools_and_uses_take_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let packs = vec!["baseline"; 64_000].join(",");
    std::fs::write(
        dir.path().join("packs.yaml"),
        format!("charter: 1\ntitle: T\nlang: en\npacks: [{packs}]\n"),
    )
    .unwrap();
    let mut tools = String::from("charter: 1\ntitle: T\nlang: en\ntools:\n");
    let mut uses = String::from("uses:\n");
    for i in 0..20_000 {
        writeln!(tools, "  - {{id: t{i}, name: N{i}, approved: true}}").unwrap();
        writeln!(
            uses,
            "  - {{id: u{i}, description: d, status: allowed, why: w, tools: [zz{i}]}}"
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("tools.yaml"), tools + &uses).unwrap();
    for (file, findings) in [("packs.yaml", 1), ("tools.yaml", 20_000)] {
        let output = assert_cmd::Command::cargo_bin("charter")
            .unwrap()
            .current_dir(dir.path())
            .args(["lint", "--format", "concise", file])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{file}: killed after 60 s?");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let errors = stdout.lines().filter(|l| l.contains(": error[")).count();
        assert!(errors >= findings, "{file}: {errors}");
    }
}

/// W3: SARIF `artifactLocation.uri` is percent-encoded.
#[test]
fn sarif_uris_are_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("my draft #1?.md"), "# T\n").unwrap();
    let run = run_in(
        dir.path(),
        &["lint", "--format", "sarif", "./my draft #1?.md"],
    );
    says(&run.stdout, "\"uri\":\"./my%20draft%20%231%3F.md\"");
}

/// W2: a walk reads hidden folders (`.github/`) and linked files, `--verbose` says what it
/// passed over and why, and a run that lints nothing exits 2.
#[cfg(unix)]
#[test]
fn folder_walks_read_github_and_links_and_say_what_they_skip() {
    let run = run_in(&fixtures(), &["lint", "--format", "concise", "W2_repo"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.starts_with("W2_repo/.github/AI_POLICY.md:1:1:"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    for folder in [".github", "docs", "gen", ".git"] {
        std::fs::create_dir(path.join(folder)).unwrap();
    }
    for file in [
        ".github/AI_POLICY.md",
        "docs/real.md",
        "gen/g.md",
        ".git/x.md",
    ] {
        std::fs::write(path.join(file), "# T\n").unwrap();
    }
    std::fs::write(path.join(".ignore"), "gen/\n").unwrap();
    std::os::unix::fs::symlink("docs/real.md", path.join("linked.md")).unwrap();
    std::os::unix::fs::symlink("docs", path.join("dirlink")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", path.join("broken.md")).unwrap();
    let run = run_in(path, &["lint", "--format", "json", "--verbose", "."]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["./.github/AI_POLICY.md", "./docs/real.md", "./linked.md"]
    );
    insta::assert_snapshot!(run.stderr);
    let empty = tempfile::tempdir().unwrap();
    let run = run_in(empty.path(), &["lint", "--lang", "fr", "."]);
    assert_eq!(run.code, 2);
    says(&run.stdout, "rien à vérifier dans `.`");
    // Only ignored files: the `no-input` error, and the `--verbose` notes still printed.
    std::fs::remove_dir_all(path.join("docs")).unwrap();
    std::fs::remove_file(path.join(".github/AI_POLICY.md")).unwrap();
    let run = run_in(path, &["lint", "--lang", "en", "--verbose", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    says(&run.stdout, "[no-input]");
    says(&run.stdout, "nothing to lint in `.`");
    says(&run.stderr, "excluded by a .gitignore or .ignore rule");
}

/// W4: `render --help` says that Markdown output passes raw HTML through.
#[test]
fn render_help_says_markdown_keeps_raw_html() {
    let run = run_in(&root(), &["render", "--help"]);
    assert!(run
        .stdout
        .contains("raw HTML in the charter passes through unescaped"));
}

/// Messages: a UTF-16 file is named as such, and `every_months: 0` is refused.
#[test]
fn utf16_files_and_a_zero_review_cadence_get_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("# AI policy\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let run = concise(dir.path(), "u.md", utf16);
    assert_eq!(run.code, 2);
    says(&run.stdout, "UTF-16 text: save it as UTF-8");
    let run = concise(
        dir.path(),
        "c.yaml",
        "charter: 1\ntitle: T\nlang: en\nreview:\n  every_months: 0\n",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .starts_with("c.yaml:5:17: error[invalid-charter]"),
        "{}",
        run.stdout
    );
}

/// Messages: `-o` to a dangling link is "already exists", a write error names the target
/// and not the temporary file, and an id with a hidden or lookalike character says so.
#[cfg(unix)]
#[test]
fn write_and_id_messages_name_what_the_user_sees() {
    let dir = tempfile::tempdir().unwrap();
    let charter = root().join("examples/newsroom/charter.yaml");
    let charter = charter.to_str().unwrap();
    std::os::unix::fs::symlink("missing.md", dir.path().join("out.md")).unwrap();
    let run = run_in(dir.path(), &["render", charter, "-o", "out.md"]);
    assert_eq!(run.code, 2);
    says(&run.stderr, "out.md already exists");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/x.md"), "").unwrap();
    let run = run_in(dir.path(), &["render", charter, "-o", "sub/x.md/y.md"]);
    assert_eq!(run.code, 2);
    says(&run.stderr, "cannot write sub/x.md/y.md: ");
    assert!(!run.stderr.contains(".tmp"), "{}", run.stderr);
    std::fs::write(
        dir.path().join("c.yaml"),
        "charter: 1\ntitle: T\nlang: en\nclauses:\n  human\u{200b}-oversight: x\ntools: []\nuses:\n  - {id: u, description: d, status: allowed, why: w, tools: [chat\u{2011}gpt]}\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["lint", "--format", "json", "c.yaml"]);
    says(&run.stdout, "`human\\\\u{200b}-oversight` holds U+200B, which looks like nothing or like another character: retype the id. Did you mean `human-oversight`?");
    says(&run.stdout, "`chat\u{2011}gpt` holds U+2011");
}

/// Messages: a comment that looks like a waiver but is not read as one gets a warning.
#[test]
fn near_miss_waivers_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let run = concise(
        dir.path(),
        "d.md",
        "# T\n\n<!-- CHARTER: IGNORE security -->\n\n<!-- charter: ignore security --->\n\n```\n<!-- CHARTER: IGNORE x -->\n```\n",
    );
    let near: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("malformed-waiver"))
        .collect();
    insta::assert_snapshot!(near.join("\n"));
}
