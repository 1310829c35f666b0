//! Word (.docx) and OpenDocument (.odt) packages opened safely: what the file really is,
//! zip entries read under a cap on count and decompressed size, and XML parts streamed as
//! simple events with no DTD processing and a bound on nesting.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Most entries a package may hold (a real charter has a few dozen).
const MAX_ENTRIES: usize = 10_000;
/// Deepest element nesting read in an XML part.
const MAX_DEPTH: usize = 256;

/// Why a package was not read; each is an `unreadable-file` with a hint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    #[error("not a zip package")]
    NotZip,
    #[error("a PDF file")]
    Pdf,
    #[error("an old binary Word document (.doc)")]
    LegacyDoc,
    #[error("an RTF file")]
    Rtf,
    #[error("a protected document")]
    Protected,
    #[error("too many entries ({0})")]
    TooManyEntries(usize),
    #[error("part {0} over the decompressed size limit")]
    TooLarge(String),
    #[error("no part {0}")]
    Missing(&'static str),
    #[error("broken zip package: {0}")]
    BrokenZip(String),
    #[error("part {part}, byte {offset}: {reason}")]
    BadXml {
        part: String,
        offset: u64,
        reason: String,
    },
    #[error("part {0} has a DTD")]
    Dtd(String),
    #[error("part {0} nested too deeply")]
    TooDeep(String),
}

impl PackageError {
    /// The key of the message that explains the error in `policies/messages.yaml`, and its values.
    pub fn message(&self) -> (&'static str, Vec<String>) {
        match self {
            Self::NotZip => ("package-not-zip", vec![]),
            Self::Pdf => ("package-pdf", vec![]),
            Self::LegacyDoc => ("package-legacy-doc", vec![]),
            Self::Rtf => ("package-rtf", vec![]),
            Self::Protected => ("package-protected", vec![]),
            Self::TooManyEntries(n) => ("package-too-many-entries", vec![n.to_string()]),
            Self::TooLarge(part) => ("package-too-large", vec![part.clone()]),
            Self::Missing(part) => ("package-missing-part", vec![(*part).to_owned()]),
            // The libraries' own words (English) stay out of the message.
            Self::BrokenZip(_) => ("package-broken-zip", vec![]),
            Self::BadXml { part, offset, .. } => {
                ("package-bad-xml", vec![part.clone(), offset.to_string()])
            }
            Self::Dtd(part) => ("package-dtd", vec![part.clone()]),
            Self::TooDeep(part) => (
                "package-too-deep",
                vec![part.clone(), MAX_DEPTH.to_string()],
            ),
        }
    }
}

/// An opened package whose parts are read, together, up to a decompressed budget.
pub(super) struct Package {
    archive: zip::ZipArchive<Cursor<Vec<u8>>>,
    budget: u64,
}

impl Package {
    /// Opens the bytes of a file as a package, after checking what the file really is.
    /// `budget` caps the decompressed bytes of all the parts read from it.
    pub(super) fn open(bytes: Vec<u8>, budget: u64) -> Result<Self, PackageError> {
        if bytes.starts_with(b"%PDF") {
            return Err(PackageError::Pdf);
        }
        if bytes.starts_with(b"{\\rtf") {
            return Err(PackageError::Rtf);
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // A compound file: a protected .docx (its package encrypted inside) or a .doc.
            let encrypted: Vec<u8> = "EncryptedPackage"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect();
            return Err(if contains(&bytes, &encrypted) {
                PackageError::Protected
            } else {
                PackageError::LegacyDoc
            });
        }
        if !bytes.starts_with(b"PK") {
            return Err(PackageError::NotZip);
        }
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| PackageError::BrokenZip(e.to_string()))?;
        if archive.len() > MAX_ENTRIES {
            return Err(PackageError::TooManyEntries(archive.len()));
        }
        Ok(Self { archive, budget })
    }

    /// Whether the package holds a part.
    pub(super) fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// A part's bytes; `None` when the package has no such part.
    pub(super) fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let file = match self.archive.by_index(index) {
            Ok(file) => file,
            Err(zip::result::ZipError::UnsupportedArchive(reason))
                if reason == zip::result::ZipError::PASSWORD_REQUIRED =>
            {
                return Err(PackageError::Protected)
            }
            Err(error) => return Err(PackageError::BrokenZip(error.to_string())),
        };
        let mut bytes = Vec::new();
        file.take(self.budget.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| PackageError::BrokenZip(format!("{name}: {e}")))?;
        let read = bytes.len() as u64;
        if read > self.budget {
            return Err(PackageError::TooLarge(name.to_owned()));
        }
        self.budget -= read;
        Ok(Some(bytes))
    }

    /// A part that the package must have.
    pub(super) fn required(&mut self, name: &'static str) -> Result<Vec<u8>, PackageError> {
        self.part(name)?.ok_or(PackageError::Missing(name))
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// One event of an XML part, names without their namespace prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Xml {
    /// An element opens (an empty element gives `Open` then `Close`).
    Open(Element),
    Close(String),
    Text(String),
}

/// An element's name (prefix and local name, e.g. `w:p`) and attributes (qualified names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

