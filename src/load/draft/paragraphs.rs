//! The paragraphs of a word-processor document, neutral between Word and OpenDocument: built
//! while a format's reader walks its XML, then read out as the lint view (one numbered
//! paragraph a line, in sections) or as Markdown (for `charter import`).

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;

use super::SectionBuilder;
use crate::model::document::{Block, Document, DraftWaiver};

/// What a paragraph is in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    /// A heading, level 1 to 6 (deeper outline levels are read as 6).
    Heading(u8),
    /// A list item, `depth` 0 for the outermost list.
    Item {
        depth: u8,
        ordered: bool,
    },
    /// A paragraph of a table cell.
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
}

/// How a run of text is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub link: Option<String>,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: Style,
}

/// One paragraph: its role, its text in runs, and the waivers of the comments on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub role: Role,
    pub runs: Vec<Run>,
    pub waivers: Vec<(String, Option<String>)>,
}

impl Paragraph {
    /// The paragraph's plain text on one line.
    pub fn text(&self) -> String {
        let text: String = self.runs.iter().map(|r| r.text.as_str()).collect();
        collapse(&text)
    }
}

/// Text with runs of spaces, tabs and line breaks made one space, trimmed; no-break spaces
/// (French typography) are kept as they are.
fn collapse(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// A comment that is a waiver: `charter: ignore CLAUSE -- reason` (an en or em dash, as
/// word processors make of `--`, works too).
static WAIVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^\s*charter:\s*ignore\s+([A-Za-z0-9_-]+)(?:\s+(?:--|–|—)\s*(.*?))?\s*$")
        .expect("valid regex")
});

/// The waiver a comment's text makes, if it is one.
pub fn waiver(comment: &str) -> Option<(String, Option<String>)> {
    let captures = WAIVER.captures(comment)?;
    let reason = captures
        .get(2)
        .map(|r| r.as_str().trim().to_owned())
        .filter(|r| !r.is_empty());
    Some((captures[1].to_owned(), reason))
}

/// Where a table being read is.
struct OpenTable {
    id: usize,
    row: usize,
    column: usize,
}

/// Collects paragraphs in reading order. A paragraph opened inside another (a text box, a
/// footnote) is placed right after the one that holds it.
#[derive(Default)]
pub struct Builder {
    done: Vec<Paragraph>,
    /// Paragraphs being read, innermost last, each with the nested ones it holds.
    open: Vec<(Paragraph, Vec<Paragraph>)>,
    tables: Vec<OpenTable>,
    next_table: usize,
}

impl Builder {
    /// A role as placed: a body paragraph or list item inside a table is one of its cell's.
    fn placed(&self, role: Role) -> Role {
        match (role, self.tables.last()) {
            (Role::Body | Role::Item { .. }, Some(table)) => Role::Cell {
                table: table.id,
                row: table.row,
                column: table.column,
            },
            _ => role,
        }
    }

    /// Opens a paragraph.
    pub fn start(&mut self, role: Role) {
        let role = self.placed(role);
        self.open.push((
            Paragraph {
                role,
                runs: Vec::new(),
                waivers: Vec::new(),
            },
            Vec::new(),
        ));
    }

    /// Adds text to the open paragraph (text outside any paragraph is dropped).
    pub fn text(&mut self, text: &str, style: &Style) {
        let text = text.replace(['\u{ad}', '\u{200b}'], "");
        let Some((paragraph, _)) = self.open.last_mut() else {
            return;
        };
        match paragraph.runs.last_mut() {
            Some(run) if run.style == *style => run.text.push_str(&text),
            _ => paragraph.runs.push(Run {
                text,
                style: style.clone(),
            }),
        }
    }

    /// Sets the open paragraph's role (once its properties are read).
    pub fn role(&mut self, role: Role) {
        let role = self.placed(role);
        if let Some((paragraph, _)) = self.open.last_mut() {
            paragraph.role = role;
        }
    }

    /// Places paragraphs read elsewhere (a footnote's) after the open paragraph.
    pub fn nested(&mut self, paragraphs: impl IntoIterator<Item = Paragraph>) {
        match self.open.last_mut() {
            Some((_, nested)) => nested.extend(paragraphs),
            None => self.done.extend(paragraphs),
        }
    }

