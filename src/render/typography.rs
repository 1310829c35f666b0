//! Typography by language, on the text of rendered documents (never on the charter's YAML):
//! French no-break spaces (a thin one before `; ! ?`, a full one before `:` and inside « »),
//! « » for quotation marks and ’ for apostrophes; English curly quotes and apostrophes.
//! Markdown keeps its syntax: only its text is set, never code, links' targets or raw HTML.

use std::ops::Range;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{parse_document, Arena, Options};

use crate::model::lang::{Lang, Typography};

/// No-break space: before `:` and inside « » in French.
pub(crate) const NBSP: char = '\u{a0}';
/// Narrow no-break space (Imprimerie nationale's « espace fine »): before `; ! ?` in French.
pub(crate) const NNBSP: char = '\u{202f}';

/// Plain text set in the typography of `lang`.
pub(crate) fn text(lang: Lang, text: &str) -> String {
    let whole: Range<usize> = 0..text.len();
    set(lang, text, std::slice::from_ref(&whole))
}

/// Markdown whose text (outside code, links' targets, web and mail addresses and raw HTML)
/// is set in the typography of `lang`; everything else is kept byte for byte.
pub(crate) fn markdown(lang: Lang, source: &str) -> String {
    let arena = Arena::new();
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    let root = parse_document(&arena, source, &options);
    let lines = line_starts(source);
    let mut ranges: Vec<Range<usize>> = root
        .descendants()
        .filter(|node| is_prose(node))
        .filter_map(|node| {
            let pos = node.data.borrow().sourcepos;
            let start = offset(&lines, pos.start.line, pos.start.column)?;
            let end = offset(&lines, pos.end.line, pos.end.column)? + 1;
            source.get(start..end).map(|_| start..end)
        })
        .collect();
    ranges.sort_by_key(|r| r.start);
    set(lang, source, &ranges)
}

/// A text node that reads as prose: not a web or mail address shown as a link.
fn is_prose<'a>(node: &'a AstNode<'a>) -> bool {
    let NodeValue::Text(text) = &node.data.borrow().value else {
        return false;
    };
    let in_link = node
        .parent()
        .is_some_and(|p| matches!(p.data.borrow().value, NodeValue::Link(_)));
    !(in_link && (text.contains("://") || text.contains('@') || text.starts_with("www.")))
}

/// Byte offsets where each line of `source` starts.
fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The byte offset of a 1-based line and byte column.
fn offset(lines: &[usize], line: usize, column: usize) -> Option<usize> {
    Some(lines.get(line.checked_sub(1)?)? + column.checked_sub(1)?)
}

/// `source` with the characters inside `ranges` (sorted byte ranges) set; the characters
/// around them are read as context but kept.
fn set(lang: Lang, source: &str, ranges: &[Range<usize>]) -> String {
    let typography = lang.typography();
    let mut out = String::with_capacity(source.len() + 16);
    // Where the current range's text starts in `out`: spaces before it are not ours to change.
    let mut range_start_in_out = 0;
    // The range at or after the current character (ranges are sorted: one pass).
    let mut next = 0;
    let mut current = None;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        while ranges.get(next).is_some_and(|r| r.end <= i) {
            next += 1;
        }
        if ranges.get(next).is_none_or(|r| r.start > i) {
            out.push(c);
            continue;
        }
        if current != Some(next) {
            current = Some(next);
            range_start_in_out = out.len();
        }
        let before = source[..i].chars().next_back();
        let after = chars.peek().map(|&(_, next)| next);
        let ours = out.len() > range_start_in_out;
        match typography {
            Typography::French => french(&mut out, ours, c, before, after),
            Typography::English => english(&mut out, c, before, after),
        }
    }
    out
}

/// Whether a quotation mark between `before` and `after` opens a quotation (Markdown
/// emphasis marks before it count as the start of a word).
fn opens(before: Option<char>, after: Option<char>) -> bool {
    before.is_none_or(|b| b.is_whitespace() || "([{-—–/«“‘".contains(b))
        || (before.is_some_and(|b| "*_~".contains(b)) && after.is_some_and(char::is_alphanumeric))
}

fn english(out: &mut String, c: char, before: Option<char>, after: Option<char>) {
    match c {
        '"' if opens(before, after) => out.push('“'),
        '"' => out.push('”'),
        '\'' if opens(before, after) && after.is_some_and(char::is_alphanumeric) => out.push('‘'),
        '\'' => out.push('’'),
        _ => out.push(c),
    }
}

