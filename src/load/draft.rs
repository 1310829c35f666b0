//! Free-text drafts (Markdown, plain text, and Word and OpenDocument packages) read into a
//! `Document`.

use std::sync::LazyLock;

use regex::Regex;

use crate::load::source::{read_bytes, ReadError};
use crate::model::document::{Block, Document, DraftWaiver, Section};

mod docx;
mod markdown;
mod odt;
mod package;
pub mod paragraphs;
mod plaintext;

pub use package::PackageError;

/// The draft formats `charter` reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftFormat {
    Markdown,
    PlainText,
}

impl DraftFormat {
    /// The format of a file name, if it is a draft.
    pub fn of(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Self::Markdown),
            "txt" => Some(Self::PlainText),
            _ => None,
        }
    }
}

/// The word-processor formats `charter` reads from their package (zip and XML), by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageFormat {
    /// Word, Office Open XML (`.docx`).
    Docx,
    /// OpenDocument text (`.odt`).
    Odt,
}

impl PackageFormat {
    /// The format of a file name, if it is a word-processor draft.
    pub fn of(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "docx" => Some(Self::Docx),
            "odt" => Some(Self::Odt),
            _ => None,
        }
    }

    /// Whether a file is the lock file Word leaves beside an open document (`~$name.docx`),
    /// which a folder walk skips.
    pub fn is_lock_file(path: &std::path::Path) -> bool {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("~$"))
    }
}

/// Why a word-processor draft was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageReadError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Package(#[from] PackageError),
}

/// Reads a word-processor draft's paragraphs. `max_bytes` caps the file and, together, the
/// decompressed XML parts read from it.
pub fn read_package(
    path: &std::path::Path,
    format: PackageFormat,
    max_bytes: u64,
) -> Result<Vec<paragraphs::Paragraph>, PackageReadError> {
    let bytes = read_bytes(path, max_bytes)?;
    let mut package = package::Package::open(bytes, max_bytes)?;
    Ok(match format {
        PackageFormat::Docx => docx::read(&mut package)?,
        PackageFormat::Odt => odt::read(&mut package)?,
    })
}

/// Reads a draft's text into sections, with its waiver comments (in Markdown, only from
/// HTML nodes: a waiver shown in code or front matter waives nothing).
pub fn parse(text: &str, format: DraftFormat) -> Document {
    let (mut document, comments) = match format {
        DraftFormat::Markdown => markdown::parse(text),
        DraftFormat::PlainText => (
            plaintext::parse(text),
            std::iter::once(0..text.len()).collect(),
        ),
    };
    let comments: Vec<(usize, &str)> = comments
        .into_iter()
        .filter_map(|range| Some((range.start, text.get(range)?)))
        .collect();
    document.waivers = comments
        .iter()
        .flat_map(|&(offset, comment)| waivers(comment, offset))
        .collect();
    document.near_waivers = comments
        .iter()
        .flat_map(|&(offset, comment)| {
            NEAR_WAIVER
                .find_iter(comment)
                .map(move |found| offset + found.start()..offset + found.end())
        })
        .filter(|near| !document.waivers.iter().any(|w| w.start == near.start))
        .collect();
    document
}

/// A comment that means to be a waiver, however it is written.
static NEAR_WAIVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<!--\s*charter\b[^>]{0,40}?\bignore\b.*?-->").expect("valid regex")
});

static WAIVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--\s*charter:\s*ignore\s+([A-Za-z0-9_-]+)(?:\s+--\s+(.*?))?\s*-->")
        .expect("valid regex")
});

/// The waiver comments of `text`, which starts at byte `offset` of the draft.
fn waivers(text: &str, offset: usize) -> Vec<DraftWaiver> {
    WAIVER
        .captures_iter(text)
        .map(|c| {
            let whole = c.get(0).expect("group 0");
            DraftWaiver {
                clause: c[1].to_owned(),
                reason: c
                    .get(2)
                    .map(|r| r.as_str().trim().to_owned())
                    .filter(|r| !r.is_empty()),
                start: offset + whole.start(),
                end: offset + whole.end(),
            }
        })
        .collect()
}

