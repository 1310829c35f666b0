//! The charter as a Word document (docx-rs): the content of the HTML page, with the Title and
//! Heading1–Heading5 styles (so Word's navigation pane lists the sections), bulleted and
//! numbered lists, and tables for the uses and the tools.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::Arena;
use docx_rs::{
    AbstractNumbering, BreakType, Docx, Footer, Hyperlink, HyperlinkType, IndentLevel, Level,
    LevelJc, LevelOverride, LevelText, LineSpacing, LineSpacingType, NumberFormat, Numbering,
    NumberingId, PageMargin, Paragraph, Run, RunFonts, Shading, SpecialIndentType, Start, Style,
    StyleType, Table, TableCell, TableLayoutType, TableRow, WidthType,
};
use zip::result::ZipResult;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use super::context::{RenderContext, Section};
use super::{markdown, RenderError};

/// Numbering (abstract and instance) id of bulleted lists; docx-rs keeps id 1 for itself.
const BULLETS: usize = 2;
/// Abstract numbering id of numbered lists; each numbered list gets its own instance,
/// numbered from this id up.
const NUMBERED: usize = 3;
/// List levels defined (deeper lists stay at the last one).
const LIST_LEVELS: usize = 4;
/// Heading styles defined: `Heading1` (sections) … `Heading5` (headings inside clauses).
const HEADING_STYLES: usize = 5;
const MONOSPACE: &str = "Consolas";
/// Paragraph style of table cells.
const TABLE_TEXT: &str = "TableText";
const HEADER_FILL: &str = "E8EEF5";
const DRAFT_FILL: &str = "FFF4E0";
const DRAFT_COLOUR: &str = "6B3A00";
/// Page margins (2 cm, in twentieths of a point) and the text width they leave on A4.
const MARGIN: i32 = 1134;
const TEXT_WIDTH: usize = 11_906 - 2 * 1134;
/// Column widths (twentieths of a point) of the uses and tools tables.
const USE_COLUMNS: [usize; 5] = [2200, 1500, 2300, 1600, TEXT_WIDTH - 7600];
const TOOL_COLUMNS: [usize; 4] = [2700, 1100, 3400, TEXT_WIDTH - 7200];

/// A block of the document body.
enum Part {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// Inline formatting in force while walking Markdown.
#[derive(Clone, Copy, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent styles that Markdown nests in any combination"
)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
    code: bool,
}

/// What a paragraph is made of.
enum Piece {
    Run(Box<Run>),
    Link(Hyperlink),
}

/// The document being built: body parts, list numberings, bookmarks of the sections.
struct Writer {
    parts: Vec<Part>,
    numberings: Vec<Numbering>,
    bookmarks: HashMap<String, (usize, String)>,
}

/// Lays out the context as a `.docx` file.
pub fn render(context: &RenderContext) -> Result<Vec<u8>, RenderError> {
    let mut writer = Writer::new(&context.sections, &context.anchors.contents);
    writer.title_block(context);
    writer.contents(context);
    writer.heading(1, &context.t["clauses"], &context.anchors.clauses, true);
    for clause in &context.clauses {
        writer.heading(2, &clause.title, &clause.anchor, false);
        if clause.text.is_empty() {
            let format = Format {
                italic: true,
                ..Format::default()
            };
            writer.push(paragraph(vec![text_run(
                &context.t["clause_empty"],
                format,
            )]));
        } else {
            writer.markdown(&clause.text);
        }
    }
    if !context.extra.is_empty() {
        writer.heading(1, &context.t["extra"], &context.anchors.extra, true);
        for provision in &context.extra {
            if !provision.heading.is_empty() {
                writer.heading(2, &provision.heading, &provision.anchor, false);
            }
            writer.markdown(&provision.text);
        }
    }
    writer.uses(context);
    writer.tools(context);
    if !context.waivers.is_empty() {
        writer.heading(1, &context.t["waivers"], &context.anchors.waivers, true);
        for waiver in &context.waivers {
            let mut pieces = vec![text_run(&waiver.title, bold())];
            if waiver.title != waiver.id {
                pieces.push(text_run(" (", Format::default()));
                pieces.push(text_run(&waiver.id, code()));
                pieces.push(text_run(")", Format::default()));
            }
            pieces.push(text_run(
                &format!("{} {}", context.t["colon"], waiver.reason),
                Format::default(),
            ));
            writer.push(list_item(paragraph(pieces), BULLETS, 0));
        }
    }
    writer.appendix(context);
    writer.finish(&context.footer)
}

