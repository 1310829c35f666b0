//! FNV-1a, 64 bits: a hash that stays the same from run to run and release to release
//! (report fingerprints) and is fast on short keys (maps of words and strings).

use std::hash::{BuildHasherDefault, Hasher};

/// The state of an FNV-1a hash.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map hashed with FNV-1a.
pub(crate) type FnvHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A hash set hashed with FNV-1a.
pub(crate) type FnvHashSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fnv>>;