/// Replaces the space that ends `out` (when it is ours to change) with `space`, or adds
/// `space` after a word; nothing at the start of a line or after a space already set.
fn space_before(out: &mut String, ours: bool, space: char) {
    match out.chars().next_back() {
        Some(' ' | NBSP | NNBSP) if ours => {
            out.pop();
            out.push(space);
        }
        Some(last) if !last.is_whitespace() => out.push(space),
        _ => {}
    }
}

fn french(out: &mut String, ours: bool, c: char, before: Option<char>, after: Option<char>) {
    let ends_word = after.is_none_or(|a| a.is_whitespace() || "»)]\"*_".contains(a));
    let after_word = before.is_some_and(|b| b.is_alphanumeric() || ")]»\"*_".contains(b));
    match c {
        '\'' | '’' => out.push('’'),
        '"' if opens(before, after) => {
            out.push('«');
            out.push(NBSP);
        }
        '"' | '»' => {
            space_before(out, ours, NBSP);
            out.push('»');
        }
        '«' => {
            out.push('«');
            if after.is_some_and(|a| !a.is_whitespace()) {
                out.push(NBSP);
            }
        }
        ' ' if out.ends_with('«') => out.push(NBSP),
        ':' if before == Some(' ') || (after_word && ends_word) => {
            space_before(out, ours, NBSP);
            out.push(':');
        }
        ';' | '!' | '?' if before == Some(' ') || (after_word && ends_word) => {
            space_before(out, ours, NNBSP);
            out.push(c);
        }
        _ => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(s: &str) -> String {
        text(Lang::new("fr").unwrap(), s)
    }

    #[test]
    fn french_spaces_before_high_punctuation_are_no_break() {
        assert_eq!(fr("Annexe : vérification"), "Annexe\u{a0}: vérification");
        assert_eq!(fr("en ligne ; les noms"), "en ligne\u{202f}; les noms");
        assert_eq!(
            fr("Pourquoi ? Parce que !"),
            "Pourquoi\u{202f}? Parce que\u{202f}!"
        );
        // Missing spaces are added after a word…
        assert_eq!(
            fr("Note: oui; non!"),
            "Note\u{a0}: oui\u{202f}; non\u{202f}!"
        );
        // …but never inside addresses, times or URLs.
        for kept in [
            "https://exemple.fr/a?b=c",
            "à 10:30",
            "mailto:dpd@exemple.fr",
        ] {
            assert_eq!(fr(kept), kept);
        }
    }

    #[test]
    fn french_quotes_and_apostrophes() {
        assert_eq!(fr("l'IA"), "l’IA");
        assert_eq!(
            fr(r#"la mention "Image générée par IA" sous"#),
            "la mention «\u{a0}Image générée par IA\u{a0}» sous"
        );
        assert_eq!(
            fr("« Image générée par IA »"),
            "«\u{a0}Image générée par IA\u{a0}»"
        );
        assert_eq!(fr("«IA»"), "«\u{a0}IA\u{a0}»");
        // Idempotent: setting set text changes nothing.
        let once = fr(r#"Il dit : "l'IA" ; ok ?"#);
        assert_eq!(fr(&once), once);
    }

    #[test]
    fn english_quotes_are_curly_and_spaces_untouched() {
        assert_eq!(
            text(Lang::EN, r#"the team's "draft" and 'this'"#),
            "the team’s “draft” and ‘this’"
        );
        assert_eq!(text(Lang::EN, "Note: yes; no!"), "Note: yes; no!");
    }

    #[test]
    fn markdown_keeps_code_links_and_addresses() {
        let source = "- l'outil `don't : touch` ; voir [le guide](https://x.fr/a?b) :\n- <https://exemple.fr> et dpd@exemple.fr\n\n```\nit's: code\n```\n";
        assert_eq!(
            markdown(Lang::new("fr").unwrap(), source),
            "- l’outil `don't : touch`\u{202f}; voir [le guide](https://x.fr/a?b)\u{a0}:\n- <https://exemple.fr> et dpd@exemple.fr\n\n```\nit's: code\n```\n"
        );
        assert_eq!(
            markdown(Lang::EN, "**\"Bold\"** and it's"),
            "**“Bold”** and it’s"
        );
    }
}
