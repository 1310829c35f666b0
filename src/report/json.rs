//! The JSON report, version 1: a contract other tools parse (see README).

use serde::Serialize;

use super::Summary;
use crate::check::{FileReport, Kind, Status};
use crate::diag::{Code, Severity};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    kind: Kind,
    lang: Option<&'a str>,
    packs: &'a [String],
    coverage: Vec<Coverage<'a>>,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Coverage<'a> {
    clause: &'a str,
    status: Status,
    level: Severity,
    line: usize,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    code: Code,
    severity: Severity,
    clause: Option<&'a str>,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: &'a str,
}

/// The whole report as pretty-printed JSON.
pub fn render(reports: &[FileReport]) -> String {
    let files = reports
        .iter()
        .map(|report| File {
            path: &report.path,
            kind: report.kind,
            lang: report.lang.as_deref(),
            packs: &report.packs,
            coverage: report
                .coverage
                .iter()
                .map(|c| Coverage {
                    clause: &c.clause,
                    status: c.status,
                    level: c.level,
                    line: report.locate(c.span).0.line,
                })
                .collect(),
            diagnostics: report
                .diagnostics
                .iter()
                .map(|d| {
                    let (start, end) = report.locate(d.span);
                    Diagnostic {
                        code: d.code,
                        severity: d.severity,
                        clause: d.clause.as_deref(),
                        message: &d.message,
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        help: &d.help,
                    }
                })
                .collect(),
        })
        .collect();
    let report = Report {
        version: 1,
        files,
        summary: Summary::of(reports),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
