//! `charter lint --quiet`: a report's findings without its closing summary.

use std::io::{self, Write};

use super::{Reporter, Summary};
use crate::check::FileReport;

/// Forwards each file's findings to the inner reporter and drops its summary.
pub struct FindingsOnly<R>(pub R);

impl<R: Reporter> Reporter for FindingsOnly<R> {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.0.file(out, report)
    }

    fn finish(&mut self, _: &mut dyn Write, _: &Summary) -> io::Result<()> {
        Ok(())
    }
}
