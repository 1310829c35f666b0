//! A free-text draft as sections of text blocks with their lines: the shape both
//! Markdown and plain-text drafts are read into.

/// A run of text (paragraph, list item, table cell, heading) and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text, with line breaks inside the block turned into spaces.
    pub text: String,
    /// 1-based source line of the block's first character.
    pub line: usize,
    /// Byte offsets in `text` where a later source line starts.
    pub breaks: Vec<usize>,
}

impl Block {
    /// The source line of a byte offset in `text`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line + self.breaks.partition_point(|&b| b <= offset)
    }
}

/// A heading and the blocks under it, up to the next heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: Option<Block>,
    /// 1 to 6; 0 for the text before the first heading.
    pub level: u8,
    pub blocks: Vec<Block>,
}

/// `<!-- charter: ignore CLAUSE -- reason -->` in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftWaiver {
    pub clause: String,
    pub reason: Option<String>,
    /// Byte range of the comment in the source.
    pub start: usize,
    pub end: usize,
}

/// A draft read into sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// 1-based line of the document's title (first top-level heading, else first line).
    pub title_line: usize,
    pub sections: Vec<Section>,
    pub waivers: Vec<DraftWaiver>,
    /// Byte ranges of comments that look like waivers but are not read as one
    /// (`CHARTER: IGNORE`, `--->`).
    pub near_waivers: Vec<std::ops::Range<usize>>,
}

impl Document {
    /// The index after the last section nested under section `i` (its subtree is `i..end`).
    pub fn subtree_end(&self, i: usize) -> usize {
        let level = self.sections[i].level;
        if level == 0 {
            return i + 1;
        }
        self.sections[i + 1..]
            .iter()
            .position(|s| s.level <= level)
            .map_or(self.sections.len(), |p| i + 1 + p)
    }
}
