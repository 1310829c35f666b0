//! Positions of keys and values in a YAML file, by key path (`uses.0.tools.1`), read
//! from parser events; serde gives positions for errors only. The same pass refuses what
//! must not reach serde: keys given twice and aliases that expand too far.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::text::span::Span;

/// Where one node sits: the span of its key (in a mapping) and of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<Span>,
    pub value: Span,
}

/// Key path → position, for every node of the first document of a YAML text.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    nodes: HashMap<String, NodeSpan>,
}

impl Locator {
    /// Reads the positions of `source`, or why it is refused and where (byte offset).
    pub fn new(source: &str) -> Result<Self, (Refusal, usize)> {
        let mut builder = Builder {
            source,
            line_starts: yaml_line_starts(source),
            frames: Vec::new(),
            nodes: HashMap::new(),
            skip_depth: 0,
            documents: 0,
            duplicate: None,
            expansion: Expansion::default(),
            cursor: std::cell::Cell::new((0, 0, 0)),
        };
        let mut parser = Parser::new_from_str(source);
        parser.load(&mut builder, false).map_err(|error| {
            let mark = *error.marker();
            (
                Refusal::Syntax(error.info().to_owned()),
                builder.offset(mark),
            )
        })?;
        if let Some(at) = builder.expansion.over {
            return Err((Refusal::Expansion, at));
        }
        if let Some((key, again, first)) = builder.duplicate {
            let first_line = source[..first].matches('\n').count() + 1;
            return Err((Refusal::DuplicateKey { key, first_line }, again));
        }
        Ok(Self {
            nodes: builder.nodes,
        })
    }

    /// The span of the key at `path` (of the value for a sequence item).
    pub fn key(&self, path: &str) -> Option<Span> {
        self.nodes
            .get(path)
            .map(|node| node.key.unwrap_or(node.value))
    }

    /// The span of the value at `path`.
    pub fn value(&self, path: &str) -> Option<Span> {
        self.nodes.get(path).map(|node| node.value)
    }

    /// The deepest key path whose key or value holds byte `at` (the field a finding
    /// concerns), if any.
    pub fn path_at(&self, at: usize) -> Option<&str> {
        let holds = |span: Span| span.start <= at && (at < span.end || at == span.start);
        self.nodes
            .iter()
            .filter(|(path, node)| {
                !path.is_empty() && (holds(node.value) || node.key.is_some_and(holds))
            })
            .max_by_key(|(path, node)| {
                (
                    path.matches('.').count(),
                    std::cmp::Reverse(node.value.end - node.value.start),
                )
            })
            .map(|(path, _)| path.as_str())
    }

    /// The first top-level value written as `text` (quotes aside), if any.
    pub fn top_level_value(&self, source: &str, text: &str) -> Option<Span> {
        self.nodes
            .iter()
            .filter(|(path, node)| !path.is_empty() && !path.contains('.') && node.key.is_some())
            .map(|(_, node)| node.value)
            .filter(|span| {
                source
                    .get(span.start..span.end)
                    .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == text)
            })
            .min_by_key(|span| span.start)
    }
}

enum Frame {
    Mapping {
        path: String,
        start: usize,
        key: Option<(String, Span)>,
        /// Keys met so far, with where each starts.
        seen: HashMap<String, usize>,
    },
    Sequence {
        path: String,
        start: usize,
        index: usize,
    },
}

struct Builder<'a> {
    source: &'a str,
    /// Byte offsets of line starts, as the YAML scanner counts lines.
    line_starts: Vec<usize>,
    frames: Vec<Frame>,
    nodes: HashMap<String, NodeSpan>,
    skip_depth: usize,
    documents: usize,
    /// The first key met twice in one mapping: its name, where it is again, where first.
    duplicate: Option<(String, usize, usize)>,
    expansion: Expansion,
    /// The last position found: line, character column, byte offset.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

/// Why a YAML text is refused before its values are built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The parser's own words.
    #[error("{0}")]
    Syntax(String),
    /// A key given twice in one mapping: serde would keep the second value only.
    #[error("duplicate key `{key}` (first at line {first_line}): its first value would be lost")]
    DuplicateKey { key: String, first_line: usize },
    /// Aliases that expand past `MAX_EXPANDED_BYTES`.
    #[error("aliases expand the document to more than 16 MiB (an alias bomb?)")]
    Expansion,
}

/// The most bytes of scalars a document may hold once its aliases are expanded.
pub const MAX_EXPANDED_BYTES: u64 = 16 << 20;

/// How big the document is once aliases are expanded, counted from the parser's events
/// before any value is built: a small file whose aliases repeat a large value is refused
/// instead of filling memory.
#[derive(Default)]
struct Expansion {
    /// Bytes of scalars (plus one per node) so far, aliases counted at their full size.
    total: u64,
    /// The expanded size of each anchor.
    anchors: HashMap<usize, u64>,
    /// Anchored collections still open: anchor, `total` at their start, nesting depth.
    open: Vec<(usize, u64, usize)>,
    depth: usize,
    /// Where the document first went over the limit.
    over: Option<usize>,
}

