//! Word drafts (.docx, Office Open XML): paragraphs, headings by style and outline level,
//! lists, tables, text boxes, footnotes and endnotes, tracked changes and comment waivers.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::package::{events, walk, Element, Handler, Package, PackageError, Xml};
use super::paragraphs::{Builder, Paragraph, Role, Style};

const DOCUMENT: &str = "word/document.xml";

/// Style names that make a heading, in the languages word processors write them
/// (`Heading 1`, `Titre 1`, `Überschrift 1`, `Título 1`, `Titolo 1`, `Kop 1`); the level is
/// group 2, `Title` and its translations are level 1.
static HEADING_STYLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:heading|titre|überschrift|t[ií]tulo|titolo|kop)\s*([1-9])$|^(?:title|titre|titel|t[ií]tulo|titolo)$")
        .expect("valid regex")
});

/// The heading level a style name gives, if any.
pub(super) fn heading_level_of_name(name: &str) -> Option<u8> {
    let name = name.replace("_20_", " ");
    let captures = HEADING_STYLE.captures(name.trim())?;
    Some(
        captures
            .get(1)
            .and_then(|l| l.as_str().parse().ok())
            .unwrap_or(1),
    )
}

/// Reads a Word package into paragraphs.
pub(super) fn read(package: &mut Package) -> Result<Vec<Paragraph>, PackageError> {
    if !package.has(DOCUMENT) {
        return Err(PackageError::Missing(DOCUMENT));
    }
    let styles = match package.part("word/styles.xml")? {
        Some(bytes) => styles("word/styles.xml", &bytes)?,
        None => Styles::default(),
    };
    let numbering = match package.part("word/numbering.xml")? {
        Some(bytes) => numbering("word/numbering.xml", &bytes)?,
        None => HashMap::new(),
    };
    let links = match package.part("word/_rels/document.xml.rels")? {
        Some(bytes) => relationships("word/_rels/document.xml.rels", &bytes)?,
        None => HashMap::new(),
    };
    let mut context = Context {
        styles,
        numbering,
        links,
        comments: HashMap::new(),
        notes: HashMap::new(),
    };
    if let Some(bytes) = package.part("word/comments.xml")? {
        context.comments = comments("word/comments.xml", &bytes)?;
    }
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(bytes) = package.part(part)? {
            let mut walker = Walker::new(&context);
            walk(part, &bytes, &mut walker)?;
            let notes = walker.notes;
            context.notes.extend(notes);
        }
    }
    let bytes = package.required(DOCUMENT)?;
    let mut walker = Walker::new(&context);
    walk(DOCUMENT, &bytes, &mut walker)?;
    Ok(walker.builder.finish())
}

/// What the document part refers to in the other parts.
struct Context {
    styles: Styles,
    /// (numbering id, level) → whether the list is ordered.
    numbering: HashMap<(String, String), bool>,
    /// Relationship id → hyperlink target.
    links: HashMap<String, String>,
    /// Comment id → its text.
    comments: HashMap<String, String>,
    /// `fn:ID` or `en:ID` → the note's paragraphs.
    notes: HashMap<String, Vec<Paragraph>>,
}

/// Walks a part that holds paragraphs (the document, footnotes, endnotes).
struct Walker<'a> {
    context: &'a Context,
    builder: Builder,
    in_text: bool,
    in_run: bool,
    in_paragraph_properties: bool,
    style: Style,
    link: Option<String>,
    paragraph_style: Option<String>,
    outline: Option<u8>,
    list: (Option<String>, Option<String>),
    /// The note being read (footnotes and endnotes parts).
    note: Option<String>,
    notes: HashMap<String, Vec<Paragraph>>,
}

impl<'a> Walker<'a> {
    fn new(context: &'a Context) -> Self {
        Self {
            context,
            builder: Builder::default(),
            in_text: false,
            in_run: false,
            in_paragraph_properties: false,
            style: Style::default(),
            link: None,
            paragraph_style: None,
            outline: None,
            list: (None, None),
            note: None,
            notes: HashMap::new(),
        }
    }

