//! The charter as a Word document (docx-rs): the content of the HTML page, with the Title and
//! Heading1–Heading5 styles (so Word's navigation pane lists the sections), bulleted and
//! numbered lists, and tables for the uses and the tools.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::Arena;
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, FieldCharType, Footer, Hyperlink,
    HyperlinkType, IndentLevel, InstrText, Level, LevelJc, LevelOverride, LevelText, LineSpacing,
    LineSpacingType, NumPages, NumberFormat, Numbering, NumberingId, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Tab,
    TabLeaderType, TabValueType, Table, TableCell, TableLayoutType, TableRow, WidthType,
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
/// Paragraph style of the page footer.
const FOOTER: &str = "Footer";
/// Paragraph style of the contents' title (not a heading, so the contents do not list it).
const CONTENTS_HEADING: &str = "TOCHeading";
const HEADER_FILL: &str = "E8EEF5";
const DRAFT_FILL: &str = "FFF4E0";
const DRAFT_COLOUR: &str = "6B3A00";
/// Page margins (2 cm, in twentieths of a point) and the text width they leave on A4; the
/// bottom one leaves room for the footer.
const MARGIN: i32 = 1134;
const BOTTOM_MARGIN: i32 = 1418;
const FOOTER_DISTANCE: i32 = 567;
const TEXT_WIDTH: usize = 11_906 - 2 * 1134;
/// Column widths (twentieths of a point) of the uses and tools tables.
const USE_COLUMNS: [usize; 5] = [1750, 1450, 1750, 1900, TEXT_WIDTH - 6850];
const TOOL_COLUMNS: [usize; 4] = [2500, 1450, 3200, TEXT_WIDTH - 7150];

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
pub(crate) fn render(context: &RenderContext) -> Result<Vec<u8>, RenderError> {
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
        // Short sections: they follow the tools on the same page.
        writer.heading(1, &context.t["waivers"], &context.anchors.waivers, false);
        for waiver in &context.waivers {
            let mut pieces = vec![text_run(&waiver.title, bold())];
            pieces.push(text_run(
                &format!("{} {}", context.t["colon"], waiver.reason),
                Format::default(),
            ));
            writer.push(list_item(paragraph(pieces), BULLETS, 0));
        }
    }
    writer.appendix(context);
    writer.finish(context)
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
                    cell_paragraph(vec![text_run(issue, Format::default())]),
                    BULLETS,
                    0,
                ));
            }
            let width = [TEXT_WIDTH];
            self.push_table(table(vec![table_row(vec![cell], &width)], &width));
        }
    }

    /// The table of contents: a TOC field over Heading1–Heading2 that Word and Writer fill
    /// with page numbers; until then it holds the sections, linked to their bookmarks.
    fn contents(&mut self, context: &RenderContext) {
        // A draft's banner fills the cover page: the contents then start on the next one.
        self.push(
            Paragraph::new()
                .style(CONTENTS_HEADING)
                .keep_next(true)
                .page_break_before(!context.issues.is_empty())
                .add_run(Run::new().add_text(xml_text(&context.t["contents"]))),
        );
        let entries: Vec<(&Section, usize)> = context
            .sections
            .iter()
            .flat_map(|s| std::iter::once((s, 1)).chain(s.children.iter().map(|c| (c, 2))))
            .filter(|(s, _)| self.bookmarks.contains_key(&s.anchor))
            .collect();
        let last = entries.len().saturating_sub(1);
        for (i, (section, level)) in entries.into_iter().enumerate() {
            let name = self.bookmarks[&section.anchor].1.clone();
            let mut entry = Paragraph::new().style(&format!("ToC{level}")).add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .leader(TabLeaderType::Dot)
                    .pos(TEXT_WIDTH),
            );
            if i == 0 {
                entry = entry.add_run(field_start(r#"TOC \o "1-2" \h \z \u"#, true));
            }
            let link = Hyperlink::new(name.clone(), HyperlinkType::Anchor)
                .add_run(Run::new().add_text(xml_text(&section.title)))
                .add_run(Run::new().add_tab())
                .add_run(field_start(&format!("PAGEREF {name} \\h"), false))
                .add_run(Run::new().add_field_char(FieldCharType::End, false));
            entry = entry.add_hyperlink(link);
            if i == last {
                entry = entry.add_run(Run::new().add_field_char(FieldCharType::End, false));
            }
            self.push(entry);
        }
    }

    fn uses(&mut self, context: &RenderContext) {
        let t = &context.t;
        if context.uses.is_empty() {
            return;
        }
        self.heading(1, &t["uses"], &context.anchors.uses, true);
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
        if context.tools.is_empty() {
            return;
        }
        self.heading(1, &t["tools"], &context.anchors.tools, true);
        let mut rows = vec![header_row(
            &[&t["tool"], &t["approved"], &t["accounts"], &t["data"]],
            &TOOL_COLUMNS,
        )];
        for tool in &context.tools {
            let data = if tool.data.is_empty() {
                text_cell(&t["none"], Format::default())
            } else {
                text_cell(&tool.data.join(", "), Format::default())
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
        self.heading(1, &t["appendix"], &context.anchors.appendix, false);
        let packs: Vec<String> = context
            .check
            .packs
            .iter()
            .map(|pack| pack.title.clone())
            .collect();
        self.push(field(&t["packs"], &t["colon"], &packs.join(", ")));
        self.push(field(&t["result"], &t["colon"], &context.check.result));
        self.push(field(&t["checked_on"], &t["colon"], &context.check.date));
        if !context.check.references.is_empty() {
            self.heading(2, &t["references"], "", false);
        }
        for reference in &context.check.references {
            let cite = if reference.link.is_empty() {
                text_run(&reference.cite, Format::default())
            } else {
                Piece::Link(
                    Hyperlink::new(&reference.link, HyperlinkType::External).add_run(
                        Run::new()
                            .add_text(xml_text(&reference.cite))
                            .style("Hyperlink"),
                    ),
                )
            };
            let pieces = vec![
                cite,
                text_run(&format!(" ({})", reference.checked), Format::default()),
            ];
            self.push(list_item(paragraph(pieces), BULLETS, 0));
        }
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

    fn finish(self, context: &RenderContext) -> Result<Vec<u8>, RenderError> {
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
                    .bottom(BOTTOM_MARGIN)
                    .left(MARGIN)
                    .right(MARGIN)
                    .footer(FOOTER_DISTANCE),
            )
            .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
            .add_abstract_numbering(list_levels(BULLETS, "bullet", |_| "•".to_owned()))
            .add_abstract_numbering(list_levels(NUMBERED, "decimal", |level| {
                format!("%{}.", level + 1)
            }))
            .footer(footer(context));
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
            .and_then(|()| finish_package(bytes.into_inner(), context))
            .map_err(|e| RenderError::Other(format!("cannot build the Word document: {e}")))
    }
}

/// The start of a field: its instruction, up to where its shown result begins.
fn field_start(instruction: &str, dirty: bool) -> Run {
    Run::new()
        .add_field_char(FieldCharType::Begin, dirty)
        .add_instr_text(InstrText::Unsupported(format!(" {instruction} ")))
        .add_field_char(FieldCharType::Separate, false)
}

/// "Page 3 of 12" (PAGE and NUMPAGES fields, which Word and Writer fill) over the
/// "Rendered by charter" line.
fn footer(context: &RenderContext) -> Footer {
    let label = &context.t["page"];
    let mut page = Paragraph::new().style(FOOTER).align(AlignmentType::Right);
    for (i, part) in label.split("{0}").enumerate() {
        if i > 0 {
            page = page.add_page_num(PageNum::new());
        }
        for (j, piece) in part.split("{1}").enumerate() {
            if j > 0 {
                page = page.add_num_pages(NumPages::new());
            }
            if !piece.is_empty() {
                page = page.add_run(Run::new().add_text(xml_text(piece)));
            }
        }
    }
    let note = Paragraph::new()
        .style(FOOTER)
        .add_run(Run::new().add_text(xml_text(&context.footer)).size(16));
    Footer::new().add_paragraph(page).add_paragraph(note)
}

/// The part where docx-rs lists the document's links, in the order of a hash map.
const RELATIONSHIPS: &str = "word/_rels/document.xml.rels";
const DOCUMENT: &str = "word/document.xml";
const STYLES: &str = "word/styles.xml";
const CORE: &str = "docProps/core.xml";

/// The package with what docx-rs cannot write set by hand: the relationships sorted (so
/// that one charter always gives the same bytes, and committed documents can be checked
/// against fresh renders), the document language in the default run properties, repeated
/// header rows and the core properties.
fn finish_package(packed: Vec<u8>, context: &RenderContext) -> ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(packed))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index)?;
        let name = file.name().to_owned();
        if ![RELATIONSHIPS, DOCUMENT, STYLES, CORE].contains(&name.as_str()) {
            out.raw_copy_file(file)?;
            continue;
        }
        let options = SimpleFileOptions::default()
            .compression_method(file.compression())
            .unix_permissions(file.unix_mode().unwrap_or(0o644));
        drop(file);
        let mut xml = String::new();
        archive.by_index(index)?.read_to_string(&mut xml)?;
        let xml = match name.as_str() {
            RELATIONSHIPS => sorted_relationships(&xml),
            DOCUMENT => repeated_headers(&xml),
            STYLES => with_language(&xml, &context.t["locale"]),
            _ => core_properties(context),
        };
        out.start_file(name, options)?;
        out.write_all(xml.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// The styles with the document's language (`fr-FR`, `en-GB`) in the default run properties,
/// which every style and run inherits.
fn with_language(xml: &str, locale: &str) -> String {
    let end = "</w:rPr></w:rPrDefault>";
    xml.replacen(
        end,
        &format!("<w:lang w:val=\"{locale}\" w:eastAsia=\"{locale}\" />{end}"),
        1,
    )
}

/// The document with the first row of every table repeated at the top of each page.
fn repeated_headers(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 256);
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        let row = "<w:trPr><w:cantSplit /></w:trPr>";
        match table.find(row) {
            Some(r) if table[..r].matches("<w:tr>").count() == 1 => {
                out.push_str(&table[..r]);
                out.push_str("<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>");
                rest = &table[r + row.len()..];
            }
            _ => {
                out.push_str("<w:tbl>");
                rest = &table["<w:tbl>".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Title, author (the organisation, else the owner), language and dates (the render date).
fn core_properties(context: &RenderContext) -> String {
    let charter = &context.charter;
    let author = if charter.organisation.is_empty() {
        &charter.owner.name
    } else {
        &charter.organisation
    };
    let date = format!("{}T00:00:00Z", context.check.iso_date);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"#,
            r#"<dc:language>{lang}</dc:language>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            r#"<cp:revision>1</cp:revision></cp:coreProperties>"#
        ),
        title = xml_escape(&charter.title),
        author = xml_escape(author),
        lang = xml_escape(&context.t["locale"]),
        date = date,
    )
}

/// Text escaped for XML content, with the characters XML cannot hold removed.
fn xml_escape(text: &str) -> String {
    xml_text(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
        Style::new(FOOTER, StyleType::Paragraph)
            .name("footer")
            .based_on("Normal")
            .size(18)
            .color("4A4A4A")
            .line_spacing(LineSpacing::new().after(0)),
        Style::new(CONTENTS_HEADING, StyleType::Paragraph)
            .name("TOC Heading")
            .based_on("Normal")
            .next("Normal")
            .size(32)
            .bold()
            .line_spacing(LineSpacing::new().before(360).after(120))
            .q_format(true),
        Style::new("ToC1", StyleType::Paragraph)
            .name("toc 1")
            .based_on("Normal")
            .next("Normal")
            .line_spacing(LineSpacing::new().before(60).after(20)),
        Style::new("ToC2", StyleType::Paragraph)
            .name("toc 2")
            .based_on("Normal")
            .next("Normal")
            .size(20)
            .indent(Some(360), None, None, None)
            .line_spacing(LineSpacing::new().after(0)),
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
