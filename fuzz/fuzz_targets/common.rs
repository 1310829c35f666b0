//! Shared by the fuzz targets: the compiled policies (built once per process), a scratch
//! folder for the file-based entry points, and the invariants every report must keep.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use charter::check::{Context, FileReport};
use charter::model::date::Date;
use charter::model::lang::{Lang, MessageLang};
use charter::policy::catalogue::Catalogue;
use charter::policy::detector::Detector;
use charter::policy::lexicon::Lexicon;
use charter::report::concise::ConciseReporter;
use charter::report::github::GithubReporter;
use charter::report::json::JsonReporter;
use charter::report::matrix::{MatrixFormat, MatrixReporter};
use charter::report::sarif::SarifReporter;
use charter::report::{Reporter, Summary};

/// Largest input read, as `charter lint --max-size` would.
pub const MAX_BYTES: u64 = 1 << 20;

pub struct Policies {
    pub catalogue: Catalogue,
    pub lexicon: Lexicon,
    pub detector: Detector,
}

pub fn policies() -> &'static Policies {
    static POLICIES: OnceLock<Policies> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let catalogue = Catalogue::builtin().expect("built-in policies parse");
        let lexicon = Lexicon::compile(&catalogue.lexicon).expect("lexicon compiles");
        let detector = Detector::compile(&catalogue, &lexicon, &[]).expect("detector compiles");
        Policies {
            catalogue,
            lexicon,
            detector,
        }
    })
}

pub fn context(lang: Lang) -> Context<'static> {
    let p = policies();
    Context {
        catalogue: &p.catalogue,
        lexicon: &p.lexicon,
        detector: &p.detector,
        lang,
        lang_from_file: false,
        today: "2026-06-01".parse::<Date>().expect("a valid date"),
    }
}

/// A folder of this process for the inputs written as files: inside `CHARTER_FUZZ_SCRATCH`
/// when set (the fuzz script sets it, and removes it at the end), else in `/dev/shm` or the
/// temporary folder, where it is left behind.
pub fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = std::env::var_os("CHARTER_FUZZ_SCRATCH").map_or_else(
            || {
                if std::path::Path::new("/dev/shm").is_dir() {
                    PathBuf::from("/dev/shm")
                } else {
                    std::env::temp_dir()
                }
            },
            PathBuf::from,
        );
        std::fs::create_dir_all(&base).expect("the scratch folder's parent");
        tempfile::Builder::new()
            .prefix("charter-fuzz-")
            .tempdir_in(base)
            .expect("a scratch folder")
            .keep()
    })
}

/// Writes `data` as `name` in the scratch folder and returns its path.
pub fn write(name: &str, data: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, data).expect("the scratch file is written");
    path
}

/// The invariants of a report: spans inside the text and on character boundaries,
/// positions inside the file, each clause covered at most once; then every reporter runs.
pub fn check_report(report: &FileReport) {
    if let Some(source) = &report.source {
        let text = &source.text;
        let lines = text.split('\n').count();
        for d in &report.diagnostics {
            if let Some(span) = d.span {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "span {span:?} outside a text of {} bytes ({:?})",
                    text.len(),
                    d.code
                );
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "span {span:?} cuts a character ({:?})",
                    d.code
                );
            }
            let (start, end) = report.locate(d.span);
            assert!(
                start.line >= 1 && start.line <= lines,
                "{start:?} of {lines} lines"
            );
            assert!(
                end.line >= start.line && end.line <= lines,
                "{end:?} of {lines} lines"
            );
        }
        for c in &report.coverage {
            let (start, _) = report.locate(c.span);
            assert!(
                start.line >= 1 && start.line <= lines,
                "{start:?} of {lines} lines"
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    for c in &report.coverage {
        assert!(
            seen.insert(c.clause.as_str()),
            "clause {} covered twice",
            c.clause
        );
    }
    run_reporters(report);
}

fn run_reporters(report: &FileReport) {
    let p = policies();
    let french = MessageLang::new(Some(Lang::new("fr").unwrap()), &[]);
    let english = MessageLang::new(Some(Lang::EN), &[]);
    let mut summary = Summary::default();
    summary.add(report);
    // SARIF's rules (written at the end) do not depend on the input: its results only.
    let mut sarif = SarifReporter {
        catalogue: &p.catalogue,
        lang: french,
        results_written: 0,
    };
    sarif
        .file(&mut Vec::new(), report)
        .expect("writing to memory");
    let reporters: Vec<Box<dyn Reporter>> = vec![
        Box::new(charter::report::human::HumanReporter {
            messages: &p.catalogue.messages,
            lang: english,
        }),
        Box::new(JsonReporter::default()),
        Box::new(GithubReporter),
        Box::new(ConciseReporter {
            messages: &p.catalogue.messages,
            lang: french,
        }),
        Box::new(MatrixReporter::new(
            &p.catalogue,
            english,
            MatrixFormat::Csv,
        )),
        Box::new(MatrixReporter::new(
            &p.catalogue,
            french,
            MatrixFormat::Html,
        )),
    ];
    for mut reporter in reporters {
        let mut out = Vec::new();
        reporter.file(&mut out, report).expect("writing to memory");
        reporter
            .finish(&mut out, &summary)
            .expect("writing to memory");
    }
}
