//! OpenDocument text drafts (.odt, LibreOffice Writer): paragraphs, headings by outline
//! level and style, lists, tables, frames, notes, tracked changes and annotation waivers.

use std::collections::HashMap;

use super::docx::heading_level_of_name;
use super::package::{events, walk, Element, Handler, Package, PackageError, Xml};
use super::paragraphs::{Builder, Paragraph, Role, Style};

const CONTENT: &str = "content.xml";

/// Reads an OpenDocument package into paragraphs.
pub(super) fn read(package: &mut Package) -> Result<Vec<Paragraph>, PackageError> {
    if let Some(manifest) = package.part("META-INF/manifest.xml")? {
        let mut encrypted = false;
        events("META-INF/manifest.xml", &manifest, |event| {
            if let Xml::Open(element) = event {
                encrypted |= element.name == "manifest:encryption-data";
            }
        })?;
        if encrypted {
            return Err(PackageError::Protected);
        }
    }
    if !package.has(CONTENT) {
        return Err(PackageError::Missing(CONTENT));
    }
    let mut walker = Walker::default();
    if let Some(bytes) = package.part("styles.xml")? {
        walk("styles.xml", &bytes, &mut walker)?;
    }
    let bytes = package.required(CONTENT)?;
    walk(CONTENT, &bytes, &mut walker)?;
    Ok(walker.builder.finish())
}

/// A style as declared: what it says itself and the style it inherits from.
#[derive(Debug, Default)]
struct Declared {
    parent: Option<String>,
    display_name: Option<String>,
    outline: Option<u8>,
    bold: Option<bool>,
    italic: Option<bool>,
}

/// Walks the styles and content parts: styles first (they come before the text), then the
/// text of the body.
#[derive(Default)]
struct Walker {
    builder: Builder,
    styles: HashMap<String, Declared>,
    /// List style name → (level → ordered).
    lists: HashMap<String, HashMap<u8, bool>>,
    /// The style or list style being declared.
    declaring: Option<String>,
    declaring_list: Option<String>,
    in_body: bool,
    /// Open list styles, one per open `text:list`.
    open_lists: Vec<Option<String>>,
    /// Styles of the open spans and links, innermost last.
    spans: Vec<Style>,
    /// The annotation being read and how deep its paragraphs are open.
    annotation: Option<(String, usize)>,
}

impl Handler for Walker {
    fn text(&mut self, text: &str) {
        match &mut self.annotation {
            Some((comment, paragraphs)) if *paragraphs > 0 => comment.push_str(text),
            None if self.in_body => {
                let style = self.spans.last().cloned().unwrap_or_default();
                self.builder.text(text, &style);
            }
            _ => {}
        }
    }