impl Element {
    /// The value of an attribute, by qualified name (`w:val`).
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a format's reader does with the events of a part.
pub(super) trait Handler {
    /// An element opens; `true` leaves it out, with everything inside it.
    fn open(&mut self, element: &Element) -> bool;
    fn close(&mut self, name: &str);
    fn text(&mut self, text: &str);
}

/// Streams a part to a handler, leaving out the elements it skips.
pub(super) fn walk(
    part: &str,
    bytes: &[u8],
    handler: &mut impl Handler,
) -> Result<(), PackageError> {
    let mut skip = 0usize;
    events(part, bytes, |event| match event {
        Xml::Open(element) => {
            if skip > 0 {
                skip += 1;
            } else if handler.open(&element) {
                skip = 1;
            }
        }
        Xml::Close(name) => {
            if skip > 0 {
                skip -= 1;
            } else {
                handler.close(&name);
            }
        }
        Xml::Text(text) => {
            if skip == 0 {
                handler.text(&text);
            }
        }
    })
}

/// Streams an XML part as events, calling `each` for every one; refuses a DTD and
/// nesting deeper than [`MAX_DEPTH`].
pub(super) fn events(
    part: &str,
    bytes: &[u8],
    mut each: impl FnMut(Xml),
) -> Result<(), PackageError> {
    let bad_at = |offset: u64, reason: String| PackageError::BadXml {
        part: part.to_owned(),
        offset,
        reason,
    };
    let mut reader = Reader::from_reader(bytes);
    let mut buffer = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = match reader.read_event_into(&mut buffer) {
            Ok(event) => event,
            Err(error) => return Err(bad_at(reader.error_position(), error.to_string())),
        };
        let offset = reader.buffer_position();
        let bad = |reason: String| bad_at(offset, reason);
        match event {
            Event::DocType(_) => return Err(PackageError::Dtd(part.to_owned())),
            Event::Start(start) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(PackageError::TooDeep(part.to_owned()));
                }
                each(Xml::Open(element(&start, reader.decoder()).map_err(bad)?));
            }
            Event::Empty(start) => {
                let element = element(&start, reader.decoder()).map_err(bad)?;
                let name = element.name.clone();
                each(Xml::Open(element));
                each(Xml::Close(name));
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                each(Xml::Close(utf8(end.name().as_ref()).into_owned()));
            }
            Event::Text(text) => {
                let text = text.xml10_content().map_err(|e| bad(e.to_string()))?;
                each(Xml::Text(text.into_owned()));
            }
            Event::CData(data) => {
                each(Xml::Text(utf8(&data.into_inner()).into_owned()));
            }
            Event::GeneralRef(reference) => {
                let text = if let Some(c) = reference
                    .resolve_char_ref()
                    .map_err(|e| bad(e.to_string()))?
                {
                    c.to_string()
                } else {
                    let name = utf8(&reference).into_owned();
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| bad(format!("unknown entity &{name};")))?
                        .to_owned()
                };
                each(Xml::Text(text));
            }
            Event::Eof => return Ok(()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
        buffer.clear();
    }
}

fn element(start: &BytesStart, decoder: Decoder) -> Result<Element, String> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let value = attribute
            .decoded_and_normalized_value(XmlVersion::Implicit1_0, decoder)
            .map_err(|e| e.to_string())?;
        attributes.push((
            utf8(attribute.key.as_ref()).into_owned(),
            value.into_owned(),
        ));
    }
    Ok(Element {
        name: utf8(start.name().as_ref()).into_owned(),
        attributes,
    })
}

fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(xml: &str) -> Result<Vec<Xml>, PackageError> {
        let mut found = Vec::new();
        events("p.xml", xml.as_bytes(), |e| found.push(e))?;
        Ok(found)
    }

    #[test]
    fn streams_elements_text_and_references() {
        let found =
            all(r#"<?xml version="1.0"?><w:p a="1&amp;2"><w:t>l&apos;été &#233;</w:t><x/></w:p>"#)
                .unwrap();
        let texts: Vec<&str> = found
            .iter()
            .filter_map(|e| match e {
                Xml::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts.concat(), "l'été é");
        let Xml::Open(p) = &found[0] else { panic!() };
        assert_eq!(p.attr("a"), Some("1&2"));
        assert_eq!(found.last(), Some(&Xml::Close("w:p".to_owned())));
    }

    #[test]
    fn refuses_a_dtd_and_unknown_entities() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><l>&b;</l>"#;
        assert_eq!(all(bomb), Err(PackageError::Dtd("p.xml".to_owned())));
        assert!(matches!(
            all("<l>&b;</l>"),
            Err(PackageError::BadXml { .. })
        ));
    }

    #[test]
    fn refuses_deep_nesting() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert_eq!(all(&deep), Err(PackageError::TooDeep("p.xml".to_owned())));
    }

    #[test]
    fn knows_what_a_file_really_is() {
        let open = |b: &[u8]| Package::open(b.to_vec(), 1 << 20).err();
        assert_eq!(open(b"%PDF-1.7"), Some(PackageError::Pdf));
        assert_eq!(open(b"{\\rtf1"), Some(PackageError::Rtf));
        assert_eq!(open(b"plain"), Some(PackageError::NotZip));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(open(&ole), Some(PackageError::LegacyDoc));
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(open(&ole), Some(PackageError::Protected));
    }
}
