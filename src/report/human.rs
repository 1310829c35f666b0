//! The human report: rustc-style diagnostics with a source snippet, then a summary.
//! Styles are ANSI codes that the caller's `anstream` writer strips off a terminal or with `NO_COLOR`.

use std::fmt::Write as _;
use std::io;

use anstyle::{AnsiColor, Style};

use super::{Reporter, Summary};
use crate::check::FileReport;
use crate::diag::{Diagnostic, Severity};
use crate::model::lang::{Lang, MessageLang};
use crate::policy::messages::Messages;
use crate::text::visible::visible;

const BOLD: Style = Style::new().bold();

/// Characters of a source line shown in a snippet, and how many of them before the finding.
const SNIPPET_WIDTH: usize = 160;
const SNIPPET_CONTEXT: usize = 40;
const BLUE: Style = AnsiColor::Blue.on_default().bold();

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info => AnsiColor::Cyan.on_default().bold(),
    }
}

/// Each file's diagnostics in source order, then the summary line.
pub struct HumanReporter<'a> {
    pub messages: &'a Messages,
    pub lang: MessageLang,
}

impl Reporter for HumanReporter<'_> {
    fn file(&mut self, out: &mut dyn io::Write, report: &FileReport) -> io::Result<()> {
        let mut diagnostics: Vec<&Diagnostic> = report.diagnostics.iter().collect();
        diagnostics.sort_by_key(|d| (d.span.map(|s| s.start), d.code));
        let mut text = String::new();
        let lang = self.lang.for_file(report.lang.as_deref());
        for diagnostic in diagnostics {
            render_one(&mut text, report, diagnostic, self.messages, lang);
        }
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn io::Write, summary: &Summary) -> io::Result<()> {
        let line = crate::policy::messages::fill(
            &self
                .messages
                .text("summary", self.lang.for_file(summary.lang.as_deref()), &[]),
            &[
                ("files", &summary.files.to_string()),
                ("errors", &summary.errors.to_string()),
                ("warnings", &summary.warnings.to_string()),
                ("infos", &summary.infos.to_string()),
            ],
        );
        writeln!(out, "{BOLD}{line}{BOLD:#}")
    }
}

fn render_one(
    out: &mut String,
    report: &FileReport,
    d: &Diagnostic,
    messages: &Messages,
    lang: Lang,
) {
    let style = severity_style(d.severity);
    let severity = messages.text(d.severity.as_str(), lang, &[]);
    let _ = writeln!(
        out,
        "{style}{severity}[{}]{style:#}{BOLD}: {}{BOLD:#}",
        d.code,
        visible(&d.message)
    );
    let (start, end) = report.locate(d.span);
    let gutter = " ".repeat(start.line.to_string().len());
    let paragraphs = report
        .source
        .as_ref()
        .and_then(|s| s.paragraph_headings.as_ref());
    match paragraphs {
        // A word-processor draft: its lines are paragraphs, named with their heading.
        Some(headings) => {
            let line = start.line.to_string();
            let place = match headings.get(start.line - 1).cloned().flatten() {
                Some(heading) => messages.text("paragraph-under", lang, &[&line, &heading]),
                None => messages.text("paragraph", lang, &[&line]),
            };
            let _ = writeln!(
                out,
                "{gutter}{BLUE}-->{BLUE:#} {}, {}",
                visible(&report.path),
                visible(&place)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{gutter}{BLUE}-->{BLUE:#} {}:{}:{}",
                visible(&report.path),
                start.line,
                start.column
            );
        }
    }
    if let (Some(source), Some(_)) = (&report.source, d.span) {
        let line_span = source.lines.line_span(&source.text, start.line);
        let line_text = &source.text[line_span.start..line_span.end];
        let width = if end.line == start.line {
            end.column.saturating_sub(start.column).max(1)
        } else {
            line_text
                .chars()
                .count()
                .saturating_sub(start.column - 1)
                .max(1)
        };
        // A long line is shown as a window around the finding.
        let windowed = line_text.chars().count() > SNIPPET_WIDTH;
        let skip = if windowed {
            start.column.saturating_sub(1 + SNIPPET_CONTEXT)
        } else {
            0
        };
        let shown: String = line_text.chars().skip(skip).take(SNIPPET_WIDTH).collect();
        let cut_before = if skip > 0 { "…" } else { "" };
        let cut_after = if windowed && line_text.chars().count() > skip + SNIPPET_WIDTH {
            "…"
        } else {
            ""
        };
        // Hidden characters are shown as escapes: the carets follow their width.
        let before: String = line_text
            .chars()
            .skip(skip)
            .take(start.column - 1 - skip)
            .collect();
        let marked: String = line_text
            .chars()
            .skip(start.column - 1)
            .take(width.min(SNIPPET_WIDTH))
            .collect();
        let pad = " ".repeat(visible(&before).chars().count() + cut_before.chars().count());
        let width = visible(&marked).chars().count().clamp(1, SNIPPET_WIDTH);
        let _ = writeln!(out, "{gutter} {BLUE}|{BLUE:#}");
        let _ = writeln!(
            out,
            "{BLUE}{}{BLUE:#} {BLUE}|{BLUE:#} {cut_before}{}{cut_after}",
            start.line,
            visible(&shown.replace('\t', " "))
        );
        let _ = writeln!(
            out,
            "{gutter} {BLUE}|{BLUE:#} {pad}{style}{}{style:#}",
            "^".repeat(width)
        );
    }
    if !d.help.is_empty() {
        let help = messages.text("help", lang, &[]);
        let _ = writeln!(
            out,
            "{gutter} {BLUE}={BLUE:#} {BOLD}{help}{BOLD:#}: {}",
            visible(&d.help)
        );
    }
    out.push('\n');
}

/// The human report of some files as a string (for messages on standard error).
pub fn render(reports: &[FileReport], messages: &Messages, lang: Lang) -> String {
    let lang = MessageLang {
        forced: Some(lang),
        locale: lang,
    };
    let mut reporter = HumanReporter { messages, lang };
    let mut out = Vec::new();
    let mut summary = Summary::default();
    for report in reports {
        summary.add(report);
        let _ = reporter.file(&mut out, report);
    }
    let _ = reporter.finish(&mut out, &summary);
    String::from_utf8_lossy(&out).into_owned()
}
