//! Test support shared by the SHA-1/SHA-256/SHA-512 engine tests: every backend must agree with the soft engine.

use core::fmt::Debug;

use super::Backend;
use super::md::Compress;

/// xorshift64: reproducible filler for the cross-backend comparison.
pub(super) fn filler(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

/// Compresses 0..=33 blocks and each of `more` block counts, on misaligned input from random starting states,
/// with every engine and with `soft`, and demands equal states; small inputs are also split at every block
/// boundary. `state_from` builds a starting state from `size_of::<E::State>()` seed bytes.
pub(super) fn assert_backends_agree<E>(
    soft: E,
    engines: &[E],
    backend: impl Fn(E) -> Backend,
    state_from: impl Fn(&[u8]) -> E::State,
    more: [usize; 3],
) where
    E: Compress,
    E::State: PartialEq + Debug,
{
    for &e in engines {
        for (i, blocks) in (0..=33).chain(more).enumerate() {
            // One byte in, so that the blocks are misaligned.
            let storage = filler(i as u64 + 1, blocks * E::BLOCK + 1);
            let data = &storage[1..];
            let iv = state_from(&filler(1000 + i as u64, size_of::<E::State>()));
            let (mut want, mut got) = (iv, iv);
            soft.compress(&mut want, data);
            e.compress(&mut got, data);
            assert_eq!(got, want, "{:?}, {blocks} blocks", backend(e));
            if blocks <= 8 {
                for split in 0..=blocks {
                    let mut split_state = iv;
                    e.compress(&mut split_state, &data[..split * E::BLOCK]);
                    e.compress(&mut split_state, &data[split * E::BLOCK..]);
                    assert_eq!(split_state, want, "{:?}, split {split}/{blocks}", backend(e));
                }
            }
        }
    }
}

/// Little-endian 32-bit words from seed bytes.
pub(super) fn words32<const N: usize>(seed: &[u8]) -> [u32; N] {
    core::array::from_fn(|i| u32::from_le_bytes([seed[4 * i], seed[4 * i + 1], seed[4 * i + 2], seed[4 * i + 3]]))
}

/// Little-endian 64-bit words from seed bytes.
pub(super) fn words64<const N: usize>(seed: &[u8]) -> [u64; N] {
    core::array::from_fn(|i| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&seed[8 * i..8 * i + 8]);
        u64::from_le_bytes(w)
    })
}
