//! Checks of a free-text draft: coverage of the selected clauses, waiver comments.

use super::detect::{Analysed, Verdict};
use super::{Coverage, Sink, Status};
use crate::diag::{Code, Severity};
use crate::load::source::SourceFile;
use crate::model::document::Document;
use crate::policy::selection::{Selection, Triggers};
use crate::text::span::Span;

/// Runs the draft checks; returns the coverage of the selected clauses.
pub fn check(
    sink: &mut Sink,
    document: &Document,
    analysed: &Analysed,
    source: &SourceFile,
    selection: &Selection,
) -> Vec<Coverage> {
    let detector = sink.context().detector;
    let line_span = |line: usize| Some(source.lines.line_span(&source.text, line));
    let title = line_span(document.title_line);
    for waiver in &document.waivers {
        let span = Some(Span::new(waiver.start, waiver.end));
        sink.waiver(&waiver.clause, waiver.reason.as_deref(), span, selection);
    }
    for near in &document.near_waivers {
        let span = Some(Span::new(near.start, near.end));
        sink.push(Code::MalformedWaiver, Severity::Warning, None, span, &[]);
    }
    let mut coverage = Vec::new();
    for (id, requirement) in &selection.clauses {
        let level = requirement.severity(Triggers::default());
        let waiver = document.waivers.iter().find(|w| &w.clause == id);
        let verdict = detector
            .position(id)
            .map_or(Verdict::Missing, |c| analysed.verdict(c));
        let (status, span) = match (waiver, verdict) {
            (Some(w), _) => (Status::Waived, Some(Span::new(w.start, w.end))),
            (None, Verdict::Covered(line)) => (Status::Covered, line_span(line)),
            (None, Verdict::Vague(line)) => {
                sink.push_clause(
                    Code::VagueClause,
                    Severity::Warning,
                    id,
                    line_span(line),
                    &[],
                );
                (Status::Vague, line_span(line))
            }
            (None, Verdict::Missing) => {
                sink.push_clause(Code::MissingClause, level, id, title, &[]);
                (Status::Missing, title)
            }
        };
        coverage.push(Coverage {
            clause: id.clone(),
            status,
            level,
            span,
        });
    }
    super::hidden::check(sink, &source.text);
    coverage
}