    /// Deleted text, note numbers, image titles, generated indexes and an annotation's
    /// author and date are left out.
    fn open(&mut self, element: &Element) -> bool {
        let name = element.name.as_str();
        if let Some((comment, paragraphs)) = &mut self.annotation {
            if name == "text:p" {
                *paragraphs += 1;
                comment.push(' ');
            }
            return matches!(name, "dc:creator" | "dc:date" | "meta:date-string");
        }
        match name {
            "style:style" => {
                self.declaring = element.attr("style:name").map(str::to_owned);
                if let Some(style) = &self.declaring {
                    self.styles.insert(
                        style.clone(),
                        Declared {
                            parent: element.attr("style:parent-style-name").map(str::to_owned),
                            display_name: element.attr("style:display-name").map(str::to_owned),
                            outline: element
                                .attr("style:default-outline-level")
                                .and_then(|l| l.parse().ok()),
                            ..Declared::default()
                        },
                    );
                }
            }
            "style:text-properties" => {
                if let Some(style) = self.declaring.as_ref().and_then(|s| self.styles.get_mut(s)) {
                    if let Some(weight) = element.attr("fo:font-weight") {
                        style.bold =
                            Some(weight == "bold" || weight.parse::<u16>().is_ok_and(|w| w >= 600));
                    }
                    if let Some(posture) = element.attr("fo:font-style") {
                        style.italic = Some(matches!(posture, "italic" | "oblique"));
                    }
                }
            }
            "text:list-style" => {
                self.declaring_list = element.attr("style:name").map(str::to_owned);
            }
            "text:list-level-style-number"
            | "text:list-level-style-bullet"
            | "text:list-level-style-image" => {
                if let (Some(list), Some(level)) = (
                    &self.declaring_list,
                    element.attr("text:level").and_then(|l| l.parse().ok()),
                ) {
                    self.lists
                        .entry(list.clone())
                        .or_default()
                        .insert(level, name == "text:list-level-style-number");
                }
            }
            "office:body" => self.in_body = true,
            _ if !self.in_body => {}
            "text:tracked-changes"
            | "text:note-citation"
            | "svg:title"
            | "svg:desc"
            | "text:table-of-content"
            | "text:alphabetical-index"
            | "text:illustration-index"
            | "text:table-index"
            | "text:bibliography" => return true,
            "office:annotation" => self.annotation = Some((String::new(), 0)),
            "text:h" => {
                let level = element
                    .attr("text:outline-level")
                    .and_then(|l| l.parse::<u8>().ok())
                    .unwrap_or(1);
                self.builder.start(Role::Heading(level.clamp(1, 6)));
            }
            "text:p" => {
                let role = self.paragraph_role(element.attr("text:style-name"));
                self.builder.start(role);
            }
            "text:list" => {
                let style = element
                    .attr("text:style-name")
                    .map(str::to_owned)
                    .or_else(|| self.open_lists.last().cloned().flatten());
                self.open_lists.push(style);
            }
            "text:span" | "text:a" => {
                let mut style = self.spans.last().cloned().unwrap_or_default();
                if let Some(span_style) = element.attr("text:style-name") {
                    style.bold = self.inherited(span_style, |s| s.bold).unwrap_or(style.bold);
                    style.italic = self
                        .inherited(span_style, |s| s.italic)
                        .unwrap_or(style.italic);
                }
                if name == "text:a" {
                    style.link = element.attr("xlink:href").map(str::to_owned);
                }
                self.spans.push(style);
            }
            "text:s" => {
                let count = element
                    .attr("text:c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(64);
                self.text(&" ".repeat(count));
            }
            "text:tab" | "text:line-break" => self.text(" "),
            "table:table" => self.builder.table_start(),
            _ => {}
        }
        false
    }

    fn close(&mut self, name: &str) {
        if let Some((comment, paragraphs)) = &mut self.annotation {
            match name {
                "text:p" => *paragraphs = paragraphs.saturating_sub(1),
                "office:annotation" => {
                    let comment = std::mem::take(comment);
                    self.annotation = None;
                    self.builder.comment(&comment);
                }
                _ => {}
            }
            return;
        }
        match name {
            "style:style" => self.declaring = None,
            "text:list-style" => self.declaring_list = None,
            "office:body" => self.in_body = false,
            "text:h" | "text:p" => self.builder.end(),
            "text:list" => {
                self.open_lists.pop();
            }
            "text:span" | "text:a" => {
                self.spans.pop();
            }
            "table:table" => self.builder.table_end(),
            "table:table-row" => self.builder.row_end(),
            "table:table-cell" | "table:covered-table-cell" => self.builder.cell_end(),
            _ => {}
        }
    }
}

impl Walker {
    /// A `text:p`'s role: a heading when its style is one, a list item inside a list.
    fn paragraph_role(&self, style: Option<&str>) -> Role {
        let heading = style.and_then(|s| {
            self.inherited(s, |declared| {
                declared.outline.or_else(|| {
                    declared
                        .display_name
                        .as_deref()
                        .and_then(heading_level_of_name)
                })
            })
            .or_else(|| self.ancestors(s).find_map(heading_level_of_name))
        });
        if let Some(level) = heading {
            return Role::Heading(level.clamp(1, 6));
        }
        match self.open_lists.len() {
            0 => Role::Body,
            depth => {
                let level = u8::try_from(depth).unwrap_or(u8::MAX);
                let ordered = self
                    .open_lists
                    .first()
                    .cloned()
                    .flatten()
                    .and_then(|list| self.lists.get(&list)?.get(&level).copied())
                    .unwrap_or(false);
                Role::Item {
                    depth: level - 1,
                    ordered,
                }
            }
        }
    }

    /// A style and the styles it inherits from, by name (at most 16, against loops).
    fn ancestors<'a>(&'a self, style: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::successors(Some(style), |s| {
            self.styles.get(*s).and_then(|d| d.parent.as_deref())
        })
        .take(16)
    }

    /// The first value a style or its ancestors declare.
    fn inherited<T>(&self, style: &str, get: impl Fn(&Declared) -> Option<T>) -> Option<T> {
        self.ancestors(style)
            .find_map(|s| self.styles.get(s).and_then(&get))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_writer_writes() {
        let content = r#"<office:document-content><office:automatic-styles>
            <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Titre_20_2"/>
            <style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
            </office:automatic-styles><office:body><office:text>
            <text:tracked-changes><text:changed-region><text:deletion><text:p>supprimé</text:p></text:deletion></text:changed-region></text:tracked-changes>
            <text:p text:style-name="P1">Usages</text:p>
            <text:p>a<text:s text:c="2"/>b<text:tab/>c&#173;d <text:span text:style-name="T1">e</text:span><text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Note.</text:p></text:note-body></text:note><office:annotation><dc:creator>X</dc:creator><text:p>charter: ignore security</text:p></office:annotation></text:p>
            <text:table-of-content><text:index-body><text:p>Usages 1</text:p></text:index-body></text:table-of-content>
            </office:text></office:body></office:document-content>"#;
        let styles = r#"<office:document-styles><office:styles>
            <style:style style:name="Titre_20_2" style:display-name="Titre 2" style:family="paragraph"/>
            </office:styles></office:document-styles>"#;
        let mut walker = Walker::default();
        walk("styles.xml", styles.as_bytes(), &mut walker).unwrap();
        walk(CONTENT, content.as_bytes(), &mut walker).unwrap();
        let paragraphs = walker.builder.finish();
        let texts: Vec<(Role, String)> = paragraphs.iter().map(|p| (p.role, p.text())).collect();
        assert_eq!(
            texts,
            [
                (Role::Heading(2), "Usages".to_owned()),
                (Role::Body, "a b cd e".to_owned()),
                (Role::Body, "Note.".to_owned()),
            ]
        );
        assert_eq!(paragraphs[1].waivers, [("security".to_owned(), None)]);
        assert!(paragraphs[1]
            .runs
            .iter()
            .any(|r| r.style.italic && r.text == "e"));
    }
}