    fn push(&mut self, text: &str) {
        let style = Style {
            link: self.link.clone(),
            ..self.style.clone()
        };
        self.builder.text(text, &style);
    }
}

impl Handler for Walker<'_> {
    fn text(&mut self, text: &str) {
        if self.in_text {
            self.push(text);
        }
    }

    /// Deleted text, moved-away text, fallbacks and field codes are left out.
    fn open(&mut self, element: &Element) -> bool {
        let value = || element.attr("w:val");
        match element.name.as_str() {
            "w:del" | "w:moveFrom" | "mc:Fallback" | "w:instrText" | "w:delInstrText" => {
                return true;
            }
            "w:footnote" | "w:endnote" => {
                let kind = if element.name == "w:footnote" {
                    "fn"
                } else {
                    "en"
                };
                self.note = element.attr("w:id").map(|id| format!("{kind}:{id}"));
            }
            "w:p" => {
                self.builder.start(Role::Body);
                self.paragraph_style = None;
                self.outline = None;
                self.list = (None, None);
            }
            "w:pPr" => self.in_paragraph_properties = true,
            "w:pStyle" if self.in_paragraph_properties => {
                self.paragraph_style = value().map(str::to_owned);
            }
            "w:outlineLvl" if self.in_paragraph_properties => {
                self.outline = value().and_then(|v| v.parse().ok());
            }
            "w:numId" if self.in_paragraph_properties => self.list.0 = value().map(str::to_owned),
            "w:ilvl" if self.in_paragraph_properties => self.list.1 = value().map(str::to_owned),
            "w:r" => {
                self.in_run = true;
                self.style = Style::default();
            }
            "w:b" if self.in_run => self.style.bold = on(value()),
            "w:i" if self.in_run => self.style.italic = on(value()),
            "w:rStyle" if self.in_run => {
                let name = value().unwrap_or_default().to_ascii_lowercase();
                self.style.bold |= name.contains("strong");
                self.style.italic |= name.contains("emphasis");
            }
            "w:t" => self.in_text = true,
            "w:tab" | "w:br" | "w:cr" if self.in_run => self.push(" "),
            "w:noBreakHyphen" if self.in_run => self.push("-"),
            "w:hyperlink" => {
                self.link = element
                    .attr("r:id")
                    .and_then(|id| self.context.links.get(id))
                    .cloned();
            }
            "w:tbl" => self.builder.table_start(),
            "w:commentReference" => {
                if let Some(text) = element
                    .attr("w:id")
                    .and_then(|id| self.context.comments.get(id))
                {
                    self.builder.comment(text);
                }
            }
            "w:footnoteReference" | "w:endnoteReference" => {
                let kind = if element.name == "w:footnoteReference" {
                    "fn"
                } else {
                    "en"
                };
                if let Some(note) = element
                    .attr("w:id")
                    .and_then(|id| self.context.notes.get(&format!("{kind}:{id}")))
                {
                    self.builder.nested(note.iter().cloned());
                }
            }
            _ => {}
        }
        false
    }

    fn close(&mut self, name: &str) {
        match name {
            "w:footnote" | "w:endnote" => {
                let paragraphs = std::mem::take(&mut self.builder).finish();
                if let Some(note) = self.note.take() {
                    self.notes.insert(note, paragraphs);
                }
            }
            "w:p" => self.builder.end(),
            "w:pPr" => {
                self.in_paragraph_properties = false;
                let role = self.role();
                self.builder.role(role);
            }
            "w:r" => {
                self.in_run = false;
                self.style = Style::default();
            }
            "w:t" => self.in_text = false,
            "w:hyperlink" => self.link = None,
            "w:tbl" => self.builder.table_end(),
            "w:tr" => self.builder.row_end(),
            "w:tc" => self.builder.cell_end(),
            _ => {}
        }
    }
}

