//! Edits a charter's YAML text in place from an edited copy of its values: only the entries
//! whose value changed are rewritten, so comments, key order and layout elsewhere are kept;
//! the comments an edit drops are named before saving.

use serde_json::{Map, Value};

use crate::commands::yaml_out::{block, scalar};

/// Top-level keys whose entries are edited one child at a time (block mappings).
const BY_CHILD: &[&str] = &["owner", "review", "clauses", "waivers"];

/// `text` with the values of `old` (what the text holds) changed to those of `new`.
pub(crate) fn apply(text: &str, old: &Map<String, Value>, new: &Map<String, Value>) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut edits = Vec::new();
    edit_map(&lines, (0, lines.len()), 0, old, new, true, &mut edits);
    if edits.is_empty() {
        return text.to_owned();
    }
    // Apply from the end so that earlier line numbers stay valid; of two insertions at one
    // place, the later one first, so that the earlier one ends up above it.
    let mut edits: Vec<(usize, Edit)> = edits.into_iter().enumerate().collect();
    edits.sort_by_key(|(i, e)| std::cmp::Reverse((e.start, e.end, *i)));
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    if out.last().is_some_and(|l| !l.ends_with('\n')) {
        if let Some(last) = out.last_mut() {
            last.push('\n');
        }
    }
    // New lines end as the file's first line does.
    let crlf = lines.first().is_some_and(|l| l.ends_with("\r\n"));
    for (_, edit) in edits {
        let text = if crlf {
            edit.text.replace('\n', "\r\n")
        } else {
            edit.text
        };
        out.splice(edit.start..edit.end, std::iter::once(text));
    }
    out.concat()
}

/// The comments of `before` that `after` no longer holds, in order.
pub(crate) fn lost_comments(before: &str, after: &str) -> Vec<String> {
    let mut left = comments(after);
    let mut lost = Vec::new();
    for comment in comments(before) {
        if let Some(i) = left.iter().position(|c| *c == comment) {
            left.swap_remove(i);
        } else {
            lost.push(comment);
        }
    }
    lost
}

/// Lines `start..end` replaced by `text`.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// One `key: value` entry of a block mapping: the key line and the lines under it.
struct Entry<'a> {
    key: &'a str,
    start: usize,
    end: usize,
}

fn edit_map(
    lines: &[&str],
    range: (usize, usize),
    indent: usize,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    top: bool,
    edits: &mut Vec<Edit>,
) {
    let entries = entries(lines, range, indent);
    let find = |key: &str| entries.iter().find(|e| e.key == key);
    for (key, value) in new {
        if old.get(key) == Some(value) {
            continue;
        }
        let Some(entry) = find(key) else {
            // A new key goes after the nearest key before it that the text holds.
            let before = new
                .keys()
                .take_while(|k| *k != key)
                .filter_map(|k| find(k))
                .last();
            let at = before.map_or(range.0, |e| e.end);
            edits.push(Edit {
                start: at,
                end: at,
                text: emit_entry(key, value, indent),
            });
            continue;
        };
        let children = (entry.start + 1, entry.end);
        let child_indent = first_indent(lines, children);
        match (old.get(key), value) {
            (Some(Value::Object(was)), Value::Object(now))
                if top
                    && BY_CHILD.contains(&key.as_str())
                    && child_indent.is_some_and(|i| i > indent) =>
            {
                let child_indent = child_indent.unwrap_or(indent + 2);
                edit_map(lines, children, child_indent, was, now, false, edits);
            }
            _ => edits.push(Edit {
                start: entry.start,
                end: entry.end,
                text: emit_entry(key, value, indent),
            }),
        }
    }
    for entry in &entries {
        if !new.contains_key(entry.key) && old.contains_key(entry.key) {
            edits.push(Edit {
                start: entry.start,
                end: entry.end,
                text: String::new(),
            });
        }
    }
}

/// The entries of the block mapping at column `indent` within lines `range`.
fn entries<'a>(lines: &[&'a str], range: (usize, usize), indent: usize) -> Vec<Entry<'a>> {
    let mut found: Vec<Entry> = Vec::new();
    let mut i = range.0;
    while i < range.1 {
        let Some(key) = key_at(lines[i], indent) else {
            i += 1;
            continue;
        };
        let start = i;
        i += 1;
        while i < range.1 && (blank(lines[i]) || indent_of(lines[i]) > indent) {
            i += 1;
        }
        // Blank lines at its end are not part of the entry.
        let mut end = i;
        while end > start + 1 && blank(lines[end - 1]) {
            end -= 1;
        }
        found.push(Entry { key, start, end });
    }
    found
}

