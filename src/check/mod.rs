//! Checks: pure functions from a loaded file and the selected packs to diagnostics and coverage.

pub mod charter;
pub mod clause_text;
pub mod detect;
pub mod draft;
mod features;
mod hidden;
pub mod placeholders;

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::date::Date;
use crate::model::lang::Lang;
use crate::policy::catalogue::Catalogue;
use crate::policy::detector::Detector;
use crate::policy::lexicon::Lexicon;
use crate::policy::selection::Selection;
use crate::text::span::Span;

/// What every check may consult: the policies, the message language and today's date.
pub struct Context<'a> {
    pub catalogue: &'a Catalogue,
    pub lexicon: &'a Lexicon,
    pub detector: &'a Detector,
    /// Language of messages and help.
    pub lang: Lang,
    /// Messages about a file speak its language rather than `lang` (no `--lang` given).
    pub lang_from_file: bool,
    pub today: Date,
}

impl Context<'_> {
    /// The context of messages about a file written in `code` (`fr`, `en`, `mixed`…).
    #[must_use]
    pub fn for_file(&self, code: Option<&str>) -> Self {
        let lang = match code.and_then(Lang::from_locale) {
            Some(lang) if self.lang_from_file => lang,
            _ => self.lang,
        };
        Context { lang, ..*self }
    }
}

/// Whether and how a draft or charter covers one clause of the selected packs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Covered,
    Vague,
    Missing,
    Waived,
}

/// The coverage of one clause, with the place of its best evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub clause: String,
    pub status: Status,
    pub level: Severity,
    pub span: Option<Span>,
}

/// Collects diagnostics, taking their wording from the message catalogue.
pub struct Sink<'a> {
    context: &'a Context<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(context: &'a Context<'a>) -> Self {
        Self {
            context,
            diagnostics: Vec::new(),
        }
    }

    /// Records a finding; `args` fill the `{name}` slots of its message and help.
    pub fn push(
        &mut self,
        code: Code,
        severity: Severity,
        clause: Option<&str>,
        span: Option<Span>,
        args: &[(&str, &str)],
    ) {
        let (message, help) =
            self.context
                .catalogue
                .messages
                .diagnostic(code, self.context.lang, args);
        self.diagnostics.push(Diagnostic {
            code,
            severity,
            clause: clause.map(str::to_owned),
            message,
            span,
            help,
        });
    }

    /// Records a finding about a clause, adding its title and summary to the arguments.
    pub fn push_clause(
        &mut self,
        code: Code,
        severity: Severity,
        clause: &str,
        span: Option<Span>,
        args: &[(&str, &str)],
    ) {
        let lang = self.context.lang;
        let (title, summary) = self
            .context
            .catalogue
            .clause(clause)
            .map_or((clause, ""), |spec| {
                (
                    spec.title.get(lang).as_str(),
                    spec.summary.get(lang).as_str(),
                )
            });
        let mut all = vec![("clause", clause), ("title", title), ("summary", summary)];
        all.extend_from_slice(args);
        self.push(code, severity, Some(clause), span, &all);
    }

    pub fn context(&self) -> &Context<'a> {
        self.context
    }

    /// Reports `id` as an unknown clause (with the closest id) and returns true when
    /// it is not in the catalogue.
    pub fn unknown_clause(&mut self, id: &str, span: Option<Span>) -> bool {
        let catalogue = self.context.catalogue;
        if catalogue.clause(id).is_some() {
            return false;
        }
        let ids = catalogue.clauses.keys().map(String::as_str);
        let hint = catalogue.messages.hidden_characters(self.context.lang, id)
            + &catalogue.messages.did_you_mean(self.context.lang, id, ids);
        self.push_clause(
            Code::UnknownClause,
            Severity::Error,
            id,
            span,
            &[("hint", &hint)],
        );
        true
    }

    /// Checks one waiver, of a charter or a draft: known clause, a reason, asked for by a pack.
    pub fn waiver(
        &mut self,
        id: &str,
        reason: Option<&str>,
        span: Option<Span>,
        selection: &Selection,
    ) {
        if self.unknown_clause(id, span) {
            return;
        }
        if reason.unwrap_or("").trim().is_empty() {
            self.push_clause(Code::WaiverWithoutReason, Severity::Error, id, span, &[]);
        }
        if selection.requirement(id).is_none() {
            self.push_clause(Code::UnusedWaiver, Severity::Warning, id, span, &[]);
        }
    }
}

/// Whether a file was a YAML charter or a free-text draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Charter,
    Draft,
}

/// Everything found in one file: the unit that reporters print.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub kind: Kind,
    /// The document's language: a code of `policies/languages.yaml`, or `mixed`.
    pub lang: Option<String>,
    pub packs: Vec<String>,
    pub coverage: Vec<Coverage>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text the spans point into (absent when the file could not be read).
    pub source: Option<crate::load::source::SourceFile>,
    /// The file could not be read or is not a valid charter (exit code 2).
    pub failed: bool,
}

impl FileReport {
    /// The 1-based line and column of a span's start and end in this file.
    pub fn locate(
        &self,
        span: Option<Span>,
    ) -> (crate::text::span::Position, crate::text::span::Position) {
        let first = crate::text::span::Position { line: 1, column: 1 };
        match (&self.source, span) {
            (Some(source), Some(span)) => (
                source.lines.position(&source.text, span.start),
                source.lines.position(&source.text, span.end),
            ),
            _ => (first, first),
        }
    }
}
