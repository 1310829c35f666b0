//! SARIF 2.1.0: one rule per diagnostic code and per clause-scoped code × clause,
//! results streamed one file at a time.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Reporter, Summary};
use crate::check::FileReport;
use crate::diag::{Code, Severity};
use crate::model::lang::{Lang, MessageLang};
use crate::policy::catalogue::Catalogue;

/// Codes whose findings are about one clause: their rules exist per clause.
const CLAUSE_CODES: &[Code] = &[
    Code::MissingClause,
    Code::EmptyClause,
    Code::VagueClause,
    Code::OffTopicClause,
    Code::PlaceholderText,
];

/// Streams a SARIF log: the results first, the tool and its rules at the end.
pub struct SarifReporter<'a> {
    pub catalogue: &'a Catalogue,
    pub lang: MessageLang,
    pub results_written: usize,
}

fn rule_id(code: Code, clause: Option<&str>) -> String {
    match clause {
        Some(clause) if CLAUSE_CODES.contains(&code) => format!("{code}/{clause}"),
        _ => code.as_str().to_owned(),
    }
}

impl SarifReporter<'_> {
    /// The rules, described in `lang`.
    fn rules(&self, lang: Lang) -> Vec<Value> {
        let messages = &self.catalogue.messages;
        let explain = |id: &str| messages.text("sarif-explain", lang, &[id]);
        let mut rules: Vec<Value> = Code::ALL
            .iter()
            .map(|code| {
                let description = messages.description(*code, lang);
                json!({
                    "id": code.as_str(),
                    "name": code.as_str(),
                    "shortDescription": { "text": description },
                    "help": { "text": format!("{description} {}", explain(code.as_str())) },
                })
            })
            .collect();
        for code in CLAUSE_CODES {
            for clause in self.catalogue.clauses.values() {
                let title = clause.title.get(lang);
                rules.push(json!({
                    "id": rule_id(*code, Some(&clause.id)),
                    "name": format!("{code}/{}", clause.id),
                    "shortDescription": { "text": format!("{} — {title}", messages.description(*code, lang)) },
                    "fullDescription": { "text": clause.summary.get(lang) },
                    "help": { "text": format!("{} {}", clause.why.get(lang).trim(), explain(&clause.id)) },
                }));
            }
        }
        rules
    }
}

impl Reporter for SarifReporter<'_> {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for d in &report.diagnostics {
            let (start, end) = report.locate(d.span);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let result = json!({
                "ruleId": rule_id(d.code, d.clause.as_deref()),
                "level": level,
                "message": { "text": format!("{} — {}", d.message, d.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&report.path) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column.max(start.column + usize::from(end.line == start.line)),
                        }
                    }
                }],
            });
            out.write_all(if self.results_written == 0 {
                b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"results\": [\n      "
            } else {
                b",\n      "
            })?;
            self.results_written += 1;
            out.write_all(
                serde_json::to_string(&result)
                    .map_err(io::Error::other)?
                    .as_bytes(),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.results_written == 0 {
            out.write_all(b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"results\": [")?;
        }
        let tool = json!({
            "driver": {
                "name": "charter",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/charter",
                "rules": self.rules(self.lang.for_file(summary.lang.as_deref())),
            }
        });
        write!(
            out,
            "\n    ],\n    \"tool\": {}\n  }}]\n}}\n",
            serde_json::to_string(&tool).map_err(io::Error::other)?
        )
    }
}
/// A relative path as a URI reference (RFC 3986): `/` separators, and every byte outside
/// the unreserved characters and `/` percent-encoded (`my draft #1?.md` → `my%20draft%20%231%3F.md`).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_uris_are_percent_encoded() {
        assert_eq!(uri("./my draft #1?.md"), "./my%20draft%20%231%3F.md");
        assert_eq!(uri("docs\\été 100%.md"), "docs/%C3%A9t%C3%A9%20100%25.md");
    }
}