/// The key of a `key:` line at exactly column `indent`.
fn key_at(line: &str, indent: usize) -> Option<&str> {
    if indent_of(line) != indent {
        return None;
    }
    let rest = &line[indent..];
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    let after = &rest[colon + 1..];
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (is_key && (after.is_empty() || after.starts_with([' ', '\n', '\r']))).then_some(key)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The indentation of the first line in `range` that holds a key.
fn first_indent(lines: &[&str], range: (usize, usize)) -> Option<usize> {
    lines[range.0..range.1]
        .iter()
        .find(|l| !blank(l) && !l.trim_start().starts_with('#'))
        .map(|l| indent_of(l))
}

/// `key: value` at column `indent`, as lines.
fn emit_entry(key: &str, value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    // A key is text too: quoted when it could be read as something else.
    let key = scalar(key);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut out = format!("{pad}{key}:\n");
            for (k, v) in map {
                out.push_str(&emit_entry(k, v, indent + 2));
            }
            out
        }
        Value::Array(items) if !items.iter().all(short) => {
            let mut out = format!("{pad}{key}:\n");
            for item in items {
                out.push_str(&emit_item(item, indent + 2));
            }
            out
        }
        Value::Null => format!("{pad}{key}:\n"),
        other => format!("{pad}{key}: {}\n", inline(other, indent)),
    }
}

/// A sequence item at column `indent`.
fn emit_item(item: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match item {
        Value::Object(map) if !map.is_empty() => {
            let mut out = String::new();
            for (i, (k, v)) in map.iter().enumerate() {
                let entry = emit_entry(k, v, indent + 2);
                if i == 0 {
                    out.push_str(&pad);
                    out.push_str("- ");
                    out.push_str(&entry[indent + 2..]);
                } else {
                    out.push_str(&entry);
                }
            }
            out
        }
        other => format!("{pad}- {}\n", inline(other, indent + 2)),
    }
}

/// A value written after `key: ` (or `- `) at column `indent`.
fn inline(value: &Value, indent: usize) -> String {
    match value {
        Value::String(text) if text.contains('\n') => block(text, indent),
        Value::String(text) => scalar(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| inline(v, indent)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(_) => "{}".to_owned(),
        Value::Null => "~".to_owned(),
        other => other.to_string(),
    }
}

/// A value short enough for a flow sequence: a one-line scalar.
fn short(value: &Value) -> bool {
    match value {
        Value::String(text) => !text.contains('\n') && text.chars().count() <= 40,
        Value::Bool(_) | Value::Number(_) => true,
        _ => false,
    }
}

/// The comments of a YAML text: whole-line comments and those ending a `key: value` line,
/// outside block scalars.
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The indentation of the line that opened the block scalar we are in.
    let mut in_block: Option<usize> = None;
    for line in text.lines() {
        let indent = indent_of(line);
        if let Some(opener) = in_block {
            if blank(line) || indent > opener {
                continue;
            }
            in_block = None;
        }
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            out.push(trimmed.to_owned());
            continue;
        }
        let (code, comment) = split_comment(trimmed);
        if let Some(comment) = comment {
            out.push(comment.to_owned());
        }
        let code = code.trim_end();
        let opens_block = code
            .rsplit([' ', ':'])
            .next()
            .is_some_and(|last| last.starts_with(['|', '>']) && last.len() <= 3)
            && (code.contains(": ") || code.starts_with("- "));
        if opens_block {
            in_block = Some(indent);
        }
    }
    out
}

