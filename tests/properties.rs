//! Property-based tests of the linter's library entry points (no process per case): random
//! bytes as `.md`, `.txt` and `.yaml` files, random Markdown from a small grammar, and
//! mutated charters never panic; every reported position lies inside the file; the coverage
//! lists each selected clause exactly once; CRLF and a byte-order mark change nothing.
//!
//! Few cases by default so the suite stays fast; `PROPTEST_CASES=5000 cargo test --test
//! properties` runs more. Deeper, coverage-guided search: `scripts/fuzz.sh`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use charter::check::{Context, FileReport};
use charter::load::draft::{self, DraftFormat};
use charter::model::date::Date;
use charter::model::lang::Lang;
use charter::pipeline::{self, Packs};
use charter::policy::catalogue::Catalogue;
use charter::policy::detector::Detector;
use charter::policy::lexicon::Lexicon;
use charter::policy::selection::Selection;
use charter::report::human;
use proptest::prelude::*;
use proptest::test_runner::Config;

const MAX_BYTES: u64 = 1 << 20;

struct Engine {
    catalogue: Catalogue,
    lexicon: Lexicon,
    detector: Detector,
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let catalogue = Catalogue::builtin().expect("built-in policies");
        let lexicon = Lexicon::compile(&catalogue.lexicon).expect("lexicon");
        let detector = Detector::compile(&catalogue, &lexicon, &[]).expect("detector");
        Engine {
            catalogue,
            lexicon,
            detector,
        }
    })
}

fn context(lang: Lang) -> Context<'static> {
    let engine = engine();
    Context {
        catalogue: &engine.catalogue,
        lexicon: &engine.lexicon,
        detector: &engine.detector,
        lang,
        lang_from_file: false,
        today: "2026-11-28".parse::<Date>().expect("date"),
    }
}

/// 64 cases per property unless `PROPTEST_CASES` says otherwise.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        ..Config::default()
    }
}

/// Lints `bytes` written as a file named `name`, the way `charter lint` would.
fn lint(bytes: &[u8], name: &str, packs: &[String]) -> FileReport {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    let context = context(Lang::EN);
    let run_packs = Packs::new(context.catalogue);
    match DraftFormat::of(&path) {
        Some(format) => pipeline::draft_file(&context, &run_packs, &path, format, packs, MAX_BYTES),
        None => pipeline::charter_file(&context, &run_packs, &path, packs, MAX_BYTES),
    }
}

/// Every span inside the text and on character boundaries, every position inside the
/// file, each clause covered at most once, and the human report (with source snippets)
/// written without panicking.
fn check_report(report: &FileReport) -> Result<(), TestCaseError> {
    if let Some(source) = &report.source {
        let text = &source.text;
        let lines: Vec<&str> = text.split('\n').collect();
        let inside = |line: usize, column: usize| {
            line >= 1
                && line <= lines.len()
                && column >= 1
                && column <= lines[line - 1].chars().count() + 1
        };
        for d in &report.diagnostics {
            if let Some(span) = d.span {
                prop_assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{:?} span {span:?} outside {} bytes",
                    d.code,
                    text.len()
                );
                prop_assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "{:?} span {span:?} cuts a character",
                    d.code
                );
            }
            let (start, end) = report.locate(d.span);
            prop_assert!(
                inside(start.line, start.column),
                "{:?} at {start:?}",
                d.code
            );
            prop_assert!(inside(end.line, end.column), "{:?} ends at {end:?}", d.code);
            prop_assert!((start.line, start.column) <= (end.line, end.column));
        }
        for c in &report.coverage {
            let (start, _) = report.locate(c.span);
            prop_assert!(
                inside(start.line, start.column),
                "{} at {start:?}",
                c.clause
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    for c in &report.coverage {
        prop_assert!(seen.insert(c.clause.clone()), "{} covered twice", c.clause);
    }
    let _ = human::render(
        std::slice::from_ref(report),
        &engine().catalogue.messages,
        Lang::new("fr").unwrap(),
    );
    Ok(())
}

/// The clauses a pack name selects, in catalogue order.
fn selected(pack: &str) -> Vec<String> {
    Selection::resolve(&engine().catalogue, &[pack.to_owned()], Path::new("."))
        .expect("built-in pack")
        .clauses
        .keys()
        .cloned()
        .collect()
}

fn statuses(report: &FileReport) -> BTreeMap<String, String> {
    report
        .coverage
        .iter()
        .map(|c| (c.clause.clone(), format!("{:?}", c.status)))
        .collect()
}

// ---------------------------------------------------------------- strategies

/// Bytes: anything, or mostly the characters that steer YAML and Markdown parsers.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let structural =
        prop::sample::select(b"\n\r\t :-#*_[]{}|>!&'\"`<>~=.,0123456789abcxyz\\/%@?".to_vec());
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        prop::collection::vec(structural, 0..2048),
    ]
}

