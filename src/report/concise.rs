//! The concise report: `path:line:col: severity[code] message`, one finding per line.

use std::io::{self, Write};

use super::{Reporter, Summary};
use crate::check::FileReport;
use crate::model::lang::MessageLang;
use crate::policy::messages::Messages;
use crate::text::visible::visible;

/// One line per finding, no summary.
pub struct ConciseReporter<'a> {
    pub messages: &'a Messages,
    pub lang: MessageLang,
}

impl Reporter for ConciseReporter<'_> {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let lang = self.lang.for_file(report.lang.as_deref());
        for d in &report.diagnostics {
            let (start, _) = report.locate(d.span);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                visible(&report.path),
                start.line,
                start.column,
                self.messages.text(d.severity.as_str(), lang, &[]),
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