/// A line's code and its end-of-line comment (` #` outside quotes).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            None if (c == '"' || c == '\'') && matches!(previous, ' ' | ':' | '[' | ',') => {
                quote = Some(c);
            }
            None if c == '#' && previous == ' ' => return (&line[..i], Some(&line[i..])),
            _ => {}
        }
        previous = c;
    }
    (line, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Our charter\ncharter: 1\ntitle: Old title # kept?\nlang: fr\nowner:\n  # who\n  name: Jo\n  role: Lead\n\n# The clauses\nclauses:\n  # first\n  security: |\n    Old text.\n    # not a comment\n  human-oversight: |\n    Someone checks.\n";

    fn value(text: &str) -> Map<String, Value> {
        match serde_yaml::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            other => panic!("not a mapping: {other:?}"),
        }
    }

    #[test]
    fn an_untouched_document_is_kept_byte_for_byte() {
        let old = value(TEXT);
        assert_eq!(apply(TEXT, &old, &old), TEXT);
    }

    #[test]
    fn only_the_edited_entries_change_and_other_comments_stay() {
        let old = value(TEXT);
        let mut new = old.clone();
        new["clauses"]["security"] = Value::String("New text.\nSecond line.\n".to_owned());
        new["owner"]["role"] = Value::String("Director".to_owned());
        new.insert("team".to_owned(), Value::String("Comms".to_owned()));
        let edited = apply(TEXT, &old, &new);
        assert_eq!(value(&edited), new, "{edited}");
        for kept in [
            "# Our charter",
            "# who",
            "# The clauses",
            "# first",
            "# kept?",
        ] {
            assert!(edited.contains(kept), "{kept} lost:\n{edited}");
        }
        assert!(edited.contains("\nteam: Comms\n"), "{edited}");
        assert!(lost_comments(TEXT, &edited).is_empty());
    }

    #[test]
    fn a_comment_inside_an_edited_entry_is_reported_lost() {
        let old = value(TEXT);
        let mut new = old.clone();
        new.insert("title".to_owned(), Value::String("New".to_owned()));
        new.remove("owner");
        let edited = apply(TEXT, &old, &new);
        assert_eq!(value(&edited), new, "{edited}");
        assert_eq!(lost_comments(TEXT, &edited), ["# kept?", "# who"]);
    }

    #[test]
    fn keys_added_at_one_place_keep_their_order() {
        let old = value(TEXT);
        let mut new = old.clone();
        new["clauses"]["security-2"] = Value::String("More.\n".to_owned());
        new.insert("team".to_owned(), Value::String("Comms".to_owned()));
        let edited = apply(TEXT, &old, &new);
        assert_eq!(value(&edited), new, "{edited}");
        assert!(
            edited.ends_with("  security-2: |\n    More.\nteam: Comms\n"),
            "{edited}"
        );
    }

    #[test]
    fn a_file_with_crlf_line_ends_keeps_them() {
        let text = TEXT.replace('\n', "\r\n");
        let old = value(&text);
        let mut new = old.clone();
        new["clauses"]["security"] = Value::String("One.\nTwo.\n".to_owned());
        new.insert("team".to_owned(), Value::String("Comms".to_owned()));
        let edited = apply(&text, &old, &new);
        assert_eq!(value(&edited), new, "{edited}");
        assert!(!edited.replace("\r\n", "").contains('\n'), "{edited:?}");
    }

    #[test]
    fn odd_keys_and_values_are_quoted() {
        let old = value(TEXT);
        let mut new = old.clone();
        new["clauses"]["a: b # c"] = Value::String("yes".to_owned());
        new.insert("team".to_owned(), Value::String("- [x] #1".to_owned()));
        let edited = apply(TEXT, &old, &new);
        assert_eq!(value(&edited), new, "{edited}");
    }

    proptest::proptest! {
        /// Any text the page sends is written so that it reads back: exactly on one line,
        /// as a block scalar keeps it on several.
        #[test]
        fn any_text_reads_back(title in "[^\n]{0,40}", clause in "\\PC{0,80}", key in "[a-z-]{1,12}") {
            let old = value(TEXT);
            let mut new = old.clone();
            new.insert("title".to_owned(), Value::String(title.clone()));
            new["clauses"][key.as_str()] = Value::String(clause.clone());
            let edited = apply(TEXT, &old, &new);
            let back = value(&edited);
            proptest::prop_assert_eq!(&back["title"], &Value::String(title));
            let kept = back["clauses"][key.as_str()].as_str().unwrap_or_default().to_owned();
            let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
            proptest::prop_assert_eq!(words(&kept), words(&clause));
        }
    }

    #[test]
    fn lists_of_mappings_are_written_in_block_style() {
        let old = value(TEXT);
        let mut new = old.clone();
        let tools =
            serde_json::json!([{"id": "a", "name": "A: b", "approved": true, "data": ["public"]}]);
        new.insert("tools".to_owned(), tools);
        let edited = apply(TEXT, &old, &new);
        assert_eq!(value(&edited), new, "{edited}");
        assert!(edited.contains("tools:\n  - id: a\n"), "{edited}");
    }
}