impl Walker<'_> {
    /// The role the paragraph's properties give it.
    fn role(&self) -> Role {
        let heading = match self.outline {
            Some(level) if level < 9 => Some(level + 1),
            Some(_) => None,
            None => self
                .paragraph_style
                .as_ref()
                .and_then(|s| self.context.styles.headings.get(s).copied()),
        };
        if let Some(level) = heading {
            return Role::Heading(level.min(6));
        }
        // Numbering set on the paragraph, else by its style (Word's « List Bullet »).
        let by_style = self
            .paragraph_style
            .as_ref()
            .and_then(|s| self.context.styles.lists.get(s));
        let list = match (&self.list, by_style) {
            ((Some(id), level), _) => (Some(id.clone()), level.clone()),
            ((None, level), Some((id, style_level))) => (
                Some(id.clone()),
                level.clone().or_else(|| style_level.clone()),
            ),
            ((None, _), None) => (None, None),
        };
        match &list {
            (Some(id), level) if id != "0" => {
                let level = level.clone().unwrap_or_else(|| "0".to_owned());
                let ordered = self
                    .context
                    .numbering
                    .get(&(id.clone(), level.clone()))
                    .copied()
                    .unwrap_or(false);
                Role::Item {
                    depth: level.parse().unwrap_or(0),
                    ordered,
                }
            }
            _ => Role::Body,
        }
    }
}

/// Whether an on/off property is on (`<w:b/>`, `<w:b w:val="1"/>`, not `w:val="0"`).
fn on(value: Option<&str>) -> bool {
    !matches!(value, Some("0" | "false" | "off" | "none"))
}

/// What paragraph styles make of their paragraphs.
#[derive(Default)]
struct Styles {
    /// Style id → heading level (1 to 9), when the style makes a heading.
    headings: HashMap<String, u8>,
    /// Style id → the numbering id and level it gives (list styles).
    lists: HashMap<String, (String, Option<String>)>,
}

/// The styles part read: a style's heading level is its outline level, else its name or id
/// (`heading 1`, `Titre1`), else that of the style it is based on.
fn styles(part: &str, bytes: &[u8]) -> Result<Styles, PackageError> {
    #[derive(Default)]
    struct Found {
        name: Option<String>,
        outline: Option<u8>,
        based_on: Option<String>,
        list: (Option<String>, Option<String>),
    }
    let mut found: HashMap<String, Found> = HashMap::new();
    let mut current: Option<String> = None;
    events(part, bytes, |event| match event {
        Xml::Open(element) => match element.name.as_str() {
            "w:style" => {
                current = element.attr("w:styleId").map(str::to_owned);
                if let Some(id) = &current {
                    found.entry(id.clone()).or_default();
                }
            }
            "w:name" | "w:basedOn" | "w:outlineLvl" | "w:numId" | "w:ilvl" => {
                let (Some(id), Some(value)) = (&current, element.attr("w:val")) else {
                    return;
                };
                let style = found.entry(id.clone()).or_default();
                match element.name.as_str() {
                    "w:name" => style.name = Some(value.to_owned()),
                    "w:basedOn" => style.based_on = Some(value.to_owned()),
                    "w:numId" => style.list.0 = Some(value.to_owned()),
                    "w:ilvl" => style.list.1 = Some(value.to_owned()),
                    _ => style.outline = value.parse().ok(),
                }
            }
            _ => {}
        },
        Xml::Close(name) if name == "w:style" => current = None,
        _ => {}
    })?;
    let own = |id: &str| -> Option<Option<u8>> {
        let style = found.get(id)?;
        match style.outline {
            Some(level) if level < 9 => Some(Some(level + 1)),
            Some(_) => Some(None),
            None => heading_level_of_name(style.name.as_deref().unwrap_or(""))
                .or_else(|| heading_level_of_name(id))
                .map(Some),
        }
    };
    let mut levels = HashMap::new();
    let mut lists = HashMap::new();
    for (id, style) in &found {
        if let (Some(number), level) = &style.list {
            lists.insert(id.clone(), (number.clone(), level.clone()));
        }
    }
    for id in found.keys() {
        let mut at = id.as_str();
        for _ in 0..16 {
            if let Some(level) = own(at) {
                if let Some(level) = level {
                    levels.insert(id.clone(), level);
                }
                break;
            }
            match found.get(at).and_then(|s| s.based_on.as_deref()) {
                Some(parent) => at = parent,
                None => break,
            }
        }
    }
    Ok(Styles {
        headings: levels,
        lists,
    })
}