    /// Attaches a comment to the open paragraph; only waivers are kept.
    pub fn comment(&mut self, comment: &str) {
        if let (Some(waiver), Some((paragraph, _))) = (waiver(comment), self.open.last_mut()) {
            paragraph.waivers.push(waiver);
        }
    }

    /// Closes the open paragraph.
    pub fn end(&mut self) {
        let Some((paragraph, nested)) = self.open.pop() else {
            return;
        };
        let target = match self.open.last_mut() {
            Some((_, outer_nested)) => outer_nested,
            None => &mut self.done,
        };
        target.push(paragraph);
        target.extend(nested);
    }

    pub fn table_start(&mut self) {
        self.tables.push(OpenTable {
            id: self.next_table,
            row: 0,
            column: 0,
        });
        self.next_table += 1;
    }

    pub fn table_end(&mut self) {
        self.tables.pop();
    }

    /// Starts a row after the first (the first row starts with the table).
    pub fn row_end(&mut self) {
        if let Some(table) = self.tables.last_mut() {
            table.row += 1;
            table.column = 0;
        }
    }

    pub fn cell_end(&mut self) {
        if let Some(table) = self.tables.last_mut() {
            table.column += 1;
        }
    }

    /// The paragraphs read, in order (paragraphs left open are closed).
    pub fn finish(mut self) -> Vec<Paragraph> {
        while !self.open.is_empty() {
            self.end();
        }
        self.done
    }
}

/// The lint view of a document: one line of text per paragraph that has text (so `line` is
/// the paragraph number), the sections read from it, and the heading each paragraph is under.
pub fn lint_view(paragraphs: &[Paragraph]) -> (String, Document, Vec<Option<String>>) {
    let mut text = String::new();
    let mut headings = Vec::new();
    let mut under: Option<String> = None;
    let mut builder = SectionBuilder::default();
    let mut waivers = Vec::new();
    let mut line = 0;
    for paragraph in paragraphs {
        if !numbered(paragraph) {
            continue;
        }
        let plain = paragraph.text();
        line += 1;
        let start = text.len();
        text.push_str(&plain);
        let end = text.len();
        text.push('\n');
        for (clause, reason) in &paragraph.waivers {
            waivers.push(DraftWaiver {
                clause: clause.clone(),
                reason: reason.clone(),
                start,
                end,
            });
        }
        let block = Block {
            text: plain,
            line,
            breaks: Vec::new(),
        };
        headings.push(under.clone());
        match paragraph.role {
            Role::Heading(level) => {
                under = Some(block.text.clone());
                builder.heading(level, block);
            }
            _ => builder.block(block),
        }
    }
    let mut document = builder.finish();
    document.waivers = waivers;
    (text, document, headings)
}

/// Whether a paragraph is numbered in the lint view (it has text or a waiver).
fn numbered(paragraph: &Paragraph) -> bool {
    !paragraph.waivers.is_empty() || paragraph.runs.iter().any(|r| !r.text.trim().is_empty())
}

