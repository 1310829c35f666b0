//! A trie of short literals that finds those starting at a given place of a text, one
//! table lookup per byte; built from the literals and stored as one table of
//! little-endian numbers read in place, so that a table made when the binary is built
//! serves as is. Walked from every place a literal may start (a word start, mostly), it
//! finds every occurrence in one pass that skips the inside of words.
//!
//! The table: the count of byte classes and of states, how many bytes a child takes (2,
//! or 4 for a trie of more than 32,767 states), the count of states with a row and of
//! states with one child; the class of each byte; a row of children for each state with
//! a row (the root and the states with two children or more), breadth first so that the
//! states a text visits most (near the root) share a few cache lines, each child the
//! number of its state times two, plus one if it ends a literal (0: no child); then, for
//! each state with one child, its class and that child; the states without a child come
//! last and take no room. For each state, the literal it ends (0 for a state that ends
//! none). Most states of a trie of phrases have one child or none: leaving them without
//! a row keeps the table small enough to stay in cache.

use std::borrow::Cow;
use std::sync::OnceLock;

/// Numbers before the byte classes.
const HEADER: usize = 5;
/// Numbers holding the class of each of the 256 bytes.
const CLASS_NUMBERS: usize = 256;
/// A missing transition while the trie is built.
const NONE: u32 = u32::MAX;

/// The trie's table, with the offsets of its parts.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    table: Cow<'static, [u8]>,
    classes: [u16; 256],
    /// The children as numbers, read out of the table on the first walk.
    children: OnceLock<Children>,
    class_count: usize,
    /// Whether a child takes four bytes (else two).
    wide: bool,
    /// Where the rows begin in the table.
    rows: usize,
    /// The states with a row are numbered first, then those with one child, then those
    /// with none (from `leaves` on).
    with_row: usize,
    leaves: usize,
    /// Where the literal each state ends begins in the table.
    literals: usize,
}

