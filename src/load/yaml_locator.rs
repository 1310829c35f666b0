//! Positions of keys and values in a YAML file, by key path (`uses.0.tools.1`), read
//! from parser events; serde gives positions for errors only.

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
    /// Reads the positions of `source`, or the syntax error and its byte offset.
    pub fn new(source: &str) -> Result<Self, (String, usize)> {
        let mut builder = Builder {
            source,
            line_starts: yaml_line_starts(source),
            frames: Vec::new(),
            nodes: HashMap::new(),
            skip_depth: 0,
            documents: 0,
        };
        let mut parser = Parser::new_from_str(source);
        parser.load(&mut builder, false).map_err(|error| {
            let mark = *error.marker();
            (error.info().to_owned(), builder.offset(mark))
        })?;
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
}

impl Builder<'_> {
    /// The byte offset of a parser marker (1-based line, 0-based character column);
    /// its character index is not used, as it does not always count characters.
    fn offset(&self, mark: Marker) -> usize {
        let Some(&start) = self.line_starts.get(mark.line().saturating_sub(1)) else {
            return self.source.len();
        };
        let line = &self.source[start..];
        let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
        line.char_indices()
            .nth(mark.col())
            .map_or(start + line.len(), |(i, _)| start + i)
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
                        if let Some(Frame::Mapping { key, start, .. }) = self.frames.last_mut() {
                            // A block mapping's start event can come after its first key.
                            *start = (*start).min(at);
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
    fn broken_yaml_gives_the_error_position() {
        let (message, at) = Locator::new("a: b\nc: [d\n").unwrap_err();
        assert!(!message.is_empty());
        assert!(at >= 5, "{at}");
    }
}
