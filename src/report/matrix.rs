//! Coverage matrices (files × clauses): in the terminal, as CSV, and as an HTML page
//! a reviewer can share. Only each file's statuses are kept until the end.

use crate::text::visible::visible;
use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{status_name, Reporter, Summary};
use crate::check::{FileReport, Status};
use crate::model::lang::{Lang, MessageLang};
use crate::policy::catalogue::Catalogue;

/// Where the matrix goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixFormat {
    Terminal,
    Csv,
    Html,
}

struct Row {
    path: String,
    lang: String,
    /// Status per catalogue clause; `None` where no selected pack asks for it.
    cells: Vec<Option<Status>>,
}

/// Collects each file's coverage, prints the matrix at the end.
pub struct MatrixReporter<'a> {
    pub catalogue: &'a Catalogue,
    pub lang: MessageLang,
    pub format: MatrixFormat,
    rows: Vec<Row>,
}

impl<'a> MatrixReporter<'a> {
    pub fn new(catalogue: &'a Catalogue, lang: MessageLang, format: MatrixFormat) -> Self {
        Self {
            catalogue,
            lang,
            format,
            rows: Vec::new(),
        }
    }

    /// A matrix word (legend, heading) in `lang`.
    fn word(&self, key: &str, lang: Lang) -> String {
        self.catalogue.messages.text(key, lang, &[])
    }

    /// The summary line, as `charter lint` prints it.
    fn summary(&self, summary: &Summary, lang: Lang) -> String {
        crate::policy::messages::fill(
            &self.word("summary", lang),
            &[
                ("files", &summary.files.to_string()),
                ("errors", &summary.errors.to_string()),
                ("warnings", &summary.warnings.to_string()),
                ("infos", &summary.infos.to_string()),
            ],
        )
    }

    fn terminal(&self, summary: &Summary, lang: Lang) -> String {
        let width = self
            .rows
            .iter()
            .map(|r| visible(&r.path).chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut out = String::new();
        let _ = write!(out, "{:width$}", "");
        for i in 1..=self.catalogue.clauses.len() {
            let _ = write!(out, " {i:>2}");
        }
        out.push('\n');
        for row in &self.rows {
            let _ = write!(out, "{:width$}", visible(&row.path));
            for cell in &row.cells {
                let (symbol, style) = symbol(*cell);
                let _ = write!(out, "  {style}{symbol}{style:#}");
            }
            out.push('\n');
        }
        let words: Vec<String> = [
            Status::Covered,
            Status::Vague,
            Status::Missing,
            Status::Waived,
        ]
        .into_iter()
        .map(|s| {
            let word = self.word(&format!("coverage-{}", status_name(s)), lang);
            format!("{} {word}", symbol(Some(s)).0)
        })
        .chain([format!("{} -", symbol(None).0)])
        .collect();
        let _ = writeln!(out, "\n{}", words.join("   "));
        for (i, clause) in self.catalogue.clauses.values().enumerate() {
            let _ = writeln!(
                out,
                "{:>3} {:<24} {}",
                i + 1,
                clause.id,
                clause.title.get(lang)
            );
        }
        let _ = writeln!(out, "\n{}", self.summary(summary, lang));
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from("path,lang");
        for id in self.catalogue.clauses.keys() {
            let _ = write!(out, ",{id}");
        }
        out.push('\n');
        for row in &self.rows {
            let _ = write!(out, "{},{}", csv_field(&row.path), csv_field(&row.lang));
            for cell in &row.cells {
                let _ = write!(out, ",{}", cell.map_or("", status_name));
            }
            out.push('\n');
        }
        out
    }

    fn html(&self, summary: &Summary, lang: Lang) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
             body{{font-family:system-ui,sans-serif;color:#1a1a1a;margin:1.5rem}}\n\
             table{{border-collapse:collapse;font-size:.85rem}}\n\
             th,td{{border:1px solid #999;padding:.25rem .4rem;text-align:center}}\n\
             th[scope=row]{{text-align:left;font-weight:normal;font-family:monospace}}\n\
             thead th{{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}}\n\
             .covered{{background:#c8e6c9}}.vague{{background:#fff3b0}}.missing{{background:#ffcdd2}}.waived{{background:#e0e0e0}}\n\
             </style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p>{}</p>\n<table>\n<thead><tr><th scope=\"col\">{}</th>",
            lang.code(),
            escape(&self.word("matrix-title", lang)),
            escape(&self.word("matrix-heading", lang)),
            escape(&self.summary(summary, lang)),
            escape(&self.word("matrix-file", lang)),
        );
        for clause in self.catalogue.clauses.values() {
            let _ = write!(
                out,
                "<th scope=\"col\" title=\"{}\">{}</th>",
                escape(clause.title.get(lang)),
                escape(&clause.id)
            );
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(&row.path));
            for cell in &row.cells {
                match cell {
                    Some(status) => {
                        let name = status_name(*status);
                        let word = self.word(&format!("coverage-{name}"), lang);
                        let _ = write!(out, "<td class=\"{name}\">{}</td>", escape(&word));
                    }
                    None => out.push_str("<td>-</td>"),
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
        out
    }
}

fn symbol(status: Option<Status>) -> (&'static str, Style) {
    match status {
        Some(Status::Covered) => ("✓", AnsiColor::Green.on_default()),
        Some(Status::Vague) => ("~", AnsiColor::Yellow.on_default()),
        Some(Status::Missing) => ("✗", AnsiColor::Red.on_default().bold()),
        Some(Status::Waived) => ("w", AnsiColor::Cyan.on_default()),
        None => ("·", Style::new()),
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Reporter for MatrixReporter<'_> {
    fn file(&mut self, _: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let cells = self
            .catalogue
            .clauses
            .keys()
            .map(|id| {
                report
                    .coverage
                    .iter()
                    .find(|c| &c.clause == id)
                    .map(|c| c.status)
            })
            .collect();
        self.rows.push(Row {
            path: report.path.clone(),
            lang: report.lang.clone().unwrap_or_default(),
            cells,
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let lang = self.lang.for_file(summary.lang.as_deref());
        let text = match self.format {
            MatrixFormat::Terminal => self.terminal(summary, lang),
            MatrixFormat::Csv => self.csv(),
            MatrixFormat::Html => self.html(summary, lang),
        };
        out.write_all(text.as_bytes())
    }
}
