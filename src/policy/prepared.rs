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
//! The built-in pattern banks, gathered (`gather.rs`), are two tables as well: `BANKS`,
//! the count of banks, the place of each one's record, and the records; `TRIE_BYTES`, the
//! tables of their tries (`trie.rs`). A record holds the span (in `TEXT`) of the AI
//! alternation, the count and spans of the bank's distinct patterns in byte order, the
//! span of its trie's table, then what `Gathered` holds, each list after its length:
//! the check starts; the checks, three numbers each (`0` string, `1` sequence or `2`
//! regex, and its two numbers); the strings as words; the sequences (their pattern, their
//! count of elements and the elements); the regex branches (their pattern and the span
//! of their source); the regex branches that search every text.

use std::borrow::Cow;

use super::gather::{Check, Gathered};
use super::plan::Branch;
use super::sequence::Element;
use super::trie::number_at;

/// The numbers of the plans.
static NUMBERS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/plans.numbers"));

/// The bytes the plans' spans point into.
static TEXT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/plans.text"));

/// The numbers of the prepared banks.
static BANKS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/banks.numbers"));

/// The tables of the prepared banks' tries.
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

/// The `n` words from `at` on in `table` (a span and the two halves, low first, of the
/// bit set of their word boundaries); `at` is moved past them.
fn words(table: &[u8], at: &mut usize, n: usize) -> Vec<(Cow<'static, [u8]>, u64)> {
    let number = |at: usize| number_at(table, at) as u64;
    let words = (0..n)
        .map(|i| {
            let word = *at + 4 * i;
            let boundaries = number(word + 2) | number(word + 3) << 32;
            (Cow::Borrowed(span_in(table, word)), boundaries)
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
                0 => Branch::Words(words(NUMBERS, &mut at, n)),
                2 => Branch::Sequence((0..n).map(|_| element(NUMBERS, &mut at)).collect()),
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

/// The element of a sequence at `at` in `table`: `0, n` and `n` words, or `1`, its least
/// and most bytes and its class in eight numbers; `at` is moved past it.
fn element(table: &[u8], at: &mut usize) -> Element {
    let kind = number_at(table, *at);
    if kind == 0 {
        let n = number_at(table, *at + 1);
        *at += 2;
        return Element::Words(words(table, at, n));
    }
    let number_u32 = |i: usize| u32::try_from(number_at(table, i)).unwrap_or(u32::MAX);
    let set = std::array::from_fn(|i| number_u32(*at + 3 + i));
    let run = Element::Run {
        set,
        min: number_u32(*at + 1),
        max: number_u32(*at + 2),
    };
    *at += 11;
    run
}

/// The bank gathered when the binary was built for the distinct patterns `patterns`
/// (in byte order) with `{ai}` standing for `ai`: what it gathered, and its trie's table.
pub(super) fn bank(ai: &str, patterns: &[&str]) -> Option<(Gathered, &'static [u8])> {
    let record = (0..number_at(BANKS, 0))
        .map(|i| number_at(BANKS, 1 + i))
        .find(|&record| {
            span_in(BANKS, record) == ai.as_bytes()
                && number_at(BANKS, record + 2) == patterns.len()
                && patterns
                    .iter()
                    .enumerate()
                    .all(|(i, p)| span_in(BANKS, record + 3 + 2 * i) == p.as_bytes())
        })?;
    let mut reader = Reader {
        at: record + 3 + 2 * patterns.len(),
    };
    let (offset, len) = (reader.next(), reader.next());
    let table = TRIE_BYTES.get(offset..offset + len)?;
    let mut gathered = Gathered::default();
    let starts = reader.next();
    gathered.check_starts = (0..starts).map(|_| reader.next_u32()).collect();
    let checks = reader.next();
    gathered.checks = (0..checks)
        .map(|_| {
            let (kind, a, b) = (reader.next(), reader.next_u32(), reader.next_u32());
            match kind {
                0 => Check::String(a, b),
                1 => Check::Sequence(a, b),
                _ => Check::Regex(a),
            }
        })
        .collect();
    let strings = reader.next();
    gathered.strings = words(BANKS, &mut reader.at, strings);
    let sequences = reader.next();
    gathered.sequences = (0..sequences)
        .map(|_| {
            let (pattern, n) = (reader.next_u32(), reader.next());
            (
                pattern,
                (0..n).map(|_| element(BANKS, &mut reader.at)).collect(),
            )
        })
        .collect();
    let regexes = reader.next();
    gathered.regex_branches = (0..regexes)
        .map(|_| {
            let pattern = reader.next_u32();
            let source = std::str::from_utf8(span_in(BANKS, reader.at)).unwrap_or_default();
            reader.at += 2;
            (pattern, Cow::Borrowed(source))
        })
        .collect();
    let always = reader.next();
    gathered.always = (0..always).map(|_| reader.next_u32()).collect();
    Some((gathered, table))
}

/// Reads the numbers of a prepared bank one after the other.
struct Reader {
    at: usize,
}

impl Reader {
    fn next(&mut self) -> usize {
        self.at += 1;
        number_at(BANKS, self.at - 1)
    }

    fn next_u32(&mut self) -> u32 {
        u32::try_from(self.next()).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::super::gather::gather;
    use super::super::plan::{anchored, plan};
    use super::super::trie;
    use super::*;

    #[test]
    fn every_prepared_bank_reads_back_as_gathering_its_patterns_now_would_make_it() {
        let banks = number_at(BANKS, 0);
        assert!(banks >= 10, "two languages of five banks each: {banks}");
        for i in 0..banks {
            let record = number_at(BANKS, 1 + i);
            let ai = std::str::from_utf8(span_in(BANKS, record)).unwrap();
            let patterns: Vec<&str> = (0..number_at(BANKS, record + 2))
                .map(|p| std::str::from_utf8(span_in(BANKS, record + 3 + 2 * p)).unwrap())
                .collect();
            let plans = patterns
                .iter()
                .map(|pattern| plan(&anchored(pattern, ai)).unwrap())
                .collect();
            let (literals, gathered) = gather(plans);
            let (prepared, table) = bank(ai, &patterns).expect("the bank is found by its patterns");
            assert!(
                prepared == gathered,
                "bank {i} ({} patterns)",
                patterns.len()
            );
            assert!(table == trie::build(&literals), "the trie of bank {i}");
        }
    }
}