impl Expansion {
    fn count(&mut self, event: &Event, at: usize) {
        match event {
            Event::Scalar(value, _, anchor, _) => {
                let size = value.len() as u64 + 1;
                self.total += size;
                if *anchor != 0 {
                    self.anchors.insert(*anchor, size);
                }
            }
            Event::Alias(anchor) => self.total += self.anchors.get(anchor).copied().unwrap_or(1),
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                self.total += 1;
                self.depth += 1;
                if *anchor != 0 {
                    self.open.push((*anchor, self.total, self.depth));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(&(anchor, start, depth)) = self.open.last() {
                    if depth == self.depth {
                        self.open.pop();
                        self.anchors.insert(anchor, self.total - start + 1);
                    }
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
        if self.total > MAX_EXPANDED_BYTES {
            self.over.get_or_insert(at);
        }
    }
}

impl Builder<'_> {
    /// The byte offset of a parser marker (1-based line, 0-based character column);
    /// its character index is not used, as it does not always count characters.
    /// Walks on from the previous position when it is earlier on the same line, so that a
    /// long line (a flow sequence of 64,000 items) is read once, not once per item.
    fn offset(&self, mark: Marker) -> usize {
        let Some(&start) = self.line_starts.get(mark.line().saturating_sub(1)) else {
            return self.source.len();
        };
        let (mut column, mut at) = match self.cursor.get() {
            (line, column, at) if line == mark.line() && column <= mark.col() => (column, at),
            _ => (0, start),
        };
        for c in self.source[at..].chars() {
            if column == mark.col() || c == '\n' || c == '\r' {
                break;
            }
            at += c.len_utf8();
            column += 1;
        }
        self.cursor.set((mark.line(), column, at));
        at
    }

    /// The path and key span the next value takes in its parent, or `None` for a key.
    fn next_slot(&mut self) -> Option<(String, Option<Span>)> {
        match self.frames.last_mut() {
            None => Some((String::new(), None)),
            Some(Frame::Sequence { path, index, .. }) => {
                Some((join(path, &index.to_string()), None))
            }
            Some(Frame::Mapping { path, key, .. }) => {
                let (name, span) = key.clone()?;
                Some((join(path, &name), Some(span)))
            }
        }
    }

    /// Marks the current slot of the parent as filled.
    fn advance(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Sequence { index, .. }) => *index += 1,
            Some(Frame::Mapping { key, .. }) => *key = None,
            None => {}
        }
    }

    fn scalar_end(&self, start: usize, value: &str, style: TScalarStyle) -> usize {
        let rest = self.source.get(start..).unwrap_or_default();
        let quoted = |quote: char| {
            rest.strip_prefix(quote)
                .and_then(|inner| inner.strip_prefix(value))
                .is_some_and(|after| after.starts_with(quote))
        };
        match style {
            TScalarStyle::Plain if rest.starts_with(value) => start + value.len(),
            TScalarStyle::SingleQuoted if quoted('\'') => start + value.len() + 2,
            TScalarStyle::DoubleQuoted if quoted('"') => start + value.len() + 2,
            _ => {
                let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
                start + rest[..line_end].trim_end().len()
            }
        }
    }
}