const WORDS: &[&str] = &[
    "staff",
    "must",
    "never",
    "paste",
    "personal",
    "data",
    "into",
    "AI",
    "tools",
    "review",
    "every",
    "output",
    "before",
    "publication",
    "the",
    "a",
    "of",
    "we",
    "disclose",
    "generated",
    "content",
    "Les",
    "agents",
    "doivent",
    "relire",
    "tout",
    "texte",
    "produit",
    "par",
    "une",
    "IA",
    "données",
    "personnelles",
    "jamais",
    "outil",
    "autorisé",
    "sécurité",
    "contrôle",
    "humain",
    "œuvre",
    "cœur",
    "«",
    "»",
    "é",
    "漢字",
    "🎉",
    "—",
    "l'IA",
    "n'est",
    "TODO",
    "[À",
    "compléter]",
    "XXX",
    "ChatGPT",
    "Copilot",
    "must\u{a0}not",
    "\t",
];

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..12).prop_map(|w| w.join(" "))
}

fn clause_id() -> impl Strategy<Value = String> {
    let ids: Vec<String> = engine().catalogue.clauses.keys().cloned().collect();
    prop_oneof![
        4 => prop::sample::select(ids),
        1 => "[a-z-]{1,12}",
    ]
}

/// One Markdown block.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        words(),
        (1..=6usize, words()).prop_map(|(level, w)| format!("{} {w}", "#".repeat(level))),
        (words(), prop::bool::ANY)
            .prop_map(|(w, equals)| { format!("{w}\n{}", if equals { "====" } else { "----" }) }),
        (
            prop::sample::select(vec!["- ", "* ", "+ ", "1. ", "2) ", "  - ", "    1. "]),
            words()
        )
            .prop_map(|(marker, w)| format!("{marker}{w}")),
        (words(), words()).prop_map(|(a, b)| format!("| {a} | {b} |\n|---|:-:|\n| {b} | {a} |")),
        (prop::sample::select(vec!["```", "~~~", "```yaml"]), words())
            .prop_map(|(fence, w)| format!("{fence}\n{w}\n{}", &fence[..3])),
        words().prop_map(|w| format!("<!-- {w} -->")),
        (clause_id(), prop::option::of(words()), prop::bool::ANY).prop_map(
            |(id, reason, closed)| {
                let reason = reason.map(|r| format!(" -- {r}")).unwrap_or_default();
                let end = if closed { " -->" } else { "" };
                format!("<!-- charter: ignore {id}{reason}{end}")
            }
        ),
        (
            prop::sample::select(vec!["*", "**", "_", "~~", "`"]),
            words()
        )
            .prop_map(|(mark, w)| format!("{mark}{w}{mark}")),
        words().prop_map(|w| format!("[{w}](https://example.org/{}) and ![x](y.png)", w.len())),
        words().prop_map(|w| format!("> {w}\n> > {w}")),
        words().prop_map(|w| format!("<div>\n{w}\n</div>")),
        words().prop_map(|w| format!("---\ntitle: {w}\n---")),
        words().prop_map(|w| format!("    {w}")),
        words().prop_map(|w| format!("{w}  \n{w}\\\n{w}")),
        Just(String::new()),
    ]
}

