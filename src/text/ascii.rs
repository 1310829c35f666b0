//! Runs of ASCII bytes of one kind measured eight bytes at a time: letters and digits
//! (words), and printable text with single spaces (what folding copies as it is).

/// How many bytes one step of a run's measure reads.
const CHUNK: usize = 8;

/// A one in each byte.
const ONES: u64 = u64::from_le_bytes([1; CHUNK]);
/// The high bit of each byte.
const HIGH: u64 = u64::from_le_bytes([0x80; CHUNK]);

/// The high bit of each byte of `bytes` (all below 0x80) that lies in `low..=high`.
fn in_range(bytes: u64, low: u8, high: u8) -> u64 {
    // Below 0x80 plus at most 0x7f: no byte carries into the next.
    let at_least_low = bytes + ONES * u64::from(0x80 - low);
    let above_high = bytes + ONES * u64::from(0x7f - high);
    at_least_low & !above_high & HIGH
}

/// The high bit of each byte of `bytes` that is zero.
fn zero_bytes(bytes: u64) -> u64 {
    // Below 0x80 plus 0x7f: no byte carries into the next.
    !(((bytes & !HIGH) + !HIGH) | bytes | !HIGH)
}

/// The eight bytes of `bytes` from `at` on as one number, if there are eight.
fn chunk_at(bytes: &[u8], at: usize) -> Option<u64> {
    let mut chunk = [0; CHUNK];
    chunk.copy_from_slice(bytes.get(at..at + CHUNK)?);
    Some(u64::from_le_bytes(chunk))
}

/// Whether folding copies `byte` as it is: printable ASCII but the backtick.
pub(crate) fn is_plain(byte: u8) -> bool {
    byte.is_ascii_graphic() && byte != b'`'
}

/// The number of bytes from `at` on, in a row, that are plain (`is_plain`) or a space
/// after a byte that is not one: a second space in a row ends the run, as does any other
/// byte.
pub(crate) fn plain_run(bytes: &[u8], at: usize) -> usize {
    let mut len = 0;
    // The high bit of the first byte, set when the byte before the chunk is a space.
    let mut space_before = 0;
    while let Some(chunk) = chunk_at(bytes, at + len) {
        let ascii = chunk & !HIGH;
        let plain = in_range(ascii, b'!', b'~') & !zero_bytes(ascii ^ (ONES * u64::from(b'`')));
        let spaces = zero_bytes(chunk ^ (ONES * u64::from(b' ')));
        let single_spaces = spaces & !((spaces << CHUNK) | space_before);
        let others = !((plain | single_spaces) & !(chunk & HIGH)) & HIGH;
        if others != 0 {
            return len + others.trailing_zeros() as usize / CHUNK;
        }
        space_before = spaces >> (CHUNK * 7);
        len += CHUNK;
    }
    // Fewer than eight bytes left: one at a time.
    let mut after_space = space_before != 0;
    for &byte in bytes.get(at + len..).unwrap_or_default() {
        let space = byte == b' ';
        if !(is_plain(byte) || space && !after_space) {
            break;
        }
        after_space = space;
        len += 1;
    }
    len
}

/// The number of ASCII letters and digits that `bytes` holds from `at` on, in a row.
pub(crate) fn alphanumeric_run(bytes: &[u8], at: usize) -> usize {
    let mut len = 0;
    while let Some(chunk) = chunk_at(bytes, at + len) {
        let ascii = chunk & !HIGH;
        let letters = in_range(ascii | (ONES * 0x20), b'a', b'z');
        let digits = in_range(ascii, b'0', b'9');
        let others = !(letters | digits) & HIGH | chunk & HIGH;
        if others != 0 {
            return len + others.trailing_zeros() as usize / CHUNK;
        }
        len += CHUNK;
    }
    // Fewer than eight bytes left: one at a time.
    let rest = bytes.get(at + len..).unwrap_or_default();
    len + rest
        .iter()
        .take_while(|byte| byte.is_ascii_alphanumeric())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `alphanumeric_run` as a scan of one byte at a time.
    fn alphanumeric_run_by_bytes(bytes: &[u8], at: usize) -> usize {
        let rest = bytes.get(at..).unwrap_or_default();
        rest.iter()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .count()
    }

    /// `plain_run` by its definition: up to the first byte that is neither plain nor a
    /// space after a byte of the run that is not one.
    fn plain_run_by_bytes(bytes: &[u8], at: usize) -> usize {
        let rest = bytes.get(at..).unwrap_or_default();
        let single_space = |i: usize| rest[i] == b' ' && (i == 0 || rest[i - 1] != b' ');
        (0..rest.len())
            .find(|&i| !is_plain(rest[i]) && !single_space(i))
            .unwrap_or(rest.len())
    }

    proptest::proptest! {
        #[test]
        fn measures_runs_as_a_byte_by_byte_scan(
            // Letters (most often, for runs longer than eight), digits, spaces, the
            // bytes just outside the ranges of letters, digits and printable ASCII, the
            // backtick, controls and non-ASCII bytes (a no-break space among them).
            text in proptest::collection::vec(
                proptest::sample::select(
                    b"aaaaaaaaaaaaAzZ09    @[`{/:_!~\x7f\x1f\t\n\xc2\xa0\xe2\xff".to_vec(),
                ),
                0..40,
            ),
            at in 0usize..40,
        ) {
            proptest::prop_assert_eq!(
                alphanumeric_run(&text, at),
                alphanumeric_run_by_bytes(&text, at)
            );
            proptest::prop_assert_eq!(plain_run(&text, at), plain_run_by_bytes(&text, at));
        }
    }

    #[test]
    fn plain_runs_stop_at_every_kind_of_byte_that_folding_changes() {
        for byte in 0..=255u8 {
            for at in [3, 9, 13] {
                let mut text = *b"a b  c-d e.f g,h i:jk";
                text[at] = byte;
                assert_eq!(
                    plain_run(&text, 5),
                    plain_run_by_bytes(&text, 5),
                    "byte {byte:#x} at {at}"
                );
            }
        }
        assert_eq!(plain_run(b"ab cd ef gh  ij", 0), 12);
        assert_eq!(plain_run(b"abcdefgh ijklmnop", 0), 17);
        assert_eq!(plain_run(b"abcdefg  ijklmnop", 0), 8);
    }

    #[test]
    fn stops_at_every_kind_of_byte_that_is_not_a_letter_or_digit() {
        for byte in 0..=255u8 {
            let mut text = *b"abcdefghijKLMNOP0123";
            text[13] = byte;
            let expected = if byte.is_ascii_alphanumeric() { 20 } else { 13 };
            assert_eq!(alphanumeric_run(&text, 0), expected, "byte {byte:#x}");
        }
    }
}