impl Writer {
    fn new(sections: &[Section], contents: &str) -> Self {
        let mut bookmarks = HashMap::new();
        let mut add = |anchor: &str| {
            let id = bookmarks.len() + 1;
            bookmarks.insert(anchor.to_owned(), (id, format!("_Toc{id}")));
        };
        add(contents);
        for section in sections {
            add(&section.anchor);
            for child in &section.children {
                add(&child.anchor);
            }
        }
        Self {
            parts: Vec::new(),
            numberings: vec![Numbering::new(BULLETS, BULLETS)],
            bookmarks,
        }
    }

    fn push(&mut self, paragraph: Paragraph) {
        self.parts.push(Part::Paragraph(Box::new(paragraph)));
    }

    fn push_table(&mut self, table: Table) {
        self.parts.push(Part::Table(Box::new(table)));
    }

    /// A `HeadingN` paragraph, bookmarked when the table of contents links to it.
    fn heading(&mut self, level: usize, title: &str, anchor: &str, new_page: bool) {
        let level = level.clamp(1, HEADING_STYLES);
        let mut heading = Paragraph::new()
            .style(&format!("Heading{level}"))
            .keep_next(true)
            .page_break_before(new_page);
        let bookmark = self.bookmarks.get(anchor).cloned();
        if let Some((id, name)) = &bookmark {
            heading = heading.add_bookmark_start(*id, name.clone());
        }
        heading = heading.add_run(Run::new().add_text(xml_text(title)));
        if let Some((id, _)) = bookmark {
            heading = heading.add_bookmark_end(id);
        }
        self.push(heading);
    }