/// Builds sections from headings and blocks met in document order.
#[derive(Default)]
struct SectionBuilder {
    sections: Vec<Section>,
    title_line: Option<usize>,
}

impl SectionBuilder {
    fn heading(&mut self, level: u8, block: Block) {
        if self.title_line.is_none() || level == 1 && self.sections.iter().all(|s| s.level != 1) {
            self.title_line.get_or_insert(block.line);
        }
        self.sections.push(Section {
            heading: Some(block),
            level: level.max(1),
            blocks: Vec::new(),
        });
    }

    fn block(&mut self, block: Block) {
        if block.text.trim().is_empty() {
            return;
        }
        if self.sections.is_empty() {
            self.sections.push(Section {
                heading: None,
                level: 0,
                blocks: Vec::new(),
            });
        }
        if let Some(section) = self.sections.last_mut() {
            section.blocks.push(block);
        }
    }

    fn finish(self) -> Document {
        let first_line = self
            .sections
            .first()
            .and_then(|s| s.heading.as_ref().or(s.blocks.first()))
            .map_or(1, |b| b.line);
        Document {
            title_line: self.title_line.unwrap_or(first_line),
            sections: self.sections,
            waivers: Vec::new(),
            near_waivers: Vec::new(),
        }
    }
}

/// Joins lines into one block, recording where each later line starts.
fn block_of_lines<'a>(first_line: usize, lines: impl IntoIterator<Item = &'a str>) -> Block {
    let mut block = Block {
        text: String::new(),
        line: first_line,
        breaks: Vec::new(),
    };
    for (i, line) in lines.into_iter().enumerate() {
        if i > 0 {
            block.text.push(' ');
            block.breaks.push(block.text.len());
        }
        block.text.push_str(line.trim());
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_waivers_with_and_without_reason() {
        let text = "# T\n<!-- charter: ignore security -->\n<!-- charter: ignore public-interaction -- no chatbot -->\n";
        let document = parse(text, DraftFormat::Markdown);
        assert_eq!(document.waivers.len(), 2);
        assert_eq!(document.waivers[0].clause, "security");
        assert_eq!(document.waivers[0].reason, None);
        assert_eq!(document.waivers[1].clause, "public-interaction");
        assert_eq!(document.waivers[1].reason.as_deref(), Some("no chatbot"));
    }

    #[test]
    fn takes_waivers_from_html_comments_only() {
        let text = "---\nx: <!-- charter: ignore a -->\n---\n# T\n\n```\n<!-- charter: ignore b -->\n```\n\n    <!-- charter: ignore c -->\n\nSee `<!-- charter: ignore d -->` and <!-- charter: ignore e -->.\n\n<!-- charter: ignore f -->\n";
        let document = parse(text, DraftFormat::Markdown);
        let clauses: Vec<&str> = document.waivers.iter().map(|w| w.clause.as_str()).collect();
        assert_eq!(clauses, ["e", "f"]);
        let f = &document.waivers[1];
        assert_eq!(&text[f.start..f.end], "<!-- charter: ignore f -->");
    }

    #[test]
    fn notes_comments_that_look_like_waivers() {
        let text = "# T\n<!-- CHARTER: IGNORE security -->\n<!-- charter: ignore a --->\n<!-- charter: ignore b -- ok -->\n<!-- charter ignore c -->\n";
        let document = parse(text, DraftFormat::Markdown);
        let near: Vec<&str> = document
            .near_waivers
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(
            near,
            [
                "<!-- CHARTER: IGNORE security -->",
                "<!-- charter: ignore a --->",
                "<!-- charter ignore c -->"
            ]
        );
        assert_eq!(document.waivers.len(), 1);
    }
}