/// (numbering id, level) → ordered, from the numbering part.
fn numbering(part: &str, bytes: &[u8]) -> Result<HashMap<(String, String), bool>, PackageError> {
    let mut abstract_formats: HashMap<(String, String), bool> = HashMap::new();
    let mut instances: Vec<(String, String)> = Vec::new();
    let (mut abstract_id, mut level, mut instance): (
        Option<String>,
        Option<String>,
        Option<String>,
    ) = (None, None, None);
    events(part, bytes, |event| {
        let Xml::Open(element) = event else { return };
        match element.name.as_str() {
            "w:abstractNum" => abstract_id = element.attr("w:abstractNumId").map(str::to_owned),
            "w:lvl" => level = element.attr("w:ilvl").map(str::to_owned),
            "w:numFmt" => {
                if let (Some(a), Some(l), Some(format)) =
                    (&abstract_id, &level, element.attr("w:val"))
                {
                    abstract_formats
                        .insert((a.clone(), l.clone()), !matches!(format, "bullet" | "none"));
                }
            }
            "w:num" => instance = element.attr("w:numId").map(str::to_owned),
            "w:abstractNumId" => {
                if let (Some(i), Some(a)) = (&instance, element.attr("w:val")) {
                    instances.push((i.clone(), a.to_owned()));
                }
            }
            _ => {}
        }
    })?;
    let mut ordered = HashMap::new();
    for (instance, abstract_id) in instances {
        for ((a, level), is_ordered) in &abstract_formats {
            if *a == abstract_id {
                ordered.insert((instance.clone(), level.clone()), *is_ordered);
            }
        }
    }
    Ok(ordered)
}

/// Relationship id → external hyperlink target.
fn relationships(part: &str, bytes: &[u8]) -> Result<HashMap<String, String>, PackageError> {
    let mut links = HashMap::new();
    events(part, bytes, |event| {
        if let Xml::Open(element) = event {
            let is_link = element
                .attr("Type")
                .is_some_and(|t| t.ends_with("/hyperlink"));
            if let (true, Some(id), Some(target)) =
                (is_link, element.attr("Id"), element.attr("Target"))
            {
                links.insert(id.to_owned(), target.to_owned());
            }
        }
    })?;
    Ok(links)
}