    fn title_block(&mut self, context: &RenderContext) {
        let t = &context.t;
        let charter = &context.charter;
        self.push(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(xml_text(&charter.title))),
        );
        let owner = if charter.owner.role.is_empty() {
            charter.owner.name.clone()
        } else {
            format!("{}, {}", charter.owner.name, charter.owner.role)
        };
        let review = match (
            charter.review_next.is_empty(),
            charter.review_every.is_empty(),
        ) {
            (false, false) => format!("{} ({})", charter.review_next, charter.review_every),
            _ => format!("{}{}", charter.review_next, charter.review_every),
        };
        for (label, value) in [
            (&t["organisation"], &charter.organisation),
            (&t["team"], &charter.team),
            (&t["adopted"], &charter.adopted),
            (&t["owner"], &owner),
            (&t["contact"], &charter.owner.contact),
            (&t["next_review"], &review),
        ] {
            if !value.is_empty() {
                self.push(field(label, &t["colon"], value));
            }
        }
        if !context.issues.is_empty() {
            let title = Run::new()
                .add_text(xml_text(&context.draft_title))
                .bold()
                .size(28)
                .color(DRAFT_COLOUR);
            let mut cell = TableCell::new()
                .shading(Shading::new().fill(DRAFT_FILL))
                .add_paragraph(Paragraph::new().add_run(title))
                .add_paragraph(paragraph(vec![text_run(
                    &t["draft_help"],
                    Format::default(),
                )]));
            for issue in &context.issues {
                cell = cell.add_paragraph(list_item(
                    paragraph(vec![text_run(issue, Format::default())]),
                    BULLETS,
                    0,
                ));
            }
            let width = [TEXT_WIDTH];
            self.push_table(table(vec![table_row(vec![cell], &width)], &width));
        }
    }

    /// The table of contents, as links to the bookmarks of the headings.
    fn contents(&mut self, context: &RenderContext) {
        self.heading(1, &context.t["contents"], &context.anchors.contents, false);
        for section in &context.sections {
            self.contents_entry(section, 0);
            for child in &section.children {
                self.contents_entry(child, 1);
            }
        }
    }

    fn contents_entry(&mut self, section: &Section, depth: i32) {
        let Some((_, name)) = self.bookmarks.get(&section.anchor) else {
            return;
        };
        let link = Hyperlink::new(name.clone(), HyperlinkType::Anchor).add_run(
            Run::new()
                .style("Hyperlink")
                .add_text(xml_text(&section.title)),
        );
        self.push(
            Paragraph::new()
                .indent(Some(360 * depth), None, None, None)
                .add_hyperlink(link),
        );
    }

    fn uses(&mut self, context: &RenderContext) {
        let t = &context.t;
        self.heading(1, &t["uses"], &context.anchors.uses, true);
        if context.uses.is_empty() {
            self.push(paragraph(vec![text_run(
                &t["uses_none"],
                Format::default(),
            )]));
            return;
        }
        let mut rows = vec![header_row(
            &[
                &t["use"],
                &t["status"],
                &t["why"],
                &t["use_tools"],
                &t["conditions"],
            ],
            &USE_COLUMNS,
        )];
        for row in &context.uses {
            let conditions = if row.conditions.is_empty() {
                // Word requires a paragraph in every cell.
                TableCell::new().add_paragraph(Paragraph::new())
            } else {
                row.conditions.iter().fold(TableCell::new(), |cell, c| {
                    cell.add_paragraph(list_item(
                        cell_paragraph(vec![text_run(c, Format::default())]),
                        BULLETS,
                        0,
                    ))
                })
            };
            rows.push(table_row(
                vec![
                    text_cell(&row.description, Format::default()),
                    text_cell(&row.status_label, bold()),
                    text_cell(&row.why, Format::default()),
                    text_cell(&row.tools.join(", "), Format::default()),
                    conditions,
                ],
                &USE_COLUMNS,
            ));
        }
        self.push_table(table(rows, &USE_COLUMNS));
    }

    fn tools(&mut self, context: &RenderContext) {
        let t = &context.t;
        self.heading(1, &t["tools"], &context.anchors.tools, true);
        if context.tools.is_empty() {
            self.push(paragraph(vec![text_run(
                &t["tools_none"],
                Format::default(),
            )]));
            return;
        }
        let mut rows = vec![header_row(
            &[&t["tool"], &t["approved"], &t["accounts"], &t["data"]],
            &TOOL_COLUMNS,
        )];
        for tool in &context.tools {
            let data = if tool.data.is_empty() {
                text_cell(&t["none"], Format::default())
            } else {
                text_cell(&tool.data.join(", "), code())
            };
            rows.push(table_row(
                vec![
                    text_cell(&tool.name, Format::default()),
                    text_cell(&tool.approved_label, Format::default()),
                    text_cell(&tool.accounts, Format::default()),
                    data,
                ],
                &TOOL_COLUMNS,
            ));
        }
        self.push_table(table(rows, &TOOL_COLUMNS));
    }

    fn appendix(&mut self, context: &RenderContext) {
        let t = &context.t;
        self.heading(1, &t["appendix"], &context.anchors.appendix, true);
        let packs: Vec<String> = context
            .check
            .packs
            .iter()
            .map(|pack| format!("{} ({})", pack.title, pack.id))
            .collect();
        self.push(field(&t["packs"], &t["colon"], &packs.join(", ")));
        self.push(field(&t["result"], &t["colon"], &context.check.result));
        self.push(field(&t["checked_on"], &t["colon"], &context.check.date));
    }

    /// Clause Markdown, made safe by `markdown::parse`, as Word paragraphs, lists and tables.
    fn markdown(&mut self, text: &str) {
        let arena = Arena::new();
        let root = markdown::parse(&arena, text);
        flatten_deep_nesting(root);
        for block in root.children() {
            self.block(block, None);
        }
    }

    /// One block; `list` is the numbering and level of the list item it sits in.
    fn block<'a>(&mut self, node: &'a AstNode<'a>, list: Option<(usize, usize)>) {
        let value = node.data.borrow().value.clone();
        let in_list = |p: Paragraph| match list {
            Some((numbering, level)) => list_item(p, numbering, level),
            None => p,
        };
        match value {
            NodeValue::Paragraph => self.push(in_list(paragraph(inlines(node, Format::default())))),
            NodeValue::Heading(heading) => {
                let level = usize::from(heading.level).saturating_sub(1);
                let style = format!("Heading{}", level.clamp(1, HEADING_STYLES));
                self.push(
                    paragraph(inlines(node, Format::default()))
                        .style(&style)
                        .keep_next(true),
                );
            }
            NodeValue::List(list_spec) => {
                let numbering = if list_spec.list_type == ListType::Ordered {
                    self.new_numbered_list()
                } else {
                    BULLETS
                };
                let level = list.map_or(0, |(_, level)| (level + 1).min(LIST_LEVELS - 1));
                for item in node.children() {
                    for child in item.children() {
                        self.block(child, Some((numbering, level)));
                    }
                }
            }
            NodeValue::CodeBlock(code_block) => {
                let mut run = Run::new().fonts(monospace());
                for (i, line) in code_block.literal.trim_end().lines().enumerate() {
                    if i > 0 {
                        run = run.add_break(BreakType::TextWrapping);
                    }
                    run = run.add_text(xml_text(line));
                }
                self.push(in_list(Paragraph::new().add_run(run)));
            }
            NodeValue::HtmlBlock(html) => {
                self.push(in_list(paragraph(vec![text_run(
                    html.literal.trim_end(),
                    Format::default(),
                )])));
            }
            NodeValue::BlockQuote => {
                for child in node.children() {
                    self.block(child, list);
                }
            }
            NodeValue::Table(spec) => {
                let columns = spec.num_columns.max(1);
                let widths = vec![TEXT_WIDTH / columns; columns];
                let rows = node
                    .children()
                    .map(|row| {
                        let header = matches!(row.data.borrow().value, NodeValue::TableRow(true));
                        let format = Format {
                            bold: header,
                            ..Format::default()
                        };
                        let cells = row
                            .children()
                            .map(|cell| {
                                TableCell::new()
                                    .add_paragraph(cell_paragraph(inlines(cell, format)))
                            })
                            .collect();
                        table_row(cells, &widths)
                    })
                    .collect();
                self.push_table(table(rows, &widths));
            }
            _ => {}
        }
    }

    /// A numbering instance for a new numbered list, so that it starts at 1.
    fn new_numbered_list(&mut self) -> usize {
        let id = NUMBERED + self.numberings.len() - 1;
        self.numberings
            .push(Numbering::new(id, NUMBERED).add_override(LevelOverride::new(0).start(1)));
        id
    }

    fn finish(self, footer: &str) -> Result<Vec<u8>, RenderError> {
        let mut docx = Docx::new()
            .default_size(22)
            .default_line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(276)
                    .after(120),
            )
            .page_margin(
                PageMargin::new()
                    .top(MARGIN)
                    .bottom(MARGIN)
                    .left(MARGIN)
                    .right(MARGIN),
            )
            .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
            .add_abstract_numbering(list_levels(BULLETS, "bullet", |_| "•".to_owned()))
            .add_abstract_numbering(list_levels(NUMBERED, "decimal", |level| {
                format!("%{}.", level + 1)
            }))
            .footer(
                Footer::new().add_paragraph(paragraph(vec![text_run(footer, Format::default())])),
            );
        for style in styles() {
            docx = docx.add_style(style);
        }
        for numbering in self.numberings {
            docx = docx.add_numbering(numbering);
        }
        for part in self.parts {
            docx = match part {
                Part::Paragraph(paragraph) => docx.add_paragraph(*paragraph),
                Part::Table(table) => docx.add_table(*table),
            };
        }
        let mut bytes = Cursor::new(Vec::new());
        docx.pack(&mut bytes)
            .and_then(|()| sort_relationships(bytes.into_inner()))
            .map_err(|e| RenderError(format!("cannot build the Word document: {e}")))
    }
}

