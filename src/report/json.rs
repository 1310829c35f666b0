//! The JSON report, version 1: a contract other tools parse (see README). Written one
//! file object at a time, so the output of many files streams.

use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, Summary};
use crate::check::{FileReport, Kind, Status};
use crate::diag::{Code, Severity};

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
    /// For a draft's covered or vague clause, the text of the evidence line.
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<String>,
}

/// The longest evidence quoted, in characters.
const EVIDENCE_CHARS: usize = 200;

/// The text a span points at in a draft, trimmed to `EVIDENCE_CHARS`.
fn evidence(report: &FileReport, coverage: &crate::check::Coverage) -> Option<String> {
    if report.kind != Kind::Draft || !matches!(coverage.status, Status::Covered | Status::Vague) {
        return None;
    }
    let span = coverage.span?;
    let text = report
        .source
        .as_ref()?
        .text
        .get(span.start..span.end)?
        .trim();
    let mut quoted: String = text.chars().take(EVIDENCE_CHARS).collect();
    if text.chars().nth(EVIDENCE_CHARS).is_some() {
        quoted.push('…');
    }
    (!quoted.is_empty()).then_some(quoted)
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

/// Streams `{"version": 1, "files": [...], "summary": {...}}`, pretty-printed.
#[derive(Default)]
pub struct JsonReporter {
    files_written: usize,
}

fn write_indented(out: &mut dyn Write, value: &impl Serialize, indent: &str) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    // Strings are escaped: every line break in the text is one of the layout's.
    out.write_all(indent.as_bytes())?;
    out.write_all(text.replace('\n', &format!("\n{indent}")).as_bytes())
}

impl Reporter for JsonReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let file = File {
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
                    evidence: evidence(report, c),
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
        };
        out.write_all(if self.files_written == 0 {
            b"{\n  \"version\": 1,\n  \"files\": [\n"
        } else {
            b",\n"
        })?;
        self.files_written += 1;
        write_indented(out, &file, "    ")
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.files_written == 0 {
            out.write_all(b"{\n  \"version\": 1,\n  \"files\": [],\n  \"summary\": ")?;
        } else {
            out.write_all(b"\n  ],\n  \"summary\": ")?;
        }
        let text = serde_json::to_string_pretty(summary).map_err(io::Error::other)?;
        out.write_all(text.replace('\n', "\n  ").as_bytes())?;
        out.write_all(b"\n}\n")
    }
}
