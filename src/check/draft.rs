//! Checks of a free-text draft: coverage of the selected clauses, waiver comments,
//! placeholder text.

use super::detect::{langs_of, Analysed, Verdict};
use super::placeholders::{self, Placeholder};
use super::{Coverage, Sink, Status};
use crate::diag::{Code, Severity};
use crate::load::source::SourceFile;
use crate::model::document::Document;
use crate::policy::selection::{Selection, Triggers};
use crate::text::span::Span;

/// Runs the draft checks on a draft analysed in language `lang`; returns the coverage of
/// the selected clauses. Text left as a placeholder covers no clause.
pub fn check(
    sink: &mut Sink,
    document: &Document,
    (lang, analysed): (&str, &Analysed),
    source: &SourceFile,
    selection: &Selection,
) -> Vec<Coverage> {
    let context = sink.context();
    let detector = context.detector;
    let unwritten = placeholders::find(
        document,
        &analysed.folding,
        context.catalogue,
        context.lexicon,
    );
    let written = unwritten.as_ref().map(|u| {
        Analysed::new(
            &u.written,
            context.lexicon,
            detector,
            &langs_of(lang, context.lexicon),
        )
    });
    let mut reported: Vec<&Placeholder> = Vec::new();
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
        let position = detector.position(id);
        let verdict = position.map_or(Verdict::Missing, |c| {
            written.as_ref().unwrap_or(analysed).verdict(c)
        });
        // Evidence only in unwritten text: the clause is there, but not written yet.
        let unwritten_at = match (&unwritten, position) {
            (Some(u), Some(c)) if verdict == Verdict::Missing => match analysed.verdict(c) {
                Verdict::Covered(line) | Verdict::Vague(line) => u.at_line(document, line),
                Verdict::Missing => None,
            },
            _ => None,
        };
        let (status, span) = match (waiver, verdict, unwritten_at) {
            (Some(w), _, _) => (Status::Waived, Some(Span::new(w.start, w.end))),
            (None, Verdict::Missing, Some(placeholder)) => {
                let span = Some(placeholder_span(source, placeholder));
                report(sink, document, placeholder, level, Some(id), span);
                reported.push(placeholder);
                (Status::Missing, span)
            }
            (None, Verdict::Covered(line), _) => (Status::Covered, line_span(line)),
            (None, Verdict::Vague(line), _) => {
                sink.push_clause(
                    Code::VagueClause,
                    Severity::Warning,
                    id,
                    line_span(line),
                    &[],
                );
                (Status::Vague, line_span(line))
            }
            (None, Verdict::Missing, None) => {
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
    for placeholder in unwritten.iter().flat_map(|u| &u.first) {
        if !reported.contains(&placeholder) {
            let span = Some(placeholder_span(source, placeholder));
            report(sink, document, placeholder, Severity::Warning, None, span);
        }
    }
    super::hidden::check(sink, &source.text);
    coverage
}

/// The span of a placeholder: its text on its line, else the whole line.
fn placeholder_span(source: &SourceFile, placeholder: &Placeholder) -> Span {
    let line = source.lines.line_span(&source.text, placeholder.line);
    let text = &source.text[line.start..line.end];
    let found = placeholder
        .found
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('…');
    match text.find(found).filter(|_| !found.is_empty()) {
        Some(at) => Span::new(line.start + at, line.start + at + found.len()),
        None => line,
    }
}

/// Reports a placeholder, for the clause whose only evidence it holds if any.
fn report(
    sink: &mut Sink,
    document: &Document,
    placeholder: &Placeholder,
    severity: Severity,
    clause: Option<&str>,
    span: Option<Span>,
) {
    let messages = &sink.context().catalogue.messages;
    let lang = sink.context().lang;
    let section = match &document.sections[placeholder.section].heading {
        Some(heading) => messages.text("place-section", lang, &[heading.text.trim()]),
        None => messages.text("place-draft-start", lang, &[]),
    };
    let place = match clause {
        Some(id) => messages.text("place-evidence", lang, &[&section, id]),
        None => section,
    };
    let args = [("found", placeholder.found.as_str()), ("place", &place)];
    match clause {
        Some(id) => sink.push_clause(Code::PlaceholderText, severity, id, span, &args),
        None => sink.push(Code::PlaceholderText, severity, None, span, &args),
    }
}
