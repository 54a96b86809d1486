//! The table of powers of `H'` shared by the VAES backends (`x86_vaes_avx2.rs`, `x86_vaes_avx512.rs`): its
//! storage, wiping and re-keying. The backends add the vector loads, stores and the growth of the table.
//!
//! `H'^WIDE … H'^1` (POLYVAL form, entry `WIDE - k` holds `H'^k`) as the memory images of the vectors, and for
//! Karatsuba the XOR of the two 64-bit halves of each power in both halves; then `ENTRIES - WIDE` zero entries
//! so that a load of a register's lanes starting at any power stays in the table. Entries of powers not yet
//! computed are zero.

use zeroize::Zeroize;

/// The powers of `H'` (`ENTRIES` = `WIDE` + lanes per register - 1).
#[derive(Clone)]
pub(super) struct Powers<const WIDE: usize, const ENTRIES: usize> {
    /// The powers.
    pub(super) pow: [u128; ENTRIES],
    /// Their Karatsuba companions.
    pub(super) kara: [u128; ENTRIES],
    /// `H'^1 … H'^have` are present.
    pub(super) have: usize,
}

impl<const WIDE: usize, const ENTRIES: usize> Drop for Powers<WIDE, ENTRIES> {
    fn drop(&mut self) {
        self.wipe();
    }
}

/// The Karatsuba companion of a power: `lo ^ hi` in both 64-bit halves.
fn kara_of(p: u128) -> u128 {
    let m = u128::from(p as u64 ^ (p >> 64) as u64);
    m | (m << 64)
}

impl<const WIDE: usize, const ENTRIES: usize> Powers<WIDE, ENTRIES> {
    /// The table for `h = E_K(0^128)`, with only `H'` itself computed.
    /// (Built in place on the heap: the table is too big to be moved around cheaply.)
    pub(super) fn boxed(h: &[u8; 16]) -> Box<Self> {
        let mut t = Box::new(Powers { pow: [0; ENTRIES], kara: [0; ENTRIES], have: 0 });
        t.reset(h);
        t
    }

    /// Wipes the entries of the powers present (only those were ever written).
    fn wipe(&mut self) {
        let used = WIDE - self.have.min(WIDE)..WIDE;
        self.pow[used.clone()].zeroize();
        self.kara[used].zeroize();
    }

    /// Re-keys the table in place for `h = E_K(0^128)`: the powers of the old key are wiped and only `H'` of
    /// the new one is computed (no allocation: what a context re-initialised with a new key needs).
    pub(super) fn reset(&mut self, h: &[u8; 16]) {
        self.wipe();
        let v = u128::from_be_bytes(*h);
        let carry = 0u128.wrapping_sub(v >> 127);
        let h = (v << 1) ^ (carry & 0xc200_0000_0000_0000_0000_0000_0000_0001);
        // The memory image of the vector whose little-endian value is `h` (x86 is little-endian).
        self.pow[WIDE - 1] = u128::from_ne_bytes(h.to_le_bytes());
        self.kara[WIDE - 1] = u128::from_ne_bytes(kara_of(h).to_le_bytes());
        self.have = 1;
    }
}