/// A count or index as a table number (the tables are far below 4 G entries).
fn number_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The number at `at` of a table of little-endian numbers (0 past the end).
#[inline]
pub(crate) fn number_at(table: &[u8], at: usize) -> usize {
    table
        .get(4 * at..4 * at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// Builds the table of the trie that finds `literals`, which are distinct (empty ones
/// are never found).
pub(crate) fn build(literals: &[impl AsRef<[u8]>]) -> Vec<u8> {
    // Bytes that occur in no literal share class 0.
    let mut classes = [0u16; 256];
    let mut class_count: u16 = 1;
    for literal in literals {
        for &byte in literal.as_ref() {
            if classes[usize::from(byte)] == 0 {
                classes[usize::from(byte)] = class_count;
                class_count += 1;
            }
        }
    }
    let width = usize::from(class_count);
    // The trie: a row of children per state, and the literal ending at each state.
    let mut next: Vec<u32> = vec![NONE; width];
    let mut ends: Vec<Option<u32>> = vec![None];
    for (id, literal) in literals.iter().enumerate() {
        let literal = literal.as_ref();
        if literal.is_empty() {
            continue;
        }
        let mut state = 0;
        for &byte in literal {
            let slot = state * width + usize::from(classes[usize::from(byte)]);
            if next[slot] == NONE {
                next[slot] = number_of(ends.len());
                next.resize(next.len() + width, NONE);
                ends.push(None);
            }
            state = next[slot] as usize;
        }
        ends[state] = Some(number_of(id));
    }
    // The states breadth first; numbered in the table those with a row first (the
    // root among them), then those with one child, then those with none.
    let states = ends.len();
    let children = |state: usize| {
        let row = next[state * width..(state + 1) * width].iter();
        row.enumerate().filter(|(_, to)| **to != NONE)
    };
    let mut order = vec![0usize];
    let mut at = 0;
    while let Some(&state) = order.get(at) {
        order.extend(children(state).map(|(_, to)| *to as usize));
        at += 1;
    }
    // 0: a row (the root, or two children or more), 1: one child, 2: none.
    let kinds: Vec<u8> = (0..states)
        .map(|state| match children(state).count() {
            _ if state == 0 => 0,
            0 => 2,
            1 => 1,
            _ => 0,
        })
        .collect();
    order.sort_by_key(|state| kinds[*state]);
    let with_row = order.partition_point(|state| kinds[*state] == 0);
    let with_one = order.partition_point(|state| kinds[*state] <= 1) - with_row;
    let mut renamed = vec![0usize; states];
    for (new, old) in order.iter().enumerate() {
        renamed[*old] = new;
    }
    let child_of = |to: u32| 2 * renamed[to as usize] + usize::from(ends[to as usize].is_some());
    // A child is stored in two bytes while the numbers fit.
    let child_bytes: usize = if 2 * states < usize::from(u16::MAX) {
        2
    } else {
        4
    };
    let mut table: Vec<u32> = vec![
        u32::from(class_count),
        number_of(states),
        number_of(child_bytes),
        number_of(with_row),
        number_of(with_one),
    ];
    table.extend(classes.iter().map(|class| u32::from(*class)));
    let mut rows: Vec<u8> = Vec::with_capacity((with_row * width + 2 * with_one) * child_bytes + 3);
    let mut push = |n: usize| rows.extend_from_slice(&number_of(n).to_le_bytes()[..child_bytes]);
    for old in &order[..with_row] {
        for to in &next[old * width..(old + 1) * width] {
            push(if *to == NONE { 0 } else { child_of(*to) });
        }
    }
    for old in &order[with_row..with_row + with_one] {
        for (class, to) in children(*old) {
            push(class);
            push(child_of(*to));
        }
    }
    rows.resize(rows.len().div_ceil(4) * 4, 0);
    table.extend(
        rows.chunks(4)
            .map(|four| u32::from_le_bytes([four[0], four[1], four[2], four[3]])),
    );
    table.extend(order.iter().map(|old| ends[*old].unwrap_or(0)));
    table.iter().flat_map(|n| n.to_le_bytes()).collect()
}

impl Trie {
    /// The trie of a table made by `build`.
    pub(crate) fn new(table: Cow<'static, [u8]>) -> Self {
        let mut trie = Self {
            table,
            classes: [0; 256],
            children: OnceLock::new(),
            class_count: 1,
            wide: false,
            rows: HEADER + CLASS_NUMBERS,
            with_row: 0,
            leaves: 0,
            literals: 0,
        };
        let class_count = trie.number(0);
        let states = trie.number(1);
        let classes: [u16; 256] =
            std::array::from_fn(|byte| u16::try_from(trie.number(HEADER + byte)).unwrap_or(0));
        trie.classes = classes;
        trie.class_count = class_count.max(1);
        trie.wide = trie.number(2) == 4;
        trie.with_row = trie.number(3);
        trie.leaves = (trie.with_row + trie.number(4)).min(states);
        let child_bytes = if trie.wide { 4 } else { 2 };
        let row_bytes = (trie.with_row * trie.class_count + 2 * trie.number(4)) * child_bytes;
        trie.literals = trie.rows + row_bytes.div_ceil(4);
        trie
    }

    /// Whether the table was made when the binary was built.
    #[cfg(test)]
    pub(crate) fn is_prepared(&self) -> bool {
        matches!(self.table, Cow::Borrowed(_))
    }

    /// The number at `at` (0 past the end).
    #[inline]
    fn number(&self, at: usize) -> usize {
        number_at(&self.table, at)
    }

    /// The rows and the one-child pairs, as numbers, and the bytes a literal starts with.
    fn read_children(&self) -> Children {
        let child_bytes = if self.wide { 4 } else { 2 };
        let count = self.with_row * self.class_count + 2 * (self.leaves - self.with_row);
        let start = 4 * self.rows;
        let rows = self
            .table
            .get(start..start + count * child_bytes)
            .unwrap_or_default();
        let numbers: Vec<u32> = if self.wide {
            rows.chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect()
        } else {
            rows.chunks_exact(2)
                .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
                .collect()
        };
        // The root is the first state with a row.
        let starts = std::array::from_fn(|byte| {
            numbers
                .get(usize::from(self.classes[byte]))
                .is_some_and(|child| *child != 0)
        });
        Children { numbers, starts }
    }

    /// The trie ready to walk: its children read out of the table (on the first walk).
    #[inline]
    pub(crate) fn walker(&self) -> Walker<'_> {
        let children = self.children.get_or_init(|| self.read_children());
        Walker {
            trie: self,
            numbers: &children.numbers,
            starts: &children.starts,
        }
    }
}

/// A trie's children as numbers, and whether a literal starts with each byte.
#[derive(Debug, Clone)]
struct Children {
    numbers: Vec<u32>,
    starts: [bool; 256],
}

/// A trie with its children as numbers, to walk from many places of a text.
pub(crate) struct Walker<'t> {
    trie: &'t Trie,
    numbers: &'t [u32],
    starts: &'t [bool; 256],
}

