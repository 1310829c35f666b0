//! Runs of ASCII letters and digits measured eight bytes at a time.

/// How many bytes one step of `alphanumeric_run` reads.
const CHUNK: usize = 8;

const ONES: u64 = u64::from_le_bytes([1; CHUNK]);
const HIGH: u64 = u64::from_le_bytes([0x80; CHUNK]);

/// The high bit of each byte of `bytes` (all below 0x80) that lies in `low..=high`.
fn in_range(bytes: u64, low: u8, high: u8) -> u64 {
    // Below 0x80 plus at most 0x7f: no byte carries into the next.
    let at_least_low = bytes + ONES * u64::from(0x80 - low);
    let above_high = bytes + ONES * u64::from(0x7f - high);
    at_least_low & !above_high & HIGH
}

/// The number of ASCII letters and digits that `bytes` holds from `at` on, in a row.
pub(crate) fn alphanumeric_run(bytes: &[u8], at: usize) -> usize {
    let mut len = 0;
    while let Some(chunk) = bytes.get(at + len..at + len + CHUNK) {
        let mut word = [0; CHUNK];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let ascii = word & !HIGH;
        let letters = in_range(ascii | (ONES * 0x20), b'a', b'z');
        let digits = in_range(ascii, b'0', b'9');
        let others = !(letters | digits) & HIGH | word & HIGH;
        if others != 0 {
            return len + others.trailing_zeros() as usize / CHUNK;
        }
        len += CHUNK;
    }
    len + bytes
        .get(at + len..)
        .unwrap_or_default()
        .iter()
        .take_while(|byte| byte.is_ascii_alphanumeric())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn measures_runs_as_a_byte_by_byte_scan(
            // Letters, digits and the bytes just outside their ranges, and non-ASCII bytes.
            text in proptest::collection::vec(
                proptest::sample::select(b"aAzZ09@[`{/:_ \xc3\xa9\x80\xff".to_vec()),
                0..40,
            ),
            at in 0usize..40,
        ) {
            let expected = text
                .get(at..)
                .unwrap_or_default()
                .iter()
                .take_while(|byte| byte.is_ascii_alphanumeric())
                .count();
            proptest::prop_assert_eq!(alphanumeric_run(&text, at), expected);
        }
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
