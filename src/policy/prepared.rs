//! The plans of the built-in detection patterns, made by `build.rs` when the binary is
//! built (with `plan.rs`), so that a run parses none of them.
//!
//! They are two tables without pointers, so that loading the binary relocates nothing:
//! `NUMBERS`, little-endian `u32`s, and `TEXT`, the bytes their spans `(offset, length)`
//! point into. `NUMBERS` holds the count of plans, then for each plan the place of its
//! first branch and its count of branches.
//! A branch is `0, n` and `n` words (a span and the two halves, low first, of the bit set
//! of its word boundaries), `1, n`, the span of a regex and `n` spans of its prefixes, or
//! `2, n` and the `n` elements of a sequence (see `element`).
//!
//! The tries of the built-in pattern banks are two tables as well: `TRIES`, the
//! count of tries, then for each one the offset in `TRIE_BYTES` of its literals
//! (each one a length byte and its bytes, in byte order) and their count, and the span of
//! its table (`trie.rs`).

use std::borrow::Cow;

use super::plan::Branch;
use super::sequence::Element;
use super::trie::number_at;

/// The numbers of the plans.
static NUMBERS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/plans.numbers"));

/// The bytes the plans' spans point into.
static TEXT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/plans.text"));

/// The numbers of the prepared tries.
static TRIES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tries.numbers"));

/// The literals and tables of the prepared tries.
static TRIE_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tries.bytes"));

/// The number at `at` (0 past the end: the tables are the build script's).
fn number(at: usize) -> usize {
    number_at(NUMBERS, at)
}

/// The bytes of the span whose offset is the number at `at`.
fn span(at: usize) -> &'static [u8] {
    span_in(NUMBERS, at)
}

/// The keys of the plans.
static KEYS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/keys.numbers"));

/// The span at `at` of a table of numbers, in `TEXT`.
fn span_in(numbers: &[u8], at: usize) -> &'static [u8] {
    let (offset, len) = (number_at(numbers, at), number_at(numbers, at + 1));
    TEXT.get(offset..offset + len).unwrap_or_default()
}

/// The prepared plans of the built-in patterns `{ai}` stands for the same alternation in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plans {
    count: usize,
    first: usize,
}

impl Plans {
    /// The plans of the patterns whose `{ai}` stands for `ai`, if any were prepared.
    pub(super) fn for_ai(ai: &str) -> Option<Self> {
        (0..number_at(KEYS, 0)).find_map(|group| {
            let at = 1 + 4 * group;
            (span_in(KEYS, at) == ai.as_bytes()).then(|| Self {
                count: number_at(KEYS, at + 2),
                first: number_at(KEYS, at + 3),
            })
        })
    }

    /// The prepared plan of a built-in pattern.
    pub(super) fn plan_of(self, pattern: &str) -> Option<Vec<Branch>> {
        let key = |i: usize| self.first + 3 * i;
        let (mut low, mut high) = (0, self.count);
        while low < high {
            let middle = low + (high - low) / 2;
            match span_in(KEYS, key(middle)).cmp(pattern.as_bytes()) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => {
                    return Some(branches(1 + 2 * number_at(KEYS, key(middle) + 2)));
                }
            }
        }
        None
    }
}

/// The `n` words from `at` on (a span and the two halves, low first, of the bit set of
/// their word boundaries); `at` is moved past them.
fn words(at: &mut usize, n: usize) -> Vec<(Cow<'static, [u8]>, u64)> {
    let words = (0..n)
        .map(|i| {
            let word = *at + 4 * i;
            let boundaries = number(word + 2) as u64 | (number(word + 3) as u64) << 32;
            (Cow::Borrowed(span(word)), boundaries)
        })
        .collect();
    *at += 4 * n;
    words
}

/// The branches of the pattern whose index entry is at `entry`.
fn branches(entry: usize) -> Vec<Branch> {
    let mut at = number(entry);
    (0..number(entry + 1))
        .map(|_| {
            let (kind, n) = (number(at), number(at + 1));
            at += 2;
            match kind {
                0 => Branch::Words(words(&mut at, n)),
                2 => Branch::Sequence((0..n).map(|_| element(&mut at)).collect()),
                _ => {
                    let regex = std::str::from_utf8(span(at)).unwrap_or_default();
                    let prefixes = (0..n)
                        .map(|i| Cow::Borrowed(span(at + 2 + 2 * i)))
                        .collect();
                    at += 2 + 2 * n;
                    Branch::Regex(Cow::Borrowed(regex), prefixes)
                }
            }
        })
        .collect()
}

/// The element of a sequence at `at`: `0, n` and `n` words, or `1`, its least and most
/// bytes and its class in eight numbers; `at` is moved past it.
fn element(at: &mut usize) -> Element {
    let kind = number(*at);
    if kind == 0 {
        let n = number(*at + 1);
        *at += 2;
        return Element::Words(words(at, n));
    }
    let number_u32 = |i: usize| u32::try_from(number(i)).unwrap_or(u32::MAX);
    let set = std::array::from_fn(|i| number_u32(*at + 3 + i));
    let run = Element::Run {
        set,
        min: number_u32(*at + 1),
        max: number_u32(*at + 2),
    };
    *at += 11;
    run
}

/// The prepared trie table of a bank whose literals, in byte order, are `literals`.
pub(super) fn trie_of(literals: &[&[u8]]) -> Option<&'static [u8]> {
    (0..number_at(TRIES, 0)).find_map(|i| {
        let entry = 1 + 4 * i;
        if number_at(TRIES, entry + 1) != literals.len() {
            return None;
        }
        let mut at = number_at(TRIES, entry);
        for literal in literals {
            let len = usize::from(*TRIE_BYTES.get(at)?);
            if TRIE_BYTES.get(at + 1..at + 1 + len)? != *literal {
                return None;
            }
            at += 1 + len;
        }
        let (offset, len) = (number_at(TRIES, entry + 2), number_at(TRIES, entry + 3));
        TRIE_BYTES.get(offset..offset + len)
    })
}