impl Walker<'_> {
    /// Whether a literal starts with `byte`: elsewhere no walk finds anything.
    #[inline]
    pub(crate) fn may_start_with(&self, byte: u8) -> bool {
        self.starts[usize::from(byte)]
    }

    /// Calls `found(literal)` for every literal that `text` holds at `start`, by
    /// increasing length.
    #[inline]
    pub(crate) fn for_each_at(&self, text: &[u8], start: usize, mut found: impl FnMut(usize)) {
        let trie = self.trie;
        let child_at = |slot: usize| self.numbers.get(slot).map_or(0, |child| *child as usize);
        let mut state = 0;
        for &byte in text.get(start..).unwrap_or_default() {
            let class = usize::from(trie.classes[usize::from(byte)]);
            let child = if state < trie.with_row {
                child_at(state * trie.class_count + class)
            } else {
                // A state with one child: its class, then the child.
                let slot = trie.with_row * trie.class_count + 2 * (state - trie.with_row);
                if child_at(slot) == class {
                    child_at(slot + 1)
                } else {
                    0
                }
            };
            if child == 0 {
                return;
            }
            state = child >> 1;
            if child & 1 == 1 {
                found(trie.number(trie.literals + state));
            }
            if state >= trie.leaves {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `(literal, start)` occurrence, by increasing end, as a plain search finds them.
    fn occurrences_by_search(literals: &[&[u8]], text: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for end in 1..=text.len() {
            for (id, literal) in literals.iter().enumerate() {
                if !literal.is_empty() && text[..end].ends_with(literal) {
                    found.push((id, end - literal.len()));
                }
            }
        }
        found
    }

    fn occurrences(literals: &[&[u8]], text: &[u8]) -> Vec<(usize, usize)> {
        let trie = Trie::new(Cow::Owned(build(literals)));
        let mut found = Vec::new();
        for start in 0..text.len() {
            trie.walker()
                .for_each_at(text, start, |literal| found.push((literal, start)));
        }
        found.sort_by_key(|(literal, start)| (start + literals[*literal].len(), *literal));
        found
    }

    #[test]
    fn finds_overlapping_and_nested_literals() {
        let literals: [&[u8]; 4] = [b"he", b"she", b"hers", b"e"];
        assert_eq!(
            occurrences(&literals, b"ushers"),
            // "she", "he" and "e" end after "ushe", "hers" at the end.
            vec![(0, 2), (1, 1), (3, 3), (2, 2)]
        );
        assert_eq!(occurrences(&literals, b"xyz"), vec![]);
        assert_eq!(occurrences(&[], b"anything"), vec![]);
    }

    #[test]
    fn a_large_trie_stores_its_children_in_four_bytes() {
        // 8,000 literals of eight letters share few states: more than 32,767 in all.
        let words: std::collections::BTreeSet<Vec<u8>> = (0u32..8000)
            .map(|n| {
                let n = n.wrapping_mul(2_654_435_761);
                (0..8)
                    .map(|i| b'a' + u8::try_from((n >> (3 * i)) % 8).unwrap_or(0))
                    .collect()
            })
            .collect();
        let words: Vec<Vec<u8>> = words.into_iter().collect();
        let literals: Vec<&[u8]> = words.iter().map(Vec::as_slice).collect();
        let trie = Trie::new(Cow::Owned(build(&literals)));
        assert!(trie.wide);
        let walker = trie.walker();
        assert!(walker.may_start_with(b'a') && !walker.may_start_with(b' '));
        let text = [
            words[10].as_slice(),
            b" ",
            words[words.len() - 1].as_slice(),
        ]
        .concat();
        let mut expected = occurrences_by_search(&literals, &text);
        expected.sort_by_key(|(literal, start)| (start + literals[*literal].len(), *literal));
        assert_eq!(occurrences(&literals, &text), expected);
        assert!(!expected.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn finds_what_a_plain_search_finds(
            literals in proptest::collection::btree_set("[abc\u{e9}]{0,4}", 0..12),
            text in "[abcd\u{e9} ]{0,40}",
        ) {
            let literals: Vec<&[u8]> = literals.iter().map(String::as_bytes).collect();
            let trie = Trie::new(Cow::Owned(build(&literals)));
            for byte in 0..=u8::MAX {
                let starts = literals.iter().any(|literal| literal.first() == Some(&byte));
                proptest::prop_assert_eq!(trie.walker().may_start_with(byte), starts);
            }
            let mut expected = occurrences_by_search(&literals, text.as_bytes());
            expected.sort_by_key(|(literal, start)| (start + literals[*literal].len(), *literal));
            proptest::prop_assert_eq!(occurrences(&literals, text.as_bytes()), expected);
        }
    }
}
