//! Patterns that are finite sets of words: each expanded into its strings and the places
//! where it asks for a word boundary, so that a match needs no regex, only a comparison.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Patterns with more strings than this are matched by a regex instead.
const MAX_STRINGS: usize = 1024;

/// Classes with more bytes than this are not expanded (`\w`, `.`).
const MAX_CLASS: usize = 12;

/// Repetitions with a larger upper bound are not expanded.
const MAX_REPEAT: u32 = 3;

/// One string of a pattern: its bytes, and bit `k` set where a word boundary is required
/// before byte `k` (`k` = the length: after the last byte).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct WordString {
    pub(super) bytes: Vec<u8>,
    pub(super) boundaries: u64,
}

/// Strings as plans store them: their bytes (owned) and their word boundaries.
pub(super) fn owned(strings: Vec<WordString>) -> Vec<(std::borrow::Cow<'static, [u8]>, u64)> {
    strings
        .into_iter()
        .map(|s| (std::borrow::Cow::Owned(s.bytes), s.boundaries))
        .collect()
}

/// A byte that `\b` counts as part of a word in ASCII mode.
pub(super) fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Whether `word`, with the word boundaries of the bit set `boundaries`, matches `text`
/// at `at`.
pub(super) fn matches_at(word: &[u8], boundaries: u64, text: &[u8], at: usize) -> bool {
    // Compared from the end: the words tried at one place share their first bytes.
    text.get(at..at + word.len())
        .is_some_and(|there| there.iter().rev().eq(word.iter().rev()))
        && boundaries_hold(boundaries, text, at)
}

/// Whether every boundary of the bit set `boundaries` holds for a string at `at` in `text`.
fn boundaries_hold(boundaries: u64, text: &[u8], at: usize) -> bool {
    let mut bits = boundaries;
    while bits != 0 {
        let k = at + bits.trailing_zeros() as usize;
        let before = k > 0 && is_word_byte(text[k - 1]);
        let after = text.get(k).is_some_and(|b| is_word_byte(*b));
        if before == after {
            return false;
        }
        bits &= bits - 1;
    }
    true
}

/// The strings a pattern matches, when they are few and none is empty; `None` for a
/// pattern that needs a regex.
pub(super) fn expand(hir: &Hir) -> Option<Vec<WordString>> {
    let mut strings = strings(hir, true)?;
    if strings.iter().any(|s| s.bytes.is_empty()) {
        return None;
    }
    strings.sort();
    strings.dedup();
    Some(strings)
}

/// The strings `hir` matches; `at_end` when nothing follows it in the pattern, where
/// whatever may match nothing can be left out (a match needs only its start).
pub(super) fn strings(hir: &Hir, at_end: bool) -> Option<Vec<WordString>> {
    let one = |bytes: Vec<u8>, boundaries| Some(vec![WordString { bytes, boundaries }]);
    match hir.kind() {
        HirKind::Empty => one(Vec::new(), 0),
        HirKind::Literal(literal) => one(literal.0.to_vec(), 0),
        HirKind::Look(Look::WordAscii) => one(Vec::new(), 1),
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<u8> = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .take(MAX_CLASS + 1)
                .collect();
            (bytes.len() <= MAX_CLASS).then(|| {
                bytes
                    .into_iter()
                    .map(|b| WordString {
                        bytes: vec![b],
                        boundaries: 0,
                    })
                    .collect()
            })
        }
        HirKind::Look(_) | HirKind::Class(Class::Unicode(_)) => None,
        HirKind::Capture(capture) => strings(&capture.sub, at_end),
        HirKind::Repetition(repetition) => {
            let max = if at_end {
                repetition.min
            } else {
                repetition.max.filter(|max| *max <= MAX_REPEAT)?
            };
            if max > MAX_REPEAT {
                return None;
            }
            if max == 0 {
                return one(Vec::new(), 0);
            }
            let sub = strings(&repetition.sub, false)?;
            let mut all = Vec::new();
            let mut power = vec![WordString {
                bytes: Vec::new(),
                boundaries: 0,
            }];
            for n in 0..=max {
                if n >= repetition.min {
                    all.extend(power.iter().cloned());
                }
                if n < max {
                    power = product(&power, &sub)?;
                }
            }
            (all.len() <= MAX_STRINGS).then_some(all)
        }
        HirKind::Concat(parts) => {
            let last = parts.len().saturating_sub(1);
            parts.iter().enumerate().try_fold(
                vec![WordString {
                    bytes: Vec::new(),
                    boundaries: 0,
                }],
                |acc, (i, part)| product(&acc, &strings(part, at_end && i == last)?),
            )
        }
        HirKind::Alternation(parts) => {
            let mut all = Vec::new();
            for part in parts {
                all.extend(strings(part, at_end)?);
                if all.len() > MAX_STRINGS {
                    return None;
                }
            }
            Some(all)
        }
    }
}

/// Every string of `left` followed by every string of `right`.
pub(super) fn product(left: &[WordString], right: &[WordString]) -> Option<Vec<WordString>> {
    if left.len() * right.len() > MAX_STRINGS {
        return None;
    }
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in left {
        for r in right {
            let shift = u32::try_from(l.bytes.len()).ok()?;
            let shifted = r.boundaries.checked_shl(shift)?;
            if shifted >> shift != r.boundaries {
                return None;
            }
            let mut bytes = l.bytes.clone();
            bytes.extend_from_slice(&r.bytes);
            out.push(WordString {
                bytes,
                boundaries: l.boundaries | shifted,
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(pattern: &str) -> Option<Vec<WordString>> {
        expand(&super::super::plan::parse(pattern).unwrap())
    }

    fn matches(strings: &[WordString], text: &str) -> bool {
        (0..text.len()).any(|at| {
            strings
                .iter()
                .any(|s| matches_at(&s.bytes, s.boundaries, text.as_bytes(), at))
        })
    }

    #[test]
    fn alternations_classes_and_optional_parts_become_strings() {
        let strings = plan(r"\b(?:anonymi[sz]e|(data )?privacy\b)").unwrap();
        let texts: Vec<_> = strings.iter().map(|s| s.bytes.as_slice()).collect();
        assert_eq!(
            texts,
            [&b"anonymise"[..], b"anonymize", b"data privacy", b"privacy"]
        );
        assert_eq!(strings[3].boundaries, 1 | 1 << 7);
    }

    #[test]
    fn word_boundaries_are_checked_where_the_pattern_asks() {
        let strings = plan(r"\b(?:ai\b)").unwrap();
        assert!(matches(&strings, "use ai tools"));
        assert!(matches(&strings, "ai"));
        assert!(!matches(&strings, "maintain"));
        assert!(!matches(&strings, "aim"));
        assert!(!matches(&strings, "l'aide"));
    }

    #[test]
    fn what_may_match_nothing_at_the_end_is_left_out() {
        let strings = plan(r"\b(?:(utilis|publi)\w*)").unwrap();
        assert_eq!(strings.len(), 2);
        assert!(matches(&strings, "nous utilisons"));
    }

    #[test]
    fn patterns_a_word_set_cannot_express_are_left_to_regexes() {
        for pattern in [
            r"\b(?:code\b.{0,60}\btested)",
            r"\b(?:never$)",
            r"\b(?:\w+ report)",
            r"\b(?:(a|b)?)",
            r"\b(?:(a|b|c|d|e|f|g|h|i|j|k|l)(a|b|c|d|e|f|g|h|i|j|k|l)(a|b|c|d|e|f|g|h|i|j|k|l))",
        ] {
            assert_eq!(plan(pattern), None, "{pattern}");
        }
    }
}
