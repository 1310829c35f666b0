//! GitLab code quality: the Code Climate JSON array GitLab reads from a
//! `codequality` report artifact, one issue per finding.

use std::hash::Hasher;
use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, Summary};
use crate::check::FileReport;
use crate::diag::Severity;
use crate::text::fnv::Fnv;

/// Streams `[{issue}, …]`.
#[derive(Default)]
pub struct GitlabReporter {
    issues_written: usize,
}

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// 64-bit FNV-1a: a fingerprint that stays the same from run to run and release to release.
fn fnv1a(parts: &[&str]) -> String {
    let mut hash = Fnv::default();
    for part in parts {
        hash.write(part.as_bytes());
        hash.write_u8(0);
    }
    format!("{:016x}", hash.finish())
}

impl Reporter for GitlabReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let mut seen: Vec<String> = Vec::new();
        for d in &report.diagnostics {
            let (start, _) = report.locate(d.span);
            let clause = d.clause.as_deref().unwrap_or_default();
            // The line is left out so that a finding keeps its fingerprint when text moves;
            // the same finding twice in a file is told apart by its rank.
            let key = [report.path.as_str(), d.code.as_str(), clause, &d.message].join("\0");
            let rank = seen.iter().filter(|k| **k == key).count().to_string();
            seen.push(key);
            let issue = Issue {
                description: format!("{} — {}", d.message, d.help),
                check_name: d.code.as_str(),
                fingerprint: fnv1a(&[&report.path, d.code.as_str(), clause, &d.message, &rank]),
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: Location {
                    path: &report.path,
                    lines: Lines { begin: start.line },
                },
            };
            out.write_all(if self.issues_written == 0 {
                b"[\n"
            } else {
                b",\n"
            })?;
            serde_json::to_writer(&mut *out, &issue)?;
            self.issues_written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Summary) -> io::Result<()> {
        out.write_all(if self.issues_written == 0 {
            b"[]\n"
        } else {
            b"\n]\n"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_parts_apart() {
        assert_eq!(fnv1a(&[]), "cbf29ce484222325");
        assert_eq!(fnv1a(&["a"]), fnv1a(&["a"]));
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }
}