/// The part where docx-rs lists the document's links, in the order of a hash map.
const RELATIONSHIPS: &str = "word/_rels/document.xml.rels";

/// The package with the relationships of `RELATIONSHIPS` sorted, so that one charter always
/// gives the same bytes (and committed documents can be checked against fresh renders).
fn sort_relationships(packed: Vec<u8>) -> ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(packed))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index)?;
        if file.name() != RELATIONSHIPS {
            out.raw_copy_file(file)?;
            continue;
        }
        let options = SimpleFileOptions::default()
            .compression_method(file.compression())
            .unix_permissions(file.unix_mode().unwrap_or(0o644));
        drop(file);
        let mut xml = String::new();
        archive.by_index(index)?.read_to_string(&mut xml)?;
        out.start_file(RELATIONSHIPS, options)?;
        out.write_all(sorted_relationships(&xml).as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// The `<Relationship … />` elements of a relationships part in order of their text (by id).
fn sorted_relationships(xml: &str) -> String {
    let (Some(start), Some(end)) = (xml.find("<Relationship "), xml.rfind("</Relationships>"))
    else {
        return xml.to_owned();
    };
    let mut items: Vec<&str> = xml[start..end].split_inclusive("/>").collect();
    items.sort_unstable();
    format!("{}{}{}", &xml[..start], items.concat(), &xml[end..])
}

/// Title, headings and the hyperlink character style; heading styles carry their outline
/// level, which the navigation panes of Word and Writer read.
fn styles() -> Vec<Style> {
    let mut styles = vec![
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .size(48)
            .bold()
            .line_spacing(LineSpacing::new().after(240))
            .q_format(true),
        Style::new(TABLE_TEXT, StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .size(20)
            .line_spacing(LineSpacing::new().after(40)),
        Style::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .color("0B4FA8")
            .underline("single"),
    ];
    let sizes = [32, 26, 24, 22, 22];
    let space_before = [480, 360, 240, 240, 240];
    for ((level, size), before) in (1..=HEADING_STYLES).zip(sizes).zip(space_before) {
        styles.push(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .size(size)
                .bold()
                .outline_lvl(level - 1)
                .line_spacing(LineSpacing::new().before(before).after(120))
                .q_format(true),
        );
    }
    styles
}

/// The levels of a list numbering: `format` and `text` per level, indented 0.25in a level.
fn list_levels(id: usize, format: &str, text: impl Fn(usize) -> String) -> AbstractNumbering {
    (0..LIST_LEVELS).fold(AbstractNumbering::new(id), |numbering, level| {
        let indent = i32::try_from(360 * (level + 1)).unwrap_or(i32::MAX);
        numbering.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text(level)),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        )
    })
}