/// Comment id → the comment's text.
fn comments(part: &str, bytes: &[u8]) -> Result<HashMap<String, String>, PackageError> {
    let mut comments: HashMap<String, String> = HashMap::new();
    let (mut current, mut in_text): (Option<String>, bool) = (None, false);
    events(part, bytes, |event| match event {
        Xml::Open(element) => match element.name.as_str() {
            "w:comment" => current = element.attr("w:id").map(str::to_owned),
            "w:t" => in_text = true,
            "w:p" | "w:tab" | "w:br" => {
                if let Some(id) = &current {
                    comments.entry(id.clone()).or_default().push(' ');
                }
            }
            _ => {}
        },
        Xml::Close(name) if name == "w:t" => in_text = false,
        Xml::Text(text) if in_text => {
            if let Some(id) = &current {
                comments.entry(id.clone()).or_default().push_str(&text);
            }
        }
        _ => {}
    })?;
    Ok(comments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_styles_in_several_languages() {
        for (name, level) in [
            ("heading 1", Some(1)),
            ("Heading2", Some(2)),
            ("Titre1", Some(1)),
            ("Titre 3", Some(3)),
            ("Titre", Some(1)),
            ("Title", Some(1)),
            ("Überschrift 2", Some(2)),
            ("Heading_20_4", Some(4)),
            ("Normal", None),
            ("Sous-titre", None),
        ] {
            assert_eq!(heading_level_of_name(name), level, "{name}");
        }
    }

    fn package(entries: &[(&str, &str)]) -> Package {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        Package::open(zip.finish().unwrap().into_inner(), 1 << 20).unwrap()
    }

    #[test]
    fn reads_what_word_writes() {
        let document = r#"<w:document><w:body>
            <w:p><w:pPr><w:pStyle w:val="Titre1"/><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr><w:r><w:t>Données</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Ne </w:t></w:r><w:del><w:r><w:delText>pas </w:delText></w:r></w:del><w:ins><w:r><w:rPr><w:b/></w:rPr><w:t>jamais</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> coller</w:t><w:softHyphen/><w:tab/><w:t>de</w:t><w:noBreakHyphen/><w:t>données</w:t></w:r><w:r><w:commentReference w:id="7"/></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "https://a.fr"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>le site</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>la CNIL</w:t></w:r></w:hyperlink></w:p>
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Encadré</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Encadré</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>point</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>puce</w:t></w:r></w:p>
        </w:body></w:document>"#;
        let mut package = package(&[
            ("word/document.xml", document),
            (
                "word/styles.xml",
                r#"<w:styles><w:style w:styleId="Titre1"><w:name w:val="heading 1"/></w:style><w:style w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style></w:styles>"#,
            ),
            (
                "word/comments.xml",
                r#"<w:comments><w:comment w:id="7"><w:p><w:r><w:t>charter: ignore security – pas d’accès</w:t></w:r></w:p></w:comment></w:comments>"#,
            ),
            (
                "word/footnotes.xml",
                r#"<w:footnotes><w:footnote w:id="2"><w:p><w:r><w:t>Note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#,
            ),
            (
                "word/numbering.xml",
                r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
            ),
            (
                "word/_rels/document.xml.rels",
                r#"<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://cnil.fr"/></Relationships>"#,
            ),
        ]);
        let paragraphs = read(&mut package).unwrap();
        let texts: Vec<(Role, String)> = paragraphs.iter().map(|p| (p.role, p.text())).collect();
        assert_eq!(
            texts,
            [
                (Role::Heading(1), "Données".to_owned()),
                (Role::Body, "Ne jamais coller de-données".to_owned()),
                (Role::Body, "Note.".to_owned()),
                (Role::Body, "le site la CNIL".to_owned()),
                (Role::Body, String::new()),
                (Role::Body, "Encadré".to_owned()),
                (
                    Role::Item {
                        depth: 1,
                        ordered: true
                    },
                    "point".to_owned()
                ),
                (
                    Role::Item {
                        depth: 0,
                        ordered: false
                    },
                    "puce".to_owned()
                ),
            ]
        );
        assert_eq!(
            paragraphs[1].waivers,
            [("security".to_owned(), Some("pas d’accès".to_owned()))]
        );
        assert!(paragraphs[1]
            .runs
            .iter()
            .any(|r| r.style.bold && r.text == "jamais"));
        assert!(paragraphs[3]
            .runs
            .iter()
            .any(|r| r.style.link.as_deref() == Some("https://cnil.fr")));
    }

    #[test]
    fn styles_resolve_outline_levels_names_and_parents() {
        let xml = r#"<w:styles>
            <w:style w:styleId="Titre1"><w:name w:val="heading 1"/></w:style>
            <w:style w:styleId="Mine"><w:name w:val="Mine"/><w:basedOn w:val="Titre1"/></w:style>
            <w:style w:styleId="Out"><w:name w:val="Out"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:styleId="Body"><w:name w:val="Body"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:basedOn w:val="Titre1"/></w:style>
        </w:styles>"#;
        let levels = styles("s.xml", xml.as_bytes()).unwrap().headings;
        assert_eq!(levels.get("Titre1"), Some(&1));
        assert_eq!(levels.get("Mine"), Some(&1));
        assert_eq!(levels.get("Out"), Some(&3));
        assert_eq!(levels.get("Body"), None);
    }
}