/// The document as Markdown (headings, lists, tables, bold, italic and links, each comment
/// waiver as a `<!-- charter: ignore … -->` line after its paragraph), and for each of its
/// lines the number of the paragraph it comes from (as in [`lint_view`]).
pub fn markdown(paragraphs: &[Paragraph]) -> (String, Vec<usize>) {
    let mut numbers = Vec::with_capacity(paragraphs.len());
    let mut number = 0;
    for paragraph in paragraphs {
        number += usize::from(numbered(paragraph));
        numbers.push(number.max(1));
    }
    let mut out = String::new();
    let mut lines = Vec::new();
    let mut k = 0;
    while k < paragraphs.len() {
        let paragraph = &paragraphs[k];
        match paragraph.role {
            Role::Cell { table, .. } => {
                let end = paragraphs[k..]
                    .iter()
                    .position(|p| !matches!(p.role, Role::Cell { table: t, .. } if t == table))
                    .map_or(paragraphs.len(), |p| k + p);
                write_table(&mut out, &paragraphs[k..end], &numbers[k..end], &mut lines);
                k = end;
                continue;
            }
            Role::Heading(level) => {
                let inline = inline(&paragraph.runs, false);
                if !inline.is_empty() {
                    let _ = writeln!(out, "{} {inline}\n", "#".repeat(usize::from(level)));
                }
            }
            Role::Body => {
                let inline = inline(&paragraph.runs, false);
                if !inline.is_empty() {
                    let _ = writeln!(out, "{inline}\n");
                }
            }
            Role::Item { depth, ordered } => {
                let marker = if ordered { "1." } else { "-" };
                let _ = writeln!(
                    out,
                    "{}{marker} {}",
                    "    ".repeat(usize::from(depth)),
                    inline(&paragraph.runs, false)
                );
                let next_is_item = paragraphs
                    .get(k + 1)
                    .is_some_and(|p| matches!(p.role, Role::Item { .. }));
                if !next_is_item || !paragraph.waivers.is_empty() {
                    out.push('\n');
                }
            }
        }
        write_waivers(&mut out, &paragraph.waivers);
        mark(&out, &mut lines, numbers[k]);
        k += 1;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    lines.truncate(out.lines().count());
    (out, lines)
}

/// Gives the lines written since the last mark the paragraph number `number`.
fn mark(out: &str, lines: &mut Vec<usize>, number: usize) {
    let written = out.matches('\n').count();
    lines.resize(written.max(lines.len()), number);
}

fn write_waivers(out: &mut String, waivers: &[(String, Option<String>)]) {
    for (clause, reason) in waivers {
        match reason {
            Some(reason) => {
                let _ = writeln!(out, "<!-- charter: ignore {clause} -- {reason} -->\n");
            }
            None => {
                let _ = writeln!(out, "<!-- charter: ignore {clause} -->\n");
            }
        }
    }
}

/// A table's cells as a Markdown table, the first row as its header; `numbers` are the
/// cells' paragraph numbers, each row's lines marked with its first.
fn write_table(out: &mut String, cells: &[Paragraph], numbers: &[usize], lines: &mut Vec<usize>) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row_numbers: Vec<usize> = Vec::new();
    let mut waivers = Vec::new();
    for (cell, &number) in cells.iter().zip(numbers) {
        let Role::Cell { row, column, .. } = cell.role else {
            continue;
        };
        if rows.len() <= row {
            rows.resize(row + 1, Vec::new());
            row_numbers.resize(row + 1, number);
        }
        let cells = &mut rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        let text = inline(&cell.runs, true);
        if !text.is_empty() {
            if !cells[column].is_empty() {
                cells[column].push_str("<br>");
            }
            cells[column].push_str(&text);
        }
        waivers.extend(cell.waivers.iter().cloned());
    }
    let kept: Vec<(Vec<String>, usize)> = rows
        .into_iter()
        .zip(row_numbers)
        .filter(|(r, _)| r.iter().any(|c| !c.is_empty()))
        .collect();
    let width = kept.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    for (i, (row, number)) in kept.iter().enumerate() {
        out.push('|');
        for column in 0..width {
            let _ = write!(out, " {} |", row.get(column).map_or("", String::as_str));
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
        mark(out, lines, *number);
    }
    if !kept.is_empty() {
        out.push('\n');
    }
    write_waivers(out, &waivers);
    mark(out, lines, numbers.last().copied().unwrap_or(1));
}

/// Runs as Markdown inline text: emphasis and links, Markdown's own characters escaped.
fn inline(runs: &[Run], in_table: bool) -> String {
    let mut out = String::new();
    for run in runs {
        let text = collapse(&run.text);
        let (lead, trail) = (
            run.text.starts_with(|c: char| c.is_ascii_whitespace()) && !out.is_empty(),
            run.text.ends_with(|c: char| c.is_ascii_whitespace()),
        );
        if lead {
            out.push(' ');
        }
        if text.is_empty() {
            continue;
        }
        let mut piece = escape(&text, in_table);
        if let Some(link) = &run.style.link {
            let plain = !link.contains(|c: char| c.is_whitespace() || "()<>".contains(c));
            piece = if plain {
                format!("[{piece}]({link})")
            } else {
                format!("[{piece}](<{}>)", link.replace(['<', '>'], ""))
            };
        }
        let marker = match (run.style.bold, run.style.italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        let _ = write!(out, "{marker}{piece}{marker}");
        if trail {
            out.push(' ');
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Text with the characters Markdown would read as markup escaped.
fn escape(text: &str, in_table: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let special = matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<')
            || (in_table && c == '|')
            || (i == 0 && matches!(c, '#' | '>' | '-' | '+' | '='));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool) -> Run {
        Run {
            text: text.to_owned(),
            style: Style {
                bold,
                ..Style::default()
            },
        }
    }

    fn paragraph(role: Role, text: &str) -> Paragraph {
        Paragraph {
            role,
            runs: vec![run(text, false)],
            waivers: Vec::new(),
        }
    }

    #[test]
    fn reads_waiver_comments_with_any_dash() {
        assert_eq!(
            waiver("charter: ignore security – pas d’informatique"),
            Some(("security".to_owned(), Some("pas d’informatique".to_owned())))
        );
        assert_eq!(waiver(" charter: ignore x "), Some(("x".to_owned(), None)));
        assert_eq!(waiver("à revoir"), None);
    }

    #[test]
    fn nested_paragraphs_follow_their_holder() {
        let mut builder = Builder::default();
        builder.start(Role::Body);
        builder.text("Avant ", &Style::default());
        builder.start(Role::Body);
        builder.text("note", &Style::default());
        builder.end();
        builder.text("après", &Style::default());
        builder.end();
        let texts: Vec<String> = builder.finish().iter().map(Paragraph::text).collect();
        assert_eq!(texts, ["Avant après", "note"]);
    }

    #[test]
    fn numbers_paragraphs_with_text_as_lines() {
        let mut noted = paragraph(Role::Body, "Texte");
        noted.waivers.push(("security".to_owned(), None));
        let paragraphs = [
            paragraph(Role::Heading(1), "Charte"),
            paragraph(Role::Body, "  "),
            noted,
        ];
        let (text, document, headings) = lint_view(&paragraphs);
        assert_eq!(text, "Charte\nTexte\n");
        assert_eq!(headings, [None, Some("Charte".to_owned())]);
        assert_eq!(document.sections[0].blocks[0].line, 2);
        assert_eq!(document.waivers[0].start, 7);
    }

    #[test]
    fn no_break_spaces_are_kept() {
        let french = paragraph(Role::Body, "l’\u{a0}« IA\u{a0}»\t:\n  oui\u{202f}!");
        assert_eq!(french.text(), "l’\u{a0}« IA\u{a0}» : oui\u{202f}!");
        assert_eq!(inline(&french.runs, false), french.text());
    }

    #[test]
    fn links_keep_their_target() {
        let link = |target: &str| Run {
            text: "ici".to_owned(),
            style: Style {
                link: Some(target.to_owned()),
                ..Style::default()
            },
        };
        assert_eq!(
            inline(&[link("https://a.fr/x")], false),
            "[ici](https://a.fr/x)"
        );
        assert_eq!(
            inline(&[link("https://a.fr/x (y)")], false),
            "[ici](<https://a.fr/x (y)>)"
        );
    }

    #[test]
    fn writes_markdown_structure() {
        let cell = |row, column, text| {
            paragraph(
                Role::Cell {
                    table: 0,
                    row,
                    column,
                },
                text,
            )
        };
        let paragraphs = vec![
            paragraph(Role::Heading(2), "Données"),
            Paragraph {
                role: Role::Body,
                runs: vec![
                    run("Ne ", false),
                    run("jamais ", true),
                    run("coller *x*", false),
                ],
                waivers: vec![("security".to_owned(), Some("raison".to_owned()))],
            },
            paragraph(
                Role::Item {
                    depth: 0,
                    ordered: false,
                },
                "un",
            ),
            paragraph(
                Role::Item {
                    depth: 1,
                    ordered: true,
                },
                "deux",
            ),
            cell(0, 0, "Usage"),
            cell(0, 1, "Outil"),
            cell(1, 0, "a|b"),
        ];
        let (text, lines) = markdown(&paragraphs);
        assert_eq!(lines.len(), text.lines().count());
        // The table's second row is the table's sixth and seventh paragraphs.
        assert_eq!(
            lines[text.lines().position(|l| l.starts_with("| a")).unwrap()],
            7
        );
        assert_eq!(
            lines[text.lines().position(|l| l.starts_with("- un")).unwrap()],
            3
        );
        assert_eq!(
            text,
            "## Données\n\nNe **jamais** coller \\*x\\*\n\n<!-- charter: ignore security -- raison -->\n\n- un\n    1. deux\n\n| Usage | Outil |\n| --- | --- |\n| a\\|b |  |\n"
        );
    }
}
