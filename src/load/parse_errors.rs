//! The known kinds of parser (serde / YAML) errors, recognised in the parser's English
//! words so that they can be said in the user's language (`parse-*` in
//! `policies/messages.yaml`), the original kept as a detail.

use std::sync::LazyLock;

use regex::Regex;

/// A parser error recognised: the message key and its values, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseErrorKind {
    /// The field the parser names before its words (`uses[1].status`), if any.
    pub at: Option<String>,
    pub key: &'static str,
    pub values: Vec<String>,
}

/// `(pattern, key)`: each pattern's groups are the message's values; the first match wins.
/// Type words (`a boolean`, `string "oui"`) become `parse-type-*` keys.
const KINDS: &[(&str, &str)] = &[
    (
        r"^invalid type: (.+?), expected (.+)$",
        "parse-invalid-type",
    ),
    (
        r"^invalid value: (.+?), expected (.+)$",
        "parse-invalid-value",
    ),
    (
        r"^unknown variant `([^`]*)`, expected one of (.+)$",
        "parse-unknown-variant",
    ),
    (
        r"^unknown variant `([^`]*)`, expected (.+)$",
        "parse-unknown-variant",
    ),
    (r"^missing field `([^`]*)`$", "parse-missing-field"),
    (r"^duplicate field `([^`]*)`$", "parse-duplicate-field"),
    (
        r"^`([^`]*)` is not a date in the form YYYY-MM-DD$",
        "parse-not-a-date",
    ),
    (
        r"tabs disallowed within this context|found a tab",
        "parse-tabs",
    ),
    (r"^duplicate entry with key (.+)$", "parse-duplicate-key"),
    (r"^did not find expected (.+)$", "parse-did-not-find"),
    (
        r"^found character that cannot start any token",
        "parse-bad-character",
    ),
    (
        r"^mapping values are not allowed in this context",
        "parse-mapping-values",
    ),
];

static COMPILED: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    KINDS
        .iter()
        .filter_map(|(pattern, key)| Regex::new(pattern).ok().map(|re| (re, *key)))
        .collect()
});

/// `string "oui"` → `parse-type-string` with `"oui"`; `a boolean` → `parse-type-boolean`.
static TYPE_WORD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:a |an )?(?:YAML )?(string|integer|floating point|boolean|sequence|map|mapping|unit value|null|date|struct \w+|enum \w+|u8|u16|u32|u64|i32|i64|f64)(?:\s+(.+))?$",
    )
    .ok()
});

/// `uses[1].status: …`: the field a nested error is about.
static FIELD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z0-9_\-]+(?:\[\d+\]|\.[A-Za-z0-9_\-]+)*): (.+)$").ok());

/// The kind of a parser error, from the parser's words, if it is a known one.
pub fn kind(reason: &str) -> Option<ParseErrorKind> {
    let reason = reason.trim();
    let (at, reason) = match FIELD.as_ref().and_then(|re| re.captures(reason)) {
        Some(c) if kind_of(c.get(2)?.as_str()).is_some() => {
            (Some(c.get(1)?.as_str().to_owned()), c.get(2)?.as_str())
        }
        _ => (None, reason),
    };
    kind_of(reason).map(|(key, values)| ParseErrorKind { at, key, values })
}

/// The message key and values of a parser error without a field before it.
fn kind_of(reason: &str) -> Option<(&'static str, Vec<String>)> {
    COMPILED.iter().find_map(|(re, key)| {
        re.captures(reason).map(|captures| {
            (
                *key,
                captures
                    .iter()
                    .skip(1)
                    .flatten()
                    .map(|m| m.as_str().to_owned())
                    .collect(),
            )
        })
    })
}

/// A type word of the parser (`a boolean`, `string "oui"`): its message key and the value
/// shown with it, if any.
pub fn type_word(words: &str) -> Option<(String, Option<String>)> {
    let captures = TYPE_WORD.as_ref()?.captures(words.trim())?;
    let name = captures.get(1)?.as_str();
    let key = match name {
        "string" => "string",
        "integer" | "u8" | "u16" | "u32" | "u64" | "i32" | "i64" => "integer",
        "floating point" | "f64" => "number",
        "boolean" => "boolean",
        "sequence" => "sequence",
        "unit value" | "null" => "null",
        "date" => "date",
        _ => "map",
    };
    Some((
        format!("parse-type-{key}"),
        captures.get(2).map(|m| m.as_str().to_owned()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_kinds_are_recognised_with_their_values() {
        let found = kind(r#"invalid type: string "oui", expected a boolean"#).expect("known");
        assert_eq!(found.key, "parse-invalid-type");
        assert_eq!(found.values, [r#"string "oui""#, "a boolean"]);
        let found = kind("unknown variant `autorisé`, expected one of `allowed`, `forbidden`")
            .expect("known");
        assert_eq!(found.key, "parse-unknown-variant");
        assert_eq!(found.values[0], "autorisé");
        assert_eq!(
            kind("`2026-13-45` is not a date in the form YYYY-MM-DD").map(|k| k.key),
            Some("parse-not-a-date")
        );
        assert_eq!(kind("something new"), None);
        let nested =
            kind("uses[1].status: unknown variant `autorisé`, expected `allowed`").expect("known");
        assert_eq!(
            (nested.at.as_deref(), nested.key),
            (Some("uses[1].status"), "parse-unknown-variant")
        );
        assert_eq!(
            type_word(r#"string "oui""#),
            Some(("parse-type-string".to_owned(), Some(r#""oui""#.to_owned())))
        );
        assert_eq!(
            type_word("a boolean"),
            Some(("parse-type-boolean".to_owned(), None))
        );
    }
}
