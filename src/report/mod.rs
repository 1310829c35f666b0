//! Reporters: one file per output format, all printing the same `FileReport`s, one
//! file at a time (so memory does not grow with the number of files), then a summary.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod matrix;
pub mod quiet;
pub mod sarif;

use std::io::{self, Write};

use serde::Serialize;

use crate::check::{FileReport, Status};
use crate::diag::Severity;

/// Counts over all files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The language of the files when they all share one (`fr`, `en`).
    #[serde(skip)]
    pub lang: Option<String>,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    /// Adds one file's findings.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        if self.files == 1 {
            self.lang.clone_from(&report.lang);
        } else if self.lang != report.lang {
            self.lang = None;
        }
        for diagnostic in &report.diagnostics {
            match diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// An output format: called once per file in order, then once at the end.
pub trait Reporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// The word for a coverage status, as in the JSON report.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Covered => "covered",
        Status::Vague => "vague",
        Status::Missing => "missing",
        Status::Waived => "waived",
    }
}