fn bold() -> Format {
    Format {
        bold: true,
        ..Format::default()
    }
}

fn code() -> Format {
    Format {
        code: true,
        ..Format::default()
    }
}

fn monospace() -> RunFonts {
    RunFonts::new().ascii(MONOSPACE).hi_ansi(MONOSPACE)
}

/// Text with the characters XML 1.0 cannot hold (controls, U+FFFE, U+FFFF) removed.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}')
        })
        .collect()
}

/// Quotes and lists nested deeper than `MAX_NESTING` nodes are unwrapped, their blocks
/// moved into the parent: the writer recurses once per level, and the depth is the
/// author's (1,000 nested `>`).
fn flatten_deep_nesting<'a>(root: &'a AstNode<'a>) {
    const MAX_NESTING: usize = 32;
    let nodes: Vec<&AstNode> = root.descendants().collect();
    for node in nodes {
        let blocks: Vec<&AstNode> = match node.data.borrow().value {
            NodeValue::BlockQuote => node.children().collect(),
            NodeValue::List(_) => node.children().flat_map(AstNode::children).collect(),
            _ => continue,
        };
        if node.ancestors().count() > MAX_NESTING {
            for block in blocks {
                node.insert_before(block);
            }
            node.detach();
        }
    }
}

fn text_run(text: &str, format: Format) -> Piece {
    let mut run = Run::new().add_text(xml_text(text));
    if format.bold {
        run = run.bold();
    }
    if format.italic {
        run = run.italic();
    }
    if format.strike {
        run = run.strike();
    }
    if format.code {
        run = run.fonts(monospace());
    }
    Piece::Run(Box::new(run))
}