/// Line starts after `\n`, `\r\n` and a lone `\r`, the line breaks of YAML.
fn yaml_line_starts(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.documents > 1 {
            return;
        }
        let at = self.offset(mark);
        self.expansion.count(&event, at);
        match event {
            Event::DocumentStart => self.documents += 1,
            Event::MappingStart(..) | Event::SequenceStart(..) if self.skip_depth > 0 => {
                self.skip_depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd if self.skip_depth > 0 => {
                self.skip_depth -= 1;
                if self.skip_depth == 0 {
                    self.advance();
                }
            }
            _ if self.skip_depth > 0 => {}
            Event::Scalar(value, style, ..) => {
                let end = self.scalar_end(at, &value, style);
                match self.next_slot() {
                    Some((path, key)) => {
                        self.nodes.insert(
                            path,
                            NodeSpan {
                                key,
                                value: Span::new(at, end),
                            },
                        );
                        self.advance();
                    }
                    None => {
                        if let Some(Frame::Mapping {
                            key, start, seen, ..
                        }) = self.frames.last_mut()
                        {
                            // A block mapping's start event can come after its first key.
                            *start = (*start).min(at);
                            if let Some(&first) = seen.get(&value) {
                                self.duplicate.get_or_insert((value.clone(), at, first));
                            } else {
                                seen.insert(value.clone(), at);
                            }
                            *key = Some((value, Span::new(at, end)));
                        }
                    }
                }
            }
            Event::Alias(_) => {
                if let Some((path, key)) = self.next_slot() {
                    self.nodes.insert(
                        path,
                        NodeSpan {
                            key,
                            value: Span::new(at, at + 1),
                        },
                    );
                    self.advance();
                } else if let Some(Frame::Mapping { key, .. }) = self.frames.last_mut() {
                    *key = Some(("*".to_owned(), Span::new(at, at + 1)));
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_mapping = matches!(event, Event::MappingStart(..));
                match self.next_slot() {
                    None => self.skip_depth = 1,
                    Some((path, key)) => {
                        self.nodes.insert(
                            path.clone(),
                            NodeSpan {
                                key,
                                value: Span::new(at, at),
                            },
                        );
                        self.frames.push(if is_mapping {
                            Frame::Mapping {
                                path,
                                start: at,
                                key: None,
                                seen: HashMap::new(),
                            }
                        } else {
                            Frame::Sequence {
                                path,
                                start: at,
                                index: 0,
                            }
                        });
                    }
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(
                    Frame::Mapping { path, start, .. } | Frame::Sequence { path, start, .. },
                ) = self.frames.pop()
                {
                    let end = self.source[..at].trim_end().len().max(start);
                    if let Some(node) = self.nodes.get_mut(&path) {
                        node.value = Span::new(start, end);
                    }
                }
                self.advance();
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(source: &str, span: Span) -> &str {
        &source[span.start..span.end]
    }

    #[test]
    fn locates_keys_and_values_by_path() {
        let source = "title: Charte\nuses:\n  - id: résumés\n    tools: [assistant, « outil »]\nclauses:\n  human-oversight: |\n    Relu.\n";
        let locator = Locator::new(source).unwrap();
        assert_eq!(text_at(source, locator.key("title").unwrap()), "title");
        assert_eq!(text_at(source, locator.value("title").unwrap()), "Charte");
        assert_eq!(
            text_at(source, locator.value("uses.0.id").unwrap()),
            "résumés"
        );
        assert_eq!(
            text_at(source, locator.value("uses.0.tools.1").unwrap()),
            "« outil »"
        );
        assert_eq!(
            text_at(source, locator.key("clauses.human-oversight").unwrap()),
            "human-oversight"
        );
        assert_eq!(
            text_at(source, locator.value("uses.0").unwrap()),
            "id: résumés\n    tools: [assistant, « outil »]"
        );
        assert_eq!(locator.key("uses.0.why"), None);
    }

    #[test]
    fn quoted_values_include_their_quotes() {
        let source = "a: 'x'\nb: \"y z\"\n";
        let locator = Locator::new(source).unwrap();
        assert_eq!(text_at(source, locator.value("a").unwrap()), "'x'");
        assert_eq!(text_at(source, locator.value("b").unwrap()), "\"y z\"");
    }

    #[test]
    fn lone_carriage_returns_keep_positions_right() {
        // The parser counts a lone `\r` as a line break; positions come from its
        // character index, so they still point at the right bytes.
        let source = "a: 'é'\rb: \"y z\"\rc: [d, «e»]\r";
        let locator = Locator::new(source).unwrap();
        assert_eq!(text_at(source, locator.value("a").unwrap()), "'é'");
        assert_eq!(text_at(source, locator.value("b").unwrap()), "\"y z\"");
        assert_eq!(text_at(source, locator.value("c.1").unwrap()), "«e»");
        assert_eq!(text_at(source, locator.key("c").unwrap()), "c");
    }

    #[test]
    fn a_key_twice_in_one_mapping_is_an_error_at_the_second() {
        let source = "clauses:\n  a: one\n  b: x\n  a: two\nother:\n  a: fine\n";
        let (refusal, at) = Locator::new(source).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "duplicate key `a` (first at line 2): its first value would be lost"
        );
        assert_eq!(at, source.find("a: two").unwrap());
    }

    #[test]
    fn aliases_of_a_large_value_are_refused_before_expansion() {
        let big = "A ".repeat(500_000);
        let refs = vec!["*a"; 40].join(", ");
        let source = format!("k: &a \"{big}\"\nl: [{refs}]\n");
        let (refusal, at) = Locator::new(&source).unwrap_err();
        assert_eq!(refusal, Refusal::Expansion);
        assert!(at > source.find("l: [").unwrap(), "{at}");
        let nested = format!(
            "k: &a [\"{big}\", {{x: y}}]\nl: [{}]\n",
            ["*a"; 10].join(", ")
        );
        assert!(Locator::new(&nested).is_ok());
    }

    #[test]
    fn broken_yaml_gives_the_error_position() {
        let (refusal, at) = Locator::new("a: b\nc: [d\n").unwrap_err();
        assert!(matches!(refusal, Refusal::Syntax(message) if !message.is_empty()));
        assert!(at >= 5, "{at}");
    }
}