/// A Markdown document: blocks joined by one or two line breaks.
fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec((block(), prop::bool::ANY), 0..24).prop_map(|blocks| {
        let mut text = String::new();
        for (block, tight) in blocks {
            text.push_str(&block);
            text.push_str(if tight { "\n" } else { "\n\n" });
        }
        text
    })
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in bytes()) {
        for name in ["draft.md", "draft.txt", "charter.yaml"] {
            let report = lint(&bytes, name, &[]);
            check_report(&report)?;
        }
        let text = String::from_utf8_lossy(&bytes);
        for format in [DraftFormat::Markdown, DraftFormat::PlainText] {
            let document = draft::parse(&text, format);
            for waiver in &document.waivers {
                prop_assert!(waiver.start <= waiver.end && waiver.end <= text.len());
            }
        }
    }

    #[test]
    fn random_markdown_is_linted_with_positions_inside_the_file(
        text in markdown(),
        crlf in prop::bool::ANY,
        bom in prop::bool::ANY,
        all in prop::bool::ANY,
    ) {
        let mut bytes = if crlf { text.replace('\n', "\r\n") } else { text.clone() };
        if bom {
            bytes.insert(0, '\u{feff}');
        }
        let pack = if all { "all" } else { "baseline" };
        let packs = if all { vec!["all".to_owned()] } else { Vec::new() };
        for name in ["draft.md", "draft.txt"] {
            let report = lint(bytes.as_bytes(), name, &packs);
            prop_assert!(!report.failed, "{name} failed: {:?}", report.diagnostics);
            check_report(&report)?;
            let covered: Vec<String> = report.coverage.iter().map(|c| c.clause.clone()).collect();
            prop_assert_eq!(covered, selected(pack), "coverage of {} ({})", name, pack);
        }
    }

    #[test]
    fn crlf_and_a_byte_order_mark_change_no_verdict(text in markdown()) {
        let plain = lint(text.as_bytes(), "draft.md", &[]);
        let crlf = lint(text.replace('\n', "\r\n").as_bytes(), "draft.md", &[]);
        let bom = lint(format!("\u{feff}{text}").as_bytes(), "draft.md", &[]);
        prop_assert_eq!(statuses(&plain), statuses(&crlf), "CRLF");
        prop_assert_eq!(statuses(&plain), statuses(&bom), "byte-order mark");
    }

    #[test]
    fn mutated_charters_never_panic(
        cut in any::<prop::sample::Index>(),
        length in 0..64usize,
        insert in "[ -~\\n\\t\\r«é🎉]{0,16}",
    ) {
        static CHARTER: OnceLock<String> = OnceLock::new();
        let charter = CHARTER.get_or_init(|| {
            std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/newsroom/charter.yaml"),
            )
            .expect("example")
        });
        let mut start = cut.index(charter.len());
        while !charter.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + length).min(charter.len());
        while !charter.is_char_boundary(end) {
            end -= 1;
        }
        let mutated = format!("{}{insert}{}", &charter[..start], &charter[end..]);
        let report = lint(mutated.as_bytes(), "charter.yaml", &[]);
        check_report(&report)?;
    }
}

/// The inputs the fuzzers found (tests/fixtures/hostile/fuzz/), through the library with
/// the same invariants: spans inside the text, which the command line cannot show.
#[test]
fn inputs_found_by_fuzzing_keep_the_invariants() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/fuzz");
    for entry in std::fs::read_dir(folder).expect("fuzz fixtures") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("fixture");
        for name in ["charter.yaml", "draft.md", "draft.txt"] {
            check_report(&lint(&bytes, name, &[])).expect("invariants");
        }
    }
}
