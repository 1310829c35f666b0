//! Folding text for matching (NFKD, no accents, lower case, unified quotes and spaces),
//! keeping a map from each folded byte back to the original bytes.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::text::ascii::{is_plain, plain_run};

/// Folded text and, for each of its bytes, the byte offset of the original character.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    pub text: String,
    origin: Vec<usize>,
    source_len: usize,
}

impl Folded {
    /// The folded byte offset where the original character at `original` begins (the
    /// folded length at or past the end).
    pub(crate) fn folded_offset(&self, original: usize) -> usize {
        self.origin.partition_point(|&at| at < original)
    }

    /// The original byte offset of a folded byte offset (the source end past the last byte).
    pub(crate) fn original(&self, folded_offset: usize) -> usize {
        self.origin
            .get(folded_offset)
            .copied()
            .unwrap_or(self.source_len)
    }
}

/// Folds `text` for matching; offsets in the result map back into `text`.
pub(crate) fn fold(text: &str) -> Folded {
    let mut bytes: Vec<u8> = Vec::with_capacity(text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(text.len());
    let mut in_space = false;
    let mut at = 0;
    let source = text.as_bytes();
    while let Some(&byte) = source.get(at) {
        // ASCII, nearly all of most drafts, without decoding: a run of printable bytes
        // and single spaces (kept as they are) at once, other spaces a byte at a time.
        if is_plain(byte) {
            let len = plain_run(source, at);
            let from = bytes.len();
            bytes.extend_from_slice(&source[at..at + len]);
            bytes[from..].make_ascii_lowercase();
            origin.extend(at..at + len);
            in_space = source[at + len - 1] == b' ';
            at += len;
            continue;
        }
        if byte.is_ascii() && byte != b'`' {
            if byte.is_ascii_whitespace() || byte == 0x0b {
                if !in_space {
                    bytes.push(b' ');
                    origin.push(at);
                }
                in_space = true;
            } else {
                bytes.push(byte.to_ascii_lowercase());
                origin.push(at);
                in_space = false;
            }
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or_default();
        if c.is_whitespace() {
            if !in_space {
                bytes.push(b' ');
                origin.push(at);
            }
            in_space = true;
        } else {
            in_space = false;
            fold_char(c, &mut |folded| {
                let mut buffer = [0; 4];
                let encoded = folded.encode_utf8(&mut buffer).as_bytes();
                bytes.extend_from_slice(encoded);
                origin.extend(std::iter::repeat_n(at, encoded.len()));
            });
        }
        at += c.len_utf8();
    }
    Folded {
        // Whole characters only were written: the bytes are UTF-8.
        text: String::from_utf8(bytes).unwrap_or_default(),
        origin,
        source_len: text.len(),
    }
}

/// Folds a detection pattern like text, leaving the character after a backslash as written.
pub(crate) fn fold_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut escaped = false;
    for c in pattern.chars() {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            out.push(c);
            escaped = true;
        } else {
            fold_char(c, &mut |folded| out.push(folded));
        }
    }
    out
}

fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' | '\u{2BC}' => {
            emit('\'');
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}' | '\u{2033}' => emit('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => emit('-'),
        '\u{153}' | '\u{152}' => {
            emit('o');
            emit('e');
        }
        '\u{E6}' | '\u{C6}' => {
            emit('a');
            emit('e');
        }
        '\u{DF}' => {
            emit('s');
            emit('s');
        }
        c if c.is_ascii() => emit(c.to_ascii_lowercase()),
        c => decompose_compatible(c, |d| {
            if !is_combining_mark(d) {
                for lower in d.to_lowercase() {
                    emit(lower);
                }
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_ligatures_quotes_and_spaces() {
        let folded = fold("Œuvre  d’ÉCOCONCEPTION\u{a0}: « IA »");
        assert_eq!(folded.text, "oeuvre d'ecoconception : \" ia \"");
    }

    #[test]
    fn maps_folded_offsets_back_to_original_bytes() {
        let text = "Données où l’IA";
        let folded = fold(text);
        let at = folded.text.find("ia").unwrap();
        assert_eq!(&text[folded.original(at)..], "IA");
        assert_eq!(folded.original(folded.text.len()), text.len());
    }

    proptest::proptest! {
        #[test]
        fn folds_as_a_character_by_character_fold(text in "[aB `\t\n\u{b}.\u{c9}\u{2019}\u{a0}\u{153}]{0,30}") {
            // Each character folded on its own, a run of white space made one space.
            let (mut expected, mut origin, mut in_space) = (String::new(), Vec::new(), false);
            for (at, c) in text.char_indices() {
                if c.is_whitespace() || c == '\u{b}' {
                    if !in_space {
                        expected.push(' ');
                        origin.push(at);
                    }
                    in_space = true;
                } else {
                    in_space = false;
                    fold_char(c, &mut |folded| {
                        expected.push(folded);
                        origin.extend(std::iter::repeat_n(at, folded.len_utf8()));
                    });
                }
            }
            let folded = fold(&text);
            proptest::prop_assert_eq!(&folded.text, &expected);
            proptest::prop_assert_eq!(&folded.origin, &origin);
        }
    }

    #[test]
    fn patterns_keep_escapes() {
        assert_eq!(fold_pattern(r"\bÉté\S"), r"\bete\S");
    }
}