fn paragraph(pieces: Vec<Piece>) -> Paragraph {
    pieces
        .into_iter()
        .fold(Paragraph::new(), |paragraph, piece| match piece {
            Piece::Run(run) => paragraph.add_run(*run),
            Piece::Link(link) => paragraph.add_hyperlink(link),
        })
}

fn list_item(paragraph: Paragraph, numbering: usize, level: usize) -> Paragraph {
    paragraph.numbering(NumberingId::new(numbering), IndentLevel::new(level))
}

/// "Label: value", the label in bold.
fn field(label: &str, colon: &str, value: &str) -> Paragraph {
    paragraph(vec![
        text_run(&format!("{label}{colon}"), bold()),
        text_run(&format!(" {value}"), Format::default()),
    ])
}

/// A paragraph in a table cell (smaller text, tighter spacing).
fn cell_paragraph(pieces: Vec<Piece>) -> Paragraph {
    paragraph(pieces).style(TABLE_TEXT)
}

fn text_cell(text: &str, format: Format) -> TableCell {
    TableCell::new().add_paragraph(cell_paragraph(vec![text_run(text, format)]))
}

fn header_row(titles: &[&String], widths: &[usize]) -> TableRow {
    let cells = titles
        .iter()
        .map(|title| text_cell(title, bold()).shading(Shading::new().fill(HEADER_FILL)))
        .collect();
    table_row(cells, widths)
}

/// A row that stays on one page, its cells as wide as their columns.
fn table_row(cells: Vec<TableCell>, widths: &[usize]) -> TableRow {
    let cells = cells
        .into_iter()
        .zip(widths.iter().chain(std::iter::repeat(&0)))
        .map(|(cell, width)| cell.width(*width, WidthType::Dxa))
        .collect();
    TableRow::new(cells).cant_split()
}

fn table(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// The runs and links of a block's inline content.
fn inlines<'a>(node: &'a AstNode<'a>, format: Format) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for child in node.children() {
        let value = child.data.borrow().value.clone();
        match value {
            NodeValue::Text(text) => pieces.push(text_run(&text, format)),
            NodeValue::Code(code) => pieces.push(text_run(
                &code.literal,
                Format {
                    code: true,
                    ..format
                },
            )),
            NodeValue::HtmlInline(html) => pieces.push(text_run(&html, format)),
            NodeValue::SoftBreak => pieces.push(text_run(" ", format)),
            NodeValue::LineBreak => {
                pieces.push(Piece::Run(Box::new(
                    Run::new().add_break(BreakType::TextWrapping),
                )));
            }
            NodeValue::Emph => pieces.extend(inlines(
                child,
                Format {
                    italic: true,
                    ..format
                },
            )),
            NodeValue::Strong => pieces.extend(inlines(
                child,
                Format {
                    bold: true,
                    ..format
                },
            )),
            NodeValue::Strikethrough => pieces.extend(inlines(
                child,
                Format {
                    strike: true,
                    ..format
                },
            )),
            NodeValue::Link(link) => {
                let runs = inlines(child, format);
                let hyperlink = runs.into_iter().fold(
                    Hyperlink::new(link.url, HyperlinkType::External),
                    |hyperlink, piece| match piece {
                        Piece::Run(run) => hyperlink.add_run(run.style("Hyperlink")),
                        Piece::Link(_) => hyperlink,
                    },
                );
                pieces.push(Piece::Link(hyperlink));
            }
            _ => pieces.extend(inlines(child, format)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationships_are_sorted_by_id() {
        let xml = r#"<?xml version="1.0"?><Relationships x="y"><Relationship Id="rId2" Target="b" /><Relationship Id="rId1" Target="a" /></Relationships>"#;
        assert_eq!(
            sorted_relationships(xml),
            r#"<?xml version="1.0"?><Relationships x="y"><Relationship Id="rId1" Target="a" /><Relationship Id="rId2" Target="b" /></Relationships>"#
        );
    }
}
