//! The concise report: `path:line:col: severity[code] message`, one finding per line.

use std::io::{self, Write};

use super::{Reporter, Summary};
use crate::check::FileReport;
use crate::text::visible::visible;

/// One line per finding, no summary.
pub struct ConciseReporter;

impl Reporter for ConciseReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for d in &report.diagnostics {
            let (start, _) = report.locate(d.span);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                visible(&report.path),
                start.line,
                start.column,
                d.severity.as_str(),
                d.code,
                visible(&d.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &Summary) -> io::Result<()> {
        Ok(())
    }
}
