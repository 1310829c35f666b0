//! GitHub Actions workflow commands: `::error file=…,line=…::message` annotations.

use std::io::{self, Write};

use super::{Reporter, Summary};
use crate::check::FileReport;
use crate::diag::Severity;
use crate::text::visible::visible;

/// One annotation per finding.
pub struct GithubReporter;

/// Escapes a workflow-command message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for GithubReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for d in &report.diagnostics {
            let (start, end) = report.locate(d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&visible(&report.path)),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("charter {}", d.code)),
                escape_data(&visible(&format!("{} — {}", d.message, d.help))),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_workflow_command_text() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
