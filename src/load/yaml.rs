//! Typed YAML reading with positioned, classified errors (syntax, type, unknown field).

use std::sync::LazyLock;

use regex::Regex;
use serde::de::DeserializeOwned;

use super::yaml_locator::{Locator, Refusal};
use crate::diag::Code;
use crate::text::span::{LineIndex, Span};

/// Why a YAML text could not be read as the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    pub code: Code,
    /// The parser's own words, without its position.
    pub reason: String,
    pub span: Span,
    /// For an unknown field: its name and the fields allowed there.
    pub unknown: Option<(String, Vec<String>)>,
    /// Values for the wording of the code (`key` and `line` of a duplicate key).
    pub args: Vec<(&'static str, String)>,
}

/// A typed value read from YAML, with the positions of its keys and values.
pub struct Parsed<T> {
    pub value: T,
    pub locator: Locator,
}

static POSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" at line \d+ column \d+|, while \w+ .*$").expect("valid regex"));
static UNKNOWN_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"unknown field `([^`]*)`, expected (?:one of )?(.*)$").expect("valid regex")
});
/// The value a top-level type error quotes: `` `2026-13-45` is not a date``,
/// `invalid type: string "oui"`, ``unknown variant `x` `` (a nested error starts with its
/// field, `owner.name: …`, and the parser places it right).
static QUOTED_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:`([^`]*)` is not|invalid (?:type|value): \w[\w ]* "([^"]*)"|invalid (?:type|value): \w[\w ]* `([^`]*)`|unknown variant `([^`]*)`)"#)
        .expect("valid regex")
});
static EXPECTED_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`]*)`").expect("valid regex"));

/// Reads `source` as a `T`: syntax first (with positions), then types.
pub fn parse<T: DeserializeOwned>(
    source: &str,
    lines: &LineIndex,
) -> Result<Parsed<T>, YamlProblem> {
    let locator = Locator::new(source).map_err(|(refusal, at)| {
        let (code, args) = match &refusal {
            Refusal::Syntax(_) => (Code::YamlSyntax, Vec::new()),
            Refusal::DuplicateKey { key, first_line } => (
                Code::DuplicateKey,
                vec![("key", key.clone()), ("line", first_line.to_string())],
            ),
            Refusal::Expansion => (Code::AliasExpansion, Vec::new()),
        };
        YamlProblem {
            code,
            span: char_span(source, at),
            reason: explain_limit(refusal.to_string()),
            unknown: None,
            args,
        }
    })?;
    match serde_yaml::from_str::<T>(source) {
        Ok(value) => Ok(Parsed { value, locator }),
        Err(error) => Err(classify(&error, source, lines, &locator)),
    }
}

/// The parser's words for an error, without its position.
pub fn reason_of(error: &serde_yaml::Error) -> String {
    explain_limit(
        POSITION
            .replace_all(&error.to_string(), "")
            .trim()
            .to_owned(),
    )
}

/// The parsers' limits, said with what hits them.
fn explain_limit(reason: String) -> String {
    if reason.contains("recursion limit exceeded") {
        format!("{reason}: the YAML is nested too deeply")
    } else if reason.contains("repetition limit exceeded") {
        format!("{reason}: aliases expand to too many values (an alias bomb?)")
    } else {
        reason
    }
}

/// The span of the character at byte `at` (empty at the end of the text), inside the text
/// and on character boundaries whatever offset a parser reports.
fn char_span(source: &str, at: usize) -> Span {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let end = source[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    Span::new(at, end)
}

fn classify(
    error: &serde_yaml::Error,
    source: &str,
    lines: &LineIndex,
    locator: &Locator,
) -> YamlProblem {
    let reason = reason_of(error);
    // The byte index, not the line: the parser counts a lone `\r` as a line break, the
    // line index of the file does not.
    let at = error.location().map_or(0, |location| {
        if location.index() <= source.len() {
            location.index()
        } else {
            lines.offset(source, location.line(), location.column())
        }
    });
    let at = char_span(source, at).start;
    let end = source[at..]
        .find([':', '\n', ',', ']', '}'])
        .map_or(source.len(), |i| at + i)
        .max(char_span(source, at).end);
    let span = top_level_value(&reason, source, locator).unwrap_or(Span::new(at, end));
    if let Some(captures) = UNKNOWN_FIELD.captures(&reason) {
        let expected = EXPECTED_NAME
            .captures_iter(&captures[2])
            .map(|c| c[1].to_owned())
            .collect();
        return YamlProblem {
            code: Code::UnknownField,
            reason: reason.clone(),
            span,
            unknown: Some((captures[1].to_owned(), expected)),
            args: Vec::new(),
        };
    }
    let code = if error.location().is_none() && reason.contains("limit exceeded") {
        Code::YamlSyntax
    } else {
        Code::InvalidCharter
    };
    YamlProblem {
        code,
        reason,
        span,
        unknown: None,
        args: Vec::new(),
    }
}

/// Where the value of a top-level type error is: the parser points such errors at the
/// start of the document.
fn top_level_value(reason: &str, source: &str, locator: &Locator) -> Option<Span> {
    let captures = QUOTED_VALUE.captures(reason)?;
    let value = captures.iter().skip(1).flatten().next()?.as_str();
    locator.top_level_value(source, value)
}
